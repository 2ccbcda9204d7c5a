"""Conversations as tests: `conversations:` files run turn by turn through a real engine, one fresh user each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.answering import INTENT_FLOWS
from bot.config import Config
from bot.engine import Engine
from bot.errors import EvalFileError
from bot.library import IntentLibrary
from bot.maint.evaluation import OUT_OF_SCOPE, is_right, top_level_list
from bot.messages import Incoming
from bot.places import Gazetteer
from bot.store import Store
from bot.yamlsrc import load_yaml

FLOW_PREFIX = "flow:"


@dataclass(frozen=True)
class Turn:
    user: str
    expected: str
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conversation:
    name: str
    turns: tuple[Turn, ...]


@dataclass(frozen=True)
class TurnOutcome:
    turn: Turn
    status: str           # answer | clarify | fallback | flow | handoff
    intent: str | None    # the intent answered, or flow:NAME
    reply: str            # every message the user saw for this turn, joined

    @property
    def right(self) -> bool:
        """The expected intent (or a finer one) or flow, and every `mentions` string in the reply."""
        expected = self.turn.expected
        if expected == OUT_OF_SCOPE:
            ok = self.intent is None
        elif expected.startswith(FLOW_PREFIX):
            ok = self.intent == expected
        elif expected in INTENT_FLOWS and self.intent == FLOW_PREFIX + INTENT_FLOWS[expected]:
            ok = True   # deadline.calc is answered by its flow (/deadline) too
        else:
            ok = self.intent is not None and is_right(self.intent, expected)
        return ok and all(m in self.reply for m in self.turn.mentions)


def is_conversation_file(path: Path) -> bool:
    data, _lines, problems = load_yaml(path)
    return not problems and isinstance(data, dict) and "conversations" in data


def load_conversations(path: Path) -> list[Conversation]:
    """Read `conversations: [{name, turns: [{user, expect, mentions?}]}]`; EvalFileError when unusable."""
    items = top_level_list(path, "conversations")
    out = []
    for n, item in enumerate(items, 1):
        turns = item.get("turns") if isinstance(item, dict) else None
        if not isinstance(turns, list) or not turns:
            raise EvalFileError(f"{path}: conversation {n} needs 'turns:' (a list of user/expect)")
        parsed = []
        for k, turn in enumerate(turns, 1):
            if not isinstance(turn, dict) or "user" not in turn or "expect" not in turn:
                raise EvalFileError(f"{path}: conversation {n}, turn {k} needs 'user' and 'expect'")
            mentions = turn.get("mentions") or []
            if not isinstance(mentions, list):
                raise EvalFileError(f"{path}: conversation {n}, turn {k}: 'mentions' must be a list")
            parsed.append(Turn(str(turn["user"]), str(turn["expect"]), tuple(str(m) for m in mentions)))
        out.append(Conversation(str(item.get("name") or f"conversation {n}"), tuple(parsed)))
    return out


class _Clock:
    """Each turn a minute later, as a user would write them."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def run_conversations(config: Config, library: IntentLibrary, conversations: list[Conversation],
                      gazetteer: Gazetteer | None = None) -> list[tuple[Conversation, list[TurnOutcome]]]:
    """Each conversation as a fresh user of a real engine on an in-memory store."""
    clock = _Clock()
    store = Store(":memory:", clock=clock)
    engine = Engine(library, store, config, gazetteer, clock=clock, flood_limit=False)
    results = []
    try:
        for n, conv in enumerate(conversations, 1):
            user = f"eval-{n}"
            outcomes = []
            for turn in conv.turns:
                clock.now += 60
                flow = engine.store.load_session(user).flow
                done = engine.turn(Incoming(user, turn.user))
                reply = "\n".join(r.text for r in done.replies if r.text)
                outcomes.append(_outcome(engine, user, turn, reply, done.answered, flow))
            results.append((conv, outcomes))
    finally:
        store.close()
    return results


def _outcome(engine: Engine, user: str, turn: Turn, reply: str, answered: str, flow: str = "") -> TurnOutcome:
    """`flow`: the flow the user was in before this turn (a turn that finishes it, e.g. with the last day, is its)."""
    session = engine.store.load_session(user)
    if engine.desk.active(user) is not None:   # reached by the handoff intent or by /human
        return TurnOutcome(turn, "handoff", answered or "handoff.human", reply)
    if session.flow or (flow and not answered):
        return TurnOutcome(turn, "flow", FLOW_PREFIX + (session.flow or flow), reply)
    if answered:
        return TurnOutcome(turn, "answer", answered, reply)
    return TurnOutcome(turn, "clarify" if session.options else "fallback", None, reply)


def report_json(results: list[tuple[Conversation, list[TurnOutcome]]]) -> dict[str, Any]:
    """The `wuai eval --json` object for a conversation file."""
    turns = [o for _c, outs in results for o in outs]
    whole = sum(all(o.right for o in outs) for _c, outs in results)
    return {
        "conversations": [
            {"name": conv.name,
             "turns": [{"user": o.turn.user, "expected": o.turn.expected, "status": o.status,
                        "intent": o.intent, "reply": o.reply} for o in outs]}
            for conv, outs in results],
        "summary": {"turns": len(turns),
                    "turn_accuracy": round(sum(o.right for o in turns) / len(turns), 4) if turns else 0.0,
                    "conversations": len(results),
                    "conversation_accuracy": round(whole / len(results), 4) if results else 0.0},
    }


def report_text(results: list[tuple[Conversation, list[TurnOutcome]]], name: str) -> str:
    """The figures, then every conversation with a wrong turn."""
    s = report_json(results)["summary"]
    rows = [f"{name}: {s['conversations']} conversations, {s['turns']} turns",
            f"  turns right          {s['turn_accuracy']:7.1%}",
            f"  conversations right  {s['conversation_accuracy']:7.1%}"]
    for conv, outs in results:
        if all(o.right for o in outs):
            continue
        rows.append(f"\n  {conv.name}:")
        for o in outs:
            missing = [m for m in o.turn.mentions if m not in o.reply]
            extra = f" (reply lacks {', '.join(missing)})" if missing else ""
            rows.append(f"    {'ok   ' if o.right else 'WRONG'} {o.turn.user} -> {o.intent or o.status}"
                        f" (expected {o.turn.expected}){extra}")
    return "\n".join(rows)
