"""The `wuai` command, called in-process through `bot.cli.main`; the installed entry point runs once for real."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import ROOT, SMALL_INTENTS, write_config

WUAI = str(Path(sys.executable).parent / "wuai")


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """`wuai ARGS` with `stdin` as its input, in this process (what a subprocess would add is tested once below)."""

    def run(*args: str, stdin: str = "") -> Ran:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run


def test_the_installed_entry_point_checks_and_exits_1() -> None:
    """The one real process: the `wuai` script, its exit status and its output."""
    proc = subprocess.run([WUAI, "check", "tests/data/broken"], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert proc.returncode == 1
    assert "tests/data/broken/filing.yaml:5: error: unknown key 'exmaples' (did you mean 'examples'?)" in proc.stdout


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


def test_chat_answers_through_a_pipe(tmp_path: Path, run: Callable[..., Ran]) -> None:
    config = write_config(tmp_path)
    proc = run("chat", "--config", str(config), stdin="怎么立案\n")
    assert proc.returncode == 0, proc.stderr
    assert "无碍> 你好！我是“无碍”" in proc.stdout
    answer = proc.stdout.split("无碍>")[3]
    assert "起诉" in answer and "立案" in answer


def test_chat_numbers_pick_buttons(tmp_path: Path, run: Callable[..., Ran]) -> None:
    config = write_config(tmp_path, SMALL_INTENTS)
    proc = run("chat", "--config", str(config), stdin="诉讼费\n1\n")
    assert "[1] 更多  [2] 找工作人员" in proc.stdout
    assert "无碍> 交不起可以申请缓交、减交、免交。" in proc.stdout


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


def test_eval_bad_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases: 3\n", encoding="utf-8")
    assert main(["eval", str(bad)]) == 2
    assert "expected a top-level 'cases:' list" in capsys.readouterr().err


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


def test_broken_intents_make_chat_exit_1_with_every_error(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chat", "--config", str(write_config(tmp_path, ROOT / "tests/data/broken"))]) == 1
    err = capsys.readouterr().err
    assert len([ln for ln in err.splitlines() if ln.startswith("tests/data/broken/")]) == 9
    assert "9 error(s)" in err


def test_local_handoff_tickets_reply_close(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          run: Callable[..., Ran]) -> None:
    """The embedded handoff: a user in `wuai chat`, an operator with `wuai tickets/reply/close`."""
    config = str(write_config(tmp_path, SMALL_INTENTS))
    proc = run("chat", "--config", config, stdin="/human\n我的工资被扣了\n")
    assert "已经帮你找工作人员（工单 #1）" in proc.stdout
    assert main(["tickets", "--config", config]) == 0
    assert "#1 " in capsys.readouterr().out
    assert main(["tickets", "1", "--config", config]) == 0
    assert "用户: 我的工资被扣了" in capsys.readouterr().out
    assert main(["reply", "1", "请把工资条发来", "--config", config]) == 0
    capsys.readouterr()
    proc = run("chat", "--config", config, stdin="工资条在这里\n")     # the user comes back
    assert "工作人员> 请把工资条发来" in proc.stdout
    assert main(["close", "1", "--config", config]) == 0
    proc = run("chat", "--config", config, stdin="诉讼费\n")
    assert "工作人员> 工作人员已经结束这次人工服务" in proc.stdout
    assert "诉讼费立案后交" in proc.stdout
    assert main(["reply", "1", "还在吗", "--config", config]) == 1


def test_terminal_handoff_is_truthful_like_telegram(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    run: Callable[..., Ran]) -> None:
    """Danger, urgent first, answered when an operator replies, and who closed it: the same as in Telegram."""
    config = str(write_config(tmp_path, SMALL_INTENTS))
    run("chat", "--config", config, "--user", "calm", stdin="/human\n")
    proc = run("chat", "--config", config, stdin="/human\n取消\n救命\n")
    assert "已转给工作人员" in proc.stdout and "现在有危险，请马上求救" in proc.stdout
    assert main(["tickets", "--config", config]) == 0
    board = capsys.readouterr().out.splitlines()
    assert board[0].startswith("‼️紧急 #2 终端用户 · 等待回复") and board[1].startswith("#1 ")
    assert main(["tickets", "2", "--config", config]) == 0
    assert "用户: 取消\n  系统: ‼️ 紧急：用户说有危险" in capsys.readouterr().out
    assert main(["reply", "2", "我们马上联系你", "--config", config]) == 0
    assert main(["tickets", "--config", config]) == 0
    assert "#2 终端用户 · 已回复（等了" in capsys.readouterr().out
    run("chat", "--config", config, stdin="/cancel\n")
    assert main(["close", "1", "--config", config]) == 0
    capsys.readouterr()
    assert main(["tickets", "--config", config]) == 0
    out = capsys.readouterr().out
    assert "#2 终端用户 · 已关闭：用户结束" in out and "#1 终端用户 · 已关闭：工作人员关闭" in out


def test_chat_knows_the_deadline_calculator(tmp_path: Path, run: Callable[..., Ran]) -> None:
    config = write_config(tmp_path)
    proc = run("chat", "--config", str(config), stdin="/help\n/deadline\n1\n2026.11.20\n")
    assert proc.returncode == 0, proc.stderr
    assert "/deadline 算期限最后一天" in proc.stdout
    assert "你是哪天收到判决书的" in proc.stdout and "不服判决上诉（15日）" in proc.stdout


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
