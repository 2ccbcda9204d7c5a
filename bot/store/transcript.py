"""The masked transcript (for the operators' card) and the questions the bot could not answer."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from bot.privacy import mask
from bot.store.base import Database


@dataclass(frozen=True)
class Line:
    """One transcript line (already masked)."""

    at: float
    direction: str
    text: str
    intent: str


class Transcript(Database):
    def log(self, user_id: str, direction: str, text: str, intent: str = "", at: float | None = None) -> None:
        """Keep a masked transcript line (for the operators' summary card)."""
        with self._tx() as db:
            db.execute("INSERT INTO transcript (user_id, at, direction, text, intent) VALUES (?, ?, ?, ?, ?)",
                       (user_id, at or self.clock(), direction, mask(text)[:2000], intent))

    def recent(self, user_id: str, limit: int = 20) -> list[Line]:
        rows = self._rows("SELECT at, direction, text, intent FROM transcript WHERE user_id = ? "
                          "ORDER BY id DESC LIMIT ?", (user_id, limit))
        return [Line(r["at"], r["direction"], r["text"], r["intent"]) for r in reversed(rows)]

    def record_unanswered(self, user_id: str, text: str, decision: str, closest: str = "",
                          score: float = 0.0, tagged: str = "", at: float | None = None) -> None:
        with self._tx() as db:
            db.execute("INSERT INTO unanswered (at, user_id, text, decision, closest, score, tagged) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (at or self.clock(), user_id, mask(text)[:1000], decision, closest, score, tagged))

    def unanswered_since(self, since: float) -> list[sqlite3.Row]:
        """Unanswered and tagged questions (at, user_id, text, decision, closest, score, tagged), oldest first."""
        return self._rows("SELECT at, user_id, text, decision, closest, score, tagged FROM unanswered "
                          "WHERE at >= ? ORDER BY at, id", (since,))
