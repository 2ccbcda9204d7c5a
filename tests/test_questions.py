"""Reading what a message asks: its clauses, the asking ones, a story's question, a short message's framing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.normalize import normalize
from bot.questions import QuestionRules
from tests.conftest import shipped_intents

RULES = QuestionRules(story_min_chars=10)


def test_clauses_keep_their_marks_and_spaced_questions_are_cut() -> None:
    assert RULES.clauses("我想离婚，去哪个法院？要带什么材料？") == ["我想离婚，", "去哪个法院？", "要带什么材料？"]
    # Without punctuation, words written apart are cut only when two or more of them ask.
    assert RULES.clauses("去哪个法院 要什么材料") == ["去哪个法院", "要什么材料"]
    assert RULES.clauses("开庭 有 手语 翻译 吗") == ["开庭 有 手语 翻译 吗"]


def test_a_short_asking_clause_takes_its_lead_in() -> None:
    assert RULES.asking_clauses("我想离婚，怎么办？") == ["我想离婚， 怎么办？"]
    assert RULES.asking_clauses("我想离婚，去哪个法院起诉呢？") == ["去哪个法院起诉呢？"]


VAGUE = ("这种情况", "我们", "能", "申请", "我", "应该", "怎么办", "情况", "这种", "种情")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*VAGUE, "吗", "请问", "怎么", "况", "情", "办", "钱", "借", "？", " "]), max_size=8))
def test_naming_nothing_removes_the_words_as_removing_all_of_them_in_turn_does(pieces: list[str]) -> None:
    rules = QuestionRules(vague=VAGUE)
    clause = "".join(pieces)
    words = sorted({*VAGUE, *rules.asking, *rules.courtesy}, key=len, reverse=True)
    rest = normalize(clause).replace(" ", "")
    for word in words:   # every word in turn: words joined by a removal are removed too (情况 from 情+这种+况)
        rest = rest.replace(word, "")
    assert rules.names_nothing(clause) == (len(rest) <= 1)


def test_questions_naming_nothing_ask_about_the_clause_before() -> None:
    rules = QuestionRules(vague=("这种情况", "我们", "能", "申请", "我", "应该", "怎么办"))
    assert rules.names_nothing("请问我们这种情况能申请吗？")
    assert not rules.names_nothing("能让法院强制他还吗？")
    story = "家里的钱全花光了。听说法院有一种救助可以先给点钱，请问我们这种情况能申请吗？"
    assert rules.asking_clauses(story) == ["听说法院有一种救助可以先给点钱， 请问我们这种情况能申请吗？"]
    # One question that names something keeps the others as they are.
    story = "他一分钱都没还，我应该怎么办，能让法院强制他还吗？"
    assert rules.asking_clauses(story) == ["我应该怎么办，", "能让法院强制他还吗？"]
    assert QuestionRules().asking_clauses("听说有一种救助，请问我们这种情况能申请吗？") == ["请问我们这种情况能申请吗？"]
    # Such a story's background says what it is about: it counts more.
    rules = QuestionRules(vague=("我", "要", "应对"), background_weight=0.6, vague_background_weight=0.8)
    assert rules.story_weight("我成了被告。请问我要怎么应对？") == 0.8
    assert rules.story_weight("请问答辩状怎么写？") == 0.6


def test_the_shipped_vague_words_include_how_long_it_has_been() -> None:
    # `请问过了这么久还能不能申请` names nothing: the clause before (`可以去申请劳动仲裁`) says what is asked.
    rules = shipped_intents().questions
    assert rules.names_nothing("请问过了这么久还能不能申请")
    assert not rules.names_nothing("请问仲裁过了这么久还能不能申请")


def test_the_focus_of_a_story_is_its_question() -> None:
    story = "我在工厂干了两年，老板三个月没发工资，请问去哪里申请仲裁？"
    assert RULES.focus(story) == "请问去哪里申请仲裁？"
    assert RULES.focus("诉讼费多少钱") == ""                        # short: read whole
    assert RULES.focus("请问诉讼费多少钱？是否可以缓交？") == ""       # every clause asks: read whole
    assert RULES.without_other_questions("我想离婚，去哪个法院？要带什么材料？", "要带什么材料？") == \
        "我想离婚， 要带什么材料？"


def test_a_message_asked_only_by_some_words() -> None:
    rules = QuestionRules(asking=("吗", "怎么", "？"), courtesy=("请问",))
    assert rules.asked_only_by("老板不发工资合法吗", ["合法吗"])
    assert rules.asked_only_by("请问老板不发工资合法吗", ["合法吗"])      # 请问 asks nothing by itself
    assert not rules.asked_only_by("老板不发工资怎么办合法吗", ["合法吗"])  # the procedure is asked too
    assert not rules.asked_only_by("老板不发工资", [])                     # asks nothing at all


def test_overlapping_words_are_removed_in_one_order_whatever_order_they_come_in() -> None:
    # The words come from sets: in set order the answer followed the process's hash seed.
    rules = QuestionRules(asking=("吗",))
    assert rules.asked_only_by("合法吗", ["合法", "法吗"]) == rules.asked_only_by("合法吗", ["法吗", "合法"])


def test_characters_typed_one_by_one_ask_like_a_word() -> None:
    assert RULES.clauses("诉讼费 多少 钱 去 哪 个 法 院") == ["诉讼费", "多少", "钱去哪个法院"]
    assert RULES.clauses("开 庭 有 手语 翻译 吗") == ["开 庭 有 手语 翻译 吗"]    # one question: read whole


def test_greetings_thanks_and_saying_one_is_deaf_are_taken_off_a_short_message() -> None:
    rules = QuestionRules(framing=("我是聋人", "你好", "请问", "谢谢"))
    assert rules.unframed("你好，请问执行 咋 弄？谢谢！") == "执行 咋 弄"
    assert rules.unframed("我是聋人，要起诉") == "要起诉"
    assert rules.unframed("谢谢") == ""                       # nothing else is left
    assert rules.unframed("离婚要带什么") == ""                # nothing to take off
    assert QuestionRules().unframed("你好，请问起诉") == ""     # no `framing:` list, no change
    story = "你好，我和老公结婚十年了，他一直打我，现在我想离婚，谢谢"
    assert rules.unframed(story) == ""                         # a story is read whole


def test_a_starting_word_inside_a_clause_starts_the_question() -> None:
    rules = QuestionRules(starts=("请问", "想问一下"))
    assert rules.clauses("后来原告起诉我请问这是谁的责任？") == ["后来原告起诉我", "请问这是谁的责任？"]
    assert rules.asking_clauses("本人是被告，后来原告起诉我请问这是谁的责任？") == ["请问这是谁的责任？"]
    # Too little before it to be a story: one clause (`我想问一下`), and nothing is cut without the list.
    assert rules.clauses("我想问一下离婚去哪个法院") == ["我想问一下离婚去哪个法院"]
    assert QuestionRules().clauses("后来原告起诉我请问这是谁的责任？") == ["后来原告起诉我请问这是谁的责任？"]


def test_a_settled_phrase_asks_nothing() -> None:
    rules = QuestionRules(asking=("怎么", "吗"), settled=("商量好了怎么",))
    assert not rules.asks("房子车子也商量好了怎么分，")
    assert rules.asks("房子车子怎么分？")
    assert QuestionRules(asking=("怎么",)).asks("房子车子也商量好了怎么分，")


def test_a_question_word_signed_last_is_tried_earlier() -> None:
    rules = QuestionRules(asked_last=("咋", "多久"))
    assert rules.signed_orders("执行 弄 咋") == ["执行 咋 弄", "咋 执行 弄"]
    assert rules.signed_orders("执行 咋 弄") == []             # the question word is not last
    assert rules.signed_orders("多久 咋") == []                # two question words: nothing to move
    assert QuestionRules().signed_orders("执行 弄 咋") == []   # no `asked_last:` list
