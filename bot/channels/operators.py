"""The operators' Telegram group: one forum topic per ticket, a summary card, relay both ways."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import ClassVar

from telegram import Message
from telegram.error import BadRequest, TelegramError

from bot import texts
from bot.channels import tgsend
from bot.channels.inbox import chat_of, is_service
from bot.channels.relayfaults import problem, reason
from bot.channels.relaysender import RelaySender
from bot.config import HandoffConfig
from bot.handoff import Desk, Relay, Ticket
from bot.messages import safe_name
from bot.protocol import OPERATOR_COMMANDS, Action, HandoffClosed, operator_help

log = logging.getLogger(__name__)
UNREACHABLE = texts.OPS_UNREACHABLE
TOPIC_CLOSED_HINT = texts.OPS_TOPIC_CLOSED_HINT
BUSY = texts.OPS_BUSY
ANONYMOUS = texts.OPS_ANONYMOUS
OPERATOR_HELP = operator_help()


class OperatorsRelay:
    """Creates topics, posts cards and carries messages; everything waits in the store until delivered.

    It sends only through `sender` and reads the time only from `clock` (the engine's): tests run it
    with a fake of each. `wake` asks the channel for a delivery round now; `reload` reloads the intents
    (for /reload); `knows_intent` checks an id for /tag.
    """

    def __init__(self, desk: Desk, config: HandoffConfig, sender: RelaySender,
                 clock: Callable[[], float] = time.time, *, wake: Callable[[], None] = lambda: None,
                 reload: Callable[[], Awaitable[str | None]] | None = None,
                 knows_intent: Callable[[str], bool] = lambda _id: False) -> None:
        self.desk, self.config, self.sender, self.clock = desk, config, sender, clock
        self.wake, self.reload, self.knows_intent = wake, reload, knows_intent
        self._forgotten: list[tuple[int, int, int]] = []   # (ticket, topic, group) of /forget, next round
        self._retry_at: dict[int, float] = {}      # relay or ticket id -> when to try again
        self._told_unreachable: set[int] = set()
        self._topic_attempts: dict[int, int] = {}  # ticket id -> failed createForumTopic calls in a row
        self._told_busy: set[int] = set()
        self.busy_tickets = 7   # tickets with messages waiting: about 21 posts, a minute of the group's allowance

    @property
    def chat_id(self) -> int:
        return self.config.operators_chat_id

    # actions from the engine --------------------------------------------------------------------
    def on_action(self, action: Action, user_id: str) -> None:
        # Closing and reopening queue their own notices and topic changes (the desk's); only /forget's
        # topic is this channel's, as its relay rows are deleted with everything else of the user.
        if isinstance(action, HandoffClosed) and action.ticket and action.by == "forget" and action.topic:
            group = action.topic_chat or self.chat_id
            if group:
                self._forgotten.append((action.ticket, action.topic, group))   # sent in the next round

    async def _remove_forgotten(self, ticket_id: int, topic_id: int, group: int) -> None:
        """The user used /forget: their topic (name, card, copies) goes too; the group is told in General."""
        sender = self.sender
        try:
            await sender.delete_topic(group, topic_id)
            await sender.send(group, texts.OPS_FORGOTTEN.format(ticket=ticket_id))
            return
        except TelegramError as exc:
            log.warning("could not delete a forgotten ticket's topic: %s", type(exc).__name__)
        try:   # no right to delete: at least the name leaves the title, and the topic is closed
            await sender.edit_topic(group, topic_id, texts.OPS_FORGOTTEN_TOPIC.format(ticket=ticket_id))
            await sender.send(group, texts.OPS_FORGOTTEN_DELETE, topic_id)
            await sender.close_topic(group, topic_id)
        except TelegramError as exc:
            log.warning("could not close a forgotten ticket's topic: %s", type(exc).__name__)

    async def notify(self, text: str) -> None:
        """A message for the whole operators' group (e.g. an intent reload that was refused)."""
        if not self.chat_id:
            return
        for chunk in tgsend.split_text(text):
            try:
                await self.sender.send(self.chat_id, chunk)
            except TelegramError as exc:
                log.warning("operators' group notice failed: %s", type(exc).__name__)
                return

    # delivery -----------------------------------------------------------------------------------
    async def deliver_pending(self) -> None:
        """One round: open topics for new tickets, then every pending relay in order."""
        while self._forgotten:
            await self._remove_forgotten(*self._forgotten.pop(0))
        now = self.clock()
        if self.chat_id:
            await self._tell_if_busy()
            for ticket in self.desk.open_tickets():
                if self._retry_at.get(-ticket.id, 0) > now:
                    continue
                if ticket.topic_id is None:
                    await self._open_topic(ticket)
                elif not self._here(ticket):   # operators_chat_id changed: a topic in this group, card again
                    await self._open_topic(ticket, texts.OPS_GROUP_CHANGED)
        blocked: set[tuple[int, str]] = set()
        batched: set[int] = set()
        pending = self.desk.pending(limit=500)
        for n, relay in enumerate(pending):
            key = (relay.ticket_id, relay.direction)
            if relay.id in batched:
                continue
            if key in blocked or self._retry_at.get(relay.id, 0) > now:
                blocked.add(key)   # keep each ticket's messages in order
                continue
            batch = self._batch(relay, pending[n + 1:]) if relay.direction == "to_operators" else []
            batched.update(r.id for r in batch)
            if not await self._deliver(relay, batch):
                blocked.add(key)

    async def _tell_if_busy(self) -> None:
        """Many tickets waiting for the group's ~20 posts a minute: their users hear it will take minutes."""
        waiting = {r.ticket_id for r in self.desk.pending("to_operators", limit=1000)}
        if len(waiting) < self.busy_tickets:
            return
        for ticket_id in sorted(waiting - self._told_busy - self._told_unreachable):
            self._told_busy.add(ticket_id)
            ticket = self.desk.get(ticket_id)
            chat = chat_of(ticket.user_id) if ticket is not None else None
            if chat is not None:
                with contextlib.suppress(TelegramError):
                    await self.sender.send(chat, BUSY)

    def _here(self, ticket: Ticket) -> bool:
        """The ticket's topic is in the current operators' group (tickets from before topics knew their group: yes)."""
        return ticket.topic_id is not None and ticket.topic_chat in (None, self.chat_id)

    async def _open_topic(self, ticket: Ticket, note: str = "") -> None:
        """A topic for the ticket; `note`: it replaces a lost one, so the card is posted again at once."""
        # Names are made safe as they come in; again here for tickets stored before that.
        name = f"#{ticket.id} {safe_name(ticket.display_name)}"[:120]
        try:
            thread = await self.sender.create_topic(self.chat_id, name)
        except TelegramError as exc:
            self._topic_attempts[ticket.id] = self._topic_attempts.get(ticket.id, 0) + 1
            self._unreachable(ticket.id, ticket.user_id, exc, -ticket.id, self._topic_attempts[ticket.id])
            return
        self._topic_attempts.pop(ticket.id, None)
        self.desk.set_topic(ticket.id, thread, self.chat_id)
        self._told_unreachable.discard(ticket.id)
        if note:
            fresh = self.desk.get(ticket.id) or ticket
            with contextlib.suppress(TelegramError):
                await self._post(f"{note}\n{self.card_text(fresh)}", thread)

    async def _deliver(self, relay: Relay, batch: list[Relay]) -> bool:
        ticket = self.desk.get(relay.ticket_id)
        if ticket is None:
            self.desk.delivered(relay.id, "dropped: ticket deleted")
            return True
        try:
            if relay.direction == "to_operators":
                if not self.chat_id or not self._here(ticket):
                    return False
                dst = await self._to_operators(relay, ticket, batch)
            else:
                dst = await self._to_user(relay, ticket)
        except TelegramError as exc:
            return await self._failed(relay, ticket, exc)
        self.desk.delivered(relay.id, dst)
        for other in batch:
            self.desk.delivered(other.id, dst)
        self._retry_at.pop(relay.id, None)
        return True

    async def _failed(self, relay: Relay, ticket: Ticket, exc: TelegramError) -> bool:
        """Transient errors wait and block the ticket's queue; permanent ones skip the message with a note."""
        kind = problem(exc, relay.direction)
        if kind == "outage":
            self.desk.attempt_failed(relay.id)
            if relay.direction == "to_operators":
                self._unreachable(ticket.id, ticket.user_id, exc, relay.id, relay.attempts + 1)
            else:
                self._retry_at[relay.id] = self.clock() + min(2 ** relay.attempts, 300)
                log.warning("relay to user failed: %s", type(exc).__name__)
            return False
        if kind == "topic":   # deleted in Telegram: a new topic, then this message again
            log.warning("the topic of ticket %d is gone: opening a new one", ticket.id)
            self.desk.lose_topic(ticket.id)
            if relay.kind == "close_topic":
                self.desk.delivered(relay.id, "topic gone")
                return True
            await self._open_topic(ticket, texts.OPS_TOPIC_LOST)
            return False
        why = reason(exc)
        log.warning("relay refused for good (%s): skipped", type(exc).__name__)
        self.desk.give_up(relay.id, f"failed: {exc}"[:200])
        if relay.direction == "to_operators":
            note = texts.OPS_NOT_RELAYED_IN.format(why=why)
        elif kind == "blocked":
            note = texts.OPS_USER_BLOCKED
        else:
            note = texts.OPS_NOT_RELAYED_OUT.format(why=why)
        if self.chat_id and self._here(ticket):
            with contextlib.suppress(TelegramError):
                await self._post(note, ticket.topic_id)
        return True

    async def _post(self, text: str, thread: int | None) -> str:
        """Text in the operators' group, split below Telegram's limit; returns the first message's id."""
        first = ""
        for chunk in tgsend.split_text(text):
            sent = await self.sender.send(self.chat_id, chunk, thread)
            first = first or str(sent)
        return first

    def _batch(self, relay: Relay, later: list[Relay]) -> list[Relay]:
        """Texts the user sent in a row that wait behind `relay`: one post instead of one each.

        Telegram lets a bot post about 20 messages a minute in one group, so this is what keeps many
        handoffs at once moving.
        """
        if not self._batchable(relay):
            return []
        batch: list[Relay] = []
        size = len(relay.text)
        for other in later:
            if other.ticket_id != relay.ticket_id or other.direction != relay.direction:
                continue
            if not self._batchable(other) or size + len(other.text) + 1 > 3900:
                break
            batch.append(other)
            size += len(other.text) + 1
        return batch

    @staticmethod
    def _batchable(relay: Relay) -> bool:
        return relay.kind == "text" and relay.author == "user" and bool(relay.text.strip())

    async def _to_operators(self, relay: Relay, ticket: Ticket, batch: list[Relay]) -> str:
        topic = ticket.topic_id
        assert topic is not None   # _deliver sends only to a ticket's topic in this group
        if batch:
            return await self._post("\n".join(r.text for r in (relay, *batch)), topic)
        if relay.kind in ("close_topic", "reopen_topic"):
            change = self.sender.close_topic if relay.kind == "close_topic" else self.sender.reopen_topic
            try:
                await change(self.chat_id, topic)
            except BadRequest as exc:   # already closed / already open: the wanted state holds
                if "TOPIC_NOT_MODIFIED" not in str(exc).upper():
                    raise
            return "closed" if relay.kind == "close_topic" else "reopened"
        if relay.kind in ("card", "notice") or not relay.src_message.isdigit():
            return await self._post(self.card_text(ticket) if relay.kind == "card" else
                                    relay.text or f"[{relay.kind}]", topic)
        user_chat = chat_of(ticket.user_id)
        if user_chat is None:   # a user of another channel (the terminal): nothing to copy from
            return await self._post(relay.text or f"[{relay.kind}]", topic)
        return str(await self.sender.copy(self.chat_id, user_chat, int(relay.src_message), thread_id=topic))

    async def _to_user(self, relay: Relay, ticket: Ticket) -> str:
        user_chat = chat_of(ticket.user_id)
        if user_chat is None:   # a user of another channel (the terminal): it reads the queue itself
            return ""
        label = relay.author if self.config.show_operator_names and relay.author not in ("", "system") else ""
        copyable = relay.src_chat.lstrip("-").isdigit() and relay.src_message.isdigit()
        if copyable and not (label and relay.kind == "text"):
            # A file keeps its file; with names shown, the name goes in front of its caption.
            named = label and relay.kind in ("photo", "document")
            caption = (f"{label}：{relay.text}" if relay.text else label) if named else None
            return str(await self.sender.copy(user_chat, int(relay.src_chat), int(relay.src_message),
                                              caption=caption))
        text = f"{label}：{relay.text}" if label else relay.text
        return str(await self.sender.send(user_chat, text))

    def _unreachable(self, ticket_id: int, user_id: str, exc: TelegramError, key: int, attempts: int = 0) -> None:
        """The operators' group refused or is down: keep everything queued, tell the user once."""
        self._retry_at[key] = self.clock() + min(2 ** attempts, 300)
        log.warning("operators' group unreachable: %s", type(exc).__name__)
        if ticket_id in self._told_unreachable:
            return
        self._told_unreachable.add(ticket_id)
        self.desk.queue(ticket_id, "to_user", "system", f"unreachable:{ticket_id}:{int(self.clock())}", "notice",
                        UNREACHABLE, "system")

    def card_text(self, ticket: Ticket) -> str:
        position = self.desk.position(ticket) if ticket.status != "closed" else 0
        queue = texts.OPS_CARD_QUEUE.format(position=position) if position else ""
        urgent = texts.OPS_CARD_URGENT if ticket.urgent_at and ticket.status != "closed" else ""
        head = texts.OPS_CARD_HEAD.format(urgent=urgent, ticket=ticket.id, queue=queue)
        return f"{head}\n{ticket.card}\n\n{OPERATOR_HELP}"

    # messages in the operators' group -----------------------------------------------------------
    async def on_message(self, message: Message) -> None:
        user = message.from_user
        thread = message.message_thread_id if message.is_topic_message else None
        if user is None or user.is_bot:
            sender = message.sender_chat
            if sender is not None and sender.id == self.chat_id and thread and not is_service(message):
                await self._say(ANONYMOUS, thread)   # an anonymous admin: who wrote it cannot be checked
            return
        if self.config.operator_ids and user.id not in self.config.operator_ids:
            log.warning("ignored a message from a non-operator in the operators' group")
            return
        if is_service(message):   # topic closed, renamed, a pin: nothing to relay
            ticket = self.desk.by_topic(thread, self.chat_id) if thread else None
            if message.forum_topic_closed is not None and ticket is not None and ticket.status != "closed":
                await self._say(TOPIC_CLOSED_HINT, thread)
            return
        text = message.text or ""
        command, _, addressed = text.split()[0].partition("@") if text.startswith("/") else ("", "", "")
        if addressed and addressed.lower() != self.sender.username.lower():
            return   # a command for another bot in the same group
        command = command.lower()
        ticket = self.desk.by_topic(thread, self.chat_id) if thread else None
        spec = OPERATOR_COMMANDS.get(command)
        if spec is not None and spec.scope == "group":
            await self.GROUP_COMMANDS[spec.handler](self, thread)
            return
        if ticket is None:
            if command:
                await self._say(OPERATOR_HELP, thread)
            return
        await self._ticket_message(message, ticket, command, text, user.full_name)

    async def _ticket_message(self, message: Message, ticket: Ticket, command: str, text: str, name: str) -> None:
        thread = ticket.topic_id
        spec = OPERATOR_COMMANDS.get(command)
        if spec is not None and spec.scope == "topic":
            await self.TICKET_COMMANDS[spec.handler](self, ticket, text)
            return
        if command:
            await self._say(OPERATOR_HELP, thread)
            return
        if ticket.status == "closed":
            await self._say(texts.OPS_CLOSED_NOT_RELAYED, thread)
            return
        kind = "text" if message.text is not None else ("photo" if message.photo else "document"
                                                          if message.document else "other")
        self.desk.reply(ticket.id, str(self.chat_id), str(message.message_id), kind,
                        message.text or message.caption or "", name)   # the ticket counts as answered
        self.wake()

    # the operators' commands (bot/protocol.py's OPERATOR_COMMANDS names these) --------------------
    async def _reload(self, thread: int | None) -> None:
        result = await self.reload() if self.reload is not None else None
        await self._say(result or texts.OPS_NO_CHANGE, thread)

    async def _board(self, thread: int | None) -> None:
        await self._say("\n".join(self.desk.board()), thread)   # urgent first, waiting times

    async def _close(self, ticket: Ticket, text: str) -> None:
        thread = ticket.topic_id
        if ticket.status == "closed":
            await self._say(texts.OPS_ALREADY_CLOSED, thread)
            return
        self.desk.close_by_operator(ticket.id)   # the user's notice and the topic's close are queued
        await self._say(texts.OPS_CLOSED.format(ticket=ticket.id), thread)
        self.wake()

    async def _note(self, ticket: Ticket, text: str) -> None:
        """Internal: stays in the topic, never relayed."""

    async def _card(self, ticket: Ticket, text: str) -> None:
        await self._say(self.card_text(ticket), ticket.topic_id)

    async def _tag(self, ticket: Ticket, text: str) -> None:
        thread = ticket.topic_id
        intent_id = text.split(maxsplit=1)[1].strip() if len(text.split()) > 1 else ""
        if not self.knows_intent(intent_id):
            await self._say(texts.OPS_NO_INTENT.format(intent=intent_id or texts.OPS_EMPTY), thread)
            return
        self.desk.tag(ticket.id, intent_id)
        await self._say(texts.OPS_TAGGED.format(intent=intent_id), thread)

    GROUP_COMMANDS: ClassVar[dict[str, Callable[[OperatorsRelay, int | None], Awaitable[None]]]] = {
        "reload": _reload, "board": _board}
    TICKET_COMMANDS: ClassVar[dict[str, Callable[[OperatorsRelay, Ticket, str], Awaitable[None]]]] = {
        "close": _close, "note": _note, "card": _card, "tag": _tag}

    async def _say(self, text: str, thread: int | None) -> None:
        for chunk in tgsend.split_text(text):
            await self.sender.send(self.chat_id, chunk, thread)
