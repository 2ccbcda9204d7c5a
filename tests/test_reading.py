"""Reading a message for the rules: sentences kept apart, words cut, synonyms replaced."""

from __future__ import annotations

from bot.reading import Reader
from tests.conftest import shipped_intents


def test_no_keyword_spans_the_end_of_a_sentence() -> None:
    m = Reader(shipped_intents())
    assert "起诉我" in m.analyse("银行又不起诉我").found
    assert "起诉我" not in m.analyse("银行又不起诉。我还要还吗").found
    assert "起诉我" in m.analyse("银行又不起诉，我还要还吗").found   # a comma does not end the sentence
    assert m.analyse("银行又不起诉。我还要还吗").size == len("银行又不起诉我还要还吗")


def test_story_time_is_no_question_of_how_long() -> None:
    m = Reader(shipped_intents())
    for story in ("账号几个月后被找回", "欠了我几个月的工资", "前几天收到传票"):
        assert "多久" not in m.analyse(story).tokens, story
    for asked in ("离婚要几个月", "立案要几天", "几个月能判下来"):
        assert "多久" in m.analyse(asked).tokens, asked


def test_a_word_of_the_vocabulary_is_no_sound_alike_slip() -> None:
    m = Reader(shipped_intents())
    assert "多久" not in m.analyse("男朋友一喝多就踢我").tokens   # 喝多 (words:): whenever he drinks too much
    assert "多久" in m.analyse("离婚要多就").tokens                # 多就 alone is a slip of 多久
