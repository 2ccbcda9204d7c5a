"""Every intent's examples answered with its own intent: what `wuai test` runs and a hot reload must pass."""

from __future__ import annotations

from dataclasses import dataclass

from bot.matcher import Matcher, MatchResult


@dataclass(frozen=True)
class ExampleFailure:
    intent_id: str
    example: str
    result: MatchResult


def check_examples(matcher: Matcher) -> tuple[int, list[ExampleFailure]]:
    """Every example must be answered with its own intent (out-of-scope ones: recognised as such)."""
    failures = []
    total = 0
    for intent in matcher.intents:
        for example in intent.examples:
            total += 1
            result = matcher.match(example)
            if intent.out_of_scope:   # declined either way: which out-of-scope answer explains it may vary
                ok = result.out_of_scope is not None
            else:
                ok = result.intent is not None and result.intent.id == intent.id
            if not ok:
                failures.append(ExampleFailure(intent.id, example, result))
    return total, failures


def describe(result: MatchResult) -> str:
    """Short description of what happened instead, for failure lists."""
    if result.decision == "answer" and result.intent:
        return f"answered {result.intent.id}"
    if result.decision == "clarify":
        return "clarify between " + ", ".join(i.id for i in result.options)
    if result.out_of_scope:
        return f"out of scope ({result.out_of_scope.id})"
    top = result.candidates[0] if result.candidates else None
    return f"fallback (best {top.intent.id} {top.score:g})" if top else "fallback (no rule fired)"
