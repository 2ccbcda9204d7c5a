"""`wuai bench`: the shape of its report and its helpers. Timings are never asserted (a benchmark, not a test)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_config
from bot.intentload import load_intents
from bot.maint import bench
from bot.maint.bench_child import ColdStart
from bot.maint.evaluation import Case, load_cases, rates, run_cases, summarize
from bot.matcher import Matcher
from bot.tokenizers import CACHE_DIR_ENV
from tests.conftest import ROOT, SMALL_INTENTS, write_config

TINY_EVAL = """cases:
  - {text: 怎么起诉, intent: topic.filing}
  - {text: 诉讼费多少钱, intent: topic.fees}
  - {text: 法院有手语翻译吗, intent: topic.interpreter}
  - {text: 要带什么证件, intent: topic.materials}
  - {text: 今天天气怎么样, intent: none}
  - {text: 判几年, intent: none}
"""
REQUIRED = {"match_p50_ms", "match_p99_ms", "match_per_s", "match_cpu_per_s", "cold_start_s", "cold_start_warm_s",
            "cold_start_warm_cpu_s", "cold_start_warm_max_s", "rss_mb",
            "gazetteer_load_s", "place_resolve_p99_ms",
            "baseline", "accuracy"}
RATES = {"in_scope_accuracy", "wrong_answer_rate"}


def has_sklearn() -> bool:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    eval_file = tmp_path / "tiny.yaml"
    eval_file.write_text(TINY_EVAL, encoding="utf-8")
    return write_config(tmp_path, SMALL_INTENTS), eval_file


def test_quick_json_has_the_contract_keys(tiny: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    config, eval_file = tiny
    assert main(["bench", "--json", "--quick", "--config", str(config), "--eval", str(eval_file)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= REQUIRED
    for key in REQUIRED - {"baseline", "accuracy"}:
        assert isinstance(report[key], float) and report[key] > 0, key
    assert report["match_p50_ms"] <= report["match_p99_ms"]
    runs = report["cold_start_warm_runs_s"]   # every warm start, the slowest among them
    assert len(runs) == bench.QUICK_WARM_RUNS and report["cold_start_warm_max_s"] == max(runs)
    assert report["run"]["messages"] >= bench.QUICK_MESSAGES
    assert set(report["accuracy"]) == {"tiny.yaml"}
    acc = report["accuracy"]["tiny.yaml"]
    # Our figures are exactly what `wuai eval` computes on the same file.
    matcher = Matcher(load_intents(SMALL_INTENTS))
    expected = summarize(run_cases(matcher, load_cases(eval_file)))
    assert acc["ours"] == {k: expected[k] for k in RATES}
    if has_sklearn():
        assert {"match_p50_ms", "match_p99_ms", "match_per_s"} <= set(report["baseline"])
        assert set(acc["baseline"]) == RATES
        assert all(0.0 <= v <= 1.0 for v in acc["baseline"].values())
        assert set(report["targets"]) >= {"match_p99_ms", "match_per_s", "cold_start_warm_s", "rss_mb",
                                          "accuracy tiny.yaml"}
    else:
        assert report["baseline"] is None and acc["baseline"] is None


def test_without_sklearn_our_figures_are_still_reported(tiny: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    config, eval_file = tiny
    monkeypatch.setitem(sys.modules, "sklearn", None)  # `import sklearn` now raises ImportError
    monkeypatch.setattr(bench, "cold_start", lambda *a, **k: ColdStart(1.5, (0.5, 0.4, 1.2), (0.4, 0.3, 0.5)))
    monkeypatch.setattr(bench, "serving_rss", lambda *a, **k: (99.0, False))
    assert main(["bench", "--quick", "--config", str(config), "--eval", str(eval_file)]) == 0
    out, err = capsys.readouterr()
    assert "pip install -e '.[bench]'" in err
    assert "latency p99" in out and "MISS" not in out.split("peak RSS")[1].splitlines()[0]
    report = bench.run_bench(load_config(config), [eval_file], quick=True)
    assert report["baseline"] is None and report["accuracy"]["tiny.yaml"]["baseline"] is None
    assert report["targets"]["accuracy tiny.yaml"]["ok"] is None
    assert report["rss_mb"] == 99.0 and report["match_per_s"] > 0


def test_missing_eval_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, SMALL_INTENTS)
    assert main(["bench", "--quick", "--config", str(config), "--eval", str(tmp_path / "nope.yaml")]) == 2
    assert "nope.yaml" in capsys.readouterr().err


def test_default_eval_files_are_beside_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "repo").mkdir()
    shared = tmp_path / "shared" / "eval"
    shared.mkdir(parents=True)
    (shared / "b.yaml").write_text(TINY_EVAL, encoding="utf-8")
    (shared / "a.yaml").write_text(TINY_EVAL, encoding="utf-8")
    (shared / "notes.txt").write_text("x", encoding="utf-8")
    config = load_config(write_config(tmp_path / "repo", SMALL_INTENTS))
    assert [p.name for p in bench.default_eval_files(config)] == ["a.yaml", "b.yaml"]
    assert bench.default_eval_files(load_config(write_config(tmp_path, SMALL_INTENTS))) == []


def test_rates_use_the_definitions_of_wuai_eval() -> None:
    matcher = Matcher(load_intents(SMALL_INTENTS))
    cases = [Case("怎么起诉", "topic.filing"), Case("诉讼费", "topic"), Case("手语", "topic.fees"),
             Case("判几年", "none"), Case("人工", "none"), Case("随便说说", "topic.materials")]
    outcomes = run_cases(matcher, cases)
    assert any(o.wrong for o in outcomes) and any(o.right for o in outcomes)
    expected = summarize(outcomes)
    assert rates(cases, [o.intent for o in outcomes]) == {k: expected[k] for k in RATES}
    assert rates(cases, [None] * len(cases)) == {"in_scope_accuracy": 0.0, "wrong_answer_rate": 0.0}


def test_jieba_cache_folder_comes_from_the_environment(tmp_path: Path) -> None:
    env = {**os.environ, CACHE_DIR_ENV: str(tmp_path)}
    code = "from bot.tokenizers import tokenizer; tokenizer(); print('ok')"
    proc = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "jieba.cache").is_file()
