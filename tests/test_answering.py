"""A typed question answered (bot/answering.py) through the engine: context, follow-ups, fallbacks, declines."""

from __future__ import annotations

from tests.conftest import FakeClock
from tests.recording import RecordingChannel


def test_follow_up_resolves_against_the_topic_just_discussed(chat: RecordingChannel) -> None:
    chat.send("多少钱")
    chat.read("还不会回答")        # alone it means nothing
    chat.send("怎么起诉")
    chat.read("起诉的步骤")
    chat.send("那要多少钱？")      # after a filing answer: the fees of filing
    chat.read("诉讼费立案后交")


def test_a_new_clear_question_wins_over_context(chat: RecordingChannel) -> None:
    chat.send("怎么起诉")
    chat.read("起诉的步骤")
    chat.send("要带什么材料")
    chat.read("起诉状、身份证明、证据")


def test_context_expires(chat: RecordingChannel, clock: FakeClock) -> None:
    chat.send("怎么起诉")
    chat.read("起诉的步骤")
    clock.advance(31 * 60)
    chat.send("那要多少钱")
    chat.read("还不会回答")


def test_two_fallbacks_in_a_row_offer_a_human_and_yes_starts_it(chat: RecordingChannel) -> None:
    chat.send("今天天气好")
    first = chat.read("还不会回答")
    assert "找工作人员" in [b.label for b in first.button_list()]
    chat.send("讲个笑话")
    chat.read("要不要找工作人员")
    chat.press("好，找工作人员")
    opened = chat.read("已经帮你找工作人员")
    assert opened.actions[0].kind == "handoff.opened"


def test_out_of_scope_is_declined_politely(chat: RecordingChannel) -> None:
    chat.send("打人怎么判")
    reply = chat.read("量刑要看具体案情")
    assert [b.payload for b in reply.button_list()] == ["i:topic.filing", "i:topic.fees", "c:/court", "h:start"]
    rows = chat.engine.store.unanswered_since(0)
    assert [(r["decision"], r["closest"]) for r in rows] == [("out_of_scope", "oos.sentencing")]
