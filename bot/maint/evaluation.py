"""`wuai eval` and `wuai test`: accuracy of the matcher on labelled questions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import EvalFileError
from bot.matcher import Matcher, MatchResult
from bot.yamlsrc import load_yaml

OUT_OF_SCOPE = "none"


@dataclass(frozen=True)
class Case:
    text: str
    expected: str


@dataclass(frozen=True)
class Outcome:
    case: Case
    result: MatchResult

    @property
    def status(self) -> str:
        return self.result.decision

    @property
    def intent(self) -> str | None:
        intent = self.result.intent
        return intent.id if intent else None

    @property
    def in_scope(self) -> bool:
        return self.case.expected != OUT_OF_SCOPE

    @property
    def right(self) -> bool:
        """Answered with the expected id (or a finer id under it)."""
        return self.intent is not None and is_right(self.intent, self.case.expected)

    @property
    def wrong(self) -> bool:
        """Answered with an intent that is not the expected one (any answer is wrong out of scope)."""
        return self.intent is not None and not self.right


def is_right(predicted: str, expected: str) -> bool:
    return expected != OUT_OF_SCOPE and (predicted == expected or predicted.startswith(expected + "."))


def top_level_list(path: Path, key: str) -> list[Any]:
    """The file's top-level `key:` list; EvalFileError when the file is not YAML or has no such list."""
    data, _lines, problems = load_yaml(path)
    if problems:
        raise EvalFileError("\n".join(str(p) for p in problems))
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise EvalFileError(f"{path}: expected a top-level '{key}:' list")
    return items


def load_cases(path: Path) -> list[Case]:
    """Read `cases: [{text, intent}]`; raise EvalFileError when the file is not usable."""
    cases = top_level_list(path, "cases")
    out = []
    for n, item in enumerate(cases, 1):
        if not isinstance(item, dict) or "text" not in item or "intent" not in item:
            raise EvalFileError(f"{path}: case {n} needs 'text' and 'intent'")
        out.append(Case(str(item["text"]), str(item["intent"])))
    return out


def run_cases(matcher: Matcher, cases: list[Case]) -> list[Outcome]:
    return [Outcome(case, matcher.match(case.text)) for case in cases]


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def rates(cases: Sequence[Case], predicted: Sequence[str | None]) -> dict[str, float]:
    """in_scope_accuracy and wrong_answer_rate, for any predictor (the matcher or a baseline).

    `predicted` holds the intent answered for each case, or None for a fallback / clarification.
    """
    pairs = list(zip(cases, predicted, strict=True))
    in_scope = [(c, p) for c, p in pairs if c.expected != OUT_OF_SCOPE]
    right = sum(p is not None and is_right(p, c.expected) for c, p in in_scope)
    wrong = sum(p is not None and not is_right(p, c.expected) for c, p in pairs)
    return {"in_scope_accuracy": _share(right, len(in_scope)), "wrong_answer_rate": _share(wrong, len(pairs))}


def summarize(outcomes: list[Outcome]) -> dict[str, Any]:
    """The summary figures of the `wuai eval --json` contract."""
    n = len(outcomes)
    oos = [o for o in outcomes if not o.in_scope]
    return {
        "n": n,
        **rates([o.case for o in outcomes], [o.intent for o in outcomes]),
        "clarify_rate": _share(sum(o.status == "clarify" for o in outcomes), n),
        "oos_rejection_rate": _share(sum(o.status != "answer" for o in oos), len(oos)),
    }


def report_json(outcomes: list[Outcome]) -> dict[str, Any]:
    """The whole `wuai eval --json` object."""
    return {
        "cases": [
            {
                "text": o.case.text,
                "expected": o.case.expected,
                "status": o.status,
                "intent": o.intent,
                "candidates": [c.intent.id for c in o.result.candidates if not c.intent.out_of_scope],
            }
            for o in outcomes
        ],
        "summary": summarize(outcomes),
    }


def report_text(outcomes: list[Outcome], name: str) -> str:
    """A readable table of the figures, then every miss."""
    s = summarize(outcomes)
    statuses = Counter(o.status for o in outcomes)
    rows = [
        f"{name}: {s['n']} cases ({sum(o.in_scope for o in outcomes)} in scope)",
        f"  in-scope accuracy   {s['in_scope_accuracy']:7.1%}",
        f"  wrong answers       {s['wrong_answer_rate']:7.1%}",
        f"  clarify rate        {s['clarify_rate']:7.1%}",
        f"  out-of-scope reject {s['oos_rejection_rate']:7.1%}",
        f"  decisions           answer {statuses['answer']}, clarify {statuses['clarify']}, "
        f"fallback {statuses['fallback']}",
    ]
    misses = [o for o in outcomes if not o.right and not (not o.in_scope and o.status != "answer")]
    if misses:
        rows.append("")
        rows.append(f"misses ({len(misses)}):")
        for o in misses:
            got = o.intent or o.status
            if o.status == "clarify":
                got = "clarify: " + "/".join(i.id for i in o.result.options)
            tag = "WRONG" if o.wrong else "miss "
            rows.append(f"  {tag} expected {o.case.expected:<28} got {got:<30} | {o.case.text}")
    return "\n".join(rows)
