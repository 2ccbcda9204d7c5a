"""Trials of the complaint builder as real users fill it: mistakes, questions in between, leaving and coming back."""

from __future__ import annotations

from bot.maint.bench_forms import autofill
from tests.conftest import FakeClock
from tests.forms.driver import start_form
from tests.recording import RecordingChannel


def answers(chat: RecordingChannel) -> dict[str, str]:
    session = chat.engine.store.load_session(chat.user)
    return dict(session.drafts["divorce"]["answers"])


def divorce_form(chat: RecordingChannel) -> None:
    start_form(chat, "离婚")
    chat.read("离婚纠纷的起诉状")
    chat.read("你叫什么名字")


def to_birth(chat: RecordingChannel) -> None:
    """Name, no ID number, sex: up to the birth date."""
    chat.send("张三")
    chat.read("身份证号码")
    chat.press("不知道")
    chat.read("男的还是女的")
    chat.press("男")
    chat.read("哪天出生")


def to_employer(chat: RecordingChannel) -> None:
    """The divorce form up to "where do you work?" (a free-text question)."""
    divorce_form(chat)
    to_birth(chat)
    chat.send("1990年3月1日")
    chat.read("民族")
    chat.press("汉族")
    chat.read("在哪里工作")


def step(chat: RecordingChannel) -> str:
    return chat.engine.store.load_session(chat.user).step


def test_a_question_at_the_name_is_answered_and_the_name_asked_again(form_chat: RecordingChannel) -> None:
    """`诉讼费多少钱` typed where the name is asked became the user's name."""
    divorce_form(form_chat)
    form_chat.send("诉讼费多少钱")
    form_chat.read("诉讼费，就是打官司交给法院的钱")
    again = form_chat.read("起诉状还没写完，接着写").text
    assert "第 1 题" in again and "你叫什么名字" in again
    assert answers(form_chat) == {}
    form_chat.send("张三")
    form_chat.read("第 2 题")
    assert answers(form_chat)["plaintiff.name"] == "张三"


def test_not_understanding_is_no_name(form_chat: RecordingChannel) -> None:
    divorce_form(form_chat)
    for typed in ("怎么写", "不懂", "写什么"):
        form_chat.send(typed)
        form_chat.read("请只写名字")
    assert answers(form_chat) == {}


def test_a_cry_for_help_in_the_form_gets_the_emergency_answer_first(form_chat: RecordingChannel) -> None:
    divorce_form(form_chat)
    form_chat.send("张三")
    form_chat.read("身份证号码")
    form_chat.send("他又打我了")
    form_chat.read("如果你现在有危险，请马上求救")
    form_chat.read("需要工作人员帮忙吗")
    assert "身份证号码" in form_chat.read("起诉状还没写完").text
    form_chat.send("我老公打我怎么办")
    form_chat.read("人身安全保护令")
    form_chat.read("需要工作人员帮忙吗")
    form_chat.read("起诉状还没写完")
    assert set(answers(form_chat)) == {"plaintiff.name"}


def test_a_long_story_in_a_free_text_answer_stays_the_answer(form_chat: RecordingChannel) -> None:
    """The facts of a divorce tell of violence and ask in passing: they are the answer, not a question to the bot."""
    to_employer(form_chat)
    story = "在海口市某某超市上班，老板老是打我，不知道怎么办"   # 20 characters or more: the answer itself
    form_chat.send(story)
    assert "起诉状还没写完" not in form_chat.text()
    assert story in answers(form_chat).values()


def test_a_short_answer_telling_of_violence_typed_again_is_the_answer(form_chat: RecordingChannel) -> None:
    """Read once as a cry for help (the emergency answer, the question again); typed again, it is the answer: no loop."""
    to_employer(form_chat)
    form_chat.send("他经常打我")
    form_chat.read("如果你现在有危险")
    form_chat.read("需要工作人员帮忙吗")
    form_chat.read("起诉状还没写完")
    form_chat.send("他经常打我")
    assert "起诉状还没写完" not in form_chat.text()
    assert "他经常打我" in answers(form_chat).values()


