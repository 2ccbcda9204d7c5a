"""`wuai report`: unanswered questions grouped for maintainers, with nothing personal in it."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot import texts
from bot.cli import main
from bot.config import load_config
from bot.engine import Engine
from bot.intentload import load_intents
from bot.maint.report import Question, group_questions, report
from bot.store import Store
from tests.conftest import SMALL_INTENTS, FakeClock, write_config
from tests.recording import RecordingChannel
from tests.sql import sql

DAY = 86400.0
# Every kind of personal data the masking knows, each inside a question the small intents cannot answer.
PLANTED = {
    "我叫王小明，老板不给我工资": ["王小明"],
    "我的手机13812345678，邻居天天吵": ["13812345678"],
    "身份证11010519491231002X丢了": ["11010519491231002X", "11010519491231002"],
    "卡号6222 0212 3456 7890 123被冻结了": ["6222 0212 3456 7890 123", "6222021234567890123", "7890 123"],
    "邮箱wang.xm@example.com收到陌生的信": ["wang.xm@example.com", "wang.xm"],
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["report", *args]) == 0
    return capsys.readouterr().out


def ask(chat: RecordingChannel, text: str) -> None:
    """Send a question the bot cannot answer, and read its reply."""
    chat.send(text)
    reply = chat.text()
    assert texts.FALLBACK in reply or texts.FALLBACK_AGAIN in reply, reply


def plant(store: Store, rows: list[tuple[str, float]], user: str = "u9") -> None:
    for text, at in rows:
        store.record_unanswered(user, text, "fallback", "topic.filing", 2.0, at=at)


def blocks(report_text: str) -> list[list[str]]:
    """The example lists of a text report, parsed as YAML."""
    out, current = [], None
    for line in report_text.splitlines():
        if line.strip().startswith("paste under"):
            current = []
            out.append(current)
        elif current is not None and line.startswith("      "):
            current.append(line)
        else:
            current = None
    return [yaml.safe_load("\n".join(block)) for block in out]


def test_personal_data_reaches_neither_the_report_nor_the_database(
        make_engine: Callable[..., Engine], channels: list[RecordingChannel], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    engine = make_engine(SMALL_INTENTS, flood_limit=False)
    chat = RecordingChannel(engine)
    channels.append(chat)
    for question in PLANTED:
        ask(chat, question)
    config = str(engine.config.path)
    text = run(capsys, "--config", config)
    table = run(capsys, "--config", config, "--format", "csv")
    # The questions are there, masked: the test would notice if nothing had been recorded.
    for label in ("我叫[姓名]", "[手机号]", "[身份证号]", "[银行卡号]", "[邮箱]"):
        assert label in text and label in table
    database = b"".join(p.read_bytes() for p in tmp_path.glob("wuai.db*"))
    assert b"[\xe6\x89\x8b\xe6\x9c\xba\xe5\x8f\xb7]" in database  # "[手机号]": the masked rows are in the file
    for values in PLANTED.values():
        for value in values:
            assert value not in text
            assert value not in table
            assert value.encode() not in database


def test_near_duplicates_land_in_one_group_most_asked_first(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, SMALL_INTENTS))
    now = time.time()
    store = Store(config.storage_path)
    plant(store, [("房东不退押金", now - 300), ("房东不退押金怎么办", now - 200),
                  ("老板不给我工资怎么办", now - 100), ("老板不给工资怎么办？", now - 90),
                  ("老板 不 给 工资 怎么办啊", now - 80), ("邻居装修太吵", now - 70)])
    store.close()
    rows = list(csv.DictReader(io.StringIO(report(config, fmt="csv", now=now))))
    groups = {row["text"]: (row["group"], row["count"]) for row in rows}
    assert groups == {
        "老板不给我工资怎么办": ("1", "3"), "老板不给工资怎么办？": ("1", "3"), "老板 不 给 工资 怎么办啊": ("1", "3"),
        "房东不退押金": ("2", "2"), "房东不退押金怎么办": ("2", "2"),
        "邻居装修太吵": ("3", "1"),
    }
    text = report(config, now=now)
    assert text.index("#1  3 question(s)") < text.index("老板不给我工资怎么办") < text.index("#2  2 question(s)")
    assert "6 in 3 group(s)" in text


def test_synonyms_and_spelling_are_read_as_the_matcher_reads_them(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, SMALL_INTENTS))
    now = time.time()
    store = Store(config.storage_path)
    plant(store, [("我想起素老板", now - 30), ("我想告狀老板！", now - 20), ("邻居装修太吵", now - 10)])
    store.close()
    text = report(config, now=now)
    assert "#1  2 question(s)" in text and "#2  1 question(s)" in text
    assert "· 我想起素老板\n    · 我想告狀老板！\n" in text
    assert blocks(text)[0] == ["我想起素老板"]                # the same question to the matcher: one example


def test_the_example_block_is_valid_yaml_that_loads_as_an_intent(tmp_path: Path) -> None:
    config = load_config(write_config(tmp_path, SMALL_INTENTS))
    now = time.time()
    store = Store(config.storage_path)
    asked = ["工资: 老板不给", "工资 #老板 不给钱", "[急] 工资老板不给了", "- 工资老板不给啊", "工资老板不给 '怎么办'",
             "老板不给工资“怎么办”", "工资老板不给", "工资老板不给"]
    plant(store, [(q, now - 100 + n) for n, q in enumerate(asked)])
    store.close()
    text = report(config, now=now)
    [examples] = blocks(text)
    # The most asked first; "工资: 老板不给" reads the same to the matcher as "工资老板不给", so it is left out.
    assert examples == ["工资老板不给", *asked[1:6]]
    block = text.split("paste under `examples:` of the intent they belong to (closest: topic.filing):\n", 1)[1]
    block = block.rstrip("\n")
    folder = tmp_path / "intents"
    folder.mkdir()
    (folder / "wages.yaml").write_text(
        "intents:\n  - id: labor.wages\n    title: 工资\n    keywords: {工资: 4}\n    answer: 先去劳动仲裁。\n"
        f"    examples:\n{block}\n", encoding="utf-8")
    assert load_intents(folder).get("labor.wages").examples == tuple(examples)  # type: ignore[union-attr]


def test_tagged_questions_show_their_tag(make_engine: Callable[..., Engine], channels: list[RecordingChannel],
                                         clock: FakeClock, capsys: pytest.CaptureFixture[str]) -> None:
    clock.now = time.time()  # the store stamps rows with real time: keep the desk on the same clock
    engine = make_engine(SMALL_INTENTS, flood_limit=False)
    chat = RecordingChannel(engine)
    channels.append(chat)
    ask(chat, "老板三个月不给工资")
    chat.send("/human")
    assert chat.read("已经帮你找工作人员")
    chat.send("他说下个月再给")                                # relayed to the operators, not answered
    chat.read_all()
    ticket = engine.desk.active(chat.user)
    assert ticket is not None
    engine.desk.close(ticket.id)
    engine.desk.tag(ticket.id, "topic.fees")
    config = str(engine.config.path)
    text = run(capsys, "--config", config)
    assert "tagged:  topic.fees [诉讼费] (1)" in text
    assert "paste under `examples:` of topic.fees (tagged by operators):" in text
    assert "/human" not in text
    rows = list(csv.DictReader(io.StringIO(run(capsys, "--config", config, "--format", "csv"))))
    # The tag labels the question the engine recorded already instead of counting it twice.
    assert sorted((r["text"], r["decision"], r["tagged"]) for r in rows) == [
        ("他说下个月再给", "tagged", "topic.fees"), ("老板三个月不给工资", "fallback", "topic.fees")]


def test_days_filters_and_old_questions_are_deleted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, SMALL_INTENTS, "privacy:\n  unanswered_retention_days: 30\n")
    now = time.time()
    store = Store(tmp_path / "wuai.db")
    plant(store, [("很久以前物业乱收费", now - 40 * DAY), ("上周邻居装修太吵", now - 10 * DAY),
                  ("昨天房东不退押金", now - 1 * DAY)])
    text = run(capsys, "--config", str(config), "--days", "7")
    assert "昨天房东不退押金" in text and "上周邻居装修太吵" not in text
    text = run(capsys, "--config", str(config), "--days", "60")
    assert "上周邻居装修太吵" in text and "昨天房东不退押金" in text
    assert "很久以前物业乱收费" not in text                    # older than the retention period: deleted
    assert "Questions are deleted after 30 days" in text
    assert [r["text"] for r in sql(store, "SELECT text FROM unanswered ORDER BY at")] == [
        "上周邻居装修太吵", "昨天房东不退押金"]
    store.close()


def test_csv_rows_are_safe_to_open_in_a_spreadsheet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, SMALL_INTENTS)
    store = Store(tmp_path / "wuai.db")
    plant(store, [("=HYPERLINK(\"http://x\")", time.time() - 60)])
    store.close()
    [row] = list(csv.reader(io.StringIO(run(capsys, "--config", str(config), "--format", "csv"))))[1:]
    assert row[0:4] == ["1", "1", "topic.filing", "fallback"]
    assert row[-1] == "'=HYPERLINK(\"http://x\")"


def test_no_database_yet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path, SMALL_INTENTS)
    assert "No unanswered questions in the last 7 days" in run(capsys, "--config", str(config))
    assert not (tmp_path / "wuai.db").exists()
    assert main(["report", "--config", str(config), "--days", "0"]) == 2
    assert "--days must be 1 or more" in capsys.readouterr().err


def test_grouping_keeps_different_questions_apart() -> None:
    asked = ["诉讼费能退吗", "诉讼费能不能退吗", "诉讼费 能退 吗？", "诉讼费怎么交", "离婚孩子归谁", "孩子归谁离婚后"]
    groups = group_questions(Question(float(n), "u", q, "fallback") for n, q in enumerate(asked))
    assert [sorted(q.text for q in g.questions) for g in groups] == [
        sorted(asked[:3]), sorted(asked[4:]), [asked[3]]]
