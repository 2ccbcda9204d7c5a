"""The rule-based matcher: score every intent, rank, and decide answer / clarify / fallback."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Literal

import jieba

from bot.intents import Intent, IntentSet
from bot.normalize import normalize

Decision = Literal["answer", "clarify", "fallback"]
log = logging.getLogger(__name__)

_TOKENIZER: jieba.Tokenizer | None = None
_TOKENIZER_LOCK = threading.Lock()
_ADDED_WORDS: set[str] = set()


def tokenizer(words: set[str] | None = None) -> jieba.Tokenizer:
    """One shared jieba tokenizer (its dictionary is large); new domain words are added to it."""
    global _TOKENIZER
    with _TOKENIZER_LOCK:
        if _TOKENIZER is None:
            jieba.setLogLevel(logging.WARNING)
            _TOKENIZER = jieba.Tokenizer()
            _TOKENIZER.initialize()
        for word in sorted((words or set()) - _ADDED_WORDS):
            # A high frequency keeps domain words whole ("诉讼费", "跨域立案", typos like "力案").
            _TOKENIZER.add_word(word, freq=200000)
            _ADDED_WORDS.add(word)
        return _TOKENIZER


@dataclass(frozen=True)
class Settings:
    """Decision thresholds (from config.yaml `matcher:`)."""

    threshold: float = 3.0
    margin: float = 1.5
    max_clarify: int = 3


@dataclass(frozen=True)
class Analysis:
    """What the matcher saw: the cleaned text, its tokens (synonyms replaced) and found terms."""

    text: str
    normalized: str
    tokens: tuple[str, ...]
    compact: str
    found: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Hit:
    """One rule that fired, and what it added to the score."""

    rule: str
    weight: float


@dataclass(frozen=True)
class Candidate:
    """An intent with its score and the rules that produced it."""

    intent: Intent
    score: float
    hits: tuple[Hit, ...]


@dataclass(frozen=True)
class MatchResult:
    """Ranked candidates and the decision taken on them."""

    decision: Decision
    candidates: tuple[Candidate, ...]
    analysis: Analysis
    reason: str
    options: tuple[Intent, ...] = ()

    @property
    def intent(self) -> Intent | None:
        """The intent to answer with (only when decision is 'answer')."""
        return self.candidates[0].intent if self.decision == "answer" else None

    @property
    def out_of_scope(self) -> Intent | None:
        """The out-of-scope topic recognised, when that is why the matcher fell back."""
        if self.decision == "fallback" and self.candidates and self.candidates[0].intent.out_of_scope:
            return self.candidates[0].intent
        return None


class Matcher:
    """Scores text against an IntentSet. Immutable: a reload builds a new Matcher."""

    def __init__(self, intents: IntentSet, settings: Settings | None = None) -> None:
        self.intents = intents
        self.settings = settings or Settings()
        self._tok = tokenizer(intents.dictionary_words())
        self._atoms = sorted({atom for i in intents for t in (*i.keywords, *i.require, *i.exclude)
                              for atom in t.atoms})

    def analyse(self, text: str) -> Analysis:
        """Normalise, tokenise and replace synonyms by their main word."""
        normalized = normalize(text)
        synonyms = self.intents.synonyms
        tokens = tuple(synonyms.get(tok, tok) for tok in self._tok.lcut(normalized, HMM=True)
                       if not tok.isspace())
        compact = "".join(tokens)
        found = frozenset(atom for atom in self._atoms if atom in compact)
        return Analysis(text, normalized, tokens, compact, found)

    def score(self, intent: Intent, analysis: Analysis, boost: float = 0.0) -> Candidate | None:
        """Score one intent; None when it is excluded or a required term is missing."""
        found = analysis.found
        if any(term.present(found) for term in intent.exclude):
            return None
        if intent.require and not any(term.present(found) for term in intent.require):
            return None
        hits = [Hit(f"keyword {t.text}", t.weight) for t in intent.keywords if t.present(found)]
        hits += [Hit(f"pattern {p.text}", p.weight) for p in intent.patterns
                 if p.regex.search(analysis.compact)]
        if boost and hits:
            hits.append(Hit("context", boost))
        total = sum(h.weight for h in hits)
        return Candidate(intent, round(total, 3), tuple(hits)) if total > 0 else None

    def match(self, text: str, boosts: dict[str, float] | None = None) -> MatchResult:
        """Rank every intent for `text` and decide what to do."""
        analysis = self.analyse(text)
        boosts = boosts or {}
        scored = [c for i in self.intents if (c := self.score(i, analysis, boosts.get(i.id, 0.0)))]
        order = {intent.id: n for n, intent in enumerate(self.intents)}
        ranked = tuple(sorted(scored, key=lambda c: (-c.score, order[c.intent.id])))
        return self.decide(ranked, analysis)

    def decide(self, ranked: tuple[Candidate, ...], analysis: Analysis) -> MatchResult:
        """answer when the top clears the threshold and the margin; clarify when close; else fallback."""
        s = self.settings
        if not ranked or ranked[0].score < s.threshold:
            return MatchResult("fallback", ranked, analysis, "nothing reaches the threshold")
        top = ranked[0]
        if top.intent.out_of_scope:
            return MatchResult("fallback", ranked, analysis, f"out of scope: {top.intent.id}")
        close = [c for c in ranked[1:] if top.score - c.score < s.margin]
        if not close:
            return MatchResult("answer", ranked, analysis, "clear winner")
        options = tuple(c.intent for c in [top, *close] if not c.intent.out_of_scope)[: s.max_clarify]
        return MatchResult("clarify", ranked, analysis, "top candidates too close", options)

    def explain(self, text: str, top: int = 3) -> str:
        """A readable account of how `text` was matched."""
        result = self.match(text)
        a = result.analysis
        lines = [f"text:        {a.text}", f"normalised:  {a.normalized}", f"tokens:      {' / '.join(a.tokens)}"]
        if not result.candidates:
            lines.append("no rule fired for any intent")
        for n, cand in enumerate(result.candidates[:top], 1):
            scope = " (out of scope)" if cand.intent.out_of_scope else ""
            lines.append(f"{n}. {cand.intent.id}{scope}  score {cand.score:g}  [{cand.intent.title}]")
            lines += [f"     {h.weight:+g}  {h.rule}" for h in cand.hits]
        s = self.settings
        lines.append(f"decision:    {result.decision} ({result.reason}; threshold {s.threshold:g}, "
                     f"margin {s.margin:g})")
        if result.options:
            lines.append("asks:        " + " / ".join(i.id for i in result.options))
        return "\n".join(lines)
