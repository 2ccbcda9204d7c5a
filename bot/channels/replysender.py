"""The Bot API calls the outbox makes for a user's answers, and python-telegram-bot's Bot behind them."""

from __future__ import annotations

import functools
import json
from typing import Any, Protocol

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile

from bot.channels import tgmedia
from bot.media import Media
from bot.store import Store

Rows = list[list[list[str]]]   # the stored form of a keyboard: rows of [label, callback data]


class ReplySender(Protocol):
    """What the outbox sends, one Bot API call each. `text` and `document` raise `telegram.error` exceptions.

    Production passes `BotReplies`; tests pass a fake that records calls or fails on request.
    """

    async def text(self, chat_id: int, text: str, buttons: Rows | None = None) -> None: ...

    async def document(self, chat_id: int, file_name: str, content: bytes, caption: str = "") -> None: ...

    async def media(self, chat_id: int, media: Media) -> None:
        """A video or picture after the text answer; never raises (the answer went out already)."""
        ...


def markup(buttons: Rows | None) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return _keyboard(tuple(tuple((label, data) for label, data in row) for row in buttons))


# The same answers carry the same buttons; PTB's objects are immutable, and building nine of them cost
# about as much as matching the question.
@functools.lru_cache(maxsize=512)
def _keyboard(rows: tuple[tuple[tuple[str, str], ...], ...]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data) for label, data in row]
                                 for row in rows])


@functools.lru_cache(maxsize=512)
def _encoded(rows: tuple[tuple[tuple[str, str], ...], ...]) -> str:
    return json.dumps(_keyboard(rows).to_dict())


def encoded_markup(buttons: Rows | None) -> str | None:
    """The keyboard as the `reply_markup` parameter PTB would send for `markup(buttons)`: the same JSON text.

    Kept per set of buttons and passed through PTB's documented `api_kwargs`: serialising the keyboard's
    objects again for every reply cost about 0.07 ms of each answer's way out (README "Performance").
    """
    if not buttons:
        return None
    return _encoded(tuple(tuple((label, data) for label, data in row) for row in buttons))


class BotReplies:
    """`ReplySender` on a python-telegram-bot Bot (the outbox retries; media keep their file ids in the store)."""

    def __init__(self, bot: Any, store: Store) -> None:
        self.bot, self.store = bot, store

    async def text(self, chat_id: int, text: str, buttons: Rows | None = None) -> None:
        keyboard = encoded_markup(buttons)
        await self.bot.send_message(chat_id, text, api_kwargs={"reply_markup": keyboard} if keyboard else None)

    async def document(self, chat_id: int, file_name: str, content: bytes, caption: str = "") -> None:
        await self.bot.send_document(chat_id, InputFile(content, filename=file_name), caption=caption or None)

    async def media(self, chat_id: int, media: Media) -> None:
        await tgmedia.send_media(self.bot, self.store, chat_id, media)
