"""Human handoff through the operators' forum group, end to end against the Bot API stand-in."""

from __future__ import annotations

from tests.channels.conftest import OPERATOR, OPERATORS, Harness

USER = 5151


async def open_ticket(h: Harness, text: str = "我要离婚，去哪个法院") -> int:
    """The user asks something, then /human; returns the ticket's topic id."""
    h.api.push_text(USER, text, first_name="小李")
    await h.texts(USER, 1)
    h.api.push_command(USER, "/human")
    texts = await h.texts(USER, 2)
    assert "已经帮你找工作人员（工单 #1）" in texts[1]
    await h.api.wait_for_sent(OPERATORS, count=1)
    [topic] = h.api.topics(OPERATORS)
    return int(topic["message_thread_id"])


async def test_topic_and_summary_card(harness: Harness) -> None:
    await harness.start()
    harness.api.push_command(USER, "/court")
    await harness.texts(USER, 1)
    kinds = harness.api.sent_messages(USER)[-1]
    harness.api.push_callback(USER, "f:court:kind:contract", message_id=kinds["message_id"])
    await harness.texts(USER, 2)
    harness.api.push_text(USER, "海口琼山")
    await harness.texts(USER, 3)
    harness.api.push_text(USER, "法院有手语翻译吗")
    await harness.texts(USER, 4)
    harness.api.push_command(USER, "/human")
    await harness.texts(USER, 5)
    [card] = await harness.texts(OPERATORS, 1)
    [topic] = harness.api.topics(OPERATORS)
    assert topic["name"].startswith("#1 ")
    assert card.startswith("工单 #1（排队第 1 位）")
    for expected in ("海口琼山", "法院有手语翻译吗", "案件类型：借钱欠款·合同", "被告住址：海南省海口市琼山区",
                     "法院：海南省海口市琼山区人民法院", "需要手语翻译"):
        assert expected in card, expected


