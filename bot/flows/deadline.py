"""The deadline calculator: which period, from which day, then the last day and what to do by then.

Its sentences are in `intents/flows/deadline.yaml` (checked against SCHEMA below), the periods in
`intents/deadlines/periods.yaml`.
"""

from __future__ import annotations

import re
from datetime import date

from bot import replies, texts
from bot.dates import TypedDate, format_zh, parse_date, weekday_zh
from bot.deadlines import Deadline, DeadlineData, Period, compute, recognise
from bot.flows import Ctx, Flow, choice, pick
from bot.flows.texts import Schema, Text, Wording
from bot.messages import Button, Reply, rows
from bot.protocol import RunCommand
from bot.workdays import DayInfo

NAME = "deadline"
HUMAN = replies.HUMAN
DAY_BUTTONS = ("今天", "昨天", "前天")   # words the date reader understands, offered as buttons
SCHEMA: Schema = {
    "ask_start": Text(), "from_day": Text(("day",)), "ask_period": Text(), "period_unread": Text(),
    "date_forms": Text(),
    "date_unread": Text(), "date_again": Text(), "which_day": Text(), "no_data": Text(), "again_button": Text(),
    "court_sets": Text(("name", "explain", "source")), "last_day": Text(("name", "length", "last")),
    "today_is_last": Text(), "days_left": Text(("month", "day", "left")), "future_start": Text(),
    "how": Text(("how",)), "todo": Text(("todo",)), "posting": Text(), "early": Text(),
    "unofficial": Text(("years", "missing", "office")), "not_published": Text(), "not_here": Text(),
    "basis": Text(("source",)), "counted_days": Text(("start", "length", "counted")),
    "counted_months": Text(("start", "length", "counted")),
    "counted_month_end": Text(("start", "length", "day", "counted")), "moved": Text(("rest",)),
    "adjusted": Text(), "rest_day": Text(("rest",)), "holiday": Text(("holiday",)), "weekend": Text(("weekday",)),
    "late": Text(("name", "length", "last", "days", "late", "source")), "late_offer": Text(),
}
_DAYS_SINCE = re.compile(r"([0-9]+|[一二两三四五六七八九十]+)\s*[天日]了")   # 收到12天了: received 12 days ago


def typed_day(text: str, today: date) -> TypedDate | None:
    """A date as `parse_date` reads it, or `收到12天了` (12 days ago), said of papers received."""
    found = parse_date(text, today)
    if found is None and (m := _DAYS_SINCE.search(text)):
        found = parse_date(f"{m.group(1)}天前", today)
    return found


def _data(ctx: Ctx) -> DeadlineData | None:
    return ctx.deadlines.data if ctx.deadlines is not None else None


def _w(ctx: Ctx) -> Wording:
    return ctx.wording(NAME)


def _again(w: Wording) -> Button:
    return Button(w.say("again_button"), RunCommand("/deadline"))


def _today(ctx: Ctx) -> date:
    return ctx.today or date.today()


def prompt_period(ctx: Ctx) -> Reply:
    s, w = ctx.session, _w(ctx)
    options = [(str(v), str(label)) for v, label in s.data.get("options", [])]
    start = s.data.get("start")
    head = w.say("from_day", day=format_zh(date.fromisoformat(str(start)), False)) if start else w.say("ask_start")
    return choice(NAME, "period", head + w.say("ask_period"), options, per_row=2)


def prompt_date(ctx: Ctx) -> Reply:
    s = ctx.session
    text = f"{s.data.get('explain', '')}\n\n{s.data.get('ask', '')}\n{_w(ctx).say('date_forms')}".strip()
    return choice(NAME, "date", text, [(day, day) for day in DAY_BUTTONS], per_row=3)


