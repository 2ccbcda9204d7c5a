"""`wuai chat`: a handoff in the terminal shows the operators what the user did, as in Telegram."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.app import build
from bot.channels.terminal import TerminalChannel
from bot.cli import main
from bot.config import load_config
from tests.conftest import SMALL_INTENTS, write_config


def test_a_user_ending_a_ticket_with_its_button_is_shown_to_the_operators(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, SMALL_INTENTS)
    services = build(load_config(config), flood_limit=False)
    out = io.StringIO()
    channel = TerminalChannel(services, "cli:t", out=out)
    try:
        for line in ("/human", "我的工资被扣了"):
            channel.render(services.engine.handle(channel.to_incoming(line)))
        end = next(n for n, b in enumerate(channel.choices, 1) if b.payload == "h:end")
        channel.render(services.engine.handle(channel.to_incoming(str(end))))   # 结束人工, picked by its number
    finally:
        services.close()
    assert "已经结束人工服务" in out.getvalue()
    capsys.readouterr()
    assert main(["tickets", "1", "--config", str(config)]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("#1 终端用户 · 已关闭：用户结束")
    assert "用户: 我的工资被扣了\n  系统: 用户结束了人工服务。工单已关闭。" in shown
