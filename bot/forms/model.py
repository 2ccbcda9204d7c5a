"""The form model: questions (fields) and the document layout (rows), as loaded from `intents/forms/*.yaml`."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.forms import texts as t
from bot.media import Media

TYPES = ("text", "name", "idnum", "phone", "date", "money", "choice", "multi", "yesno", "list")
YES_NO = (("yes", t.YES), ("no", t.NO))
# `{key}` writes an answer; `[key=value]` writes ☑ when the answer is value, □ otherwise (`~` for multi).
VALUE_RE = re.compile(r"\{([a-z_][a-z0-9_.]*)\}")
_TEST = r"[a-z_][a-z0-9_.]*(?:=|~|!=)[a-z0-9_]*"
BOX_RE = re.compile(rf"\[({_TEST}(?:\|{_TEST})*)\]")   # `[a=x|b=y]`: ticked when either holds
TEST_RE = re.compile(r"([a-z_][a-z0-9_.]*)(=|~|!=)([a-z0-9_]*)")
COND_RE = re.compile(r"^\s*(not\s+)?([a-z_][a-z0-9_.]*)\s*(?:(=|!=|~)\s*([a-z0-9_]*))?\s*$")
TICK, BOX = "☑", "□"
FLOW_NAME = "complaint"   # the flow that fills the forms; its case-type buttons carry each form's id

Answers = dict[str, Any]   # key -> str, or list of item dicts for list fields


@dataclass(frozen=True)
class Cond:
    """`key=value`, `key!=value`, `key~value` (multi contains), `key` (answered, not 无/no), `not key`."""

    key: str
    op: str = ""
    value: str = ""
    negate: bool = False

    def holds(self, get: Any) -> bool:
        raw = get(self.key)
        got = "" if raw is None else str(raw) if not isinstance(raw, list) else ("1" if raw else "")
        if self.op == "=":
            ok = got == self.value
        elif self.op == "!=":
            ok = got != self.value
        elif self.op == "~":
            ok = self.value in got.split(",")
        else:
            ok = got not in ("", "no", "无", "none")
        return ok != self.negate


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    words: tuple[str, ...] = ()   # typed words that also choose it


@dataclass(frozen=True)
class Field:
    """One question, or (type list) a repeated group of questions such as several children."""

    key: str
    type: str
    ask: str = ""
    example: str = ""
    help: str = ""
    title: str = ""                # short name in the review list
    options: tuple[Option, ...] = ()
    when: tuple[Cond, ...] = ()
    skip: str | None = None        # None: must answer; "": leave blank; otherwise the text written (无)
    default: str = ""              # offered as a button ("用这个")
    offer: str = ""                # a fact the bot learnt earlier (court finder), offered as a button
    fixed: str = ""                # not asked; written as is, changeable in the review
    prefill: tuple[tuple[tuple[Cond, ...], str], ...] = ()   # not asked; built from other answers
    check: bool = False            # the user must check it (prefilled legal articles)
    max: int = 200
    sub: tuple[Field, ...] = ()
    more: str = ""
    stop: tuple[str, str] | None = None   # (value, message): that answer ends the form with the message
    derive: bool = False           # idnum: fills the block's gender and birth
    deadline: str = ""             # date: a period of intents/deadlines/ it starts (the last day is told)
    media: Media | None = None     # a sign-language video or a picture sent with the question
    line: int = 0

    @property
    def asked(self) -> bool:
        return not self.fixed and not self.prefill

    def option(self, value: str) -> Option | None:
        return next((o for o in self.choices() if o.value == value), None)

    def choices(self) -> tuple[Option, ...]:
        if self.type == "yesno" and not self.options:
            return tuple(Option(v, label) for v, label in YES_NO)
        return self.options

    def sub_field(self, name: str) -> Field | None:
        return next((f for f in self.sub if f.key == name), None)


@dataclass(frozen=True)
class Row:
    """One row of the official table: a section title, a full-width note, or label | text."""

    kind: str                      # "section" | "note" | "row"
    label: str = ""
    text: str = ""
    each: str = ""                 # a list field: `item` is written once per item
    item: str = ""
    empty: str = ""                # written instead of the items when the list is empty
    scope: str = ""                # a block prefix: `{name}` means `{plaintiff.name}`
    line: int = 0


@dataclass(frozen=True)
class Notes:
    intro: str
    items: tuple[str, ...]
    warning: str


@dataclass(frozen=True)
class Form:
    id: str
    case_type: str                 # 离婚纠纷
    button: str                    # 离婚
    need: str                      # what the user should have at hand
    fields: tuple[Field, ...]
    rows: tuple[Row, ...]
    notes: Notes
    defendants: tuple[str, ...] = ()   # keys whose answer names a defendant (for the copies to file)
    title: str = t.TITLE
    order: int = 99                # position of its button
    words: tuple[str, ...] = ()    # typed words that choose it (离婚, 借钱, 车祸)
    file: str = ""
    line: int = 0
    by_key: Mapping[str, Field] = field(default_factory=dict)

    def get(self, key: str) -> Field | None:
        return self.by_key.get(key)

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def estimate(self) -> tuple[int, int]:
        """Rough question count: fewest (every condition off) and most (one item per list)."""
        always = sum(1 for f in self.fields if f.asked and not f.when and f.type != "list")
        everything = sum((len(f.sub) + 1) if f.type == "list" else 1 for f in self.fields if f.asked)
        return always, everything


@dataclass(frozen=True)
class FormSet:
    forms: tuple[Form, ...] = ()

    def get(self, form_id: str) -> Form | None:
        return next((f for f in self.forms if f.id == form_id), None)

    def __iter__(self) -> Iterator[Form]:
        return iter(self.forms)

    def __len__(self) -> int:
        return len(self.forms)
