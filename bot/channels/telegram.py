"""The Telegram channel: python-telegram-bot v22 updates in, engine replies out.

Updates are written to the store's inbox before they are confirmed to Telegram; the engine's replies
are stored with the new state, and the update is marked done once they were sent. A restart handles
the updates it never got to, and resends the stored replies of those it had answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import sqlite3
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    BaseRateLimiter,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot import texts
from bot.app import Services
from bot.channels import inbox, outbox, tgsend
from bot.channels.inbox import button_label, chat_of, incoming_from_message, is_service, user_key, webhook_path
from bot.channels.operators import OperatorsRelay
from bot.channels.ordering import Ordered
from bot.channels.relaysender import BotSender
from bot.channels.replyfirst import Handling, ReplyFirst
from bot.channels.replysender import BotReplies
from bot.channels.upkeep import Upkeep
from bot.errors import StorageError
from bot.messages import Incoming
from bot.protocol import Action, Forgotten, operator_menu, telegram_menu

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]
EDITED = texts.OPS_EDITED


class TelegramChannel:
    """Runs the bot in Telegram on the same engine as `wuai chat`."""

    def __init__(self, services: Services, token: str, *, base_url: str = "", base_file_url: str = "",
                 rate_limiter: BaseRateLimiter[Any] | None = None, poll_timeout: float = 25.0,
                 relay_interval: float = 2.0, reload_interval: float = 5.0, max_concurrency: int = 64,
                 request_timeout: float = 15.0, webhook_secret: str = "", reply_horizon: float = 3600.0,
                 drain_timeout: float = 20.0) -> None:
        self.services = services
        self.engine = services.engine
        self.store = services.store
        self.config = services.config
        self.poll_timeout = poll_timeout
        self.drain_timeout = drain_timeout
        self.token = token
        # Telegram sends this back in a header with every webhook update; updates without it are refused.
        self.webhook_secret = webhook_secret or self.config.telegram.webhook_secret_token or secrets.token_urlsafe(32)
        self.health = inbox.StorageHealth(self.config.give_up_after_seconds)
        webhook = self.config.telegram.mode == "webhook"
        # What PTB builds for getUpdates given `get_updates_read_timeout(poll_timeout + 10)`, keeping updates as sent.
        self.updates_request = inbox.KeptUpdates(connection_pool_size=1, read_timeout=poll_timeout + 10)
        self.reply_first = ReplyFirst()
        # What PTB builds from read_timeout(...) ... connection_pool_size(...), with ReplyFirst's request hook.
        request = HTTPXRequest(connection_pool_size=max_concurrency + 8, read_timeout=request_timeout,
                               write_timeout=request_timeout, connect_timeout=request_timeout,
                               pool_timeout=request_timeout, httpx_kwargs=self.reply_first.httpx_kwargs())
        builder = (ApplicationBuilder().token(token)
                   .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
                   .request(request).get_updates_request(self.updates_request))
        if base_url:
            builder = builder.base_url(base_url).base_file_url(base_file_url or base_url.replace("/bot", "/file/bot"))
        if not webhook:
            builder = builder.updater(None)
        self.app: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        self.outbox = outbox.Outbox(BotReplies(self.app.bot, self.store), self.store.progress, reply_horizon,
                                    self.health.failed)
        if webhook:   # polling bypasses the Application's update queue (see _poll_loop)
            self.app.add_handler(TypeHandler(Update, self._ingest), group=-1)
        self.app.add_handler(CallbackQueryHandler(self._on_callback))
        self.app.add_handler(MessageHandler(filters.UpdateType.MESSAGE, self._on_message))
        self.app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, self._on_edit))
        self.app.add_error_handler(self._on_error)
        self.operators = OperatorsRelay(self.engine.desk, self.config.handoff, BotSender(self.app.bot),
                                        self.engine.clock, wake=self.wake,
                                        reload=lambda: self.reload_if_changed(force=True),
                                        knows_intent=lambda intent_id: self.engine.intents.get(intent_id) is not None)
        self.upkeep = Upkeep(services, self.operators, self.health, relay_interval, reload_interval)
        self.ordered = Ordered(max_concurrency)
        self._dispatching: set[int] = set()
        self._failed: dict[int, BaseException] = {}          # update id -> what its handler raised
        self._forgotten_chats: set[int] = set()              # checkpoint the WAL once their update is done
        self._loops: list[asyncio.Task[None]] = []
        self._relay_task: asyncio.Task[None] | None = None
        self._running = False

    @property
    def bot(self) -> Any:
        return self.app.bot

    # life cycle ---------------------------------------------------------------------------------
    async def start(self) -> None:
        await self.app.initialize()
        await self.app.start()
        self._running = True
        await tgsend.call(lambda: self.bot.set_my_commands([BotCommand(c, d) for c, d in telegram_menu()]),
                          what="setMyCommands")
        await self._set_operators_menu()
        try:
            unfinished = self.store.unfinished()
        except sqlite3.Error as exc:
            raise StorageError(f"cannot read the database: {type(exc).__name__}: {exc}") from exc
        for row in unfinished:   # fetched before a stop, never finished: handle (or resend) them now
            self._replay(row)
        tg = self.config.telegram
        if tg.mode == "webhook" and self.app.updater is not None:
            path = webhook_path(tg.webhook_url_path, self.token)
            url = tg.webhook_public_url if tg.webhook_url_path else f"{tg.webhook_public_url.rstrip('/')}/{path}"
            await self.app.updater.start_webhook(listen=tg.webhook_listen, port=tg.webhook_port, url_path=path,
                                                 webhook_url=url, allowed_updates=ALLOWED_UPDATES,
                                                 secret_token=self.webhook_secret)
        else:
            with contextlib.suppress(TelegramError):
                await tgsend.call(lambda: self.bot.delete_webhook(), what="deleteWebhook")
            self._loops.append(self._watched(self._poll_loop(), "polling"))
        self.upkeep.start()
        self._relay_task = self._watched(self.upkeep.relay_loop(), "relay")
        self._loops.append(self._watched(self.upkeep.maintenance_loop(), "maintenance"))
        self._loops.append(self._watched(self.upkeep.checkpoint_loop(), "checkpoint"))
        log.info("telegram channel started (%s)", tg.mode)

    async def _set_operators_menu(self) -> None:
        """The operators' group gets their commands as its menu instead of the users' (chat-scoped)."""
        group = self.config.handoff.operators_chat_id
        if not group:
            return
        menu = [BotCommand(c, d) for c, d in operator_menu()]
        try:
            await tgsend.call(lambda: self.bot.set_my_commands(menu, scope=BotCommandScopeChat(group)),
                              what="setMyCommands")
        except TelegramError as exc:   # not in the group yet: the commands work all the same, typed
            log.warning("the operators' group command menu was not set: %s", type(exc).__name__)

    def _watched(self, coro: Any, name: str) -> asyncio.Task[None]:
        """A background loop; if it ever ends with an error, the bot stops (and exits non-zero) instead of idling."""
        task: asyncio.Task[None] = asyncio.create_task(coro)

        def done(t: asyncio.Task[None]) -> None:
            if not t.cancelled() and t.exception() is not None:
                self.health.stop(f"the {name} loop stopped: {type(t.exception()).__name__}")

        task.add_done_callback(done)
        return task

    def _replay(self, row: sqlite3.Row) -> None:
        update_id, chat_id = int(row["update_id"]), int(row["chat_id"])
        if row["status"] == "answered":   # the engine ran before the stop: send what it said, do not ask again
            items = outbox.loads(row["replies"])
            self.ordered.run(update_id, chat_id, self._resend(update_id, chat_id, items, int(row["sent"])))
            return
        try:
            update = Update.de_json(json.loads(row["payload"]), self.bot)
        except Exception as exc:   # kept by an older version, or damaged: it cannot be handled any more
            log.error("stored update %d cannot be read (%s): skipped", update_id, type(exc).__name__)
            update = None
        if update is None:
            self.store.finish(update_id)
            return
        self._schedule_update(update)

    async def stop(self, drain: bool = True) -> None:
        """Stop fetching, let handlers in flight finish, then shut python-telegram-bot down.

        With drain=False, updates fetched but not started stay in the inbox for the next start.
        """
        self._running = False
        self.upkeep.stop()
        # A relay round in flight finishes first: cancelling between a send and its bookkeeping
        # would send that message again after the restart.
        if self._relay_task is not None:
            with contextlib.suppress(asyncio.TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(self._relay_task), timeout=30)
            self._relay_task = None
        for task in self._loops:
            task.cancel()
        await asyncio.gather(*self._loops, return_exceptions=True)
        self._loops.clear()
        if not drain:
            self.ordered.drop_waiting()
        await self.ordered.drain(self.drain_timeout)
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    async def run_forever(self, stop: asyncio.Event | None = None) -> None:
        """Run until `stop` is set (SIGTERM); raise StorageError when the bot had to give up."""
        await self.start()
        waits = [asyncio.ensure_future(self.health.fatal.wait()),
                 asyncio.ensure_future((stop or asyncio.Event()).wait())]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waits:
                waiter.cancel()
            await self.stop()
        if self.health.fatal.is_set():
            raise StorageError(self.health.reason)

    # fetching -----------------------------------------------------------------------------------
    async def _poll_loop(self) -> None:
        # Not PTB's Updater.start_polling: it confirms an offset to Telegram with the next getUpdates (and
        # once more when it stops) while the updates may still wait unhandled in the Application's queue,
        # so a crash or a stop loses them. Here each update is in the inbox before its offset is confirmed.
        offset = self.store.next_offset()
        delay = 0.5
        while self._running:
            try:
                updates = await self.bot.get_updates(offset=offset, timeout=self.poll_timeout,
                                                     allowed_updates=ALLOWED_UPDATES)
                delay = 0.5
            except asyncio.CancelledError:
                raise
            except (TimedOut, NetworkError) as exc:
                log.info("getUpdates failed (%s), retrying in %.1fs", type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            except TelegramError as exc:
                log.error("getUpdates refused: %s", type(exc).__name__)
                await asyncio.sleep(5)
                continue
            except Exception as exc:  # never end polling silently
                log.error("getUpdates failed unexpectedly (%s), retrying in 5s", type(exc).__name__)
                await asyncio.sleep(5)
                continue
            handling: dict[int, Handling] = {}
            for update in updates:
                try:
                    mark = self._accept(update)
                except sqlite3.Error as exc:   # not confirmed to Telegram: fetched again after the pause
                    await asyncio.sleep(self.health.failed("storing an update", exc))
                    break
                self.health.ok()
                offset = max(offset, update.update_id + 1)
                if mark is not None:
                    handling[update.update_id] = mark
            # The handlers just scheduled run up to their first reply, and the reply is written, before the
            # next long poll is built: that request can wait, the user cannot.
            await asyncio.sleep(0)
            await self.reply_first.wait(h for u, h in handling.items() if not self.ordered.waiting(u))

    def _accept(self, update: Update) -> Handling | None:
        """Keep the update in the inbox (before Telegram hears it arrived), then handle it.

        An update that cannot be encoded is recorded as skipped and handled from memory only. Returns the
        handler's mark, set once it wrote its first Bot API request or ended (None for a redelivery).
        """
        chat = update.effective_chat
        try:
            payload, status = inbox.encode(update, self.updates_request.take(update.update_id)), "received"
        except Exception as exc:
            log.error("update %d cannot be stored (%s): handled now, not kept for a restart",
                      update.update_id, type(exc).__name__)
            payload, status = "", "skipped"
        if self.store.receive(update.update_id, chat.id if chat else 0, payload, status):
            return self._schedule_update(update)
        return None

    def _schedule_update(self, update: Update) -> Handling:
        chat, handling = update.effective_chat, Handling()
        self.ordered.run(update.update_id, chat.id if chat else 0, self._process(update, handling))
        return handling

    async def _process(self, update: Update, handling: Handling) -> None:
        update_id = update.update_id
        self._dispatching.add(update_id)
        ReplyFirst.handling(handling)
        try:
            while True:
                await self.app.process_update(update)
                error = self._failed.pop(update_id, None)
                if not isinstance(error, sqlite3.Error):
                    break
                # Nothing was committed (one transaction per message): try again when the database is back.
                delay = self.health.failed("handling an update", error)
                if not self._running:
                    return   # stays in the inbox for the next start
                await asyncio.sleep(delay)
        finally:
            self._dispatching.discard(update_id)
            handling.set()
        chat = update.effective_chat
        self._finish(update_id, chat.id if chat else 0)

    async def _resend(self, update_id: int, chat_id: int, items: list[outbox.Item], sent: int) -> None:
        await self.outbox.send(chat_id, items, update_id, start=sent)
        self._finish(update_id, chat_id)

    def _finish(self, update_id: int, chat_id: int) -> None:
        try:
            self.store.finish(update_id)
            if chat_id in self._forgotten_chats:   # the forgotten words leave the write-ahead log too
                self._forgotten_chats.discard(chat_id)
                self.store.checkpoint()
        except sqlite3.Error as exc:   # handled; at worst its replies are sent again after a restart
            self.health.failed("finishing an update", exc)
            return
        self.health.ok()

    async def _ingest(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Webhook updates come through python-telegram-bot's queue: route them through the inbox too."""
        if update.update_id in self._dispatching:
            return
        try:
            self._accept(update)
        except sqlite3.Error as exc:   # Telegram already has its answer: handle it from memory
            self.health.failed("storing an update", exc)
            self._schedule_update(update)
        raise ApplicationHandlerStop

    # handling -----------------------------------------------------------------------------------
    async def _on_message(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        if chat.id == self.config.handoff.operators_chat_id:
            await self.operators.on_message(message)
            return
        if is_service(message):   # e.g. the user pinned a message: nothing to answer or relay
            return
        if chat.type != "private":
            # A group id is no personal data, and this is how an admin finds the operators' group id.
            log.info("ignored a message in %s %s (not the operators' group)", chat.type, chat.id)
            return
        await self._answer(chat.id, incoming_from_message(message), update.update_id)

    async def _on_edit(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """A user corrects a message during a handoff (e.g. a phone number): the operators see the new text."""
        message, chat = update.edited_message, update.effective_chat
        if message is None or chat is None or chat.type != "private":
            return
        text = message.text or message.caption or ""
        ticket = self.engine.desk.active(user_key(chat.id))
        if ticket is None or not text:
            return   # outside a handoff the answer was given already
        stamp = int(message.edit_date.timestamp()) if message.edit_date else update.update_id
        self.engine.desk.queue(ticket.id, "to_operators", user_key(chat.id), f"edit:{message.message_id}:{stamp}",
                               "text", f"{EDITED}\n{text}", "user")
        self.wake()

    async def _on_callback(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        with contextlib.suppress(TelegramError):   # the spinner stops even if handling fails later
            await tgsend.call(lambda: query.answer(), what="answerCallbackQuery", attempts=3)
        chat = update.effective_chat
        if chat is None or chat.type != "private":
            return
        user = query.from_user
        await self._answer(chat.id, Incoming(user_key(chat.id), text=button_label(query), kind="button",
                                             payload=query.data or "", display_name=user.full_name if user else ""),
                           update.update_id)

    async def _answer(self, chat_id: int, incoming: Incoming, update_id: int) -> None:
        if self.config.privacy.debug_log_text:   # off by default: logs carry no message text
            log.debug("chat %s (%s): %r", chat_id, incoming.kind, incoming.text or incoming.payload)
        # The replies are stored with the new state: a restart resends them instead of asking the engine again.
        with self.store.tx():
            replies = self.engine.handle(incoming)
            for reply in replies:   # actions first: "已经删除" must be true by the time the user reads it
                for action in reply.actions:
                    self.on_action(action, incoming.user_id)
            items = outbox.flatten(replies)
            self.store.answered(update_id, outbox.dumps(items))
        await self.outbox.send(chat_id, items, update_id)

    def on_action(self, action: Action, user_id: str) -> None:
        if isinstance(action, Forgotten) and (chat := chat_of(user_id)) is not None:
            self.store.forget_updates(chat)
            self._forgotten_chats.add(chat)
        self.operators.on_action(action, user_id)
        self.wake()

    def wake(self) -> None:
        self.upkeep.wake()

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log failures without message text or names; one bad update never stops the bot."""
        update_id = update.update_id if isinstance(update, Update) else None
        error = context.error
        if update_id is not None and error is not None:
            self._failed[update_id] = error
        log.error("update %s failed: %s", update_id, type(error).__name__,
                  exc_info=error if self.config.privacy.debug_log_text else None)

    async def reload_if_changed(self, force: bool = False) -> str | None:
        return await self.upkeep.reload_if_changed(force)
