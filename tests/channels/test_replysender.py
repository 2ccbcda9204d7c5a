"""The answers' keyboards as python-telegram-bot objects: built once per set of buttons."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.replysender import markup

ROWS = [[["怎么立案", "i:filing.how"]], [["找法院", "c:/court"], ["找人帮忙", "c:/human"]]]


def test_the_same_buttons_give_the_same_keyboard_as_built_afresh() -> None:
    keyboard = markup(ROWS)
    fresh = InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data) for label, data in row]
                                  for row in ROWS])
    assert keyboard is not None and keyboard.to_dict() == fresh.to_dict()
    assert markup([[list(button) for button in row] for row in ROWS]) is keyboard   # built once
    other = markup([[["怎么立案", "i:filing.other"]]])
    assert other is not None and other.to_dict() != keyboard.to_dict()
    assert markup(None) is None and markup([]) is None