def retry_period(ctx: Ctx) -> list[Reply]:
    """Typed text naming no period (`不知道`, `我收到一个文书`): where to look, the periods again, and a person."""
    s, w = ctx.session, _w(ctx)
    options = [(str(v), str(label)) for v, label in s.data.get("options", [])]
    return [choice(NAME, "period", w.say("period_unread"), options, per_row=2, extra=[HUMAN])]


def retry_date(ctx: Ctx) -> list[Reply]:
    s, w = ctx.session, _w(ctx)
    s.data["misses"] = int(s.data.get("misses", 0)) + 1
    head = w.say("date_again" if s.data["misses"] >= 2 else "date_unread")
    return [Reply(head + w.say("date_forms"), rows([HUMAN], 1))]


def entry(ctx: Ctx) -> list[Reply] | None:
    """From `/deadline`, a button naming a period, or a whole question (`判决书 11月3日 收到的 上诉 最后 哪天`)."""
    data = _data(ctx)
    if data is None:
        ctx.session.leave_flow()
        return [Reply(_w(ctx).say("no_data"), rows([HUMAN], 1))]
    s = ctx.session
    s.data["options"] = [[p.id, p.button] for p in data.periods]
    period = data.get(ctx.value.strip())
    found: list[Period] = []
    if period is None and ctx.value:
        found = recognise(ctx.value, data.periods)
        typed = typed_day(ctx.value, _today(ctx))
        if typed is not None and typed.precision == "day":
            s.data["start"] = typed.value.isoformat()
        if not found and (topical := topic_periods(ctx, data.periods)):   # 我想上诉, then 判决书9月28号收到的 最后哪天
            loose = recognise(ctx.value, data.periods, loose=True)   # 裁定书 after the appeal: the ruling's, not the topic's
            found = [p for p in loose if p in topical] or loose or topical
        if len(found) == 1:
            period = found[0]
    if period is not None:
        return chosen(ctx, period)
    ctx.goto("period")
    if len(found) > 1:   # `上诉` alone, a judgment or a ruling? Those first, then the rest.
        first = {p.id for p in found}
        s.data["options"] = sorted(s.data["options"], key=lambda o: o[0] not in first)
        s.data["named"] = [p.id for p in found]
    return [prompt_period(ctx)]


def topic_periods(ctx: Ctx, periods: tuple[Period, ...]) -> list[Period]:
    """The periods the topic just discussed names on its buttons (appeal.how: `/deadline appeal_judgment`)."""
    s = ctx.session
    topic = ctx.intents.get(s.topics[0]) if ctx.intents is not None and s.topics else None
    named = {arg.strip() for command, _, arg in (b.partition(" ") for b in (topic.buttons if topic else ()))
             if command == "/deadline"}
    return [p for p in periods if p.id in named]


def step_period(ctx: Ctx) -> list[Reply] | None:
    data = _data(ctx)
    if data is None:
        return None
    options = [(p.id, p.button) for p in data.periods]
    chosen_id = pick(ctx, options, {})
    period = data.get(chosen_id) if chosen_id else None
    if period is None and not ctx.pressed:
        # The periods the first message named (`上诉`: a judgment or a ruling) are told apart first: `我12月5号拿到判决的`.
        named = tuple(p for p in data.periods if p.id in ctx.session.data.get("named", ()))
        found = next((f for periods in (named, data.periods)
                      if len(f := recognise(ctx.value, periods) or recognise(ctx.value, periods, loose=True)) == 1), [])
        period = found[0] if found else None
        typed = typed_day(ctx.value, _today(ctx))
        if period is not None and typed is not None and typed.precision == "day":
            ctx.session.data["start"] = typed.value.isoformat()
    return chosen(ctx, period) if period is not None else None


