"""The Telegram channel: python-telegram-bot v22 updates in, engine replies out.

Updates are written to the store's inbox before they are confirmed to Telegram, and marked done
only after they were handled, so a restart handles fetched-but-unfinished updates exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import weakref
from typing import Any

from telegram import BotCommand, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message, Update
from telegram.error import Forbidden, NetworkError, TelegramError, TimedOut
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

from bot.app import Services
from bot.channels import tgmedia, tgsend
from bot.messages import Action, Attachment, Incoming, Kind, Reply

log = logging.getLogger(__name__)
COMMANDS = [("start", "开始，主菜单"), ("help", "怎么用"), ("court", "查哪个法院管"), ("checklist", "起诉材料清单"),
            ("deadline", "算期限的最后一天"), ("complaint", "写起诉状（法院的表格）"), ("human", "找工作人员"),
            ("cancel", "重新开始"), ("forget", "删除我的全部记录")]
ALLOWED_UPDATES = ["message", "callback_query"]
PLAIN_KINDS: tuple[tuple[str, Kind], ...] = (("voice", "voice"), ("video_note", "video_note"), ("audio", "audio"),
                                             ("sticker", "sticker"), ("video", "video"), ("contact", "contact"))


def user_key(chat_id: int) -> str:
    return f"tg:{chat_id}"


def chat_of(user_id: str) -> int | None:
    """The Telegram chat of one of our user ids (None for users of other channels)."""
    prefix, _, raw = user_id.partition(":")
    return int(raw) if prefix == "tg" and raw.lstrip("-").isdigit() else None


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.payload) for b in row]
                                 for row in reply.buttons])


def incoming_from_message(message: Message) -> Incoming:
    """A Telegram message as the engine's neutral Incoming."""
    user = message.from_user
    base: dict[str, Any] = {"user_id": user_key(message.chat.id), "ref": str(message.message_id),
                            "display_name": user.full_name if user else ""}
    if message.text is not None:
        return Incoming(text=message.text, **base)
    if message.location is not None:
        return Incoming(kind="location", location=(message.location.latitude, message.location.longitude), **base)
    if message.photo:
        photo = message.photo[-1]
        return Incoming(kind="photo", text=message.caption or "", attachment=Attachment("photo", photo.file_id), **base)
    if message.document is not None:
        doc = message.document
        return Incoming(kind="document", text=message.caption or "",
                        attachment=Attachment("document", doc.file_id, doc.file_name or ""), **base)
    for attribute, kind in PLAIN_KINDS:
        if getattr(message, attribute, None):
            return Incoming(kind=kind, **base)
    return Incoming(kind="other", **base)


def button_label(query: CallbackQuery) -> str:
    """The label of the pressed button, read from the message it belongs to."""
    message = query.message
    markup = getattr(message, "reply_markup", None)
    for row in getattr(markup, "inline_keyboard", ()) or ():
        for button in row:
            if button.callback_data == query.data:
                return str(button.text)
    return ""


