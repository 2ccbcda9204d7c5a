"""The neutral messages between channels and the engine: one Incoming in, Replies out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.media import Media
from bot.normalize import scrub
from bot.protocol import Action, Payload, RunCommand, encode, parse

Kind = Literal["text", "button", "voice", "video_note", "audio", "sticker", "video", "photo", "document",
               "location", "contact", "other"]

_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")   # text direction controls
_LINKY = str.maketrans({"@": "＠", ".": "．", ":": "："})                   # full-width look-alikes


def safe_name(name: str) -> str:
    """A person's name as staff see it: no direction controls (they made a topic '#3 …' read '#3 工单 #1'),
    and no '@', '.' or ':' for Telegram to turn into a mention or a link."""
    return _BIDI.sub("", name).translate(_LINKY)


@dataclass(frozen=True)
class Attachment:
    """A file the user sent, kept by reference for the human handoff."""

    kind: str
    file_id: str
    file_name: str = ""


@dataclass(frozen=True)
class Incoming:
    """One user message as any channel sees it."""

    user_id: str
    text: str = ""
    kind: Kind = "text"
    payload: str = ""   # a pressed button's data as it came in; `pressed` reads it
    display_name: str = ""
    location: tuple[float, float] | None = None
    attachment: Attachment | None = None
    ref: str = ""  # the channel's own message id, so a handoff can copy the original
    forwarded_from: str = ""   # who first wrote a forwarded message: the operators must not take it as the user's

    def __post_init__(self) -> None:
        # Undecodable input (lone surrogates) could be neither matched nor stored: made valid here, once.
        for name in ("user_id", "text", "payload", "display_name", "ref", "forwarded_from"):
            object.__setattr__(self, name, scrub(getattr(self, name)))
        for name in ("display_name", "forwarded_from"):   # shown to the operators, never matched
            object.__setattr__(self, name, safe_name(getattr(self, name)))

    @property
    def pressed(self) -> Payload | None:
        """The pressed button's payload; None for a typed message, or a button stale, forged or malformed."""
        return parse(self.payload) if self.payload else None


def command(msg: Incoming) -> str:
    """The /command a message carries, typed (lower case, without @botname) or from a c:/ button; '' if none."""
    text = msg.text.strip()
    if text.startswith("/"):
        return text.split()[0].split("@")[0].lower()
    pressed = msg.pressed
    return pressed.text if isinstance(pressed, RunCommand) else ""


@dataclass(frozen=True)
class Button:
    label: str
    data: Payload

    @property
    def payload(self) -> str:
        """What the button carries on the wire (Telegram's callback_data)."""
        return encode(self.data)


@dataclass(frozen=True)
class Document:
    """A file to send, e.g. the checklist as plain text the user can save or print."""

    file_name: str
    content: bytes
    caption: str = ""


@dataclass(frozen=True)
class Reply:
    text: str = ""
    buttons: tuple[tuple[Button, ...], ...] = ()
    document: Document | None = None
    actions: tuple[Action, ...] = ()   # for the channel besides showing text (bot.protocol)
    media: Media | None = None   # a sign-language video or a picture, sent after the text
    intent: str = ""   # the intent this reply answers (for the transcript and the operators), if any

    def button_list(self) -> list[Button]:
        return [b for row in self.buttons for b in row]


def rows(buttons: list[Button], per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    """Lay buttons out in rows; long labels get a row of their own."""
    out: list[tuple[Button, ...]] = []
    row: list[Button] = []
    for button in buttons:
        if len(button.label) > 8:
            if row:
                out.append(tuple(row))
                row = []
            out.append((button,))
            continue
        row.append(button)
        if len(row) == per_row:
            out.append(tuple(row))
            row = []
    if row:
        out.append(tuple(row))
    return tuple(out)


@dataclass(frozen=True)
class Turn:
    """What the engine did with one message: the replies, and the intent it answered ('' when none)."""

    replies: list[Reply]
    answered: str = ""

    @classmethod
    def of(cls, replies: list[Reply]) -> Turn:
        return cls(replies, answered(replies))


def answered(replies: list[Reply]) -> str:
    """The intent the first answering reply is for ('' when none of them answers one)."""
    return next((r.intent for r in replies if r.intent), "")
