"""`wuai chat`: a handoff in the terminal shows the operators what the user did, as in Telegram."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import build
from bot.channels.terminal import TerminalChannel
from bot.cli import main
from bot.config import load_config
from bot.places import Gazetteer
from tests.conftest import SMALL_INTENTS, write_config


class Terminal:
    """A `wuai chat` user typing lines (a number picks a button), and `wuai tickets` beside it."""

    def __init__(self, folder: Path, gazetteer: Gazetteer) -> None:
        self.config = write_config(folder, SMALL_INTENTS)
        self.services = build(load_config(self.config), flood_limit=False, gazetteer=gazetteer)
        self.out = io.StringIO()
        self.channel = TerminalChannel(self.services, "cli:t", out=self.out)

    def type(self, line: str) -> str:
        """What the terminal printed for this line."""
        start = len(self.out.getvalue())
        self.channel.render(self.services.engine.handle(self.channel.to_incoming(line)))
        return self.out.getvalue()[start:]

    def pick(self, payload: str) -> str:
        """Type the number of the button with this payload, as a user of `wuai chat` does."""
        number = next(n for n, b in enumerate(self.channel.choices, 1) if b.payload == payload)
        return self.type(str(number))

    def tickets(self, capsys: pytest.CaptureFixture[str], *args: str) -> str:
        capsys.readouterr()
        assert main(["tickets", *args, "--config", str(self.config)]) == 0
        return capsys.readouterr().out


@pytest.fixture
def terminal(tmp_path: Path, gazetteer: Gazetteer) -> Iterator[Terminal]:
    t = Terminal(tmp_path, gazetteer)   # the place index loaded once per session
    yield t
    t.services.close()


@pytest.mark.parametrize("how", ["button", "/cancel", "结束人工"])
def test_a_user_ending_a_ticket_is_shown_to_the_operators(terminal: Terminal, capsys: pytest.CaptureFixture[str],
                                                          how: str) -> None:
    for line in ("/human", "我的工资被扣了"):
        terminal.type(line)
    ended = terminal.pick("h:end") if how == "button" else terminal.type(how)   # 结束人工, picked by its number
    assert "已经结束人工服务" in ended
    shown = terminal.tickets(capsys, "1")
    assert shown.startswith("#1 终端用户 · 已关闭：用户结束")
    assert "用户: 我的工资被扣了\n  系统: 用户结束了人工服务。工单已关闭。" in shown
    assert f"  用户: {how}" not in shown   # the way out is for the bot, not a message to relay


def test_forget_with_an_open_ticket_leaves_the_operators_a_number_only(terminal: Terminal,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    for line in ("/human", "我叫张三，电话13900139000"):
        terminal.type(line)
    assert "确定要删除" in terminal.type("/forget")
    assert "已经删除你的全部记录" in terminal.pick("forget:yes")
    assert terminal.services.engine.desk.active("cli:t") is None
    board = terminal.tickets(capsys)
    assert board.startswith("没有待处理的工单。") and "#1 （记录已删除） · 已关闭：用户删除了全部记录" in board
    shown = terminal.tickets(capsys, "1")
    assert "张三" not in shown and "13900139000" not in shown and "用户:" not in shown
    assert main(["reply", "1", "还在吗", "--config", str(terminal.config)]) == 1   # nobody left to answer


def test_buttons_pressed_during_a_ticket_are_answered_and_the_ticket_stays(terminal: Terminal,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    terminal.type("/human")
    assert "先问机器人" in terminal.type("诉讼费")   # typed: relayed to the operators
    terminal.pick("h:bot")                         # 先问机器人
    assert "诉讼费立案后交" in terminal.type("诉讼费")
    assert "缓交" in terminal.pick("m:topic.fees")   # 更多
    desk = terminal.services.engine.desk
    assert [t.id for t in desk.open_tickets()] == [1]
    shown = terminal.tickets(capsys, "1")
    assert shown.count("用户: 诉讼费\n") == 2 and "系统: 🤖 机器人回答了用户：诉讼费" in shown
