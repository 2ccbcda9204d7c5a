"""`/complaint`: the clerk. Case type, one question at a time, a numbered review, then the court's form."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.dates import format_zh
from bot.deadlines import compute
from bot.flows import Ctx, Flow, flow_button
from bot.forms import draft as d
from bot.forms.answer import SKIP_WORDS, read
from bot.forms.cover import cover_text, file_stem
from bot.forms.model import FLOW_NAME, Field, Form, FormSet
from bot.forms.render import plain_text
from bot.messages import Button, Document, Reply, rows
from bot.protocol import HandoffButton, Relayed, RunCommand, SendDraft
from bot.session import Session

if TYPE_CHECKING:
    from bot.handoff import Desk

NAME = FLOW_NAME
TZ = ZoneInfo("Asia/Shanghai")
BACK_WORDS = ("上一步", "返回", "上一题", "back")
EDIT_RE = re.compile(r"^(?:改|修改|更改)\s*第?\s*(\d{1,3})\s*[条题项]?$")
# The case type the court finder or the checklist recorded (its id, not its label) -> the form it leads to.
COURT_KINDS = {"divorce": "divorce", "contract": "loan", "labor": "labor", "tort": "traffic"}
CHECKLIST_KINDS = {"divorce": "divorce", "debt": "loan", "labor": "labor", "traffic": "traffic"}
CARD_FACT = "起诉状草稿"
SEND_DRAFT = Button("把起诉状草稿发给工作人员", SendDraft())   # offered when a ticket opens
SENT_DRAFT, NO_DRAFT = "已经把起诉状草稿发给工作人员。", "你还没有起诉状草稿。"
NUMBERED = re.compile(r"^\d+\.\s*")
REVIEW_CHARS = 3000
EDIT_HINT = "要改哪一条，就写“改”和数字，比如：改 3。都对了，点“生成起诉状”。"


def _btn(step: str, value: str, label: str) -> Button:
    return flow_button(NAME, step, value, label)


def _forms(ctx: Ctx) -> FormSet:
    return ctx.forms or FormSet()


def _today(ctx: Ctx) -> date:
    if ctx.today is not None:
        return ctx.today
    return datetime.fromtimestamp(ctx.now, TZ).date() if ctx.now else datetime.now(TZ).date()


# start: the case type -----------------------------------------------------------------------------
def begin(ctx: Ctx) -> list[Reply]:
    forms = _forms(ctx)
    if not len(forms):
        ctx.session.leave_flow()
        return [Reply("现在写不了起诉状（表格没有加载）。请找工作人员帮你。",
                      rows([Button("找工作人员", HandoffButton("start"))], 1))]
    s = ctx.session
    if ctx.retention_days and ctx.now:   # drafts expire like the rest of what is stored
        cut = ctx.now - ctx.retention_days * 86400
        s.drafts = {k: v for k, v in s.drafts.items() if float(v.get("at", 0)) >= cut}
    if ctx.value and _typed_form(forms, ctx.value) is not None:   # 帮我写离婚起诉状: straight to that form
        return step_kind(ctx) or []
    known = _found_form(s)
    order = sorted(forms, key=lambda f: f.id != known)
    lines = ["我帮你一步一步填法院的“要素式起诉状”，最后给你 Word 文件，打印、签名就能交。", "是什么案子？"]
    if known and forms.get(known):
        lines.insert(1, f"刚才你查的是{forms.get(known).button}的案子（已放在第一个）。")   # type: ignore[union-attr]
    started = [f for f in order if f.id in s.drafts]
    if started:
        lines.append("没写完的：" + "、".join(f"{f.case_type}（已答 {len(s.drafts[f.id]['history'])} 题）"
                                          for f in started))
    return [Reply("\n".join(lines), rows([_btn("kind", f.id, f.button) for f in order], 2))]


def _found_form(s: Session) -> str:
    """The form for the case type the court finder (else the checklist) was last told, or ''."""
    if "court_kind" in s.known:
        return COURT_KINDS.get(s.known["court_kind"], "")
    return CHECKLIST_KINDS.get(s.known.get("checklist_kind", ""), "")


def _typed_form(forms: FormSet, text: str) -> Form | None:
    return next((f for f in forms if any(w in text for w in (f.button, f.case_type, *f.words))), None)


def step_kind(ctx: Ctx) -> list[Reply] | None:
    forms = _forms(ctx)
    form = forms.get(ctx.value) if ctx.pressed else _typed_form(forms, ctx.value)
    if form is None:
        return None
    s = ctx.session
    s.data["form"] = form.id
    if form.id in s.drafts:
        ctx.goto("resume")
        return [resume_prompt(s)]
    s.drafts[form.id] = d.new_draft(ctx.now)
    lo, _hi = form.estimate()
    intro = (f"{form.case_type}的起诉状。\n要准备：{form.need}\n"
             f"大约要回答 {lo} 个问题（孩子、财产、借款多的，会多一些），一次问一个。"
             "不知道的可以点“跳过”，点“上一步”可以回去改。\n"
             "写“取消”可以先停下，下次发 /complaint 接着写。")
    return [Reply(intro), *_next(ctx, form)]


def resume_prompt(s: Session) -> Reply:
    return Reply("你有一份没写完的起诉状。要接着写，还是从头再写？",
                 rows([_btn("resume", "go", "接着写"), _btn("resume", "new", "从头再写")], 2))


def step_resume(ctx: Ctx) -> list[Reply] | None:
    form = _form(ctx)
    if form is None or not ctx.pressed or ctx.value not in ("go", "new"):
        return None
    if ctx.value == "new":
        ctx.session.drafts[form.id] = d.new_draft(ctx.now)
    return _next(ctx, form)


def _form(ctx: Ctx) -> Form | None:
    return _forms(ctx).get(str(ctx.session.data.get("form", "")))


def _draft(ctx: Ctx, form: Form) -> dict[str, Any]:
    draft: dict[str, Any] = ctx.session.drafts.setdefault(form.id, d.new_draft(ctx.now))
    return draft


# asking ---------------------------------------------------------------------------------------------
def _next(ctx: Ctx, form: Form, before: str = "") -> list[Reply]:
    """Ask the next question, or show the review when every question that applies is answered."""
    draft = _draft(ctx, form)
    draft["at"] = ctx.now
    ctx.session.facts[CARD_FACT] = f"{form.case_type}，已答 {len(draft['history'])} 题"
    slot = d.slot_by_id(form, draft["editing"]) if draft["editing"] else d.pending(form, draft["answers"])
    if slot is None:
        return _review(ctx, form, before)
    ctx.goto("q")
    return [_question(ctx, form, draft, slot, before)]


def _question(ctx: Ctx, form: Form, draft: dict[str, Any], slot: d.Slot, before: str = "") -> Reply:
    q = slot.question
    seq = draft["seq"]
    done, left = len(draft["history"]), d.remaining(form, draft["answers"])
    head = f"第 {done + 1} 题（还有约 {max(left - 1, 0)} 题）" if not draft["editing"] else "修改"
    lines = [before, head] if before else [head]
    buttons: list[Button] = []
    if q is None:   # "another one?"
        lines.append(slot.field.more)
        buttons += [_btn("q", f"{seq}.yes", "还有"), _btn("q", f"{seq}.no", "没有了")]
    else:
        if slot.index >= 0:
            lines.append(f"（{slot.field.title}{slot.index + 1}）")
        lines.append(q.ask or f"{q.title}：请写新的内容。")
        if q.example:
            lines.append(f"例如：{q.example}")
        if q.help:
            lines.append(q.help)
        old = d.current(draft["answers"], slot) if draft["editing"] else None
        if old:
            shown = "、".join(o.label for v in old.split(",") if (o := q.option(v))) if q.choices() else old
            lines.append(f"现在填的是：{shown or old}")
        picked = draft.get("picked", [])
        for o in q.choices():
            mark = "✓ " if q.type == "multi" and o.value in picked else ""
            buttons.append(_btn("q", f"{seq}.{'t_' if q.type == 'multi' else 'o_'}{o.value}", mark + o.label))
        if q.type == "multi":
            buttons.append(_btn("q", f"{seq}.ok", "好了"))
        offered = ctx.session.facts.get(q.offer, "") if q.offer else ""
        if offered:
            lines.append(f"刚才查法院时写的是：{offered}。可以点下面的按钮用它，最好写上街道和门牌号。")
            buttons.append(_btn("q", f"{seq}.offer", f"用：{offered}"[:30]))
        if q.default:
            buttons.append(_btn("q", f"{seq}.default", q.default if len(q.default) <= 8 else "用这个"))
        if q.skip is not None:
            buttons.append(_btn("q", f"{seq}.skip", _skip_label(q)))
    if draft["history"] and not draft["editing"]:
        buttons.append(_btn("q", f"{seq}.back", "上一步"))
    return Reply("\n".join(lines), rows(buttons, 2), media=q.media if q is not None else None)


def _skip_label(q: Field) -> str:
    """The word the question itself uses (点“不知道” / 点“跳过”), else one that fits the type."""
    if "“不知道”" in q.ask:
        return "不知道"
    if "“跳过”" in q.ask:
        return "跳过"
    return "不知道" if q.type in ("idnum", "phone", "date", "name") else "跳过"


def step_question(ctx: Ctx) -> list[Reply] | None:
    form = _form(ctx)
    if form is None:
        return None
    draft = _draft(ctx, form)
    slot = d.slot_by_id(form, draft["editing"]) if draft["editing"] else d.pending(form, draft["answers"])
    if slot is None:
        return _review(ctx, form)
    token = ""
    if ctx.pressed:
        seq, _, token = ctx.value.partition(".")
        if seq != str(draft["seq"]):
            return None   # a button of an earlier question: the engine says it is stale
    text = ctx.value.strip()
    if token == "back" or (not ctx.pressed and text in BACK_WORDS):
        return _back(ctx, form, draft)
    q = slot.question
    if q is None:
        value = {"yes": "yes", "no": "no"}.get(token) or _yes_no(text)
        if value is None:
            return [_question(ctx, form, draft, slot, "请点“还有”或“没有了”。")]
        return _save(ctx, form, draft, slot, value)
    typed_skip = not ctx.pressed and text in SKIP_WORDS and q.type not in ("choice", "yesno", "multi")
    if token == "skip" or typed_skip:   # 跳过 typed for a name must not become the name
        if q.skip is None:
            return [_question(ctx, form, draft, slot, "这一题要回答，才能写起诉状。")]
        return _save(ctx, form, draft, slot, q.skip)
    if token == "default":   # the offered answer goes through the same checks as a typed one
        text, token = q.default, ""
    if token == "offer" and q.offer:
        return _save(ctx, form, draft, slot, ctx.session.facts.get(q.offer, ""))
    if token.startswith("o_") and q.option(token[2:]):
        return _save(ctx, form, draft, slot, token[2:])
    if token.startswith("t_") and q.option(token[2:]):
        picked = draft.setdefault("picked", [])
        picked.remove(token[2:]) if token[2:] in picked else picked.append(token[2:])
        draft["seq"] += 1
        return [_question(ctx, form, draft, slot)]
    if token == "ok":
        picked = draft.get("picked", [])
        if not picked:
            return [_question(ctx, form, draft, slot, "还没有选。请点要的几项，再点“好了”；都不要就点“跳过”。")]
        return _save(ctx, form, draft, slot, ",".join(o.value for o in q.options if o.value in picked))
    if ctx.pressed and token:
        return None
    result = read(q, text, _today(ctx))
    if result.value is None:
        return [_question(ctx, form, draft, slot, result.retry)]
    note = result.note
    if q.deadline and result.found is not None:
        note = _deadline_note(ctx, q.deadline, result.found)
    prefix = slot.id.rsplit(".", 1)[0] + "." if "." in slot.id and slot.index < 0 else ""
    for key, value in result.derived:
        if q.derive and form.get(prefix + key):
            draft["answers"][prefix + key] = value
    return _save(ctx, form, draft, slot, result.value, note)


def _deadline_note(ctx: Ctx, period_id: str, start: date) -> str:
    """The last day of the period this date starts, from the deadline calculator's data."""
    data = ctx.deadlines.data if ctx.deadlines is not None else None
    period = data.get(period_id) if data is not None else None
    if data is None or period is None or period.court_sets:
        return ""
    last = compute(period, start, data.calendar).last
    left = (last - _today(ctx)).days
    when = f"还有 {left} 天" if left > 0 else "就是今天" if left == 0 else "已经过了"
    note = f"注意：{period.name}，最后一天是 {format_zh(last)}，{when}。"
    return note + ("请马上找工作人员帮你看。" if left < 0 else "")


