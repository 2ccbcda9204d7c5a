"""Trials as real deaf users would try the bot (issue #14): each feature in a whole conversation, every reply read.

Each test is one user: what they typed or pressed, in their own words, and what they must see. The complaint builder's
trials are in tests/forms/test_trials.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from bot.dates import CHINA
from bot.engine import Engine
from bot.protocol import FlowChoice, RunCommand, encode
from tests.conftest import REAL_INTENTS, FakeClock
from tests.recording import RecordingChannel


@pytest.fixture
def user(make_engine: Callable[..., Engine], channels: list[RecordingChannel]) -> RecordingChannel:
    channel = RecordingChannel(make_engine(REAL_INTENTS))
    channels.append(channel)
    return channel


def on(clock: FakeClock, year: int, month: int, day: int) -> None:
    clock.now = datetime(year, month, day, 10, 0, tzinfo=CHINA).timestamp()


def flow_of(user: RecordingChannel) -> str:
    return user.engine.store.load_session(user.user).flow


def court_finder(user: RecordingChannel, case: str, asks: str) -> None:
    """/court, the case type pressed, and the finder's next question read."""
    user.send("/court")
    user.read("先说是什么案子")
    user.press(case)
    user.read(asks)


def labels(user: RecordingChannel) -> list[str]:
    return [b.label for b in user.buttons()]


# which court -------------------------------------------------------------------------------------------------------
def test_a_place_written_earlier_starts_the_finder_when_asked_which_court(user: RecordingChannel) -> None:
    """The known bug: 我在武汉洪山区, then 那我找哪个法院 explained the rule; the finder names the court."""
    user.send("我在武汉洪山区")
    user.read("我记下了你写的地方：湖北省武汉市洪山区")
    user.send("那我找哪个法院")
    user.read("你写过的地方：湖北省武汉市洪山区")
    user.read("先说是什么案子")
    assert flow_of(user) == "court"
    user.press("借钱欠款")
    user.read("对方（被告）住在哪里")
    user.press("湖北省武汉市洪山区")
    assert "管辖法院：湖北省武汉市洪山区人民法院" in user.read("管辖法院").text


def test_divorce_wife_away_in_another_city_the_story_place_and_the_finder(user: RecordingChannel) -> None:
    """A deaf man: 我要离婚, his story with his own place, then which court: the finder from the divorce and the place."""
    user.send("我要离婚")
    user.read("离婚有两种办法")
    user.send("老婆在外地打工三年了，我在郑州金水区")
    user.read("我记下了你写的地方：河南省郑州市金水区")
    user.send("那我去哪个法院")                      # a follow-up of the divorce: the finder, not the rule again
    user.read("你写过的地方：河南省郑州市金水区")
    user.read("对方现在是什么情况")
    user.press("对方离开户口所在地超过一年")
    user.read("你的户口在哪里")
    user.press("河南省郑州市金水区")
    user.read("对方现在住在哪里")
    user.press("不知道")
    text = user.read("管辖法院").text
    assert "河南省郑州市金水区人民法院" in text and "原告住所地" in text and "第12条" in text


def test_the_rule_button_still_shows_the_rule_with_a_place_known(user: RecordingChannel) -> None:
    """Pressing 离婚去哪个法院 (a topic button) reads the rule; only a typed question starts the finder."""
    user.send("我在武汉洪山区 我想离婚")
    user.read("离婚")
    user.press("离婚去哪个法院")
    user.read("离婚一般去被告（对方）户口所在地的法院")
    assert flow_of(user) == ""


def test_without_a_place_which_court_is_still_the_rule(user: RecordingChannel) -> None:
    user.send("离婚去哪个法院")
    user.read("离婚一般去被告（对方）户口所在地的法院")
    assert flow_of(user) == ""


def test_a_finder_left_a_day_ago_keeps_the_place_typed_now(user: RecordingChannel, clock: FakeClock) -> None:
    court_finder(user, "借钱欠款", "对方（被告）住在哪里")
    clock.advance(86400)                             # comes back the next day and answers
    user.send("昆明五华区")
    user.read("太久没有回答")
    user.read("我记下了你写的地方：云南省昆明市五华区")
    user.press("帮我查一下是哪个法院")
    user.read("先说是什么案子")
    user.press("借钱欠款")
    user.read("对方（被告）住在哪里")
    user.press("云南省昆明市五华区")
    user.read("云南省昆明市五华区人民法院")


def test_not_knowing_where_the_other_side_lives(user: RecordingChannel) -> None:
    """`不知道` was read as a misspelt place: "没找到这个地方。请再写一次"."""
    court_finder(user, "借钱欠款", "对方（被告）住在哪里")
    user.send("不知道他住哪")
    text = user.read("不知道地方，我就查不出是哪个法院").text
    assert "没找到" not in text and "借条" in text
    assert labels(user) == ["找工作人员"]
    user.send("昆明五华")                                 # found the address on the IOU
    user.read("云南省昆明市五华区人民法院")


