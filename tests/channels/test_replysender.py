"""The answers' keyboards as python-telegram-bot objects: built once per set of buttons."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.channels.replysender import encoded_markup, markup

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


def test_the_kept_keyboard_text_is_what_ptb_sends_for_the_keyboard_object() -> None:
    for rows in (ROWS, [[["上一步", "f:court:back"], ["下一步 ✓", 'f:"q"\\x']]]):
        keyboard = markup(rows)
        text = encoded_markup(rows)
        assert keyboard is not None and text is not None
        # PTB's request for reply_markup=<the object> and for api_kwargs={"reply_markup": <the text>}: the same bytes
        as_object = RequestData([RequestParameter.from_input("reply_markup", keyboard)])
        as_text = RequestData([RequestParameter.from_input("reply_markup", text)])
        assert as_text.json_parameters == as_object.json_parameters
        assert as_text.url_encoded_parameters() == as_object.url_encoded_parameters()
        assert encoded_markup([[list(b) for b in row] for row in rows]) is text   # kept
    assert encoded_markup(None) is None and encoded_markup([]) is None
