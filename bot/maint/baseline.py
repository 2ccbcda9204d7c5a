"""The benchmark's standard baseline: a TF-IDF character n-gram classifier with a linear model.

Trained on the same YAML examples as the rules (out-of-scope intents as one "none" class); it answers
only when its top decision score reaches a threshold chosen by cross-validation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.intents import IntentSet


class Baseline:
    """TF-IDF character 1-3-grams + LinearSVC, with a reject threshold chosen by cross-validation."""

    NONE = "none"
    description = "tfidf char 1-3-grams + LinearSVC (sklearn defaults), reject threshold by 5-fold CV"

    def __init__(self, intents: IntentSet, folds: int = 5, seed: int = 0) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.model_selection import StratifiedKFold, cross_val_predict
        from sklearn.pipeline import Pipeline, make_pipeline
        from sklearn.svm import LinearSVC

        texts = [e for i in intents for e in i.examples]
        labels = [self.NONE if i.out_of_scope else i.id for i in intents for _ in i.examples]

        def pipeline() -> Pipeline:
            return make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True),
                                 LinearSVC(random_state=seed))

        smallest = min(labels.count(label) for label in set(labels))
        self.folds = max(2, min(folds, smallest))
        oof = self._scores(cross_val_predict(
            pipeline(), texts, labels, method="decision_function",
            cv=StratifiedKFold(self.folds, shuffle=True, random_state=seed)))
        self.pipeline = pipeline().fit(texts, labels)
        self.classes: list[str] = [str(c) for c in self.pipeline.classes_]
        tops = [(self.classes[int(row.argmax())], float(row.max())) for row in oof]
        self.threshold = choose_threshold(tops, labels, self.NONE)

    @staticmethod
    def _scores(scores: Any) -> Any:
        """Decision scores as one column per class (a two-class SVM gives one column)."""
        import numpy

        return scores if scores.ndim == 2 else numpy.column_stack([-scores, scores])

    def predict_many(self, texts: Sequence[str]) -> list[str | None]:
        """The intent id answered for each text, or None (fallback)."""
        scores = self._scores(self.pipeline.decision_function(list(texts)))
        out: list[str | None] = []
        for row in scores:
            label, top = self.classes[int(row.argmax())], float(row.max())
            out.append(None if label == self.NONE or top < self.threshold else label)
        return out

    def predict(self, text: str) -> str | None:
        return self.predict_many([text])[0]


def choose_threshold(tops: Sequence[tuple[str, float]], labels: Sequence[str], none: str) -> float:
    """The lowest threshold with the best utility: +1 right answer, -1 wrong answer, 0 fallback."""
    candidates = sorted({score for _, score in tops})
    best, best_utility = -math.inf, -math.inf
    for threshold in candidates:
        utility = sum((1 if label == truth else -1)
                      for (label, score), truth in zip(tops, labels, strict=True)
                      if label != none and score >= threshold)
        if utility > best_utility:
            best, best_utility = threshold, utility
    return best
