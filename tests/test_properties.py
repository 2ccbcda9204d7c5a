"""Property-based tests: any text, any button payload, any sequence of them, never breaks the bot."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot import texts
from bot.config import load_config
from bot.engine import Engine
from bot.intents import IntentSet
from bot.matcher import Candidate, Matcher, MatchResult
from bot.messages import Button, Reply
from bot.normalize import join_spelled_words, normalize, sentences, spelled_out
from bot.places import Gazetteer
from bot.protocol import fits, parse
from bot.store import Store
from bot.tokenizers import tokenizer
from tests.conftest import (
    REAL_INTENTS,
    SMALL_INTENTS,
    FakeClock,
    SharedLibraries,
    library_for,
    shipped_intents,
    shipped_matcher,
    write_config,
)
from tests.recording import RecordingChannel

PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Odd pieces of text a phone keyboard, a copy-paste or a broken client can produce.
CONTROLS = [chr(c) for c in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))]
FORMAT = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
          "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad", "\u061c", "\u180e", "\u2028", "\u2029"]
EMOJI = ["👨‍👩‍👧‍👦", "👍🏽", "🧏🏿‍♀️", "🤟", "🏳️‍🌈", "🇨🇳", "🇭🇰", "1️⃣", "🏴\U000e0067\U000e0062\U000e0073\U000e0063"
         "\U000e0074\U000e007f", "❤️", "🧑🏻‍⚖️", "\u200d", "\U0001f3fb", "\U0001f1e6"]  # lone ZWJ, tone, half flag
SCRIPTS = ["مرحبا", "שָׁלוֹם", "привет", "नमस्ते", "สวัสดี", "안녕하세요", "こんにちは", "ᠮᠣᠩᠭᠣᠯ\u180b", "བོད་",
           "ئۇيغۇر", "a̸̢̛͓̗ͤ", "ＡＢＣ１２３！", "離婚訴訟費", "𠀀𪚥𰻞", "\uf900\uf901", "㍿㋿", "ﷺ", "ǅ", "İ", "ß"]
ODD = ["\ufffd", "\ufffe", "\uffff", "\U0010ffff", "\ue000", "\U000f0000", "\u0378", "\U000e0001",
       "\ud800", "\udcff", "\udfff"]  # lone surrogates: the terminal decodes invalid bytes to these
DOMAIN = ["离婚", "起诉", "立案", "诉讼费", "法院", "在哪里", "手语", "翻译", "工资", "执行", "人工", "怎么办",
          "多少钱", "律师", "/start", "/court", "/cancel", "重新开始", "结束人工", " ", "\n", "\t", "？", "！"]
PIECES = CONTROLS + FORMAT + EMOJI + SCRIPTS + ODD + DOMAIN

any_char_text = st.text(st.characters(exclude_categories=()), max_size=60)  # every code point, surrogates too
pieces_text = st.lists(st.sampled_from(PIECES) | any_char_text, max_size=30).map("".join)
# Long texts by repetition: up to 10,000 characters without a huge example buffer.
long_text = st.builds(lambda unit, n: (unit * (n // max(1, len(unit)) + 1))[:n],
                      pieces_text.filter(bool), st.integers(0, 10_000))
bad_text = st.one_of(any_char_text, pieces_text, long_text)


# --- the normaliser ----------------------------------------------------------------------------
@PROPS
@given(bad_text)
def test_normalize_takes_any_text(text: str) -> None:
    out = normalize(text)
    assert isinstance(out, str)
    assert out == out.strip() and "  " not in out
    assert all(ch == " " or unicodedata.category(ch)[0] in "LN" for ch in out)


def test_normalize_replaces_lone_surrogates() -> None:
    assert normalize("\udcff离婚\ud800") == "离婚"
    assert normalize("起\udcb5诉") == "起 诉"


# --- the matcher -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def real_set() -> IntentSet:
    return shipped_intents()


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return shipped_matcher()


def check_result(result: MatchResult) -> None:
    assert result.decision in ("answer", "clarify", "fallback")
    scores = [c.score for c in result.candidates]
    assert scores == sorted(scores, reverse=True)
    if result.decision == "answer":
        assert result.intent is not None and not result.intent.out_of_scope
    if result.decision == "clarify":
        assert len(result.options) >= 1 and not any(i.out_of_scope for i in result.options)


@PROPS
@given(bad_text)
def test_matcher_takes_any_text(matcher: Matcher, text: str) -> None:
    check_result(matcher.match(text))
    assert matcher.explain(text)


def reference_match(m: Matcher, text: str, boosts: dict[str, float]) -> MatchResult:
    """The matcher's definition: score every intent with `score`, rank by score then file order, add a stated
    situation's weight (bot/statements.py), decide, let the scope rules decline, read an unanswered short message
    again without its framing or in signed order (those other texts are read by `match` itself), then a topic named
    with an aspect."""
    analysis = m.analyse(text)
    order = {intent.id: n for n, intent in enumerate(m.intents)}
    scored: list[Candidate] = [c for i in m.intents if (c := m.score(i, analysis, boosts.get(i.id, 0.0)))]
    again = m.rereading
    ranked = again.stated(tuple(sorted(scored, key=lambda c: (-c.score, order[c.intent.id]))), analysis, text)
    result = again.unframed(again.review(m.decide(ranked, analysis), text), text, boosts)
    # a topic named with an aspect (`topic_aspects:`), read on the decision as `match` does
    return again.topic_aspect(result, text, boosts) if m.intents.questions.topic_aspects else result


def atoms_of(intents: IntentSet) -> set[str]:
    return {a for i in intents for t in (*i.keywords, *i.require, *i.exclude, *i.statements) for a in t.atoms}


@cache
def real_atoms() -> frozenset[str]:
    return frozenset(atoms_of(shipped_intents()))


@cache
def dictionary_pairs() -> frozenset[str]:
    """Every two characters side by side in a word of the shipped intents' dictionary (once per test process)."""
    return frozenset(w[n:n + 2] for w in shipped_intents().dictionary_words() for n in range(len(w) - 1))


