"""`wuai check` warnings and `wuai test --per-intent`, on small intent files written for each case."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.cli_common import TOKEN_ENV
from bot.intentload import load_intents
from bot.maint.lint import lint, per_intent_report
from bot.matcher import Matcher

CLEAN = """\
intents:
  - id: topic.fees
    title: 诉讼费
    keywords:
      诉讼费: 4
      多少钱: 1
    examples: [诉讼费, 诉讼费多少, 诉讼费多少钱, 交诉讼费, 诉讼费贵吗, 诉讼费怎么交, 诉讼费 标准, 起诉要交诉讼费吗]
    answer: 诉讼费立案后交。
    source: 《诉讼费用交纳办法》第22条
  - id: topic.filing
    title: 怎么起诉
    keywords:
      起诉|立案: 2
      怎么|流程: 2
    exclude: [诉讼费]
    examples: [怎么起诉, 起诉流程, 立案流程, 怎么立案, 起诉 怎么 弄, 怎么 去 起诉, 立案 流程 是, 怎么才能起诉]
    answer: 写起诉状，然后立案。
    buttons: [topic.fees, /court]
    source: 《民事诉讼法》第122条
"""


def warnings(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "topics.yaml").write_text(text, encoding="utf-8")
    return [f"{Path(w.file).name}:{w.line}: {w.message}" for w in lint(load_intents(tmp_path))]


def changed(old: str, new: str) -> str:
    assert old in CLEAN, old
    return CLEAN.replace(old, new, 1)


def test_a_clean_file_has_no_warnings(tmp_path: Path) -> None:
    """Excluding a neighbour's keyword is fine when an example (起诉要交诉讼费吗) shows why."""
    assert warnings(tmp_path, CLEAN) == []


def test_fewer_than_eight_examples(tmp_path: Path) -> None:
    text = changed("诉讼费 标准, 起诉要交诉讼费吗]", "诉讼费 标准]")
    assert warnings(tmp_path, text) == [
        "topics.yaml:2: 'topic.fees' has 7 examples; write at least 8 so the rules are tested well"]


def test_a_button_pointing_at_its_own_intent(tmp_path: Path) -> None:
    text = changed("buttons: [topic.fees, /court]", "buttons: [topic.filing, /court]")
    assert warnings(tmp_path, text) == ["topics.yaml:10: 'topic.filing' lists itself under 'buttons'"]


def test_missing_source(tmp_path: Path) -> None:
    text = changed("    source: 《诉讼费用交纳办法》第22条\n", "")
    assert warnings(tmp_path, text) == [
        "topics.yaml:2: 'topic.fees' has no 'source' (law and article, or official service)"]


def test_out_of_scope_and_meta_intents_need_no_source(tmp_path: Path) -> None:
    text = changed("    source: 《诉讼费用交纳办法》第22条\n", "    out_of_scope: true\n")
    assert warnings(tmp_path, text) == []


def test_a_keyword_excluded_elsewhere_with_no_example_showing_why(tmp_path: Path) -> None:
    text = changed("      多少钱: 1\n", "      多少钱: 1\n      退费: 3\n").replace(
        "exclude: [诉讼费]", "exclude: [诉讼费, 退费]")
    assert warnings(tmp_path, text) == [
        "topics.yaml:16: 'topic.filing' excludes '退费', a keyword of topic.fees, but no example of another "
        "intent contains it: add one that shows why, or drop the exclusion"]
    # An example of the neighbour containing the word documents the exclusion (and `wuai test` now guards it).
    assert warnings(tmp_path, text.replace("诉讼费 标准,", "诉讼费 标准, 起诉 退费,")) == []
    # Advice, not a likely mistake: `wuai check` counts it, `wuai check --hints` lists it.
    (tmp_path / "topics.yaml").write_text(text, encoding="utf-8")
    assert [w.severity for w in lint(load_intents(tmp_path))] == ["hint"]