def test_a_question_typed_in_the_finder_is_answered(user: RecordingChannel) -> None:
    court_finder(user, "离婚", "对方现在是什么情况")
    user.send("诉讼费多少钱")
    user.read("诉讼费，就是打官司交给法院的钱")
    assert flow_of(user) == ""


def test_an_old_finder_button_after_the_answer_is_called_old(user: RecordingChannel) -> None:
    user.send("/court")
    user.read("先说是什么案子")
    old = next(b for b in user.buttons() if b.label == "劳动工资")
    user.press("借钱欠款")
    user.read("对方（被告）住在哪里")
    user.send("海口琼山")
    user.read("海南省海口市琼山区人民法院")
    assert isinstance(old.data, FlowChoice)
    user.press_payload(old.payload, old.label)   # scrolled up and pressed the first question's button
    user.read("这个按钮已过期")
    user.press("找工作人员")                            # the menu it shows works
    user.read("工作人员")


# everyday problems ---------------------------------------------------------------------------------------------
def test_a_worker_owed_wages_asks_where_and_how_long(user: RecordingChannel) -> None:
    user.send("老板欠我三个月工资")
    user.read("一般先申请劳动仲裁")
    user.send("在哪里办")
    user.read("仲裁委")
    user.send("多久")
    assert "45天" in user.read("你问的这一点").text
    user.send("要钱吗")
    user.read("仲裁不收费")


def test_a_woman_beaten_by_her_husband(user: RecordingChannel) -> None:
    user.send("老公打我")
    text = user.read("人身安全保护令").text
    assert "紧急求助" in text and "不用先离婚" in text
    assert "紧急求助、报警" in labels(user)
    user.read("需要工作人员帮忙吗")
    user.send("要钱吗")
    user.read("不收诉讼费")
    user.read("需要工作人员帮忙吗")
    user.press("紧急求助")
    first = user.read("110").text.splitlines()[0]
    assert "如果你现在有危险" in first                   # being hit comes first, not a fire
    user.read("需要工作人员帮忙吗")


def test_someone_who_received_a_summons(user: RecordingChannel) -> None:
    user.send("收到法院传票怎么办")
    user.read("不要慌")
    user.read("需要工作人员帮忙吗")
    user.send("不去会怎样")
    user.read("缺席判决")
    user.read("需要工作人员帮忙吗")
    user.send("是真的吗")
    user.read("核实传票真假")
    user.read("需要工作人员帮忙吗")


def test_distress_gets_kindness_not_a_menu_of_eleven(user: RecordingChannel) -> None:
    user.send("你 回答 的 我 看 不 懂")
    assert "还不会回答" not in user.text()
    assert "找工作人员" in labels(user)


# a person -------------------------------------------------------------------------------------------------------
def test_asks_for_a_person_and_keeps_writing_while_waiting(user: RecordingChannel, clock: FakeClock) -> None:
    on(clock, 2026, 12, 2)                                        # a Wednesday, in working hours
    user.send("我要找人工")
    user.read("我帮你找工作人员")
    user.read("已经帮你找工作人员（工单 #")
    user.send("我老公不给孩子抚养费")
    user.read("已转给工作人员。现在是上班时间")
    ask_bot = next(b for b in user.buttons() if b.label == "先问机器人")
    user.send("他说要把孩子带走")                                   # relayed; no second acknowledgement yet
    user.send("你们在吗")
    assert not user.text().strip()                                # relays carry no text for the user
    user.press_payload(ask_bot.payload, ask_bot.label)          # the button of the first acknowledgement
    user.read("我会的先回答")
    user.send("诉讼费多少钱")
    user.read("（机器人回答）诉讼费")
    clock.advance(300)
    user.send("还在吗")
    user.read("已转给工作人员。")
    user.send("他又打我了")
    user.read("如果你现在有危险，请马上求救")
    user.read("标记为紧急")
    lines = [r.text for r in user.engine.desk.conversation(1) if r.direction == "to_operators" and r.author == "user"]
    assert lines == ["我老公不给孩子抚养费", "他说要把孩子带走", "你们在吗", "诉讼费多少钱", "还在吗", "他又打我了"]
    user.send("结束人工")
    user.read("已经结束人工服务")
    user.send("诉讼费多少钱")
    user.read("诉讼费，就是打官司交给法院的钱")


# appeals and deadlines ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("first", "then", "period", "last"), [
    ("我输了 想上诉", "判决书是1月10号收到的 最后一天是哪天", "不服判决上诉（15日）", "2027年1月25日（星期一）"),
    ("我想上诉", "裁定书1月12号收到的 最后哪天", "不服裁定上诉（10日）", "2027年1月22日"),   # not the topic's judgment
])
def test_lost_wants_to_appeal_then_the_day_the_paper_came(user: RecordingChannel, clock: FakeClock, first: str,
                                                          then: str, period: str, last: str) -> None:
    """`…收到的 最后一天是哪天` right after the appeal: the appeal's period, not "which period?"."""
    on(clock, 2027, 1, 15)
    user.send(first)
    user.read("可以上诉")
    user.read("需要工作人员帮忙吗")
    user.send(then)
    text = user.read("最后一天是").text
    assert period in text and last in text


