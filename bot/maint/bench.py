"""`wuai bench`: speed, start-up time and memory of the matcher, next to a standard TF-IDF baseline.

A benchmark, never a test: the figures depend on the machine (and on what else runs on it), so they
are reported against targets, never asserted.

- matching: `Matcher.match` on each evaluation question, repeated to at least 20,000 messages, each
  call timed alone with perf_counter after a warm-up pass. The matcher's caches (cleaned texts,
  segmented words) are cleared before every call (outside the timing), so repeated questions cost what a
  new question costs.
- cold start: a fresh `python -m bot.maint.bench first-answer` process imports the bot, loads the config and
  intents, initialises jieba, builds the services and answers one question through `Engine.handle`;
  measured from spawn to the answer on its stdout. Once with an empty jieba cache folder
  (WUAI_JIEBA_CACHE_DIR) and an empty bytecode cache (PYTHONPYCACHEPREFIX, in the same temporary folder),
  then the median of several runs with both (now filled), as a bot started before has them.
- memory: a fresh `python -m bot.maint.bench serve-memory` process builds the services (`bot.app.build`,
  storage in a temp folder; python-telegram-bot imported too when installed, as when serving), answers
  a few hundred questions through `Engine.handle` and reports its peak RSS.
- baseline: TF-IDF character 1-3-grams and a LinearSVC (scikit-learn defaults), trained on every
  intent's examples, out-of-scope intents as one "none" class. It answers only when its top decision
  score reaches a threshold chosen on the training data: 5-fold cross-validated predictions, the
  lowest threshold with the best utility (+1 per right answer, -1 per wrong answer, 0 per fallback).
  Accuracy uses the same definitions as `wuai eval` (bot.maint.evaluation).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import WuaiError
from bot.maint.baseline import Baseline
from bot.maint.evaluation import rates

if TYPE_CHECKING:
    from bot.config import Config

MIN_MESSAGES, QUICK_MESSAGES = 20_000, 300
WARM_RUNS, QUICK_WARM_RUNS = 5, 1
SERVE_MESSAGES, QUICK_SERVE_MESSAGES = 300, 30
CHILD_TIMEOUT_S = 120.0
NEED_SKLEARN = "the baseline needs scikit-learn: pip install -e '.[bench]'"

# name -> (what the target is, is the value good enough)
TARGETS: dict[str, tuple[str, Callable[[float], bool]]] = {
    "match_p99_ms": ("<= 2 ms", lambda v: v <= 2.0),
    "match_per_s": (">= 5000/s", lambda v: v >= 5000.0),       # issue 15: one core
    "match_cpu_per_s": (">= 5000/s", lambda v: v >= 5000.0),   # the same per CPU-second: what a quiet core does
    "cold_start_warm_s": ("<= 1 s", lambda v: v <= 1.0),
    "cold_start_warm_cpu_s": ("<= 1 s", lambda v: v <= 1.0),   # the same in CPU time: what a quiet core needs
    "rss_mb": ("<= 200 MB", lambda v: v <= 200.0),
    "gazetteer_load_s": ("<= 1 s", lambda v: v <= 1.0),
    "place_resolve_p99_ms": ("<= 5 ms", lambda v: v <= 5.0),
    "complaint_step_p99_ms": ("<= 5 ms", lambda v: v <= 5.0),
    "complaint_docx_ms": ("<= 300 ms", lambda v: v <= 300.0),
}
PLACE_TEXTS = ["海南省海口市琼山区xx街道", "昆明五化区", "我不知道", "朝阳区", "他住在长春朝阳那边" * 5]


class BenchError(WuaiError):
    """A benchmark step could not run (e.g. a child process failed)."""


@dataclass(frozen=True)
class Latency:
    """Per-message latency of one predictor over the same messages."""

    p50_ms: float
    p99_ms: float
    per_s: float
    cpu_p99_ms: float  # this thread's CPU time: what p99 would be without other processes preempting it
    cpu_per_s: float   # messages per second of this thread's CPU time

    def as_json(self) -> dict[str, float]:
        return {"match_p50_ms": self.p50_ms, "match_p99_ms": self.p99_ms, "match_per_s": self.per_s,
                "match_cpu_p99_ms": self.cpu_p99_ms, "match_cpu_per_s": self.cpu_per_s}


def place_timings(rounds: int) -> tuple[float, float]:
    """Seconds to load the place index, and p99 milliseconds of one look-up."""
    from bot.places import Gazetteer

    start = time.perf_counter()
    gazetteer = Gazetteer.load()
    load_s = time.perf_counter() - start
    timed = sorted(_timed(gazetteer.resolve, text) for _ in range(rounds) for text in PLACE_TEXTS)
    return round(load_s, 3), round(percentile(timed, 0.99), 3)


def _timed(call: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    call(text)
    return (time.perf_counter() - start) * 1000


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of already sorted values."""
    if not sorted_values:
        raise ValueError("no values")
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def measure(predict: Callable[[str], object], texts: Sequence[str],
            before_each: Callable[[], None] | None = None) -> Latency:
    """Time `predict` on every text separately, after one warm-up pass over the distinct texts."""
    for text in dict.fromkeys(texts):
        predict(text)
    clock, cpu_clock = time.perf_counter, time.thread_time
    durations, cpu = [], []
    for text in texts:
        if before_each is not None:
            before_each()
        start = clock()
        cpu_start = cpu_clock()
        predict(text)
        cpu.append(cpu_clock() - cpu_start)
        durations.append(clock() - start)
    durations.sort()
    cpu.sort()
    total, cpu_total = sum(durations), sum(cpu)
    return Latency(round(percentile(durations, 0.50) * 1000, 4), round(percentile(durations, 0.99) * 1000, 4),
                   round(len(durations) / total, 1) if total > 0 else math.inf,
                   round(percentile(cpu, 0.99) * 1000, 4),
                   round(len(cpu) / cpu_total, 1) if cpu_total > 0 else math.inf)


