"""Answers as people type them: money (`三千块`, `1.2万`), phones, resident ID numbers, names, dates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from bot.dates import parse_date
from bot.normalize import simplified

_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
          "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_MONEY_WORDS = re.compile(r"(人民币|元整|块钱|块|元|圆|整|RMB|rmb|¥|￥|左右|大概|大约|差不多|一共|共|总共)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CN_NUMBER = re.compile(r"[〇零一二两俩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟\d.]+")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
_LANDLINE = re.compile(r"^(0\d{2,3})-?(\d{7,8})(?:-\d{1,6})?$")
_NAME = re.compile(r"^[\u4e00-\u9fff·•A-Za-z ]{2,30}$")


class BadAnswer(ValueError):
    """The answer does not fit the question; the message says why, in plain words."""


def plain(text: str) -> str:
    """Full-width to half-width, traditional to simplified, outer spaces removed."""
    return simplified(unicodedata.normalize("NFKC", text)).strip()


def has_emoji(text: str) -> bool:
    return any(unicodedata.category(c) == "So" or 0x1F000 <= ord(c) <= 0x1FAFF for c in text)


def _small(text: str) -> int:
    """A Chinese number below 10,000: 三千五百 -> 3500, 十二 -> 12, 三千五 -> 3500 (spoken short form)."""
    total, digit, last_unit = 0, -1, 0
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _UNIT:
            total += (1 if digit < 0 else digit) * _UNIT[ch]
            last_unit, digit = _UNIT[ch], -1
        else:
            raise BadAnswer(text)
    if digit >= 0:
        # 三千五: a trailing digit after a unit counts one unit lower (五 = 500); 三千零五 has the 零 first.
        total += digit * (last_unit // 10 if last_unit >= 100 and not text.endswith("零" + text[-1:]) else 1)
    return total


def _amount(text: str) -> Decimal:
    """Mixed digits and Chinese units: 1.2万, 3千, 1万2, 一万二千, 两万五."""
    for big in ("亿", "万"):
        if big in text:
            head, _, tail = text.partition(big)
            value = _amount(head) * _BIG[big] if head else Decimal(_BIG[big])
            if tail:
                rest = _amount(tail)
                # 1万2 means 12,000: a lone digit after 万 is thousands.
                if re.fullmatch(r"[\d一二两三四五六七八九]", tail):
                    rest *= _BIG[big] // 10
                value += rest
            return value
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千拾佰仟])(.*)", text)
    if m:
        base = Decimal(m.group(1)) * _UNIT[m.group(2)]
        if m.group(3):
            extra = _amount(m.group(3))
            if re.fullmatch(r"\d|[一二两三四五六七八九]", m.group(3)):
                extra *= _UNIT[m.group(2)] // 10 or 1
            base += extra
        return base
    return Decimal(_small(text))


def parse_money(text: str) -> Decimal:
    """Yuan as typed: `三千块`, `3千`, `3000元`, `1.2万`, `5,000.50`. Raises BadAnswer."""
    s = _MONEY_WORDS.sub("", plain(text)).replace(",", "").replace("，", "").replace(" ", "")
    if not s or not _CN_NUMBER.fullmatch(s):
        raise BadAnswer("money")
    try:
        value = _amount(s)
    except (BadAnswer, InvalidOperation, KeyError):
        raise BadAnswer("money") from None
    if value <= 0 or value > Decimal("1e12"):
        raise BadAnswer("money")
    return value.quantize(Decimal("0.01")).normalize() if value % 1 else value.quantize(Decimal(1))


def format_money(value: Decimal) -> str:
    """`3000`, `1200.5`: the form writes 元 after the number itself."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_phone(text: str) -> str:
    """A mobile (11 digits) or landline (area code + number) number, digits only with a dash for landlines."""
    # Spaces and brackets separate the area code (010 12345678): keep them as a dash.
    s = re.sub(r"[\s()（）—]+", "-", plain(text)).strip("-")
    if m := _MOBILE.match(s.replace("-", "")):
        return m.group(1)
    if m := _LANDLINE.match(s):
        return f"{m.group(1)}-{m.group(2)}"
    raise BadAnswer("phone")


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth: date
    gender: str   # "m" or "f"


def parse_id(text: str) -> ResidentId:
    """An 18-character resident ID number, with its check digit, birth date and gender."""
    s = re.sub(r"\s", "", plain(text)).upper()
    if not re.fullmatch(r"\d{17}[\dX]", s):
        raise BadAnswer("id")
    try:
        birth = date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        raise BadAnswer("id") from None
    check = _ID_CHECK[sum(int(d) * w for d, w in zip(s[:17], _ID_WEIGHTS, strict=True)) % 11]
    if s[17] != check:
        raise BadAnswer("id_check")
    return ResidentId(s, birth, "m" if int(s[16]) % 2 else "f")


# Asking or not understanding, typed where a name was asked (怎么写, 不懂): no name holds these words.
_NOT_A_NAME = re.compile("怎么|什么|为什么|多少|哪|吗|呢|咋|啥|不懂|不会|不知道|不清楚")


def parse_name(text: str) -> str:
    """A person's name: Chinese characters (with · for ethnic names) or Latin letters, no digits."""
    s = re.sub(r"^(我叫|我是|名字是|叫|他叫|她叫|对方叫)", "", plain(text)).strip()
    chinese_only = re.fullmatch(r"[\u4e00-\u9fff]+", s) is not None
    if (not _NAME.fullmatch(s) or len(s.replace(" ", "")) < 2 or (chinese_only and len(s) > 6)
            or _NOT_A_NAME.search(s)):
        raise BadAnswer("name")
    return s


def parse_day(text: str, today: date) -> tuple[date, str]:
    """A past date and its precision (`day`, `month`, `year`)."""
    found = parse_date(text, today, past=True)
    if found is None:
        raise BadAnswer("date")
    if found.value > today:   # read, but not yet: say so rather than "not understood" (2030年1月1日 as a birthday)
        raise BadAnswer("future")
    return found.value, found.precision


def format_day(value: date, precision: str) -> str:
    if precision == "year":
        return f"{value.year}年"
    if precision == "month":
        return f"{value.year}年{value.month}月"
    return f"{value.year}年{value.month}月{value.day}日"
