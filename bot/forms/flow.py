"""`/complaint`: the clerk's states. Case type, one question at a time, a numbered review, then the court's form.

What each state shows is `bot/forms/screens.py`; reading a typed answer is `bot/forms/answer.py`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.flows import Ctx, Flow
from bot.forms import draft as d
from bot.forms import screens
from bot.forms import texts as t
from bot.forms.answer import SKIP_WORDS, read, yes_or_no
from bot.forms.model import FLOW_NAME, Form, FormSet
from bot.messages import Button, Reply, rows
from bot.protocol import HandoffButton, RunCommand
from bot.session import Session
from bot.texts import HUMAN_BUTTON

NAME = FLOW_NAME
TZ = ZoneInfo("Asia/Shanghai")
BACK_WORDS = (t.BACK, "返回", "上一题", "back")
BETWEEN_CHARS = 20   # a free-text answer this long or longer is the answer, even when it asks or tells of danger
EDIT_RE = re.compile(r"^(?:改|修改|更改)\s*第?\s*(\d{1,3})\s*[条题项]?$")
# The case type the court finder or the checklist recorded (its id, not its label) -> the form it leads to.
COURT_KINDS = {"divorce": "divorce", "contract": "loan", "labor": "labor", "tort": "traffic"}
CHECKLIST_KINDS = {"divorce": "divorce", "debt": "loan", "labor": "labor", "traffic": "traffic"}


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
    # The finder's or the checklist's case type, else the one the last question named (离婚起诉状怎么写)
    known = _found_form(s) or getattr(_typed_form(forms, s.case), "id", "")
    order = sorted(forms, key=lambda f: f.id != known)
    lines = [t.INTRO, t.ASK_KIND]
    if known and forms.get(known):
        lines.insert(1, t.FOUND_KIND.format(kind=forms.get(known).button))   # type: ignore[union-attr]
    started = [f for f in order if f.id in s.drafts]
    if started:
        lines.append(t.STARTED + "、".join(t.STARTED_ONE.format(case_type=f.case_type,
                                                                answered=len(s.drafts[f.id]['history']))
                                          for f in started))
    return [Reply("\n".join(lines), rows([screens.button("kind", f.id, f.button) for f in order], 2))]


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
        return [screens.resume_prompt(s)]
    s.drafts[form.id] = d.new_draft(ctx.now)
    lo, _hi = form.estimate()
    return [Reply(t.FORM_INTRO.format(case_type=form.case_type, need=form.need, questions=lo)), *_next(ctx, form)]


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
    return [screens.question(ctx, form, draft, slot, before)]


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
        value = {"yes": "yes", "no": "no"}.get(token) or yes_or_no(text)
        if value is None:
            return [screens.question(ctx, form, draft, slot, t.PICK_MORE)]
        return _save(ctx, form, draft, slot, value)
    typed_skip = not ctx.pressed and text in SKIP_WORDS and q.type not in ("choice", "yesno", "multi")
    if token == "skip" or typed_skip:   # 跳过 typed for a name must not become the name
        if q.skip is None:
            return [screens.question(ctx, form, draft, slot, t.RETRY["required"])]
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
        return [screens.question(ctx, form, draft, slot)]
    if token == "ok":
        picked = draft.get("picked", [])
        if not picked:
            return [screens.question(ctx, form, draft, slot, t.NOTHING_PICKED)]
        return _save(ctx, form, draft, slot, ",".join(o.value for o in q.options if o.value in picked))
    if ctx.pressed and token:
        return None
    result = read(q, text, _today(ctx))
    if result.value is None:
        return [screens.question(ctx, form, draft, slot, result.retry)]
    note = result.note
    if q.deadline and result.found is not None:
        note = screens.deadline_note(ctx.deadlines, q.deadline, result.found, _today(ctx))
    prefix = slot.id.rsplit(".", 1)[0] + "." if "." in slot.id and slot.index < 0 else ""
    for key, value in result.derived:
        if q.derive and form.get(prefix + key):
            draft["answers"][prefix + key] = value
    return _save(ctx, form, draft, slot, result.value, note)


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
    return screens.review(form, draft["answers"], before)


def step_review(ctx: Ctx) -> list[Reply] | None:
    form = _form(ctx)
    if form is None:
        return None
    draft = _draft(ctx, form)
    if ctx.pressed:
        return _document(ctx, form, draft) if ctx.value == "make" else None
    if ctx.value.replace(" ", "").rstrip("。！!") in t.MAKE_WORDS:   # 生成起诉状 typed, or 都对了
        return _document(ctx, form, draft)
    m = EDIT_RE.match(ctx.value.replace(" ", ""))
    if m is None:
        return [screens.review_note(t.EDIT_HINT)]
    items = d.entries(form, draft["answers"])
    n = int(m.group(1))
    if not 1 <= n <= len(items):
        return [screens.review_note(t.NO_SUCH_LINE.format(number=n, count=len(items)))]
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
    return screens.document(form, draft["answers"], s.known)


def step_done(ctx: Ctx) -> list[Reply] | None:
    """The plain-text version; typed text after the document ends the flow and is read as a new message."""
    form = _form(ctx)
    if not ctx.pressed and form is not None:
        ctx.session.leave_flow()
        return None
    if form is None or ctx.value != "text":
        return None
    return screens.text_version(form, _draft(ctx, form)["answers"])


def between(ctx: Ctx) -> list[Reply] | None:
    """After a question typed between two of the form's (`诉讼费多少钱`, `他又打我了`): the same question again.
    None where the text is the answer: a long free-text answer (it may tell of violence or ask in passing), or a short
    one typed twice in a row (`他经常打我` as the reason to divorce: told, not a cry for help)."""
    form = _form(ctx)
    if form is None or ctx.session.step not in ("q", "review"):
        return None
    draft = _draft(ctx, form)
    if ctx.session.step == "review":
        return [screens.review_note(f"{t.STILL_HERE}\n{t.EDIT_HINT}")]
    slot = d.slot_by_id(form, draft["editing"]) if draft["editing"] else d.pending(form, draft["answers"])
    if slot is None:
        return None
    before, ctx.session.data["typed"] = ctx.session.data.get("typed"), ctx.value
    if slot.question is not None and slot.question.type == "text" and (
            len(ctx.value.replace(" ", "")) > BETWEEN_CHARS or ctx.value == before):
        return None
    return [screens.question(ctx, form, draft, slot, t.STILL_HERE)]


def done_retry(s: Session) -> list[Reply]:
    s.leave_flow()
    return [Reply(t.DONE_RETRY)]


FLOW = Flow(
    name=NAME,
    first="kind",
    steps={"kind": step_kind, "resume": step_resume, "q": step_question, "review": step_review, "done": step_done},
    prompts={"kind": lambda c: screens.kind_prompt(c.session), "resume": lambda c: screens.resume_prompt(c.session),
             "q": lambda c: screens.kind_prompt(c.session), "review": lambda c: screens.kind_prompt(c.session),
             "done": lambda c: screens.kind_prompt(c.session)},
    retries={"kind": lambda c: [screens.kind_prompt(c.session)], "resume": lambda c: [screens.resume_prompt(c.session)],
             "done": lambda c: done_retry(c.session)},
    entry=begin,
    between=between,
)