async def test_relay_text_photo_document_both_ways(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.push_text(USER, "我老公在外地")
    harness.api.push_photo(USER, content=b"photo-bytes", caption="结婚证")
    harness.api.push_document(USER, "证据.pdf", b"%PDF-1.4")
    relayed = await harness.api.wait_for_sent(OPERATORS, thread_id=topic, count=4)
    assert [m.get("text") or m.get("caption") for m in relayed[1:]] == ["我老公在外地", "结婚证", None]
    assert len(harness.api.calls("copyMessage", ok=True)) == 3
    harness.api.push_text(OPERATORS, "请把起诉状发给我", chat_type="supergroup", user_id=OPERATOR,
                          thread_id=topic, first_name="王法官")
    harness.api.push_photo(OPERATORS, content=b"form", caption="这是表格", chat_type="supergroup",
                           user_id=OPERATOR, thread_id=topic)
    texts = await harness.texts(USER, 5)
    assert texts[2].startswith("已转给工作人员")       # one acknowledgement for the three messages
    assert texts[3:] == ["请把起诉状发给我", "这是表格"]
    assert "王法官" not in "".join(texts)   # operators appear as 工作人员, names hidden
    assert harness.api.duplicates() == []


async def test_close_notifies_the_user_and_the_bot_answers_again(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.push_text(USER, "诉讼费多少钱")        # while the ticket is open: relayed and acknowledged
    await harness.api.wait_for_sent(OPERATORS, thread_id=topic, count=2)
    texts = await harness.texts(USER, 3)
    assert texts[2].startswith("已转给工作人员")
    harness.api.push_command(OPERATORS, "/close", chat_type="supergroup", user_id=OPERATOR, thread_id=topic)
    texts = await harness.texts(USER, 4)
    assert "工作人员已经结束这次人工服务" in texts[3]
    await harness.api.wait_for("closeForumTopic")
    harness.api.push_text(USER, "诉讼费多少钱")
    texts = await harness.texts(USER, 5)
    assert "诉讼费" in texts[4]


async def test_reopen_a_recently_closed_ticket(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.push_command(OPERATORS, "/close", chat_type="supergroup", user_id=OPERATOR, thread_id=topic)
    await harness.texts(USER, 3)
    harness.api.push_command(USER, "/human")
    texts = await harness.texts(USER, 4)
    assert "工单 #1 已经结束。要接着上次的继续吗" in texts[3]
    offer = harness.api.sent_messages(USER)[-1]
    harness.api.push_callback(USER, "h:reopen:1", message_id=offer["message_id"])
    texts = await harness.texts(USER, 5)
    assert "工单 #1" in texts[4]
    await harness.api.wait_for("reopenForumTopic")
    harness.api.push_text(USER, "我又来了")
    relayed = await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="我又来了")
    assert relayed


async def test_non_operators_and_foreign_groups_are_ignored(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.push_command(OPERATORS, "/close", chat_type="supergroup", user_id=999, thread_id=topic)
    harness.api.push_text(OPERATORS, "我不是工作人员", chat_type="supergroup", user_id=999, thread_id=topic)
    harness.api.push_command(-4444, "/close", chat_type="supergroup", user_id=OPERATOR)
    harness.api.push_text(OPERATORS, "我是工作人员", chat_type="supergroup", user_id=OPERATOR, thread_id=topic)
    texts = await harness.texts(USER, 3)
    assert texts[2] == "我是工作人员"
    assert harness.services is not None
    assert harness.services.engine.desk.get(1).status != "closed"
    assert harness.api.sent_messages(-4444) == []
    assert "我不是工作人员" not in texts


async def test_operators_group_down_then_back_loses_nothing(harness: Harness) -> None:
    await harness.start()
    harness.api.set_chat_unreachable(OPERATORS)
    harness.api.push_text(USER, "法院在哪里")
    await harness.texts(USER, 1)
    harness.api.push_command(USER, "/human")
    harness.api.push_text(USER, "第一条")
    harness.api.push_text(USER, "第二条")
    texts = await harness.texts(USER, 4)
    assert any("工作人员群暂时联系不上" in t for t in texts[2:])
    harness.api.set_chat_unreachable(OPERATORS, False)
    harness.later()   # the group is back minutes later: the relay's back-off is over
    relayed = await harness.api.wait_for_sent(OPERATORS, count=2, timeout=15)
    # The texts that waited go in one post (the group takes about 20 posts a minute).
    assert relayed[0]["text"].startswith("工单 #1") and relayed[1]["text"] == "第一条\n第二条"


async def test_restart_in_the_middle_of_a_ticket(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    await harness.stop()
    harness.api.push_text(USER, "重启时发的")                       # arrives while the bot is down
    harness.api.push_text(OPERATORS, "重启时的回复", chat_type="supergroup", user_id=OPERATOR, thread_id=topic)
    await harness.start()
    await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="重启时发的")
    texts = await harness.texts(USER, 4)
    assert "重启时的回复" in texts[2:]
    assert any(t.startswith("已转给工作人员") for t in texts[2:])
    dups = harness.api.duplicates()
    assert dups == [], [[(m["chat"]["id"], m.get("text")) for m in d] for d in dups]


async def test_operator_commands_note_ticket_tag(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.push_text(OPERATORS, "/note 用户可能需要法律援助", chat_type="supergroup", user_id=OPERATOR,
                          thread_id=topic)
    harness.api.push_command(OPERATORS, "/ticket", chat_type="supergroup", user_id=OPERATOR, thread_id=topic)
    harness.api.push_text(OPERATORS, "/tag jurisdiction.divorce", chat_type="supergroup", user_id=OPERATOR,
                          thread_id=topic)
    texts = await harness.texts(OPERATORS, 3, thread_id=topic)
    assert texts[1].startswith("工单 #1") and "已标记为 jurisdiction.divorce" in texts[2]
    user_texts = [m.get("text", "") for m in harness.api.sent_messages(USER)]
    assert not any("法律援助" in t for t in user_texts)         # a note stays internal
    assert harness.services is not None
    tagged = harness.services.store.unanswered_since(0)
    assert any(r["tagged"] == "jurisdiction.divorce" for r in tagged)


async def test_files_sent_before_the_handoff_reach_the_operators(harness: Harness) -> None:
    await harness.start()
    harness.api.push_document(USER, "判决书.pdf", b"%PDF-1.4 judgment")
    await harness.texts(USER, 1)
    harness.api.push_command(USER, "/human")
    await harness.texts(USER, 2)
    relayed = await harness.api.wait_for_sent(OPERATORS, count=2)
    assert relayed[0]["text"].startswith("工单 #1")
    assert relayed[1]["document"]["file_name"] == "判决书.pdf"


async def test_operator_names_can_be_shown_when_configured(harness: Harness) -> None:
    harness.extra = harness.extra.replace("handoff:\n", "handoff:\n  show_operator_names: true\n")
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.push_text(OPERATORS, "您好", chat_type="supergroup", user_id=OPERATOR, thread_id=topic,
                          first_name="王法官")
    texts = await harness.texts(USER, 3)
    assert texts[2] == "王法官：您好"


async def test_a_huge_ticket_number_in_a_button_is_answered(harness: Harness) -> None:
    """Security review L4: `h:reopen:` with 23 digits overflowed SQLite's integer; now it is a stale button."""
    await harness.start()
    harness.api.push_text(USER, "诉讼费多少钱", first_name="小李")
    await harness.texts(USER, 1)
    harness.api.push_callback(USER, "h:reopen:99999999999999999999999", first_name="小李")
    await harness.api.wait_for_sent(USER, contains="这个按钮已过期")
    harness.api.push_text(USER, "怎么立案", first_name="小李")
    await harness.texts(USER, 3)
