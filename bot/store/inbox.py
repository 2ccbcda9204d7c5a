"""The inbox of platform updates: stored before they are confirmed, handled exactly once."""

from __future__ import annotations

import sqlite3

from bot.store.base import Database


class Inbox(Database):
    def receive(self, update_id: int, chat_id: int, payload: str, status: str = "received") -> bool:
        """Keep an update until it is handled; False when it was received before (a redelivery).

        status 'skipped' records an update that could not be kept (handled in memory only).
        """
        with self._tx() as db:
            cur = db.execute("INSERT OR IGNORE INTO inbox (update_id, chat_id, payload, status, at) "
                             "VALUES (?, ?, ?, ?, ?)", (update_id, chat_id, payload, status, self.clock()))
            return bool(cur.rowcount)

    def unfinished(self) -> list[sqlite3.Row]:
        """Updates not finished (e.g. the process stopped in between), oldest first.

        'received': not handled yet (payload kept); 'answered': handled, `replies` still to send from `sent` on.
        """
        return self._rows("SELECT update_id, chat_id, payload, status, replies, sent FROM inbox "
                          "WHERE status IN ('received', 'answered') ORDER BY update_id")

    def answered(self, update_id: int, replies: str) -> None:
        """The engine has answered: keep the replies (with the new state) instead of the update."""
        with self._tx() as db:
            db.execute("UPDATE inbox SET status = 'answered', payload = '', replies = ?, sent = 0 "
                       "WHERE update_id = ?", (replies, update_id))

    def progress(self, update_id: int, sent: int) -> None:
        """How many of an update's replies Telegram has accepted."""
        with self._tx() as db:
            db.execute("UPDATE inbox SET sent = ? WHERE update_id = ?", (sent, update_id))

    def finish(self, update_id: int) -> None:
        """The update was handled: drop its content, keep its id so a redelivery is ignored."""
        with self._tx() as db:
            db.execute("UPDATE inbox SET status = 'done', payload = '', replies = '' WHERE update_id = ?",
                       (update_id,))

    def forget_updates(self, chat_id: int) -> None:
        """Drop a chat's handled updates (ids only, the content is gone already), after /forget."""
        with self._tx() as db:
            db.execute("DELETE FROM inbox WHERE chat_id = ? AND status IN ('done', 'skipped')", (chat_id,))

    def next_offset(self) -> int:
        rows = self._rows("SELECT MAX(update_id) AS m FROM inbox")
        top = rows[0]["m"]
        return int(top) + 1 if top is not None else 0

