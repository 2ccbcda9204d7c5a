"""The `wuai bench` report: each figure against its target, and the readable table."""

from __future__ import annotations

from typing import Any

from bot.maint.bench_report import format_report, targets


def report(baseline: bool) -> dict[str, Any]:
    """A report as `run_bench` builds it, with made-up figures: matching misses its targets, the rest meets them."""
    match = {"match_p50_ms": 0.5, "match_p99_ms": 3.0, "match_per_s": 900.0, "match_cpu_p99_ms": 2.5,
             "match_cpu_per_s": 1000.0}
    base_rates = {"in_scope_accuracy": 0.5, "wrong_answer_rate": 0.2}
    out: dict[str, Any] = {
        **match, "cold_start_s": 2.0, "cold_start_warm_s": 0.8, "cold_start_warm_cpu_s": 0.7,
        "cold_start_warm_max_s": 1.1, "cold_start_warm_runs_s": [0.8, 1.1, 0.7], "rss_mb": 120.0,
        "gazetteer_load_s": 0.3, "place_resolve_p99_ms": 1.0, "baseline": None,
        "accuracy": {"tiny.yaml": {"n": 6, "ours": {"in_scope_accuracy": 0.75, "wrong_answer_rate": 0.0},
                                   "baseline": base_rates if baseline else None}},
        "run": {"intents": 4, "messages": 300, "distinct_messages": 6},
        "machine": {"cores": 2, "python": "3.12.0", "date": "2026-12-02T01:00:00+00:00"},
        "notes": ["a note"],
    }
    if baseline:
        out["baseline"] = {**{k: v * 2 for k, v in match.items()}, "model": "tf-idf", "threshold": 0.25}
        out["ratios_ours_to_baseline"] = {k: 0.5 for k in match}
    out["targets"] = targets(out)
    return out


def test_each_figure_is_judged_against_its_target() -> None:
    judged = report(baseline=True)["targets"]
    assert judged["match_p99_ms"] == {"target": "<= 2 ms", "value": 3.0, "ok": False}
    assert judged["rss_mb"]["ok"] is True and judged["cold_start_warm_s"]["ok"] is True
    assert "complaint_docx_ms" not in judged   # no forms measured: no target to judge
    assert judged["accuracy tiny.yaml"]["ok"] is True   # more right answers and no more wrong ones than the baseline
    assert report(baseline=False)["targets"]["accuracy tiny.yaml"]["ok"] is None


def test_the_table_marks_misses_and_shows_the_baseline_beside_ours() -> None:
    table = format_report(report(baseline=True)).splitlines()
    p99 = next(line for line in table if "latency p99" in line)
    assert "3.000 ms" in p99 and "6.000 ms" in p99 and "x0.5" in p99 and "MISS (target <= 2 ms)" in p99
    assert "ok   (target <= 200 MB)" in next(line for line in table if "peak RSS" in line)
    slowest = next(line for line in table if "slowest" in line)   # one start of three over 1 s: a miss
    assert "1.10 s" in slowest and "MISS (target <= 1 s)" in slowest and "(runs: 0.80, 1.10, 0.70 s)" in slowest
    assert "  baseline: tf-idf; threshold 0.25" in table and table[-1] == "  note: a note"
    alone = format_report(report(baseline=False))
    assert "baseline:" not in alone and "tiny.yaml (6 cases)  " in alone