@cache
def fragments(*more: str) -> list[str]:
    """The real intents' examples and terms (and `more`), the pieces generated messages are made of."""
    return sorted({e for i in shipped_intents() for e in i.examples} | real_atoms() | set(more))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_fast_matching_equals_scoring_every_intent(real_set: IntentSet, matcher: Matcher, data: st.DataObject) -> None:
    """`match` indexes terms to skip most intents; it must rank exactly as scoring every intent would."""
    text = data.draw(st.lists(st.sampled_from(fragments()) | pieces_text, max_size=6).map("".join))
    ids = [i.id for i in real_set]
    boosts = data.draw(st.dictionaries(st.sampled_from(ids), st.sampled_from([1.5, 0.5]), max_size=6))
    fast, ref = matcher.match(text, boosts, focus=""), reference_match(matcher, text, boosts)   # no story focus
    assert (fast.decision, fast.reason, fast.candidates, fast.options) == \
        (ref.decision, ref.reason, ref.candidates, ref.options)
    atoms = real_atoms()

    def naive(compact: str, tokens: tuple[str, ...]) -> set[str]:
        return {a for a in atoms if (a[1:] in tokens if a.startswith("=") else a in compact)}

    # Characters typed one by one (咋 整) are also read joined (咋整), and words typed apart from themselves (几个 月)
    # without the spaces where a space parts two characters a word of the rules holds side by side: what those
    # readings find counts too.
    pairs = dictionary_pairs()

    def parts_a_word(line: str) -> bool:
        return any(line[n - 1] + line[n + 1:n + 2] in pairs for n in range(1, len(line)) if line[n] == " ")

    lines = tuple(join_spelled_words(line) for line in sentences(text))
    spelled = matcher.reader._read_sentences(lines)
    unspaced = matcher.reader._read_sentences(tuple(line.replace(" ", "") if parts_a_word(line) else line
                                             for line in lines))
    read = matcher.analyse(text)   # `fast` may be the answer to the message read without its framing
    assert read.found == naive(read.compact, read.tokens) | naive(*spelled) | naive(*unspaced)


