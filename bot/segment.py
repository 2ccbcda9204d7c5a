"""jieba's tokenizer with its route search as a plain loop: the same cuts in less time."""

from __future__ import annotations

from math import inf, log

import jieba


class Segmenter(jieba.Tokenizer):  # type: ignore[misc]   # jieba ships no type hints
    """A jieba.Tokenizer whose `calc` (the most likely path through the word graph) is a plain loop.

    jieba takes `max()` over a generator at each character; the loop makes the same comparisons without
    the generator. No two options tie (each carries its own end index), so the path is jieba's.
    """

    def calc(self, sentence: str, dag: dict[int, list[int]], route: dict[int, tuple[float, int]]) -> None:
        n = len(sentence)
        route[n] = (0, 0)
        logtotal = log(self.total)
        freq = self.FREQ
        for idx in range(n - 1, -1, -1):
            best = (-inf, -1)
            for x in dag[idx]:
                option = (log(freq.get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x)
                if option > best:
                    best = option
            route[idx] = best
