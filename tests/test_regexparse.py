"""One shared parse per pattern: what it compiles to equals `re.compile`'s, and its readers still see the text's parse."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from bot import regexparse
from bot.regexparse import FLAGS, compile_pattern, parse
from bot.regexrisk import risk
from bot.ruleindex import requirements
from tests.conftest import shipped_intents

OWN = sorted({p.text for i in shipped_intents() for p in i.patterns})   # the loaded set later tests share
TRICKY = [
    "^立案$", r"(?P<fee>\d+)元", r"(?i)abc诉讼", r"(诉|讼)\1", r"(?<!不)起诉(?=吗)", r"[^，。]{0,8}法院",
    r"(?:a|b)*?c", r"\bword\b", r"(?s).+", r"(?m:^x)|y$", r"(?P<a>x)(?P=a)", r"[一-龥]{2,}", r"(?>ab|a)c",
    r"a{2,5}+", "", r"\u6cd5\U00009662", r"(?x) a b # comment",
]


@pytest.mark.parametrize("text", [*OWN, *TRICKY])
def test_compiles_to_what_re_compile_gives(text: str) -> None:
    ours, theirs = compile_pattern(text), re.compile(text, re.MULTILINE)
    assert ours == theirs   # equal text, flags and code
    assert (ours.pattern, ours.flags, ours.groups, ours.groupindex) == \
        (theirs.pattern, theirs.flags, theirs.groups, theirs.groupindex)
    compile_pattern.cache_clear()
    assert compile_pattern(text) == theirs   # the shared parse compiles again to the same


def test_the_shared_parse_is_not_changed_by_its_readers() -> None:
    """Compiling and checking leave the kept parse as a fresh one: requirements and risk come out the same."""
    texts = [*OWN, *TRICKY]
    for text in texts:
        risk(text)
        compile_pattern.cache_clear()
        compile_pattern(text)
    kept = {t: (requirements(t), risk(t), str(parse(t))) for t in texts}
    parse.cache_clear()
    assert {t: (requirements(t), risk(t), str(parse(t))) for t in texts} == kept


@pytest.mark.parametrize("text", ["(多少钱", "a{5,2}", "[z-a]", r"(?P<x>a)(?P<x>b)", "\\"])
def test_a_bad_pattern_raises_what_re_compile_raises(text: str) -> None:
    with pytest.raises(re.error) as theirs:
        re.compile(text, re.MULTILINE)
    with pytest.raises(re.error) as ours:
        compile_pattern(text)
    assert (str(ours.value), ours.value.pos) == (str(theirs.value), theirs.value.pos)


def test_without_the_internals_it_compiles_the_public_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(regexparse, "_compiler", SimpleNamespace())   # no _code, no _sre
    compile_pattern.cache_clear()
    assert compile_pattern("起诉|立案") == re.compile("起诉|立案", FLAGS)
