"""Answers as people type them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.forms.parse import BadAnswer, format_money, parse_day, parse_id, parse_money, parse_name, parse_phone


@pytest.mark.parametrize(("text", "expected"), [
    ("三千块", "3000"), ("3千", "3000"), ("3000元", "3000"), ("1.2万", "12000"), ("1万2", "12000"),
    ("一万二千元", "12000"), ("两万五", "25000"), ("5,000.50", "5000.5"), ("三千零五", "3005"), ("十二万", "120000"),
    ("3千5", "3500"), ("一百五", "150"), ("人民币8000元整", "8000"), ("大概两千块钱", "2000"), ("３０００元", "3000"),
    ("壹万元", "10000"),
])
def test_money(text: str, expected: str) -> None:
    assert format_money(parse_money(text)) == expected


@pytest.mark.parametrize("text", ["", "很多", "0", "-5", "三千块和两千块", "1.2.3万"])
def test_not_money(text: str) -> None:
    with pytest.raises(BadAnswer):
        parse_money(text)


def test_money_keeps_cents() -> None:
    assert parse_money("12.34元") == Decimal("12.34")


@pytest.mark.parametrize(("text", "expected"), [
    ("13812345678", "13812345678"), ("138 1234 5678", "13812345678"), ("+86 138-1234-5678", "13812345678"),
    ("0898-66123456", "0898-66123456"), ("（0898）66123456", "0898-66123456"), ("010 12345678", "010-12345678"),
])
def test_phone(text: str, expected: str) -> None:
    assert parse_phone(text) == expected


@pytest.mark.parametrize("text", ["1381234567", "23812345678", "12345", "电话"])
def test_not_a_phone(text: str) -> None:
    with pytest.raises(BadAnswer, match="phone"):
        parse_phone(text)


def test_resident_id_gives_birth_and_gender() -> None:
    found = parse_id("11010519491231002x")
    assert (found.number, found.birth, found.gender) == ("11010519491231002X", date(1949, 12, 31), "f")
    assert parse_id("110105198803080016").gender == "m"


@pytest.mark.parametrize(("text", "reason"), [
    ("110105194912310021", "id_check"), ("11010519491231002", "id"), ("110105194913310028", "id"), ("abc", "id"),
])
def test_bad_resident_ids(text: str, reason: str) -> None:
    with pytest.raises(BadAnswer) as caught:
        parse_id(text)
    assert str(caught.value) == reason


@pytest.mark.parametrize(("text", "expected"), [
    ("张三", "张三"), ("我叫李红", "李红"), ("阿依古丽·买买提", "阿依古丽·买买提"), ("John Smith", "John Smith"),
])
def test_names(text: str, expected: str) -> None:
    assert parse_name(text) == expected


@pytest.mark.parametrize("text", ["张", "张三123", "我不知道他叫什么名字但是他住在海口市琼山区"])
def test_not_names(text: str) -> None:
    with pytest.raises(BadAnswer):
        parse_name(text)


def test_dates_use_the_shared_parser_and_refuse_the_future() -> None:
    today = date(2026, 12, 1)
    assert parse_day("2015.5.1", today) == (date(2015, 5, 1), "day")
    assert parse_day("15年5月", today) == (date(2015, 5, 1), "month")
    with pytest.raises(BadAnswer):
        parse_day("2027年1月1日", today)
    with pytest.raises(BadAnswer):
        parse_day("不记得了", today)
