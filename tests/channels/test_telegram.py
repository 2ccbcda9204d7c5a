"""The Telegram channel end to end: real python-telegram-bot, real HTTP, the Bot API stand-in."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.channels.tgsend import split_text
from tests.channels.conftest import Harness, wait_until
from tests.conftest import SMALL_INTENTS
from tests.sql import sql

USER = 4242


def buttons(message: dict) -> list[tuple[str, str]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in rows for b in row]


async def test_start_sets_commands_and_welcomes_with_topic_buttons(harness: Harness) -> None:
    await harness.start()
    commands = [c["command"] for c in harness.api.my_commands()]
    assert commands == ["start", "help", "court", "checklist", "deadline", "complaint", "human", "cancel", "forget"]
    harness.api.push_command(USER, "/start")
    welcome, _menu = await harness.texts(USER, 2)
    assert "我是“无碍”" in welcome and "/forget" in welcome
    sent = harness.api.sent_messages(USER)
    labels = [label for label, _ in buttons(sent[-1])]
    assert "怎么起诉" in "".join(labels) or len(labels) >= 4
    assert labels[-1] == "找工作人员"


async def test_question_answered_with_buttons_then_a_button_press(harness: Harness) -> None:
    await harness.start()
    harness.api.push_text(USER, "怎么立案")
    [answer] = await harness.texts(USER, 1)
    assert "立案" in answer
    message = harness.api.sent_messages(USER)[-1]
    more = dict(buttons(message))["更多"]
    harness.api.push_callback(USER, more, message_id=message["message_id"])
    await harness.texts(USER, 2)
    answered = harness.api.calls("answerCallbackQuery", ok=True)
    assert len(answered) == 1


async def test_clarification_question_has_candidates_and_none_of_these(harness: Harness) -> None:
    harness.intents = SMALL_INTENTS
    await harness.start()
    harness.api.push_text(USER, "法院 手语 翻译")
    [reply] = await harness.texts(USER, 1)
    assert reply == "您是想问："
    message = harness.api.sent_messages(USER)[-1]
    assert buttons(message) == [("手语翻译", "i:topic.interpreter"), ("法院翻译", "i:topic.court_interpreter"),
                                ("都不是", "x")]
    harness.api.push_callback(USER, "x", message_id=message["message_id"])
    texts = await harness.texts(USER, 2)
    assert "换一种说法" in texts[1]


async def test_court_finder_end_to_end_with_a_location(harness: Harness) -> None:
    await harness.start()
    harness.api.push_command(USER, "/court")
    await harness.texts(USER, 1)
    kinds = harness.api.sent_messages(USER)[-1]
    harness.api.push_callback(USER, dict(buttons(kinds))["借钱欠款·合同"], message_id=kinds["message_id"])
    await harness.texts(USER, 2)
    harness.api.push_location(USER, 25.04, 102.71)     # Kunming
    texts = await harness.texts(USER, 4)
    assert "你发的位置在：云南省昆明市" in texts[2]
    confirm = harness.api.sent_messages(USER)[2]
    harness.api.push_callback(USER, buttons(confirm)[0][1], message_id=confirm["message_id"])
    texts = await harness.texts(USER, 5)
    assert "管辖法院：云南省昆明市" in texts[4] and "人民法院" in texts[4]


async def test_voice_and_stickers_get_a_kind_text_reply(harness: Harness) -> None:
    await harness.start()
    harness.api.push_voice(USER)
    harness.api.push_sticker(USER)
    texts = await harness.texts(USER, 2)
    assert all("我只能看懂文字" in t for t in texts)


async def test_stale_or_forged_callback_is_answered_politely(harness: Harness) -> None:
    await harness.start()
    harness.api.push_callback(USER, "f:court:place:999999")
    harness.api.push_callback(USER, "garbage-\u0000-data")
    texts = await harness.texts(USER, 2)
    assert all("这个按钮已过期" in t for t in texts)
    assert len(harness.api.calls("answerCallbackQuery", ok=True)) == 2


async def test_messages_in_foreign_groups_are_ignored(harness: Harness) -> None:
    await harness.start()
    harness.api.push_text(-555, "怎么立案", chat_type="group", user_id=USER)
    harness.api.push_text(USER, "谢谢")
    await harness.texts(USER, 1)
    assert harness.api.sent_messages(-555) == []


async def test_forget_deletes_the_users_data(harness: Harness) -> None:
    await harness.start()
    harness.api.push_text(USER, "诉讼费多少钱")
    await harness.texts(USER, 1)
    harness.api.push_command(USER, "/forget")
    await harness.texts(USER, 2)
    confirm = harness.api.sent_messages(USER)[-1]
    harness.api.push_callback(USER, dict(buttons(confirm))["确定删除"], message_id=confirm["message_id"])
    texts = await harness.texts(USER, 3)
    assert "已经删除" in texts[2]
    assert harness.services is not None
    store = harness.services.store
    for table in ("sessions", "transcript", "unanswered", "tickets"):
        rows = sql(store, f"SELECT COUNT(*) AS n FROM {table} WHERE user_id = ?", (f"tg:{USER}",))
        assert rows[0]["n"] == 0, table
    # Of the inbox only the confirming button press itself may remain, and never with content.
    kept = sql(store, "SELECT payload, status FROM inbox WHERE chat_id = ?", (USER,))
    assert len(kept) <= 1 and all(r["payload"] == "" or r["status"] == "received" for r in kept)


async def test_long_answer_is_split_below_4096(harness: Harness, tmp_path: Path) -> None:
    folder = tmp_path / "long_intents"
    shutil.copytree(SMALL_INTENTS, folder)
    paragraph = "这是一段很长的说明。" * 150                              # 1500 characters
    long_answer = "\n\n".join(f"{n}. {paragraph}" for n in range(1, 5))  # about 6000 characters
    text = (folder / "intents.yaml").read_text(encoding="utf-8")
    text = text.replace("answer: 诉讼费立案后交。", "answer: |\n      " + long_answer.replace("\n", "\n      "))
    (folder / "intents.yaml").write_text(text, encoding="utf-8")
    harness.intents = folder
    await harness.start()
    harness.api.push_text(USER, "诉讼费")
    parts = await harness.texts(USER, 2)
    assert len(parts) == 2 and all(len(p) < 4096 for p in parts)
    assert "\n\n".join(parts) == long_answer
    sent = harness.api.sent_messages(USER)
    assert not sent[0].get("reply_markup") and buttons(sent[1])     # buttons only on the last part
    assert split_text("a" * 9000) == ["a" * 4000, "a" * 4000, "a" * 1000]


async def test_send_failures_are_retried_and_the_reply_arrives_exactly_once(harness: Harness) -> None:
    await harness.start()
    harness.api.fail_next("sendMessage", status=502, chat_id=USER)
    harness.api.push_text(USER, "诉讼费多少钱")
    [first] = await harness.texts(USER, 1)
    harness.api.rate_limit_next("sendMessage", retry_after=1, chat_id=USER)
    harness.api.push_text(USER, "怎么立案")
    texts = await harness.texts(USER, 2)
    assert len(texts) == 2 and texts[0] == first
    assert harness.api.duplicates() == []
    failed = [c.status for c in harness.api.calls("sendMessage") if not c.ok]
    assert sorted(failed) == [429, 502]


async def test_photos_and_documents_are_kept_for_the_handoff(harness: Harness) -> None:
    await harness.start()
    harness.api.push_photo(USER, content=b"\x89PNG fake")
    [reply] = await harness.texts(USER, 1)
    assert "收到你的照片" in reply and "标题" in reply
    assert harness.services is not None
    files = harness.services.store.load_session(f"tg:{USER}").files
    assert [f["kind"] for f in files] == ["photo"]


async def test_a_bad_update_never_stops_the_bot(harness: Harness) -> None:
    await harness.start()
    harness.api.set_chat_unreachable(USER)
    harness.api.push_text(USER, "怎么立案")
    harness.api.push_text(USER + 1, "怎么立案")
    [reply] = await harness.texts(USER + 1, 1)
    assert "立案" in reply


async def test_retention_job_deletes_old_conversations_at_start_and_daily(harness: Harness) -> None:
    from bot.store import Store

    old = Store(harness.folder / "wuai.db")
    old.log(f"tg:{USER}", "in", "很久以前的问题", at=1000.0)        # far older than retention_days
    old.log(f"tg:{USER}", "in", "昨天的问题")
    old.close()
    channel = await harness.start()
    store = channel.services.store
    await wait_until(lambda: [line.text for line in store.recent(f"tg:{USER}")] == ["昨天的问题"], timeout=5)
