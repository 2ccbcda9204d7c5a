"""Sending an answer's video or picture in Telegram: uploaded once, then sent again by its file id."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from telegram import Message
from telegram.error import BadRequest, TelegramError

from bot.channels import tgsend
from bot.media import Media
from bot.store import Store

log = logging.getLogger(__name__)
UPLOAD_SECONDS = 120.0


def _file_id(message: Message, media: Media) -> str:
    if media.kind == "video":
        return message.video.file_id if message.video else ""
    return message.photo[-1].file_id if message.photo else ""


async def _send(bot: Any, chat_id: int, media: Media, source: Any, thread_id: int | None) -> Message:
    method = bot.send_video if media.kind == "video" else bot.send_photo
    # An upload of up to 50 MB needs longer than a text message; a file id or URL is quick.
    extra = {"write_timeout": UPLOAD_SECONDS} if isinstance(source, Path) else {}
    message: Message = await tgsend.call(
        lambda: method(chat_id, source, caption=media.caption or None, message_thread_id=thread_id, **extra),
        what="sendVideo" if media.kind == "video" else "sendPhoto")
    return message


async def send_media(bot: Any, store: Store, chat_id: int, media: Media, thread_id: int | None = None) -> bool:
    """Send one video or picture with its caption. Never raises: the text answer has already been sent."""
    key = media.cache_key()
    if key is None:
        log.warning("media file missing, answer sent without it: %s", media.shown)
        return False
    try:
        cached = store.media_file_id(key)
        if cached:
            try:
                await _send(bot, chat_id, media, cached, thread_id)
                return True
            except BadRequest:   # e.g. another bot token: the id is not ours to use, upload again
                store.forget_media(key)
        # A Path is read again on each retry; a URL is fetched by Telegram itself.
        source = media.location if media.is_url else Path(media.location)
        message = await _send(bot, chat_id, media, source, thread_id)
        file_id = _file_id(message, media)
        if file_id:
            store.remember_media(key, file_id)
        return True
    except (TelegramError, OSError) as exc:
        log.warning("sending %s failed (%s); the text answer was sent", media.kind, type(exc).__name__)
        return False
