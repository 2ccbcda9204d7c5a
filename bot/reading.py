"""Reading a message for the rules: cleaned, cut into words (synonyms replaced, sound-alike slips corrected), and
the rules' words found in it."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

from bot.intents import WHOLE_WORD, IntentSet
from bot.normalize import join_spelled_words, normalize, sentences, spelled_out
from bot.pinyintext import PinyinText
from bot.segment import Segmenter
from bot.soundalike import SoundAlike
from bot.tokenizers import tokenizer
from bot.wordfind import WordFinder, pairs_of

WORD_CACHE = 8192   # segmented words kept (users repeat words, and a story's clauses are read twice)


class Analysis(NamedTuple):
    """What the matcher saw: the cleaned text, its tokens (synonyms replaced) and found terms (a tuple: made for
    each message and each asking part of a story, cheaply)."""

    text: str
    normalized: str
    # The tokens the rules read: a space-free word holding no synonym and no whole word of the rules is one item,
    # left uncut (no token of it could be replaced or looked up, so its cut changes nothing); `tokens` cuts it.
    read: tuple[str, ...]
    compact: str
    found: frozenset[str] = frozenset()
    # The scope rules' words in `compact` (bot/scope.py), found with the atoms; None: not looked for.
    scope_words: frozenset[str] | None = None
    pairs: frozenset[str] | None = None   # the pairs of characters side by side in `compact` (bot/wordfind.py)
    cut: Callable[[str], tuple[str, ...]] | None = None   # a normalised text's tokens, every word cut

    @property
    def tokens(self) -> tuple[str, ...]:
        """The normalised text's words as the tokenizer cuts them, synonyms replaced by their main word."""
        return self.read if self.cut is None else self.cut(self.normalized)

    def __repr__(self) -> str:   # without `cut`: a bound method's repr names its matcher's address
        shown = (f"{k}={v!r}" for k, v in zip(self._fields, self, strict=True) if k != "cut")
        return f"Analysis({', '.join(shown)})"

    @property
    def size(self) -> int:
        """Characters of the message read (the breaks between its sentences not counted)."""
        return len(self.compact) - self.compact.count("\n")


