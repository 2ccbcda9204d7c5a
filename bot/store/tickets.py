"""Tickets of the human handoff and their relay rows (messages carried until delivered)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from bot.privacy import mask
from bot.store.base import Database

ACTIVE = ("queued", "answered")   # queued: waiting for an operator; answered: an operator has replied


@dataclass(frozen=True)
class Ticket:
    id: int
    user_id: str
    display_name: str
    status: str
    created_at: float
    closed_at: float | None
    topic_id: int | None
    card: str
    tag: str
    urgent_at: float | None = None     # when the user first said they were in danger
    answered_at: float | None = None   # first operator reply since the user started waiting
    waiting_since: float | None = None
    closed_by: str = ""                # "operator" | "user" | "forget"

    def waited(self, now: float) -> float:
        """Seconds from asking for a person to the first reply (to now or the close, while nobody replied)."""
        start = self.waiting_since or self.created_at
        return max(0.0, (self.answered_at or self.closed_at or now) - start)
    topic_chat: int | None = None       # the operators' group the topic is in


@dataclass(frozen=True)
class Relay:
    """One message to carry between a user and the operators, until it is delivered."""

    id: int
    ticket_id: int
    direction: str          # "to_operators" | "to_user"
    src_chat: str
    src_message: str
    kind: str
    text: str
    author: str
    attempts: int


def _ticket(r: sqlite3.Row) -> Ticket:
    return Ticket(r["id"], r["user_id"], r["display_name"], r["status"], r["created_at"], r["closed_at"],
                  r["topic_id"], r["card"], r["tag"], r["urgent_at"], r["answered_at"], r["waiting_since"],
                  r["closed_by"], r["topic_chat"])


def _relay(r: sqlite3.Row) -> Relay:
    return Relay(r["id"], r["ticket_id"], r["direction"], r["src_chat"], r["src_message"], r["kind"], r["text"],
                 r["author"], r["attempts"])


class Tickets(Database):
    # reading ------------------------------------------------------------------------------------
    def ticket(self, ticket_id: int) -> Ticket | None:
        rows = self._rows("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        return _ticket(rows[0]) if rows else None

    def active_ticket(self, user_id: str) -> Ticket | None:
        rows = self._rows("SELECT * FROM tickets WHERE user_id = ? AND status IN ('queued', 'answered') "
                          "ORDER BY id DESC LIMIT 1", (user_id,))
        return _ticket(rows[0]) if rows else None

    def closed_ticket(self, user_id: str, since: float) -> Ticket | None:
        """The user's last ticket closed at `since` or later."""
        rows = self._rows("SELECT * FROM tickets WHERE user_id = ? AND status = 'closed' AND closed_at >= ? "
                          "ORDER BY id DESC LIMIT 1", (user_id, since))
        return _ticket(rows[0]) if rows else None

    def open_tickets(self) -> list[Ticket]:
        """Tickets not closed: urgent ones first, then oldest first."""
        rows = self._rows("SELECT * FROM tickets WHERE status IN ('queued', 'answered') "
                          "ORDER BY urgent_at IS NULL, urgent_at, id")
        return [_ticket(r) for r in rows]

    def closed_tickets(self, since: float, limit: int = 10) -> list[Ticket]:
        rows = self._rows("SELECT * FROM tickets WHERE status = 'closed' AND closed_at >= ? "
                          "ORDER BY closed_at DESC, id DESC LIMIT ?", (since, limit))
        return [_ticket(r) for r in rows]

    def ticket_by_topic(self, topic_id: int, chat_id: int | None = None) -> Ticket | None:
        """The ticket of a topic in the operators' group `chat_id` (topics of an earlier group never match)."""
        rows = self._rows("SELECT * FROM tickets WHERE topic_id = ? AND (topic_chat = ? OR topic_chat IS NULL "
                          "OR ? IS NULL) ORDER BY id DESC LIMIT 1", (topic_id, chat_id, chat_id))
        return _ticket(rows[0]) if rows else None

    def tickets_ahead(self, ticket_id: int) -> int:
        """Active tickets opened before this one."""
        rows = self._rows("SELECT COUNT(*) AS n FROM tickets WHERE status IN ('queued', 'answered') AND id < ?",
                          (ticket_id,))
        return int(rows[0]["n"])

    # changing -----------------------------------------------------------------------------------
    def add_ticket(self, user_id: str, display_name: str, card: str) -> int:
        now = self.clock()
        with self._tx() as db:
            cur = db.execute("INSERT INTO tickets (user_id, display_name, status, created_at, updated_at, card, "
                             "waiting_since) VALUES (?, ?, 'queued', ?, ?, ?, ?)",
                             (user_id, display_name, now, now, card, now))
            return int(cur.lastrowid or 0)

    def set_ticket_topic(self, ticket_id: int, topic_id: int | None, chat_id: int | None) -> None:
        with self._tx() as db:
            db.execute("UPDATE tickets SET topic_id = ?, topic_chat = ?, updated_at = ? WHERE id = ?",
                       (topic_id, chat_id, self.clock(), ticket_id))

    def close_ticket(self, ticket_id: int, by: str) -> bool:
        """Close an active ticket; False when it was not active."""
        now = self.clock()
        with self._tx() as db:
            return bool(db.execute("UPDATE tickets SET status = 'closed', closed_at = ?, closed_by = ?, "
                                   "updated_at = ? WHERE id = ? AND status IN ('queued', 'answered')",
                                   (now, by, now, ticket_id)).rowcount)

    def reopen_ticket(self, ticket_id: int) -> bool:
        """A closed ticket waits for an operator again; False when it was not closed."""
        now = self.clock()
        with self._tx() as db:
            return bool(db.execute("UPDATE tickets SET status = 'queued', closed_at = NULL, closed_by = '', "
                                   "answered_at = NULL, waiting_since = ?, updated_at = ? "
                                   "WHERE id = ? AND status = 'closed'", (now, now, ticket_id)).rowcount)

    def answer_ticket(self, ticket_id: int) -> None:
        """A queued ticket becomes answered (an operator replied)."""
        now = self.clock()
        with self._tx() as db:
            db.execute("UPDATE tickets SET status = 'answered', answered_at = ?, updated_at = ? "
                       "WHERE id = ? AND status = 'queued'", (now, now, ticket_id))

    def urgent_ticket(self, ticket_id: int) -> None:
        now = self.clock()
        with self._tx() as db:
            db.execute("UPDATE tickets SET urgent_at = COALESCE(urgent_at, ?), updated_at = ? WHERE id = ?",
                       (now, now, ticket_id))

    def tag_ticket(self, ticket_id: int, tag: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE tickets SET tag = ? WHERE id = ?", (tag, ticket_id))

    def anonymise_tickets(self, user_id: str) -> None:
        """A user's tickets keep only their number, times and who closed them; their relayed messages go."""
        with self._tx() as db:
            for row in db.execute("SELECT id FROM tickets WHERE user_id = ?", (user_id,)).fetchall():
                db.execute("DELETE FROM relay WHERE ticket_id = ?", (row["id"],))
            db.execute("UPDATE tickets SET user_id = '', display_name = '', card = '', tag = '' WHERE user_id = ?",
                       (user_id,))

    # relay rows ---------------------------------------------------------------------------------
    def add_relay(self, ticket_id: int, direction: str, src_chat: str, src_message: str, kind: str, text: str,
                  author: str) -> int | None:
        """Queue a message for delivery; None when this source message is queued already."""
        with self._tx() as db:
            cur = db.execute("INSERT OR IGNORE INTO relay (ticket_id, direction, src_chat, src_message, kind, text, "
                             "author, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                             (ticket_id, direction, src_chat, src_message, kind, text, author, self.clock()))
            return int(cur.lastrowid or 0) if cur.rowcount else None

    def pending_relays(self, direction: str | None = None, ticket_id: int | None = None, limit: int = 100,
                       user_id: str | None = None) -> list[Relay]:
        sql = "SELECT * FROM relay WHERE status = 'pending'"
        args: list[object] = []
        if user_id is not None:
            sql += " AND ticket_id IN (SELECT id FROM tickets WHERE user_id = ?)"
            args.append(user_id)
        if direction:
            sql += " AND direction = ?"
            args.append(direction)
        if ticket_id is not None:
            sql += " AND ticket_id = ?"
            args.append(ticket_id)
        return [_relay(r) for r in self._rows(sql + " ORDER BY id LIMIT ?", (*args, limit))]

    def relay_done(self, relay_id: int, dst_message: str, status: str) -> None:
        """A relay left the queue (sent or failed); a user's own words are kept only masked from here on."""
        with self._tx() as db:
            row = db.execute("SELECT direction, text FROM relay WHERE id = ?", (relay_id,)).fetchone()
            text = mask(row["text"]) if row is not None and row["direction"] == "to_operators" else None
            db.execute("UPDATE relay SET status = ?, dst_message = ?, sent_at = ?, text = COALESCE(?, text) "
                       "WHERE id = ?", (status, dst_message, self.clock(), text, relay_id))

    def relay_attempt_failed(self, relay_id: int) -> None:
        with self._tx() as db:
            db.execute("UPDATE relay SET attempts = attempts + 1 WHERE id = ?", (relay_id,))

    def relays(self, ticket_id: int) -> list[Relay]:
        """Every relay row of a ticket, oldest first."""
        return [_relay(r) for r in self._rows("SELECT * FROM relay WHERE ticket_id = ? ORDER BY id", (ticket_id,))]
