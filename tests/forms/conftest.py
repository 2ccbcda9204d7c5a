from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.engine import Engine
from tests.conftest import REAL_INTENTS
from tests.recording import RecordingChannel


@pytest.fixture
def form_chat(make_engine: Callable[..., Engine], channels: list[RecordingChannel]) -> RecordingChannel:
    """A user filling a form on the real intents and forms (no flood limit: scripted answers come fast)."""
    channel = RecordingChannel(make_engine(REAL_INTENTS, flood_limit=False))
    channels.append(channel)
    return channel
