"""`wuai bench --e2e`, stage by stage: where one update's time goes, ours beside the echo bot, on one clock.

Updates one at a time (fewer than the rate limiter's bucket holds, so no reply waits for it); for each, the
moments after the question was pushed into the stand-in: the stand-in answers the open getUpdates, the bot's
handler starts, (ours) the update is in the inbox, the engine runs, the reply's request reaches the stand-in
and the stand-in has read it and recorded the reply. The stand-in's marks come from its own records
(`Call.arrived` and the time taken, `on_sent`); ours from our own objects' methods, wrapped on the instances
for this run only; the echo bot's from its handler. python-telegram-bot itself is not touched: the time from
the getUpdates answer to a handler is its reading, building and dispatching of the update.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.config import Config
from bot.maint import bench_e2e as e2e

UPDATES = 25   # per round: fewer than AIORateLimiter's bucket of 30, so the limiter never holds a reply
ROUNDS = 2


class _Marks:
    """The moments (time.monotonic, the stand-in's clock) of the update being followed."""

    def __init__(self) -> None:
        self.now: dict[str, float] = {}
        self.done: list[dict[str, float]] = []

    def mark(self, name: str) -> None:
        self.now.setdefault(name, time.monotonic())

    def sync(self, fn: Callable[..., Any], before: str, after: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.mark(before)
            result = fn(*args, **kwargs)
            self.mark(after)
            return result
        return timed


async def _follow(api: Any, marks: _Marks, updates: int) -> None:
    """Push questions one at a time; after each reply, read the stand-in's marks of that update."""
    replies: list[float] = []
    api.on_sent(lambda _message: replies.append(time.monotonic()))
    for n in range(updates):
        marks.now = {}
        seen = len(api.calls())   # the stand-in records each request when it answers it
        pushed = time.monotonic()
        api.push_text(e2e.USER_BASE + 50_000 + n, e2e.QUESTIONS[n % len(e2e.QUESTIONS)],
                      user_id=e2e.USER_BASE + 50_000 + n)
        count = len(replies)
        await e2e._wait(lambda c=count: len(replies) > c, 30)  # type: ignore[misc]
        marks.now["reply recorded"] = replies[count]
        for call in api.calls()[seen:]:
            if call.method == "getUpdates" and call.ok and call.result:
                marks.now.setdefault("getUpdates answered", call.at + call.duration)
            elif call.method == "sendMessage" and call.at >= pushed:
                marks.now.setdefault("reply request at the stand-in", call.at)
        marks.done.append({name: (at - pushed) * 1000 for name, at in marks.now.items()})
        await asyncio.sleep(0)


async def _echo(updates: int) -> list[dict[str, float]]:
    marks = _Marks()
    await e2e.with_echo_bot(0.0, lambda api: _follow(api, marks, updates), lambda: marks.mark("handler entered"))
    return marks.done


async def _ours(config: Config, folder: Path, updates: int) -> list[dict[str, float]]:
    marks = _Marks()

    def instrument(services: Any, channel: Any) -> None:
        # Our own objects' methods, on these instances only: the channel calls them through the instance.
        services.store.receive = marks.sync(services.store.receive, "inbox storing", "inbox stored")
        services.engine.handle = marks.sync(services.engine.handle, "engine started", "engine done")
        answer = channel._answer

        async def entered(*args: Any) -> None:
            marks.mark("handler entered")
            await answer(*args)

        channel._answer = entered

    await e2e.with_our_bot(replace(config, storage_path=folder / "wuai.db"), 0.0,
                           lambda api: _follow(api, marks, updates), instrument)
    return marks.done


# The marks both bots have, and ours in between (the echo bot has no inbox and no engine).
COMMON_STAGES = {"getUpdates answered": "the stand-in answers the open getUpdates",
                 "handler entered": "PTB reads, builds, dispatches the update (ours: and the inbox)",
                 "reply request at the stand-in": "the handler, to the reply's request at the stand-in",
                 "reply recorded": "the stand-in parses and records the reply"}
OUR_STAGES = {"inbox stored": "PTB reads and builds the update, the inbox stores it",
              "handler entered": "the update's task and PTB's dispatch, into our handler",
              "engine started": "into the engine",
              "engine done": "the engine's turn (matching, session, transcript)",
              "reply request at the stand-in": "the reply stored with the state, built, sent, read"}


def _stages(samples: list[dict[str, float]], marks: tuple[str, ...], start: str = "") -> dict[str, float]:
    """The median over the updates of each stage, from one mark to the next (`start`: the mark before the first).

    Stages rather than the marks' medians: on a shared machine a few updates lose the core for a while, and
    each such pause then lands in one stage of one update only.
    """
    warm = [s for s in samples[2:] or samples if all(m in s for m in (*marks, *([start] if start else [])))]
    out: dict[str, float] = {}
    before = start
    for mark in marks:
        out[mark] = round(statistics.median(s[mark] - (s[before] if before else 0.0) for s in warm), 3)
        before = mark
    return out


def _summary(samples: list[dict[str, float]], ours: bool) -> dict[str, Any]:
    whole = [s["reply recorded"] for s in samples[2:] or samples if "reply recorded" in s]
    summary = {"stages_ms": _stages(samples, tuple(COMMON_STAGES)), "total_ms": round(statistics.median(whole), 3),
               "updates": len(whole)}
    if ours:
        summary["our_stages_ms"] = _stages(samples, tuple(OUR_STAGES), start="getUpdates answered")
    return summary


async def run_stages_async(config: Config, folder: Path, rounds: int = ROUNDS,
                           updates: int = UPDATES) -> dict[str, Any]:
    """`rounds` alternating rounds of `updates` questions one at a time per bot; each stage's median."""
    ours: list[dict[str, float]] = []
    echo: list[dict[str, float]] = []
    for r in range(rounds):
        run_folder = folder / f"stages{r}"
        run_folder.mkdir()
        for who in (("echo", "ours") if r % 2 == 0 else ("ours", "echo")):
            if who == "echo":
                echo += await _echo(updates)
            else:
                ours += await _ours(config, run_folder, updates)
    return {"ours": _summary(ours, True), "echo": _summary(echo, False),
            "note": "medians of each stage, ms; one update at a time, fewer than the rate limiter's bucket"}


def run_stages(config: Config, rounds: int = ROUNDS, updates: int = UPDATES) -> dict[str, Any]:
    """The stage table's figures (`wuai bench --e2e` puts them under `e2e.stages`); storage in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="wuai-e2e-stages-") as tmp:
        return asyncio.run(run_stages_async(config, Path(tmp), rounds, updates))


def format_stages(stages: dict[str, Any]) -> list[str]:
    ours, echo = stages["ours"], stages["echo"]
    lines = [f"one update, stage by stage (ms, medians of each stage over {ours['updates']} / {echo['updates']} "
             "updates one at a time; the limiter never waits)", f"{'':62}{'wuai':>8}{'echo bot':>10}"]
    for mark, label in COMMON_STAGES.items():
        lines.append(f"{label:62}{ours['stages_ms'][mark]:>8.3f}{echo['stages_ms'][mark]:>10.3f}")
    lines.append(f"{'the whole, push to reply recorded':62}{ours['total_ms']:>8.3f}{echo['total_ms']:>10.3f}")
    lines.append("ours from the getUpdates answer on:")
    lines += [f"  {label:60}{ours['our_stages_ms'][mark]:>8.3f}" for mark, label in OUR_STAGES.items()]
    return lines
