"""Legal periods as data (`intents/deadlines/periods.yaml`) and their last day (民事诉讼法 第85条)."""

from __future__ import annotations

import calendar
import difflib
import logging
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bot.errors import IntentLoadError, Problem
from bot.intents import ID_RE, IntentSet
from bot.normalize import normalize
from bot.texts import DEFAULT_OFFICE, PERIOD_UNITS
from bot.workdays import HOLIDAYS_FILE, DayInfo, WorkCalendar, load_calendar
from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, line_of, load_yaml

log = logging.getLogger(__name__)
PERIODS_FILE = "periods.yaml"
DEADLINES_DIR = "deadlines"   # beside the intent files: periods.yaml, holidays.yaml
UNITS = PERIOD_UNITS
# next_workday: 民诉法 第85条, a last day on a rest day moves to the next working day.
# as_is: the statute gives no such rule we could verify: the last day stays, and the answer says to act before it.
END_RULES = ("next_workday", "as_is")
TEXT_KEYS = ("name", "button", "source", "explain")
COMPUTED_KEYS = ("ask", "todo", "late")
PERIOD_KEYS = {"id", "length", "unit", "end_rule", "posting", "words", "court_sets", "notes", "office",
               *TEXT_KEYS, *COMPUTED_KEYS}


@dataclass(frozen=True)
class Period:
    """One legal period: how long, from what, how it ends, and what to tell the user."""

    id: str
    name: str
    button: str
    source: str
    explain: str
    length: int = 0
    unit: str = "day"
    ask: str = ""
    todo: str = ""
    late: str = ""
    end_rule: str = "next_workday"
    posting: bool = False
    words: tuple[tuple[str, ...], ...] = ()   # each entry: parts that must all be in the message
    court_sets: bool = False                  # set by the court (举证期限, 开庭): explained, never computed
    office: str = DEFAULT_OFFICE               # where to confirm a date the calculator is unsure of

    @property
    def length_text(self) -> str:
        return f"{self.length}{UNITS[self.unit]}"


@dataclass(frozen=True)
class Deadline:
    """A computed last day, with what it took to get there."""

    period: Period
    start: date
    counted: date          # the day the period runs out, counted as the law says
    last: date             # `counted`, moved off rest days when the period's end rule says so
    counted_info: DayInfo
    unofficial: tuple[int, ...]   # years involved that have no official holiday schedule yet

    @property
    def moved(self) -> bool:
        return self.last != self.counted


def add_months(start: date, months: int) -> date:
    """The day in the month `months` later with the same number; the month's last day when there is none.

    民法典 第202条: 按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日。
    """
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def compute(period: Period, start: date, cal: WorkCalendar) -> Deadline:
    """The last day of `period` started by an event on `start` (that day itself not counted)."""
    if period.court_sets:
        raise ValueError(f"{period.id} is set by the court and cannot be computed")
    if period.unit == "day":
        counted = start + timedelta(days=period.length)
    else:
        counted = add_months(start, period.length * (12 if period.unit == "year" else 1))
    last = cal.next_workday(counted) if period.end_rule == "next_workday" else counted
    years = sorted({counted.year, last.year})
    return Deadline(period, start, counted, last, cal.info(counted),
                    tuple(y for y in years if not cal.official(y)))


def recognise(text: str, periods: tuple[Period, ...], loose: bool = False) -> list[Period]:
    """The periods a message names, best first; several when it is not clear (`上诉` alone).

    `loose` counts each word of a combination on its own: an answer to "which period?" may be just `判决书`.
    """
    compact = normalize(text).replace(" ", "")   # 判決書 … 上訴: traditional characters and full-width forms too
    scored: list[tuple[int, Period]] = []
    for period in periods:
        words = [(part,) for parts in period.words for part in parts] if loose else period.words
        best = max((sum(len(p) for p in parts) for parts in words
                    if all(p in compact for p in parts)), default=0)
        if best:
            scored.append((best, period))
    if not scored:
        return []
    top = max(score for score, _ in scored)
    return [p for score, p in scored if score == top]


@dataclass(frozen=True)
class DeadlineData:
    periods: tuple[Period, ...]
    calendar: WorkCalendar

    def get(self, period_id: str) -> Period | None:
        return next((p for p in self.periods if p.id == period_id), None)


