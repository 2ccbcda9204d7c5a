"""Timing calls in this process for `wuai bench`: percentiles, repetition, per-call latency. No timing is asserted."""

from __future__ import annotations

import pytest

from bot.maint.bench_timing import measure, percentile, repeated


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.99) == 7.0
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_repeated_reaches_the_minimum() -> None:
    assert len(repeated(["a", "b", "c"], 10)) == 12
    assert repeated([], 10) == []


def test_measure_calls_once_per_text_after_one_warm_up_of_each_distinct_text() -> None:
    calls: list[str] = []
    cleared: list[int] = []
    latency = measure(calls.append, ["a", "b", "a"], before_each=lambda: cleared.append(1))
    assert calls == ["a", "b", "a", "b", "a"] and len(cleared) == 3
    assert 0 <= latency.p50_ms <= latency.p99_ms and latency.per_s > 0
    assert set(latency.as_json()) == {"match_p50_ms", "match_p99_ms", "match_per_s", "match_cpu_p99_ms",
                                      "match_cpu_per_s"}
