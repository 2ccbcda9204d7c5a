from datetime import date
from pathlib import Path

import pytest

from bot.dates import parse_date
from bot.deadlines import Period, add_months, compute, load_deadline_data, load_periods, recognise
from bot.errors import IntentLoadError
from tests.conftest import REAL_INTENTS

DEADLINES = REAL_INTENTS / "deadlines"
TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def data():
    return load_deadline_data(DEADLINES)


def period(length: int, unit: str, end_rule: str = "next_workday") -> Period:
    return Period("p", "期限", "期限", "依据", "说明", length=length, unit=unit, end_rule=end_rule)


# (period id, the day it starts, the day counted, the last day, what the counted day is)
TABLE = [
    ("appeal_ruling", date(2026, 4, 20), date(2026, 4, 30), date(2026, 4, 30), "workday"),      # ordinary
    ("appeal_judgment", date(2026, 3, 6), date(2026, 3, 21), date(2026, 3, 23), "weekend"),     # Saturday
    ("appeal_judgment", date(2026, 11, 14), date(2026, 11, 29), date(2026, 11, 30), "weekend"),  # Sunday
    ("appeal_judgment", date(2026, 9, 22), date(2026, 10, 7), date(2026, 10, 8), "holiday"),    # National Day
    ("appeal_judgment", date(2026, 9, 20), date(2026, 10, 5), date(2026, 10, 8), "holiday"),
    ("appeal_judgment", date(2026, 2, 1), date(2026, 2, 16), date(2026, 2, 24), "holiday"),     # Spring Festival
    ("defense", date(2026, 6, 4), date(2026, 6, 19), date(2026, 6, 22), "holiday"),             # 端午
    ("appeal_judgment", date(2026, 2, 13), date(2026, 2, 28), date(2026, 2, 28), "adjusted"),   # worked Saturday
    ("court_fee", date(2026, 9, 13), date(2026, 9, 20), date(2026, 9, 20), "adjusted"),         # worked Sunday
    ("appeal_judgment", date(2026, 12, 17), date(2027, 1, 1), date(2027, 1, 4), "holiday"),     # 2027, unofficial
    # months and years: the same day number; the month's last day when there is none (民法典 第202条)
    ("retrial", date(2026, 3, 15), date(2026, 9, 15), date(2026, 9, 15), "workday"),
    ("retrial", date(2026, 8, 31), date(2027, 2, 28), date(2027, 2, 28), "weekend"),            # as_is: stays
    ("retrial", date(2023, 8, 31), date(2024, 2, 29), date(2024, 2, 29), "workday"),            # leap year
    ("enforcement", date(2024, 2, 29), date(2026, 2, 28), date(2026, 2, 28), "adjusted"),      # from a leap day
    ("labor_arbitration", date(2025, 12, 31), date(2026, 12, 31), date(2026, 12, 31), "workday"),
    ("work_injury", date(2026, 1, 3), date(2027, 1, 3), date(2027, 1, 3), "weekend"),
]


@pytest.mark.parametrize(("pid", "start", "counted", "last", "kind"), TABLE)
def test_last_days(data, pid, start, counted, last, kind):
    deadline = compute(data.get(pid), start, data.calendar)
    assert (deadline.counted, deadline.last, deadline.counted_info.kind) == (counted, last, kind)
    assert deadline.unofficial == ((2027,) if last.year == 2027 or counted.year == 2027 else ())


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2026, 5, 28), 3, date(2026, 8, 28)),
    (date(2026, 10, 31), 6, date(2027, 4, 30)),
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
])
def test_add_months_keeps_the_day_or_takes_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_a_month_period_ending_on_a_holiday_moves_when_its_rule_says_so(data):
    # 2026-04-04 + 6 months = 2026-10-04, inside the National Day holiday
    assert compute(period(6, "month"), date(2026, 4, 4), data.calendar).last == date(2026, 10, 8)
    assert compute(period(6, "month", "as_is"), date(2026, 4, 4), data.calendar).last == date(2026, 10, 4)


@pytest.mark.parametrize(("typed", "last"), [
    ("11月3日", date(2026, 11, 18)),
    ("2026.11.3", date(2026, 11, 18)),
    ("昨天", date(2026, 12, 15)),       # 11-30 + 15 = 12-15
    ("上周五", date(2026, 12, 14)),     # 11-27 + 15 = 12-12, a Saturday
])
def test_dates_as_typed(data, typed, last):
    start = parse_date(typed, TODAY)
    assert compute(data.get("appeal_judgment"), start.value, data.calendar).last == last


def test_court_set_periods_are_not_computed(data):
    with pytest.raises(ValueError):
        compute(data.get("evidence"), TODAY, data.calendar)


@pytest.mark.parametrize(("text", "ids"), [
    ("判决书 11月3日 收到的 上诉 最后 哪天", ["appeal_judgment"]),
    ("上诉期限到哪天", ["appeal_judgment", "appeal_ruling"]),
    ("支付令什么时候要提异议", ["payment_order_objection"]),
    ("起诉状副本收到了答辩到哪天", ["defense"]),
    ("仲裁裁决不服去法院起诉", ["labor_award_lawsuit"]),
    ("今天天气", []),
])
def test_periods_named_in_a_message(data, text, ids):
    assert [p.id for p in recognise(text, data.periods)] == ids


def test_every_period_has_a_source_and_what_to_do(data):
    assert len(data.periods) >= 12
    for p in data.periods:
        assert p.source and p.explain and p.button
        if not p.court_sets:
            assert p.ask and p.todo and p.late and p.length > 0


def test_bad_period_files_get_every_error_with_its_line(tmp_path: Path):
    (tmp_path / "periods.yaml").write_text("""periods:
  - id: appeal
    name: 上诉
    button: 上诉
    length: -3
    unit: week
    ask: 哪天？
    todo: 交上诉状
    late: 申请顺延
    source: 第171条
    explain: 说明
    end_rule: sometimes
    lenght: 15
  - id: appeal
    name: 上诉
    button: 上诉
    court_sets: true
    source: x
    explain: x
  - name: 没有id
""", encoding="utf-8")
    with pytest.raises(IntentLoadError) as err:
        load_periods(tmp_path)
    messages = "\n".join(str(p) for p in err.value.problems)
    for expected in (":5: error: 'length' must be a whole number", ":6: error: 'unit' must be one of",
                     ":12: error: 'end_rule' must be one of", ":13: error: unknown key 'lenght' (did you mean 'length'?)",
                     ":14: error: duplicate id 'appeal' (first on line 2)", ":20: error: 'id' must be lower-case",
                     ":20: error: 'button' is missing"):
        assert expected in messages, messages


def test_the_book_reloads_edits_and_keeps_the_last_good_set(tmp_path: Path):
    import os
    import shutil

    from bot.deadlines import DeadlineBook

    for name in ("periods.yaml", "holidays.yaml"):
        shutil.copy(DEADLINES / name, tmp_path / name)
    book = DeadlineBook(tmp_path)
    periods = tmp_path / "periods.yaml"
    periods.write_text(periods.read_text(encoding="utf-8").replace("length: 15", "length: 20", 1), encoding="utf-8")
    os.utime(periods, ns=(1, 1))   # a change the size alone would show; the time makes it certain
    assert book.data.get("appeal_judgment").length == 20
    periods.write_text("periods: [", encoding="utf-8")
    assert book.data.get("appeal_judgment").length == 20
