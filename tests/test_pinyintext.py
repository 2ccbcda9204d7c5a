"""A message typed wholly in pinyin is read as the characters of the rules' words; anything else is left alone."""

from __future__ import annotations

from bot.pinyintext import PinyinText
from bot.tokenizers import _base
from tests.conftest import shipped_matcher


def reader(*words: str, synonyms: dict[str, str] | None = None) -> PinyinText:
    return PinyinText(words, synonyms or {}, _base().FREQ)


def test_the_fewest_pieces_win_a_lone_syllable_costing_two() -> None:
    # 怎么打 + 便 would also spell it: two pieces of the rules and a lone character cost more than three words.
    assert reader("对方", "答辩", "怎么打", "怎么").read("dui fang zen me da bian") == "对方怎么答辩"


def test_a_synonym_is_read_as_its_main_word_and_lone_syllables_as_common_characters() -> None:
    assert reader("几个月", synonyms={"几个月": "多久"}).read("yao deng ji ge yue") == "要等多久"


def test_common_words_of_the_dictionary_come_before_lone_characters() -> None:
    assert reader("离婚").read("wo you yi ge wen ti") == "我有一个问题"   # 一个, 问题: jieba's common words
    assert reader("想离").read("wo xiang li le") == "我想离了"   # 想 is the rules' (想离), 向 only commoner


def test_of_two_words_spelled_alike_the_one_of_commoner_characters() -> None:
    assert reader("不还", "不付").read("wo bu fu le") == "我不付了"   # `bufu` is 不还 only by a rare reading of 还
    assert reader("区法院", "去法院").read("wo yao qu fa yuan") == "我要去法院"
    assert reader("要签", "要钱").read("zhong cai yao qian ma").endswith("要钱吗")


def test_only_a_whole_message_of_pinyin_syllables_is_read() -> None:
    pinyin = reader("离婚")
    assert pinyin.read("hello world") is None        # letters that are no pinyin
    assert pinyin.read("li hun") is None              # two syllables: bot/soundalike.py reads listed words
    assert pinyin.read("我要 li hun le") is None      # characters typed too
    assert pinyin.read("ok") is None
    assert (pinyin.read("wo yao li hun, xie xie!") or "").startswith("我要离婚")   # punctuation between words


def test_the_matcher_reads_a_pinyin_sentence_as_characters() -> None:
    found = shipped_matcher().match("lao ban qian wo gong zi bu gei").intent   # 老板欠我工资不给
    assert found is not None and found.id == "labor.arbitration"