def _yes_no(text: str) -> str | None:
    if text.startswith(("没", "不", "无", "否")):
        return "no"
    if text.startswith(("有", "还有", "是", "要")):
        return "yes"
    return None


def _save(ctx: Ctx, form: Form, draft: dict[str, Any], slot: d.Slot, value: str, note: str = "") -> list[Reply]:
    q = slot.question
    if q is not None and q.stop and value == q.stop[0]:
        d.store(draft["answers"], slot, value)
        ctx.session.leave_flow()
        return [Reply(q.stop[1], rows([Button("查哪个法院或仲裁委", RunCommand("/court")),
                                          Button("找工作人员", HandoffButton("start"))], 2))]
    if q is not None and q.derive and value == q.skip:   # no ID number: ask gender and birth instead
        prefix = slot.field.key.rsplit(".", 1)[0] + "."
        for key in ("gender", "birth"):
            draft["answers"].pop(prefix + key, None)
    d.store(draft["answers"], slot, value)
    draft["seq"] += 1
    draft["picked"] = []
    if draft["editing"]:
        draft["editing"] = ""
    elif slot.id not in draft["history"]:
        draft["history"].append(slot.id)
    return _next(ctx, form, note)


def _back(ctx: Ctx, form: Form, draft: dict[str, Any]) -> list[Reply]:
    draft["seq"] += 1
    draft["picked"] = []
    if draft["editing"]:
        draft["editing"] = ""
        return _review(ctx, form)
    if not draft["history"]:
        return _next(ctx, form, "这已经是第一题了。")
    slot = d.slot_by_id(form, draft["history"].pop())
    if slot is not None:
        d.undo(draft["answers"], slot)
    return _next(ctx, form)


