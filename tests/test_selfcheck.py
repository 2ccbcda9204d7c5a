"""`wuai test` and the hot reload's check on the real intents: examples are regression tests."""

from __future__ import annotations

from dataclasses import replace

from bot.config import load_config
from bot.intentload import load_intents
from bot.matcher import Matcher
from bot.selfcheck import check_examples, describe
from tests.conftest import ROOT, SMALL_INTENTS, shipped_matcher


def test_every_example_matches_its_own_intent() -> None:
    """The real intents' examples are regression tests: a broken one fails CI."""
    config = load_config(ROOT / "config.yaml")
    matcher = shipped_matcher(config.matcher)
    total, failures = check_examples(matcher)
    assert total >= 8 * 30
    assert [f"{f.intent_id}: {f.example} -> {describe(f.result)}" for f in failures] == []


def test_an_example_that_no_longer_matches_is_named_with_what_happened_instead() -> None:
    intents = load_intents(SMALL_INTENTS)
    target = next(i for i in intents if not i.out_of_scope and i.examples)
    changed = replace(target, examples=(*target.examples, "今天天气"))
    broken = replace(intents, intents=tuple(changed if i is target else i for i in intents))
    total, failures = check_examples(Matcher(broken))
    assert total == sum(len(i.examples) for i in broken)
    assert [(f.intent_id, f.example) for f in failures] == [(target.id, "今天天气")]
    assert describe(failures[0].result).startswith("fallback")
