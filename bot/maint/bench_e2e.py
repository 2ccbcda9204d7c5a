"""`wuai bench --e2e`: update-to-first-reply latency through the Bot API stand-in, ours beside a bare
python-telegram-bot echo bot, one user at a time and in a burst of users writing at once.

The stand-in lives in the repository's `tests/botapi/` (it needs the test extras), so this runs from a
checkout. Figures, never a test: the machine is shared and noisy, hence three alternating runs and medians.
The local stand-in answers at once, so a second set of runs gives every Bot API answer a simulated network
round trip (`rtt_ms`, an assumption, not a measurement of Telegram), as both bots meet in production.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from bot.config import Config
from bot.errors import WuaiError
from bot.maint.bench_timing import percentile

T = TypeVar("T")
QUESTIONS = ["怎么立案", "诉讼费多少钱", "法院有手语翻译吗", "怎么申请法律援助", "可以网上立案吗"]
ROUNDS = 3
# python-telegram-bot's AIORateLimiter defaults, which `wuai serve` keeps: Telegram's documented limits.
OVERALL_RATE = 30.0      # messages per second, all chats together
USER_BASE = 9_000_000
RTT_MS = 40.0            # assumed round trip to Telegram for the second set of figures, not a measurement


@dataclass(frozen=True)
class Sizes:
    sequential: int = 40      # messages sent one at a time (each waits for its answer)
    burst_users: int = 50     # users who each send burst_messages at the same moment
    burst_messages: int = 2


# Fewer messages with a round trip: each one-at-a-time question now takes tens of ms per reply.
RTT_SIZES = Sizes(sequential=20, burst_users=50, burst_messages=1)


class E2EUnavailable(WuaiError):
    """The end-to-end bench needs the repository's Bot API stand-in and the test extras."""


@dataclass
class Run:
    """Latencies (ms) of one bot in one round, and what the burst delivered."""

    sequential: list[float] = field(default_factory=list)
    sequential_cpu_ms: float = 0.0   # process CPU per message one at a time (bot, stand-in and driver together)
    burst: list[float] = field(default_factory=list)
    burst_sends: int = 0
    burst_floor_ms: float = 0.0      # the least the rate limit allows the burst, from the bucket it found
    in_order_once: bool = True


def bucket_floor_ms(sent: list[float], start: float, count: int, rate: float = OVERALL_RATE) -> float:
    """The least time (ms) from `start` that `count` more messages need under AIORateLimiter's overall limit.

    Its leaky bucket (aiolimiter) holds `rate` messages and drains `rate` a second; `sent` are the times the
    messages before went out, so a bucket the messages one at a time filled leaves less room for the burst.
    """
    level, last = 0.0, None
    for at in sorted(t for t in sent if t <= start):
        if last is not None:
            level = max(0.0, level - (at - last) * rate)
        level, last = min(rate, level + 1), at
    if last is not None:
        level = max(0.0, level - (start - last) * rate)
    return max(0.0, count - (rate - level)) / rate * 1000


def _stand_in(round_trip: float) -> Any:
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "tests" / "botapi" / "server.py").is_file() and str(checkout) not in sys.path:
        sys.path.append(str(checkout))   # `wuai` runs from its entry point, not from the checkout folder
    try:
        from tests.botapi.server import DEFAULT_TOKEN, FakeBotApi
    except ImportError as exc:   # an installed package without the checkout, or without aiohttp
        raise E2EUnavailable("wuai bench --e2e runs from a checkout with the test extras "
                             "(pip install -e '.[test]'): it needs tests/botapi/") from exc
    return FakeBotApi(DEFAULT_TOKEN, round_trip=round_trip)


class _Clock:
    """Records when each chat's replies arrive at the stand-in."""

    def __init__(self) -> None:
        self.arrivals: dict[int, list[float]] = {}

    def on_sent(self, message: dict[str, Any]) -> None:
        self.arrivals.setdefault(int(message["chat"]["id"]), []).append(asyncio.get_running_loop().time())


