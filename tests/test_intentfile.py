"""Reading one intent file: each problem at file:line with the bad line marked, rule terms in main words."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import IntentLoadError
from bot.intentload import load_intents
from tests.conftest import SMALL_INTENTS
from tests.test_intentload import DATA, problems


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
