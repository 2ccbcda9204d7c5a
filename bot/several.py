"""Several questions in a long story: which of their answers the user sees first, and which count at all.

The engine answers each asking clause of a message (`bot.followups.each_question`); in a long story
(`whole_first_chars` of the questions section) the decision for the whole message comes first.
"""

from __future__ import annotations

from bot.intents import Intent
from bot.matcher import Matcher, MatchResult
from bot.normalize import typed_length
from bot.questions import QuestionRules


def whole_first(rules: QuestionRules, text: str, answered: list[Intent], whole: MatchResult) -> list[Intent]:
    """The clauses' answers, the one the whole message gets first when it is among them and the message is a long
    story (`whole_first_chars`): its first asking clause is often story (`……不知道他家住在哪里。我想告他，请问起诉要带
    什么材料？` asks the materials), while a short list of questions (`去哪个法院？要带什么材料？`) is answered in
    its order."""
    top = whole.intent
    if top is None or not rules.whole_first_chars or typed_length(text) < rules.whole_first_chars:
        return answered
    hit = next((i for i in answered if i.id == top.id or top.id.startswith(i.id + ".")), None)
    return answered if hit is None else [hit, *(i for i in answered if i is not hit)]


def asked_by_themselves(matcher: Matcher, text: str, answered: list[Intent], whole: MatchResult) -> list[Intent]:
    """A long story (`whole_first_chars`) the whole of which gets no answer (declined, or nothing reaches the
    threshold): a question's answer counts only when its clause read alone gets it, not the story around it
    (`……老板拖了半年工资……请问他这样会不会坐牢` asks no labour procedure)."""
    rules = matcher.intents.questions
    if (whole.decision != "fallback" or not answered or not rules.whole_first_chars
            or typed_length(text) < rules.whole_first_chars):
        return answered
    alone = {r.intent.id for clause in rules.asking_clauses(text) if (r := matcher.match(clause, focus="")).intent}
    return [i for i in answered if i.id in alone]
