"""The Bot API stand-in works with the real python-telegram-bot (no patching of PTB)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
import pytest_asyncio
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup, Update
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from tests.botapi.plugin import application_builder, polling
from tests.botapi.server import Call, FakeBotApi, WaitTimeout

USER = 10001
FORUM = -1001234567890


def keyboard(*data: str) -> InlineKeyboardMarkup:
    """One row of inline buttons whose text equals their callback data."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


@pytest_asyncio.fixture
async def bot(botapi: FakeBotApi) -> AsyncIterator[Bot]:
    """A plain, initialized PTB Bot talking to the stand-in."""
    async with Bot(botapi.token, base_url=botapi.base_url, base_file_url=botapi.base_file_url) as b:
        yield b


# --------------------------------------------------------------------------------------------
# (a) plain Bot calls
# --------------------------------------------------------------------------------------------


async def test_bot_methods_are_answered_and_recorded(botapi: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.id == botapi.bot_id and me.username == "wuai_test_bot"

    sent = await bot.send_message(USER, "请选择", reply_markup=keyboard("yes", "no"))
    assert sent.from_user is not None and sent.from_user.id == botapi.bot_id
    assert sent.reply_markup is not None
    assert sent.reply_markup.inline_keyboard[0][1].callback_data == "no"

    doc = await bot.send_document(USER, b"%PDF-1.4 judgement", filename="判决书.pdf", caption="判决书")
    assert doc.document is not None and doc.document.file_name == "判决书.pdf"
    assert doc.document.mime_type == "application/pdf"
    assert doc.message_id == sent.message_id + 1  # per-chat counter

    assert botapi.file_bytes(doc.document.file_id) == b"%PDF-1.4 judgement"

    topic = await bot.create_forum_topic(FORUM, "案件 #1")
    assert topic.name == "案件 #1" and topic.message_thread_id > 1
    copied = await bot.copy_message(FORUM, USER, sent.message_id, message_thread_id=topic.message_thread_id)
    assert copied.message_id > topic.message_thread_id

    update = botapi.push_callback(USER, "yes")
    assert update["callback_query"]["message"]["message_id"] == sent.message_id
    assert await bot.answer_callback_query(update["callback_query"]["id"], text="好的")
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(update["callback_query"]["id"])

    # Recordings: params decoded to Python values, object parameters to dicts.
    [send_call] = botapi.calls("sendMessage")
    assert send_call.params["chat_id"] == USER
    assert send_call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "yes"
    assert [c.method for c in botapi.calls(ok=True)][:3] == ["getMe", "getMe", "sendMessage"]

    messages = botapi.sent_messages()
    assert [m["method"] for m in messages] == ["sendMessage", "sendDocument", "copyMessage"]
    assert messages[0]["reply_markup"] == {
        "inline_keyboard": [[{"text": "yes", "callback_data": "yes"}, {"text": "no", "callback_data": "no"}]]
    }
    in_topic = botapi.sent_messages(FORUM, thread_id=topic.message_thread_id)
    assert [m["text"] for m in in_topic] == ["请选择"]
    assert in_topic[0]["is_topic_message"] is True
    assert in_topic[0]["reply_to_message"]["forum_topic_created"]["name"] == "案件 #1"
    assert botapi.count_by_chat() == {USER: 2, FORUM: 1}
    assert botapi.duplicates() == []


async def test_text_checks_and_markup_kinds(botapi: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)text is empty"):
        await bot.send_message(USER, "   ")
    with pytest.raises(BadRequest, match=r"(?i)too long"):
        await bot.send_message(USER, "字" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)parse_mode HTML is not supported"):   # the bot sends plain text
        await bot.send_message(USER, "<b>开庭</b>", parse_mode="HTML")

    reply_kb = await bot.send_message(USER, "share", reply_markup=ReplyKeyboardMarkup([["A", "B"]]))
    assert reply_kb.reply_markup is None  # Telegram only echoes inline keyboards
    assert botapi.sent_messages()[-1]["reply_markup"]["keyboard"] == [[{"text": "A"}, {"text": "B"}]]
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "x", reply_markup=keyboard("x" * 65))
    assert len(botapi.sent_messages()) == 1  # failed requests recorded no message
    with pytest.raises(InvalidToken, match="method not found"):   # a method the bot never calls is unknown here
        await bot.edit_message_text("已更新", chat_id=USER, message_id=reply_kb.message_id)


