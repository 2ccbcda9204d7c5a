"""Which Bot API errors hold a ticket's queue and which ones only skip one message."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.channels.relayfaults import problem, reason


@pytest.mark.parametrize(("error", "direction", "expected"), [
    (TimedOut(), "to_operators", "outage"),
    (NetworkError("Bad Gateway"), "to_user", "outage"),
    (RetryAfter(5), "to_operators", "outage"),
    (Forbidden("Forbidden: bot was kicked from the supergroup chat"), "to_operators", "outage"),
    (BadRequest("Chat not found"), "to_operators", "outage"),
    (BadRequest("Bad Request: the chat is not a forum"), "to_operators", "outage"),
    (BadRequest("Message thread not found"), "to_operators", "topic"),
    (BadRequest("Message to copy not found"), "to_operators", "message"),
    (BadRequest("Message can't be copied"), "to_operators", "message"),
    (BadRequest("Message is too long"), "to_operators", "message"),
    (Forbidden("Forbidden: bot was blocked by the user"), "to_user", "blocked"),
    (BadRequest("Chat not found"), "to_user", "blocked"),
    (BadRequest("Message can't be copied"), "to_user", "message"),
])
def test_problem(error: Exception, direction: str, expected: str) -> None:
    assert problem(error, direction) == expected   # type: ignore[arg-type]


def test_reason_in_words() -> None:
    assert reason(BadRequest("Message to copy not found")) == "对方已经删除了这条消息"
    assert reason(BadRequest("Wrong file identifier")).startswith("Telegram 拒绝了：")
