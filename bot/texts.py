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
FORGET_EXPIRED = "这个确认按钮已经过期，还没有删除。"
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

# The ticket desk: notices, the board, the summary card (bot/handoff.py).
CLOSED_NOTICE = "工作人员已经结束这次人工服务。有问题可以接着问我，需要时再点“找工作人员”。"
USER_ENDED_NOTICE = "用户结束了人工服务。工单已关闭。"
REOPENED_NOTICE = "用户重新打开了这个工单。"
CLOSED_BY = {"operator": "工作人员关闭", "user": "用户结束", "forget": "用户删除了全部记录"}
CLOSED_SOMEHOW = "已关闭"
WAIT_UNDER_A_MINUTE = "不到1分钟"
WAIT_MINUTES = "{minutes}分钟"
WAIT_HOURS = "{hours}小时"
WAIT_DAYS = "{days}天"
WEEKDAYS = "一二三四五六日"   # 周一 .. 周日
WEEKDAY = "周{day}"
WEEKDAY_RANGE = "周{first}到周{last}"
TODAY = "今天"
TOMORROW = "明天"
OUTSIDE_HOURS = "现在是下班时间。工作人员上班后会在这里回复你（{when} {start}-{end}）。"
BOARD_URGENT = "‼️紧急 "
BOARD_NO_NAME = "（记录已删除）"
BOARD_WAITING = "等待回复，已等{waited}"
BOARD_ANSWERED = "已回复（等了{waited}）"
BOARD_CLOSED = "已关闭：{by}"
BOARD_EMPTY = "没有待处理的工单。"
BOARD_CLOSED_HEAD = "最近一天关闭的："
CARD_USER = "用户：{name}"
CARD_NO_NAME = "（未提供）"
CARD_TIME = "时间：{when}"
CARD_ASKED = "最近的问题："
CARD_NONE = "（没有）"
CARD_ANSWERED = "机器人回答过："
CARD_FACTS = "查询里填过："
CARD_NEEDS = "需要："
CARD_NOT_SAID = "（没说）"
# The transcript's mark for a button press (the report and the card leave presses out).
BUTTON_MARK = "[按钮]"


# The operators' Telegram group (bot/channels/operators.py, relayfaults.py).
OPS_UNREACHABLE = "工作人员群暂时联系不上。你的消息已经保存好，联系上以后马上转过去，不会丢。"
OPS_TOPIC_CLOSED_HINT = "话题在 Telegram 里关闭了，但工单还开着，用户的消息还会发到这里。要结束工单，请在这里发 /close。"
OPS_BUSY = "现在找工作人员的人比较多。你的消息要等几分钟才能到工作人员那里，不会丢，请不要重复发。"
OPS_ANONYMOUS = "匿名身份发的消息不会转给用户（看不出是哪位工作人员）。请在群设置里关掉“匿名”再发。"
# The operators' commands (bot/protocol.py): (Telegram's menu and the help, what follows the command); '' for none.
OPS_COMMANDS = {
    "/close": ("结束工单", ""),
    "/note": ("内部备注（用户看不到）", "文字"),
    "/ticket": ("再看摘要", ""),
    "/tag": ("标记问题类型", "意图id"),
    "/tickets": ("列出工单", ""),
    "/reload": ("重新加载意图", ""),
}
OPS_HELP = "工单命令（在工单话题里用）：{topic}。群里：{group}。"   # the commands as `/note 文字 内部备注`, by scope
OPS_MENU_IN_TOPIC = "工单话题里用："   # before the menu's words of a command used in a ticket's topic
OPS_FORGOTTEN = "工单 #{ticket} 的用户用 /forget 删除了全部记录，这个工单的话题也已删除。"
OPS_FORGOTTEN_TOPIC = "#{ticket}（用户已删除记录）"
OPS_FORGOTTEN_DELETE = "用户用 /forget 删除了全部记录，工单已关闭。请删除这个话题。"
OPS_GROUP_CHANGED = "（工作人员群换了：这是换群以前开的工单）"
OPS_TOPIC_LOST = "（原来的话题被删除了，这是新开的话题）"
OPS_NOT_RELAYED_IN = "[用户的一条消息没能转到这里：{why}]"
OPS_USER_BLOCKED = "[用户屏蔽了机器人或删除了账号：这条消息没有送到用户那里]"
OPS_NOT_RELAYED_OUT = "[这条消息没有转给用户：{why}]"
OPS_CARD_QUEUE = "（排队第 {position} 位）"
OPS_CARD_URGENT = "‼️ 紧急 "
OPS_CARD_HEAD = "{urgent}工单 #{ticket}{queue}"
OPS_NO_CHANGE = "没有变化。"
OPS_ALREADY_CLOSED = "这个工单已经关闭了。"
OPS_CLOSED = "工单 #{ticket} 已关闭，已通知用户。"
OPS_NO_INTENT = "没有这个意图 id：{intent}。用法：/tag filing.fees"
OPS_EMPTY = "（空）"
OPS_TAGGED = "已标记为 {intent}，会出现在 wuai report 里。"
OPS_CLOSED_NOT_RELAYED = "这个工单已经关闭，消息没有转给用户。"
# Why Telegram refused a relayed message, by what its error says (lower case).
OPS_WHY = (("to copy not found", "对方已经删除了这条消息"), ("can't be copied", "这种消息不能转发"),
           ("too long", "消息太长"), ("message is empty", "消息是空的"))
