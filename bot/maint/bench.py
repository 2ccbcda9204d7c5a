"""`wuai bench`: speed, start-up time and memory of the matcher, next to a standard TF-IDF baseline: the run.

Timing in this process is `bench_timing.py`, the child processes `bench_child.py`, the targets and the table
`bench_report.py`; the complaint builder's figures `bench_forms.py`, `--e2e` `bench_e2e.py`.

A benchmark, never a test: the figures depend on the machine (and on what else runs on it), so they
are reported against targets, never asserted.

- matching: `Matcher.match` on each evaluation question, repeated to at least 20,000 messages, each
  call timed alone with perf_counter after a warm-up pass. The matcher's caches (cleaned texts,
  segmented words) are cleared before every call (outside the timing), so repeated questions cost what a
  new question costs.
- cold start: a fresh `python -m bot.maint.bench_child first-answer` process imports the bot, loads the config and
  intents, initialises jieba, builds the services and answers one question through `Engine.handle`;
  measured from spawn to the answer on its stdout. Once with an empty jieba cache folder
  (WUAI_JIEBA_CACHE_DIR) and an empty bytecode cache (PYTHONPYCACHEPREFIX, in the same temporary folder),
  then several runs with both (now filled, with the intent set the first start saved), as a bot started before
  has them: their median and their slowest (the 1 s target is for every start).
- memory: a fresh `python -m bot.maint.bench_child serve-memory` process builds the services (`bot.app.build`,
  storage in a temp folder; python-telegram-bot imported too when installed, as when serving), answers
  a few hundred questions through `Engine.handle` and reports its peak RSS.
- baseline: TF-IDF character 1-3-grams and a LinearSVC (scikit-learn defaults), trained on every
  intent's examples, out-of-scope intents as one "none" class. It answers only when its top decision
  score reaches a threshold chosen on the training data: 5-fold cross-validated predictions, the
  lowest threshold with the best utility (+1 per right answer, -1 per wrong answer, 0 per fallback).
  Accuracy uses the same definitions as `wuai eval` (bot.maint.evaluation).
"""

from __future__ import annotations

import os
import platform
import tempfile
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.maint.baseline import Baseline
from bot.maint.bench_child import cold_start, serving_rss
from bot.maint.bench_report import targets
from bot.maint.bench_timing import measure, place_timings, repeated
from bot.maint.evaluation import rates

if TYPE_CHECKING:
    from bot.config import Config

MIN_MESSAGES, QUICK_MESSAGES = 20_000, 300
WARM_RUNS, QUICK_WARM_RUNS = 5, 1
SERVE_MESSAGES, QUICK_SERVE_MESSAGES = 300, 30
NEED_SKLEARN = "the baseline needs scikit-learn: pip install -e '.[bench]'"


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
        started = cold_start(config, storage, cache, QUICK_WARM_RUNS if quick else WARM_RUNS)
        progress("peak memory of a serving process")
        rss, telegram_loaded = serving_rss(config, storage, cache, files,
                                           QUICK_SERVE_MESSAGES if quick else SERVE_MESSAGES)

    progress("place index: load and look-ups")
    gazetteer_load, place_p99 = place_timings(10 if quick else 200)
    from bot.maint.bench_forms import form_figures

    progress("filling every complaint form through the engine, building each document")
    report: dict[str, Any] = {
        **ours.as_json(), **started.figures(), "rss_mb": rss,
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