def repeated(texts: Sequence[str], minimum: int) -> list[str]:
    """`texts` repeated whole until there are at least `minimum` of them."""
    if not texts:
        return []
    return list(texts) * max(1, math.ceil(minimum / len(texts)))


# child processes ----------------------------------------------------------------------------------
def _child_env(cache_dir: Path) -> dict[str, str]:
    from bot.matcher import CACHE_DIR_ENV

    env = dict(os.environ)
    env[CACHE_DIR_ENV] = str(cache_dir)
    root = str(Path(__file__).resolve().parents[2])   # the folder holding `bot/`
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def _spawn(args: list[str], cache_dir: Path, bytecode: bool = False) -> tuple[float, str]:
    """Run `python -m bot.maint.bench ARGS`; seconds from spawn to its first stdout line, and that line.

    `bytecode`: the child keeps Python's compiled modules in `cache_dir` too (see `cold_start`).
    """
    env = _child_env(cache_dir)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache_dir / "bytecode")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bot.maint.bench", *args], stdout=subprocess.PIPE,
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


def cold_start(config: Config, storage_dir: Path, cache_dir: Path, warm_runs: int) -> tuple[float, float, float]:
    """(seconds to first answer with an empty jieba cache, median seconds with a warm one, and the median CPU
    seconds of a warm-cache child from start to exit: what it needs of a quiet core).

    Python's compiled modules are cached beside jieba's cache (PYTHONPYCACHEPREFIX), empty at first too: a
    bot that started before has both, even where PYTHONDONTWRITEBYTECODE is set for the bench (compiling
    the bot's modules again costs a start about 0.2 s).
    """
    args = ["first-answer", str(config.path), str(storage_dir / "cold.db")]
    cold, _answer = _spawn(args, cache_dir, bytecode=True)
    warm, cpu = [], []
    for _ in range(max(1, warm_runs)):
        before = children_cpu_s()
        warm.append(_spawn(args, cache_dir, bytecode=True)[0])
        cpu.append(children_cpu_s() - before)
    return round(cold, 3), round(statistics.median(warm), 3), round(statistics.median(cpu), 3)


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
    return build(dataclasses.replace(config, storage_path=Path(storage)), flood_limit=False)


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
    """`python -m bot.maint.bench first-answer CONFIG DB` / `serve-memory CONFIG DB COUNT [EVAL...]`."""
    if len(argv) >= 3 and argv[0] == "first-answer":
        print(child_first_answer(argv[1], argv[2]), flush=True)
        return 0
    if len(argv) >= 4 and argv[0] == "serve-memory":
        print(json.dumps(child_serve_memory(argv[1], argv[2], int(argv[3]), argv[4:])), flush=True)
        return 0
    print("usage: python -m bot.maint.bench first-answer CONFIG DB | serve-memory CONFIG DB COUNT [EVAL...]",
          file=sys.stderr)
    return 2


