"""Pinyin slips: a key word typed with one character of the same sound (`材聊` for 材料), or spelled in pinyin
letters (`shangsu`), is read as the word.

Users type Chinese with a pinyin keyboard and often pick the wrong character of the right sound (`起速`, `仲才`,
`应述通知书`). The words are listed in `intents/vocabulary.yaml` (`sound_alike:`); a slip is accepted when
exactly one character differs, its sound matches (tones ignored; z/zh, c/ch, s/sh, l/n and -n/-ng are not
told apart, as many speakers and keyboards do not), and the typed form is not itself a word of the
dictionary (`上述` and `调节` are real words and stay as they are), nor part of a word with the characters beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import islice, product
from pathlib import Path

# A word typed in pinyin letters (shangsu, zhongcai): at least this many letters, so `ok` or `qq` stay as typed.
MIN_LETTERS = 4
_LETTERS = re.compile(rf"[a-z]{{{MIN_LETTERS},}}")

# Each character's toneless readings, generated from pypinyin by scripts/gen_sounds.py (bot/data/README.md).
SOUNDS_TABLE = Path(__file__).parent / "data" / "sounds.tsv"
# Spellings kept per listed word: one per combination of its characters' readings, at most this many.
MAX_SPELLINGS = 16

# Sounds many southern speakers and fuzzy-pinyin keyboards do not tell apart.
_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("l", "n"))


def _fuzzy(syllable: str) -> str:
    for long, short in _INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long):]
            break
    return syllable[:-1] if syllable.endswith("ng") else syllable


@lru_cache(maxsize=1)
def readings() -> dict[str, tuple[str, ...]]:
    """Every character's toneless readings (heteronyms too), read once at the first likely slip."""
    table: dict[str, tuple[str, ...]] = {}
    with SOUNDS_TABLE.open(encoding="utf-8") as lines:
        for line in lines:
            char, _, spelled = line.rstrip("\n").partition("\t")
            if spelled and not line.startswith("#"):
                table[char] = tuple(spelled.split())
    return table


@lru_cache(maxsize=8192)
def sounds(char: str) -> frozenset[str]:
    """Every reading of one character, toneless and fuzzy; empty for what is not a Chinese character."""
    return frozenset(_fuzzy(r) for r in readings().get(char, ()))


def spellings(word: str) -> list[str]:
    """The ways `word` is spelled in pinyin letters, one per combination of its characters' readings."""
    options = [readings().get(char, ()) for char in word]
    return ["".join(combo) for combo in islice(product(*options), MAX_SPELLINGS)] if all(options) else []


class SoundAlike:
    """Reads one-character pinyin slips of the listed words as the words."""

    def __init__(self, words: Iterable[str], is_word: Callable[[str], bool]) -> None:
        self._is_word = is_word
        words = [w for w in words if len(w) > 1]
        # the word with one character masked -> (the word, the masked position)
        self._masked: dict[str, list[tuple[str, int]]] = {}
        for word in {w for w in words if len(w) > 1}:
            for pos in range(len(word)):
                self._masked.setdefault(self._mask(word, pos), []).append((word, pos))
        self._sizes = sorted({len(w) for w, _ in (v[0] for v in self._masked.values())}, reverse=True)
        self._words = sorted({w for w in words if len(w) > 1})
        self._firsts = frozenset(w[0] for w in self._words)
        self._seconds = frozenset(w[1] for w in self._words)
        self._spelled: dict[str, str] | None = None   # pinyin letters -> word, built at the first use

    def _in_letters(self, letters: re.Match[str]) -> str:
        """A run of latin letters that spells a listed word in pinyin (`lihun`), as the word; else as typed."""
        if self._spelled is None:
            spelled: dict[str, str] = {}
            for word in self._words:
                for letters_of_word in spellings(word):
                    spelled.setdefault(letters_of_word, word)
            self._spelled = spelled
        return self._spelled.get(letters.group(0), letters.group(0))

    @staticmethod
    def _mask(text: str, pos: int) -> str:
        return text[:pos] + "\0" + text[pos + 1:]

    def _slip_of(self, piece: str) -> tuple[str, int] | None:
        """The listed word `piece` is a slip of and the slipped position, or None."""
        if piece[0] not in self._firsts and piece[1] not in self._seconds:   # a slip keeps one of them
            return None
        for pos in range(len(piece)):
            for word, at in self._masked.get(self._mask(piece, pos), ()):
                if at == pos and sounds(piece[pos]) & sounds(word[pos]) and not self._is_word(piece):
                    return word, pos
        return None

    def _edge_taken(self, text: str, start: int, end: int, slipped: int) -> bool:
        """An edge character makes a word with the character beside it, so the piece is no slip there
        (`离婚怎么办` is 怎么, not 离婚证; `现在想` is 现在, not 在线). A longer word's unchanged edges are
        not checked: two right characters of three are evidence enough (`通治书上` is 通知书)."""
        size = end - start
        first = start > 0 and (slipped == 0 or size == 2) and self._is_word(text[start - 1:start + 1])
        return first or (end < len(text) and (slipped == size - 1 or size == 2)
                         and self._is_word(text[end - 1:end + 1]))

    def correct(self, text: str) -> str:
        """`text` (one space-free run) with every slip of a listed word replaced by the word, longest first."""
        if not self._masked:
            return text
        if _LETTERS.search(text):
            text = _LETTERS.sub(self._in_letters, text)
        out: list[str] = []
        i = 0
        while i < len(text):
            # A slip keeps a listed word's first or second character: most positions need no look at all.
            if text[i] not in self._firsts and text[i + 1:i + 2] not in self._seconds:
                out.append(text[i])
                i += 1
                continue
            for size in self._sizes:
                end = i + size
                slip = self._slip_of(text[i:end]) if end <= len(text) else None
                if slip is not None and not self._edge_taken(text, i, end, slip[1]):
                    out.append(slip[0])
                    i = end
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)
