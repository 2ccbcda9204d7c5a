"""`aspect_lines:`: the lines that answer one aspect of an intent, picked by phrases, checked at file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.aspectlines import picked_lines, text_lines, written
from bot.errors import IntentLoadError
from bot.intentload import load_intents
from tests.conftest import shipped_intents

TOPIC = """\
questions:
  aspects:
    fees: [多少钱, 要钱]
    where: [在哪里]
    who: [什么条件]
    duration: [多久]
    how: [怎么申请]
intents:
  - id: topic.relief
    title: 救助
    keywords: {{救助: 4}}
    examples: [救助, 司法救助, 救助 怎么 申请, 申请救助, 救助金, 国家 救助]
    answer: |
      救助，就是一次性的救助金。
      一般可以申请的人：
      1. 被犯罪伤害，生活困难。
      2. 要抚养费，对方没能力给。
      怎么申请：
      1. 向办案法院申请。
    more: |
      1. 其他情形：证人被报复。
      申请不收费。
    aspects: {{fees: topic.relief, where: topic.relief, who: topic.relief, duration: topic.relief, how: topic.other}}
    aspect_lines:
{lines}
  - id: topic.other
    title: 别的
    keywords: {{别的: 4}}
    examples: [别的, 别的 事, 别的 问题, 问 别的, 还有 别的, 其他 别的]
    answer: 别的回答。
"""


def load(tmp_path: Path, lines: str) -> Path:
    (tmp_path / "a.yaml").write_text(TOPIC.format(lines=lines), encoding="utf-8")
    return tmp_path


def problems(folder: Path) -> list[str]:
    with pytest.raises(IntentLoadError) as info:
        load_intents(folder)
    return [f"{p.line}: {p.message}" for p in info.value.problems]


def test_a_header_takes_its_numbered_list_and_a_phrase_its_one_line(tmp_path: Path) -> None:
    lines = "      who: [一般可以申请的人：, 1. 其他情形：]\n      fees: [不收费]\n      where: [向办案法院]\n"
    topic = load_intents(load(tmp_path, lines)).get("topic.relief")
    assert topic is not None
    assert picked_lines(topic, "who") == ["一般可以申请的人：", "1. 被犯罪伤害，生活困难。", "2. 要抚养费，对方没能力给。",
                                          "1. 其他情形：证人被报复。"]
    assert picked_lines(topic, "fees") == ["申请不收费。"]
    assert picked_lines(topic, "where") == ["1. 向办案法院申请。"]
    assert picked_lines(topic, "duration") == [] and not written(topic, "duration") and written(topic, "who")


def test_a_header_list_stops_where_the_answer_ends() -> None:
    lines = text_lines("怎么申请：\n1. 去法院。", "1. 其他情形。")
    assert lines == ["怎么申请：", "1. 去法院。", "", "1. 其他情形。"]


def test_no_lines_is_written_as_an_empty_list(tmp_path: Path) -> None:
    topic = load_intents(load(tmp_path, "      duration: []\n")).get("topic.relief")
    assert topic is not None and written(topic, "duration") and picked_lines(topic, "duration") == []


def test_a_phrase_in_no_line_or_in_two_lines_is_an_error_at_its_line(tmp_path: Path) -> None:
    found = problems(load(tmp_path, "      fees: [免费]\n      who: ['1. ']\n"))
    assert found == ["25: aspect_lines: '免费' is in no line of the answer or 'more:'",
                     "26: aspect_lines: '1.' is in 3 lines of the answer and 'more:' (write more of the line "
                     "you mean)"]


def test_an_aspect_the_intent_does_not_answer_itself_is_an_error(tmp_path: Path) -> None:
    found = problems(load(tmp_path, "      how: [怎么申请：]\n      online: [救助金]\n"))
    own = "its 'aspects:' lists itself for: fees, where, who, duration"
    assert found == [f"25: aspect_lines: 'how' is no aspect that 'topic.relief' answers itself ({own})",
                     f"26: aspect_lines: 'online' is no aspect that 'topic.relief' answers itself ({own})"]


def test_aspect_lines_must_be_a_mapping(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(TOPIC.format(lines="      - 不收费\n"), encoding="utf-8")
    assert problems(tmp_path) == ["24: 'aspect_lines' must map an aspect (fees, where, ...) to phrases of the lines "
                                  "that answer it"]


def test_every_shipped_phrase_picks_its_one_line() -> None:
    """A line edited away from under its phrase fails here (and in `wuai check`), not silently in a reply."""
    checked = 0
    for intent in shipped_intents():
        lines = text_lines(intent.answer, intent.more)
        for aspect, phrases in intent.aspect_lines:
            assert intent.aspect(aspect) == intent.id, (intent.id, aspect)
            for phrase in phrases:
                assert sum(phrase in line for line in lines) == 1, (intent.id, aspect, phrase)
                checked += 1
    assert checked >= 60


# The fact each follow-up must be answered with, in the lines picked for it (a wrong or missing line fails).
FACTS = [
    ("labor.arbitration", "fees", "仲裁不收费"), ("labor.arbitration", "where", "仲裁委员会"),
    ("labor.arbitration", "duration", "45天"), ("labor.arbitration", "time_limit", "1年"),
    ("aid.legal_aid", "fees", "免费"), ("aid.legal_aid", "duration", "7天内"), ("aid.legal_aid", "materials", "身份证"),
    ("aid.judicial_relief", "who", "3. 交通事故等受伤"), ("appeal.how", "time_limit", "15天"),
    ("appeal.how", "fees", "上诉费"), ("defense.respond", "absent", "缺席判决"), ("defense.respond", "real", "真假"),
    ("divorce.agreement", "fees", "不收费"), ("divorce.agreement", "materials", "结婚证"),
    ("divorce.agreement", "duration", "冷静期30天"), ("divorce.agreement", "proxy", "本人"),
    ("enforcement.apply", "time_limit", "2年"), ("enforcement.apply", "fees", "执行后再交"),
    ("family.violence", "duration", "72小时"), ("family.violence", "valid", "6个月"),
    ("green.sign_language", "fees", "没有统一规定"), ("green.sign_language", "duration", "越早越好"),
    ("mediation.pre_litigation", "fees", "不收费"), ("procuratorate.support", "where", "12309"),
]


@pytest.mark.parametrize(("intent_id", "aspect", "fact"), FACTS)
def test_the_picked_lines_tell_the_fact_asked(intent_id: str, aspect: str, fact: str) -> None:
    intent = shipped_intents().get(intent_id)
    assert intent is not None
    assert any(fact in line for line in picked_lines(intent, aspect))
