"""The shipped gazetteer, loaded once."""

from __future__ import annotations

import pytest

from bot.places import Gazetteer


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return Gazetteer.load()
