"""A message read against the conversation: follow-ups by aspect, a topic switch, a place to remember."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot import replies, texts
from bot.aspectlines import picked_lines, written
from bot.intents import Intent, IntentSet
from bot.matcher import Candidate, Matcher, MatchResult
from bot.matching import rounded
from bot.messages import Button, Reply, rows
from bot.normalize import typed_length
from bot.protocol import ShowIntent
from bot.questions import QuestionRules
from bot.session import Session

FOCUSED_LINES = 3         # lines of an answer's details added when a follow-up asks one aspect of it
SIBLING_MIN_SCORE = 1.5   # a switched topic's words must point to a sibling answer this clearly (one real keyword)
TOPICS_KEPT = 3

if TYPE_CHECKING:
    from bot.places import Gazetteer


@dataclass(frozen=True)
class FollowUp:
    """A short follow-up read against the conversation: the intent answering it (None when no topic discussed
    lists that aspect), the topic it belongs to, and the aspect asked ('' for a topic switch)."""

    answer: Intent | None
    topic: str
    aspect: str = ""


def follow_up(matcher: Matcher, s: Session, text: str, nameless: bool = False) -> FollowUp | None:
    """A short follow-up read against the current topic: `在哪里办` (an aspect of it) or `离婚呢` (the same
    aspect of another topic). None when it is no follow-up. `nameless`: also an aspect asked with words that name
    no topic (the last reading, for a message nothing else answers)."""
    intents, rules = matcher.intents, matcher.intents.questions
    text = rules.unframed(text) or text   # `谢谢 免费吗`, `好的，执行呢`: the thanks name no topic
    topics = [t for t in s.topics or [s.last_intent] if t not in rules.not_topics]
    aspect = rules.pure_aspect(text) or _acted_aspect(matcher, topics, text)
    # Signed order, the question word last (`需要 带 材料 什么`): the aspect read with it moved earlier.
    aspect = aspect or next((a for order in rules.signed_orders(text) if (a := rules.pure_aspect(order))), "")
    aspect = aspect or (_nameless_aspect(matcher, text) if nameless else "")
    if aspect:
        s.last_aspect = aspect
        if not topics:
            return None
        # The latest topic that answers this aspect; after a declined question, what the two read together ask;
        # else the latest topic, which cannot say.
        found = next((FollowUp(answer, topic, aspect) for topic in topics
                      if (answer := aspect_answer(matcher, topic, aspect)) is not None), None)
        found = _kind_kept(matcher, topics, found)
        both = matcher.match(f"{s.declined} {text}", focus=text) if found is None and s.declined else None
        if both is not None and both.intent is not None:
            return _by_case(matcher, s, text, FollowUp(both.intent, both.intent.id, aspect))
        return _by_case(matcher, s, text, found) if found else FollowUp(None, topics[0], aspect)
    switched = rules.switched_topic(text)
    if switched:
        # Another answer of the same kind as the last one (which court: 离婚的 -> 欠钱的呢), else the topic named,
        # its answer for the aspect asked last (none asked: the topic itself).
        sibling = _sibling(matcher, s.last_intent, switched, rules.aspect_words(s.last_aspect)[:1]) \
            if s.last_aspect else None
        if sibling is not None:
            return FollowUp(sibling, sibling.id, s.last_aspect)
        result = matcher.match(switched)
        other = result.intent if result.decision == "answer" else None
        if other is not None:
            aspect = s.last_aspect if other.aspect(s.last_aspect) else _aspect_of(other, s.last_intent) or s.last_aspect
            return FollowUp(intents.get(other.aspect(aspect)) or other, other.id, aspect)
    return None


def _nameless_aspect(matcher: Matcher, text: str) -> str:
    """The aspect of a follow-up whose other words name no topic: they score less than `nameless_below` for every
    intent, out-of-scope ones included, and no scope rule declines them (`几天之内必须回复`, `要提早多少天说`)."""
    rules = matcher.intents.questions
    if not rules.nameless_below:
        return ""
    aspect, rest = rules.aspect_rest(text)
    if not aspect or len(rest) <= 1:
        return aspect
    result = matcher.match(rest)
    best = result.candidates[0].score if result.candidates else 0.0
    return aspect if best < rules.nameless_below and result.declined is None else ""


def _aspect_of(topic: Intent, answered: str) -> str:
    """The aspect for which a topic gives the last answer or its parent (`filing.fees.relief`: divorce's fees), so
    a switch after `我是残疾人 能少交吗` keeps asking the fees; '' when none does."""
    return next((name for name, target in topic.aspects
                 if answered == target or answered.startswith(target + ".")), "")


def _acted_aspect(matcher: Matcher, topics: list[str], text: str) -> str:
    """The aspect of a follow-up that also names the act of suing (`去哪里告他`: the `acts:` words), when the
    latest topic lists that aspect itself: after 老板欠我工资, `去哪里告他` asks where wages are claimed."""
    rules = matcher.intents.questions
    aspect = rules.pure_aspect(text, rules.acts) if rules.acts and topics else ""
    topic = _topic(matcher, topics[0]) if aspect else None
    return aspect if topic is not None and topic.aspect(aspect) else ""


def _kind_kept(matcher: Matcher, topics: list[str], found: FollowUp | None) -> FollowUp | None:
    """The kind of case stays: when the latest topic sends this aspect to another family's answer (the complaint's
    `交到哪`: jurisdiction.general), an earlier topic's answer of that family wins (a divorce: jurisdiction.divorce)."""
    if found is None or found.answer is None:
        return found
    latest = _topic(matcher, found.topic)
    family = found.answer.family
    if latest is None or latest.family == family:
        return found
    for earlier in topics[topics.index(found.topic) + 1:] if found.topic in topics else ():
        other = aspect_answer(matcher, earlier, found.aspect)
        if other is not None and other.family == family and other.id != found.answer.id:
            return FollowUp(other, found.topic, found.aspect)
    return found


