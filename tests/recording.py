"""A recording channel (like errbot's test backend): push messages, read replies; unread replies fail."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.engine import Engine
from bot.messages import Attachment, Button, Incoming, Reply


@dataclass
class RecordingChannel:
    engine: Engine
    user: str = "u1"
    name: str = "测试用户"
    unread: list[Reply] = field(default_factory=list)
    last: list[Reply] = field(default_factory=list)

    def send(self, text: str = "", **kw: object) -> list[Reply]:
        """Push a message as the user; the replies wait to be read."""
        msg = Incoming(self.user, text=text, display_name=self.name, **kw)  # type: ignore[arg-type]
        return self._push(msg)

    def send_file(self, kind: str, file_id: str, ref: str = "") -> list[Reply]:
        return self._push(Incoming(self.user, kind=kind, attachment=Attachment(kind, file_id), ref=ref))  # type: ignore[arg-type]

    def _push(self, msg: Incoming) -> list[Reply]:
        replies = self.engine.handle(msg)
        self.unread.extend(replies)
        self.last = replies
        return replies

    def buttons(self) -> list[Button]:
        return [b for r in self.last for b in r.button_list()]

    def press(self, label: str) -> list[Reply]:
        """Press a button shown in the latest replies, by (part of) its label."""
        matches = [b for b in self.buttons() if label in b.label]
        assert matches, f"no button '{label}' in {[b.label for b in self.buttons()]}"
        return self.press_payload(matches[0].payload, matches[0].label)

    def press_payload(self, payload: str, label: str = "") -> list[Reply]:
        return self._push(Incoming(self.user, text=label, kind="button", payload=payload))

    def read(self, contains: str = "") -> Reply:
        """Take the first unread reply containing `contains` (everything before it counts as read)."""
        for n, reply in enumerate(self.unread):
            if contains in reply.text:
                del self.unread[: n + 1]
                return reply
        raise AssertionError(f"no unread reply contains {contains!r}; unread: {[r.text[:40] for r in self.unread]}")

    def read_all(self) -> list[Reply]:
        out, self.unread = self.unread, []
        return out

    def text(self) -> str:
        """All unread text, marking it read."""
        return "\n".join(r.text for r in self.read_all())
