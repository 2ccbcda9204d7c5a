"""The SQLite store: every SQL statement of the bot lives in this package, one module per concern."""

from __future__ import annotations

from bot.store.base import Database
from bot.store.inbox import Inbox
from bot.store.media import MediaFiles
from bot.store.sessions import Sessions
from bot.store.tickets import Relay, Ticket, Tickets
from bot.store.transcript import Line, Transcript


class Store(Sessions, Transcript, Inbox, Tickets, MediaFiles):
    """Sessions, transcript, unanswered questions, inbox, tickets, relays and media ids over one connection."""

    # privacy: these span every table ------------------------------------------------------------
    def forget(self, user_id: str) -> None:
        """Delete everything stored about one user."""
        with self._tx() as db:
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
        with self._tx() as db:
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


__all__ = ["Database", "Line", "Relay", "Store", "Ticket"]
