from datetime import date, datetime

import pytest

from bot.dates import CHINA
from bot.deadlines import compute
from tests.conftest import FakeClock
from tests.recording import RecordingChannel


def on(clock: FakeClock, year: int, month: int, day: int) -> None:
    clock.now = datetime(year, month, day, 10, 0, tzinfo=CHINA).timestamp()


def open_calculator(chat: RecordingChannel, clock: FakeClock, year: int, month: int, day: int) -> None:
    on(clock, year, month, day)
    chat.send("/deadline")
    chat.read("是什么期限")


def test_one_message_names_the_period_and_the_date(real_chat: RecordingChannel, clock: FakeClock) -> None:
    on(clock, 2026, 11, 20)
    real_chat.send("判决书 2026年11月14日 收到 不服 上诉 最后 哪天")
    answer = real_chat.read("最后一天是 2026年11月30日（星期一）").text
    assert "不服判决上诉（15日）" in answer
    assert "2026年11月29日（星期日）" in answer and "顺延到下一个工作日" in answer
    assert "还有10天" in answer and "交邮" in answer and "原审法院" in answer
    assert "依据：《民事诉讼法》(2023修正)第171" in answer and "注意" not in answer
    assert {b.payload for b in real_chat.buttons()} == {"c:/deadline", "h:start"}
    real_chat.send("诉讼费多少钱")   # the flow has ended: questions are answered again
    real_chat.read("诉讼费")


def test_a_date_without_a_year_is_the_latest_one_before_today(real_chat: RecordingChannel, clock: FakeClock) -> None:
    on(clock, 2026, 11, 10)
    real_chat.send("判决书 11月3日 收到的 上诉 最后 哪天")
    assert "最后一天是 2026年11月18日（星期三）" in real_chat.read("不服判决上诉").text


def test_after_the_national_day_holiday_the_first_working_day(real_chat: RecordingChannel, clock: FakeClock) -> None:
    open_calculator(real_chat, clock, 2026, 9, 25)
    real_chat.press("不服判决")
    assert "你是哪天收到判决书的" in real_chat.read("15天内可以上诉").text
    real_chat.send("2026年9月20日")
    answer = real_chat.read("最后一天是 2026年10月8日（星期四）").text
    assert "2026年10月5日（星期一）" in answer and "国庆节假期" in answer


def test_a_january_2027_date_says_the_schedule_is_not_official(real_chat: RecordingChannel, clock: FakeClock) -> None:
    on(clock, 2026, 12, 21)
    real_chat.send("判决书 2026年12月20日 收到 上诉 最后一天")
    answer = real_chat.read("最后一天是 2027年1月4日（星期一）").text
    assert "2027年的放假安排国务院还没有公布" in answer and "向法院确认" in answer


def test_past_the_deadline_what_may_still_be_possible_and_a_person(real_chat: RecordingChannel,
                                                                     clock: FakeClock) -> None:
    on(clock, 2026, 12, 1)
    real_chat.send("判决书 2026年11月14日 收到 不服 上诉 最后 哪天")
    late = real_chat.read("已经过了1天").text
    assert "障碍消除后10天内" in late and "申请顺延" in late and "再审" in late
    real_chat.read("现在找工作人员吗")
    real_chat.press("好，找工作人员")
    card = real_chat.engine.desk.active(real_chat.user)
    assert card is not None and "不服判决上诉" in card.card
    real_chat.read_all()


def test_the_intent_starts_the_calculator_and_a_period_may_be_ambiguous(real_chat: RecordingChannel,
                                                                          clock: FakeClock) -> None:
    on(clock, 2026, 12, 1)
    real_chat.send("上诉期限到哪天")
    real_chat.read("是什么期限")
    assert [b.label for b in real_chat.buttons()][:2] == ["不服判决，要上诉", "不服裁定，要上诉"]
    real_chat.press("不服裁定")
    real_chat.read("10天内上诉")
    real_chat.press("昨天")
    answer = real_chat.read("不服裁定上诉（10日）").text
    assert "最后一天是 2026年12月10日（星期四）" in answer and "还有9天" in answer


def test_typed_dates_that_do_not_fit(real_chat: RecordingChannel, clock: FakeClock) -> None:
    on(clock, 2026, 12, 1)
    real_chat.send("还来得及吗")
    real_chat.read("是什么期限")
    real_chat.send("答辩")
    real_chat.read("起诉状副本")
    real_chat.send("不记得了")
    real_chat.read("没看懂这个日子")
    real_chat.send("2026年11月")
    real_chat.read("请写到哪一天")
    real_chat.send("上周五")
    assert "最后一天是 2026年12月14日（星期一）" in real_chat.read("答辩（15日）").text


@pytest.mark.parametrize(("period", "says"), [("交证据的期限", "举证通知书"), ("开庭的日子", "传票")])
def test_periods_set_by_the_court_are_explained(real_chat: RecordingChannel, period: str, says: str) -> None:
    real_chat.send("/deadline")
    real_chat.read("是什么期限")
    real_chat.press(period)
    reply = real_chat.read(says)
    assert "依据" in reply.text and "最后一天是" not in reply.text


def test_a_button_can_choose_the_period(real_chat: RecordingChannel, clock: FakeClock) -> None:
    on(clock, 2026, 12, 1)
    real_chat.press_payload("c:/deadline payment_order_objection", "算一算最后一天")
    real_chat.read("你是哪天收到支付令的")
    real_chat.send("2026.11.20")
    assert "最后一天是 2026年12月7日（星期一）" in real_chat.read("支付令异议").text


