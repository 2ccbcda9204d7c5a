"""Raw SQL for tests that look at or damage the database file directly (the bot's code never does)."""

from __future__ import annotations

import sqlite3

from bot.store import Store


def sql(store: Store, statement: str, args: tuple[object, ...] = ()) -> list[sqlite3.Row]:
    """Run one statement in its own transaction (or the test's open one) and return its rows."""
    with store._tx() as db:
        return list(db.execute(statement, args))
