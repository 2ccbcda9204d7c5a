"""Faults that must never stop the bot: poisonous updates, a failing database, long Bot API outages."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3

from tests.channels.conftest import OPERATOR, OPERATORS, Harness, wait_until
from tests.sql import sql

USER = 6161


async def test_an_inaccessible_pinned_message_stops_nobody_even_after_a_restart(harness: Harness) -> None:
    await harness.start()
    # An operator pins a message the bot cannot see: python-telegram-bot keeps its date as a datetime object.
    harness.api.push_pinned(OPERATORS, 5, inaccessible=True, chat_type="supergroup", user_id=OPERATOR)
    harness.api.push_text(USER, "怎么在网上立案")
    [answer] = await harness.texts(USER, 1)
    assert "立案" in answer
    await harness.restart()
    harness.api.push_text(USER + 1, "诉讼费多少钱")
    [answer] = await harness.texts(USER + 1, 1)
    assert "诉讼费" in answer
    assert harness.services is not None
    store = harness.services.store
    await wait_until(lambda: {r["status"] for r in sql(store, "SELECT status FROM inbox")} == {"done"})


async def test_a_locked_database_delays_answers_and_then_they_arrive(harness: Harness) -> None:
    harness.storage = "  busy_timeout_seconds: 0.1\n  give_up_after_seconds: 60\n"
    channel = await harness.start()
    channel.health.first_pause = 0.05   # 0.5 s in production, doubling: the retries come as they do there, sooner
    blocker = sqlite3.connect(harness.folder / "wuai.db", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    harness.api.push_text(USER, "怎么在网上立案")
    await wait_until(lambda: channel.health.failures >= 2)
    assert harness.api.sent_messages(USER) == []
    blocker.execute("ROLLBACK")
    blocker.close()
    [answer] = await harness.texts(USER, 1)
    assert "立案" in answer
    assert not channel.health.fatal.is_set()
    await wait_until(lambda: channel.health.failures == 0)


async def test_storage_failing_too_long_asks_for_a_restart(harness: Harness) -> None:
    harness.storage = "  busy_timeout_seconds: 0.1\n  give_up_after_seconds: 1\n"
    channel = await harness.start()
    channel.health.first_pause = 0.05   # failures come closer together: the first one past 1 s stops the channel
    blocker = sqlite3.connect(harness.folder / "wuai.db", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        harness.api.push_text(USER, "怎么在网上立案")
        await asyncio.wait_for(channel.health.fatal.wait(), timeout=15)
        assert "locked" in channel.health.reason
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


async def test_a_reply_survives_an_outage_longer_than_the_quick_retries(harness: Harness) -> None:
    channel = await harness.start()
    channel.outbox.retry_delay, channel.outbox.attempts, channel.outbox.quick_delay = 0.05, 2, 0.02
    # The quick retries give up after 2 attempts here (6, about 10 s, in production, 0.3 s apart at first, 0.02 s here);
    # the reply is kept and sent again after pauses that double (0.05 s here, 2 s in production): 8 failures outlast
    # four rounds.
    harness.api.fail_next("sendMessage", 500, count=8, chat_id=USER)
    harness.api.push_text(USER, "怎么在网上立案")
    [answer] = await harness.texts(USER, 1, timeout=30)
    assert "立案" in answer
    assert harness.api.duplicates() == []
    assert harness.services is not None
    store = harness.services.store
    await wait_until(lambda: [r["status"] for r in sql(store, "SELECT status FROM inbox")] == ["done"])


async def test_a_reply_is_given_up_after_the_horizon_and_the_chat_goes_on(harness: Harness) -> None:
    channel = await harness.start()
    channel.outbox.retry_delay, channel.outbox.attempts, channel.outbox.horizon = 0.1, 1, 0.5
    harness.api.fail_rate("sendMessage", 1.0, status=502, seed=1)
    harness.api.push_text(USER, "怎么在网上立案")
    assert harness.services is not None
    store = harness.services.store
    await wait_until(lambda: [r["status"] for r in sql(store, "SELECT status FROM inbox")] == ["done"])
    harness.api.clear_faults()
    harness.api.push_text(USER, "诉讼费多少钱")
    [answer] = await harness.texts(USER, 1)
    assert "诉讼费" in answer

async def test_a_deleted_database_file_is_written_back_and_open_tickets_survive(harness: Harness) -> None:
    """Security review L9: deleting wuai.db* while the bot ran lost the open ticket at the next restart."""
    await harness.start()
    harness.api.push_command(USER, "/human", first_name="小李")
    await harness.api.wait_for_sent(USER, contains="工单 #1")
    await harness.api.wait_for_sent(OPERATORS, count=1)
    for path in harness.folder.glob("wuai.db*"):
        path.unlink()
    await wait_until(lambda: (harness.folder / "wuai.db").exists())
    harness.api.push_text(USER, "我还在等")
    [topic] = [int(t["message_thread_id"]) for t in harness.api.topics(OPERATORS)]
    await harness.api.wait_for_sent(OPERATORS, thread_id=topic, contains="我还在等")
    await harness.restart()
    assert harness.services is not None
    ticket = harness.services.engine.desk.active(f"tg:{USER}")
    assert ticket is not None and ticket.id == 1


async def test_a_database_that_cannot_be_written_back_stops_the_bot_for_a_restart(harness: Harness) -> None:
    channel = await harness.start()
    shutil.rmtree(harness.folder)   # nowhere to write it back
    await asyncio.wait_for(channel.health.fatal.wait(), timeout=10)
    assert "deleted or moved" in channel.health.reason
