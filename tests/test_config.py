from pathlib import Path

import pytest

from bot.config import load_config
from bot.errors import ConfigError
from tests.conftest import ROOT


def test_project_config_is_valid_and_paths_are_relative_to_it() -> None:
    config = load_config(ROOT / "config.yaml")
    assert config.intents_dir == ROOT / "intents"
    assert config.storage_path == ROOT / "var" / "wuai.db"
    assert config.matcher.threshold == 3.0 and config.matcher.margin == 1.0 and config.matcher.story_margin == 1.5
    assert config.matcher.story_question_lead == 4.0
    assert config.handoff.timezone == "Asia/Shanghai"


def test_every_config_error_is_listed(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(
        "matcher:\n  treshold: 2\n  margin: -1\n"
        "handoff:\n  operators_chat_id: abc\n  timezone: Mars/Base\n  hours:\n    start: '9am'\n"
        "telegram:\n  mode: carrier-pigeon\n"
        "colour: blue\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    found = [(p.line, p.message.split(" (")[0]) for p in info.value.problems]
    assert sorted(found) == sorted([
        (11, "unknown section 'colour'"),
        (2, "unknown key 'matcher.treshold'"),
        (3, "'margin' must be a number from 0 to 1000"),
        (5, "'operators_chat_id' must be a Telegram chat id"),
        (8, "'start' must be a time like 09:00"),
        (6, "unknown time zone 'Mars/Base'"),
        (10, "'mode' must be polling or webhook"),
    ])


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "nope.yaml")
    assert "config file not found" in str(info.value)
