"""A message typed wholly in pinyin letters (`pan jue yao deng ji ge yue`) read as characters (判决要等几个月).

Users without a Chinese keyboard, or unsure of the characters, type the sounds. Single listed words in pinyin
(`lihun`, `qisu`) are read by bot/soundalike.py; a whole sentence needs its small words too (`yao`, `deng`, `dai`).
Its syllables are cut into the words of the rules (vocabulary, synonyms, keywords, the `questions:` lists): the
cut with the fewest pieces wins, a lone syllable costing two (`bei gao / zen me / da bian` is 被告怎么答辩, not
被告 / 怎么打 / 便), and a lone syllable becomes the commonest character read so (`deng` 等, `zong` 总).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping

from bot.soundalike import _SYLLABLES, readings, spellings

# A message of latin letters, spaces and punctuation only (a Chinese character anywhere: not a pinyin message).
_LATIN = re.compile(r"[a-zA-Z\s,.!?;:'，。！？；：、]+")
_PUNCT = re.compile(r"[,.!?;:'，。！？；：、]")
_CHINESE_WORD = re.compile(r"[\u4e00-\u9fff]{2,6}")
MIN_SYLLABLES = 3   # `ok`, `qq` and one or two listed words (`falv yuanzhu`) are left to bot/soundalike.py
LONE = 2.0          # what a syllable read as one character costs; a word of the rules costs 1
LONGEST = 6         # syllables in the longest word looked for


class PinyinText:
    """Reads a whole message in pinyin as the characters of the rules' words (built at the first such message)."""

    def __init__(self, words: Iterable[str], synonyms: Mapping[str, str], freq: Callable[[str], int]) -> None:
        self._words = words
        self._synonyms = synonyms
        self._freq = freq
        self._index: dict[str, str] | None = None   # a word's letters -> its main word
        self._chars: dict[str, str] = {}            # a syllable -> the commonest character read so

    def read(self, text: str) -> str | None:
        """`text` as characters when it is pinyin syllables only (at least MIN_SYLLABLES), else None."""
        if not _LATIN.fullmatch(text):
            return None
        syllables: list[str] = []
        for word in _PUNCT.sub(" ", text.lower()).split():
            found = _SYLLABLES.findall(word)
            if "".join(found) != word:   # an English word, a name, letters that are no pinyin
                return None
            syllables += found
        if len(syllables) < MIN_SYLLABLES:
            return None
        return "".join(self._cut(syllables))

    def _cut(self, syllables: list[str]) -> list[str]:
        """The cheapest reading of the syllables: words of the rules cost 1, a lone syllable's character LONE."""
        index, chars = self._built()
        n = len(syllables)
        cost = [0.0] + [math.inf] * n
        back: list[tuple[int, str]] = [(0, "")] * (n + 1)
        for i in range(n):
            one = chars.get(syllables[i], syllables[i])
            if cost[i] + LONE < cost[i + 1]:
                cost[i + 1], back[i + 1] = cost[i] + LONE, (i, one)
            for j in range(i + 2, min(n, i + LONGEST) + 1):
                word = index.get("".join(syllables[i:j]))
                if word is not None and cost[i] + 1 < cost[j]:
                    cost[j], back[j] = cost[i] + 1, (i, word)
        out, j = [], n
        while j > 0:
            j, word = back[j]
            out.append(word)
        return out[::-1]

    def _built(self) -> tuple[dict[str, str], dict[str, str]]:
        if self._index is None:
            freq, main, sounds = self._freq, self._synonyms, readings()
            words = sorted({w for w in self._words if _CHINESE_WORD.fullmatch(w) and all(sounds.get(c) for c in w)})
            # Of two words spelled alike: a word of the rules before a synonym's variant; then the one whose
            # characters have fewer readings (不付 before 不还, `bufu` only by a rare reading of 还); then the one of
            # commoner characters (要钱 / 要签, 去法院 / 区法院).
            ranked = sorted(words, key=lambda w: (w in main, sum(len(sounds[c]) for c in w),
                                                   -sum(math.log(freq(c) + 1) for c in w)))
            index: dict[str, str] = {}
            for word in ranked:   # a synonym's sounds read as its main word (`ji ge yue`: 几个月, 多久)
                for letters in spellings(word):
                    index.setdefault(letters, main.get(word, word))
            # A lone syllable: the commonest character whose first reading it is (`zong` 总, not 从 read `cong`).
            best: dict[str, tuple[int, str]] = {}
            for char, read in sounds.items():
                if (rank := (freq(char), char)) > best.get(read[0], (-1, "")):
                    best[read[0]] = rank
            self._chars = {sound: char for sound, (_f, char) in best.items()}
            self._index = index
        return self._index, self._chars
