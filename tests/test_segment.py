"""The faster route search cuts every text exactly as jieba's own tokenizer does."""

from __future__ import annotations

from functools import cache

import jieba
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.matcher import tokenizer
from bot.segment import Segmenter
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
