"""Load and faults through the Bot API stand-in: 500 users x 10 messages, then the same with faults
and a restart mid-run. Every message gets its reply exactly once; relayed handoff messages too."""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.channels.operators import BUSY
from bot.config import load_config
from bot.engine import Engine
from bot.library import IntentLibrary
from bot.places import Gazetteer
from bot.store import Store
from tests.channels.conftest import OPERATOR, OPERATORS, Harness
from tests.conftest import write_config
from tests.recording import RecordingChannel

# One xdist group: the two load tests never compete for the cores (their latency figures stay comparable).
pytestmark = [pytest.mark.load, pytest.mark.xdist_group("load")]
USERS = int(os.environ.get("WUAI_LOAD_USERS", "500"))
HANDOFF_USERS = 20
QUESTIONS = ["怎么立案", "诉讼费多少钱", "法院有手语翻译吗", "怎么申请法律援助", "老板拖欠工资怎么办",
             "失信名单怎么查", "谢谢你", "离婚去哪个法院起诉", "申请强制执行要带什么", "可以网上立案吗"]


@dataclass
class Step:
    """One user action: a text or a button payload; `expect` replies counted in the user's chat."""

    text: str = ""
    payload: str = ""
    expect: int = 1


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)


def scripts() -> dict[str, list[Step]]:
    """Four kinds of users; the replies each step must get are measured on an in-process engine (expected_replies)."""
    return {
        "questions": [Step(q) for q in QUESTIONS],
        "buttons": [Step("/start"), Step(payload="i:filing.how"), Step(payload="m:filing.how"),
                    Step(payload="i:filing.fees"), Step("钱不够怎么办"), Step(payload="c:/checklist"),
                    Step(payload="f:checklist:kind:debt"), Step(payload="f:checklist:ready:file"),
                    Step("谢谢"), Step(payload="i:green.channel")],
        "court": [Step("/court"), Step(payload="f:court:kind:contract"), Step("昆明五华区"), Step("/court"),
                  Step(payload="f:court:kind:divorce"), Step(payload="f:court:divorce:home"), Step("海口琼山"),
                  Step("/court"), Step(payload="f:court:kind:labor"), Step("杭州西湖")],
    }


def expected_replies(folder: Path, intents: Path) -> dict[str, list[list[str]]]:
    """What each step must send, measured once on the same engine code without Telegram."""
    folder.mkdir()
    config = load_config(write_config(folder, intents))
    store = Store(config.storage_path)
    engine = Engine(IntentLibrary(config.intents_dir, config.matcher), store, config, Gazetteer.load(),
                    flood_limit=False)
    expected: dict[str, list[list[str]]] = {}
    for name, steps in scripts().items():
        chat = RecordingChannel(engine, f"probe:{name}")
        per_step = []
        for step in steps:
            replies = chat.press_payload(step.payload, "按钮") if step.payload else chat.send(step.text)
            texts = []
            for reply in replies:
                if reply.text:
                    texts.append(reply.text)
                if reply.document is not None:
                    texts.append(reply.document.caption)
            per_step.append(texts)
        chat.read_all()
        expected[name] = per_step
    store.close()
    return expected


def body(message: dict) -> str:
    return message.get("text") or message.get("caption") or ""


async def run_user(h: Harness, chat_id: int, steps: list[Step], replies: list[list[str]], stats: Stats) -> None:
    seen = 0
    for step, texts in zip(steps, replies, strict=True):
        expect = len(texts)
        pushed = time.monotonic()
        if step.payload:
            h.api.push_callback(chat_id, step.payload)
        else:
            h.api.push_text(chat_id, step.text)
        seen += expect
        if expect:
            await h.api.wait_for_sent(chat_id, count=seen, timeout=120)
            stats.latencies.append(time.monotonic() - pushed)


async def run_handoff_user(h: Harness, chat_id: int, stats: Stats) -> None:
    """Opens a ticket, sends 8 messages to the operators (one acknowledgement), gets one operator answer, ends it."""
    h.api.push_command(chat_id, "/human")
    await h.api.wait_for_sent(chat_id, count=1, timeout=120)
    for n in range(8):
        h.api.push_text(chat_id, f"用户{chat_id}的第{n}条")
    await h.api.wait_for_sent(OPERATORS, contains=f"用户{chat_id}的第7条", timeout=120)
    topic = next(m["message_thread_id"] for m in h.api.sent_messages(OPERATORS)   # texts that waited share a post
                 if f"用户{chat_id}的第7条" in m.get("text", "").split("\n"))
    pushed = time.monotonic()
    h.api.push_text(OPERATORS, f"给用户{chat_id}的回复", chat_type="supergroup", user_id=OPERATOR, thread_id=topic)
    await h.api.wait_for_sent(chat_id, contains=f"给用户{chat_id}的回复", timeout=120)
    stats.latencies.append(time.monotonic() - pushed)
    h.api.push_text(chat_id, "结束人工")
    await h.api.wait_for_sent(chat_id, contains="已经结束人工服务", timeout=120)


