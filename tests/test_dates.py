from datetime import date

import pytest

from bot.dates import TypedDate, format_zh, parse_date, weekday_zh

TODAY = date(2026, 12, 1)   # a Tuesday


@pytest.mark.parametrize("text, expected", [
    ("2015年5月1日", date(2015, 5, 1)),
    ("2015.5.1", date(2015, 5, 1)),
    ("2015/05/01", date(2015, 5, 1)),
    ("2015-5-1", date(2015, 5, 1)),
    ("２０１５年５月１日", date(2015, 5, 1)),
    ("二〇一五年五月一日", date(2015, 5, 1)),
    ("2026年11月14日 收到", date(2026, 11, 14)),
    ("判决书 11月3日 收到的", date(2026, 11, 3)),
    ("11月3号", date(2026, 11, 3)),
    ("十一月三日", date(2026, 11, 3)),
    ("12月25日", date(2025, 12, 25)),      # no year, not yet this year: last year's
    ("今天", TODAY),
    ("昨天收到的", date(2026, 11, 30)),
    ("前天", date(2026, 11, 29)),
    ("3天前", date(2026, 11, 28)),
    ("上周五", date(2026, 11, 27)),
    ("上星期一", date(2026, 11, 23)),
    ("周一", date(2026, 11, 30)),
    ("周五", date(2026, 11, 27)),          # a bare weekday later in this week means last week's
    ("本周二", date(2026, 12, 1)),
])
def test_days_in_the_forms_people_type(text, expected):
    found = parse_date(text, TODAY)
    assert found is not None and found.value == expected and found.precision == "day"


def test_month_and_two_digit_years():
    assert parse_date("15年5月", TODAY) == TypedDate(date(2015, 5, 1), "month")
    assert parse_date("98年3月", TODAY) == TypedDate(date(1998, 3, 1), "month")
    assert parse_date("2010年", TODAY) == TypedDate(date(2010, 1, 1), "year")


def test_a_date_without_a_year_says_so_and_can_look_ahead():
    found = parse_date("1月5日", TODAY, past=False)
    assert found == TypedDate(date(2027, 1, 5), "day", year_given=False)


@pytest.mark.parametrize("text", ["2月30日", "2026年13月1日", "不知道", "", "好的", "3000元"])
def test_not_a_date(text):
    assert parse_date(text, TODAY) is None


def test_leap_day_without_a_year_takes_the_last_leap_year():
    assert parse_date("2月29日", TODAY).value == date(2024, 2, 29)


def test_format():
    assert format_zh(date(2026, 11, 30)) == "2026年11月30日（星期一）"
    assert weekday_zh(date(2026, 12, 6)) == "星期日"


def test_a_short_number_pair_is_a_month_and_day_not_a_year():
    assert parse_date("11.3", TODAY).value == date(2026, 11, 3)
    assert parse_date("11-3", TODAY).value == date(2026, 11, 3)
