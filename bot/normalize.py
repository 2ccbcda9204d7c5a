"""Turn raw user text into one canonical form the matcher can rely on."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
_KEEP = ("L", "N")
_SURROGATES = re.compile("[\ud800-\udfff]")


def scrub(text: str) -> str:
    """Text that can be encoded: lone surrogates become U+FFFD.

    Python turns undecodable input bytes into lone surrogates (the terminal reads stdin and argv
    with 'surrogateescape'); opencc and SQLite refuse them with UnicodeEncodeError.
    """
    return _SURROGATES.sub("\ufffd", text)


def _clean_char(ch: str) -> str:
    """Letters and digits stay; punctuation, symbols, emoji and controls become a space."""
    return ch if unicodedata.category(ch)[0] in _KEEP else " "


def simplified(text: str) -> str:
    """Half-width, simplified characters, punctuation kept: for parsers that read dates, money, numbers."""
    converted: str = _T2S.convert(unicodedata.normalize("NFKC", scrub(text)))
    return converted


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Full-width to half-width, traditional to simplified, lower case, no punctuation/emoji.

    Spaces between words are kept (deaf signers often write word by word), collapsed to one.
    """
    text = unicodedata.normalize("NFKC", scrub(text))
    text = _T2S.convert(text).lower()
    text = "".join(_clean_char(ch) for ch in text)
    return " ".join(text.split())
