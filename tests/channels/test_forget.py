"""/forget leaves nothing behind: not in the database file, not in its write-ahead log, not in the operators' group."""

from __future__ import annotations

import json
from pathlib import Path

from tests.channels.conftest import OPERATOR, OPERATORS, Harness, wait_until
from tests.sql import sql

USER = 4141
NAME = "隐私测试员"
SECRETS = ["QWERTY12345", "ZEBRA", "OPERATORSECRET", "13912345678", "110101199003077777", NAME]


def on_disk(folder: Path) -> bytes:
    """Every byte SQLite keeps: the main file, the write-ahead log and the shared-memory index."""
    return b"".join(p.read_bytes() for p in folder.glob("wuai.db*"))


def found(data: bytes, secret: str) -> bool:
    escaped = json.dumps(secret)[1:-1]   # how json.dumps writes it with ensure_ascii
    return secret.encode() in data or escaped.encode() in data


async def test_phone_and_id_numbers_are_never_written_raw(harness: Harness) -> None:
    await harness.start()
    harness.api.push_text(USER, "我的手机13912345678请联系，身份证110101199003077777", first_name=NAME)
    await harness.texts(USER, 1)
    assert harness.services is not None
    store = harness.services.store
    await wait_until(lambda: [r["status"] for r in sql(store, "SELECT status FROM inbox")] == ["done"])
    data = on_disk(harness.folder)
    assert not found(data, "13912345678") and not found(data, "110101199003077777")


async def test_forget_clears_the_files_and_deletes_the_topic(harness: Harness) -> None:
    await harness.start()
    harness.api.push_text(USER, "我的秘密暗号是QWERTY12345", first_name=NAME)
    await harness.texts(USER, 1)
    harness.api.push_command(USER, "/human", first_name=NAME)
    await harness.texts(USER, 2)
    await harness.api.wait_for_sent(OPERATORS, count=1)
    [topic] = [int(t["message_thread_id"]) for t in harness.api.topics(OPERATORS)]
    harness.api.push_text(USER, "手语翻译秘密ZEBRA", first_name=NAME)
    await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="ZEBRA")
    harness.api.push_text(OPERATORS, "收到OPERATORSECRET", chat_type="supergroup", user_id=OPERATOR, thread_id=topic)
    await harness.api.wait_for_sent(USER, contains="OPERATORSECRET")
    harness.api.push_command(USER, "/forget", first_name=NAME)
    [confirm] = await harness.api.wait_for_sent(USER, contains="确定")
    harness.api.push_callback(USER, "forget:yes", message_id=confirm["message_id"], first_name=NAME)
    await harness.api.wait_for_sent(USER, contains="已经删除")
    await harness.api.wait_for_sent(OPERATORS, contains="删除了全部记录")
    assert harness.api.topics(OPERATORS) == []                       # the title, the card and the copies
    notice = harness.api.sent_texts(OPERATORS)[-1]
    assert "工单 #1" in notice and NAME not in notice
    assert harness.services is not None
    store = harness.services.store
    await wait_until(lambda: {r["status"] for r in sql(store, "SELECT status FROM inbox")} <= {"done"})
    await wait_until(lambda: not any(found(on_disk(harness.folder), s) for s in SECRETS))


async def test_a_declined_forget_button_pressed_later_asks_again(harness: Harness) -> None:
    """Security review L4: 不用了, then the old message's 确定删除: the question comes back, nothing is deleted."""
    await harness.start()
    harness.api.push_text(USER, "诉讼费多少钱", first_name=NAME)
    await harness.texts(USER, 1)
    harness.api.push_command(USER, "/forget", first_name=NAME)
    [confirm] = await harness.api.wait_for_sent(USER, contains="确定要删除")
    harness.api.push_callback(USER, "forget:no", message_id=confirm["message_id"], first_name=NAME)
    await harness.api.wait_for_sent(USER, contains="好的")
    harness.api.push_callback(USER, "forget:yes", message_id=confirm["message_id"], first_name=NAME)
    [again] = await harness.api.wait_for_sent(USER, contains="已经过期")
    assert "确定要删除" in again["text"] and "已经删除" not in "".join(harness.api.sent_texts(USER))
    assert harness.services is not None
    assert sql(harness.services.store, "SELECT COUNT(*) AS n FROM transcript")[0]["n"] > 0
    harness.api.push_callback(USER, "forget:yes", message_id=again["message_id"], first_name=NAME)
    await harness.api.wait_for_sent(USER, contains="已经删除")

