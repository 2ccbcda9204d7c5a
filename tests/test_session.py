"""The per-user state as stored: every field, nested values included, comes back as it was."""

from __future__ import annotations

import json
from dataclasses import asdict

from bot.session import Session


def full_session() -> Session:
    return Session("tg:1", flow="court", step="where", data={"kind": "divorce", "options": [["a", "甲"]]},
                   flow_at=5.0, last_intent="filing.how", last_at=6.0, last_aspect="fees", place="110105",
                   place_name="朝阳区", fallbacks=1, options=["filing.fees"], misses=2, facts={"k": "v"},
                   needs=["interpreter"], files=[{"kind": "photo", "file_id": "F"}],
                   handoff={"acks": 1}, drafts={"divorce": {"answers": {"name": "张三"}, "history": ["name"]}})


def test_a_session_with_nested_state_survives_json() -> None:
    session = full_session()
    assert Session.from_json(session.user_id, session.to_json()) == session


def test_the_stored_json_holds_every_field_as_asdict_gives_it() -> None:
    session = full_session()
    assert json.loads(session.to_json()) == asdict(session)
