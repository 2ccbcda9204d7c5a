"""The dialogue engine through a recording channel: clarify, buttons, cancel, restart, limits, forget."""

from __future__ import annotations

from collections.abc import Callable

from bot.engine import Engine
from bot.messages import Incoming
from tests.conftest import SMALL_INTENTS, FakeClock
from tests.recording import RecordingChannel
from tests.sql import sql


def test_start_shows_welcome_privacy_and_topic_buttons(chat: RecordingChannel) -> None:
    chat.send("/start")
    welcome = chat.read("我是“无碍”")
    assert "/forget" in welcome.text
    menu = chat.read("我可以回答这些问题")
    assert [b.label for b in menu.button_list()] == ["怎么起诉", "诉讼费", "帮我查一下是哪个法院", "找工作人员"]


def test_answer_has_more_related_and_human_buttons(chat: RecordingChannel) -> None:
    chat.send("诉讼费怎么交")
    answer = chat.read("诉讼费立案后交")
    assert [b.payload for b in answer.button_list()] == ["m:topic.fees", "h:start"]
    chat.press("更多")
    assert chat.read("缓交").text == "交不起可以申请缓交、减交、免交。"


def test_clarify_then_pick_a_candidate(chat: RecordingChannel) -> None:
    chat.send("法院 手语 翻译")
    question = chat.read("您是想问")
    assert [b.label for b in question.button_list()] == ["手语翻译", "法院翻译", "都不是"]
    chat.press("法院翻译")
    chat.read("法院可以提供翻译")


def test_none_of_these_twice_offers_a_human(chat: RecordingChannel) -> None:
    chat.send("法院 手语 翻译")
    chat.read("您是想问")
    chat.press("都不是")
    chat.read("换一种说法")
    chat.send("法院 手语 翻译")
    chat.read("您是想问")
    chat.press("都不是")
    offer = chat.read("要不要找工作人员")
    assert [b.payload for b in offer.button_list()] == ["h:yes", "h:no"]


def test_stale_and_forged_buttons(chat: RecordingChannel) -> None:
    for payload in ("i:no.such.intent", "x", "f:court:place:110101", "zzz", "h:reopen:999", ""):
        chat.press_payload(payload or "m:", "旧按钮")
        reply = chat.read("这个按钮已过期")
        assert "怎么起诉" in [b.label for b in reply.button_list()]


def test_cancel_leaves_a_flow_at_any_step(chat: RecordingChannel) -> None:
    chat.send("/court")
    chat.read("先说是什么案子")
    chat.press("离婚")
    chat.read("对方现在是什么情况")
    chat.send("重新开始")
    chat.read("已经重新开始")
    chat.press_payload("f:court:divorce:home")
    chat.read("这个按钮已过期")


def test_idle_flow_resets_after_30_minutes(chat: RecordingChannel, clock: FakeClock) -> None:
    chat.send("/court")
    chat.read("先说是什么案子")
    clock.advance(31 * 60)
    chat.send("怎么起诉")
    chat.read("太久没有回答")
    chat.read("起诉的步骤")


def test_restart_mid_flow_restores_state_from_sqlite(make_engine: Callable[..., Engine],
                                                      channels: list[RecordingChannel]) -> None:
    first = RecordingChannel(make_engine(SMALL_INTENTS))
    channels.append(first)
    first.send("/court")
    first.read("先说是什么案子")
    first.press("借钱")
    first.read("对方（被告）住在哪里")
    first.engine.store.close()
    second = RecordingChannel(make_engine(SMALL_INTENTS))   # a new process on the same database file
    channels.append(second)
    second.send("昆明五华区")
    result = second.read("管辖法院")
    assert "云南省昆明市五华区人民法院" in result.text


def test_non_text_messages(chat: RecordingChannel) -> None:
    for kind in ("voice", "video_note", "audio", "sticker"):
        chat._push(Incoming(chat.user, kind=kind))  # type: ignore[arg-type]
        reply = chat.read("我只能看懂文字")
        assert [b.payload for b in reply.button_list()] == ["h:start"]
    chat.send_file("photo", "PHOTO-1", ref="55")
    assert "请把文书最上面的标题打字发给我" in chat.read("收到你的照片").text
    chat.send_file("document", "DOC-1", ref="56")
    chat.read("收到你的文件")


