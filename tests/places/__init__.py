"""Tests for bot.places; shared helpers."""

from __future__ import annotations

from pathlib import Path

from bot.places import PlaceQuery

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "bot" / "data" / "divisions.tsv"
HAIKOU = ("460105", "460106", "460107", "460108")


def codes(q: PlaceQuery) -> tuple[str, ...]:
    return tuple(d.code for d in q.matches)
