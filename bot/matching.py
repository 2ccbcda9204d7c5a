"""What matching yields and is decided by: the settings, scored candidates and the result of one match.

Shared by the matcher (bot/matcher.py) and its re-reading steps (bot/rereading.py); callers import them from
bot.matcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from bot.intents import Intent
from bot.reading import Analysis
from bot.ruleindex import Hit

Decision = Literal["answer", "clarify", "fallback"]

BACKGROUND = " (background)"   # marks a rule that fired only in a long story's background


@dataclass(frozen=True)
class Settings:
    """Decision thresholds (from config.yaml `matcher:`)."""

    threshold: float = 3.0
    margin: float = 1.0
    max_clarify: int = 3
    story_margin: float = 1.0   # the margin for a long story (questions' story_min_chars); the larger one counts
    story_question_lead: float = 0.0   # a long story's candidate leading by this in the asking clauses answers


class Candidate(NamedTuple):
    """An intent with its score and the rules that produced it (a tuple: several are made per message)."""

    intent: Intent
    score: float
    hits: tuple[Hit, ...]


class MatchResult(NamedTuple):
    """Ranked candidates and the decision taken on them (a tuple: one or more are made per message)."""

    decision: Decision
    candidates: tuple[Candidate, ...]
    analysis: Analysis
    reason: str
    options: tuple[Intent, ...] = ()
    declined: Intent | None = None   # the out-of-scope answer the `scope:` rules chose (see bot/scope.py)

    @property
    def intent(self) -> Intent | None:
        """The intent to answer with (only when decision is 'answer')."""
        return self.candidates[0].intent if self.decision == "answer" else None

    @property
    def out_of_scope(self) -> Intent | None:
        """The out-of-scope topic recognised, when that is why the matcher fell back."""
        if self.declined is not None:
            return self.declined
        if self.decision == "fallback" and self.candidates and self.candidates[0].intent.out_of_scope:
            return self.candidates[0].intent
        return None


ROUNDED: dict[float, float] = {}   # a score's sum -> rounded: messages' scores are sums of the same few weights
_ROUNDED_SIZE = 4096


def rounded(total: float) -> float:
    """`round(total, 3)` (a scores' sum), remembered: rounding a float to places is slow."""
    out = ROUNDED.get(total)
    if out is None:
        out = round(total, 3)
        if len(ROUNDED) < _ROUNDED_SIZE:
            ROUNDED[total] = out
    return out


def nested(a: str, b: str) -> bool:
    """One id is the other's sub-topic."""
    return a.startswith(b + ".") or b.startswith(a + ".")
