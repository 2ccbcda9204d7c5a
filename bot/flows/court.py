"""The court finder: case type, then where, then the court that has jurisdiction and why."""

from __future__ import annotations

from bot.flows import Ctx, Flow, choice, flow_button, pick
from bot.messages import Button, Reply, rows
from bot.places import Division
from bot.protocol import HandoffButton, RunCommand
from bot.session import Session

NAME = "court"
KINDS = [("divorce", "离婚"), ("contract", "借钱欠款·合同"), ("lease", "租房·房屋土地"), ("tort", "交通事故·侵权"),
         ("labor", "劳动工资"), ("other", "其他")]
KIND_WORDS = {  # checked in this order: "欠工资" is labour, not a debt
    "labor": ("工资", "劳动", "公司", "老板", "辞退", "工伤"),
    "divorce": ("离婚", "老公", "老婆", "丈夫", "妻子"),
    "lease": ("租", "房东", "押金", "施工", "承包", "房子", "土地"),
    "contract": ("借", "欠", "合同", "还钱", "货款", "支付令"),
    "tort": ("车祸", "交通", "事故", "打伤", "被打", "侵权", "受伤", "撞"),
    "other": ("其他", "别的", "不知道"),
}
# The question 民诉法解释 第12条 asks: has the defendant left their domicile (户口所在地) for over a year?
DIVORCE = [("home", "对方住在户口所在地（或离开不到一年）"),
           ("away", "对方离开户口所在地超过一年"),
           ("both_away", "我们两个都离开户口所在地超过一年"),
           ("missing", "对方下落不明，找不到人"),
           ("abroad", "对方住在国外"),
           ("prison", "对方在监狱服刑，或被采取强制性教育措施")]
DIVORCE_WORDS = {"missing": ("找不到", "下落不明", "失踪", "不知道在哪"), "abroad": ("国外", "外国", "出国"),
                 "prison": ("监狱", "坐牢", "服刑", "判刑", "关押", "劳改"),
                 "both_away": ("两个都", "都离开", "我们都"),
                 "away": ("超过一年", "一年多", "外地", "好几年", "几年", "别的城市", "外面打工")}

UNKNOWN_WORDS = ("不知道", "不清楚", "不确定", "常搬家")
TORT = [("event", "事情发生的地方"), ("defendant", "对方住的地方")]
TORT_WORDS = {"event": ("发生", "事故", "出事"), "defendant": ("对方", "他住", "住的")}

ASK_DEFENDANT = ("对方（被告）住在哪里？\n"
                 "请写省、市、区或县，比如：海南省海口市琼山区。写一部分也可以，比如“海口琼山”。\n"
                 "住的地方：先看户口所在地；对方离开户口地、在别处连续住了一年以上，就写现在住的地方。")
ASK_HABITUAL = ("对方现在住在哪里？\n"
                "在一个地方住满一年的，写那里；没有的，写对方现在住的地方，不是户口所在地。请写省、市、区或县。")
ASK_SELF = "你的户口在哪里？如果你离开户口地、在别处连续住了一年以上，写你现在住的地方。\n请写省、市、区或县。"
ASK_SELF_HOME = "你的户口在哪里（你住的地方）？请写省、市、区或县，比如“海口琼山”。"
ASK_OTHER_NOW = ("对方现在住在哪里？对方在那里连续住了一年以上的，那里的法院也可以管。\n"
                 "请写省、市、区或县。不知道、或对方常搬家的，点“不知道”。")
ASK_PROPERTY = "房子、土地在哪里？请写省、市、区或县，比如：海南省海口市琼山区。"
ASK_EVENT = "事情发生在哪里？请写省、市、区或县，比如：云南省昆明市五华区。"
ASK_WORK = "你在哪里上班（劳动合同履行地）？写不清的，写公司所在地。请写省、市、区或县。"