def test_going_back_and_typing_back_at_the_first_question(form_chat: RecordingChannel) -> None:
    divorce_form(form_chat)
    form_chat.send("上一步")
    form_chat.read("这已经是第一题了")
    form_chat.send("张三")
    form_chat.read("身份证号码")
    form_chat.press("上一步")
    form_chat.read("你叫什么名字")
    form_chat.send("李四")
    form_chat.read("身份证号码")
    assert answers(form_chat)["plaintiff.name"] == "李四"


def test_wrong_dates_and_an_empty_answer(form_chat: RecordingChannel) -> None:
    divorce_form(form_chat)
    form_chat.send("   ")
    form_chat.read("这一题要回答")
    to_birth(form_chat)
    form_chat.send("1990年13月1日")
    form_chat.read("没看懂这个日期")
    form_chat.send("2030年1月1日")                  # read, but not yet: not "not understood"
    form_chat.read("这个日期还没到")
    form_chat.send("1990.3.1")
    form_chat.read("民族")
    assert answers(form_chat)["plaintiff.birth"] == "1990年3月1日"


def test_cancel_then_come_back_a_day_later(form_chat: RecordingChannel, clock: FakeClock) -> None:
    divorce_form(form_chat)
    form_chat.send("张三")
    form_chat.read("身份证号码")
    form_chat.send("/cancel")
    form_chat.read("已经重新开始")
    clock.advance(86400)
    form_chat.send("/complaint")
    assert "离婚纠纷（已答 1 题）" in form_chat.read("没写完的").text
    form_chat.press("离婚")
    form_chat.read("没写完的起诉状")
    form_chat.press("接着写")
    form_chat.read("身份证号码")
    form_chat.send("11010519491231002X")
    form_chat.read("民族")                       # sex and birth come from the number


def test_switching_topic_in_the_middle_then_going_on(form_chat: RecordingChannel) -> None:
    divorce_form(form_chat)
    form_chat.send("张三")
    form_chat.read("身份证号码")
    form_chat.send("离婚去哪个法院")
    form_chat.read("离婚一般去被告（对方）户口所在地的法院")
    form_chat.read("起诉状还没写完")
    assert step(form_chat) == "q"
    form_chat.send("11010519491231002X")
    form_chat.read("民族")


def test_an_old_button_of_an_earlier_question(form_chat: RecordingChannel) -> None:
    divorce_form(form_chat)
    form_chat.send("张三")
    form_chat.read("身份证号码")
    old = next(b for b in form_chat.buttons() if b.label == "不知道")
    form_chat.send("11010519491231002X")
    form_chat.read("民族")
    form_chat.press_payload(old.payload, old.label)   # 不知道 of the ID question, pressed again
    form_chat.read("这个按钮已过期")
    assert "11010519491231002X" in answers(form_chat).values()


def test_a_question_after_the_document_is_answered(form_chat: RecordingChannel) -> None:
    divorce_form(form_chat)
    session = form_chat.engine.store.load_session(form_chat.user)
    session.step = "done"
    form_chat.engine.store.save_session(session)
    form_chat.send("什么是原件")            # was "起诉状已经做好了。有问题可以直接问我" without an answer
    form_chat.read("原件，就是最初的那一份")
    assert step(form_chat) == ""


def test_typing_the_buttons_words_at_the_review_makes_the_document(form_chat: RecordingChannel) -> None:
    """`都对了` or `生成起诉状` typed at the review got the hint "press 生成起诉状" again."""
    form = form_chat.engine.library.forms.get("divorce")
    assert form is not None
    autofill(form_chat.engine, form_chat.user, form)       # every question answered with its own example
    form_chat.send("都对了")
    assert form_chat.read("做好了").document is not None


def test_the_builder_started_after_a_question_puts_its_case_first(form_chat: RecordingChannel) -> None:
    form_chat.send("欠钱不还 起诉状怎么写")
    form_chat.read("起诉状")
    form_chat.press("写起诉状")
    assert "借钱欠款的案子（已放在第一个）" in form_chat.read("是什么案子").text
    assert form_chat.buttons()[0].label == "借钱欠款"
