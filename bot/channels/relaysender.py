"""The few Bot API calls the operators' relay makes, and python-telegram-bot's Bot behind them."""

from __future__ import annotations

from typing import Any, Protocol

from bot.channels import tgsend


class RelaySender(Protocol):
    """What the relay sends: texts, copies and topics. Failures raise `telegram.error` exceptions.

    Production passes `BotSender`; tests pass a fake that records calls or always fails.
    """

    @property
    def username(self) -> str:
        """The bot's own @name, to tell commands for it from commands for another bot."""
        ...

    async def send(self, chat_id: int, text: str, thread_id: int | None = None) -> int:
        """Post a text (below Telegram's length limit); returns the new message's id."""
        ...

    async def copy(self, chat_id: int, from_chat: int, message_id: int, *, thread_id: int | None = None,
                   caption: str | None = None) -> int:
        """Copy a message (a file keeps its file); returns the copy's id."""
        ...

    async def create_topic(self, chat_id: int, name: str) -> int:
        """Open a forum topic; returns its thread id."""
        ...

    async def edit_topic(self, chat_id: int, topic_id: int, name: str) -> None: ...

    async def close_topic(self, chat_id: int, topic_id: int) -> None: ...

    async def reopen_topic(self, chat_id: int, topic_id: int) -> None: ...

    async def delete_topic(self, chat_id: int, topic_id: int) -> None: ...


class BotSender:
    """`RelaySender` on a python-telegram-bot Bot; each call retried through network errors and 429s."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot

    @property
    def username(self) -> str:
        return str(self.bot.username or "")

    async def send(self, chat_id: int, text: str, thread_id: int | None = None) -> int:
        sent = await tgsend.call(lambda: self.bot.send_message(chat_id, text, message_thread_id=thread_id))
        return int(sent.message_id)

    async def copy(self, chat_id: int, from_chat: int, message_id: int, *, thread_id: int | None = None,
                   caption: str | None = None) -> int:
        copied = await tgsend.call(lambda: self.bot.copy_message(chat_id, from_chat, message_id, caption=caption,
                                                                 message_thread_id=thread_id), what="copyMessage")
        return int(copied.message_id)

    async def create_topic(self, chat_id: int, name: str) -> int:
        topic = await tgsend.call(lambda: self.bot.create_forum_topic(chat_id, name), what="createForumTopic")
        return int(topic.message_thread_id)

    async def edit_topic(self, chat_id: int, topic_id: int, name: str) -> None:
        await tgsend.call(lambda: self.bot.edit_forum_topic(chat_id, topic_id, name=name), what="editForumTopic")

    async def close_topic(self, chat_id: int, topic_id: int) -> None:
        await tgsend.call(lambda: self.bot.close_forum_topic(chat_id, topic_id), what="closeForumTopic")

    async def reopen_topic(self, chat_id: int, topic_id: int) -> None:
        await tgsend.call(lambda: self.bot.reopen_forum_topic(chat_id, topic_id), what="reopenForumTopic")

    async def delete_topic(self, chat_id: int, topic_id: int) -> None:
        await tgsend.call(lambda: self.bot.delete_forum_topic(chat_id, topic_id), what="deleteForumTopic")
