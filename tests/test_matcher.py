"""The matcher: scores, decisions and explanations (its re-reading steps are in test_rereading.py)."""

from __future__ import annotations

from pathlib import Path

from bot.intentload import load_intents
from bot.matcher import Candidate, Matcher, Settings
from tests.conftest import SMALL_INTENTS, shipped_intents, shipped_matcher


def matcher(**settings: float) -> Matcher:
    return Matcher(load_intents(SMALL_INTENTS), Settings(**settings))  # type: ignore[arg-type]


def test_answer_with_typo_synonym_and_signer_word_order() -> None:
    m = matcher()
    for text in ("力案 怎么 办", "起素 流程", "怎麼告狀"):
        result = m.match(text)
        assert result.decision == "answer", text
        assert result.intent is not None and result.intent.id == "topic.filing"


def test_exclusion_and_scores() -> None:
    m = matcher()
    result = m.match("起诉 多少钱")
    assert [c.intent.id for c in result.candidates] == ["topic.fees"]
    assert result.candidates[0].score == 2
    assert result.decision == "fallback"  # 2 < threshold 3: a wrong answer is worse than a fallback


def test_clarify_when_two_are_close() -> None:
    result = matcher().match("法院 手语 翻译")
    assert result.decision == "clarify"
    assert [i.id for i in result.options] == ["topic.interpreter", "topic.court_interpreter"]


def test_margin_and_threshold_come_from_settings() -> None:
    assert matcher(margin=0.1).match("法院 手语 翻译").decision == "answer"
    assert matcher(threshold=10).match("诉讼费").decision == "fallback"


def test_out_of_scope_topic_falls_back_with_its_own_answer() -> None:
    result = matcher().match("偷东西会判几年")
    assert result.decision == "fallback"
    assert result.intent is None
    assert result.out_of_scope is not None and result.out_of_scope.id == "oos.sentencing"


def test_context_boost_only_for_intents_that_fired() -> None:
    m = matcher()
    plain = m.match("多少钱")
    assert plain.decision == "fallback"
    boosted = m.match("多少钱", {"topic.fees": 1.5, "topic.materials": 1.5})
    assert boosted.decision == "answer" and boosted.intent is not None and boosted.intent.id == "topic.fees"


def test_explain_lists_tokens_rules_and_decision() -> None:
    text = matcher().explain("起素 怎么 办")
    assert "tokens:      起诉 / 怎么 / 办" in text
    assert "1. topic.filing  score 4  [怎么起诉]" in text
    assert "+2  keyword 起诉|立案" in text
    assert "decision:    answer (clear winner; threshold 3, margin 1)" in text


def test_nothing_fires() -> None:
    result = matcher().match("今天天气好")
    assert result.decision == "fallback" and result.candidates == ()


def test_a_topic_and_its_sub_topic_close_together_answer_the_better_one(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "intents:\n"
        "  - id: fees\n    title: 诉讼费\n    keywords: {诉讼费: 3.2}\n"
        "    examples: [诉讼费, 诉讼费多少, 诉讼费 交, 诉讼费呢, 诉讼费？, 问诉讼费]\n    answer: a\n"
        "  - id: fees.relief\n    title: 免交\n    keywords: {诉讼费: 3, 免交: 0.5}\n"
        "    examples: [诉讼费免交, 免交诉讼费, 诉讼费 免交, 诉讼费能免交吗, 免交 诉讼费 吗, 诉讼费免交吗]\n    answer: b\n"
        "  - id: other\n    title: 免交别的\n    keywords: {免交: 3}\n"
        "    examples: [免交, 免交吗, 免交 吗, 能免交, 免交呢, 免交？]\n    answer: c\n",
        encoding="utf-8")
    m = Matcher(load_intents(tmp_path), Settings(margin=1.0))
    result = m.match("诉讼费 免交")
    assert result.decision == "clarify"            # "other" is a different topic: ask
    m2 = Matcher(load_intents(tmp_path), Settings(margin=0.4))
    nested = m2.match("诉讼费 免交")
    assert nested.decision == "answer" and nested.intent is not None and nested.intent.id == "fees.relief"
    assert "within one topic" in nested.reason


def test_whole_word_terms_do_not_match_inside_longer_words(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "intents:\n  - id: x.human\n    title: 人工\n    keywords: {=人工: 4}\n"
        "    examples: [转 人工, 人工, 要人工, 人工 服务, 找人工, 人工吧]\n    answer: a\n"
        "  - id: x.any\n    title: 任何\n    keywords: {工资: 4}\n"
        "    examples: [工资, 工人工资, 欠工资, 工资呢, 工资 没有, 发工资]\n    answer: b\n",
        encoding="utf-8")
    m = Matcher(load_intents(tmp_path))
    wanted = m.match("要 人工")   # spaces keep jieba from joining words other intent files taught it
    assert wanted.intent is not None and wanted.intent.id == "x.human"
    worker = m.match("工人工资")
    assert [c.intent.id for c in worker.candidates] == ["x.any"]      # 人工 inside 工人工资 is not the word
    assert load_intents(tmp_path).get("x.human").keywords[0].parts == (("=人工",),)  # type: ignore[union-attr]


