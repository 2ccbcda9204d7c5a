"""A local stand-in for the Telegram Bot API, for end-to-end tests with the real python-telegram-bot.

Point an ``Application`` at it with
``ApplicationBuilder().token(api.token).base_url(api.base_url).base_file_url(api.base_file_url)``.

What it does, in short:

* speaks the Bot API wire protocol (JSON, url-encoded and multipart bodies, ``{"ok": ...}`` envelopes,
  Telegram's HTTP status codes and error descriptions), so PTB maps errors to the same exceptions it
  raises against the real server;
* keeps Telegram-like state: chats, users, per-chat message ids shared by user and bot messages,
  forum topics, uploaded files (served under ``base_file_url``), pending updates with ``getUpdates``
  offset confirmation and long polling, HTML / MarkdownV2 / Markdown entity parsing with Telegram's
  "can't parse entities" errors;
* records every request as a :class:`Call` and every message the bot managed to send, and lets tests
  wait for them (:meth:`FakeBotApi.wait_for`, :meth:`FakeBotApi.wait_for_sent`) instead of sleeping;
* injects faults: HTTP errors, 429 flood control, delays (client time-outs), dropped connections, seeded
  random failures, blocked or unreachable chats.  Injected faults never create messages unless a
  ``deliver=True`` fault explicitly simulates "delivered, but the client never saw the answer".

Run by hand: ``python -m tests.botapi.server --port 8081 --token 123:ABC``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import copy
import html
import inspect
import json
import logging
import mimetypes
import random
import re
import sys
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "Call",
    "FakeBotApi",
    "StoredFile",
    "UploadedFile",
    "WaitTimeout",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
]

JSONDict = dict[str, Any]
_T = TypeVar("_T")

DEFAULT_TOKEN = "123456:TEST-TOKEN"
GENERAL_TOPIC_ID = 1
DEFAULT_TOPIC_COLOR = 7322096
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024

_LOGGER = logging.getLogger(__name__)

# Parameters whose form-encoded value is a plain string and must never be JSON-decoded
# (PTB JSON-encodes every non-string parameter and sends strings verbatim).
_STRING_PARAMS = frozenset(
    {
        "action",
        "address",
        "animation",
        "audio",
        "business_connection_id",
        "button_text",
        "callback_query_id",
        "caption",
        "certificate",
        "currency",
        "custom_emoji_id",
        "custom_title",
        "description",
        "document",
        "emoji",
        "explanation",
        "file_id",
        "first_name",
        "foursquare_id",
        "foursquare_type",
        "google_place_id",
        "google_place_type",
        "icon_custom_emoji_id",
        "inline_message_id",
        "invite_link",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "parse_mode",
        "payload",
        "phone_number",
        "photo",
        "provider_token",
        "query",
        "question",
        "secret_token",
        "short_description",
        "start_parameter",
        "sticker",
        "sticker_set_name",
        "text",
        "thumbnail",
        "title",
        "url",
        "vcard",
        "video",
        "video_note",
        "voice",
    }
)

# Methods that a ``fail_rate(None, ...)`` rule leaves alone (polling and bootstrap).
_RANDOM_FAULT_EXEMPT = frozenset(
    {"getUpdates", "getMe", "deleteWebhook", "setWebhook", "getWebhookInfo", "close", "logOut"}
)

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

_INLINE_BUTTON_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)

# Message keys that are "content" (copied by copyMessage / forwardMessage).
_CONTENT_KEYS = (
    "text",
    "entities",
    "caption",
    "caption_entities",
    "photo",
    "document",
    "voice",
    "audio",
    "video",
    "video_note",
    "animation",
    "sticker",
    "location",
    "contact",
    "venue",
    "poll",
    "dice",
    "show_caption_above_media",
    "has_media_spoiler",
    "link_preview_options",
)

# kind -> (file_id prefix, file_path directory, default extension, default mime type)
_FILE_KINDS: dict[str, tuple[str, str, str, str | None]] = {
    "document": ("BQACAgIAAxkBAAI", "documents", "", None),
    "photo": ("AgACAgIAAxkBAAI", "photos", ".jpg", "image/jpeg"),
    "voice": ("AwACAgIAAxkBAAI", "voice", ".oga", "audio/ogg"),
    "audio": ("CQACAgIAAxkBAAI", "music", ".mp3", "audio/mpeg"),
    "video": ("BAACAgIAAxkBAAI", "videos", ".mp4", "video/mp4"),
    "video_note": ("DQACAgIAAxkBAAI", "video_notes", ".mp4", "video/mp4"),
    "animation": ("CgACAgIAAxkBAAI", "animations", ".mp4", "video/mp4"),
    "sticker": ("CAACAgIAAxkBAAI", "stickers", ".webp", "image/webp"),
}


# --------------------------------------------------------------------------------------------
# Data types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One recorded request: API method, decoded parameters, arrival time and HTTP status."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when the request arrived
    status: int  # HTTP status sent (499 = client had gone away, nothing was answered)
    result: Any = None
    description: str | None = None
    injected: bool = False  # True when the outcome was produced by fault injection
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether the request succeeded (HTTP 200)."""
        return self.status == 200


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    name: str
    filename: str | None
    content: bytes
    content_type: str | None

    def __repr__(self) -> str:
        return f"UploadedFile(name={self.name!r}, filename={self.filename!r}, size={len(self.content)})"


@dataclass
class StoredFile:
    """A file known to the stand-in (uploaded by the bot or pushed by a simulated user)."""

    file_id: str
    file_unique_id: str
    kind: str
    content: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    media: Any = None  # the Telegram object (dict, or list of PhotoSize dicts) describing it

    @property
    def size(self) -> int:
        """Size of the content in bytes."""
        return len(self.content)


class ApiError(Exception):
    """A Bot API error answer: HTTP status, Telegram description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> JSONDict:
        """The JSON body Telegram would send for this error."""
        body: JSONDict = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class WaitTimeout(AssertionError):
    """Raised by the ``wait_for*`` helpers when the condition is not met in time."""


@dataclass
class _Fault:
    kind: str  # "status" | "delay" | "drop"
    status: int = 500
    description: str | None = None
    retry_after: int | None = None
    seconds: float = 0.0
    deliver: bool = False
    body: bytes | None = None
    chat_id: int | None = None
    remaining: int = 1

    def error(self) -> ApiError:
        """The ApiError this fault answers with."""
        params = None
        if self.status == 429:
            retry = self.retry_after if self.retry_after is not None else 1
            params = {"retry_after": retry}
            description = self.description or f"Too Many Requests: retry after {retry}"
        else:
            description = self.description or _default_description(self.status)
        return ApiError(self.status, description, params)


@dataclass
class _RandomRule:
    probability: float
    rng: random.Random
    template: _Fault
    hits: int = 0


@dataclass
class _Waiter:
    """Book-keeping for one incremental wait."""

    epoch: int = -1
    index: int = 0
    matches: dict[Any, Any] = field(default_factory=dict)


def _default_description(status: int) -> str:
    texts = {
        400: "Bad Request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        409: "Conflict",
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
        504: "Gateway Timeout",
    }
    if status in texts:
        return texts[status]
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Error {status}"


# --------------------------------------------------------------------------------------------
# Text formatting (parse_mode) -- a faithful-enough port of Telegram's parsers
# --------------------------------------------------------------------------------------------


def _u16(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (Telegram's entity offset unit)."""
    return len(text.encode("utf-16-le")) // 2