def test_fast_matching_equals_scoring_on_every_example(real_set: IntentSet, matcher: Matcher) -> None:
    for text in [e for i in real_set for e in i.examples]:
        fast, ref = matcher.match(text, focus=""), reference_match(matcher, text, {})
        assert (fast.decision, fast.candidates, fast.options) == (ref.decision, ref.candidates, ref.options), text


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_words_cut_one_at_a_time_give_the_tokens_of_the_whole_text(real_set: IntentSet, matcher: Matcher,
                                                                   data: st.DataObject) -> None:
    """The matcher segments (and caches) each space-free word alone; jieba on the whole text agrees (a sentence typed
    wholly one character at a time is read whole instead: test_matcher)."""
    text = data.draw(st.lists(st.sampled_from(fragments(" ", "，", "a1")) | pieces_text, max_size=8).map("".join))
    assume(not any(map(spelled_out, sentences(text))))
    # Each word's sound-alike slips are corrected first (`起诉撞我` reads 起诉状我), as the reader does.
    fixed = " ".join(map(matcher.reader._slips.correct, normalize(text).split()))
    whole = tokenizer(real_set.dictionary_words()).lcut(fixed, HMM=True)
    synonyms = real_set.synonyms
    assert matcher.analyse(text).tokens == tuple(synonyms.get(t, t) for t in whole if not t.isspace())


@pytest.fixture(scope="module")
def cutting_every_word(real_set: IntentSet) -> Matcher:
    """A matcher that cuts every word, also those holding no synonym and no whole word of the rules.

    Built once for the module (a Matcher is immutable; building one takes about 0.1 s, once per example before).
    """
    every = Matcher(real_set, shipped_matcher().settings)
    every.reader._reads = every.reader._words   # type: ignore[method-assign]
    return every


@pytest.fixture(scope="module")
def whole_words(real_set: IntentSet) -> set[str]:
    """The words the rules name whole (`=word`), in the intents and the scope."""
    return {a[1:] for i in real_set for t in (*i.keywords, *i.require, *i.exclude) for a in t.atoms
            if a.startswith("=")} | (real_set.scope.whole_words() if real_set.scope else set())


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_words_left_uncut_change_nothing_the_rules_see(matcher: Matcher, cutting_every_word: Matcher,
                                                        whole_words: set[str], data: st.DataObject) -> None:
    """A word holding no synonym and no whole word is read as one item: the match is the same as with every word
    cut, and so are the tokens the rules look up."""
    text = data.draw(st.lists(st.sampled_from(fragments(" ", "，", "a1")) | pieces_text, max_size=8).map("".join))
    every = cutting_every_word
    read, cut = matcher.analyse(text), every.analyse(text)
    assert read.tokens == cut.tokens == cut.read
    assert (read.compact, read.found, read.scope_words, read.pairs) == (cut.compact, cut.found, cut.scope_words,
                                                                         cut.pairs)
    assert [t for t in read.read if t in whole_words] == [t for t in cut.read if t in whole_words]
    fast, slow = matcher.match(text), every.match(text)
    assert (fast.decision, fast.reason, fast.candidates, fast.options, fast.declined) == (
        slow.decision, slow.reason, slow.candidates, slow.options, slow.declined)


# --- the engine --------------------------------------------------------------------------------
USERS = itertools.count()


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, shared_libraries: SharedLibraries,
           gazetteer: Gazetteer) -> Iterator[Engine]:
    folder = tmp_path_factory.mktemp("props")
    config = load_config(write_config(folder, REAL_INTENTS))
    store = Store(config.storage_path)
    library = library_for(config, shared_libraries)
    yield Engine(library, store, config, gazetteer, clock=FakeClock(), flood_limit=False)
    store.close()


def channel(engine: Engine) -> RecordingChannel:
    return RecordingChannel(engine, user=f"prop{next(USERS)}")


def check_replies(out: list[Reply]) -> list[Reply]:
    assert isinstance(out, list)
    for reply in out:
        assert isinstance(reply, Reply) and isinstance(reply.text, str)
        assert all(isinstance(b, Button) and b.label and b.payload for row in reply.buttons for b in row)
        # every button Telegram would get fits its 64 bytes and reads back as the payload it was built from
        assert all(fits(b.payload) and parse(b.payload) == b.data for b in reply.button_list())
    return out


