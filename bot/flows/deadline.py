"""The deadline calculator: which period, from which day, then the last day and what to do by then."""

from __future__ import annotations

import re
from datetime import date

from bot import replies
from bot.dates import TypedDate, format_zh, parse_date, weekday_zh
from bot.deadlines import Deadline, DeadlineData, Period, compute, recognise
from bot.flows import Ctx, Flow, choice, pick
from bot.messages import Button, Reply, rows
from bot.protocol import HandoffButton, RunCommand
from bot.session import Session
from bot.workdays import DayInfo

NAME = "deadline"
AGAIN = Button("再算一个", RunCommand("/deadline"))
HUMAN = Button("找工作人员", HandoffButton("start"))
DATE_FORMS = "可以这样写：11月3日、2026.11.3、昨天、上周五。"
NO_DATA = "现在算不了期限。请找工作人员帮你算。"
_DAYS_SINCE = re.compile(r"([0-9]+|[一二两三四五六七八九十]+)\s*[天日]了")   # 收到12天了: received 12 days ago


def typed_day(text: str, today: date) -> TypedDate | None:
    """A date as `parse_date` reads it, or `收到12天了` (12 days ago), said of papers received."""
    found = parse_date(text, today)
    if found is None and (m := _DAYS_SINCE.search(text)):
        found = parse_date(f"{m.group(1)}天前", today)
    return found


def _data(ctx: Ctx) -> DeadlineData | None:
    return ctx.deadlines.data if ctx.deadlines is not None else None


def _today(ctx: Ctx) -> date:
    return ctx.today or date.today()


def prompt_period(s: Session) -> Reply:
    options = [(str(v), str(label)) for v, label in s.data.get("options", [])]
    start = s.data.get("start")
    head = f"从{format_zh(date.fromisoformat(str(start)), False)}算。" if start else "帮你算最后一天是哪天。"
    return choice(NAME, "period", head + "是什么期限？（点一个）", options, per_row=2)


def prompt_date(s: Session) -> Reply:
    text = f"{s.data.get('explain', '')}\n\n{s.data.get('ask', '')}\n{DATE_FORMS}".strip()
    return choice(NAME, "date", text, [(day, day) for day in ("今天", "昨天", "前天")], per_row=3)


def retry_date(s: Session) -> list[Reply]:
    s.data["misses"] = int(s.data.get("misses", 0)) + 1
    if s.data["misses"] >= 2:
        return [Reply("还是没看懂日子。可以找工作人员帮你算，也可以再写一次：" + DATE_FORMS, rows([HUMAN], 1))]
    return [Reply("没看懂这个日子。请写月和日。" + DATE_FORMS, rows([HUMAN], 1))]


def entry(ctx: Ctx) -> list[Reply] | None:
    """From `/deadline`, a button naming a period, or a whole question (`判决书 11月3日 收到的 上诉 最后 哪天`)."""
    data = _data(ctx)
    if data is None:
        ctx.session.leave_flow()
        return [Reply(NO_DATA, rows([HUMAN], 1))]
    s = ctx.session
    s.data["options"] = [[p.id, p.button] for p in data.periods]
    period = data.get(ctx.value.strip())
    found: list[Period] = []
    if period is None and ctx.value:
        found = recognise(ctx.value, data.periods)
        typed = typed_day(ctx.value, _today(ctx))
        if typed is not None and typed.precision == "day":
            s.data["start"] = typed.value.isoformat()
        if len(found) == 1:
            period = found[0]
    if period is not None:
        return chosen(ctx, period)
    ctx.goto("period")
    if len(found) > 1:   # `上诉` alone, a judgment or a ruling? Those first, then the rest.
        first = {p.id for p in found}
        s.data["options"] = sorted(s.data["options"], key=lambda o: o[0] not in first)
    return [prompt_period(s)]


def step_period(ctx: Ctx) -> list[Reply] | None:
    data = _data(ctx)
    if data is None:
        return None
    options = [(p.id, p.button) for p in data.periods]
    chosen_id = pick(ctx, options, {})
    period = data.get(chosen_id) if chosen_id else None
    if period is None and not ctx.pressed:
        found = recognise(ctx.value, data.periods) or recognise(ctx.value, data.periods, loose=True)
        period = found[0] if len(found) == 1 else None
        typed = typed_day(ctx.value, _today(ctx))
        if period is not None and typed is not None and typed.precision == "day":
            ctx.session.data["start"] = typed.value.isoformat()
    return chosen(ctx, period) if period is not None else None