# the run -------------------------------------------------------------------------------------------
def default_eval_files(config: Config) -> list[Path]:
    """The files under ../shared/eval/ beside the config file's folder, when present."""
    folder = config.path.parent.parent / "shared" / "eval"
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]) if folder.is_dir() else []


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    if hasattr(os, "getloadavg"):
        info["load_avg_1m"] = round(os.getloadavg()[0], 2)
    return info


def run_bench(config: Config, files: Sequence[Path], quick: bool = False,
              progress: Callable[[str], None] = lambda _msg: None) -> dict[str, Any]:
    """Measure everything; returns the `wuai bench --json` object."""
    from bot.intentload import load_intents
    from bot.maint.evaluation import load_cases, run_cases, summarize
    from bot.matcher import Matcher

    notes: list[str] = []
    cases = {_name(f, files): load_cases(f) for f in files}
    progress("loading intents")
    matcher = Matcher(load_intents(config.intents_dir), config.matcher)
    texts = [c.text for cs in cases.values() for c in cs]
    if not texts:
        texts = [e for i in matcher.intents for e in i.examples]
        notes.append("no evaluation files: timing the intents' own examples, no accuracy")
    messages = repeated(texts, QUICK_MESSAGES if quick else MIN_MESSAGES)

    baseline: Baseline | None = None
    try:
        import sklearn  # noqa: F401
    except ImportError:
        notes.append(NEED_SKLEARN)
    else:
        progress("training the baseline")
        baseline = Baseline(matcher.intents)

    progress(f"timing our matcher on {len(messages)} messages")
    ours = measure(matcher.match, messages, before_each=matcher.clear_caches)
    theirs = None
    if baseline is not None:
        progress(f"timing the baseline on {len(messages)} messages")
        theirs = measure(baseline.predict, messages)

    accuracy: dict[str, Any] = {}
    for name, file_cases in cases.items():
        mine = summarize(run_cases(matcher, file_cases))
        accuracy[name] = {
            "n": len(file_cases),
            "ours": {k: mine[k] for k in ("in_scope_accuracy", "wrong_answer_rate")},
            "baseline": rates(file_cases, baseline.predict_many([c.text for c in file_cases]))
            if baseline is not None else None,
        }

    with tempfile.TemporaryDirectory(prefix="wuai-bench-") as tmp:
        storage, cache = Path(tmp) / "db", Path(tmp) / "jieba-cache"
        storage.mkdir()
        cache.mkdir()
        progress("cold start (empty jieba cache, then warm)")
        cold, warm, warm_cpu = cold_start(config, storage, cache, QUICK_WARM_RUNS if quick else WARM_RUNS)
        progress("peak memory of a serving process")
        rss, telegram_loaded = serving_rss(config, storage, cache, files,
                                           QUICK_SERVE_MESSAGES if quick else SERVE_MESSAGES)

    progress("place index: load and look-ups")
    gazetteer_load, place_p99 = place_timings(10 if quick else 200)
    from bot.maint.bench_forms import form_figures

    progress("filling every complaint form through the engine, building each document")
    report: dict[str, Any] = {
        **ours.as_json(), "cold_start_s": cold, "cold_start_warm_s": warm,
        "cold_start_warm_cpu_s": warm_cpu, "rss_mb": rss,
        "gazetteer_load_s": gazetteer_load, "place_resolve_p99_ms": place_p99,
        "baseline": None, "accuracy": accuracy, **form_figures(config, runs=1 if quick else 5),
    }
    if baseline is not None and theirs is not None:
        report["baseline"] = {**theirs.as_json(), "model": baseline.description,
                              "threshold": round(baseline.threshold, 4), "cv_folds": baseline.folds}
        report["ratios_ours_to_baseline"] = {
            key: round(report[key] / value, 3) if value else None for key, value in theirs.as_json().items()}
    report["targets"] = targets(report)
    report["run"] = {"messages": len(messages), "distinct_messages": len(dict.fromkeys(texts)),
                     "intents": len(matcher.intents), "quick": quick,
                     "serve_messages": QUICK_SERVE_MESSAGES if quick else SERVE_MESSAGES,
                     "rss_includes_telegram": telegram_loaded, "eval_files": [str(f) for f in files]}
    report["machine"] = machine()
    report["notes"] = notes
    return report


