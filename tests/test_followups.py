"""Follow-ups by aspect, topic switches, a remembered place (real intents)."""

from __future__ import annotations

import pytest

from tests.recording import RecordingChannel


@pytest.fixture
def user(real_chat: RecordingChannel) -> RecordingChannel:
    return real_chat


def ask(user: RecordingChannel, text: str) -> str:
    user.send(text)
    return user.text()


def answered(user: RecordingChannel) -> str:
    """The intent the user's last message was answered with."""
    return user.engine.store.load_session(user.user).last_intent


def test_where_after_arbitration_is_the_commission_not_a_court(user: RecordingChannel) -> None:
    ask(user, "劳动仲裁怎么申请")
    assert "仲裁委员会" in ask(user, "在哪里办")
    assert answered(user) == "labor.arbitration"


def test_materials_after_legal_aid_are_legal_aid_materials(user: RecordingChannel) -> None:
    ask(user, "法律援助")
    reply = ask(user, "要什么材料")
    assert "法律援助" in reply and "身份证" in reply


def test_a_time_limit_after_arbitration_is_the_arbitration_limit(user: RecordingChannel) -> None:
    ask(user, "工地老板拖着工钱不给")
    assert "1年" in ask(user, "申请有没有时间限制")
    assert answered(user) == "labor.arbitration"


def test_how_long_after_a_protection_order_is_its_own_decision_time(user: RecordingChannel) -> None:
    ask(user, "怎么申请保护令")
    assert "72小时" in ask(user, "要多久才能批下来")


def test_the_hearing_after_being_sued_is_the_defendants_side(user: RecordingChannel) -> None:
    ask(user, "有人起诉我了")
    ask(user, "开庭那天带什么")
    assert answered(user) == "defense.respond"


def test_the_topic_stays_after_an_aspect_answer(user: RecordingChannel) -> None:
    ask(user, "想和老公离婚")
    ask(user, "要交多少钱")
    assert answered(user) == "filing.fees"
    ask(user, "多长时间")                  # still the divorce's: how long a case takes, not the fee's deadline
    assert answered(user) == "filing.duration"


def test_being_sued_stays_behind_a_question_on_fees(user: RecordingChannel) -> None:
    ask(user, "收到法院通知 我被起诉了")
    ask(user, "诉讼费是谁交")
    assert "缺席判决" in ask(user, "我不去会怎么样")
    assert answered(user) == "defense.respond"


def test_an_aspect_can_lead_to_another_intent(user: RecordingChannel) -> None:
    ask(user, "我要离婚")
    ask(user, "去哪个法院")
    assert answered(user) == "jurisdiction.divorce"


def test_a_topic_switch_keeps_the_aspect(user: RecordingChannel) -> None:
    ask(user, "诉讼费多少钱")
    assert "离婚" in ask(user, "离婚呢")
    assert answered(user) == "filing.fees"
    assert "上诉费" in ask(user, "上诉呢")
    assert answered(user) == "appeal.how"


def test_a_short_merits_question_is_declined_with_its_topic_next(user: RecordingChannel) -> None:
    text = ask(user, "对方告我 我能打赢吗")
    assert "不能替你判断" in text and "答辩" not in text
    result = user.engine.library.matcher.match("对方告我 我能打赢吗")
    assert [c.intent.id for c in result.candidates[:2]] == ["oos.merits", "defense.respond"]


def test_a_merits_question_alone_is_declined_kindly(user: RecordingChannel) -> None:
    text = ask(user, "我在一家饭店打工，老板说我打碎了盘子，要从工资里扣五百块。请问老板这样扣工资合法吗？")
    assert "不能替你判断" in text and "劳动争议仲裁委员会" not in text


def test_distress_gets_warmth_and_a_person(user: RecordingChannel) -> None:
    user.send("帮帮我")
    assert "别着急" in user.text()
    assert "找工作人员" in [b.label for b in user.buttons()]


def test_a_place_in_a_question_is_offered_by_the_court_finder(user: RecordingChannel) -> None:
    ask(user, "我在昆明五华区 想告欠钱的人 去哪个法院")
    ask(user, "/court")
    ask(user, "借钱欠款")
    assert "云南省昆明市五华区" in [b.label for b in user.buttons()]
    user.press("云南省昆明市五华区")
    assert "五华区人民法院" in user.text()


def test_spoken_question_words_ask_the_same_aspect(user: RecordingChannel) -> None:
    ask(user, "法律援助")
    assert "身份证" in ask(user, "要带啥")
    assert answered(user) == "aid.legal_aid"


