"""Finding a list's words in a text by its pairs of characters: exactly the words a substring test finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.wordfind import WordFinder, any_char, any_of, pairs_of, remove_words

WORDS = ["诉", "起诉", "起诉状", "诉状", "状告", "上诉期", "几个月", "个月", "月", "法院", "法院在哪", "哪",
         "a", "ab", "abc", "\n", "=离婚", "离婚"]


def test_words_are_found_anywhere_overlapping_and_nested() -> None:
    finder = WordFinder(WORDS)
    assert finder.find("我要起诉状告法院在哪") == {"诉", "起诉", "起诉状", "诉状", "状告", "法院", "法院在哪", "哪"}
    assert finder.find("几个\n月") == {"\n", "月"}   # a word never spans what is not in the text
    assert finder.find("") == set()
    assert finder.find("离婚") == {"离婚"}   # `=离婚` is a rule's mark, not text


def test_an_empty_word_or_list_finds_nothing() -> None:
    assert WordFinder(["", "a"]).find("abc") == {"a"}
    assert WordFinder([]).find("abc") == set()
    assert any_char([]).search("abc") is None
    assert any_char("]^-\\").findall("a]b^c-\\") == ["]", "^", "-", "\\"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "我", "要", "个", "b", "c", "在"]), max_size=10).map("".join),
       st.lists(st.text(alphabet="起诉状告个月法院哪abc\n", min_size=1, max_size=5), max_size=30))
def test_the_same_words_as_a_substring_test(text: str, words: list[str]) -> None:
    finder = WordFinder(words + WORDS)
    expected = {w for w in words + WORDS if w and w in text}
    assert finder.find(text) == expected
    assert finder.find(text, pairs_of(text)) == expected


def test_any_of_the_words_is_searched_for_literally() -> None:
    assert any_of(("多少钱", "a.b")).findall("诉讼费多少钱 axb a.b") == ["多少钱", "a.b"]   # `.` is no wildcard
    assert any_of(()).search("abc") is None                                                # no words: never found
    assert any_of(("",)).search("abc") is not None                                         # as `"" in text` is


def test_words_are_removed_anywhere_or_only_at_the_ends() -> None:
    assert remove_words("那离婚要多少钱呢", ["多少钱", "那", "呢"]) == "离婚要"
    assert remove_words("那那离婚那呢", ["那", "呢"], only_ends=True) == "离婚"
    assert remove_words("那", ["那"], only_ends=True) == "那"     # a word alone is kept
    assert remove_words("离婚", ["", "那"], only_ends=True) == "离婚"
