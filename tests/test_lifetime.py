"""Start-up's objects are kept out of the collector's passes, and handed back when a reload replaces them."""

from __future__ import annotations

import dataclasses
import gc
import weakref
from pathlib import Path

import pytest

from bot.app import build
from bot.config import load_config
from bot.errors import IntentLoadError
from bot.lifetime import long_lived
from tests.conftest import small_intents_with, write_config


@pytest.fixture(autouse=True)
def _collector_as_found() -> object:
    enabled = gc.isenabled()
    yield None
    gc.unfreeze()
    if enabled:
        gc.enable()


def test_a_build_freezes_what_exists_and_leaves_the_collector_on(tmp_path: Path, gazetteer: object) -> None:
    gc.unfreeze()
    services = build(load_config(write_config(tmp_path, small_intents_with(tmp_path))), gazetteer=gazetteer)
    try:
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        services.close()


def test_nothing_is_collected_while_building_and_a_disabled_collector_stays_off() -> None:
    gc.disable()
    with long_lived():
        assert not gc.isenabled()
    assert not gc.isenabled()
    gc.enable()
    passes = gc.get_stats()[0]["collections"]
    with long_lived():
        kept = [[] for _ in range(50_000)]   # enough new containers for many passes of the youngest generation
    assert gc.get_stats()[0]["collections"] == passes
    assert len(kept) == 50_000


def test_a_failed_build_freezes_nothing(tmp_path: Path) -> None:
    folder = small_intents_with(tmp_path)
    (folder / "broken.yaml").write_text("intents:\n  - id: x\n", encoding="utf-8")
    with pytest.raises(IntentLoadError):
        build(load_config(write_config(tmp_path, folder)))
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_reload_hands_the_replaced_set_back_to_the_collector(tmp_path: Path, gazetteer: object) -> None:
    config = load_config(write_config(tmp_path, small_intents_with(tmp_path)))
    services = build(dataclasses.replace(config, storage_path=tmp_path / "s.db"), gazetteer=gazetteer)
    try:
        old = weakref.ref(services.library.matcher)
        assert services.library.reload().swapped
        assert gc.get_freeze_count() == 0
        gc.collect()
        assert old() is None
    finally:
        services.close()