class TelegramChannel:
    """Runs the bot in Telegram on the same engine as `wuai chat`."""

    def __init__(self, services: Services, token: str, *, base_url: str = "", base_file_url: str = "",
                 rate_limiter: BaseRateLimiter[Any] | None = None, poll_timeout: float = 25.0,
                 relay_interval: float = 2.0, reload_interval: float = 5.0, max_concurrency: int = 64,
                 request_timeout: float = 15.0) -> None:
        from bot.channels.operators import OperatorsRelay

        self.services = services
        self.engine = services.engine
        self.store = services.store
        self.config = services.config
        self.poll_timeout = poll_timeout
        self.relay_interval = relay_interval
        self.reload_interval = reload_interval
        webhook = self.config.telegram.mode == "webhook"
        builder = (ApplicationBuilder().token(token)
                   .rate_limiter(rate_limiter or AIORateLimiter(max_retries=3))
                   .read_timeout(request_timeout).write_timeout(request_timeout)
                   .connect_timeout(request_timeout).pool_timeout(request_timeout)
                   .get_updates_read_timeout(poll_timeout + 10).connection_pool_size(max_concurrency + 8))
        if base_url:
            builder = builder.base_url(base_url).base_file_url(base_file_url or base_url.replace("/bot", "/file/bot"))
        if not webhook:
            builder = builder.updater(None)
        self.app: Application[Any, Any, Any, Any, Any, Any] = builder.build()
        self.app.add_handler(TypeHandler(Update, self._ingest), group=-1)
        self.app.add_handler(CallbackQueryHandler(self._on_callback))
        self.app.add_handler(MessageHandler(filters.UpdateType.MESSAGE, self._on_message))
        self.app.add_error_handler(self._on_error)
        self.operators = OperatorsRelay(self)
        # Weak: a chat's lock lives only while one of its updates is queued or running.
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()
        self._slots = asyncio.Semaphore(max_concurrency)
        self._dispatching: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._waiting: dict[int, asyncio.Task[None]] = {}   # scheduled, not started
        self._loops: list[asyncio.Task[None]] = []
        self._relay_task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._running = False

    @property
    def bot(self) -> Any:
        return self.app.bot

    # life cycle ---------------------------------------------------------------------------------
    async def start(self) -> None:
        await self.app.initialize()
        await self.app.start()
        self._running = True
        await tgsend.call(lambda: self.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS]),
                          what="setMyCommands")
        for row in self.store.unfinished():   # fetched before a stop, never finished: handle them now
            update = Update.de_json(json.loads(row["payload"]), self.bot)
            if update is not None:
                self._schedule(update)
        tg = self.config.telegram
        if tg.mode == "webhook" and self.app.updater is not None:
            await self.app.updater.start_webhook(listen=tg.webhook_listen, port=tg.webhook_port,
                                                 url_path=tg.webhook_url_path, webhook_url=tg.webhook_public_url,
                                                 allowed_updates=ALLOWED_UPDATES)
        else:
            with contextlib.suppress(TelegramError):
                await tgsend.call(lambda: self.bot.delete_webhook(), what="deleteWebhook")
            self._loops.append(asyncio.create_task(self._poll_loop()))
        self._relay_task = asyncio.create_task(self._relay_loop())
        self._loops.append(asyncio.create_task(self._maintenance_loop()))
        log.info("telegram channel started (%s)", tg.mode)

    async def stop(self, drain: bool = True) -> None:
        """Stop fetching, let handlers in flight finish, then shut python-telegram-bot down.

        With drain=False, updates fetched but not started stay in the inbox for the next start.
        """
        self._running = False
        self._wake.set()
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
            for update_id, task in list(self._waiting.items()):
                task.cancel()
                log.info("update %d left for the next start", update_id)
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
        if self.app.updater is not None and self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()

    async def run_forever(self) -> None:
        await self.start()
        try:
            await asyncio.Event().wait()
        finally:
            await self.stop()

    # fetching -----------------------------------------------------------------------------------
    async def _poll_loop(self) -> None:
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
            for update in updates:
                self._accept(update)
                offset = max(offset, update.update_id + 1)

    def _accept(self, update: Update) -> None:
        """Keep the update in the inbox (before Telegram hears it arrived), then handle it."""
        chat = update.effective_chat
        if self.store.receive(update.update_id, chat.id if chat else 0, json.dumps(update.to_dict())):
            self._schedule(update)

    def _schedule(self, update: Update) -> None:
        task = asyncio.create_task(self._process(update))
        self._tasks.add(task)
        self._waiting[update.update_id] = task
        task.add_done_callback(self._tasks.discard)

    async def _process(self, update: Update) -> None:
        """One update at a time per chat (order kept), many chats at once."""
        chat = update.effective_chat
        key = chat.id if chat else 0
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        async with lock, self._slots:
            self._waiting.pop(update.update_id, None)   # started: from here on it runs to the end
            self._dispatching.add(update.update_id)
            try:
                await self.app.process_update(update)
            finally:
                self._dispatching.discard(update.update_id)
            self.store.finish(update.update_id)

    async def _ingest(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Webhook updates come through python-telegram-bot's queue: route them through the inbox too."""
        if update.update_id in self._dispatching:
            return
        self._accept(update)
        raise ApplicationHandlerStop

    # handling -----------------------------------------------------------------------------------
    async def _on_message(self, update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            return
        if chat.id == self.config.handoff.operators_chat_id:
            await self.operators.on_message(message)
            return
        if chat.type != "private":
            # A group id is no personal data, and this is how an admin finds the operators' group id.
            log.info("ignored a message in %s %s (not the operators' group)", chat.type, chat.id)
            return
        await self._answer(chat.id, incoming_from_message(message))

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
                                             payload=query.data or "", display_name=user.full_name if user else ""))

    async def _answer(self, chat_id: int, incoming: Incoming) -> None:
        if self.config.privacy.debug_log_text:   # off by default: logs carry no message text
            log.debug("chat %s (%s): %r", chat_id, incoming.kind, incoming.text or incoming.payload)
        replies = self.engine.handle(incoming)
        for reply in replies:   # actions first: "已经删除" must be true by the time the user reads it
            for action in reply.actions:
                self.on_action(action, incoming.user_id)
        await self.render(chat_id, replies)

    def on_action(self, action: Action, user_id: str) -> None:
        if action.kind == "forgotten" and (chat := chat_of(user_id)) is not None:
            self.store.forget_updates(chat)
        self.operators.on_action(action, user_id)
        self.wake()

    def wake(self) -> None:
        self._wake.set()

    async def render(self, chat_id: int, replies: list[Reply], thread_id: int | None = None) -> None:
        """Send replies in order: long texts split at paragraphs, buttons on the last part."""
        for reply in replies:
            chunks = tgsend.split_text(reply.text)
            for n, chunk in enumerate(chunks):
                markup = keyboard(reply) if n == len(chunks) - 1 else None
                await tgsend.call(lambda c=chunk, m=markup: self.bot.send_message(  # type: ignore[misc]
                    chat_id, c, reply_markup=m, message_thread_id=thread_id), what="sendMessage")
            if reply.document is not None:
                doc = reply.document
                await tgsend.call(lambda d=doc: self.bot.send_document(  # type: ignore[misc]
                    chat_id, InputFile(d.content, filename=d.file_name), caption=d.caption or None,
                    message_thread_id=thread_id), what="sendDocument")
            if reply.media is not None:   # after the text: a failed upload never holds the answer back
                await tgmedia.send_media(self.bot, self.store, chat_id, reply.media, thread_id)

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log failures without message text or names; one bad update never stops the bot."""
        update_id = update.update_id if isinstance(update, Update) else None
        error = context.error
        log.error("update %s failed: %s", update_id, type(error).__name__,
                  exc_info=error if self.config.privacy.debug_log_text else None)
        if isinstance(update, Update) and isinstance(error, Forbidden):
            return   # the user blocked the bot: nothing to tell them

    # background work ----------------------------------------------------------------------------
    async def _relay_loop(self) -> None:
        while self._running:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.relay_interval)
            self._wake.clear()
            try:
                await self.operators.deliver_pending()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep relaying: a failed round is retried next time
                log.error("relay round failed: %s", type(exc).__name__)

    async def _maintenance_loop(self) -> None:
        """Hot reload of intents (checked every few seconds) and the daily retention purge."""
        purge_every = 86400.0
        since_purge = purge_every
        while self._running:
            if since_purge >= purge_every:
                privacy = self.config.privacy
                removed = self.store.purge(privacy.retention_days, privacy.unanswered_retention_days)
                log.info("retention purge removed %d rows", removed)
                since_purge = 0.0
            await self.reload_if_changed()
            await asyncio.sleep(self.reload_interval)
            since_purge += self.reload_interval

    async def reload_if_changed(self, force: bool = False) -> str | None:
        library = self.services.library
        if not force and not library.changed():
            return None
        result = library.reload()
        if result.swapped:
            log.info("intents reloaded (%d)", result.count)
        else:
            for problem in result.problems:
                log.warning("intent reload refused: %s", problem)
            await self.operators.notify(result.summary())
        return result.summary()
