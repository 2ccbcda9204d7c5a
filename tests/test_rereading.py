"""The matcher's re-reading steps (bot/rereading.py): a story's question weighed above its background, the question
alone, a general question named in the story, greetings taken off, signed order, a topic named with an aspect."""

from __future__ import annotations

from dataclasses import replace

from bot.matcher import Matcher, Settings
from tests.conftest import shipped_intents, shipped_matcher
from tests.test_matcher import matcher


def test_in_a_story_the_question_weighs_more_than_the_background() -> None:
    m = matcher()   # the small intents have no `questions:` section: the defaults (background counts 0.6)
    story = "我去年起诉了别人，立案流程都走完了，现在想问要带什么材料？"
    whole = {c.intent.id: c.score for c in m.match(story, focus="").candidates}
    result = m.match(story)
    assert result.intent is not None and result.intent.id == "topic.materials"
    filing = next(c for c in result.candidates if c.intent.id == "topic.filing")
    assert all(h.rule.endswith("(background)") for h in filing.hits)
    assert filing.score == round(whole["topic.filing"] * 0.6, 3)
    assert next(c.score for c in result.candidates if c.intent.id == "topic.materials") == whole["topic.materials"]
    assert "(background)" in m.explain(story)


def test_a_story_whose_background_excludes_what_its_question_asks() -> None:
    m = shipped_matcher()
    assert m.intents.questions.alone_score == 4.5
    story = "邻居家的狗把我咬了，他不肯赔医药费，微信也把我拉黑了。我想去法院告他，请问怎么起诉？"
    result = m.match(story)
    assert result.intent is not None and result.intent.id == "filing.how"   # 微信 alone excludes filing.how
    assert "the question alone asks filing.how" in result.reason
    # The clause before the question tells what it asks: 年了 excludes suing's first step there too.
    late = m.match("我借给同学一万块钱，他一直拖着不还，钱借出去已经五年了，我还能去法院起诉吗？")
    assert late.intent is None or late.intent.id != "filing.how"
    off = replace(m.intents, questions=replace(m.intents.questions, alone_score=0.0))
    assert Matcher(off, m.settings).match(story).decision == "fallback"


def test_a_story_names_which_one_of_a_general_question() -> None:
    story = ("我和老公结婚八年了，他经常喝酒，喝多了就打我，上个月把我打得住院。我是聋人，打电话不方便。"
             "我想离婚，请问应该去哪个法院起诉？")
    intents = shipped_intents()
    result = Matcher(intents, Settings(story_margin=1.5)).match(story)
    assert result.intent is not None and result.intent.id == "jurisdiction.divorce"
    assert "the story names jurisdiction.divorce" in result.reason
    # The question alone is the general answer; read whole, the story is a close call.
    assert Matcher(intents).match("请问应该去哪个法院起诉？").intent.id == "jurisdiction.general"  # type: ignore[union-attr]


def test_a_bare_topic_inside_greetings_and_thanks_is_answered() -> None:
    match = shipped_matcher().match
    assert match("起诉").intent is not None
    for text in ("你好，请问起诉", "起诉 谢谢", "我是聋人，起诉"):
        assert match(text).intent == match("起诉").intent, text
    # An answer to the whole message comes first: 我很着急 alone is distress, and a topic after it is the topic.
    assert match("我很着急").intent is not None and match("我很着急").intent.id == "meta.distress"
    assert match("我很着急 我要跟他离").intent is not None and match("我很着急 我要跟他离").intent.id == "divorce.overview"
    assert match("你好 谢谢").intent is not None and match("你好 谢谢").intent.id.startswith("meta.")


def test_a_question_word_signed_last_is_read_before_its_word() -> None:
    found = shipped_matcher().match("执行 弄 咋").intent
    assert found is not None and found.family == "enforcement"


def test_a_topic_named_with_an_aspect_is_answered_as_its_follow_up() -> None:
    # `topic_aspects:`: online filing asked about its cost is the fees, its time limit filing.time_limit,
    # as `收不收钱` after `网上立案` would be.
    match = shipped_matcher().match
    for text, expected in [("在网上立案收不收钱", "filing.fees"), ("网上起诉有没有期限", "filing.time_limit")]:
        found = match(text)
        assert found.intent is not None and found.intent.id == expected, text
        assert "topic_aspects" in found.reason


def test_an_aspect_word_that_is_the_topics_own_names_no_aspect() -> None:
    # 申请书 is what is written (filing.complaint), not the materials asked; a tool's answer stays (the calculator).
    match = shipped_matcher().match
    for text, expected in [("我想离婚 怎么写申请书", "filing.complaint"), ("上诉 还 剩 几 天", "deadline.calc")]:
        found = match(text)
        assert found.intent is not None and found.intent.id == expected, text
        assert "topic_aspects" not in found.reason
    # Two aspects asked: the first one's answer, the topic read without either (the engine adds the second's).
    two = match("网上立案 收费吗 要多久")
    assert two.intent is not None and two.intent.id == "filing.fees"
