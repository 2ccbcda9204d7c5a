"""Per-user conversation state, saved in the store after every message."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass
class Session:
    user_id: str
    flow: str = ""            # running flow ("court", "checklist") or ""
    step: str = ""            # named state inside the flow
    data: dict[str, Any] = field(default_factory=dict)   # answers given in the flow
    flow_at: float = 0.0      # last activity in the flow
    last_intent: str = ""     # topic just discussed, for follow-up questions
    last_at: float = 0.0
    last_aspect: str = ""     # what the last question asked about the topic (fees, where, ...)
    # Topics whose aspects follow-ups ask, latest first (离婚 stays the topic after its fees; being sued stays
    # behind a question on fees, for 不去会怎样).
    topics: list[str] = field(default_factory=list)
    declined: str = ""        # the question just declined (离婚能分到房子吗), read again with its follow-ups
    case: str = ""            # the last question answered on its own (借钱不还 我要告他): the kind of case it tells
    place: str = ""           # division code of a place the user wrote, offered when the court finder asks
    place_name: str = ""
    fallbacks: int = 0        # fallbacks in a row
    options: list[str] = field(default_factory=list)     # pending clarification choices
    clarified: str = ""       # the question they were offered for: a flow chosen among them starts from its words
    misses: int = 0           # "都不是" / not-understood in a row
    facts: dict[str, str] = field(default_factory=dict)  # what flows learnt, for the handoff card
    # What flows learnt in the code's own terms (case type ids, the court), for other flows to read:
    # `facts` says the same in the maintainers' words, which they may change.
    known: dict[str, str] = field(default_factory=dict)
    needs: list[str] = field(default_factory=list)       # stated needs (interpreter, cannot travel)
    files: list[dict[str, str]] = field(default_factory=list)  # photos/documents kept for a handoff
    handoff: dict[str, Any] = field(default_factory=dict)  # dialogue state of the open ticket (acks, bot answers)
    drafts: dict[str, dict[str, Any]] = field(default_factory=dict)  # complaint drafts by form id, kept across flows
    forget_asked: float = 0.0  # when /forget's question was asked: its 确定删除 button counts only while it is fresh

    def leave_flow(self) -> None:
        self.flow, self.step, self.data, self.flow_at = "", "", {}, 0.0

    def to_json(self) -> str:
        # The fields as they are: `asdict` would first deep-copy every nested dict and list, for nothing.
        return json.dumps({f.name: getattr(self, f.name) for f in fields(self)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, user_id: str, raw: str) -> Session:
        try:
            data = json.loads(raw)
        except ValueError:
            return cls(user_id)
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["user_id"] = user_id
        try:
            return cls(**known)
        except TypeError:
            return cls(user_id)
