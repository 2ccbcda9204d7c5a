"""Tickets for the human handoff, and the relay queue that makes sure no message is lost."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.config import HandoffConfig
from bot.privacy import mask
from bot.session import Session
from bot.store import Store
from bot.store.tickets import ACTIVE, Relay, Ticket

__all__ = ["ACTIVE", "CLOSED_BY", "Desk", "Relay", "Ticket", "duration"]

CLOSED_NOTICE, USER_ENDED_NOTICE, REOPENED_NOTICE = texts.CLOSED_NOTICE, texts.USER_ENDED_NOTICE, texts.REOPENED_NOTICE
CLOSED_BY = texts.CLOSED_BY


def _typed(text: str) -> bool:
    """A question the user typed (not a command, a button press or a file marker)."""
    return not text.startswith(("/", texts.BUTTON_MARK, "[")) and bool(text.strip())


def duration(seconds: float) -> str:
    """A waiting time in plain words: 不到1分钟, 12分钟, 3小时5分钟, 2天."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return texts.WAIT_UNDER_A_MINUTE
    if minutes < 60:
        return texts.WAIT_MINUTES.format(minutes=minutes)
    if minutes < 24 * 60:
        return texts.WAIT_HOURS.format(hours=minutes // 60) + (texts.WAIT_MINUTES.format(minutes=minutes % 60)
                                                               if minutes % 60 else "")
    return texts.WAIT_DAYS.format(days=minutes // (24 * 60))


class Desk:
    """The ticket desk: owns every change of a ticket and the delivery rows each change needs.

    States: queued (waiting for an operator) -> answered (an operator replied) -> closed (by the user,
    an operator or /forget); a closed ticket can be reopened by its user (queued again). Every channel
    sees the same rows: what the operators' group and the user must be told is queued here, not by a channel.
    """

    def __init__(self, store: Store, config: HandoffConfig, clock: Callable[[], float] = time.time) -> None:
        self.store, self.config, self.clock = store, config, clock

    # tickets ------------------------------------------------------------------------------------
    def get(self, ticket_id: int) -> Ticket | None:
        return self.store.ticket(ticket_id)

    def active(self, user_id: str) -> Ticket | None:
        return self.store.active_ticket(user_id)

    def recently_closed(self, user_id: str) -> Ticket | None:
        return self.store.closed_ticket(user_id, self.clock() - self.config.reopen_days * 86400)

    def open_tickets(self) -> list[Ticket]:
        """Tickets not closed: urgent ones first, then oldest first."""
        return self.store.open_tickets()

    def closed_since(self, since: float, limit: int = 10) -> list[Ticket]:
        return self.store.closed_tickets(since, limit)

    def by_topic(self, topic_id: int, chat_id: int | None = None) -> Ticket | None:
        """The ticket of a topic in the operators' group `chat_id` (topics of an earlier group never match)."""
        return self.store.ticket_by_topic(topic_id, chat_id)

    def create(self, user_id: str, display_name: str, card: str) -> Ticket:
        with self.store.tx():
            ticket_id = self.store.add_ticket(user_id, display_name[:64], card)
            # The card is queued first, so operators read it before anything the user sends next.
            self.queue(ticket_id, "to_operators", "system", f"card:{ticket_id}", "card", "", "system")
        ticket = self.get(ticket_id)
        assert ticket is not None
        return ticket

    def set_topic(self, ticket_id: int, topic_id: int, chat_id: int | None = None) -> None:
        """The operators' topic exists: operators can read and reply (the status stays queued until they do)."""
        self.store.set_ticket_topic(ticket_id, topic_id, chat_id)

    def lose_topic(self, ticket_id: int) -> None:
        """The topic was deleted (or is in another group): a new one is opened for the ticket."""
        self.store.set_ticket_topic(ticket_id, None, None)

    def close(self, ticket_id: int, by: str = "user") -> Ticket | None:
        """Close an active ticket, recording who closed it ("operator", "user" or "forget").

        Closed by the user: the operators are told and the topic is closed. Closed by an operator: the
        topic is closed (the user's notice is `close_by_operator`'s). /forget: see `forget_user`.
        """
        with self.store.tx():
            closed = self.store.close_ticket(ticket_id, by)
            if closed and by == "user":
                self.note(ticket_id, USER_ENDED_NOTICE)
            if closed and by in ("user", "operator"):
                self.queue(ticket_id, "to_operators", "system", "", "close_topic", "", "system")
        return self.get(ticket_id)

    def reopen(self, ticket_id: int) -> Ticket | None:
        """The user comes back to a closed ticket: it waits for an operator again, in its topic reopened."""
        with self.store.tx():
            if self.store.reopen_ticket(ticket_id):
                self.queue(ticket_id, "to_operators", "system", "", "reopen_topic", "", "system")
                self.note(ticket_id, REOPENED_NOTICE)
        return self.get(ticket_id)

    def reply(self, ticket_id: int, src_chat: str, src_message: str = "", kind: str = "text", text: str = "",
              author: str = "operator") -> int | None:
        """An operator's message for the user: queued for delivery, and a queued ticket becomes answered."""
        with self.store.tx():
            relay = self.queue(ticket_id, "to_user", src_chat, src_message, kind, text, author)
            self.store.answer_ticket(ticket_id)
        return relay

    def mark_urgent(self, ticket_id: int) -> None:
        """The user said they are in danger: listed first from now on, and a clear post for the operators."""
        with self.store.tx():
            self.store.urgent_ticket(ticket_id)
            self.note(ticket_id, texts.OPS_URGENT.format(ticket=ticket_id))

    def note(self, ticket_id: int, text: str) -> None:
        """A line from the bot for the operators of this ticket (what the user was told, an alarm)."""
        self.queue(ticket_id, "to_operators", "system", "", "notice", text, "system")

    def forget_user(self, user_id: str) -> Ticket | None:
        """Before /forget: close the user's open ticket; every ticket of theirs stays only as an anonymous number.

        Returns the ticket that was open (its topic must be closed). The number, the times and who closed it
        are kept so operators see what happened; nothing about the person is.
        """
        active = self.active(user_id)
        with self.store.tx():
            if active is not None:
                self.close(active.id, by="forget")
            self.store.anonymise_tickets(user_id)
        return active

    def tag(self, ticket_id: int, intent_id: str) -> None:
        """An operator says which intent this conversation was about: its questions become candidates."""
        ticket = self.get(ticket_id)
        if ticket is None:
            return
        self.store.tag_ticket(ticket_id, intent_id)
        for line in self.store.recent(ticket.user_id, 10):
            if line.direction == "in" and line.at >= ticket.created_at - 3600 and _typed(line.text):
                self.store.record_unanswered(ticket.user_id, line.text, "tagged", tagged=intent_id, at=line.at)

    def position(self, ticket: Ticket) -> int:
        """Place in the queue: active tickets opened before this one, plus one."""
        return self.store.tickets_ahead(ticket.id) + 1

    def outside_hours_text(self) -> str:
        """What to tell a user outside working hours (config text, or one built from the hours)."""
        c = self.config
        if c.outside_hours_text:
            return c.outside_hours_text
        names = texts.WEEKDAYS
        days = sorted(set(c.days))
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
            when = texts.WEEKDAY_RANGE.format(first=names[days[0] - 1], last=names[days[-1] - 1])
        else:
            when = "、".join(texts.WEEKDAY.format(day=names[d - 1]) for d in days)
        return texts.OUTSIDE_HOURS.format(when=when, start=c.start, end=c.end)

    def in_hours(self, now: float | None = None) -> bool:
        c = self.config
        local = datetime.fromtimestamp(now or self.clock(), ZoneInfo(c.timezone))
        hhmm = local.strftime("%H:%M")
        return local.isoweekday() in c.days and c.start <= hhmm < c.end

    def back_at(self, now: float | None = None) -> str:
        """When staff are next at work, in plain words: 今天 09:00, 明天 09:00, 周一 09:00."""
        c = self.config
        local = datetime.fromtimestamp(now or self.clock(), ZoneInfo(c.timezone))
        for ahead in range(8):
            day = local + timedelta(days=ahead)
            if day.isoweekday() in c.days and (ahead or local.strftime("%H:%M") < c.start):
                name = {0: texts.TODAY, 1: texts.TOMORROW}.get(
                    ahead, texts.WEEKDAY.format(day=texts.WEEKDAYS[day.isoweekday() - 1]))
                return f"{name} {c.start}"
        return c.start

    # the operators' view ------------------------------------------------------------------------
    def describe(self, ticket: Ticket, now: float | None = None) -> str:
        """One line: urgent mark, number, name, and how long the user waited or who closed it."""
        now = now or self.clock()
        urgent = texts.BOARD_URGENT if ticket.urgent_at and ticket.status != "closed" else ""
        name = ticket.display_name or texts.BOARD_NO_NAME
        if ticket.status == "queued":
            state = texts.BOARD_WAITING.format(waited=duration(ticket.waited(now)))
        elif ticket.status == "answered":
            state = texts.BOARD_ANSWERED.format(waited=duration(ticket.waited(now)))
        else:
            state = texts.BOARD_CLOSED.format(by=CLOSED_BY.get(ticket.closed_by, texts.CLOSED_SOMEHOW))
        return f"{urgent}#{ticket.id} {name} · {state}"

    def board(self, now: float | None = None, suffix: Callable[[Ticket], str] = lambda _t: "") -> list[str]:
        """Open tickets (urgent first) with their waiting time, then those closed in the last day and by whom."""
        now = now or self.clock()
        lines = [self.describe(t, now) + suffix(t) for t in self.open_tickets()] or [texts.BOARD_EMPTY]
        closed = self.closed_since(now - 86400)
        if closed:
            lines += ["", texts.BOARD_CLOSED_HEAD] + [self.describe(t, now) + suffix(t) for t in closed]
        return lines

    # summary card -------------------------------------------------------------------------------
    def card(self, session: Session, display_name: str, titles: dict[str, str]) -> str:
        """What the operator needs so the user never has to repeat the story."""
        lines = self.store.recent(session.user_id, 30)
        asked = [ln.text for ln in lines if ln.direction == "in" and _typed(ln.text)][-8:]
        answered: list[str] = []
        for ln in lines:
            title = titles.get(ln.intent, "")
            if ln.direction == "out" and title and title not in answered:
                answered.append(title)
        when = datetime.fromtimestamp(self.clock(), ZoneInfo(self.config.timezone)).strftime("%Y-%m-%d %H:%M")
        out = [texts.CARD_USER.format(name=mask(display_name) or texts.CARD_NO_NAME), texts.CARD_TIME.format(when=when),
               "", texts.CARD_ASKED]
        out += [f"· {q}" for q in asked] or [f"·{texts.CARD_NONE}"]
        out += ["", texts.CARD_ANSWERED + ("；".join(answered[-6:]) if answered else texts.CARD_NONE)]
        if session.facts:
            out += ["", texts.CARD_FACTS] + [f"· {k}：{v}" for k, v in session.facts.items()]
        out += ["", texts.CARD_NEEDS + ("；".join(session.needs) if session.needs else texts.CARD_NOT_SAID)]
        return "\n".join(out)

    # relay --------------------------------------------------------------------------------------
    def queue(self, ticket_id: int, direction: str, src_chat: str, src_message: str = "", kind: str = "text",
              text: str = "", author: str = "") -> int | None:
        """Queue a message for delivery; None when this source message is queued already."""
        return self.store.add_relay(ticket_id, direction, src_chat, src_message or uuid.uuid4().hex, kind, text,
                                    author)

    def pending(self, direction: str | None = None, ticket_id: int | None = None, limit: int = 100,
                user_id: str | None = None) -> list[Relay]:
        return self.store.pending_relays(direction, ticket_id, limit, user_id)

    def delivered(self, relay_id: int, dst_message: str = "", status: str = "sent") -> None:
        """Mark a relay delivered; a user's own words are kept only masked from here on."""
        self.store.relay_done(relay_id, dst_message, status)

    def give_up(self, relay_id: int, reason: str) -> None:
        """Telegram refuses this message for good: it stops blocking the ones behind it."""
        self.delivered(relay_id, reason, status="failed")

    def attempt_failed(self, relay_id: int) -> None:
        self.store.relay_attempt_failed(relay_id)

    def conversation(self, ticket_id: int) -> list[Relay]:
        """Every relayed message of a ticket, oldest first (for `wuai tickets N`)."""
        return self.store.relays(ticket_id)

    def close_by_operator(self, ticket_id: int, notice: str = CLOSED_NOTICE) -> Ticket | None:
        """Close from the operators' side: the topic is closed and the user's notice queued like any reply."""
        with self.store.tx():
            ticket = self.close(ticket_id, by="operator")
            if ticket is not None and ticket.closed_by == "operator":
                self.queue(ticket_id, "to_user", "operators", f"close:{ticket_id}:{ticket.closed_at}", "text",
                           notice, "system")
        return ticket
