"""Running the bot from the command line (`bot/cli_run.py`): `wuai chat` on a pipe and the terminal desk
(`wuai tickets`, `reply`, `close`). `wuai serve` is tested against the Bot API stand-in in tests/channels/test_serve.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SMALL_INTENTS, Ran, write_config


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
