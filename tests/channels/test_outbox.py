"""Replies as stored with the state and as sent: one item per Bot API call, keyboards built once."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.outbox import dumps, flatten, loads, markup
from bot.messages import Button, Reply, rows
from bot.protocol import RunCommand, ShowIntent

ROWS = [[["怎么立案", "i:filing.how"]], [["找法院", "c:/court"], ["找人帮忙", "c:/human"]]]


def test_the_same_buttons_give_the_same_keyboard_as_built_afresh() -> None:
    keyboard = markup({"text": "x", "buttons": ROWS})
    fresh = InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data) for label, data in row]
                                  for row in ROWS])
    assert keyboard is not None and keyboard.to_dict() == fresh.to_dict()
    assert markup({"text": "y", "buttons": [list(map(list, row)) for row in ROWS]}) is keyboard   # built once
    other = markup({"text": "x", "buttons": [[["怎么立案", "i:filing.other"]]]})
    assert other is not None and other.to_dict() != keyboard.to_dict()
    assert markup({"text": "x"}) is None and markup({"text": "x", "buttons": []}) is None


def test_items_keep_the_buttons_on_the_last_part_and_read_back() -> None:
    reply = Reply("第一段\n\n" + "字" * 4000, rows([Button("找法院", RunCommand("/court")),
                                                Button("怎么立案", ShowIntent("filing.how"))], 2))
    items = flatten([reply])
    assert len(items) == 2 and "buttons" not in items[0] and len(items[1]["buttons"][0]) == 2
    assert loads(dumps(items)) == items
    assert loads("not json") == [] and loads('{"a": 1}') == [] and loads("") == []
