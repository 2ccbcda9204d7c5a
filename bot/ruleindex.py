"""The matcher's precompiled rules: which terms a message contains and which patterns it matches, cheaply.

Every answer here equals what testing each intent's terms and patterns one by one gives (`Matcher.score`);
the index only avoids testing the many that cannot fire.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, groupby, repeat
from typing import Any, NamedTuple

from bot.intents import IntentSet, Term
from bot.regexparse import parse
from bot.wordfind import any_char, pairs_of


class Hit(NamedTuple):
    """One rule that fired, and what it added to the score (a tuple: made per message, cheaply)."""

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


Clause = frozenset[str]   # strings a match contains at least one of
Exact = frozenset[str] | None   # every string a piece of a pattern can match (None: too many, or not literal)
_PLACE_BITS = 16   # a rule's number: its intent's order, then its place in the intent in these low bits
MAX_STRINGS = 64   # exact strings followed through a pattern, and the characters of a class ([0-9]; not [一-龥])


def within_sentence(regex: re.Pattern[str], text: str) -> bool:
    """Whether the pattern matches inside one sentence (they are apart on lines: `[^，]` alone could span two)."""
    found = regex.search(text)
    if found is None or "\n" not in found.group():
        return found is not None
    return any(regex.search(line) for line in text.split("\n"))


def requirements(pattern: str) -> frozenset[Clause]:
    """Clauses every match of `pattern` satisfies: it contains one string of each (`(上诉|起诉)状`: 上诉状 or 起诉状).

    A sound under-estimate: empty when unsure (the pattern is then always searched).
    """
    try:
        parsed = parse(pattern)   # shared with the risk check and the compiled regex (bot/regexparse.py)
        if parsed.state.flags & re.IGNORECASE:
            return frozenset()
        exact, clauses = _sequence(parsed)
    except Exception:  # an unknown parser version: no shortcut, the pattern is always searched
        return frozenset()
    if exact is not None and "" not in exact:
        clauses.add(exact)
    return frozenset(_shortest(clause) for clause in clauses)


def _shortest(clause: Clause) -> Clause:
    """The clause without strings that contain another of its strings (that one is then there too)."""
    return frozenset(s for s in clause if not any(t != s and t in s for t in clause))


def _sequence(items: Any) -> tuple[Exact, set[Clause]]:
    """What a sequence of items matches: its exact strings (None when not all literal), and required clauses.

    Literal items in a row join into strings (`不服` rather than 不 and 服); anything else ends the run.
    """
    clauses: set[Clause] = set()
    run: frozenset[str] = frozenset([""])
    whole = True
    for op, av in items:
        exact, more = _item(op.name, av)
        clauses |= more
        joined = None if exact is None else frozenset(a + b for a in run for b in exact)
        if joined is not None and len(joined) <= MAX_STRINGS:
            run = joined
            continue
        if "" not in run:
            clauses.add(run)
        whole = False
        run = frozenset([""]) if exact is None else exact
    if whole:
        return run, clauses
    if "" not in run:
        clauses.add(run)
    return None, clauses


def _item(name: str, av: Any) -> tuple[Exact, set[Clause]]:
    if name == "LITERAL":
        return frozenset([chr(av)]), set()
    if name == "IN":
        return _in_class(av), set()
    if name == "AT":   # ^, $, \b: no character of the match
        return frozenset([""]), set()
    if name == "SUBPATTERN":
        return (None, set()) if av[1] & re.IGNORECASE else _sequence(av[3])
    if name == "ATOMIC_GROUP":
        return _sequence(av)
    if name == "BRANCH" and av[1]:
        return _branch([_sequence(branch) for branch in av[1]])
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        least, most, inner = av
        exact, clauses = _sequence(inner)
        if least == most == 1:
            return exact, clauses
        if least == 0:   # optional: `(的)?` is one more exact choice; anything longer, nothing certain
            return (exact | {""} if exact is not None and most == 1 else None), set()
        return None, clauses | ({exact} if exact is not None and "" not in exact else set())
    # Any-char, negated or category classes, look-arounds, back-references: nothing certain.
    return None, set()


def _in_class(items: Any) -> Exact:
    """`[abc]` and `[0-9]`: their characters (None for `[^a]`, `\\d`, a wide range)."""
    chars: set[str] = set()
    for op, av in items:
        if op.name == "LITERAL":
            chars.add(chr(av))
        elif op.name == "RANGE" and av[1] - av[0] < MAX_STRINGS:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None
    return frozenset(chars) if chars else None


def _branch(alternatives: list[tuple[Exact, set[Clause]]]) -> tuple[Exact, set[Clause]]:
    """`a|b`: the strings of either when all are exact; else the clauses both alternatives share, and one other
    clause of each, joined."""
    if all(exact is not None for exact, _ in alternatives):
        union = frozenset().union(*(exact for exact, _ in alternatives if exact is not None))
        if len(union) <= MAX_STRINGS:
            return union, set()
    sets = [clauses | ({exact} if exact is not None and "" not in exact else set()) for exact, clauses in alternatives]
    shared = set.intersection(*sets)
    own = [clauses - shared for clauses in sets]
    if not all(own):
        return None, shared
    return None, shared | {frozenset().union(*(min(clauses, key=_selective) for clauses in own))}


def _pairs(string: str) -> list[str]:
    """The string's pairs of neighbouring characters (a one-character string: the character)."""
    return [string[i:i + 2] for i in range(len(string) - 1)] or [string]


