"""The colloquial block of the shipped vocabulary (intents/vocabulary.yaml): spoken forms read as the written ones."""

from __future__ import annotations

import re

import pytest

from bot.reading import Reader
from tests.conftest import REAL_INTENTS, shipped_intents, shipped_matcher

MARKER = "# --- colloquial (fourteenth pass) ---"


def colloquial_block() -> dict[str, list[str]]:
    """The block's entries (main word -> spoken forms), read from the file as a maintainer sees it."""
    lines = (REAL_INTENTS / "vocabulary.yaml").read_text(encoding="utf-8").splitlines()
    start = lines.index("  " + MARKER) + 1
    entries: dict[str, list[str]] = {}
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        found = re.match(r"\s+(\S+): \[(.*)\]$", line)
        if found:
            entries[found[1]] = [v.strip() for v in found[2].split(",")]
    return entries


def test_every_spoken_form_of_the_block_reads_as_its_written_word() -> None:
    reader, entries = Reader(shipped_intents()), colloquial_block()
    assert len(entries) >= 10
    for main, spoken in entries.items():
        for form in spoken:
            assert reader.analyse(form).tokens == (main,), (form, main)


def tokens(text: str) -> tuple[str, ...]:
    return Reader(shipped_intents()).analyse(text).tokens


# One pair per category of the block: (a) question words and asks, (b) procedure verbs and states, (d) people and
# papers; (c), merits asks, is declined below.
SPOKEN_AND_WRITTEN = [
    pytest.param("离婚 啥时候 能判下来", "离婚 什么时候 能判下来", id="a-when"),
    pytest.param("立了案 多会儿 开庭", "立了案 什么时候 开庭", id="a-when-northern"),
    pytest.param("告人上哪告", "告人去哪里告", id="a-where"),
    pytest.param("法律援助中心在哪儿", "法律援助中心在哪里", id="a-where-er"),
    pytest.param("工钱不给 咋个办", "工钱不给 怎么办", id="a-what-to-do"),
    pytest.param("收到传票了 要干啥", "收到传票了 要干什么", id="a-what"),
    pytest.param("阿拉 想 离婚 哪能办", "我们 想 离婚 怎么办", id="a-wu"),
    pytest.param("法院喺边度", "法院在哪里", id="a-cantonese"),
    pytest.param("应诉通知书到手了 接着干啥", "应诉通知书拿到了 下一步", id="a-next-step"),
    pytest.param("一审判了 我不服气", "一审判了 我不服", id="b-not-accepting"),
    pytest.param("判决我认不了 还能告吗", "判决我不服 还能告吗", id="b-cannot-accept"),
    pytest.param("我不认这个判决 怎么弄", "我不服 怎么弄", id="b-refusing-the-judgment"),
    pytest.param("孩他爸 天天 喝酒 打我", "老公 天天 喝酒 打我", id="d-husband"),
    pytest.param("媳妇儿 跑了 不回来", "老婆 跑了 不回来", id="d-wife"),
    pytest.param("判书 看不懂", "判决书 看不懂", id="d-judgment"),
    pytest.param("法院 寄来 出庭通知书", "法院 寄来 传票", id="d-summons"),
    pytest.param("协议离 要带 红本本 吗", "协议离 要带 结婚证 吗", id="d-marriage-certificate"),
]


@pytest.mark.parametrize(("spoken", "written"), SPOKEN_AND_WRITTEN)
def test_a_spoken_message_reads_and_is_answered_as_the_written_one(spoken: str, written: str) -> None:
    assert tokens(spoken) == tokens(written)
    assert shipped_matcher().match(spoken).intent == shipped_matcher().match(written).intent


def test_a_bare_refusal_is_not_an_appeal() -> None:
    # 不认 alone also refuses a debt or a payment order (我不认这个钱: an objection, not an appeal), and as a word of
    # its own it broke 不认真 apart: only the forms that name the judgment are read as 不服.
    assert "不服" not in tokens("我不认这个钱 要几天内提出来")
    assert "不服" not in tokens("律师会不会不认真")


@pytest.mark.parametrize("spoken", ["这官司 我有几成把握", "告他 有没有戏", "他打人 会坐几年牢", "撞了人 得赔几多"])
def test_merits_and_amount_asks_are_declined_kindly(spoken: str) -> None:
    result = shipped_matcher().match(spoken)
    assert result.decision == "fallback" and result.candidates[0].intent.id == "oos.merits", result.reason


@pytest.mark.parametrize(("follow_up", "aspect"), [
    ("要带咩", "materials"), ("啥辰光能好", "duration"), ("去边度办", "where"), ("几多钱", "fees"), ("接着干啥", "how"),
])
def test_a_follow_up_in_dialect_asks_the_written_aspect(follow_up: str, aspect: str) -> None:
    assert shipped_intents().questions.aspect(follow_up) == aspect
