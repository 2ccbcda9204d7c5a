"""A draft: the answers so far, which question comes next, going back, and the numbered review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.forms import texts as t
from bot.forms.model import Field, Form
from bot.forms.render import View

MORE = "more"


@dataclass(frozen=True)
class Slot:
    """Where an answer goes: a field, or one question of one item of a list (or its "another one?")."""

    field: Field
    index: int = -1            # list item, -1 for a plain field
    sub: Field | None = None   # the item's question; None with index >= 0 means "another one?"

    @property
    def id(self) -> str:
        if self.index < 0:
            return self.field.key
        return f"{self.field.key}#{self.index}.{self.sub.key if self.sub else MORE}"

    @property
    def question(self) -> Field | None:
        """The field whose type, options and skip rule apply (None for "another one?")."""
        return self.field if self.index < 0 else self.sub


def new_draft(now: float) -> dict[str, Any]:
    return {"answers": {}, "history": [], "stage": "ask", "editing": "", "at": now, "seq": 0, "picked": []}


def slot_by_id(form: Form, slot_id: str) -> Slot | None:
    key, sep, rest = slot_id.partition("#")
    f = form.get(key)
    if f is None:
        return None
    if not sep:
        return Slot(f)
    index, _, sub = rest.partition(".")
    if not index.isdigit():
        return None
    return Slot(f, int(index), None if sub == MORE else f.sub_field(sub))


def pending(form: Form, answers: dict[str, Any]) -> Slot | None:
    """The next question: the first field that applies and has no answer yet, in form order."""
    view = View(form, answers)
    for f in form.fields:
        if not f.asked or not view.active(f):
            continue
        if f.type == "list":
            items = answers.get(f.key) or []
            if not items:
                return Slot(f, 0, f.sub[0])
            last = len(items) - 1
            for sub in f.sub:
                if sub.key not in items[last] and view.active(sub, items[last]):
                    return Slot(f, last, sub)
            if not answers.get(f"{f.key}#done"):
                return Slot(f, last, None)
        elif f.key not in answers:
            return Slot(f)
    return None


def remaining(form: Form, answers: dict[str, Any]) -> int:
    """Questions still to come as things stand (lists count one item)."""
    view = View(form, answers)
    count = 0
    for f in form.fields:
        if f.asked and view.active(f):
            if f.type == "list":
                count += 0 if answers.get(f"{f.key}#done") else len(f.sub) if not answers.get(f.key) else 1
            elif f.key not in answers:
                count += 1
    return count


def store(answers: dict[str, Any], slot: Slot, value: str) -> None:
    """Write an answer where the slot says; "another one?" answered yes opens a new item."""
    if slot.index < 0:
        answers[slot.field.key] = value
        return
    items: list[dict[str, str]] = answers.setdefault(slot.field.key, [])
    if slot.sub is None:
        if value == "yes":
            items.append({})
        else:
            answers[f"{slot.field.key}#done"] = "1"
        return
    while len(items) <= slot.index:
        items.append({})
    items[slot.index][slot.sub.key] = value


def current(answers: dict[str, Any], slot: Slot) -> str | None:
    """The answer already given for a slot (shown when editing)."""
    if slot.index < 0:
        value = answers.get(slot.field.key)
        return str(value) if isinstance(value, str) else None
    items = answers.get(slot.field.key) or []
    if slot.sub is None or slot.index >= len(items):
        return None
    value = items[slot.index].get(slot.sub.key)
    return None if value is None else str(value)


def undo(answers: dict[str, Any], slot: Slot) -> None:
    """Take back one answer (上一步)."""
    if slot.index < 0:
        answers.pop(slot.field.key, None)
        return
    items = answers.get(slot.field.key) or []
    if slot.sub is None:
        if answers.pop(f"{slot.field.key}#done", None) is None and items and not items[-1]:
            items.pop()
        return
    if slot.index < len(items):
        items[slot.index].pop(slot.sub.key, None)
        if not items[slot.index]:
            items.pop(slot.index)


@dataclass(frozen=True)
class Entry:
    """One numbered line of the review."""

    slot: Slot
    label: str
    text: str
    check: bool = False


def entries(form: Form, answers: dict[str, Any]) -> list[Entry]:
    """Every answer that will be written, numbered in form order (lists: one line per item question)."""
    view = View(form, answers)
    out: list[Entry] = []
    for f in form.fields:
        if not view.active(f):
            continue
        if f.type == "list":
            items = view.items(f.key)
            for n, item in enumerate(items):
                for sub in f.sub:
                    if sub.key in item and view.active(sub, item):
                        label = f"{f.title}{n + 1}·{sub.title or sub.key}"
                        out.append(Entry(Slot(f, n, sub), label, view.text(sub.key, item, f)))
            out.append(Entry(Slot(f, max(len(items) - 1, 0), None), t.LIST_LINE.format(title=f.title, count=len(items)),
                             ""))
            continue
        text = view.text(f.key)
        if (f.key in answers or not f.asked) and (text or f.asked):
            out.append(Entry(Slot(f), f.title or f.key, text or t.EMPTY, f.check and f.key not in answers))
    return out