# review and the document --------------------------------------------------------------------------
def _review(ctx: Ctx, form: Form, before: str = "") -> list[Reply]:
    draft = _draft(ctx, form)
    draft["stage"] = "review"
    ctx.goto("review")
    lines = [before] if before else []
    lines.append(f"都问完了。请检查（{form.case_type}）：")
    for n, e in enumerate(d.entries(form, draft["answers"]), 1):
        text = e.text if len(e.text) <= 40 else e.text[:40] + "…"
        label = NUMBERED.sub("", e.label)
        lines.append(f"{n}. {label}：{text}" + ("（我帮你预填的，请核对）" if e.check else ""))
    lines.append(EDIT_HINT)
    # Telegram cuts messages at 4096 characters: a long review goes in parts, the button on the last.
    parts, chunk = [], ""
    for line in lines:
        if len(chunk) + len(line) > REVIEW_CHARS:
            parts.append(chunk)
            chunk = ""
        chunk += ("\n" if chunk else "") + line
    parts.append(chunk)
    return [Reply(p) for p in parts[:-1]] + [Reply(parts[-1], rows([_btn("review", "make", "生成起诉状")], 1))]


def step_review(ctx: Ctx) -> list[Reply] | None:
    form = _form(ctx)
    if form is None:
        return None
    draft = _draft(ctx, form)
    if ctx.pressed:
        return _document(ctx, form, draft) if ctx.value == "make" else None
    m = EDIT_RE.match(ctx.value.replace(" ", ""))
    if m is None:
        return [Reply(EDIT_HINT, rows([_btn("review", "make", "生成起诉状")], 1))]
    items = d.entries(form, draft["answers"])
    n = int(m.group(1))
    if not 1 <= n <= len(items):
        return [Reply(f"没有第 {n} 条。请写 1 到 {len(items)} 之间的数字，比如：改 3。",
                      rows([_btn("review", "make", "生成起诉状")], 1))]
    slot = items[n - 1].slot
    draft["seq"] += 1
    if slot.sub is None and slot.index >= 0:   # the list line: ask "another one?" again
        draft["answers"].pop(f"{slot.field.key}#done", None)
        return _next(ctx, form)
    draft["editing"] = slot.id
    return _next(ctx, form)


