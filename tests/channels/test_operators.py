"""The operators' relay on a fake sender and a fake clock: its books when Telegram fails, its pauses, its times."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from telegram import Chat, Message, User
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.channels.operators import UNREACHABLE, OperatorsRelay
from bot.config import HandoffConfig
from bot.engine import Engine
from bot.handoff import Desk
from bot.messages import Incoming
from bot.protocol import HandoffClosed
from bot.store import Store
from tests.conftest import FakeClock
from tests.sql import sql

GROUP = -100123
USER = "tg:42"
USER_CHAT = 42
KICKED = Forbidden("Forbidden: bot was kicked from the supergroup chat")
BLOCKED = Forbidden("Forbidden: bot was blocked by the user")


class FakeSender:
    """A RelaySender in memory: every call is recorded; `failing` makes every call raise, `fail_next` one call,
    `refused` every call to one chat."""

    username = "wuai_bot"

    def __init__(self, failing: TelegramError | None = None) -> None:
        self.failing = failing
        self.fail_next: dict[str, TelegramError] = {}   # method -> raised by its next call only
        self.refused: dict[int, TelegramError] = {}     # chat -> raised by every call to it
        self.tried: list[tuple[int, str]] = []          # (chat, text) of every send, arrived or not
        self.calls: list[str] = []
        self.posts: list[tuple[int, int | None, str]] = []   # (chat, thread, text) that arrived
        self.copies: list[tuple[int, int, int | None]] = []  # (chat, message copied, thread)
        self.topics: list[str] = []
        self._ids = 1000

    def _call(self, method: str, chat_id: int) -> int:
        self.calls.append(method)
        error = self.fail_next.pop(method, None) or self.refused.get(chat_id) or self.failing
        if error is not None:
            raise error
        self._ids += 1
        return self._ids

    async def send(self, chat_id: int, text: str, thread_id: int | None = None) -> int:
        self.tried.append((chat_id, text))
        sent = self._call("send", chat_id)
        self.posts.append((chat_id, thread_id, text))
        return sent

    async def copy(self, chat_id: int, from_chat: int, message_id: int, *, thread_id: int | None = None,
                   caption: str | None = None) -> int:
        sent = self._call("copy", chat_id)
        self.copies.append((chat_id, message_id, thread_id))
        return sent

    async def create_topic(self, chat_id: int, name: str) -> int:
        topic = self._call("create_topic", chat_id)
        self.topics.append(name)
        return topic

    async def edit_topic(self, chat_id: int, topic_id: int, name: str) -> None:
        self._call("edit_topic", chat_id)

    async def close_topic(self, chat_id: int, topic_id: int) -> None:
        self._call("close_topic", chat_id)

    async def reopen_topic(self, chat_id: int, topic_id: int) -> None:
        self._call("reopen_topic", chat_id)

    async def delete_topic(self, chat_id: int, topic_id: int) -> None:
        self._call("delete_topic", chat_id)

    def texts(self, chat_id: int) -> list[str]:
        return [text for chat, _thread, text in self.posts if chat == chat_id]


@pytest.fixture
def desk(tmp_path: Path, clock: FakeClock) -> Iterator[Desk]:
    store = Store(tmp_path / "wuai.db", clock=clock)
    yield Desk(store, HandoffConfig(operators_chat_id=GROUP), clock)
    store.close()


def statuses(desk: Desk, ticket_id: int) -> list[tuple[str, str, int]]:
    return [(r["kind"], r["status"], r["attempts"]) for r in
            sql(desk.store, "SELECT kind, status, attempts FROM relay WHERE ticket_id = ? ORDER BY id", (ticket_id,))]


def ticket_with_topic(desk: Desk, topic: int = 5) -> int:
    ticket = desk.create(USER, "小李", "card")
    desk.set_topic(ticket.id, topic, GROUP)
    return ticket.id


def operator_message(text: str, thread: int | None = None) -> Message:
    """A message an operator wrote in the group (read by the relay, never sent anywhere)."""
    chat = Chat(GROUP, "supergroup", is_forum=True)
    return Message(1, datetime(2027, 1, 15, tzinfo=UTC), chat, from_user=User(777, "王法官", is_bot=False),
                   text=text, message_thread_id=thread, is_topic_message=thread is not None)


async def test_no_topic_the_user_is_told_once_and_everything_waits(desk: Desk, clock: FakeClock) -> None:
    sender = FakeSender(KICKED)
    relay = OperatorsRelay(desk, desk.config, sender, clock)
    ticket = desk.create(USER, "小李", "card")
    desk.queue(ticket.id, "to_operators", USER, "7", "text", "我的工资被扣了", "user")
    for _round in range(3):
        await relay.deliver_pending()
        clock.advance(300)                            # the longest pause
    assert sender.calls.count("create_topic") == 3
    told = [r for r in desk.conversation(ticket.id) if r.text == UNREACHABLE]
    assert len(told) == 1                               # told once, not every round
    # The notice could not reach the user either (blocked): it is given up, not retried for ever.
    assert statuses(desk, ticket.id) == [("card", "pending", 0), ("text", "pending", 0), ("notice", "failed", 0)]
    after = desk.get(ticket.id)
    assert after is not None and after.topic_id is None


async def test_with_a_topic_each_failure_is_counted_and_the_order_kept(desk: Desk, clock: FakeClock) -> None:
    relay = OperatorsRelay(desk, desk.config, FakeSender(KICKED), clock)
    ticket = ticket_with_topic(desk)
    desk.queue(ticket, "to_operators", USER, "7", "text", "第一句", "user")
    desk.queue(ticket, "to_operators", USER, "8", "text", "第二句", "user")
    for _round in range(3):
        await relay.deliver_pending()
        clock.advance(300)
    # Only the first message of the ticket is tried: the ones behind it wait their turn.
    assert statuses(desk, ticket)[:3] == [("card", "pending", 3), ("text", "pending", 0), ("text", "pending", 0)]
    assert [r.text for r in desk.conversation(ticket)].count(UNREACHABLE) == 1


@pytest.mark.parametrize("error", [TimedOut(), NetworkError("Bad Gateway"), RetryAfter(30)])
async def test_an_outage_waits_with_growing_pauses_then_everything_arrives_once(
        desk: Desk, clock: FakeClock, error: TelegramError) -> None:
    sender = FakeSender(error)
    relay = OperatorsRelay(desk, desk.config, sender, clock)
    ticket = ticket_with_topic(desk)
    desk.queue(ticket, "to_operators", USER, "", "text", "第一句", "user")
    desk.queue(ticket, "to_operators", USER, "", "text", "第二句", "user")
    desk.reply(ticket, str(GROUP), "", "text", "您好", "王")
    await relay.deliver_pending()
    tried = len(sender.calls)
    await relay.deliver_pending()                         # no time passed: nothing is tried again
    assert len(sender.calls) == tried
    for _round in range(12):                              # pauses grow: 2 s, 4 s ... then 5 minutes at most
        clock.advance(300)
        await relay.deliver_pending()
    card = statuses(desk, ticket)[0]
    assert card == ("card", "pending", 13)                # each failure counted, nothing given up
    clock.advance(299)
    await relay.deliver_pending()
    assert statuses(desk, ticket)[0] == card              # still within its pause
    sender.failing = None                                 # Telegram is back
    clock.advance(1)
    await relay.deliver_pending()
    assert [(thread, text) for _chat, thread, text in sender.posts if _chat == GROUP][1:] == [(5, "第一句\n第二句")]
    assert sender.texts(USER_CHAT) == ["您好", UNREACHABLE]   # each once
    assert {status for _kind, status, _n in statuses(desk, ticket)} == {"sent"}
    await relay.deliver_pending()
    assert len(sender.posts) == 4                         # card, the two lines, reply, notice: nothing twice


async def test_a_sender_that_refuses_everything_for_good_gives_each_message_up_once(
        desk: Desk, clock: FakeClock) -> None:
    sender = FakeSender(BadRequest("Wrong file identifier/http url specified"))
    relay = OperatorsRelay(desk, desk.config, sender, clock)
    ticket = ticket_with_topic(desk)
    desk.queue(ticket, "to_operators", USER, "7", "photo", "", "user")
    desk.reply(ticket, str(GROUP), "9", "document", "", "王")
    for _round in range(3):
        await relay.deliver_pending()
        clock.advance(300)
    # Card, photo and reply: one try each, then recorded as failed with Telegram's reason; a note for the
    # topic is tried after each (it fails too), and the user is never told the group is unreachable.
    assert sender.calls == ["send", "send", "copy", "send", "copy", "send"]
    rows = sql(desk.store, "SELECT kind, status, attempts, dst_message FROM relay WHERE ticket_id = ? ORDER BY id",
               (ticket,))
    assert [(r["kind"], r["status"], r["attempts"]) for r in rows] == [
        ("card", "failed", 0), ("photo", "failed", 0), ("document", "failed", 0)]
    assert all("Wrong file identifier" in r["dst_message"] for r in rows)
    assert desk.pending() == []


async def test_a_message_refused_for_good_is_skipped_with_a_note_and_the_next_goes_on(
        desk: Desk, clock: FakeClock) -> None:
    sender = FakeSender()
    relay = OperatorsRelay(desk, desk.config, sender, clock)
    ticket = ticket_with_topic(desk)
    desk.queue(ticket, "to_operators", USER, "7", "photo", "", "user")
    desk.queue(ticket, "to_operators", USER, "8", "document", "", "user")
    sender.fail_next["copy"] = BadRequest("Message to copy not found")
    await relay.deliver_pending()
    await relay.deliver_pending()
    assert sender.calls.count("copy") == 2                # the refused one is never tried again
    assert sender.copies == [(GROUP, 8, 5)]
    assert "[用户的一条消息没能转到这里：对方已经删除了这条消息]" in sender.texts(GROUP)
    assert [s[1] for s in statuses(desk, ticket)] == ["sent", "failed", "sent"]
    assert [r.text for r in desk.conversation(ticket)].count(UNREACHABLE) == 0   # the user hears no false alarm


async def test_an_operators_reply_to_a_user_who_blocked_the_bot_is_given_up_once(
        desk: Desk, clock: FakeClock) -> None:
    sender = FakeSender()
    sender.refused[USER_CHAT] = BLOCKED
    relay = OperatorsRelay(desk, desk.config, sender, clock)
    ticket = ticket_with_topic(desk)
    desk.reply(ticket, str(GROUP), "", "text", "您好", "王")
    await relay.deliver_pending()
    clock.advance(300)
    await relay.deliver_pending()
    to_user = [s for s in statuses(desk, ticket) if s[0] == "text"]
    assert to_user == [("text", "failed", 0)]
    assert sender.tried.count((USER_CHAT, "您好")) == 1                             # tried once, then given up
    assert "[用户屏蔽了机器人或删除了账号：这条消息没有送到用户那里]" in sender.texts(GROUP)   # the topic is told


async def test_a_deleted_topic_is_opened_again_and_the_message_sent_once(desk: Desk, clock: FakeClock) -> None:
    sender = FakeSender()
    relay = OperatorsRelay(desk, desk.config, sender, clock)
    ticket = ticket_with_topic(desk)
    desk.delivered(desk.pending()[0].id, "1")             # the card is in the old topic
    desk.queue(ticket, "to_operators", USER, "", "text", "还在吗", "user")
    sender.fail_next["send"] = BadRequest("Message thread not found")
    await relay.deliver_pending()
    await relay.deliver_pending()
    reopened = desk.get(ticket)
    new = reopened.topic_id if reopened else None
    assert sender.topics == ["#1 小李"] and new not in (None, 5)
    posts = [(thread, text) for chat, thread, text in sender.posts if chat == GROUP]
    assert posts[0][0] == new and "原来的话题被删除了" in posts[0][1] and "工单 #1" in posts[0][1]
    assert posts[1:] == [(new, "还在吗")]


async def test_forget_removes_the_topic_in_the_next_round(desk: Desk, clock: FakeClock) -> None:
    sender = FakeSender()
    relay = OperatorsRelay(desk, desk.config, sender, clock)
    ticket = ticket_with_topic(desk)
    relay.on_action(HandoffClosed(ticket, "forget", 5, GROUP), USER)
    assert sender.calls == []                             # the engine's turn sends nothing itself
    await relay.deliver_pending()
    await relay.deliver_pending()
    assert sender.calls.count("delete_topic") == 1
    assert any("/forget" in text for text in sender.texts(GROUP))


async def test_engine_and_relay_share_one_clock(make_engine: Callable[..., Engine], clock: FakeClock) -> None:
    """Acknowledgements, office hours and the operators' waiting times all follow the injected clock."""
    engine = make_engine(extra=f"handoff:\n  operators_chat_id: {GROUP}\n  ack_minutes: 3\n")
    sender = FakeSender()
    relay = OperatorsRelay(engine.desk, engine.config.handoff, sender, engine.clock)
    clock.advance(2 * 86400)                                  # Sunday afternoon in Beijing
    opened = engine.handle(Incoming(USER, text="/human", display_name="小李"))
    assert "下班时间" in "\n".join(r.text for r in opened)
    said = []
    for minute, text in enumerate(["我想离婚", "他不同意", "孩子归谁", "还在吗"]):
        clock.advance(60 if minute else 0)
        said.append("\n".join(r.text for r in engine.handle(Incoming(USER, text=text, ref=str(10 + minute))) if r.text))
    assert "明天 09:00 上班后回复你" in said[0]                # the first acknowledgement names the hours
    assert said[1:3] == ["", ""]                               # then quiet for ack_minutes
    assert said[3] == "已转给工作人员。"                        # three minutes later: once more, short
    await relay.deliver_pending()
    assert sender.topics == ["#1 小李"]
    clock.advance(12 * 60)
    await relay.on_message(operator_message("/tickets"))
    assert "#1 小李 · 等待回复，已等15分钟" in sender.texts(GROUP)[-1]
