"""Waiting in tests for what the bot does (sent messages, calls, a long poll) instead of sleeping."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tests.botapi.state import ChatState
from tests.botapi.wire import Call, JSONDict, WaitTimeout

_T = TypeVar("_T")


@dataclass
class _Waiter:
    """Book-keeping for one incremental wait."""

    epoch: int = -1
    index: int = 0
    matches: dict[Any, Any] = field(default_factory=dict)


class Waits(ChatState):
    """FakeBotApi's ``wait_for*`` helpers and change events (a mixin: the state lives in FakeBotApi)."""

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
