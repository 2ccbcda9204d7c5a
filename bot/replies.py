"""Building the bot's replies from intents: answer, more, buttons, menu, clarification, answers asked beside."""

from __future__ import annotations

from dataclasses import replace

from bot import texts
from bot.glossary import Entry
from bot.intents import COMMAND_BUTTONS, Intent, IntentSet
from bot.messages import Button, Reply, rows
from bot.protocol import ExplainTerms, HandoffButton, NoneOfThese, RunCommand, ShowIntent, ShowMore

HUMAN = Button(texts.HUMAN_BUTTON, HandoffButton("start"))
GLOSSARY_BUTTON = texts.GLOSSARY_BUTTON
LABEL_TERMS = 3   # terms named on the 词语解释 button
# Needs the operators should know about, recognised from what the user asked.
NEEDS = texts.NEEDS


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
    words = glossary_button(intents, intent)
    if words is not None:
        buttons.append(words)
    for target in intent.buttons:
        button = target_button(intents, target)
        if button and button not in buttons:
            buttons.append(button)
    if intent.id.startswith("meta.") and intent.id != "meta.thanks":
        buttons += [b for b in menu_buttons(intents) if b not in buttons]
    if HUMAN not in buttons:
        buttons.append(HUMAN)
    out = [Reply(intent.answer, rows(buttons, 2), media=intent.media)]
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


def unexplained_entries(intents: IntentSet, intent: Intent) -> list[Entry]:
    """Glossary words of the answer that it does not explain itself, in order of appearance."""
    return intents.glossary.unexplained(intent.answer)


def glossary_button(intents: IntentSet, intent: Intent) -> Button | None:
    """`词语解释：管辖、被告` under an answer that uses glossary words it does not explain; else None."""
    terms = [e.term for e in unexplained_entries(intents, intent)] if not intent.id.startswith("meta.") else []
    if not terms:
        return None
    named = "、".join(terms[:LABEL_TERMS]) + (texts.AND_MORE if len(terms) > LABEL_TERMS else "")
    return Button(f"{GLOSSARY_BUTTON}：{named}", ExplainTerms(intent.id))


def explain_terms(intents: IntentSet, intent: Intent) -> list[Reply]:
    """The glossary words of an answer, explained in one message."""
    entries = unexplained_entries(intents, intent)
    back = Button(intent.title, ShowIntent(intent.id))
    return [Reply(intents.glossary.explain(entries) or intent.answer, rows([back, HUMAN], 2))]


def define(intents: IntentSet, entry: Entry) -> list[Reply]:
    """The answer to "什么是X": the glossary explanation, a way to the full answer, and its video or picture."""
    more = target_button(intents, entry.intent) if entry.intent else None
    buttons = [more] if more is not None else []
    return [Reply(entry.text(), rows([*buttons, HUMAN], 2), media=entry.media)]


def also_answered(intents: IntentSet, others: list[Intent]) -> list[Reply]:
    """The answers to the message's next questions, each under the question it answers."""
    out = []
    for intent in others:
        reply = answer(intents, intent)[0]
        out.append(replace(reply, text=texts.ALSO_ANSWERED.format(title=intent.title, answer=reply.text)))
    return out
