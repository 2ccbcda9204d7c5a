"""Webhook mode: Telegram POSTs updates to the bot; only updates carrying the secret token are taken in."""

from __future__ import annotations

import socket

from tests.channels.conftest import Harness, wait_until
from tests.sql import sql

USER = 8181
VICTIM = 8282


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def text_update(chat_id: int, text: str, update_id: int) -> dict[str, object]:
    return {"update_id": update_id, "message": {"message_id": 1, "date": 1_800_000_000, "text": text,
                                                "chat": {"id": chat_id, "type": "private", "first_name": "测试"},
                                                "from": {"id": chat_id, "is_bot": False, "first_name": "测试"}}}


def webhook_config(port: int, path: str = "    url_path: hook\n    public_url: https://bot.example.org/hook\n",
                   extra: str = "") -> str:
    return f"telegram:\n  mode: webhook\n  webhook:\n    listen: 127.0.0.1\n    port: {port}\n{path}{extra}"


async def test_webhook_update_is_answered_and_the_webhook_is_registered(harness: Harness) -> None:
    port = free_port()
    harness.extra += webhook_config(port)
    await harness.start()
    assert harness.api.webhook["url"] == "https://bot.example.org/hook"
    assert await harness.api.post_webhook(f"http://127.0.0.1:{port}/hook", text_update(USER, "怎么立案", 5)) == 200
    [answer] = await harness.texts(USER, 1)
    assert "立案" in answer
    assert harness.services is not None
    store = harness.services.store
    # The update is marked done just after the reply is sent.
    await wait_until(lambda: [r["status"] for r in sql(store, "SELECT status FROM inbox")] == ["done"], timeout=5)


async def test_forged_updates_without_the_secret_token_are_refused(harness: Harness) -> None:
    port = free_port()
    harness.extra += webhook_config(port)
    await harness.start()
    secret = harness.api.webhook["secret_token"]
    assert len(secret) >= 32                      # none configured: a random one, registered with Telegram
    url = f"http://127.0.0.1:{port}/hook"
    # A forger who reaches the URL: no header, then a guessed one. Neither is taken in.
    assert await harness.api.post_webhook(url, text_update(VICTIM, "/forget", 7), secret_token="") == 403
    assert await harness.api.post_webhook(url, text_update(VICTIM, "/forget", 8), secret_token="guess") == 403
    assert await harness.api.post_webhook(url, text_update(USER, "怎么立案", 9)) == 200
    await harness.texts(USER, 1)
    assert harness.services is not None
    assert [r["update_id"] for r in sql(harness.services.store, "SELECT update_id FROM inbox")] == [9]
    assert harness.api.sent_messages(VICTIM) == []


async def test_configured_secret_and_an_unguessable_default_path(harness: Harness) -> None:
    port = free_port()
    harness.extra += webhook_config(port, "    public_url: https://bot.example.org/\n",
                                    "    secret_token: my-own_SECRET-123\n")
    await harness.start()
    hook = harness.api.webhook
    assert hook["secret_token"] == "my-own_SECRET-123"
    prefix = "https://bot.example.org/"
    assert hook["url"].startswith(prefix)
    path = hook["url"][len(prefix):]
    assert len(path) == 32 and path != "telegram"   # derived from the token: the same after a restart
    assert await harness.api.post_webhook(f"http://127.0.0.1:{port}/telegram", text_update(USER, "你好", 3)) == 404
    assert await harness.api.post_webhook(f"http://127.0.0.1:{port}/{path}", text_update(USER, "怎么立案", 4)) == 200
    await harness.texts(USER, 1)
    await harness.restart()
    assert harness.api.webhook["url"] == hook["url"]
