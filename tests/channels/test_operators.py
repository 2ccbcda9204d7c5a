"""The operators' relay keeps its books when every Bot API call fails: nothing lost, nothing sent twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from telegram.error import Forbidden

from bot.channels.operators import UNREACHABLE, OperatorsRelay
from bot.config import HandoffConfig
from bot.handoff import Desk
from bot.store import Store
from tests.conftest import FakeClock
from tests.sql import sql

GROUP = -100123
USER = "tg:42"


class RefusingBot:
    """A sender that always fails: Telegram says the bot was removed from every chat."""

    username = "wuai_bot"

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.sent: list[tuple[object, ...]] = []

    def __getattr__(self, method: str) -> Any:
        async def refuse(*args: object, **_kw: object) -> None:
            self.calls.append(method)
            self.sent += [args] if method == "send_message" else []
            raise Forbidden("Forbidden: bot was kicked from the supergroup chat")
        return refuse


@pytest.fixture
def desk(tmp_path: Path, clock: FakeClock) -> Iterator[Desk]:
    store = Store(tmp_path / "wuai.db", clock=clock)
    yield Desk(store, HandoffConfig(operators_chat_id=GROUP), clock)
    store.close()


def relay_for(desk: Desk, bot: RefusingBot) -> OperatorsRelay:
    engine = SimpleNamespace(desk=desk)
    channel = SimpleNamespace(engine=engine, config=SimpleNamespace(handoff=desk.config), bot=bot, wake=lambda: None)
    return OperatorsRelay(channel)  # type: ignore[arg-type]


def statuses(desk: Desk, ticket_id: int) -> list[tuple[str, str, int]]:
    return [(r["kind"], r["status"], r["attempts"]) for r in
            sql(desk.store, "SELECT kind, status, attempts FROM relay WHERE ticket_id = ? ORDER BY id", (ticket_id,))]


async def test_no_topic_the_user_is_told_once_and_everything_waits(desk: Desk) -> None:
    bot = RefusingBot()
    relay = relay_for(desk, bot)
    ticket = desk.create(USER, "小李", "card")
    desk.queue(ticket.id, "to_operators", USER, "7", "text", "我的工资被扣了", "user")
    for _round in range(3):
        await relay.deliver_pending()
        relay._retry_at.clear()                       # as if the back-off had passed
    assert bot.calls.count("create_forum_topic") == 3
    assert relay._topic_attempts[ticket.id] == 3
    told = [r for r in desk.conversation(ticket.id) if r.text == UNREACHABLE]
    assert len(told) == 1                               # told once, not every round
    # The notice could not reach the user either (blocked): it is given up, not retried for ever.
    assert statuses(desk, ticket.id) == [("card", "pending", 0), ("text", "pending", 0), ("notice", "failed", 0)]
    assert desk.get(ticket.id).topic_id is None


async def test_with_a_topic_each_failure_is_counted_and_the_order_kept(desk: Desk) -> None:
    bot = RefusingBot()
    relay = relay_for(desk, bot)
    ticket = desk.create(USER, "小李", "card")
    desk.set_topic(ticket.id, 5, GROUP)
    desk.queue(ticket.id, "to_operators", USER, "7", "text", "第一句", "user")
    desk.queue(ticket.id, "to_operators", USER, "8", "text", "第二句", "user")
    for _round in range(3):
        await relay.deliver_pending()
        relay._retry_at.clear()
    # Only the first message of the ticket is tried: the ones behind it wait their turn.
    assert statuses(desk, ticket.id)[:3] == [("card", "pending", 3), ("text", "pending", 0), ("text", "pending", 0)]
    assert [r.text for r in desk.conversation(ticket.id)].count(UNREACHABLE) == 1


async def test_an_operators_reply_to_a_user_who_blocked_the_bot_is_given_up_once(desk: Desk) -> None:
    bot = RefusingBot()
    relay = relay_for(desk, bot)
    ticket = desk.create(USER, "小李", "card")
    desk.set_topic(ticket.id, 5, GROUP)
    desk.reply(ticket.id, str(GROUP), "", "text", "您好", "王")
    await relay.deliver_pending()
    relay._retry_at.clear()
    await relay.deliver_pending()
    to_user = [s for s in statuses(desk, ticket.id) if s[0] == "text"]
    assert to_user == [("text", "failed", 0)]
    assert bot.sent.count((42, "您好")) == 1                            # tried once, then given up
    assert (GROUP, "[用户屏蔽了机器人或删除了账号：这条消息没有送到用户那里]") in bot.sent   # the topic is told
