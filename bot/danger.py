"""Is this message about danger right now? Checked on every message while a person handles the chat.

Two ways to say yes: the matcher picks the `emergency` intent (maintainers tune it in YAML), or a
short built-in list of unmistakable danger words matches. The list is a safety net for the moments
when the intents are being edited or the matcher scores just below its threshold: during a handoff a
false alarm costs one extra help message, a missed one can cost a life.
"""

from __future__ import annotations

import re

from bot.matcher import Matcher
from bot.normalize import normalize

EMERGENCY = "emergency"
# Being hit or threatened, fire, gas, self-harm, a cry for help. Plain words deaf users write;
# "打我电话" (call me) is not being hit.
DANGER = re.compile(
    "救命|救救我|sos|我有危险|我们有危险|现在有危险|有危险了|很危险|好危险|太危险|危险了|"
    "被打|打我(?!电话|手机|的电话)|揍我|杀我|杀了我|砍我|掐我|捅我|要杀|弄死|打死|"
    "威胁我|恐吓我|拿刀|有刀|砸门|踹门|闯进|"
    "着火|火灾|起火|失火|"
    "(煤气|燃气|天然气)(泄漏|泄露|中毒|漏了)|漏气|一氧化碳|"
    "自杀|自尽|轻生|不想活|想死|跳楼|割腕|上吊|喝农药"
)


def says_danger(text: str) -> bool:
    """The built-in words alone: for answers to a form, where `报警记录` is evidence, not a call for help."""
    return DANGER.search(normalize(text).replace(" ", "")) is not None


def is_danger(text: str, matcher: Matcher) -> bool:
    """True when the text says the writer (or someone with them) is in danger now."""
    if not text.strip():
        return False
    if says_danger(text):
        return True
    result = matcher.match(text)
    return result.intent is not None and result.intent.id == EMERGENCY
