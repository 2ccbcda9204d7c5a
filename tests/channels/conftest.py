"""A real TelegramChannel (python-telegram-bot over HTTP) against the Bot API stand-in."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest_asyncio
from telegram.ext import AIORateLimiter

from bot.app import Services, build
from bot.channels.telegram import TelegramChannel
from bot.config import load_config
from bot.places import Gazetteer
from tests.botapi.server import FakeBotApi
from tests.conftest import REAL_INTENTS, SharedLibraries, library_for, write_config

OPERATORS = -1001234
OPERATOR = 777


@dataclass
class Harness:
    api: FakeBotApi
    folder: Path
    intents: Path
    extra: str
    storage: str = ""   # more lines for the storage section, e.g. "  busy_timeout_seconds: 0.1\n"
    services: Services | None = None
    channel: TelegramChannel | None = None
    options: dict[str, Any] = field(default_factory=dict)
    libraries: SharedLibraries = field(default_factory=dict)   # loaded once per session for the repo's folders
    gazetteer: Gazetteer | None = None

    def own_intents(self) -> Path:
        """A copy of the real intents for this test alone, to edit while the bot runs (it hot-reloads it)."""
        self.intents = self.folder / "intents"
        shutil.copytree(REAL_INTENTS, self.intents)
        return self.intents

    async def start(self) -> TelegramChannel:
        path = write_config(self.folder, self.intents, self.extra)
        if self.storage:
            text = path.read_text(encoding="utf-8").replace("storage:\n  path: wuai.db\n",
                                                            f"storage:\n  path: wuai.db\n{self.storage}")
            path.write_text(text, encoding="utf-8")
        config = load_config(path)
        self.services = build(config, library=library_for(config, self.libraries), gazetteer=self.gazetteer)
        # The stand-in is not Telegram: no need to pace requests like Telegram's flood limits.
        limiter = AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)
        self.channel = TelegramChannel(self.services, self.api.token, base_url=self.api.base_url,
                                       base_file_url=self.api.base_file_url, rate_limiter=limiter,
                                       poll_timeout=1, relay_interval=0.1, reload_interval=0.2,
                                       request_timeout=3, **self.options)
        await self.channel.start()
        return self.channel

    async def stop(self) -> None:
        if self.channel is not None:
            await self.channel.stop()
            self.channel = None
        if self.services is not None:
            self.services.close()
            self.services = None

    async def restart(self) -> TelegramChannel:
        await self.stop()
        return await self.start()

    def later(self, seconds: float = 600.0) -> None:
        """Time passes for the operators' relay (its injected clock runs `seconds` ahead), so what waits for a
        retry after a failure is due at its next round instead of after real seconds of back-off."""
        assert self.channel is not None
        relay = self.channel.operators
        clock = relay.clock
        relay.clock = lambda: clock() + seconds
        self.channel.wake()

    async def texts(self, chat_id: int, count: int, timeout: float = 10.0, thread_id: int | None = None) -> list[str]:
        """Wait for `count` messages from the bot in a chat; return all texts sent there so far."""
        sent = await self.api.wait_for_sent(chat_id, count=count, timeout=timeout, thread_id=thread_id)
        return [m.get("text") or m.get("caption") or "" for m in sent]


async def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll a condition the stand-in cannot signal (database state, a reload) until it holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        assert loop.time() < deadline, "condition not reached"
        await asyncio.sleep(0.02)


@pytest_asyncio.fixture
async def harness(botapi: FakeBotApi, tmp_path: Path, shared_libraries: SharedLibraries,
                  gazetteer: Gazetteer) -> AsyncIterator[Harness]:
    """A bot on the real intents, shared read-only between tests; a test that edits them calls own_intents()."""
    botapi.add_forum(OPERATORS)
    h = Harness(botapi, tmp_path, REAL_INTENTS,
                f"handoff:\n  operators_chat_id: {OPERATORS}\n  operator_ids: [{OPERATOR}]\n"
                "  hours:\n    days: [1, 2, 3, 4, 5, 6, 7]\n    start: '00:00'\n    end: '23:59'\n",
                libraries=shared_libraries, gazetteer=gazetteer)
    yield h
    await h.stop()