def open_period(user: RecordingChannel, clock: FakeClock, today: tuple[int, int, int], button: str) -> None:
    on(clock, *today)
    user.send("/deadline")
    user.read("是什么期限")
    user.press(button)


def test_the_answer_period_over_labour_day(user: RecordingChannel, clock: FakeClock) -> None:
    open_period(user, clock, (2026, 4, 28), "交答辩状")
    user.read("起诉状副本")
    user.send("4月20日")
    text = user.read("最后一天是 2026年5月6日（星期三）").text
    assert "劳动节假期" in text and "顺延" in text


def test_vague_days_are_asked_again_then_a_person_is_offered(user: RecordingChannel, clock: FakeClock) -> None:
    open_period(user, clock, (2026, 11, 20), "不服判决")
    user.read("你是哪天收到判决书的")
    user.send("前几天")
    user.read("没看懂这个日子")
    user.send("上个月")
    user.read("还是没看懂日子")
    assert labels(user) == ["找工作人员"]
    user.send("昨天")
    user.read("最后一天是 2026年12月4日")


def test_not_knowing_which_period_says_where_to_look(user: RecordingChannel) -> None:
    """`不知道` at "which period?" got "please pick a button" and the list again."""
    user.send("/deadline")
    user.read("是什么期限")
    user.send("我收到一个文书 不知道是什么")
    user.read("看看你收到的文书最上面的标题")
    assert "找工作人员" in labels(user) and "不服判决，要上诉" in labels(user)
    user.press("不服判决")
    user.read("你是哪天收到判决书的")


def test_the_calculator_picked_among_choices_keeps_the_question(user: RecordingChannel, clock: FakeClock) -> None:
    """Chosen after "您是想问", the calculator asked the period and the day again, both already written."""
    on(clock, 2026, 12, 2)
    user.send("帮我算一下上诉期 判决书是上周五收到的")
    user.read("您是想问")
    user.press("算期限最后一天")
    text = user.read("最后一天是 2026年12月14日（星期一）").text
    assert "2026年11月27日那天不算" in text and "星期六" in text


def test_a_day_long_past_says_what_is_still_possible(user: RecordingChannel, clock: FakeClock) -> None:
    on(clock, 2027, 1, 15)
    user.send("判决书 9月25日 收到的 上诉 最后 哪天")
    assert "已经过了" in user.read("最后一天是").text
    user.read("现在找工作人员吗")


# the checklist ---------------------------------------------------------------------------------------------------
def test_a_question_after_the_checklist_is_answered(user: RecordingChannel) -> None:
    user.send("/checklist")
    user.read("是什么案子")
    user.press("离婚")
    user.read("起诉材料清单（离婚）")
    user.read("要把清单存成文件吗")
    user.send("什么是原件")                   # was "please pick a button" and the file question again
    user.read("原件，就是最初的那一份")
    assert flow_of(user) == ""


# how people type ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "expected"), [
    ("lihun zenme ban", "divorce.overview"),                 # pinyin
    ("susongfei duoshao qian", "filing.fees"),
    ("我想离昏", "divorce.overview"),                         # a typo
    ("起訴離婚要多久", "filing.duration"),                     # traditional characters
    ("离 婚 去 哪 个 法 院", "jurisdiction.divorce"),          # spaced out
    ("老公 打 我 我 想 离婚", "family.violence"),               # sign-language word order
    ("钱 要 吗 手语 翻译", "green.sign_language"),
])
def test_how_people_type(user: RecordingChannel, typed: str, expected: str) -> None:
    user.send(typed)
    user.read_all()
    assert user.engine.store.load_session(user.user).last_intent == expected


def test_the_deadline_asked_in_traditional_characters(user: RecordingChannel, clock: FakeClock) -> None:
    """The calculator read the periods' words in simplified characters only: `上訴` asked "which period?"."""
    on(clock, 2027, 1, 15)
    user.send("判決書 1月10號 收到 上訴 最後 哪天")
    assert "不服判决上诉（15日）：最后一天是 2027年1月25日" in user.read("最后一天是").text


@pytest.mark.parametrize("asked", ["那我找哪個法院", "附近法院在哪", "去 哪 里 起 诉"])
def test_which_court_in_other_words_with_a_place(user: RecordingChannel, asked: str) -> None:
    user.send("我在武漢洪山區")
    user.read("我记下了你写的地方：湖北省武汉市洪山区")
    user.send(asked)
    user.read("你写过的地方：湖北省武汉市洪山区")
    user.read("先说是什么案子")


def test_old_topic_buttons_still_answer(user: RecordingChannel) -> None:
    user.send("诉讼费")
    user.read("诉讼费")
    relief = next(b for b in user.buttons() if "缓交" in b.label)
    user.send("我要离婚")
    user.read("离婚有两种办法")
    user.press_payload(relief.payload, relief.label)   # a topic button from an earlier answer
    user.read("缓交")
    user.press_payload(encode(RunCommand("/court")), "帮我查一下是哪个法院")
    user.read("先说是什么案子")
