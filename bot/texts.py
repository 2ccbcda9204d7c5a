"""Fixed texts the bot shows (not intent answers). Short sentences, plain words."""

from __future__ import annotations

WELCOME = (
    "你好！我是“无碍”法律服务机器人。\n"
    "我用文字回答去法院打官司的问题，24小时都可以问。\n"
    "1. 点下面的按钮，或者直接写你的问题。\n"
    "2. 我不会回答的，可以找工作人员，他们也用文字回复你。"
)
PRIVACY = "隐私：我保存你的对话，用来回答和转给工作人员。发 /forget 可以全部删除。"
HELP = (
    "怎么用：\n"
    "1. 直接写问题，比如：离婚去哪个法院？\n"
    "2. 点按钮，少打字。\n"
    "3. 命令：/court 查哪个法院，/checklist 材料清单，/deadline 算期限最后一天，/human 找工作人员，/cancel 重新开始，/forget 删除我的记录。"
)
MENU_PROMPT = "我可以回答这些问题，点一个看看："
HUMAN_BUTTON = "找工作人员"
MORE_BUTTON = "更多"
CLARIFY = "您是想问："
NONE_OF_THESE = "都不是"
REPHRASE = "好的。请换一种说法再写一次，比如写上“离婚”“工资”“法院在哪里”这样的词。"
FALLBACK = "对不起，这个问题我还不会回答。"
FALLBACK_AGAIN = "我还是没有看懂。要不要找工作人员帮你？工作人员也用文字回复。"
OFFER_HUMAN = "需要工作人员帮忙吗？工作人员也用文字回复你。"
YES_HUMAN = "好，找工作人员"
NO_THANKS = "不用了"
NO_PROBLEM = "好的。有问题随时写给我。"
CANCELLED = "好的，已经重新开始。"
FLOW_EXPIRED = "上次的问题太久没有回答，已经重新开始。"
STALE_BUTTON = "这个按钮已过期。请点下面的新按钮，或者直接写问题。"
NOT_TEXT = (
    "我只能看懂文字，听不了语音，也看不懂表情。\n"
    "请用文字写你的问题。需要的话，可以找工作人员。"
)
PHOTO_KEPT = (
    "收到你的照片。我还看不懂照片里的字。\n"
    "是法院的文书吗？请把文书最上面的标题打字发给我，比如：传票、判决书、应诉通知书。我告诉你它是什么、要做什么。\n"
    "转给工作人员时，他们可以看到照片。"
)
FILE_KEPT = "收到你的文件。转给工作人员时，他们可以看到。"
TOO_LONG = "你的消息太长了（超过{limit}个字）。请分成几条短一点的消息，每条说一件事。"
SLOW_DOWN = "你发得太快了，请等几秒再发。我会按顺序回答。"
FORGET_CONFIRM = "确定要删除我保存的你的全部记录吗？删除后不能恢复。"
FORGET_YES = "确定删除"
FORGET_DONE = "已经删除你的全部记录。"
RESTART_WORDS = ("重新开始", "取消", "退出", "/cancel", "cancel")