def _entity_error(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: can't parse entities: {message}")


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


class _Builder:
    """Accumulates plain text and tracks the UTF-16 length."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.pos += _u16(chunk)

    def text(self) -> str:
        return "".join(self.parts)


def _sorted_entities(entities: list[JSONDict]) -> list[JSONDict]:
    return sorted((e for e in entities if e["length"] > 0), key=lambda e: (e["offset"], -e["length"]))


_HTML_TAGS = {
    "a": "text_link",
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_CHARREF = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z]{2,8});")


def parse_html(src: str) -> tuple[str, list[JSONDict]]:
    """Parse Telegram-flavoured HTML into (plain text, entities); raises ApiError like Telegram."""
    out = _Builder()
    stack: list[tuple[str, int, dict[str, str]]] = []
    entities: list[JSONDict] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "&":
            m = _HTML_CHARREF.match(src, i)
            ch: str | None = None
            if m:
                ref = m.group(1)
                if ref.startswith("#"):
                    code = int(ref[2:], 16) if ref[1:2] in ("x", "X") else int(ref[1:])
                    if 0 < code < 0x110000 and not 0xD800 <= code <= 0xDFFF:
                        ch = chr(code)
                else:
                    ch = _HTML_NAMED.get(ref)
            if m and ch is not None:
                out.add(ch)
                i = m.end()
            else:
                out.add("&")
                i += 1
            continue
        if c != "<":
            j = i
            while j < n and src[j] not in "<&":
                j += 1
            out.add(src[i:j])
            i = j
            continue
        begin = i
        if i + 1 < n and src[i + 1] == "/":
            j = i + 2
            while j < n and not src[j].isspace() and src[j] != ">":
                j += 1
            name = src[i + 2 : j].lower()
            while j < n and src[j].isspace():
                j += 1
            if not stack:
                raise _entity_error(f"Unexpected end tag at byte offset {_byte_offset(src, begin)}")
            if j >= n or src[j] != ">":
                raise _entity_error(f"Unclosed end tag at byte offset {_byte_offset(src, begin)}")
            tag, start, tag_attrs = stack.pop()
            if name and name != tag:
                raise _entity_error(
                    f'Unmatched end tag at byte offset {_byte_offset(src, begin)}, expected "</{tag}>", '
                    f'found "</{name}>"'
                )
            _close_html_entity(tag, start, out.pos, tag_attrs, stack, entities)
            i = j + 1
            continue
        j = i + 1
        while j < n and not src[j].isspace() and src[j] != ">":
            j += 1
        if j >= n:
            raise _entity_error(f"Unclosed start tag at byte offset {_byte_offset(src, begin)}")
        name = src[i + 1 : j].lower()
        if name not in _HTML_TAGS:
            raise _entity_error(f'Unsupported start tag "{name}" at byte offset {_byte_offset(src, begin)}')
        attrs: dict[str, str] = {}
        while True:
            while j < n and src[j].isspace():
                j += 1
            if j >= n:
                raise _entity_error(f"Unclosed start tag at byte offset {_byte_offset(src, begin)}")
            if src[j] == ">":
                j += 1
                break
            k = j
            while k < n and (src[k].isalnum() or src[k] in "-_"):
                k += 1
            if k == j:
                raise _entity_error(
                    f'Empty attribute name in the tag "{name}" at byte offset {_byte_offset(src, begin)}'
                )
            attr_name = src[j:k].lower()
            j = k
            while j < n and src[j].isspace():
                j += 1
            if j < n and src[j] != "=":
                attrs[attr_name] = ""
                continue
            if j >= n:
                raise _entity_error(f"Unclosed start tag at byte offset {_byte_offset(src, begin)}")
            j += 1
            while j < n and src[j].isspace():
                j += 1
            if j >= n:
                raise _entity_error(f"Unclosed start tag at byte offset {_byte_offset(src, begin)}")
            if src[j] in "\"'":
                end = src.find(src[j], j + 1)
                if end < 0:
                    raise _entity_error(f"Unclosed start tag at byte offset {_byte_offset(src, begin)}")
                value = src[j + 1 : end]
                j = end + 1
            else:
                k = j
                while k < n and not src[k].isspace() and src[k] != ">":
                    k += 1
                value = src[j:k]
                j = k
            attrs[attr_name] = html.unescape(value)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _entity_error(f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(src, begin)}')
        stack.append((name, out.pos, attrs))
        i = j
    if stack:
        raise _entity_error(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return out.text(), _sorted_entities(entities)


def _close_html_entity(
    tag: str,
    start: int,
    end: int,
    attrs: dict[str, str],
    stack: list[tuple[str, int, dict[str, str]]],
    entities: list[JSONDict],
) -> None:
    kind = _HTML_TAGS[tag]
    entity: JSONDict = {"type": kind, "offset": start, "length": end - start}
    if tag == "code" and stack and stack[-1][0] == "pre":
        language = attrs.get("class", "")
        if language.startswith("language-"):
            stack[-1][2]["__language"] = language[len("language-") :]
            return
    if tag == "pre" and attrs.get("__language"):
        entity["language"] = attrs["__language"]
    if tag == "a":
        href = attrs.get("href")
        if not href:
            return
        entity["url"] = href
    if tag == "tg-emoji":
        emoji_id = attrs.get("emoji-id")
        if not emoji_id:
            return
        entity["custom_emoji_id"] = emoji_id
    if tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    entities.append(entity)


_MDV2_RESERVED = "_*[]()~`>#+-=|{}.!"
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "code": "Code",
    "pre": "Pre",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}


def parse_markdown_v2(src: str) -> tuple[str, list[JSONDict]]:
    """Parse MarkdownV2 into (plain text, entities); raises ApiError like Telegram."""
    out = _Builder()
    stack: list[tuple[str, int, int, str | None]] = []  # kind, start (utf16), begin (index), language
    entities: list[JSONDict] = []
    quote_start: int | None = None
    i, n = 0, len(src)

    def nxt(k: int) -> str:
        return src[i + k] if i + k < n else ""

    while i < n:
        c = src[i]
        at_line_start = i == 0 or src[i - 1] == "\n"
        if c == "\\" and i + 1 < n and 0 < ord(src[i + 1]) <= 126:
            out.add(src[i + 1])
            i += 2
            continue
        top = stack[-1][0] if stack else None
        if top in ("code", "pre") and c != "`":
            out.add(c)
            i += 1
            continue
        if c == ">" and at_line_start and top not in ("code", "pre"):
            if quote_start is None:
                quote_start = out.pos
            i += 1
            continue
        if c not in _MDV2_RESERVED:
            out.add(c)
            if c == "\n" and quote_start is not None and nxt(1) != ">":
                entities.append({"type": "blockquote", "offset": quote_start, "length": out.pos - 1 - quote_start})
                quote_start = None
            i += 1
            continue
        is_end = False
        if top == "bold":
            is_end = c == "*"
        elif top == "italic":
            is_end = c == "_" and nxt(1) != "_"
        elif top == "underline":
            is_end = c == "_" and nxt(1) == "_"
        elif top == "strikethrough":
            is_end = c == "~"
        elif top == "spoiler":
            is_end = c == "|" and nxt(1) == "|"
        elif top == "code":
            is_end = c == "`"
        elif top == "pre":
            is_end = c == "`" and nxt(1) == "`" and nxt(2) == "`"
        elif top in ("text_link", "custom_emoji"):
            is_end = c == "]"
        if not is_end:
            language: str | None = None
            begin = i
            if c == "_" and nxt(1) == "_":
                kind = "underline"
                i += 2
            elif c == "_":
                kind, i = "italic", i + 1
            elif c == "*":
                kind, i = "bold", i + 1
            elif c == "~":
                kind, i = "strikethrough", i + 1
            elif c == "|" and nxt(1) == "|":
                kind, i = "spoiler", i + 2
            elif c == "[":
                kind, i = "text_link", i + 1
            elif c == "!" and nxt(1) == "[":
                kind, i = "custom_emoji", i + 2
            elif c == "`" and nxt(1) == "`" and nxt(2) == "`":
                kind = "pre"
                i += 3
                j = i
                while j < n and not src[j].isspace() and src[j] != "`":
                    j += 1
                if j < n and src[j] == "\n" and j > i:
                    language = src[i:j]
                    i = j + 1
                elif i < n and src[i] == "\n":
                    i += 1
            elif c == "`":
                kind, i = "code", i + 1
            else:
                raise _entity_error(f"Character '{c}' is reserved and must be escaped with the preceding '\\'")
            stack.append((kind, out.pos, begin, language))
            continue
        kind, start, begin, language = stack.pop()
        entity: JSONDict = {"type": kind, "offset": start, "length": out.pos - start}
        if kind in ("underline", "spoiler"):
            i += 2
        elif kind == "pre":
            i += 3
            if language:
                entity["language"] = language
        elif kind in ("text_link", "custom_emoji"):
            i += 1
            url = ""
            if i < n and src[i] == "(":
                url_begin = i
                i += 1
                chars: list[str] = []
                while i < n and src[i] != ")":
                    if src[i] == "\\" and i + 1 < n and 0 < ord(src[i + 1]) <= 126:
                        i += 1
                    chars.append(src[i])
                    i += 1
                if i >= n:
                    raise _entity_error(f"Can't find end of a URL at byte offset {_byte_offset(src, url_begin)}")
                i += 1
                url = "".join(chars)
            if kind == "custom_emoji":
                m = re.fullmatch(r"tg://emoji\?id=(\d+)", url)
                if not m:
                    raise _entity_error("Custom emoji entity must contain a tg://emoji URL")
                entity["custom_emoji_id"] = m.group(1)
            elif not url:
                continue
            else:
                entity["url"] = url
        else:
            i += 1
        entities.append(entity)
    if stack:
        kind, _start, begin, _lang = stack[-1]
        raise _entity_error(f"Can't find end of {_MDV2_NAMES[kind]} entity at byte offset {_byte_offset(src, begin)}")
    if quote_start is not None:
        entities.append({"type": "blockquote", "offset": quote_start, "length": out.pos - quote_start})
    return out.text(), _sorted_entities(entities)


def parse_markdown(src: str) -> tuple[str, list[JSONDict]]:
    """Parse legacy Markdown into (plain text, entities); raises ApiError like Telegram."""
    out = _Builder()
    entities: list[JSONDict] = []
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\\" and i + 1 < n and src[i + 1] in "_*`[":
            out.add(src[i + 1])
            i += 2
            continue
        if c not in "_*`[":
            out.add(c)
            i += 1
            continue
        begin = i
        start = out.pos
        language: str | None = None
        if c == "`" and src.startswith("```", i):
            kind, end_marker = "pre", "```"
            i += 3
            j = i
            while j < n and not src[j].isspace() and src[j] != "`":
                j += 1
            if j < n and src[j] == "\n" and j > i:
                language = src[i:j]
                i = j + 1
        else:
            kind = {"_": "italic", "*": "bold", "`": "code", "[": "text_link"}[c]
            end_marker = "]" if c == "[" else c
            i += 1
        end = src.find(end_marker, i)
        if end < 0:
            raise _entity_error(f"Can't find end of the entity starting at byte offset {_byte_offset(src, begin)}")
        out.add(src[i:end])
        i = end + len(end_marker)
        entity: JSONDict = {"type": kind, "offset": start, "length": out.pos - start}
        if language:
            entity["language"] = language
        if kind == "text_link":
            if i < n and src[i] == "(":
                close = src.find(")", i)
                if close < 0:
                    raise _entity_error(f"Can't find end of a URL at byte offset {_byte_offset(src, i)}")
                entity["url"] = src[i + 1 : close]
                i = close + 1
            if not entity.get("url"):
                continue
        entities.append(entity)
    return out.text(), _sorted_entities(entities)


_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_URL_RE = re.compile(r"https?://[^\s<>\"'，。！？、]+")


def detect_entities(text: str) -> list[JSONDict]:
    """Entities Telegram adds to incoming plain text: bot commands and URLs."""
    found: list[JSONDict] = []
    for regex, kind in ((_COMMAND_RE, "bot_command"), (_URL_RE, "url")):
        for m in regex.finditer(text):
            found.append({"type": kind, "offset": _u16(text[: m.start()]), "length": _u16(m.group(0))})
    return _sorted_entities(found)


# --------------------------------------------------------------------------------------------
# Request decoding helpers
# --------------------------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _decode_form_value(key: str, value: str) -> Any:
    """Decode one form field the way Telegram does: strings verbatim, everything else as JSON."""
    if key in _STRING_PARAMS or value == "":
        return value
    try:
        return json.loads(value, parse_constant=_reject_constant)
    except ValueError:
        return value


def _resolve_attach(value: Any, files: dict[str, UploadedFile]) -> Any:
    """Replace ``attach://name`` references by the uploaded file parts."""
    if isinstance(value, str) and value.startswith("attach://"):
        return files.get(value[len("attach://") :], value)
    if isinstance(value, list):
        return [_resolve_attach(v, files) for v in value]
    if isinstance(value, dict):
        return {k: _resolve_attach(v, files) for k, v in value.items()}
    return value


def _as_int(value: Any, name: str) -> int:
    if isinstance(value, bool):
        raise ApiError(400, f"Bad Request: invalid {name} specified")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: invalid {name} specified") from None


def _opt_int(value: Any, name: str) -> int | None:
    return None if value is None or value == "" else _as_int(value, name)


def _strip_reply(message: JSONDict) -> JSONDict:
    return {k: copy.deepcopy(v) for k, v in message.items() if k != "reply_to_message"}


# --------------------------------------------------------------------------------------------
# The stand-in
# --------------------------------------------------------------------------------------------


class FakeBotApi:
    """In-process Telegram Bot API server for tests (aiohttp, binds 127.0.0.1 only)."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "wuai_test_bot",
        bot_first_name: str = "无碍测试机器人",
        conflict_on_concurrent_polls: bool = True,
        first_update_id: int = 100_000,
    ) -> None:
        self._token = token
        bot_id = token.split(":", 1)[0]
        self.bot_user: JSONDict = {
            "id": int(bot_id) if bot_id.isdigit() else 123456,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.conflict_on_concurrent_polls = conflict_on_concurrent_polls
        self._first_update_id = first_update_id
        self._host = "127.0.0.1"
        self._port = 0
        self._runner: web.AppRunner | None = None
        self._handlers: dict[str, Callable[[JSONDict], Any]] = {}
        for name in dir(self):
            if name.startswith("_api_"):
                self._handlers[name[len("_api_") :]] = getattr(self, name)
        self._canonical = {name.lower(): name for name in self._handlers}
        self._canonical["downloadfile"] = "downloadFile"  # pseudo-method recorded for file downloads
        self._listeners: list[Callable[[JSONDict], None]] = []
        self.internal_errors: list[str] = []
        self._closing = False
        self._closing_event: asyncio.Event | None = None
        self._changed: asyncio.Event | None = None
        self._poll_event: asyncio.Event | None = None
        self.reset()

    # ----- lifecycle -------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget everything: recordings, chats, messages, files, topics, updates and faults."""
        self._calls: list[Call] = []
        self._sent_keys: list[tuple[int, int]] = []
        self._sent_order: dict[tuple[int, int], int] = {}  # key -> position in _sent_keys
        self._sent_meta: dict[tuple[int, int], JSONDict] = {}
        self._sent_log: list[tuple[int, int]] = []  # sent keys, re-appended when edited/deleted
        self._epoch = getattr(self, "_epoch", 0) + 1
        self._chats: dict[int, JSONDict] = {}
        self._chat_events: dict[int, asyncio.Event] = getattr(self, "_chat_events", {})
        self._users: dict[int, JSONDict] = {}
        self._members: dict[tuple[int, int], str] = {}
        self._messages: dict[tuple[int, int], JSONDict] = {}
        self._last_message_id: dict[int, int] = defaultdict(int)
        self._deleted: set[tuple[int, int]] = set()
        self._topics: dict[tuple[int, int], JSONDict] = {}
        self._files: dict[str, StoredFile] = {}
        self._files_by_path: dict[str, StoredFile] = {}
        self._file_counter = 0
        self._callbacks: dict[str, JSONDict] = {}
        self._answered_callbacks: set[str] = set()
        self._callback_counter = 0
        self._pending: list[JSONDict] = []
        self._next_update_id = self._first_update_id
        self._delivered: Counter[int] = Counter()
        self._allowed_updates: list[str] | None = None
        self._poll_seq = 0
        self._waiting_polls = getattr(self, "_waiting_polls", 0)
        self._webhook: JSONDict = {}
        self._commands: dict[tuple[str, str], list[JSONDict]] = {}
        self._menu_buttons: dict[int | None, JSONDict] = {}
        self._blocked: dict[int, str] = {}
        self._unreachable: set[int] = set()
        self.clear_faults()
        self._notify(all_chats=True)

    def clear(self) -> None:
        """Forget recorded calls and the sent-message log (chat state, files, updates stay)."""
        self._calls = []
        self._sent_keys = []
        self._sent_order = {}
        self._sent_log = []
        self._sent_meta = {}
        self._epoch += 1
        self._notify(all_chats=True)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeBotApi:
        """Start listening; ``port=0`` picks a free port (see :attr:`port`)."""
        if self._runner is not None:
            raise RuntimeError("FakeBotApi already started")
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("FakeBotApi only binds to the loopback interface")
        self._closing = False
        self._closing_event = asyncio.Event()
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        self._host = "127.0.0.1" if host == "localhost" else host
        self._port = int(runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        """Stop the server; pending long polls return empty, injected delays end early."""
        if self._runner is None:
            return
        self._closing = True
        if self._closing_event is not None:
            self._closing_event.set()
        self._wake_pollers()
        self._notify()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        if self._runner is None:
            await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def token(self) -> str:
        """The only token this server accepts."""
        return self._token

    @property
    def port(self) -> int:
        """The TCP port (after :meth:`start`)."""
        return self._port

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder.base_url`` (PTB appends the token)."""
        return f"http://{self._host}:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder.base_file_url`` (PTB appends the token)."""
        return f"http://{self._host}:{self._port}/file/bot"

    @property
    def bot_id(self) -> int:
        """The bot's user id (the numeric part of the token)."""
        return int(self.bot_user["id"])

    def on_sent(self, callback: Callable[[JSONDict], None]) -> None:
        """Call ``callback(message)`` for each message the bot sends (used by the CLI)."""
        self._listeners.append(callback)

    # ----- recordings ------------------------------------------------------------------------

    def calls(self, method: str | None = None, *, ok: bool | None = None) -> list[Call]:
        """Recorded requests, optionally filtered by method and success."""
        name = self._method_name(method) if method else None
        return [c for c in self._calls if (name is None or c.method == name) and (ok is None or c.ok == ok)]

    def sent_messages(
        self,
        chat_id: int | None = None,
        thread_id: int | None = None,
        *,
        include_deleted: bool = True,
    ) -> list[JSONDict]:
        """Messages the bot successfully sent, copied or forwarded, oldest first.

        Each is the Telegram Message dict in its current state (edits applied) plus ``method``
        (the API method that created it), ``raw_text`` (text/caption as sent, before parse_mode),
        ``reply_markup`` (whatever markup was sent, any keyboard type, as a dict) and ``deleted``.
        """
        result = []
        for key in self._sent_keys:
            if chat_id is not None and key[0] != chat_id:
                continue
            message = self._sent_view(key)
            if thread_id is not None and message.get("message_thread_id") != thread_id:
                continue
            if not include_deleted and message["deleted"]:
                continue
            result.append(message)
        return result

    def sent_texts(self, chat_id: int | None = None, thread_id: int | None = None) -> list[str]:
        """Text (or caption) of each sent message, in order."""
        return [m.get("text") or m.get("caption") or "" for m in self.sent_messages(chat_id, thread_id)]

    def count_by_chat(self) -> dict[int, int]:
        """Number of sent messages per chat id."""
        return dict(Counter(key[0] for key in self._sent_keys))

    def duplicates(self) -> list[list[JSONDict]]:
        """Groups of sent messages with identical chat, thread, content and reply target.

        A non-empty result after a fault-injection run usually means a retried request was
        delivered twice.
        """
        groups: dict[str, list[JSONDict]] = defaultdict(list)
        for message in self.sent_messages():
            reply = message.get("reply_to_message") or {}
            topic = message.get("message_thread_id")
            reply_id = reply.get("message_id") if reply.get("message_id") != topic else None
            content = {k: message.get(k) for k in ("text", "caption", "method")}
            for kind in ("document", "voice", "audio", "video", "video_note", "sticker", "animation"):
                if kind in message:
                    content[kind] = message[kind].get("file_unique_id")
            if "photo" in message:
                content["photo"] = message["photo"][-1].get("file_unique_id")
            key = json.dumps([message["chat"]["id"], topic, reply_id, content], sort_keys=True, ensure_ascii=False)
            groups[key].append(message)
        return [group for group in groups.values() if len(group) > 1]

    def history(self, chat_id: int, thread_id: int | None = None) -> list[JSONDict]:
        """Every known message of a chat (user, bot and service messages), by message id."""
        keys = sorted(k for k in self._messages if k[0] == chat_id and k not in self._deleted)
        messages = [copy.deepcopy(self._messages[k]) for k in keys]
        if thread_id is not None:
            messages = [m for m in messages if m.get("message_thread_id") == thread_id]
        return messages

    def message(self, chat_id: int, message_id: int) -> JSONDict | None:
        """The current state of one stored message, or None."""
        stored = self._messages.get((chat_id, message_id))
        return copy.deepcopy(stored) if stored is not None else None

    def topics(self, chat_id: int | None = None) -> list[JSONDict]:
        """Forum topics known to the stand-in (``chat_id``, ``message_thread_id``, ``name``, ``closed``...)."""
        return [dict(topic) for (cid, _tid), topic in sorted(self._topics.items()) if chat_id is None or cid == chat_id]

    def my_commands(self, scope: JSONDict | None = None, language_code: str = "") -> list[JSONDict]:
        """Commands set with setMyCommands for a scope / language."""
        return copy.deepcopy(self._commands.get((self._scope_key(scope), language_code), []))

    def pending_updates(self) -> list[JSONDict]:
        """Updates pushed but not yet confirmed by an offset."""
        return copy.deepcopy(self._pending)

    def delivery_count(self, update_id: int) -> int:
        """How many getUpdates answers contained this update (redeliveries count)."""
        return self._delivered[update_id]

    def file_bytes(self, file_id: str) -> bytes:
        """Content of a stored file (raises KeyError)."""
        return self._files[file_id].content

    @property
    def webhook(self) -> JSONDict:
        """Parameters of the last setWebhook (empty when none)."""
        return dict(self._webhook)

    async def post_webhook(self, local_url: str, update: JSONDict, *, secret_token: str | None = None) -> int:
        """POST ``update`` as Telegram does to the registered webhook; returns the HTTP status.

        ``local_url`` is where a reverse proxy would forward the public URL.  The
        ``X-Telegram-Bot-Api-Secret-Token`` header carries the ``secret_token`` given to setWebhook
        (or ``secret_token`` here, e.g. a forger's guess; ``""`` sends no header).
        """
        import aiohttp

        token = self._webhook.get("secret_token", "") if secret_token is None else secret_token
        headers = {"X-Telegram-Bot-Api-Secret-Token": str(token)} if token else {}
        if "update_id" not in update:
            update = {**update, "update_id": self._next_update_id}
            self._next_update_id += 1
        async with aiohttp.ClientSession() as session, session.post(local_url, json=update, headers=headers) as r:
            return r.status

    # ----- waiting ---------------------------------------------------------------------------

    async def wait_for(
        self,
        predicate_or_method: str | Callable[[Call], bool],
        timeout: float = 5.0,
        count: int = 1,
        *,
        include_failed: bool = False,
    ) -> list[Call]:
        """Wait until at least ``count`` recorded successful calls match; return all matches.

        ``predicate_or_method`` is an API method name or ``predicate(call) -> bool``.  Raises
        :class:`WaitTimeout` (an AssertionError) with a summary of recent calls on time-out.
        """
        predicate: Callable[[Call], bool]
        if isinstance(predicate_or_method, str):
            name = self._method_name(predicate_or_method)
            description = f"method {name!r}"

            def predicate(call: Call) -> bool:
                return call.method == name

        else:
            predicate = predicate_or_method
            description = getattr(predicate, "__name__", "predicate")
        state = _Waiter()

        def check() -> list[Call] | None:
            if state.epoch != self._epoch:
                state.epoch, state.index, state.matches = self._epoch, 0, {}
            calls = self._calls
            for idx in range(state.index, len(calls)):
                call = calls[idx]
                if (include_failed or call.ok) and predicate(call):
                    state.matches[idx] = call
            state.index = len(calls)
            return list(state.matches.values()) if len(state.matches) >= count else None

        return await self._wait(check, timeout, lambda: f"{len(state.matches)}/{count} calls matching {description}")

    async def wait_for_sent(
        self,
        chat_id: int | None = None,
        *,
        text: str | None = None,
        contains: str | None = None,
        thread_id: int | None = None,
        predicate: Callable[[JSONDict], bool] | None = None,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[JSONDict]:
        """Wait until ``count`` sent messages match (edits are taken into account); return them."""

        def matches(message: JSONDict) -> bool:
            body = message.get("text") or message.get("caption") or ""
            return (
                (chat_id is None or message["chat"]["id"] == chat_id)
                and (thread_id is None or message.get("message_thread_id") == thread_id)
                and (text is None or body == text)
                and (contains is None or contains in body)
                and (predicate is None or predicate(message))
            )

        state = _Waiter()

        def check() -> list[JSONDict] | None:
            if state.epoch != self._epoch:
                state.epoch, state.index, state.matches = self._epoch, 0, {}
            log = self._sent_log
            for key in dict.fromkeys(log[state.index :]):
                if chat_id is not None and key[0] != chat_id:
                    continue  # cheap pre-filter: building a view deep-copies the message
                message = self._sent_view(key)
                if matches(message):
                    state.matches[key] = message
                else:
                    state.matches.pop(key, None)
            state.index = len(log)
            if len(state.matches) >= count:
                order = self._sent_order
                return [state.matches[key] for key in sorted(state.matches, key=lambda k: order.get(k, -1))]
            return None

        def describe() -> str:
            wanted = {"chat_id": chat_id, "text": text, "contains": contains, "thread_id": thread_id}
            filters = ", ".join(f"{k}={v!r}" for k, v in wanted.items() if v is not None)
            recent = [(m["chat"]["id"], m.get("text") or m.get("caption")) for m in self.sent_messages()[-5:]]
            return f"{len(state.matches)}/{count} sent messages matching ({filters}); last sent: {recent}"

        return await self._wait(check, timeout, describe, chat_id)

    @property
    def waiting_polls(self) -> int:
        """Number of getUpdates requests currently held open (long polling)."""
        return self._waiting_polls

    async def wait_until_polling(self, timeout: float = 5.0) -> None:
        """Wait until some client holds a getUpdates long poll open (the bot is ready for updates)."""

        def check() -> bool | None:
            return True if self._waiting_polls > 0 else None

        await self._wait(check, timeout, lambda: "a getUpdates long poll")

    async def _wait(
        self,
        check: Callable[[], _T | None],
        timeout: float,
        describe: Callable[[], str],
        chat_id: int | None = None,
    ) -> _T:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = check()
            if result is not None:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = ", ".join(
                    f"{c.method}:{c.status}" + (f"({c.description})" if c.description else "")
                    for c in self._calls[-12:]
                )
                raise WaitTimeout(f"timed out after {timeout}s waiting for {describe()}; recent calls: {recent}")
            event = self._changed_event(chat_id)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    def _changed_event(self, chat_id: int | None = None) -> asyncio.Event:
        if chat_id is not None:
            # Per-chat waiters wake only for their chat: with hundreds of users waiting at once,
            # waking everyone on every message would dominate a load test.
            event = self._chat_events.get(chat_id)
            if event is None:
                event = self._chat_events[chat_id] = asyncio.Event()
            return event
        if self._changed is None:
            self._changed = asyncio.Event()
        return self._changed

    def _notify(self, chat_id: int | None = None, *, all_chats: bool = False) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = None
        chats = list(self._chat_events) if all_chats else ([chat_id] if chat_id is not None else [])
        for chat in chats:
            event = self._chat_events.pop(chat, None)
            if event is not None:
                event.set()

    # ----- fault injection -------------------------------------------------------------------

    def fail_next(
        self,
        method: str,
        status: int = 500,
        count: int = 1,
        description: str | None = None,
        *,
        chat_id: int | None = None,
        body: bytes | str | None = None,
    ) -> None:
        """Answer the next ``count`` calls of ``method`` (optionally only for ``chat_id``) with an error.

        ``body`` replaces the JSON error body (e.g. an nginx HTML page for a realistic 502).
        """
        raw = body.encode() if isinstance(body, str) else body
        self._add_fault(
            method, _Fault("status", status=status, description=description, body=raw, chat_id=chat_id, remaining=count)
        )

    def rate_limit_next(self, method: str, retry_after: int = 1, count: int = 1, *, chat_id: int | None = None) -> None:
        """Answer the next ``count`` calls with HTTP 429 ``Too Many Requests: retry after N``."""
        self._add_fault(method, _Fault("status", status=429, retry_after=retry_after, chat_id=chat_id, remaining=count))

    def delay_next(
        self,
        method: str,
        seconds: float,
        count: int = 1,
        *,
        deliver: bool = False,
        chat_id: int | None = None,
    ) -> None:
        """Hold the next ``count`` calls for ``seconds`` (to trigger client read time-outs).

        ``deliver=False``: the request is delayed *before* it takes effect; if the client has gone
        away by then, nothing happens (recorded with status 499).  ``deliver=True``: the request
        takes effect first and only the answer is delayed (the message exists although the client
        timed out -- the classic source of duplicates on retry).
        """
        self._add_fault(method, _Fault("delay", seconds=seconds, deliver=deliver, chat_id=chat_id, remaining=count))

    def drop_next(self, method: str, count: int = 1, *, deliver: bool = False, chat_id: int | None = None) -> None:
        """Close the connection without answering the next ``count`` calls (``deliver`` as in delay_next)."""
        self._add_fault(method, _Fault("drop", deliver=deliver, chat_id=chat_id, remaining=count))

    def fail_rate(
        self,
        method: str | None,
        probability: float,
        status: int = 502,
        seed: int | None = 0,
        *,
        retry_after: int = 1,
        description: str | None = None,
    ) -> None:
        """Fail a random share of calls (seeded RNG).  ``method=None``: every method except polling/bootstrap.

        ``status=429`` produces flood-control answers with ``retry_after``.  ``probability=0`` removes
        the rule.
        """
        self._set_random_rule(
            method, probability, seed, _Fault("status", status=status, retry_after=retry_after, description=description)
        )

    def delay_rate(
        self,
        method: str | None,
        probability: float,
        seconds: float,
        seed: int | None = 0,
        *,
        deliver: bool = False,
    ) -> None:
        """Delay a random share of calls (see :meth:`delay_next`); ``probability=0`` removes the rule."""
        self._set_random_rule(method, probability, seed, _Fault("delay", seconds=seconds, deliver=deliver))

    def block_chat(self, chat_id: int, blocked: bool = True, *, description: str | None = None) -> None:
        """Make every call for ``chat_id`` fail with 403 (``bot was blocked by the user`` / kicked)."""
        if not blocked:
            self._blocked.pop(chat_id, None)
            return
        if description is None:
            chat_type = self._chats.get(chat_id, {}).get("type") or self._infer_chat_type(chat_id)
            description = {
                "private": "Forbidden: bot was blocked by the user",
                "group": "Forbidden: bot was kicked from the group chat",
                "supergroup": "Forbidden: bot was kicked from the supergroup chat",
            }.get(chat_type, "Forbidden: bot is not a member of the channel chat")
        self._blocked[chat_id] = description

    def set_chat_unreachable(self, chat_id: int, unreachable: bool = True) -> None:
        """Make every call for ``chat_id`` fail with ``400 Bad Request: chat not found``."""
        if unreachable:
            self._unreachable.add(chat_id)
        else:
            self._unreachable.discard(chat_id)

    def clear_faults(self) -> None:
        """Remove all pending injected faults, random rules, blocks and unreachable chats."""
        self._faults: dict[str, deque[_Fault]] = defaultdict(deque)
        self._random_rules: dict[str | None, _RandomRule] = {}
        if hasattr(self, "_blocked"):
            self._blocked.clear()
            self._unreachable.clear()

    def _add_fault(self, method: str, fault: _Fault) -> None:
        if fault.remaining < 1:
            raise ValueError("count must be >= 1")
        self._faults[self._method_name(method)].append(fault)

    def _set_random_rule(self, method: str | None, probability: float, seed: int | None, template: _Fault) -> None:
        if not 0.0 <= probability <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        key = self._method_name(method) if method is not None else None
        if probability == 0:
            self._random_rules.pop(key, None)
        else:
            self._random_rules[key] = _RandomRule(probability, random.Random(seed), template)

    def _take_fault(self, method: str, params: JSONDict) -> _Fault | None:
        queue = self._faults.get(method)
        if queue:
            chat = params.get("chat_id")
            for fault in queue:
                if fault.chat_id is None or str(fault.chat_id) == str(chat):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        queue.remove(fault)
                    return fault
        rule = self._random_rules.get(method)
        if rule is None and method not in _RANDOM_FAULT_EXEMPT:
            rule = self._random_rules.get(None)
        if rule is not None and rule.rng.random() < rule.probability:
            rule.hits += 1
            return copy.copy(rule.template)
        return None

    def _method_name(self, method: str) -> str:
        name = self._canonical.get(method.lower())
        if name is None:
            raise ValueError(f"unknown Bot API method for the stand-in: {method!r}")
        return name

    # ----- chats, users, pushes --------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str = "测试",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        is_bot: bool = False,
    ) -> JSONDict:
        """Register (or update) a user; returns the Telegram User dict."""
        user: JSONDict = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        self._users[user_id] = user
        return dict(user)

    def add_chat(
        self,
        chat_id: int,
        chat_type: str = "private",
        *,
        title: str | None = None,
        first_name: str | None = None,
        username: str | None = None,
        is_forum: bool | None = None,
    ) -> JSONDict:
        """Register (or update) a chat; ``chat_type`` is private, group, supergroup or channel."""
        if chat_type not in ("private", "group", "supergroup", "channel"):
            raise ValueError(f"bad chat_type {chat_type!r}")
        chat = self._chats.get(chat_id)
        if chat is None or chat["type"] != chat_type:
            chat = {"id": chat_id, "type": chat_type}
            if chat_type == "private":
                chat["first_name"] = first_name or "测试"
            else:
                chat["title"] = title or ("运营组" if chat_type == "supergroup" else "测试群")
        if title is not None and chat_type != "private":
            chat["title"] = title
        if first_name is not None and chat_type == "private":
            chat["first_name"] = first_name
        if username is not None:
            chat["username"] = username
        if chat_type != "private" and chat_id not in self._last_message_id:
            # Message 1 of a group is its creation service message; topics never get id 1
            # (that is the General topic).
            self._last_message_id[chat_id] = 1
        if chat_type == "supergroup" and is_forum is not None:
            if is_forum:
                chat["is_forum"] = True
            else:
                chat.pop("is_forum", None)
        self._chats[chat_id] = chat
        return dict(chat)

    def add_forum(self, chat_id: int, title: str = "运营组") -> JSONDict:
        """Register a forum supergroup (operators' group with topics)."""
        return self.add_chat(chat_id, "supergroup", title=title, is_forum=True)

    def set_chat_member(self, chat_id: int, user_id: int, status: str) -> None:
        """Status getChatMember reports: creator, administrator, member, restricted, left, kicked."""
        self._members[(chat_id, user_id)] = status

    def push_update(self, update: JSONDict) -> JSONDict:
        """Queue a raw update (``update_id`` is assigned when missing); returns it."""
        update = copy.deepcopy(update)
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update["update_id"])) + 1
        self._pending.append(update)
        self._wake_pollers()
        return copy.deepcopy(update)

    def push_text(
        self,
        chat_id: int,
        text: str,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "测试",
        thread_id: int | None = None,
        reply_to_message_id: int | None = None,
        is_forum: bool | None = None,
        title: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
        entities: list[JSONDict] | None = None,
    ) -> JSONDict:
        """A user sends ``text`` (bot commands and URLs get entities, as Telegram does)."""
        content: JSONDict = {"text": text}
        found = entities if entities is not None else detect_entities(text)
        if found:
            content["entities"] = found
        return self._push_message(
            chat_id,
            content,
            user_id=user_id,
            chat_type=chat_type,
            first_name=first_name,
            thread_id=thread_id,
            reply_to_message_id=reply_to_message_id,
            is_forum=is_forum,
            title=title,
            username=username,
            language_code=language_code,
        )

    def push_command(
        self, chat_id: int, command: str, args: str = "", *, mention: bool = False, **opts: Any
    ) -> JSONDict:
        """A user sends ``/command args`` (``mention=True`` appends ``@botusername``)."""
        name = command if command.startswith("/") else f"/{command}"
        if mention:
            name = f"{name}@{self.bot_user['username']}"
        text = f"{name} {args}".rstrip() if args else name
        entities = [{"type": "bot_command", "offset": 0, "length": _u16(name)}]
        return self.push_text(chat_id, text, entities=entities, **opts)

    def push_edited_text(self, chat_id: int, message_id: int, text: str) -> JSONDict:
        """The user edits an earlier message; queues an ``edited_message`` update."""
        stored = self._messages.get((chat_id, message_id))
        if stored is None:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        stored["text"] = text
        stored["edit_date"] = int(time.time())
        found = detect_entities(text)
        if found:
            stored["entities"] = found
        else:
            stored.pop("entities", None)
        return self.push_update({"edited_message": stored})

    def push_callback(
        self,
        chat_id: int,
        data: str,
        *,
        message_id: int | None = None,
        user_id: int | None = None,
        first_name: str = "测试",
    ) -> JSONDict:
        """A user presses an inline button.

        ``message`` is the stored message ``message_id`` (default: the latest bot message in the chat
        whose keyboard has this callback data, else the latest bot message).
        """
        if message_id is None:
            message_id = self._find_keyboard_message(chat_id, data)
        stored = self._messages.get((chat_id, message_id)) if message_id is not None else None
        chat = self._chats.get(chat_id) or self.add_chat(chat_id, self._infer_chat_type(chat_id))
        uid = user_id if user_id is not None else (chat_id if chat["type"] == "private" else 1000)
        user = self._user_for(uid, first_name, None, None)
        self._callback_counter += 1
        query_id = f"{4_000_000_000_000 + self._callback_counter}"
        message: JSONDict
        if stored is not None and (chat_id, message_id) not in self._deleted:
            message = copy.deepcopy(stored)
        else:
            message = {"chat": dict(chat), "message_id": message_id or 0, "date": 0}
        query = {
            "id": query_id,
            "from": user,
            "message": message,
            "chat_instance": str(-(abs(chat_id) * 7919 % 10**18) or -1),
            "data": data,
        }
        self._callbacks[query_id] = query
        return self.push_update({"callback_query": query})

    def push_voice(self, chat_id: int, *, duration: int = 3, content: bytes | None = None, **opts: Any) -> JSONDict:
        """A user sends a voice note (OGG/Opus)."""
        return self._push_media(chat_id, "voice", content or b"OggS\x00fake-voice", {"duration": duration}, **opts)

    def push_video_note(
        self, chat_id: int, *, duration: int = 5, length: int = 240, content: bytes | None = None, **opts: Any
    ) -> JSONDict:
        """A user sends a round video note."""
        extra = {"duration": duration, "length": length}
        return self._push_media(chat_id, "video_note", content or b"\x00\x00\x00\x18ftypmp42", extra, **opts)

    def push_video(
        self,
        chat_id: int,
        *,
        duration: int = 10,
        width: int = 640,
        height: int = 360,
        content: bytes | None = None,
        caption: str | None = None,
        **opts: Any,
    ) -> JSONDict:
        """A user sends a video (e.g. recorded sign language)."""
        extra = {"duration": duration, "width": width, "height": height}
        return self._push_media(
            chat_id, "video", content or b"\x00\x00\x00\x18ftypmp42", extra, caption=caption, **opts
        )

    def push_audio(
        self,
        chat_id: int,
        *,
        duration: int = 30,
        file_name: str = "recording.mp3",
        content: bytes | None = None,
        caption: str | None = None,
        **opts: Any,
    ) -> JSONDict:
        """A user sends an audio file."""
        return self._push_media(
            chat_id,
            "audio",
            content or b"ID3fake-audio",
            {"duration": duration},
            file_name=file_name,
            caption=caption,
            **opts,
        )

    def push_sticker(self, chat_id: int, *, emoji: str = "👍", **opts: Any) -> JSONDict:
        """A user sends a sticker."""
        extra = {
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._push_media(chat_id, "sticker", b"RIFFfake-webp", extra, **opts)

    def push_photo(
        self, chat_id: int, *, content: bytes | None = None, caption: str | None = None, **opts: Any
    ) -> JSONDict:
        """A user sends a photo (two sizes, like Telegram)."""
        return self._push_media(chat_id, "photo", content or b"\xff\xd8\xff\xe0fake-jpeg", {}, caption=caption, **opts)

    def push_document(
        self,
        chat_id: int,
        file_name: str,
        content: bytes,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        **opts: Any,
    ) -> JSONDict:
        """A user sends a file."""
        return self._push_media(
            chat_id, "document", content, {}, file_name=file_name, mime_type=mime_type, caption=caption, **opts
        )

    def push_location(self, chat_id: int, lat: float, lon: float, **opts: Any) -> JSONDict:
        """A user shares a location."""
        return self._push_message(chat_id, {"location": {"latitude": lat, "longitude": lon}}, **opts)

    def push_contact(self, chat_id: int, phone_number: str, first_name: str = "测试", **opts: Any) -> JSONDict:
        """A user shares a contact (their own, if ``user_id`` matches)."""
        uid = opts.get("user_id") or chat_id
        contact = {"phone_number": phone_number, "first_name": first_name, "user_id": uid}
        return self._push_message(chat_id, {"contact": contact}, **opts)

    def push_my_chat_member(
        self, chat_id: int, new_status: str, old_status: str = "member", *, user_id: int | None = None
    ) -> JSONDict:
        """The bot's membership changes (``kicked`` = the user blocked the bot in a private chat)."""
        chat = self._chats.get(chat_id) or self.add_chat(chat_id, self._infer_chat_type(chat_id))
        uid = user_id if user_id is not None else (chat_id if chat["type"] == "private" else 1000)
        user = self._user_for(uid, None, None, None)

        def member(status: str) -> JSONDict:
            value: JSONDict = {"user": dict(self.bot_user), "status": status}
            if status == "kicked":
                value["until_date"] = 0
            return value

        update = {
            "chat": dict(chat),
            "from": user,
            "date": int(time.time()),
            "old_chat_member": member(old_status),
            "new_chat_member": member(new_status),
        }
        return self.push_update({"my_chat_member": update})

    def push_service(self, chat_id: int, content: JSONDict, **opts: Any) -> JSONDict:
        """A service message in a chat (``{"forum_topic_closed": {}}``, ``{"new_chat_title": ...}``...)."""
        return self._push_message(chat_id, content, **opts)

    def push_pinned(self, chat_id: int, message_id: int, *, inaccessible: bool = False, **opts: Any) -> JSONDict:
        """Someone pins message ``message_id``; ``inaccessible`` as Telegram sends a message the bot cannot see
        (e.g. posted before the bot joined): only chat, id and ``date`` 0."""
        chat = self._chats.get(chat_id) or self.add_chat(chat_id, opts.get("chat_type", "private"))
        stored = self._messages.get((chat_id, message_id))
        if inaccessible or stored is None:
            pinned: JSONDict = {"chat": dict(chat), "message_id": message_id, "date": 0}
        else:
            pinned = _strip_reply(stored)
        return self._push_message(chat_id, {"pinned_message": pinned}, **opts)

    def close_topic_by(self, chat_id: int, thread_id: int, user_id: int, first_name: str = "测试") -> JSONDict:
        """A member closes a topic in Telegram's own interface: the topic closes, a service update arrives."""
        self._topics[(chat_id, thread_id)]["closed"] = True
        return self._push_message(chat_id, {"forum_topic_closed": {}}, user_id=user_id, chat_type="supergroup",
                                  first_name=first_name, thread_id=thread_id)

    def delete_topic_by_user(self, chat_id: int, thread_id: int) -> None:
        """A member deletes a topic and everything in it (Telegram sends the bot no update for that)."""
        self._api_deleteForumTopic({"chat_id": chat_id, "message_thread_id": thread_id})

    def delete_user_message(self, chat_id: int, message_id: int) -> None:
        """A user deletes one of their messages (no update for the bot, as in private chats)."""
        if (chat_id, message_id) not in self._messages:
            raise ValueError(f"no message {message_id} in chat {chat_id}")
        self._deleted.add((chat_id, message_id))

    def _push_media(
        self,
        chat_id: int,
        kind: str,
        content: bytes,
        extra: JSONDict,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        caption: str | None = None,
        **opts: Any,
    ) -> JSONDict:
        stored = self._store_file(kind, content, file_name=file_name, mime_type=mime_type, extra=extra)
        message: JSONDict = {kind: copy.deepcopy(stored.media)}
        if caption:
            message["caption"] = caption
            found = detect_entities(caption)
            if found:
                message["caption_entities"] = found
        return self._push_message(chat_id, message, **opts)

    def _push_message(
        self,
        chat_id: int,
        content: JSONDict,
        *,
        user_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "测试",
        thread_id: int | None = None,
        reply_to_message_id: int | None = None,
        is_forum: bool | None = None,
        title: str | None = None,
        username: str | None = None,
        language_code: str | None = "zh-hans",
    ) -> JSONDict:
        if chat_type == "private":
            chat = self.add_chat(chat_id, "private", first_name=first_name, username=username)
        else:
            chat = self.add_chat(chat_id, chat_type, title=title, is_forum=is_forum)
        uid = user_id if user_id is not None else (chat_id if chat_type == "private" else 1000)
        user = self._user_for(uid, first_name, username, language_code)
        if thread_id is not None and chat.get("is_forum") and thread_id != GENERAL_TOPIC_ID:
            self._ensure_topic(chat_id, thread_id, creator=user)
        try:
            message = self._new_message(
                chat_id, user, content, thread_id=thread_id, reply_to=reply_to_message_id, allow_missing=False
            )
        except ApiError as exc:
            raise ValueError(f"cannot push message: {exc.description}") from None
        return self.push_update({"message": message})

    def _user_for(
        self, user_id: int, first_name: str | None, username: str | None, language_code: str | None
    ) -> JSONDict:
        existing = self._users.get(user_id)
        if existing is not None and first_name is None:
            return dict(existing)
        known = existing or {}
        return self.add_user(
            user_id,
            first_name or known.get("first_name", "测试"),
            username=username or known.get("username"),
            language_code=language_code or known.get("language_code") or "zh-hans",
        )

    def _find_keyboard_message(self, chat_id: int, data: str) -> int | None:
        latest: int | None = None
        mids = sorted((mid for (cid, mid) in self._messages if cid == chat_id), reverse=True)
        for mid in mids:
            message = self._messages[(chat_id, mid)]
            if message.get("from", {}).get("id") != self.bot_id:
                continue
            if latest is None:
                latest = mid
            rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
            if any(button.get("callback_data") == data for row in rows for button in row):
                return mid
        return latest

    # ----- internal state helpers ------------------------------------------------------------

    @staticmethod
    def _infer_chat_type(chat_id: int) -> str:
        if chat_id > 0:
            return "private"
        return "supergroup" if chat_id <= -1_000_000_000_000 else "group"

    def _ensure_chat(self, chat_id: int) -> JSONDict:
        chat = self._chats.get(chat_id)
        if chat is None:
            kind = self._infer_chat_type(chat_id)
            first = f"用户{chat_id}" if kind == "private" else None
            chat = self.add_chat(chat_id, kind, first_name=first)
        return chat

    def _next_message_id(self, chat_id: int) -> int:
        self._last_message_id[chat_id] += 1
        return self._last_message_id[chat_id]

    def _ensure_topic(self, chat_id: int, thread_id: int, *, creator: JSONDict, name: str | None = None) -> None:
        if (chat_id, thread_id) in self._topics:
            return
        topic_name = name or f"话题 {thread_id}"
        self._topics[(chat_id, thread_id)] = {
            "chat_id": chat_id,
            "message_thread_id": thread_id,
            "name": topic_name,
            "icon_color": DEFAULT_TOPIC_COLOR,
            "closed": False,
        }
        if (chat_id, thread_id) not in self._messages:
            self._messages[(chat_id, thread_id)] = {
                "message_id": thread_id,
                "from": creator,
                "chat": dict(self._chats[chat_id]),
                "date": int(time.time()),
                "message_thread_id": thread_id,
                "is_topic_message": True,
                "forum_topic_created": {"name": topic_name, "icon_color": DEFAULT_TOPIC_COLOR},
            }
        self._last_message_id[chat_id] = max(self._last_message_id[chat_id], thread_id)

    def _new_message(
        self,
        chat_id: int,
        sender: JSONDict,
        content: JSONDict,
        *,
        thread_id: int | None = None,
        reply_to: int | None = None,
        allow_missing: bool = False,
        inline_markup: JSONDict | None = None,
    ) -> JSONDict:
        """Create and store a message (validates the reply target before taking an id)."""
        chat = self._ensure_chat(chat_id)
        in_topic = bool(chat.get("is_forum")) and thread_id is not None and thread_id != GENERAL_TOPIC_ID
        reply_message: JSONDict | None = None
        if reply_to is not None:
            target = self._messages.get((chat_id, reply_to))
            if target is None or (chat_id, reply_to) in self._deleted:
                if not allow_missing:
                    raise ApiError(400, "Bad Request: message to be replied not found")
            else:
                reply_message = _strip_reply(target)
        elif in_topic and thread_id is not None and (chat_id, thread_id) in self._messages:
            reply_message = _strip_reply(self._messages[(chat_id, thread_id)])
        message: JSONDict = {
            "message_id": self._next_message_id(chat_id),
            "from": dict(sender),
            "chat": dict(chat),
            "date": int(time.time()),
        }
        if chat["type"] == "supergroup" and thread_id is not None and thread_id != GENERAL_TOPIC_ID:
            message["message_thread_id"] = thread_id
            if in_topic:
                message["is_topic_message"] = True
        if reply_message is not None:
            message["reply_to_message"] = reply_message
        message.update(copy.deepcopy(content))
        if inline_markup is not None:
            message["reply_markup"] = inline_markup
        self._messages[(chat_id, message["message_id"])] = message
        return message

    def _register_sent(self, message: JSONDict, method: str, raw_text: Any, markup: JSONDict | None) -> None:
        key = (message["chat"]["id"], message["message_id"])
        self._sent_order[key] = len(self._sent_keys)
        self._sent_keys.append(key)
        self._notify(key[0])
        self._sent_log.append(key)
        self._sent_meta[key] = {"method": method, "raw_text": raw_text, "reply_markup": copy.deepcopy(markup)}
        for listener in self._listeners:
            try:
                listener(copy.deepcopy(message))
            except Exception:  # a listener must never break the server
                _LOGGER.exception("on_sent listener failed")

    def _sent_view(self, key: tuple[int, int]) -> JSONDict:
        message = copy.deepcopy(self._messages[key])
        meta = self._sent_meta.get(key, {})
        message["method"] = meta.get("method")
        message["raw_text"] = meta.get("raw_text")
        if meta.get("reply_markup") is not None:
            message["reply_markup"] = copy.deepcopy(meta["reply_markup"])
        else:
            message.pop("reply_markup", None)
        message["deleted"] = key in self._deleted
        return message

    def _touch_sent(self, key: tuple[int, int]) -> None:
        if key in self._sent_meta:
            self._sent_log.append(key)
            self._notify(key[0])

    def _store_file(
        self,
        kind: str,
        content: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        extra: JSONDict | None = None,
    ) -> StoredFile:
        prefix, directory, default_ext, default_mime = _FILE_KINDS[kind]
        self._file_counter += 1
        number = self._file_counter
        ext = default_ext
        if file_name and "." in file_name:
            ext = "." + file_name.rsplit(".", 1)[1]
        mime = mime_type or (mimetypes.guess_type(file_name)[0] if file_name else None) or default_mime
        stored = StoredFile(
            file_id=f"{prefix}{number:06d}",
            file_unique_id=f"AgAD{number:06d}",
            kind=kind,
            content=content,
            file_path=f"{directory}/file_{number}{ext}",
            file_name=file_name,
            mime_type=mime,
        )
        base: JSONDict = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, "file_size": len(content)}
        if kind == "photo":
            self._file_counter += 1
            small = StoredFile(
                file_id=f"{prefix}{self._file_counter:06d}",
                file_unique_id=f"AgAD{self._file_counter:06d}",
                kind=kind,
                content=content,
                file_path=f"{directory}/file_{self._file_counter}{ext}",
                mime_type=mime,
            )
            sizes = [
                {
                    "file_id": small.file_id,
                    "file_unique_id": small.file_unique_id,
                    "file_size": len(content),
                    "width": 90,
                    "height": 68,
                },
                {**base, "width": 800, "height": 600},
            ]
            stored.media = small.media = sizes
            self._files[small.file_id] = small
            self._files_by_path[small.file_path] = small
        else:
            media = dict(base)
            if kind in ("document", "audio", "video", "animation") and file_name:
                media["file_name"] = file_name
            if kind not in ("sticker", "video_note") and mime:
                media["mime_type"] = mime
            media.update(extra or {})
            stored.media = media
        self._files[stored.file_id] = stored
        self._files_by_path[stored.file_path] = stored
        return stored

    @staticmethod
    def _scope_key(scope: Any) -> str:
        if not scope:
            return json.dumps({"type": "default"})
        return json.dumps(scope, sort_keys=True)

    # ----- HTTP plumbing ---------------------------------------------------------------------

    def _record(self, call: Call) -> None:
        self._calls.append(call)
        self._notify()

    @staticmethod
    def _json(status: int, body: JSONDict) -> web.Response:
        return web.Response(
            body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            status=status,
            content_type="application/json",
        )

    async def _read_params(self, request: web.Request) -> JSONDict:
        params: JSONDict = {k: _decode_form_value(k, v) for k, v in request.query.items()}
        if not request.body_exists:
            return params
        ctype = request.content_type
        if ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            files: dict[str, UploadedFile] = {}
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = UploadedFile(key, value.filename, value.file.read(), value.content_type)
                else:
                    params[key] = _decode_form_value(key, str(value))
            if files:
                params = _resolve_attach(params, files)
                for key, uploaded in files.items():
                    params.setdefault(key, uploaded)
            return params
        raw = await request.read()
        if not raw.strip():
            return params
        try:
            data = json.loads(raw)
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse request JSON object") from None
        if not isinstance(data, dict):
            raise ApiError(400, "Bad Request: request JSON must be an object")
        params.update(data)
        return params

    @staticmethod
    def _client_gone(request: web.Request) -> bool:
        transport = request.transport
        return transport is None or transport.is_closing()

    @staticmethod
    def _abort(request: web.Request) -> web.Response:
        transport = request.transport
        if transport is not None:
            transport.abort()
        return web.Response(status=499)

    async def _sleep(self, seconds: float) -> None:
        if self._closing_event is None:
            await asyncio.sleep(seconds)
            return
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._closing_event.wait(), seconds)

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        raw_method = request.match_info["method"]
        method = self._canonical.get(raw_method.lower(), raw_method)
        params: JSONDict = {}

        def finish(status: int, result: Any = None, description: str | None = None, injected: bool = False) -> None:
            self._record(
                Call(method, params, arrived, status, result, description, injected, time.monotonic() - arrived)
            )

        def error(exc: ApiError, injected: bool = False, body: bytes | None = None) -> web.Response:
            if method == "getUpdates" and exc.status == 409 and self._client_gone(request):
                finish(499, description=f"client went away before the long poll ended ({exc.description})")
                return self._abort(request)
            finish(exc.status, description=exc.description, injected=injected)
            if body is not None:
                return web.Response(body=body, status=exc.status, content_type="text/html")
            return self._json(exc.status, exc.payload())

        try:
            if request.match_info["token"] != self._token:
                return error(ApiError(401, "Unauthorized"))
            params = await self._read_params(request)
            handler = self._handlers.get(method)
            if handler is None:
                return error(ApiError(404, "Not Found: method not found"))
            fault = self._take_fault(method, params)
            if fault is not None and fault.kind == "status":
                return error(fault.error(), injected=True, body=fault.body)
            if fault is not None and not fault.deliver:
                if fault.kind == "delay":
                    await self._sleep(fault.seconds)
                if fault.kind == "drop" or self._client_gone(request):
                    finish(499, description=f"injected {fault.kind}: client got no answer, nothing done", injected=True)
                    return self._abort(request)
            try:
                result = handler(params)
                if inspect.isawaitable(result):
                    result = await result
            except ApiError as exc:
                return error(exc)
            if method == "getUpdates":
                if self._client_gone(request):  # abandoned long poll (e.g. the poller was stopped)
                    finish(499, description="client went away before the long poll ended")
                    return self._abort(request)
                for update in result:
                    self._delivered[update["update_id"]] += 1
            if fault is not None:
                finish(200, result, f"injected {fault.kind} after delivery", injected=True)
                if fault.kind == "delay":
                    await self._sleep(fault.seconds)
                    return self._json(200, {"ok": True, "result": result})
                return self._abort(request)
            finish(200, result)
            return self._json(200, {"ok": True, "result": result})
        except ApiError as exc:
            return error(exc)
        except ConnectionResetError:  # the client died mid-request (e.g. kill -9): not a stand-in bug
            finish(499, description="client connection lost")
            return self._abort(request)
        except Exception as exc:  # a bug in the stand-in: fail loudly but keep serving
            _LOGGER.exception("FakeBotApi crashed handling %s", method)
            self.internal_errors.append(f"{method}: {exc!r}")
            return error(ApiError(500, f"Internal Server Error: stand-in bug: {exc!r}"))

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        path = request.match_info["path"]
        stored = self._files_by_path.get(path) if request.match_info["token"] == self._token else None
        status = 200 if stored is not None else 404
        self._record(Call("downloadFile", {"file_path": path}, arrived, status))
        if stored is None:
            return self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
        return web.Response(body=stored.content, content_type=stored.mime_type or "application/octet-stream")

    # ----- shared request helpers ------------------------------------------------------------

    def _chat(self, params: JSONDict, key: str = "chat_id") -> int:
        """Resolve and check a chat parameter (blocked -> 403, unreachable -> 400)."""
        value = params.get(key)
        if value is None or value == "":
            raise ApiError(400, f"Bad Request: {key} is empty")
        chat_id: int | None
        if isinstance(value, int) and not isinstance(value, bool):
            chat_id = value
        elif isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
            chat_id = int(value)
        elif isinstance(value, str) and value.startswith("@"):
            chat_id = next((cid for cid, chat in self._chats.items() if chat.get("username") == value[1:]), None)
        else:
            chat_id = None
        if chat_id is None or chat_id in self._unreachable:
            raise ApiError(400, "Bad Request: chat not found")
        if chat_id in self._blocked:
            raise ApiError(403, self._blocked[chat_id])
        return chat_id

    def _thread(self, chat_id: int, params: JSONDict) -> int | None:
        thread = _opt_int(params.get("message_thread_id"), "message_thread_id")
        if thread is None:
            return None
        chat = self._ensure_chat(chat_id)
        if chat["type"] != "supergroup":
            return None
        if chat.get("is_forum") and thread != GENERAL_TOPIC_ID and (chat_id, thread) not in self._topics:
            raise ApiError(400, "Bad Request: message thread not found")
        return thread

    @staticmethod
    def _reply_target(params: JSONDict, chat_id: int) -> tuple[int | None, bool]:
        """(message id replied to in this chat, allow_sending_without_reply)."""
        reply = params.get("reply_parameters")
        if isinstance(reply, dict) and reply.get("chat_id") not in (None, chat_id, str(chat_id)):
            return None, True  # cross-chat reply: not modelled, accepted without a reply_to_message
        if isinstance(reply, dict) and reply.get("message_id") is not None:
            return _as_int(reply["message_id"], "reply message identifier"), bool(
                reply.get("allow_sending_without_reply")
            )
        if params.get("reply_to_message_id") is not None:
            return _as_int(params["reply_to_message_id"], "reply message identifier"), bool(
                params.get("allow_sending_without_reply")
            )
        return None, False

    @staticmethod
    def _markup(params: JSONDict) -> tuple[JSONDict | None, JSONDict | None]:
        """(markup as sent, inline markup to embed in the Message) with Telegram's validation."""
        markup = params.get("reply_markup")
        if markup is None or markup == "":
            return None, None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return markup, None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise ApiError(400, "Bad Request: can't parse inline keyboard markup JSON object")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise ApiError(400, "Bad Request: can't parse inline keyboard button: Text must be non-empty")
                if not _INLINE_BUTTON_ACTIONS & button.keys():
                    raise ApiError(
                        400,
                        "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the "
                        "inline keyboard",
                    )
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup, markup

    @staticmethod
    def _render(
        raw: Any,
        parse_mode: Any,
        entities: Any,
        *,
        caption: bool,
    ) -> tuple[str | None, list[JSONDict]]:
        """Apply parse_mode / entities like Telegram; returns (plain text, entities)."""
        if raw is None or raw == "":
            if caption:
                return None, []
            raise ApiError(400, "Bad Request: message text is empty")
        source = str(raw)
        if isinstance(entities, list) and entities:
            text, found = source, list(entities)
        elif parse_mode:
            mode = str(parse_mode).lower()
            if mode == "html":
                text, found = parse_html(source)
            elif mode == "markdownv2":
                text, found = parse_markdown_v2(source)
            elif mode == "markdown":
                text, found = parse_markdown(source)
            else:
                raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode}")
        else:
            text, found = source, []
        if not text.strip():
            if caption:
                return None, []
            raise ApiError(400, "Bad Request: message text is empty")
        if caption and len(text) > MAX_CAPTION_LENGTH:
            raise ApiError(400, "Bad Request: message caption is too long")
        if not caption and len(text) > MAX_TEXT_LENGTH:
            raise ApiError(400, "Bad Request: message is too long")
        return text, found

    def _caption_content(self, params: JSONDict) -> JSONDict:
        caption, entities = self._render(
            params.get("caption"), params.get("parse_mode"), params.get("caption_entities"), caption=True
        )
        content: JSONDict = {}
        if caption is not None:
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        return content

    def _stored_message(self, chat_id: int, params: JSONDict, missing: str) -> tuple[tuple[int, int], JSONDict]:
        message_id = params.get("message_id")
        if message_id is None:
            raise ApiError(400, "Bad Request: message identifier is not specified")
        key = (chat_id, _as_int(message_id, "message identifier"))
        stored = self._messages.get(key)
        if stored is None or key in self._deleted:
            raise ApiError(400, f"Bad Request: {missing}")
        return key, stored

    def _input_file(self, value: Any, kind: str, params: JSONDict) -> StoredFile:
        if isinstance(value, UploadedFile):
            extra: JSONDict = {}
            if kind in ("voice", "audio", "video", "video_note", "animation"):
                extra["duration"] = _opt_int(params.get("duration"), "duration") or 1
            if kind in ("video", "animation"):
                extra["width"] = _opt_int(params.get("width"), "width") or 640
                extra["height"] = _opt_int(params.get("height"), "height") or 360
            if kind == "video_note":
                extra["length"] = _opt_int(params.get("length"), "length") or 240
            if kind == "sticker":
                extra.update({"type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False})
            if kind == "audio":
                for key in ("title", "performer"):
                    if params.get(key):
                        extra[key] = params[key]
            name = value.filename if kind in ("document", "audio", "video", "animation") else None
            mime = value.content_type if value.content_type != "application/octet-stream" else None
            return self._store_file(kind, value.content, file_name=name, mime_type=mime, extra=extra)
        if isinstance(value, str) and value in self._files:
            return self._files[value]
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            name = value.rstrip("/").rsplit("/", 1)[-1] or None
            return self._store_file(
                kind, b"", file_name=name if kind == "document" else None, extra=self._default_media_extra(kind)
            )
        if value is None or value == "":
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    @staticmethod
    def _default_media_extra(kind: str) -> JSONDict:
        defaults: dict[str, JSONDict] = {
            "voice": {"duration": 1},
            "audio": {"duration": 1},
            "video": {"duration": 1, "width": 640, "height": 360},
            "animation": {"duration": 1, "width": 320, "height": 240},
            "video_note": {"duration": 1, "length": 240},
            "sticker": {"type": "regular", "width": 512, "height": 512, "is_animated": False, "is_video": False},
        }
        return dict(defaults.get(kind, {}))

    def _send(
        self,
        method: str,
        params: JSONDict,
        chat_id: int,
        content: JSONDict,
        raw_text: Any,
        *,
        thread: int | None = None,
        validated_markup: tuple[JSONDict | None, JSONDict | None] | None = None,
    ) -> JSONDict:
        markup, inline = validated_markup if validated_markup is not None else self._markup(params)
        reply_to, allow_missing = self._reply_target(params, chat_id)
        message = self._new_message(
            chat_id,
            self.bot_user,
            content,
            thread_id=thread,
            reply_to=reply_to,
            allow_missing=allow_missing,
            inline_markup=inline,
        )
        self._register_sent(message, method, raw_text, markup)
        return message

    # ----- Bot API methods: getting updates --------------------------------------------------

    def _wake_pollers(self) -> None:
        if self._poll_event is not None:
            self._poll_event.set()
            self._poll_event = None

    async def _api_getUpdates(self, params: JSONDict) -> list[JSONDict]:
        if self._webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = _opt_int(params.get("offset"), "offset") or 0
        limit = min(max(_opt_int(params.get("limit"), "limit") or 100, 1), 100)
        try:
            timeout = max(float(params.get("timeout") or 0), 0.0)
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: invalid timeout specified") from None
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = [str(a) for a in allowed] or None
        if offset > 0:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:
            self._pending = self._pending[offset:]
        if self._allowed_updates:
            wanted = set(self._allowed_updates)
            self._pending = [u for u in self._pending if wanted & (u.keys() - {"update_id"})]
        self._poll_seq += 1
        my_seq = self._poll_seq
        self._wake_pollers()  # terminates an older long poll (Telegram answers it with 409)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        waiting = False
        try:
            while True:
                if self._closing:
                    return []
                if my_seq != self._poll_seq and self.conflict_on_concurrent_polls:
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                if self._pending:
                    return copy.deepcopy(self._pending[:limit])
                remaining = deadline - loop.time()
                if remaining <= 0:
                    return []
                if self._poll_event is None:
                    self._poll_event = asyncio.Event()
                event = self._poll_event
                if not waiting:
                    waiting = True
                    self._waiting_polls += 1
                    self._notify()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(event.wait(), remaining)
        finally:
            if waiting:
                self._waiting_polls -= 1

    def _api_setWebhook(self, params: JSONDict) -> bool:
        url = params.get("url") or ""
        if url and not str(url).startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        self._webhook = dict(params) if url else {}
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self._wake_pollers()
        return True

    def _api_deleteWebhook(self, params: JSONDict) -> bool:
        self._webhook = {}
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def _api_getWebhookInfo(self, params: JSONDict) -> JSONDict:
        info: JSONDict = {
            "url": self._webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self._webhook:
            info["max_connections"] = self._webhook.get("max_connections", 40)
            if self._webhook.get("allowed_updates"):
                info["allowed_updates"] = self._webhook["allowed_updates"]
        return info

    # ----- Bot API methods: bot settings -----------------------------------------------------

    def _api_getMe(self, params: JSONDict) -> JSONDict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _api_setMyCommands(self, params: JSONDict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        for command in commands:
            name = str(command.get("command", "")) if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands[key] = [{"command": c["command"], "description": c["description"]} for c in commands]
        return True

    def _api_getMyCommands(self, params: JSONDict) -> list[JSONDict]:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        return copy.deepcopy(self._commands.get(key, []))

    def _api_deleteMyCommands(self, params: JSONDict) -> bool:
        key = (self._scope_key(params.get("scope")), str(params.get("language_code") or ""))
        self._commands.pop(key, None)
        return True

    def _api_setChatMenuButton(self, params: JSONDict) -> bool:
        chat = _opt_int(params.get("chat_id"), "chat_id")
        self._menu_buttons[chat] = params.get("menu_button") or {"type": "default"}
        return True

    def _api_getChatMenuButton(self, params: JSONDict) -> JSONDict:
        chat = _opt_int(params.get("chat_id"), "chat_id")
        button = self._menu_buttons.get(chat) or self._menu_buttons.get(None) or {"type": "commands"}
        return {"type": "commands"} if button.get("type") == "default" else copy.deepcopy(button)

    def _api_close(self, params: JSONDict) -> bool:
        return True

    def _api_logOut(self, params: JSONDict) -> bool:
        return True

    def _accept(self, params: JSONDict) -> bool:
        return True

    _api_setMyDescription = _accept
    _api_setMyShortDescription = _accept
    _api_setMyName = _accept
    _api_setMyDefaultAdministratorRights = _accept

    def _chat_accept(self, params: JSONDict) -> bool:
        self._chat(params)
        return True

    _api_pinChatMessage = _chat_accept
    _api_unpinChatMessage = _chat_accept
    _api_unpinAllChatMessages = _chat_accept
    _api_setMessageReaction = _chat_accept
    _api_leaveChat = _chat_accept
    _api_banChatMember = _chat_accept
    _api_unbanChatMember = _chat_accept
    _api_restrictChatMember = _chat_accept
    _api_setChatTitle = _chat_accept
    _api_setChatDescription = _chat_accept
    _api_unpinAllForumTopicMessages = _chat_accept

    # ----- Bot API methods: chats ------------------------------------------------------------

    def _api_getChat(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat(params)
        chat = self._ensure_chat(chat_id)
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _api_getChatMember(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat(params)
        user_id = _as_int(params.get("user_id"), "user_id")
        chat = self._ensure_chat(chat_id)
        if user_id == self.bot_id:
            user = dict(self.bot_user)
            default = "member" if chat["type"] == "private" else "administrator"
        else:
            user = self._users.get(user_id) or {"id": user_id, "is_bot": False, "first_name": "测试"}
            default = "member"
        status = self._members.get((chat_id, user_id), default)
        return self._member_object(user, status)

    def _api_getChatAdministrators(self, params: JSONDict) -> list[JSONDict]:
        chat_id = self._chat(params)
        admins = [self._member_object(dict(self.bot_user), "administrator")]
        for (cid, uid), status in self._members.items():
            if cid == chat_id and status in ("creator", "administrator") and uid != self.bot_id:
                user = self._users.get(uid) or {"id": uid, "is_bot": False, "first_name": "测试"}
                admins.append(self._member_object(user, status))
        return admins

    @staticmethod
    def _member_object(user: JSONDict, status: str) -> JSONDict:
        member: JSONDict = {"user": user, "status": status}
        if status == "creator":
            member["is_anonymous"] = False
        elif status == "administrator":
            member.update(
                {
                    "can_be_edited": False,
                    "is_anonymous": False,
                    "can_manage_chat": True,
                    "can_delete_messages": True,
                    "can_manage_video_chats": False,
                    "can_restrict_members": True,
                    "can_promote_members": False,
                    "can_change_info": False,
                    "can_invite_users": True,
                    "can_post_stories": False,
                    "can_edit_stories": False,
                    "can_delete_stories": False,
                    "can_pin_messages": True,
                    "can_manage_topics": True,
                }
            )
        elif status == "restricted":
            member.update(
                {
                    "is_member": True,
                    "can_send_messages": False,
                    "can_send_audios": False,
                    "can_send_documents": False,
                    "can_send_photos": False,
                    "can_send_videos": False,
                    "can_send_video_notes": False,
                    "can_send_voice_notes": False,
                    "can_send_polls": False,
                    "can_send_other_messages": False,
                    "can_add_web_page_previews": False,
                    "can_change_info": False,
                    "can_invite_users": False,
                    "can_pin_messages": False,
                    "can_manage_topics": False,
                    "until_date": 0,
                }
            )
        elif status == "kicked":
            member["until_date"] = 0
        return member

    # ----- Bot API methods: sending ----------------------------------------------------------

    def _api_sendMessage(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat(params)
        thread = self._thread(chat_id, params)
        text, entities = self._render(
            params.get("text"), params.get("parse_mode"), params.get("entities"), caption=False
        )
        content: JSONDict = {"text": text}
        if entities:
            content["entities"] = entities
        if isinstance(params.get("link_preview_options"), dict):
            content["link_preview_options"] = params["link_preview_options"]
        return self._send("sendMessage", params, chat_id, content, params.get("text"), thread=thread)

    def _send_media(self, method: str, kind: str, params: JSONDict) -> JSONDict:
        chat_id = self._chat(params)
        thread = self._thread(chat_id, params)
        content = {} if kind in ("sticker", "video_note") else self._caption_content(params)
        markup = self._markup(params)
        stored = self._input_file(params.get(kind), kind, params)
        content[kind] = copy.deepcopy(stored.media)
        return self._send(
            method, params, chat_id, content, params.get("caption"), thread=thread, validated_markup=markup
        )

    def _api_sendDocument(self, params: JSONDict) -> JSONDict:
        return self._send_media("sendDocument", "document", params)

    def _api_sendPhoto(self, params: JSONDict) -> JSONDict:
        return self._send_media("sendPhoto", "photo", params)

    def _api_sendVoice(self, params: JSONDict) -> JSONDict:
        return self._send_media("sendVoice", "voice", params)

    def _api_sendAudio(self, params: JSONDict) -> JSONDict:
        return self._send_media("sendAudio", "audio", params)

    def _api_sendVideo(self, params: JSONDict) -> JSONDict:
        return self._send_media("sendVideo", "video", params)

    def _api_sendVideoNote(self, params: JSONDict) -> JSONDict:
        return self._send_media("sendVideoNote", "video_note", params)

    def _api_sendAnimation(self, params: JSONDict) -> JSONDict:
        return self._send_media("sendAnimation", "animation", params)

    def _api_sendSticker(self, params: JSONDict) -> JSONDict:
        return self._send_media("sendSticker", "sticker", params)

    def _api_sendLocation(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat(params)
        thread = self._thread(chat_id, params)
        try:
            location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        except (KeyError, TypeError, ValueError):
            raise ApiError(400, "Bad Request: wrong latitude or longitude specified") from None
        return self._send("sendLocation", params, chat_id, {"location": location}, None, thread=thread)

    def _api_sendContact(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat(params)
        thread = self._thread(chat_id, params)
        contact = {k: params[k] for k in ("phone_number", "first_name", "last_name", "vcard") if params.get(k)}
        if not contact.get("phone_number") or not contact.get("first_name"):
            raise ApiError(400, "Bad Request: phone number and first name must be non-empty")
        return self._send("sendContact", params, chat_id, {"contact": contact}, None, thread=thread)

    def _api_sendChatAction(self, params: JSONDict) -> bool:
        chat_id = self._chat(params)
        self._thread(chat_id, params)
        if params.get("action") not in _CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        return True

    def _copy_content(self, source: JSONDict, params: JSONDict) -> JSONDict:
        content = {k: copy.deepcopy(source[k]) for k in _CONTENT_KEYS if k in source}
        if not content:
            raise ApiError(400, "Bad Request: message can't be copied")
        if "caption" in params and "text" not in content:
            content.pop("caption", None)
            content.pop("caption_entities", None)
            content.update(self._caption_content(params))
        return content

    def _api_copyMessage(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat(params)
        from_chat = self._chat(params, "from_chat_id")
        thread = self._thread(chat_id, params)
        _key, source = self._stored_message(from_chat, params, "message to copy not found")
        content = self._copy_content(source, params)
        raw = content.get("text") if "text" in content else params.get("caption", content.get("caption"))
        message = self._send("copyMessage", params, chat_id, content, raw, thread=thread)
        return {"message_id": message["message_id"]}

    def _api_forwardMessage(self, params: JSONDict) -> JSONDict:
        chat_id = self._chat(params)
        from_chat = self._chat(params, "from_chat_id")
        thread = self._thread(chat_id, params)
        _key, source = self._stored_message(from_chat, params, "message to forward not found")
        content = {k: copy.deepcopy(source[k]) for k in _CONTENT_KEYS if k in source}
        if not content:
            raise ApiError(400, "Bad Request: message can't be forwarded")
        source_chat = source["chat"]
        if source_chat["type"] in ("private", "group", "supergroup") and "from" in source:
            content["forward_origin"] = {
                "type": "user",
                "date": source["date"],
                "sender_user": copy.deepcopy(source["from"]),
            }
        else:
            content["forward_origin"] = {
                "type": "channel",
                "date": source["date"],
                "chat": dict(source_chat),
                "message_id": source["message_id"],
            }
        raw = content.get("text") or content.get("caption")
        return self._send("forwardMessage", {**params, "reply_markup": None}, chat_id, content, raw, thread=thread)

    def _api_copyMessages(self, params: JSONDict) -> list[JSONDict]:
        ids = params.get("message_ids") or []
        return [self._api_copyMessage({**params, "message_id": mid}) for mid in ids]

    def _api_forwardMessages(self, params: JSONDict) -> list[JSONDict]:
        ids = params.get("message_ids") or []
        return [{"message_id": self._api_forwardMessage({**params, "message_id": mid})["message_id"]} for mid in ids]

    # ----- Bot API methods: editing ----------------------------------------------------------

    def _editable(self, params: JSONDict) -> tuple[tuple[int, int], JSONDict] | None:
        """The stored bot message addressed by chat_id/message_id; None for inline messages."""
        if params.get("inline_message_id"):
            return None
        chat_id = self._chat(params)
        key, stored = self._stored_message(chat_id, params, "message to edit not found")
        if stored.get("from", {}).get("id") != self.bot_id:
            raise ApiError(400, "Bad Request: message can't be edited")
        return key, stored

    def _apply_markup_edit(self, key: tuple[int, int], stored: JSONDict, params: JSONDict) -> bool:
        """Replace the markup; returns whether it changed."""
        markup, inline = self._markup(params)
        before = stored.get("reply_markup")
        if inline is None:
            stored.pop("reply_markup", None)
        else:
            stored["reply_markup"] = copy.deepcopy(inline)
        if key in self._sent_meta:
            self._sent_meta[key]["reply_markup"] = copy.deepcopy(markup)
        return before != stored.get("reply_markup")

    def _api_editMessageText(self, params: JSONDict) -> JSONDict | bool:
        target = self._editable(params)
        text, entities = self._render(
            params.get("text"), params.get("parse_mode"), params.get("entities"), caption=False
        )
        if target is None:
            return True
        key, stored = target
        if "text" not in stored:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        old = (stored.get("text"), stored.get("entities") or [], stored.get("reply_markup"))
        inline = self._markup(params)[1]
        if old == (text, entities, inline):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        stored["text"] = text
        if entities:
            stored["entities"] = entities
        else:
            stored.pop("entities", None)
        self._apply_markup_edit(key, stored, params)
        stored["edit_date"] = int(time.time())
        if key in self._sent_meta:
            self._sent_meta[key]["raw_text"] = params.get("text")
        self._touch_sent(key)
        return copy.deepcopy(stored)

    def _api_editMessageCaption(self, params: JSONDict) -> JSONDict | bool:
        target = self._editable(params)
        content = self._caption_content(params)
        if target is None:
            return True
        key, stored = target
        if "text" in stored:
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        old = (stored.get("caption"), stored.get("caption_entities"), stored.get("reply_markup"))
        inline = self._markup(params)[1]
        if old == (content.get("caption"), content.get("caption_entities"), inline):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        stored.pop("caption", None)
        stored.pop("caption_entities", None)
        stored.update(content)
        self._apply_markup_edit(key, stored, params)
        stored["edit_date"] = int(time.time())
        if key in self._sent_meta:
            self._sent_meta[key]["raw_text"] = params.get("caption")
        self._touch_sent(key)
        return copy.deepcopy(stored)

    def _api_editMessageReplyMarkup(self, params: JSONDict) -> JSONDict | bool:
        target = self._editable(params)
        if target is None:
            self._markup(params)
            return True
        key, stored = target
        if not self._apply_markup_edit(key, stored, params):
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message",
            )
        stored["edit_date"] = int(time.time())
        self._touch_sent(key)
        return copy.deepcopy(stored)

    def _api_deleteMessage(self, params: JSONDict) -> bool:
        chat_id = self._chat(params)
        key, _stored = self._stored_message(chat_id, params, "message to delete not found")
        self._deleted.add(key)
        self._touch_sent(key)
        return True

    def _api_deleteMessages(self, params: JSONDict) -> bool:
        chat_id = self._chat(params)
        for mid in params.get("message_ids") or []:
            key = (chat_id, _as_int(mid, "message identifier"))
            if key in self._messages:
                self._deleted.add(key)
                self._touch_sent(key)
        return True

    # ----- Bot API methods: callbacks and files ----------------------------------------------

    def _api_answerCallbackQuery(self, params: JSONDict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._callbacks or query_id in self._answered_callbacks:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text") or "")) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._answered_callbacks.add(query_id)
        return True

    def _api_getFile(self, params: JSONDict) -> JSONDict:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if stored.size > MAX_DOWNLOAD_BYTES:
            raise ApiError(400, "Bad Request: file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }

    # ----- Bot API methods: forum topics -----------------------------------------------------

    def _forum(self, params: JSONDict) -> int:
        chat_id = self._chat(params)
        if chat_id not in self._chats and chat_id <= -1_000_000_000_000:
            self.add_forum(chat_id)
        chat = self._ensure_chat(chat_id)
        if chat["type"] != "supergroup" or not chat.get("is_forum"):
            raise ApiError(400, "Bad Request: the chat is not a forum")
        return chat_id

    def _topic(self, params: JSONDict) -> tuple[int, JSONDict]:
        chat_id = self._forum(params)
        thread = _opt_int(params.get("message_thread_id"), "message_thread_id")
        topic = self._topics.get((chat_id, thread)) if thread is not None else None
        if topic is None:
            raise ApiError(400, "Bad Request: message thread not found")
        return chat_id, topic

    def _topic_service_message(self, chat_id: int, thread_id: int, content: JSONDict) -> None:
        self._new_message(chat_id, self.bot_user, content, thread_id=thread_id)

    def _api_createForumTopic(self, params: JSONDict) -> JSONDict:
        chat_id = self._forum(params)
        name = str(params.get("name") or "")
        if not 1 <= len(name) <= 128:
            raise ApiError(400, "Bad Request: TOPIC_TITLE_EMPTY" if not name else "Bad Request: TOPIC_TITLE_INVALID")
        color = _opt_int(params.get("icon_color"), "icon_color") or DEFAULT_TOPIC_COLOR
        created: JSONDict = {"name": name, "icon_color": color}
        if params.get("icon_custom_emoji_id"):
            created["icon_custom_emoji_id"] = str(params["icon_custom_emoji_id"])
        message = self._new_message(chat_id, self.bot_user, {"forum_topic_created": created})
        thread_id = message["message_id"]
        message["message_thread_id"] = thread_id
        message["is_topic_message"] = True
        self._topics[(chat_id, thread_id)] = {
            "chat_id": chat_id,
            "message_thread_id": thread_id,
            **created,
            "closed": False,
        }
        return {"message_thread_id": thread_id, **created}

    def _api_editForumTopic(self, params: JSONDict) -> bool:
        chat_id, topic = self._topic(params)
        changes: JSONDict = {}
        if params.get("name") and params["name"] != topic["name"]:
            changes["name"] = str(params["name"])
        emoji = params.get("icon_custom_emoji_id")
        if emoji is not None and emoji != topic.get("icon_custom_emoji_id", ""):
            changes["icon_custom_emoji_id"] = str(emoji)
        if not changes:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic.update(changes)
        self._topic_service_message(chat_id, topic["message_thread_id"], {"forum_topic_edited": changes})
        return True

    def _api_closeForumTopic(self, params: JSONDict) -> bool:
        chat_id, topic = self._topic(params)
        if topic["closed"]:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic["closed"] = True
        self._topic_service_message(chat_id, topic["message_thread_id"], {"forum_topic_closed": {}})
        return True

    def _api_reopenForumTopic(self, params: JSONDict) -> bool:
        chat_id, topic = self._topic(params)
        if not topic["closed"]:
            raise ApiError(400, "Bad Request: TOPIC_NOT_MODIFIED")
        topic["closed"] = False
        self._topic_service_message(chat_id, topic["message_thread_id"], {"forum_topic_reopened": {}})
        return True

    def _api_deleteForumTopic(self, params: JSONDict) -> bool:
        chat_id, topic = self._topic(params)
        thread = topic["message_thread_id"]
        del self._topics[(chat_id, thread)]
        for key, message in self._messages.items():
            if key[0] == chat_id and message.get("message_thread_id") == thread:
                self._deleted.add(key)
        return True


# --------------------------------------------------------------------------------------------
# Manual use: python -m tests.botapi.server --port 8081 --token 123:ABC
# --------------------------------------------------------------------------------------------


def _describe_message(message: JSONDict) -> str:
    body = message.get("text") or message.get("caption") or ""
    kinds = [
        k for k in ("document", "photo", "voice", "audio", "video", "video_note", "sticker", "location") if k in message
    ]
    where = f"chat {message['chat']['id']}"
    if message.get("message_thread_id"):
        where += f" topic {message['message_thread_id']}"
    markup = message.get("reply_markup") or {}
    buttons = [
        b.get("text") + "=" + str(b.get("callback_data", b.get("url", "")))
        for row in markup.get("inline_keyboard", [])
        for b in row
    ]
    extra = f" [{', '.join(kinds)}]" if kinds else ""
    extra += f" buttons: {buttons}" if buttons else ""
    return f"[bot -> {where} #{message['message_id']}]{extra}\n{body}"


async def _interactive(api: FakeBotApi, chat_id: int) -> None:
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def reader() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line.rstrip("\n"))
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=reader, name="botapi-stdin", daemon=True).start()
    print(f"Type a message to send it as user {chat_id}.  '@<chat_id> text' sends from another chat,")
    print("'!cb <data>' presses the inline button with that callback data, Ctrl-D quits.")
    while True:
        line = await queue.get()
        if line is None:
            return
        if not line.strip():
            continue
        target = chat_id
        if line.startswith("@") and " " in line:
            head, line = line[1:].split(" ", 1)
            with contextlib.suppress(ValueError):
                target = int(head)
        press = line.startswith("!cb ")
        update = api.push_callback(target, line[4:].strip()) if press else api.push_text(target, line)
        print(f"[user {target} -> bot] queued update {update['update_id']}", flush=True)


async def _serve(args: argparse.Namespace) -> None:
    api = FakeBotApi(args.token)
    await api.start(args.host, args.port)
    api.on_sent(lambda message: print(_describe_message(message), flush=True))
    print(f"Fake Telegram Bot API listening; token {api.token}")
    print(f"  base_url      = {api.base_url}")
    print(f"  base_file_url = {api.base_file_url}")
    print("Point the bot at it with these two URLs and the token; bot messages are printed here.", flush=True)
    try:
        if args.interactive or (args.interactive is None and sys.stdin.isatty()):
            await _interactive(api, args.chat_id)
        else:
            await asyncio.Event().wait()
    finally:
        await api.stop()


def main(argv: Iterable[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Local stand-in for the Telegram Bot API")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--chat-id", type=int, default=10001, help="user/chat id for typed messages")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--interactive", dest="interactive", action="store_true", default=None)
    group.add_argument("--no-interactive", dest="interactive", action="store_false")
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(level=logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
