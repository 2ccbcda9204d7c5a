"""Timing the complaint builder for `wuai bench`: one form step through the engine, one document built."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.config import Config
from bot.engine import Engine
from bot.forms import draft as d
from bot.forms import texts as t
from bot.forms.docx import build_docx
from bot.forms.model import FLOW_NAME, Form
from bot.library import IntentLibrary
from bot.messages import Incoming, Reply
from bot.protocol import FlowChoice, encode
from bot.store import Store


def autofill(engine: Engine, user: str, form: Form, limit: int = 400,
             cpu: list[float] | None = None) -> tuple[list[float], list[Reply]]:
    """Fill `form` through the engine with each question's own example (or its first option).

    Returns the wall-clock time of every step (seconds) and the last replies (the review); CPU times go
    to `cpu` when given. Raises RuntimeError when a question cannot be answered this way.
    """
    times: list[float] = []

    def send(msg: Incoming) -> list[Reply]:
        start, start_cpu = time.perf_counter(), time.thread_time()
        out = engine.handle(msg)
        times.append(time.perf_counter() - start)
        if cpu is not None:
            cpu.append(time.thread_time() - start_cpu)
        return out

    send(Incoming(user, text="/complaint"))
    out = send(Incoming(user, kind="button", payload=encode(FlowChoice(FLOW_NAME, "kind", form.id))))
    for _ in range(limit):
        if any(b.label == t.MAKE for r in out for b in r.button_list()):   # the review's button
            return times, out
        buttons = [b for r in out for b in r.button_list() if b.label != t.BACK]
        session = engine.store.load_session(user)
        slot = d.pending(form, session.drafts[form.id]["answers"])
        q = slot.question if slot is not None else None
        if q is None:   # "another one?": no
            choice = next(b for b in buttons if b.payload.endswith(".no"))
            out = send(Incoming(user, kind="button", payload=choice.payload))
        elif q.example and q.type not in ("choice", "multi", "yesno"):
            out = send(Incoming(user, text=q.example))
        elif q.type == "multi":
            first = next(b for b in buttons if isinstance(b.data, FlowChoice) and ".t_" in b.data.value)
            send(Incoming(user, kind="button", payload=first.payload))
            assert isinstance(first.data, FlowChoice)
            seq = int(first.data.value.split(".")[0]) + 1
            out = send(Incoming(user, kind="button", payload=encode(FlowChoice(FLOW_NAME, "q", f"{seq}.ok"))))
        else:
            pick = next(b for b in buttons if ".o_" in b.payload or ".default" in b.payload or ".skip" in b.payload)
            out = send(Incoming(user, kind="button", payload=pick.payload))
    raise RuntimeError(f"form {form.id} did not reach the review")


def form_figures(config: Config, runs: int = 5) -> dict[str, Any]:
    """Step p99 over every form filled `runs` times, and the time to build each form's .docx."""
    library = IntentLibrary(config.intents_dir, config.matcher)
    steps: list[float] = []
    cpu: list[float] = []
    builds: list[float] = []
    with tempfile.TemporaryDirectory(prefix="wuai-bench-forms-") as tmp:
        quiet = replace(config, storage_path=Path(tmp) / "bench.db")
        store = Store(quiet.storage_path)
        try:
            engine = Engine(library, store, quiet, None, flood_limit=False)
            for run in range(runs):
                for form in library.forms:
                    times, _ = autofill(engine, f"bench:{run}:{form.id}", form, cpu=cpu)
                    steps += times
                    answers = store.load_session(f"bench:{run}:{form.id}").drafts[form.id]["answers"]
                    start = time.perf_counter()
                    build_docx(form, answers)
                    builds.append(time.perf_counter() - start)
        finally:
            store.close()
    if not steps:
        return {}

    def ms(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000, 3)

    return {"complaint_step_p50_ms": ms(steps, 0.5), "complaint_step_p99_ms": ms(steps, 0.99),
            "complaint_step_cpu_p99_ms": ms(cpu, 0.99), "complaint_docx_ms": ms(builds, 0.5),
            "complaint_docx_max_ms": ms(builds, 1.0), "complaint_steps": len(steps), "complaint_documents": len(builds)}


def format_lines(report: dict[str, Any], mark: Callable[[str], str]) -> list[str]:
    """The complaint builder's rows of the `wuai bench` table."""
    head = f"  complaint builder ({report['complaint_steps']} form steps, {report['complaint_documents']} documents)"
    return ["", head,
            f"  {'form step p50 / p99':<36}{report['complaint_step_p50_ms']:>6.2f} / "
            f"{report['complaint_step_p99_ms']:.2f} ms {mark('complaint_step_p99_ms')}",
            f"  {'form step CPU time p99':<36}{report['complaint_step_cpu_p99_ms']:>6.2f} ms",
            f"  {'build a .docx (median / max)':<36}{report['complaint_docx_ms']:>6.1f} / "
            f"{report['complaint_docx_max_ms']:.1f} ms {mark('complaint_docx_ms')}"]
