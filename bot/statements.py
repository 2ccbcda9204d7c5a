"""Statements: a short first message that asks nothing and states one intent's situation (`这个判决我接受不了`).

Deaf users often open with their situation and no question word; a clerk answers the situation's topic. An intent lists
the situations it answers under `statements:` (rule terms, `判决+不服|不接受`); the `questions:` section says how short
such a message is (`statement_below`) and what the intent gains (`statement_weight`). The matcher adds the weight and
decides as always (threshold, margin, scope rules).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.intents import Intent, Term
from bot.questions import QuestionRules
from bot.reading import Analysis


def stated_situation(analysis: Analysis, text: str, stating: Sequence[Intent],
                     rules: QuestionRules) -> tuple[Intent, Term] | None:
    """The one intent whose situation the message states, with the statement found; None when the message is long,
    asks something, states no intent's situation or two intents' at once, or the intent's `exclude:` / `require:` bar
    it."""
    if not rules.statement_weight or analysis.size >= rules.statement_below or rules.asks(text):
        return None
    found = analysis.found
    stated = [(intent, term) for intent in stating
              for term in (next((t for t in intent.statements if t.present(found)), None),) if term is not None]
    if len(stated) != 1:
        return None
    intent, term = stated[0]
    return None if intent.barred(found) else (intent, term)
