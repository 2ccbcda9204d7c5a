"""Conversation files: the `--json` contract, follow-ups by aspect, several questions, the remembered place."""

from __future__ import annotations

from pathlib import Path

from bot.config import load_config
from bot.conversations import load_conversations, report_json, run_conversations
from bot.library import IntentLibrary
from bot.places import Gazetteer
from bot.questions import QuestionRules
from tests.conftest import ROOT
from tests.recording import RecordingChannel


def run(gazetteer: Gazetteer, path: Path) -> dict[str, object]:
    config = load_config(ROOT / "config.yaml")
    library = IntentLibrary(config.intents_dir, config.matcher)
    return report_json(run_conversations(config, library, load_conversations(path), gazetteer))


def test_the_maintainers_conversations_pass_with_the_json_contract(gazetteer: Gazetteer) -> None:
    report = run(gazetteer, ROOT / "tests" / "conversations" / "follow_ups.yaml")
    summary = report["summary"]
    assert isinstance(summary, dict) and summary["turn_accuracy"] == 1.0 and summary["conversation_accuracy"] == 1.0
    assert set(summary) == {"turns", "turn_accuracy", "conversations", "conversation_accuracy"}
    first = report["conversations"][0]  # type: ignore[index]
    assert set(first) == {"name", "turns"}
    assert set(first["turns"][0]) == {"user", "expected", "status", "intent", "reply"}
    assert first["turns"][1]["status"] == "answer" and first["turns"][1]["intent"] == "green.sign_language"


def test_a_wrong_expectation_or_a_missing_mention_fails_the_turn(gazetteer: Gazetteer, tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("conversations:\n  - name: x\n    turns:\n      - user: 诉讼费多少钱\n        expect: filing.fees\n"
                    "        mentions: [这句话不在回答里]\n      - user: 今天天气\n        expect: none\n"
                    "      - user: /court\n        expect: flow:court\n", encoding="utf-8")
    turns = run(gazetteer, path)["conversations"][0]["turns"]  # type: ignore[index]
    assert [t["status"] for t in turns] == ["answer", "fallback", "flow"]
    summary = run(gazetteer, path)["summary"]
    assert summary["turns"] == 3 and summary["turn_accuracy"] == round(2 / 3, 4)  # type: ignore[index]


def test_the_asking_clause_is_found_in_a_story() -> None:
    rules = QuestionRules(story_min_chars=10)
    story = "我在工厂干了两年，老板三个月没发工资，请问去哪里申请仲裁？"
    assert rules.focus(story) == "请问去哪里申请仲裁？"
    assert rules.asking_clauses("去哪个法院 要什么材料") == ["去哪个法院", "要什么材料"]


def test_follow_ups_read_the_aspect_against_the_topic(make_engine, channels) -> None:  # type: ignore[no-untyped-def]
    chat = RecordingChannel(make_engine(ROOT / "intents"))
    channels.append(chat)
    chat.send("劳动仲裁怎么申请")
    chat.read_all()
    chat.send("在哪里办")
    assert "仲裁委员会" in chat.text()


def test_a_place_in_a_question_is_offered_by_the_court_finder(make_engine, channels) -> None:  # type: ignore[no-untyped-def]
    chat = RecordingChannel(make_engine(ROOT / "intents"))
    channels.append(chat)
    chat.send("我在昆明五华区 想告欠钱的人 去哪个法院")
    chat.read_all()
    chat.send("/court")
    chat.read_all()
    chat.send("借钱欠款")
    chat.read_all()
    assert "云南省昆明市五华区" in [b.label for b in chat.buttons()]
    chat.press("云南省昆明市五华区")
    assert "五华区人民法院" in chat.text()
