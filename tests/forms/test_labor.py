"""The labour form: arbitration comes first; overtime and dismissal claims."""

from __future__ import annotations

from tests.forms.driver import answer_all, generate, start_form, table_of
from tests.forms.test_loan import PLAINTIFF
from tests.recording import RecordingChannel

COMPANY = {
    "公司叫什么名字": "海口某某食品有限公司",
    "公司的地址": "海南省海口市美兰区某某工业园8号",
    "公司的老板": "钱多",
    "公司的电话": "@不知道",
    "统一社会信用代码": "91460100MA5T123456",
    "公司是哪一种单位": "@有限责任公司",
}
SIMPLE = {
    "你已经拿到仲裁的裁决书了吗": "@拿到了",
    "你哪天收到裁决书": "2026年11月20日",
    **PLAINTIFF,
    **COMPANY,
    "拖欠的工资": "@要求",
    "双倍工资": "@不要求",
    "要不要求加班费": "@不要求",
    "没休年假": "@不要求",
    "没给你交社保": "@不要求",
    "要不要求解除劳动合同的经济补偿": "@不要求",
    "违法辞退": "@不要求",
    "写明细": "2026年8月至10月工资，共15000元",
    "出诉讼费": "@要求",
    "还有别的请求": "@跳过",
    "一共要求公司给多少钱": "1.5万",
    "保全": "@没有",
    "签过劳动合同吗": "没有签",
    "开始在这家公司上班": "2023年3月1日",
    "做什么工作": "包装工",
    "在哪里上班": "海口市美兰区某某工业园",
    "合同上写的每月工资": "每月5000元",
    "实际每月拿到多少": "每月5000元",
    "交社保": "没有交",
    "怎么离开公司的": "@跳过",
    "有没有工伤": "@跳过",
    "申请仲裁时要求了什么": "要求支付工资15000元",
    "仲裁裁决的结果": "驳回",
    "农民工": "@是",
    "别的要告诉法院": "@跳过",
    "诉请依据": "@跳过",
    "哪些证据": "仲裁裁决书、工资条",
    "上面的话你都了解了吗": "@都了解",
    "愿意先调解": "@不愿意",
}


def start(chat: RecordingChannel) -> None:
    start_form(chat, "劳动争议")
    chat.read("大约要回答")


def test_without_an_award_the_bot_explains_arbitration_and_stops(form_chat: RecordingChannel) -> None:
    start(form_chat)
    form_chat.read("裁决书")
    form_chat.press("还没有")
    reply = form_chat.read("要先申请劳动仲裁")
    assert "15日内" in reply.text and "不收费" in reply.text and "劳动争议调解仲裁法" in reply.text
    assert reply.document is None
    form_chat.send("/complaint")
    form_chat.read("没写完的：劳动争议纠纷")
    form_chat.press("劳动争议")
    form_chat.read("没写完")
    form_chat.press("从头再写")
    assert "裁决书" in form_chat.read("第 1 题").text


def test_the_award_date_tells_the_last_day_to_sue(form_chat: RecordingChannel) -> None:
    start(form_chat)
    form_chat.press("拿到了")
    form_chat.send("2027年1月10日")   # the test clock's today is 2027-01-15
    note = form_chat.read("注意").text
    assert "不服劳动仲裁裁决起诉，最后一天是 2027年1月25日（星期一），还有 10 天。" in note
    form_chat.read_all()


def test_labor_overtime_and_dismissal(form_chat: RecordingChannel) -> None:
    start(form_chat)
    script = {**SIMPLE, "要不要求加班费": "@要求", "违法辞退": "@要求",
              "写明细": ["2026年8月至10月工资，共15000元", "周末加班32天，共8000元", "工作3年，赔偿金30000元"],
              "加班的时间和加班费怎么算": "每周六加班，按日工资的2倍算",
              "怎么离开公司的": "2026年10月31日公司口头辞退，没有理由"}
    answer_all(form_chat, script)
    reply = generate(form_chat)
    table = table_of(reply)
    assert table["1. 是否主张工资支付"] == "是☑ 否□ 明细：2026年8月至10月工资，共15000元"
    assert table["2. 是否主张未签订书面劳动合同双倍工资"] == "是□ 否☑ 明细："
    assert table["3. 是否主张加班费"] == "是☑ 否□ 明细：周末加班32天，共8000元"
    assert table["7. 是否主张违法解除劳动合同赔偿金"] == "是☑ 否□ 明细：工作3年，赔偿金30000元"
    assert "加班时间及加班费：每周六加班" in table["2. 劳动合同履行情况"]
    assert "用人单位：海口某某食品有限公司" in table["2. 劳动合同履行情况"]
    assert table["3. 解除或终止劳动关系情况"] == "2026年10月31日公司口头辞退，没有理由"
    assert table["4. 工伤情况"] == "无"
    assert "收到仲裁文书时间：2026年11月20日" in table["5. 劳动仲裁相关情况"]
    assert "是否是农民工：是☑ 否□" in table["6. 其他相关情况"]
    assert "统一社会信用代码：91460100MA5T123456" in table["被告（法人、非法人组织）"]
    assert "被告有1个，再交1份副本" in reply.text
