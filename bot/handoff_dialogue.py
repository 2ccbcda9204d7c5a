"""The handoff dialogue: opening a ticket, and what the user sees while a person handles the chat.

While a ticket is open (queued or answered) nothing the user does is met with silence:
- every message they write or send is relayed to the operators, and acknowledged (the first time with
  when staff will answer, then at most once every `handoff.ack_minutes`);
- a message about danger gets the emergency answer at once, and the ticket is marked urgent;
- commands and buttons keep working; what a flow found or the bot answered is shown to the operators;
- after "先问机器人" the bot also answers the questions it knows (they are still relayed);
- only /cancel, the 结束人工 button or the exact words 结束人工 end the handoff (取消 may answer an operator).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from bot import replies, texts
from bot.danger import EMERGENCY, is_danger
from bot.forms import handover
from bot.handoff import Desk, Ticket
from bot.intents import IntentSet
from bot.library import IntentLibrary
from bot.messages import Button, Incoming, Reply, answered, command, rows
from bot.normalize import normalize
from bot.protocol import (
    COMMANDS,
    HandoffButton,
    HandoffClosed,
    HandoffOpened,
    HandoffReopened,
    Relayed,
    Reopen,
    SendDraft,
    ShowIntent,
)
from bot.session import Session

# The engine's own routing (commands, buttons, flows, the matcher) for a message and its command.
BotRoute = Callable[[Session, Incoming, str, float], "list[Reply]"]
END_HUMAN = Button(texts.END_HUMAN, HandoffButton("end"))
ASK_BOT = Button(texts.ASK_BOT_BUTTON, HandoffButton("bot"))
WAIT_STAFF = Button(texts.WAIT_STAFF_BUTTON, HandoffButton("wait"))
BOT_KNOWS = ("answer", "clarify")


class HandoffDialogue:
    """Talks with a user about their ticket; the Desk makes every change to the ticket itself."""

    def __init__(self, desk: Desk, library: IntentLibrary, route: BotRoute) -> None:
        self.desk, self.library, self.route = desk, library, route

    @property
    def intents(self) -> IntentSet:
        return self.library.matcher.intents

    # opening ------------------------------------------------------------------------------------
    def start(self, s: Session, msg: Incoming | None, allow_reopen: bool = True) -> list[Reply]:
        """Open a ticket (or offer to reopen the last one); says so when one is open already."""
        active = self.desk.active(s.user_id)
        if active is not None:
            return [self._status(active)]
        closed = self.desk.recently_closed(s.user_id) if allow_reopen else None
        if closed is not None:
            return [self.reopen_offer(closed)]
        name = msg.display_name if msg else ""
        titles = {i.id: i.title for i in self.intents}
        ticket = self.desk.create(s.user_id, name or s.user_id, self.desk.card(s, name, titles))
        for f in s.files:
            self.desk.queue(ticket.id, "to_operators", s.user_id, f.get("ref", ""), f.get("kind", "document"),
                            f.get("file_id", ""), "user")
        s.files = []
        return self._opened(s, ticket)

    def offer_for(self, user_id: str) -> Reply | None:
        """After /start: offer to go on with a ticket closed recently (none while one is open)."""
        closed = self.desk.recently_closed(user_id) if self.desk.active(user_id) is None else None
        return self.reopen_offer(closed) if closed is not None else None

    def reopen_offer(self, ticket: Ticket) -> Reply:
        return Reply(texts.REOPEN_OFFER.format(ticket=ticket.id),
                     rows([Button(texts.REOPEN_BUTTON, Reopen(ticket.id)),
                           Button(texts.NEW_TICKET_BUTTON, HandoffButton("new")),
                           Button(texts.NO_THANKS, HandoffButton("no"))], 2))

    def button(self, s: Session, msg: Incoming, pressed: HandoffButton | Reopen) -> list[Reply]:
        """A handoff button pressed while no ticket is open."""
        if isinstance(pressed, HandoffButton) and pressed.choice in ("start", "yes", "new"):
            return self.start(s, msg, allow_reopen=pressed.choice != "new")
        if pressed == HandoffButton("no"):
            s.fallbacks = 0
            return [Reply(texts.NO_PROBLEM)]
        if isinstance(pressed, Reopen):
            ticket = self.desk.get(pressed.ticket)
            if ticket is not None and ticket.user_id == s.user_id and ticket.status == "closed":
                reopened = self.desk.reopen(ticket.id)
                assert reopened is not None
                return self._opened(s, reopened, reopened_ticket=True)
        return [replies.menu(self.intents, texts.STALE_BUTTON)]

    def _opened(self, s: Session, ticket: Ticket, reopened_ticket: bool = False) -> list[Reply]:
        s.leave_flow()
        s.fallbacks, s.misses, s.options = 0, 0, []
        s.handoff = {"ticket": ticket.id}
        ahead = self.desk.position(ticket) - 1
        lines = [texts.HANDOFF_OPENED.format(ticket=ticket.id),
                 texts.QUEUE_AHEAD.format(ahead=ahead) if ahead else texts.QUEUE_NEXT]
        if not self.desk.in_hours():
            lines.append(self.desk.outside_hours_text())
        lines += [texts.DANGER_HINT, texts.HANDOFF_HOWTO]
        buttons = [END_HUMAN, *([handover.SEND_DRAFT] if s.drafts else [])]
        if self.intents.get(EMERGENCY):
            buttons.append(Button(texts.EMERGENCY_BUTTON, ShowIntent(EMERGENCY)))
        opened = HandoffReopened(ticket.id) if reopened_ticket else HandoffOpened(ticket.id)
        return [Reply("\n".join(lines), rows(buttons, 2), actions=(opened,))]

    def forget(self, user_id: str) -> tuple[HandoffClosed, ...]:
        """/forget confirmed: the open ticket is closed; the channel must tell its operators."""
        ticket = self.desk.forget_user(user_id)
        if ticket is None:
            return ()
        return (HandoffClosed(ticket.id, "forget", ticket.topic_id or None, ticket.topic_chat or None),)

    # while a ticket is open ---------------------------------------------------------------------
    def during(self, s: Session, msg: Incoming, ticket: Ticket, now: float) -> list[Reply]:
        """Answer one message of a user whose ticket is open."""
        state = self._state(s, ticket)
        cmd = command(msg)   # typed /commands and c:/ buttons only: a lone 取消 may answer an operator
        spec = COMMANDS.get(cmd.partition(" ")[0])
        during = spec.in_handoff if spec is not None else ""
        pressed = msg.pressed
        if during == "end" or pressed == END_HUMAN.data or (
                not msg.payload and normalize(msg.text) == texts.END_HUMAN):
            return self._end(s, ticket)
        if isinstance(pressed, HandoffButton | Reopen):
            return [self._ticket_button(ticket, pressed, state)]
        if during == "status":
            return [self._status(ticket)]
        if isinstance(pressed, SendDraft):
            return handover.send_draft(self.desk, s, ticket.id, self.library.forms)
        if cmd or msg.payload:
            out = self._bot(s, msg, cmd, now, ticket)
            return [*out, self._status(ticket)] if during == "answer_and_status" and s.user_id else out
        return self._relay(s, msg, ticket, now, state)

    def _relay(self, s: Session, msg: Incoming, ticket: Ticket, now: float, state: dict[str, Any]) -> list[Reply]:
        """A message for the staff: relayed always; danger answered at once; otherwise acknowledged."""
        danger = is_danger(msg.text, self.library.matcher)
        if danger:   # the alarm reaches the topic before the message itself
            self.desk.mark_urgent(ticket.id)
        kind = msg.attachment.kind if msg.attachment else msg.kind
        content = msg.attachment.file_id if msg.attachment else msg.text
        ref = msg.ref
        if msg.forwarded_from:   # not the user's own words: the operators read whose they are first
            origin = texts.OPS_FORWARDED.format(origin=msg.forwarded_from)
            if kind == "text":   # posted as text (a copy would drop the origin), once per message as before
                ref, content = f"forwarded:{msg.ref}", f"{origin}\n{content}"
            else:
                self.desk.queue(ticket.id, "to_operators", s.user_id, f"forwarded:{msg.ref}", "text", origin, "user")
        self.desk.queue(ticket.id, "to_operators", s.user_id, ref, kind, content, "user")
        out = [Reply(actions=(Relayed(ticket.id),))]
        if danger:
            return out + self._danger(now, state)
        if msg.kind == "text" and msg.text and (s.flow or (state.get("bot") and self._bot_knows(msg.text))):
            answer = self._bot(s, msg, "", now, ticket)
            if answer and state.get("bot") and not s.flow and answer[0].text:
                first = answer[0]
                answer[0] = replace(first, text=f"{texts.BOT_PREFIX}{first.text}")
            out += answer
        ack = self._ack(now, state)
        return out + ([ack] if ack else [])

    def _bot_knows(self, text: str) -> bool:
        return self.library.matcher.match(text).decision in BOT_KNOWS

    def _bot(self, s: Session, msg: Incoming, cmd: str, now: float, ticket: Ticket) -> list[Reply]:
        """Let the bot answer as it would outside a ticket; tell the operators what the user was told."""
        flow_before, facts_before = s.flow, dict(s.facts)
        out = self.route(s, msg, cmd, now)
        if not s.user_id:   # /forget: nothing more may be written for this user
            return out
        state = self._state(s, ticket)
        if s.flow and not flow_before:
            state["facts"] = facts_before
        if flow_before and s.flow != flow_before:
            before = state.pop("facts", {})
            found = [f"{k}：{v}" for k, v in s.facts.items() if before.get(k) != v]
            if found:
                self.desk.note(ticket.id, texts.OPS_FLOW_RESULT.format(facts="；".join(found)))
        intent = self.intents.get(answered(out))
        if intent is not None:
            self.desk.note(ticket.id, texts.OPS_BOT_ANSWERED.format(title=intent.title))
        return out

    def _danger(self, now: float, state: dict[str, Any]) -> list[Reply]:
        emergency = self.intents.get(EMERGENCY)
        # The answer alone: its "找工作人员?" offer is moot, a person has the ticket already.
        out = replies.answer(self.intents, emergency)[:1] if emergency else [Reply(texts.DANGER_ANSWER)]
        told = texts.URGENT_ACK
        if not self.desk.in_hours(now):
            told += "\n" + texts.URGENT_OUT_OF_HOURS.format(back=self.desk.back_at(now))
        if "acked_at" in state:   # the first acknowledgement (with the hours) still comes with the next message
            state["acked_at"] = now
        return [*out, Reply(told)]

    def _ack(self, now: float, state: dict[str, Any]) -> Reply | None:
        last = state.get("acked_at")
        if last is not None and now - float(last) < self.desk.config.ack_minutes * 60:
            return None
        state["acked_at"] = now
        if last is not None:
            return Reply(texts.ACK_AGAIN)
        buttons = [END_HUMAN] if state.get("bot") else [ASK_BOT, END_HUMAN]
        if self.desk.in_hours(now):
            text = texts.ACK_FIRST_IN_HOURS.format(end=self.desk.config.end)
        else:
            text = texts.ACK_FIRST_OUT_OF_HOURS.format(back=self.desk.back_at(now))
        return Reply(text, rows(buttons, 2))

    def _ticket_button(self, ticket: Ticket, pressed: HandoffButton | Reopen, state: dict[str, Any]) -> Reply:
        if pressed == ASK_BOT.data:
            state["bot"] = True
            return Reply(texts.ASK_BOT_ON, rows([WAIT_STAFF, END_HUMAN], 2))
        if pressed == WAIT_STAFF.data:
            state["bot"] = False
            return Reply(texts.ASK_BOT_OFF, rows([ASK_BOT, END_HUMAN], 2))
        return self._status(ticket)   # "找工作人员", reopen...: a person is on it already

    def _end(self, s: Session, ticket: Ticket) -> list[Reply]:
        s.leave_flow()
        s.handoff = {}
        self.desk.close(ticket.id, by="user")
        return [Reply(texts.HANDOFF_ENDED, rows([replies.HUMAN], 1),
                      actions=(HandoffClosed(ticket.id, "user"),))]

    @staticmethod
    def _status(ticket: Ticket) -> Reply:
        return Reply(texts.IN_TICKET.format(ticket=ticket.id), rows([END_HUMAN], 1))

    @staticmethod
    def _state(s: Session, ticket: Ticket) -> dict[str, Any]:
        """This ticket's dialogue state in the session (a new ticket starts afresh)."""
        if s.handoff.get("ticket") != ticket.id:
            s.handoff = {"ticket": ticket.id}
        return s.handoff
