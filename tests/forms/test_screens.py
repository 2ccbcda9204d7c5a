"""What the complaint builder shows: the numbered review (in parts when long) and its buttons' labels."""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from bot.forms import screens
from bot.forms.load import load_forms
from bot.forms.model import Form, FormSet
from bot.protocol import FlowChoice
from tests.conftest import REAL_INTENTS

LONG_NAME = "欧阳" + "很长的名字" * 12   # shown cut at 40 characters


@cache
def forms() -> FormSet:
    """The shipped complaint forms, read once per test process."""
    return load_forms(Path(REAL_INTENTS) / "forms")


def divorce() -> Form:
    form = forms().get("divorce")
    assert form is not None
    return form


def test_the_review_numbers_each_answer_and_ends_with_the_make_button() -> None:
    [reply] = screens.review(divorce(), {"plaintiff.name": LONG_NAME}, before="好的。")
    lines = reply.text.splitlines()
    assert lines[0] == "好的。" and lines[2] == f"1. 你的姓名：{LONG_NAME[:40]}…"
    assert lines[3].startswith("2. 解除婚姻关系") and "（我帮你预填的，请核对）" in lines[4]
    assert [b.data for row in reply.buttons for b in row] == [FlowChoice("complaint", "review", "make")]


def test_a_long_review_goes_in_parts_with_the_button_on_the_last(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = screens.review(divorce(), {"plaintiff.name": "李红"})[0].text
    monkeypatch.setattr(screens, "REVIEW_CHARS", 40)
    parts = screens.review(divorce(), {"plaintiff.name": "李红"})
    assert len(parts) > 2 and "\n".join(p.text for p in parts) == whole
    assert all(not p.buttons for p in parts[:-1]) and parts[-1].buttons


def test_the_skip_button_uses_the_word_the_question_uses() -> None:
    name = divorce().fields[0]
    assert screens._skip_label(replace(name, ask="不清楚就点“跳过”。")) == "跳过"
    assert screens._skip_label(replace(name, ask="")) == "不知道"   # a name, an ID number, a phone, a date
    assert screens._skip_label(replace(name, ask="", type="text")) == "跳过"
