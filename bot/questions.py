"""Reading what a message asks: its clauses, the ones that ask, a long story's question, a short message's framing.

The words come from the `questions:` section of an intents file (read by bot/questionsload.py), so maintainers can
change them. `QuestionRules` holds them all; how a short follow-up is read (its aspect, a topic switch) is in
bot/aspects.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from bot.aspects import AspectReading
from bot.normalize import join_spelled, normalize, typed_length
from bot.wordfind import any_of, remove_words

# A clause with the punctuation that ends it (kept: a question mark asks). Spaces do not end a clause:
# deaf signers often write word by word.
_CLAUSE = re.compile(r"[^。！？!?；;，,、\n]+[。！？!?；;，,、\n]*")
# Characters of story a clause needs before a `starts:` word for the two to be read apart (not `我想问一下`).
_STORY_BEFORE = 4


@dataclass(frozen=True)
class QuestionRules(AspectReading):
    """How the matcher finds the question in a long message and how follow-ups are read (bot/aspects.py)."""

    asking: tuple[str, ...] = ("吗", "怎么", "如何", "能否", "是否", "多少", "哪", "什么", "？", "?")
    background_weight: float = 0.6     # rules that fire only in the story around the question count this much
    story_min_chars: int = 20          # shorter messages are read whole
    aspects: tuple[tuple[str, tuple[str, ...]], ...] = ()   # aspect -> words that ask it, checked in order
    fillers: tuple[str, ...] = ()      # words a pure follow-up may contain besides its aspect (那, 呢, 要 ...)
    switch_endings: tuple[str, ...] = ("呢",)   # "离婚呢": the same aspect, another topic
    courtesy: tuple[str, ...] = ("请问",)   # words that open a question without asking anything themselves
    merits: tuple[str, ...] = ()       # out-of-scope intents that decline a short message asking only their words
    answer_at_most: int = 2            # a message asking several things: this many answered in full, the rest offered
    spoken: tuple[tuple[str, str], ...] = ()   # (spoken word, written word): 啥 is read as 什么 in follow-ups
    not_topics: tuple[str, ...] = ()   # intents whose answer leaves the topic as it was (谢谢, 你好)
    cues: tuple[tuple[str, tuple[str, ...]], ...] = ()   # aspect -> words of the answer lines that tell it
    acts: tuple[str, ...] = ()         # suing words (告, 起诉) a follow-up may hold when its topic lists the aspect
    by_case: tuple[str, ...] = ()      # general answers a follow-up gets as the kind of case told before (debt court)
    vague: tuple[str, ...] = ()        # words naming nothing (这种情况): such questions ask about the clause before
    vague_background_weight: float = 0.6   # the background's weight when every question names nothing
    general: tuple[str, ...] = ()      # answers that ask a family without saying which (jurisdiction.general)
    starts: tuple[str, ...] = ()       # words that start the question inside a clause (`……起诉我请问这是谁的责任`)
    settled: tuple[str, ...] = ()      # phrases with an asking word that ask nothing (`商量好了怎么分`: agreed how)
    framing: tuple[str, ...] = ()      # greetings, thanks, "I am deaf" around a short message (你好 … 谢谢)
    asked_last: tuple[str, ...] = ()   # question words signers put last (`执行 弄 咋`: 执行 咋 弄)
    nameless_below: float = 0.0        # a follow-up's other words scoring less than this for every intent name no topic
    # aspect -> fillers that are no fillers when a follow-up asks it (`开庭怎么办` asks how the hearing goes)
    fillers_except: tuple[tuple[str, tuple[str, ...]], ...] = ()
    alone_score: float = 0.0           # a story nothing answers: its question alone answering with this much is asked
    topic_aspects: tuple[str, ...] = ()   # aspects a short first message naming a topic asks as a follow-up does
    statement_below: float = 0.0       # a message shorter than this asking nothing may state a situation (0: off)
    statement_weight: float = 0.0      # what the one intent whose `statements:` it makes gains
    whole_first_chars: float = 0.0     # several questions in a message this long: the whole message's answer first
    # intent -> feeling words: a short message nothing answers that tells one gets that intent (天天哭 官司的事没人帮)
    feelings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def clauses(self, text: str) -> list[str]:
        """The message cut at punctuation; each clause keeps the mark that ends it. Without punctuation,
        words written apart are cut when two or more of them ask (`去哪个法院 要什么材料`); characters typed one by
        one count as one word (`多 久 能 判` asks like `多久能判`)."""
        clauses: list[str] = [str(c).strip() for c in _CLAUSE.findall(text) if str(c).strip(" 。！？!?；;，,、\n")]
        if self.starts:
            clauses = [piece for c in clauses for piece in self._started(c)]
        if len(clauses) == 1:
            for words in (join_spelled(clauses[0]).split(), clauses[0].split()):
                if sum(self.asks(w) for w in words) >= 2:
                    return words
        return clauses

    def _started(self, clause: str) -> list[str]:
        """A clause cut where a `starts:` word opens the question after some story (`原告起诉我请问这是谁的责任`)."""
        found = self._start_word.search(clause, _STORY_BEFORE)   # the earliest of any `starts:` word from there
        at = found.start() if found else -1
        if at < 0 or len(clause[:at].replace(" ", "")) < _STORY_BEFORE:
            return [clause]
        return [clause[:at].strip(), clause[at:]]

    def asks(self, clause: str) -> bool:
        if self.settled and self._settled_phrase.search(clause):
            clause = remove_words(clause, list(self.settled))
        return self._asking_word.search(clause) is not None

    # Any one of a list of words: one search instead of one per word.
    @cached_property
    def _asking_word(self) -> re.Pattern[str]:
        return any_of(self.asking)

    @cached_property
    def _settled_phrase(self) -> re.Pattern[str]:
        return any_of(self.settled)

    @cached_property
    def _start_word(self) -> re.Pattern[str]:
        return any_of(self.starts)

    def asking_clauses(self, text: str) -> list[str]:
        """The clauses that ask something, each with a short lead-in clause joined when it is too short alone, or
        when every question of the message names nothing of its own (`听说有一种救助。请问我们这种情况能申请吗？`)."""
        return self._asking_of(self.clauses(text))

    def _asking_of(self, parts: list[str]) -> list[str]:
        """`asking_clauses` of a message cut into these clauses."""
        asking = [self.asks(part) for part in parts]
        all_vague = bool(self.vague) and all(self.names_nothing(p) for p, a in zip(parts, asking, strict=True) if a)
        out = []
        for n, part in enumerate(parts):
            if asking[n]:
                lead_in = typed_length(part) < 6 or all_vague
                out.append(f"{parts[n - 1]} {part}" if lead_in and n > 0 and not asking[n - 1] else part)
        return out

    def lead_in(self, clauses: list[str]) -> list[int]:
        """The places of the asking clauses and of the clause just before each (`诉讼费我交不起。可以少交吗？`)."""
        asking = [n for n, clause in enumerate(clauses) if self.asks(clause)]
        return sorted({m for n in asking for m in (n - 1, n) if m >= 0})

    def asked_part(self, text: str) -> str:
        """What a story asks: each asking clause with the clause before it."""
        clauses = self.clauses(text)
        return " ".join(clauses[n] for n in self.lead_in(clauses))

    def story_weight(self, focus: str) -> float:
        """What a story's background counts: more when its question (`focus`) names nothing (`请问我要怎么应对`)."""
        parts = self.clauses(focus)
        if self.vague and all(self.names_nothing(p) for p in parts if self.asks(p)):
            return self.vague_background_weight
        return self.background_weight

    def names_nothing(self, clause: str) -> bool:
        """The clause holds only asking, courtesy and `vague:` words (`请问我们这种情况能申请吗`)."""
        text = normalize(clause).replace(" ", "")
        # Only words whose rarest character is in the clause can be removed (removing never adds a character), so
        # the others are not tried; the rest are removed in the same order.
        words, by_char = self._naming_nothing
        tried = sorted({n for char in set(text).intersection(by_char) for n in by_char[char]})
        return len(remove_words(text, [words[n] for n in tried])) <= 1

    @cached_property
    def _naming_nothing(self) -> tuple[list[str], dict[str, list[int]]]:
        """The asking, courtesy and `vague:` words, longest first; each one's rarest character -> their places."""
        words = sorted({*self.vague, *self.asking, *self.courtesy}, key=len, reverse=True)
        counts: dict[str, int] = {}
        for word in words:
            for char in set(word):
                counts[char] = counts.get(char, 0) + 1
        by_char: dict[str, list[int]] = {}
        for n, word in enumerate(words):
            if word:   # an empty word removes nothing
                by_char.setdefault(min(word, key=lambda c: (counts[c], c)), []).append(n)
        return words, by_char

    def without_other_questions(self, text: str, clause: str) -> str:
        """The story of `text` (its clauses that do not ask) with only this one asking clause."""
        parts = self.clauses(text)
        return " ".join(p for p in parts if p in clause or not self.asks(p)) or clause

    def focus(self, text: str) -> str:
        """For a long story, the clauses that ask (joined); '' when the whole message should be read evenly."""
        if typed_length(text) < self.story_min_chars:
            return ""
        parts = self.clauses(text)
        asking = self._asking_of(parts)
        if not asking or len(asking) == len(parts):
            return ""
        return " ".join(asking)

    def felt(self, compact: str) -> str:
        """The intent of the first `feelings:` whose word the (normalised) message holds, else ''."""
        return next((intent for intent, words in self.feelings if any(w in compact for w in words)), "")

    def asked_only_by(self, compact: str, words: list[str]) -> bool:
        """The (normalised) message asks, and only through these words: `老板不发工资合法吗` through 合法吗."""
        if not self.asks(compact):
            return False
        # Longest first, then by text: the words come from sets, and overlapping words of one length (刑拘/拘捕)
        # removed in set order made the answer depend on the process's hash seed.
        rest = remove_words(compact, [*sorted(set(words), key=lambda w: (-len(w), w)), *self.courtesy])
        return not self.asks(rest)

    def unframed(self, text: str) -> str:
        """A short message without the `framing:` words around it (`你好，请问起诉 谢谢` -> `起诉`); '' when there are
        none, the message is a story, or nothing else is left."""
        clean = normalize(text).strip()
        if not self.framing or len(clean.replace(" ", "")) >= self.story_min_chars:
            return ""
        rest, changed = clean, True
        while changed:
            changed = False
            for word in self.framing:
                if rest.startswith(word) and len(rest) > len(word):
                    rest, changed = rest[len(word):].strip(), True
                if rest.endswith(word) and len(rest) > len(word):
                    rest, changed = rest[: -len(word)].strip(), True
        return rest if rest != clean and len(rest.replace(" ", "")) > 1 else ""

    def signed_orders(self, text: str) -> list[str]:
        """A short message whose last word is an `asked_last:` question word (sign-language order, `执行 弄 咋`),
        with that word moved one and two words earlier (`执行 咋 弄`); [] otherwise."""
        parts = normalize(text).split()
        if not self.asked_last or len(parts) < 2 or len("".join(parts)) >= self.story_min_chars:
            return []
        # The word alone (`咋`, `多久`), not a longer ask that starts with it (`怎么办` asks what to do).
        if parts[-1] not in self.asked_last or parts[-2] in self.asked_last:
            return []
        return [" ".join([*parts[:-1 - k], parts[-1], *parts[-1 - k:-1]]) for k in (1, 2) if k < len(parts)]
