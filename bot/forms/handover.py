"""During a ticket: the user's complaint drafts go to the person helping, as plain text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.forms import texts as t
from bot.forms.model import FormSet
from bot.forms.render import plain_text
from bot.messages import Button, Reply
from bot.protocol import Relayed, SendDraft
from bot.session import Session

if TYPE_CHECKING:
    from bot.handoff import Desk

SEND_DRAFT = Button(t.SEND_DRAFT, SendDraft())   # offered when a ticket opens


def send_draft(desk: Desk, s: Session, ticket_id: int, forms: FormSet | None) -> list[Reply]:
    """Queue every draft for the operators, and tell the user whether there was one."""
    drafts = draft_texts(s, forms)
    for text in drafts:
        desk.queue(ticket_id, "to_operators", s.user_id, "", "text", text, "user")
    return [Reply(t.SENT_DRAFT if drafts else t.NO_DRAFT, actions=(Relayed(ticket_id),))]


def draft_texts(session: Session, forms: FormSet | None) -> list[str]:
    """Plain-text drafts for the person helping (sent during a ticket)."""
    out = []
    for form_id, draft in session.drafts.items():
        form = forms.get(form_id) if forms else None
        if form is not None:
            out.append(t.DRAFT_HEAD.format(case_type=form.case_type, answered=len(draft['history']))
                       + plain_text(form, draft["answers"]))
    return out
