"""The short message that goes with the document: where and how to file, copies, signing, help at court."""

from __future__ import annotations

from bot.forms.model import Answers, Form
from bot.forms.render import View

# Filing facts as the checklist and court finder state them (民诉法第123、124条; 登记立案规定第6条).
HOW = ("怎么交：在“人民法院在线服务”微信小程序网上立案；或者到法院的诉讼服务中心交。"
       "法院离你远，可以到附近法院的诉讼服务中心问能不能“跨域立案”。")
GREEN = "残疾人可以问法院有没有“绿色通道”；需要手语翻译的，立案时用文字写清楚，请法院提前安排。"


def defendants(form: Form, answers: Answers) -> int:
    """How many defendants the form names (at least one)."""
    view = View(form, answers)
    count = 0
    for key in form.defendants:
        value = view.raw(key)
        count += len(value) if isinstance(value, list) else 1 if value else 0
    return max(count, 1)


def cover_text(form: Form, answers: Answers, court: str) -> str:
    """`court`: the one the court finder named ('' when not asked or not determinable)."""
    many = defendants(form, answers)
    where = (f"1. 交到：{court}（刚才查到的）。" if court
             else "1. 交到哪个法院：还没查。点“查哪个法院”，或者问工作人员。")
    lines = [
        f"起诉状（{form.case_type}）做好了，是 Word 文件。请打印出来，再看一遍。",
        where,
        f"2. {HOW}",
        f"3. 交几份：原件1份，被告有{many}个，再交{many}份副本，一共{many + 1}份。",
        "4. 每一份都要在“具状人”后面亲笔签名，写上日期。",
        f"5. {GREEN}",
    ]
    if any(f.check for f in form.fields if f.key not in answers and View(form, answers).raw(f.key)):
        lines.append("“请求依据”是我按你的请求预填的常用条文，请你或帮你的人核对。")
    elif any(f.check for f in form.fields):
        lines.append("“请求依据”我没有核实过的条文可以帮你填，请你自己写，或者问工作人员。")
    return "\n".join(lines)


def file_stem(form: Form) -> str:
    return f"民事起诉状（{form.case_type}）"
