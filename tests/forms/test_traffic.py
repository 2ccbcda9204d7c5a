"""The traffic-accident form: the injury items chosen, each amount written in its row."""

from __future__ import annotations

from tests.forms.driver import answer_all, generate, start_form, table_of
from tests.forms.test_loan import PLAINTIFF
from tests.recording import RecordingChannel

BASE = {
    **PLAINTIFF,
    "你要告的是个人": "@个人",
    "对方叫什么名字": "孙开",
    "对方的身份证号码": "110105198803080016",
    "对方是什么民族": "@汉族",
    "对方在哪里工作": "@跳过",
    "对方的手机号码": "13712345678",
    "对方的户口在哪里": "海南省海口市秀英区某某路9号",
    "对方现在经常住在哪里": "@同上",
    "还要告别的人或单位吗": "@否",
    "还有别的费用": "@跳过",
    "一共要求对方赔多少钱": "@跳过",
    "保全": "@没有",
    "鉴定": "@不要",
    "事故是怎么发生的": "2026年5月3日晚上，我骑电动车在海口市龙华路被对方的小汽车撞倒",
    "事故认定书是怎么认定责任的": "对方负全部责任",
    "买了什么保险": "@不知道",
    "请求依据": "@跳过",
    "哪些证据": "交通事故认定书、病历、发票",
    "上面的话你都了解了吗": "@都了解",
    "愿意先调解": "@愿意",
}


def start(chat: RecordingChannel) -> None:
    start_form(chat, "交通事故")


def test_traffic_injury_items(form_chat: RecordingChannel) -> None:
    start(form_chat)
    script = {
        **BASE,
        "你要求赔哪些": "@医疗费+护理费+误工费+精神损害抚慰金+财产损失+好了",
        "哪天开始治疗": "2026年5月3日",
        "哪天治疗结束": "2026.5.20",
        "在哪家医院治疗": "海南省人民医院，住院",
        "医疗费一共多少钱": "2.3万",
        "医疗费发票": "@有",
        "护理了多少天": "17",
        "护理费一共多少钱": "3400",
        "住院证明、医嘱": "@有",
        "从哪天开始不能上班": "2026年5月3日",
        "到哪天为止不能上班": "2026年8月3日",
        "误工费一共多少钱": "一万五",
        "精神损害抚慰金要多少钱": "1万",
        "车辆损失多少钱": "8000",
        "停运损失": "@跳过",
        "还有别的东西坏了吗": "手机摔坏，2000元",
    }
    answer_all(form_chat, script)
    table = table_of(generate(form_chat))
    assert table["1. 医疗费"].split("\n") == [
        "2026年5月3日至2026年5月20日期间在海南省人民医院，住院治疗，累计发生医疗费23000元",
        "医疗费发票、医疗费清单、病历资料：有☑ 无□"]
    assert "住院护理17天，护理费3400元" in table["2. 护理费"]
    assert table["5. 误工费"] == "2026年5月3日至2026年8月3日误工费15000元"
    assert table["10. 精神损害抚慰金"] == "精神损害抚慰金10000元"
    assert table["11. 财产损失"] == "车辆损失：8000元　停运损失：　其他损失：手机摔坏，2000元"
    assert table["3. 营养费"] == "营养费\n病历资料：有□ 无□"   # not chosen: left blank
    assert table["2. 交通事故责任认定"] == "对方负全部责任"
    assert "证件号码：110105198803080016" in table["被告（自然人）"]


def test_traffic_property_only(form_chat: RecordingChannel) -> None:
    start(form_chat)
    script = {**BASE, "你要求赔哪些": "11", "车辆损失多少钱": "5千", "停运损失": "@跳过", "还有别的东西坏了吗": "@跳过"}
    answer_all(form_chat, script)
    assert table_of(generate(form_chat))["11. 财产损失"].startswith("车辆损失：5000元")
