"""Running the bot: in Telegram (`serve`), in the terminal (`chat`), and the terminal's operators' desk
(`tickets`, `reply`, `close`) that answers its tickets without Telegram."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bot.cli_common import EXIT_OK, EXIT_PROBLEMS, TOKEN_ENV, config_of, config_warnings
from bot.config import SECRET_RE

if TYPE_CHECKING:
    from bot.handoff import Desk, Ticket

SYSTEM_KINDS = ("card", "close_topic", "reopen_topic")   # relay rows that are no message to show


def cmd_chat(args: argparse.Namespace) -> int:
    """Chat with the bot in the terminal."""
    from bot.channels.terminal import run_terminal

    return int(run_terminal(config_of(args), user=args.user))


def _desk(args: argparse.Namespace) -> Desk:
    from bot.handoff import Desk
    from bot.store import Store

    config = config_of(args)
    return Desk(Store(config.storage_path), config.handoff)


def cmd_tickets(args: argparse.Namespace) -> int:
    """List open tickets (urgent first) and those closed lately, or show one ticket's card and messages."""
    desk = _desk(args)
    if args.ticket is not None:
        ticket = desk.get(args.ticket)
        if ticket is None:
            print(f"没有工单 #{args.ticket}。", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"{desk.describe(ticket)}\n\n{ticket.card}\n\n消息：")
        for relay in desk.conversation(ticket.id):
            if relay.kind in SYSTEM_KINDS:
                continue
            who = "系统" if relay.author == "system" else "用户" if relay.direction == "to_operators" else "工作人员"
            body = relay.text if relay.kind in ("text", "notice") else f"[{relay.kind}]"
            print(f"  {who}: {body}")
        return EXIT_OK

    def unread(ticket: Ticket) -> str:
        new = [r for r in desk.pending("to_operators", ticket_id=ticket.id) if r.author == "user"]
        return f"  （{len(new)} 条新消息）" if new and ticket.status != "closed" else ""

    print("\n".join(desk.board(suffix=unread)))
    return EXIT_OK


def _open_ticket(args: argparse.Namespace) -> tuple[Desk, Ticket] | None:
    """The desk and `args.ticket` if that ticket is still open; otherwise says so on stderr."""
    desk = _desk(args)
    ticket = desk.get(args.ticket)
    if ticket is None or ticket.status == "closed":
        print(f"工单 #{args.ticket} 不存在或已经结束。", file=sys.stderr)
        return None
    return desk, ticket


def cmd_reply(args: argparse.Namespace) -> int:
    """Answer a ticket from the terminal (the user's `wuai chat` shows it)."""
    if (found := _open_ticket(args)) is None:
        return EXIT_PROBLEMS
    desk, ticket = found
    desk.reply(ticket.id, "cli", "", "text", " ".join(args.text), "operator")
    for relay in desk.pending("to_operators", ticket_id=ticket.id):
        desk.delivered(relay.id, "cli")  # the operator has now seen the user's messages
    print(f"已回复工单 #{ticket.id}。")
    return EXIT_OK


def cmd_close(args: argparse.Namespace) -> int:
    """Close a ticket; the user is told and the bot answers them again."""
    if (found := _open_ticket(args)) is None:
        return EXIT_PROBLEMS
    desk, ticket = found
    desk.close_by_operator(ticket.id)
    print(f"工单 #{ticket.id} 已关闭。")
    return EXIT_OK


NO_TOKEN = ("wuai serve needs a Telegram bot token: create a bot with @BotFather in Telegram, then "
            "export WUAI_TELEGRAM_TOKEN=<token>. To try the bot without Telegram, run: wuai chat")


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the bot in Telegram (token from WUAI_TELEGRAM_TOKEN)."""
    import asyncio
    import logging
    import os
    import signal

    os.environ.setdefault("PTB_TIMEDELTA", "1")  # RetryAfter.retry_after as timedelta, without warnings
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_PROBLEMS
    config = config_of(args)
    secret = os.environ.get("WUAI_WEBHOOK_SECRET", "").strip()
    if secret and not SECRET_RE.match(secret):
        print("wuai: WUAI_WEBHOOK_SECRET must be 1-256 characters A-Z, a-z, 0-9, _ or -", file=sys.stderr)
        return EXIT_PROBLEMS
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Library debug logs can contain message text, and httpx logs URLs with the token in them.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.verbose:
        logging.getLogger("bot").setLevel(logging.DEBUG)
    for warning in config_warnings(config):
        logging.warning("%s", warning.split(" warning: ", 1)[-1])
    if config.privacy.debug_log_text:
        logging.warning("privacy.debug_log_text is on: logs may contain message text. Turn it off in production.")
    from bot.app import build
    from bot.channels.telegram import TelegramChannel

    base_url = os.environ.get("WUAI_TELEGRAM_BASE_URL", "").strip() or config.telegram.base_url
    services = build(config, saved_intents=True)
    channel = TelegramChannel(services, token, base_url=base_url,
                              webhook_secret=secret)

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):   # systemctl stop/restart: finish what is in flight
            loop.add_signal_handler(sig, stop.set)
        await channel.run_forever(stop)

    try:
        asyncio.run(serve())
    finally:
        services.close()
    logging.info("stopped")
    return EXIT_OK
