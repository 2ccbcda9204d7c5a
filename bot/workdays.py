"""Mainland China's working days: official holiday schedules, and a plain guess for years without one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bot.errors import IntentLoadError
from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, line_of, load_yaml

HOLIDAYS_FILE = "holidays.yaml"
_RANGE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.\s*(\d{4}-\d{1,2}-\d{1,2}))?\s*$")
_MONTH_DAY = re.compile(r"^\s*(\d{1,2})-(\d{1,2})\s*$")


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: days off (with the holiday's name) and weekend days worked instead."""

    off: dict[date, str]
    work: frozenset[date]
    source: str


@dataclass(frozen=True)
class DayInfo:
    """What a day is: `workday`, `adjusted` (a weekend day worked by the schedule), `weekend` or `holiday`."""

    kind: str
    holiday: str = ""

    @property
    def rest(self) -> bool:
        return self.kind in ("weekend", "holiday")


class WorkCalendar:
    """Working days from official schedules; other years from weekends and the fixed-date public holidays."""

    def __init__(self, years: dict[int, YearSchedule], fixed: dict[tuple[int, int], str]) -> None:
        self.years, self.fixed = years, fixed

    def official(self, year: int) -> bool:
        return year in self.years

    def info(self, d: date) -> DayInfo:
        schedule = self.years.get(d.year)
        weekend = d.weekday() >= 5
        if schedule is not None:
            if d in schedule.off:
                return DayInfo("holiday", schedule.off[d])
            if d in schedule.work:
                return DayInfo("adjusted")
        elif (d.month, d.day) in self.fixed:
            return DayInfo("holiday", self.fixed[(d.month, d.day)])
        return DayInfo("weekend" if weekend else "workday")

    def next_workday(self, d: date) -> date:
        """`d` itself when it is a working day, else the first working day after it."""
        while self.info(d).rest:
            d += timedelta(days=1)
        return d


def package_years() -> dict[int, YearSchedule]:
    """The official schedules shipped in the `chinese-calendar` package (2004–2026 in version 1.11)."""
    import chinese_calendar
    from chinese_calendar import constants

    names = {h.value: h.chinese for h in constants.Holiday}
    source = f"chinese-calendar {getattr(chinese_calendar, '__version__', '')}".strip()
    off: dict[int, dict[date, str]] = {}
    work: dict[int, set[date]] = {}
    for d, name in constants.holidays.items():
        off.setdefault(d.year, {})[d] = names.get(name, str(name))
    for d in constants.workdays:
        work.setdefault(d.year, set()).add(d)
    return {year: YearSchedule(days, frozenset(work.get(year, ())), source) for year, days in sorted(off.items())}


def _days(value: Any, line: int, sheet: Validator) -> list[date]:
    """A day written as a YAML date, `2027-10-01`, or a range `2027-10-01..2027-10-07`."""
    if isinstance(value, date):
        return [value]
    m = _RANGE.match(str(value))
    try:
        first = date.fromisoformat(_iso(m.group(1))) if m else None
        last = date.fromisoformat(_iso(m.group(2))) if m and m.group(2) else first
    except ValueError:
        first = last = None
    if first is None or last is None or last < first or (last - first).days > 31:
        sheet.error(line, f"'{value}' is not a day (2027-10-01) or a range of days (2027-10-01..2027-10-07)")
        return []
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _iso(text: str) -> str:
    y, m, d = text.split("-")
    return f"{y}-{int(m):02d}-{int(d):02d}"


def _items(data: Any) -> list[tuple[Any, int]]:
    items = data if isinstance(data, list) else [data]
    lines = getattr(data, "item_lines", None) or [getattr(data, "line", 1)] * len(items)
    return list(zip(items, lines, strict=False))


def _read_year(sheet: Validator, year: Any, data: Any, line: int) -> YearSchedule | None:
    before = len(sheet.problems)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        sheet.error(line, f"year '{year}' must be a year such as 2027")
        return None
    if not isinstance(data, LDict):
        sheet.error(line, f"{year}: write 'source:', 'holidays:' and 'workdays:' under the year")
        return None
    sheet.keys(data, ("holidays", "source", "workdays"))
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        sheet.error(line_of(data, "source", line), f"{year}: 'source' (the State Council notice) is missing")
    off: dict[date, str] = {}
    holidays = data.get("holidays")
    if not isinstance(holidays, LDict) or not holidays:
        sheet.error(line_of(data, "holidays", line), f"{year}: 'holidays' must map each holiday's name to its days off")
        holidays = LDict()
    for name, days in holidays.items():
        for item, item_line in _items(days):
            for d in _days(item, item_line, sheet):
                off[d] = str(name)
    work: set[date] = set()
    for item, item_line in _items(data.get("workdays", [])):
        for d in _days(item, item_line, sheet):
            if d.weekday() < 5:
                sheet.error(item_line, f"{d} is a weekday: 'workdays' lists only weekend days worked instead")
            if d in off:
                sheet.error(item_line, f"{d} is listed both as a day off and as a working day")
            work.add(d)
    if any(d.year != year for d in (*off, *work)):
        sheet.error(line, f"{year}: every day listed must be in {year}")
    if len(sheet.problems) > before:
        return None
    return YearSchedule(off, frozenset(work), str(source).strip())


def load_calendar(directory: Path) -> WorkCalendar:
    """The package's schedules, overridden and extended by `holidays.yaml`; IntentLoadError lists every problem."""
    path = directory / HOLIDAYS_FILE
    data, lines, problems = load_yaml(path)
    sheet = Validator(path, lines, problems)
    years = package_years()
    fixed: dict[tuple[int, int], str] = {}
    if not problems and not isinstance(data, LDict):
        sheet.error(1, "the file must be a mapping with 'fixed:' and 'years:'")
    elif not problems:
        assert isinstance(data, LDict)
        sheet.keys(data, ("fixed", "years"))
        raw_fixed = data.get("fixed")
        if not isinstance(raw_fixed, LDict) or not raw_fixed:
            sheet.error(line_of(data, "fixed"), "'fixed' must map each fixed-date holiday to its days (01-01)")
            raw_fixed = LDict()
        for name, days in raw_fixed.items():
            for item, item_line in _items(days):
                m = _MONTH_DAY.match(str(item))
                if m is None or _month_day_invalid(int(m.group(1)), int(m.group(2))):
                    sheet.error(item_line, f"'{item}' is not a month and day such as 10-01")
                else:
                    fixed[(int(m.group(1)), int(m.group(2)))] = str(name)
        raw_years = data.get("years") or LDict()
        if not isinstance(raw_years, LDict):
            sheet.error(line_of(data, "years"), "'years' must map a year to its schedule")
            raw_years = LDict()
        for year, schedule in raw_years.items():
            read = _read_year(sheet, year, schedule, line_of(raw_years, year))
            if read is not None:
                years[year] = read
    if problems:
        raise IntentLoadError(problems)
    return WorkCalendar(years, fixed)


def _month_day_invalid(month: int, day: int) -> bool:
    try:
        date(2024, month, day)   # a leap year: every month-day that exists in some year
    except ValueError:
        return True
    return False
