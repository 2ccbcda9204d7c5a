"""Building the bot's replies from intents: answer, more, buttons, menu, clarification."""

from __future__ import annotations

from bot import texts
from bot.intents import COMMAND_BUTTONS, Intent, IntentSet
from bot.messages import Button, Reply, rows
from bot.protocol import HandoffButton, NoneOfThese, RunCommand, ShowIntent, ShowMore

HUMAN = Button(texts.HUMAN_BUTTON, HandoffButton("start"))
# Needs the operators should know about, recognised from what the user asked.
NEEDS = {"green.sign_language": "需要手语翻译", "green.home_service": "行动不便，去法院困难",
         "green.communication": "需要文字沟通", "emergency": "可能有紧急危险"}


def target_button(intents: IntentSet, target: str) -> Button | None:
    """A button for an intent id or a command; None when the target no longer exists."""
    command, _, arg = target.strip().partition(" ")   # `/deadline appeal_judgment` keeps its argument
    if command in COMMAND_BUTTONS:
        return HUMAN if command == "/human" else Button(COMMAND_BUTTONS[command], RunCommand(command, arg.strip()))
    intent = intents.get(target)
    return Button(intent.title, ShowIntent(intent.id)) if intent else None


def menu_buttons(intents: IntentSet) -> list[Button]:
    targets = intents.menu or tuple(i.id for i in intents.answerable[:8])
    return [b for t in targets if (b := target_button(intents, t)) and b != HUMAN]


def menu(intents: IntentSet, text: str = texts.MENU_PROMPT) -> Reply:
    return Reply(text, rows([*menu_buttons(intents), HUMAN], 2))


def answer(intents: IntentSet, intent: Intent) -> list[Reply]:
    """The intent's answer with its buttons; a human is always one tap away."""
    buttons: list[Button] = []
    if intent.more:
        buttons.append(Button(texts.MORE_BUTTON, ShowMore(intent.id)))
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
    return Reply(text, rows([Button(texts.YES_HUMAN, HandoffButton("yes")),
                             Button(texts.NO_THANKS, HandoffButton("no"))], 2))


def clarify(options: tuple[Intent, ...]) -> Reply:
    buttons = [Button(i.title, ShowIntent(i.id)) for i in options]
    return Reply(texts.CLARIFY, rows([*buttons, Button(texts.NONE_OF_THESE, NoneOfThese())], 1))
