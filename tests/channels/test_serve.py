"""`wuai serve` as a real process against the Bot API stand-in: SIGTERM, kill -9 and restarts, a broken database."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.cli import main
from bot.texts import STALE_BUTTON
from tests.botapi.server import FakeBotApi
from tests.channels.conftest import OPERATOR, OPERATORS, wait_until
from tests.conftest import REAL_INTENTS, ROOT, write_config

USER = 7171


class Serve:
    """Starts and stops `python -m bot serve` processes on one config and database."""

    def __init__(self, api: FakeBotApi, folder: Path, storage: str = "") -> None:
        self.api, self.folder = api, folder
        path = write_config(folder, REAL_INTENTS,
                            f"handoff:\n  operators_chat_id: {OPERATORS}\n  operator_ids: [{OPERATOR}]\n"
                            "  hours:\n    days: [1, 2, 3, 4, 5, 6, 7]\n    start: '00:00'\n    end: '23:59'\n")
        path.write_text(path.read_text(encoding="utf-8").replace(
            "storage:\n  path: wuai.db\n", f"storage:\n  path: wuai.db\n{storage}"), encoding="utf-8")
        self.config = path
        self.db = folder / "wuai.db"
        self.proc: asyncio.subprocess.Process | None = None

    async def start_process(self) -> asyncio.subprocess.Process:
        env = {**os.environ, "WUAI_TELEGRAM_TOKEN": self.api.token, "WUAI_TELEGRAM_BASE_URL": self.api.base_url}
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "serve", "--config", str(self.config), cwd=ROOT, env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
        return self.proc

    async def start(self) -> asyncio.subprocess.Process:
        """Start and wait until the bot polls."""
        proc = await self.start_process()
        await self.api.wait_until_polling(timeout=30)
        return proc

    async def wait(self, timeout: float = 30) -> tuple[int, str]:
        assert self.proc is not None
        _out, err = await asyncio.wait_for(self.proc.communicate(), timeout)
        return int(self.proc.returncode or 0), err.decode()

    def inbox(self) -> list[tuple[int, str, str]]:
        with sqlite3.connect(self.db) as db:
            return [(r[0], r[1], r[2]) for r in db.execute("SELECT update_id, status, replies FROM inbox")]

    def answered(self, update_id: int) -> bool:
        return any(u == update_id and status == "answered" for u, status, _ in self.inbox())


@pytest_asyncio.fixture
async def serve(botapi: FakeBotApi, tmp_path: Path) -> AsyncIterator[Serve]:
    botapi.add_forum(OPERATORS)
    s = Serve(botapi, tmp_path)
    yield s
    if s.proc is not None and s.proc.returncode is None:
        s.proc.kill()
        await s.proc.wait()


async def test_sigterm_finishes_the_reply_in_flight_and_exits_cleanly(serve: Serve) -> None:
    await serve.start()
    serve.api.delay_next("sendMessage", 2.0, chat_id=USER)   # the reply is on its way when the stop comes
    update = serve.api.push_text(USER, "怎么在网上立案")
    await wait_until(lambda: serve.answered(update["update_id"]), timeout=20)
    assert serve.proc is not None
    serve.proc.send_signal(signal.SIGTERM)
    code, err = await serve.wait()
    assert code == 0, err
    [answer] = serve.api.sent_texts(USER)
    assert "立案" in answer
    assert [status for _u, status, _r in serve.inbox()] == ["done"]
    wal = serve.db.with_name("wuai.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0   # closed cleanly: nothing left in the write-ahead log


async def test_a_restart_resends_the_stored_reply_instead_of_asking_the_engine_again(serve: Serve) -> None:
    await serve.start()
    serve.api.push_command(USER, "/court")
    await serve.api.wait_for_sent(USER, count=1, timeout=20)
    serve.api.delay_next("sendMessage", 30.0, chat_id=USER)   # never answered before the kill: nothing sent
    update = serve.api.push_callback(USER, "f:court:kind:divorce")
    await wait_until(lambda: serve.answered(update["update_id"]), timeout=20)
    await wait_until(lambda: serve.api.faults_left("sendMessage") == 0, timeout=20)   # the send is held, not on its way
    [stored] = [json.loads(r) for u, _s, r in serve.inbox() if u == update["update_id"]]
    assert serve.proc is not None
    serve.proc.kill()
    await serve.proc.wait()
    await serve.start()
    texts = [m["text"] for m in await serve.api.wait_for_sent(USER, count=2, timeout=20)]
    assert texts[1] == stored[0]["text"]
    assert STALE_BUTTON not in texts[1]


async def test_human_replayed_after_a_kill_is_confirmed_once_and_not_relayed_as_text(serve: Serve) -> None:
    await serve.start()
    serve.api.delay_next("sendMessage", 30.0, chat_id=USER)
    update = serve.api.push_command(USER, "/human")
    await wait_until(lambda: serve.answered(update["update_id"]), timeout=20)
    await wait_until(lambda: serve.api.faults_left("sendMessage") == 0, timeout=20)
    assert serve.proc is not None
    serve.proc.kill()
    await serve.proc.wait()
    await serve.start()
    [confirmation] = [m["text"] for m in await serve.api.wait_for_sent(USER, count=1, timeout=20)]
    assert "工单 #1" in confirmation
    [card] = await serve.api.wait_for_sent(OPERATORS, count=1, timeout=20)
    assert card["text"].startswith("工单 #1")
    await asyncio.sleep(0.5)   # give a wrong relay of "/human" time to appear
    assert "/human" not in serve.api.sent_texts(OPERATORS)


async def test_a_database_failing_too_long_exits_1_and_a_restart_answers(botapi: FakeBotApi, tmp_path: Path) -> None:
    serve = Serve(botapi, tmp_path, "  busy_timeout_seconds: 0.1\n  give_up_after_seconds: 1\n")
    await serve.start()
    blocker = sqlite3.connect(serve.db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        botapi.push_text(USER, "怎么在网上立案")
        code, err = await serve.wait(timeout=40)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert code == 1
    assert "database is locked" in err and "restart" in err
    await serve.start()   # what systemd does; the update was never confirmed, so Telegram sends it again
    [answer] = [m["text"] for m in await botapi.wait_for_sent(USER, count=1, timeout=20)]
    assert "立案" in answer
    assert serve.proc is not None
    serve.proc.send_signal(signal.SIGTERM)
    assert (await serve.wait())[0] == 0


def test_a_database_that_cannot_be_opened_is_one_line_and_status_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """`wuai serve` stops before it reaches Telegram, so no process or stand-in is needed to see what it says."""
    config = write_config(tmp_path)
    (tmp_path / "wuai.db").mkdir()   # a folder where the database file should be
    monkeypatch.setenv("WUAI_TELEGRAM_TOKEN", "123456:TEST-TOKEN")
    assert main(["serve", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert "wuai: cannot open the database" in err and "Traceback" not in err
