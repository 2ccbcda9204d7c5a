"""Answers read through the form: which fields apply, their display text, and the filled table rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.forms import texts as t
from bot.forms.model import BOX, BOX_RE, TEST_RE, TICK, VALUE_RE, Answers, Field, Form

Item = dict[str, Any]


@dataclass(frozen=True)
class Cell:
    """A filled table row: `section` and `note` span both columns."""

    kind: str
    label: str
    text: str


class View:
    """The answers as the form sees them: a field that does not apply reads as empty."""

    def __init__(self, form: Form, answers: Answers) -> None:
        self.form, self.answers = form, answers

    def active(self, f: Field, item: Item | None = None) -> bool:
        return all(c.holds(lambda k: self.raw(k, item)) for c in f.when)

    def field(self, key: str, item: Item | None = None, parent: Field | None = None) -> Field | None:
        if item is not None and parent is not None and (sub := parent.sub_field(key)) is not None:
            return sub
        return self.form.get(key)

    def raw(self, key: str, item: Item | None = None, parent: Field | None = None) -> Any:
        """The stored value (option codes), None when the field does not apply or was not answered."""
        if item is not None and key in item:
            sub = parent.sub_field(key) if parent is not None else None
            return item[key] if sub is None or self.active(sub, item) else None
        f = self.form.get(key)
        if f is None or not self.active(f):
            return None
        if key in self.answers:   # typed by the user, or changed in the review
            return self.answers[key]
        if f.prefill:
            return "；".join(text for conds, text in f.prefill
                            if all(c.holds(lambda k: self.raw(k)) for c in conds)) or None
        return f.fixed or None

    def text(self, key: str, item: Item | None = None, parent: Field | None = None) -> str:
        """What the form shows for a field: option labels instead of codes."""
        value = self.raw(key, item, parent)
        if value is None or isinstance(value, list):
            return ""
        f = self.field(key, item, parent)
        if f is not None and f.choices():
            labels = [o.label for v in str(value).split(",") if (o := f.option(v)) is not None]
            return "、".join(labels)
        if f is not None and f.type == "money" and value:
            return t.MONEY.format(amount=value)
        return str(value)

    def items(self, key: str) -> list[Item]:
        value = self.raw(key)
        return list(value) if isinstance(value, list) else []


def fill(view: View, template: str, scope: str = "", item: Item | None = None, parent: Field | None = None,
         n: int = 0) -> str:
    """Write answers into a row's template: `{key}` -> text, `[key=value]` -> ☑ or □."""
    def key_of(name: str) -> str:
        if item is not None and parent is not None and parent.sub_field(name) is not None:
            return name
        return f"{scope}.{name}" if scope and view.form.get(f"{scope}.{name}") else name

    def value(match: Any) -> str:
        name = match.group(1)
        return str(n) if name == "n" and item is not None else view.text(key_of(name), item, parent)

    def box(match: Any) -> str:
        for name, op, want in TEST_RE.findall(match.group(1)):
            got = view.raw(key_of(name), item, parent)
            got = "" if got is None else str(got)
            if (op == "=" and got == want) or (op == "!=" and got != want) or \
                    (op == "~" and want in got.split(",")):
                return TICK
        return BOX

    return VALUE_RE.sub(value, BOX_RE.sub(box, template))


def cells(form: Form, answers: Answers) -> list[Cell]:
    """The official table, filled: one Cell per row, repeated items written one per line."""
    view = View(form, answers)
    out: list[Cell] = []
    for row in form.rows:
        if row.kind != "row":
            out.append(Cell(row.kind, row.label, row.text))
            continue
        lines = [fill(view, row.text, row.scope)] if row.text else []
        if row.each:
            parent = form.get(row.each)
            items = view.items(row.each)
            lines += [fill(view, row.item, row.scope, item, parent, n) for n, item in enumerate(items, 1)]
            if not items and row.empty:
                lines.append(row.empty)
        out.append(Cell("row", row.label, "\n".join(lines)))
    return out


def plain_text(form: Form, answers: Answers) -> str:
    """The filled form as plain text, for screen readers and for the person helping."""
    lines = [form.title, f"（{form.case_type}）", ""]
    for cell in cells(form, answers):
        if cell.kind == "section":
            lines += ["", f"【{cell.label}】"]
        elif cell.kind == "note":
            continue
        else:
            lines.append(f"{cell.label}：" + cell.text.replace("\n", "\n  ") if cell.label else cell.text)
    lines += ["", *t.SIGNATURE]
    return "\n".join(lines)
