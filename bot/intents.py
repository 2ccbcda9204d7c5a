"""Intents: the data model (an intent, its rule terms and patterns, the loaded set) and the rule-term syntax.

Loading a folder of intent files is `bot/intentload.py`; reading one file is `bot/intentfile.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.glossary import Glossary
from bot.media import Media
from bot.protocol import command_buttons
from bot.questions import QuestionRules
from bot.scope import ScopeRules

ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
# Buttons may also start a flow or a command instead of showing an intent.
COMMAND_BUTTONS = command_buttons()

@dataclass(frozen=True)
class Term:
    """A rule term: every part must be present; a part is satisfied by any of its alternatives.

    Written `离婚+法院|哪里` = 离婚 and (法院 or 哪里).
    """

    text: str
    parts: tuple[tuple[str, ...], ...]
    weight: float = 1.0
    line: int = 0

    @property
    def atoms(self) -> set[str]:
        return {atom for part in self.parts for atom in part}

    def present(self, found: set[str] | frozenset[str]) -> bool:
        return all(any(atom in found for atom in part) for part in self.parts)


@dataclass(frozen=True)
class Pattern:
    """A regular expression on the cleaned question, with its weight."""

    text: str
    regex: re.Pattern[str]
    weight: float
    line: int = 0


@dataclass(frozen=True)
class Intent:
    """One thing a user can ask, with how to recognise it and what to answer."""

    id: str
    title: str
    examples: tuple[str, ...]
    answer: str
    more: str = ""
    buttons: tuple[str, ...] = ()
    source: str = ""
    handoff: bool = False
    out_of_scope: bool = False
    keywords: tuple[Term, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    require: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()
    # Situations a short message may state without asking (判决+不服): `statement_weight` more for this intent.
    statements: tuple[Term, ...] = ()
    aspects: tuple[tuple[str, str], ...] = ()   # (aspect, intent id that answers it) for follow-ups
    # (aspect, phrases of the lines that answer it) for an aspect it answers itself (bot/aspectlines.py)
    aspect_lines: tuple[tuple[str, tuple[str, ...]], ...] = ()
    media: Media | None = None
    file: str = ""
    line: int = 0

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    def barred(self, found: set[str] | frozenset[str]) -> bool:
        """Its rules cannot answer a message with these words: an `exclude:` term is there or no `require:` one is."""
        return any(t.present(found) for t in self.exclude) or (
            bool(self.require) and not any(t.present(found) for t in self.require))

    def aspect(self, name: str) -> str:
        """The intent id answering this aspect of the topic ('' when the topic has none)."""
        return next((target for aspect, target in self.aspects if aspect == name), "")


@dataclass(frozen=True)
class IntentSet:
    """Every intent and the shared vocabulary, as loaded from one folder."""

    intents: tuple[Intent, ...]
    synonyms: dict[str, str] = field(default_factory=dict)  # variant -> main word
    words: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    menu: tuple[str, ...] = ()  # intent ids or commands offered as the topic buttons
    questions: QuestionRules = field(default_factory=lambda: QuestionRules())
    glossary: Glossary = field(default_factory=Glossary)
    scope: ScopeRules = field(default_factory=ScopeRules)
    sound_alike: tuple[str, ...] = ()   # words whose one-character pinyin slips are read as them (bot/soundalike.py)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {i.id: i for i in self.intents})

    def get(self, intent_id: str) -> Intent | None:
        by_id: dict[str, Intent] = getattr(self, "_by_id")  # noqa: B009 - set in __post_init__
        return by_id.get(intent_id)

    def __iter__(self) -> Iterator[Intent]:
        return iter(self.intents)

    def __len__(self) -> int:
        return len(self.intents)

    @property
    def answerable(self) -> tuple[Intent, ...]:
        return tuple(i for i in self.intents if not i.out_of_scope)

    def dictionary_words(self) -> set[str]:
        """Words jieba should keep whole: vocabulary, synonyms and every rule atom."""
        words = set(self.words) | set(self.synonyms) | set(self.synonyms.values())
        for intent in self.intents:
            for term in (*intent.keywords, *intent.require, *intent.exclude):
                words |= {atom.removeprefix(WHOLE_WORD) for atom in term.atoms}
        return {w for w in words if len(w) > 1}


def parse_term(text: str, weight: float, line: int, canon: dict[str, str]) -> Term | None:
    """Parse `a+b|c`; synonyms are replaced by their main word so either spelling works."""
    parts = []
    for raw_part in text.split("+"):
        alts = tuple(canonical_atom(a.strip(), canon) for a in raw_part.split("|") if a.strip())
        if not alts:
            return None
        parts.append(alts)
    return Term(text, tuple(parts), weight, line) if parts else None


WHOLE_WORD = "="   # `=钱`: only the whole word 钱, never inside 洗钱 or 钱包


def canonical_atom(atom: str, canon: dict[str, str]) -> str:
    """The atom with the same cleanup the matcher applies to user text (a leading `=` is kept)."""
    from bot.normalize import normalize

    whole = atom.startswith(WHOLE_WORD)
    cleaned = normalize(atom.removeprefix(WHOLE_WORD)).replace(" ", "")
    cleaned = canon.get(cleaned, cleaned)
    return WHOLE_WORD + cleaned if whole and cleaned else cleaned

