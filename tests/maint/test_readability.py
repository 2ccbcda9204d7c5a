"""`wuai check --readability` on small intent files: length, longest sentence, uncommon characters, legal words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.intentload import load_intents
from bot.maint.readability import analyse, common_chars, report, sentences
from tests.test_glossary import GLOSSARY

LONG = "1. 被褫夺权利的人可以起诉。\n2. " + "你要写清楚对方是谁住在哪里你要法院做什么还有为什么这样要求" * 10 + "。"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "intents"
    shutil.copytree(GLOSSARY, target)
    path = target / "intents.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("answer: 诉讼费（打官司交给法院的钱）立案后交。交不起可以申请缓交。法院不再审的案子不退。",
                                 f"answer: {LONG!r}".replace("'", '"')), encoding="utf-8")
    return target


def test_the_common_character_list_is_level_one_of_the_table() -> None:
    chars = common_chars()
    assert len(chars) == 3500
    assert {"一", "法", "院", "诉", "讼", "矗"} <= chars        # 矗 is the table's character 3500
    assert not {"褫", "乂"} & chars                              # 乂 is 3501, the first of level 2


def test_sentences_drop_the_step_numbers() -> None:
    assert sentences("1. 写起诉状。2. 交材料！\n3、等通知") == ["写起诉状", "交材料", "等通知"]


def test_readings_of_a_small_fixture(folder: Path) -> None:
    readings = {(r.intent_id, r.part): r for r in analyse(load_intents(folder))}
    long = readings[("topic.fees", "answer")]
    assert long.too_long and long.length == len(LONG)
    assert long.longest.startswith("你要写清楚对方是谁") and len(long.longest) == 290
    assert long.rare == ("褫",) and long.rare_share == pytest.approx(1 / long.han)
    short = readings[("topic.jurisdiction", "answer")]
    assert not short.too_long and short.rare == ()
    assert short.not_inline == ("被告", "管辖", "答辩状", "开庭")   # 管辖 and 答辩状 are in the glossary
    assert short.unexplained == ("被告", "开庭")
    text = report(list(readings.values()))
    assert f"topic.fees answer: {len(LONG)} chars (over 300)" in text
    assert "explained nowhere (add to the glossary): 被告、开庭" in text
    assert "2 answers: 1 over 300 characters, 1 text(s) with a sentence over 40 characters" in text


def test_check_readability_prints_the_report(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(folder), "--readability"]) == 0
    out = capsys.readouterr().out
    assert "topic.fees answer:" in out and "outside the 3,500 common characters" in out
    assert "褫" in out
