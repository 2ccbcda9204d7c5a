"""Faults the stand-in injects on request: errors, 429 flood control, delays, dropped connections, blocked chats."""

from __future__ import annotations

import copy
import random

from tests.botapi.state import ChatState
from tests.botapi.wire import JSONDict, _Fault, _RandomRule

# Methods that a ``fail_rate(None, ...)`` rule leaves alone (polling and bootstrap).
_RANDOM_FAULT_EXEMPT = frozenset({"getUpdates", "getMe", "deleteWebhook", "setWebhook"})


class Faults(ChatState):
    """FakeBotApi's fault injection (a mixin: the state lives in FakeBotApi)."""

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

    def faults_left(self, method: str) -> int:
        """How many calls of ``method`` the queued faults (``fail_next``, ``delay_next``...) still wait for.

        0 once a delayed request has arrived: a test can then kill the bot knowing the delay was taken.
        """
        return sum(f.remaining for f in self._faults.get(self._method_name(method), ()))

    def set_chat_unreachable(self, chat_id: int, unreachable: bool = True) -> None:
        """Make every call for ``chat_id`` fail with ``400 Bad Request: chat not found``."""
        if unreachable:
            self._unreachable.add(chat_id)
        else:
            self._unreachable.discard(chat_id)

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
