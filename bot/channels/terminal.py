"""`wuai chat`: the bot in a terminal. Buttons become numbered choices picked by number."""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from bot import texts
from bot.app import Services, build
from bot.config import Config
from bot.media import describe
from bot.messages import Button, Incoming, Reply
from bot.protocol import TERMINAL_ONLY, HandoffOpened, HandoffReopened, terminal_commands

OPERATOR = texts.TERM_OPERATOR
POLL_SECONDS = 1.0
QUIT = {c.name for c in TERMINAL_ONLY if c.handler == "quit"} | {"/exit"}


class TerminalChannel:
    """Reads lines, sends them to the engine, prints replies; operator replies arrive in between."""

    def __init__(self, services: Services, user: str, out: TextIO | None = None) -> None:
        # sys.stdout/sys.stdin are looked up per call, not bound at import, so a redirected stream is used.
        self.services, self.user, self.out = services, user, out or sys.stdout
        self.choices: list[Button] = []
        self.downloads = services.config.storage_path.parent / "downloads"
        self._lock = threading.Lock()
        self._stop = threading.Event()

    def say(self, text: str) -> None:
        with self._lock:
            print(text, file=self.out, flush=True)

    def render(self, replies: list[Reply]) -> None:
        choices: list[Button] = []
        for reply in replies:
            if reply.text:
                self.say(f"\n{texts.TERM_BOT}> {reply.text}")
            buttons = reply.button_list()
            if buttons:
                first = len(choices) + 1
                self.say("  " + "  ".join(f"[{first + n}] {b.label}" for n, b in enumerate(buttons)))
                choices += buttons
            if reply.media is not None:   # the terminal cannot play it: where to find it
                self.say(f"  {describe(reply.media)}")
            if reply.document is not None:
                self.downloads.mkdir(parents=True, exist_ok=True)
                path = self.downloads / reply.document.file_name
                path.write_bytes(reply.document.content)
                self.say(texts.TERM_SAVED.format(path=path))
            for action in reply.actions:
                if isinstance(action, HandoffOpened | HandoffReopened):
                    ticket = action.ticket
                    self.say(texts.TERM_HANDOFF.format(ticket=ticket))
        if choices:
            self.choices = choices
            self.say(texts.TERM_PICK)

    def to_incoming(self, line: str) -> Incoming:
        text = line.strip()
        if text.isdigit() and self.choices and 1 <= int(text) <= len(self.choices):
            button = self.choices[int(text) - 1]
            return Incoming(self.user, text=button.label, kind="button", payload=button.payload)
        return Incoming(self.user, text=text, display_name=texts.TERM_USER_NAME)

    def deliver_operator_replies(self) -> None:
        """Print replies operators queued for this user (`wuai reply`), each exactly once."""
        desk = self.services.engine.desk
        for relay in desk.pending("to_user", user_id=self.user):
            self.say(f"\n{OPERATOR}> {relay.text}")
            desk.delivered(relay.id, "terminal")

    def _poll(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            try:
                self.deliver_operator_replies()
                self._maybe_reload()
            except Exception as exc:  # keep chatting even if one poll fails
                self.say(texts.TERM_POLL_FAILED.format(error=type(exc).__name__))

    def _maybe_reload(self) -> None:
        library = self.services.library
        if library.changed():
            result = library.reload()
            print(result.summary(), file=sys.stderr, flush=True)

    def run(self, stdin: TextIO | None = None) -> int:
        stdin = stdin or sys.stdin
        self.say(f"（{terminal_commands()}）")
        self.render(self.services.engine.handle(Incoming(self.user, text="/start")))
        poller = threading.Thread(target=self._poll, daemon=True)
        poller.start()
        interactive = stdin.isatty()
        try:
            while True:
                if interactive:
                    with self._lock:
                        print(f"\n{texts.TERM_YOU}> ", end="", file=self.out, flush=True)
                line = stdin.readline()
                if not line:
                    break
                if not line.strip():
                    continue
                if line.strip() in QUIT:
                    break
                self._maybe_reload()
                self.render(self.services.engine.handle(self.to_incoming(line)))
                self.deliver_operator_replies()
        finally:
            self._stop.set()
        return 0


def run_terminal(config: Config, user: str = "terminal", stdin: TextIO | None = None) -> int:
    services = build(config, flood_limit=False, saved_intents=True)
    try:
        return TerminalChannel(services, f"cli:{user}").run(stdin)
    finally:
        services.close()


__all__ = ["TerminalChannel", "run_terminal"]
