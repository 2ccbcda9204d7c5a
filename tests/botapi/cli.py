"""The stand-in run by hand: prints what the bot sends, and lets you type as a user.

``python -m tests.botapi.server --port 8081 --token 123:ABC``, then point `wuai serve` at it (see README).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
import threading
from collections.abc import Iterable

from tests.botapi.server import FakeBotApi
from tests.botapi.wire import DEFAULT_TOKEN, JSONDict


def _describe_message(message: JSONDict) -> str:
    body = message.get("text") or message.get("caption") or ""
    kinds = [
        k for k in ("document", "photo", "voice", "audio", "video", "video_note", "sticker", "location") if k in message
    ]
    where = f"chat {message['chat']['id']}"
    if message.get("message_thread_id"):
        where += f" topic {message['message_thread_id']}"
    markup = message.get("reply_markup") or {}
    buttons = [
        b.get("text") + "=" + str(b.get("callback_data", b.get("url", "")))
        for row in markup.get("inline_keyboard", [])
        for b in row
    ]
    extra = f" [{', '.join(kinds)}]" if kinds else ""
    extra += f" buttons: {buttons}" if buttons else ""
    return f"[bot -> {where} #{message['message_id']}]{extra}\n{body}"


async def _interactive(api: FakeBotApi, chat_id: int) -> None:
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def reader() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(queue.put_nowait, line.rstrip("\n"))
        loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=reader, name="botapi-stdin", daemon=True).start()
    print(f"Type a message to send it as user {chat_id}.  '@<chat_id> text' sends from another chat,")
    print("'!cb <data>' presses the inline button with that callback data, Ctrl-D quits.")
    while True:
        line = await queue.get()
        if line is None:
            return
        if not line.strip():
            continue
        target = chat_id
        if line.startswith("@") and " " in line:
            head, line = line[1:].split(" ", 1)
            with contextlib.suppress(ValueError):
                target = int(head)
        press = line.startswith("!cb ")
        update = api.push_callback(target, line[4:].strip()) if press else api.push_text(target, line)
        print(f"[user {target} -> bot] queued update {update['update_id']}", flush=True)


async def _serve(args: argparse.Namespace) -> None:
    api = FakeBotApi(args.token, round_trip=args.round_trip_ms / 1000)
    await api.start(args.host, args.port)
    api.on_sent(lambda message: print(_describe_message(message), flush=True))
    print(f"Fake Telegram Bot API listening; token {api.token}")
    print(f"  base_url      = {api.base_url}")
    print(f"  base_file_url = {api.base_file_url}")
    print("Point the bot at it with these two URLs and the token; bot messages are printed here.", flush=True)
    try:
        if args.interactive or (args.interactive is None and sys.stdin.isatty()):
            await _interactive(api, args.chat_id)
        else:
            await asyncio.Event().wait()
    finally:
        await api.stop()


def main(argv: Iterable[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Local stand-in for the Telegram Bot API")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--round-trip-ms", type=float, default=0.0,
                        help="hold every answer back this many ms, a simulated network round trip (default 0)")
    parser.add_argument("--chat-id", type=int, default=10001, help="user/chat id for typed messages")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--interactive", dest="interactive", action="store_true", default=None)
    group.add_argument("--no-interactive", dest="interactive", action="store_false")
    args = parser.parse_args(list(argv) if argv is not None else None)
    logging.basicConfig(level=logging.WARNING)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))
