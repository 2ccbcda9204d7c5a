"""The private-lending form: several loans, guarantees, a company as defendant."""

from __future__ import annotations

from tests.forms.driver import answer_all, docx_table
from tests.recording import RecordingChannel

PLAINTIFF = {
    "你叫什么名字": "陈明",
    "你的身份证号码": "11010519491231002X",
    "你是什么民族": "@汉族",
    "你在哪里工作": "海口市某某超市",
    "你在单位做什么工作": "收银员",
    "你的手机号码": "13912345678",
    "你的户口在哪里": "海南省海口市龙华区滨海大道1号",
    "你现在经常住在哪里": "@同上",
    "代你打官司": "@没有",
}
COMMON_TAIL = {
    "欠的钱算到哪一天": "@今天",
    "还欠你多少本金": "三万块",
    "由哪个法院管": "@没有",
    "保全": "@没有",
    "钱是怎么给的": "@转账+好了",
    "别的要告诉法院": "@跳过",
    "依据借条或合同的哪一条": "@跳过",
    "法律规定": "@跳过",
    "哪些证据": "借条、转账记录",
    "上面的话你都了解了吗": "@都了解",
    "愿意先调解": "@不确定",
}
SIMPLE = {
    **PLAINTIFF,
    "借钱不还的是个人": "@个人",
    "对方叫什么名字": "赵强",
    "对方的身份证号码": "@不知道",
    "对方是男的还是女的": "@男",
    "对方哪天出生": "@不知道",
    "对方是什么民族": "@汉族",
    "对方在哪里工作": "@跳过",
    "对方的手机号码": "13712345678",
    "对方的户口在哪里": "海南省三亚市吉阳区某某村",
    "对方现在经常住在哪里": "@同上",
    **COMMON_TAIL,
    "还欠你多少利息": "@跳过",
    "提前还钱或者解除合同": "@否",
    "要不要求担保人还钱": "@否",
    "律师费": "@否",
    "出诉讼费": "@要求",
    "还有别的请求": "@跳过",
    "一共要求对方给多少钱": "3万",
    "借条或合同叫什么": "借条，2023年3月1日在海口写的",
    "写的借多少钱": "3万",
    "实际给了对方多少钱": "30000元",
    "还钱日子到了吗": "@到了",
    "借款从哪天开始算": "2023年3月1日",
    "约定哪天还钱": "2024.3.1",
    "约定的利率是多少": "@跳过",
    "这一笔钱是哪天给对方的": "2023年3月1日",
    "这一笔给了多少钱": "3万",
    "你还有别的日子借给对方钱吗": "@没有了",
    "约定怎么还钱": "@到期一次性还本付息",
    "已经还了多少本金": "@跳过",
    "已经还了多少利息": "@跳过",
    "过了日子还不还": "@有",
    "从哪天开始逾期": "2024年3月2日",
    "抵押或质押合同": "@没有",
    "做保证人": "@没有",
    "别的担保方式": "@没有",
}


def start(chat: RecordingChannel) -> None:
    chat.send("/complaint")
    chat.read("是什么案子")
    chat.press("借钱欠款")


def test_simple_loan_one_person_one_payment(form_chat: RecordingChannel) -> None:
    start(form_chat)
    answer_all(form_chat, SIMPLE)
    form_chat.press("生成起诉状")
    reply = form_chat.read("做好了")
    assert reply.document is not None
    table = docx_table(reply.document.content)
    assert "尚欠本金30000元" in table["1. 本金"] and "截至2027年1月15日止" in table["1. 本金"]
    assert "姓名：赵强" in table["被告（自然人）"] and "名称：" in table["被告（法人、非法人组织）"]
    assert table["6. 借款提供时间"] == "2023年3月1日，30000元"
    assert "转账☑" in table["3. 借款金额"] and "现金□" in table["3. 借款金额"]
    assert "到期一次性还本付息☑" in table["7. 还款方式"]
    assert "出借人：陈明" in table["2. 签订主体"] and "借款人：赵强" in table["2. 签订主体"]
    assert "为了方便您参加诉讼" in next(iter(table))   # the loan form's own wording of the 说明
    assert "没有核实过的条文" in reply.text
