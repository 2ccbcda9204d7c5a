"""The SQLite store: sessions, transcripts, unanswered questions, tickets and relay state."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.errors import StorageError
from bot.privacy import mask
from bot.session import Session

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
MIGRATIONS = {"inbox": {"replies": "TEXT NOT NULL DEFAULT ''", "sent": "INTEGER NOT NULL DEFAULT 0"}}



@dataclass(frozen=True)
class Line:
    """One transcript line (already masked)."""

    at: float
    direction: str
    text: str
    intent: str


class Store:
    """A thin, thread-safe layer over one SQLite file (or ':memory:')."""

    def __init__(self, path: Path | str, clock: Callable[[], float] = time.time, busy_timeout: float = 5.0) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.clock = clock
        self._lock = threading.RLock()
        self._depth = 0   # nesting of tx() in the thread holding the lock
        try:
            self._db = self._open(path, busy_timeout)
            for table, columns in MIGRATIONS.items():
                self.add_columns(table, columns)
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

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self.checkpoint()
            self._db.close()

    def missing(self) -> bool:
        """The database file was deleted or moved while open: everything written now would be lost."""
        return str(self.path) != ":memory:" and not Path(self.path).exists()

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the main file and empty it: deleted data leaves the WAL too."""
        with self._lock:
            if not self._depth and str(self.path) != ":memory:":
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction; everything inside commits together or not at all.

        Nested calls join the outer transaction, so a caller can make several writes one unit.
        """
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

    def add_columns(self, table: str, columns: dict[str, str]) -> None:
        """Add the columns a newer version needs to a table of an existing database file."""
        with self.tx() as db:
            have = {row["name"] for row in db.execute(f"PRAGMA table_info({table})")}
            for name, declaration in columns.items():
                if name not in have:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")

    def query(self, sql: str, args: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._db.execute(sql, args))

    # sessions ---------------------------------------------------------------------------------
    def load_session(self, user_id: str) -> Session:
        rows = self.query("SELECT state FROM sessions WHERE user_id = ?", (user_id,))
        return Session.from_json(user_id, rows[0]["state"]) if rows else Session(user_id)

    def save_session(self, session: Session) -> None:
        with self.tx() as db:
            db.execute("INSERT INTO sessions (user_id, state, updated_at) VALUES (?, ?, ?) "
                       "ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, "
                       "updated_at = excluded.updated_at", (session.user_id, session.to_json(), self.clock()))

    # transcript -------------------------------------------------------------------------------
    def log(self, user_id: str, direction: str, text: str, intent: str = "", at: float | None = None) -> None:
        """Keep a masked transcript line (for the operators' summary card)."""
        with self.tx() as db:
            db.execute("INSERT INTO transcript (user_id, at, direction, text, intent) VALUES (?, ?, ?, ?, ?)",
                       (user_id, at or self.clock(), direction, mask(text)[:2000], intent))

    def recent(self, user_id: str, limit: int = 20) -> list[Line]:
        rows = self.query("SELECT at, direction, text, intent FROM transcript WHERE user_id = ? "
                          "ORDER BY id DESC LIMIT ?", (user_id, limit))
        return [Line(r["at"], r["direction"], r["text"], r["intent"]) for r in reversed(rows)]

    # unanswered questions ---------------------------------------------------------------------
    def record_unanswered(self, user_id: str, text: str, decision: str, closest: str = "",
                          score: float = 0.0, tagged: str = "", at: float | None = None) -> None:
        with self.tx() as db:
            db.execute("INSERT INTO unanswered (at, user_id, text, decision, closest, score, tagged) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (at or self.clock(), user_id, mask(text)[:1000], decision, closest, score, tagged))

    def unanswered_since(self, since: float) -> list[sqlite3.Row]:
        return self.query("SELECT at, text, decision, closest, score, tagged FROM unanswered "
                          "WHERE at >= ? ORDER BY at", (since,))

    # privacy ----------------------------------------------------------------------------------
    def forget(self, user_id: str) -> None:
        """Delete everything stored about one user."""
        with self.tx() as db:
            tickets = [r["id"] for r in db.execute("SELECT id FROM tickets WHERE user_id = ?", (user_id,))]
            for ticket in tickets:
                db.execute("DELETE FROM relay WHERE ticket_id = ?", (ticket,))
            for table in ("sessions", "transcript", "unanswered", "tickets"):
                db.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))
        self.checkpoint()   # a no-op inside an outer transaction: its owner checkpoints after the commit

    def purge(self, retention_days: float, unanswered_days: float, now: float | None = None) -> int:
        """Delete conversations and closed tickets older than the retention period."""
        now = now or self.clock()
        cut, cut_unanswered = now - retention_days * 86400, now - unanswered_days * 86400
        with self.tx() as db:
            n = db.execute("DELETE FROM transcript WHERE at < ?", (cut,)).rowcount
            n += db.execute("DELETE FROM sessions WHERE updated_at < ?", (cut,)).rowcount
            n += db.execute("DELETE FROM unanswered WHERE at < ?", (cut_unanswered,)).rowcount
            old = [r["id"] for r in db.execute(
                "SELECT id FROM tickets WHERE status = 'closed' AND closed_at < ?", (cut,))]
            for ticket in old:
                n += db.execute("DELETE FROM relay WHERE ticket_id = ?", (ticket,)).rowcount
                n += db.execute("DELETE FROM tickets WHERE id = ?", (ticket,)).rowcount
            db.execute("DELETE FROM inbox WHERE status IN ('done', 'skipped') AND at < ?", (now - 7 * 86400,))
        self.checkpoint()
        return n

    # inbox of platform updates: stored before they are confirmed, handled exactly once ---------
    def receive(self, update_id: int, chat_id: int, payload: str, status: str = "received") -> bool:
        """Keep an update until it is handled; False when it was received before (a redelivery).

        status 'skipped' records an update that could not be kept (handled in memory only).
        """
        with self.tx() as db:
            cur = db.execute("INSERT OR IGNORE INTO inbox (update_id, chat_id, payload, status, at) "
                             "VALUES (?, ?, ?, ?, ?)", (update_id, chat_id, payload, status, self.clock()))
            return bool(cur.rowcount)

    def unfinished(self) -> list[sqlite3.Row]:
        """Updates not finished (e.g. the process stopped in between), oldest first.

        'received': not handled yet (payload kept); 'answered': handled, `replies` still to send from `sent` on.
        """
        return self.query("SELECT update_id, chat_id, payload, status, replies, sent FROM inbox "
                          "WHERE status IN ('received', 'answered') ORDER BY update_id")

    def answered(self, update_id: int, replies: str) -> None:
        """The engine has answered: keep the replies (with the new state) instead of the update."""
        with self.tx() as db:
            db.execute("UPDATE inbox SET status = 'answered', payload = '', replies = ?, sent = 0 "
                       "WHERE update_id = ?", (replies, update_id))

    def progress(self, update_id: int, sent: int) -> None:
        """How many of an update's replies Telegram has accepted."""
        with self.tx() as db:
            db.execute("UPDATE inbox SET sent = ? WHERE update_id = ?", (sent, update_id))

    def finish(self, update_id: int) -> None:
        """The update was handled: drop its content, keep its id so a redelivery is ignored."""
        with self.tx() as db:
            db.execute("UPDATE inbox SET status = 'done', payload = '', replies = '' WHERE update_id = ?",
                       (update_id,))

    def forget_updates(self, chat_id: int) -> None:
        """Drop a chat's handled updates (ids only, the content is gone already), after /forget."""
        with self.tx() as db:
            db.execute("DELETE FROM inbox WHERE chat_id = ? AND status IN ('done', 'skipped')", (chat_id,))

    def next_offset(self) -> int:
        rows = self.query("SELECT MAX(update_id) AS m FROM inbox")
        top = rows[0]["m"]
        return int(top) + 1 if top is not None else 0

    # media already uploaded to a platform: sent again by its file id ----------------------------
    def media_file_id(self, key: str) -> str | None:
        rows = self.query("SELECT file_id FROM media_files WHERE key = ?", (key,))
        return str(rows[0]["file_id"]) if rows else None

    def remember_media(self, key: str, file_id: str) -> None:
        with self.tx() as db:
            db.execute("INSERT INTO media_files (key, file_id, at) VALUES (?, ?, ?) ON CONFLICT (key) "
                       "DO UPDATE SET file_id = excluded.file_id, at = excluded.at", (key, file_id, self.clock()))

    def forget_media(self, key: str) -> None:
        with self.tx() as db:
            db.execute("DELETE FROM media_files WHERE key = ?", (key,))
