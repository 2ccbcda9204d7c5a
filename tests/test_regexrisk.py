"""Patterns whose matching time can explode (security review L6) are found; ordinary patterns pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import IntentLoadError
from bot.intentload import load_intents
from bot.intents import IntentSet
from bot.regexrisk import risk
from tests.conftest import shipped_intents


@pytest.fixture(scope="module")
def shipped() -> IntentSet:
    return shipped_intents()


@pytest.mark.parametrize(("pattern", "says"), [
    ("(讼+)+费", "repeats inside it too"),                 # the review's pattern: 28 × 讼 froze the bot 19 s
    ("^(a*b*)+$", "repeats inside it too"),
    ("(a+|b)+c", "repeats inside it too"),
    ("(谢谢|谢)+$", "'谢谢' in two ways ('谢谢' = '谢' + '谢')"),
    ("^(你好|机器人|机器人你好)+$", "'机器人你好' in two ways ('机器人你好' = '机器人' + '你好')"),
    ("(a|ab|ba)+c", "'aba' in two ways ('a' + 'ba' = 'ab' + 'a')"),   # no single word is the others'
    ("(了?)+吗", "can also match nothing"),
    ("(?:x(?:ab|a|b)+)", "'ab' in two ways"),                  # found at any depth
])
def test_an_ambiguous_repetition_is_named(pattern: str, says: str) -> None:
    assert says in risk(pattern)


@pytest.mark.parametrize("pattern", [
    "(你好|您好|在吗)+", "[^，。]{0,6}(还能|还来得及)", r"(\s*x)+", r"(x\s*)+", r"(\s*x|y)+", "(起诉|告状)+(他|她)?$", "诉讼费+",
    "(a|b)+", "(ab|ba)+", "(谢谢|谢){2}", "(?>(谢谢|谢)+)x", "[一二三四五六七八九十]+年", "(",
])
def test_ordinary_patterns_pass(pattern: str) -> None:
    assert risk(pattern) == ""


def test_the_loader_refuses_an_ambiguous_pattern_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "intents"
    folder.mkdir()
    (folder / "fees.yaml").write_text(
        "intents:\n  - id: topic.fees\n    title: 诉讼费\n    patterns:\n      '(讼+)+费': 3\n"
        "    examples: [诉讼费, 诉讼费 多少, 交 诉讼费, 诉讼费 贵, 诉讼费 哪里 交, 诉讼费 怎么 交]\n"
        "    answer: 诉讼费立案后交。\n", encoding="utf-8")
    with pytest.raises(IntentLoadError) as caught:
        load_intents(folder)
    assert f"{folder / 'fees.yaml'}:5: error: invalid regular expression '(讼+)+费': a repeated part repeats inside it too" \
        in str(caught.value).replace(str(Path.cwd()) + "/", "")


@pytest.mark.parametrize(("text", "intent"), [
    ("机器人你好", "meta.greeting"), ("你好无碍", "meta.greeting"), ("无碍你好", "meta.greeting"),
    ("嗯嗯谢谢", "meta.thanks"), ("谢谢谢谢你的帮助", "meta.thanks"), ("谢谢辛苦了", "meta.thanks"),
    ("谢谢你的回答", "meta.thanks"),
])
def test_the_greetings_and_thanks_made_safe_still_match(text: str, intent: str, shipped: IntentSet) -> None:
    """meta.yaml's greetings and thanks lost the choices the others spell ('谢' × 40 took minutes there);
    what they matched, they still match."""
    found = shipped.get(intent)
    assert found is not None and any(p.regex.search(text) for p in found.patterns)
