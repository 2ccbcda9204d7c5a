"""The test suite. Every test process first keeps compiled modules between runs (`keep_bytecode`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bot.jiebacache import private_dir


def keep_bytecode() -> None:
    """Where PYTHONDONTWRITEBYTECODE (or -B) is set, keep compiled modules in a private cache folder instead.

    The suite runs many Python processes (two xdist workers, the `wuai serve` processes and the bench's
    children): without compiled files each compiles the bot's and the tests' modules again, which was about
    a third of the suite's CPU time. Nothing is written beside the sources: the files go to the private
    folder jieba's cache uses (`$XDG_CACHE_HOME/wuai/bytecode`), as `wuai bench` does for its children.
    """
    if not sys.dont_write_bytecode or sys.pycache_prefix:   # compiled files are kept already, or go where asked
        return
    prefix = str(Path(private_dir()) / "bytecode")
    sys.dont_write_bytecode, sys.pycache_prefix = False, prefix
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)   # the processes the tests start inherit it
    os.environ["PYTHONPYCACHEPREFIX"] = prefix


keep_bytecode()
