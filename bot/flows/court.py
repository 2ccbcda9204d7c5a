"""The court finder: case type, then where, then the court that has jurisdiction and why.

Every sentence it says is in `intents/flows/court.yaml` (checked against SCHEMA below); this module holds the logic
and the words it recognises in typed answers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot import replies, texts
from bot.flows import Ctx, Flow, choice, flow_button, pick
from bot.flows.texts import Each, Group, Schema, Text, Wording, options
from bot.messages import Button, Reply, rows
from bot.normalize import normalize
from bot.places import Division
from bot.protocol import RunCommand
from bot.session import Session

NAME = "court"
KINDS = ("divorce", "contract", "lease", "tort", "labor", "other")
KIND_WORDS = {  # checked in this order: "欠工资" is labour, not a debt
    "labor": ("工资", "劳动", "公司", "老板", "辞退", "工伤"),
    "divorce": ("离婚", "老公", "老婆", "丈夫", "妻子"),
    "lease": ("租", "房东", "押金", "施工", "承包", "房子", "土地"),
    "contract": ("借", "欠", "合同", "还钱", "货款", "支付令"),
    "tort": ("车祸", "交通", "事故", "打伤", "被打", "侵权", "受伤", "撞"),
    "other": ("其他", "别的", "不知道"),
}
# The question 民诉法解释 第12条 asks: has the defendant left their domicile (户口所在地) for over a year?
DIVORCE = ("home", "away", "both_away", "missing", "abroad", "prison")
DIVORCE_WORDS = {"missing": ("找不到", "下落不明", "失踪", "不知道在哪"), "abroad": ("国外", "外国", "出国"),
                 "prison": ("监狱", "坐牢", "服刑", "判刑", "关押", "劳改"),
                 "both_away": ("两个都", "都离开", "我们都"),
                 "away": ("超过一年", "一年多", "外地", "好几年", "几年", "别的城市", "外面打工")}
UNKNOWN_WORDS = ("不知道", "不清楚", "不确定", "常搬家")
TORT = ("event", "defendant")
TORT_WORDS = {"event": ("发生", "事故", "出事"), "defendant": ("对方", "他住", "住的")}
PAYMENT_ORDER = "支付令"   # typed with a debt: the payment-order rule, not the contract one
RULES = ("divorce:home", "divorce:away", "divorce:both_away", "divorce:prison", "divorce:missing", "divorce:abroad",
         "contract", "lease", "payorder", "tort:event", "tort:defendant", "labor", "other")
PLACE_QUESTIONS = ("defendant", "habitual", "self", "self_home", "other_now", "property", "event", "work")
# The operators' card and the complaint builder read these facts by name (forms' `offer: {role}住址`).
WHOSE_FACT = {k: v for k, v in texts.FACT_PLACES.items() if k != "defendant"}
DEFENDANT_FACT = texts.FACT_PLACES["defendant"]

SCHEMA: Schema = {
    "ask_kind": Text(), "kinds": options(*KINDS), "ask_divorce": Text(), "divorce": options(*DIVORCE),
    "ask_tort": Text(), "tort": options(*TORT), "ask_place": Each(PLACE_QUESTIONS),
    "send_location": Text(), "send_location_or_press": Text(), "unknown_button": Text(), "place_noted": Text(("place",)),
    "place_kept": Text(("place",)),
    "no_places": Text(), "location_outside": Text(), "location_confirm": Text(("place",)), "location_yes": Text(),
    "location_no": Text(), "pick_district": Text(("area",)), "pick_county": Text(("area",)),
    "pick_former": Text(("former",)), "pick_same_name": Text(("typed",)), "city_button": Text(("city",)),
    "more_candidates": Text(), "too_broad": Text(("area",)), "a_province": Text(),
    "outside": Text(("region",)), "outside_mainland": Text(), "not_found": Text(), "not_found_again": Text(),
    "place_unknown": Text(),
    "no_court": Text(("place",)), "no_court_fact": Text(), "court_head": Text(("court", "whose", "place")),
    "labor_head": Text(("place", "court", "whose")),
    "two_courts": Text(("court", "place", "other_court", "other_place")), "two_courts_why": Text(),
    "two_courts_basis": Text(), "two_courts_fact": Text(("court", "other_court")), "recent": Text(),
    "next_steps": Text(), "labor_next_steps": Text(), "caveat": Text(),
    "answer": Text(("head", "why", "basis", "steps", "caveat")),
    "buttons": Each(("checklist", "complaint", "again")),
    "rules": Each(RULES, Group({"whose": Text(), "why": Text(), "basis": Text()})),
}


def _w(ctx: Ctx) -> Wording:
    return ctx.wording(NAME)


def prompt_kind(ctx: Ctx) -> Reply:
    w = _w(ctx)
    return choice(NAME, "kind", w.say("ask_kind"), w.options("kinds"), per_row=2)


def prompt_divorce(ctx: Ctx) -> Reply:
    w = _w(ctx)
    return choice(NAME, "divorce", w.say("ask_divorce"), w.options("divorce"), per_row=1)


def prompt_tort(ctx: Ctx) -> Reply:
    w = _w(ctx)
    return choice(NAME, "tort", w.say("ask_tort"), w.options("tort"))


def prompt_place(ctx: Ctx) -> Reply:
    w, session = _w(ctx), ctx.session
    whose = session.data.get("whose", "")
    rule = session.data.get("rule", "")
    if whose == "self":
        question = "self_home" if rule == "divorce:away" else "self"
    elif rule == "divorce:both_away":
        question = "habitual"
    else:
        question = whose if whose in ("event", "work", "property") else "defendant"
    text = w.say(f"ask_place.{question}")
    if session.place and session.place_name:   # a place the user already wrote in a question
        return Reply(f"{text}\n{w.say('send_location_or_press')}",
                     rows([flow_button(NAME, "place", session.place, session.place_name)], 1))
    return Reply(f"{text}\n{w.say('send_location')}")


def prompt_other(ctx: Ctx) -> Reply:
    w = _w(ctx)
    return Reply(w.say("ask_place.other_now"), rows([flow_button(NAME, "other", "unknown", w.say("unknown_button"))], 1))


def step_kind(ctx: Ctx) -> list[Reply] | None:
    kinds = _w(ctx).options("kinds")
    kind = pick(ctx, kinds, KIND_WORDS)
    if kind is None:
        return None
    s = ctx.session
    s.data["kind"] = kind
    s.known["court_kind"] = kind
    s.facts[texts.FACT_CASE_TYPE] = dict(kinds)[kind]
    if kind == "divorce":
        ctx.goto("divorce")
        return [prompt_divorce(ctx)]
    if kind == "tort":
        ctx.goto("tort")
        return [prompt_tort(ctx)]
    if kind == "contract" and not ctx.pressed and PAYMENT_ORDER in ctx.value:
        return _ask_place(ctx, "payorder")
    return _ask_place(ctx, kind)


def _ask_place(ctx: Ctx, rule: str) -> list[Reply]:
    s = ctx.session
    s.data["rule"] = rule
    s.data["whose"] = {"labor": "work", "lease": "property"}.get(rule, "defendant")
    ctx.goto("place")
    return [prompt_place(ctx)]


def step_divorce(ctx: Ctx) -> list[Reply] | None:
    situations = _w(ctx).options("divorce")
    situation = pick(ctx, situations, DIVORCE_WORDS)
    if situation is None:
        return None
    s = ctx.session
    s.data["rule"] = f"divorce:{situation}"
    s.data["whose"] = "self" if situation in ("away", "missing", "abroad", "prison") else "defendant"
    s.facts[texts.FACT_SPOUSE] = dict(situations)[situation]
    ctx.goto("place")
    return [prompt_place(ctx)]


def step_tort(ctx: Ctx) -> list[Reply] | None:
    where = pick(ctx, _w(ctx).options("tort"), TORT_WORDS)
    if where is None:
        return None
    s = ctx.session
    s.data["rule"] = f"tort:{where}"
    s.data["whose"] = "event" if where == "event" else "defendant"
    ctx.goto("place")
    return [prompt_place(ctx)]


def step_place(ctx: Ctx) -> list[Reply] | None:
    """Free text (or a location, or a choice between same-named places) -> the court."""
    gaz, w = ctx.gazetteer, _w(ctx)
    if gaz is None:
        return [Reply(w.say("no_places"))]
    step = ctx.session.step
    if step == "other" and (ctx.value == "unknown" if ctx.pressed else any(u in ctx.value for u in UNKNOWN_WORDS)):
        return result(ctx, str(ctx.session.data["self_code"]))
    if ctx.pressed:
        if len(ctx.value) == 4:  # a city offered beside same-named districts: list its districts
            return _choose(ctx, gaz.in_city(ctx.value), w.say("pick_district", area=gaz.city_name(ctx.value)), 3)
        division = gaz.by_code(ctx.value)
        return None if division is None else located(ctx, division.code)
    if ctx.msg.location is not None:
        lat, lon = ctx.msg.location
        near = gaz.nearest(lat, lon)
        if near is None:
            return [Reply(w.say("location_outside"))]
        return [Reply(w.say("location_confirm", place=near.full_name),
                      rows([flow_button(NAME, step, near.code, w.say("location_yes"))], 1)),
                Reply(w.say("location_no"))]
    found = gaz.resolve(ctx.value)
    if found.status == "found":
        ctx.session.data["place_note"] = found.note
        return located(ctx, found.matches[0].code)
    if found.status == "outside":
        return _outside(ctx, found.scope, found.matches)
    if found.status == "spans":
        return _choose(ctx, found.matches, w.say("pick_county", area=found.scope), 1, full=True)
    if found.status == "former":
        return _choose(ctx, found.matches, w.say("pick_former", former=found.note), 1, full=True)
    if found.status == "ambiguous" and found.matches:
        cities = [flow_button(NAME, step, code, w.say("city_button", city=name)) for code, name in found.cities]
        return _choose(ctx, found.matches, w.say("pick_same_name", typed=ctx.value.strip()), 1, full=True,
                       extra=cities)
    if found.status == "too_broad" and found.matches:
        return _choose(ctx, found.matches, w.say("pick_district", area=found.scope), 3)
    if found.status == "too_broad":
        return [Reply(w.say("too_broad", area=found.scope or w.say("a_province")))]
    return None   # not a place: the engine checks for a clear question first, then calls retry_place


def _choose(ctx: Ctx, matches: tuple[Division, ...], head: str, per_row: int, full: bool = False,
            extra: list[Button] | None = None) -> list[Reply]:
    """Buttons for the candidates (at most 12), plus extra ones such as whole cities."""
    shown = matches[:12]
    buttons = [flow_button(NAME, ctx.session.step, d.code, d.full_name if full else d.name) for d in shown]
    tail = "" if len(matches) <= len(shown) else "\n" + _w(ctx).say("more_candidates")
    return [Reply(head + tail, rows(buttons + (extra or []), per_row))]


def _outside(ctx: Ctx, region: str, mainland: tuple[Division, ...]) -> list[Reply]:
    """Taiwan, Hong Kong, Macau: no mainland basic court to name; say so and offer a person."""
    w = _w(ctx)
    ctx.session.facts[texts.FACT_REGION] = region
    text = w.say("outside", region=region)
    buttons = [replies.HUMAN]
    if mainland:
        text += "\n" + w.say("outside_mainland")
        buttons += [flow_button(NAME, ctx.session.step, d.code, d.full_name) for d in mainland]
    return [Reply(text, rows(buttons, 1))]


def retry_place(ctx: Ctx) -> list[Reply]:
    """A text that is neither a place nor a clear question: ask again, then offer a person."""
    s = ctx.session
    if any(u in ctx.value for u in UNKNOWN_WORDS):   # 不知道他住哪: no place was misspelt, so none is asked again
        return [Reply(_w(ctx).say("place_unknown"), rows([replies.HUMAN], 1))]
    s.data["misses"] = int(s.data.get("misses", 0)) + 1
    text = _w(ctx).say("not_found" if s.data["misses"] < 2 else "not_found_again")
    return [Reply(text, rows([replies.HUMAN], 1))]


def located(ctx: Ctx, code: str) -> list[Reply]:
    """A place is known: ask for the defendant's current place too (divorce, spouse away), or answer."""
    s = ctx.session
    if s.step == "place" and s.data.get("rule") == "divorce:away":
        s.data["self_code"] = code
        s.data["self_note"] = s.data.pop("place_note", "")
        ctx.goto("other")
        return [prompt_other(ctx)]
    if s.step == "other":
        return result(ctx, str(s.data["self_code"]), other=code)
    return result(ctx, code)


