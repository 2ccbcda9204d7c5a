"""The matcher's precompiled rules: which terms a message contains and which patterns it matches, cheaply.

Every answer here equals what testing each intent's terms and patterns one by one gives (`Matcher.score`);
the index only avoids testing the many that cannot fire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.intents import IntentSet, Term

try:  # the regular-expression parser of the standard library (private, so used defensively)
    from re import _parser as _re_parser  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_parse as _re_parser


@dataclass(frozen=True)
class Hit:
    """One rule that fired, and what it added to the score."""

    rule: str
    weight: float


@dataclass(frozen=True)
class Plan:
    """One intent's rules as indexes: terms into the term table, patterns into the pattern table."""

    order: int
    exclude: frozenset[int]
    require: frozenset[int]
    keywords: tuple[tuple[int, Hit], ...]
    patterns: tuple[tuple[int, Hit], ...]


def required_chars(pattern: str) -> frozenset[str]:
    """Characters every match of `pattern` contains (a sound under-estimate; empty when unsure)."""
    try:
        parsed = _re_parser.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return frozenset()
        return _required(parsed)
    except Exception:  # an unknown parser version: no shortcut, the pattern is always searched
        return frozenset()


def _required(items: Any) -> frozenset[str]:
    out: set[str] = set()
    for op, av in items:
        name = op.name
        if name == "LITERAL":
            out.add(chr(av))
        elif name == "SUBPATTERN" and not av[1] & re.IGNORECASE:
            out |= _required(av[3])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            out |= _required(av[2])
        elif name == "ATOMIC_GROUP":
            out |= _required(av)
        elif name == "BRANCH" and av[1]:
            out |= frozenset.intersection(*(_required(branch) for branch in av[1]))
        # Character classes, any-char, anchors, look-arounds, back-references: nothing certain.
    return frozenset(out)


class RuleIndex:
    """Every distinct term and pattern of an intent set, indexed for one message at a time."""

    def __init__(self, intents: IntentSet) -> None:
        terms: dict[tuple[tuple[str, ...], ...], int] = {}
        patterns: dict[str, int] = {}
        regexes: list[re.Pattern[str]] = []

        def term_id(term: Term) -> int:
            return terms.setdefault(term.parts, len(terms))

        plans = []
        for n, i in enumerate(intents):
            for p in i.patterns:
                if p.text not in patterns:
                    patterns[p.text] = len(regexes)
                    regexes.append(p.regex)
            plans.append(Plan(
                n, frozenset(term_id(t) for t in i.exclude), frozenset(term_id(t) for t in i.require),
                tuple((term_id(t), Hit(f"keyword {t.text}", t.weight)) for t in i.keywords),
                tuple((patterns[p.text], Hit(f"pattern {p.text}", p.weight)) for p in i.patterns)))
        self.plans = tuple(plans)
        parts_of = tuple(terms)
        self._always = frozenset(k for k, parts in enumerate(parts_of) if not parts)
        # A term can only be present when an atom of its first part was found; a one-part term then is.
        self._by_first_atom: dict[str, list[tuple[int, tuple[frozenset[str], ...]]]] = {}
        for k, parts in enumerate(parts_of):
            rest = tuple(frozenset(part) for part in parts[1:])
            for atom in set(parts[0]) if parts else ():
                self._by_first_atom.setdefault(atom, []).append((k, rest))
        # A pattern is searched only when the message has every character all its matches contain.
        self.regexes = tuple(regexes)   # every distinct pattern, once
        self._patterns = tuple((regex, required_chars(regex.pattern)) for regex in regexes)
        self._unfiltered = [k for k, (_regex, needs) in enumerate(self._patterns) if not needs]
        self._by_char: dict[str, list[int]] = {}   # one required character (the least common) -> patterns
        counts: dict[str, int] = {}
        for _regex, needs in self._patterns:
            for char in needs:
                counts[char] = counts.get(char, 0) + 1
        for k, (_regex, needs) in enumerate(self._patterns):
            if needs:
                self._by_char.setdefault(min(sorted(needs), key=lambda c: counts[c]), []).append(k)
        self._by_pattern: dict[int, list[int]] = {}
        self._by_keyword: dict[int, list[int]] = {}
        for plan in self.plans:
            for k in dict.fromkeys(k for k, _hit in plan.keywords):
                self._by_keyword.setdefault(k, []).append(plan.order)
            for k in dict.fromkeys(k for k, _hit in plan.patterns):
                self._by_pattern.setdefault(k, []).append(plan.order)

    def present_terms(self, found: frozenset[str]) -> set[int]:
        """Indexes of the distinct terms all of whose parts are among the `found` atoms."""
        present = set(self._always)
        for atom in found:
            for k, rest in self._by_first_atom.get(atom, ()):
                if k not in present and all(not part.isdisjoint(found) for part in rest):
                    present.add(k)
        return present

    def matched_patterns(self, text: str) -> set[int]:
        """Indexes of the distinct patterns found in `text`."""
        chars = set(text)
        patterns = self._patterns
        maybe = [*self._unfiltered, *(k for char in chars for k in self._by_char.get(char, ()))]
        return {k for k in maybe if patterns[k][1] <= chars and patterns[k][0].search(text)}

    def candidates(self, present: set[int], matched: set[int]) -> list[int]:
        """The orders of the intents with a keyword present or a pattern matched (others score 0), in order."""
        orders = {order for k in present for order in self._by_keyword.get(k, ())}
        orders.update(order for k in matched for order in self._by_pattern.get(k, ()))
        return sorted(orders)
