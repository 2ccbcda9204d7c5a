"""The ticket desk as a state machine: queued -> answered -> closed (by whom), reopen, urgent, forget."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import HandoffConfig
from bot.handoff import CLOSED_NOTICE, REOPENED_NOTICE, USER_ENDED_NOTICE, Desk
from bot.store import Store
from tests.conftest import FakeClock


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    s = Store(tmp_path / "wuai.db", clock=clock)
    yield s
    s.close()


@pytest.fixture
def desk(store: Store, clock: FakeClock) -> Desk:
    return Desk(store, HandoffConfig(), clock)


def test_queued_until_an_operator_replies_then_answered(desk: Desk, clock: FakeClock) -> None:
    ticket = desk.create("u1", "小李", "card")
    assert ticket.status == "queued"
    desk.set_topic(ticket.id, 42)
    assert desk.get(ticket.id).status == "queued"          # a topic alone is no answer
    clock.advance(12 * 60)
    assert "等待回复，已等12分钟" in desk.describe(desk.get(ticket.id))
    desk.reply(ticket.id, "ops", "7", "text", "您好", "王")
    answered = desk.get(ticket.id)
    assert answered.status == "answered" and answered.answered_at == clock.now
    clock.advance(3600)
    assert desk.describe(answered).endswith("已回复（等了12分钟）")
    assert desk.active("u1") == answered                     # still open: the user can go on writing


def test_who_closed_it_is_recorded(desk: Desk) -> None:
    by_user = desk.create("u1", "甲", "")
    by_operator = desk.create("u2", "乙", "")
    desk.close(by_user.id, by="user")
    desk.close_by_operator(by_operator.id)
    assert desk.get(by_user.id).closed_by == "user"
    assert desk.get(by_operator.id).closed_by == "operator"
    assert desk.active("u1") is None
    board = desk.board()
    assert board[0] == "没有待处理的工单。"
    assert "#1 甲 · 已关闭：用户结束" in board and "#2 乙 · 已关闭：工作人员关闭" in board


def test_reopen_waits_for_an_operator_again(desk: Desk, clock: FakeClock) -> None:
    ticket = desk.create("u1", "甲", "")
    desk.reply(ticket.id, "ops", "1", "text", "好", "王")
    desk.close(ticket.id, by="user")
    clock.advance(600)
    reopened = desk.reopen(ticket.id)
    assert reopened is not None
    assert (reopened.status, reopened.closed_by, reopened.answered_at) == ("queued", "", None)
    assert reopened.waiting_since == clock.now


def test_urgent_tickets_are_listed_first_with_a_post_for_the_operators(desk: Desk) -> None:
    calm = desk.create("u1", "甲", "")
    danger = desk.create("u2", "乙", "")
    desk.mark_urgent(danger.id)
    assert [t.id for t in desk.open_tickets()] == [danger.id, calm.id]
    assert desk.board()[0].startswith(f"‼️紧急 #{danger.id} 乙")
    [card, post] = desk.conversation(danger.id)
    assert card.kind == "card" and post.kind == "notice" and post.text.splitlines()[0] == "‼️ 紧急：用户说有危险"
    assert desk.conversation(calm.id)[-1].kind == "card"


def test_forget_keeps_only_an_anonymous_number(desk: Desk, store: Store) -> None:
    old = desk.create("u1", "小李", "card with 小李")
    desk.queue(old.id, "to_operators", "u1", "5", "text", "我的电话13900139000", "user")
    desk.close(old.id)
    current = desk.create("u1", "小李", "card")
    closed = desk.forget_user("u1")
    store.forget("u1")
    assert closed is not None and closed.id == current.id
    tombstone = desk.get(current.id)
    assert (tombstone.status, tombstone.closed_by, tombstone.user_id, tombstone.display_name, tombstone.card) == \
        ("closed", "forget", "", "", "")
    assert desk.conversation(old.id) == [] and desk.conversation(current.id) == []
    assert "#2 （记录已删除） · 已关闭：用户删除了全部记录" in desk.board()
    assert desk.create("u3", "丙", "").id == 3                 # numbers are not handed out twice


def test_tickets_of_an_older_database_get_the_new_columns(tmp_path: Path, clock: FakeClock) -> None:
    store = Store(tmp_path / "old.db", clock=clock)
    store.close()
    db = sqlite3.connect(tmp_path / "old.db")   # the tickets table as the first release made it
    with db:
        db.execute("DROP TABLE tickets")
        db.execute("CREATE TABLE tickets (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL, display_name TEXT NOT NULL "
                   "DEFAULT '', status TEXT NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL, "
                   "closed_at REAL, topic_id INTEGER, card TEXT NOT NULL DEFAULT '', tag TEXT NOT NULL DEFAULT '')")
        for n in (1, 2):
            db.execute("INSERT INTO tickets (id, user_id, status, created_at, updated_at, topic_id) "
                       "VALUES (?, ?, 'open', 0, 0, ?)", (n, f"u{n}", n))
        db.execute("INSERT INTO relay (ticket_id, direction, src_chat, src_message, author, status, created_at) "
                   "VALUES (2, 'to_user', 'ops', '9', '王', 'sent', 0)")
    db.close()
    store = Store(tmp_path / "old.db", clock=clock)
    desk = Desk(store, HandoffConfig(), clock)
    assert [desk.get(1).status, desk.get(2).status] == ["queued", "answered"]
    assert desk.active("u1") is not None and desk.get(1).urgent_at is None
    store.close()


@pytest.mark.parametrize(("local", "expected"), [
    ("2027-01-15 18:00", "周一 09:00"),     # Friday evening
    ("2027-01-17 20:00", "明天 09:00"),     # Sunday evening
    ("2027-01-18 07:30", "今天 09:00"),     # Monday early
])
def test_when_staff_are_back(desk: Desk, local: str, expected: str) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    at = datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("Asia/Shanghai")).timestamp()
    assert not desk.in_hours(at)
    assert desk.back_at(at) == expected


def rows(desk: Desk, ticket_id: int) -> list[tuple[str, str, str]]:
    """(direction, kind, text) of a ticket's delivery rows, the card left out."""
    return [(r.direction, r.kind, r.text) for r in desk.conversation(ticket_id) if r.kind != "card"]


