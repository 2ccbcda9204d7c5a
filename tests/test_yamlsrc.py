"""YAML reading: libyaml's fast path gives what the pure-Python loader gives, lines included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot import yamlsrc
from tests.conftest import REAL_INTENTS, ROOT


def shape(value: Any) -> Any:
    """The value with every line number it carries."""
    if isinstance(value, dict):
        return ("map", yamlsrc.line_of(value), sorted(value.key_lines.items(), key=str),
                [(k, shape(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", yamlsrc.line_of(value), value.item_lines, [shape(v) for v in value])
    return (type(value).__name__, value, getattr(value, "line", None))


FILES = sorted([*REAL_INTENTS.rglob("*.yaml"), ROOT / "config.yaml", *(ROOT / "tests" / "data").rglob("*.yaml")])


@pytest.mark.skipif(yamlsrc._FastLoader is None, reason="PyYAML without libyaml")
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_fast_path_reads_every_file_as_the_pure_loader_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast_ok, fast = yamlsrc._parse_fast(text)
    loader = yamlsrc._LineLoader(text)
    try:
        pure: Any = loader.get_single_data()
    except Exception:
        pure = None
        assert not fast_ok, "libyaml accepted a file the pure loader refuses"
    finally:
        loader.dispose()
    if fast_ok:
        assert shape(fast) == shape(pure)


def test_a_broken_file_still_gets_the_pure_loaders_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("intents:\n  - id: a\n    title: [x\n", encoding="utf-8")
    _data, _lines, problems = yamlsrc.load_yaml(path)
    assert [p.line for p in problems] == [3]
    assert problems[0].message.startswith("YAML syntax error: while parsing a flow sequence")