async def _wait(predicate: Callable[[], bool], timeout: float) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise TimeoutError("the bot under test stopped answering")
        await asyncio.sleep(0.002)


async def _drive(api: Any, expected: Callable[[str], int], sizes: Sizes) -> Run:
    """Send the sequential messages, then the burst; `expected(text)` is how many messages answer `text`."""
    clock = _Clock()
    api.on_sent(clock.on_sent)
    loop = asyncio.get_running_loop()
    run = Run()
    user = USER_BASE
    cpu = time.process_time()
    for n in range(sizes.sequential):
        text = QUESTIONS[n % len(QUESTIONS)]
        user += 1
        sent = loop.time()
        api.push_text(user, text, user_id=user)
        count = expected(text)
        await _wait(lambda u=user, c=count: len(clock.arrivals.get(u, [])) >= c, 30)  # type: ignore[misc]
        run.sequential.append((clock.arrivals[user][0] - sent) * 1000)
    run.sequential_cpu_ms = (time.process_time() - cpu) * 1000 / max(1, sizes.sequential)
    burst: dict[int, list[tuple[float, str]]] = {}
    before = [at for arrivals in clock.arrivals.values() for at in arrivals]
    start = loop.time()
    for n in range(sizes.burst_users):
        chat = USER_BASE + 10_000 + n
        burst[chat] = []
        for k in range(sizes.burst_messages):
            text = QUESTIONS[(n + k) % len(QUESTIONS)]
            burst[chat].append((loop.time(), text))
            api.push_text(chat, text, user_id=chat)
    want = {chat: sum(expected(t) for _, t in msgs) for chat, msgs in burst.items()}
    run.burst_sends = sum(want.values())
    run.burst_floor_ms = bucket_floor_ms(before, start, run.burst_sends)
    await _wait(lambda: all(len(clock.arrivals.get(c, [])) >= w for c, w in want.items()), 120)
    await asyncio.sleep(0.3)   # anything sent twice would arrive now
    for chat, msgs in burst.items():
        arrivals, index = clock.arrivals[chat], 0
        for sent, text in msgs:
            run.burst.append((arrivals[index] - sent) * 1000)
            index += expected(text)
        run.in_order_once &= len(arrivals) == want[chat]
    run.in_order_once &= not api.duplicates()
    return run


