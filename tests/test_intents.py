"""The intents' data model: rule terms (`a+b|c`, `=word`), an intent's aspects, and the loaded set."""

from __future__ import annotations

from bot.intents import WHOLE_WORD, Intent, IntentSet, Term, canonical_atom, parse_term

CANON = {"力案": "立案"}


def test_a_term_needs_every_part_and_one_alternative_of_each() -> None:
    term = parse_term("离婚+法院|哪里", 2.0, 7, CANON)
    assert term == Term("离婚+法院|哪里", (("离婚",), ("法院", "哪里")), 2.0, 7)
    assert term.present({"离婚", "哪里"}) and not term.present({"法院", "哪里"})
    assert term.atoms == {"离婚", "法院", "哪里"}


def test_term_atoms_are_cleaned_like_user_text_and_use_main_words() -> None:
    term = parse_term(" 力案 | 起诉 ", 1.0, 1, CANON)
    assert term is not None and term.parts == (("立案", "起诉"),)
    assert canonical_atom(f"{WHOLE_WORD}钱", CANON) == "=钱"   # a whole word keeps its mark
    assert canonical_atom(WHOLE_WORD, CANON) == ""


def test_an_empty_part_is_no_term() -> None:
    assert parse_term("离婚+", 1.0, 1, {}) is None
    assert parse_term("|+法院", 1.0, 1, {}) is None


def test_the_set_finds_intents_by_id_and_lists_the_words_jieba_keeps_whole() -> None:
    filing = Intent("topic.filing", "立案", ("怎么立案",) * 6, "先写起诉状。", aspects=(("fees", "topic.fees"),),
                    keywords=(Term("=立案+法院", (("=立案",), ("法院",))),))
    other = Intent("oos.weather", "天气", ("天气",) * 6, "不知道。", out_of_scope=True)
    intents = IntentSet((filing, other), synonyms={"力案": "立案"}, words=("手语翻译", "钱"))
    assert intents.get("topic.filing") is filing and intents.get("topic.nowhere") is None
    assert len(intents) == 2 and list(intents) == [filing, other] and intents.answerable == (filing,)
    assert filing.family == "topic" and filing.aspect("fees") == "topic.fees" and filing.aspect("where") == ""
    assert intents.dictionary_words() == {"立案", "力案", "法院", "手语翻译"}   # one-character words left out
