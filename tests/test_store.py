import contextlib
import threading
from pathlib import Path

import pytest

from bot.errors import StorageError
from bot.session import Session
from bot.store import Store
from tests.sql import sql


def test_sessions_survive_reopening_the_file(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    session = Session("u1", flow="court", step="place", data={"kind": "divorce"}, facts={"案件类型": "离婚"})
    store.save_session(session)
    store.close()
    again = Store(tmp_path / "a.db").load_session("u1")
    assert again == session


def test_transcript_is_masked_before_it_is_written(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    store.log("u1", "in", "我叫李四 电话13812345678")
    raw = sql(store, "SELECT text FROM transcript")[0]["text"]
    assert raw == "我叫[姓名] 电话[手机号]"


def test_the_questions_a_session_keeps_are_masked_before_they_are_written(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    store.save_session(Session("u1", case="我叫李四 电话13812345678 借钱不还", declined="王五欠钱 13912345678 能赢吗"))
    raw = sql(store, "SELECT state FROM sessions")[0]["state"]
    assert "13812345678" not in raw and "李四" not in raw and "13912345678" not in raw
    again = store.load_session("u1")
    assert again.case == "我叫[姓名] 电话[手机号] 借钱不还"
    assert "借钱不还" in again.case and "能赢吗" in again.declined


def test_retention_purges_old_rows_only(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    day = 86400.0
    store.log("u1", "in", "旧的", at=1000.0)
    store.log("u1", "in", "新的", at=100 * day)
    store.record_unanswered("u1", "旧问题", "fallback", at=1000.0)
    removed = store.purge(retention_days=30, unanswered_days=30, now=100 * day + 1)
    assert removed == 2
    assert [line.text for line in store.recent("u1")] == ["新的"]


def test_inbox_keeps_updates_until_finished_and_ignores_redeliveries(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    assert store.next_offset() == 0
    assert store.receive(7, 42, '{"update_id": 7}')
    assert not store.receive(7, 42, '{"update_id": 7}')      # Telegram delivered it again
    assert store.receive(8, 43, '{"update_id": 8}')
    store.finish(7)
    assert [r["update_id"] for r in store.unfinished()] == [8]
    assert store.next_offset() == 9
    assert not store.receive(7, 42, '{"update_id": 7}')      # handled ones stay handled
    assert sql(store, "SELECT payload FROM inbox WHERE update_id = 7")[0]["payload"] == ""


def test_corrupt_session_json_starts_fresh(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    sql(store, "INSERT INTO sessions VALUES ('u1', '{not json', 0)")
    assert store.load_session("u1") == Session("u1")


def _on_disk(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("a.db*"))


def test_purged_and_forgotten_text_leaves_the_write_ahead_log_too(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    store.log("u1", "in", "旧的秘密OLDSECRET", at=1000.0)
    store.log("u2", "in", "忘掉的秘密FORGOTTEN")
    store.log("u3", "in", "留下的")
    assert b"OLDSECRET" in _on_disk(tmp_path)
    store.purge(retention_days=30, unanswered_days=30)
    store.forget("u2")
    data = _on_disk(tmp_path)
    assert b"OLDSECRET" not in data and b"FORGOTTEN" not in data
    assert [line.text for line in store.recent("u3")] == ["留下的"]


def test_ticket_numbers_are_never_reused(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")

    def new_ticket(user: str) -> int:
        return store.add_ticket(user, "", "")

    assert new_ticket("u1") == 1
    assert new_ticket("u2") == 2
    store.forget("u2")
    assert new_ticket("u3") == 3


def test_a_database_that_cannot_be_opened_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "a.db").mkdir()   # a folder where the file should be
    with pytest.raises(StorageError, match="cannot open the database"):
        Store(tmp_path / "a.db")


def rows_in_the_file(path: Path) -> int:
    """Transcript rows the database file itself holds (its write-ahead log ignored: what a checkpoint copied)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as db:
        try:
            return int(db.execute("SELECT COUNT(*) FROM transcript").fetchone()[0])
        except sqlite3.OperationalError:   # not even the table is in the file yet
            return 0


def write_pages(store: Store, count: int) -> None:
    for n in range(count):   # each about five pages: 300 of them pass SQLite's 1,000-page checkpoint
        store.log("u1", "in", f"{n}" + "字" * 6000)


def test_commits_leave_the_checkpoints_to_another_thread_when_asked(tmp_path: Path) -> None:
    usual = Store(tmp_path / "usual.db")
    write_pages(usual, 300)
    assert rows_in_the_file(tmp_path / "usual.db") > 0   # a commit checkpointed on the way
    store = Store(tmp_path / "a.db")
    store.checkpoints_apart()
    write_pages(store, 300)
    assert rows_in_the_file(tmp_path / "a.db") == 0     # all still in the log: no commit waited for a checkpoint
    worker = threading.Thread(target=store.checkpoint_passive)
    worker.start()
    worker.join()
    assert rows_in_the_file(tmp_path / "a.db") == 300
    store.log("u1", "in", "再一句")   # the store goes on writing after a checkpoint from another connection
    store.close()                     # and closing checkpoints the rest
    assert rows_in_the_file(tmp_path / "a.db") == 301
    Store(":memory:").checkpoints_apart()   # nothing to do without a file
