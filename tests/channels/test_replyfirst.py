"""The next long poll waits for a handler's first request to be written, never for Telegram's answer."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Bot
from telegram.request import HTTPXRequest

from bot.channels.replyfirst import Handling, ReplyFirst
from tests.botapi.server import FakeBotApi
from tests.channels.conftest import Harness

USER = 5151
HELD = 30.0   # the stand-in holds these answers back; the tests end long before (stopping it ends the hold)


def bot_on(api: FakeBotApi, first: ReplyFirst) -> Bot:
    return Bot(api.token, base_url=api.base_url, request=HTTPXRequest(httpx_kwargs=first.httpx_kwargs()))


async def test_a_handlers_request_written_sets_its_event_before_the_answer_comes(botapi: FakeBotApi) -> None:
    first = ReplyFirst(wait_at_most=HELD)
    botapi.add_chat(USER, "private")
    botapi.delay_next("sendMessage", HELD, deliver=True)
    mark = Handling()

    async def handler() -> None:
        ReplyFirst.handling(mark)
        await bot.send_message(USER, "你好")

    async with bot_on(botapi, first) as bot:
        sending = asyncio.create_task(handler())
        await first.wait([mark])
        assert mark.written and not sending.done()   # written, not answered
        await botapi.wait_for_sent(USER, count=1)     # the stand-in reads it, and holds its answer
        assert botapi.sent_texts(USER) == ["你好"] and not sending.done()
        sending.cancel()
        await asyncio.gather(sending, return_exceptions=True)


async def test_requests_outside_a_handler_or_after_its_first_leave_no_trace(botapi: FakeBotApi) -> None:
    first = ReplyFirst()
    botapi.add_chat(USER, "private")
    seen: list[dict[str, object]] = []

    async def record(request: object) -> None:   # runs after ReplyFirst's hook
        seen.append(dict(getattr(request, "extensions", {})))

    request = HTTPXRequest(httpx_kwargs={"event_hooks": {"request": [*first.httpx_kwargs()["event_hooks"]["request"],
                                                                     record]}})
    async with Bot(botapi.token, base_url=botapi.base_url, request=request) as bot:
        await bot.send_message(USER, "外面")   # no handler: no event to set
        mark = Handling()

        async def handler() -> None:
            ReplyFirst.handling(mark)
            await bot.send_message(USER, "一")
            await bot.send_message(USER, "二")

        await asyncio.create_task(handler())
    traced = ["trace" in extensions for extensions in seen[-3:]]
    assert traced == [False, True, False] and mark.written


async def test_a_handlers_first_request_is_traced_only_until_it_is_written(botapi: FakeBotApi) -> None:
    first = ReplyFirst()
    botapi.add_chat(USER, "private")
    steps: list[str] = []

    async def count(request: Any) -> None:   # runs after ReplyFirst's hook: notes each step it is traced for
        trace = request.extensions.get("trace")
        if trace is not None:
            async def noted(name: str, info: dict[str, Any]) -> None:
                steps.append(name)
                await trace(name, info)

            request.extensions["trace"] = noted

    request = HTTPXRequest(httpx_kwargs={"event_hooks": {"request": [*first.httpx_kwargs()["event_hooks"]["request"],
                                                                     count]}})
    async with Bot(botapi.token, base_url=botapi.base_url, request=request) as bot:
        mark = Handling()

        async def handler() -> None:
            ReplyFirst.handling(mark)
            await bot.send_message(USER, "一")

        await asyncio.create_task(handler())
    # httpcore would go on tracing the answer's steps (receive_response_headers, ...): none once it is written
    assert mark.written and steps and steps[-1].endswith("send_request_body.complete")


async def test_the_wait_ends_after_its_bound_when_a_handler_cannot_send() -> None:
    never, done = Handling(), Handling()
    done.set()
    await ReplyFirst(wait_at_most=0.01).wait([never, done])
    assert not never.written


async def test_the_wait_ends_when_the_last_handler_has_written() -> None:
    first, second = Handling(), Handling()
    waiting = asyncio.create_task(ReplyFirst(wait_at_most=HELD).wait([first, second]))
    await asyncio.sleep(0)
    first.set()
    await asyncio.sleep(0)
    assert not waiting.done()   # one still to write
    second.set()
    await asyncio.wait_for(waiting, HELD / 3)   # not the 30 s bound


async def test_a_wait_cancelled_by_a_stop_leaves_nothing_behind() -> None:
    never = Handling()
    before = asyncio.all_tasks()
    waiting = asyncio.create_task(ReplyFirst(wait_at_most=HELD).wait([never]))
    await asyncio.sleep(0.01)
    waiting.cancel()
    await asyncio.gather(waiting, return_exceptions=True)
    await asyncio.sleep(0)
    assert asyncio.all_tasks() == before
    never.set()   # a handler writing after the poll went on finds nothing waiting for it


async def test_polling_goes_on_while_telegram_has_not_answered_a_reply(harness: Harness) -> None:
    channel = await harness.start()
    channel.reply_first.wait_at_most = HELD   # a poll waiting for Telegram's answer would now wait it out
    harness.api.delay_next("sendMessage", HELD, deliver=True)
    harness.api.push_text(USER, "怎么立案")
    await harness.texts(USER, 1)
    # The reply is written and Telegram holds its answer: the next long poll is open all the same (within less
    # than the harness's 3 s request timeout, after which the reply would give up waiting and be sent again).
    await harness.api.wait_until_polling(timeout=2.0)
    harness.api.push_text(USER + 1, "怎么立案")
    await harness.texts(USER + 1, 1, timeout=HELD / 3)
    await harness.api.stop()   # ends the held answer: stopping the channel need not wait out the request timeout