def test_a_user_ending_a_ticket_queues_the_operators_notice_and_the_topic_close(desk: Desk) -> None:
    ticket = desk.create("u1", "甲", "")
    closed = desk.close(ticket.id, by="user")
    assert closed is not None and (closed.status, closed.closed_by) == ("closed", "user")
    assert rows(desk, ticket.id) == [("to_operators", "notice", USER_ENDED_NOTICE),
                                     ("to_operators", "close_topic", "")]
    desk.close(ticket.id, by="user")                     # a second press changes nothing, queues nothing
    assert len(rows(desk, ticket.id)) == 2 and desk.get(ticket.id).closed_by == "user"


def test_an_operator_closing_queues_the_topic_close_and_the_users_notice(desk: Desk) -> None:
    ticket = desk.create("u1", "甲", "")
    desk.close_by_operator(ticket.id)
    assert rows(desk, ticket.id) == [("to_operators", "close_topic", ""), ("to_user", "text", CLOSED_NOTICE)]
    desk.close_by_operator(ticket.id)                    # closed already: the user is not told twice
    desk.close(ticket.id, by="user")
    assert len(rows(desk, ticket.id)) == 2 and desk.get(ticket.id).closed_by == "operator"


def test_reopening_queues_the_topic_reopen_and_a_notice(desk: Desk) -> None:
    ticket = desk.create("u1", "甲", "")
    desk.reopen(ticket.id)                               # open already: nothing to reopen
    assert rows(desk, ticket.id) == []
    desk.close(ticket.id, by="user")
    desk.reopen(ticket.id)
    assert rows(desk, ticket.id)[2:] == [("to_operators", "reopen_topic", ""),
                                         ("to_operators", "notice", REOPENED_NOTICE)]
    desk.close(ticket.id, by="user")                     # ended a second time: told again
    assert [kind for _d, kind, _t in rows(desk, ticket.id)].count("close_topic") == 2


def test_a_reply_to_a_closed_ticket_does_not_open_it(desk: Desk) -> None:
    ticket = desk.create("u1", "甲", "")
    desk.close(ticket.id, by="user")
    desk.reply(ticket.id, "ops", "3", "text", "还在吗", "王")
    after = desk.get(ticket.id)
    assert (after.status, after.answered_at) == ("closed", None) and desk.active("u1") is None


def test_an_answered_ticket_keeps_its_first_answer_time(desk: Desk, clock: FakeClock) -> None:
    ticket = desk.create("u1", "甲", "")
    desk.reply(ticket.id, "ops", "1", "text", "好", "王")
    first = clock.now
    clock.advance(60)
    desk.reply(ticket.id, "ops", "2", "text", "再说一句", "王")
    assert desk.reply(ticket.id, "ops", "2", "text", "再说一句", "王") is None   # the same message twice: once
    after = desk.get(ticket.id)
    assert (after.status, after.answered_at) == ("answered", first)
    assert [r.text for r in desk.pending("to_user", ticket_id=ticket.id)] == ["好", "再说一句"]


def test_forget_with_an_open_ticket_leaves_no_rows_to_deliver(desk: Desk) -> None:
    ticket = desk.create("u1", "小李", "card")
    desk.queue(ticket.id, "to_operators", "u1", "5", "text", "我叫小李", "user")
    desk.reply(ticket.id, "ops", "6", "text", "您好小李", "王")
    closed = desk.forget_user("u1")
    assert closed is not None and closed.id == ticket.id and closed.status == "answered"   # as it was, still open
    assert desk.pending() == [] and desk.get(ticket.id).closed_by == "forget"
    assert desk.forget_user("u1") is None
