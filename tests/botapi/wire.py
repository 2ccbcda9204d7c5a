"""The Bot API's wire format as the stand-in speaks it: records, errors, and how requests are decoded."""

from __future__ import annotations

import copy
import json
import random
import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from aiohttp import web

JSONDict = dict[str, Any]

DEFAULT_TOKEN = "123456:TEST-TOKEN"
GENERAL_TOPIC_ID = 1
DEFAULT_TOPIC_COLOR = 7322096
MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_UPLOAD_BYTES = 50 * 1024 * 1024

# Parameters whose form-encoded value is a plain string and must never be JSON-decoded
# (PTB JSON-encodes every non-string parameter and sends strings verbatim).
_STRING_PARAMS = frozenset(
    {"callback_query_id", "caption", "document", "file_id", "first_name", "icon_custom_emoji_id", "language_code",
     "name", "parse_mode", "photo", "secret_token", "text", "title", "url", "video"}
)

_INLINE_BUTTON_ACTIONS = frozenset(
    {"url", "callback_data", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
     "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay"}
)

# Message keys that are "content" (copied by copyMessage).
_CONTENT_KEYS = ("text", "entities", "caption", "caption_entities", "photo", "document", "voice", "video",
                 "sticker", "location", "link_preview_options")

# kind -> (file_id prefix, file_path directory, default extension, default mime type)
_FILE_KINDS: dict[str, tuple[str, str, str, str | None]] = {
    "document": ("BQACAgIAAxkBAAI", "documents", "", None),
    "photo": ("AgACAgIAAxkBAAI", "photos", ".jpg", "image/jpeg"),
    "voice": ("AwACAgIAAxkBAAI", "voice", ".oga", "audio/ogg"),
    "video": ("BAACAgIAAxkBAAI", "videos", ".mp4", "video/mp4"),
    "sticker": ("CAACAgIAAxkBAAI", "stickers", ".webp", "image/webp"),
}


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


def _u16(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (Telegram's entity offset unit)."""
    return len(text.encode("utf-16-le")) // 2


def _sorted_entities(entities: list[JSONDict]) -> list[JSONDict]:
    return sorted((e for e in entities if e["length"] > 0), key=lambda e: (e["offset"], -e["length"]))


_COMMAND_RE = re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


_URL_RE = re.compile(r"https?://[^\s<>\"'，。！？、]+")


def detect_entities(text: str) -> list[JSONDict]:
    """Entities Telegram adds to incoming plain text: bot commands and URLs."""
    found: list[JSONDict] = []
    for regex, kind in ((_COMMAND_RE, "bot_command"), (_URL_RE, "url")):
        for m in regex.finditer(text):
            found.append({"type": kind, "offset": _u16(text[: m.start()]), "length": _u16(m.group(0))})
    return _sorted_entities(found)


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


def json_response(status: int, body: JSONDict) -> web.Response:
    return web.Response(body=json.dumps(body, ensure_ascii=False).encode("utf-8"), status=status,
                        content_type="application/json")


async def read_params(request: web.Request) -> JSONDict:
    """Query, form (url-encoded or multipart, with ``attach://`` files) or JSON parameters, decoded."""
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


def client_gone(request: web.Request) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()


def abort(request: web.Request) -> web.Response:
    """Close the connection without an answer (recorded as status 499)."""
    transport = request.transport
    if transport is not None:
        transport.abort()
    return web.Response(status=499)


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
