"""The operators' Telegram group: one forum topic per ticket, a summary card, relay both ways."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from telegram import Message
from telegram.error import BadRequest, TelegramError

from bot.channels import tgsend
from bot.handoff import Relay, Ticket
from bot.messages import Action

if TYPE_CHECKING:
    from bot.channels.telegram import TelegramChannel

log = logging.getLogger(__name__)
UNREACHABLE = "工作人员群暂时联系不上。你的消息已经保存好，联系上以后马上转过去，不会丢。"
OPERATOR_HELP = ("工单命令（在工单话题里用）：/close 结束工单，/note 文字 内部备注（用户看不到），"
                 "/ticket 再看摘要，/tag 意图id 标记问题类型。群里：/tickets 列出工单，/reload 重新加载意图。")


class OperatorsRelay:
    """Creates topics, posts cards and carries messages; everything waits in the store until delivered."""

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel
        self.desk = channel.engine.desk
        self.config = channel.config.handoff
        self._retry_at: dict[int, float] = {}      # relay or ticket id -> when to try again
        self._told_unreachable: set[int] = set()

    @property
    def chat_id(self) -> int:
        return self.config.operators_chat_id

    # actions from the engine --------------------------------------------------------------------
    def on_action(self, action: Action, user_id: str) -> None:
        ticket_id = int(action.data.get("ticket", "0") or 0)
        if not ticket_id:
            return
        if action.kind == "handoff.closed":
            by = action.data.get("by", "user")
            if by == "forget":
                topic = action.data.get("topic", "")
                if topic.isdigit():
                    self.channel.app.create_task(self._forgotten(int(topic)))
                return
            self.desk.queue(ticket_id, "to_operators", "system", f"closed:{ticket_id}:{time.time()}", "notice",
                            "用户结束了人工服务。工单已关闭。", "system")
            self.desk.queue(ticket_id, "to_operators", "system", f"close:{ticket_id}:{time.time()}",
                            "close_topic", "", "system")
        elif action.kind == "handoff.reopened":
            self.desk.queue(ticket_id, "to_operators", "system", f"reopen:{ticket_id}:{time.time()}",
                            "reopen_topic", "", "system")
            self.desk.queue(ticket_id, "to_operators", "system", f"reopened:{ticket_id}:{time.time()}", "notice",
                            "用户重新打开了这个工单。", "system")

    async def _forgotten(self, topic_id: int) -> None:
        if not self.chat_id:
            return
        try:
            await tgsend.call(lambda: self.channel.bot.send_message(
                self.chat_id, "用户用 /forget 删除了全部记录，工单已关闭。", message_thread_id=topic_id))
            await tgsend.call(lambda: self.channel.bot.close_forum_topic(self.chat_id, topic_id))
        except TelegramError as exc:
            log.warning("could not close a forgotten ticket's topic: %s", type(exc).__name__)

    async def notify(self, text: str) -> None:
        """A message for the whole operators' group (e.g. an intent reload that was refused)."""
        if not self.chat_id:
            return
        for chunk in tgsend.split_text(text):
            try:
                await tgsend.call(lambda c=chunk: self.channel.bot.send_message(self.chat_id, c))  # type: ignore[misc]
            except TelegramError as exc:
                log.warning("operators' group notice failed: %s", type(exc).__name__)
                return

    # delivery -----------------------------------------------------------------------------------
    async def deliver_pending(self) -> None:
        """One round: open topics for new tickets, then every pending relay in order."""
        now = time.time()
        if self.chat_id:
            for ticket in self.desk.open_tickets():
                if ticket.topic_id is None and self._retry_at.get(-ticket.id, 0) <= now:
                    await self._open_topic(ticket)
        blocked: set[tuple[int, str]] = set()
        for relay in self.desk.pending(limit=500):
            key = (relay.ticket_id, relay.direction)
            if key in blocked or self._retry_at.get(relay.id, 0) > now:
                blocked.add(key)   # keep each ticket's messages in order
                continue
            if not await self._deliver(relay):
                blocked.add(key)

    async def _open_topic(self, ticket: Ticket) -> None:
        bot = self.channel.bot
        name = f"#{ticket.id} {ticket.display_name}"[:120]
        try:
            topic = await tgsend.call(lambda: bot.create_forum_topic(self.chat_id, name), what="createForumTopic")
        except TelegramError as exc:
            self._unreachable(ticket.id, ticket.user_id, exc, -ticket.id)
            return
        self.desk.set_topic(ticket.id, topic.message_thread_id)
        self._told_unreachable.discard(ticket.id)

    async def _deliver(self, relay: Relay) -> bool:
        ticket = self.desk.get(relay.ticket_id)
        if ticket is None:
            self.desk.delivered(relay.id, "dropped: ticket deleted")
            return True
        try:
            if relay.direction == "to_operators":
                if not self.chat_id or ticket.topic_id is None:
                    return False
                dst = await self._to_operators(relay, ticket)
            else:
                dst = await self._to_user(relay, ticket)
        except TelegramError as exc:
            self.desk.attempt_failed(relay.id)
            if relay.direction == "to_operators":
                self._unreachable(ticket.id, ticket.user_id, exc, relay.id, relay.attempts)
            else:
                self._retry_at[relay.id] = time.time() + min(2 ** relay.attempts, 300)
                log.warning("relay to user failed: %s", type(exc).__name__)
            return False
        self.desk.delivered(relay.id, dst)
        self._retry_at.pop(relay.id, None)
        return True

    async def _to_operators(self, relay: Relay, ticket: Ticket) -> str:
        bot, topic = self.channel.bot, ticket.topic_id
        if relay.kind == "close_topic":
            await self._topic_call(lambda: bot.close_forum_topic(self.chat_id, topic))
            return "closed"
        if relay.kind == "reopen_topic":
            await self._topic_call(lambda: bot.reopen_forum_topic(self.chat_id, topic))
            return "reopened"
        if relay.kind in ("card", "notice") or not relay.src_message.isdigit():
            text = self.card_text(ticket) if relay.kind == "card" else relay.text or f"[{relay.kind}]"
            sent = await tgsend.call(lambda: bot.send_message(self.chat_id, text, message_thread_id=topic))
            return str(sent.message_id)
        from bot.channels.telegram import chat_of

        user_chat = chat_of(ticket.user_id)
        copied = await tgsend.call(lambda: bot.copy_message(self.chat_id, user_chat, int(relay.src_message),
                                                            message_thread_id=topic), what="copyMessage")
        return str(copied.message_id)

    @staticmethod
    async def _topic_call(factory: Any) -> None:
        try:
            await tgsend.call(factory)
        except BadRequest as exc:   # already closed / already open: the wanted state holds
            if "TOPIC_NOT_MODIFIED" not in str(exc).upper():
                raise

    async def _to_user(self, relay: Relay, ticket: Ticket) -> str:
        from bot.channels.telegram import chat_of

        bot = self.channel.bot
        user_chat = chat_of(ticket.user_id)
        if user_chat is None:   # a user of another channel (the terminal): it reads the queue itself
            return ""
        label = relay.author if self.config.show_operator_names and relay.author not in ("", "system") else ""
        if relay.src_chat == str(self.chat_id) and relay.src_message.isdigit() and not (label and relay.text):
            copied = await tgsend.call(lambda: bot.copy_message(user_chat, self.chat_id, int(relay.src_message)),
                                       what="copyMessage")
            return str(copied.message_id)
        text = f"{label}：{relay.text}" if label else relay.text
        sent = await tgsend.call(lambda: bot.send_message(user_chat, text))
        return str(sent.message_id)

    def _unreachable(self, ticket_id: int, user_id: str, exc: TelegramError, key: int, attempts: int = 0) -> None:
        """The operators' group refused or is down: keep everything queued, tell the user once."""
        self._retry_at[key] = time.time() + min(2 ** attempts, 300)
        log.warning("operators' group unreachable: %s", type(exc).__name__)
        if ticket_id in self._told_unreachable:
            return
        self._told_unreachable.add(ticket_id)
        self.desk.queue(ticket_id, "to_user", "system", f"unreachable:{ticket_id}:{int(time.time())}", "notice",
                        UNREACHABLE, "system")

    def card_text(self, ticket: Ticket) -> str:
        position = self.desk.position(ticket) if ticket.status != "closed" else 0
        queue = f"（排队第 {position} 位）" if position else ""
        urgent = "‼️ 紧急 " if ticket.urgent_at and ticket.status != "closed" else ""
        return f"{urgent}工单 #{ticket.id}{queue}\n{ticket.card}\n\n{OPERATOR_HELP}"

    # messages in the operators' group -----------------------------------------------------------
    async def on_message(self, message: Message) -> None:
        user = message.from_user
        if user is None or user.is_bot:
            return
        if self.config.operator_ids and user.id not in self.config.operator_ids:
            log.warning("ignored a message from a non-operator in the operators' group")
            return
        text = message.text or ""
        command = text.split()[0].split("@")[0].lower() if text.startswith("/") else ""
        thread = message.message_thread_id if message.is_topic_message else None
        ticket = self.desk.by_topic(thread) if thread else None
        if command == "/reload":
            result = await self.channel.reload_if_changed(force=True)
            await self._say(result or "没有变化。", thread)
            return
        if command == "/tickets":
            await self._say("\n".join(self.desk.board()), thread)   # urgent first, waiting times
            return
        if ticket is None:
            if command:
                await self._say(OPERATOR_HELP, thread)
            return
        await self._ticket_message(message, ticket, command, text, user.full_name)

    async def _ticket_message(self, message: Message, ticket: Ticket, command: str, text: str, name: str) -> None:
        thread = ticket.topic_id
        if command == "/close":
            if ticket.status == "closed":
                await self._say("这个工单已经关闭了。", thread)
                return
            self.desk.close_by_operator(ticket.id)
            self.desk.queue(ticket.id, "to_operators", "system", f"close:{ticket.id}:{time.time()}", "close_topic",
                            "", "system")
            await self._say(f"工单 #{ticket.id} 已关闭，已通知用户。", thread)
            self.channel.wake()
            return
        if command == "/note":
            return   # internal: stays in the topic, never relayed
        if command == "/ticket":
            await self._say(self.card_text(ticket), thread)
            return
        if command == "/tag":
            intent_id = text.split(maxsplit=1)[1].strip() if len(text.split()) > 1 else ""
            if self.channel.engine.intents.get(intent_id) is None:
                await self._say(f"没有这个意图 id：{intent_id or '（空）'}。用法：/tag filing.fees", thread)
                return
            self.desk.tag(ticket.id, intent_id)
            await self._say(f"已标记为 {intent_id}，会出现在 wuai report 里。", thread)
            return
        if command:
            await self._say(OPERATOR_HELP, thread)
            return
        if ticket.status == "closed":
            await self._say("这个工单已经关闭，消息没有转给用户。", thread)
            return
        kind = "text" if message.text is not None else ("photo" if message.photo else "document"
                                                          if message.document else "other")
        self.desk.reply(ticket.id, str(self.chat_id), str(message.message_id), kind,
                        message.text or message.caption or "", name)   # the ticket counts as answered
        self.channel.wake()

    async def _say(self, text: str, thread: int | None) -> None:
        for chunk in tgsend.split_text(text):
            await tgsend.call(lambda c=chunk: self.channel.bot.send_message(  # type: ignore[misc]
                self.chat_id, c, message_thread_id=thread))
