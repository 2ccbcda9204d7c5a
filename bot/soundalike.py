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
# One letter, then the rest: a search starting with a character class scans in C for its first letter.
_LETTERS = re.compile(rf"[a-z][a-z]{{{MIN_LETTERS - 1},}}")
# One pinyin syllable, longest first (an initial, one to three vowels, an -n, -ng or -r ending), roughly.
_SYLLABLES = re.compile(r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv]{1,3}(?:ng|n|r)?")

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


Slips = tuple[dict[str, tuple[str, int]], frozenset[str]]   # slip -> (word, slipped position); the slips' heads


def _chars(chars: Iterable[str]) -> str:
    """The characters as the inside of a regular expression's class."""
    return "".join(re.escape(c) for c in sorted(chars))


class SoundAlike:
    """Reads one-character pinyin slips of the listed words as the words."""

    def __init__(self, words: Iterable[str], is_word: Callable[[str], bool]) -> None:
        self._is_word = is_word
        self._words = sorted({w for w in words if len(w) > 1})
        self._sizes = sorted({len(w) for w in self._words}, reverse=True)
        self._firsts = frozenset(w[0] for w in self._words)
        self._seconds = frozenset(w[1] for w in self._words)
        self._maybe = re.compile(f"(?=[{_chars(self._firsts)}]|.[{_chars(self._seconds)}])" if self._words else "(?!)",
                                 re.DOTALL)
        # Slips -> (word, position), by the character they keep, with the slips' first two characters: built as
        # messages need them (`_slips`).
        self._at_start: dict[str, Slips] = {}
        self._after_first: dict[str, Slips] = {}
        self._by_sound: dict[str, list[str]] | None = None
        self._spelled: dict[str, str] | None = None   # pinyin letters -> word, built at the first use

    def _in_letters(self, letters: re.Match[str]) -> str:
        """A run of latin letters that spells a listed word in pinyin (`lihun`), as the word; else as typed."""
        if self._spelled is None:
            spelled: dict[str, str] = {}
            for word in self._words:
                for letters_of_word in spellings(word):
                    spelled.setdefault(letters_of_word, word)
            self._spelled = spelled
        run = letters.group(0)
        found = self._spelled.get(run)
        return found if found is not None else self._words_in(run, self._spelled)

    @staticmethod
    def _words_in(run: str, spelled: dict[str, str]) -> str:
        """A run of several pinyin syllables typed apart and joined (`xieyilihunyaodengduojiu`): each longest group of
        whole syllables that spells a listed word, as the word (`协议离婚yaodengduojiu`); other syllables as typed."""
        syllables = _SYLLABLES.findall(run)
        if "".join(syllables) != run:
            return run
        out, i = [], 0
        while i < len(syllables):
            i, word = next(((j, spelled[group]) for j in range(len(syllables), i, -1)
                            if len(group := "".join(syllables[i:j])) >= MIN_LETTERS and group in spelled),
                           (i + 1, syllables[i]))
            out.append(word)
        return "".join(out)

    def _alike(self) -> dict[str, list[str]]:
        """The characters of each sound the listed words' characters have (read from the table at the first use)."""
        if self._by_sound is None:
            wanted = {sound for word in self._words for char in word for sound in sounds(char)}
            by_sound: dict[str, list[str]] = {sound: [] for sound in wanted}
            fuzzy: dict[str, str] = {}
            for char, spelled in readings().items():
                for reading in spelled:
                    sound = fuzzy.get(reading)
                    if sound is None:
                        sound = fuzzy[reading] = _fuzzy(reading)
                    if sound in by_sound:
                        by_sound[sound].append(char)   # twice for two readings of one sound: a set below
            self._by_sound = by_sound
        return self._by_sound

    def _slips(self, char: str, first: bool) -> Slips:
        """Every way of typing a listed word with one character of the same sound (the right one too), with the
        word and the slipped position: of the words that start with `char` (`first`, slipped after it), or that
        have `char` second (slipped at the start). The earliest position wins, then the first word in order.

        A message is then read with a look-up or two per position and length, instead of testing each position's
        sounds against every listed word; each table is built when a message first needs it. With the forms come
        their first two characters: a position whose two are not among them starts none of the forms.
        """
        tables = self._after_first if first else self._at_start
        table = tables.get(char)
        if table is None:
            by_sound, forms = self._alike(), {}
            words = [w for w in self._words if w[0 if first else 1] == char]
            positions = range(1, max(self._sizes)) if first else range(1)
            for pos in reversed(positions):   # backwards: the earliest position is written last
                for word in reversed(words):
                    if pos < len(word):
                        head, tail = word[:pos], word[pos + 1:]
                        alike = {c for sound in sounds(word[pos]) for c in by_sound[sound]}
                        forms.update(dict.fromkeys([head + c + tail for c in alike], (word, pos)))
            table = tables[char] = (forms, frozenset(form[:2] for form in forms))
        return table

    def _edge_taken(self, text: str, start: int, end: int, slipped: int) -> bool:
        """An edge character makes a word with the character beside it, so the piece is no slip there
        (`离婚怎么办` is 怎么, not 离婚证; `现在想` is 现在, not 在线). A longer word's unchanged edges are
        not checked: two right characters of three are evidence enough (`通治书上` is 通知书)."""
        size = end - start
        first = start > 0 and (slipped == 0 or size == 2) and self._is_word(text[start - 1:start + 1])
        return first or (end < len(text) and (slipped == size - 1 or size == 2)
                         and self._is_word(text[end - 1:end + 1]))

    def correct(self, text: str) -> str:
        """`text` (one space-free run) with every slip of a listed word replaced by the word, longest first.

        A piece is a slip of a listed word when exactly one character differs and has the same sound, and the
        piece is not a word of the dictionary itself.
        """
        if not self._words:
            return text
        if _LETTERS.search(text):
            text = _LETTERS.sub(self._in_letters, text)
        firsts, seconds, n = self._firsts, self._seconds, len(text)
        at_start, after_first = self._at_start, self._after_first
        out: list[str] = []
        done = 0   # text before this is in `out`
        # A slip keeps a listed word's first or second character: only such positions are looked at. Every piece
        # from a position shares its first two characters, so the position's two tables serve every length.
        for at in self._maybe.finditer(text):
            i = at.start()
            if i < done or i + 2 > n:   # inside a slip already read, or no room for a word
                continue
            pair, by_second, by_first = text[i:i + 2], None, None
            if pair[1] in seconds:
                forms, heads = at_start.get(pair[1]) or self._slips(pair[1], False)
                by_second = forms if pair in heads else None
            if pair[0] in firsts:
                forms, heads = after_first.get(pair[0]) or self._slips(pair[0], True)
                by_first = forms if pair in heads else None
            if by_second is None and by_first is None:   # no slip of any length starts here
                continue
            for size in self._sizes:
                end = i + size
                if end > n:
                    continue
                piece = text[i:end]
                slip = by_second.get(piece) if by_second is not None else None
                if slip is None and by_first is not None:
                    slip = by_first.get(piece)
                if slip is not None and not self._is_word(piece) and not self._edge_taken(text, i, end, slip[1]):
                    out += (text[done:i], slip[0])
                    done = end
                    break
        return "".join(out) + text[done:] if out else text
