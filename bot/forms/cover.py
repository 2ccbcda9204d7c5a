"""The short message that goes with the document: where and how to file, copies, signing, help at court."""

from __future__ import annotations

from bot.forms import texts as t
from bot.forms.model import Answers, Form
from bot.forms.render import View


def defendants(form: Form, answers: Answers) -> int:
    """How many defendants the form names (at least one)."""
    view = View(form, answers)
    count = 0
    for key in form.defendants:
        value = view.raw(key)
        count += len(value) if isinstance(value, list) else 1 if value else 0
    return max(count, 1)


def cover_text(form: Form, answers: Answers, court: str) -> str:
    """`court`: the one the court finder named ('' when not asked or not determinable)."""
    many = defendants(form, answers)
    lines = [
        t.COVER_HEAD.format(case_type=form.case_type),
        t.COVER_COURT.format(court=court) if court else t.COVER_NO_COURT,
        f"2. {t.COVER_HOW}",
        t.COVER_COPIES.format(many=many, total=many + 1),
        t.COVER_SIGN,
        f"5. {t.COVER_GREEN}",
    ]
    if any(f.check for f in form.fields if f.key not in answers and View(form, answers).raw(f.key)):
        lines.append(t.COVER_PREFILLED)
    elif any(f.check for f in form.fields):
        lines.append(t.COVER_NOT_PREFILLED)
    return "\n".join(lines)


def file_stem(form: Form) -> str:
    return t.DOCUMENT.format(case_type=form.case_type)