def _document(ctx: Ctx, form: Form, draft: dict[str, Any]) -> list[Reply]:
    s = ctx.session
    draft["stage"] = "done"
    s.facts[CARD_FACT] = f"{form.case_type}，已生成"
    ctx.goto("done")
    from bot.forms.docx import build_docx  # python-docx (and lxml) load on the first document, not at start-up

    content = build_docx(form, draft["answers"])
    doc = Document(f"{file_stem(form)}.docx", content, f"民事起诉状（{form.case_type}）")
    buttons = [_btn("done", "text", "文字版（读屏用）"), Button("找工作人员", HandoffButton("start"))]
    if "court" not in s.known:
        buttons.insert(1, Button("查哪个法院", RunCommand("/court")))
    return [Reply(cover_text(form, draft["answers"], s.known.get("court", "")), rows(buttons, 2), document=doc)]


def step_done(ctx: Ctx) -> list[Reply] | None:
    form = _form(ctx)
    if form is None or not (ctx.pressed and ctx.value == "text"):
        return None
    text = plain_text(form, _draft(ctx, form)["answers"])
    doc = Document(f"{file_stem(form)}.txt", text.encode("utf-8"), "文字版（读屏用）")
    return [Reply("这是文字版，可以用读屏软件读，也可以转给帮你的人。", document=doc)]


