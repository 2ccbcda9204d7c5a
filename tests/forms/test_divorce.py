"""The divorce form, end to end through the engine: questions, review, and the .docx."""

from __future__ import annotations

from tests.forms.driver import answer_all, docx_table, docx_text
from tests.recording import RecordingChannel

PLAINTIFF_ID = "11010519491231002X"
SIMPLE = {
    "你叫什么名字": "李红",
    "你的身份证号码": PLAINTIFF_ID,
    "你是什么民族": "@汉族",
    "你在哪里工作": "@跳过",
    "你的手机号码": "138 1234 5678",
    "你的户口在哪里": "海南省海口市琼山区府城路1号",
    "你现在经常住在哪里": "@同上",
    "代你打官司": "@没有",
    "对方叫什么名字": "王刚",
    "对方的身份证号码": "@不知道",
    "对方是男的还是女的": "@男",
    "对方哪天出生": "1988年3月8日",
    "对方是什么民族": "@汉族",
    "对方在哪里工作": "@跳过",
    "对方的手机号码": "@不知道",
    "对方的户口在哪里": "海南省海口市美兰区海甸岛2号",
    "对方现在经常住在哪里": "@同上",
    "共同的财产": "@没有财产",
    "一起欠别人的钱": "@没有债务",
    "未成年的孩子": "@没有",
    "你要不要求下面这些钱": "@跳过",
    "出诉讼费": "@要求",
    "还有别的请求": "@跳过",
    "保全": "@没有",
    "登记结婚": "2015.5.1",
    "生了几个孩子": "@跳过",
    "生活得怎么样": "2021年起分居",
    "为什么要离婚": "感情不和，分居多年",
    "起诉过离婚": "@没有",
    "别的要告诉法院": "@跳过",
    "哪些证据": "结婚证、分居的证明",
    "上面的话你都了解了吗": "@都了解",
    "愿意先调解": "@愿意",
}


def start(chat: RecordingChannel) -> None:
    chat.send("/complaint")
    chat.read("是什么案子")
    chat.press("离婚")


def test_simple_divorce_takes_at_most_40_questions_and_fills_the_form(form_chat: RecordingChannel) -> None:
    start(form_chat)
    asked = answer_all(form_chat, SIMPLE)
    assert asked <= 40
    form_chat.press("生成起诉状")
    reply = form_chat.read("做好了")
    assert reply.document is not None and reply.document.file_name.endswith(".docx")
    table = docx_table(reply.document.content)
    assert "姓名：李红" in table["原告"] and "性别：男□ 女☑" in table["原告"]
    assert "出生日期：1949年12月31日" in table["原告"] and "证件类型：居民身份证" in table["原告"]
    assert "联系电话：13812345678" in table["原告"] and "经常居住地：同上" in table["原告"]
    assert "性别：男☑ 女□" in table["被告"] and "出生日期：1988年3月8日" in table["被告"]
    assert table["委托诉讼代理人"].endswith("无☑") and table["委托诉讼代理人"].startswith("有□")
    assert table["2. 夫妻共同财产"].startswith("无财产☑ 有财产□")
    assert table["4. 子女直接抚养"].startswith("无此问题☑ 有此问题□")
    assert table["8. 是否主张诉讼费用"] == "是☑ 否□"
    assert "结婚时间：2015年5月1日" in table["1. 婚姻关系基本情况"]
    assert "第一千零七十九条" in table["9. 请求依据"]
    assert table["是否考虑先行调解"].startswith("是☑ 否□")
    # 了解□ sits inside 不了解□: each pair must have exactly one tick, on 了解.
    benefits = table["是否了解先行调解解决纠纷的好处"]
    assert benefits.count("了解☑ 不了解□") == 5 and "不了解☑" not in benefits
    text = docx_text(reply.document.content)
    assert "★特别提示★" in text and "具状人（签字、盖章）" in text and "民事起诉状" in text
    assert "被告有1个，再交1份副本" in reply.text
