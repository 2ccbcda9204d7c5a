"""Finds the repetitions in a maintainer's regular expression that can make matching take for ever.

Python's `re` backtracks: a repeated part that can match the same text in more than one way, such as
`(讼+)+` or `(机器人|你好|机器人你好)+`, makes a message that almost matches cost time exponential in its
length, and the bot answers nobody meanwhile (security review L6). The loaders refuse such a pattern.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from bot.regexparse import parse

# The parser `re` itself uses (its module was renamed in 3.11; the old name warns).
_sre: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")
_UNBOUNDED = _sre.MAXREPEAT
_MAX_WORDS = 2000      # a repeated part with more spellings than this is not checked word by word
_MAX_CLASS = 64        # a character class with more characters is not spelt out


def risk(pattern: str) -> str:
    """'' when no repetition in `pattern` is ambiguous; otherwise why, in a maintainer's words."""
    try:
        tree = parse(pattern)   # the parse re.compile then uses too (bot/regexparse.py)
    except Exception:   # the caller compiles the pattern and reports its own error
        return ""
    return _walk(tree)


def _walk(items: Any) -> str:
    for op, av in items:
        if str(op) in ("MAX_REPEAT", "MIN_REPEAT") and av[1] == _UNBOUNDED and (why := _ambiguous(av[2])):
            return why
        for child in _children(str(op), av):
            if why := _walk(child):
                return why
    return ""


def _children(name: str, av: Any) -> list[Any]:
    """The sub-patterns of one parsed item (an atomic group's never backtrack, so they are left out)."""
    if name in ("MAX_REPEAT", "MIN_REPEAT"):
        return [av[2]]
    if name in ("SUBPATTERN", "ASSERT", "ASSERT_NOT"):
        return [av[-1]]
    if name == "BRANCH":
        return list(av[1])
    if name == "GROUPREF_EXISTS":
        return [p for p in av[1:] if p is not None]
    return []


def _ambiguous(body: Any) -> str:
    """Why repeating `body` can split one text in several ways; '' when it cannot (or it is too big to tell)."""
    if _has_unbounded(body) and _only_loops(body):
        return ("a repeated part repeats inside it too (like '(讼+)+'): a long message that almost matches "
                "freezes the bot. Repeat only once, e.g. '讼+'")
    words = _words(body)
    if words is None:
        return ""
    if "" in words:
        return ("a repeated part can also match nothing (like '(了?)+'): a long message that almost matches "
                "freezes the bot. Make each repeated choice match at least one character")
    split = _two_ways(words)
    if split:
        return (f"a repeated part can read '{split[0]}' in two ways ({split[1]}): a long message that almost "
                "matches freezes the bot. Remove a choice that the others already spell")
    return ""


def _only_loops(items: Any) -> bool:
    """True when every part `items` must match is a repetition (`讼+`, `a*b?`): it can then split a run of
    text between iterations in many ways. A part that must be there once (`\\s*x`) marks where each begins."""
    for op, av in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            if av[1] != _UNBOUNDED and av[0] > 0 and not _only_loops(av[2]):
                return False
        elif name == "SUBPATTERN":
            if not _only_loops(av[-1]):
                return False
        elif name == "BRANCH":
            if not any(_only_loops(b) for b in av[1]):   # one choice that splits a run is enough
                return False
        elif name not in ("AT", "ASSERT", "ASSERT_NOT"):
            return False
    return True


def _has_unbounded(items: Any) -> bool:
    return any((str(op) in ("MAX_REPEAT", "MIN_REPEAT") and av[1] == _UNBOUNDED)
               or any(_has_unbounded(child) for child in _children(str(op), av)) for op, av in items)


def _words(items: Any) -> set[str] | None:
    """Every text `items` matches when that is a small finite set of plain characters; None otherwise."""
    out = {""}
    for op, av in items:
        name = str(op)
        part: set[str] | None
        if name == "LITERAL":
            part = {chr(av)}
        elif name == "IN":
            part = _class(av)
        elif name == "SUBPATTERN":
            part = _words(av[-1])
        elif name == "BRANCH":
            part = set()
            for branch in av[1]:
                got = _words(branch)
                if got is None:
                    return None
                part |= got
        elif name in ("MAX_REPEAT", "MIN_REPEAT") and av[1] <= 4:
            inner = _words(av[2])
            if inner is None:
                return None
            part, power = set(), {""}
            for count in range(av[1] + 1):
                if count >= av[0]:
                    part |= power
                power = {a + b for a in power for b in inner}
                if len(power) > _MAX_WORDS:
                    return None
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue   # anchors and look-arounds match no text of their own
        else:
            return None
        if part is None:
            return None
        out = {a + b for a in out for b in part}
        if len(out) > _MAX_WORDS:
            return None
    return out


def _class(items: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            chars.add(chr(av))
        elif name == "RANGE" and av[1] - av[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None   # negated classes, \w, wide ranges: not spelt out
    return chars if len(chars) <= _MAX_CLASS else None


def _two_ways(words: set[str]) -> tuple[str, str] | None:
    """A text two sequences of `words` spell, and both spellings; None when every text has one spelling.

    The Sardinas-Patterson test, keeping the spellings: one sequence runs ahead of the other by a dangling
    suffix, until the suffix is a word (two spellings of one text) or no word continues it.
    """
    start = sorted(((b[len(a):], (b,), (a,)) for a in words for b in words if b != a and b.startswith(a)),
                   key=lambda s: (len("".join(s[1])), s))
    queue: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = list(start)
    seen = {suffix for suffix, _, _ in start}
    while queue:
        suffix, ahead, behind = queue.pop(0)
        for word in sorted(words):
            if word == suffix:
                return "".join(ahead), f"{_plus(ahead)} = {_plus((*behind, word))}"
            state: tuple[str, tuple[str, ...], tuple[str, ...]]
            if word.startswith(suffix):      # the sequence behind overtakes
                state = (word[len(suffix):], (*behind, word), ahead)
            elif suffix.startswith(word):
                state = (suffix[len(word):], ahead, (*behind, word))
            else:
                continue
            if state[0] not in seen and len(seen) < _MAX_WORDS:
                seen.add(state[0])
                queue.append(state)
    return None


def _plus(words: tuple[str, ...]) -> str:
    return " + ".join(f"'{w}'" for w in words)


