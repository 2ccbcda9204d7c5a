"""Updates run one at a time per chat (order kept), many chats at once; a stop waits for those in flight."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger(__name__)


# Why not python-telegram-bot's own (ApplicationBuilder().concurrent_updates(processor) with a
# BaseUpdateProcessor subclass holding a lock per chat): its process_update is final and takes the
# concurrency slot *before* do_process_update, so an update waiting for its chat's lock holds a slot.
# One user who sends more messages at once than there are slots stalls every other chat: with 4 slots,
# 20 updates of one chat (50 ms each) and then one of another chat, the other chat is done after 0.91 s
# there and after 0.05 s here (lock first, then slot). It also only sees updates that pass through the
# Application's update queue, which the inbox's polling loop bypasses (telegram.py), while a restart's
# resent replies (not updates) must queue in their chat's order too, and a stop must leave the updates
# not started in the inbox and wait for those in flight with a timeout.
class Ordered:
    """Schedules each update's work behind the earlier ones of its chat, at most `max_concurrency` at once."""

    def __init__(self, max_concurrency: int) -> None:
        # Weak: a chat's lock lives only while one of its updates is queued or running.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self._slots = asyncio.Semaphore(max_concurrency)
        self._tasks: set[asyncio.Task[None]] = set()
        self._waiting: dict[int, asyncio.Task[None]] = {}   # scheduled, not started

    def run(self, update_id: int, chat_id: int, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(self._in_order(update_id, chat_id, work))
        self._tasks.add(task)
        self._waiting[update_id] = task
        task.add_done_callback(self._tasks.discard)

    async def _in_order(self, update_id: int, chat_id: int, work: Coroutine[Any, Any, None]) -> None:
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = self._locks[chat_id] = asyncio.Lock()
        started = False
        try:
            async with lock, self._slots:
                self._waiting.pop(update_id, None)   # started: from here on it runs to the end
                started = True
                await work
        finally:
            if not started:
                work.close()   # cancelled before it started

    def waiting(self, update_id: int) -> bool:
        """Scheduled behind its chat's earlier updates (or all slots busy), not started."""
        return update_id in self._waiting

    def drop_waiting(self) -> None:
        """Cancel updates not started yet: they stay in the inbox for the next start."""
        for update_id, task in list(self._waiting.items()):
            task.cancel()
            log.info("update %d left for the next start", update_id)

    async def drain(self, timeout: float) -> None:
        """Let the updates in flight finish; after `timeout` the rest are cancelled (resent after a restart)."""
        if not self._tasks:
            return
        log.info("finishing %d update(s) in flight", len(self._tasks))
        _done, late = await asyncio.wait(list(self._tasks), timeout=timeout)
        for task in late:   # e.g. a reply waiting out a Telegram outage
            task.cancel()
        if late:
            log.warning("%d update(s) left for the next start", len(late))
        await asyncio.gather(*late, return_exceptions=True)