@PROPS
@given(bad_text)
def test_engine_takes_any_text(engine: Engine, text: str) -> None:
    out = check_replies(channel(engine).send(text))
    limit = engine.config.limits.max_message_chars
    if len(text) > limit:
        assert out == [Reply(texts.TOO_LONG.format(limit=limit))]
    else:
        assert out, "every text message gets an answer"


@PROPS
@given(st.text(st.characters(), min_size=1001, max_size=1200) | long_text.filter(lambda t: len(t) > 1000))
def test_too_long_text_is_not_processed(engine: Engine, text: str) -> None:
    chat = channel(engine)
    assert chat.send(text) == [Reply(texts.TOO_LONG.format(limit=1000))]
    assert engine.store.recent(chat.user) == [], "a refused message is not even logged"


KINDS = ["text", "button", "voice", "video_note", "audio", "sticker", "video", "photo", "document", "location",
         "contact", "other"]


@PROPS
@given(kind=st.sampled_from(KINDS), text=pieces_text, payload=pieces_text | st.just(""))
def test_engine_takes_any_kind_of_message(engine: Engine, kind: str, text: str, payload: str) -> None:
    check_replies(channel(engine).send(text, kind=kind, payload=payload))


KNOWN_KINDS = {"i", "m", "x", "f", "h", "forget", "menu", "c"}


@PROPS
@given(st.one_of(pieces_text, st.sampled_from(sorted(KNOWN_KINDS)).flatmap(
    lambda k: st.builds(lambda rest: f"{k}:{rest}", pieces_text))))
def test_any_button_payload_is_answered(engine: Engine, payload: str) -> None:
    check_replies(channel(engine).press_payload(payload))


@PROPS
@given(st.one_of(
    pieces_text.filter(lambda p: p != "" and p.partition(":")[0] not in KNOWN_KINDS),  # "": not a press
    pieces_text.map(lambda rest: f"i:no.such.{rest}"),
    pieces_text.map(lambda rest: f"m:no.such.{rest}"),
    pieces_text.map(lambda rest: f"h:bogus{rest}"),
    pieces_text.map(lambda rest: f"f:court:nostep{rest}"),
    st.just("x:"), st.just("h:reopen:99999"), st.just("h:reopen:abc")))
def test_unknown_button_payload_gets_the_expired_button_reply(engine: Engine, payload: str) -> None:
    out = check_replies(channel(engine).press_payload(payload))
    assert len(out) == 1 and out[0].text == texts.STALE_BUTTON
    assert out[0].buttons, "the menu comes with it"


STEP = st.one_of(
    st.tuples(st.just("send"), pieces_text),
    st.tuples(st.just("press"), st.integers(0, 20)),  # one of the buttons just shown
    st.tuples(st.just("payload"), pieces_text),
    st.tuples(st.just("wait"), st.sampled_from([1.0, 120.0, 3600.0])),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=12))
def test_any_conversation_keeps_answering(engine: Engine, steps: list[tuple[str, object]]) -> None:
    """Random text between real button presses (flows, clarifications, handoff) never breaks a conversation."""
    chat = channel(engine)
    clock = engine.clock
    assert isinstance(clock, FakeClock)
    for action, arg in steps:
        if action == "send":
            check_replies(chat.send(str(arg)))
        elif action == "press" and chat.buttons():
            buttons = chat.buttons()
            button = buttons[int(str(arg)) % len(buttons)]
            check_replies(chat.press_payload(button.payload, button.label))
        elif action == "payload":
            check_replies(chat.press_payload(str(arg)))
        elif action == "wait":
            clock.advance(float(str(arg)))
    check_replies(chat.send("/cancel"))  # ends a flow, a clarification or a handoff
    assert texts.WELCOME in check_replies(chat.send("/start"))[0].text, "the user can always start over"


def test_small_intents_engine_takes_odd_text(make_engine: Callable[..., Engine]) -> None:
    """The conftest engine (small intents, flood limit on) with a burst of odd messages."""
    engine = make_engine(SMALL_INTENTS)
    chat = RecordingChannel(engine)
    for text in PIECES:
        check_replies(chat.send(text))
    assert Path(engine.config.storage_path).is_file()
