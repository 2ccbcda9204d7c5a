"""Warnings that catch maintainers' mistakes early (`wuai check`, `wuai test --per-intent`)."""

from __future__ import annotations

from collections import Counter, defaultdict

from bot.errors import Problem
from bot.intents import IntentSet
from bot.matcher import Matcher, Settings

RECOMMENDED_EXAMPLES = 8


def _warn(file: str, line: int, message: str) -> Problem:
    return Problem(file, line, message, severity="warning")


def lint(intents: IntentSet, settings: Settings | None = None) -> list[Problem]:
    """Everything suspicious that is not an outright error."""
    out: list[Problem] = []
    exclusions: dict[str, list[str]] = defaultdict(list)
    for intent in intents:
        for term in intent.exclude:
            for atom in term.atoms:
                exclusions[atom].append(intent.id)
    for intent in intents:
        if len(intent.examples) < RECOMMENDED_EXAMPLES:
            out.append(_warn(intent.file, intent.line,
                             f"'{intent.id}' has {len(intent.examples)} examples; write at least "
                             f"{RECOMMENDED_EXAMPLES} so the rules are tested well"))
        if intent.id in intent.buttons:
            out.append(_warn(intent.file, intent.line, f"'{intent.id}' lists itself under 'buttons'"))
        if not intent.source and not intent.out_of_scope and not intent.id.startswith(("meta.", "handoff.")):
            out.append(_warn(intent.file, intent.line, f"'{intent.id}' has no 'source' (law and article, or "
                                                       "official service)"))
        for term in intent.keywords:
            if term.weight <= 0:
                continue
            for atom in sorted(term.atoms):
                others = [i for i in exclusions.get(atom, []) if i != intent.id]
                if others:
                    out.append(_warn(intent.file, term.line,
                                     f"keyword '{atom}' of '{intent.id}' is an exclusion of "
                                     f"{', '.join(others)}"))
    out += overlaps(Matcher(intents, settings))
    return out


def overlaps(matcher: Matcher) -> list[Problem]:
    """Examples that also score close to another intent: a small rewording may flip them."""
    out = []
    margin = matcher.settings.margin
    for intent in matcher.intents:
        rivals: Counter[str] = Counter()
        for example in intent.examples:
            result = matcher.match(example)
            own = next((c.score for c in result.candidates if c.intent.id == intent.id), 0.0)
            for cand in result.candidates:
                if cand.intent.id != intent.id and cand.score >= matcher.settings.threshold \
                        and own - cand.score < margin:
                    rivals[cand.intent.id] += 1
        for rival, count in rivals.most_common():
            out.append(_warn(intent.file, intent.line,
                             f"{count} example(s) of '{intent.id}' also strongly match '{rival}' (overlap)"))
    return out


def per_intent_report(matcher: Matcher) -> str:
    """Precision and recall per intent over all examples, and the confusion pairs."""
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    support: Counter[str] = Counter()
    confusions: Counter[tuple[str, str]] = Counter()
    for intent in matcher.intents:
        for example in intent.examples:
            result = matcher.match(example)
            got = result.out_of_scope or result.intent
            label = got.id if got else f"({result.decision})"
            support[intent.id] += 1
            predicted[label] += 1
            if label == intent.id:
                correct[intent.id] += 1
            else:
                confusions[(intent.id, label)] += 1
    rows = [f"{'intent':<34}{'n':>4}{'precision':>11}{'recall':>9}"]
    for intent in matcher.intents:
        n = support[intent.id]
        p = correct[intent.id] / predicted[intent.id] if predicted[intent.id] else 0.0
        r = correct[intent.id] / n if n else 0.0
        rows.append(f"{intent.id:<34}{n:>4}{p:>11.0%}{r:>9.0%}")
    if confusions:
        rows.append("\nconfusions (expected -> got):")
        rows += [f"  {a} -> {b}: {c}" for (a, b), c in confusions.most_common()]
    return "\n".join(rows)