OPS_REFUSED = "Telegram 拒绝了：{error}"
OPS_EDITED = "（用户修改了前面的一条消息，改成了：）"
OPS_FORWARDED = "（用户转发的消息，原作者：{origin}）"
OPS_FORWARDED_SOMEONE = "不知道是谁"
# An intent reload, as the operators' group (/reload) and the terminal hear of it.
RELOADED = "已重新加载：{count} 个意图。"
RELOAD_REFUSED = "没有加载新的意图文件，继续使用上一版：\n"

# `wuai chat`: the bot in a terminal (bot/channels/terminal.py).
TERM_BOT = "无碍"
TERM_YOU = "你"
TERM_OPERATOR = "工作人员"
TERM_USER_NAME = "终端用户"
TERM_SAVED = "  [文件] 已保存：{path}"
TERM_HANDOFF = "  （已转人工，工单 #{ticket}。工作人员在另一个终端用 `wuai tickets`、`wuai reply {ticket} 文字` 回复。）"
TERM_PICK = "  （输入数字选择，或直接写问题）"
TERM_POLL_FAILED = "（后台出错：{error}）"
MEDIA_KINDS = {"video": "视频", "image": "图片"}   # how the terminal names media it cannot show

# Several questions in one message (bot/several.py).
ALSO_ASKED = "你还问了：{titles}。点下面的按钮看回答。"
ALSO_ANSWERED = "你还问了“{title}”：\n{answer}"
# A follow-up asking one aspect of the topic: the lines that answer it (`aspect_lines:`) or the details about it.
ASPECT_HEAD = "你问的这一点："
# Under the lines that answer the aspect asked: the topic's whole answer again.
WHOLE_ANSWER_BUTTON = "看完整回答"
# A short follow-up the bot has no sourced answer for (离婚, then 有时间限制吗): it says so, never guesses.
ASPECT_UNKNOWN = "关于“{title}”，这一点我没有可靠的答案，不能乱说。点“找工作人员”，工作人员用文字回复你。"
# A follow-up to a question the bot declined (谁对谁错, 判几年 …, then 那怎么办).
DECLINED_AGAIN = "这个问题要看你的具体情况，我不能替你判断。可以找工作人员帮你，工作人员也用文字回复。"
CANNOT_ANSWER_YET = "这个我还不会回答：{parts}。可以点“找工作人员”问。"
# Glossary words under an answer (bot/replies.py, bot/glossary.py).
GLOSSARY_BUTTON = "词语解释"
AND_MORE = "等"
GLOSSARY_EXAMPLE = "例如：{example}"

# User commands (bot/protocol.py): (Telegram's menu and the terminal's list, /help, a button's label); '' for none.
COMMANDS = {
    "/start": ("开始，主菜单", "", "主菜单"),
    "/help": ("怎么用", "", ""),
    "/court": ("查哪个法院管", "查哪个法院", "帮我查一下是哪个法院"),
    "/checklist": ("起诉材料清单", "材料清单", "材料清单"),
    "/deadline": ("算期限的最后一天", "算期限最后一天", "算一算最后一天"),
    "/complaint": ("写起诉状（法院的表格）", "写起诉状", "帮我写起诉状"),
    "/human": ("找工作人员", "找工作人员", "找工作人员"),
    "/cancel": ("重新开始", "重新开始", ""),
    "/forget": ("删除我的全部记录", "删除我的记录", ""),
    "/quit": ("退出", "", ""),   # the terminal only
}
COMMANDS_HEAD = "命令："

# What the flows learnt, by the names the operators' card lists them under. The complaint forms' `offer: {role}住址`
# reads the places by these names, so 原告住址 and 被告住址 keep that shape.
FACT_CASE_TYPE = "案件类型"
FACT_CHECKLIST = "材料清单"
FACT_SPOUSE = "对方情况"
FACT_REGION = "地点"
FACT_COURT = "法院"
FACT_OTHER_HOME = "对方经常居住地"
FACT_PLACES = {"self": "原告住址", "event": "事情发生地", "work": "上班地点", "property": "房子土地所在地",
               "defendant": "被告住址"}
FACT_PERIOD = "期限"
FACT_LAST_DAY = "期限最后一天"
# The deadline calculator's units (30日, 6个月) and where a date it is unsure of is confirmed by default.
PERIOD_UNITS = {"day": "日", "month": "个月", "year": "年"}
DEFAULT_OFFICE = "法院"

# A place the user wrote under a name it no longer has (bot/places/gazetteer.py).
PLACE_RENAMED = "{former}{year}年调整过，现在是{now}。"
PLACE_ABOLISHED = "{former}{year}年已经撤销，现在分属几个区县。"
