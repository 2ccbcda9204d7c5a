"""Replies kept with the state until Telegram accepts them: resent after a restart, retried through outages."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import sqlite3
import time
from collections.abc import Callable
from typing import Any

from telegram.error import BadRequest, Forbidden, TelegramError

from bot.channels import tgsend
from bot.channels.replysender import ReplySender
from bot.media import Media
from bot.messages import Reply

log = logging.getLogger(__name__)
Item = dict[str, Any]


def flatten(replies: list[Reply]) -> list[Item]:
    """One item per Bot API call: long texts split at paragraphs, buttons on the last part."""
    items: list[Item] = []
    for reply in replies:
        chunks = tgsend.split_text(reply.text)
        for n, chunk in enumerate(chunks):
            item: Item = {"text": chunk}
            if n == len(chunks) - 1 and reply.buttons:
                item["buttons"] = [[[b.label, b.payload] for b in row] for row in reply.buttons]
            items.append(item)
        if reply.document is not None:
            doc = reply.document
            items.append({"document": doc.file_name, "content": base64.b64encode(doc.content).decode("ascii"),
                          "caption": doc.caption})
        if reply.media is not None:   # after the text: a failed upload never holds the answer back
            media = reply.media
            items.append({"media": media.kind, "location": media.location, "caption": media.caption,
                          "shown": media.shown})
    return items


def dumps(items: list[Item]) -> str:
    return json.dumps(items, ensure_ascii=False)


def loads(raw: str) -> list[Item]:
    try:
        items = json.loads(raw) if raw else []
    except ValueError:
        return []
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


class Outbox:
    """Sends an update's replies in order; after each accepted one the store knows how far it got.

    Errors Telegram reports as permanent skip that reply; network errors and 5xx are retried for `horizon`
    seconds (an outage longer than tgsend's own retries), then the reply is given up and logged.
    """

    def __init__(self, sender: ReplySender, progress: Callable[[int, int], None], horizon: float = 3600.0,
                 on_storage_error: Callable[[str, BaseException], float] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.sender, self.progress, self.horizon, self.clock = sender, progress, horizon, clock
        self.on_storage_error = on_storage_error
        self.retry_delay = 2.0   # first pause after tgsend's own quick retries failed; doubles up to 2 minutes
        self.attempts = 6        # tgsend's quick retries per round (about 10 s)
        self.quick_delay = 0.3   # tgsend's first pause between its quick retries; doubles up to 10 s

    async def send(self, chat_id: int, items: list[Item], update_id: int | None = None, start: int = 0) -> None:
        for n in range(start, len(items)):
            if not await self._send_one(chat_id, items[n]):
                return
            if update_id is not None and n + 1 < len(items):
                self._progress(update_id, n + 1)

    def _progress(self, update_id: int, sent: int) -> None:
        try:
            self.progress(update_id, sent)
        except sqlite3.Error as exc:   # only costs a duplicate after a restart: never re-run the engine for it
            if self.on_storage_error is not None:
                self.on_storage_error("noting a sent reply", exc)

    async def _send_one(self, chat_id: int, item: Item) -> bool:
        """False when nothing more can reach this chat (the user blocked the bot)."""
        if "media" in item:   # never raises: the text answer went out before it
            media = Media(item["media"], item.get("location", ""), item.get("caption", ""), item.get("shown", ""))
            await self.sender.media(chat_id, media)
            return True
        deadline = self.clock() + self.horizon
        delay = self.retry_delay
        while True:
            try:
                await tgsend.call(lambda: self._call(chat_id, item), attempts=self.attempts,
                                  base_delay=self.quick_delay, what="reply")
                return True
            except Forbidden:
                log.info("a user blocked the bot: replies to them dropped")
                return False
            except BadRequest as exc:
                log.warning("reply refused by Telegram (%s): skipped", exc.message)
                return True
            except TelegramError as exc:   # network errors, 5xx, 429: Telegram may come back
                if self.clock() + delay > deadline:
                    log.error("gave up on a reply after %.0fs of %s", self.horizon, type(exc).__name__)
                    return True
                log.warning("reply not delivered yet (%s): retrying in %.0fs", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 120.0)

    async def _call(self, chat_id: int, item: Item) -> None:
        if "document" in item:
            content = base64.b64decode(item.get("content", ""))
            await self.sender.document(chat_id, item["document"], content, item.get("caption") or "")
        else:
            await self.sender.text(chat_id, item.get("text", ""), item.get("buttons"))
