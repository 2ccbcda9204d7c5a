"""Reading a short follow-up: the aspect it asks, its other words, a topic switch."""

from __future__ import annotations

from dataclasses import replace

from bot.questions import QuestionRules

RULES = QuestionRules(
    aspects=(("materials", ("要带什么", "材料")), ("fees", ("多少钱", "免费")), ("where", ("在哪里", "哪里")),
             ("time_limit", ("期限", "时间限制")), ("duration", ("多久", "几天"))),
    fillers=("那", "呢", "吗", "要", "办", "申请", "是", "有", "能", "下来", "开庭"),
)


def test_a_pure_aspect_names_no_topic_of_its_own() -> None:
    assert RULES.pure_aspect("在哪里办") == "where"
    assert RULES.pure_aspect("那要带什么") == "materials"
    assert RULES.pure_aspect("免费吗") == "fees"
    assert RULES.pure_aspect("仲裁在哪里办") == ""      # names a topic: matched on its own
    assert RULES.aspect("诉讼费多少钱") == "fees"       # any aspect word, remembered for a switch


def test_words_of_another_aspect_or_of_the_hearing_name_no_topic() -> None:
    assert RULES.pure_aspect("期限是几天") == "time_limit"      # the first aspect in the list wins
    assert RULES.pure_aspect("有时间限制吗") == "time_limit"
    assert RULES.pure_aspect("多久能下来") == "duration"
    assert RULES.pure_aspect("开庭要带什么") == "materials"
    assert RULES.pure_aspect("上诉期限是几天") == ""             # names a topic of its own


def test_a_filler_can_name_something_with_one_aspect() -> None:
    # `fillers_except:` how the hearing goes (开庭怎么办) is no `how` of the matter just discussed.
    rules = replace(RULES, aspects=(*RULES.aspects, ("how", ("怎么办",))), fillers_except=(("how", ("开庭",)),))
    assert rules.pure_aspect("开庭怎么办") == ""
    assert rules.aspect_rest("开庭怎么办") == ("how", "开庭")
    assert rules.pure_aspect("怎么办") == "how"
    assert rules.pure_aspect("多久开庭") == "duration"
    assert replace(rules, fillers_except=()).pure_aspect("开庭怎么办") == "how"


def test_suing_words_count_as_fillers_only_when_asked_to() -> None:
    assert RULES.pure_aspect("去哪里告他") == ""                # alone, 告他 names a topic
    assert RULES.pure_aspect("去哪里告他", ("告他", "告")) == "where"
    assert RULES.pure_aspect("仲裁在哪里办", ("告他", "告")) == ""


def test_a_topic_switch_keeps_the_aspect() -> None:
    assert RULES.switched_topic("离婚呢") == "离婚"
    assert RULES.switched_topic("那上诉呢") == "上诉"
    assert RULES.switched_topic("呢") == ""
    assert RULES.switched_topic("离婚") == ""


def test_spoken_question_words_read_as_written_ones() -> None:
    rules = QuestionRules(aspects=(("materials", ("带什么",)), ("how", ("怎么办",))), fillers=("要", "那"),
                          spoken=(("啥", "什么"), ("咋", "怎么")))
    assert rules.pure_aspect("要带啥") == "materials"
    assert rules.pure_aspect("那咋办") == "how"
    assert RULES.pure_aspect("要带啥") == ""      # without `spoken:` 啥 is no question word


def test_a_follow_ups_rest_is_what_its_aspect_and_fillers_leave() -> None:
    rules = QuestionRules(aspects=(("time_limit", ("几天之内",)), ("duration", ("几天", "多久"))), fillers=("回复", "要"))
    assert rules.aspect_rest("几天之内必须回复") == ("time_limit", "必须")   # the other aspect's 几天 goes too
    assert rules.aspect_rest("要等多久") == ("duration", "等")
    assert rules.aspect_rest("谢谢你") == ("", "")


def test_the_aspect_asked_is_the_one_at_the_end() -> None:
    rules = QuestionRules(aspects=(("online", ("网上",)), ("fees", ("多少钱", "收费"))), fillers=("要", "吗"),
                          asking=("吗",))
    assert rules.asked_aspect("网上立案要多少钱") == ("fees", "多少钱", "网上立案要")
    assert rules.asked_aspect("网上立案收费吗") == ("fees", "收费", "网上立案吗")
    assert rules.asked_aspect("网上看到一个案子 谁管") == ("", "", "")   # the website is not what it asks
    assert rules.asked_aspect("立案") == ("", "", "")


def test_two_aspect_words_side_by_side_are_the_first_aspects() -> None:
    rules = QuestionRules(aspects=(("time_limit", ("期限",)), ("duration", ("几天",))), fillers=("是",))
    assert rules.asked_aspect("上诉期限是几天")[:2] == ("time_limit", "期限")
    assert rules.asked_aspect("上诉几天")[:2] == ("duration", "几天")
