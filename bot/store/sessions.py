"""Each user's conversation state, one row a user."""

from __future__ import annotations

import dataclasses

from bot.privacy import mask
from bot.session import Session
from bot.store.base import Database


class Sessions(Database):
    def load_session(self, user_id: str) -> Session:
        rows = self._rows("SELECT state FROM sessions WHERE user_id = ?", (user_id,))
        return Session.from_json(user_id, rows[0]["state"]) if rows else Session(user_id)

    def save_session(self, session: Session) -> None:
        # The questions kept for follow-ups serve only for the kind of case they tell (借钱不还 我要告他): masked
        # like every other stored text, so a phone number or name in them is never written.
        if session.declined or session.case:
            session = dataclasses.replace(session, declined=mask(session.declined), case=mask(session.case))
        with self._tx() as db:
            db.execute("INSERT INTO sessions (user_id, state, updated_at) VALUES (?, ?, ?) "
                       "ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, "
                       "updated_at = excluded.updated_at", (session.user_id, session.to_json(), self.clock()))
