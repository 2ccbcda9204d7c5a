"""While a person handles the chat, in Telegram: danger first, never silent, nothing dropped."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.channels.conftest import OPERATOR, OPERATORS, Harness, wait_until
from tests.channels.test_handoff import USER, open_ticket

OTHER = 6161


async def send(h: Harness, chat: int, text: str, replies: int) -> list[str]:
    """The user writes text or a /command; wait until the bot has sent `replies` messages in that chat."""
    if text.startswith("/"):
        h.api.push_command(chat, text)
    else:
        h.api.push_text(chat, text)
    return await h.texts(chat, replies)


async def test_danger_in_a_ticket_is_answered_and_marked_urgent(harness: Harness) -> None:
    await harness.start()
    await send(harness, OTHER, "/human", 1)            # someone else waits already: ticket #1
    await send(harness, USER, "我要离婚", 1)
    await send(harness, USER, "/human", 2)
    texts = await send(harness, USER, "救命 他打我", 4)
    assert "现在有危险，请马上求救" in texts[2] and "12110" in texts[2]
    assert texts[3].startswith("你的消息已经转给工作人员，标记为紧急")
    alarm = await harness.api.wait_for_sent(OPERATORS, contains="‼️ 紧急：用户说有危险")
    topic = alarm[0]["message_thread_id"]
    relayed = await harness.api.wait_for_sent(OPERATORS, thread_id=topic, count=3)
    assert relayed[0]["text"].startswith("工单 #2")            # the card, then the alarm, then the words
    assert relayed[1]["text"].startswith("‼️ 紧急：用户说有危险")
    assert relayed[2]["text"] == "救命 他打我"
    harness.api.push_command(OPERATORS, "/tickets", chat_type="supergroup", user_id=OPERATOR)
    [board] = await harness.api.wait_for_sent(OPERATORS, contains="等待回复")
    first, second = board["text"].splitlines()[:2]
    assert first.startswith("‼️紧急 #2") and second.startswith("#1 ")


async def test_help_and_court_answer_during_a_ticket(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    texts = await send(harness, USER, "/help", 5)
    assert texts[2].startswith("怎么用") and texts[4].startswith("你现在在人工服务中（工单 #1）")
    texts = await send(harness, USER, "/court", 6)
    assert "什么案子" in texts[5]
    kinds = harness.api.sent_messages(USER)[-1]
    harness.api.push_callback(USER, "f:court:kind:contract", message_id=kinds["message_id"])
    await harness.texts(USER, 7)
    texts = await send(harness, USER, "海口琼山", 8)
    assert "管辖法院：海南省海口市琼山区人民法院" in texts[7]
    [line] = await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="🤖 机器人查询结果")
    assert "法院：海南省海口市琼山区人民法院" in line["text"]
    assert harness.services is not None and harness.services.engine.desk.active(f"tg:{USER}") is not None


async def test_out_of_hours_acknowledgement_appears_once(harness: Harness) -> None:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).isoweekday()
    days = ", ".join(str(d) for d in range(1, 8) if d != today)
    harness.extra = harness.extra.replace("days: [1, 2, 3, 4, 5, 6, 7]", f"days: [{days}]")
    await harness.start()
    await open_ticket(harness)
    for text in ("我想离婚", "他不同意", "孩子归谁"):
        harness.api.push_text(USER, text)
    await harness.api.wait_for_sent(OPERATORS, contains="孩子归谁")
    texts = await harness.texts(USER, 3)
    acks = [t for t in texts if t.startswith("已转给工作人员")]
    assert len(acks) == 1 and "现在是下班时间" in acks[0] and "先问机器人" in acks[0]
    texts = await send(harness, USER, "/help", 5)      # a sure way to see everything before it was sent
    assert len([t for t in texts if "下班时间" in t and t.startswith("已转给工作人员")]) == 1


async def test_a_burst_of_lines_and_an_album_reach_the_operators_whole(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    for n in range(12):
        harness.api.push_text(USER, f"第{n + 1}段")
    for n in range(10):                                # an album arrives as ten photo messages
        harness.api.push_photo(USER, content=f"photo-{n}".encode(), caption="证据" if n == 0 else None)
    await wait_until(lambda: sum("photo" in m for m in harness.api.sent_messages(OPERATORS, thread_id=topic)) == 10,
                     timeout=20)
    relayed = harness.api.sent_messages(OPERATORS, thread_id=topic)[1:]
    texts = [m for m in relayed if "photo" not in m]   # lines that waited share a post (the group's pace)
    assert [line for m in texts for line in m["text"].split("\n")] == [f"第{n + 1}段" for n in range(12)]
    photos = relayed[len(texts):]
    assert len(photos) == 10 and all("photo" in m for m in photos) and photos[0]["caption"] == "证据"
    user_texts = harness.api.sent_texts(USER)
    assert not any("太快" in t for t in user_texts)
    assert len([t for t in user_texts if t.startswith("已转给工作人员")]) == 1   # acknowledged, not flooded
