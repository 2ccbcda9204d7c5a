"""The glossary of legal words: maintainers' plain explanations, found in answers and in "什么是X" questions."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot import texts
from bot.media import Media, read_media
from bot.normalize import normalize
from bot.yamlsrc import LDict, line_of

ENTRY_KEYS = {"term", "also", "not_in", "explain", "example", "intent", "media", "source", "notes"}
MIN_FORM = 2          # one character is never a term: it would be found inside every other word
FUZZY_FROM = 3        # one wrong character is tolerated only in terms this long (管理 must not become 管辖)
MAX_EXPLAINED = 8     # terms explained in one 词语解释 message
MAX_QUESTION = 30     # characters (cleaned) of a "what does X mean?" question

_ASK = r"(请问|我想问一下|我想问|想问一下|想问|问一下|问问|我想知道|想知道|请解释一下|请解释|解释一下|你好)?"
_END = r"(呢|啊|呀|吗|哦|啦)?"
# "What does X mean?" in the ways people write it; X is then looked up in the glossary.
QUESTION_PATTERNS = tuple(re.compile(p) for p in (
    rf"^{_ASK}(什么是|什么叫做|什么叫|啥是|啥叫|何为|何谓)(?P<t>.+?){_END}$",
    rf"^{_ASK}(?P<t>.+?)(这个词|这个字|这个)?(是|指|叫)?(什么|啥|甚么)(意思|含义)?{_END}$",
    rf"^{_ASK}(?P<t>.+?)(这个词|这个字|这个)?(的)?(意思|含义)(是什么|是啥)?{_END}$",
    rf"^(解释一下|解释|请解释|说说)(?P<t>.+?){_END}$",
    rf"^{_ASK}(?P<t>.+?)怎么理解{_END}$",
))

Report = Callable[[int, str], None]
# `X（...）`, `X，就是...`, `X是指...`: the explanation follows the word.
_AFTER = re.compile(r"^[”\"」]?\s*(?:[（(]|[，,]?\s*(?:就是|是指|指的是|意思是|也就是|即))")
# `（X）` after the plain words, or `这叫“X”` after the explanation.
_BEFORE = re.compile(r"(?:[（(]|(?:叫|叫做|称为|这叫)[“\"]?)$")


def explained_inline(text: str, word: str) -> bool:
    """Some use of `word` in `text` comes with its explanation."""
    start = text.find(word)
    while start >= 0:
        if _AFTER.match(text[start + len(word):]) or _BEFORE.search(text[:start]):
            return True
        start = text.find(word, start + 1)
    return False


@dataclass(frozen=True)
class Entry:
    """One word with its plain explanation (one or two short sentences) and, optionally, an example."""

    term: str
    explain: str
    example: str = ""
    also: tuple[str, ...] = ()       # other spellings, common typos
    not_in: tuple[str, ...] = ()     # phrases that contain the term but mean something else
    intent: str = ""                 # the intent whose answer tells more
    media: Media | None = None
    source: str = ""
    file: str = ""
    line: int = 0

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.term, *self.also)

    def text(self) -> str:
        """The explanation as the user reads it."""
        out = self.explain if self.explain.startswith(self.term) else f"{self.term}：{self.explain}"
        return f"{out}\n{texts.GLOSSARY_EXAMPLE.format(example=self.example)}" if self.example else out


def _key(word: str) -> str:
    return normalize(word).replace(" ", "")


def _one_edit(a: str, b: str) -> bool:
    """a and b differ by one substituted, added or dropped character."""
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def find_words(text: str, vocabulary: Iterable[str], not_in: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """Vocabulary words in `text`, in order of first appearance, longest first (`起诉状` hides `起诉`).

    `not_in` lists, per word, phrases that contain it but mean something else (`不再审` for `再审`).
    """
    starting = _by_first_character(frozenset(vocabulary))
    skip = not_in or {}
    found: dict[str, None] = {}
    i = 0
    while i < len(text):
        word = next((w for w in starting.get(text[i], ()) if text.startswith(w, i)
                     and not _inside(text, i, w, skip.get(w, ())) and not _overlapped(text, i, w, starting)), None)
        if word is None:
            i += 1
            continue
        found.setdefault(word)
        i += len(word)
    return list(found)


@lru_cache(maxsize=8)   # the glossary's and the lint's vocabularies, asked for text after text
def _by_first_character(vocabulary: frozenset[str]) -> dict[str, list[str]]:
    """The words by their first character, each list longest first: only those can start at a given place."""
    starting: dict[str, list[str]] = {}
    for word in sorted(vocabulary, key=len, reverse=True):
        if word:
            starting.setdefault(word[0], []).append(word)
    return starting


def _overlapped(text: str, at: int, word: str, starting: dict[str, list[str]]) -> bool:
    """A longer word starts inside this one and runs past it: `交不起诉讼费` is about 诉讼费, not 起诉."""
    end = at + len(word)
    return any(text.startswith(w, j) and j + len(w) > end
               for j in range(at + 1, end) for w in starting.get(text[j], ()) if len(w) > len(word))


def _inside(text: str, at: int, word: str, phrases: tuple[str, ...]) -> bool:
    """The word found at `at` is part of one of `phrases`."""
    for phrase in phrases:
        k = phrase.find(word)
        while k >= 0:
            if at - k >= 0 and text.startswith(phrase, at - k):
                return True
            k = phrase.find(word, k + 1)
    return False


class Glossary:
    """Every entry, found by any of its forms (after the matcher's cleaning and shared synonyms)."""

    def __init__(self, entries: Iterable[Entry] = (), synonyms: dict[str, str] | None = None,
                 examples: Iterable[tuple[str, str]] = ()) -> None:
        """`examples`: (intent id, example) of every intent, to know which word questions an intent claims."""
        self.entries = tuple(entries)
        self.synonyms = synonyms or {}
        self._by_form = {_key(form): entry for entry in self.entries for form in entry.forms}
        # Answers are scanned for the terms themselves, longest first, so 起诉状 wins over 起诉.
        self._scan = sorted({entry.term for entry in self.entries}, key=len, reverse=True)
        self._by_term = {entry.term: entry for entry in self.entries}
        self._found: dict[str, tuple[Entry, ...]] = {}
        self._unexplained: dict[str, tuple[Entry, ...]] = {}
        self.not_in = {entry.term: entry.not_in for entry in self.entries if entry.not_in}
        # An intent with an example like 传票是什么意思 was written for that question: it answers, not the glossary.
        # Worked out on the first word question, not at start-up (it looks up every example).
        self._examples = tuple(examples)
        self._claimed: dict[str, set[str]] | None = None

    def __len__(self) -> int:
        return len(self.entries)

    def exact(self, word: str) -> Entry | None:
        """The entry one of whose forms is exactly `word` (after cleaning)."""
        return self._by_form.get(_key(word))

    def find(self, word: str) -> Entry | None:
        """The entry for a word as a user typed it: exact, a shared synonym, or one wrong character."""
        key = _key(word)
        if len(key) < MIN_FORM:
            return None
        entry = self._by_form.get(key) or self._by_form.get(self.synonyms.get(key, ""))
        if entry is not None or len(key) < FUZZY_FROM:
            return entry
        near = {e.term: e for form, e in self._by_form.items() if len(form) >= FUZZY_FROM and _one_edit(key, form)}
        return next(iter(near.values())) if len(near) == 1 else None

    def lookup(self, question: str) -> Entry | None:
        """The entry a "what does X mean?" question asks about, or None when it is another kind of question."""
        text = _key(question)
        if len(text) > MAX_QUESTION:   # a story that happens to end in 是什么意思 is not a word question
            return None
        for pattern in QUESTION_PATTERNS:
            match = pattern.match(text)
            if match is None:
                continue
            entry = self.find(match.group("t").removesuffix("的"))
            if entry is not None:
                return entry
        return None

    def claimed(self, entry: Entry) -> tuple[str, ...]:
        """Intents whose examples ask what this word means (they answer such questions instead)."""
        if self._claimed is None:
            claimed: dict[str, set[str]] = {}
            for intent_id, example in self._examples:
                if (found := self.lookup(example)) is not None:
                    claimed.setdefault(found.term, set()).add(intent_id)
            self._claimed = claimed
        return tuple(sorted(self._claimed.get(entry.term, ())))

    def terms_in(self, text: str) -> list[Entry]:
        """Entries whose term appears in `text`, in order of appearance."""
        if text not in self._found:   # answers are few and fixed: each is scanned once
            self._found[text] = tuple(self._by_term[t] for t in find_words(text, self._scan, self.not_in))
        return list(self._found[text])

    def unexplained(self, text: str) -> list[Entry]:
        """Entries used in `text` that it does not explain itself (what the 词语解释 button shows)."""
        if text not in self._unexplained:
            self._unexplained[text] = tuple(e for e in self.terms_in(text) if not explained_inline(text, e.term))
        return list(self._unexplained[text])

    def explain(self, entries: list[Entry]) -> str:
        """Several terms explained in one message."""
        return "\n\n".join(e.text() for e in entries[:MAX_EXPLAINED])


def read_entries(items: Any, line: int, file: str, base: Path, error: Report) -> list[Entry]:
    """Validate a file's `glossary:` list; every problem reported with its line."""
    if not isinstance(items, list):
        error(line, "'glossary' must be a list (each item starts with '- term:')")
        return []
    out = []
    for item, item_line in zip(items, getattr(items, "item_lines", []), strict=False):
        entry = _read_entry(item, item_line, file, base, error)
        if entry is not None:
            out.append(entry)
    return out


def _text(data: LDict, key: str, error: Report, required: bool = False) -> str:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            error(line_of(data, key), f"'{key}' is missing")
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        error(line_of(data, key), f"'{key}' must be text")
        return ""
    return str(value).strip()


def _read_entry(data: Any, line: int, file: str, base: Path, error: Report) -> Entry | None:
    if not isinstance(data, LDict):
        error(line, "each glossary entry must be a mapping (term, explain, example, ...)")
        return None
    problems: list[str] = []

    def report(at: int, message: str) -> None:
        problems.append(message)
        error(at, message)

    for key in data:
        if key not in ENTRY_KEYS:
            allowed = ", ".join(sorted(ENTRY_KEYS))
            report(line_of(data, key), f"unknown key '{key}' in a glossary entry (allowed: {allowed})")
    term = _text(data, "term", report, required=True)
    if term and len(_key(term)) < MIN_FORM:
        report(line_of(data, "term"), f"term '{term}' is too short: a glossary term has at least {MIN_FORM} characters")
    explain = _text(data, "explain", report, required=True)
    also = data.get("also", [])
    if isinstance(also, str):
        also = [also]
    if not isinstance(also, list) or not all(isinstance(a, str) and a.strip() for a in also):
        report(line_of(data, "also"), "'also' must be a list of other spellings")
        also = []
    not_in = data.get("not_in", [])
    if isinstance(not_in, str):
        not_in = [not_in]
    if not isinstance(not_in, list) or not all(isinstance(p, str) and term and term in p for p in not_in):
        report(line_of(data, "not_in"), f"'not_in' must list phrases that contain '{term}'")
        not_in = []
    media = read_media(data, "media", base, report)
    if problems:
        return None
    return Entry(term=term, explain=explain, example=_text(data, "example", report),
                 also=tuple(a.strip() for a in also if len(_key(a)) >= MIN_FORM), not_in=tuple(not_in),
                 intent=_text(data, "intent", report), media=media, source=_text(data, "source", report),
                 file=file, line=line)


def check_entries(entries: list[Entry], intent_ids: Iterable[str], error: Callable[[Entry, int, str], None]) -> None:
    """Across files: a form may belong to one entry only; `intent:` must name an intent."""
    ids = set(intent_ids)
    owner: dict[str, Entry] = {}
    for entry in entries:
        for form in entry.forms:
            key = _key(form)
            first = owner.setdefault(key, entry)
            if first is not entry:
                error(entry, entry.line, f"glossary word '{form}' is already listed under '{first.term}' "
                                         f"({first.file}:{first.line})")
        if entry.intent and entry.intent not in ids:
            error(entry, entry.line, f"glossary entry '{entry.term}' names an unknown intent '{entry.intent}'")
