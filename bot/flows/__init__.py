"""Step-by-step flows: named states, one small function per step (court finder, checklist)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from bot.danger import EMERGENCY, says_danger
from bot.messages import Button, Incoming, Reply, rows
from bot.protocol import FlowChoice
from bot.session import Session
from bot.texts import PICK_A_BUTTON

if TYPE_CHECKING:
    from bot.deadlines import DeadlineBook
    from bot.flows.texts import FlowTexts, Wording
    from bot.forms.model import FormSet
    from bot.intents import Intent, IntentSet
    from bot.matcher import Matcher
    from bot.places import Gazetteer


@dataclass
class Ctx:
    """What a step sees: the session to update, the message, its value, and shared services."""

    session: Session
    msg: Incoming
    value: str                      # the pressed button's value, or the typed text
    pressed: bool                   # True when value came from one of this step's buttons
    gazetteer: Gazetteer | None
    today: date | None = None       # from the engine's clock, in China
    deadlines: DeadlineBook | None = None
    forms: FormSet | None = None    # the complaint forms (hot-reloaded with the intents)
    now: float = 0.0                # the engine's clock (seconds)
    retention_days: float = 0.0     # privacy.retention_days: kept drafts older than this are dropped
    texts: FlowTexts | None = None  # what the flows say (`intents/flows/`, hot-reloaded with the intents)
    intents: IntentSet | None = None  # the intents: what the topic just discussed offers (its buttons)

    def goto(self, step: str) -> None:
        self.session.step = step

    def wording(self, flow: str) -> Wording:
        """The texts of one flow; the engine always passes them."""
        assert self.texts is not None, "Ctx built without the flow texts"
        return self.texts[flow]


# A step returns the replies, or None when the input does not fit (the engine then decides).
Step = Callable[[Ctx], "list[Reply] | None"]


@dataclass(frozen=True)
class Flow:
    """A flow: a name, its first step, and its steps by name with the prompt that re-asks each."""

    name: str
    first: str
    steps: dict[str, Step]
    prompts: dict[str, Callable[[Ctx], Reply]]
    # What to say when typed text fits neither the step nor a clear question (default: "pick a button").
    retries: dict[str, Callable[[Ctx], list[Reply]]] = field(default_factory=dict)
    # Starts the flow from a message or a button's argument, filling in what it already says (default: prompt).
    entry: Step | None = None
    # A long flow asked a question in between (诉讼费多少钱 typed at "your name?"): the replies that ask its step again
    # after the engine answered the question, or None where typed text can only be the step's answer. Without it a
    # clear question leaves the flow.
    between: Step | None = None

    def prompt(self, ctx: Ctx) -> Reply:
        return self.prompts[ctx.session.step](ctx)

    def retry(self, ctx: Ctx) -> list[Reply]:
        custom = self.retries.get(ctx.session.step)
        if custom is not None:
            return custom(ctx)
        return [Reply(PICK_A_BUTTON), self.prompt(ctx)]


def flow_button(flow: str, step: str, value: str, label: str) -> Button:
    """Payloads carry flow and step so a button pressed out of turn is recognised as stale."""
    return Button(label, FlowChoice(flow, step, value))


def choice(flow: str, step: str, text: str, options: list[tuple[str, str]], per_row: int = 2,
           extra: list[Button] | None = None) -> Reply:
    buttons = [flow_button(flow, step, value, label) for value, label in options] + (extra or [])
    return Reply(text, rows(buttons, per_row))


def pick(ctx: Ctx, options: list[tuple[str, str]], typed: Mapping[str, tuple[str, ...]]) -> str | None:
    """The option chosen by button, or recognised in typed text by its label or a typed alias."""
    values = {value for value, _ in options}
    if ctx.pressed:
        return ctx.value if ctx.value in values else None
    text = ctx.value.replace(" ", "")
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1][0]
    for value, label in options:
        if text and (text == label or text in typed.get(value, ())):
            return value
    for value, words in typed.items():
        if any(w in text for w in words):
            return value
    return None


def asked_between(intents: IntentSet, matcher: Matcher, text: str) -> Intent | None:
    """What a message typed between a long flow's questions asks, if it clearly asks: `我老公打我怎么办` violence's
    answer; danger without a question (`他又打我了`) the emergency one; None for anything else (an answer)."""
    asks, danger = intents.questions.asks(text), says_danger(text)
    if not asks and not danger:
        return None
    result = matcher.match(text)
    if asks and result.decision == "answer" and result.intent is not None:
        return result.intent
    return intents.get(EMERGENCY) if danger else None
