"""The shipped gazetteer, loaded once per test process (the engines' `gazetteer` of tests/conftest.py)."""

from __future__ import annotations

import pytest

from bot.places import Gazetteer


@pytest.fixture(scope="session")
def gaz(gazetteer: Gazetteer) -> Gazetteer:
    return gazetteer