async def with_echo_bot(round_trip: float, drive: Callable[[Any], Awaitable[T]],
                        entered: Callable[[], None] = lambda: None) -> T:
    """`drive(stand-in)` with a bare python-telegram-bot echo bot polling it; `entered` runs as its handler starts."""
    from telegram import Update
    from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        entered()
        if update.effective_message is not None and update.effective_message.text:
            await update.effective_message.reply_text(update.effective_message.text)

    api = _stand_in(round_trip)
    await api.start()
    app = ApplicationBuilder().token(api.token).base_url(api.base_url).base_file_url(api.base_file_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    try:
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        await api.wait_until_polling()
        return await drive(api)
    finally:
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        await api.stop()


async def _echo_run(sizes: Sizes, round_trip: float) -> Run:
    return await with_echo_bot(round_trip, lambda api: _drive(api, lambda _text: 1, sizes))


def _reply_counts(config: Config) -> dict[str, int]:
    """How many Telegram messages answer each question, from the same engine without Telegram."""
    from bot.app import build
    from bot.messages import Incoming

    services = build(config, flood_limit=False)
    try:
        return {q: sum(1 for r in services.engine.handle(Incoming(f"probe:{n}", text=q)) if r.text or r.document)
                for n, q in enumerate(QUESTIONS)}
    finally:
        services.close()


async def with_our_bot(config: Config, round_trip: float, drive: Callable[[Any], Awaitable[T]],
                       instrument: Callable[[Any, Any], None] = lambda _services, _channel: None) -> T:
    """`drive(stand-in)` with our bot polling it as `wuai serve` runs it; `instrument(services, channel)` first."""
    from bot.app import build
    from bot.channels.telegram import TelegramChannel

    api = _stand_in(round_trip)
    await api.start()
    services = build(config)
    # The rate limiter stays as `wuai serve` has it: Telegram's limits are part of what is measured.
    channel = TelegramChannel(services, api.token, base_url=api.base_url, base_file_url=api.base_file_url,
                              poll_timeout=10)
    instrument(services, channel)
    try:
        await channel.start()
        await api.wait_until_polling()
        return await drive(api)
    finally:
        await channel.stop()
        services.close()
        await api.stop()


async def _ours_run(config: Config, folder: Path, sizes: Sizes, round_trip: float) -> Run:
    config = replace(config, storage_path=folder / "wuai.db")
    counts = _reply_counts(replace(config, storage_path=folder / "probe.db"))
    return await with_our_bot(config, round_trip, lambda api: _drive(api, lambda text: counts[text], sizes))


def _summary(runs: list[Run]) -> dict[str, Any]:
    def med(values: list[float]) -> float:
        return round(statistics.median(values), 1)

    seq = [sorted(r.sequential) for r in runs]
    burst = [sorted(r.burst) for r in runs]
    return {
        "one_at_a_time": {"p50_ms": med([percentile(s, 0.50) for s in seq]),
                          "p99_ms": med([percentile(s, 0.99) for s in seq]),
                          "cpu_ms_per_message": round(statistics.median(r.sequential_cpu_ms for r in runs), 2)},
        "burst": {"p50_ms": med([percentile(b, 0.50) for b in burst]),
                  "p99_ms": med([percentile(b, 0.99) for b in burst]),
                  "messages_sent": runs[0].burst_sends,
                  # the limiter lets a full bucket of OVERALL_RATE messages go at once, then OVERALL_RATE a second
                  "rate_limit_floor_ms": round(max(0, runs[0].burst_sends - OVERALL_RATE) / OVERALL_RATE * 1000, 1),
                  # the same from the bucket as the replies one at a time left it (ours; the echo bot has no limiter)
                  "rate_limit_floor_as_found_ms": med([r.burst_floor_ms for r in runs])},
        "in_order_exactly_once": all(r.in_order_once for r in runs),
    }


async def _compare(config: Config, folder: Path, rounds: int, sizes: Sizes, rtt_ms: float,
                   progress: Callable[[str], None]) -> dict[str, Any]:
    """Alternating rounds of both bots against a stand-in answering after `rtt_ms`; medians and ratios."""
    ours: list[Run] = []
    echo: list[Run] = []
    label = f" (round trip {rtt_ms:g} ms)" if rtt_ms else ""
    for r in range(rounds):
        run_folder = folder / f"rtt{rtt_ms:g}-round{r}"
        run_folder.mkdir()
        jobs: list[tuple[str, Callable[[], Awaitable[Run]], list[Run]]] = [
            ("echo bot", lambda: _echo_run(sizes, rtt_ms / 1000), echo),
            ("wuai", lambda f=run_folder: _ours_run(config, f, sizes, rtt_ms / 1000), ours)]  # type: ignore[misc]
        for name, job, sink in (jobs if r % 2 == 0 else jobs[::-1]):   # alternate who goes first
            progress(f"e2e round {r + 1}/{rounds}{label}: {name}")
            sink.append(await job())
    mine, theirs = _summary(ours), _summary(echo)

    def ratio(part: str, key: str) -> float | None:
        base = theirs[part][key]
        return round(mine[part][key] / base, 2) if base else None

    return {
        "ours": mine, "echo": theirs,
        "ratios_ours_to_echo": {f"{part}_{key}": ratio(part, key) for part in ("one_at_a_time", "burst")
                                for key in ("p50_ms", "p99_ms")}
        | {"one_at_a_time_cpu_ms_per_message": ratio("one_at_a_time", "cpu_ms_per_message")},
        "run": {"rounds": rounds, "sequential_messages": sizes.sequential, "burst_users": sizes.burst_users,
                "burst_messages_per_user": sizes.burst_messages},
    }


async def _run_all(config: Config, rounds: int, sizes: Sizes, rtt_ms: float, rtt_sizes: Sizes,
                   progress: Callable[[str], None]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="wuai-e2e-") as tmp:
        report = await _compare(config, Path(tmp), rounds, sizes, 0.0, progress)
        report["note"] = (
            f"The burst is bounded by the rate limit: ours keeps to Telegram's {OVERALL_RATE:.0f} "
            "messages/s for the whole bot (python-telegram-bot's AIORateLimiter), the bare echo bot "
            "has no limiter; rate_limit_floor_ms is the least time that limit allows for the burst's replies "
            f"when its bucket is full ({OVERALL_RATE:.0f} at once), rate_limit_floor_as_found_ms the same from "
            "the bucket as the replies one at a time before left it (from when they reached the stand-in).")
        if rtt_ms > 0:
            report["with_rtt"] = await _compare(config, Path(tmp), rounds, rtt_sizes, rtt_ms, progress)
            report["with_rtt"] |= {
                "rtt_ms": rtt_ms,
                "note": (f"Every Bot API answer of the stand-in waited {rtt_ms:g} ms: an assumed network round "
                         "trip, not a measurement of Telegram. An update reaches the bot one round trip after it "
                         "was sent, as it would from Telegram; fewer messages than the local figures.")}
    return report


def run_e2e(config: Config, rounds: int = ROUNDS, sizes: Sizes = Sizes(), rtt_ms: float = RTT_MS,
            rtt_sizes: Sizes = RTT_SIZES, progress: Callable[[str], None] = lambda _m: None) -> dict[str, Any]:
    """Alternating rounds of ours and the echo bot, locally and (unless `rtt_ms` is 0) with a round trip."""
    return asyncio.run(_run_all(config, rounds, sizes, rtt_ms, rtt_sizes, progress))


def _format_set(figures: dict[str, Any], title: str) -> list[str]:
    ours, echo, ratios = figures["ours"], figures["echo"], figures["ratios_ours_to_echo"]
    lines = [f"{title} (update -> first reply, medians of {figures['run']['rounds']} alternating runs, "
             f"{figures['run']['sequential_messages']} messages one at a time)",
             f"{'':24}{'wuai':>12}{'echo bot':>12}{'ratio':>8}"]
    burst = f"burst of {figures['run']['burst_users']} users"
    for part, label in (("one_at_a_time", "one at a time"), ("burst", burst)):
        for key in ("p50_ms", "p99_ms"):
            lines.append(f"{label + ' ' + key[:3]:24}{ours[part][key]:>10.1f}ms{echo[part][key]:>10.1f}ms"
                         f"{ratios[f'{part}_{key}'] or 0:>8.2f}")
    part = "one_at_a_time"
    lines.append(f"{'CPU per message, one at a time':32}{ours[part]['cpu_ms_per_message']:>6.2f}ms"
                 f"{echo[part]['cpu_ms_per_message']:>10.2f}ms{ratios[part + '_cpu_ms_per_message'] or 0:>8.2f}"
                 "  (the whole process: bot, stand-in and driver; wall time depends on the machine's load)")
    lines.append(f"burst: {ours['burst']['messages_sent']} replies, rate-limit floor "
                 f"{ours['burst']['rate_limit_floor_ms']:.0f} ms from a full bucket, "
                 f"{ours['burst']['rate_limit_floor_as_found_ms']:.0f} ms from the bucket as the messages one at "
                 f"a time left it; in order, exactly once: "
                 f"{'yes' if ours['in_order_exactly_once'] else 'NO'}")
    return lines


def format_e2e(report: dict[str, Any]) -> str:
    lines = [*_format_set(report, "end to end through the local Bot API stand-in"), report["note"]]
    if "with_rtt" in report:
        rtt = report["with_rtt"]
        lines += ["", *_format_set(rtt, f"the same with a simulated {rtt['rtt_ms']:g} ms round trip"), rtt["note"]]
    return "\n".join(lines)
