"""The Telegram channel's background work: the operators' relay rounds, hot reload of intents, the daily purge,
and the database's checkpoints."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3

from bot.app import Services
from bot.channels.inbox import StorageHealth
from bot.channels.operators import OperatorsRelay

log = logging.getLogger(__name__)
PURGE_EVERY = 86400.0
CHECKPOINT_EVERY = 1.0   # seconds between background checkpoints of the write-ahead log (Database.checkpoints_apart)


class Upkeep:
    """Three loops beside the updates; `stop()` ends them after the round in flight."""

    def __init__(self, services: Services, operators: OperatorsRelay, health: StorageHealth,
                 relay_interval: float, reload_interval: float) -> None:
        self.services, self.store, self.operators, self.health = services, services.store, operators, health
        self.relay_interval, self.reload_interval = relay_interval, reload_interval
        self.checkpoint_interval = CHECKPOINT_EVERY
        self._wake = asyncio.Event()
        self._running = False

    def start(self) -> None:
        """Let the loops run (the channel starts them as its own watched tasks)."""
        self._running = True

    def wake(self) -> None:
        """Start a relay round now: a message was queued for the operators or the user."""
        self._wake.set()

    def stop(self) -> None:
        self._running = False
        self._wake.set()

    async def relay_loop(self) -> None:
        # Not PTB's JobQueue (an extra dependency, APScheduler): a round starts at once when wake() is called
        # (a message was queued), never two rounds overlap, and the channel's stop() waits for the round in
        # flight, since cancelling between a send and its bookkeeping would send that message again after a restart.
        while self._running:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.relay_interval)
            self._wake.clear()
            try:
                await self.operators.deliver_pending()
            except asyncio.CancelledError:
                raise
            except sqlite3.Error as exc:
                await asyncio.sleep(self.health.failed("relaying", exc))
            except Exception as exc:  # keep relaying: a failed round is retried next time
                log.error("relay round failed: %s", type(exc).__name__)

    async def checkpoint_loop(self) -> None:
        """The write-ahead log copied into the database file in a worker thread, off the event loop."""
        self.store.checkpoints_apart()
        try:
            while self._running:
                await asyncio.sleep(self.checkpoint_interval)
                try:
                    # shielded: a checkpoint in flight finishes (the store's close waits for it)
                    await asyncio.shield(asyncio.to_thread(self.store.checkpoint_passive))
                except sqlite3.Error as exc:   # the log just grows until a checkpoint succeeds
                    log.warning("checkpoint failed: %s", type(exc).__name__)
        finally:   # the store may go on without the channel (tests, a restart in the same process)
            with contextlib.suppress(sqlite3.Error):
                self.store.checkpoints_apart(False)

    async def maintenance_loop(self) -> None:
        """Hot reload of intents (checked every few seconds) and the daily retention purge."""
        since_purge = PURGE_EVERY
        while self._running:
            if self.store.missing():
                if self.store.rescue():
                    log.error("the database file %s was deleted while open: written back from the open connection",
                              self.store.path)
                else:
                    self.health.stop(f"the database file {self.store.path} was deleted or moved")
            try:
                if since_purge >= PURGE_EVERY:
                    privacy = self.services.config.privacy
                    removed = self.store.purge(privacy.retention_days, privacy.unanswered_retention_days)
                    log.info("retention purge removed %d rows", removed)
                    since_purge = 0.0
                await self.reload_if_changed()
            except asyncio.CancelledError:
                raise
            except sqlite3.Error as exc:
                self.health.failed("purging old data", exc)
            except Exception as exc:  # a reload or purge that failed is tried again next time
                log.error("maintenance failed: %s", type(exc).__name__)
            await asyncio.sleep(self.reload_interval)
            since_purge += self.reload_interval

    async def reload_if_changed(self, force: bool = False) -> str | None:
        """Load the intent files again if they changed (or when forced); the operators hear of a refusal."""
        library = self.services.library
        if not force and not library.changed():
            return None
        result = library.reload()
        if result.swapped:
            log.info("intents reloaded (%d)", result.count)
        else:
            for problem in result.problems:
                log.warning("intent reload refused: %s", problem)
            await self.operators.notify(result.summary())
        return result.summary()
