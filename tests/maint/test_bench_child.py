"""The child processes of `wuai bench`: what they report and how they are called."""

from __future__ import annotations

import pytest

from bot.maint.bench_child import child_main, peak_rss_mb


def test_peak_rss_is_reported_in_megabytes() -> None:
    assert 5.0 < peak_rss_mb() < 100_000.0


def test_a_child_called_wrongly_says_how_to_call_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert child_main(["first-answer"]) == 2
    assert "usage: python -m bot.maint.bench_child first-answer" in capsys.readouterr().err
