"""The filing checklist: asks the case type, gives the materials, and a plain-text file to keep.

Every sentence it says is in `intents/flows/checklist.yaml` (checked against SCHEMA below).
"""

from __future__ import annotations

from bot import replies, texts
from bot.flows import Ctx, Flow, choice, flow_button, pick
from bot.flows.texts import Each, Items, Schema, Text, Wording, options
from bot.messages import Button, Document, Reply, rows
from bot.protocol import RunCommand

NAME = "checklist"
KINDS = ("divorce", "debt", "labor", "traffic", "other")
KIND_WORDS = {  # checked in this order: "欠工资" is labour, not a debt
    "labor": ("工资", "劳动", "辞退", "老板", "公司"), "divorce": ("离婚", "老公", "老婆"),
    "debt": ("借", "欠", "还钱", "合同"), "traffic": ("车祸", "交通", "事故", "撞"), "other": ("其他", "别的"),
}
SCHEMA: Schema = {
    "ask_kind": Text(), "kinds": options(*KINDS), "title": Text(("kind",)), "common": Items(),
    "evidence": Each(KINDS), "green_head": Text(), "green": Items(), "confirm": Text(), "source": Text(),
    "ask_file": Text(), "file_button": Text(), "file_name": Text(), "file_caption": Text(), "file_sent": Text(),
    "buttons": Each(("court", "complaint")),
}


def _w(ctx: Ctx) -> Wording:
    return ctx.wording(NAME)


def prompt_kind(ctx: Ctx) -> Reply:
    w = _w(ctx)
    return choice(NAME, "kind", w.say("ask_kind"), w.options("kinds"))


def prompt_ready(ctx: Ctx) -> Reply:
    w = _w(ctx)
    return Reply(w.say("ask_file"), rows([flow_button(NAME, "ready", "file", w.say("file_button"))], 1))


def checklist_text(w: Wording, kind: str) -> str:
    kind = kind if kind in KINDS else "other"
    lines = [w.say("title", kind=dict(w.options("kinds"))[kind]), ""]
    lines += [f"{n}. {item}" for n, item in enumerate(w.items("common"), 1)]
    lines += ["", w.say(f"evidence.{kind}"), "", w.say("green_head")]
    lines += [f"{n}. {item}" for n, item in enumerate(w.items("green"), 1)]
    lines += ["", w.say("confirm"), w.say("source")]
    return "\n".join(lines)


def step_kind(ctx: Ctx) -> list[Reply] | None:
    kinds = _w(ctx).options("kinds")
    kind = pick(ctx, kinds, KIND_WORDS)
    if kind is None:
        return None
    ctx.session.data["kind"] = ctx.session.known["checklist_kind"] = kind
    ctx.session.facts[texts.FACT_CHECKLIST] = dict(kinds)[kind]
    ctx.goto("ready")
    return [Reply(checklist_text(_w(ctx), kind)), prompt_ready(ctx)]


def step_ready(ctx: Ctx) -> list[Reply] | None:
    """The file button; typed text after the checklist (`要带几份`) ends the flow and is read as a new message."""
    if not ctx.pressed:
        ctx.session.leave_flow()
        return None
    if ctx.value != "file":
        return None
    w = _w(ctx)
    kind = str(ctx.session.data.get("kind", "other"))
    ctx.session.leave_flow()
    doc = Document(w.say("file_name"), checklist_text(w, kind).encode("utf-8"), w.say("file_caption"))
    buttons = dict(w.options("buttons"))
    return [Reply(w.say("file_sent"), rows([Button(buttons["court"], RunCommand("/court")),
                                            Button(buttons["complaint"], RunCommand("/complaint")), replies.HUMAN]),
                  document=doc)]


FLOW = Flow(
    name=NAME,
    first="kind",
    steps={"kind": step_kind, "ready": step_ready},
    prompts={"kind": prompt_kind, "ready": prompt_ready},
)
