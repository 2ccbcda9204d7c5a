"""The matcher's rule index: its pattern shortcut never skips a pattern that would match."""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ruleindex import RuleIndex, requirements, within_sentence
from bot.wordfind import pairs_of
from tests.conftest import shipped_intents


@pytest.mark.parametrize(("pattern", "clauses"), [
    ("不服.{0,6}(判决|裁定)", [["不服"], ["判决", "裁定"]]),
    ("律师.{0,8}(没|困难)|(没|困难).{0,8}律师", [["律师"], ["没", "困难"]]),
    ("(上诉|起诉)状", [["上诉状", "起诉状"]]),
    ("(还)?(来得及|赶得上)(吗)?", [["来得及", "赶得上"]]),   # 还来得及吗 holds 来得及: the shorter is enough
    ("[上下]诉+", [["上", "下"], ["诉"]]),
    ("[0-9]+天", [list("0123456789"), ["天"]]),
    ("诉{0,2}讼", [["讼"]]),
    ("(?i)ab", []),
    ("(?i:a)b", [["b"]]),
    ("[^a]b|\\dc", [["b", "c"]]),
    ("[一-龥]案", [["案"]]),
    ("(传票|状)(?:(?!\\1).){1,30}?(传票|状)", [["传票", "状"]]),
    ("(?!副本)本", [["本"]]),
    ("(立案|)费", [["费"]]),
    ("^(我)?(要|想)?上述$", [["上述"]]),
    ("(去|到|在|向|找)(哪|那)(里|儿|个地方|边|个|家)?(办|告)",   # too many strings in a row: two clauses
     [[a + b for a in "去到在向找" for b in "哪那"], ["办", "告"]]),
])
def test_requirements_are_clauses_every_match_satisfies(pattern: str, clauses: list[list[str]]) -> None:
    assert requirements(pattern) == {frozenset(c) for c in clauses}


def test_a_pattern_the_parser_cannot_read_is_always_searched() -> None:
    assert requirements("(") == frozenset()


@cache
def real_index() -> RuleIndex:
    """The real intents' index, built at first use (not while collecting)."""
    return RuleIndex(shipped_intents())


def pieces(*more: str) -> st.SearchStrategy[str]:
    """Pieces of the real patterns' own words, so generated messages often match some of them."""
    return st.deferred(lambda: st.sampled_from(sorted(
        {w for regex in real_index().regexes for w in re.findall(r"[^\x00-\x7f]+", regex.pattern)}
        | {"15", "3", "了", "，", "？", *more})))


@settings(max_examples=300, deadline=None)
@given(st.lists(pieces(), max_size=12).map("".join))
def test_the_shortcut_finds_exactly_the_patterns_a_search_finds(text: str) -> None:
    index = real_index()
    expected = {k for k, regex in enumerate(index.regexes) if regex.search(text)}
    assert index.matched_patterns(text) == expected
    assert index.matched_patterns(text, pairs_of(text)) == expected   # the matcher's pairs, made once


def test_a_pattern_never_spans_two_sentences() -> None:
    regex = re.compile("告[^在]{0,4}法院", re.MULTILINE)
    assert within_sentence(regex, "我想告他\n法院在哪") is False   # `[^在]` alone would reach over the break
    assert within_sentence(regex, "我不告了\n我想告他去法院")
    assert within_sentence(regex, "告他去法院")
    whole = re.compile("^离婚(怎么办)?$", re.MULTILINE)   # ^ and $: the ends of one sentence
    assert within_sentence(whole, "好的\n离婚")
    assert not within_sentence(whole, "我要\n离婚了")


@settings(max_examples=200, deadline=None)
@given(st.lists(pieces("\n"), max_size=12).map("".join))
def test_patterns_are_found_within_one_sentence(text: str) -> None:
    lines = text.split("\n")
    index = real_index()
    expected = {k for k, regex in enumerate(index.regexes) if any(regex.search(line) for line in lines)}
    assert index.matched_patterns(text) == expected