def _by_case(matcher: Matcher, s: Session, text: str, found: FollowUp) -> FollowUp:
    """A general answer (`by_case:`) becomes the one of its family that the case told before points to: after
    `借钱不还 我要告他`, `去哪个法院` is the debt court, not the general rule."""
    rules = matcher.intents.questions
    if found.answer is None or found.answer.id not in rules.by_case or not s.case:
        return found
    case = _case_told(rules, s.case)
    # The follow-up's words, else the general answer's own title (`在哪交` names no court: `去哪个法院起诉`).
    specific = _sibling(matcher, found.answer.id, case, (text,)) or _sibling(matcher, found.answer.id, case,
                                                                             (found.answer.title,))
    return FollowUp(specific, found.topic, found.aspect) if specific is not None else found


def _case_told(rules: QuestionRules, case: str) -> str:
    """A question without what it asked (`起诉离婚要多少钱` -> `起诉离婚要`): the case it tells."""
    for word in sorted((w for _name, words in rules.aspects for w in words), key=len, reverse=True):
        case = case.replace(word, " ")
    return case


def _sibling(matcher: Matcher, last: str, switched: str, asked: tuple[str, ...]) -> Intent | None:
    """The intent of the last answer's family (not itself) that a switched topic's words point to, when one does
    clearly: after `jurisdiction.divorce` (where), `被打伤了呢` is `jurisdiction.tort`. The topic is read with the
    aspect's first word (`被打伤 在哪里`); the topic's words must add SIBLING_MIN_SCORE to what that word scores."""
    family = last.split(".")[0]
    with_topic, alone = matcher.analyse(" ".join((switched, *asked))), matcher.analyse(" ".join(asked))
    scored = []
    for intent in matcher.intents:
        if intent.family != family or intent.id == last or intent.out_of_scope:
            continue
        found, base = matcher.score(intent, with_topic), matcher.score(intent, alone)
        added = rounded(found.score - (base.score if base else 0.0)) if found is not None else 0.0   # 4.6-3.1: 1.4999…
        if found is not None and added >= SIBLING_MIN_SCORE:
            scored.append((found.score, intent))
    scored.sort(key=lambda sc: -sc[0])
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def focused(intents: IntentSet, followed: FollowUp, out: list[Reply], shown: str = "",
            also: Sequence[str] = ()) -> list[Reply]:
    """A topic asked about its own aspects (劳动仲裁, then 要钱吗; `also`: the others asked with it): the lines its
    `aspect_lines:` picks for each, alone when `shown` (the answer the user saw last) is that topic's, else above the
    answer. When an aspect asked has no lines: the answer, then the lines of its details its `cues:` words pick."""
    intent = followed.answer
    if intent is None or intent.id != followed.topic or intent.aspect(followed.aspect) != intent.id or not out:
        return out   # another intent's answer, or a topic that answers every aspect with its whole text
    own = [a for a in dict.fromkeys([followed.aspect, *also]) if intent.aspect(a) == intent.id]
    if own and all(written(intent, aspect) for aspect in own):
        picked = list(dict.fromkeys(line for aspect in own for line in picked_lines(intent, aspect)))
        if not picked:
            return out   # `duration: []`: no line tells it, the whole answer without lines the cue words pick
        if shown != intent.id:
            return [replace(out[0], text="\n".join([texts.ASPECT_HEAD, *picked, "", out[0].text])), *out[1:]]
        whole = Button(texts.WHOLE_ANSWER_BUTTON, ShowIntent(intent.id))
        return [replace(out[0], text="\n".join([texts.ASPECT_HEAD, *picked]),
                        buttons=rows([whole, *out[0].button_list()], 2)), *out[1:]]
    cues = intents.questions.cue_words(followed.aspect)
    if not cues:
        return out

    def told(body: str) -> list[str]:
        return [line.strip() for line in body.splitlines() if any(cue in line for cue in cues)]

    lines = told(intent.more)
    if told(intent.answer) or not lines:
        return out
    return [replace(out[0], text="\n".join([out[0].text, "", texts.ASPECT_HEAD, *lines[:FOCUSED_LINES]])), *out[1:]]