# (who the place belongs to, the rule, its legal basis)
RULES: dict[str, tuple[str, str, str]] = {
    "divorce:home": ("被告住所地", "离婚一般由被告（对方）住的地方的法院管：先看户口所在地；对方在别处连续住了一年以上的，"
                     "由那里的法院管。", "《民事诉讼法》(2023修正)第22条；最高法民诉法解释(2022修正)第3、4条"),
    "divorce:away": ("原告住所地", "对方离开户口所在地（住所地）超过一年，你可以在你自己住的地方的法院起诉离婚。",
                     "最高法民诉法解释(2022修正)第12条第1款"),
    "divorce:both_away": ("被告经常居住地", "两个人都离开住所地超过一年，由对方现在经常住的地方的法院管；对方没有"
                          "经常住的地方，由起诉时对方住的地方的法院管（不是户口所在地）。", "最高法民诉法解释(2022修正)第12条第2款"),
    "divorce:prison": ("原告住所地", "对方在监狱服刑或被采取强制性教育措施，由你住的地方的法院管：先看你的户口所在地；"
                       "你在别处连续住了一年以上的，由那里的法院管。你们两个人都被关押的，情况特殊，请找工作人员。",
                       "《民事诉讼法》(2023修正)第23条第(三)、(四)项"),
    "divorce:missing": ("原告住所地", "对方下落不明，离婚由你住的地方的法院管。",
                        "《民事诉讼法》(2023修正)第23条第(二)项"),
    "divorce:abroad": ("原告住所地", "对方住在国外，离婚由你住的地方的法院管。",
                       "《民事诉讼法》(2023修正)第23条第(一)项；涉外离婚另见民诉法解释第13—17条"),
    "contract": ("被告住所地", "借钱、合同的纠纷，由对方住的地方或者合同履行地的法院管。合同没写履行地点、你要对方还钱的，"
                 "你收钱的地方（一般是你这里）也算履行地。合同里书面约定了法院的，按约定（约定的法院要和案子有实际联系）。"
                 "租房子、建房施工、农村土地承包的纠纷不一样：只能去房子、土地所在地的法院（请选“租房·房屋土地”）。"
                 "申请支付令：只能向对方住的地方的基层法院申请。",
                 "《民事诉讼法》(2023修正)第24、34、35条；民诉法解释第18、23、28条"),
    "lease": ("不动产所在地", "租房子（房屋租赁）、建房施工、农村土地承包的合同纠纷，只能由房子、土地所在地的法院管（专属管辖），"
              "合同里约定了别的法院也不算。", "《民事诉讼法》(2023修正)第34条第(一)项、第35条；民诉法解释(2022修正)第28条第2款"),
    "payorder": ("债务人住所地", "申请支付令（请法院发命令，让对方还钱）：只能向对方（债务人）住的地方的基层法院申请，"
                 "合同履行地的法院不行。只能要钱（或有价证券）、你和对方没有别的债务纠纷、支付令能送到对方手里的，才能申请支付令。",
                 "《民事诉讼法》(2023修正)第225条；民诉法解释(2022修正)第23条"),
    "tort:event": ("侵权行为地", "侵权（比如被打伤、交通事故）可以由事情发生地的法院管，也可以由对方住的地方的法院管。",
                   "《民事诉讼法》(2023修正)第29、30条；民诉法解释第24条"),
    "tort:defendant": ("被告住所地", "侵权（比如被打伤、交通事故）可以由对方住的地方的法院管，也可以由事情发生地的法院管。",
                       "《民事诉讼法》(2023修正)第29、30条"),
    "labor": ("劳动合同履行地", "劳动纠纷一般要先申请劳动仲裁。找上班的地方或公司所在地的劳动人事争议仲裁委员会"
              "（法律上叫劳动争议仲裁委员会）。仲裁不收费。对仲裁结果不满意，收到裁决书15日内可以去法院起诉。"
              "上班受伤（工伤）：先要到单位所在地的人社局申请工伤认定，单位不申请的，你要在受伤之日起1年内自己申请。"
              "单位给你写了欠工资的欠条的，可以直接去法院起诉。",
              "《劳动争议调解仲裁法》第5、21、48、53条；《工伤保险条例》第17条；最高法劳动争议解释（一）第3、15条"),
    "other": ("被告住所地", "一般由被告（对方）住的地方的法院管（原告就被告）。房子、土地的纠纷由房子、土地所在地的法院管；"
              "继承纠纷由去世的人去世时的住所地（一般是户口所在地）或主要遗产所在地的法院管。"
              "对方在监狱服刑或被采取强制性教育措施的，由你住的地方的法院管。", "《民事诉讼法》(2023修正)第22、23、34条"),
}
CAVEAT = ("注意：有的地方案件由派出法庭或专门法院（比如铁路运输法院、互联网法院）受理。"
          "立案前请在“人民法院在线服务”微信小程序里选法院时确认，或者找工作人员帮你查。")