def test_online_after_a_divorce_is_online_filing(user: RecordingChannel) -> None:
    ask(user, "我要离婚")
    ask(user, "可以网上吗")
    assert answered(user) == "filing.online"


def test_an_aspect_no_topic_lists_is_handed_to_a_person_not_guessed(user: RecordingChannel) -> None:
    ask(user, "离婚")
    reply = ask(user, "有时间限制吗")          # no sourced fact on divorce and time limits: no 3 years
    assert "3年" not in reply and "我想离婚" in reply and "找工作人员" in reply
    assert answered(user) == "divorce.overview"
    assert user.engine.store.unanswered_since(0)[-1]["text"] == "有时间限制吗"


def test_a_follow_up_to_a_declined_question_is_declined_kindly(user: RecordingChannel) -> None:
    ask(user, "打人判几年")
    reply = ask(user, "那怎么办")
    assert "不能替你判断" in reply and "没有看懂" not in reply
    ask(user, "要多久")
    assert answered(user) == "oos.merits"


def test_a_follow_up_to_a_merits_question_asks_about_its_topic(user: RecordingChannel) -> None:
    ask(user, "老板扣工资合法吗")
    ask(user, "那在哪里办")
    assert answered(user) == "labor.arbitration"


def test_a_follow_up_is_read_with_the_topic_when_it_does_not_answer_alone(user: RecordingChannel) -> None:
    ask(user, "诉讼费多少钱")
    ask(user, "交不起怎么办")
    assert answered(user) == "filing.fees.relief"
    assert "缓交" not in ask(user, "今天天气怎么样")      # the topic's words alone never answer


def test_a_switch_keeps_the_kind_of_answer_given_last(user: RecordingChannel) -> None:
    ask(user, "离婚去哪个法院")
    ask(user, "欠钱的呢")                  # not the fee (钱): which court for a debt
    assert answered(user) == "jurisdiction.contract"
    ask(user, "被打伤了呢")
    assert answered(user) == "jurisdiction.tort"


def test_thanks_leaves_the_topic_as_it_was(user: RecordingChannel) -> None:
    ask(user, "我要离婚")
    ask(user, "好的 谢谢")
    ask(user, "在哪办")
    assert answered(user) == "jurisdiction.divorce"


def test_an_aspect_the_answer_does_not_tell_adds_the_details_that_do(user: RecordingChannel) -> None:
    ask(user, "想申请法律援助")
    reply = ask(user, "多久给答复")            # the decision time is in the details, not the answer
    assert "7天内" in reply and "法律援助" in reply
    assert answered(user) == "aid.legal_aid"


def test_whether_a_paper_is_real_after_being_sued(user: RecordingChannel) -> None:
    ask(user, "我被人起诉了")
    assert "真假" in ask(user, "怎么查真假")


def test_asking_to_find_the_court_starts_the_finder_with_the_place_and_the_topic(user: RecordingChannel) -> None:
    ask(user, "我在昆明五华区 借钱不还的人去哪个法院告")
    reply = ask(user, "帮我找找是哪个法院")
    assert "五华" in reply and "什么案子" not in reply     # a debt: the finder asks where, offering 五华区
    assert user.engine.store.load_session(user.user).flow == "court"


def test_a_general_answer_is_refined_by_the_topic(user: RecordingChannel) -> None:
    ask(user, "我想离婚")
    ask(user, "那去哪起诉")                  # alone: which court in general; the divorce's own court
    assert answered(user) == "jurisdiction.divorce"


def test_a_follow_up_to_a_decline_is_read_with_the_declined_question(user: RecordingChannel) -> None:
    ask(user, "离婚以后存款能分到一半吗")
    ask(user, "那去哪个法院告")
    assert answered(user) == "jurisdiction.divorce"


def test_a_switch_after_a_question_with_no_aspect_answers_the_new_topic(user: RecordingChannel) -> None:
    ask(user, "诉讼费")
    ask(user, "那执行呢")
    assert answered(user) == "enforcement.apply"


def test_a_follow_up_whose_own_words_ask_another_intent_is_read_with_the_topic(user: RecordingChannel) -> None:
    ask(user, "我要离婚")
    ask(user, "他不同意怎么办")            # a divorce he refuses: suing for it
    assert answered(user) == "filing.how"


LABOUR_FEE = "4. 仲裁不收费。不服裁决，收到裁决书后15天内可以向法院起诉。"


def test_the_answer_just_shown_is_asked_one_aspect_the_line_comes_alone(user: RecordingChannel) -> None:
    ask(user, "老板欠我三个月工资")
    user.send("要钱吗")
    labels = [b.label for b in user.buttons()]
    assert user.text() == f"你问的这一点：\n{LABOUR_FEE}"
    assert answered(user) == "labor.arbitration" and "看完整回答" in labels and "更多" in labels
    user.press("看完整回答")
    assert "欠工资、被辞退、社保等劳动纠纷" in user.text()