def asked_aspects(rules: QuestionRules, text: str) -> list[str]:
    """Every aspect a follow-up asks, in the order of `aspects:` (`多少钱 几天内交`: fees, time_limit). Each one's words
    are taken out before the next is looked for, so `有时间限制吗` asks a time limit, not a duration too."""
    rest, names = rules.plain(text), []
    while name := next((n for n, words in rules.aspects if n not in names and any(w in rest for w in words)), ""):
        names.append(name)
        for word in sorted(rules.aspect_words(name), key=len, reverse=True):
            rest = rest.replace(word, " ")
    return names


def focused_first(intents: IntentSet, intent: Intent, text: str, out: list[Reply]) -> list[Reply]:
    """A first message naming a topic with one of its own aspects (`劳动仲裁 要多久`, `topic_aspects:`): the lines of
    its details that tell that aspect are added, as after the follow-up (`focused`)."""
    rules = intents.questions
    if typed_length(text) >= rules.story_min_chars:
        return out
    aspect, _word, rest = rules.asked_aspect(text)
    # Two aspects asked (`仲裁要钱吗 多久出结果`): the lines of each; another intent's (`离婚要多少钱 多久能判`: how
    # long, after the fees) is answered below the first, as a second question is.
    own: list[str] = []
    for name in (aspect, rules.asked_aspect(rest)[0] if aspect else ""):
        if name not in rules.topic_aspects:
            continue
        other = intents.get(intent.aspect(name))
        if other is not None and other.id != intent.id and name != aspect:
            out = out + replies.also_answered(intents, [other])
        else:
            own.append(name)
    return focused(intents, FollowUp(intent, intent.id, own[0]), out, also=own[1:]) if own else out


def cannot_say(intents: IntentSet, followed: FollowUp) -> Reply:
    """The reply to a follow-up the bot has no sourced answer for: an aspect the topic does not list (离婚, then
    有时间限制吗), or anything asked after a declined question. Never a guess: a person, and the topic again."""
    topic = intents.get(followed.topic)
    if topic is None or topic.out_of_scope:
        return replies.offer_human(texts.DECLINED_AGAIN)
    return Reply(texts.ASPECT_UNKNOWN.format(title=topic.title),
                 rows([Button(topic.title, ShowIntent(topic.id)), replies.HUMAN], 1))


def with_topic(matcher: Matcher, s: Session, text: str, boosts: dict[str, float]) -> MatchResult | None:
    """A short follow-up that does not answer alone, read with the topic's words (`交不起怎么办` after 诉讼费 is
    read `诉讼费 交不起怎么办`): an answer related to the topic, else None."""
    result = matcher.match(text, boosts)
    if result.decision == "answer":
        return result
    # The answer just shown first (`离婚的呢` gave the fees: `交不起怎么办` is about them), then the topic.
    # A courtesy (谢谢, 你好: `not_topics:`) is no topic to read the follow-up with: the topic behind it is.
    not_topics = matcher.intents.questions.not_topics
    for shown in dict.fromkeys([s.last_intent, s.topics[0] if s.topics else s.last_intent]):
        topic = matcher.intents.get(shown) if shown not in not_topics else None
        found = _read_after(matcher, topic, text, boosts) if topic is not None and not topic.out_of_scope else None
        if found is not None:
            return found
    return None