def chosen(ctx: Ctx, period: Period) -> list[Reply]:
    s, w = ctx.session, _w(ctx)
    s.data["period"] = period.id
    s.facts[texts.FACT_PERIOD] = period.name
    if period.court_sets:
        s.leave_flow()
        text = w.say("court_sets", name=period.name, explain=period.explain, source=period.source)
        return [Reply(text, rows([_again(w), HUMAN], 2))]
    if "start" in s.data:
        return result(ctx, period, date.fromisoformat(str(s.data["start"])))
    s.data["explain"], s.data["ask"] = period.explain, period.ask
    ctx.goto("date")
    return [prompt_date(ctx)]


def step_date(ctx: Ctx) -> list[Reply] | None:
    data = _data(ctx)
    period = data.get(str(ctx.session.data.get("period", ""))) if data else None
    typed = typed_day(ctx.value, _today(ctx))
    if period is None or typed is None:
        return None
    if typed.precision != "day":
        return [Reply(_w(ctx).say("which_day") + _w(ctx).say("date_forms"))]
    return result(ctx, period, typed.value)


def result(ctx: Ctx, period: Period, start: date) -> list[Reply]:
    data, w = _data(ctx), _w(ctx)
    assert data is not None
    s = ctx.session
    s.leave_flow()
    deadline = compute(period, start, data.calendar)
    s.facts[texts.FACT_LAST_DAY] = f"{period.name}：{format_zh(deadline.last)}"
    today = _today(ctx)
    left = (deadline.last - today).days
    if left < 0:
        return late_answer(w, deadline, -left)
    return [Reply(answer_text(w, deadline, today), rows([_again(w), HUMAN], 2))]


def _rest(w: Wording, info: DayInfo, d: date) -> str:
    return w.say("holiday", holiday=info.holiday) if info.kind == "holiday" else w.say("weekend", weekday=weekday_zh(d))


def how_counted(w: Wording, d: Deadline) -> str:
    p = d.period
    start, counted = format_zh(d.start, False), format_zh(d.counted)
    if p.unit == "day":
        text = w.say("counted_days", start=start, length=p.length, counted=counted)
    elif d.counted.day != d.start.day:
        text = w.say("counted_month_end", start=start, length=p.length_text, day=d.start.day, counted=counted)
    else:
        text = w.say("counted_months", start=start, length=p.length_text, counted=counted)
    if d.moved:
        text += w.say("moved", rest=_rest(w, d.counted_info, d.counted))
    elif d.counted_info.kind == "adjusted":
        text += w.say("adjusted")
    elif d.counted_info.rest:
        text += w.say("rest_day", rest=_rest(w, d.counted_info, d.counted))
    return text


def answer_text(w: Wording, d: Deadline, today: date) -> str:
    p = d.period
    left = (d.last - today).days
    lines = [w.say("last_day", name=p.name, length=p.length_text, last=format_zh(d.last)),
             w.say("today_is_last") if left == 0 else w.say("days_left", month=today.month, day=today.day, left=left)]
    if d.start > today:
        lines.append(w.say("future_start"))
    lines += [w.say("how", how=how_counted(w, d)), w.say("todo", todo=p.todo)]
    if p.posting:
        lines.append(w.say("posting"))
    lines.append(w.say("early"))
    if d.unofficial:
        years = "、".join(str(y) for y in d.unofficial)
        missing = w.say("not_published" if min(d.unofficial) > today.year else "not_here")
        lines.append(w.say("unofficial", years=years, missing=missing, office=p.office))
    lines.append(w.say("basis", source=p.source))
    return "\n".join(lines)


def late_answer(w: Wording, d: Deadline, days_over: int) -> list[Reply]:
    p = d.period
    text = w.say("late", name=p.name, length=p.length_text, last=format_zh(d.last), days=days_over, late=p.late,
                 source=p.source)
    return [Reply(text, rows([_again(w)], 1)), replies.offer_human(w.say("late_offer"))]


FLOW = Flow(
    name=NAME,
    first="period",
    steps={"period": step_period, "date": step_date},
    prompts={"period": prompt_period, "date": prompt_date},
    retries={"period": retry_period, "date": retry_date},
    entry=entry,
)
