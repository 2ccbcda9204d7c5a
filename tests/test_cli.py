"""The `wuai` command's dispatch (`bot/cli.py`): the installed entry point once for real, and the exit code
each kind of error gets. The commands themselves: tests/test_cli_maint.py and tests/test_cli_run.py."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import ROOT, write_config

WUAI = str(Path(sys.executable).parent / "wuai")


def test_the_installed_entry_point_checks_and_exits_1() -> None:
    """The one real process: the `wuai` script, its exit status and its output."""
    proc = subprocess.run([WUAI, "check", "tests/data/broken"], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert proc.returncode == 1
    assert "tests/data/broken/filing.yaml:5: error: unknown key 'exmaples' (did you mean 'examples'?)" in proc.stdout


def test_eval_bad_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("cases: 3\n", encoding="utf-8")
    assert main(["eval", str(bad)]) == 2
    assert "expected a top-level 'cases:' list" in capsys.readouterr().err


def test_broken_intents_make_chat_exit_1_with_every_error(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["chat", "--config", str(write_config(tmp_path, ROOT / "tests/data/broken"))]) == 1
    err = capsys.readouterr().err
    assert len([ln for ln in err.splitlines() if ln.startswith("tests/data/broken/")]) == 9
    assert "9 error(s)" in err
