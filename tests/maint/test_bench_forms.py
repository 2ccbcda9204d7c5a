"""Every form can be completed with its own example answers (what `wuai bench` times)."""

from __future__ import annotations

from collections.abc import Callable

from bot.engine import Engine
from bot.forms.docx import build_docx
from bot.maint.bench_forms import autofill
from tests.conftest import REAL_INTENTS


def test_each_form_completes_with_its_own_examples(make_engine: Callable[..., Engine]) -> None:
    engine = make_engine(REAL_INTENTS, flood_limit=False)
    for form in engine.library.forms:
        cpu: list[float] = []
        times, last = autofill(engine, f"auto:{form.id}", form, cpu=cpu)
        assert "都问完了" in last[-1].text or "都问完了" in last[0].text
        assert len(times) == len(cpu) > 20
        answers = engine.store.load_session(f"auto:{form.id}").drafts[form.id]["answers"]
        assert build_docx(form, answers).startswith(b"PK")