def result(ctx: Ctx, code: str, other: str | None = None) -> list[Reply]:
    """Name the court (or the arbitration commission first, for labour) and what to do next."""
    assert ctx.gazetteer is not None
    w = _w(ctx)
    division = ctx.gazetteer.by_code(code)
    if division is None:
        return [Reply(w.say("not_found"))]
    s = ctx.session
    rule_key = str(s.data.get("rule", "other"))
    rule = f"rules.{rule_key if rule_key in RULES else 'other'}"
    whose, why, basis = w.say(f"{rule}.whose"), w.say(f"{rule}.why"), w.say(f"{rule}.basis")
    s.facts[WHOSE_FACT.get(s.data.get("whose", ""), DEFENDANT_FACT)] = division.full_name
    note = str(s.data.pop("self_note", "") or s.data.pop("place_note", "") or "")
    court = division.court_name
    buttons = dict(w.options("buttons"))
    again = Button(buttons["again"], RunCommand("/court"))
    if not court:
        # 东莞、中山、兵团 and similar: the court depends on the town or is a separate court system.
        s.facts[texts.FACT_COURT] = w.say("no_court_fact")
        s.known["court"] = ""
        s.leave_flow()
        return [Reply(w.say("no_court", place=division.full_name), rows([replies.HUMAN, again], 2))]
    s.facts[texts.FACT_COURT] = s.known["court"] = court
    second = ctx.gazetteer.by_code(other) if other else None
    if second is not None and second.court_name and second.court_name != court:
        s.facts[texts.FACT_OTHER_HOME] = second.full_name
        s.facts[texts.FACT_COURT] = s.known["court"] = w.say("two_courts_fact", court=court, other_court=second.court_name)
        head = w.say("two_courts", court=court, place=division.full_name, other_court=second.court_name,
                     other_place=second.full_name)
        why, basis = why + w.say("two_courts_why"), w.say("two_courts_basis")
    elif rule_key == "labor":
        head = w.say("labor_head", place=division.full_name, court=court, whose=whose)
    else:
        head = w.say("court_head", court=court, whose=whose, place=division.full_name)
    if note:
        head = f"{note}\n{head}"
    if division.recent or (second is not None and second.recent):
        head += "\n" + w.say("recent")
    steps = w.say("labor_next_steps" if rule_key == "labor" else "next_steps")
    s.leave_flow()
    buttons_row = [Button(buttons["checklist"], RunCommand("/checklist")), Button(buttons["complaint"], RunCommand("/complaint")), again,
                   replies.HUMAN]
    text = w.say("answer", head=head, why=why, basis=basis, steps=steps, caveat=w.say("caveat"))
    return [Reply(text, rows(buttons_row, 2))]


