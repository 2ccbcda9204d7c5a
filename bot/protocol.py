"""What crosses the engine's boundary: button payloads, actions for the channels, and the user commands.

Payloads keep the wire format buttons have always had (`i:filing.how`, `g:filing.how`, `f:court:kind:divorce`,
`h:reopen:12`...), so buttons already in users' chats keep working; `parse` returns None for anything
stale, forged or malformed, and the engine answers that politely. Telegram refuses a button whose
`callback_data` is longer than 64 bytes (the whole message is then lost), so loaders check with `fits`.
"""

from __future__ import annotations

import re
from dataclasses import KW_ONLY, dataclass
from typing import ClassVar, Literal, get_args

from bot import texts

MAX_PAYLOAD_BYTES = 64   # Telegram's limit for an inline button's callback_data
MAX_TICKET = 2**63 - 1   # the largest ticket number SQLite can store; a larger one overflows the lookup
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_NAME = re.compile(r"^[a-z0-9_]+$")


# button payloads ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShowIntent:
    """Answer an intent (`i:<id>`)."""

    intent: str


@dataclass(frozen=True)
class ShowMore:
    """The intent's longer answer (`m:<id>`)."""

    intent: str


@dataclass(frozen=True)
class ExplainTerms:
    """The glossary words an intent's answer uses (`g:<id>`)."""

    intent: str


@dataclass(frozen=True)
class NoneOfThese:
    """None of the offered meanings (`x`)."""


@dataclass(frozen=True)
class FlowChoice:
    """A step's option (`f:<flow>:<step>:<value>`): flow and step tell a button pressed out of turn."""

    flow: str
    step: str
    value: str


@dataclass(frozen=True)
class RunCommand:
    """A command by button (`c:/deadline appeal_judgment`), with an optional argument."""

    command: str
    arg: str = ""

    @property
    def text(self) -> str:
        """The command as if typed."""
        return f"{self.command} {self.arg}" if self.arg else self.command


HandoffChoice = Literal["start", "yes", "new", "no", "end", "bot", "wait"]


@dataclass(frozen=True)
class HandoffButton:
    """Asking for a person, or choosing while a ticket is open (`h:<choice>`)."""

    choice: HandoffChoice


@dataclass(frozen=True)
class Reopen:
    """Go on with a ticket closed recently (`h:reopen:<ticket>`)."""

    ticket: int


@dataclass(frozen=True)
class Forget:
    """The answer to /forget's question (`forget:yes`, `forget:no`)."""

    confirmed: bool


@dataclass(frozen=True)
class MainMenu:
    """Show the main menu (`menu`)."""


@dataclass(frozen=True)
class SendDraft:
    """Send the complaint drafts to the operators (`cf:send`)."""


Payload = (ShowIntent | ShowMore | ExplainTerms | NoneOfThese | FlowChoice | RunCommand | HandoffButton | Reopen
           | Forget | MainMenu | SendDraft)
_FIXED: dict[str, Payload] = {"x": NoneOfThese(), "menu": MainMenu(), "cf:send": SendDraft(),
                              "forget:yes": Forget(True), "forget:no": Forget(False)}
_ABOUT_INTENT: dict[str, type[ShowIntent | ShowMore | ExplainTerms]] = {"i": ShowIntent, "m": ShowMore,
                                                                          "g": ExplainTerms}
_HANDOFF: dict[str, HandoffButton] = {choice: HandoffButton(choice) for choice in get_args(HandoffChoice)}


def encode(payload: Payload) -> str:
    """The payload as the string a button carries."""
    match payload:
        case ShowIntent(intent):
            return f"i:{intent}"
        case ShowMore(intent):
            return f"m:{intent}"
        case ExplainTerms(intent):
            return f"g:{intent}"
        case FlowChoice(flow, step, value):
            return f"f:{flow}:{step}:{value}"
        case RunCommand():
            return f"c:{payload.text}"
        case HandoffButton(choice):
            return f"h:{choice}"
        case Reopen(ticket):
            return f"h:reopen:{ticket}"
        case Forget(confirmed):
            return "forget:yes" if confirmed else "forget:no"
    return next(wire for wire, fixed in _FIXED.items() if fixed == payload)