def chosen(ctx: Ctx, period: Period) -> list[Reply]:
    s = ctx.session
    s.data["period"] = period.id
    s.facts["期限"] = period.name
    if period.court_sets:
        s.leave_flow()
        return [Reply(f"{period.name}：\n{period.explain}\n依据：{period.source}", rows([AGAIN, HUMAN], 2))]
    if "start" in s.data:
        return result(ctx, period, date.fromisoformat(str(s.data["start"])))
    s.data["explain"], s.data["ask"] = period.explain, period.ask
    ctx.goto("date")
    return [prompt_date(s)]


def step_date(ctx: Ctx) -> list[Reply] | None:
    data = _data(ctx)
    period = data.get(str(ctx.session.data.get("period", ""))) if data else None
    typed = typed_day(ctx.value, _today(ctx))
    if period is None or typed is None:
        return None
    if typed.precision != "day":
        return [Reply("请写到哪一天。" + DATE_FORMS)]
    return result(ctx, period, typed.value)


def result(ctx: Ctx, period: Period, start: date) -> list[Reply]:
    data = _data(ctx)
    assert data is not None
    s = ctx.session
    s.leave_flow()
    deadline = compute(period, start, data.calendar)
    s.facts["期限最后一天"] = f"{period.name}：{format_zh(deadline.last)}"
    today = _today(ctx)
    left = (deadline.last - today).days
    if left < 0:
        return late_answer(deadline, -left)
    return [Reply(answer_text(deadline, today), rows([AGAIN, HUMAN], 2))]


def _rest(info: DayInfo, d: date) -> str:
    return f"{info.holiday}假期" if info.kind == "holiday" else f"{weekday_zh(d)}，休息日"


def how_counted(d: Deadline) -> str:
    p = d.period
    if p.unit == "day":
        text = f"{format_zh(d.start, False)}那天不算，从第二天数{p.length}天，到{format_zh(d.counted)}。"
    else:
        text = f"从{format_zh(d.start, False)}起{p.length_text}，到期那个月的同一天是{format_zh(d.counted)}。"
        if d.counted.day != d.start.day:
            text = (f"从{format_zh(d.start, False)}起{p.length_text}。到期那个月没有{d.start.day}日，"
                    f"算那个月的最后一天：{format_zh(d.counted)}。")
    if d.moved:
        text += f"这天是{_rest(d.counted_info, d.counted)}，顺延到下一个工作日。"
    elif d.counted_info.kind == "adjusted":
        text += "这天是调休上班的周末，按工作日算，不顺延（法律没有写明，请向法院确认）。"
    elif d.counted_info.rest:
        text += f"这天是{_rest(d.counted_info, d.counted)}，办事的地方可能不上班：请在这天以前办。"
    return text


def answer_text(d: Deadline, today: date) -> str:
    p = d.period
    left = (d.last - today).days
    lines = [f"{p.name}（{p.length_text}）：最后一天是 {format_zh(d.last)}。",
             "今天就是最后一天！请今天就办。" if left == 0 else f"今天是{today.month}月{today.day}日，还有{left}天。"]
    if d.start > today:
        lines.append("（你写的日子还没到，我按这一天算的。）")
    lines += [f"怎么算：{how_counted(d)}", f"到那天以前要做：{p.todo}"]
    if p.posting:
        lines.append("寄的：最后一天以前交邮寄出就不算晚，留好寄件凭证。")
    lines.append("不要等到最后一天，尽量早一点办。")
    if d.unofficial:
        years = "、".join(str(y) for y in d.unofficial)
        missing = "国务院还没有公布" if min(d.unofficial) > today.year else "我这里没有"
        lines.append(f"注意：{years}年的放假安排{missing}，我只按周末和元旦、劳动节、国庆节算的。"
                     f"这个日期请向{p.office}确认，最好提前办。")
    lines.append(f"依据：{p.source}")
    return "\n".join(lines)


def late_answer(d: Deadline, days_over: int) -> list[Reply]:
    p = d.period
    text = (f"{p.name}（{p.length_text}）：按你写的日子，最后一天是 {format_zh(d.last)}，已经过了{days_over}天。\n"
            f"过了期限，还可能有这些办法：\n{p.late}\n依据：{p.source}")
    return [Reply(text, rows([AGAIN], 1)),
            replies.offer_human("期限过了，最好马上请工作人员帮你看。现在找工作人员吗？（用文字回复你）")]


FLOW = Flow(
    name=NAME,
    first="period",
    steps={"period": step_period, "date": step_date},
    prompts={"period": prompt_period, "date": prompt_date},
    retries={"date": retry_date},
    entry=entry,
)
