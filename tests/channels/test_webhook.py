"""Webhook mode: Telegram POSTs updates to the bot; they go through the same inbox and engine."""

from __future__ import annotations

import socket

import aiohttp

from tests.channels.conftest import Harness, wait_until

USER = 8181


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_webhook_update_is_answered_and_the_webhook_is_registered(harness: Harness) -> None:
    port = free_port()
    harness.extra += (f"telegram:\n  mode: webhook\n  webhook:\n    listen: 127.0.0.1\n    port: {port}\n"
                      "    url_path: hook\n    public_url: https://bot.example.org/hook\n")
    await harness.start()
    assert harness.api.webhook["url"] == "https://bot.example.org/hook"
    update = {"update_id": 5, "message": {"message_id": 1, "date": 1_800_000_000, "text": "怎么立案",
                                          "chat": {"id": USER, "type": "private", "first_name": "测试"},
                                          "from": {"id": USER, "is_bot": False, "first_name": "测试"}}}
    async with aiohttp.ClientSession() as session, \
            session.post(f"http://127.0.0.1:{port}/hook", json=update) as response:
        assert response.status == 200
    [answer] = await harness.texts(USER, 1)
    assert "立案" in answer
    assert harness.services is not None
    store = harness.services.store
    # The update is marked done just after the reply is sent.
    await wait_until(lambda: [r["status"] for r in store.query("SELECT status FROM inbox")] == ["done"], timeout=5)
