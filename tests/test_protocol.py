"""The protocol: payloads round-trip, forged or oversize ones are refused, and one registry of commands."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from bot import protocol as p
from bot import texts
from bot.cli import main
from bot.engine import Engine
from bot.messages import Button, Incoming, command
from bot.replies import answer, menu
from tests.conftest import REAL_INTENTS, SMALL_INTENTS, shipped_intents
from tests.recording import RecordingChannel

EVERY_KIND: list[p.Payload] = [
    p.ShowIntent("filing.how"), p.ShowMore("filing.fees"), p.ExplainTerms("filing.how"), p.NoneOfThese(),
    p.FlowChoice("court", "kind", "divorce"), p.FlowChoice("complaint", "q", "3.o_yes"),
    p.FlowChoice("deadline", "date", "今天"), p.RunCommand("/court"), p.RunCommand("/deadline", "appeal_judgment"),
    *(p.HandoffButton(c) for c in ("start", "yes", "new", "no", "end", "bot", "wait")),
    p.Reopen(12), p.Forget(True), p.Forget(False), p.MainMenu(), p.SendDraft(),
]


@pytest.mark.parametrize("payload", EVERY_KIND, ids=p.encode)
def test_every_payload_round_trips(payload: p.Payload) -> None:
    wire = p.encode(payload)
    assert p.fits(wire)
    assert p.parse(wire) == payload


@pytest.mark.parametrize(("wire", "payload"), [
    ("i:filing.how", p.ShowIntent("filing.how")), ("m:filing.fees", p.ShowMore("filing.fees")),
    ("g:filing.how", p.ExplainTerms("filing.how")), ("x", p.NoneOfThese()),
    ("f:court:kind:divorce", p.FlowChoice("court", "kind", "divorce")),
    ("f:court:place:530102", p.FlowChoice("court", "place", "530102")),
    ("c:/deadline appeal_judgment", p.RunCommand("/deadline", "appeal_judgment")),
    ("h:start", p.HandoffButton("start")), ("h:reopen:7", p.Reopen(7)), ("forget:yes", p.Forget(True)),
    ("menu", p.MainMenu()), ("cf:send", p.SendDraft()),
])
def test_buttons_already_in_chats_keep_their_meaning(wire: str, payload: p.Payload) -> None:
    assert p.parse(wire) == payload
    assert p.encode(payload) == wire


@pytest.mark.parametrize("wire", [
    "", "i:", "g:", "i:Filing.How", "i:../../etc", "m:", "f:court", "f:court:kind", "f:Court:kind:x", "c:/rm", "c:court",
    "c:", "h:", "h:explode", "h:reopen:", "h:reopen:abc", "h:reopen:１２", "h:reopen:-1", "forget:maybe", "cf:",
    "zzz", ":", "i:" + "a" * 70, "h:reopen:99999999999999999999999", "h:reopen:9223372036854775808",
])
def test_forged_or_malformed_payloads_parse_to_none(wire: str) -> None:
    assert p.parse(wire) is None


def test_the_64_byte_limit_counts_bytes_not_characters() -> None:
    assert p.fits("c:" + "a" * 62) and not p.fits("c:" + "a" * 63)
    assert p.fits("f:deadline:date:" + "今" * 16) and not p.fits("f:deadline:date:" + "今" * 17)   # 3 bytes each
    assert p.too_long(p.ShowMore("a" * 62)) == ""
    why = p.too_long(p.ShowMore("a" * 63))
    assert "65 bytes" in why and "at most 64" in why and "1 bytes shorter" in why


def test_a_pressed_payload_reaches_the_engine_typed() -> None:
    assert Incoming("u", kind="button", payload="h:reopen:3").pressed == p.Reopen(3)
    assert Incoming("u", kind="button", payload="h:nonsense").pressed is None
    assert Incoming("u", text="h:reopen:3").pressed is None   # typed text is never a button
    assert command(Incoming("u", kind="button", payload="c:/deadline work_injury")) == "/deadline work_injury"
    assert command(Incoming("u", kind="button", payload="c:/rm")) == ""


def test_a_forged_button_is_met_politely(chat: RecordingChannel) -> None:
    for wire in ("c:/rm", "h:reopen:abc", "i:nowhere.at_all", "f:court:kind:divorce", "x"):
        chat.press_payload(wire, "按钮")
        chat.read(texts.STALE_BUTTON)


def test_every_button_of_the_real_intents_fits_and_parses_back() -> None:
    intents = shipped_intents()
    buttons: list[Button] = list(menu(intents).button_list())
    for intent in intents:
        buttons += [b for reply in answer(intents, intent) for b in reply.button_list()]
    assert len(buttons) > 100
    for button in buttons:
        assert p.fits(button.payload), button
        assert p.parse(button.payload) == button.data


def _copy_small(tmp_path: Path) -> Path:
    folder = tmp_path / "intents"
    shutil.copytree(SMALL_INTENTS, folder)
    return folder


def test_wuai_check_refuses_an_intent_id_too_long_for_a_button(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy_small(tmp_path)
    long_id = "topic." + "very_long_name_" * 4 + "x"
    assert len(long_id) + 2 > p.MAX_PAYLOAD_BYTES   # its `m:` button would not fit
    (folder / "long.yaml").write_text(
        f"intents:\n  - id: {long_id}\n    title: 长\n    keywords: {{离婚: 3}}\n"
        "    examples: [离婚, 离婚 法院, 离婚 起诉, 离婚 怎么办, 要离婚, 想离婚]\n    answer: 离婚。\n    source: 测试\n"
        "    buttons: ['/deadline " + "x" * 60 + "']\n",
        encoding="utf-8")
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"long.yaml:2: error: id '{long_id}' is too long: its button would carry 'm:{long_id}'" in out
    assert "long.yaml:8: error: button '/deadline xxx" in out and "is too long" in out


def test_a_form_id_too_long_for_a_button_is_refused(tmp_path: Path) -> None:
    from bot.errors import FormLoadError
    from bot.forms.load import load_forms

    forms = tmp_path / "forms"
    shutil.copytree(REAL_INTENTS / "forms", forms)
    path = forms / "loan.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nid: loan\n" in text
    path.write_text(text.replace("\nid: loan\n", "\nid: " + "loan_" * 12 + "\n", 1), encoding="utf-8")
    with pytest.raises(FormLoadError) as caught:
        load_forms(forms)
    assert any("form id 'loan_loan_" in str(problem) and "is too long" in str(problem)
               for problem in caught.value.problems)


# the command registry -------------------------------------------------------------------------------
def test_help_the_telegram_menu_and_the_terminal_list_the_same_commands(chat: RecordingChannel) -> None:
    registry = set(p.COMMANDS)
    assert {f"/{name}" for name, _ in p.telegram_menu()} == registry
    terminal = p.terminal_commands()
    assert {c for c in registry | {t.name for t in p.TERMINAL_ONLY} if c in terminal} == \
        registry | {t.name for t in p.TERMINAL_ONLY}
    helped = {c.name for c in p.COMMANDS.values() if c.help}
    assert helped == registry - {"/start", "/help"}   # /help need not explain itself, nor /start
    [shown, _menu] = chat.send("/help")
    assert all(name in shown.text for name in helped) and p.help_commands() in shown.text
    assert shown.text.endswith("3. 命令：/court 查哪个法院，/checklist 材料清单，/deadline 算期限最后一天，"
                               "/complaint 写起诉状，/human 找工作人员，/cancel 重新开始，/forget 删除我的记录。")
    chat.unread.clear()


def test_every_registered_command_is_understood_and_no_other(chat: RecordingChannel) -> None:
    engine: Engine = chat.engine
    for name in p.COMMANDS:
        replies = engine.handle(Incoming(f"u{name}", text=name))
        assert replies and not replies[0].text.startswith("我不认识这个命令"), name
    [unknown] = engine.handle(Incoming("u", text="/frobnicate"))
    assert unknown.text.startswith("我不认识这个命令")


def test_the_terminal_lists_the_commands_when_it_starts(tmp_path: Path) -> None:
    from bot.app import build
    from bot.channels.terminal import TerminalChannel
    from bot.config import load_config
    from tests.conftest import write_config

    services = build(load_config(write_config(tmp_path, SMALL_INTENTS)), flood_limit=False)
    out = io.StringIO()
    try:
        assert TerminalChannel(services, "cli:t", out).run(io.StringIO("/quit\n")) == 0
    finally:
        services.close()
    first = out.getvalue().splitlines()[0]
    assert first == f"（{p.terminal_commands()}）" and "/forget" in first and "/quit" in first


def test_buttons_may_name_only_registered_commands() -> None:
    from bot.intents import COMMAND_BUTTONS

    assert set(COMMAND_BUTTONS) <= set(p.COMMANDS)
    assert COMMAND_BUTTONS["/court"] == p.COMMANDS["/court"].button
    assert {c.flow for c in p.COMMANDS.values() if c.flow} == {"court", "checklist", "deadline", "complaint"}


def test_every_command_names_a_handler_of_its_scope_and_every_handler_is_named() -> None:
    from bot.channels.operators import OperatorsRelay

    assert {c.scope for c in p.COMMANDS.values()} == {"user"}
    assert {c.handler for c in p.COMMANDS.values()} == set(Engine.COMMAND_HANDLERS)
    assert {c.handler for c in p.COMMANDS.values() if c.flow} == {"flow"}
    operators = p.OPERATOR_COMMANDS.values()
    assert {c.handler for c in operators if c.scope == "group"} == set(OperatorsRelay.GROUP_COMMANDS)
    assert {c.handler for c in operators if c.scope == "topic"} == set(OperatorsRelay.TICKET_COMMANDS)
    assert not set(p.OPERATOR_COMMANDS) & set(p.COMMANDS)


def test_the_operators_help_lists_their_commands_where_they_work() -> None:
    assert p.operator_help() == ("工单命令（在工单话题里用）：/close 结束工单，/note 文字 内部备注（用户看不到），"
                                 "/ticket 再看摘要，/tag 意图id 标记问题类型。群里：/tickets 列出工单，/reload 重新加载意图。")


def test_every_menu_entry_is_one_telegram_accepts() -> None:
    for name, description in [*p.telegram_menu(), *p.operator_menu()]:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", name) and 1 <= len(description) <= 256, name
