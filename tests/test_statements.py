"""Statements: a short message that asks nothing and states one covered situation answers that situation's topic."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.matcher import Matcher
from tests.conftest import shipped_matcher


def without_statements() -> Matcher:
    m = shipped_matcher()
    return Matcher(replace(m.intents, questions=replace(m.intents.questions, statement_weight=0.0)), m.settings)


def stated(text: str) -> list[str]:
    """The statement rules the top candidate got for `text`."""
    result = shipped_matcher().match(text)
    return [h.rule for h in result.candidates[0].hits if h.rule.startswith("statement ")] if result.candidates else []


def test_the_section_turns_statements_on() -> None:
    rules = shipped_matcher().intents.questions
    assert (rules.statement_below, rules.statement_weight) == (25, 3)


@pytest.mark.parametrize(("text", "hub", "before"), [
    # a judgment not accepted: a tie of 1 and 1 without the statement
    ("这 个 判 决 我 不 接 受", "appeal.how", "fallback"),
    # money awarded and not paid
    ("判下来两年多 他一分没给", "enforcement.apply", "fallback"),
    # sued, or a paper of the suit received: a close call with writing a complaint without the statement
    ("法院给我寄来起诉书", "defense.respond", "clarify"),
    ("我现在是被告了", "defense.respond", None),
    # beaten at home
    ("前夫又来家里打我", "family.violence", None),
    # wages unpaid
    ("老板拖着工资不发", "labor.arbitration", None),
])
def test_a_stated_situation_answers_its_hub(text: str, hub: str, before: str | None) -> None:
    result = shipped_matcher().match(text)
    assert result.decision == "answer" and result.intent is not None and result.intent.id == hub
    assert stated(text), text
    if before is not None:
        assert without_statements().match(text).decision == before


def test_a_message_that_asks_gets_no_statement_weight() -> None:
    assert stated("判决我接受不了") and not stated("判决我接受不了吗")
    assert not stated("被人告了 会不会影响我上班")   # 会不会 asks


def test_a_long_message_gets_no_statement_weight() -> None:
    assert not stated("这个判决我接受不了，因为他们说的证据都是假的，法官也没有听我讲完就判了")


def test_two_situations_stated_at_once_change_nothing() -> None:
    # not accepted and not paid: each is a situation, the user says which one with a button
    two = "判决我接受不了 他一分钱没给"
    assert shipped_matcher().match(two).decision == without_statements().match(two).decision == "clarify"
    # being sued beside the enforcement's own paper (paper.enforcement_notice states that one)
    late = "我 被 告 了 现在 收到 执行通知书"
    found = shipped_matcher().match(late).intent
    assert found is not None and found.id == "paper.enforcement_notice"
    # a sum in the court's name asked through a link: a scam's sign stated beside being sued
    assert not stated("有个链接说我被起诉了 让我交保证金")


def test_an_intents_exclusions_still_bar_its_statement() -> None:
    # 上诉 is among enforcement.apply's exclusions: the judgment's money not paid, said with an appeal, is no statement
    assert not [r for r in stated("判了他不给钱 我上诉了") if "不给" in r]


def test_the_scope_rules_still_decline_a_stated_situation() -> None:
    # a criminal judgment not accepted: appeal.how's statement is there, the sentence is out of scope
    for text in ("我弟弟被判刑三年 判的不公平", "刑事判决 我 不服"):
        result = shipped_matcher().match(text)
        assert result.intent is None and result.out_of_scope is not None, text