NOT_FOUND = "没找到这个地方。请再写一次：写省、市、区或县，比如“海南省海口市琼山区”或“昆明五华区”。"
NOT_FOUND_AGAIN = "还是没找到。你可以点“找工作人员”，让工作人员帮你查。也可以再写一次。"


WHOSE_FACT = {"self": "原告住址", "event": "事情发生地", "work": "上班地点", "property": "房子土地所在地"}
# How to choose when the defendant's habitual residence and the user's own court both have jurisdiction.
CHOOSE_TWO = ("怎么选：两家法院都可以管，你选一家起诉就行（两家都起诉的，由先立案的法院管）。"
              "一般选你去着方便的一家。对方在那里连续住不满一年的，那里不算对方的经常居住地，请选第1家。")
BASIS_TWO = "最高法民诉法解释(2022修正)第12条第1款；《民事诉讼法》(2023修正)第22条、第36条"


def prompt_kind(_s: Session) -> Reply:
    return choice(NAME, "kind", "帮你查哪个法院管。先说是什么案子？", KINDS, per_row=2)


def prompt_divorce(_s: Session) -> Reply:
    return choice(NAME, "divorce", "对方现在是什么情况？（点一个）", DIVORCE, per_row=1)


def prompt_tort(_s: Session) -> Reply:
    return choice(NAME, "tort", "侵权案子可以选：事情发生地的法院，或者对方住的地方的法院。你想查哪个？", TORT)


def prompt_place(session: Session) -> Reply:
    whose = session.data.get("whose", "")
    rule = session.data.get("rule", "")
    if whose == "self":
        question = ASK_SELF_HOME if rule == "divorce:away" else ASK_SELF
    elif rule == "divorce:both_away":
        question = ASK_HABITUAL
    else:
        question = {"event": ASK_EVENT, "work": ASK_WORK, "property": ASK_PROPERTY}.get(whose, ASK_DEFENDANT)
    if session.place and session.place_name:   # a place the user already wrote in a question
        return Reply(question + "\n也可以发送位置，或点下面你说过的地方。",
                     rows([flow_button(NAME, "place", session.place, session.place_name)], 1))
    return Reply(question + "\n也可以发送位置。")


def prompt_other(_s: Session) -> Reply:
    return Reply(ASK_OTHER_NOW, rows([flow_button(NAME, "other", "unknown", "不知道")], 1))


def step_kind(ctx: Ctx) -> list[Reply] | None:
    kind = pick(ctx, KINDS, KIND_WORDS)
    if kind is None:
        return None
    s = ctx.session
    s.data["kind"] = kind
    s.facts["案件类型"] = dict(KINDS)[kind]
    if kind == "divorce":
        ctx.goto("divorce")
        return [prompt_divorce(s)]
    if kind == "tort":
        ctx.goto("tort")
        return [prompt_tort(s)]
    if kind == "contract" and not ctx.pressed and "支付令" in ctx.value:
        return _ask_place(ctx, "payorder")
    return _ask_place(ctx, kind)


def _ask_place(ctx: Ctx, rule: str) -> list[Reply]:
    s = ctx.session
    s.data["rule"] = rule
    s.data["whose"] = {"labor": "work", "lease": "property"}.get(rule, "defendant")
    ctx.goto("place")
    return [prompt_place(s)]


def step_divorce(ctx: Ctx) -> list[Reply] | None:
    situation = pick(ctx, DIVORCE, DIVORCE_WORDS)
    if situation is None:
        return None
    s = ctx.session
    s.data["rule"] = f"divorce:{situation}"
    s.data["whose"] = "self" if situation in ("away", "missing", "abroad", "prison") else "defendant"
    s.facts["对方情况"] = dict(DIVORCE)[situation]
    ctx.goto("place")
    return [prompt_place(s)]


def step_tort(ctx: Ctx) -> list[Reply] | None:
    where = pick(ctx, TORT, TORT_WORDS)
    if where is None:
        return None
    s = ctx.session
    s.data["rule"] = f"tort:{where}"
    s.data["whose"] = "event" if where == "event" else "defendant"
    ctx.goto("place")
    return [prompt_place(s)]


