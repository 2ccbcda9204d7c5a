"""Per-user flood limit: one polite slow-down message, and other users are never slowed."""

from __future__ import annotations

from collections import deque
from typing import Literal

Verdict = Literal["ok", "warn", "drop"]


class FloodLimiter:
    """Sliding window of `messages` per `seconds` for each user."""

    def __init__(self, messages: int, seconds: float, max_users: int = 100_000) -> None:
        self.messages, self.seconds, self.max_users = messages, seconds, max_users
        self._seen: dict[str, deque[float]] = {}
        self._warned: dict[str, float] = {}

    def check(self, user_id: str, now: float) -> Verdict:
        window = self._seen.get(user_id)
        if window is None:
            if len(self._seen) >= self.max_users:
                self._forget_idle(now)
            window = self._seen[user_id] = deque()
        while window and now - window[0] > self.seconds:
            window.popleft()
        window.append(now)
        if len(window) <= self.messages:
            return "ok"
        if now - self._warned.get(user_id, -1e18) > self.seconds:
            self._warned[user_id] = now
            return "warn"
        return "drop"

    def _forget_idle(self, now: float) -> None:
        for user in [u for u, w in self._seen.items() if not w or now - w[-1] > self.seconds]:
            del self._seen[user]
            self._warned.pop(user, None)
