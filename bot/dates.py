"""Dates as people type them in Chinese: `2015年5月1日`, `2015.5.1`, `15年5月`, `11月3日`, `昨天`, `上周五`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Literal

from bot.normalize import simplified

Precision = Literal["day", "month", "year"]
WEEKDAYS = "一二三四五六日"
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_RELATIVE_DAYS = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2, "大前天": 3}
# Four-digit years with any separator; two-digit years only with 年 (11.3 is a month and a day).
_FULL = re.compile(r"(\d{4}\s*[年./\-]|\d{2}\s*年)\s*(\d{1,2})(?:\s*[月./\-]\s*(\d{1,2}))?\s*[日号]?")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*[日号]?")
_YEAR_ONLY = re.compile(r"(\d{4})\s*年")
_DAYS_AGO = re.compile(r"(\d{1,3})\s*天(?:以)?前")
_WEEKDAY = re.compile(r"(上上|上|这|本|今)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天])")


@dataclass(frozen=True)
class TypedDate:
    """A date read from text; `precision` says whether the day (or the month) was actually given."""

    value: date
    precision: Precision = "day"
    year_given: bool = True


def weekday_zh(d: date) -> str:
    """`星期一` … `星期日`."""
    return "星期" + WEEKDAYS[d.weekday()]


def format_zh(d: date, weekday: bool = True) -> str:
    """`2026年11月30日（星期一）`: the form every answer uses."""
    text = f"{d.year}年{d.month}月{d.day}日"
    return f"{text}（{weekday_zh(d)}）" if weekday else text


def _cn_number(text: str) -> str:
    """Chinese numerals to digits (二〇一五 -> 2015, 十一 -> 11, 三十 -> 30), leaving other text as it is."""
    def one(match: re.Match[str]) -> str:
        s = match.group(0)
        if "十" not in s:
            return "".join(str(_DIGITS[c]) for c in s)
        tens, _, units = s.partition("十")
        return str((_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0))
    return re.sub(r"[〇零一二两三四五六七八九十]+", one, text)


def _clean(text: str) -> str:
    text = simplified(text)
    # Weekday names keep their Chinese numerals (周三); everything else becomes digits.
    parts = re.split(r"((?:周|星期|礼拜)[一二三四五六日天])", text)
    return "".join(p if i % 2 else _cn_number(p) for i, p in enumerate(parts))


def _year(raw: str, today: date) -> int:
    year = int(raw)
    if len(raw) == 2:   # 15年 means 2015, 98年 means 1998
        year += 2000 if year <= today.year % 100 else 1900
    return year


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str, today: date, *, past: bool = True) -> TypedDate | None:
    """The first date in `text`, or None. Without a year, `past` picks the latest such date not after today."""
    s = _clean(text)
    for word, back in sorted(_RELATIVE_DAYS.items(), key=lambda kv: -len(kv[0])):
        if word in s:
            return TypedDate(today - timedelta(days=back))
    if m := _DAYS_AGO.search(s):
        return TypedDate(today - timedelta(days=int(m.group(1))))
    if m := _FULL.search(s):
        year, month = _year(m.group(1).rstrip("年./- "), today), int(m.group(2))
        if m.group(3):
            found = _safe(year, month, int(m.group(3)))
            return TypedDate(found) if found else None
        found = _safe(year, month, 1)
        return TypedDate(found, "month") if found else None
    if m := _MONTH_DAY.search(s):
        month, day = int(m.group(1)), int(m.group(2))
        step = -1 if past else 1
        # This year's date, else the nearest year in the chosen direction that has it (29 February).
        candidates = (_safe(today.year + k * step, month, day) for k in range(5))
        found = next((d for d in candidates if d is not None and (d <= today if past else d >= today)), None)
        return TypedDate(found, "day", year_given=False) if found else None
    if m := _WEEKDAY.search(s):
        target = 6 if m.group(2) in "日天" else WEEKDAYS.index(m.group(2))
        monday = today - timedelta(days=today.weekday())
        weeks_back = {"上": 1, "上上": 2}.get(m.group(1) or "", 0)
        found = monday - timedelta(weeks=weeks_back) + timedelta(days=target)
        if not m.group(1) and past and found > today:   # a bare 周五 in the past means the last one
            found -= timedelta(weeks=1)
        return TypedDate(found)
    if m := _YEAR_ONLY.search(s):
        return TypedDate(date(int(m.group(1)), 1, 1), "year")
    return None


CHINA = timezone(timedelta(hours=8))   # mainland China has one time zone and no daylight saving


def china_today(timestamp: float) -> date:
    """The calendar day in mainland China at a Unix time (the engine's clock)."""
    return datetime.fromtimestamp(timestamp, CHINA).date()
