"""What every part of the stand-in shares: FakeBotApi's state, its reset, and change notifications.

`Core` declares all of the state; `ChatState` (state.py) keeps it, and the parts that answer requests,
push updates, inject faults and wait build on that.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.botapi.wire import (
    DEFAULT_TOKEN,
    Call,
    JSONDict,
    StoredFile,
    _Fault,
    _RandomRule,
)

_LOGGER = logging.getLogger("tests.botapi.server")


class Core:
    """FakeBotApi's state (declared here, set by `reset`), its method names and change events."""

    bot_user: JSONDict
    _runner: web.AppRunner | None
    _handlers: dict[str, Callable[[JSONDict], Any]]
    _listeners: list[Callable[[JSONDict], None]]
    internal_errors: list[str]
    _closing_event: asyncio.Event | None
    _changed: asyncio.Event | None
    _poll_event: asyncio.Event | None
    _calls: list[Call]
    _sent_keys: list[tuple[int, int]]
    _sent_order: dict[tuple[int, int], int]
    _sent_meta: dict[tuple[int, int], JSONDict]
    _sent_log: list[tuple[int, int]]
    _chats: dict[int, JSONDict]
    _chat_events: dict[int, asyncio.Event]
    _users: dict[int, JSONDict]
    _messages: dict[tuple[int, int], JSONDict]
    _last_message_id: dict[int, int]
    _deleted: set[tuple[int, int]]
    _topics: dict[tuple[int, int], JSONDict]
    _files: dict[str, StoredFile]
    _callbacks: dict[str, JSONDict]
    _answered_callbacks: set[str]
    _pending: list[JSONDict]
    _delivered: Counter[int]
    _allowed_updates: list[str] | None
    _webhook: JSONDict
    _commands: dict[tuple[str, str], list[JSONDict]]
    _blocked: dict[int, str]
    _unreachable: set[int]
    _faults: dict[str, deque[_Fault]]
    _random_rules: dict[str | None, _RandomRule]
    _token: str
    conflict_on_concurrent_polls: bool
    round_trip: float
    _first_update_id: int
    _host: str
    _port: int
    _canonical: dict[str, str]
    _closing: bool
    _epoch: int
    _file_counter: int
    _callback_counter: int
    _next_update_id: int
    _poll_seq: int
    _waiting_polls: int

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "wuai_test_bot",
        bot_first_name: str = "无碍测试机器人",
        conflict_on_concurrent_polls: bool = True,
        first_update_id: int = 100_000,
        round_trip: float = 0.0,
    ) -> None:
        self._token = token
        # Seconds every answer waits before it goes out: a simulated network round trip (0: none).
        self.round_trip = round_trip
        bot_id = token.split(":", 1)[0]
        self.bot_user = {
            "id": int(bot_id) if bot_id.isdigit() else 123456,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.conflict_on_concurrent_polls = conflict_on_concurrent_polls
        self._first_update_id = first_update_id
        self._host = "127.0.0.1"
        self._port = 0
        self._runner = None
        self._handlers = {}
        for name in dir(self):
            if name.startswith("_api_"):
                self._handlers[name[len("_api_") :]] = getattr(self, name)
        self._canonical = {name.lower(): name for name in self._handlers}
        self._listeners = []
        self.internal_errors = []
        self._closing = False
        self._closing_event = None
        self._changed = None
        self._poll_event = None
        self.reset()

    def reset(self) -> None:
        """Forget everything: recordings, chats, messages, files, topics, updates and faults."""
        self._calls = []
        self._sent_keys = []
        self._sent_order = {}  # key -> position in _sent_keys
        self._sent_meta = {}
        self._sent_log = []  # sent keys, re-appended when edited/deleted
        self._epoch = getattr(self, "_epoch", 0) + 1
        self._chats = {}
        self._chat_events = getattr(self, "_chat_events", {})
        self._users = {}
        self._messages = {}
        self._last_message_id = defaultdict(int)
        self._deleted = set()
        self._topics = {}
        self._files = {}
        self._file_counter = 0
        self._callbacks = {}
        self._answered_callbacks = set()
        self._callback_counter = 0
        self._pending = []
        self._next_update_id = self._first_update_id
        self._delivered = Counter()
        self._allowed_updates = None
        self._poll_seq = 0
        self._waiting_polls = getattr(self, "_waiting_polls", 0)
        self._webhook = {}
        self._commands = {}
        self._blocked = {}
        self._unreachable = set()
        self.clear_faults()
        self._notify(all_chats=True)

    def clear_faults(self) -> None:
        """Remove all pending injected faults, random rules, blocks and unreachable chats."""
        self._faults = defaultdict(deque)
        self._random_rules = {}
        if hasattr(self, "_blocked"):
            self._blocked.clear()
            self._unreachable.clear()

    @property
    def bot_id(self) -> int:
        """The bot's user id (the numeric part of the token)."""
        return int(self.bot_user["id"])

    def _method_name(self, method: str) -> str:
        name = self._canonical.get(method.lower())
        if name is None:
            raise ValueError(f"unknown Bot API method for the stand-in: {method!r}")
        return name

    def _wake_pollers(self) -> None:
        if self._poll_event is not None:
            self._poll_event.set()
            self._poll_event = None

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

    @staticmethod
    def _scope_key(scope: Any) -> str:
        if not scope:
            return json.dumps({"type": "default"})
        return json.dumps(scope, sort_keys=True)
