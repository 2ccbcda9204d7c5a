"""Replies before the next long poll: a handler's first Bot API request is written before getUpdates is built."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Iterable
from typing import Any

import httpx

# Set in the task handling an update: the event its first written Bot API request sets.
_handling: contextvars.ContextVar[asyncio.Event | None] = contextvars.ContextVar("wuai_handling", default=None)
WAIT_AT_MOST = 0.025   # seconds the next long poll waits for a handler that cannot send yet (rate limit, retry)


class ReplyFirst:
    """Holds the next getUpdates until the updates just fetched have their first request on the wire.

    The polling loop and the handlers share one thread: building and sending the next long poll while a
    reply is being written delays that reply by the poll's own work (0.4-0.8 ms an update on this project's
    machine, `wuai bench --e2e`). Only the write is waited for, never Telegram's answer, so a network round
    trip adds nothing; a handler that cannot send at once (rate limit, retries) holds polling `wait_at_most`.
    The signal is httpx's documented `trace` request extension, installed by a request event hook.
    """

    def __init__(self, wait_at_most: float = WAIT_AT_MOST) -> None:
        self.wait_at_most = wait_at_most

    def httpx_kwargs(self) -> dict[str, Any]:
        """For the HTTPXRequest of the bot's calls (PTB's `httpx_kwargs`; not the getUpdates client)."""
        return {"event_hooks": {"request": [self._on_request]}}

    @staticmethod
    def handling(event: asyncio.Event) -> None:
        """In the task handling an update: its first Bot API request written sets `event`."""
        _handling.set(event)

    @staticmethod
    async def _on_request(request: httpx.Request) -> None:
        event = _handling.get()
        if event is None or event.is_set():
            return

        async def trace(name: str, _info: dict[str, Any]) -> None:
            if name.endswith("send_request_body.complete"):
                event.set()

        request.extensions["trace"] = trace

    async def wait(self, events: Iterable[asyncio.Event]) -> None:
        """Until every event is set, or `wait_at_most` seconds."""
        waiters = [asyncio.ensure_future(e.wait()) for e in events if not e.is_set()]
        if not waiters:
            return
        try:
            await asyncio.wait(waiters, timeout=self.wait_at_most)
        finally:   # also when polling is cancelled (a stop) while it waits
            for waiter in waiters:
                waiter.cancel()
