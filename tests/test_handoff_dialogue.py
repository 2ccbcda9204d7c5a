"""What a user sees while a person handles the conversation: never silence, danger first."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.engine import Engine
from bot.handoff import USER_ENDED_NOTICE, Relay
from bot.protocol import HandoffClosed
from tests.conftest import REAL_INTENTS, SMALL_INTENTS, FakeClock
from tests.recording import RecordingChannel


def open_ticket(chat: RecordingChannel) -> int:
    chat.send("/human")
    chat.read("已经帮你找工作人员（工单 #")
    ticket = chat.engine.desk.active(chat.user)
    assert ticket is not None
    return ticket.id


def relayed(chat: RecordingChannel, ticket: int) -> list[Relay]:
    return [r for r in chat.engine.desk.conversation(ticket) if r.direction == "to_operators" and r.kind != "card"]


def user_lines(chat: RecordingChannel, ticket: int) -> list[str]:
    return [r.text for r in relayed(chat, ticket) if r.author == "user"]


def exchange(chat: RecordingChannel, text: str, *expected: str) -> None:
    """Send a message and read the replies that must come, in order."""
    chat.send(text)
    for part in expected:
        chat.read(part)


def said(chat: RecordingChannel) -> list[str]:
    """Texts of the latest replies (a relay alone shows nothing)."""
    return [r.text for r in chat.last if r.text]


def notes(chat: RecordingChannel, ticket: int) -> list[str]:
    return [r.text for r in relayed(chat, ticket) if r.kind == "notice"]


@pytest.mark.parametrize("text", ["我现在很危险 他打我", "救命 他打我", "有人威胁我", "家里着火了", "燃气泄漏了",
                                  "我不想活了"])
def test_danger_is_answered_at_once_relayed_and_marked_urgent(real_chat: RecordingChannel, text: str) -> None:
    ticket = open_ticket(real_chat)
    real_chat.send(text)
    real_chat.read("现在有危险，请马上求救")
    real_chat.read("已经转给工作人员，标记为紧急")
    assert user_lines(real_chat, ticket) == [text]
    conversation = relayed(real_chat, ticket)
    assert conversation[0].text.startswith("‼️ 紧急：用户说有危险")     # the alarm comes before the message
    assert real_chat.engine.desk.get(ticket).urgent_at is not None


def test_danger_check_works_without_an_emergency_intent(chat: RecordingChannel) -> None:
    ticket = open_ticket(chat)
    chat.send("救命")
    reply = chat.read("如果你现在有危险")
    assert "110" in reply.text and "12110" in reply.text           # a text way too, never only a call
    chat.read("标记为紧急")
    assert chat.engine.desk.get(ticket).urgent_at is not None


def test_no_false_alarm_for_ordinary_questions(chat: RecordingChannel) -> None:
    ticket = open_ticket(chat)
    for text in ("工作人员可以打我电话吗", "离婚去哪个法院", "诉讼费多少钱", "法院有危险品检查吗"):
        chat.send(text)
    chat.read("已转给工作人员")
    assert chat.engine.desk.get(ticket).urgent_at is None
    assert notes(chat, ticket) == []


def test_first_message_acknowledged_with_when_staff_reply_then_at_most_every_few_minutes(
        chat: RecordingChannel, clock: FakeClock) -> None:
    ticket = open_ticket(chat)
    chat.send("我老公在外地")
    ack = chat.read("已转给工作人员")
    assert "现在是上班时间" in ack.text and "17:30 下班" in ack.text
    assert [b.label for b in ack.button_list()] == ["先问机器人", "结束人工"]
    chat.send("他不回家")
    assert said(chat) == []              # a minute later: relayed quietly
    clock.advance(3 * 60)
    chat.send("还有孩子")
    assert said(chat) == ["已转给工作人员。"]
    chat.read_all()
    assert user_lines(chat, ticket) == ["我老公在外地", "他不回家", "还有孩子"]


def test_out_of_hours_the_first_acknowledgement_says_so_once(chat: RecordingChannel, clock: FakeClock) -> None:
    clock.advance(2 * 86400)                  # Sunday afternoon in Beijing
    open_ticket(chat)
    chat.send("我想离婚")
    ack = chat.read("已转给工作人员")
    assert "现在是下班时间" in ack.text and "明天 09:00 上班后回复你" in ack.text
    assert "先问机器人" in ack.text
    for minutes in range(4):
        clock.advance(minutes * 60)
        chat.send("在吗")
    assert "下班时间" not in chat.text()


def test_ask_the_bot_meanwhile_keeps_the_ticket(chat: RecordingChannel) -> None:
    ticket = open_ticket(chat)
    chat.send("诉讼费")                        # before choosing: relayed only
    chat.read("已转给工作人员")
    chat.press("先问机器人")
    chat.read("我会的先回答")
    chat.send("诉讼费多少")
    assert chat.read("诉讼费立案后交").text.startswith("（机器人回答）")
    chat.send("今天天气好")                    # nothing the bot knows: relayed, no fallback text
    assert said(chat) == []
    assert user_lines(chat, ticket) == ["诉讼费", "诉讼费多少", "今天天气好"]
    assert notes(chat, ticket) == ["🤖 机器人回答了用户：诉讼费"]
    assert chat.engine.desk.active(chat.user) is not None
    chat.press_payload("h:wait")
    chat.read("我不回答了")
    chat.send("诉讼费多少钱")
    assert said(chat) == []


@pytest.mark.parametrize("word", ["取消", "退出", "重新开始", "cancel"])
def test_a_one_word_answer_to_an_operator_does_not_end_the_handoff(chat: RecordingChannel, word: str) -> None:
    ticket = open_ticket(chat)
    chat.send(word)
    chat.read("已转给工作人员")
    assert user_lines(chat, ticket) == [word]
    assert chat.engine.desk.active(chat.user) is not None


@pytest.mark.parametrize("how", ["/cancel", "结束人工", "button"])
def test_cancel_or_end_human_ends_it(chat: RecordingChannel, how: str) -> None:
    ticket = open_ticket(chat)
    if how == "button":
        chat.press_payload("h:end", "结束人工")
    else:
        chat.send(how)
    reply = chat.read("已经结束人工服务")
    assert reply.actions[0] == HandoffClosed(ticket, "user")
    assert chat.engine.desk.get(ticket).closed_by == "user"


def test_commands_answer_during_a_ticket(chat: RecordingChannel) -> None:
    open_ticket(chat)
    chat.send("/cancel")
    chat.read("已经结束人工服务")
    chat.send("/human")
    chat.read("要接着上次的继续吗")
    chat.press("新开一个")
    chat.read("工单 #2")
    ticket = 2
    exchange(chat, "/help", "怎么用", "你现在在人工服务中（工单 #2）")
    chat.send("/start")
    chat.read("你好！我是")
    rest = chat.text()
    assert "你现在在人工服务中" in rest and "要接着上次的继续吗" not in rest   # no offer to reopen #1 now
    exchange(chat, "/human", "你现在在人工服务中")
    exchange(chat, "/checklist", "什么案子")
    chat.read_all()
    assert chat.engine.desk.open_tickets() == [chat.engine.desk.get(ticket)]
    assert user_lines(chat, ticket) == []              # commands are for the bot, not relayed


def test_a_flow_run_during_a_ticket_is_shown_to_the_operators(real_chat: RecordingChannel) -> None:
    ticket = open_ticket(real_chat)
    exchange(real_chat, "/court", "先说是什么案子")
    real_chat.press("借钱欠款")
    real_chat.read("住在哪里")
    exchange(real_chat, "海口琼山", "管辖法院：海南省海口市琼山区人民法院")
    real_chat.read_all()
    assert "海口琼山" in user_lines(real_chat, ticket)   # typed text is relayed even inside a flow
    [line] = notes(real_chat, ticket)
    assert line.startswith("🤖 机器人查询结果：") and "法院：海南省海口市琼山区人民法院" in line
    assert "\n" not in line


def test_buttons_pressed_during_a_ticket_work(chat: RecordingChannel) -> None:
    ticket = open_ticket(chat)
    chat.press_payload("i:topic.fees", "诉讼费")
    chat.read("诉讼费立案后交")
    chat.press("更多")
    chat.read("缓交")
    chat.press_payload("h:start", "找工作人员")
    chat.read("你现在在人工服务中")
    assert notes(chat, ticket) == ["🤖 机器人回答了用户：诉讼费"]
    assert len(chat.engine.desk.open_tickets()) == 1


def test_flood_limit_never_drops_a_handoff_message(make_engine: Callable[..., Engine],
                                                  channels: list[RecordingChannel]) -> None:
    engine = make_engine(SMALL_INTENTS, extra="limits:\n  flood_messages: 3\n  flood_seconds: 10\n")
    chat = RecordingChannel(engine)
    channels.append(chat)
    ticket = open_ticket(chat)
    for n in range(12):
        chat.send(f"第{n + 1}段")
    for n in range(10):
        chat.send_file("photo", f"PHOTO-{n}", ref=str(100 + n))
    chat.read("已转给工作人员")
    assert "太快" not in chat.text()
    lines = relayed(chat, ticket)
    assert [r.text for r in lines[:12]] == [f"第{n + 1}段" for n in range(12)]
    assert [r.text for r in lines[12:]] == [f"PHOTO-{n}" for n in range(10)]


def test_outside_a_handoff_the_slow_down_notice_promises_nothing_it_breaks(
        make_engine: Callable[..., Engine], channels: list[RecordingChannel]) -> None:
    engine = make_engine(SMALL_INTENTS, extra="limits:\n  flood_messages: 2\n  flood_seconds: 10\n")
    chat = RecordingChannel(engine)
    channels.append(chat)
    for _ in range(2):
        chat.send("诉讼费")
        chat.read("诉讼费立案后交")
    chat.send("诉讼费")
    notice = chat.read("你发得太快了").text
    assert chat.send("诉讼费") == []                   # dropped, as the notice said
    assert "不会回答" in notice and "按顺序回答" not in notice


def test_forget_during_a_ticket_closes_it_and_keeps_no_personal_data(real_chat: RecordingChannel) -> None:
    ticket = open_ticket(real_chat)
    real_chat.send("我叫张三，电话13900139000")
    real_chat.read("已转给工作人员")
    real_chat.send("/forget")
    real_chat.read("确定要删除")
    reply = real_chat.press("确定删除")[0]
    real_chat.read("已经删除")
    assert isinstance(reply.actions[0], HandoffClosed) and reply.actions[0].by == "forget"
    tombstone = real_chat.engine.desk.get(ticket)
    assert (tombstone.closed_by, tombstone.user_id, tombstone.display_name) == ("forget", "", "")
    assert real_chat.engine.desk.conversation(ticket) == []


def test_real_intents_danger_answer_stays_readable(make_engine: Callable[..., Engine],
                                                   channels: list[RecordingChannel]) -> None:
    """The emergency answer in a ticket comes alone: no 'find a person?' offer, a person has it already."""
    chat = RecordingChannel(make_engine(REAL_INTENTS))
    channels.append(chat)
    open_ticket(chat)
    replies = chat.send("他拿刀要杀我")
    chat.read_all()
    texts = [r.text for r in replies if r.text]
    assert len(texts) == 2 and "需要工作人员帮忙吗" not in "".join(texts)


def test_ending_a_ticket_tells_its_operators_and_closes_the_topic(chat: RecordingChannel) -> None:
    """The desk queues what the operators must hear, so every channel (not only Telegram) shows it."""
    ticket = open_ticket(chat)
    chat.press_payload("h:end", "结束人工")
    chat.read("已经结束人工服务")
    assert notes(chat, ticket) == [USER_ENDED_NOTICE]
    assert relayed(chat, ticket)[-1].kind == "close_topic"
    chat.press_payload("h:end", "结束人工")            # an old button, pressed again: no second close
    chat.read_all()
    assert notes(chat, ticket) == [USER_ENDED_NOTICE]
