from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.errors import IntentLoadError
from bot.workdays import load_calendar
from tests.conftest import REAL_INTENTS

DEADLINES = REAL_INTENTS / "deadlines"


@pytest.fixture(scope="module")
def cal():
    return load_calendar(DEADLINES)


def test_2026_matches_the_state_council_notice(cal):
    """legal-facts-2.md 6.4: 33 days off and 6 weekend days worked, day by day."""
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    off = [d for d in days if cal.info(d).kind == "holiday"]
    worked = [d for d in days if cal.info(d).kind == "adjusted"]
    assert len(off) == 33
    assert worked == [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
                      date(2026, 9, 20), date(2026, 10, 10)]
    assert cal.info(date(2026, 10, 5)).holiday == "国庆节"
    assert cal.info(date(2026, 2, 16)).holiday == "春节"
    assert cal.official(2026) and cal.official(2004)


def test_a_year_without_a_schedule_uses_weekends_and_fixed_holidays(cal):
    assert not cal.official(2027)
    assert cal.info(date(2027, 1, 1)).kind == "holiday"
    assert cal.info(date(2027, 5, 2)) .kind == "holiday"     # a Sunday, and 劳动节 anyway
    assert cal.info(date(2027, 10, 4)).kind == "workday"     # no 调休 known yet
    assert cal.info(date(2027, 1, 2)).kind == "weekend"
    assert cal.next_workday(date(2027, 1, 1)) == date(2027, 1, 4)


def test_a_maintainer_adds_a_year(tmp_path: Path):
    text = (DEADLINES / "holidays.yaml").read_text(encoding="utf-8").replace("years: {}", """years:
  2027:
    source: 国务院办公厅关于2027年部分节假日安排的通知（测试用，不是真的安排）
    holidays:
      元旦: [2027-01-01..2027-01-03]
      国庆节: [2027-10-01..2027-10-07]
    workdays: [2027-09-26, 2027-10-09]
""")
    (tmp_path / "holidays.yaml").write_text(text, encoding="utf-8")
    cal = load_calendar(tmp_path)
    assert cal.official(2027)
    assert cal.info(date(2027, 10, 5)).holiday == "国庆节"
    assert cal.info(date(2027, 10, 9)).kind == "adjusted"
    assert cal.next_workday(date(2027, 10, 2)) == date(2027, 10, 8)


def test_bad_holiday_files_get_every_error_with_its_line(tmp_path: Path):
    (tmp_path / "holidays.yaml").write_text("""fixed:
  元旦: ["13-01"]
years:
  2027:
    holidays:
      元旦: [2027-01-01..2026-12-30]
    workdays: [2027-01-04, 2028-01-01]
    note: x
""", encoding="utf-8")
    with pytest.raises(IntentLoadError) as err:
        load_calendar(tmp_path)
    found = {(p.line, p.message.split(" ")[0]) for p in err.value.problems}
    messages = "\n".join(str(p) for p in err.value.problems)
    assert "holidays.yaml:2: error: '13-01' is not a month and day" in messages
    assert ":6: error: '2027-01-01..2026-12-30' is not a day" in messages
    assert ":7: error: 2027-01-04 is a weekday" in messages
    assert ":8: error: unknown key 'note'" in messages
    assert "'source' (the State Council notice) is missing" in messages
    assert "every day listed must be in 2027" in messages
    assert len(found) >= 6
