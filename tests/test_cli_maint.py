"""The maintainers' commands (`bot/cli_maint.py`): `wuai check`, `test`, `eval` and `explain`, in this process."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli_common import TOKEN_ENV
from tests.conftest import ROOT, SMALL_INTENTS, Ran, write_config


def test_check_reports_file_line_and_exits_1(run: Callable[..., Ran]) -> None:
    proc = run("check", "tests/data/broken")
    assert proc.returncode == 1
    assert "tests/data/broken/filing.yaml:5: error: unknown key 'exmaples' (did you mean 'examples'?)" in proc.stdout
    assert "  > 5 |     exmaples:" in proc.stdout
    assert "9 error(s)" in proc.stdout


def test_check_warns_when_every_group_member_may_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, SMALL_INTENTS, "handoff:\n  operators_chat_id: -1001234\n  operator_ids: []\n")
    assert main(["check", "--config", str(config)]) == 0
    assert "handoff.operator_ids is empty: every member of the operators' group" in capsys.readouterr().out
    config.write_text(config.read_text(encoding="utf-8").replace("operator_ids: []", "operator_ids: all"),
                      encoding="utf-8")
    assert main(["check", "--config", str(config)]) == 0
    assert "operator_ids" not in capsys.readouterr().out   # chosen on purpose
    config.write_text(config.read_text(encoding="utf-8").replace("operator_ids: all", "operator_ids: [777]"),
                      encoding="utf-8")
    assert main(["check", "--config", str(config)]) == 0
    assert "warning: handoff" not in capsys.readouterr().out


def test_a_missing_operators_group_warns_only_where_telegram_is_set_up(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str],
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    config = write_config(tmp_path, SMALL_INTENTS)
    assert main(["check", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "operators_chat_id" not in out and "hint(s) (wuai check --hints)" in out   # terminal only: a hint
    assert main(["check", "--hints", "--config", str(config)]) == 0
    assert ":1: hint: handoff.operators_chat_id is not set: fine without Telegram" in capsys.readouterr().out
    monkeypatch.setenv(TOKEN_ENV, "123:ABC")
    assert main(["check", "--config", str(config)]) == 0
    assert ":1: warning: handoff.operators_chat_id is not set" in capsys.readouterr().out
    monkeypatch.delenv(TOKEN_ENV)
    for telegram in ("telegram:\n  base_url: http://127.0.0.1:8081/bot\n",
                     "telegram:\n  mode: webhook\n  webhook:\n    public_url: https://bot.example.org\n"):
        config = write_config(tmp_path, SMALL_INTENTS, telegram)
        assert main(["check", "--config", str(config)]) == 0
        assert ":1: warning: handoff.operators_chat_id is not set" in capsys.readouterr().out, telegram


def test_check_passes_on_the_real_intents(run: Callable[..., Ran]) -> None:
    proc = run("check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip().splitlines()[-1].startswith("OK: ")
    # Nothing a maintainer must act on in the shipped intents (only the deployment's missing operators' group).
    assert [line for line in proc.stdout.splitlines() if ": warning: " in line and "operators_chat_id" not in line] == []


def test_eval_runs_a_conversation_file(tmp_path: Path, run: Callable[..., Ran]) -> None:
    convs = tmp_path / "c.yaml"
    convs.write_text("conversations:\n  - name: fees\n    turns:\n      - {user: 诉讼费多少, expect: topic.fees}\n",
                     encoding="utf-8")
    proc = run("eval", str(convs), "--json", "--config", str(write_config(tmp_path, SMALL_INTENTS)))
    report = json.loads(proc.stdout)
    assert report["summary"] == {"turns": 1, "turn_accuracy": 1.0, "conversations": 1, "conversation_accuracy": 1.0}
    assert report["conversations"][0]["turns"][0]["status"] == "answer"


def test_eval_json_contract(tmp_path: Path, run: Callable[..., Ran]) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("cases:\n  - {text: 诉讼费多少, intent: topic.fees}\n  - {text: 判几年, intent: none}\n",
                     encoding="utf-8")
    proc = run("eval", str(cases), "--json", "--config", str(write_config(tmp_path, SMALL_INTENTS)))
    report = json.loads(proc.stdout)
    assert report["summary"] == {"n": 2, "in_scope_accuracy": 1.0, "wrong_answer_rate": 0.0,
                                 "clarify_rate": 0.0, "oos_rejection_rate": 1.0}
    assert report["cases"][1] == {"text": "判几年", "expected": "none", "status": "fallback", "intent": None,
                                  "candidates": []}


def test_test_command_lists_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "intents"
    folder.mkdir()
    text = (SMALL_INTENTS / "intents.yaml").read_text(encoding="utf-8")
    (folder / "intents.yaml").write_text(text.replace("交诉讼费, 诉讼费贵吗", "交诉讼费, 今天天气"), encoding="utf-8")
    assert main(["test", "--config", str(write_config(tmp_path, folder))]) == 1
    out = capsys.readouterr().out
    assert "FAIL topic.fees" in out and "'今天天气' -> fallback (no rule fired)" in out
    assert main(["test", "--per-intent", "--config", str(write_config(tmp_path, SMALL_INTENTS))]) == 0
    report = capsys.readouterr().out
    assert "topic.fees" in report and "precision" in report


def test_explain(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["explain", "起素", "怎么", "办", "--config", str(write_config(tmp_path, SMALL_INTENTS))]) == 0
    assert "decision:    answer" in capsys.readouterr().out


def test_check_reports_bad_deadline_data_with_file_and_line(tmp_path: Path, run: Callable[..., Ran]) -> None:
    import shutil

    intents = tmp_path / "intents"
    shutil.copytree(ROOT / "intents", intents)
    papers = intents / "papers.yaml"
    papers.write_text(papers.read_text(encoding="utf-8").replace("/deadline hearing", "/deadline hearings"),
                      encoding="utf-8")
    proc = run("check", str(intents))
    assert proc.returncode == 1
    assert "button '/deadline hearings' of 'paper.summons' names an unknown period (did you mean 'hearing'?)" in proc.stdout
    periods = intents / "deadlines" / "periods.yaml"
    periods.write_text(periods.read_text(encoding="utf-8").replace("    unit: day\n", "    unit: week\n", 1),
                       encoding="utf-8")
    proc = run("check", str(intents))
    assert proc.returncode == 1
    line = next(n for n, text in enumerate(periods.read_text(encoding="utf-8").splitlines(), 1) if "unit: week" in text)
    assert f"deadlines/periods.yaml:{line}: error: 'unit' must be one of: day, month, year" in proc.stdout
    assert f"  > {line} |     unit: week" in proc.stdout
