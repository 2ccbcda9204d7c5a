"""Messages Telegram will never deliver must not block a ticket, and the user hears only what is true."""

from __future__ import annotations

from bot.channels.operators import UNREACHABLE
from tests.channels.conftest import OPERATOR, OPERATORS, Harness, wait_until

USER = 9191
OTHER_GROUP = -1009999


async def open_ticket(h: Harness, user: int = USER, name: str = "小李") -> int:
    """The user asks /human; returns the topic id once the card is there."""
    before = len(h.api.topics(OPERATORS))
    h.api.push_command(user, "/human", first_name=name)
    await h.api.wait_for_sent(user, count=1, contains="工单")
    await wait_until(lambda: len(h.api.topics(OPERATORS)) > before)
    topic = int(h.api.topics(OPERATORS)[-1]["message_thread_id"])
    await h.api.wait_for_sent(OPERATORS, thread_id=topic, count=1)
    return topic


def operator_says(h: Harness, topic: int, text: str, group: int = OPERATORS) -> None:
    h.api.push_text(group, text, chat_type="supergroup", user_id=OPERATOR, thread_id=topic, first_name="王法官")


def never_told_unreachable(h: Harness, user: int = USER) -> bool:
    return not any(UNREACHABLE in t for t in h.api.sent_texts(user))


async def test_a_topic_closed_in_telegram_does_not_block_the_operators_replies(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.close_topic_by(OPERATORS, topic, OPERATOR)           # a service message, from the operator
    operator_says(harness, topic, "您好，请说说情况")
    await harness.api.wait_for_sent(USER, contains="您好，请说说情况")
    assert len(harness.api.sent_messages(USER)) == 2                 # the confirmation and the reply, nothing else
    await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="要结束工单，请在这里发 /close")


async def test_a_pinned_message_in_the_private_chat_is_not_relayed_and_blocks_nothing(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    confirmation = harness.api.sent_messages(USER)[0]["message_id"]
    harness.api.push_pinned(USER, confirmation)
    harness.api.push_text(USER, "我的情况是这样的")
    await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="我的情况是这样的")
    assert never_told_unreachable(harness)
    assert len(harness.api.sent_messages(OPERATORS, thread_id=topic)) == 2   # card, the text


async def test_a_deleted_waiting_message_is_skipped_with_a_note(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.set_chat_unreachable(OPERATORS)
    harness.api.push_photo(USER, caption="第一张")
    second = harness.api.push_photo(USER, caption="第二张")
    harness.api.push_photo(USER, caption="第三张")
    await harness.api.wait_for_sent(USER, contains="联系不上")   # a real outage: the user is told, once
    harness.api.delete_user_message(USER, second["message"]["message_id"])
    harness.api.set_chat_unreachable(OPERATORS, False)
    harness.later()   # the group is back minutes later: the relay's back-off is over
    sent = await harness.api.wait_for_sent(OPERATORS, thread_id=topic, count=4, timeout=20)
    shown = [m.get("caption") or m.get("text") for m in sent[1:]]
    assert shown == ["第一张", "[用户的一条消息没能转到这里：对方已经删除了这条消息]", "第三张"]


async def test_a_summary_card_over_4096_characters_is_split(harness: Harness) -> None:
    await harness.start()
    for n in range(6):
        harness.api.push_text(USER, f"第{n}段" + "我的事情很复杂" * 140)   # about 990 characters each
        await harness.api.wait_for_sent(USER, count=n + 1)
    topic = await open_ticket(harness)
    harness.api.push_text(USER, "我的情况补充")
    await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="我的情况补充")
    posts = harness.api.sent_messages(OPERATORS, thread_id=topic)
    assert len(posts) >= 3 and all(len(m["text"]) <= 4096 for m in posts)
    assert posts[0]["text"].startswith("工单 #1")
    assert never_told_unreachable(harness)


