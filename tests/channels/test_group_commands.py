"""The operators' commands come from the registry (bot/protocol.py): their group's menu, help and dispatch."""

from __future__ import annotations

from bot.protocol import OPERATOR_COMMANDS, operator_help, operator_menu
from tests.channels.conftest import OPERATOR, OPERATORS, Harness
from tests.channels.test_relay_faults import open_ticket


async def test_the_operators_group_gets_their_commands_as_its_menu(harness: Harness) -> None:
    await harness.start()
    group = harness.api.my_commands({"type": "chat", "chat_id": OPERATORS})
    assert [(c["command"], c["description"]) for c in group] == operator_menu()
    assert {f"/{c['command']}" for c in group} == set(OPERATOR_COMMANDS)
    assert [c["command"] for c in harness.api.my_commands()][:2] == ["start", "help"]   # users keep theirs


async def test_without_an_operators_group_no_group_menu_is_set(harness: Harness) -> None:
    harness.extra = harness.extra.replace(f"operators_chat_id: {OPERATORS}", "operators_chat_id: 0")
    await harness.start()
    assert harness.api.my_commands({"type": "chat", "chat_id": OPERATORS}) == []
    assert harness.api.my_commands() != []


async def test_a_ticket_command_outside_a_topic_or_an_unknown_one_gets_the_help(harness: Harness) -> None:
    await harness.start()
    topic = await open_ticket(harness)
    harness.api.push_command(OPERATORS, "/close", chat_type="supergroup", user_id=OPERATOR)   # General: no ticket
    harness.api.push_command(OPERATORS, "/frobnicate", chat_type="supergroup", user_id=OPERATOR, thread_id=topic)
    helps = await harness.api.wait_for_sent(OPERATORS, text=operator_help(), count=2)
    assert sorted(m.get("message_thread_id") or 0 for m in helps) == sorted([0, topic])
    assert harness.services is not None
    ticket = harness.services.engine.desk.by_topic(topic, OPERATORS)
    assert ticket is not None and ticket.status != "closed"
