"""The faster route search cuts every text exactly as jieba's own tokenizer does."""

from __future__ import annotations

import jieba
from hypothesis import given, settings
from hypothesis import strategies as st
from jieba import finalseg

from bot.intents import load_intents
from bot.matcher import tokenizer
from bot.segment import Segmenter, hmm_cut
from tests.conftest import REAL_INTENTS

INTENTS = load_intents(REAL_INTENTS)
OURS = tokenizer(INTENTS.dictionary_words())
JIEBA = jieba.Tokenizer()
JIEBA.FREQ, JIEBA.total, JIEBA.initialized = OURS.FREQ, OURS.total, True   # the same dictionary
PIECES = sorted({e for i in INTENTS for e in i.examples} | {"a1", "ＡＢ", "诉讼费诉讼费", "的的的", "龘"})


def test_the_matchers_tokenizer_is_a_segmenter() -> None:
    assert isinstance(OURS, Segmenter)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=6).map("".join))
def test_cuts_equal_jiebas_own(text: str) -> None:
    assert OURS.lcut(text, HMM=True) == JIEBA.lcut(text, HMM=True)
    assert OURS.lcut(text, HMM=False) == JIEBA.lcut(text, HMM=False)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=6).map("".join))
def test_words_equal_jiebas_cut(text: str) -> None:
    assert OURS.words(text) == JIEBA.lcut(text, HMM=True)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"的是我不人上诉法院龘龖龗a1 ，", chr(0x9FD0), chr(0x3400)]), max_size=12))
def test_the_hmm_cuts_unknown_words_as_jiebas_own(text: str) -> None:
    out: list[str] = []
    hmm_cut(text, out)
    assert out == list(finalseg.cut(text))
