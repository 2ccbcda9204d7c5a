"""Reading a short follow-up: the aspect it asks (`多少钱`, `在哪里办`), its other words, a topic switch (`离婚呢`).

The words come from the `questions:` section of an intents file (aspects, fillers, spoken words ...), so maintainers
can change them; `QuestionRules` (bot/questions.py) holds them and reads follow-ups with these methods.
"""

from __future__ import annotations

import re
from functools import cached_property

from bot.normalize import normalize
from bot.wordfind import any_of, remove_words


class AspectReading:
    """How a short follow-up is read, with the `questions:` words below (the fields of `QuestionRules`)."""

    asking: tuple[str, ...]
    aspects: tuple[tuple[str, tuple[str, ...]], ...]
    fillers: tuple[str, ...]
    fillers_except: tuple[tuple[str, tuple[str, ...]], ...]
    switch_endings: tuple[str, ...]
    spoken: tuple[tuple[str, str], ...]
    cues: tuple[tuple[str, tuple[str, ...]], ...]
    acts: tuple[str, ...]

    def cue_words(self, name: str) -> tuple[str, ...]:
        """The words that mark an answer's line as telling this aspect (`7天内` for duration)."""
        return next((words for aspect, words in self.cues if aspect == name), ())

    def plain(self, text: str) -> str:
        """The normalised text without spaces, spoken question words written out (`要带啥` -> `要带什么`)."""
        compact = normalize(text).replace(" ", "")
        for spoken, written in self.spoken:
            compact = compact.replace(spoken, written)
        return compact

    def aspect(self, text: str) -> str:
        """The first aspect whose words occur in the text ('' when none)."""
        compact = self.plain(text)
        return next((name for name, words in self.aspects if any(w in compact for w in words)), "")

    def aspect_words(self, name: str) -> tuple[str, ...]:
        """The words that ask this aspect (the first one stands for it)."""
        return next((words for aspect, words in self.aspects if aspect == name), ())

    def pure_aspect(self, text: str, more: tuple[str, ...] = ()) -> str:
        """The aspect of a follow-up that names no topic of its own (`在哪里办`, `要带什么`), else ''; `more`
        words count as fillers too."""
        name, rest = self.aspect_rest(text, more)
        return name if name and len(rest) <= 1 else ""

    def fillers_of(self, aspect: str) -> tuple[str, ...]:
        """The fillers a follow-up asking this aspect may hold (`fillers:` less its `fillers_except:`)."""
        kept = next((words for name, words in self.fillers_except if name == aspect), ())
        return tuple(f for f in self.fillers if f not in kept) if kept else self.fillers

    def aspect_rest(self, text: str, more: tuple[str, ...] = ()) -> tuple[str, str]:
        """The aspect a follow-up asks and its words besides the aspect's, `more` and the fillers (`几天之内必须回复`:
        time_limit, `必须`); ('', '') when it asks no aspect."""
        compact = self.plain(text)
        name = self.aspect(text)
        if not name:
            return "", ""
        # Words of other aspects name no topic either (`期限是几天`: a time limit, asked in days).
        hits = [w for _name, words in self.aspects for w in words if w in compact]
        words = [*sorted(hits, key=len, reverse=True), *sorted(more, key=len, reverse=True), *self.fillers_of(name)]
        return name, remove_words(compact, words)

    def asked_aspect(self, text: str) -> tuple[str, str, str]:
        """The aspect a short message asks at its end (`网上立案要多少钱`: fees, not the `网上` of online), the word
        asking it and the message without that aspect's words (`网上立案要`); ('', '', '') when it asks none.
        Two aspect words side by side are one ask, the one first in `aspects:` (`期限是几天`: a time limit, in days)."""
        compact = self.plain(text)
        # The word ending last (the longest of those): the first match in the reversed text.
        found = self._last_aspect_word.search(compact[::-1]) if self.aspects else None
        if found is None:
            return "", "", ""
        end = len(compact) - found.start()
        # Asked at the end: after its word only fillers, asking and suing words (`能手机起诉吗`), not another matter
        # (`网站看视频没有字幕 向谁反映` names a website, it does not ask to go online).
        if len(self._tail_word.sub("", compact[end:])) > 1:
            return "", "", ""
        word = found.group(0)[::-1]
        before = compact[: end - len(word)]
        while (filler := next((f for f in self.fillers if f and before.endswith(f)), "")):
            before = before[: -len(filler)]
        beside = self._last_aspect_word.match(before[::-1])
        if beside is not None and self._aspect_order[self._aspect_of_word[beside.group(0)[::-1]]] < \
                self._aspect_order[self._aspect_of_word[word]]:
            word = beside.group(0)[::-1]
        name = self._aspect_of_word[word]
        asked = sorted((w for w in self.aspect_words(name) if w in compact), key=len, reverse=True)
        return name, word, remove_words(compact, asked)

    @cached_property
    def _aspect_of_word(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, words in self.aspects:
            for word in words:
                out.setdefault(word, name)
        return out

    @cached_property
    def _aspect_order(self) -> dict[str, int]:
        return {name: n for n, (name, _words) in enumerate(self.aspects)}

    @cached_property
    def _last_aspect_word(self) -> re.Pattern[str]:
        return any_of(tuple(sorted((w[::-1] for w in self._aspect_of_word), key=len, reverse=True)))

    @cached_property
    def _tail_word(self) -> re.Pattern[str]:
        return any_of(tuple(sorted({*self.fillers, *self.acts, *self.asking}, key=len, reverse=True)))

    def names_something(self, text: str) -> bool:
        """Two or more characters are left of `text` without the follow-up fillers."""
        return len(self._filler_word.sub("", text)) > 1

    @cached_property
    def _filler_word(self) -> re.Pattern[str]:
        return any_of(tuple(sorted(self.fillers, key=len, reverse=True)))

    def switched_topic(self, text: str) -> str:
        """`离婚呢` / `那上诉呢` -> `离婚` / `上诉`: the topic a short follow-up switches to, else ''."""
        compact = self.plain(text)
        ending = next((e for e in self.switch_endings if compact.endswith(e)), "")
        if not ending:
            return ""
        rest = remove_words(compact[: -len(ending)], [f for f in self.fillers if len(f) > 0], only_ends=True)
        return rest if 1 < len(rest) <= 8 else ""
