"""Conversation files: the `--json` contract, follow-ups by aspect, several questions, the remembered place."""

from __future__ import annotations

from pathlib import Path

from bot.config import load_config
from bot.maint.conversations import load_conversations, report_json, run_conversations
from bot.places import Gazetteer
from tests.conftest import ROOT, SharedLibraries, library_for


def run(gazetteer: Gazetteer, path: Path, shared: SharedLibraries) -> dict[str, object]:
    config = load_config(ROOT / "config.yaml")
    library = library_for(config, shared)   # the shipped intents, loaded once per session
    return report_json(run_conversations(config, library, load_conversations(path), gazetteer))


def test_the_maintainers_conversations_pass_with_the_json_contract(gazetteer: Gazetteer,
                                                                  shared_libraries: SharedLibraries) -> None:
    report = run(gazetteer, ROOT / "tests" / "conversations" / "follow_ups.yaml", shared_libraries)
    summary = report["summary"]
    assert isinstance(summary, dict) and summary["turn_accuracy"] == 1.0 and summary["conversation_accuracy"] == 1.0
    assert set(summary) == {"turns", "turn_accuracy", "conversations", "conversation_accuracy"}
    first = report["conversations"][0]  # type: ignore[index]
    assert set(first) == {"name", "turns"}
    assert set(first["turns"][0]) == {"user", "expected", "status", "intent", "reply"}
    assert first["turns"][1]["status"] == "answer" and first["turns"][1]["intent"] == "green.sign_language"


def test_a_wrong_expectation_or_a_missing_mention_fails_the_turn(gazetteer: Gazetteer, tmp_path: Path,
                                                                 shared_libraries: SharedLibraries) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("conversations:\n  - name: x\n    turns:\n      - user: 诉讼费多少钱\n        expect: filing.fees\n"
                    "        mentions: [这句话不在回答里]\n      - user: 今天天气\n        expect: none\n"
                    "      - user: /court\n        expect: flow:court\n", encoding="utf-8")
    turns = run(gazetteer, path, shared_libraries)["conversations"][0]["turns"]  # type: ignore[index]
    assert [t["status"] for t in turns] == ["answer", "fallback", "flow"]
    summary = run(gazetteer, path, shared_libraries)["summary"]
    assert summary["turns"] == 3 and summary["turn_accuracy"] == round(2 / 3, 4)  # type: ignore[index]


def test_follow_ups_get_the_lines_chosen_for_their_aspect(gazetteer: Gazetteer,
                                                          shared_libraries: SharedLibraries) -> None:
    report = run(gazetteer, ROOT / "tests" / "conversations" / "aspect_lines.yaml", shared_libraries)
    assert report["summary"]["turn_accuracy"] == 1.0  # type: ignore[index]


def test_a_turn_that_finishes_a_flow_is_that_flow_and_its_intent(gazetteer: Gazetteer, tmp_path: Path,
                                                                  shared_libraries: SharedLibraries) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("conversations:\n  - name: x\n    turns:\n      - user: 上诉期限到哪天\n        expect: flow:deadline\n"
                    "      - user: 判决书是11月25号拿到的\n        expect: deadline.calc\n        mentions: [最后一天是]\n"
                    "      - user: /deadline\n        expect: complaint.build\n", encoding="utf-8")
    turns = run(gazetteer, path, shared_libraries)["conversations"][0]["turns"]  # type: ignore[index]
    assert [(t["status"], t["intent"]) for t in turns] == [("flow", "flow:deadline")] * 3
    # deadline.calc is answered by its flow; another flow's intent is not
    summary = run(gazetteer, path, shared_libraries)["summary"]
    assert summary["turn_accuracy"] == round(2 / 3, 4)  # type: ignore[index]
