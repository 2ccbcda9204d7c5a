"""Warnings that catch maintainers' mistakes early (`wuai check`, `wuai test --per-intent`)."""

from __future__ import annotations

from collections import Counter

from bot.errors import Problem
from bot.intents import Intent, IntentSet, Term
from bot.maint.terms import long_explanations, unexplained_terms
from bot.matcher import Matcher, Settings
from bot.normalize import normalize

RECOMMENDED_EXAMPLES = 8


def _warn(file: str, line: int, message: str) -> Problem:
    return Problem(file, line, message, severity="warning")


def _hint(file: str, line: int, message: str) -> Problem:
    """Advice a maintainer may follow, not a likely mistake: `wuai check --hints` lists these."""
    return Problem(file, line, message, severity="hint")


def lint(intents: IntentSet, settings: Settings | None = None) -> list[Problem]:
    """Everything suspicious that is not an outright error."""
    matcher = Matcher(intents, settings)
    out: list[Problem] = []
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
        out += dead_terms(intent)
    out += duplicate_examples(intents)
    out += excluded_keywords(matcher)
    out += overlaps(matcher)
    out += unexplained_terms(intents) + long_explanations(intents)
    return out


def _covers(atom: str, part: tuple[str, ...]) -> bool:
    """Terms are found as substrings, so `atom` being present guarantees any alternative inside it."""
    return any(alt in atom for alt in part)


def implies(term: Term, other: Term) -> bool:
    """Whenever `term` is present, `other` is present too."""
    return all(any(all(_covers(atom, need) for atom in part) for part in term.parts) for need in other.parts)


def dead_terms(intent: Intent) -> list[Problem]:
    """Keywords, requirements and statements that can never count because the intent's own exclusion always fires
    with them."""
    out = []
    for kind, terms in (("keyword", intent.keywords), ("required term", intent.require),
                        ("statement", intent.statements)):
        for term in terms:
            if term.weight <= 0:  # a penalty the exclusion makes redundant costs nothing
                continue
            blocker = next((e for e in intent.exclude if implies(term, e)), None)
            if blocker is not None:
                out.append(_warn(intent.file, term.line, f"{kind} '{term.text}' of '{intent.id}' never counts: "
                                                         f"its own exclusion '{blocker.text}' always fires with it"))
                continue
            for atom in sorted(term.atoms):
                if not any(len(part) > 1 and atom in part for part in term.parts):   # only one of alternatives
                    continue
                blocker = next((e for e in intent.exclude if implies(Term(atom, ((atom,),)), e)), None)
                if blocker is not None:
                    out.append(_warn(intent.file, term.line,
                                     f"'{atom}' in {kind} '{term.text}' of '{intent.id}' never counts: "
                                     f"its own exclusion '{blocker.text}' always fires with it"))
    return out


def duplicate_examples(intents: IntentSet) -> list[Problem]:
    """The same question listed twice: in two intents one of them must fail, in one intent it tests nothing new."""
    out = []
    first: dict[str, str] = {}
    for intent in intents:
        seen: set[str] = set()
        for example in intent.examples:
            if example in seen:
                out.append(_warn(intent.file, intent.line, f"'{intent.id}' lists the example '{example}' twice"))
                continue
            seen.add(example)
            # Written with other spaces, script or punctuation, it is still the same question to the matcher.
            key = normalize(example).replace(" ", "")
            if first.get(key, intent.id) != intent.id:
                out.append(_warn(intent.file, intent.line, f"example '{example}' of '{intent.id}' is also an example "
                                                           f"of '{first[key]}': both claim the same question"))
            else:
                first.setdefault(key, intent.id)
    return out


def excluded_keywords(matcher: Matcher) -> list[Problem]:
    """An exclusion of another intent's keyword that no example shows at work.

    Excluding a neighbour's word is the usual way to hand its questions over, so that alone is not
    suspicious. It is when no example of another intent contains the word: then nothing records why
    the exclusion is there, and `wuai test` cannot notice when it stops doing its job.
    """
    intents = matcher.intents
    shown_by: dict[str, set[str]] = {}   # atom found in an example -> the intents whose examples show it
    for intent in intents:
        for example in intent.examples:
            for atom in matcher.analyse(example).found:
                shown_by.setdefault(atom, set()).add(intent.id)
    keyword_owners: dict[str, set[str]] = {}   # keyword atom -> the intents that count it
    for other in intents:
        for kw in other.keywords:
            if kw.weight > 0:
                for atom in kw.atoms:
                    keyword_owners.setdefault(atom, set()).add(other.id)
    out = []
    for intent in intents:
        for term in intent.exclude:
            if len(term.parts) > 1:  # a combination like 律师+收费 is specific enough to be deliberate
                continue
            if any(shown_by.get(atom, set()) - {intent.id} for atom in term.parts[0]):
                continue   # an example of another intent shows the exclusion at work (the cheap test, first)
            # The keyword atoms `_covers` finds, one alternative at a time (a plain substring test per atom).
            owners = sorted({other for alt in term.parts[0] for atom, ids in keyword_owners.items() if alt in atom
                             for other in ids if other != intent.id})
            if not owners:
                continue
            out.append(_hint(intent.file, term.line,
                             f"'{intent.id}' excludes '{term.text}', a keyword of {', '.join(owners)}, but no "
                             f"example of another intent contains it: add one that shows why, or drop the exclusion"))
    return out


def overlaps(matcher: Matcher) -> list[Problem]:
    """Examples another intent also answers on its own, with less than two margins between them.

    Such an example is answered today, but losing one word could make the bot ask instead. Two
    out-of-scope intents are not rivals: either way the bot declines and offers a person.
    """
    out = []
    s = matcher.settings
    for intent in matcher.intents:
        rivals: Counter[str] = Counter()
        first: dict[str, str] = {}
        for example in intent.examples:
            result = matcher.match(example)
            own = next((c.score for c in result.candidates if c.intent.id == intent.id), 0.0)
            for cand in result.candidates:
                if (cand.intent.id != intent.id and cand.score >= s.threshold and own - cand.score < 2 * s.margin
                        and not (intent.out_of_scope and cand.intent.out_of_scope)):
                    rivals[cand.intent.id] += 1
                    first.setdefault(cand.intent.id, example)
        for rival, count in rivals.most_common():
            out.append(_warn(intent.file, intent.line,
                             f"{count} example(s) of '{intent.id}' also strongly match '{rival}' (overlap), "
                             f"e.g. '{first[rival]}': add words that tell them apart, or an exclusion"))
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
        # Precision is undefined when nothing was answered with this intent: show '-' rather than a fake 0%.
        p = f"{correct[intent.id] / predicted[intent.id]:.0%}" if predicted[intent.id] else "-"
        r = f"{correct[intent.id] / n:.0%}" if n else "-"
        rows.append(f"{intent.id:<34}{n:>4}{p:>11}{r:>9}")
    total = sum(support.values())
    rows.append(f"{'all':<34}{total:>4}{'':>11}{(sum(correct.values()) / total if total else 0):>9.0%}")
    if confusions:
        rows.append("\nconfusions (expected -> got):")
        rows += [f"  {a} -> {b}: {c}" for (a, b), c in confusions.most_common()]
    return "\n".join(rows)
