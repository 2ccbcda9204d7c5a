"""Tickets for the human handoff, and the relay queue that makes sure no message is lost."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import texts
from bot.config import HandoffConfig
from bot.privacy import mask
from bot.session import Session
from bot.store import Store

CLOSED_NOTICE = "工作人员已经结束这次人工服务。有问题可以接着问我，需要时再点“找工作人员”。"
ACTIVE = ("queued", "answered")   # queued: waiting for an operator; answered: an operator has replied
CLOSED_BY = {"operator": "工作人员关闭", "user": "用户结束", "forget": "用户删除了全部记录"}
# Columns added after the first release: existing databases get them on start.
COLUMNS = {"urgent_at": "REAL", "answered_at": "REAL", "waiting_since": "REAL",
           "closed_by": "TEXT NOT NULL DEFAULT ''", "topic_chat": "INTEGER"}


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


def _typed(text: str) -> bool:
    """A question the user typed (not a command, a button press or a file marker)."""
    return not text.startswith(("/", "[按钮]", "[")) and bool(text.strip())


def _ticket(row: object) -> Ticket:
    r = row  # sqlite3.Row
    return Ticket(r["id"], r["user_id"], r["display_name"], r["status"], r["created_at"],  # type: ignore[index]
                  r["closed_at"], r["topic_id"], r["card"], r["tag"], r["urgent_at"],  # type: ignore[index]
                  r["answered_at"], r["waiting_since"], r["closed_by"], r["topic_chat"])  # type: ignore[index]


def duration(seconds: float) -> str:
    """A waiting time in plain words: 不到1分钟, 12分钟, 3小时5分钟, 2天."""
    minutes = int(seconds // 60)
    if minutes < 1:
        return "不到1分钟"
    if minutes < 60:
        return f"{minutes}分钟"
    if minutes < 24 * 60:
        return f"{minutes // 60}小时" + (f"{minutes % 60}分钟" if minutes % 60 else "")
    return f"{minutes // (24 * 60)}天"


class Desk:
    """The ticket desk: opening, closing and relaying, independent of any channel."""

    def __init__(self, store: Store, config: HandoffConfig, clock: Callable[[], float] = time.time) -> None:
        self.store, self.config, self.clock = store, config, clock
        store.add_columns("tickets", COLUMNS)
        with store.tx() as db:   # 'open' (topic made) of older versions: answered if an operator wrote
            db.execute("UPDATE tickets SET status = CASE WHEN EXISTS (SELECT 1 FROM relay WHERE relay.ticket_id = "
                       "tickets.id AND direction = 'to_user' AND author != 'system') THEN 'answered' ELSE 'queued' "
                       "END WHERE status = 'open'")

    # tickets ------------------------------------------------------------------------------------
    def get(self, ticket_id: int) -> Ticket | None:
        rows = self.store.query("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        return _ticket(rows[0]) if rows else None

    def active(self, user_id: str) -> Ticket | None:
        rows = self.store.query("SELECT * FROM tickets WHERE user_id = ? AND status IN ('queued', 'answered') "
                                "ORDER BY id DESC LIMIT 1", (user_id,))
        return _ticket(rows[0]) if rows else None

    def recently_closed(self, user_id: str) -> Ticket | None:
        since = self.clock() - self.config.reopen_days * 86400
        rows = self.store.query("SELECT * FROM tickets WHERE user_id = ? AND status = 'closed' AND closed_at >= ? "
                                "ORDER BY id DESC LIMIT 1", (user_id, since))
        return _ticket(rows[0]) if rows else None

    def open_tickets(self) -> list[Ticket]:
        """Tickets not closed: urgent ones first, then oldest first."""
        rows = self.store.query("SELECT * FROM tickets WHERE status IN ('queued', 'answered') "
                                "ORDER BY urgent_at IS NULL, urgent_at, id")
        return [_ticket(r) for r in rows]

    def closed_since(self, since: float, limit: int = 10) -> list[Ticket]:
        rows = self.store.query("SELECT * FROM tickets WHERE status = 'closed' AND closed_at >= ? "
                                "ORDER BY closed_at DESC, id DESC LIMIT ?", (since, limit))
        return [_ticket(r) for r in rows]

    def by_topic(self, topic_id: int, chat_id: int | None = None) -> Ticket | None:
        """The ticket of a topic in the operators' group `chat_id` (topics of an earlier group never match)."""
        rows = self.store.query("SELECT * FROM tickets WHERE topic_id = ? AND (topic_chat = ? OR topic_chat IS NULL "
                                "OR ? IS NULL) ORDER BY id DESC LIMIT 1", (topic_id, chat_id, chat_id))
        return _ticket(rows[0]) if rows else None

    def create(self, user_id: str, display_name: str, card: str) -> Ticket:
        now = self.clock()
        with self.store.tx() as db:
            cur = db.execute("INSERT INTO tickets (user_id, display_name, status, created_at, updated_at, card, "
                             "waiting_since) VALUES (?, ?, 'queued', ?, ?, ?, ?)",
                             (user_id, display_name[:64], now, now, card, now))
            ticket_id = int(cur.lastrowid or 0)
        # The card is queued first, so operators read it before anything the user sends next.
        self.queue(ticket_id, "to_operators", "system", f"card:{ticket_id}", "card", "", "system")
        ticket = self.get(ticket_id)
        assert ticket is not None
        return ticket

    def set_topic(self, ticket_id: int, topic_id: int, chat_id: int | None = None) -> None:
        """The operators' topic exists: operators can read and reply (the status stays queued until they do)."""
        with self.store.tx() as db:
            db.execute("UPDATE tickets SET topic_id = ?, topic_chat = ?, updated_at = ? WHERE id = ?",
                       (topic_id, chat_id, self.clock(), ticket_id))

    def lose_topic(self, ticket_id: int) -> None:
        """The topic was deleted (or is in another group): a new one is opened for the ticket."""
        with self.store.tx() as db:
            db.execute("UPDATE tickets SET topic_id = NULL, topic_chat = NULL, updated_at = ? WHERE id = ?",
                       (self.clock(), ticket_id))

    def close(self, ticket_id: int, by: str = "user") -> Ticket | None:
        """Close an active ticket, recording who closed it ("operator", "user" or "forget")."""
        now = self.clock()
        with self.store.tx() as db:
            db.execute("UPDATE tickets SET status = 'closed', closed_at = ?, closed_by = ?, updated_at = ? "
                       "WHERE id = ? AND status IN ('queued', 'answered')", (now, by, now, ticket_id))
        return self.get(ticket_id)

    def reopen(self, ticket_id: int) -> Ticket | None:
        """The user comes back to a closed ticket: it waits for an operator again."""
        now = self.clock()
        with self.store.tx() as db:
            db.execute("UPDATE tickets SET status = 'queued', closed_at = NULL, closed_by = '', answered_at = NULL, "
                       "waiting_since = ?, updated_at = ? WHERE id = ? AND status = 'closed'", (now, now, ticket_id))
        return self.get(ticket_id)

    def reply(self, ticket_id: int, src_chat: str, src_message: str = "", kind: str = "text", text: str = "",
              author: str = "operator") -> int | None:
        """An operator's message for the user: queued for delivery, and a queued ticket becomes answered."""
        now = self.clock()
        with self.store.tx() as db:
            relay = self.queue(ticket_id, "to_user", src_chat, src_message, kind, text, author)
            db.execute("UPDATE tickets SET status = 'answered', answered_at = ?, updated_at = ? "
                       "WHERE id = ? AND status = 'queued'", (now, now, ticket_id))
        return relay

    def mark_urgent(self, ticket_id: int) -> None:
        """The user said they are in danger: listed first from now on, and a clear post for the operators."""
        now = self.clock()
        with self.store.tx() as db:
            db.execute("UPDATE tickets SET urgent_at = COALESCE(urgent_at, ?), updated_at = ? WHERE id = ?",
                       (now, now, ticket_id))
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
        with self.store.tx() as db:
            if active is not None:
                self.close(active.id, by="forget")
            for row in db.execute("SELECT id FROM tickets WHERE user_id = ?", (user_id,)).fetchall():
                db.execute("DELETE FROM relay WHERE ticket_id = ?", (row["id"],))
            db.execute("UPDATE tickets SET user_id = '', display_name = '', card = '', tag = '' WHERE user_id = ?",
                       (user_id,))
        return active

    def tag(self, ticket_id: int, intent_id: str) -> None:
        """An operator says which intent this conversation was about: its questions become candidates."""
        ticket = self.get(ticket_id)
        if ticket is None:
            return
        with self.store.tx() as db:
            db.execute("UPDATE tickets SET tag = ? WHERE id = ?", (intent_id, ticket_id))
        for line in self.store.recent(ticket.user_id, 10):
            if line.direction == "in" and line.at >= ticket.created_at - 3600 and _typed(line.text):
                self.store.record_unanswered(ticket.user_id, line.text, "tagged", tagged=intent_id, at=line.at)

    def position(self, ticket: Ticket) -> int:
        """Place in the queue: active tickets opened before this one, plus one."""
        rows = self.store.query("SELECT COUNT(*) AS n FROM tickets WHERE status IN ('queued', 'answered') AND id < ?",
                                (ticket.id,))
        return int(rows[0]["n"]) + 1

    def outside_hours_text(self) -> str:
        """What to tell a user outside working hours (config text, or one built from the hours)."""
        c = self.config
        if c.outside_hours_text:
            return c.outside_hours_text
        names = "一二三四五六日"
        days = sorted(set(c.days))
        if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
            when = f"周{names[days[0] - 1]}到周{names[days[-1] - 1]}"
        else:
            when = "、".join(f"周{names[d - 1]}" for d in days)
        return f"现在是下班时间。工作人员上班后会在这里回复你（{when} {c.start}-{c.end}）。"

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
                name = {0: "今天", 1: "明天"}.get(ahead, f"周{'一二三四五六日'[day.isoweekday() - 1]}")
                return f"{name} {c.start}"
        return c.start

    # the operators' view ------------------------------------------------------------------------
    def describe(self, ticket: Ticket, now: float | None = None) -> str:
        """One line: urgent mark, number, name, and how long the user waited or who closed it."""
        now = now or self.clock()
        urgent = "‼️紧急 " if ticket.urgent_at and ticket.status != "closed" else ""
        name = ticket.display_name or "（记录已删除）"
        if ticket.status == "queued":
            state = f"等待回复，已等{duration(ticket.waited(now))}"
        elif ticket.status == "answered":
            state = f"已回复（等了{duration(ticket.waited(now))}）"
        else:
            state = f"已关闭：{CLOSED_BY.get(ticket.closed_by, '已关闭')}"
        return f"{urgent}#{ticket.id} {name} · {state}"

    def board(self, now: float | None = None, suffix: Callable[[Ticket], str] = lambda _t: "") -> list[str]:
        """Open tickets (urgent first) with their waiting time, then those closed in the last day and by whom."""
        now = now or self.clock()
        lines = [self.describe(t, now) + suffix(t) for t in self.open_tickets()] or ["没有待处理的工单。"]
        closed = self.closed_since(now - 86400)
        if closed:
            lines += ["", "最近一天关闭的："] + [self.describe(t, now) + suffix(t) for t in closed]
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
        out = [f"用户：{mask(display_name) or '（未提供）'}", f"时间：{when}", "", "最近的问题："]
        out += [f"· {q}" for q in asked] or ["·（没有）"]
        out += ["", "机器人回答过：" + ("；".join(answered[-6:]) if answered else "（没有）")]
        if session.facts:
            out += ["", "查询里填过："] + [f"· {k}：{v}" for k, v in session.facts.items()]
        out += ["", "需要：" + ("；".join(session.needs) if session.needs else "（没说）")]
        return "\n".join(out)

    # relay --------------------------------------------------------------------------------------
    def queue(self, ticket_id: int, direction: str, src_chat: str, src_message: str = "", kind: str = "text",
              text: str = "", author: str = "") -> int | None:
        """Queue a message for delivery; None when this source message is queued already."""
        src_message = src_message or uuid.uuid4().hex
        with self.store.tx() as db:
            cur = db.execute("INSERT OR IGNORE INTO relay (ticket_id, direction, src_chat, src_message, kind, text, "
                             "author, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                             (ticket_id, direction, src_chat, src_message, kind, text, author, self.clock()))
            return int(cur.lastrowid or 0) if cur.rowcount else None

    def pending(self, direction: str | None = None, ticket_id: int | None = None, limit: int = 100,
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
        rows = self.store.query(sql + " ORDER BY id LIMIT ?", (*args, limit))
        return [Relay(r["id"], r["ticket_id"], r["direction"], r["src_chat"], r["src_message"], r["kind"],
                      r["text"], r["author"], r["attempts"]) for r in rows]

    def delivered(self, relay_id: int, dst_message: str = "", status: str = "sent") -> None:
        """Mark a relay delivered; a user's own words are kept only masked from here on."""
        with self.store.tx() as db:
            row = db.execute("SELECT direction, text FROM relay WHERE id = ?", (relay_id,)).fetchone()
            text = mask(row["text"]) if row is not None and row["direction"] == "to_operators" else None
            db.execute("UPDATE relay SET status = ?, dst_message = ?, sent_at = ?, text = COALESCE(?, text) "
                       "WHERE id = ?", (status, dst_message, self.clock(), text, relay_id))

    def give_up(self, relay_id: int, reason: str) -> None:
        """Telegram refuses this message for good: it stops blocking the ones behind it."""
        self.delivered(relay_id, reason, status="failed")

    def attempt_failed(self, relay_id: int) -> None:
        with self.store.tx() as db:
            db.execute("UPDATE relay SET attempts = attempts + 1 WHERE id = ?", (relay_id,))

    def conversation(self, ticket_id: int) -> list[Relay]:
        """Every relayed message of a ticket, oldest first (for `wuai tickets N`)."""
        rows = self.store.query("SELECT * FROM relay WHERE ticket_id = ? ORDER BY id", (ticket_id,))
        return [Relay(r["id"], r["ticket_id"], r["direction"], r["src_chat"], r["src_message"], r["kind"],
                      r["text"], r["author"], r["attempts"]) for r in rows]

    def close_by_operator(self, ticket_id: int, notice: str = CLOSED_NOTICE) -> Ticket | None:
        """Close from the operators' side and queue the user's notice (delivered like any reply)."""
        ticket = self.close(ticket_id, by="operator")
        if ticket is not None:
            self.queue(ticket_id, "to_user", "operators", f"close:{ticket_id}:{ticket.closed_at}", "text",
                       notice, "system")
        return ticket
