"""What the complaint builder shows: a question with its buttons, the numbered review, the finished document."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from bot.dates import format_zh
from bot.deadlines import compute
from bot.flows import Ctx, flow_button
from bot.forms import draft as d
from bot.forms import texts as t
from bot.forms.cover import cover_text, file_stem
from bot.forms.model import FLOW_NAME, Answers, Field, Form
from bot.forms.render import plain_text
from bot.messages import Button, Document, Reply, rows
from bot.protocol import HandoffButton, RunCommand
from bot.session import Session
from bot.texts import HUMAN_BUTTON

if TYPE_CHECKING:
    from bot.deadlines import DeadlineBook

NUMBERED = re.compile(r"^\d+\.\s*")
REVIEW_CHARS = 3000


def button(step: str, value: str, label: str) -> Button:
    """A button of the complaint flow's `step`."""
    return flow_button(FLOW_NAME, step, value, label)


def resume_prompt(s: Session) -> Reply:
    return Reply(t.RESUME, rows([button("resume", "go", t.RESUME_GO), button("resume", "new", t.RESUME_NEW)], 2))


def kind_prompt(_s: Session) -> Reply:
    return Reply(t.KIND_PROMPT)


def question(ctx: Ctx, form: Form, draft: dict[str, Any], slot: d.Slot, before: str = "") -> Reply:
    """The question of `slot`, with its options, the offered and default answers, skip and back."""
    q = slot.question
    seq = draft["seq"]
    done, left = len(draft["history"]), d.remaining(form, draft["answers"])
    head = t.QUESTION_HEAD.format(number=done + 1, left=max(left - 1, 0)) if not draft["editing"] else t.EDITING_HEAD
    lines = [before, head] if before else [head]
    buttons: list[Button] = []
    if q is None:   # "another one?"
        lines.append(slot.field.more)
        buttons += [button("q", f"{seq}.yes", t.MORE_YES), button("q", f"{seq}.no", t.MORE_NO)]
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
            buttons.append(button("q", f"{seq}.{'t_' if q.type == 'multi' else 'o_'}{o.value}", mark + o.label))
        if q.type == "multi":
            buttons.append(button("q", f"{seq}.ok", t.MULTI_DONE))
        offered = ctx.session.facts.get(q.offer, "") if q.offer else ""
        if offered:
            lines.append(t.OFFERED.format(place=offered))
            buttons.append(button("q", f"{seq}.offer", t.USE_OFFERED.format(place=offered)[:30]))
        if q.default:
            buttons.append(button("q", f"{seq}.default", q.default if len(q.default) <= 8 else t.USE_DEFAULT))
        if q.skip is not None:
            buttons.append(button("q", f"{seq}.skip", _skip_label(q)))
    if draft["history"] and not draft["editing"]:
        buttons.append(button("q", f"{seq}.back", t.BACK))
    return Reply("\n".join(lines), rows(buttons, 2), media=q.media if q is not None else None)


def _skip_label(q: Field) -> str:
    """The word the question itself uses (点“不知道” / 点“跳过”), else one that fits the type."""
    if f"“{t.DONT_KNOW}”" in q.ask:
        return t.DONT_KNOW
    if f"“{t.SKIP}”" in q.ask:
        return t.SKIP
    return t.DONT_KNOW if q.type in ("idnum", "phone", "date", "name") else t.SKIP


def deadline_note(deadlines: DeadlineBook | None, period_id: str, start: date, today: date) -> str:
    """The last day of the period this date starts, from the deadline calculator's data."""
    data = deadlines.data if deadlines is not None else None
    period = data.get(period_id) if data is not None else None
    if data is None or period is None or period.court_sets:
        return ""
    last = compute(period, start, data.calendar).last
    left = (last - today).days
    when = t.DAYS_LEFT.format(days=left) if left > 0 else t.LAST_DAY_TODAY if left == 0 else t.DAY_PASSED
    note = t.DEADLINE_NOTE.format(name=period.name, last=format_zh(last), when=when)
    return note + (t.DEADLINE_PASSED if left < 0 else "")


def review(form: Form, answers: Answers, before: str = "") -> list[Reply]:
    """Every answer on a numbered line, then the button that makes the document."""
    lines = [before] if before else []
    lines.append(t.REVIEW_HEAD.format(case_type=form.case_type))
    for n, e in enumerate(d.entries(form, answers), 1):
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
    return [Reply(p) for p in parts[:-1]] + [review_note(parts[-1])]


def review_note(text: str) -> Reply:
    """`text` with the button that makes the document (the review's last part, or a hint under it)."""
    return Reply(text, rows([button("review", "make", t.MAKE)], 1))


def document(form: Form, answers: Answers, known: dict[str, str]) -> list[Reply]:
    """The court's form as a .docx, with the cover message (where and how to file) and what to do next."""
    from bot.forms.docx import build_docx  # python-docx (and lxml) load on the first document, not at start-up

    content = build_docx(form, answers)
    doc = Document(f"{file_stem(form)}.docx", content, t.DOCUMENT.format(case_type=form.case_type))
    buttons = [button("done", "text", t.TEXT_BUTTON), Button(HUMAN_BUTTON, HandoffButton("start"))]
    if "court" not in known:
        buttons.insert(1, Button(t.FIND_COURT, RunCommand("/court")))
    return [Reply(cover_text(form, answers, known.get("court", "")), rows(buttons, 2), document=doc)]


def text_version(form: Form, answers: Answers) -> list[Reply]:
    """The same form as plain text, for a phone that cannot open a .docx."""
    text = plain_text(form, answers)
    doc = Document(f"{file_stem(form)}.txt", text.encode("utf-8"), t.TEXT_BUTTON)
    return [Reply(t.TEXT_VERSION, document=doc)]
