"""What the complaint builder says around the forms' own questions (those are in `intents/forms/*.yaml`)."""

from __future__ import annotations

# starting -----------------------------------------------------------------------------------------
NO_FORMS = "现在写不了起诉状（表格没有加载）。请找工作人员帮你。"
INTRO = "我帮你一步一步填法院的“要素式起诉状”，最后给你 Word 文件，打印、签名就能交。"
ASK_KIND = "是什么案子？"
FOUND_KIND = "刚才你查的是{kind}的案子（已放在第一个）。"
STARTED = "没写完的："
STARTED_ONE = "{case_type}（已答 {answered} 题）"
KIND_PROMPT = "请点一个案子类型。写“取消”可以退出。"
FORM_INTRO = ("{case_type}的起诉状。\n要准备：{need}\n"
              "大约要回答 {questions} 个问题（孩子、财产、借款多的，会多一些），一次问一个。"
              "不知道的可以点“跳过”，点“上一步”可以回去改。\n"
              "写“取消”可以先停下，下次发 /complaint 接着写。")
RESUME = "你有一份没写完的起诉状。要接着写，还是从头再写？"
RESUME_GO = "接着写"
RESUME_NEW = "从头再写"

# asking -------------------------------------------------------------------------------------------
QUESTION_HEAD = "第 {number} 题（还有约 {left} 题）"
EDITING_HEAD = "修改"
MORE_YES = "还有"
MORE_NO = "没有了"
PICK_MORE = "请点“还有”或“没有了”。"
LIST_ITEM = "（{title}{number}）"
WRITE_NEW = "{title}：请写新的内容。"
EXAMPLE = "例如：{example}"
NOW_FILLED = "现在填的是：{value}"
MULTI_DONE = "好了"
NOTHING_PICKED = "还没有选。请点要的几项，再点“好了”；都不要就点“跳过”。"
OFFERED = "刚才查法院时写的是：{place}。可以点下面的按钮用它，最好写上街道和门牌号。"
USE_OFFERED = "用：{place}"
USE_DEFAULT = "用这个"
# The skip button says what the question itself says (点“不知道” / 点“跳过”).
DONT_KNOW = "不知道"
SKIP = "跳过"
BACK = "上一步"
FIRST_QUESTION = "这已经是第一题了。"
STILL_HERE = "起诉状还没写完，接着写："   # after answering a question asked between two of the form's
STOP_FIND = "查哪个法院或仲裁委"
DEADLINE_NOTE = "注意：{name}，最后一天是 {last}，{when}。"
DAYS_LEFT = "还有 {days} 天"
LAST_DAY_TODAY = "就是今天"
DAY_PASSED = "已经过了"
DEADLINE_PASSED = "请马上找工作人员帮你看。"

# reading an answer --------------------------------------------------------------------------------
RETRY = {
    "date": "没看懂这个日期。请写年、月、日，比如：2015年5月1日、2015.5.1。",
    "money": "没看懂这个金额。请写数字，比如：3000元、1.2万、三千块。",
    "phone": "这个电话号码不对。手机号是11位数字，比如：13812345678；座机要写区号，比如：0898-66123456。",
    "id": "身份证号是18位，最后一位可能是X。请对着身份证再写一次，比如：11010519491231002X。",
    "id_check": "这个身份证号有一位不对（最后一位对不上）。请对着身份证再写一次。",
    "name": "请只写名字，不要写别的，比如：张三。",
    "choice": "请点下面的按钮选一个。",
    "emoji": "我看不懂表情。请用文字回答。",
    "required": "这一题要回答，才能写起诉状。",
    "future": "这个日期还没到。请写已经过去的日期，比如：2015年5月1日。",
}
TOO_LONG = "你写得太长了，我只保留了前 {max} 个字。最后检查时可以改。"
YES = "是"   # the labels of a yes/no question
NO = "否"

# the review ---------------------------------------------------------------------------------------
REVIEW_HEAD = "都问完了。请检查（{case_type}）："
PREFILLED = "（我帮你预填的，请核对）"
LIST_LINE = "{title}（共{count}项，改这条可以再加）"
EMPTY = "（空）"
EDIT_HINT = "要改哪一条，就写“改”和数字，比如：改 3。都对了，点“生成起诉状”。"
NO_SUCH_LINE = "没有第 {number} 条。请写 1 到 {count} 之间的数字，比如：改 3。"
MAKE = "生成起诉状"
# Typed at the review instead of pressing the button (users type what the button says, or that all is right).
MAKE_WORDS = ("生成起诉状", "生成", "都对", "都对了", "全对", "对了", "没问题", "没有问题", "好了", "可以了",
              "确定", "确认")

# the document and after ---------------------------------------------------------------------------
DOCUMENT = "民事起诉状（{case_type}）"   # the file's name and its caption
TEXT_BUTTON = "文字版（读屏用）"           # the button and the plain-text file's caption
FIND_COURT = "查哪个法院"
TEXT_VERSION = "这是文字版，可以用读屏软件读，也可以转给帮你的人。"
DONE_RETRY = "起诉状已经做好了。有问题可以直接问我，或者发 /complaint 再改。"
# The cover message (filing facts as the checklist and court finder state them: 民诉法第123、124条; 登记立案规定第6条).
COVER_HEAD = "起诉状（{case_type}）做好了，是 Word 文件。请打印出来，再看一遍。"
COVER_COURT = "1. 交到：{court}（刚才查到的）。"
COVER_NO_COURT = "1. 交到哪个法院：还没查。点“查哪个法院”，或者问工作人员。"
COVER_HOW = ("怎么交：在“人民法院在线服务”微信小程序网上立案；或者到法院的诉讼服务中心交。"
             "法院离你远，可以到附近法院的诉讼服务中心问能不能“跨域立案”。")
COVER_COPIES = "3. 交几份：原件1份，被告有{many}个，再交{many}份副本，一共{total}份。"
COVER_SIGN = "4. 每一份都要在“具状人”后面亲笔签名，写上日期。"
COVER_GREEN = "残疾人可以问法院有没有“绿色通道”；需要手语翻译的，立案时用文字写清楚，请法院提前安排。"
COVER_PREFILLED = "“请求依据”是我按你的请求预填的常用条文，请你或帮你的人核对。"
COVER_NOT_PREFILLED = "“请求依据”我没有核实过的条文可以帮你填，请你自己写，或者问工作人员。"

# For the person helping, during a ticket.
CARD_FACT = "起诉状草稿"   # the operators' card: how far the draft is
CARD_PROGRESS = "{case_type}，已答 {answered} 题"
CARD_DONE = "{case_type}，已生成"
SEND_DRAFT = "把起诉状草稿发给工作人员"
SENT_DRAFT = "已经把起诉状草稿发给工作人员。"
NO_DRAFT = "你还没有起诉状草稿。"
DRAFT_HEAD = "起诉状草稿（{case_type}，已答 {answered} 题）：\n"

# The court's template (法〔2025〕82号) around the answers.
TITLE = "民事起诉状"
NOTES_HEAD = "说明："
WARNING_HEAD = "★特别提示★"
SIGNATURE = ("具状人（签字、盖章）：", "日期：")
MONEY = "{amount}元"
