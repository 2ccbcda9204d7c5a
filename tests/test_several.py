"""Several questions in one message: each answered or offered, the whole message's answer first in a long story,
only answers the questions ask."""

from __future__ import annotations

from dataclasses import replace

from bot.matching import MatchResult
from bot.several import asked_by_themselves, whole_first
from tests.conftest import shipped_intents, shipped_matcher
from tests.recording import RecordingChannel
from tests.test_followups import answered, ask


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


def test_several_questions_are_all_answered_or_offered(real_chat: RecordingChannel) -> None:
    real_chat.send("我是聋人 想起诉离婚 去哪个法院 要什么材料 能网上立案吗 开庭有手语翻译吗")
    text = real_chat.text()
    assert "你还问了" in text
    labels = [b.label for b in real_chat.buttons()]
    assert any("材料" in label for label in labels) and any("手语" in label for label in labels)
    assert answered(real_chat) == "jurisdiction.divorce"


def test_two_questions_are_both_answered_and_a_third_offered(real_chat: RecordingChannel) -> None:
    real_chat.send("借钱的人不还 在哪个法院起诉 要准备哪些材料 诉讼费多少")
    text = real_chat.text()
    assert "合同履行地" in text and "你还问了“起诉要准备的材料”" in text and "起诉状" in text
    assert "你还问了：" in text and any("诉讼费" in b.label for b in real_chat.buttons())
    assert answered(real_chat) == "jurisdiction.contract"


def test_a_long_storys_answer_comes_first_among_its_questions(real_chat: RecordingChannel) -> None:
    # Made up (no evaluation file's question): `不知道他家住在哪里` asks where he lives only in form; the whole message
    # asks the materials (`whole_first_chars`), and the court is still offered.
    story = "朋友借了我五千块钱一直不还，我只知道他的微信，不知道他家住在哪里。我想告他，请问起诉要带什么材料？"
    real_chat.send(story)
    assert answered(real_chat) == "filing.materials"
    assert "你还问了" in real_chat.text()
    short = "欠钱不还的人 在哪个法院告？要带什么材料？"   # a short list of questions: answered in its order
    assert "合同履行地" in ask(real_chat, short) and answered(real_chat) == "jurisdiction.contract"


def test_a_bare_aspect_among_several_questions_is_the_first_ones(real_chat: RecordingChannel) -> None:
    real_chat.send("朋友借的钱一直不还 去哪个法院起诉？可以在手机上立案吗？要花多少钱？")
    assert "你还问了：“诉讼费”" in real_chat.text()      # `要花多少钱` names no topic: the debt case's fees
    assert any("诉讼费" in b.label for b in real_chat.buttons())


def test_a_merits_question_is_declined_and_the_procedure_answered(real_chat: RecordingChannel) -> None:
    text = ask(real_chat, "老板扣我工资合法吗？那怎么申请仲裁？")
    assert "不能替你判断" in text and "12348" in text and "仲裁委员会" in text


def test_a_question_it_cannot_answer_is_named_not_dropped(real_chat: RecordingChannel) -> None:
    text = ask(real_chat, "诉讼费多少钱？我的猫叫什么名字？")
    assert "诉讼费" in text and "这个我还不会回答：“我的猫叫什么名字”" in text
    # Recorded for the maintainers' report like any unanswered question.
    assert [row["text"] for row in real_chat.engine.store.unanswered_since(0)] == ["我的猫叫什么名字？"]
