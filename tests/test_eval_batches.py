"""The evaluation batches in tests/eval measure unseen questions: none repeats another batch or ../shared/eval."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from bot.maint.conversations import is_conversation_file, load_conversations
from bot.maint.evaluation import load_cases
from tests.conftest import ROOT, shared_eval

EVAL = ROOT / "tests" / "eval"


def same_text(text: str) -> str:
    """Spaces and line breaks do not make a question new (`我 要 离婚` is `我要离婚`)."""
    return re.sub(r"\s+", "", text)


def where_each_appears(paths: list[Path]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        for case in load_cases(path):
            seen[same_text(case.text)].append(path.name)
    return seen


def test_no_batch_question_is_asked_twice() -> None:
    batches = [p for p in sorted(EVAL.glob("*.yaml")) if not is_conversation_file(p)]
    seen = where_each_appears([shared_eval("dev.yaml"), shared_eval("real.yaml"), *batches])
    assert {text: files for text, files in seen.items() if len(files) > 1} == {}


def test_no_conversation_is_written_twice() -> None:
    seen: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for path in sorted(EVAL.glob("*.yaml")):
        if is_conversation_file(path):
            for conversation in load_conversations(path):
                seen[tuple(same_text(t.user) for t in conversation.turns)].append(f"{path.name}: {conversation.name}")
    assert {turns: names for turns, names in seen.items() if len(names) > 1} == {}