def _selective(clause: Clause) -> tuple[bool, int, list[str]]:
    """Sort key: clauses of longer strings, then of fewer, are rarer in a message."""
    return min(len(s) for s in clause) < 2, len(clause), sorted(clause)


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
        # Others are listed by the atoms of their first part with their second part and the parts after it.
        self._one_part: dict[str, list[int]] = {}
        self._by_first_atom: dict[str, list[tuple[int, frozenset[str], tuple[frozenset[str], ...]]]] = {}
        for k, parts in enumerate(parts_of):
            rest = tuple(frozenset(part) for part in parts[1:])
            for atom in set(parts[0]) if parts else ():
                if rest:
                    self._by_first_atom.setdefault(atom, []).append((k, rest[0], rest[1:]))
                else:
                    self._one_part.setdefault(atom, []).append(k)
        self._first_atoms = frozenset(self._by_first_atom)
        # A pattern can match only when the message holds a string of each of its clauses. One clause is indexed:
        # each of its strings by its rarest pair of characters (a message holding the string holds the pair), so
        # most patterns are not even searched.
        self.regexes = tuple(regexes)   # every distinct pattern, once
        needs = [requirements(regex.pattern) for regex in regexes]
        self._unfiltered = frozenset(k for k, clauses in enumerate(needs) if not clauses)
        counts: dict[str, int] = {}
        for clauses in needs:
            for key in {key for clause in clauses for string in clause for key in _pairs(string)}:
                counts[key] = counts.get(key, 0) + 1

        def key_of(string: str) -> str:
            return min(_pairs(string), key=lambda key: (counts[key], key))

        def cost(clause: Clause) -> tuple[int, list[str]]:   # a single character is far commoner than a pair
            keys = {key_of(string) for string in clause}
            return sum(counts[key] * (10 if len(key) == 1 else 1) for key in keys), sorted(clause)

        self._by_key: dict[str, list[int]] = {}
        for k, clauses in enumerate(needs):
            if clauses:
                for key in sorted({key_of(string) for string in min(clauses, key=cost)}):
                    self._by_key.setdefault(key, []).append(k)
        self._pair_keys = frozenset(key for key in self._by_key if len(key) == 2)
        self._char_keys = any_char(key for key in self._by_key if len(key) == 1)
        # Each term -> the intents it excludes, and those whose `require:` it meets, as bits (1 << order): a
        # message's present terms OR-ed together tell every barred intent at once.
        self._excluding: dict[int, int] = {}
        self._meeting: dict[int, int] = {}
        self._requiring = 0
        for plan in self.plans:
            for k in plan.exclude:
                self._excluding[k] = self._excluding.get(k, 0) | 1 << plan.order
            for k in plan.require:
                self._meeting[k] = self._meeting.get(k, 0) | 1 << plan.order
            if plan.require:
                self._requiring |= 1 << plan.order
        self._excluders, self._meeters = frozenset(self._excluding), frozenset(self._meeting)
        # Each term and pattern -> the rules using it, as numbers that sort as (intent order, the rule's place in
        # the intent): a message's fired rules are sorted as plain integers. Each number -> its intent and its hit.
        self._keyword_rules: dict[int, list[int]] = {}
        self._pattern_rules: dict[int, list[int]] = {}
        orders: dict[int, int] = {}
        hits: dict[int, Hit] = {}
        for plan in self.plans:
            for place, (k, hit) in enumerate((*plan.keywords, *plan.patterns)):
                rule = plan.order << _PLACE_BITS | place
                orders[rule], hits[rule] = plan.order, hit
                by_term = self._keyword_rules if place < len(plan.keywords) else self._pattern_rules
                by_term.setdefault(k, []).append(rule)
        self.order_of: Callable[[int], int] = orders.__getitem__   # a rule's intent (by order)
        self.hit_of: Callable[[int], Hit] = hits.__getitem__

    def present_terms(self, found: frozenset[str]) -> set[int]:
        """Indexes of the distinct terms all of whose parts are among the `found` atoms."""
        present = set(chain.from_iterable(map(self._one_part.get, found, repeat(()))))
        present.update(self._always)
        by_first_atom = self._by_first_atom
        for atom in found.intersection(self._first_atoms):
            for k, second, more in by_first_atom[atom]:
                if k not in present and not second.isdisjoint(found) and (
                        not more or all(not part.isdisjoint(found) for part in more)):
                    present.add(k)
        return present

    def barred(self, present: set[int]) -> int:
        """The intents that cannot score with these terms present, as bits (1 << order): one of their `exclude:`
        terms is, or none of their `require:` terms. Found from the present terms, not by testing each intent's."""
        excluding, meeting = self._excluding, self._meeting
        excluded = met = 0
        for k in present.intersection(self._excluders):   # a few terms: most exclude nothing
            excluded |= excluding[k]
        for k in present.intersection(self._meeters):
            met |= meeting[k]
        return excluded | (self._requiring & ~met)

    def matched_patterns(self, text: str, pairs: frozenset[str] | None = None) -> set[int]:
        """Indexes of the distinct patterns found in `text`; `pairs`: its pairs of characters when already made."""
        maybe = set(self._unfiltered)
        by_key = self._by_key
        for key in chain(self._char_keys.findall(text), self._pair_keys.intersection(
                pairs_of(text) if pairs is None else pairs)):
            maybe.update(by_key[key])
        regexes = self.regexes   # testing the other clauses first would cost more than the few searches it saves
        matched = set()
        for k in maybe:
            found = regexes[k].search(text)
            if found is not None and ("\n" not in found.group() or within_sentence(regexes[k], text)):
                matched.add(k)
        return matched

    def rules(self, present: set[int], matched: set[int]) -> list[int]:
        """The rules that fired (`order_of` and `hit_of` read them), sorted: intents in file order, each one's rules
        in the order it lists them (keywords, then patterns). Other intents would score 0."""
        out = list(chain.from_iterable(map(self._keyword_rules.get, present, repeat(()))))
        out += chain.from_iterable(map(self._pattern_rules.get, matched, repeat(())))
        out.sort()
        return out

    def fired(self, present: set[int], matched: set[int]) -> dict[int, list[Hit]]:
        """The intents (by order) with a keyword present or a pattern matched, each with the hits of its rules
        that fired, in the order the intent lists them (keywords, then patterns). Others would score 0."""
        return {order: list(map(self.hit_of, rules))
                for order, rules in groupby(self.rules(present, matched), self.order_of)}