def step_place(ctx: Ctx) -> list[Reply] | None:
    """Free text (or a location, or a choice between same-named places) -> the court."""
    gaz = ctx.gazetteer
    if gaz is None:
        return [Reply("现在查不了地名。请找工作人员帮你查。")]
    step = ctx.session.step
    if step == "other" and (ctx.value == "unknown" if ctx.pressed else any(w in ctx.value for w in UNKNOWN_WORDS)):
        return result(ctx, str(ctx.session.data["self_code"]))
    if ctx.pressed:
        if len(ctx.value) == 4:  # a city offered beside same-named districts: list its districts
            return _choose(ctx, gaz.in_city(ctx.value), f"{gaz.city_name(ctx.value)}有这些区县，是哪一个？", 3)
        division = gaz.by_code(ctx.value)
        return None if division is None else located(ctx, division.code)
    if ctx.msg.location is not None:
        lat, lon = ctx.msg.location
        near = gaz.nearest(lat, lon)
        if near is None:
            return [Reply("这个位置不在中国大陆的区县里。请写省、市、区或县。")]
        return [Reply(f"你发的位置在：{near.full_name}。对吗？",
                      rows([flow_button(NAME, step, near.code, "对，就是这里")], 1)),
                Reply("不对的话，请直接写地名。")]
    found = gaz.resolve(ctx.value)
    if found.status == "found":
        ctx.session.data["place_note"] = found.note
        return located(ctx, found.matches[0].code)
    if found.status == "outside":
        return _outside(ctx, found.scope, found.matches)
    if found.status == "spans":
        return _choose(ctx, found.matches, f"{found.scope}包括几个县，是哪一个？", 1, full=True)
    if found.status == "former":
        return _choose(ctx, found.matches, f"{found.note}是现在的哪一个？", 1, full=True)
    if found.status == "ambiguous" and found.matches:
        cities = [flow_button(NAME, step, code, f"{name}（下面的区县）") for code, name in found.cities]
        return _choose(ctx, found.matches, f"“{ctx.value.strip()}”有好几个地方，是哪一个？", 1, full=True,
                       extra=cities)
    if found.status == "too_broad" and found.matches:
        return _choose(ctx, found.matches, f"{found.scope}有这些区县，是哪一个？", 3)
    if found.status == "too_broad":
        return [Reply(f"只写了{found.scope or '省'}，还不够。请写到市和区县，比如“海口市琼山区”。")]
    return None   # not a place: the engine checks for a clear question first, then calls retry_place


def _choose(ctx: Ctx, matches: tuple[Division, ...], head: str, per_row: int, full: bool = False,
            extra: list[Button] | None = None) -> list[Reply]:
    """Buttons for the candidates (at most 12), plus extra ones such as whole cities."""
    shown = matches[:12]
    buttons = [flow_button(NAME, ctx.session.step, d.code, d.full_name if full else d.name) for d in shown]
    tail = "" if len(matches) <= len(shown) else "\n没有的话，请写得更具体一点。"
    return [Reply(head + tail, rows(buttons + (extra or []), per_row))]


def _outside(ctx: Ctx, region: str, mainland: tuple[Division, ...]) -> list[Reply]:
    """Taiwan, Hong Kong, Macau: no mainland basic court to name; say so and offer a person."""
    ctx.session.facts["地点"] = region
    text = (f"这是{region}的地方。有人住在{region}、或者事情在{region}的案子，内地哪个法院管、怎么送达，"
            "有特别的规定，我不能帮你确定法院。请点“找工作人员”，让工作人员帮你查。")
    buttons = [Button("找工作人员", HandoffButton("start"))]
    if mainland:
        text += "\n如果你说的是内地的地方，点下面的地名。"
        buttons += [flow_button(NAME, ctx.session.step, d.code, d.full_name) for d in mainland]
    return [Reply(text, rows(buttons, 1))]


def retry_place(s: Session) -> list[Reply]:
    """A text that is neither a place nor a clear question: ask again, then offer a person."""
    s.data["misses"] = int(s.data.get("misses", 0)) + 1
    text = NOT_FOUND if s.data["misses"] < 2 else NOT_FOUND_AGAIN
    return [Reply(text, rows([Button("找工作人员", HandoffButton("start"))], 1))]


