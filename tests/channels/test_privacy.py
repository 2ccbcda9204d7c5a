"""One user's words, tickets and cards never reach another user or any chat but the operators' group."""

from __future__ import annotations

import logging

import pytest

from tests.channels.conftest import OPERATOR, OPERATORS, Harness

ALICE, BOB = 7001, 7002
SECRET = "我叫王秘密 身份证11010519491231002X 我老公打我"


async def test_no_data_crosses_users_or_leaves_the_operators_group(harness: Harness,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="bot")   # what `wuai serve --verbose` logs
    await harness.start()
    harness.api.push_text(ALICE, SECRET, first_name="爱丽丝")
    harness.api.push_text(BOB, "离婚去哪个法院", first_name="鲍勃")
    await harness.texts(ALICE, 1)
    await harness.texts(BOB, 1)
    harness.api.push_command(ALICE, "/human", first_name="爱丽丝")
    harness.api.push_command(BOB, "/human", first_name="鲍勃")
    await harness.texts(ALICE, 2)
    await harness.texts(BOB, 2)
    harness.api.push_text(ALICE, "还有一件事：王秘密的电话13812345678", first_name="爱丽丝")
    topics = await harness.api.wait_for_sent(OPERATORS, count=3)
    by_thread = {t["name"].split()[0]: t["message_thread_id"] for t in harness.api.topics(OPERATORS)}
    alice_topic = by_thread["#1"] if "爱丽丝" in harness.api.topics(OPERATORS)[0]["name"] else by_thread["#2"]
    bob_topic = by_thread["#2"] if alice_topic == by_thread["#1"] else by_thread["#1"]
    await harness.api.wait_for_sent(OPERATORS, thread_id=alice_topic, contains="还有一件事")
    harness.api.push_text(OPERATORS, "只给鲍勃的回复", chat_type="supergroup", user_id=OPERATOR, thread_id=bob_topic)
    await harness.api.wait_for_sent(BOB, contains="只给鲍勃的回复")
    assert topics

    chats = {m["chat"]["id"] for m in harness.api.sent_messages()}
    assert chats <= {ALICE, BOB, OPERATORS}
    bob_seen = " ".join(m.get("text") or m.get("caption") or "" for m in harness.api.sent_messages(BOB))
    assert "王秘密" not in bob_seen and "11010519491231002X" not in bob_seen and "爱丽丝" not in bob_seen
    alice_seen = " ".join(m.get("text") or "" for m in harness.api.sent_messages(ALICE))
    assert "只给鲍勃的回复" not in alice_seen and "鲍勃" not in alice_seen
    bob_topic_text = " ".join(m.get("text") or "" for m in harness.api.sent_messages(OPERATORS, thread_id=bob_topic))
    assert "王秘密" not in bob_topic_text and "还有一件事" not in bob_topic_text
    # The card masks what the store masked: the ID number never appears, even for the operators.
    alice_card = harness.api.sent_messages(OPERATORS, thread_id=alice_topic)[0]["text"]
    assert "11010519491231002X" not in alice_card and "[身份证号]" in alice_card
    # Logs never carry message text or names (and logging was really captured).
    assert "telegram channel started" in caplog.text
    for leak in ("王秘密", "爱丽丝", "鲍勃", "离婚去哪个法院", "只给鲍勃的回复", "13812345678"):
        assert leak not in caplog.text, leak
