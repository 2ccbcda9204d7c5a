import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.normalize as normalize_module
from bot.normalize import join_spelled, nfkc, normalize, sentences, spelled_out


def test_full_width_traditional_case_punctuation_emoji() -> None:
    assert normalize("請問：訴訟費多少錢？？😀") == "请问 诉讼费多少钱"
    assert normalize("ＡＢＣ１２３　離婚 ") == "abc123 离婚"
    assert normalize("👨‍👩‍👧\u200b\x00hello") == "hello"


def test_keeps_word_spacing_of_signers() -> None:
    assert normalize("法院  手语 翻译 有 吗") == "法院 手语 翻译 有 吗"
    assert normalize("") == ""
    assert normalize("？！。，") == ""


def test_the_cleaning_table_stops_growing_and_still_cleans(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(normalize_module, "_CLEANING_SIZE", 2)
    monkeypatch.setattr(normalize_module, "_CLEANING", normalize_module._Cleaning())
    normalize.cache_clear()
    assert normalize("甲，乙！丙a€") == "甲 乙 丙a"   # € (not ASCII, not an ideograph): the table is read
    assert len(normalize_module._CLEANING) == 2
    normalize.cache_clear()


def test_join_spelled_joins_only_runs_of_single_characters() -> None:
    assert join_spelled("帮 写 诉 状") == "帮写诉状"
    assert join_spelled("老公 打 我 我 想 离婚") == "老公 打我我想 离婚"
    assert join_spelled("离婚 诉讼费") == "离婚 诉讼费"


def test_sentences_end_at_full_stops_and_question_marks_not_at_commas() -> None:
    assert sentences("我不起诉。我要離婚！怎么办？") == ("我不起诉", "我要离婚", "怎么办")
    assert sentences("诉讼费；多少\n钱，要交吗?") == ("诉讼费", "多少", "钱 要交吗")
    assert sentences("？！。") == ()
    for text in ("我不起诉。我要離婚！怎么办？", "法院  手语，翻译 有 吗", "", "abc；def"):
        assert " ".join(sentences(text)) == normalize(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("，。？！：；“”…—ＡＢ１２　ｶﾞﾟ〪가각ᄀ\u1161\u11a8e\u0301é¨ﬁ①²㎏诉讼費abc😀\ufe0f"), max_size=10)
       | st.text(max_size=10))
def test_nfkc_equals_the_standard_algorithm(text: str) -> None:
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_pinyin_syllables_typed_apart_are_joined_like_spaced_characters() -> None:
    join_spelled = normalize_module.join_spelled
    assert join_spelled("jia bao") == "jiabao"
    assert join_spelled("shang su 怎么弄") == "shangsu 怎么弄"
    assert join_spelled("help me") == "help me"      # English words are no syllables


def _chars_of(ranges: tuple[tuple[int, int], ...]) -> list[str]:
    return [chr(c) for first, last in ranges for c in range(first, last + 1)]


def test_the_characters_the_fast_paths_pass_over_are_those_the_tables_keep() -> None:
    """nfkc and the cleaning skip their per-character tables for these characters: they must map to themselves."""
    left_alone = _chars_of(normalize_module._NFKC_ALONE_RANGES)
    assert all(normalize_module._KEPT_BY_NFKC.search(c) is None for c in left_alone)
    assert "诉" in left_alone and "，" not in left_alone and "\u3000" not in left_alone
    assert [c for c in left_alone if unicodedata.normalize("NFKC", c) != c] == []
    plain = [c for c in _chars_of(normalize_module._PLAIN_RANGES) if not normalize_module._ASCII_NOT_KEPT.fullmatch(c)]
    assert all(normalize_module._NOT_PLAIN.search(c) is None for c in plain)
    assert "a" in plain and "诉" in plain and "," not in plain
    assert [c for c in plain if unicodedata.category(c)[0] not in "LN"] == []
    assert all(unicodedata.category(chr(c))[0] not in "LN"
               for c in range(0x80) if normalize_module._ASCII_NOT_KEPT.fullmatch(chr(c)))
    for text in ("我要起诉，怎么办？（急）", "法院　手语、翻译：有吗！", "ＡＢ诉讼費①", "abc def 123"):
        assert sentences(text) == tuple(
            s for part in normalize_module.SENTENCE_BREAKS.split(
                normalize_module._T2S.convert(unicodedata.normalize("NFKC", text)).lower())
            if (s := " ".join(part.translate(normalize_module._CLEANING).split())))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("诉讼费 ab1,.?、。﹐€é①😀\t"), max_size=12) | st.text(max_size=12))
def test_cleaning_equals_the_table(text: str) -> None:
    assert normalize_module._cleaned(text) == text.translate(normalize_module._CLEANING)


def test_a_sentence_spelled_out_is_three_or_more_single_characters() -> None:
    assert spelled_out("离 婚 我 想") and not spelled_out("我 聋") and not spelled_out("我 聋 人 上 法庭")