def test_hints_are_counted_and_listed_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "123:ABC")   # Telegram set up: the missing operators' group warns, no extra hint
    text = changed("      多少钱: 1\n", "      多少钱: 1\n      退费: 3\n").replace(
        "exclude: [诉讼费]", "exclude: [诉讼费, 退费]")
    (tmp_path / "topics.yaml").write_text(text, encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "excludes '退费'" not in out and "1 hint(s) (wuai check --hints)" in out.splitlines()[-1]
    assert main(["check", str(tmp_path), "--hints"]) == 0
    assert "topics.yaml:16: hint: 'topic.filing' excludes '退费'" in capsys.readouterr().out


def test_two_out_of_scope_intents_are_not_rivals(tmp_path: Path) -> None:
    text = CLEAN + """\
  - id: oos.sentence
    title: 判刑
    out_of_scope: true
    keywords: {判几年: 5, 坐牢: 4}
    examples: [判几年, 会判几年, 偷东西判几年, 打架判几年, 要坐牢吗, 会不会坐牢, 坐牢 几年, 判几年 坐牢]
    answer: 我不能回答。
  - id: oos.merits
    title: 谁对谁错
    out_of_scope: true
    keywords: {坐牢: 4.5, 能赢吗: 5}
    examples: [能赢吗, 我能赢吗, 官司能赢吗, 打官司 能赢吗, 会坐牢, 他会坐牢, 要 坐牢, 坐牢 能赢吗]
    answer: 我不能判断你的案子。
"""
    assert warnings(tmp_path, text) == []


def test_a_keyword_that_its_own_exclusion_cancels(tmp_path: Path) -> None:
    text = changed("      怎么|流程: 2\n", "      怎么|流程: 2\n      诉讼费用: 1\n").replace(
        "exclude: [诉讼费]", "exclude: [诉讼费, 立案]")
    assert warnings(tmp_path, text) == [
        "topics.yaml:13: '立案' in keyword '起诉|立案' of 'topic.filing' never counts: "
        "its own exclusion '立案' always fires with it",
        "topics.yaml:15: keyword '诉讼费用' of 'topic.filing' never counts: its own exclusion '诉讼费' always "
        "fires with it",
    ]


def test_a_statement_that_its_own_exclusion_cancels(tmp_path: Path) -> None:
    # (a refusal stated about a divorce, written where the intent excludes 不同意: it can never add its weight)
    text = changed("    exclude: [诉讼费]\n", "    exclude: [诉讼费, 不同意]\n    statements: [起诉+不同意, 立案+没通知]\n")
    assert warnings(tmp_path, text) == [
        "topics.yaml:16: statement '起诉+不同意' of 'topic.filing' never counts: its own exclusion '不同意' always "
        "fires with it"]


def test_a_penalty_cancelled_by_an_exclusion_is_not_reported(tmp_path: Path) -> None:
    text = changed("      怎么|流程: 2\n", "      怎么|流程: 2\n      诉讼费用: -1\n")
    assert warnings(tmp_path, text) == []


def test_duplicate_examples(tmp_path: Path) -> None:
    text = changed("怎么才能起诉]", "怎么才能起诉, 诉讼費多少, 起诉流程]")
    assert warnings(tmp_path, text) == [
        "topics.yaml:10: example '诉讼費多少' of 'topic.filing' is also an example of 'topic.fees': "
        "both claim the same question",
        "topics.yaml:10: 'topic.filing' lists the example '起诉流程' twice",
        "topics.yaml:10: 1 example(s) of 'topic.filing' also strongly match 'topic.fees' (overlap), "
        "e.g. '诉讼費多少': add words that tell them apart, or an exclusion",
    ]


def test_overlap_an_example_another_intent_nearly_takes(tmp_path: Path) -> None:
    text = CLEAN + """\
  - id: topic.divorce
    title: 离婚
    keywords: {离婚: 5}
    examples: [离婚, 想离婚, 怎么离婚呢, 离婚 要 什么, 我要离婚, 离婚难吗, 离婚手续, 离婚 孩子 归谁]
    answer: 可以协议离婚，也可以起诉离婚。
    source: 《民法典》第1076、1079条
  - id: topic.children
    title: 孩子
    keywords: {孩子: 3.5}
    examples: [孩子, 孩子归谁, 孩子抚养, 孩子 跟 谁, 孩子怎么办, 要孩子, 孩子 给 我, 孩子的事]
    answer: 法院按照最有利于孩子的原则决定。
    source: 《民法典》第1084条
"""
    # '离婚 孩子 归谁' is answered (5 against 3.5 clears the margin of 1) but one word less could flip it.
    assert warnings(tmp_path, text) == [
        "topics.yaml:20: 1 example(s) of 'topic.divorce' also strongly match 'topic.children' (overlap), "
        "e.g. '离婚 孩子 归谁': add words that tell them apart, or an exclusion"]


def test_check_prints_warnings_with_file_and_line_and_still_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "123:ABC")   # Telegram is set up here: a missing operators' group warns
    (tmp_path / "topics.yaml").write_text(changed("buttons: [topic.fees, /court]", "buttons: [topic.filing]"),
                                          encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"{tmp_path / 'topics.yaml'}:10: warning: 'topic.filing' lists itself under 'buttons'" in out
    assert out.strip().splitlines()[-1] == "OK: 2 intents in 1 files, config valid, 2 warning(s)."
    assert "handoff.operators_chat_id is not set" in out   # the project config has no operators group yet


def test_per_intent_precision_recall_and_confusions(tmp_path: Path) -> None:
    text = changed("怎么才能起诉]", "怎么才能起诉, 诉讼费怎么交呢]") + """\
  - id: topic.never
    title: 从不
    keywords: {从来没有: 1}
    examples: [从来没有, 从来没有过, 从来没有吧, 从来没有啊, 从来没有呢, 从来没有的]
    answer: 这条规则太弱，永远到不了门槛。
"""
    (tmp_path / "topics.yaml").write_text(text, encoding="utf-8")
    report = per_intent_report(Matcher(load_intents(tmp_path)))
    rows = {line.split()[0]: line.split()[1:] for line in report.splitlines()[1:] if line and line[0] != " "}
    assert rows["topic.fees"] == ["8", "89%", "100%"]      # 8 of the 9 answered as fees were fees examples
    assert rows["topic.filing"] == ["9", "100%", "89%"]    # one filing example went to fees
    assert rows["topic.never"] == ["6", "-", "0%"]         # never answered: precision is undefined, not 0%
    assert rows["all"] == ["23", "70%"]
    assert report.endswith("confusions (expected -> got):\n  topic.never -> (fallback): 6\n"
                           "  topic.filing -> topic.fees: 1")
