"""Which words of a fixed list occur in a text, found with set operations on the text's pairs of characters.

The matcher looks for a few thousand rule words in every message, and in parts of it again. A walk from each
character through the words' prefixes costs a dictionary look-up and a new string per step in Python; here a
text's neighbouring pairs are made once (the rule index reads them too) and compared with the words in C, single
characters are found by one regular-expression scan, and only the few longer words whose rarest pair occurs are
searched for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from operator import add


def pairs_of(text: str) -> frozenset[str]:
    """Every two characters side by side in `text`."""
    return frozenset(map(add, text, text[1:]))


def any_char(chars: Iterable[str]) -> re.Pattern[str]:
    """A search for any one of these characters (none: never found)."""
    inside = "".join(map(re.escape, sorted(set(chars))))
    return re.compile(f"[{inside}]" if inside else "(?!)")


def any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """A search for any of the words (none: never found). An empty word is found anywhere, as `"" in text` is."""
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def remove_words(text: str, words: list[str], only_ends: bool = False) -> str:
    """`text` without the given words (anywhere, or only repeatedly at its start and end)."""
    if not only_ends:
        for word in words:
            text = text.replace(word, "")
        return text
    changed = True
    while changed and text:
        changed = False
        for word in words:
            if word and text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word):], True
            if word and text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
    return text


class WordFinder:
    """Finds which of the words occur in a text (anywhere, overlapping): `word in text` for each, answered at once."""

    def __init__(self, words: Iterable[str]) -> None:
        distinct = {w for w in words if w}   # an empty word is in every text; a prefix walk never reported it
        self._chars = any_char(w for w in distinct if len(w) == 1)
        self._pairs = frozenset(w for w in distinct if len(w) == 2)
        longer = sorted(w for w in distinct if len(w) > 2)
        counts: dict[str, int] = {}
        for word in longer:
            for pair in {word[n:n + 2] for n in range(len(word) - 1)}:
                counts[pair] = counts.get(pair, 0) + 1
        # Each longer word is listed under its pair the fewest other words share: a text without it lacks the word.
        self._longer: dict[str, list[str]] = {}
        for word in longer:
            key = min((word[n:n + 2] for n in range(len(word) - 1)), key=lambda pair: (counts[pair], pair))
            self._longer.setdefault(key, []).append(word)
        self._keys = frozenset(self._longer)

    def any_in(self, text: str) -> bool:
        """Whether any of the words occurs in `text`."""
        if self._chars.search(text) is not None:
            return True
        pairs = set(map(add, text, text[1:]))
        if not self._pairs.isdisjoint(pairs):
            return True
        longer = self._longer
        return any(word in text for key in self._keys.intersection(pairs) for word in longer[key])

    def find(self, text: str, pairs: frozenset[str] | None = None) -> set[str]:
        """The words that occur in `text`; `pairs` (its `pairs_of`) when already made."""
        if pairs is None:
            pairs = pairs_of(text)
        found = set(self._chars.findall(text))
        found.update(self._pairs.intersection(pairs))   # the smaller set is walked
        longer = self._longer
        for key in self._keys.intersection(pairs):
            for word in longer[key]:
                if word in text:
                    found.add(word)
        return found
