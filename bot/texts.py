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
    "2. 点按钮，少打字。"
)   # the engine adds "3. 命令：..." from the command registry (bot/protocol.py)
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
PICK_A_BUTTON = "请点下面的按钮选一个，或者写 /cancel 重新开始。"
UNKNOWN_COMMAND = "我不认识这个命令。"
LOCATION_RECEIVED = "收到位置。要查这个地方归哪个法院管，请点下面的按钮。"
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
SLOW_DOWN = "你发得太快了，我跟不上。接下来几秒里发的消息我不会回答。请等几秒，再发一次你的问题。"
FORGET_CONFIRM = "确定要删除我保存的你的全部记录吗？删除后不能恢复。"
FORGET_YES = "确定删除"
FORGET_DONE = "已经删除你的全部记录。"
RESTART_WORDS = ("重新开始", "取消", "退出", "/cancel", "cancel")

# What the operators' card says the user needs, by the intent (or family) the user asked about.
NEEDS = {"green.sign_language": "需要手语翻译", "green.home_service": "行动不便，去法院困难",
         "green.communication": "需要文字沟通", "emergency": "可能有紧急危险"}

# human handoff ------------------------------------------------------------------------------------
END_HUMAN = "结束人工"
EMERGENCY_BUTTON = "紧急求助"
ASK_BOT_BUTTON = "先问机器人"
WAIT_STAFF_BUTTON = "只等工作人员"
REOPEN_BUTTON = "接着上次的"
NEW_TICKET_BUTTON = "新开一个"
REOPEN_OFFER = "你上次找工作人员的工单 #{ticket} 已经结束。要接着上次的继续吗？"
HANDOFF_OPENED = "好的，已经帮你找工作人员（工单 #{ticket}）。\n工作人员会在这个聊天里用文字回复你，不用打电话。"
QUEUE_AHEAD = "你前面还有 {ahead} 人在等。"
QUEUE_NEXT = "你是下一个。"
DANGER_HINT = "现在有危险：先发短信报警（12110，各地号码不同），或请身边的人打110。点“紧急求助”看详细办法。"
HANDOFF_HOWTO = "你可以接着写你的情况，也可以发照片、文件。要结束，点“结束人工”。"
HANDOFF_ENDED = "已经结束人工服务。有问题可以接着问我。"
IN_TICKET = "你现在在人工服务中（工单 #{ticket}）。你写的消息都会转给工作人员。要结束，点“结束人工”。"
# Acknowledgements while a ticket is open: the first says when staff answer, later ones are short.
ACK_FIRST_IN_HOURS = "已转给工作人员。现在是上班时间，工作人员看到就会在这里回复你（今天 {end} 下班）。你可以接着写。"
ACK_FIRST_OUT_OF_HOURS = (
    "已转给工作人员。现在是下班时间，工作人员{back} 上班后回复你。\n"
    "这期间你可以先问我（机器人），工单不会丢：点“先问机器人”。"
)
ACK_AGAIN = "已转给工作人员。"
ASK_BOT_ON = "好的。你写的问题，我会的先回答，同时都转给工作人员。工作人员回复也会出现在这里。"
ASK_BOT_OFF = "好的。我不回答了，你写的都转给工作人员。"
BOT_PREFIX = "（机器人回答）"
URGENT_ACK = "你的消息已经转给工作人员，标记为紧急。"
URGENT_OUT_OF_HOURS = "现在是下班时间，工作人员可能不能马上看到（{back} 上班）。请先用上面的办法求救。"
# Only when the intents have no `emergency` answer (the shipped ones do).
DANGER_ANSWER = (
    "如果你现在有危险，请马上求救：\n"
    "1. 请身边的人帮你打110（报警）或120（急救）。\n"
    "2. 发短信报警：12110（很多地方要发到“12110加当地电话区号后3位”）。写清楚在哪里、发生了什么、你是聋人。"
)
# For the operators' topic: what the bot told the user during the ticket.
OPS_URGENT = (
    "‼️ 紧急：用户说有危险\n工单 #{ticket}。机器人已经把紧急求助办法（请身边的人打110、短信报警12110）发给了用户。"
    "用户的原话在下面，请尽快回复。"
)
OPS_BOT_ANSWERED = "🤖 机器人回答了用户：{title}"
OPS_FLOW_RESULT = "🤖 机器人查询结果：{facts}"