def _name(path: Path, files: Sequence[Path]) -> str:
    """The file's name, or its whole path when two files share a name."""
    return path.name if sum(f.name == path.name for f in files) == 1 else str(path)


def targets(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target with its value and whether it is met (None: not measurable, e.g. no baseline)."""
    out: dict[str, dict[str, Any]] = {
        key: {"target": text, "value": report[key], "ok": ok(report[key])} for key, (text, ok) in TARGETS.items()
        if key in report}   # the complaint figures are missing when no forms are installed
    for name, acc in report["accuracy"].items():
        base = acc["baseline"]
        mine = acc["ours"]
        out[f"accuracy {name}"] = {
            "target": ">= baseline in-scope accuracy, <= baseline wrong answers",
            "value": mine, "ok": None if base is None else (
                mine["in_scope_accuracy"] >= base["in_scope_accuracy"]
                and mine["wrong_answer_rate"] <= base["wrong_answer_rate"])}
    return out


def format_report(report: dict[str, Any]) -> str:
    """The readable table."""

    def mark(key: str) -> str:
        ok = report["targets"][key]["ok"]
        return "" if ok is None else ("ok  " if ok else "MISS") + f" (target {report['targets'][key]['target']})"

    base = report["baseline"]
    ratio = report.get("ratios_ours_to_baseline") or {}

    def row(label: str, key: str, unit: str, fmt: str) -> str:
        ours = f"{report[key]:{fmt}} {unit}"
        theirs = f"{base[key]:{fmt}} {unit}" if base else "-"
        r = f"x{ratio[key]:g}" if ratio.get(key) is not None else ""
        return f"  {label:<22}{ours:>14}{theirs:>14}{r:>11}  {mark(key) if key in TARGETS else ''}".rstrip()

    m, run = report["machine"], report["run"]
    lines = [f"wuai bench: {run['intents']} intents, {run['messages']} messages "
             f"({run['distinct_messages']} distinct); {m['cores']} cores, Python {m['python']}, {m['date']}"
             + (f", load {m['load_avg_1m']}" if "load_avg_1m" in m else ""),
             "  (wall-clock latency; CPU time p99 leaves out time other processes took the CPU)",
             "",
             f"  {'matching':<22}{'ours':>14}{'baseline':>14}{'ours/base':>11}",
             row("latency p50", "match_p50_ms", "ms", ".3f"),
             row("latency p99", "match_p99_ms", "ms", ".3f"),
             row("messages per second", "match_per_s", "/s", ".0f"),
             row("per CPU-second", "match_cpu_per_s", "/s", ".0f"),
             row("CPU time p99", "match_cpu_p99_ms", "ms", ".3f"),
             "",
             f"  {'cold start (cold cache)':<36}{report['cold_start_s']:>6.2f} s",
             f"  {'cold start (warm cache, median)':<36}{report['cold_start_warm_s']:>6.2f} s  "
             f"{mark('cold_start_warm_s')}",
             f"  {'cold start (warm cache, CPU time)':<36}{report['cold_start_warm_cpu_s']:>6.2f} s  "
             f"{mark('cold_start_warm_cpu_s')}",
             f"  {'peak RSS, serving':<36}{report['rss_mb']:>6.1f} MB {mark('rss_mb')}",
             f"  {'place index load':<36}{report['gazetteer_load_s']:>6.2f} s  {mark('gazetteer_load_s')}",
             f"  {'place look-up p99':<36}{report['place_resolve_p99_ms']:>6.2f} ms {mark('place_resolve_p99_ms')}"]
    if "complaint_steps" in report:
        from bot.maint.bench_forms import format_lines

        lines += format_lines(report, mark)
    if report["accuracy"]:
        lines += ["", f"  {'accuracy':<22}{'ours':>14}{'baseline':>14}"]
        for name, acc in report["accuracy"].items():
            b = acc["baseline"]
            lines.append(f"  {name} ({acc['n']} cases)  {mark('accuracy ' + name)}")
            for key, label in (("in_scope_accuracy", "in-scope accuracy"), ("wrong_answer_rate", "wrong answers")):
                theirs = f"{b[key]:.1%}" if b else "-"
                lines.append(f"    {label:<20}{acc['ours'][key]:>14.1%}{theirs:>14}")
    if base:
        lines += ["", f"  baseline: {base['model']}; threshold {base['threshold']:g}"]
    lines += [f"  note: {n}" for n in report["notes"]]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(child_main(sys.argv[1:]))
