"""The court finder's and checklist's texts in `intents/flows/`: checked by `wuai check` and hot reload, edited
without Python, every placeholder filled."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import Engine
from bot.errors import FlowTextError
from bot.flows import court
from bot.flows.texts import Items, Text, placeholders
from bot.library import FLOW_SCHEMAS, load_flow_set
from bot.yamlsrc import display_path
from tests.conftest import REAL_INTENTS, SMALL_INTENTS, line_no, small_intents_with, write_config
from tests.recording import RecordingChannel

BRACE = re.compile(r"[{}]")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The small intents with a copy of the project's flow texts, to edit."""
    return small_intents_with(tmp_path, "flows")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_texts_load_and_hold_every_key() -> None:
    texts = load_flow_set(REAL_INTENTS)
    assert set(texts.flows) == set(FLOW_SCHEMAS)
    court_texts = texts["court"]
    assert [value for value, _ in court_texts.options("kinds")] == list(court.KINDS)
    assert set(court.RULES) == {path.split(".")[1] for path in court_texts.texts if path.startswith("rules.")}
    assert len(texts["checklist"].items("common")) == 5


def test_a_folder_without_flows_uses_the_project_texts() -> None:
    assert load_flow_set(SMALL_INTENTS).flows == load_flow_set(REAL_INTENTS).flows


