"""The answer to a typed question: read against the conversation (follow-ups, boosts), several questions, a decline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from bot import replies, texts
from bot.config import Config
from bot.flows import court
from bot.followups import (
    FollowUp,
    asked_aspects,
    cannot_say,
    focused,
    focused_first,
    follow_up,
    refined,
    remember_place,
    remember_topic,
    topic_behind,
    with_topic,
)
from bot.intents import Intent, IntentSet
from bot.library import IntentLibrary
from bot.matcher import MatchResult
from bot.messages import Reply
from bot.normalize import typed_length
from bot.session import Session
from bot.several import also_asked, asked_by_themselves, each_question, whole_first
from bot.store import Store

if TYPE_CHECKING:
    from bot.places import Gazetteer

CONTEXT_BOOST = 1.5
FOLLOW_UP_CHARS = 16          # only short messages lean on the previous topic (spaces not counted: `上 哪 申 请`)
# intents answered by starting a flow with the question
INTENT_FLOWS = {"deadline.calc": "deadline", "complaint.build": "complaint", "court.finder": "court"}
StartFlow = Callable[[Session, str, float, str], list[Reply]]


class Answering:
    """Answers a typed question. The engine passes in how a flow starts and how a person takes over."""

    def __init__(self, library: IntentLibrary, store: Store, config: Config, gazetteer: Gazetteer | None,
                 start_flow: StartFlow, hand_over: Callable[[Session], list[Reply]]) -> None:
        self.library, self.store, self.config, self.gazetteer = library, store, config, gazetteer
        self.start_flow, self.hand_over = start_flow, hand_over

    @property
    def intents(self) -> IntentSet:
        return self.library.matcher.intents

    def ask(self, s: Session, text: str, now: float) -> list[Reply]:
        """A typed question: a follow-up of the topic, several questions, an answer, a choice, a decline."""
        matcher = self.library.matcher
        known, s.place = s.place, ""
        remember_place(self.gazetteer, s, text)
        place = s.place_name if s.place else ""   # a place this message names: kept for the court finder
        s.place = s.place or known
        leaning = self._may_follow_up(s, text, now)
        if leaning and (followed := follow_up(matcher, s, text)) is not None:
            if followed.answer is None:   # an aspect no topic discussed lists, or a declined question's
                self.store.record_unanswered(s.user_id, text, "fallback", followed.topic)
                s.last_at = now
                return [cannot_say(self.intents, followed)]
            return self._followed(s, followed, followed.answer, now, text, place)
        result = matcher.match(text)
        if result.decision != "answer" and leaning:
            result = with_topic(matcher, s, text, self._boosts(s)) or result
        if leaning:
            result = refined(matcher, s, text, result)
        asked = each_question(matcher, text)
        asked.answered = asked_by_themselves(matcher, text, asked.answered, result)
        if asked.answered and (len(asked.answered) >= 2 or asked.declined or asked.unclear
                               or result.decision != "answer"):
            # Several questions (or a merits question beside a procedural one): say why not, answer the first,
            # offer the others as buttons, name those it cannot answer; none is dropped silently.
            declined = asked.declined or result.out_of_scope
            head = [Reply(declined.answer)] if declined is not None else []
            for clause, unclear in asked.unclear:
                self._record_unanswered(s, clause, unclear)
            first, *others = whole_first(self.intents.questions, text, asked.answered, result)
            plain = [i for i in others if i.id not in INTENT_FLOWS and not i.id.startswith("handoff.")]
            full = plain[: self.intents.questions.answer_at_most - 1]
            return (head + self.answer(s, first, now, text) + replies.also_answered(self.intents, full)
                    + also_asked([i for i in others if i not in full], [clause for clause, _ in asked.unclear]))
        if result.decision == "answer" and result.intent is not None:
            # 我在武汉洪山区, then 那我找哪个法院: the finder names the court (a place written now is only offered)
            if not place and court.finds_with_place(s, result.intent.id, text):
                return self.answer(s, result.intent, now, text, find=True)
            return focused_first(self.intents, result.intent, text, self.answer(s, result.intent, now, text))
        if (leaning and result.out_of_scope is None
                and (followed := follow_up(matcher, s, text, nameless=True)) is not None
                and followed.answer is not None):   # `几天之内必须回复`: an aspect, and words that name no topic
            return self._followed(s, followed, followed.answer, now, text, place)
        self._record_unanswered(s, text, result)
        if result.decision == "clarify":
            s.options, s.clarified = [i.id for i in result.options], text
            return [replies.clarify(result.options)]
        oos = result.out_of_scope
        if oos is not None:   # says why not, what the bot can answer instead, and offers a person
            # Follow-ups (那怎么办, 在哪办) are read against the declined question: declined too, kindly.
            s.last_intent, s.last_at, s.declined = oos.id, now, text
            remember_topic(s, oos.id, s.topics)
            if (behind := topic_behind(matcher, result)) is not None:   # 老板扣工资合法吗: the wages stay the topic
                s.last_intent = behind.id
                remember_topic(s, behind.id, s.topics)
            return [replies.menu(self.intents, oos.answer)]
        s.fallbacks += 1
        kept = self.library.flow_texts[court.NAME].say("place_kept", place=place) + "\n" if place else ""
        if s.fallbacks >= 2:
            return [replies.offer_human(kept + texts.FALLBACK_AGAIN)]
        return [replies.menu(self.intents, f"{kept}{texts.FALLBACK}\n{texts.MENU_PROMPT}")]

    def _followed(self, s: Session, followed: FollowUp, answer: Intent, now: float, text: str,
                  place: str = "") -> list[Reply]:
        """The answer to a follow-up read against the topic; an aspect answer (离婚's fees) is no topic of its own.
        `place`: one the follow-up names itself (`他也住江宁区 去哪个法院`: the rule, the finder one tap away)."""
        if not place and court.finds_with_place(s, answer.id, text):   # 离婚, then 那我去哪个法院: the finder
            return self.answer(s, answer, now, text, find=True)
        topics, rules = s.topics, self.intents.questions
        # None after a declined question: its topic's answer was not shown.
        shown = "" if s.declined else self._topic_shown(s)
        out = focused(self.intents, followed, self.answer(s, answer, now), shown, asked_aspects(rules, text))
        remember_topic(s, followed.topic, topics)
        return out

    def follows_up(self, s: Session, text: str, now: float) -> bool:
        """A short follow-up that a topic discussed answers (an aspect of it, or the same aspect of another)."""
        if not self._may_follow_up(s, text, now):
            return False
        followed = follow_up(self.library.matcher, replace(s), text)   # a copy: reading it changes nothing
        return followed is not None and followed.answer is not None

    def _may_follow_up(self, s: Session, text: str, now: float) -> bool:
        """A short message while the last answer is in context (`context_minutes`): it may be read against its topic."""
        return (typed_length(text) <= FOLLOW_UP_CHARS and bool(s.last_intent)
                and now - s.last_at <= self.config.context_minutes * 60)

    def _topic_shown(self, s: Session) -> str:
        """The topic of the answer the user saw last: a courtesy or a tool (谢谢, the court finder) leaves it as was."""
        if s.last_intent in self.intents.questions.not_topics and s.topics:
            return s.topics[0]
        return s.last_intent

    def _boosts(self, s: Session) -> dict[str, float]:
        """Intents related to the topic just discussed: same family, or linked by buttons. A courtesy (谢谢) leaves
        the topic as it was: the topic behind it counts."""
        last = self.intents.get(self._topic_shown(s))
        if last is None or last.out_of_scope:
            return {}
        related = {i.id for i in self.intents if i.family == last.family or last.id in i.buttons}
        related |= set(last.buttons)
        return {intent_id: CONTEXT_BOOST for intent_id in related}

    def answer(self, s: Session, intent: Intent, now: float, text: str | None = None,
                find: bool = False) -> list[Reply]:
        """The intent's answer; `find`: a question on which court from a user whose place is known starts the finder."""
        if text is not None:   # a new question: remember what it asked, for "离婚呢" next, and the case it tells
            s.last_aspect, s.case = self.intents.questions.aspect(text), text
        s.last_intent, s.last_at, s.declined = intent.id, now, ""
        if intent.id not in self.intents.questions.not_topics:   # 谢谢 leaves the topic as it was
            remember_topic(s, intent.id, s.topics)
        s.fallbacks, s.misses, s.options = 0, 0, []
        need = replies.NEEDS.get(intent.id) or next(
            (v for k, v in replies.NEEDS.items() if intent.id.startswith(k + ".")), None)
        if need and need not in s.needs:
            s.needs.append(need)
        if intent.id == "handoff.human" or intent.id.startswith("handoff.human."):
            out = [Reply(intent.answer), *self.hand_over(s)]
        elif intent.id in INTENT_FLOWS:
            out = self.start_flow(s, INTENT_FLOWS[intent.id], now, text or "")
        elif find:
            out = self.start_flow(s, court.NAME, now, text or "")
        else:
            out = replies.answer(self.intents, intent)
        return [replace(out[0], intent=intent.id), *out[1:]] if out else out

    def _record_unanswered(self, s: Session, text: str, result: MatchResult) -> None:
        top = result.candidates[0] if result.candidates else None
        decision = "out_of_scope" if result.out_of_scope else result.decision
        self.store.record_unanswered(s.user_id, text, decision, top.intent.id if top else "",
                                     top.score if top else 0.0)