def located(ctx: Ctx, code: str) -> list[Reply]:
    """A place is known: ask for the defendant's current place too (divorce, spouse away), or answer."""
    s = ctx.session
    if s.step == "place" and s.data.get("rule") == "divorce:away":
        s.data["self_code"] = code
        s.data["self_note"] = s.data.pop("place_note", "")
        ctx.goto("other")
        return [prompt_other(s)]
    if s.step == "other":
        return result(ctx, str(s.data["self_code"]), other=code)
    return result(ctx, code)


def result(ctx: Ctx, code: str, other: str | None = None) -> list[Reply]:
    """Name the court (or the arbitration commission first, for labour) and what to do next."""
    assert ctx.gazetteer is not None
    division = ctx.gazetteer.by_code(code)
    if division is None:
        return [Reply(NOT_FOUND)]
    s = ctx.session
    rule_key = str(s.data.get("rule", "other"))
    whose, why, basis = RULES.get(rule_key, RULES["other"])
    s.facts[WHOSE_FACT.get(s.data.get("whose", ""), "被告住址")] = division.full_name
    note = str(s.data.pop("self_note", "") or s.data.pop("place_note", "") or "")
    court = division.court_name
    if not court:
        # 东莞、中山、兵团 and similar: the court depends on the town or is a separate court system.
        s.facts["法院"] = "需要人工确认"
        s.leave_flow()
        return [Reply(f"{division.full_name}的法院是按镇、街道或者单独的系统划分的，我不能确定是哪一家。\n"
                      "请找工作人员帮你查，或者在“人民法院在线服务”微信小程序里按对方住的镇、街道选法院。",
                      rows([Button("找工作人员", HandoffButton("start")), Button("再查一个", RunCommand("/court"))], 2))]
    s.facts["法院"] = court
    second = ctx.gazetteer.by_code(other) if other else None
    if second is not None and second.court_name and second.court_name != court:
        s.facts["对方经常居住地"] = second.full_name
        s.facts["法院"] = f"{court} 或 {second.court_name}"
        head = (f"可以选的两家法院：\n1. {court}（你住的地方：{division.full_name}）\n"
                f"2. {second.court_name}（对方现在住的地方：{second.full_name}）\n{CHOOSE_TWO}")
        why, basis = (why + "对方在别处连续住了一年以上的，那里是对方的经常居住地，那里的法院也可以管。", BASIS_TWO)
    elif rule_key == "labor":
        head = (f"第一步：劳动仲裁。找{division.full_name}所在地的劳动人事争议仲裁委员会"
                "（是区里还是市里受理，请问当地人社局）。\n"
                f"以后要起诉的话，法院是：{court}（{whose}）。")
    else:
        head = f"管辖法院：{court}\n（按{whose}：{division.full_name}）"
    if note:
        head = f"{note}\n{head}"
    if division.recent or (second is not None and second.recent):
        head += "\n这个区县是最近新设或调整的，法院的名称和管辖可能还在调整，立案前请一定确认。"
    steps = ("下一步：\n"
             "1. 在“人民法院在线服务”微信小程序上网上立案，选这家法院。\n"
             "2. 这家法院离你远：可以到你附近法院的诉讼服务中心，问能不能“跨域立案”（在附近法院交材料，由这家法院立案）。")
    if rule_key == "labor":
        steps = ("下一步：先准备仲裁申请和证据（劳动合同、工资记录、聊天记录等），到仲裁委申请。"
                 "工伤的，先去人社局申请工伤认定（受伤之日起1年内）。")
    s.leave_flow()
    buttons = [Button("材料清单", RunCommand("/checklist")), Button("写起诉状", RunCommand("/complaint")), Button("再查一个", RunCommand("/court")),
               Button("找工作人员", HandoffButton("start"))]
    return [Reply(f"{head}\n\n为什么：{why}\n依据：{basis}\n\n{steps}\n\n{CAVEAT}", rows(buttons, 2))]


FLOW = Flow(
    name=NAME,
    first="kind",
    steps={"kind": step_kind, "divorce": step_divorce, "tort": step_tort,
           "place": step_place, "other": step_place},
    prompts={"kind": prompt_kind, "divorce": prompt_divorce, "tort": prompt_tort,
             "place": prompt_place, "other": prompt_other},
    retries={"place": retry_place, "other": retry_place},
)
