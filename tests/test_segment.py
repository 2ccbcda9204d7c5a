"""The faster route search cuts every text exactly as jieba's own tokenizer does."""

from __future__ import annotations

from functools import cache

import jieba
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba import finalseg

from bot.segment import Segmenter, hmm_cut
from bot.tokenizers import tokenizer
from tests.conftest import shipped_intents


@cache
def tokenizers() -> tuple[Segmenter, jieba.Tokenizer]:
    """Ours on the real intents' words and jieba's own on the same dictionary, built at first use (not collection)."""
    ours = tokenizer(shipped_intents().dictionary_words())
    theirs = jieba.Tokenizer()
    theirs.FREQ, theirs.total, theirs.initialized = ours.FREQ, ours.total, True   # the same dictionary
    return ours, theirs


PIECES = st.deferred(lambda: st.sampled_from(
    sorted({e for i in shipped_intents() for e in i.examples} | {"a1", "ＡＢ", "诉讼费诉讼费", "的的的", "龘"})))


def test_the_matchers_tokenizer_is_a_segmenter() -> None:
    assert isinstance(tokenizer(shipped_intents().dictionary_words()), Segmenter)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES | st.text(max_size=12), max_size=6).map("".join))
def test_cuts_equal_jiebas_own(text: str) -> None:
    ours, theirs = tokenizers()
    assert ours.lcut(text, HMM=True) == theirs.lcut(text, HMM=True)
    assert ours.lcut(text, HMM=False) == theirs.lcut(text, HMM=False)


@settings(max_examples=150, deadline=None)
@given(st.lists(PIECES | st.text(max_size=12), max_size=6).map("".join))
def test_words_equal_jiebas_cut(text: str) -> None:
    ours, theirs = tokenizers()
    assert ours.words(text) == theirs.lcut(text, HMM=True)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"的是我不人上诉法院龘龖龗a1 ，", chr(0x9FD0), chr(0x3400)]), max_size=12))
def test_the_hmm_cuts_unknown_words_as_jiebas_own(text: str) -> None:
    out: list[str] = []
    hmm_cut(text, out)
    assert out == list(finalseg.cut(text))
