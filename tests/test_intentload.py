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


def test_aspects_and_the_questions_section_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(ASPECT_FILE.format(weight=0.4, aspect="fees", target="topic.arbitration"),
                                     encoding="utf-8")
    intents = load_intents(tmp_path)
    topic = intents.get("topic.arbitration")
    assert topic is not None and topic.aspect("where") == "topic.arbitration" and topic.aspect("duration") == ""
    rules = intents.questions
    assert rules.background_weight == 0.4 and rules.aspects[0] == ("fees", ("多少钱", "免费")) and rules.fillers == ("那", "呢")


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


@pytest.mark.parametrize(("added", "expected"), [
    ("  merits: [topic.arbitration, oos.none]\n  answer_at_most: 0\n",
     ["'answer_at_most' must be a whole number above 0", "merits: 'oos.none' is not an out-of-scope intent id",
      "merits: 'topic.arbitration' is not an out-of-scope intent id"]),
    ("  nameless_below: -1\n  alone_score: x\n",
     ["'alone_score' must be a number of 0 or more", "'nameless_below' must be a number of 0 or more"]),
    ("  topic_aspects: [fees, colour]\n", ["topic_aspects: unknown aspect 'colour' (not in 'aspects:')"]),
    ("  fillers_except:\n    colour: [那]\n", ["fillers_except: unknown aspect 'colour' (not in 'aspects:')"]),
    ("  feelings:\n    meta.nowhere: [好累]\n", ["feelings: 'meta.nowhere' is not an intent id"]),
    ("  feelings: [好累]\n", ["'feelings' must map a name (an aspect, an intent id) to a list of words"]),
])
def test_bad_questions_settings_are_reported(tmp_path: Path, added: str, expected: list[str]) -> None:
    text = ASPECT_FILE.format(weight=0.5, aspect="fees", target="topic.arbitration")
    text = text.replace("  fillers: [那, 呢]\n", "  fillers: [那, 呢]\n" + added)
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    assert sorted(p.split(": ", 1)[1] for p in problems(tmp_path)) == expected


def test_statements_and_their_settings_are_read_and_checked(tmp_path: Path) -> None:
    text = ASPECT_FILE.format(weight=0.5, aspect="fees", target="topic.arbitration")
    text = text.replace("  fillers: [那, 呢]\n", "  fillers: [那, 呢]\n  statement_below: 25\n  statement_weight: 3\n")
    text = text.replace("    answer: 先申请劳动仲裁。\n", "    answer: 先申请劳动仲裁。\n    statements: [工资+不发|没发]\n")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    intents = load_intents(tmp_path)
    topic = intents.get("topic.arbitration")
    assert topic is not None and [t.parts for t in topic.statements] == [(("工资",), ("不发", "没发"))]
    assert (intents.questions.statement_below, intents.questions.statement_weight) == (25, 3)
    bad = text.replace("statement_weight: 3", "statement_weight: -3").replace("[工资+不发|没发]", "[工资+]")
    (tmp_path / "a.yaml").write_text(bad, encoding="utf-8")
    assert sorted(p.split(": ", 1)[1] for p in problems(tmp_path)) == [
        "'statement_weight' must be a number of 0 or more", "'工资+' has an empty part (check '+' and '|')"]
