"""Pinyin slips of listed words are read as the words; real words and words beside them are left alone."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.soundalike import SoundAlike, readings, sounds, spellings
from bot.tokenizers import _base
from tests.conftest import shipped_intents, shipped_matcher

WORDS = ["材料", "进度", "上诉", "调解", "离婚证", "在线", "通知书", "时效"]


def is_word(piece: str) -> bool:
    """In jieba's main dictionary, loaded as the matcher loads it (once per process, shared with other tests)."""
    return _base().FREQ.get(piece, 0) > 0


def slips() -> SoundAlike:
    return SoundAlike(WORDS, is_word)


def test_a_character_of_the_same_sound_is_read_as_the_word() -> None:
    fix = slips()
    assert fix.correct("案件进渡在哪看") == "案件进度在哪看"
    assert fix.correct("立案才料") == "立案材料"
    assert fix.correct("时校过了") == "时效过了"
    assert fix.correct("上苏") == "上诉"


def test_fuzzy_initials_and_finals_are_one_sound() -> None:
    assert sounds("述") & sounds("诉")      # shu / su
    assert sounds("净") & sounds("静")
    assert not sounds("a") and not sounds("，")


def test_real_words_and_words_across_the_edge_stay() -> None:
    fix = slips()
    assert fix.correct("上述情况") == "上述情况"           # 上述 is a word of its own
    assert fix.correct("调节心情") == "调节心情"
    assert fix.correct("离婚怎么办") == "离婚怎么办"       # 怎 belongs to 怎么, not a slip of 离婚证
    assert fix.correct("我现在想离婚") == "我现在想离婚"   # 在 belongs to 现在, not a slip of 在线


def test_two_of_three_characters_right_outweigh_the_edge() -> None:
    assert slips().correct("交费通治书上的钱") == "交费通知书上的钱"


def test_only_one_character_may_differ() -> None:
    fix = slips()
    assert fix.correct("才了") == "才了"          # cai le: both characters differ from 材料
    assert SoundAlike([], lambda piece: False).correct("材理") == "材理"


def test_the_shipped_vocabulary_reads_slips_in_matching() -> None:
    matcher = shipped_matcher()
    assert matcher.match("劳动仲才怎么申请").intent is not None
    assert matcher.match("劳动仲才怎么申请").intent.id == "labor.arbitration"   # type: ignore[union-attr]
    assert "仲裁" in matcher.analyse("劳动仲才怎么申请").compact


def test_a_word_spelled_in_pinyin_letters_is_the_word() -> None:
    fix = slips()
    assert fix.correct("shangsu怎么办") == "上诉怎么办"
    assert fix.correct("cailiao") == "材料"
    assert fix.correct("ok好的") == "ok好的"          # too short to be read as a word
    assert fix.correct("hello") == "hello"            # spells no listed word
    # syllables typed apart and joined: each group of whole syllables spelling a listed word, the others as typed
    assert fix.correct("shangsuzenmeban") == "上诉zenmeban"
    assert fix.correct("hellowor") == "hellowor"      # no run of whole syllables


def test_spellings_follow_every_reading_of_a_heteronym() -> None:
    assert "lihun" in spellings("离婚")
    assert {"changqi", "zhangqi"} <= set(spellings("长期"))   # 长 is chang or zhang: both spellings are kept
    assert spellings("离a") == []                              # a character without a reading spells nothing


def test_every_listed_word_has_readings_in_the_table() -> None:
    """A word added to `sound_alike:` with a character the generated table lacks could never be found."""
    listed = shipped_intents().sound_alike
    missing = sorted({w for w in listed for c in w if not readings().get(c)})
    assert listed and missing == []


def reference_correct(words: list[str], is_word: Callable[[str], bool], text: str) -> str:
    """The slip reader's definition, position by position: the longest piece from here that differs from a listed
    word in exactly one character of the same sound (the earliest such position), is no word itself, and whose
    edge makes no word with the character beside it."""
    listed = sorted({w for w in words if len(w) > 1})

    def edge_taken(start: int, end: int, slipped: int) -> bool:
        # A slipped edge character (either edge of a two-character word) that makes a word with its neighbour.
        size = end - start
        left = start > 0 and (slipped == 0 or size == 2) and is_word(text[start - 1:start + 1])
        right = end < len(text) and (slipped == size - 1 or size == 2) and is_word(text[end - 1:end + 1])
        return left or right

    out, i = [], 0
    while i < len(text):
        for size in sorted({len(w) for w in listed}, reverse=True):
            piece = text[i:i + size]
            slip = next(((w, p) for p in range(size) for w in listed if len(piece) == size == len(w)
                         and piece[:p] + piece[p + 1:] == w[:p] + w[p + 1:] and sounds(piece[p]) & sounds(w[p])), None)
            if slip and not is_word(piece) and not edge_taken(i, i + size, slip[1]):
                out.append(slip[0])
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


# Slipped characters, the listed words' own characters one by one (so a slip can make a real word: 上述, 调节,
# 现在), slips, and words that take a slip's edge character (现在 before 在想, 怎么 after 离婚: `离婚怎么` is one
# piece too, as the two rarely meet by chance).
PIECES = [*WORDS, *{c for w in WORDS for c in w}, "近", "渡", "才", "聊", "苏", "治", "晓", "述", "节", "怎么", "现",
          "的", "离婚", "现在", "进渡", "上苏", "时校", "通治书", "在想", "离婚怎么"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(sorted(PIECES)), max_size=8).map("".join))
@example("上述情况")       # a real word made by a slip
@example("我现在想离婚")   # the left edge (现在)
@example("离婚怎么办")     # the right edge (怎么)
def test_slips_are_read_as_the_definition_reads_them(text: str) -> None:
    assert SoundAlike(WORDS, is_word).correct(text) == reference_correct(WORDS, is_word, text)