def parse(data: str) -> Payload | None:
    """The payload a button carried; None when it is malformed, forged or names no known command."""
    if not data or not fits(data):
        return None
    if data in _FIXED:
        return _FIXED[data]
    kind, _, value = data.partition(":")
    if kind in _ABOUT_INTENT and _ID.match(value):
        return _ABOUT_INTENT[kind](value)
    if kind == "f":
        flow, _, rest = value.partition(":")
        step, sep, choice = rest.partition(":")
        return FlowChoice(flow, step, choice) if sep and _NAME.match(flow) and _NAME.match(step) else None
    if kind == "c":
        name, _, arg = value.partition(" ")
        return RunCommand(name, arg.strip()) if name in COMMANDS else None
    if kind == "h":
        if value in _HANDOFF:
            return _HANDOFF[value]
        what, _, ticket = value.partition(":")
        number = int(ticket) if what == "reopen" and ticket.isdigit() and ticket.isascii() else -1
        return Reopen(number) if 0 <= number <= MAX_TICKET else None
    return None


def fits(data: str) -> bool:
    """True when Telegram accepts this as a button's callback_data."""
    return len(data.encode("utf-8")) <= MAX_PAYLOAD_BYTES


def too_long(payload: Payload) -> str:
    """'' when the payload fits in a button; otherwise why not, for a loader's file:line error."""
    wire = encode(payload)
    size = len(wire.encode("utf-8"))
    if size <= MAX_PAYLOAD_BYTES:
        return ""
    return (f"its button would carry '{wire}' ({size} bytes); Telegram allows at most {MAX_PAYLOAD_BYTES} bytes, "
            f"so make it {size - MAX_PAYLOAD_BYTES} bytes shorter")


# actions for the channels -----------------------------------------------------------------------------
@dataclass(frozen=True)
class HandoffOpened:
    """A ticket was opened: the terminal says how operators answer; Telegram creates its topic."""

    ticket: int
    kind: ClassVar[str] = "handoff.opened"


@dataclass(frozen=True)
class HandoffReopened:
    """A closed ticket was reopened by its user: the operators' topic opens again."""

    ticket: int
    kind: ClassVar[str] = "handoff.reopened"


@dataclass(frozen=True)
class HandoffClosed:
    """The user ended the ticket (`by="user"`), or it was closed by /forget with the topic it had."""

    ticket: int
    by: Literal["user", "forget"] = "user"
    topic: int | None = None
    topic_chat: int | None = None
    kind: ClassVar[str] = "handoff.closed"


@dataclass(frozen=True)
class Relayed:
    """Messages for the ticket's operators were queued: deliver them now."""

    ticket: int
    kind: ClassVar[str] = "relay"


@dataclass(frozen=True)
class Forgotten:
    """The user's records were deleted: channels drop what they keep of them too."""

    user: str
    kind: ClassVar[str] = "forgotten"


Action = HandoffOpened | HandoffReopened | HandoffClosed | Relayed | Forgotten


# commands ------------------------------------------------------------------------------------------------
CommandScope = Literal["user", "terminal", "topic", "group"]


