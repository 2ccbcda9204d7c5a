"""In the terminal the complaint is written to a file and its path printed."""

from __future__ import annotations

import io
from pathlib import Path

from bot.app import build
from bot.channels.terminal import TerminalChannel
from bot.config import load_config
from bot.places import Gazetteer
from tests.conftest import REAL_INTENTS, SharedLibraries, library_for, write_config
from tests.forms.driver import docx_table
from tests.forms.test_divorce import SIMPLE


def test_terminal_saves_the_docx_and_prints_its_path(tmp_path: Path, shared_libraries: SharedLibraries,
                                                     gazetteer: Gazetteer) -> None:
    config = load_config(write_config(tmp_path, REAL_INTENTS))
    services = build(config, flood_limit=False, library=library_for(config, shared_libraries), gazetteer=gazetteer)
    out = io.StringIO()
    channel = TerminalChannel(services, "cli:t", out=out)
    try:
        def say(line: str) -> str:
            replies = services.engine.handle(channel.to_incoming(line))
            channel.render(replies)
            return replies[-1].text if replies else ""

        def number(label: str) -> str:
            return str(next(n for n, b in enumerate(channel.choices, 1) if label in b.label))

        say("/complaint")
        text = say(number("离婚"))
        for _ in range(60):
            if "都问完了" in text:
                break
            answer = SIMPLE[next(k for k in SIMPLE if k in text)]
            assert isinstance(answer, str)
            text = say(number(answer[1:]) if answer.startswith("@") else answer)
        say(number("生成起诉状"))
        saved = next(line for line in out.getvalue().splitlines() if "[文件] 已保存：" in line)
        path = Path(saved.split("已保存：", 1)[1])
        assert path.name == "民事起诉状（离婚纠纷）.docx" and path.is_file()
        assert "姓名：李红" in docx_table(path.read_bytes())["原告"]
    finally:
        services.close()
