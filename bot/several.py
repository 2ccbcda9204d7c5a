"""Several questions in one message: each asking clause matched, which answers the user sees first, which count at all.

The engine answers each asking clause of a message (`each_question`); in a long story
(`whole_first_chars` of the questions section) the decision for the whole message comes first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot import replies, texts
from bot.followups import aspect_answer
from bot.intents import Intent
from bot.matcher import Matcher, MatchResult
from bot.matching import nested
from bot.messages import Button, Reply, rows
from bot.normalize import typed_length
from bot.protocol import ShowIntent
from bot.questions import QuestionRules

UNCLEAR_MIN_CHARS = 6


def _long_story(rules: QuestionRules, text: str) -> bool:
    """Long enough (`whole_first_chars`) for the whole message's decision to weigh on its questions' answers."""
    return bool(rules.whole_first_chars) and typed_length(text) >= rules.whole_first_chars


def whole_first(rules: QuestionRules, text: str, answered: list[Intent], whole: MatchResult) -> list[Intent]:
    """The clauses' answers, the one the whole message gets first when it is among them and the message is a long
    story (`whole_first_chars`): its first asking clause is often story (`……不知道他家住在哪里。我想告他，请问起诉要带
    什么材料？` asks the materials), while a short list of questions (`去哪个法院？要带什么材料？`) is answered in
    its order."""
    top = whole.intent
    if top is None or not _long_story(rules, text):
        return answered
    hit = next((i for i in answered if i.id == top.id or top.id.startswith(i.id + ".")), None)
    return answered if hit is None else [hit, *(i for i in answered if i is not hit)]


def asked_by_themselves(matcher: Matcher, text: str, answered: list[Intent], whole: MatchResult) -> list[Intent]:
    """A long story (`whole_first_chars`) the whole of which gets no answer (declined, or nothing reaches the
    threshold): a question's answer counts only when its clause read alone gets it, not the story around it
    (`……老板拖了半年工资……请问他这样会不会坐牢` asks no labour procedure)."""
    rules = matcher.intents.questions
    if whole.decision != "fallback" or not answered or not _long_story(rules, text):
        return answered
    alone = {r.intent.id for clause in rules.asking_clauses(text) if (r := matcher.match(clause, focus="")).intent}
    return [i for i in answered if i.id in alone]


@dataclass
class Questions:
    """What each asking clause of a message got: intents answering them in order (a topic and its own
    sub-topic count once), the out-of-scope intent one of them hit (a merits question), and the clauses
    nothing answered, with their match results (for the maintainers' report)."""

    answered: list[Intent] = field(default_factory=list)
    declined: Intent | None = None
    unclear: list[tuple[str, MatchResult]] = field(default_factory=list)


def each_question(matcher: Matcher, text: str) -> Questions:
    """Every asking clause of a message with two or more, matched with the story but without the others."""
    rules = matcher.intents.questions
    text = rules.unframed(text) or text   # `请问` asks nothing of its own: `请问我们俩都同意 去哪里办` asks once
    clauses = rules.asking_clauses(text)
    found = Questions()
    if len(clauses) < 2:
        return found
    for clause in clauses:
        part = matcher.match(rules.without_other_questions(text, clause), focus=clause)
        found.declined = found.declined or part.out_of_scope
        intent = part.intent if part.decision == "answer" else None
        if intent is None and found.answered and (aspect := rules.pure_aspect(clause)):
            intent = aspect_answer(matcher, found.answered[0].id, aspect)   # `要多少钱？` of the first question
        if intent is None:
            # A real question of its own (not a bare 怎么办 after the story) that nothing answers.
            if part.out_of_scope is None and typed_length(clause) >= UNCLEAR_MIN_CHARS:
                found.unclear.append((clause, part))
        elif not any(intent.id == i.id or nested(intent.id, i.id) for i in found.answered):
            found.answered.append(intent)
    return found


def also_asked(others: list[Intent], unclear: list[str]) -> list[Reply]:
    """Says which other questions the message asked, with a button for each, and which ones the bot cannot answer."""
    lines, buttons = [], [Button(i.title, ShowIntent(i.id)) for i in others]
    if others:
        lines.append(texts.ALSO_ASKED.format(titles="；".join(f"“{i.title}”" for i in others)))
    if unclear:
        lines.append(texts.CANNOT_ANSWER_YET.format(parts="；".join(f"“{c.strip(' ，,。？?！!')}”" for c in unclear)))
    return [Reply("\n".join(lines), rows([*buttons, replies.HUMAN], 1))] if lines else []
