"""Reading one answer for one question: buttons, typed words, parsed values, and the retry message."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.forms import parse as p
from bot.forms import texts as t
from bot.forms.model import Field, Option
from bot.forms.parse import BadAnswer, has_emoji, plain

SKIP_WORDS = ("跳过", "不知道", "不清楚", "没有", "无", "不填", "略")
YES_WORDS = ("是", "有", "要", "对", "愿意", "了解", "需要", "好")
NO_WORDS = ("否", "没有", "没", "不", "无")
RETRY = t.RETRY


@dataclass(frozen=True)
class Result:
    """A stored value, or a retry reason; `derived` holds values learnt on the way (from an ID number)."""

    value: str | None = None
    retry: str = ""
    note: str = ""
    derived: tuple[tuple[str, str], ...] = ()
    found: date | None = None      # a date answer, as a date


def pick_option(options: tuple[Option, ...], text: str, yes_no: bool = False) -> str | None:
    """An option from typed text: its number, its label, one of its words; 是/否 for yes-no questions."""
    s = plain(text).replace(" ", "")
    if s.isdigit() and 1 <= int(s) <= len(options):
        return options[int(s) - 1].value
    for o in options:
        if s == o.label or s in o.words:
            return o.value
    for o in sorted(options, key=lambda o: -len(o.label)):
        if o.label in s or any(w in s for w in o.words):
            return o.value
    values = {o.value for o in options}
    if yes_no and {"yes", "no"} <= values:
        if s.startswith(NO_WORDS):
            return "no"
        if s.startswith(YES_WORDS):
            return "yes"
    return None


def pick_many(options: tuple[Option, ...], text: str) -> list[str] | None:
    """Several options typed at once: `1 3`, `1、3`, or their labels."""
    s = plain(text)
    parts = [p for p in re.split(r"[\s,，、和及;；]+", s) if p]
    chosen: list[str] = []
    for part in parts:
        value = pick_option(options, part)
        if value is None:
            return None
        if value not in chosen:
            chosen.append(value)
    return chosen or None


def read(field: Field, text: str, today: date) -> Result:
    """Parse a typed answer for `field` (buttons were handled by the caller)."""
    s = plain(text)
    if not s:
        return Result(retry=RETRY["required"])
    if has_emoji(s) and not re.search(r"[\w\u4e00-\u9fff]", re.sub(r"[^\w\u4e00-\u9fff]", "", s)):
        return Result(retry=RETRY["emoji"])
    try:
        return _typed(field, s, text, today)
    except BadAnswer as exc:
        return Result(retry=RETRY.get(str(exc), RETRY["choice"]))


def _typed(field: Field, s: str, raw: str, today: date) -> Result:
    kind = field.type
    if kind in ("choice", "yesno"):
        value = pick_option(field.choices(), s, yes_no=kind == "yesno")
        if value is None:
            raise BadAnswer("choice")
        return Result(value)
    if kind == "multi":
        values = pick_many(field.options, s)
        if values is None:
            raise BadAnswer("choice")
        return Result(",".join(v for v in (o.value for o in field.options) if v in values))
    if kind == "name":
        return Result(p.parse_name(s))
    if kind == "phone":
        return Result(p.parse_phone(s))
    if kind == "money":
        return Result(p.format_money(p.parse_money(s)))
    if kind == "date":
        day, precision = p.parse_day(s, today)
        return Result(p.format_day(day, precision), found=day if precision == "day" else None)
    if kind == "idnum":
        rid = p.parse_id(s)
        return Result(rid.number, derived=(("gender", rid.gender), ("birth", p.format_day(rid.birth, "day"))))
    s = "".join(c for c in raw if not has_emoji(c)).strip()   # free text keeps its own punctuation
    if len(s) > field.max:
        return Result(s[:field.max], note=t.TOO_LONG.format(max=field.max))
    return Result(s)


def yes_or_no(text: str) -> str | None:
    """A typed answer to "another one?" read by its first word: 'yes', 'no', or None."""
    if text.startswith(("没", "不", "无", "否")):
        return "no"
    if text.startswith(("有", "还有", "是", "要")):
        return "yes"
    return None