def _read_period(item: Any, line: int, sheet: Validator) -> Period | None:
    problems, error = sheet.problems, sheet.error
    if not isinstance(item, LDict):
        error(line, "each period must be a mapping (id, name, button, length, unit, ...)")
        return None
    before = len(problems)
    sheet.keys(item, PERIOD_KEYS)
    pid = item.get("id")
    if not isinstance(pid, str) or not ID_RE.match(pid):
        error(line_of(item, "id", line), "'id' must be lower-case words such as appeal_judgment")
    court_sets = item.get("court_sets", False) is True
    texts: dict[str, str] = {}
    for key in (*TEXT_KEYS, *(() if court_sets else COMPUTED_KEYS)):
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            error(line_of(item, key, line), f"'{key}' is missing or empty")
        else:
            texts[key] = value.strip()
    length, unit, rule = item.get("length", 0), item.get("unit", "day"), item.get("end_rule", "next_workday")
    if not court_sets:
        if isinstance(length, bool) or not isinstance(length, int) or length < 1:
            error(line_of(item, "length", line), "'length' must be a whole number of days, months or years (15)")
        if unit not in UNITS:
            error(line_of(item, "unit", line), f"'unit' must be one of: {', '.join(UNITS)}")
        if rule not in END_RULES:
            error(line_of(item, "end_rule", line), f"'end_rule' must be one of: {', '.join(END_RULES)}")
    for flag in ("posting", "court_sets"):
        if not isinstance(item.get(flag, False), bool):
            error(line_of(item, flag), f"'{flag}' must be true or false")
    words = item.get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        error(line_of(item, "words", line), "'words' must be a list of words (`判决+上诉`: both must be present)")
        words = []
    office = item.get("office", DEFAULT_OFFICE)
    if not isinstance(office, str) or not office.strip():
        error(line_of(item, "office", line), "'office' must name where to confirm the date (法院, 仲裁委, ...)")
    if len(problems) > before:
        return None
    return Period(id=str(pid), office=str(office).strip(), length=int(length), unit=str(unit), end_rule=str(rule),
                  posting=item.get("posting", False) is True, court_sets=court_sets,
                  words=tuple(tuple(p.strip() for p in w.replace(" ", "").split("+") if p.strip()) for w in words),
                  **texts)


def load_periods(directory: Path) -> tuple[Period, ...]:
    """Every period in `periods.yaml`; IntentLoadError lists every problem with its line."""
    path = directory / PERIODS_FILE
    data, lines, problems = load_yaml(path)
    periods: list[Period] = []
    sheet = Validator(path, lines, problems)
    if not problems:
        items = data.get("periods") if isinstance(data, LDict) else None
        if not isinstance(items, list) or not items:
            sheet.error(1, "the file must have 'periods:', a list of periods")
            items = []
        seen: dict[str, int] = {}
        for item, line in zip(items, getattr(items, "item_lines", []), strict=False):
            period = _read_period(item, line, sheet)
            # Ids of broken periods still count, so duplicates are found in the same run.
            pid = item.get("id") if isinstance(item, LDict) else None
            if isinstance(pid, str) and pid in seen:
                sheet.error(line, f"duplicate id '{pid}' (first on line {seen[pid]})")
                continue
            if isinstance(pid, str):
                seen[pid] = line
            if period is not None:
                periods.append(period)
    if problems:
        raise IntentLoadError(problems)
    return tuple(periods)


def load_deadline_data(directory: Path) -> DeadlineData:
    """Periods and calendar together; every problem of both files in one IntentLoadError."""
    problems: list[Problem] = []
    periods: tuple[Period, ...] = ()
    cal: WorkCalendar | None = None
    try:
        periods = load_periods(directory)
    except IntentLoadError as exc:
        problems += exc.problems
    try:
        cal = load_calendar(directory)
    except IntentLoadError as exc:
        problems += exc.problems
    if problems or cal is None:
        raise IntentLoadError(problems)
    return DeadlineData(periods, cal)


class DeadlineBook:
    """The live deadline data: reloaded when its files change, keeping the last good set on errors."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._lock = threading.Lock()
        self._signature = self._stat()
        self._data = load_deadline_data(directory)

    def _stat(self) -> tuple[tuple[int, int], ...]:
        out = []
        for name in (PERIODS_FILE, HOLIDAYS_FILE):
            try:
                st = (self.directory / name).stat()
            except OSError:
                continue
            out.append((st.st_mtime_ns, st.st_size))
        return tuple(out)

    @property
    def data(self) -> DeadlineData:
        signature = self._stat()
        if signature != self._signature:
            with self._lock:
                self._signature = signature
                try:
                    self._data = load_deadline_data(self.directory)
                except IntentLoadError as exc:
                    log.warning("deadline data not reloaded, keeping the last good set: %d problem(s)",
                                len(exc.problems))
        return self._data


def check_buttons(intents: IntentSet, data: DeadlineData) -> list[Problem]:
    """Intent buttons `/deadline PERIOD` must name a period that exists and can be computed or explained."""
    out = []
    known = {p.id for p in data.periods}
    for intent in intents:
        for button in intent.buttons:
            command, _, arg = button.partition(" ")
            if command == "/deadline" and arg.strip() and arg.strip() not in known:
                hint = difflib.get_close_matches(arg.strip(), sorted(known), n=1)
                out.append(Problem(intent.file, intent.line, f"button '{button}' of '{intent.id}' names an unknown "
                                   "period" + (f" (did you mean '{hint[0]}'?)" if hint else "")))
    return out
