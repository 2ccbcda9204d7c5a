"""Form files: every error reported as file:line, the last good forms kept on a bad hot reload."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import FormLoadError
from bot.forms.load import load_forms
from bot.library import IntentLibrary
from tests.conftest import REAL_INTENTS, line_no, small_intents_with

FORMS = REAL_INTENTS / "forms"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Small intents plus a copy of the real forms, free to edit."""
    return small_intents_with(tmp_path, "forms")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_real_forms_load() -> None:
    forms = load_forms(FORMS)
    assert [f.id for f in forms] == ["divorce", "loan", "labor", "traffic"]
    assert [f.case_type for f in forms] == ["离婚纠纷", "民间借贷纠纷", "劳动争议纠纷", "机动车交通事故责任纠纷"]


def test_every_error_is_collected_with_its_line(folder: Path) -> None:
    path = folder / "forms" / "divorce.yaml"
    edit(path, "    type: yesno\n    ask: 你们有没有共同的财产", "    type: yesorno\n    ask: 你们有没有共同的财产")
    edit(path, "    when: has_children=yes\n    ask: 要不要写抚养费", "    when: has_kids=yes\n    ask: 要不要写抚养费")
    edit(path, "    text: 是[fee=yes] 否[fee=no]", "    text: 是[fee=maybe] 否[fee=no] {nothing}")
    edit(path, "  - id: other_claims\n", "  - id: other_claims\n    colour: red\n")
    with pytest.raises(FormLoadError) as caught:
        load_forms(folder / "forms")
    found = [f"{p.line}: {p.message}" for p in caught.value.problems if p.file.endswith("divorce.yaml")]
    shown = str(caught.value)
    assert f"{line_no(path, 'type: yesorno')}: unknown type 'yesorno'" in "\n".join(found)
    assert any("condition on 'has_kids', which is not a field" in f for f in found)
    fee_row = line_no(path, "text: 是[fee=maybe]") - 1
    assert f"{fee_row}: 'maybe' is not an option of 'fee'" in found
    assert f"{fee_row}: '{{nothing}}' names no field" in found
    assert f"{line_no(path, 'colour: red')}: unknown key 'colour' in a field" in "\n".join(found)
    assert "> " in shown and "divorce.yaml:" in shown   # the snippet marks the bad line


def test_a_broken_yaml_file_and_a_missing_block(folder: Path) -> None:
    (folder / "forms" / "loan.yaml").write_text("id: loan\nfields: [\n", encoding="utf-8")
    edit(folder / "forms" / "traffic.yaml", "  - use: agent\n", "  - use: lawyer\n")
    with pytest.raises(FormLoadError) as caught:
        load_forms(folder / "forms")
    text = str(caught.value)
    assert "loan.yaml:" in text and "YAML syntax error" in text
    assert "traffic.yaml:" in text and "unknown block 'lawyer'" in text


def test_hot_reload_refuses_a_broken_form_and_keeps_the_last_good_set(folder: Path) -> None:
    library = IntentLibrary(folder)
    before = library.forms
    path = folder / "forms" / "divorce.yaml"
    edit(path, "    type: money\n    when: comp~damage", "    type: cash\n    when: comp~damage")
    assert library.changed()
    result = library.reload()
    assert not result.swapped and any("divorce.yaml" in p and "unknown type 'cash'" in p for p in result.problems)
    assert library.forms is before
    edit(path, "    type: cash\n", "    type: money\n")
    edit(path, "    ask: 你们哪天登记结婚？", "    ask: 你们是哪一天登记结婚的？")
    result = library.reload()
    assert result.swapped
    married = library.forms.get("divorce").get("married")   # type: ignore[union-attr]
    assert married is not None and married.ask.startswith("你们是哪一天登记结婚的？")


def test_broken_forms_at_start_leave_the_builder_closed_not_the_bot(folder: Path, tmp_path: Path) -> None:
    from bot.config import load_config
    from bot.engine import Engine
    from bot.messages import Incoming
    from bot.store import Store
    from tests.conftest import write_config

    (folder / "forms" / "divorce.yaml").write_text("id: [\n", encoding="utf-8")
    config = load_config(write_config(tmp_path, folder))
    store = Store(config.storage_path)
    try:
        engine = Engine(IntentLibrary(folder), store, config, None, flood_limit=False)
        [reply] = engine.handle(Incoming("u", text="/complaint"))
        assert "现在写不了起诉状" in reply.text and reply.button_list()[0].payload == "h:start"
        assert engine.handle(Incoming("u", text="诉讼费多少"))   # the rest of the bot still answers
    finally:
        store.close()


def test_wuai_check_lists_form_errors_and_fails(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    path = folder / "forms" / "labor.yaml"
    edit(path, "    type: date\n    deadline: labor_award_lawsuit", "    type: day\n    deadline: labor_award_lawsuit")
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"labor.yaml:{line_no(path, 'type: day')}: error: unknown type 'day'" in out
    assert "1 error(s)" in out
