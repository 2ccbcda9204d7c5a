"""The child processes of `wuai bench`: a fresh bot started up to its first answer, and a serving one's peak memory.

`python -m bot.maint.bench_child first-answer CONFIG DB` / `serve-memory CONFIG DB COUNT [EVAL...]` print one line
each; the parent times the first from spawn to that line.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import WuaiError
from bot.maint.bench_timing import repeated

if TYPE_CHECKING:
    from bot.config import Config

CHILD_TIMEOUT_S = 120.0


class BenchError(WuaiError):
    """A benchmark step could not run (e.g. a child process failed)."""


def _child_env(cache_dir: Path) -> dict[str, str]:
    from bot.tokenizers import CACHE_DIR_ENV

    env = dict(os.environ)
    env[CACHE_DIR_ENV] = str(cache_dir)
    root = str(Path(__file__).resolve().parents[2])   # the folder holding `bot/`
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def _spawn(args: list[str], cache_dir: Path, bytecode: bool = False) -> tuple[float, str]:
    """Run `python -m bot.maint.bench_child ARGS`; seconds from spawn to its first stdout line, and that line.

    `bytecode`: the child keeps Python's compiled modules in `cache_dir` too (see `cold_start`).
    """
    import subprocess  # here, not at the top: the child imports this module, and a bot imports no subprocess
    env = _child_env(cache_dir)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache_dir / "bytecode")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bot.maint.bench_child", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    try:
        _out, err = proc.communicate(timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        proc.kill()
        proc.communicate()
        raise BenchError(f"benchmark child {args[0]} did not finish in {CHILD_TIMEOUT_S:g} s") from exc
    if proc.returncode != 0 or not line.strip():
        raise BenchError(f"benchmark child {args[0]} failed (exit {proc.returncode}):\n{err.strip()[-2000:]}")
    return elapsed, line.strip()


@dataclasses.dataclass(frozen=True)
class ColdStart:
    """Seconds to the first answer: with an empty jieba cache, then every run with a warm one (and its CPU)."""

    cold: float
    warm_runs: tuple[float, ...]
    warm_cpu_runs: tuple[float, ...]

    def figures(self) -> dict[str, Any]:
        """The report's keys: medians, and the slowest warm run (the target holds for every start, not a median)."""
        import statistics  # the parent's: the child times a bot's start, which never imports it (nor decimal)

        return {"cold_start_s": round(self.cold, 3), "cold_start_warm_s": round(statistics.median(self.warm_runs), 3),
                "cold_start_warm_max_s": round(max(self.warm_runs), 3),
                "cold_start_warm_runs_s": [round(t, 3) for t in self.warm_runs],
                "cold_start_warm_cpu_s": round(statistics.median(self.warm_cpu_runs), 3)}


def cold_start(config: Config, storage_dir: Path, cache_dir: Path, warm_runs: int) -> ColdStart:
    """Time a fresh start to its first answer: once with an empty jieba cache, then `warm_runs` times with it filled
    (wall time, and the CPU seconds of each warm child from start to exit: what it needs of a quiet core).

    Python's compiled modules are cached beside jieba's cache (PYTHONPYCACHEPREFIX), empty at first too: a
    bot that started before has both, even where PYTHONDONTWRITEBYTECODE is set for the bench (compiling
    the bot's modules again costs a start about 0.2 s). So is the intent set the first start saved
    (bot/intentcache.py), as `wuai serve` and `wuai chat` save and read it.
    """
    args = ["first-answer", str(config.path), str(storage_dir / "cold.db")]
    cold, _answer = _spawn(args, cache_dir, bytecode=True)
    warm, cpu = [], []
    for _ in range(max(1, warm_runs)):
        before = children_cpu_s()
        warm.append(_spawn(args, cache_dir, bytecode=True)[0])
        cpu.append(children_cpu_s() - before)
    return ColdStart(cold, tuple(warm), tuple(cpu))


def children_cpu_s() -> float:
    """CPU seconds (user + system) of the finished child processes so far; NaN where unknown (Windows)."""
    try:
        import resource
    except ImportError:
        return math.nan
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def serving_rss(config: Config, storage_dir: Path, cache_dir: Path, files: Sequence[Path],
                messages: int) -> tuple[float, bool]:
    """(peak RSS in MB of a serving process that answered `messages` questions, telegram imported)."""
    _t, line = _spawn(["serve-memory", str(config.path), str(storage_dir / "rss.db"), str(messages),
                       *map(str, files)], cache_dir)
    data = json.loads(line)
    return float(data["rss_mb"]), bool(data["telegram"])


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MB.

    Linux: VmHWM of /proc/self/status. Not getrusage's ru_maxrss there: it survives exec, so a child
    spawned by a big parent (vfork) would report the parent's peak.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 2**10, 1)  # kB
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource
    except ImportError:  # Windows: psutil's peak working set
        import psutil

        return round(float(psutil.Process().memory_info().peak_wset) / 2**20, 1)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)


def _child_services(config_path: str, storage: str) -> Any:
    from bot.app import build
    from bot.config import load_config

    config = load_config(Path(config_path))
    return build(dataclasses.replace(config, storage_path=Path(storage)), flood_limit=False, saved_intents=True)


def child_first_answer(config_path: str, storage: str) -> str:
    """Start as the bot does and answer one question; the answer's first line."""
    from bot.messages import Incoming

    services = _child_services(config_path, storage)
    try:
        question = services.library.matcher.intents.answerable[0].examples[0]
        replies = services.engine.handle(Incoming("bench", text=question))
        return next((r.text for r in replies if r.text), "(no text)").splitlines()[0]
    finally:
        services.close()


def child_serve_memory(config_path: str, storage: str, count: int, files: Sequence[str]) -> dict[str, Any]:
    """Serve `count` questions (from `files`, or the intents' examples) and report the peak RSS."""
    try:
        import telegram.ext  # noqa: F401 - loaded as when serving; memory counts it
        telegram_loaded = True
    except ImportError:
        telegram_loaded = False
    from bot.maint.evaluation import load_cases
    from bot.messages import Incoming

    services = _child_services(config_path, storage)
    try:
        texts = [c.text for f in files for c in load_cases(Path(f))]
        texts = texts or [e for i in services.library.matcher.intents for e in i.examples]
        for n, text in enumerate(repeated(texts, count)[:count]):
            replies = services.engine.handle(Incoming(f"u{n % 50}", text=text))
            if not isinstance(replies, list):
                raise BenchError("Engine.handle did not return a list")
    finally:
        services.close()
    return {"rss_mb": peak_rss_mb(), "telegram": telegram_loaded, "messages": count}


def child_main(argv: Sequence[str]) -> int:
    """`python -m bot.maint.bench_child first-answer CONFIG DB` / `serve-memory CONFIG DB COUNT [EVAL...]`."""
    if len(argv) >= 3 and argv[0] == "first-answer":
        print(child_first_answer(argv[1], argv[2]), flush=True)
        return 0
    if len(argv) >= 4 and argv[0] == "serve-memory":
        print(json.dumps(child_serve_memory(argv[1], argv[2], int(argv[3]), argv[4:])), flush=True)
        return 0
    print("usage: python -m bot.maint.bench_child first-answer CONFIG DB | serve-memory CONFIG DB COUNT [EVAL...]",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
