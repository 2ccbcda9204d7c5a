"""One jieba tokenizer per intent set's words: jieba's own dictionary plus exactly the rules' words."""

from __future__ import annotations

import logging
import os
import threading

from bot.jiebacache import initialize, jieba, private_dir
from bot.segment import Segmenter

_BASE: jieba.Tokenizer | None = None   # jieba's own dictionary, loaded once; never given domain words
_LOCK = threading.Lock()
_SETS: dict[frozenset[str], jieba.Tokenizer] = {}   # the latest few word sets' tokenizers
_KEEP_SETS = 2   # the live set and a reload's new one
# Where jieba keeps its prefix-dictionary cache (default: a private folder, bot/jiebacache.py private_dir).
CACHE_DIR_ENV = "WUAI_JIEBA_CACHE_DIR"
# A high frequency keeps domain words whole ("诉讼费", "跨域立案", typos like "力案").
DOMAIN_WORD_FREQ = 200000


def _base() -> jieba.Tokenizer:
    """jieba's main dictionary (large: loaded from its cache once per process)."""
    global _BASE
    if _BASE is None:
        jieba.setLogLevel(logging.WARNING)
        base = Segmenter()
        base.tmp_dir = os.environ.get(CACHE_DIR_ENV) or private_dir()
        initialize(base)   # jieba's initialize, its cache read in one go (bot/jiebacache.py)
        _BASE = base
    return _BASE


def tokenizer(words: set[str] | frozenset[str] = frozenset()) -> jieba.Tokenizer:
    """A jieba tokenizer with its own dictionary: jieba's words plus exactly these domain words.

    Each intent set gets its own, so a reload never keeps words from a removed file. Tokenizers are
    shared between sets with the same words; nothing adds words to one after it is built.
    """
    key = frozenset(words)
    with _LOCK:
        tok = _SETS.get(key)
        if tok is None:
            base = _base()
            tok = Segmenter()
            tok.tmp_dir = base.tmp_dir
            tok.FREQ, tok.total, tok.initialized = dict(base.FREQ), base.total, True   # a copy: ~10 ms
            for word in sorted(key):
                tok.add_word(word, freq=DOMAIN_WORD_FREQ)
            while len(_SETS) >= _KEEP_SETS:
                del _SETS[next(iter(_SETS))]
        else:
            del _SETS[key]   # moved to the end: most recently used
        _SETS[key] = tok
        return tok
