"""Turn raw user text into one canonical form the matcher can rely on."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
_KEEP = ("L", "N")


def _clean_char(ch: str) -> str:
    """Letters and digits stay; punctuation, symbols, emoji and controls become a space."""
    return ch if unicodedata.category(ch)[0] in _KEEP else " "


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Full-width to half-width, traditional to simplified, lower case, no punctuation/emoji.

    Spaces between words are kept (deaf signers often write word by word), collapsed to one.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _T2S.convert(text).lower()
    text = "".join(_clean_char(ch) for ch in text)
    return " ".join(text.split())
