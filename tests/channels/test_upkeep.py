"""The channel's background work: the write-ahead log's checkpoints run in a worker thread, off the event loop."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from bot.channels.upkeep import Upkeep
from bot.store import Store
from tests.test_store import rows_in_the_file, write_pages


def _copied(path: Path) -> int:
    """Rows the file holds, read while the worker may be writing it."""
    try:
        return rows_in_the_file(path)
    except sqlite3.DatabaseError:   # read as immutable mid-copy, a page can be torn ("malformed"): look again
        return -1


async def test_the_log_is_checkpointed_by_a_worker_thread_while_the_channel_runs(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    threads: list[threading.Thread] = []
    checkpoint = store.checkpoint_passive

    def noted() -> None:
        threads.append(threading.current_thread())
        checkpoint()

    store.checkpoint_passive = noted  # type: ignore[method-assign]
    upkeep = Upkeep(SimpleNamespace(store=store), Any, Any, 1.0, 1.0)  # type: ignore[arg-type]
    upkeep.checkpoint_interval = 0.01
    upkeep.start()
    loop = asyncio.create_task(upkeep.checkpoint_loop())
    await asyncio.sleep(0.05)
    write_pages(store, 300)   # past the 1,000 pages at which a commit would checkpoint itself (tests/test_store.py)
    for _ in range(200):
        await asyncio.sleep(0.01)
        if _copied(tmp_path / "a.db") == 300:
            break
    upkeep.stop()
    await asyncio.wait_for(loop, 5)
    assert rows_in_the_file(tmp_path / "a.db") == 300
    assert threads and threading.main_thread() not in threads
    assert store._db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000   # SQLite's own again after the loop
    store.close()
