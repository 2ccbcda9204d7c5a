"""Replies as stored with the state and as sent: one item per Bot API call, in order, retried to a horizon."""

from __future__ import annotations

import asyncio

from telegram.error import BadRequest, Forbidden, NetworkError

from bot.channels.outbox import Item, Outbox, dumps, flatten, loads
from bot.channels.replysender import Rows
from bot.media import Media
from bot.messages import Button, Reply, rows
from bot.protocol import RunCommand, ShowIntent


class Sender:
    """A ReplySender that records what went out and raises what it is told to, call after call."""

    def __init__(self, *failures: Exception) -> None:
        self.failures = list(failures)
        self.sent: list[tuple[str, int, str]] = []

    def _next(self) -> None:
        if self.failures:
            raise self.failures.pop(0)

    async def text(self, chat_id: int, text: str, buttons: Rows | None = None) -> None:
        self._next()
        self.sent.append(("text", chat_id, text))

    async def document(self, chat_id: int, file_name: str, content: bytes, caption: str = "") -> None:
        self._next()
        self.sent.append(("document", chat_id, f"{file_name}:{content.decode()}:{caption}"))

    async def media(self, chat_id: int, media: Media) -> None:
        self.sent.append(("media", chat_id, media.shown))


class Clock:
    """Time that moves only when read: each look costs `step` seconds."""

    def __init__(self, step: float) -> None:
        self.now, self.step = 0.0, step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def outbox(sender: Sender, clock: Clock | None = None) -> tuple[Outbox, list[tuple[int, int]]]:
    noted: list[tuple[int, int]] = []
    box = Outbox(sender, lambda update_id, sent: noted.append((update_id, sent)), horizon=100.0,
                 clock=clock or Clock(0.0))
    box.retry_delay, box.attempts = 0.001, 1
    return box, noted


ITEMS: list[Item] = [{"text": "一"}, {"document": "起诉状.docx", "content": "5paH", "caption": "草稿"},
                     {"media": "video", "location": "x.mp4", "caption": "", "shown": "手语视频"}, {"text": "二"}]


def test_items_keep_the_buttons_on_the_last_part_and_read_back() -> None:
    reply = Reply("第一段\n\n" + "字" * 4000, rows([Button("找法院", RunCommand("/court")),
                                                Button("怎么立案", ShowIntent("filing.how"))], 2))
    items = flatten([reply])
    assert len(items) == 2 and "buttons" not in items[0] and len(items[1]["buttons"][0]) == 2
    assert loads(dumps(items)) == items
    assert loads("not json") == [] and loads('{"a": 1}') == [] and loads("") == []


def test_replies_go_in_order_and_the_store_hears_how_far_from_where_a_restart_left_off() -> None:
    sender = Sender()
    box, noted = outbox(sender)
    asyncio.run(box.send(7, ITEMS, update_id=3, start=1))
    assert sender.sent == [("document", 7, "起诉状.docx:文:草稿"), ("media", 7, "手语视频"), ("text", 7, "二")]
    assert noted == [(3, 2), (3, 3)]   # the last one is the update's finish, not progress


def test_network_errors_are_retried_until_the_horizon_of_the_injected_clock() -> None:
    sender = Sender(NetworkError("down"), NetworkError("down"))
    box, _ = outbox(sender)
    asyncio.run(box.send(7, [{"text": "一"}]))
    assert sender.sent == [("text", 7, "一")]   # came back within the horizon
    sender = Sender(*[NetworkError("down")] * 50)
    box, _ = outbox(sender, Clock(40.0))   # 100 s of horizon pass in a few looks at the clock
    asyncio.run(box.send(7, [{"text": "一"}, {"text": "二"}]))
    assert sender.sent == [] and len(sender.failures) == 50 - 6   # given up on each after the horizon


def test_a_refused_reply_is_skipped_and_a_blocked_bot_stops_the_rest() -> None:
    sender = Sender(BadRequest("message is too long"))
    box, _ = outbox(sender)
    asyncio.run(box.send(7, [{"text": "一"}, {"text": "二"}]))
    assert sender.sent == [("text", 7, "二")]
    sender = Sender(Forbidden("bot was blocked by the user"))
    box, _ = outbox(sender)
    asyncio.run(box.send(7, [{"text": "一"}, {"text": "二"}]))
    assert sender.sent == []
