"""Timing calls inside this process for `wuai bench`: per-call latency (wall and CPU), nearest-rank percentiles,
and the place index's load and look-ups."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

PLACE_TEXTS = ["海南省海口市琼山区xx街道", "昆明五化区", "我不知道", "朝阳区", "他住在长春朝阳那边" * 5]


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
