"""Updates as stored in the inbox: always encodable, personal numbers masked, readable again."""

from __future__ import annotations

import json

from telegram import Bot, Update

from bot.channels.inbox import KeptUpdates, encode

PINNED = {"update_id": 1, "message": {
    "message_id": 9, "date": 1_800_000_000, "chat": {"id": -100123, "type": "supergroup", "title": "运营组"},
    "from": {"id": 777, "is_bot": False, "first_name": "王"},
    "pinned_message": {"message_id": 5, "date": 0, "chat": {"id": -100123, "type": "supergroup", "title": "运营组"}}}}
TEXT = {"update_id": 2, "message": {
    "message_id": 3, "date": 1_800_000_000, "chat": {"id": 42, "type": "private", "first_name": "测试"},
    "from": {"id": 42, "is_bot": False, "first_name": "测试"}, "text": "我的手机13912345678"}}


def test_an_inaccessible_pinned_message_is_stored_and_read_back() -> None:
    bot = Bot("123:ABC")
    update = Update.de_json(PINNED, bot)
    assert update is not None
    again = Update.de_json(json.loads(encode(update)), bot)
    assert again is not None and again.message is not None and again.message.pinned_message is not None


def test_numbers_in_texts_are_masked() -> None:
    update = Update.de_json(TEXT, Bot("123:ABC"))
    assert update is not None
    stored = encode(update)
    assert "13912345678" not in stored and "[手机号]" in stored


def test_the_update_as_sent_is_stored_masked_and_reads_back_as_ptb_would_store_it() -> None:
    bot = Bot("123:ABC")
    sent = json.loads(json.dumps(TEXT))
    update = Update.de_json(sent, bot)
    assert update is not None and sent == TEXT   # PTB builds its objects from a copy
    stored = encode(update, sent)
    assert "13912345678" not in stored and "[手机号]" in stored
    assert sent == TEXT   # masked in the copy stored, not in the update as sent
    again, ptb = (Update.de_json(json.loads(s), bot) for s in (stored, encode(update)))
    assert again is not None and ptb is not None and again.to_dict() == ptb.to_dict()
    assert again.message is not None
    assert again.message.text == "我的手机[手机号]"


def test_the_getupdates_client_keeps_each_update_of_the_latest_answer_once() -> None:
    request = KeptUpdates(connection_pool_size=1)
    answer = request.parse_json_payload(json.dumps({"ok": True, "result": [PINNED, TEXT]}).encode())
    assert answer["result"] == [PINNED, TEXT]   # PTB reads the same answer as without keeping
    assert request.take(2) == TEXT and request.take(2) is None
    request.parse_json_payload(json.dumps({"ok": True, "result": []}).encode())
    assert request.take(1) is None   # a new answer replaces the batch before it
    assert request.parse_json_payload(b'{"ok": true, "result": true}')["result"] is True
