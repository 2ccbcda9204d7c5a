"""During a ticket: the user's drafts go to the person helping as plain text."""

from __future__ import annotations

from bot.forms.handover import draft_texts
from bot.session import Session
from tests.forms.test_screens import forms


def test_drafts_for_the_person_helping_name_the_case_type_and_skip_unknown_forms() -> None:
    session = Session("u1")
    session.drafts = {"divorce": {"answers": {"plaintiff.name": "李红"}, "history": ["plaintiff.name"]},
                      "gone": {"answers": {}, "history": []}}
    [text] = draft_texts(session, forms())
    assert "离婚" in text.splitlines()[0] and "李红" in text
    assert draft_texts(session, None) == []
