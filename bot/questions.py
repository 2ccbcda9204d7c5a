"""Reading what a message asks: its asking clauses, the aspect of a short follow-up, a topic switch.

The words come from the `questions:` section of an intents file, so maintainers can change them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from bot.normalize import join_spelled, normalize, typed_length
from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, line_of

# A clause with the punctuation that ends it (kept: a question mark asks). Spaces do not end a clause:
# deaf signers often write word by word.
# Characters of story a clause needs before a `starts:` word for the two to be read apart (not `我想问一下`).
_STORY_BEFORE = 4
_CLAUSE = re.compile(r"[^。！？!?；;，,、\n]+[。！？!?；;，,、\n]*")


@dataclass(frozen=True)
class QuestionRules:
    """How the matcher finds the question in a long message and how follow-ups are read."""

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
    # intent -> feeling words: a short message nothing answers that tells one gets that intent (天天哭 官司的事没人帮)
    feelings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def cue_words(self, name: str) -> tuple[str, ...]:
        """The words that mark an answer's line as telling this aspect (`7天内` for duration)."""
        return next((words for aspect, words in self.cues if aspect == name), ())

    def plain(self, text: str) -> str:
        """The normalised text without spaces, spoken question words written out (`要带啥` -> `要带什么`)."""
        compact = normalize(text).replace(" ", "")
        for spoken, written in self.spoken:
            compact = compact.replace(spoken, written)
        return compact

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
            clause = _remove(clause, list(self.settled))
        return self._asking_word.search(clause) is not None

    # Any one of a list of words: one search instead of one per word.
    @cached_property
    def _asking_word(self) -> re.Pattern[str]:
        return _any_of(self.asking)

    @cached_property
    def _settled_phrase(self) -> re.Pattern[str]:
        return _any_of(self.settled)

    @cached_property
    def _start_word(self) -> re.Pattern[str]:
        return _any_of(self.starts)

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
                lead_in = len(normalize(part).replace(" ", "")) < 6 or all_vague
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
        return len(_remove(text, [words[n] for n in tried])) <= 1

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
        rest = _remove(compact, [*sorted(set(words), key=lambda w: (-len(w), w)), *self.courtesy])
        return not self.asks(rest)

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
        return name, _remove(compact, [*sorted(hits, key=len, reverse=True), *sorted(more, key=len, reverse=True),
                                       *self.fillers_of(name)])

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
        if beside is not None and self._order[self._aspect_of_word[beside.group(0)[::-1]]] < \
                self._order[self._aspect_of_word[word]]:
            word = beside.group(0)[::-1]
        name = self._aspect_of_word[word]
        asked = sorted((w for w in self.aspect_words(name) if w in compact), key=len, reverse=True)
        return name, word, _remove(compact, asked)

    @cached_property
    def _aspect_of_word(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, words in self.aspects:
            for word in words:
                out.setdefault(word, name)
        return out

    @cached_property
    def _order(self) -> dict[str, int]:
        return {name: n for n, (name, _words) in enumerate(self.aspects)}

    @cached_property
    def _last_aspect_word(self) -> re.Pattern[str]:
        return _any_of(tuple(sorted((w[::-1] for w in self._aspect_of_word), key=len, reverse=True)))

    @cached_property
    def _tail_word(self) -> re.Pattern[str]:
        return _any_of(tuple(sorted({*self.fillers, *self.acts, *self.asking}, key=len, reverse=True)))

    def names_something(self, text: str) -> bool:
        """Two or more characters are left of `text` without the follow-up fillers."""
        return len(self._filler_word.sub("", text)) > 1

    @cached_property
    def _filler_word(self) -> re.Pattern[str]:
        return _any_of(tuple(sorted(self.fillers, key=len, reverse=True)))

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

    def switched_topic(self, text: str) -> str:
        """`离婚呢` / `那上诉呢` -> `离婚` / `上诉`: the topic a short follow-up switches to, else ''."""
        compact = self.plain(text)
        ending = next((e for e in self.switch_endings if compact.endswith(e)), "")
        if not ending:
            return ""
        rest = _remove(compact[: -len(ending)], [f for f in self.fillers if len(f) > 0], only_ends=True)
        return rest if 1 < len(rest) <= 8 else ""


def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """A search for any of the words (none: never found). An empty word is found anywhere, as `"" in text` is."""
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def _remove(text: str, words: list[str], only_ends: bool = False) -> str:
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


def read_questions(reader: Validator, data: LDict) -> QuestionRules | None:
    """The `questions:` section: asking words, background weight, aspects and fillers for follow-ups."""
    section = data.get("questions")
    if section is None:
        return None
    if not isinstance(section, LDict):
        reader.error(line_of(data, "questions"), "'questions' must be a mapping (asking, aspects, fillers, ...)")
        return None
    allowed = {"asking", "background_weight", "story_min_chars", "aspects", "fillers", "switch_endings",
               "answer_at_most", "courtesy", "merits", "spoken", "not_topics", "cues", "acts", "by_case", "vague",
               "vague_background_weight", "general", "starts", "settled", "framing", "asked_last", "nameless_below",
               "fillers_except", "alone_score", "topic_aspects", "statement_below",
               "statement_weight", "feelings"}
    for key in section:
        if key not in allowed:
            reader.unknown_key(key, line_of(section, key), allowed)

    def words(key: str) -> tuple[str, ...]:
        return tuple(normalize(w).replace(" ", "") or w for w, _ in reader.str_list(section, key))

    aspects, cues = _word_map(reader, section, "aspects"), _word_map(reader, section, "cues")
    fillers_except = _word_map(reader, section, "fillers_except")
    names = {name for name, _ in aspects}
    for key, mapped in (("cues", cues), ("fillers_except", fillers_except)):
        for name, _ in mapped:
            if name not in names:
                reader.error(line_of(section[key], name), f"{key}: unknown aspect '{name}' (not in 'aspects:')")
    weight = _weight(reader, section, "background_weight", QuestionRules.background_weight)
    chars = section.get("story_min_chars", QuestionRules.story_min_chars)
    if isinstance(chars, bool) or not isinstance(chars, int) or chars < 1:
        reader.error(line_of(section, "story_min_chars"), "'story_min_chars' must be a whole number above 0")
        chars = QuestionRules.story_min_chars
    at_most = section.get("answer_at_most", QuestionRules.answer_at_most)
    if isinstance(at_most, bool) or not isinstance(at_most, int) or at_most < 1:
        reader.error(line_of(section, "answer_at_most"), "'answer_at_most' must be a whole number above 0")
        at_most = QuestionRules.answer_at_most
    spoken = _spoken(reader, section)
    # Asking words keep their punctuation (？ asks); everything else is compared after normalising.
    asking = tuple(w for w, _ in reader.str_list(section, "asking")) or QuestionRules.asking
    return QuestionRules(asking, float(weight), chars, aspects, words("fillers"),
                         words("switch_endings") or QuestionRules.switch_endings,
                         words("courtesy") or QuestionRules.courtesy,
                         tuple(w for w, _ in reader.str_list(section, "merits")), at_most, spoken,
                         tuple(w for w, _ in reader.str_list(section, "not_topics")), cues, words("acts"),
                         tuple(w for w, _ in reader.str_list(section, "by_case")), words("vague"),
                         _weight(reader, section, "vague_background_weight", weight),
                         tuple(w for w, _ in reader.str_list(section, "general")), words("starts"),
                         tuple(sorted(words("settled"), key=len, reverse=True)),
                         tuple(sorted(words("framing"), key=len, reverse=True)), words("asked_last"),
                         _score(reader, section, "nameless_below"), fillers_except,
                         alone_score=_score(reader, section, "alone_score"),
                         topic_aspects=_topic_aspects(reader, section, names),
                         statement_below=_score(reader, section, "statement_below"),
                         statement_weight=_score(reader, section, "statement_weight"),
                         feelings=_word_map(reader, section, "feelings"))


def _topic_aspects(reader: Validator, section: LDict, names: set[str]) -> tuple[str, ...]:
    """`topic_aspects:`: aspect names of `aspects:` (an unknown one is an error)."""
    out = []
    for name, line in reader.str_list(section, "topic_aspects"):
        if name in names:
            out.append(name)
        else:
            reader.error(line, f"topic_aspects: unknown aspect '{name}' (not in 'aspects:')")
    return tuple(out)


def _score(reader: Validator, section: LDict, key: str) -> float:
    """A score of 0 or more (0, which turns the rule off, when absent or bad)."""
    score = section.get(key, 0.0)
    if isinstance(score, bool) or not isinstance(score, (int, float)) or score < 0:
        reader.error(line_of(section, key), f"'{key}' must be a number of 0 or more")
        return 0.0
    return float(score)


def _weight(reader: Validator, section: LDict, key: str, default: float) -> float:
    """A weight from 0 to 1 (`default` when absent or bad)."""
    weight = section.get(key, default)
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 1:
        reader.error(line_of(section, key), f"'{key}' must be a number from 0 to 1")
        return default
    return float(weight)


def _word_map(reader: Validator, section: LDict, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`aspects:` / `cues:` / `fillers_except:`: an aspect name -> its words, in the order written."""
    raw = section.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, LDict):
        reader.error(line_of(section, key), f"'{key}' must map a name (an aspect, an intent id) to a list of words")
        return ()
    return tuple((str(name), words_of) for name in raw
                 if (words_of := tuple(normalize(w).replace(" ", "") for w, _ in reader.str_list(raw, name))))


def _spoken(reader: Validator, section: LDict) -> tuple[tuple[str, str], ...]:
    """`spoken: {什么: [啥, 神马]}`: each spoken word with the written word it stands for, longest first."""
    raw = section.get("spoken")
    if raw is None:
        return ()
    if not isinstance(raw, LDict):
        reader.error(line_of(section, "spoken"), "'spoken' must map a written word to a list of spoken ones")
        return ()
    pairs = [(normalize(w).replace(" ", ""), normalize(str(written)).replace(" ", ""))
             for written in raw for w, _ in reader.str_list(raw, written)]
    return tuple(sorted((p for p in pairs if p[0]), key=lambda p: -len(p[0])))