async def test_a_deleted_topic_is_opened_again_with_the_card(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.delete_topic_by_user(OPERATORS, topic)
    harness.api.push_text(USER, "还在吗")
    await wait_until(lambda: len(harness.api.topics(OPERATORS)) == 1 and
                     harness.api.topics(OPERATORS)[0]["message_thread_id"] != topic)
    new = int(harness.api.topics(OPERATORS)[0]["message_thread_id"])
    posts = await harness.api.wait_for_sent(OPERATORS, thread_id=new, count=2)
    assert "原来的话题被删除了" in posts[0]["text"] and "工单 #1" in posts[0]["text"]
    assert posts[1]["text"] == "还在吗"
    assert never_told_unreachable(harness)
    operator_says(harness, new, "在的")
    await harness.api.wait_for_sent(USER, contains="在的")


async def test_reopening_a_ticket_whose_topic_was_deleted(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.push_command(OPERATORS, "/close", chat_type="supergroup", user_id=OPERATOR, thread_id=topic)
    await harness.api.wait_for("closeForumTopic")
    harness.api.delete_topic_by_user(OPERATORS, topic)
    harness.api.push_command(USER, "/human")
    offer = await harness.api.wait_for_sent(USER, contains="接着上次的")
    harness.api.push_callback(USER, "h:reopen:1", message_id=offer[-1]["message_id"])
    harness.api.push_text(USER, "接着说")
    await wait_until(lambda: len(harness.api.topics(OPERATORS)) == 1)
    new = int(harness.api.topics(OPERATORS)[0]["message_thread_id"])
    await harness.api.wait_for_sent(OPERATORS, thread_id=new, contains="接着说")
    assert never_told_unreachable(harness)


async def test_a_user_who_blocked_the_bot_is_reported_in_the_topic(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.block_chat(USER)
    operator_says(harness, topic, "请把材料发来")
    operator_says(harness, topic, "还有身份证")
    notes = await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="屏蔽了机器人", count=2)
    assert len(notes) == 2
    assert harness.services is not None
    assert harness.services.engine.desk.pending() == []


async def test_operator_files_keep_their_file_when_names_are_shown(harness: Harness) -> None:
    harness.extra = harness.extra.replace("handoff:\n", "handoff:\n  show_operator_names: true\n")
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.push_photo(OPERATORS, content=b"form", caption="请照这张表填写", chat_type="supergroup",
                           user_id=OPERATOR, thread_id=topic, first_name="王法官")
    [_confirmation, photo] = await harness.api.wait_for_sent(USER, count=2)
    assert "photo" in photo and photo["caption"] == "王法官：请照这张表填写"


async def test_changing_the_operators_group_never_mixes_tickets(harness: Harness) -> None:
    await harness.start()
    await open_ticket(harness, USER, "甲")
    harness.api.add_forum(OTHER_GROUP)
    await harness.stop()
    harness.extra = harness.extra.replace(str(OPERATORS), str(OTHER_GROUP))
    await harness.start()
    harness.api.push_command(USER + 1, "/human", first_name="乙")
    await harness.api.wait_for_sent(OTHER_GROUP, contains="乙")
    harness.api.push_text(USER, "甲的隐私：我住在某某街")
    await harness.api.wait_for_sent(OTHER_GROUP, contains="甲的隐私")
    topics = {t["name"]: t["message_thread_id"] for t in harness.api.topics(OTHER_GROUP)}
    assert set(topics) == {"#1 甲", "#2 乙"}
    texts_b = harness.api.sent_texts(OTHER_GROUP, thread_id=topics["#2 乙"])
    assert not any("甲的隐私" in t for t in texts_b)
    assert "甲的隐私：我住在某某街" in harness.api.sent_texts(OTHER_GROUP, thread_id=topics["#1 甲"])
    operator_says(harness, topics["#2 乙"], "乙您好", OTHER_GROUP)
    await harness.api.wait_for_sent(USER + 1, contains="乙您好")
    assert not any("乙您好" in t for t in harness.api.sent_texts(USER))


async def test_many_waiting_texts_of_a_ticket_go_in_one_post(harness: Harness) -> None:
    await harness.start()
    harness.api.set_chat_unreachable(OPERATORS)
    users = [USER + n for n in range(15)]
    for user in users:
        harness.api.push_command(user, "/human", first_name=f"用户{user}")
        for line in ("第一句", "第二句"):
            harness.api.push_text(user, f"{user}{line}")
    for user in users:
        await harness.api.wait_for_sent(user, contains="联系不上")
    harness.api.clear()
    harness.api.set_chat_unreachable(OPERATORS, False)
    harness.later()   # the group is back minutes later: the relay's back-off is over
    for user in users:
        await harness.api.wait_for_sent(OPERATORS, contains=f"{user}第二句", timeout=20)
    # 15 topics + 15 cards + 15 batches, instead of 15 + 15 + 30: the group's 20-a-minute limit goes further.
    calls = [c for c in harness.api.calls(ok=True) if c.params.get("chat_id") in (OPERATORS, str(OPERATORS))]
    assert len(calls) == 45
    for user in users:
        assert f"{user}第一句\n{user}第二句" in harness.api.sent_texts(OPERATORS)


async def test_anonymous_admins_and_commands_for_other_bots(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    anonymous = harness.api.add_user(1087968824, "Group", is_bot=True)
    message = {"message_id": 900, "date": 1_800_000_000, "chat": {"id": OPERATORS, "type": "supergroup",
                                                                  "title": "运营组", "is_forum": True},
               "from": anonymous, "sender_chat": {"id": OPERATORS, "type": "supergroup", "title": "运营组"},
               "message_thread_id": topic, "is_topic_message": True, "text": "匿名的回复"}
    harness.api.push_update({"message": message})
    await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="匿名")
    harness.api.push_text(OPERATORS, "/close@SomeOtherHelpdeskBot", chat_type="supergroup", user_id=OPERATOR,
                          thread_id=topic)
    operator_says(harness, topic, "我在")
    await harness.api.wait_for_sent(USER, contains="我在")
    assert harness.services is not None
    ticket = harness.services.engine.desk.get(1)
    assert ticket is not None and ticket.status != "closed"
    assert not any("匿名的回复" in t for t in harness.api.sent_texts(USER))


async def test_users_hear_when_the_operators_group_is_busy(harness: Harness) -> None:
    channel = await harness.start()
    channel.operators.busy_tickets = 3
    # The first topic takes a while: meanwhile the others' tickets wait.
    harness.api.delay_next("createForumTopic", 1.5, deliver=True)
    users = [USER + n for n in range(5)]
    for user in users:
        harness.api.push_command(user, "/human")
    for user in users[1:]:
        await harness.api.wait_for_sent(user, contains="要等几分钟")
    await harness.api.wait_for_sent(OPERATORS, count=5)
    # One ticket alone never hears it (the other tests count every message a user gets).


async def test_direction_controls_are_removed_from_topic_titles(harness: Harness) -> None:
    await harness.start()
    await open_ticket(harness, USER, "\u202e1# 单工\u202c")
    [topic] = harness.api.topics(OPERATORS)
    assert topic["name"] == "#1 1# 单工"


async def test_a_corrected_message_reaches_the_operators(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    sent = harness.api.push_text(USER, "我的电话是13900139000")
    await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="13900139000")
    harness.api.push_edited_text(USER, sent["message"]["message_id"], "我的电话是13900139001（改正）")
    [post] = await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="改正")
    assert post["text"].startswith("（用户修改了") and "13900139001（改正）" in post["text"]


async def test_a_forwarded_message_reaches_the_operators_with_its_origin(harness: Harness) -> None:
    """Security review L7: a forwarded text read as the user's own words; a forwarded photo lost its origin."""
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.push_text(USER, "法院通知你明天开庭",
                          forward_origin={"type": "hidden_user", "sender_user_name": "张法官"})
    [post] = await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="明天开庭")
    assert post["text"] == "（用户转发的消息，原作者：张法官）\n法院通知你明天开庭"
    harness.api.push_photo(USER, forward_origin={"type": "channel", "message_id": 7,
                                                 "chat": {"id": -100777, "type": "channel", "title": "某某法院"}})
    await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="原作者：某某法院")
    await wait_until(lambda: "photo" in harness.api.sent_messages(OPERATORS)[-1])
    harness.api.push_text(USER, "这是我自己写的")
    [own] = await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="这是我自己写的")
    assert own["text"] == "这是我自己写的"


async def test_a_name_can_neither_turn_text_around_nor_become_a_link(harness: Harness) -> None:
    """Security review L11: the card and the topic title showed direction controls, URLs and @mentions of a
    user's name as they were (Telegram makes the last two clickable)."""
    await harness.start()
    topic = await open_ticket(harness, USER, "@admin\u202e1# 单工\u202c https://t.me/evil")
    [title] = [t["name"] for t in harness.api.topics(OPERATORS)]
    [card] = harness.api.sent_texts(OPERATORS)
    for shown in (title, card):
        assert "\u202e" not in shown and "@admin" not in shown and "https://" not in shown and "t.me" not in shown
    assert title == "#1 ＠admin1# 单工 https：//t．me/evil" and "用户：＠admin1# 单工 https：//t．me/evil" in card
    assert topic
