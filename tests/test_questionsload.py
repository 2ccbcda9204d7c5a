"""Reading the `questions:` section: its words and settings, each bad one reported at file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.intentload import load_intents
from tests.test_intentload import ASPECT_FILE, problems


def test_aspects_and_the_questions_section_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(ASPECT_FILE.format(weight=0.4, aspect="fees", target="topic.arbitration"),
                                     encoding="utf-8")
    intents = load_intents(tmp_path)
    topic = intents.get("topic.arbitration")
    assert topic is not None and topic.aspect("where") == "topic.arbitration" and topic.aspect("duration") == ""
    rules = intents.questions
    assert rules.background_weight == 0.4 and rules.aspects[0] == ("fees", ("多少钱", "免费")) and rules.fillers == ("那", "呢")


@pytest.mark.parametrize(("added", "expected"), [
    ("  merits: [topic.arbitration, oos.none]\n  answer_at_most: 0\n",
     ["'answer_at_most' must be a whole number above 0", "merits: 'oos.none' is not an out-of-scope intent id",
      "merits: 'topic.arbitration' is not an out-of-scope intent id"]),
    ("  nameless_below: -1\n  alone_score: x\n",
     ["'alone_score' must be a number of 0 or more", "'nameless_below' must be a number of 0 or more"]),
    ("  topic_aspects: [fees, colour]\n", ["topic_aspects: unknown aspect 'colour' (not in 'aspects:')"]),
    ("  whole_first_chars: -40\n", ["'whole_first_chars' must be a number of 0 or more"]),
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
