"""A message typed wholly in pinyin letters (`pan jue yao deng ji ge yue`) read as characters (判决要等几个月).

Users without a Chinese keyboard, or unsure of the characters, type the sounds. Single listed words in pinyin
(`lihun`, `qisu`) are read by bot/soundalike.py; a whole sentence needs its small words too (`yao`, `deng`, `dai`).
Its syllables are cut into the words of the rules (vocabulary, synonyms, keywords, the `questions:` lists) and jieba's
common words: the cheapest cut wins, a rule word costing 1, a common word 1.5 and a lone syllable 2 (`bei gao / zen me
/ da bian` is 被告怎么答辩, not 被告 / 怎么打 / 便), and a lone syllable becomes the character the rules' words use most
(`yao` 要, `xiang` 想).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from bot.soundalike import _SYLLABLES, readings, spellings

# A message of latin letters, spaces and punctuation only (a Chinese character anywhere: not a pinyin message).
_LATIN = re.compile(r"[a-zA-Z\s,.!?;:'，。！？；：、]+")
_PUNCT = re.compile(r"[,.!?;:'，。！？；：、]")
_CHINESE_WORD = re.compile(r"[\u4e00-\u9fff]{2,6}")
MIN_SYLLABLES = 3   # `ok`, `qq` and one or two listed words (`falv yuanzhu`) are left to bot/soundalike.py
LONE = 2.0          # what a syllable read as one character costs; a word of the rules costs 1
COMMON = 1.5        # ... and a common word of jieba's dictionary (总是, 问题, 今天) this much
COMMON_FREQ = 500   # jieba's words this frequent count as common
LONGEST = 6         # syllables in the longest word looked for


class PinyinText:
    """Reads a whole message in pinyin as the characters of the rules' words (built at the first such message)."""

    def __init__(self, words: Iterable[str], synonyms: Mapping[str, str], freq: Mapping[str, int]) -> None:
        self._words = words
        self._synonyms = synonyms
        self._freq = freq   # jieba's dictionary: word -> frequency
        self._index: dict[str, str] | None = None   # a rule word's letters -> its main word
        self._common: dict[str, str] = {}           # a common word's letters -> the word
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
        """The cheapest reading of the syllables: words of the rules cost 1, common words COMMON, a lone syllable's
        character LONE."""
        index, chars = self._built()
        common = self._common
        n = len(syllables)
        cost = [0.0] + [math.inf] * n
        back: list[tuple[int, str]] = [(0, "")] * (n + 1)
        for i in range(n):
            one = chars.get(syllables[i], syllables[i])
            if cost[i] + LONE < cost[i + 1]:
                cost[i + 1], back[i + 1] = cost[i] + LONE, (i, one)
            for j in range(i + 2, min(n, i + LONGEST) + 1):
                letters = "".join(syllables[i:j])
                word, price = index.get(letters), 1.0
                if word is None:
                    word, price = common.get(letters), COMMON
                if word is not None and cost[i] + price < cost[j]:
                    cost[j], back[j] = cost[i] + price, (i, word)
        out, j = [], n
        while j > 0:
            j, word = back[j]
            out.append(word)
        return out[::-1]

    def _built(self) -> tuple[dict[str, str], dict[str, str]]:
        if self._index is None:
            table, main, sounds = self._freq, self._synonyms, readings()

            def freq(char: str) -> int:
                return table.get(char, 0)

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
            # A lone syllable: the character the rules' words use most, shared by its readings (`yao` 要, not 么 of 怎么
            # and 什么: four readings), then the commonest in jieba's dictionary (`zong` 总).
            used = Counter(char for word in words for char in word)
            best: dict[str, tuple[float, int, str]] = {}
            for char, read in sounds.items():
                rank = (used[char] / len(read), freq(char), char)
                for sound in read:
                    if rank > best.get(sound, (-1.0, -1, "")):
                        best[sound] = rank
            self._chars = {sound: char for sound, (_u, _f, char) in best.items()}
            for word in sorted((w for w, f in table.items() if f >= COMMON_FREQ and 2 <= len(w) <= 4
                                and all(sounds.get(c) for c in w)),
                               key=lambda w: (sum(len(sounds[c]) for c in w), -table[w], w)):   # 快点 before 会点
                for letters in spellings(word):
                    self._common.setdefault(letters, word)
            self._index = index
        return self._index, self._chars
