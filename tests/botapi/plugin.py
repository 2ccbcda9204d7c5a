"""pytest fixtures for the Bot API stand-in.

Register with ``pytest_plugins = ["tests.botapi.plugin"]`` in ``tests/conftest.py``.

* ``botapi`` -- a started :class:`~tests.botapi.server.FakeBotApi` (token ``123456:TEST-TOKEN``),
  stopped after the test.  Teardown fails the test if the stand-in itself crashed on a request.
* :func:`application_builder` -- an ``ApplicationBuilder`` wired to a stand-in with short timeouts.
* :func:`polling` -- async context manager that runs an ``Application`` with polling and shuts it down
  cleanly (``updater.stop``, ``stop``, ``shutdown``), as a restart-mid-run test needs.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest_asyncio
from telegram.ext import Application, ApplicationBuilder

from tests.botapi.server import DEFAULT_TOKEN, FakeBotApi

__all__ = ["application_builder", "botapi", "polling"]


@pytest_asyncio.fixture
async def botapi() -> AsyncIterator[FakeBotApi]:
    """A running Bot API stand-in on 127.0.0.1 (random port)."""
    api = FakeBotApi(DEFAULT_TOKEN)
    await api.start()
    try:
        yield api
    finally:
        await api.stop()
    assert not api.internal_errors, f"Bot API stand-in crashed: {api.internal_errors}"


def application_builder(
    api: FakeBotApi,
    *,
    read_timeout: float = 2.0,
    write_timeout: float = 2.0,
    connect_timeout: float = 2.0,
    pool_timeout: float = 2.0,
) -> ApplicationBuilder:  # type: ignore[type-arg]
    """``ApplicationBuilder`` pointed at ``api`` with short HTTP timeouts (tune per test).

    ``get_updates_*_timeout`` are set to the same values; PTB adds the long-poll ``timeout`` to the
    get_updates read timeout itself.
    """
    return (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .read_timeout(read_timeout)
        .write_timeout(write_timeout)
        .connect_timeout(connect_timeout)
        .pool_timeout(pool_timeout)
        .get_updates_read_timeout(read_timeout)
        .get_updates_write_timeout(write_timeout)
        .get_updates_connect_timeout(connect_timeout)
        .get_updates_pool_timeout(pool_timeout)
    )


@contextlib.asynccontextmanager
async def polling(
    app: Application,  # type: ignore[type-arg]
    *,
    timeout: int = 1,
    drop_pending_updates: bool = False,
) -> AsyncIterator[Application]:  # type: ignore[type-arg]
    """Initialize, start and poll ``app`` (long-poll ``timeout`` seconds); stop it cleanly on exit."""
    await app.initialize()
    try:
        await app.start()
        try:
            assert app.updater is not None, "Application was built without an Updater"
            await app.updater.start_polling(poll_interval=0, timeout=timeout, drop_pending_updates=drop_pending_updates)
            try:
                yield app
            finally:
                if app.updater.running:
                    await app.updater.stop()
        finally:
            if app.running:
                await app.stop()
    finally:
        await app.shutdown()
