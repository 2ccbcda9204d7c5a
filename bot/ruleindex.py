"""The matcher's precompiled rules: which terms a message contains and which patterns it matches, cheaply.

Every answer here equals what testing each intent's terms and patterns one by one gives (`Matcher.score`);
the index only avoids testing the many that cannot fire.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from bot.intents import IntentSet, Term
from bot.regexparse import parse


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


Clause = frozenset[str]   # characters a match contains at least one of
MAX_RANGE = 64   # a class's range this short is a clause ([0-9]); a wider one ([一-龥]) is not


def within_sentence(regex: re.Pattern[str], text: str) -> bool:
    """Whether the pattern matches inside one sentence (they are apart on lines: `[^，]` alone could span two)."""
    found = regex.search(text)
    if found is None or "\n" not in found.group():
        return found is not None
    return any(regex.search(line) for line in text.split("\n"))


def requirements(pattern: str) -> frozenset[Clause]:
    """Clauses every match of `pattern` satisfies: it contains one character of each.

    A sound under-estimate: empty when unsure (the pattern is then always searched).
    """
    try:
        parsed = parse(pattern)   # shared with the risk check and the compiled regex (bot/regexparse.py)
        if parsed.state.flags & re.IGNORECASE:
            return frozenset()
        return _required(parsed)
    except Exception:  # an unknown parser version: no shortcut, the pattern is always searched
        return frozenset()


def _required(items: Any) -> frozenset[Clause]:
    out: set[Clause] = set()
    for op, av in items:
        name = op.name
        if name == "LITERAL":
            out.add(frozenset(chr(av)))
        elif name == "IN":
            out |= _in_class(av)
        elif name == "SUBPATTERN" and not av[1] & re.IGNORECASE:
            out |= _required(av[3])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and av[0] >= 1:
            out |= _required(av[2])
        elif name == "ATOMIC_GROUP":
            out |= _required(av)
        elif name == "BRANCH" and av[1]:
            out |= _branch([_required(branch) for branch in av[1]])
        # Any-char, negated or category classes, anchors, look-arounds, back-references: nothing certain.
    return frozenset(out)


def _in_class(items: Any) -> frozenset[Clause]:
    """`[abc]` and `[0-9]`: one clause with their characters (nothing for `[^a]`, `\\d`, a wide range)."""
    chars: set[str] = set()
    for op, av in items:
        if op.name == "LITERAL":
            chars.add(chr(av))
        elif op.name == "RANGE" and av[1] - av[0] < MAX_RANGE:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return frozenset()
    return frozenset([frozenset(chars)]) if chars else frozenset()


def _branch(alternatives: list[frozenset[Clause]]) -> frozenset[Clause]:
    """A match of `a|b` satisfies the clauses both alternatives share, and one other clause of either, joined."""
    shared = frozenset.intersection(*alternatives)
    own = [clauses - shared for clauses in alternatives]
    if not all(own):
        return shared
    joined = frozenset().union(*(min(clauses, key=lambda c: (len(c), sorted(c))) for clauses in own))
    return shared | {joined}


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
        self._one_part: dict[str, list[int]] = {}
        self._by_first_atom: dict[str, list[tuple[int, tuple[frozenset[str], ...]]]] = {}
        for k, parts in enumerate(parts_of):
            rest = tuple(frozenset(part) for part in parts[1:])
            for atom in set(parts[0]) if parts else ():
                if rest:
                    self._by_first_atom.setdefault(atom, []).append((k, rest))
                else:
                    self._one_part.setdefault(atom, []).append(k)
        # A pattern is searched only when the message has a character of one of its clauses (its rarest),
        # so most patterns are not even tried; a search that fails on its first literal is cheap anyway.
        self.regexes = tuple(regexes)   # every distinct pattern, once
        needs = [requirements(regex.pattern) for regex in regexes]
        counts: dict[str, int] = {}
        for clauses in needs:
            for char in frozenset().union(*clauses):
                counts[char] = counts.get(char, 0) + 1
        self._unfiltered = frozenset(k for k, clauses in enumerate(needs) if not clauses)
        self._by_char: dict[str, list[int]] = {}
        for k, clauses in enumerate(needs):
            if clauses:
                rarest = min(clauses, key=lambda c: (sum(counts[char] for char in c), sorted(c)))
                for char in sorted(rarest):
                    self._by_char.setdefault(char, []).append(k)
        # Each term and pattern -> the rules using it: (intent order, the rule's place in the intent, its hit).
        self._keyword_rules: dict[int, list[tuple[int, int, Hit]]] = {}
        self._pattern_rules: dict[int, list[tuple[int, int, Hit]]] = {}
        for plan in self.plans:
            for place, (k, hit) in enumerate(plan.keywords):
                self._keyword_rules.setdefault(k, []).append((plan.order, place, hit))
            for place, (k, hit) in enumerate(plan.patterns, len(plan.keywords)):
                self._pattern_rules.setdefault(k, []).append((plan.order, place, hit))

    def present_terms(self, found: frozenset[str]) -> set[int]:
        """Indexes of the distinct terms all of whose parts are among the `found` atoms."""
        present = set(self._always)
        for atom in found:
            present.update(self._one_part.get(atom, ()))
        for atom in found:
            for k, rest in self._by_first_atom.get(atom, ()):
                if k not in present and all(not part.isdisjoint(found) for part in rest):
                    present.add(k)
        return present

    def matched_patterns(self, text: str) -> set[int]:
        """Indexes of the distinct patterns found in `text`."""
        maybe = set(self._unfiltered)
        for char in set(text):
            maybe.update(self._by_char.get(char, ()))
        regexes = self.regexes
        return {k for k in maybe if within_sentence(regexes[k], text)}

    def fired(self, present: set[int], matched: set[int]) -> dict[int, list[Hit]]:
        """The intents (by order) with a keyword present or a pattern matched, each with the hits of its rules
        that fired, in the order the intent lists them (keywords, then patterns). Others would score 0."""
        found: dict[int, list[tuple[int, Hit]]] = {}
        for k in present:
            for order, place, hit in self._keyword_rules.get(k, ()):
                found.setdefault(order, []).append((place, hit))
        for k in matched:
            for order, place, hit in self._pattern_rules.get(k, ()):
                found.setdefault(order, []).append((place, hit))
        return {order: [hit for _place, hit in sorted(hits, key=itemgetter(0))] for order, hits in found.items()}
