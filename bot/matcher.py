"""The rule-based matcher: score every intent, rank, and decide answer / clarify / fallback."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Literal, NamedTuple

from bot.intents import Intent, IntentSet
from bot.questions import QuestionRules
from bot.reading import Analysis, Reader
from bot.ruleindex import Hit, RuleIndex, within_sentence
from bot.scope import Text
from bot.statements import stated_situation

Decision = Literal["answer", "clarify", "fallback"]

BACKGROUND = " (background)"   # marks a rule that fired only in a long story's background


@dataclass(frozen=True)
class Settings:
    """Decision thresholds (from config.yaml `matcher:`)."""

    threshold: float = 3.0
    margin: float = 1.0
    max_clarify: int = 3
    story_margin: float = 1.0   # the margin for a long story (questions' story_min_chars); the larger one counts
    story_question_lead: float = 0.0   # a long story's candidate leading by this in the asking clauses answers


class Candidate(NamedTuple):
    """An intent with its score and the rules that produced it (a tuple: several are made per message)."""

    intent: Intent
    score: float
    hits: tuple[Hit, ...]


class MatchResult(NamedTuple):
    """Ranked candidates and the decision taken on them (a tuple: one or more are made per message)."""

    decision: Decision
    candidates: tuple[Candidate, ...]
    analysis: Analysis
    reason: str
    options: tuple[Intent, ...] = ()
    declined: Intent | None = None   # the out-of-scope answer the `scope:` rules chose (see bot/scope.py)

    @property
    def intent(self) -> Intent | None:
        """The intent to answer with (only when decision is 'answer')."""
        return self.candidates[0].intent if self.decision == "answer" else None

    @property
    def out_of_scope(self) -> Intent | None:
        """The out-of-scope topic recognised, when that is why the matcher fell back."""
        if self.declined is not None:
            return self.declined
        if self.decision == "fallback" and self.candidates and self.candidates[0].intent.out_of_scope:
            return self.candidates[0].intent
        return None


_ROUNDED: dict[float, float] = {}   # a score's sum -> rounded: messages' scores are sums of the same few weights
_ROUNDED_SIZE = 4096


def _rounded(total: float) -> float:
    """`round(total, 3)` (a scores' sum), remembered: rounding a float to places is slow."""
    out = _ROUNDED.get(total)
    if out is None:
        out = round(total, 3)
        if len(_ROUNDED) < _ROUNDED_SIZE:
            _ROUNDED[total] = out
    return out


def _asked(cand: Candidate) -> float:
    """What a candidate's rules add in a long story's asking clauses (its background hits left out)."""
    return _rounded(sum(h.weight for h in cand.hits if not h.rule.endswith(BACKGROUND)))


_SCORE = itemgetter(1)   # a Candidate's score
_WEIGHT = itemgetter(1)   # a hit's weight
_candidate = tuple.__new__   # Candidate(...) without its Python-level __new__


def _asks_another(rules: QuestionRules, rest: str) -> bool:
    """What is left of a message besides its last aspect asks another one with its own question word
    (`离婚 要 多少 钱 多 久 能 判`, `收费吗 要多久`): two questions, not one topic's aspect (`网上起诉有没有期限`:
    网上 names the topic)."""
    word = rules.asked_aspect(rest)[1]
    at = rest.rfind(word) if word else -1
    return at >= 0 and rules.asks(rest[at:at + len(word) + 1])


def _nested(a: str, b: str) -> bool:
    """One id is the other's sub-topic."""
    return a.startswith(b + ".") or b.startswith(a + ".")


class Matcher:
    """Scores text against an IntentSet. Immutable: a reload builds a new Matcher."""

    def __init__(self, intents: IntentSet, settings: Settings | None = None) -> None:
        self.intents = intents
        self.settings = settings or Settings()
        self.reader = Reader(intents)
        self._index = RuleIndex(intents)
        self._order = {intent.id: n for n, intent in enumerate(intents)}
        self._merits = frozenset(intents.questions.merits)
        # The intents with `statements:` (none, or the section's weight 0: the step is off).
        self._stating = tuple(i for i in intents if i.statements) if intents.questions.statement_weight else ()

    def analyse(self, text: str) -> Analysis:
        """What the rules see of `text` (bot/reading.py)."""
        return self.reader.analyse(text)

    def clear_caches(self) -> None:
        """Forget cleaned texts and segmented words: the next message costs what a new one costs (`wuai bench`)."""
        self.reader.clear_caches()

    def score(self, intent: Intent, analysis: Analysis, boost: float = 0.0) -> Candidate | None:
        """Score one intent; None when it is excluded or a required term is missing."""
        found = analysis.found
        if intent.barred(found):
            return None
        hits = [Hit(f"keyword {t.text}", t.weight) for t in intent.keywords if t.present(found)]
        hits += [Hit(f"pattern {p.text}", p.weight) for p in intent.patterns
                 if within_sentence(p.regex, analysis.compact)]
        if boost and hits:
            hits.append(Hit("context", boost))
        total = sum(h.weight for h in hits)
        return Candidate(intent, round(total, 3), tuple(hits)) if total > 0 else None

    def match(self, text: str, boosts: dict[str, float] | None = None, focus: str | None = None) -> MatchResult:
        """Rank every intent for `text` and decide what to do.

        In a long story the asking clauses (`focus`, found by the `questions:` rules unless given) weigh more:
        a rule that fires only in the background counts `background_weight` times its weight.
        """
        analysis = self.analyse(text)
        boosts = boosts or {}
        asked, focus = focus, self.intents.questions.focus(text) if focus is None else focus
        ranked = self._rank(analysis, boosts)
        if focus and ranked:
            ranked = self._reweigh(ranked, self.analyse(focus), self.intents.questions.story_weight(focus))
        if self._stating and ranked:
            ranked = self._stated(ranked, analysis, text)
        result = self.decide(ranked, analysis)
        if focus and result.decision != "answer" and self.intents.questions.general:
            result = self._named_in_story(result, focus, boosts)
        result = self.review(result, text)
        if focus and asked is None and self.intents.questions.alone_score and self._unanswered(result):
            result = self._asked_alone(result, text, focus, boosts)
        result = self._unframed(result, text, boosts)
        return self._topic_aspect(result, text, boosts) if self.intents.questions.topic_aspects else result

    def _stated(self, ranked: tuple[Candidate, ...], analysis: Analysis, text: str) -> tuple[Candidate, ...]:
        """The intent whose situation a short message states without asking (bot/statements.py) gains
        `statement_weight`; the usual decision follows."""
        found = stated_situation(analysis, text, self._stating, self.intents.questions)
        if found is None:
            return ranked
        intent, term = found
        had = next((c for c in ranked if c.intent is intent), None)
        said = Hit(f"statement {term.text}", self.intents.questions.statement_weight)
        hits = (*(had.hits if had is not None else ()), said)
        order, rest = self._order, (c for c in ranked if c is not had)
        raised = Candidate(intent, _rounded(sum(map(_WEIGHT, hits))), hits)
        return tuple(sorted((raised, *rest), key=lambda c: (-c.score, order[c.intent.id])))

    def _unanswered(self, result: MatchResult) -> bool:
        """Nothing reaches the threshold and no scope rule declined the message."""
        return (result.decision == "fallback" and result.out_of_scope is None
                and (not result.candidates or result.candidates[0].score < self.settings.threshold))

    def _asked_alone(self, result: MatchResult, text: str, focus: str, boosts: dict[str, float]) -> MatchResult:
        """A story nothing answers, as its background excludes what its question asks (`微信也把我拉黑了……请问怎么
        起诉？`): the question read alone answers when it scores `alone_score` (questions section) and none of that
        intent's exclusions is in the question or the clause before it (`五六年了，我还能起诉吗` stays unanswered)."""
        rules = self.intents.questions
        alone = self.match(focus, boosts, focus="")
        found = alone.intent
        if found is None or alone.candidates[0].score < rules.alone_score:
            return result
        near = self.analyse(rules.asked_part(text)).found
        if any(term.present(near) for term in found.exclude):
            return result
        others = (c for c in result.candidates if c.intent is not found)
        answered = MatchResult("answer", (alone.candidates[0], *others), result.analysis,
                               f"the question alone asks {found.id} (the story's words exclude it)")
        reviewed = self.review(answered, text)
        return reviewed if reviewed.decision == "answer" else result

    def _topic_aspect(self, result: MatchResult, text: str, boosts: dict[str, float]) -> MatchResult:
        """A short message naming a topic and one of its aspects (`网上立案收费吗`, `调解要多少钱`) is answered as the
        follow-up would be after that topic: the intent the topic lists for the aspect (`topic_aspects:`)."""
        rules = self.intents.questions
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
        topic = self.match(rest, boosts)
        named = topic.intent
        if named is None:
            return result
        target = self.intents.get(named.aspect(aspect)) or (named if not named.aspects else None)
        # The aspect's word is the topic's own (`怎么写申请书`: the paper written, no materials asked).
        if target is not None and target is not named:
            whole = self.score(named, result.analysis)
            if whole is not None and whole.score > topic.candidates[0].score:
                return result
        if target is None or (have is not None and (have.id == target.id or _nested(have.id, target.id))):
            return result
        # Only the topic's own answer (or none) is replaced: another answer the words give together stays (`上诉 还有
        # 几天`: the calculator; `强制执行 几 天`: the progress).
        if have is not None and have.id != named.id:
            return result
        top = _candidate(Candidate, (target, topic.candidates[0].score, topic.candidates[0].hits))
        return MatchResult("answer", (top, *(c for c in result.candidates if c.intent is not target)),
                           result.analysis, f"{named.id} asked about its {aspect} ({word}; topic_aspects: {target.id})")

    def _unframed(self, result: MatchResult, text: str, boosts: dict[str, float]) -> MatchResult:
        """A short message left unanswered, or answered only with a courtesy (`not_topics:`), read again without its
        greetings, thanks and `我是聋人` (`framing:`): `你好，请问起诉 谢谢`, `我很着急 我要跟他离` name a topic."""
        rules = self.intents.questions
        kept = result.intent is not None and result.intent.id in rules.not_topics
        if (result.decision == "answer" and not kept) or result.out_of_scope is not None:
            return result
        bare = rules.unframed(text)
        again = self.match(bare, boosts) if bare else result
        found = again.intent
        if kept and again.out_of_scope is not None:   # `我很着急 你是男的还是女的`: what it asks is declined
            return again
        if found is not None and not (kept and found.id in rules.not_topics):
            return again
        if result.decision == "answer":
            return result
        # Signed order, the question word last (`执行 弄 咋`): read with it moved before the word it asks about.
        for order in rules.signed_orders(text):
            again = self.match(order, boosts)
            if again.decision == "answer":
                return again
        return result

    def _named_in_story(self, result: MatchResult, focus: str, boosts: dict[str, float]) -> MatchResult:
        """An undecided story whose question alone asks a general answer (`请问应该去哪个法院起诉`): the story's best
        intent of the same family (`jurisdiction.divorce`) answers (`general:` of the questions section)."""
        general = self.intents.questions.general
        named = [c for c in result.candidates if not c.intent.out_of_scope and c.intent.id not in general
                 and any(g.startswith(c.intent.family + ".") for g in general)]
        if not named:   # the story names no intent of a general answer's family: nothing to read again
            return result
        asked = self.analyse(focus)
        alone = self.decide(self._rank(asked, boosts), asked).intent
        if alone is None or alone.id not in general:
            return result
        found = next((c for c in named if c.intent.family == alone.family), None)
        if found is None:
            return result
        return MatchResult("answer", (found, *(c for c in result.candidates if c is not found)), result.analysis,
                           f"the question asks {alone.id}, the story names {found.intent.id}")

    def review(self, result: MatchResult, text: str) -> MatchResult:
        """The decision, or a fallback when the `scope:` rules decline `text` (bot/scope.py).

        A message nothing answers that the rules would decline gets that out-of-scope answer, not the generic one.
        """
        fell = result.decision == "fallback"
        if not self.intents.scope or (fell and result.out_of_scope is not None):
            return result
        a, scope, top = result.analysis, self.intents.scope, result.candidates[0] if result.candidates else None
        # An everyday intent's weak answer to a long story is read as no answer (`everyday:` of the scope section).
        weak = result.decision == "answer" and top is not None and scope.weak(top.intent.id, top.score, a.size)
        # A long message that asks nothing at all answers only with enough evidence (`everyday: unasked_score`).
        unasked = (result.decision == "answer" and top is not None and not weak
                   and scope.weak_unasked(top.score, a.size) and not self.intents.questions.asking_clauses(text))
        weak = weak or unasked
        found = None
        if scope.may_decline(a.scope_words, a.read):   # else no group's term is there: `review` declines nothing
            answer = "" if fell or weak or top is None else top.intent.id
            asked = fell or weak or top is None or any(not h.rule.endswith(BACKGROUND) for h in top.hits)
            found = scope.review(text, answer, self._text(a), self.intents.questions, self._read, asked,
                                 self._story_score(top, answer, text))
        if found is None and weak and top is not None:
            key = "unasked_score: it asks nothing" if unasked else "score"
            return MatchResult("fallback", result.candidates, a, f"{top.intent.id} scores too little for a long story "
                               f"(everyday: {key})")
        if found is None:
            return result
        reason = f"{result.reason}; {found.reason()}" if fell else found.reason()
        return MatchResult("fallback", result.candidates, a, reason, declined=self.intents.get(found.answer))

    def _story_score(self, top: Candidate | None, answer: str, text: str) -> float:
        """The answer's score when `text` is a long story with a question and the score reaches `areas_below` of the
        scope section (else 0: only then does the score change what the areas decline)."""
        below, rules = self.intents.scope.areas_below, self.intents.questions
        if not below or not answer or top is None or top.score < below:
            return 0.0
        return top.score if rules.focus(text) else 0.0

    def _read(self, part: str) -> Text:
        return self._text(self.analyse(part))

    @staticmethod
    def _text(a: Analysis) -> Text:
        return Text(a.compact, a.read, a.scope_words)

    def _merits_asked(self, ranked: tuple[Candidate, ...], analysis: Analysis) -> tuple[Candidate, ...]:
        """A short message whose only question is an out-of-scope intent's words (`老板不发工资合法吗`,
        `被起诉了 我会输吗`): that is what it asks, so the decline comes first and the topic stays next."""
        merits = self._merits
        oos = next((c for c in ranked if c.intent.id in merits), None) if merits else None
        if (oos is None or oos is ranked[0] or oos.score < self.settings.threshold
                or analysis.size >= self.intents.questions.story_min_chars):
            return ranked
        words = [atom for term in oos.intent.keywords if term.present(analysis.found)
                 for atom in term.atoms if atom in analysis.found]
        words += [m.group(0) for p in oos.intent.patterns if (m := p.regex.search(analysis.compact))]
        if not self.intents.questions.asked_only_by(analysis.compact, words):
            return ranked
        return (oos, *(c for c in ranked if c is not oos))

    def _reweigh(self, ranked: tuple[Candidate, ...], asked: Analysis, weight: float) -> tuple[Candidate, ...]:
        """Scores with the rules that fired only outside the question scaled down (exclusions still see it all)."""
        index = self._index
        in_question = index.fired(index.present_terms(asked.found), index.matched_patterns(asked.compact, asked.pairs))
        order = self._order
        out = []
        for cand in ranked:
            # The rules of this intent that fire in the question, whatever its require/exclude say.
            rules = {hit.rule for hit in in_question.get(order[cand.intent.id], ())}
            hits = tuple(h if h.rule in rules or h.rule == "context"
                         else Hit(f"{h.rule}{BACKGROUND}", h.weight * weight) for h in cand.hits)
            out.append(Candidate(cand.intent, _rounded(sum(map(_WEIGHT, hits))), hits))
        return tuple(sorted(out, key=lambda c: (-c.score, order[c.intent.id])))

    def _rank(self, analysis: Analysis, boosts: dict[str, float]) -> tuple[Candidate, ...]:
        """`score` on every intent whose rules fired (the others score 0): same checks, same order, same rounding."""
        index = self._index
        present = index.present_terms(analysis.found)
        matched = index.matched_patterns(analysis.compact, analysis.pairs)
        barred, intents, rounded = index.barred(present), self.intents.intents, _ROUNDED
        scored = []
        hit_of = index.hit_of
        for order, rules in groupby(index.rules(present, matched), index.order_of):
            if barred >> order & 1:
                continue
            hits = tuple(map(hit_of, rules))
            intent = intents[order]
            if boosts and (boost := boosts.get(intent.id, 0.0)):
                hits += (Hit("context", boost),)
            total = sum(map(_WEIGHT, hits))   # in the hits' order, as `score` adds them
            if total > 0:
                score = rounded.get(total)
                scored.append(_candidate(Candidate, (intent, _rounded(total) if score is None else score, hits)))
        scored.sort(key=_SCORE, reverse=True)   # stable either way: equal scores stay in file order
        return tuple(scored)

    def decide(self, ranked: tuple[Candidate, ...], analysis: Analysis) -> MatchResult:
        """answer when the top clears the threshold and the margin; clarify when close; else fallback."""
        s = self.settings
        ranked = self._merits_asked(ranked, analysis)
        if not ranked or ranked[0].score < s.threshold:
            return MatchResult("fallback", ranked, analysis, "nothing reaches the threshold")
        top = ranked[0]
        if top.intent.out_of_scope:
            return MatchResult("fallback", ranked, analysis, f"out of scope: {top.intent.id}")
        # A long story's scores rest partly on its background: a close call there asks rather than guesses.
        long = analysis.size >= self.intents.questions.story_min_chars
        margin = max(s.margin, s.story_margin) if long else s.margin
        close = [c for c in ranked[1:] if _rounded(top.score - c.score) < margin]   # 4.6 - 3.1 is 1.4999…
        if not close:
            return MatchResult("answer", ranked, analysis, "clear winner")
        if long and (asked := self._asked_winner(top, close)) is not None:
            # The rivals' scores rest on the story's background (聋人, 打电话听不见), the question asks this one.
            return MatchResult("answer", (asked, *(c for c in ranked if c is not asked)), analysis,
                               "clear winner in the question (the others: background)")
        if all(_nested(top.intent.id, c.intent.id) for c in close):
            # A topic and its own sub-topic (filing.fees / filing.fees.relief): asking "which one?"
            # would not help the user; the higher score is the better-fitting answer.
            return MatchResult("answer", ranked, analysis, "clear winner within one topic")
        options = tuple(c.intent for c in [top, *close] if not c.intent.out_of_scope)[: s.max_clarify]
        return MatchResult("clarify", ranked, analysis, "top candidates too close", options)

    def _asked_winner(self, top: Candidate, close: list[Candidate]) -> Candidate | None:
        """The one of a long story's close call whose rules in the asking clauses reach the threshold and lead every
        other's there by `story_question_lead` (not necessarily the top), or None."""
        s, rivals = self.settings, [top, *close]
        best = max(rivals, key=_asked)   # the first of equals: the top
        asked = _asked(best)
        if not s.story_question_lead or asked < s.threshold or best.intent.out_of_scope:
            return None
        lead = _rounded(min(asked - _asked(c) for c in rivals if c is not best))
        return best if lead >= s.story_question_lead else None

    def explain(self, text: str, top: int = 3) -> str:
        """A readable account of how `text` was matched."""
        result = self.match(text)
        a = result.analysis
        lines = [f"text:        {a.text}", f"normalised:  {a.normalized}", f"tokens:      {' / '.join(a.tokens)}"]
        if not result.candidates:
            lines.append("no rule fired for any intent")
        for n, cand in enumerate(result.candidates[:top], 1):
            scope = " (out of scope)" if cand.intent.out_of_scope else ""
            lines.append(f"{n}. {cand.intent.id}{scope}  score {cand.score:g}  [{cand.intent.title}]")
            lines += [f"     {h.weight:+g}  {h.rule}" for h in cand.hits]
        s = self.settings
        lines.append(f"decision:    {result.decision} ({result.reason}; threshold {s.threshold:g}, "
                     f"margin {s.margin:g})")
        if result.options:
            lines.append("asks:        " + " / ".join(i.id for i in result.options))
        return "\n".join(lines)
