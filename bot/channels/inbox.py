"""What comes in from Telegram: read as the engine's Incoming, stored masked, storage failures counted."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from telegram import (
    CallbackQuery,
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
    Update,
)
from telegram.request import HTTPXRequest

from bot import texts
from bot.messages import Attachment, Incoming, Kind
from bot.privacy import mask

log = logging.getLogger(__name__)
JSONDict = dict[str, Any]
TEXT_FIELDS = frozenset({"text", "caption"})
PLAIN_KINDS: tuple[tuple[str, Kind], ...] = (("voice", "voice"), ("video_note", "video_note"), ("audio", "audio"),
                                             ("sticker", "sticker"), ("video", "video"), ("contact", "contact"))


def user_key(chat_id: int) -> str:
    return f"tg:{chat_id}"


def chat_of(user_id: str) -> int | None:
    """The Telegram chat of one of our user ids (None for users of other channels)."""
    prefix, _, raw = user_id.partition(":")
    return int(raw) if prefix == "tg" and raw.lstrip("-").isdigit() else None


def webhook_path(configured: str, token: str) -> str:
    """The configured path, or one derived from the token: stable across restarts, not guessable."""
    return configured or hashlib.sha256(f"wuai-webhook:{token}".encode()).hexdigest()[:32]


def incoming_from_message(message: Message) -> Incoming:
    """A Telegram message as the engine's neutral Incoming."""
    user = message.from_user
    base: dict[str, Any] = {"user_id": user_key(message.chat.id), "ref": str(message.message_id),
                            "display_name": user.full_name if user else "", "forwarded_from": forwarded_from(message)}
    if message.text is not None:
        return Incoming(text=message.text, **base)
    if message.location is not None:
        return Incoming(kind="location", location=(message.location.latitude, message.location.longitude), **base)
    if message.photo:
        photo = message.photo[-1]
        return Incoming(kind="photo", text=message.caption or "", attachment=Attachment("photo", photo.file_id), **base)
    if message.document is not None:
        doc = message.document
        return Incoming(kind="document", text=message.caption or "",
                        attachment=Attachment("document", doc.file_id, doc.file_name or ""), **base)
    for attribute, kind in PLAIN_KINDS:
        if getattr(message, attribute, None):
            return Incoming(kind=kind, **base)
    return Incoming(kind="other", **base)


def forwarded_from(message: Message) -> str:
    """Who first wrote a forwarded message, as Telegram names them; '' for the user's own message."""
    origin = message.forward_origin
    if origin is None:
        return ""
    name = ""
    if isinstance(origin, MessageOriginUser):
        name = origin.sender_user.full_name
    elif isinstance(origin, MessageOriginHiddenUser):
        name = origin.sender_user_name
    elif isinstance(origin, MessageOriginChat):
        name = origin.sender_chat.title or ""
    elif isinstance(origin, MessageOriginChannel):
        name = origin.chat.title or ""
    return name or texts.OPS_FORWARDED_SOMEONE


def button_label(query: CallbackQuery) -> str:
    """The label of the pressed button, read from the message it belongs to."""
    message = query.message
    markup = getattr(message, "reply_markup", None)
    for row in getattr(markup, "inline_keyboard", ()) or ():
        for button in row:
            if button.callback_data == query.data:
                return str(button.text)
    return ""


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


def encode(update: Update, sent: JSONDict | None = None) -> str:
    """The update as JSON for the inbox, with phone and ID numbers in texts and captions masked.

    `sent`: the update as the Bot API sent it, when known; PTB's `to_dict` rebuilds the same from its objects
    at several times the cost, on the way to the first reply.
    """
    return json.dumps(_masked(update.to_dict() if sent is None else sent), default=_plain, ensure_ascii=False)


class KeptUpdates(HTTPXRequest):
    """The HTTP client of getUpdates (ApplicationBuilder.get_updates_request), keeping each update as sent.

    PTB documents `parse_json_payload` as the place to customise reading the Bot API's answers, and leaves
    the parsed data unaltered when it builds its objects from it (TelegramObject._parse_data).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._sent: dict[int, JSONDict] = {}

    # A static method in BaseRequest, called on the instance (self.parse_json_payload): this one keeps state.
    def parse_json_payload(self, payload: bytes) -> JSONDict:  # type: ignore[override]
        data = super().parse_json_payload(payload)
        result = data.get("result")
        if isinstance(result, list):   # only the latest batch: each update is taken once the inbox stores it
            self._sent = {u["update_id"]: u for u in result
                          if isinstance(u, dict) and isinstance(u.get("update_id"), int)}
        return data

    def take(self, update_id: int) -> JSONDict | None:
        """The update of the latest getUpdates answer as sent, once (None if unknown)."""
        return self._sent.pop(update_id, None)


class StorageHealth:
    """How long the database has been failing; past `give_up_after` seconds the channel stops for a restart."""

    def __init__(self, give_up_after: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.give_up_after, self.clock = give_up_after, clock
        self.since: float | None = None
        self.failures = 0
        self.reason = ""
        self.fatal = asyncio.Event()
        self.first_pause = 0.5   # seconds before the first retry; doubles with each failure up to 30 s

    def failed(self, doing: str, exc: BaseException) -> float:
        """Log one failure; returns how long to wait before trying again."""
        now = self.clock()
        if self.since is None:
            self.since = now
        self.failures += 1
        self.reason = f"{type(exc).__name__}: {exc}"   # sqlite messages name no user data
        delay = min(self.first_pause * float(2 ** min(self.failures - 1, 8)), 30.0)
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
