"""The filing checklist: asks the case type, gives the materials, and a plain-text file to keep."""

from __future__ import annotations

from bot.flows import Ctx, Flow, choice, flow_button, pick
from bot.messages import Button, Document, Reply, rows
from bot.protocol import HandoffButton, RunCommand
from bot.session import Session

NAME = "checklist"
KINDS = [("divorce", "离婚"), ("debt", "借钱欠款"), ("labor", "劳动工资"), ("traffic", "交通事故"),
         ("other", "其他")]
KIND_WORDS = {  # checked in this order: "欠工资" is labour, not a debt
    "labor": ("工资", "劳动", "辞退", "老板", "公司"), "divorce": ("离婚", "老公", "老婆"),
    "debt": ("借", "欠", "还钱", "合同"), "traffic": ("车祸", "交通", "事故", "撞"), "other": ("其他", "别的"),
}
COMMON = [
    "起诉状：原件1份；被告有几个人，再交几份副本。",
    "你的身份证明（身份证复印件）。",
    "能找到被告的信息：姓名、住址、电话等，能和别人区分开就行。",
    "证据，和证据清单（写上每份证据是什么、从哪里来、证人姓名和住址）。",
    "请别人代你起诉的：授权委托书，和代理人的身份证明。",
]
EVIDENCE = {
    "divorce": "离婚可能用到的证据：结婚证，孩子的出生证明，家里财产、债务的材料，受到家庭暴力的证明（报警记录、病历、照片）。",
    "debt": "借钱欠款可能用到的证据：借条、欠条、合同，转账记录，催对方还钱的聊天记录。",
    "labor": "劳动纠纷一般要先申请劳动仲裁（不收费），交仲裁申请和证据：劳动合同、工资条或工资转账记录、考勤、工作证、"
             "聊天记录。仲裁要的材料以当地仲裁委的要求为准。上班受伤（工伤）：先到单位所在地的人社局申请工伤认定，"
             "单位不申请的，你要在受伤之日起1年内自己申请（要带的材料以人社局的要求为准）。",
    "traffic": "交通事故可能用到的证据：交通事故认定书，病历和医疗费票据，误工、护理的证明，车辆和保险的材料。",
    "other": "证据按你的情况准备：合同、票据、转账记录、聊天记录、照片等。",
}
GREEN = [
    "残疾人证：立案时出示，可以问法院有没有残疾人“绿色通道”（优先办理、专人引导）。",
    "需要手语翻译的，立案时用文字写清楚，请法院提前安排；费用和安排，请问受理的法院。",
    "交不起诉讼费的：写一份缓交、减交或免交的申请，附上经济困难的证明（只有残疾证，不等于自动免交）。",
]
SOURCE = ("依据：《民事诉讼法》(2023修正)第123、124条；最高法《关于人民法院登记立案若干问题的规定》第6条；"
          "《诉讼费用交纳办法》第44—48条；劳动纠纷：《劳动争议调解仲裁法》第5条、《工伤保险条例》第17条。")


def prompt_kind(_s: Session) -> Reply:
    return choice(NAME, "kind", "给你一份材料清单。是什么案子？", KINDS)


def prompt_ready(_s: Session) -> Reply:
    return Reply("要把清单存成文件吗？", rows([flow_button(NAME, "ready", "file", "发给我文字文件（可保存、打印）")], 1))


def checklist_text(kind: str) -> str:
    label = dict(KINDS).get(kind, "其他")
    lines = [f"起诉材料清单（{label}）", ""]
    lines += [f"{n}. {item}" for n, item in enumerate(COMMON, 1)]
    lines += ["", EVIDENCE.get(kind, EVIDENCE["other"]), "", "残疾人可以多带："]
    lines += [f"{n}. {item}" for n, item in enumerate(GREEN, 1)]
    lines += ["", "各地法院要求可能不同，立案前可以在“人民法院在线服务”小程序或法院诉讼服务中心确认。", SOURCE]
    return "\n".join(lines)


def step_kind(ctx: Ctx) -> list[Reply] | None:
    kind = pick(ctx, KINDS, KIND_WORDS)
    if kind is None:
        return None
    ctx.session.data["kind"] = kind
    ctx.session.facts["材料清单"] = dict(KINDS)[kind]
    ctx.goto("ready")
    return [Reply(checklist_text(kind)), prompt_ready(ctx.session)]


def step_ready(ctx: Ctx) -> list[Reply] | None:
    if not (ctx.pressed and ctx.value == "file"):
        return None
    kind = str(ctx.session.data.get("kind", "other"))
    ctx.session.leave_flow()
    doc = Document("材料清单.txt", checklist_text(kind).encode("utf-8"), "材料清单（文字文件）")
    return [Reply("这是文字文件，可以保存或打印。", rows([Button("去哪个法院", RunCommand("/court")), Button("写起诉状", RunCommand("/complaint")),
                                                 Button("找工作人员", HandoffButton("start"))]), document=doc)]


FLOW = Flow(
    name=NAME,
    first="kind",
    steps={"kind": step_kind, "ready": step_ready},
    prompts={"kind": prompt_kind, "ready": prompt_ready},
)
