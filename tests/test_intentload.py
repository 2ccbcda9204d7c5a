"""Loading an intents folder: every problem of every file reported at file:line, references between files checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import IntentLoadError
from bot.intentload import load_intents
from tests.conftest import shipped_intents

DATA = Path("tests/data")


def problems(folder: Path) -> list[str]:
    """Loading `folder` fails; each of its problems as `file:line: message`."""
    with pytest.raises(IntentLoadError) as info:
        load_intents(folder)
    return [f"{p.file}:{p.line}: {p.message}" for p in info.value.problems]


def test_every_error_is_reported_with_file_and_line() -> None:
    found = problems(DATA / "broken")
    expected = [
        "tests/data/broken/filing.yaml:5: unknown key 'exmaples' (did you mean 'examples'?)",
        "tests/data/broken/filing.yaml:2: 'examples' is missing",
        "tests/data/broken/filing.yaml:13: 'answer' is empty",
        "tests/data/broken/filing.yaml:11: invalid regular expression '(多少钱': "
        "missing ), unterminated subpattern at position 0",
        "tests/data/broken/more.yaml:2: duplicate id 'filing.fees' (first in tests/data/broken/filing.yaml:7)",
        "tests/data/broken/more.yaml:7: id 'Bad Id' must be lower-case words joined by dots",
        "tests/data/broken/more.yaml:7: 'title' is missing",
        "tests/data/broken/more.yaml:9: needs at least 6 examples, has 2",
        "tests/data/broken/filing.yaml:14: button 'filing.nowhere' names an unknown intent id "
        "(did you mean 'filing.how'?)",
    ]
    assert sorted(found) == sorted(expected)


def test_unknown_menu_entry_and_command_button(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "menu: [x.y, x.nope]\nintents:\n  - id: x.y\n    title: t\n    keywords: {a: 3}\n"
        "    examples: [a, a1, a2, a3, a4, a5]\n    answer: b\n    buttons: [/court, /phone]\n",
        encoding="utf-8")
    found = [m.replace(str(tmp_path) + "/", "") for m in problems(tmp_path)]
    assert found == [
        "a.yaml:8: button '/phone' is not a known command (/checklist, /complaint, /court, /deadline, /human, /start)",
        "a.yaml:1: menu entry 'x.nope' is not an intent id or a known command",
    ]


def test_missing_folder_and_empty_folder(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope")[0].endswith("nope:1: intents folder not found")
    assert problems(tmp_path)[0].endswith(":1: no .yaml files in the intents folder")


def test_real_intents_load_cleanly() -> None:
    intents = shipped_intents()   # load_intents(REAL_INTENTS), once per test process
    assert len(intents) >= 30
    for intent in intents:
        assert intent.answer.strip() and intent.title.strip()


ASPECT_FILE = """\
questions:
  background_weight: {weight}
  aspects:
    fees: [多少钱, 免费]
    where: [在哪里]
  fillers: [那, 呢]
intents:
  - id: topic.arbitration
    title: 劳动仲裁
    keywords: {{仲裁: 4}}
    examples: [仲裁, 劳动仲裁, 仲裁 怎么 申请, 申请仲裁, 仲裁委, 劳动 仲裁 流程]
    answer: 先申请劳动仲裁。
    aspects: {{where: topic.arbitration, {aspect}: {target}}}
"""


def test_unknown_aspects_targets_and_bad_weights_are_errors(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(ASPECT_FILE.format(weight=2, aspect="colour", target="topic.nowhere"),
                                     encoding="utf-8")
    found = problems(tmp_path)
    assert any(p.endswith("'background_weight' must be a number from 0 to 1") for p in found)
    assert any("aspect 'colour' names an unknown intent id 'topic.nowhere'" in p for p in found)
    (tmp_path / "a.yaml").write_text(ASPECT_FILE.format(weight=0.5, aspect="colour", target="topic.arbitration"),
                                     encoding="utf-8")
    assert [p.split(": ", 1)[1] for p in problems(tmp_path)] == [
        "unknown aspect 'colour' (the 'questions: aspects:' section has: fees, where)"]
