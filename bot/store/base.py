"""One SQLite connection shared by every part of the store: opening, migrations and transactions."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.errors import StorageError

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    user_id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS transcript (
    id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, at REAL NOT NULL,
    direction TEXT NOT NULL, text TEXT NOT NULL, intent TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS transcript_user ON transcript (user_id, at);
CREATE TABLE IF NOT EXISTS unanswered (
    id INTEGER PRIMARY KEY, at REAL NOT NULL, user_id TEXT NOT NULL, text TEXT NOT NULL,
    decision TEXT NOT NULL, closest TEXT NOT NULL DEFAULT '', score REAL NOT NULL DEFAULT 0,
    tagged TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS unanswered_at ON unanswered (at);
CREATE TABLE IF NOT EXISTS tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT, user_id TEXT NOT NULL, display_name TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL,
    closed_at REAL, topic_id INTEGER, card TEXT NOT NULL DEFAULT '', tag TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS tickets_user ON tickets (user_id, status);
CREATE TABLE IF NOT EXISTS relay (
    id INTEGER PRIMARY KEY, ticket_id INTEGER NOT NULL, direction TEXT NOT NULL,
    src_chat TEXT NOT NULL, src_message TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'text',
    text TEXT NOT NULL DEFAULT '', author TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, dst_message TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL, sent_at REAL,
    UNIQUE (direction, src_chat, src_message));
CREATE INDEX IF NOT EXISTS relay_pending ON relay (status, id);
CREATE INDEX IF NOT EXISTS relay_dst ON relay (dst_message);
CREATE TABLE IF NOT EXISTS inbox (
    update_id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, payload TEXT NOT NULL,
    status TEXT NOT NULL, at REAL NOT NULL, replies TEXT NOT NULL DEFAULT '', sent INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS inbox_status ON inbox (status, update_id);
CREATE TABLE IF NOT EXISTS media_files (
    key TEXT PRIMARY KEY, file_id TEXT NOT NULL, at REAL NOT NULL);
"""
# Columns added after the first release: older databases get them at start.
MIGRATIONS = {
    "inbox": {"replies": "TEXT NOT NULL DEFAULT ''", "sent": "INTEGER NOT NULL DEFAULT 0"},
    "tickets": {"urgent_at": "REAL", "answered_at": "REAL", "waiting_since": "REAL",
                "closed_by": "TEXT NOT NULL DEFAULT ''", "topic_chat": "INTEGER"},
}


class Database:
    """A thin, thread-safe layer over one SQLite file (or ':memory:')."""

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time, busy_timeout: float = 5.0) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.clock = clock
        self._busy_timeout = busy_timeout
        self._lock = threading.RLock()
        self._depth = 0   # nesting of tx() in the thread holding the lock
        # Background checkpoints (`checkpoints_apart`): a second connection, used by one thread at a time.
        self._checkpointing = threading.Lock()
        self._checkpointer: sqlite3.Connection | None = None
        self._apart = False
        try:
            self._db = self._open(path, busy_timeout)
            self.upgrade()
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open the database {path}: {exc}") from exc

    @staticmethod
    def _open(path: Path | str, busy_timeout: float) -> sqlite3.Connection:
        db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=busy_timeout)
        db.row_factory = sqlite3.Row
        if str(path) != ":memory:":
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA secure_delete=ON")   # deleted personal data is overwritten, not left in free pages
        db.execute("PRAGMA journal_size_limit=1048576")   # a checkpointed WAL shrinks, old frames go
        db.executescript(SCHEMA)
        return db

    def upgrade(self) -> None:
        """Bring the tables of an older database file up to this version (safe to run again)."""
        with self._tx() as db:
            for table, columns in MIGRATIONS.items():
                have = {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}
                for name, declaration in columns.items():
                    if name not in have:
                        db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")
            # 'open' (topic made) of older versions: answered if an operator wrote, else still queued
            db.execute("UPDATE tickets SET status = CASE WHEN EXISTS (SELECT 1 FROM relay WHERE relay.ticket_id = "
                       "tickets.id AND direction = 'to_user' AND author != 'system') THEN 'answered' ELSE 'queued' "
                       "END WHERE status = 'open'")

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self.checkpoint()
            self._db.close()
            with self._checkpointing:   # after a background checkpoint in flight
                self._close_checkpointer()

    def checkpoints_apart(self, apart: bool = True) -> None:
        """Commits no longer checkpoint the write-ahead log: `checkpoint_passive` does, from another thread.

        SQLite checkpoints in the COMMIT that takes the log past 1,000 pages: it copies them into the database
        file and waits for the disk (fsync), 11-20 ms here about every 90th commit, on the thread that
        committed (the Telegram channel's event loop: every chat waits). Durability is unchanged: a commit is
        in the log either way, and the log is what survives a crash.
        """
        if str(self.path) != ":memory:":
            with self._lock:   # apart=False: back to SQLite's own (1,000 pages), e.g. once the channel stopped
                self._db.execute(f"PRAGMA wal_autocheckpoint={0 if apart else 1000}")
                self._apart = apart

    def checkpoint_passive(self) -> None:
        """Copy what the log holds into the database file without waiting for readers or writers (any thread).

        A connection of its own: the one the bot writes with stays free meanwhile, and SQLite lets the copy and
        the fsync run beside new commits.
        """
        if not self._apart:
            return
        with self._checkpointing:
            if self._checkpointer is None:
                self._checkpointer = sqlite3.connect(str(self.path), check_same_thread=False, isolation_level=None,
                                                     timeout=self._busy_timeout)
            self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def _close_checkpointer(self) -> None:
        if self._checkpointer is not None:
            with contextlib.suppress(sqlite3.Error):
                self._checkpointer.close()
            self._checkpointer = None

    def missing(self) -> bool:
        """The database file was deleted or moved while open: everything written now would be lost."""
        return str(self.path) != ":memory:" and not Path(self.path).exists()

    def rescue(self) -> bool:
        """The file was deleted while open: write back what this connection still reads and go on with the new
        file, so open tickets survive the next restart. False when that fails too (then the bot must stop)."""
        with self._lock:
            if self._depth:
                return False
            try:
                fresh = self._open(self.path, self._busy_timeout)
                self._db.backup(fresh)
                if self._apart:
                    fresh.execute("PRAGMA wal_autocheckpoint=0")
            except sqlite3.Error:
                return False
            self._db.close()
            self._db = fresh
            with self._checkpointing:   # it still has the deleted file open: the next checkpoint opens the new one
                self._close_checkpointer()
            return True

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the main file and empty it: deleted data leaves the WAL too."""
        with self._lock:
            if not self._depth and str(self.path) != ":memory:":
                with self._checkpointing:   # a background checkpoint in flight would leave the log busy
                    self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def tx(self) -> Iterator[None]:
        """One transaction; every store call inside commits together or not at all.

        Nested calls join the outer transaction, so a caller can make several writes one unit.
        """
        with self._tx():
            yield

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """The transaction with its connection: for the store's own modules only (all SQL lives there)."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._db
                finally:
                    self._depth -= 1
                return
            self._db.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield self._db
            except BaseException:
                self._depth = 0
                self._db.execute("ROLLBACK")
                raise
            self._depth = 0
            self._db.execute("COMMIT")

    def _rows(self, sql: str, args: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        """Read rows (outside or inside a transaction)."""
        with self._lock:
            return list(self._db.execute(sql, args))
