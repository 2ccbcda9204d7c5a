"""Building the bot's replies from intents: answer, more, buttons, menu, clarification."""

from __future__ import annotations

from bot import texts
from bot.intents import COMMAND_BUTTONS, Intent, IntentSet
from bot.messages import Button, Reply, rows

HUMAN = Button(texts.HUMAN_BUTTON, "h:start")
# Needs the operators should know about, recognised from what the user asked.
NEEDS = texts.NEEDS


def target_button(intents: IntentSet, target: str) -> Button | None:
    """A button for an intent id or a command; None when the target no longer exists."""
    command = target.split()[0] if target.strip() else target   # `/deadline appeal_judgment` keeps its argument
    if command in COMMAND_BUTTONS:
        return HUMAN if command == "/human" else Button(COMMAND_BUTTONS[command], f"c:{target}")
    intent = intents.get(target)
    return Button(intent.title, f"i:{intent.id}") if intent else None


def menu_buttons(intents: IntentSet) -> list[Button]:
    targets = intents.menu or tuple(i.id for i in intents.answerable[:8])
    return [b for t in targets if (b := target_button(intents, t)) and b != HUMAN]


def menu(intents: IntentSet, text: str = texts.MENU_PROMPT) -> Reply:
    return Reply(text, rows([*menu_buttons(intents), HUMAN], 2))


def answer(intents: IntentSet, intent: Intent) -> list[Reply]:
    """The intent's answer with its buttons; a human is always one tap away."""
    buttons: list[Button] = []
    if intent.more:
        buttons.append(Button(texts.MORE_BUTTON, f"m:{intent.id}"))
    for target in intent.buttons:
        button = target_button(intents, target)
        if button and button not in buttons:
            buttons.append(button)
    if intent.id.startswith("meta.") and intent.id != "meta.thanks":
        buttons += [b for b in menu_buttons(intents) if b not in buttons]
    if HUMAN not in buttons:
        buttons.append(HUMAN)
    out = [Reply(intent.answer, rows(buttons, 2))]
    if intent.handoff:
        out.append(offer_human())
    return out


def more(intents: IntentSet, intent: Intent) -> list[Reply]:
    buttons = [b for t in intent.buttons if (b := target_button(intents, t)) and b != HUMAN]
    return [Reply(intent.more or intent.answer, rows([*buttons, HUMAN], 2))]


def offer_human(text: str = texts.OFFER_HUMAN) -> Reply:
    return Reply(text, rows([Button(texts.YES_HUMAN, "h:yes"), Button(texts.NO_THANKS, "h:no")], 2))


def clarify(options: tuple[Intent, ...]) -> Reply:
    buttons = [Button(i.title, f"i:{i.id}") for i in options]
    return Reply(texts.CLARIFY, rows([*buttons, Button(texts.NONE_OF_THESE, "x")], 1))
