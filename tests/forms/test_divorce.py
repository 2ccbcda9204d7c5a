"""The divorce form, end to end through the engine: questions, review, and the .docx."""

from __future__ import annotations

from tests.forms.driver import answer_all, docx_text, generate, start_form, table_of
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
    start_form(chat, "离婚")


def test_simple_divorce_takes_at_most_40_questions_and_fills_the_form(form_chat: RecordingChannel) -> None:
    start(form_chat)
    asked = answer_all(form_chat, SIMPLE)
    assert asked <= 40
    reply = generate(form_chat)
    assert reply.document is not None and reply.document.file_name.endswith(".docx")
    table = table_of(reply)
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


FULL = {
    **SIMPLE,
    "代你打官司": "@有",
    "代理人叫什么名字": "周律",
    "代理人在哪个单位": "某某律师事务所",
    "代理人的手机号码": "13612345678",
    "一般授权": "@特别授权",
    "对方的身份证号码": "110105198803080016",
    "共同的财产": "@有财产",
    "这一件是什么财产": ["@房屋", "@汽车", "@存款"],
    "写清楚这件财产": ["海口市某小区3栋201房", "琼A12345小汽车", "工商银行存款5万元"],
    "你想让这件财产归谁": ["@归我", "@归对方", "@其他分法"],
    "你想怎么分": "一人一半",
    "还有别的共同财产吗": ["@还有", "@还有", "@没有了"],
    "一起欠别人的钱": "@有债务",
    "这笔债是欠谁的": ["2020年向张某借的10万元", "信用卡欠款2万元"],
    "你想让谁来还这笔债": ["@我（原告）", "@对方（被告）"],
    "还有别的共同债务吗": ["@还有", "@没有了"],
    "未成年的孩子": "@有",
    "孩子叫什么名字": ["王小明，男，2016年出生", "王小红，女，2019年出生"],
    "你想让这个孩子跟谁生活": ["@跟我", "@跟对方"],
    "还有别的孩子吗": ["@还有", "@没有了"],
    "要不要写抚养费": "@要写",
    "抚养费由谁出": "@对方（被告）",
    "每个孩子每月多少钱": "每月2000元，到孩子18岁",
    "怎么付": "每月10日前转账",
    "要不要写探望": "@要写",
    "谁去探望孩子": "@对方（被告）",
    "怎么探望": "每月两次",
    "你要不要求下面这些钱": "@离婚损害赔偿+离婚经济补偿+好了",
    "离婚损害赔偿，你要多少钱": "5万",
    "离婚经济补偿，你要多少钱": "三万块",
    "生了几个孩子": "两个",
    "这些财产是怎么来的": "婚后一起买的",
    "这些债是怎么欠的": "@跳过",
    "为什么孩子应该跟": "孩子一直跟我生活",
    "为什么是这个金额": "@跳过",
    "为什么这样探望": "@跳过",
    "为什么要求这些钱": "对方有过错",
    "起诉过离婚": "@有",
    "什么时候、哪个法院、结果怎么样": "2023年在琼山区法院起诉，判决不准离婚",
    "上面的话你都了解了吗": "@有不了解的",
    "第1条": "@了解",
    "第2条": "@不了解",
    "第3条": "@了解",
    "第4条": "@了解",
    "第5条": "@了解",
    "不伤和气地解决纠纷。你了解吗": "@不了解",
}


def test_full_divorce_children_property_debts_and_claims(form_chat: RecordingChannel) -> None:
    start(form_chat)
    answer_all(form_chat, FULL)
    table = table_of(generate(form_chat))
    assert "有☑" in table["委托诉讼代理人"] and "特别授权☑" in table["委托诉讼代理人"] and "无□" in table["委托诉讼代理人"]
    assert "性别：男☑ 女□" in table["被告"] and "出生日期：1988年3月8日" in table["被告"]
    prop = table["2. 夫妻共同财产"].split("\n")
    assert prop[0] == "无财产□ 有财产☑"
    assert prop[1] == "（1）房屋明细：海口市某小区3栋201房　归属：原告☑ / 被告□ / 其他□（）；"
    assert prop[2].startswith("（2）汽车明细：琼A12345小汽车　归属：原告□ / 被告☑")
    assert prop[3].endswith("其他☑（一人一半）；")
    debts = table["3. 夫妻共同债务"].split("\n")
    assert len(debts) == 3 and "债务2：信用卡欠款2万元" in debts[2] and "被告☑" in debts[2]
    kids = table["4. 子女直接抚养"].split("\n")
    assert kids == ["无此问题□ 有此问题☑", "子女1：王小明，男，2016年出生　归属：原告☑ / 被告□",
                    "子女2：王小红，女，2019年出生　归属：原告□ / 被告☑"]
    assert "有此问题☑" in table["5. 子女抚养费"] and "被告☑" in table["5. 子女抚养费"]
    comp = table["7. 离婚损害赔偿／离婚经济补偿／离婚经济帮助"]
    assert "无此问题□" in comp and "离婚损害赔偿☑ 金额：50000元" in comp and "离婚经济补偿☑ 金额：30000元" in comp
    assert "离婚经济帮助□" in comp
    assert "有☑ 无□ 2023年在琼山区法院起诉" in table["1. 婚姻关系基本情况"]
    assert table["是否了解调解作为非诉讼纠纷解决方式，能及时、高效、低成本、不伤和气地解决纠纷"] == "了解□ 不了解☑"
    lines = table["是否了解先行调解解决纠纷的好处"].split("\n")
    assert [("了解☑" in ln.replace("不了解☑", ""), "不了解☑" in ln) for ln in lines] == [
        (True, False), (False, True), (True, False), (True, False), (True, False)]