def test_long_message_is_not_processed(chat: RecordingChannel) -> None:
    chat.send("诉讼费" * 400)
    chat.read("你的消息太长了（超过1000个字）")
    assert chat.engine.store.recent(chat.user) == []


def test_flood_limit_warns_once_and_spares_other_users(make_engine: Callable[..., Engine],
                                                       channels: list[RecordingChannel]) -> None:
    engine = make_engine(SMALL_INTENTS, extra="limits:\n  flood_messages: 3\n  flood_seconds: 10\n")
    fast, calm = RecordingChannel(engine, "fast"), RecordingChannel(engine, "calm")
    channels += [fast, calm]
    for _ in range(3):
        fast.send("诉讼费")
        fast.read("诉讼费立案后交")
    fast.send("诉讼费")
    fast.read("你发得太快了")
    assert fast.send("诉讼费") == []
    calm.send("诉讼费")
    calm.read("诉讼费立案后交")


def test_forget_deletes_everything_after_confirming(chat: RecordingChannel) -> None:
    chat.send("诉讼费")
    chat.read("诉讼费立案后交")
    chat.send("今天天气好")
    chat.read("还不会回答")
    chat.send("/forget")
    chat.read("确定要删除")
    chat.press("确定删除")
    chat.read("已经删除")
    store = chat.engine.store
    for table in ("sessions", "transcript", "unanswered", "tickets"):
        assert sql(store, f"SELECT COUNT(*) AS n FROM {table}")[0]["n"] == 0, table


def test_handoff_outside_working_hours_says_when_answers_come(chat: RecordingChannel, clock: FakeClock) -> None:
    clock.advance(2 * 86400)                      # Sunday afternoon in Beijing
    chat.send("/human")
    reply = chat.read("已经帮你找工作人员")
    assert "现在是下班时间" in reply.text and "周一到周五" in reply.text
    assert "12110" in reply.text                  # a text-capable emergency channel, never only a phone call


def test_each_turn_says_which_intent_it_answered(make_engine: Callable[..., Engine]) -> None:
    """The answered intent is the turn's own result, not guessed from the time (the clock stands still here)."""
    engine = make_engine(SMALL_INTENTS)
    fees = engine.turn(Incoming("u1", "诉讼费怎么交"))
    assert fees.answered == "topic.fees" and fees.replies[0].intent == "topic.fees"
    more = engine.turn(Incoming("u1", "更多", kind="button", payload="m:topic.fees"))
    unknown = engine.turn(Incoming("u1", "zzzz qqqq"))
    assert (more.answered, unknown.answered) == ("", "")
    assert engine.handle(Incoming("u1", "/help")) == engine.turn(Incoming("u1", "/help")).replies
    out = [line for line in engine.store.recent("u1") if line.direction == "out"]
    assert [line.intent for line in out[:3]] == ["topic.fees", "", ""]   # only the answer is marked on the card


def test_an_old_forget_button_asks_again_before_deleting(chat: RecordingChannel, clock: FakeClock) -> None:
    """Security review L4: a 确定删除 pressed weeks later deletes nothing until the user confirms once more."""
    chat.send("诉讼费")
    chat.read("诉讼费立案后交")
    chat.send("/forget")
    old = chat.read("确定要删除")
    clock.advance(21 * 86400)
    [again] = chat.press_payload(old.button_list()[0].payload, "确定删除")
    chat.read_all()
    assert again.text.startswith("这个确认按钮已经过期") and "确定要删除" in again.text
    assert sql(chat.engine.store, "SELECT COUNT(*) AS n FROM transcript")[0]["n"] > 0   # nothing deleted yet
    chat.press("确定删除")
    chat.read("已经删除")
    assert sql(chat.engine.store, "SELECT COUNT(*) AS n FROM transcript")[0]["n"] == 0
