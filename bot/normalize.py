"""Turn raw user text into one canonical form the matcher can rely on."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
_KEEP = ("L", "N")
_SURROGATES = re.compile("[\ud800-\udfff]")
# Where a sentence ends (after NFKC: ！？； are !?;). A keyword or pattern never spans one (`不起诉。我` holds no
# `起诉我`); commas do not end one: `我想起诉，去哪个法院` is one question.
# (Written as one mark, then any more: a search that starts with a character class scans for it in C.)
SENTENCE_BREAKS = re.compile(r"[。!?;\n\r][。!?;\n\r]*")


def scrub(text: str) -> str:
    """Text that can be encoded: lone surrogates become U+FFFD.

    Python turns undecodable input bytes into lone surrogates (the terminal reads stdin and argv
    with 'surrogateescape'); opencc and SQLite refuse them with UnicodeEncodeError.
    """
    return _SURROGATES.sub("\ufffd", text)


class _Cleaning(dict[int, str]):
    """A `str.translate` table: letters and digits stay; punctuation, symbols, emoji and controls become a
    space. Filled as characters are first seen (a table of all of Unicode would slow the start)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = ch if unicodedata.category(ch)[0] in _KEEP else " "
        if len(self) < _CLEANING_SIZE:   # a flood of rare characters must not grow it for ever
            self[code] = out
        return out


_CLEANING_SIZE = 1 << 16
_CLEANING = _Cleaning()


class _Compatible(dict[int, str]):
    """A `str.translate` table: each character to its NFKC form, filled as characters are first seen."""

    def __missing__(self, code: int) -> str:
        self[code] = out = unicodedata.normalize("NFKC", chr(code))
        return out


# Characters whose NFKC forms can be taken one at a time: Latin, general punctuation, CJK punctuation (not the
# combining tone marks 〪-〯), ideographs, full-width forms (not the half-width kana and their sound marks), emoji.
# None is a combining mark or composes with the character before it, so NFKC of a text of them is its characters'
# NFKC forms joined; any other character and the text takes the full (much slower) algorithm.
_ONE_BY_ONE_RANGES = ((0x0000, 0x02FF), (0x2000, 0x206F), (0x3000, 0x3029), (0x3030, 0x303F), (0x3400, 0x4DBF),
                      (0x4E00, 0x9FFF), (0xFF00, 0xFF64), (0x1F300, 0x1FAFF))


def _outside(ranges: tuple[tuple[int, int], ...]) -> re.Pattern[str]:
    """A character outside these ranges of code points (both ends included)."""
    return re.compile("[^" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


_ONE_BY_ONE = _outside(_ONE_BY_ONE_RANGES)
_COMPATIBLE = _Compatible()
# What NFKC leaves alone among those: ASCII, the CJK punctuation 、 to 〩 (not the ideographic space), ideographs
# (tests/test_normalize.py checks every one). The full-width punctuation Chinese is typed with is replaced first.
_NFKC_ALONE_RANGES = ((0x00, 0x7F), (0x3001, 0x3029), (0x3400, 0x4DBF), (0x4E00, 0x9FFF))
_KEPT_BY_NFKC = _outside(_NFKC_ALONE_RANGES)
_TYPED_WIDE = tuple((c, unicodedata.normalize("NFKC", c)) for c in "，？！：；（）\u3000")


def nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, character by character where that gives the same."""
    if _ONE_BY_ONE.search(text) is None:
        for wide, narrow in _TYPED_WIDE:
            if wide in text:
                text = text.replace(wide, narrow)
        # Each character looked up in the table only when one is not left alone (the look-ups are slow).
        return text if _KEPT_BY_NFKC.search(text) is None else text.translate(_COMPATIBLE)
    return unicodedata.normalize("NFKC", text)


def simplified(text: str) -> str:
    """Half-width, simplified characters, punctuation kept: for parsers that read dates, money, numbers."""
    converted: str = _T2S.convert(unicodedata.normalize("NFKC", scrub(text)))
    return converted


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Full-width to half-width, traditional to simplified, lower case, no punctuation/emoji.

    Spaces between words are kept (deaf signers often write word by word), collapsed to one.
    """
    # The sentence breaks are punctuation or controls, cleaned to spaces like any other: the sentences joined are
    # the text, and a message is converted once for both.
    return " ".join(sentences(text))


@lru_cache(maxsize=4096)
def sentences(text: str) -> tuple[str, ...]:
    """The message's sentences, each normalised like `normalize`; joined with spaces they give `normalize(text)`."""
    text = _T2S.convert(nfkc(scrub(text))).lower()
    return tuple(s for part in SENTENCE_BREAKS.split(text) if (s := " ".join(_cleaned(part).split())))


# ASCII that is neither letter nor digit, and 、: a space, as _CLEANING makes them. What is left then is kept as it
# is when it is ASCII or ideographs (all letters: tests/test_normalize.py), else the table decides.
_ASCII_NOT_KEPT = re.compile("[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f\u3001]")
_PLAIN_RANGES = ((0x00, 0x7F), (0x4E00, 0x9FFF))
_NOT_PLAIN = _outside(_PLAIN_RANGES)


def _cleaned(text: str) -> str:
    """`text.translate(_CLEANING)`, without a table look-up per character where that gives the same."""
    text = _ASCII_NOT_KEPT.sub(" ", text)
    return text if _NOT_PLAIN.search(text) is None else text.translate(_CLEANING)


def join_spelled(text: str) -> str:
    """Single characters typed one by one (`帮 写 诉 状`) become one run (`帮写诉状`) for the word splitter.

    Spaces between whole words stay; only a run of one-character parts is joined, so a word whose characters
    were spaced apart (`诉 状`) is found, and replaced by its main word, like the same word typed whole.
    """
    return join_spelled_words(normalize(text))


SPELLED_MIN = 3   # characters typed one by one that make a sentence read as typed whole


def spelled_out(sentence: str) -> bool:
    """Every word of a normalised sentence is one character, and there are three or more (`离 婚 我 想`)."""
    words = sentence.split(" ")
    return len(words) >= SPELLED_MIN and all(len(w) == 1 for w in words)


def join_spelled_words(normalized: str) -> str:
    """`join_spelled` of a text already normalised (a sentence of `sentences`); pinyin syllables typed apart
    (`jia bao`, `shang su`) are joined too, like the characters they stand for."""
    parts: list[str] = []
    after_single = after_syllable = False
    for part in normalized.split(" "):
        syllable = _SYLLABLE.match(part) is not None
        if (after_single and len(part) == 1) or (after_syllable and syllable):
            parts[-1] += part
        else:
            parts.append(part)
        after_single, after_syllable = len(part) == 1, syllable
    return " ".join(parts)


# One pinyin syllable without tones (an initial, one to three vowels, an -n, -ng or -r ending), roughly.
_SYLLABLE = re.compile(r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv]{1,3}(?:ng|n|r)?\Z")


def typed_length(text: str) -> int:
    """Characters of a message as typed, its spaces not counted (signers often space every character)."""
    return len(normalize(text).replace(" ", ""))