async def run_load(h: Harness, expected: dict[str, list[list[str]]], base: int, faults: bool) -> Stats:
    stats = Stats()
    kinds = list(scripts())
    tasks = []
    for n in range(USERS - HANDOFF_USERS):
        kind = kinds[n % len(kinds)]
        tasks.append(run_user(h, base + n, scripts()[kind], expected[kind], stats))
    tasks += [run_handoff_user(h, base + USERS - HANDOFF_USERS + n, stats) for n in range(HANDOFF_USERS)]
    if faults:
        h.api.fail_rate("sendMessage", 0.10, status=502, seed=7)
        h.api.fail_rate("copyMessage", 0.10, status=503, seed=8)
        h.api.rate_limit_next("sendMessage", retry_after=1, count=20)
        h.api.delay_next("sendMessage", seconds=4, count=6)      # longer than the client's 3 s timeout

        async def restart_midway() -> None:
            await h.api.wait_for("sendMessage", count=USERS * 3, timeout=120)
            assert h.channel is not None
            await h.channel.stop(drain=False)
            assert h.services is not None
            left = len(h.services.store.unfinished())
            h.services.close()
            h.services = None
            h.channel = None
            await h.start()
            stats.latencies.append(-left)   # marker: updates left for the restart (negative, not a latency)

        tasks.append(restart_midway())
    await asyncio.gather(*tasks)
    return stats


def check_exactly_once(h: Harness, base: int, expected: dict[str, list[list[str]]]) -> None:
    """Every user got exactly the replies the engine gives, in order: none missing, none twice."""
    kinds = list(scripts())
    for n in range(USERS - HANDOFF_USERS):
        want = [text for step in expected[kinds[n % len(kinds)]] for text in step]
        assert [body(m) for m in h.api.sent_messages(base + n)] == want, base + n
    relayed = [line for m in h.api.sent_messages(OPERATORS) for line in body(m).split("\n")]
    for n in range(HANDOFF_USERS):
        chat_id = base + USERS - HANDOFF_USERS + n
        mine = [line for line in relayed if line.startswith(f"用户{chat_id}的")]
        assert mine == [f"用户{chat_id}的第{k}条" for k in range(8)], (chat_id, mine)   # once each, in order
        got = [body(m) for m in h.api.sent_messages(chat_id) if body(m) != BUSY]
        assert len(got) == 4 and got[1].startswith("已转给工作人员") and got[2] == f"给用户{chat_id}的回复", \
            (chat_id, got)


def report(name: str, stats: Stats, capsys: pytest.CaptureFixture[str]) -> None:
    latencies = sorted(x for x in stats.latencies if x >= 0)
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    left = [-x for x in stats.latencies if x < 0]
    with capsys.disabled():
        print(f"\n[load:{name}] {len(latencies)} replies timed; update->reply p50 {p50 * 1000:.0f} ms, "
              f"p99 {p99 * 1000:.0f} ms (no rate-limiter waits: the limiter is unpaced for the stand-in)"
              + (f"; {left[0]:.0f} fetched updates were left for the restart" if left else ""))
    Path("var").mkdir(exist_ok=True)
    Path(f"var/load-{name}.json").write_text(json.dumps({"p50_s": p50, "p99_s": p99, "n": len(latencies)}))


async def test_load_500_users(harness: Harness, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = expected_replies(tmp_path / "probe", harness.intents)
    harness.extra += "limits:\n  flood_messages: 50\n"
    await harness.start()
    stats = await run_load(harness, expected, 10_000, faults=False)
    check_exactly_once(harness, 10_000, expected)
    report("clean", stats, capsys)


async def test_load_with_faults_and_a_restart(harness: Harness, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    expected = expected_replies(tmp_path / "probe", harness.intents)
    harness.extra += "limits:\n  flood_messages: 50\n"
    await harness.start()
    stats = await run_load(harness, expected, 20_000, faults=True)
    harness.api.clear_faults()
    check_exactly_once(harness, 20_000, expected)
    report("faults", stats, capsys)
