"""Getting updates: long polling with offsets, the webhook registration, and redelivery bookkeeping."""

from __future__ import annotations

import asyncio
import contextlib
import copy

from tests.botapi.state import ChatState
from tests.botapi.wire import ApiError, JSONDict, _opt_int


class Polling(ChatState):
    """FakeBotApi's getUpdates / setWebhook / deleteWebhook (a mixin: the state lives in FakeBotApi)."""

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