# The topic just discussed names the case (欠钱去哪个法院, then 帮我找法院): the finder starts from it.
TOPIC_KINDS = {"jurisdiction.divorce": "divorce", "divorce": "divorce", "jurisdiction.contract": "contract",
               "jurisdiction.tort": "tort", "labor": "labor"}


# Asked which court (not what the rule is) after writing a place (我在武汉洪山区 …, then 那我找哪个法院): the finder
# names the court from that place instead of the rule being explained again.
ASKS_WHICH_COURT = re.compile(r"哪(个|家|里|儿)的?(基层)?(法院|法庭)|什么法院|(去|在|到|上|跟)哪(里|儿)?(起诉|告|立案|打官司)|找法院"
                              r"|(附近|最近|近)的?(法院|法庭)")


def finds_with_place(s: Session, intent_id: str, text: str) -> bool:
    """A typed question on which court (jurisdiction.*) from a user whose place is known: start the finder."""
    return (bool(s.place) and intent_id.split(".")[0] == "jurisdiction"
            and ASKS_WHICH_COURT.search(normalize(text).replace(" ", "")) is not None)   # 哪個法院 too


def entry(ctx: Ctx) -> list[Reply]:
    """From `/court`, a button, or a question asking to find the court: the place already written is said back.
    A question (not `/court`) starts from the case type it names, or else from the topic just discussed."""
    s = ctx.session
    head = [Reply(_w(ctx).say("place_noted", place=s.place_name))] if s.place and s.place_name else []
    if not ctx.value or ctx.pressed:
        return [*head, prompt_kind(ctx)]
    kinds = _w(ctx).options("kinds")
    typed = pick(ctx, kinds, KIND_WORDS)
    kind = typed if typed in dict(kinds) and typed != "other" else next(
        (k for t in s.topics for prefix, k in TOPIC_KINDS.items() if t == prefix or t.startswith(prefix + ".")), None)
    if kind is None:
        return [*head, prompt_kind(ctx)]
    return [*head, *(step_kind(replace(ctx, value=kind, pressed=True)) or [prompt_kind(ctx)])]


FLOW = Flow(
    name=NAME,
    first="kind",
    steps={"kind": step_kind, "divorce": step_divorce, "tort": step_tort,
           "place": step_place, "other": step_place},
    prompts={"kind": prompt_kind, "divorce": prompt_divorce, "tort": prompt_tort,
             "place": prompt_place, "other": prompt_other},
    retries={"place": retry_place, "other": retry_place},
    entry=entry,
)