def test_a_word_spelled_out_with_spaces_is_found_as_typed_whole() -> None:
    """Some signers space every character: `告 状` is the synonym `告状`, as when typed without spaces."""
    m = matcher()
    result = m.match("告 状 流程")
    assert result.intent is not None and result.intent.id == "topic.filing"
    assert m.analyse("告 状 流程").tokens == ("告", "状", "流程")  # patterns still read the text as it was cut


def test_a_long_story_asks_within_the_story_margin() -> None:
    short, story = "法院 手语 翻译", "我是聋人，下个月要去法院开庭，家里人都不懂这些事，想问问法院手语翻译的事"
    assert matcher(margin=0.1, story_margin=5).match(short).decision == "answer"   # short: the plain margin
    assert matcher(margin=0.1, story_margin=5).match(story).decision == "clarify"
    assert matcher(margin=0.1, story_margin=0.1).match(story).decision == "answer"


def test_the_asking_clause_breaks_a_close_call_resting_on_the_background() -> None:
    story = ("我申请强制执行已经八个月了，执行法官一直说在查对方的财产，我去问了三次都说等一等。"
             "我是聋人，打电话听不见，请问我怎么才能知道执行到哪一步了？")
    intents = shipped_intents()
    asked = Matcher(intents, Settings(story_margin=1.5)).match(story)
    assert asked.decision == "clarify"                      # the rival's score is all background
    result = Matcher(intents, Settings(story_margin=1.5, story_question_lead=4)).match(story)
    assert result.decision == "answer" and result.intent is not None
    assert result.intent.id == "enforcement.progress"
    assert "in the question" in result.reason
    # A rival the question names too stays a close call.
    assert Matcher(intents, Settings(story_margin=1.5, story_question_lead=40)).match(story).decision == "clarify"


def test_the_asking_clause_decides_for_a_close_rival_too() -> None:
    # The enforcement's progress scores more in all (the whole story), the interpreter leads by 8 in the question.
    story = "我申请执行快一年了，执行法官说对方没有财产，执行款一分都没拿到。请问去法院有手语翻译吗？"
    intents = shipped_intents()
    result = Matcher(intents, Settings(story_margin=1.5, story_question_lead=4)).match(story)
    assert result.intent is not None and result.intent.id == "green.sign_language"
    assert result.candidates[0].score < result.candidates[1].score   # answered although second in all
    assert Matcher(intents, Settings(story_margin=1.5, story_question_lead=40)).match(story).decision == "clarify"


def test_a_word_typed_apart_from_itself_is_found_as_typed_whole() -> None:
    # 几个 月 is 几个月 (read 多久): how long, not how heavy a sentence.
    found = shipped_matcher().match("起诉 以后 几个 月 能 判").intent
    assert found is not None and found.id == "filing.duration"


def test_a_lead_of_exactly_the_margin_answers_despite_float_sums() -> None:
    m = Matcher(shipped_intents(), Settings(margin=1.5))
    a, b = m.intents.intents[:2]
    assert 4.6 - 3.1 < 1.5   # what the plain subtraction says
    ranked = (Candidate(a, 4.6, ()), Candidate(b, 3.1, ()))
    assert m.decide(ranked, m.analyse("请问")).decision == "answer"
    assert m.decide((Candidate(a, 4.6, ()), Candidate(b, 3.2, ())), m.analyse("请问")).decision == "clarify"


def test_the_other_side_losing_is_enforcement_not_an_appeal() -> None:
    # 对方输了: my case was won; the money not paid is enforcement (intents/enforcement.yaml, appeal.yaml).
    found = shipped_matcher().match("被告输了 还是不给钱 怎么办").intent
    assert found is not None and found.id == "enforcement.apply"


def test_a_sentence_typed_one_character_at_a_time_is_read_whole() -> None:
    # 告 诉 is 告诉 (telling), not 告 (suing): the divorce hub, not how to sue.
    found = shipped_matcher().match("我 要 离 婚 请 告 诉 我 该 怎 么 做").intent
    assert found is not None and found.id == "divorce.overview"


def test_a_feeling_told_beside_a_topic_word_gets_the_distress_answer_when_nothing_else_answers() -> None:
    m = shipped_matcher()
    tired = m.match("打官司打得我好累")   # 官司 keeps meta.distress out by its `exclude:`; nothing else answers
    assert tired.decision == "answer" and tired.intent is not None and tired.intent.id == "meta.distress"
    assert "feelings" in tired.reason
    declined = m.match("孩子归谁 我好怕")   # a scope rule's decline stays a decline
    assert declined.decision == "fallback" and declined.out_of_scope is not None
    assert m.match("工资条 看不懂").decision == "fallback"   # not understanding a paper is no feeling
    assert m.match("考试考砸了 好伤心").decision == "fallback"   # no topic word beside the feeling: nothing legal
    answered = m.match("我好怕 被人告了怎么办")   # an answer to the whole message comes first
    assert answered.intent is not None and answered.intent.id == "defense.respond"
