"""Calls to the Bot API that survive flaky networks: retried with backoff, never silently dropped."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut

T = TypeVar("T")
log = logging.getLogger(__name__)
PERMANENT = (BadRequest, Forbidden, InvalidToken)


def retry_seconds(exc: RetryAfter) -> float:
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def call(factory: Callable[[], Awaitable[T]], *, attempts: int = 6, base_delay: float = 0.3,
               what: str = "request") -> T:
    """Run one Bot API call, retrying network errors, 5xx and 429 (after its retry_after).

    Permanent errors (bad request, blocked by the user, bad token) are raised at once: retrying cannot help.
    """
    delay = base_delay
    for attempt in range(1, attempts + 1):
        try:
            return await factory()
        except PERMANENT:
            raise
        except RetryAfter as exc:   # PTB's AIORateLimiter paces and retries 429s first: this is after it gave up
            if attempt == attempts:
                raise
            wait = retry_seconds(exc)
            log.info("%s: rate limited, retrying in %.1fs", what, wait)
            await asyncio.sleep(wait)
        except (TimedOut, NetworkError) as exc:
            if attempt == attempts:
                raise
            log.info("%s: %s, retry %d in %.1fs", what, type(exc).__name__, attempt, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)
    raise AssertionError("unreachable")


def split_text(text: str, limit: int = 4000) -> list[str]:
    """Split below Telegram's 4096-character limit, at paragraph, then line, then hard boundaries."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    parts: list[str] = []
    current = ""
    for block in _pieces(text, limit):
        candidate = f"{current}\n\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
        else:
            parts.append(current)
            current = block
    if current:
        parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def _pieces(text: str, limit: int) -> list[str]:
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        if len(paragraph) <= limit:
            out.append(paragraph)
            continue
        line_block = ""
        for line in paragraph.split("\n"):
            while len(line) > limit:
                if line_block:
                    out.append(line_block)
                    line_block = ""
                out.append(line[:limit])
                line = line[limit:]
            candidate = f"{line_block}\n{line}" if line_block else line
            if len(candidate) <= limit:
                line_block = candidate
            else:
                out.append(line_block)
                line_block = line
        if line_block:
            out.append(line_block)
    return out
