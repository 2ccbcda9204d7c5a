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
from bot.forms import texts as t
from bot.forms.answer import SKIP_WORDS, read
from bot.forms.cover import cover_text, file_stem
from bot.forms.model import FLOW_NAME, Field, Form, FormSet
from bot.forms.render import plain_text
from bot.messages import Button, Document, Reply, rows
from bot.protocol import HandoffButton, Relayed, RunCommand, SendDraft
from bot.session import Session
from bot.texts import HUMAN_BUTTON

if TYPE_CHECKING:
    from bot.handoff import Desk

NAME = FLOW_NAME
TZ = ZoneInfo("Asia/Shanghai")
BACK_WORDS = (t.BACK, "返回", "上一题", "back")
EDIT_RE = re.compile(r"^(?:改|修改|更改)\s*第?\s*(\d{1,3})\s*[条题项]?$")
# The case type the court finder or the checklist recorded (its id, not its label) -> the form it leads to.
COURT_KINDS = {"divorce": "divorce", "contract": "loan", "labor": "labor", "tort": "traffic"}
CHECKLIST_KINDS = {"divorce": "divorce", "debt": "loan", "labor": "labor", "traffic": "traffic"}
SEND_DRAFT = Button(t.SEND_DRAFT, SendDraft())   # offered when a ticket opens
NUMBERED = re.compile(r"^\d+\.\s*")
REVIEW_CHARS = 3000


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
        return [Reply(t.NO_FORMS, rows([Button(HUMAN_BUTTON, HandoffButton("start"))], 1))]
    s = ctx.session
    if ctx.retention_days and ctx.now:   # drafts expire like the rest of what is stored
        cut = ctx.now - ctx.retention_days * 86400
        s.drafts = {k: v for k, v in s.drafts.items() if float(v.get("at", 0)) >= cut}
    if ctx.value and _typed_form(forms, ctx.value) is not None:   # 帮我写离婚起诉状: straight to that form
        return step_kind(ctx) or []
    known = _found_form(s)
    order = sorted(forms, key=lambda f: f.id != known)
    lines = [t.INTRO, t.ASK_KIND]
    if known and forms.get(known):
        lines.insert(1, t.FOUND_KIND.format(kind=forms.get(known).button))   # type: ignore[union-attr]
    started = [f for f in order if f.id in s.drafts]
    if started:
        lines.append(t.STARTED + "、".join(t.STARTED_ONE.format(case_type=f.case_type,
                                                                answered=len(s.drafts[f.id]['history']))
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
    return [Reply(t.FORM_INTRO.format(case_type=form.case_type, need=form.need, questions=lo)), *_next(ctx, form)]


def resume_prompt(s: Session) -> Reply:
    return Reply(t.RESUME, rows([_btn("resume", "go", t.RESUME_GO), _btn("resume", "new", t.RESUME_NEW)], 2))


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
    ctx.session.facts[t.CARD_FACT] = t.CARD_PROGRESS.format(case_type=form.case_type, answered=len(draft['history']))
    slot = d.slot_by_id(form, draft["editing"]) if draft["editing"] else d.pending(form, draft["answers"])
    if slot is None:
        return _review(ctx, form, before)
    ctx.goto("q")
    return [_question(ctx, form, draft, slot, before)]


def _question(ctx: Ctx, form: Form, draft: dict[str, Any], slot: d.Slot, before: str = "") -> Reply:
    q = slot.question
    seq = draft["seq"]
    done, left = len(draft["history"]), d.remaining(form, draft["answers"])
    head = t.QUESTION_HEAD.format(number=done + 1, left=max(left - 1, 0)) if not draft["editing"] else t.EDITING_HEAD
    lines = [before, head] if before else [head]
    buttons: list[Button] = []
    if q is None:   # "another one?"
        lines.append(slot.field.more)
        buttons += [_btn("q", f"{seq}.yes", t.MORE_YES), _btn("q", f"{seq}.no", t.MORE_NO)]
    else:
        if slot.index >= 0:
            lines.append(t.LIST_ITEM.format(title=slot.field.title, number=slot.index + 1))
        lines.append(q.ask or t.WRITE_NEW.format(title=q.title))
        if q.example:
            lines.append(t.EXAMPLE.format(example=q.example))
        if q.help:
            lines.append(q.help)
        old = d.current(draft["answers"], slot) if draft["editing"] else None
        if old:
            shown = "、".join(o.label for v in old.split(",") if (o := q.option(v))) if q.choices() else old
            lines.append(t.NOW_FILLED.format(value=shown or old))
        picked = draft.get("picked", [])
        for o in q.choices():
            mark = "✓ " if q.type == "multi" and o.value in picked else ""
            buttons.append(_btn("q", f"{seq}.{'t_' if q.type == 'multi' else 'o_'}{o.value}", mark + o.label))
        if q.type == "multi":
            buttons.append(_btn("q", f"{seq}.ok", t.MULTI_DONE))
        offered = ctx.session.facts.get(q.offer, "") if q.offer else ""
        if offered:
            lines.append(t.OFFERED.format(place=offered))
            buttons.append(_btn("q", f"{seq}.offer", t.USE_OFFERED.format(place=offered)[:30]))
        if q.default:
            buttons.append(_btn("q", f"{seq}.default", q.default if len(q.default) <= 8 else t.USE_DEFAULT))
        if q.skip is not None:
            buttons.append(_btn("q", f"{seq}.skip", _skip_label(q)))
    if draft["history"] and not draft["editing"]:
        buttons.append(_btn("q", f"{seq}.back", t.BACK))
    return Reply("\n".join(lines), rows(buttons, 2), media=q.media if q is not None else None)


def _skip_label(q: Field) -> str:
    """The word the question itself uses (点“不知道” / 点“跳过”), else one that fits the type."""
    if f"“{t.DONT_KNOW}”" in q.ask:
        return t.DONT_KNOW
    if f"“{t.SKIP}”" in q.ask:
        return t.SKIP
    return t.DONT_KNOW if q.type in ("idnum", "phone", "date", "name") else t.SKIP


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
            return [_question(ctx, form, draft, slot, t.PICK_MORE)]
        return _save(ctx, form, draft, slot, value)
    typed_skip = not ctx.pressed and text in SKIP_WORDS and q.type not in ("choice", "yesno", "multi")
    if token == "skip" or typed_skip:   # 跳过 typed for a name must not become the name
        if q.skip is None:
            return [_question(ctx, form, draft, slot, t.RETRY["required"])]
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
            return [_question(ctx, form, draft, slot, t.NOTHING_PICKED)]
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
    when = t.DAYS_LEFT.format(days=left) if left > 0 else t.LAST_DAY_TODAY if left == 0 else t.DAY_PASSED
    note = t.DEADLINE_NOTE.format(name=period.name, last=format_zh(last), when=when)
    return note + (t.DEADLINE_PASSED if left < 0 else "")


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
        return [Reply(q.stop[1], rows([Button(t.STOP_FIND, RunCommand("/court")),
                                          Button(HUMAN_BUTTON, HandoffButton("start"))], 2))]
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
        return _next(ctx, form, t.FIRST_QUESTION)
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
    lines.append(t.REVIEW_HEAD.format(case_type=form.case_type))
    for n, e in enumerate(d.entries(form, draft["answers"]), 1):
        text = e.text if len(e.text) <= 40 else e.text[:40] + "…"
        label = NUMBERED.sub("", e.label)
        lines.append(f"{n}. {label}：{text}" + (t.PREFILLED if e.check else ""))
    lines.append(t.EDIT_HINT)
    # Telegram cuts messages at 4096 characters: a long review goes in parts, the button on the last.
    parts, chunk = [], ""
    for line in lines:
        if len(chunk) + len(line) > REVIEW_CHARS:
            parts.append(chunk)
            chunk = ""
        chunk += ("\n" if chunk else "") + line
    parts.append(chunk)
    return [Reply(p) for p in parts[:-1]] + [Reply(parts[-1], rows([_btn("review", "make", t.MAKE)], 1))]


def step_review(ctx: Ctx) -> list[Reply] | None:
    form = _form(ctx)
    if form is None:
        return None
    draft = _draft(ctx, form)
    if ctx.pressed:
        return _document(ctx, form, draft) if ctx.value == "make" else None
    m = EDIT_RE.match(ctx.value.replace(" ", ""))
    if m is None:
        return [Reply(t.EDIT_HINT, rows([_btn("review", "make", t.MAKE)], 1))]
    items = d.entries(form, draft["answers"])
    n = int(m.group(1))
    if not 1 <= n <= len(items):
        return [Reply(t.NO_SUCH_LINE.format(number=n, count=len(items)), rows([_btn("review", "make", t.MAKE)], 1))]
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
    s.facts[t.CARD_FACT] = t.CARD_DONE.format(case_type=form.case_type)
    ctx.goto("done")
    from bot.forms.docx import build_docx  # python-docx (and lxml) load on the first document, not at start-up

    content = build_docx(form, draft["answers"])
    doc = Document(f"{file_stem(form)}.docx", content, t.DOCUMENT.format(case_type=form.case_type))
    buttons = [_btn("done", "text", t.TEXT_BUTTON), Button(HUMAN_BUTTON, HandoffButton("start"))]
    if "court" not in s.known:
        buttons.insert(1, Button(t.FIND_COURT, RunCommand("/court")))
    return [Reply(cover_text(form, draft["answers"], s.known.get("court", "")), rows(buttons, 2), document=doc)]


def step_done(ctx: Ctx) -> list[Reply] | None:
    form = _form(ctx)
    if form is None or not (ctx.pressed and ctx.value == "text"):
        return None
    text = plain_text(form, _draft(ctx, form)["answers"])
    doc = Document(f"{file_stem(form)}.txt", text.encode("utf-8"), t.TEXT_BUTTON)
    return [Reply(t.TEXT_VERSION, document=doc)]


def done_retry(s: Session) -> list[Reply]:
    s.leave_flow()
    return [Reply(t.DONE_RETRY)]


def kind_prompt(_s: Session) -> Reply:
    return Reply(t.KIND_PROMPT)


def send_draft(desk: Desk, s: Session, ticket_id: int, forms: FormSet | None) -> list[Reply]:
    """During a ticket: the drafts go to the person helping, as plain text."""
    drafts = draft_texts(s, forms)
    for text in drafts:
        desk.queue(ticket_id, "to_operators", s.user_id, "", "text", text, "user")
    return [Reply(t.SENT_DRAFT if drafts else t.NO_DRAFT, actions=(Relayed(ticket_id),))]


def draft_texts(session: Session, forms: FormSet | None) -> list[str]:
    """Plain-text drafts for the person helping (sent during a ticket)."""
    out = []
    for form_id, draft in session.drafts.items():
        form = forms.get(form_id) if forms else None
        if form is not None:
            out.append(t.DRAFT_HEAD.format(case_type=form.case_type, answered=len(draft['history']))
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
