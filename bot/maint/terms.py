"""Legal words in answers: which ones a reader gets explained (inline or in the glossary), and which not."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.errors import Problem
from bot.glossary import explained_inline, find_words
from bot.intents import Intent, IntentSet

LEGAL_WORDS_FILE = Path(__file__).resolve().parents[1] / "data" / "legal_words.txt"
@lru_cache(maxsize=1)
def legal_words() -> frozenset[str]:
    """Words of law and court procedure a lay reader may not know (bot/data/legal_words.txt)."""
    lines = LEGAL_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if not line.startswith("#") for w in line.split() if len(w) > 1)


@dataclass(frozen=True)
class TermUse:
    """The legal words of one answer text and how each is explained."""

    words: tuple[str, ...]
    inline: frozenset[str]
    in_glossary: frozenset[str]

    @property
    def unexplained(self) -> tuple[str, ...]:
        """Explained neither in the text nor in the glossary."""
        return tuple(w for w in self.words if w not in self.inline and w not in self.in_glossary)

    @property
    def not_inline(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if w not in self.inline)


def term_use(intents: IntentSet, text: str) -> TermUse:
    glossary = intents.glossary
    vocabulary = legal_words() | {e.term for e in glossary.entries}
    words = tuple(find_words(text, vocabulary, glossary.not_in))
    return TermUse(words, frozenset(w for w in words if explained_inline(text, w)),
                   frozenset(w for w in words if glossary.exact(w) is not None))


def answer_texts(intent: Intent) -> list[tuple[str, str]]:
    return [(name, text) for name, text in (("answer", intent.answer), ("more", intent.more)) if text]


def unexplained_terms(intents: IntentSet) -> list[Problem]:
    """Warnings for legal words an answer uses without explaining them, inline or in the glossary.

    Only for a folder that has a glossary: without one, every legal word would be reported.
    """
    out: list[Problem] = []
    if not len(intents.glossary):
        return out
    for intent in intents:
        for name, text in answer_texts(intent):
            missing = term_use(intents, text).unexplained
            if missing:
                out.append(Problem(intent.file, intent.line, f"'{intent.id}' {name} uses {'、'.join(missing)}, "
                                   "explained neither in the text nor in the glossary: explain it in brackets, "
                                   "or add a glossary entry", severity="warning"))
    return out


MAX_EXPLAIN_SENTENCES = 2
MAX_EXPLAIN_CHARS = 80


def long_explanations(intents: IntentSet) -> list[Problem]:
    """Glossary explanations longer than one or two short sentences."""
    out = []
    for entry in intents.glossary.entries:
        count = len([s for s in re.split(r"[。！？；!?;\n]+", entry.explain) if s.strip()])
        if count > MAX_EXPLAIN_SENTENCES or len(entry.explain) > MAX_EXPLAIN_CHARS:
            out.append(Problem(entry.file, entry.line, f"glossary '{entry.term}': {count} sentence(s), "
                               f"{len(entry.explain)} characters; keep it to {MAX_EXPLAIN_SENTENCES} short sentences "
                               f"(at most {MAX_EXPLAIN_CHARS} characters) and put the rest in 'example'",
                               severity="warning"))
    return out