def done_retry(s: Session) -> list[Reply]:
    s.leave_flow()
    return [Reply("起诉状已经做好了。有问题可以直接问我，或者发 /complaint 再改。")]


def kind_prompt(_s: Session) -> Reply:
    return Reply("请点一个案子类型。写“取消”可以退出。")


def send_draft(desk: Desk, s: Session, ticket_id: int, forms: FormSet | None) -> list[Reply]:
    """During a ticket: the drafts go to the person helping, as plain text."""
    drafts = draft_texts(s, forms)
    for text in drafts:
        desk.queue(ticket_id, "to_operators", s.user_id, "", "text", text, "user")
    return [Reply(SENT_DRAFT if drafts else NO_DRAFT, actions=(Relayed(ticket_id),))]


def draft_texts(session: Session, forms: FormSet | None) -> list[str]:
    """Plain-text drafts for the person helping (sent during a ticket)."""
    out = []
    for form_id, draft in session.drafts.items():
        form = forms.get(form_id) if forms else None
        if form is not None:
            out.append(f"起诉状草稿（{form.case_type}，已答 {len(draft['history'])} 题）：\n"
                       + plain_text(form, draft["answers"]))
    return out


FLOW = Flow(
    name=NAME,
    first="kind",
    steps={"kind": step_kind, "resume": step_resume, "q": step_question, "review": step_review, "done": step_done},
    prompts={"kind": lambda c: kind_prompt(c.session), "resume": lambda c: resume_prompt(c.session),
             "q": lambda c: kind_prompt(c.session), "review": lambda c: kind_prompt(c.session),
             "done": lambda c: kind_prompt(c.session)},
    retries={"kind": lambda c: [kind_prompt(c.session)], "resume": lambda c: [resume_prompt(c.session)],
             "done": lambda c: done_retry(c.session)},
    entry=begin,
)
