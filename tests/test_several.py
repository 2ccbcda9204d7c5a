"""Several questions in a long story: the whole message's answer first, and only answers the questions ask."""

from __future__ import annotations

from dataclasses import replace

from bot.matching import MatchResult
from bot.several import asked_by_themselves, whole_first
from tests.conftest import shipped_intents, shipped_matcher


def test_the_whole_messages_answer_moves_first_only_in_a_long_story() -> None:
    matcher, rules = shipped_matcher(), shipped_intents().questions
    court, materials = (shipped_intents().get(i) for i in ("jurisdiction.contract", "filing.materials"))
    assert court is not None and materials is not None and rules.whole_first_chars == 40
    story = "朋友借了我五千块钱一直不还，我只知道他的微信，不知道他家住在哪里。我想告他，请问起诉要带什么材料？"
    whole = matcher.match(story)
    assert whole.intent is materials
    assert whole_first(rules, story, [court, materials], whole) == [materials, court]
    assert whole_first(rules, "欠钱不还 去哪个法院？要带什么材料？", [court, materials], whole) == [court, materials]
    assert whole_first(replace(rules, whole_first_chars=0.0), story, [court, materials], whole) == [court, materials]


def test_a_story_nothing_answers_keeps_only_the_answers_its_questions_ask_themselves() -> None:
    # Made up: the labour words are the story's; neither question asks a labour procedure by itself.
    matcher = shipped_matcher()
    labour = shipped_intents().get("labor.arbitration")
    assert labour is not None
    story = "我们厂老板拖了我们五个月工资，我们去劳动仲裁申请了，案子还在审。请问他这样会不会坐牢，能判几年？"
    declined = MatchResult("fallback", (), matcher.analyse(story), "declined")
    assert asked_by_themselves(matcher, story, [labour], declined) == []
    asked = story.replace("能判几年？", "劳动仲裁一般要多久？")   # this question asks the arbitration itself
    assert asked_by_themselves(matcher, asked, [labour], declined) == [labour]
    answered_whole = MatchResult("answer", (), matcher.analyse(story), "clear winner")
    assert asked_by_themselves(matcher, story, [labour], answered_whole) == [labour]