@dataclass(frozen=True)
class Command:
    """A command: the handler that runs it, what menus and help say of it, its button label, the flow it starts.

    Scopes: `user` commands are the engine's (every channel), `terminal` ones `wuai chat`'s own; in the
    operators' group, `topic` commands act on the ticket whose topic they are sent in, `group` ones anywhere.
    """

    name: str         # with the slash: "/court"
    menu: str         # in Telegram's command menu and the terminal's list
    help: str = ""    # in /help; '' leaves it out (/start and /help themselves)
    button: str = ""  # the label when an intent's buttons or the topic menu name it; '' when never a button
    _: KW_ONLY
    handler: str      # the key of the handler in its scope's table (Engine.COMMAND_HANDLERS, the operators' relay)
    flow: str = ""    # the flow it starts
    usage: str = ""   # what follows the command, for the operators' help: "/tag 意图id"
    scope: CommandScope = "user"
    # While the user's ticket is open: '' the usual answer; "end" the handoff; only the ticket's "status";
    # "answer_and_status" the usual answer followed by the ticket's status.
    in_handoff: Literal["", "end", "status", "answer_and_status"] = ""


def _registry(*commands: Command) -> dict[str, Command]:
    return {c.name: c for c in commands}


def _operators(name: str, handler: str, scope: CommandScope) -> Command:
    menu, usage = texts.OPS_COMMANDS[name]
    return Command(name, menu, handler=handler, usage=usage, scope=scope)


COMMANDS = _registry(
    Command("/start", *texts.COMMANDS["/start"], handler="start", in_handoff="answer_and_status"),
    Command("/help", *texts.COMMANDS["/help"], handler="help", in_handoff="answer_and_status"),
    Command("/court", *texts.COMMANDS["/court"], handler="flow", flow="court"),
    Command("/checklist", *texts.COMMANDS["/checklist"], handler="flow", flow="checklist"),
    Command("/deadline", *texts.COMMANDS["/deadline"], handler="flow", flow="deadline"),
    Command("/complaint", *texts.COMMANDS["/complaint"], handler="flow", flow="complaint"),
    Command("/human", *texts.COMMANDS["/human"], handler="human", in_handoff="status"),
    Command("/cancel", *texts.COMMANDS["/cancel"], handler="cancel", in_handoff="end"),
    Command("/forget", *texts.COMMANDS["/forget"], handler="forget"),
)
TERMINAL_ONLY = (Command("/quit", *texts.COMMANDS["/quit"], handler="quit", scope="terminal"),)
OPERATOR_COMMANDS = _registry(
    _operators("/close", "close", "topic"),
    _operators("/note", "note", "topic"),
    _operators("/ticket", "card", "topic"),
    _operators("/tag", "tag", "topic"),
    _operators("/tickets", "board", "group"),
    _operators("/reload", "reload", "group"),
)


def help_commands() -> str:
    """The commands line of /help."""
    return texts.COMMANDS_HEAD + "，".join(f"{c.name} {c.help}" for c in COMMANDS.values() if c.help) + "。"


def telegram_menu() -> list[tuple[str, str]]:
    """Telegram's command menu: (command without the slash, description)."""
    return [(c.name[1:], c.menu) for c in COMMANDS.values()]


def terminal_commands() -> str:
    """The commands `wuai chat` lists when it starts."""
    return texts.COMMANDS_HEAD + "  ".join(f"{c.name} {c.menu}" for c in (*COMMANDS.values(), *TERMINAL_ONLY))


def command_buttons() -> dict[str, str]:
    """Commands an intent's buttons or the topic menu may name, with their labels."""
    return {c.name: c.button for c in COMMANDS.values() if c.button}


def operator_help() -> str:
    """What the operators' commands do: on each ticket's card, and the answer to a command out of place."""
    def listed(scope: CommandScope) -> str:
        return "，".join(" ".join(filter(None, (c.name, c.usage, c.menu)))
                        for c in OPERATOR_COMMANDS.values() if c.scope == scope)

    return texts.OPS_HELP.format(topic=listed("topic"), group=listed("group"))


def operator_menu() -> list[tuple[str, str]]:
    """The operators' group's Telegram command menu: (command without the slash, description)."""
    where = {"topic": texts.OPS_MENU_IN_TOPIC}
    return [(c.name[1:], where.get(c.scope, "") + c.menu) for c in OPERATOR_COMMANDS.values()]