class Reader:
    """Reads messages for one IntentSet's rules (the matcher's first step). Immutable but for its word caches."""

    def __init__(self, intents: IntentSet) -> None:
        self.intents = intents
        words = intents.dictionary_words()
        self._tok: Segmenter = tokenizer(words)
        terms = (t for i in intents for t in (*i.keywords, *i.require, *i.exclude, *i.statements))
        atoms = {atom for t in terms for atom in t.atoms}
        self._atom_set = frozenset(atoms)
        # The atoms and the scope rules' words are found in a message together (bot/wordfind.py).
        self._scope_words = intents.scope.words() if intents.scope else frozenset()
        self._finder = WordFinder(atoms | self._scope_words)
        # The tokens some `=word` atom wants whole.
        self._whole_words = frozenset(atom[len(WHOLE_WORD):] for atom in atoms if atom.startswith(WHOLE_WORD))
        # The character pairs the rules' words hold side by side: a space between such a pair may part a word
        # typed apart from itself (`几个 月`); a message with no such space is not cut again without its spaces.
        self._pairs = frozenset(w[n:n + 2] for w in words for n in range(len(w) - 1))
        self._words = lru_cache(maxsize=WORD_CACHE)(self._word_tokens)
        self._reads = lru_cache(maxsize=WORD_CACHE)(self._read_word)
        # What a token must be for the rules to see it (a synonym, a whole word of the rules or of the scope rules):
        # a word holding none of them is not cut (`_read_word`).
        self._keys = WordFinder({*intents.synonyms, *self._whole_words,
                                 *(intents.scope.whole_words() if intents.scope else ())})
        freq = self._tok.FREQ
        self._slips = SoundAlike(intents.sound_alike, lambda piece: freq.get(piece, 0) > 0)
        q = intents.questions
        asked = {w for words in (q.asking, q.fillers, q.framing, q.vague, q.courtesy, q.acts) for w in words}
        asked.update(w for _aspect, words in q.aspects for w in words)
        # A message typed wholly in pinyin is read as the characters of these words (bot/pinyintext.py).
        self.pinyin = PinyinText(intents.dictionary_words() | asked | set(intents.sound_alike), intents.synonyms, freq)

    def _word_tokens(self, word: str) -> tuple[str, ...]:
        """One space-free word of a cleaned message as tokens, synonyms replaced by their main word."""
        return self._cut_word(self._slips.correct(word))

    def _cut_word(self, fixed: str) -> tuple[str, ...]:
        """A word, its slips corrected, as tokens, synonyms replaced by their main word."""
        words = self._tok.words(fixed)
        return tuple(map(self.intents.synonyms.get, words, words))   # each word's main word, else the word

    def _read_word(self, word: str) -> tuple[str, ...]:
        """`_word_tokens(word)`, or the word (its slips corrected) as one item when no token of it could be a key."""
        fixed = self._slips.correct(word)
        if not self._keys.any_in(fixed):
            return (fixed,)
        return self._cut_word(fixed)

    def _cut(self, normalized: str) -> tuple[str, ...]:
        """Every word of a normalised text cut into tokens (`Analysis.tokens`)."""
        return tuple(chain.from_iterable(map(self._words, normalized.split())))

    def clear_caches(self) -> None:
        """Forget cleaned texts and segmented words: the next message costs what a new one costs (`wuai bench`)."""
        normalize.cache_clear()
        sentences.cache_clear()
        self._words.cache_clear()
        self._reads.cache_clear()

    def analyse(self, text: str) -> Analysis:
        """Normalise, tokenise and replace synonyms by their main word; sentences stay apart in `compact`."""
        # A sentence typed one character at a time (`离 婚 我 想 你 告 诉 我`) is read as typed whole: a lone character
        # there is a piece of a word (告诉 is telling, not 告 suing).
        parts = tuple(line.replace(" ", "") if spelled_out(line) else line for line in sentences(text))
        compact, tokens = self._read_sentences(parts)
        pairs = pairs_of(compact)
        seen = self._found(compact, tokens, pairs)
        found = seen & self._atom_set
        # A word typed one character at a time (诉 状) is also looked for as the same word typed whole;
        # the spaced cut stays the one patterns read, as a lone character can be a word (我 聋).
        spelled = tuple(join_spelled_words(line) if " " in line else line for line in parts)
        if spelled != parts:
            found |= self._found(*self._read_sentences(spelled)) & self._atom_set
        # A word typed apart from itself (`几个 月`, `多少 天`: 多久) is also looked for as typed without the spaces.
        unspaced = tuple(line.replace(" ", "") if self._parts_a_word(line) else line for line in spelled)
        if unspaced != spelled:
            found |= self._found(*self._read_sentences(unspaced)) & self._atom_set
        return Analysis(text, " ".join(parts), tokens, compact, frozenset(found), frozenset(seen & self._scope_words),
                        pairs, self._cut)

    def _parts_a_word(self, line: str) -> bool:
        """Some space in `line` stands between two characters a word of the rules holds side by side."""
        pairs, space = self._pairs, line.find(" ")
        while space != -1:
            if space and line[space - 1] + line[space + 1:space + 2] in pairs:
                return True
            space = line.find(" ", space + 1)
        return False

    def _read_sentences(self, parts: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
        """The sentences' tokens, and their text with a line break between sentences: no keyword or pattern
        spans the end of a sentence (`不起诉。我`)."""
        lines = list(map(self._tokens, parts))
        return "\n".join(map("".join, lines)), tuple(chain.from_iterable(lines))

    def _tokens(self, normalized: str) -> tuple[str, ...]:
        # jieba cuts each run of characters between spaces on its own, so words are cut (and cached) one by
        # one: a story's question clauses, read again on their own, reuse the words of the whole message.
        return tuple(chain.from_iterable(map(self._reads, normalized.split())))

    def _found(self, compact: str, tokens: tuple[str, ...], pairs: frozenset[str] | None = None) -> set[str]:
        """The atoms that occur in `compact` (`pairs`: its pairs of characters, when made); `=word` atoms only as
        whole tokens."""
        found = self._finder.find(compact, pairs)
        whole = self._whole_words.intersection(tokens)
        if whole:
            found.update(WHOLE_WORD + tok for tok in whole)
        return found
