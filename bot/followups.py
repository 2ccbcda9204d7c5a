"""A message read against the conversation: follow-ups by aspect, several questions at once, a place to remember."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import replies
from bot.intents import Intent
from bot.matcher import Matcher
from bot.messages import Button, Reply, rows
from bot.session import Session

if TYPE_CHECKING:
    from bot.places import Gazetteer


def follow_up(matcher: Matcher, s: Session, text: str) -> Intent | None:
    """A short follow-up read against the topic just discussed: `在哪里办` (an aspect of it) or `离婚呢`
    (the same aspect of another topic). None when the message is not such a follow-up."""
    intents, rules = matcher.intents, matcher.intents.questions
    topic = _topic(matcher, s.last_intent)
    aspect = rules.pure_aspect(text)
    if aspect and topic is not None:
        s.last_aspect = aspect
        # A topic that lists no aspects answers them all itself; one that lists some answers only those.
        return intents.get(topic.aspect(aspect)) or (topic if not topic.aspects else None)
    switched = rules.switched_topic(text)
    if switched and s.last_aspect:
        result = matcher.match(switched)
        other = result.intent if result.decision == "answer" else None
        if other is not None:
            return intents.get(other.aspect(s.last_aspect)) or other
    return None


def _topic(matcher: Matcher, intent_id: str) -> Intent | None:
    """The intent whose aspects a follow-up uses: the last one, or the nearest parent id that has aspects."""
    parts = intent_id.split(".")
    for n in range(len(parts), 0, -1):
        intent = matcher.intents.get(".".join(parts[:n]))
        if intent is not None and intent.aspects:
            return intent
    return matcher.intents.get(intent_id)


def each_question(matcher: Matcher, text: str) -> tuple[list[Intent], Intent | None]:
    """For a message with several asking clauses: the intents answering them in order (a topic and its own
    sub-topic count once), and the out-of-scope intent one of them hit (a merits question)."""
    rules = matcher.intents.questions
    clauses = rules.asking_clauses(text)
    if len(clauses) < 2:
        return [], None
    answered: list[Intent] = []
    declined: Intent | None = None
    for clause in clauses:
        # Each clause with the story around it, but without the other questions.
        part = matcher.match(rules.without_other_questions(text, clause), focus=clause)
        declined = declined or part.out_of_scope
        intent = part.intent if part.decision == "answer" else None
        if intent is not None and not any(intent.id == i.id or intent.id.startswith(i.id + ".")
                                          or i.id.startswith(intent.id + ".") for i in answered):
            answered.append(intent)
    return answered, declined


def also_asked(others: list[Intent]) -> list[Reply]:
    """Says which other questions the message asked, with a button for each."""
    if not others:
        return []
    titles = "；".join(f"“{i.title}”" for i in others)
    return [Reply(f"你还问了：{titles}。点下面的按钮看回答。",
                  rows([*(Button(i.title, f"i:{i.id}") for i in others), replies.HUMAN], 1))]


def remember_place(gazetteer: Gazetteer | None, s: Session, text: str) -> None:
    """A place written in a question is offered when the court finder asks where."""
    if gazetteer is not None and text:
        found = gazetteer.resolve(text)
        if found.status == "found" and found.matches:
            s.place, s.place_name = found.matches[0].code, found.matches[0].full_name