async def test_form_json_and_query_bodies(botapi: FakeBotApi) -> None:
    url = f"{botapi.base_url}{botapi.token}/sendMessage"
    markup = {"inline_keyboard": [[{"text": "a", "callback_data": "1"}]]}
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"chat_id": USER, "text": "json", "reply_markup": markup}) as r:
            assert r.status == 200 and (await r.json())["result"]["reply_markup"] == markup
        form = {"chat_id": str(USER), "text": "123", "reply_markup": json.dumps(markup)}
        async with session.post(url, data=form) as r:
            assert (await r.json())["result"]["text"] == "123"  # numeric-looking text stays a string
        async with session.get(url, params={"chat_id": str(USER), "text": "query"}) as r:
            assert r.status == 200
        async with session.post(f"{botapi.base_url}bad:token/getMe") as r:
            assert r.status == 401 and await r.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        async with session.post(f"{botapi.base_url}{botapi.token}/noSuchMethod") as r:
            body = await r.json()
            assert r.status == 404 and body["description"] == "Not Found: method not found"
    assert botapi.sent_texts(USER) == ["json", "123", "query"]
    assert [c.params["reply_markup"] for c in botapi.calls("sendMessage")[:2]] == [markup, markup]


async def test_wrong_token_and_unknown_method_map_to_ptb_errors(botapi: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    with pytest.raises(InvalidToken, match="was rejected"):
        async with Bot("999:WRONG", base_url=botapi.base_url):
            pass


async def test_forum_topic_lifecycle(botapi: FakeBotApi, bot: Bot) -> None:
    botapi.add_forum(FORUM)
    topic = await bot.create_forum_topic(FORUM, "用户 10001")
    thread = topic.message_thread_id
    await bot.send_message(FORUM, "新案件", message_thread_id=thread)
    assert await bot.edit_forum_topic(FORUM, thread, name="用户 10001 ✅")
    assert await bot.close_forum_topic(FORUM, thread)
    with pytest.raises(BadRequest, match=r"(?i)Topic_not_modified"):
        await bot.close_forum_topic(FORUM, thread)
    assert await bot.reopen_forum_topic(FORUM, thread)
    with pytest.raises(BadRequest, match=r"(?i)thread not found"):
        await bot.send_message(FORUM, "x", message_thread_id=9999)
    with pytest.raises(BadRequest, match=r"(?i)not a forum"):
        await bot.create_forum_topic(USER, "x")
    [state] = botapi.topics(FORUM)
    assert state["name"] == "用户 10001 ✅" and state["closed"] is False

    # An operator answers inside the topic; the update carries the thread id.
    update = botapi.push_text(FORUM, "您好", chat_type="supergroup", user_id=777, thread_id=thread)
    message = update["message"]
    assert message["is_topic_message"] and message["message_thread_id"] == thread
    assert message["chat"]["is_forum"] is True


async def test_round_trip_holds_back_every_answer_including_an_update(botapi: FakeBotApi, bot: Bot) -> None:
    botapi.round_trip = 0.05
    start = time.monotonic()
    await bot.get_me()
    assert time.monotonic() - start >= 0.05
    pushed = time.monotonic()
    botapi.push_text(USER, "你好", user_id=USER)
    updates = await bot.get_updates(timeout=5)
    received = time.monotonic()
    assert [u.message.text for u in updates if u.message] == ["你好"]
    answered = botapi.calls("getUpdates")[-1]
    # the stand-in decided at once (its own record), the bot got the update a round trip later
    assert answered.at + answered.duration <= received - 0.05 and received - pushed >= 0.05


# --------------------------------------------------------------------------------------------
# (b) a real Application, polling
# --------------------------------------------------------------------------------------------


async def test_application_polls_and_answers(botapi: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"welcome {context.args}")

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        await update.message.reply_text(f"echo: {update.message.text}", reply_markup=keyboard("ok"))

    async def voice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.voice is not None
        await update.message.reply_text(f"voice {update.message.voice.file_size} bytes")

    async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("收到")
        assert query.message is not None
        await context.bot.send_message(query.message.chat.id, f"pressed {query.data}")

    app = application_builder(botapi).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(MessageHandler(filters.VOICE, voice))
    app.add_handler(CallbackQueryHandler(button))
    async with polling(app):
        botapi.push_command(USER, "start", "deeplink")
        botapi.push_text(USER, "你好")
        botapi.push_voice(USER, content=b"OggS" + b"\x00" * 96)
        [echoed] = await botapi.wait_for_sent(USER, text="echo: 你好")
        await botapi.wait_for_sent(USER, text="welcome ['deeplink']")
        await botapi.wait_for_sent(USER, text="voice 100 bytes")
        assert "reply_to_message" not in echoed  # PTB's reply_text only quotes outside private chats

        botapi.push_callback(USER, "ok", message_id=echoed["message_id"])
        [answer] = await botapi.wait_for("answerCallbackQuery")
        assert answer.params["text"] == "收到"
        await botapi.wait_for_sent(USER, text="pressed ok")
    assert botapi.pending_updates() == []  # PTB confirmed everything on stop
    assert len(botapi.sent_messages(USER)) == 4
    assert not [c for c in botapi.calls() if not c.ok and c.status != 499]


# --------------------------------------------------------------------------------------------
# (c) fault injection
# --------------------------------------------------------------------------------------------


async def test_http_errors_and_flood_control(botapi: FakeBotApi, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    botapi.fail_next("sendMessage", 500)
    with pytest.raises(NetworkError) as server_error:
        await bot.send_message(USER, "a")
    assert not isinstance(server_error.value, BadRequest)
    botapi.fail_next("sendMessage", 502, body="<html><body>502 Bad Gateway</body></html>")
    with pytest.raises(NetworkError, match=r"(?i)Bad Gateway"):
        await bot.send_message(USER, "a")
    botapi.rate_limit_next("sendMessage", retry_after=3)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(USER, "a")
    assert flood.value.retry_after == dtm.timedelta(seconds=3)
    assert botapi.sent_messages() == []

    await bot.send_message(USER, "a")
    assert botapi.sent_texts() == ["a"]
    assert [(c.status, c.injected) for c in botapi.calls("sendMessage")] == [
        (500, True),
        (502, True),
        (429, True),
        (200, False),
    ]

    botapi.block_chat(USER)
    with pytest.raises(Forbidden, match=r"(?i)blocked by the user"):
        await bot.send_message(USER, "b")
    botapi.block_chat(USER, False)
    botapi.set_chat_unreachable(20002)
    with pytest.raises(BadRequest, match=r"(?i)Chat not found"):
        await bot.send_message(20002, "b")
    assert botapi.sent_texts() == ["a"]


async def test_timeouts_and_dropped_connections(botapi: FakeBotApi) -> None:
    async with Bot(botapi.token, base_url=botapi.base_url) as bot:
        botapi.delay_next("sendMessage", 0.5)   # longer than the client waits: 0.2 s
        with pytest.raises(TimedOut):
            await bot.send_message(USER, "lost", read_timeout=0.2)
        await botapi.wait_for(lambda c: c.method == "sendMessage" and c.status == 499, include_failed=True)
        assert botapi.sent_messages() == []  # the client gave up before the request took effect

        botapi.delay_next("sendMessage", 0.5, deliver=True)
        with pytest.raises(TimedOut):
            await bot.send_message(USER, "twice", read_timeout=0.2)
        await bot.send_message(USER, "twice")  # naive retry
        assert botapi.sent_texts() == ["twice", "twice"]
        [group] = botapi.duplicates()
        assert len(group) == 2

        botapi.drop_next("sendMessage")
        with pytest.raises(NetworkError):
            await bot.send_message(USER, "dropped")
        assert botapi.sent_texts() == ["twice", "twice"]


async def test_random_faults_are_seeded(botapi: FakeBotApi, bot: Bot) -> None:
    async def run() -> list[int]:
        botapi.fail_rate(None, 0.5, seed=42)
        statuses = []
        for i in range(20):
            try:
                await bot.send_message(USER, str(i))
                statuses.append(200)
            except NetworkError:
                statuses.append(502)
        botapi.fail_rate(None, 0)
        return statuses

    first = await run()
    second = await run()
    assert first == second and 0 < first.count(502) < 20
    assert len(botapi.sent_messages()) == 2 * first.count(200)
    assert (await bot.get_me()).id == botapi.bot_id  # exempt from fail_rate(None, ...)


# --------------------------------------------------------------------------------------------
# (d) getUpdates offset semantics and restarts
# --------------------------------------------------------------------------------------------


async def test_get_updates_offsets_confirm_and_redeliver(botapi: FakeBotApi, bot: Bot) -> None:
    ids = [botapi.push_text(USER, f"m{i}")["update_id"] for i in range(3)]
    first = await bot.get_updates(timeout=0)
    assert [u.update_id for u in first] == ids
    again = await bot.get_updates(timeout=0)  # nothing confirmed yet -> same updates
    assert [u.update_id for u in again] == ids
    assert await bot.get_updates(offset=ids[-1] + 1, timeout=0) == ()
    assert botapi.pending_updates() == []

    # Fetched but unconfirmed updates survive a "crash" and reach the next poller.
    later = [botapi.push_text(USER, f"n{i}")["update_id"] for i in range(2)]
    assert [u.update_id for u in await bot.get_updates(offset=ids[-1] + 1, timeout=0, limit=1)] == later[:1]
    async with Bot(botapi.token, base_url=botapi.base_url) as restarted:
        redelivered = await restarted.get_updates(offset=ids[-1] + 1, timeout=0)
    assert [u.update_id for u in redelivered] == later
    assert botapi.delivery_count(later[0]) == 2 and botapi.delivery_count(later[1]) == 1


async def test_long_poll_returns_promptly_and_conflicts(botapi: FakeBotApi, bot: Bot) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await botapi.wait_until_polling()
    botapi.push_text(USER, "wake up")
    updates = await poll
    assert [u.message.text for u in updates if u.message] == ["wake up"]
    assert loop.time() - started < 2

    empty_started = loop.time()
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=dtm.timedelta(seconds=0.3)) == ()
    assert 0.25 <= loop.time() - empty_started < 2

    # Telegram answers the older of two concurrent long polls with 409 Conflict.
    async with Bot(botapi.token, base_url=botapi.base_url) as second:
        old = asyncio.create_task(bot.get_updates(timeout=5))
        await botapi.wait_until_polling()
        assert await second.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match=r"(?i)terminated by other getUpdates"):
            await old


async def test_application_restart_picks_up_pending_updates(botapi: FakeBotApi) -> None:
    handled: list[str] = []

    async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None and update.message.text is not None
        handled.append(update.message.text)
        await update.message.reply_text(f"ok {update.message.text}")

    first = application_builder(botapi).build()
    first.add_handler(MessageHandler(filters.TEXT, record))
    async with polling(first):
        botapi.push_text(USER, "before")
        await botapi.wait_for_sent(USER, text="ok before")
    botapi.push_text(USER, "while down")  # nobody is polling
    second = application_builder(botapi).build()
    second.add_handler(MessageHandler(filters.TEXT, record))
    async with polling(second):
        await botapi.wait_for_sent(USER, text="ok while down")
    assert handled == ["before", "while down"]
    assert botapi.duplicates() == []


async def test_wait_for_times_out_with_context(botapi: FakeBotApi, bot: Bot) -> None:
    await bot.send_message(USER, "hello")
    with pytest.raises(WaitTimeout, match="sendMessage:200"):
        await botapi.wait_for("copyMessage", timeout=0.05)
    calls = await botapi.wait_for(lambda c: isinstance(c, Call) and c.method == "sendMessage")
    assert calls[0].params["text"] == "hello"
