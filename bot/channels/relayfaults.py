"""What a Bot API error means for one relayed message: wait for the group, reopen the topic, or skip it."""

from __future__ import annotations

from telegram.error import BadRequest, Forbidden, TelegramError

from bot import texts

# What Telegram's error descriptions say, and what it means for a relay (lower case).
TOPIC_GONE = ("message thread not found", "topic_deleted", "topic_id_invalid")
GROUP_DOWN = ("chat not found", "not a forum", "not enough rights", "chat_admin_required", "need administrator",
              "bot was kicked", "bot is not a member", "have no rights")
WHY = texts.OPS_WHY


def problem(exc: TelegramError, direction: str) -> str:
    """outage (wait and retry), topic (deleted: open a new one), blocked (user side) or message (skip it)."""
    text = str(exc).lower()
    if isinstance(exc, Forbidden):
        return "outage" if direction == "to_operators" else "blocked"
    if not isinstance(exc, BadRequest):
        return "outage"   # network errors, 5xx, 429
    if direction == "to_operators":
        if any(t in text for t in TOPIC_GONE):
            return "topic"
        if any(t in text for t in GROUP_DOWN):
            return "outage"   # the group itself: operators can fix it, everything waits
    elif "chat not found" in text:
        return "blocked"
    return "message"


def reason(exc: TelegramError) -> str:
    """Why a message was skipped, in words for the operators' topic."""
    return next((text for needle, text in WHY if needle in str(exc).lower()), texts.OPS_REFUSED.format(error=exc))
