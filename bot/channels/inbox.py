"""What comes in from Telegram is kept safely: updates stored masked, storage failures counted."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from telegram import Message, Update

from bot.privacy import mask

log = logging.getLogger(__name__)
TEXT_FIELDS = frozenset({"text", "caption"})


def is_service(message: Message) -> bool:
    """A service message (a pin, a topic closed or renamed, members joining): nothing a person wrote."""
    return message.text is None and message.effective_attachment is None


def _plain(value: object) -> object:
    """JSON for what python-telegram-bot keeps as objects (e.g. an inaccessible message's date)."""
    if isinstance(value, datetime):
        return int(value.timestamp())
    return str(value)


def _masked(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: mask(v) if k in TEXT_FIELDS and isinstance(v, str) else _masked(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def encode(update: Update) -> str:
    """The update as JSON for the inbox, with phone and ID numbers in texts and captions masked."""
    return json.dumps(_masked(update.to_dict()), default=_plain, ensure_ascii=False)


class StorageHealth:
    """How long the database has been failing; past `give_up_after` seconds the channel stops for a restart."""

    def __init__(self, give_up_after: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.give_up_after, self.clock = give_up_after, clock
        self.since: float | None = None
        self.failures = 0
        self.reason = ""
        self.fatal = asyncio.Event()

    def failed(self, doing: str, exc: BaseException) -> float:
        """Log one failure; returns how long to wait before trying again."""
        now = self.clock()
        if self.since is None:
            self.since = now
        self.failures += 1
        self.reason = f"{type(exc).__name__}: {exc}"   # sqlite messages name no user data
        delay = min(0.5 * float(2 ** min(self.failures - 1, 8)), 30.0)
        log.error("storage error while %s (%s); retrying in %.1fs", doing, self.reason, delay)
        if now - self.since >= self.give_up_after:
            self.stop(f"the database kept failing for {now - self.since:.0f}s ({self.reason})")
        return delay

    def ok(self) -> None:
        if self.since is not None:
            log.info("storage works again after %d failure(s)", self.failures)
        self.since, self.failures = None, 0

    def stop(self, reason: str) -> None:
        """Ask the channel to stop and the process to exit non-zero (the service manager restarts it)."""
        if not self.fatal.is_set():
            log.critical("%s: stopping so the service manager restarts the bot", reason)
            self.reason = reason
            self.fatal.set()
