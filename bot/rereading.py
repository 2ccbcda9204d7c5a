"""Re-reading a message after the matcher's first scores or decision: its question weighed above a story's
background, a stated situation, a merits question, the `scope:` rules' review, and the message read again
another way (its question alone, without greetings, in signed order, as a topic with an aspect).

Each step is one method for one kind of message; the matcher (bot/matcher.py) calls them in order in `match`.
The words and weights come from the `questions:` and `scope:` sections, so maintainers can change them.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Protocol

from bot.intents import Intent, IntentSet
from bot.matching import BACKGROUND, Candidate, MatchResult, Settings, nested, rounded
from bot.questions import QuestionRules
from bot.reading import Analysis
from bot.ruleindex import Hit, RuleIndex
from bot.scope import Text
from bot.statements import stated_situation


class Matching(Protocol):
    """What the re-reading steps use of the matcher: its intents and settings, and reading, ranking and
    deciding a text (a step may match another text from the start)."""

    @property
    def intents(self) -> IntentSet: ...

    @property
    def settings(self) -> Settings: ...

    def analyse(self, text: str) -> Analysis: ...

    def score(self, intent: Intent, analysis: Analysis, boost: float = 0.0) -> Candidate | None: ...

    def rank(self, analysis: Analysis, boosts: dict[str, float]) -> tuple[Candidate, ...]: ...

    def decide(self, ranked: tuple[Candidate, ...], analysis: Analysis) -> MatchResult: ...

    def match(self, text: str, boosts: dict[str, float] | None = None, focus: str | None = None) -> MatchResult: ...


class Rereading:
    """The re-reading steps of one matcher (built with it: a reload builds new ones)."""

    def __init__(self, matcher: Matching, index: RuleIndex) -> None:
        intents = matcher.intents
        self.matcher = matcher
        self._index = index
        self._order = {intent.id: n for n, intent in enumerate(intents)}
        self._merits = frozenset(intents.questions.merits)
        # The intents with `statements:` (none, or the section's weight 0: the step is off).
        self.stating = tuple(i for i in intents if i.statements) if intents.questions.statement_weight else ()

    def reweigh(self, ranked: tuple[Candidate, ...], asked: Analysis, weight: float) -> tuple[Candidate, ...]:
        """A long story: scores with the rules that fired only outside its question scaled down (exclusions still
        see it all)."""
        index = self._index
        in_question = index.fired(index.present_terms(asked.found), index.matched_patterns(asked.compact, asked.pairs))
        order = self._order
        out = []
        for cand in ranked:
            # The rules of this intent that fire in the question, whatever its require/exclude say.
            rules = {hit.rule for hit in in_question.get(order[cand.intent.id], ())}
            hits = tuple(h if h.rule in rules or h.rule == "context"
                         else Hit(f"{h.rule}{BACKGROUND}", h.weight * weight) for h in cand.hits)
            out.append(_scored(cand.intent, hits))
        return self._ranked(out)

    def stated(self, ranked: tuple[Candidate, ...], analysis: Analysis, text: str) -> tuple[Candidate, ...]:
        """A short message that states a situation without asking (bot/statements.py): that intent gains
        `statement_weight`; the usual decision follows."""
        questions = self.matcher.intents.questions
        found = stated_situation(analysis, text, self.stating, questions)
        if found is None:
            return ranked
        intent, term = found
        had = next((c for c in ranked if c.intent is intent), None)
        said = Hit(f"statement {term.text}", questions.statement_weight)
        hits = (*(had.hits if had is not None else ()), said)
        return self._ranked([_scored(intent, hits), *(c for c in ranked if c is not had)])

    def _ranked(self, candidates: list[Candidate]) -> tuple[Candidate, ...]:
        """By score, then in file order."""
        order = self._order
        return tuple(sorted(candidates, key=lambda c: (-c.score, order[c.intent.id])))

    def merits_asked(self, ranked: tuple[Candidate, ...], analysis: Analysis) -> tuple[Candidate, ...]:
        """A short message whose only question is an out-of-scope intent's words (`老板不发工资合法吗`,
        `被起诉了 我会输吗`): that is what it asks, so the decline comes first and the topic stays next."""
        merits = self._merits
        oos = next((c for c in ranked if c.intent.id in merits), None) if merits else None
        m = self.matcher
        if (oos is None or oos is ranked[0] or oos.score < m.settings.threshold
                or analysis.size >= m.intents.questions.story_min_chars):
            return ranked
        words = [atom for term in oos.intent.keywords if term.present(analysis.found)
                 for atom in term.atoms if atom in analysis.found]
        words += [match.group(0) for p in oos.intent.patterns if (match := p.regex.search(analysis.compact))]
        if not m.intents.questions.asked_only_by(analysis.compact, words):
            return ranked
        return (oos, *(c for c in ranked if c is not oos))

    def named_in_story(self, result: MatchResult, asked: Analysis, boosts: dict[str, float]) -> MatchResult:
        """An undecided story whose question alone asks a general answer (`请问应该去哪个法院起诉`): the story's best
        intent of the same family (`jurisdiction.divorce`) answers (`general:` of the questions section)."""
        m = self.matcher
        general = m.intents.questions.general
        named = [c for c in result.candidates if not c.intent.out_of_scope and c.intent.id not in general
                 and any(g.startswith(c.intent.family + ".") for g in general)]
        if not named:   # the story names no intent of a general answer's family: nothing to read again
            return result
        alone = m.decide(m.rank(asked, boosts), asked).intent
        if alone is None or alone.id not in general:
            return result
        found = next((c for c in named if c.intent.family == alone.family), None)
        if found is None:
            return result
        return MatchResult("answer", (found, *(c for c in result.candidates if c is not found)), result.analysis,
                           f"the question asks {alone.id}, the story names {found.intent.id}")

    def review(self, result: MatchResult, text: str) -> MatchResult:
        """Any message: the decision, or a fallback when the `scope:` rules decline `text` (bot/scope.py).

        A message nothing answers that the rules would decline gets that out-of-scope answer, not the generic one.
        """
        intents = self.matcher.intents
        fell = result.decision == "fallback"
        if not intents.scope or (fell and result.out_of_scope is not None):
            return result
        a, scope, top = result.analysis, intents.scope, result.candidates[0] if result.candidates else None
        # An everyday intent's weak answer to a long story is read as no answer (`everyday:` of the scope section).
        weak = result.decision == "answer" and top is not None and scope.weak(top.intent.id, top.score, a.size)
        # A long message that asks nothing at all answers only with enough evidence (`everyday: unasked_score`).
        unasked = (result.decision == "answer" and top is not None and not weak
                   and scope.weak_unasked(top.score, a.size) and not intents.questions.asking_clauses(text))
        weak = weak or unasked
        found = None
        if scope.may_decline(a.scope_words, a.read):   # else no group's term is there: `review` declines nothing
            answer = "" if fell or weak or top is None else top.intent.id
            asked = fell or weak or top is None or any(not h.rule.endswith(BACKGROUND) for h in top.hits)
            found = scope.review(text, answer, _text(a), intents.questions, self._read, asked,
                                 self._story_score(top, answer, text))
        if found is None and weak and top is not None:
            key = "unasked_score: it asks nothing" if unasked else "score"
            return MatchResult("fallback", result.candidates, a, f"{top.intent.id} scores too little for a long story "
                               f"(everyday: {key})")
        if found is None:
            return result
        reason = f"{result.reason}; {found.reason()}" if fell else found.reason()
        return MatchResult("fallback", result.candidates, a, reason, declined=intents.get(found.answer))

    def _story_score(self, top: Candidate | None, answer: str, text: str) -> float:
        """The answer's score when `text` is a long story with a question and the score reaches `areas_below` of the
        scope section (else 0: only then does the score change what the areas decline)."""
        below = self.matcher.intents.scope.areas_below
        if not below or not answer or top is None or top.score < below:
            return 0.0
        return top.score if self.matcher.intents.questions.focus(text) else 0.0

    def _read(self, part: str) -> Text:
        return _text(self.matcher.analyse(part))

    def unanswered(self, result: MatchResult) -> bool:
        """Nothing reaches the threshold and no scope rule declined the message."""
        return (result.decision == "fallback" and result.out_of_scope is None
                and (not result.candidates or result.candidates[0].score < self.matcher.settings.threshold))

    def asked_alone(self, result: MatchResult, text: str, focus: str, boosts: dict[str, float]) -> MatchResult:
        """A story nothing answers, as its background excludes what its question asks (`微信也把我拉黑了……请问怎么
        起诉？`): the question read alone answers when it scores `alone_score` (questions section) and none of that
        intent's exclusions is in the question or the clause before it (`五六年了，我还能起诉吗` stays unanswered)."""
        m = self.matcher
        rules = m.intents.questions
        alone = m.match(focus, boosts, focus="")
        found = alone.intent
        if found is None or alone.candidates[0].score < rules.alone_score:
            return result
        near = m.analyse(rules.asked_part(text)).found
        if any(term.present(near) for term in found.exclude):
            return result
        others = (c for c in result.candidates if c.intent is not found)
        answered = MatchResult("answer", (alone.candidates[0], *others), result.analysis,
                               f"the question alone asks {found.id} (the story's words exclude it)")
        reviewed = self.review(answered, text)
        return reviewed if reviewed.decision == "answer" else result

    def unframed(self, result: MatchResult, text: str, boosts: dict[str, float]) -> MatchResult:
        """A short message left unanswered, or answered only with a courtesy (`not_topics:`), read again without its
        greetings, thanks and `我是聋人` (`framing:`): `你好，请问起诉 谢谢`, `我很着急 我要跟他离` name a topic."""
        m = self.matcher
        rules = m.intents.questions
        kept = result.intent is not None and result.intent.id in rules.not_topics
        if (result.decision == "answer" and not kept) or result.out_of_scope is not None:
            return result
        bare = rules.unframed(text)
        again = m.match(bare, boosts) if bare else result
        found = again.intent
        if kept and again.out_of_scope is not None:   # `我很着急 你是男的还是女的`: what it asks is declined
            return again
        if found is not None and not (kept and found.id in rules.not_topics):
            return again
        if result.decision == "answer":
            return result
        # Signed order, the question word last (`执行 弄 咋`): read with it moved before the word it asks about.
        for order in rules.signed_orders(text):
            again = m.match(order, boosts)
            if again.decision == "answer":
                return again
        return result

    def topic_aspect(self, result: MatchResult, text: str, boosts: dict[str, float]) -> MatchResult:
        """A short message naming a topic and one of its aspects (`网上立案收费吗`, `调解要多少钱`) is answered as the
        follow-up would be after that topic: the intent the topic lists for the aspect (`topic_aspects:`)."""
        m = self.matcher
        rules = m.intents.questions
        have = result.intent
        if (result.out_of_scope is not None or result.analysis.size >= rules.story_min_chars
                or (have is not None and not have.aspects)):   # an answer that sends no aspect elsewhere stays
            return result
        aspect, word, rest = rules.asked_aspect(text)
        if _asks_another(rules, rest):   # two aspects asked (`要多少钱 多久能判`): the topic is what is left of both
            rest = rules.asked_aspect(rest)[2]
        if (aspect not in rules.topic_aspects or (have is not None and have.aspect(aspect) in ("", have.id))
                or not rules.names_something(rest)):
            return result
        topic = m.match(rest, boosts)
        named = topic.intent
        if named is None:
            return result
        target = m.intents.get(named.aspect(aspect)) or (named if not named.aspects else None)
        # The aspect's word is the topic's own (`怎么写申请书`: the paper written, no materials asked).
        if target is not None and target is not named:
            whole = m.score(named, result.analysis)
            if whole is not None and whole.score > topic.candidates[0].score:
                return result
        if target is None or (have is not None and (have.id == target.id or nested(have.id, target.id))):
            return result
        # Only the topic's own answer (or none) is replaced: another answer the words give together stays (`上诉 还有
        # 几天`: the calculator; `强制执行 几 天`: the progress).
        if have is not None and have.id != named.id:
            return result
        top = Candidate(target, topic.candidates[0].score, topic.candidates[0].hits)
        return MatchResult("answer", (top, *(c for c in result.candidates if c.intent is not target)),
                           result.analysis, f"{named.id} asked about its {aspect} ({word}; topic_aspects: {target.id})")

    def felt(self, result: MatchResult) -> MatchResult:
        """A short message nothing answers (none declined) telling a feeling (`feelings:`: 天天哭 官司的事没人帮)
        gets that feeling's answer, its `exclude:` aside: the topic word (官司) asks nothing: a person is offered."""
        m, a = self.matcher, result.analysis
        if (result.decision != "fallback" or result.out_of_scope is not None
                or a.size >= m.intents.questions.story_min_chars
                or not any(not c.intent.out_of_scope for c in result.candidates)):   # no topic word: 考试考砸了 好难过
            return result
        found = m.intents.get(m.intents.questions.felt(a.compact))
        if found is None:
            return result
        top = Candidate(found, m.settings.threshold, (Hit("feeling", m.settings.threshold),))
        return MatchResult("answer", (top, *(c for c in result.candidates if c.intent is not found)), a,
                           f"a feeling told, nothing else answered (feelings: {found.id})")


_WEIGHT = itemgetter(1)   # a hit's weight


def _scored(intent: Intent, hits: tuple[Hit, ...]) -> Candidate:
    """The intent with these hits, scored as their weights' sum."""
    return Candidate(intent, rounded(sum(map(_WEIGHT, hits))), hits)


def _text(a: Analysis) -> Text:
    return Text(a.compact, a.read, a.scope_words)


def _asks_another(rules: QuestionRules, rest: str) -> bool:
    """What is left of a message besides its last aspect asks another one with its own question word
    (`离婚 要 多少 钱 多 久 能 判`, `收费吗 要多久`): two questions, not one topic's aspect (`网上起诉有没有期限`:
    网上 names the topic)."""
    word = rules.asked_aspect(rest)[1]
    at = rest.rfind(word) if word else -1
    return at >= 0 and rules.asks(rest[at:at + len(word) + 1])