def test_typed_command_with_the_question(real_chat: RecordingChannel, clock: FakeClock) -> None:
    on(clock, 2026, 12, 1)
    real_chat.send("/deadline 裁定书 11月25日 收到 上诉")
    assert "2026年12月5日（星期六）" in real_chat.read("最后一天是 2026年12月7日（星期一）").text


@pytest.mark.parametrize("question", ["强制执行怎么申请", "公司欠工资怎么办"])
def test_enforcement_and_labour_answers_offer_the_calculator(real_chat: RecordingChannel, question: str) -> None:
    real_chat.send(question)
    real_chat.read_all()
    assert "算一算最后一天" in [b.label for b in real_chat.buttons()]


def test_without_deadline_data_a_person_is_offered(chat: RecordingChannel) -> None:
    chat.send("/deadline")
    reply = chat.read("现在算不了期限")
    assert [b.payload for b in reply.button_list()] == ["h:start"]


def test_the_period_step_takes_a_paper_name_and_a_date(real_chat: RecordingChannel, clock: FakeClock) -> None:
    open_calculator(real_chat, clock, 2026, 11, 10)
    real_chat.send("判决书 11月3日收到")
    assert "最后一天是 2026年11月18日（星期三）" in real_chat.read("不服判决上诉").text


def test_a_year_long_period_across_a_month_end_says_where_to_confirm(real_chat: RecordingChannel,
                                                                     clock: FakeClock) -> None:
    on(clock, 2026, 12, 1)
    real_chat.press_payload("c:/deadline work_injury", "算一算最后一天")
    real_chat.read("你是哪天受伤的")
    real_chat.send("2026年2月28日")
    answer = real_chat.read("工伤认定申请（1年）").text
    assert "最后一天是 2027年2月28日（星期日）" in answer and "请在这天以前办" in answer
    assert "向人社局确认" in answer and "顺延" not in answer


def test_a_month_end_without_the_same_day_is_explained() -> None:
    from bot.deadlines import load_deadline_data
    from bot.flows.deadline import how_counted
    from bot.library import load_flow_set
    from tests.conftest import REAL_INTENTS

    data = load_deadline_data(REAL_INTENTS / "deadlines")
    wording = load_flow_set(REAL_INTENTS)["deadline"]   # the calculator's sentences (intents/flows/deadline.yaml)
    text = how_counted(wording, compute(data.get("retrial"), date(2026, 8, 31), data.calendar))
    assert "到期那个月没有31日，算那个月的最后一天：2027年2月28日（星期日）" in text


@pytest.mark.parametrize("question", ["判决书收到12天了 还能上诉吗", "判决书 拿到 十二天了 还来得及 上诉 吗"])
def test_days_since_the_paper_came(real_chat: RecordingChannel, clock: FakeClock, question: str) -> None:
    on(clock, 2026, 12, 1)
    real_chat.send(question)
    answer = real_chat.read("不服判决上诉（15日）").text
    assert "最后一天是 2026年12月4日（星期五）" in answer and "还有3天" in answer


def test_a_deadline_question_inside_another_flow(real_chat: RecordingChannel, clock: FakeClock) -> None:
    on(clock, 2026, 11, 20)
    real_chat.send("/checklist")
    real_chat.read("是什么案子")
    real_chat.send("判决书 2026年11月14日 收到 上诉 最后一天")
    real_chat.read("最后一天是 2026年11月30日（星期一）")


def test_a_date_without_a_period_asks_for_the_period_and_keeps_the_date(real_chat: RecordingChannel,
                                                                         clock: FakeClock) -> None:
    on(clock, 2026, 12, 1)
    real_chat.send("11月25日收到的 还来得及吗")
    real_chat.read("从2026年11月25日算。是什么期限")
    real_chat.press("收到支付令")
    assert "最后一天是 2026年12月10日（星期四）" in real_chat.read("支付令异议（15日）").text


@pytest.mark.parametrize("question, period, asks", [
    ("不服判决怎么上诉", "appeal_judgment", "判决书"),
    ("我被起诉了怎么办", "defense", "起诉状副本"),
])
def test_appeal_and_being_sued_answers_open_the_calculator_on_their_period(
        real_chat: RecordingChannel, clock: FakeClock, question: str, period: str, asks: str) -> None:
    on(clock, 2026, 12, 1)
    real_chat.send(question)
    real_chat.read_all()
    payloads = {b.payload for b in real_chat.buttons()}
    assert f"c:/deadline {period}" in payloads
    real_chat.press_payload(f"c:/deadline {period}", "算一算最后一天")
    assert asks in real_chat.read("哪天收到").text


def test_a_typed_answer_tells_apart_the_periods_the_question_named(real_chat: RecordingChannel,
                                                                    clock: FakeClock) -> None:
    on(clock, 2026, 12, 10)
    real_chat.send("上诉截止哪天我算不清")   # a judgment or a ruling?
    real_chat.read("是什么期限")
    real_chat.send("我12月5号拿到判决的")   # 判决 alone: of the two named, the judgment (执行, 再审 also hold 判决)
    assert "最后一天是 2026年12月21日（星期一）" in real_chat.read("不服判决上诉（15日）").text