def test_after_thanks_the_topic_is_still_the_answer_shown(user: RecordingChannel) -> None:
    ask(user, "劳动仲裁怎么申请")
    ask(user, "谢谢")
    assert ask(user, "要钱吗") == f"你问的这一点：\n{LABOUR_FEE}"


def test_an_answer_not_shown_last_comes_after_the_lines_asked(user: RecordingChannel) -> None:
    ask(user, "诉讼费多少钱")
    reply = ask(user, "劳动仲裁呢")
    assert reply.startswith(f"你问的这一点：\n{LABOUR_FEE}\n\n欠工资、被辞退")
    assert answered(user) == "labor.arbitration"


def test_after_a_declined_question_the_topic_answer_comes_with_the_lines(user: RecordingChannel) -> None:
    ask(user, "老板扣我工资合法吗")
    reply = ask(user, "那去哪里申请")
    assert reply.startswith("你问的这一点：\n1. 去哪里：") and "欠工资、被辞退" in reply


def test_a_follow_up_asking_two_aspects_gets_the_lines_of_both(user: RecordingChannel) -> None:
    ask(user, "不服判决怎么办")
    reply = ask(user, "要多少钱 几天内交")
    assert "4. 上诉费：" in reply and "15天内" in reply and "3. 上诉状写" not in reply


@pytest.mark.parametrize(("topic", "follow", "told", "not_told"), [
    ("手语翻译怎么申请", "提前几天", "越早越好", "费用："),                       # the fee line holds 答复
    ("调解 怎么 申请", "要多长时间", "不打官司，也可以先调解", "诉讼费减半"),    # no line tells it: the answer
    ("司法救助", "什么条件", "1. 被犯罪伤害", "怎么申请："),                    # the header with its list
])
def test_the_lines_are_the_ones_chosen_not_those_the_cue_words_hit(user: RecordingChannel, topic: str, follow: str,
                                                                  told: str, not_told: str) -> None:
    ask(user, topic)
    reply = ask(user, follow)
    assert told in reply and not_told not in reply


def test_without_lines_chosen_the_cue_words_add_the_details_as_before(user: RecordingChannel) -> None:
    ask(user, "起诉以后要多久才能判")
    reply = ask(user, "要多久")               # filing.duration has no `aspect_lines:` for its duration
    assert reply.startswith("法律规定的时间") and "你问的这一点：\n小额诉讼2个月" in reply


def test_a_first_message_asking_its_topics_own_aspect_gets_those_lines(user: RecordingChannel) -> None:
    # `topic_aspects:`: labour arbitration names itself for `duration`; its details tell the 45 days.
    reply = ask(user, "劳动仲裁一般要等多久")
    assert answered(user) == "labor.arbitration" and "45天" in reply


def test_a_first_message_asking_two_aspects_gets_both(user: RecordingChannel) -> None:
    # The fees first; how long a case takes (filing.fees' duration: filing.duration) below them.
    reply = ask(user, "离婚收费吗多久")
    assert answered(user) == "filing.fees" and "个月" in reply


def test_a_sibling_adding_exactly_its_minimum_is_named_despite_float_sums() -> None:
    from bot.followups import SIBLING_MIN_SCORE, _sibling
    from bot.intents import Intent, IntentSet, parse_term
    from bot.matcher import Matcher

    def intent(intent_id: str, **weights: float) -> Intent:
        terms = tuple(t for word, w in weights.items() if (t := parse_term(word, w, 1, {})) is not None)
        return Intent(intent_id, intent_id, (), "answer", keywords=terms)

    assert SIBLING_MIN_SCORE == 1.5 and 4.6 - 3.1 < 1.5   # what the plain subtraction says
    matcher = Matcher(IntentSet((intent("court.divorce"), intent("court.tort", 在哪里=3.1, 打伤=1.5))))
    found = _sibling(matcher, "court.divorce", "打伤", ("在哪里",))
    assert found is not None and found.id == "court.tort"


def test_a_follow_up_typed_one_character_at_a_time_is_still_short(user: RecordingChannel) -> None:
    ask(user, "没钱请律师 国家能派一个吗")
    assert "法律援助中心" in ask(user, "上 哪 申 请 这 个")   # 上哪 is where; the spaces do not make it long
    assert "你问的这一点" in ask(user, "身份证 残疾证 都 要 带 上 吗")   # 残疾证 is a paper to bring
    assert answered(user) == "aid.legal_aid"