def test_broken_texts_are_listed_with_file_and_line(folder: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / "flows" / "court.yaml"
    edit(path, "ask_tort:", "ask_trot:")                                    # misspelt key: unknown + missing
    edit(path, "管辖法院：{court}", "管辖法院：{cuort}")                      # unknown placeholder, {court} missing
    edit(path, "  tort: 交通事故·侵权", "  tort: 交通事故·侵权{court")         # a stray brace
    edit(path, "recent: ", "recent: \n  - a list\nx_recent: ")              # not text, and an unknown key
    (folder / "flows" / "checklist.yaml").unlink()
    with pytest.raises(FlowTextError) as caught:
        load_flow_set(folder)
    found = [str(p) for p in caught.value.problems]
    name = display_path(path)
    head = line_no(path, "court_head:")   # a block scalar (|-) is reported at its key
    assert any(p.startswith(f"{name}:{line_no(path, 'ask_trot:')}: error: unknown key 'ask_trot' "
                            "(did you mean 'ask_tort'?)") for p in found), found
    assert any("missing key(s): ask_tort" in p for p in found)
    assert any(p.startswith(f"{name}:{head}: error: 'court_head': unknown placeholder {{cuort}}") for p in found)
    assert any(p.startswith(f"{name}:{head}: error: 'court_head': placeholder {{court}} is missing") for p in found)
    assert any("'kinds.tort'" in p and "without its pair" in p for p in found), found
    assert any(f":{line_no(path, 'recent:')}: error: 'recent' must be non-empty text" in p for p in found)
    assert any("unknown key 'x_recent'" in p for p in found)
    assert any("'checklist.yaml' is missing" in p for p in found)
    # `wuai check` prints the same list with snippets and exits 1.
    assert main(["check", "--config", str(write_config(tmp_path, folder))]) == 1
    out = capsys.readouterr().out
    assert f"{name}:{head}: error: 'court_head': unknown placeholder {{cuort}}" in out
    assert f"> {head} |" in out.replace(" " * 2, " ")


def test_a_placeholder_that_is_not_a_plain_name_is_refused() -> None:
    with pytest.raises(ValueError, match="not a plain placeholder"):
        placeholders("{court.__class__}")
    with pytest.raises(ValueError, match="not a plain placeholder"):
        placeholders("{court!r}")
    assert placeholders("管辖法院：{court}（按{whose}）") == {"court", "whose"}
    assert placeholders("写 {{ 也可以") == set()


def test_an_unknown_file_in_flows_is_refused(folder: Path) -> None:
    (folder / "flows" / "courts.yaml").write_text("ask_kind: 你好\n", encoding="utf-8")
    with pytest.raises(FlowTextError, match="no flow is called 'courts'"):
        load_flow_set(folder)


def engine_on(make_engine: Callable[..., Engine], folder: Path) -> tuple[Engine, RecordingChannel]:
    engine = make_engine(folder)
    return engine, RecordingChannel(engine)


def test_an_edited_sentence_shows_up_after_the_reload(make_engine: Callable[..., Engine], folder: Path) -> None:
    engine, chat = engine_on(make_engine, folder)
    path = folder / "flows" / "court.yaml"
    edit(path, "帮你查哪个法院管。先说是什么案子？", "我帮你找法院。是什么案子？")
    edit(path, "  labor: 劳动工资", "  labor: 工资、劳动")
    edit(path, "法院是：{court}（{whose}）。", "起诉的法院：{court}（按{whose}）。")
    assert engine.library.changed() and engine.library.reload().swapped
    chat.send("/court")
    assert chat.read("是什么案子").text == "我帮你找法院。是什么案子？"
    chat.press("工资、劳动")
    chat.read("上班")
    chat.send("昆明五华区")
    assert "起诉的法院：云南省昆明市五华区人民法院（按劳动合同履行地）。" in chat.read("劳动仲裁").text


def test_a_checklist_item_edited_shows_up_in_the_list_and_the_file(make_engine: Callable[..., Engine],
                                                                   folder: Path) -> None:
    edit(folder / "flows" / "checklist.yaml", "  - 你的身份证明（身份证复印件）。",
         "  - 你的身份证明（身份证复印件）。\n  - 一支笔。")
    _engine, chat = engine_on(make_engine, folder)
    chat.send("/checklist")
    chat.press("离婚")
    assert "2. 你的身份证明（身份证复印件）。\n3. 一支笔。\n4. 能找到被告" in chat.read("起诉材料清单").text
    chat.read("存成文件")
    chat.press("文字文件")
    sent = chat.read("文字文件")
    assert sent.document is not None and "3. 一支笔。" in sent.document.content.decode("utf-8")


def test_a_broken_file_keeps_the_last_good_texts(make_engine: Callable[..., Engine], folder: Path) -> None:
    engine, chat = engine_on(make_engine, folder)
    path = folder / "flows" / "court.yaml"
    edit(path, "帮你查哪个法院管。先说是什么案子？", "帮你查法院{kind}")
    result = engine.library.reload()
    assert not result.swapped
    assert any(p.startswith(f"{display_path(path)}:{line_no(path, '帮你查法院')}: 'ask_kind': unknown placeholder")
               for p in result.problems), result.problems
    chat.send("/court")
    assert chat.read("先说是什么案子").text == "帮你查哪个法院管。先说是什么案子？"
    chat.read_all()


# One conversation per rule of the court finder, and each checklist: every answer fully filled in.
RULE_PATHS = {
    "divorce:home": ["离婚", "@divorce:home", "海口琼山"],
    "divorce:away": ["离婚", "@divorce:away", "海口琼山", "昆明五华区"],
    "divorce:both_away": ["离婚", "@divorce:both_away", "昆明五华区"],
    "divorce:prison": ["离婚", "@divorce:prison", "海口琼山"],
    "divorce:missing": ["离婚", "@divorce:missing", "海口琼山"],
    "divorce:abroad": ["离婚", "@divorce:abroad", "海口琼山"],
    "contract": ["借钱", "海口琼山"],
    "lease": ["租房", "海口琼山"],
    "payorder": ["我想申请支付令", "南京玄武"],
    "tort:event": ["交通事故", "@tort:event", "昆明五华区"],
    "tort:defendant": ["交通事故", "@tort:defendant", "昆明五华区"],
    "labor": ["工资", "昆明五华区"],
    "other": ["其他", "东莞"],
}


def test_every_rule_is_reached_and_every_placeholder_filled(make_engine: Callable[..., Engine]) -> None:
    assert set(RULE_PATHS) == set(court.RULES)
    real_chat = RecordingChannel(make_engine(REAL_INTENTS, flood_limit=False))
    wording = real_chat.engine.library.flow_texts["court"]
    for rule, steps in RULE_PATHS.items():
        real_chat.send("/court")
        for step in steps:
            if step.startswith("@"):
                flow_step, value = step[1:].split(":")
                real_chat.press_payload(f"f:court:{flow_step}:{value}")
            else:
                real_chat.send(step)
        said = real_chat.text()
        assert not BRACE.search(said), (rule, said)
        if rule != "other":   # 东莞: no court to name, so no rule to explain
            assert wording.say(f"rules.{rule}.why") in said, rule
    for kind in ("divorce", "debt", "labor", "traffic", "other"):
        real_chat.send("/checklist")
        real_chat.press_payload(f"f:checklist:kind:{kind}")
        real_chat.press_payload("f:checklist:ready:file")
        said = real_chat.read_all()
        assert not any(BRACE.search(r.text) for r in said)
        assert any(r.document and not BRACE.search(r.document.content.decode("utf-8")) for r in said)


def test_every_schema_placeholder_is_one_the_code_fills() -> None:
    """The schemas name what the code fills; the shipped sentences use exactly those."""
    texts = load_flow_set(REAL_INTENTS)
    for name, schema in FLOW_SCHEMAS.items():
        for key, spec in schema.items():
            if isinstance(spec, Text):
                assert placeholders(texts[name].texts[key]) == set(spec.fills), (name, key)
            elif isinstance(spec, Items):
                assert all(not placeholders(item) for item in texts[name].items(key))


def test_the_bot_does_not_start_with_broken_texts(folder: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = folder / "flows" / "checklist.yaml"
    edit(path, "title: 起诉材料清单（{kind}）", "title: 起诉材料清单")
    assert main(["chat", "--config", str(write_config(tmp_path, folder))]) == 1
    err = capsys.readouterr().err
    assert f"{display_path(path)}:{line_no(path, 'title:')}: error: 'title': placeholder {{kind}} is missing" in err
