"""A local stand-in for the Telegram Bot API, for end-to-end tests with the real python-telegram-bot.

Point an ``Application`` at it with
``ApplicationBuilder().token(api.token).base_url(api.base_url).base_file_url(api.base_file_url)``.

It answers the Bot API methods the bot calls (``methods.py``, ``polling.py``) over the real wire protocol
(JSON, url-encoded and multipart bodies, ``{"ok": ...}`` envelopes, Telegram's status codes and error
descriptions, so PTB raises the exceptions it raises against Telegram), keeps Telegram-like state
(``state.py``: chats, per-chat message ids, forum topics, files, pending updates), lets simulated users
write and press buttons (``users.py``), records every request as a :class:`Call` and lets tests wait for
what the bot sent (``waits.py``), and injects faults on request (``faults.py``). Injected faults never
create messages unless a ``deliver=True`` fault simulates "delivered, but the client never saw the answer".
``round_trip`` (seconds, 0 by default) holds every answer back as a network would, the getUpdates answer
carrying an update included; what the bot sends is recorded the moment it arrives.

Run by hand: ``python -m tests.botapi.server --port 8081 --token 123:ABC``.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import inspect
import json
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from tests.botapi.faults import Faults
from tests.botapi.methods import Methods
from tests.botapi.polling import Polling
from tests.botapi.users import Users
from tests.botapi.waits import Waits
from tests.botapi.wire import (
    DEFAULT_TOKEN,
    MAX_UPLOAD_BYTES,
    ApiError,
    Call,
    JSONDict,
    StoredFile,
    UploadedFile,
    WaitTimeout,
    abort,
    client_gone,
    json_response,
    read_params,
)

__all__ = ["DEFAULT_TOKEN", "ApiError", "Call", "FakeBotApi", "StoredFile", "UploadedFile", "WaitTimeout"]

_LOGGER = logging.getLogger(__name__)


class FakeBotApi(Methods, Polling, Users, Faults, Waits):
    """In-process Telegram Bot API server for tests (aiohttp, binds 127.0.0.1 only)."""

    def clear(self) -> None:
        """Forget recorded calls and the sent-message log (chat state, files, updates stay)."""
        self._calls = []
        self._sent_keys = []
        self._sent_order = {}
        self._sent_log = []
        self._sent_meta = {}
        self._epoch += 1
        self._notify(all_chats=True)

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeBotApi:
        """Start listening; ``port=0`` picks a free port (see :attr:`port`)."""
        if self._runner is not None:
            raise RuntimeError("FakeBotApi already started")
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("FakeBotApi only binds to the loopback interface")
        self._closing = False
        self._closing_event = asyncio.Event()
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        await site.start()
        self._runner = runner
        self._host = "127.0.0.1" if host == "localhost" else host
        self._port = int(runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        """Stop the server; pending long polls return empty, injected delays end early."""
        if self._runner is None:
            return
        self._closing = True
        if self._closing_event is not None:
            self._closing_event.set()
        self._wake_pollers()
        self._notify()
        runner, self._runner = self._runner, None
        await runner.cleanup()

    async def __aenter__(self) -> FakeBotApi:
        if self._runner is None:
            await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def token(self) -> str:
        """The only token this server accepts."""
        return self._token

    @property
    def port(self) -> int:
        """The TCP port (after :meth:`start`)."""
        return self._port

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder.base_url`` (PTB appends the token)."""
        return f"http://{self._host}:{self._port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder.base_file_url`` (PTB appends the token)."""
        return f"http://{self._host}:{self._port}/file/bot"

    def on_sent(self, callback: Callable[[JSONDict], None]) -> None:
        """Call ``callback(message)`` for each message the bot sends (used by the CLI)."""
        self._listeners.append(callback)

    def calls(self, method: str | None = None, *, ok: bool | None = None) -> list[Call]:
        """Recorded requests, optionally filtered by method and success."""
        name = self._method_name(method) if method else None
        return [c for c in self._calls if (name is None or c.method == name) and (ok is None or c.ok == ok)]

    def sent_texts(self, chat_id: int | None = None, thread_id: int | None = None) -> list[str]:
        """Text (or caption) of each sent message, in order."""
        return [m.get("text") or m.get("caption") or "" for m in self.sent_messages(chat_id, thread_id)]

    def count_by_chat(self) -> dict[int, int]:
        """Number of sent messages per chat id."""
        return dict(Counter(key[0] for key in self._sent_keys))

    def duplicates(self) -> list[list[JSONDict]]:
        """Groups of sent messages with identical chat, thread, content and reply target.

        A non-empty result after a fault-injection run usually means a retried request was
        delivered twice.
        """
        groups: dict[str, list[JSONDict]] = defaultdict(list)
        for message in self.sent_messages():
            reply = message.get("reply_to_message") or {}
            topic = message.get("message_thread_id")
            reply_id = reply.get("message_id") if reply.get("message_id") != topic else None
            content = {k: message.get(k) for k in ("text", "caption", "method")}
            for kind in ("document", "voice", "audio", "video", "video_note", "sticker", "animation"):
                if kind in message:
                    content[kind] = message[kind].get("file_unique_id")
            if "photo" in message:
                content["photo"] = message["photo"][-1].get("file_unique_id")
            key = json.dumps([message["chat"]["id"], topic, reply_id, content], sort_keys=True, ensure_ascii=False)
            groups[key].append(message)
        return [group for group in groups.values() if len(group) > 1]

    def topics(self, chat_id: int | None = None) -> list[JSONDict]:
        """Forum topics known to the stand-in (``chat_id``, ``message_thread_id``, ``name``, ``closed``...)."""
        return [dict(topic) for (cid, _tid), topic in sorted(self._topics.items()) if chat_id is None or cid == chat_id]

    def my_commands(self, scope: JSONDict | None = None, language_code: str = "") -> list[JSONDict]:
        """Commands set with setMyCommands for a scope / language."""
        return copy.deepcopy(self._commands.get((self._scope_key(scope), language_code), []))

    def pending_updates(self) -> list[JSONDict]:
        """Updates pushed but not yet confirmed by an offset."""
        return copy.deepcopy(self._pending)

    def delivery_count(self, update_id: int) -> int:
        """How many getUpdates answers contained this update (redeliveries count)."""
        return self._delivered[update_id]

    def file_bytes(self, file_id: str) -> bytes:
        """Content of a stored file (raises KeyError)."""
        return self._files[file_id].content

    @property
    def webhook(self) -> JSONDict:
        """Parameters of the last setWebhook (empty when none)."""
        return dict(self._webhook)

    async def post_webhook(self, local_url: str, update: JSONDict, *, secret_token: str | None = None) -> int:
        """POST ``update`` as Telegram does to the registered webhook; returns the HTTP status.

        ``local_url`` is where a reverse proxy would forward the public URL.  The
        ``X-Telegram-Bot-Api-Secret-Token`` header carries the ``secret_token`` given to setWebhook
        (or ``secret_token`` here, e.g. a forger's guess; ``""`` sends no header).
        """
        import aiohttp

        token = self._webhook.get("secret_token", "") if secret_token is None else secret_token
        headers = {"X-Telegram-Bot-Api-Secret-Token": str(token)} if token else {}
        if "update_id" not in update:
            update = {**update, "update_id": self._next_update_id}
            self._next_update_id += 1
        async with aiohttp.ClientSession() as session, session.post(local_url, json=update, headers=headers) as r:
            return r.status

    def _record(self, call: Call) -> None:
        self._calls.append(call)
        self._notify()

    async def _sleep(self, seconds: float) -> None:
        if self._closing_event is None:
            await asyncio.sleep(seconds)
            return
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._closing_event.wait(), seconds)

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        response = await self._answer(request)
        if self.round_trip > 0:
            # Telegram's round trip, on the way out: an update reaches the bot, and the bot learns a send
            # went through, round_trip after the stand-in decided (what the bot sent is recorded at once).
            await self._sleep(self.round_trip)
        return response

    async def _answer(self, request: web.Request) -> web.StreamResponse:
        arrived = time.monotonic()
        raw_method = request.match_info["method"]
        method = self._canonical.get(raw_method.lower(), raw_method)
        params: JSONDict = {}

        def finish(status: int, result: Any = None, description: str | None = None, injected: bool = False) -> None:
            self._record(
                Call(method, params, arrived, status, result, description, injected, time.monotonic() - arrived)
            )

        def error(exc: ApiError, injected: bool = False, body: bytes | None = None) -> web.Response:
            if method == "getUpdates" and exc.status == 409 and client_gone(request):
                finish(499, description=f"client went away before the long poll ended ({exc.description})")
                return abort(request)
            finish(exc.status, description=exc.description, injected=injected)
            if body is not None:
                return web.Response(body=body, status=exc.status, content_type="text/html")
            return json_response(exc.status, exc.payload())

        try:
            if request.match_info["token"] != self._token:
                return error(ApiError(401, "Unauthorized"))
            params = await read_params(request)
            handler = self._handlers.get(method)
            if handler is None:
                return error(ApiError(404, "Not Found: method not found"))
            fault = self._take_fault(method, params)
            if fault is not None and fault.kind == "status":
                return error(fault.error(), injected=True, body=fault.body)
            if fault is not None and not fault.deliver:
                if fault.kind == "delay":
                    await self._sleep(fault.seconds)
                if fault.kind == "drop" or client_gone(request):
                    finish(499, description=f"injected {fault.kind}: client got no answer, nothing done", injected=True)
                    return abort(request)
            try:
                result = handler(params)
                if inspect.isawaitable(result):
                    result = await result
            except ApiError as exc:
                return error(exc)
            if method == "getUpdates":
                if client_gone(request):  # abandoned long poll (e.g. the poller was stopped)
                    finish(499, description="client went away before the long poll ended")
                    return abort(request)
                for update in result:
                    self._delivered[update["update_id"]] += 1
            if fault is not None:
                finish(200, result, f"injected {fault.kind} after delivery", injected=True)
                if fault.kind == "delay":
                    await self._sleep(fault.seconds)
                    return json_response(200, {"ok": True, "result": result})
                return abort(request)
            finish(200, result)
            return json_response(200, {"ok": True, "result": result})
        except ApiError as exc:
            return error(exc)
        except ConnectionResetError:  # the client died mid-request (e.g. kill -9): not a stand-in bug
            finish(499, description="client connection lost")
            return abort(request)
        except Exception as exc:  # a bug in the stand-in: fail loudly but keep serving
            _LOGGER.exception("FakeBotApi crashed handling %s", method)
            self.internal_errors.append(f"{method}: {exc!r}")
            return error(ApiError(500, f"Internal Server Error: stand-in bug: {exc!r}"))


if __name__ == "__main__":
    from tests.botapi.cli import main

    main()
