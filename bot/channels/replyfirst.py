"""Replies before the next long poll: a handler's first Bot API request is written before getUpdates is built."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable, Iterable
from typing import Any

import httpx

# Set in the task handling an update: its first written Bot API request marks it.
_handling: contextvars.ContextVar[Handling | None] = contextvars.ContextVar("wuai_handling", default=None)
WAIT_AT_MOST = 0.025   # seconds the next long poll waits for a handler that cannot send yet (rate limit, retry)


class Handling:
    """One update's handler: `written` once its first Bot API request is on the wire, or it ended."""

    __slots__ = ("_waiter", "written")

    def __init__(self) -> None:
        self.written = False
        self._waiter: Callable[[], None] | None = None

    def set(self) -> None:
        if not self.written:
            self.written = True
            if self._waiter is not None:
                self._waiter()


class ReplyFirst:
    """Holds the next getUpdates until the updates just fetched have their first request on the wire.

    The polling loop and the handlers share one thread: building and sending the next long poll while a
    reply is being written delays that reply by the poll's own work (0.4-0.6 ms an update on this project's
    machine, README "Performance"). Only the write is waited for, never Telegram's answer, so a network round
    trip adds nothing; a handler that cannot send at once (rate limit, retries) holds polling `wait_at_most`.
    The signal is httpx's documented `trace` request extension, installed by a request event hook.
    """

    def __init__(self, wait_at_most: float = WAIT_AT_MOST) -> None:
        self.wait_at_most = wait_at_most

    def httpx_kwargs(self) -> dict[str, Any]:
        """For the HTTPXRequest of the bot's calls (PTB's `httpx_kwargs`; not the getUpdates client)."""
        return {"event_hooks": {"request": [self._on_request]}}

    @staticmethod
    def handling(handling: Handling) -> None:
        """In the task handling an update: its first Bot API request written sets `handling`."""
        _handling.set(handling)

    @staticmethod
    async def _on_request(request: httpx.Request) -> None:
        handling = _handling.get()
        if handling is None or handling.written:
            return

        async def trace(name: str, _info: dict[str, Any]) -> None:
            if name.endswith("send_request_body.complete"):
                handling.set()
                # httpcore reads the extension at each later step of this request: from here on it calls nothing
                request.extensions.pop("trace", None)

        request.extensions["trace"] = trace

    async def wait(self, handlings: Iterable[Handling]) -> None:
        """Until every handler has written its first request (or ended), or `wait_at_most` seconds.

        One future and one timer, no task: the polling loop resumes on the loop's next round.
        """
        pending = [h for h in handlings if not h.written]
        if not pending:
            return
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        left = len(pending)

        def one_written() -> None:
            nonlocal left
            left -= 1
            if left == 0 and not done.done():
                done.set_result(None)

        def expired() -> None:
            if not done.done():
                done.set_result(None)

        for handling in pending:
            handling._waiter = one_written
        timer = loop.call_later(self.wait_at_most, expired)
        try:
            await done
        finally:   # also when polling is cancelled (a stop) while it waits
            timer.cancel()
            for handling in pending:
                handling._waiter = None
