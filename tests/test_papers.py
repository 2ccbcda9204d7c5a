"""The "what is this paper?" intents (intents/papers.yaml): each answered, sourced, linked to its period."""

import pytest

from bot.deadlines import load_deadline_data
from tests.conftest import REAL_INTENTS, shipped_intents, shipped_matcher
from tests.recording import RecordingChannel

PAPERS = {  # title typed by the user -> intent, and the period its calculator button chooses ("" = none)
    "传票": ("paper.summons", "hearing"),
    "应诉通知书": ("paper.respond_notice", "defense"),
    "起诉状副本": ("paper.complaint_copy", "defense"),
    "举证通知书": ("paper.evidence_notice", "evidence"),
    "判决书": ("paper.judgment", "appeal_judgment"),
    "裁定书": ("paper.ruling", "appeal_ruling"),
    "调解书": ("paper.mediation", "enforcement"),
    "支付令": ("paper.payment_order", "payment_order_objection"),
    "执行通知书": ("paper.enforcement_notice", ""),
    "限制消费令是什么": ("paper.consumption_ban", ""),
    "受理通知书": ("paper.acceptance", "court_fee"),
    "交费通知": ("paper.fee_notice", "court_fee"),
    "劳动仲裁裁决书": ("paper.labor_award", "labor_award_lawsuit"),
}


@pytest.fixture(scope="module")
def intents():
    return shipped_intents()


@pytest.mark.parametrize(("title", "expected"), PAPERS.items())
def test_each_paper_is_written_to_the_catalog_rules(intents, title, expected):
    intent_id, period = expected
    intent = intents.get(intent_id)
    assert intent is not None and intent.source
    assert len(intent.examples) >= 8 and len(intent.answer) <= 300
    assert "\n1. " in intent.answer        # numbered steps: what the paper asks of the user
    if period:
        assert f"/deadline {period}" in intent.buttons
    if intent_id != "paper.labor_award":   # court papers say how to check they are genuine
        assert "诉讼服务中心" in intent.answer + intent.more and "12368" in intent.more + intent.answer


def test_every_calculator_button_names_a_known_period(intents):
    from bot.deadlines import check_buttons

    assert check_buttons(intents, load_deadline_data(REAL_INTENTS / "deadlines")) == []


@pytest.mark.parametrize(("title", "expected"), PAPERS.items())
def test_the_paper_title_alone_is_answered(real_chat: RecordingChannel, title, expected):
    real_chat.send(title)
    assert real_chat.engine.store.load_session(real_chat.user).last_intent == expected[0]
    real_chat.read_all()


def test_a_photo_then_the_title_then_the_calculator(real_chat: RecordingChannel) -> None:
    real_chat.send_file("photo", "PHOTO-1", ref="7")
    real_chat.read("标题打字发给我")
    real_chat.send("判决书")
    real_chat.read("判决书，是法院对案子的决定")
    real_chat.press("算一算最后一天")
    real_chat.read("你是哪天收到判决书的")


@pytest.mark.parametrize("story, expected", [
    # Made-up stories (none copied from an evaluation file): the paper named and asked about in the question is
    # explained, whatever case the story tells around it (a debt case, being the defendant).
    ("我妈的欠款官司判了，判决书拿回家了，她眼睛不好，我也看不明白，请问判决书上写的这些到底是什么意思，收到了还要做什么",
     "paper.judgment"),
    ("我是被告，刚收到法院寄来的应诉通知书，上面说要在十五天内交答辩状，请问应诉通知书是什么意思？", "paper.respond_notice"),
])
def test_a_paper_asked_about_in_a_story_is_that_paper(story: str, expected: str) -> None:
    result = shipped_matcher().match(story)
    assert result.intent is not None and result.intent.id == expected, result.reason


# The label guide's rules in the intents (docs/labelling.md): each case names its rule.
LABEL_RULES = [
    # R8: received (and what now, or only told) is defense.respond; what the paper says is the paper's.
    ("今天拿到应诉通知书了 下一步怎么办", "defense.respond"), ("我收到起诉状副本了", "defense.respond"),
    ("应诉通知书上让我做的几件事是什么", "paper.respond_notice"),
    # R2: 限高 without the list named is the ban's answer; 老赖/失信 is the list's.
    ("被限制高消费了 能坐动车吗", "paper.consumption_ban"), ("上了老赖名单 怎么出来", "enforcement.dishonest"),
    # R3: asked to write it, or each box of the form: the writing helper.
    ("状子 你可以帮我写吗", "complaint.build"), ("要素式起诉状 每一项 要 填 什么", "complaint.build"),
    # R11: how a court period is counted (the day the paper came) is the calculator.
    ("上诉期 判决书送达的当天算不算", "deadline.calc"),
    # R7: cannot hear the judge (also online) is communicating; sign language named stays its own.
    ("视频开庭的时候 我听不清法官", "green.communication"), ("开庭 听不见 能找个打手语的吗", "green.sign_language"),
    # R6: the hearing and then the judgment asked is how long a case takes; the hearing alone, its progress.
    ("交了材料 多久开庭宣判", "filing.duration"), ("起诉后 什么时候开庭", "filing.progress"),
    # R8: says they are the defendant, in signed order (被告 是我).
    ("被告是我 咋弄", "defense.respond"),
]


@pytest.mark.parametrize(("text", "expected"), LABEL_RULES)
def test_the_label_guides_rules_hold_in_the_intents(text: str, expected: str) -> None:
    found = shipped_matcher().match(text).intent
    assert found is not None and found.id == expected
