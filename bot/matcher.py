"""The rule-based matcher: score every intent, rank, and decide answer / clarify / fallback."""

from __future__ import annotations

from itertools import groupby
from operator import itemgetter

from bot.intents import Intent, IntentSet
from bot.matching import BACKGROUND, ROUNDED, Candidate, Decision, MatchResult, Settings, nested, rounded
from bot.reading import Analysis, Reader
from bot.rereading import Rereading
from bot.ruleindex import Hit, RuleIndex, within_sentence

__all__ = ["Candidate", "Decision", "MatchResult", "Matcher", "Settings"]


def _asked(cand: Candidate) -> float:
    """What a candidate's rules add in a long story's asking clauses (its background hits left out)."""
    return rounded(sum(h.weight for h in cand.hits if not h.rule.endswith(BACKGROUND)))


_SCORE = itemgetter(1)   # a Candidate's score
_WEIGHT = itemgetter(1)   # a hit's weight
_candidate = tuple.__new__   # Candidate(...) without its Python-level __new__


class Matcher:
    """Scores text against an IntentSet. Immutable: a reload builds a new Matcher."""

    def __init__(self, intents: IntentSet, settings: Settings | None = None) -> None:
        self.intents = intents
        self.settings = settings or Settings()
        self.reader = Reader(intents)
        self._index = RuleIndex(intents)
        self.rereading = Rereading(self, self._index)

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
        """Rank every intent for `text` and decide what to do, then read it again where a step applies
        (bot/rereading.py).

        In a long story the asking clauses (`focus`, found by the `questions:` rules unless given) weigh more:
        a rule that fires only in the background counts `background_weight` times its weight.
        """
        text = self.reader.pinyin.read(text) or text   # `lao ban qian wo gong zi bu gei`: 老板欠我工资不给
        analysis = self.analyse(text)
        boosts = boosts or {}
        again, questions = self.rereading, self.intents.questions
        asked, focus = focus, questions.focus(text) if focus is None else focus
        ranked, question = self.rank(analysis, boosts), None
        if focus and ranked:
            question = self.analyse(focus)
            ranked = again.reweigh(ranked, question, questions.story_weight(focus))
        if again.stating and ranked:
            ranked = again.stated(ranked, analysis, text)
        result = self.decide(ranked, analysis)
        if question is not None and result.decision != "answer" and questions.general:
            result = again.named_in_story(result, question, boosts)
        result = again.review(result, text)
        if focus and asked is None and questions.alone_score and again.unanswered(result):
            result = again.asked_alone(result, text, focus, boosts)
        result = again.unframed(result, text, boosts)
        result = again.topic_aspect(result, text, boosts) if questions.topic_aspects else result
        return again.felt(result) if questions.feelings else result

    def rank(self, analysis: Analysis, boosts: dict[str, float]) -> tuple[Candidate, ...]:
        """`score` on every intent whose rules fired (the others score 0): same checks, same order, same rounding."""
        index = self._index
        present = index.present_terms(analysis.found)
        matched = index.matched_patterns(analysis.compact, analysis.pairs)
        barred, intents, known = index.barred(present), self.intents.intents, ROUNDED
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
                score = known.get(total)
                scored.append(_candidate(Candidate, (intent, rounded(total) if score is None else score, hits)))
        scored.sort(key=_SCORE, reverse=True)   # stable either way: equal scores stay in file order
        return tuple(scored)

    def decide(self, ranked: tuple[Candidate, ...], analysis: Analysis) -> MatchResult:
        """answer when the top clears the threshold and the margin; clarify when close; else fallback."""
        s = self.settings
        ranked = self.rereading.merits_asked(ranked, analysis)
        if not ranked or ranked[0].score < s.threshold:
            return MatchResult("fallback", ranked, analysis, "nothing reaches the threshold")
        top = ranked[0]
        if top.intent.out_of_scope:
            return MatchResult("fallback", ranked, analysis, f"out of scope: {top.intent.id}")
        # A long story's scores rest partly on its background: a close call there asks rather than guesses.
        long = analysis.size >= self.intents.questions.story_min_chars
        margin = max(s.margin, s.story_margin) if long else s.margin
        close = [c for c in ranked[1:] if rounded(top.score - c.score) < margin]   # 4.6 - 3.1 is 1.4999…
        if not close:
            return MatchResult("answer", ranked, analysis, "clear winner")
        if long and (asked := self._asked_winner(top, close)) is not None:
            # The rivals' scores rest on the story's background (聋人, 打电话听不见), the question asks this one.
            return MatchResult("answer", (asked, *(c for c in ranked if c is not asked)), analysis,
                               "clear winner in the question (the others: background)")
        if all(nested(top.intent.id, c.intent.id) for c in close):
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
        lead = rounded(min(asked - _asked(c) for c in rivals if c is not best))
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
