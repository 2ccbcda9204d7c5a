"""What matching yields: a result's intent and out-of-scope answer, the rounding of scores, nested ids."""

from __future__ import annotations

from bot.matching import Candidate, MatchResult, nested, rounded
from tests.conftest import shipped_intents, shipped_matcher


def test_a_result_answers_only_when_it_decided_to() -> None:
    intents = shipped_intents()
    topic, declined = intents.get("filing.fees"), next(i for i in intents if i.out_of_scope)
    assert topic is not None
    analysis = shipped_matcher().analyse("诉讼费多少钱")
    ranked = (Candidate(topic, 5.0, ()),)
    assert MatchResult("answer", ranked, analysis, "").intent is topic
    assert MatchResult("clarify", ranked, analysis, "").intent is None
    assert MatchResult("fallback", ranked, analysis, "").out_of_scope is None
    fell = MatchResult("fallback", (Candidate(declined, 5.0, ()),), analysis, "")
    assert fell.out_of_scope is declined
    assert MatchResult("fallback", ranked, analysis, "", declined=declined).out_of_scope is declined


def test_scores_are_rounded_to_three_places_and_ids_nest_by_their_dots() -> None:
    assert 4.6 - 3.1 != 1.5 and rounded(4.6 - 3.1) == 1.5
    assert rounded(0.1 + 0.2) == round(0.1 + 0.2, 3) == rounded(0.1 + 0.2)   # remembered: the same again
    assert nested("filing.fees", "filing.fees.relief") and nested("filing.fees.relief", "filing.fees")
    assert not nested("filing.fees", "filing.feesx") and not nested("filing.fees", "filing.fees")