def _read_after(matcher: Matcher, topic: Intent, text: str, boosts: dict[str, float]) -> MatchResult | None:
    """`text` read after the topic's title: another answer than the topic, asked by the follow-up's own words."""
    # Another intent than the topic (its sub-topic, a button, one the follow-up's own words score for) or a decline
    # (离婚, then 那孩子呢), and only when the follow-up's words add to the topic's: the title alone must not give it.
    result = matcher.match(f"{topic.title} {text}", boosts)
    other = result.intent if result.decision == "answer" else result.out_of_scope
    if other is None or other.id == topic.id:
        return None
    if other.id not in boosts and not other.out_of_scope and matcher.score(other, matcher.analyse(text)) is None:
        return None   # an intent unrelated to the topic must be asked by the follow-up's own words too
    alone = matcher.match(topic.title, boosts)
    return None if other in (alone.intent, alone.out_of_scope) else result


def refined(matcher: Matcher, s: Session, text: str, result: MatchResult) -> MatchResult:
    """A short follow-up answered with a general intent (`那去哪起诉`: jurisdiction.general) gets the more specific
    intent of the same family that its context names: the latest topic's aspect (a divorce: jurisdiction.divorce),
    or, after a declined question (`离婚能分到房子吗`), what the two read together ask."""
    general = result.intent
    rules = matcher.intents.questions
    if general is None or (general.id not in rules.by_case and general.id not in rules.general):
        return result
    aspect = rules.aspect(text)
    topics = [t for t in s.topics if t not in rules.not_topics]
    # Only an aspect the topic lists (a topic without `aspects:` answers every aspect itself: no refinement).
    topic = _topic(matcher, topics[0]) if aspect and topics and not s.declined else None
    specific = matcher.intents.get(topic.aspect(aspect)) if topic is not None else None
    if specific is None and s.declined:
        both = matcher.match(f"{s.declined} {text}", focus=text)
        specific = both.intent if both.decision == "answer" else None
    if (specific is None or specific.id == general.id) and general.id in rules.by_case and s.case:
        specific = _sibling(matcher, general.id, _case_told(rules, s.case), (text,))
    if specific is None or specific.id == general.id or specific.family != general.family:
        return result
    return MatchResult("answer", (Candidate(specific, result.candidates[0].score, ()), *result.candidates),
                       result.analysis, f"the context's {specific.id} refines {general.id}")


def topic_behind(matcher: Matcher, result: MatchResult) -> Intent | None:
    """The topic behind a short merits question (`老板扣工资合法吗`: wages), which its follow-ups ask about;
    None when the question was declined for its legal area (bot/scope.py) or names no clear topic."""
    if result.declined is not None or len(result.candidates) < 2:
        return None
    first, second = result.candidates[0], result.candidates[1]
    if first.intent.id not in matcher.intents.questions.merits or second.intent.out_of_scope:
        return None
    return second.intent if second.score >= matcher.settings.threshold else None


def remember_topic(s: Session, topic: str, topics: list[str]) -> None:
    """`topic` becomes the latest of `topics` (a few are kept)."""
    s.topics = [topic, *(t for t in topics if t != topic)][:TOPICS_KEPT]


def aspect_answer(matcher: Matcher, topic_id: str, aspect: str) -> Intent | None:
    """The intent answering this aspect of a topic. A topic that lists no aspects answers them all itself;
    one that lists some answers only those."""
    topic = _topic(matcher, topic_id)
    if topic is None or topic.out_of_scope:   # a declined question: its follow-ups are declined too
        return None
    return matcher.intents.get(topic.aspect(aspect)) or (topic if not topic.aspects else None)


def _topic(matcher: Matcher, intent_id: str) -> Intent | None:
    """The intent whose aspects a follow-up uses: the last one, or the nearest parent id that has aspects."""
    parts = intent_id.split(".")
    for n in range(len(parts), 0, -1):
        intent = matcher.intents.get(".".join(parts[:n]))
        if intent is not None and intent.aspects:
            return intent
    return matcher.intents.get(intent_id)


def remember_place(gazetteer: Gazetteer | None, s: Session, text: str) -> None:
    """A place written in a question is offered when the court finder asks where."""
    if gazetteer is not None and text:
        found = gazetteer.resolve(text)
        if found.status == "found" and found.matches:
            s.place, s.place_name = found.matches[0].code, found.matches[0].full_name
