"""The one YAML validator: every bad value is a `file:line` problem with a snippet, never an exception."""

from __future__ import annotations

from pathlib import Path

from bot.config import INTENTS_DIR, STORAGE_PATH, Config, load_config
from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, load_yaml


def read(tmp_path: Path, text: str) -> tuple[Validator, LDict]:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    data, lines, problems = load_yaml(path)
    assert not problems and isinstance(data, LDict)
    return Validator(path, lines), data


def test_an_unknown_key_names_the_close_one_or_lists_the_allowed(tmp_path: Path) -> None:
    v, data = read(tmp_path, "tittle: a\ncolour: b\n")
    v.keys(data, {"title", "answer"}, where="an intent", prefix="x.")
    assert [(p.line, p.message) for p in v.problems] == [
        (1, "unknown key 'x.tittle' in an intent (did you mean 'x.title'?)"),
        (2, "unknown key 'x.colour' in an intent (allowed: answer, title)"),
    ]
    assert v.problems[0].file.endswith("f.yaml") and "> 1 | tittle: a" in v.problems[0].snippet


def test_typed_reads_fall_back_to_their_default_and_say_why(tmp_path: Path) -> None:
    v, data = read(tmp_path, "n: 99\nflag: yes please\nname: ' padded '\nempty: ''\n")
    assert v.number(data, "n", 5, 0, 10) == 5
    assert v.flag(data, "flag", True) is True
    assert v.text(data, "name") == "padded" and v.text(data, "name", strip=False) == " padded "
    assert v.text(data, "missing", default="d") == "d"
    assert v.text(data, "empty", required=True) == ""
    assert [(p.line, p.message) for p in v.problems] == [
        (1, "'n' must be a number from 0 to 10"), (2, "'flag' must be true or false"), (4, "'empty' is empty")]


def test_an_empty_config_gets_the_dataclass_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("intents: {}\n", encoding="utf-8")
    config = load_config(path)
    assert config == Config(path=path.resolve(), intents_dir=tmp_path / INTENTS_DIR,
                            storage_path=tmp_path / STORAGE_PATH)
