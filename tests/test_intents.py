"""The intent loader: every problem reported, each as file:line with the bad line marked."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import IntentLoadError
from bot.intents import load_intents
from tests.conftest import SMALL_INTENTS, shipped_intents

DATA = Path("tests/data")


def problems(folder: Path) -> list[str]:
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


def test_snippet_marks_the_bad_line() -> None:
    with pytest.raises(IntentLoadError) as info:
        load_intents(DATA / "broken")
    typo = next(p for p in info.value.problems if "exmaples" in p.message)
    marked = [row for row in typo.snippet.splitlines() if row.lstrip().startswith(">")]
    assert marked == ["  > 5 |     exmaples: [怎么起诉, 起诉流程, 我要起诉, 起诉怎么弄, 想起诉, 起诉步骤]"]
    assert str(typo).startswith("tests/data/broken/filing.yaml:5: error: unknown key 'exmaples'")


def test_yaml_syntax_error_points_at_the_unclosed_quote() -> None:
    assert problems(DATA / "bad_yaml") == [
        "tests/data/bad_yaml/broken.yaml:5: YAML syntax error: while scanning a quoted scalar (line 5): "
        "found unexpected end of stream (line 7)"
    ]


def test_duplicate_yaml_key(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "intents:\n  - id: x.y\n    title: t\n    title: u\n    keywords: {a: 3}\n"
        "    examples: [a, a1, a2, a3, a4, a5]\n    answer: b\n", encoding="utf-8")
    [message] = problems(tmp_path)
    assert message.endswith("a.yaml:4: duplicate key 'title' (first on line 3)")


def test_wrong_types_and_no_rules(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "intents:\n"
        "  - id: x.y\n    title: t\n    examples: [a, b, c, d, e, f]\n    answer: b\n"   # no rules: line 2
        "  - id: x.z\n    title: t\n    keywords: {a: zero}\n"                            # bad weight: line 8
        "    examples: [a, b, c, d, e, f]\n    answer: b\n    handoff: maybe\n"            # bad flag: line 11
        "  - just text\n",                                                                 # not a mapping: 12
        encoding="utf-8")
    found = [m.split(str(tmp_path) + "/")[-1] for m in problems(tmp_path)]
    assert found == [
        "a.yaml:2: intent 'x.y' has no 'keywords' or 'patterns', so it can never match",
        "a.yaml:11: 'handoff' must be true or false",
        "a.yaml:8: weight of 'a' must be a number",
        "a.yaml:12: each intent must be a mapping of keys (id, title, examples, answer, ...)",
    ]


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


def test_synonyms_conflict_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "v.yaml").write_text("synonyms:\n  立案: [力案]\n  起诉: [力案]\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text(
        "intents:\n  - id: x.y\n    title: t\n    keywords: {a: 3}\n"
        "    examples: [a, a1, a2, a3, a4, a5]\n    answer: b\n", encoding="utf-8")
    [message] = problems(tmp_path)
    assert "v.yaml:3: '力案' is already a variant of '立案'" in message


def test_rule_terms_use_main_words_and_parse_and_or() -> None:
    intents = load_intents(SMALL_INTENTS)
    filing = intents.get("topic.filing")
    assert filing is not None
    assert filing.keywords[0].parts == (("起诉", "立案"),)
    court = intents.get("topic.court_interpreter")
    assert court is not None and court.keywords[0].parts == (("法院",), ("翻译",))
    assert intents.synonyms["力案"] == "立案"
    assert intents.menu == ("topic.filing", "topic.fees", "/court")


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


def test_merits_must_name_out_of_scope_intents_and_answer_at_most_a_count(tmp_path: Path) -> None:
    text = ASPECT_FILE.format(weight=0.5, aspect="fees", target="topic.arbitration")
    text = text.replace("  fillers: [那, 呢]\n", "  fillers: [那, 呢]\n  merits: [topic.arbitration, oos.none]\n"
                                                  "  answer_at_most: 0\n")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    assert sorted(p.split(": ", 1)[1] for p in problems(tmp_path)) == [
        "'answer_at_most' must be a whole number above 0",
        "merits: 'oos.none' is not an out-of-scope intent id",
        "merits: 'topic.arbitration' is not an out-of-scope intent id"]
