"""The complaint conversation: going back, retries, saved drafts, review edits, handoff, privacy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.engine import Engine
from tests.conftest import FakeClock, small_intents_with
from tests.forms.driver import answer_all, generate, table_of
from tests.forms.test_divorce import SIMPLE
from tests.forms.test_divorce import start as start_divorce
from tests.recording import RecordingChannel


def ask(chat: RecordingChannel) -> str:
    """The question now on screen."""
    return chat.last[-1].text


def test_back_undoes_the_last_answer(form_chat: RecordingChannel) -> None:
    start_divorce(form_chat)
    form_chat.send("李红")
    assert "身份证号码" in ask(form_chat)
    form_chat.press("上一步")
    assert "你叫什么名字" in ask(form_chat) and "第 1 题" in ask(form_chat)
    form_chat.send("上一步")
    assert "这已经是第一题了" in ask(form_chat)
    form_chat.read_all()


def test_bad_answers_get_one_clear_retry_with_an_example(form_chat: RecordingChannel) -> None:
    start_divorce(form_chat)
    form_chat.send("跳过")
    assert ask(form_chat).startswith("这一题要回答") and "你叫什么名字" in ask(form_chat)
    form_chat.send("李红123")
    assert ask(form_chat).startswith("请只写名字") and "你叫什么名字" in ask(form_chat)
    form_chat.send("李红")
    form_chat.send("110105194912310021")   # wrong check digit
    assert "最后一位对不上" in ask(form_chat)
    form_chat.send("11010519491231002x")
    form_chat.press("汉族")
    form_chat.press("跳过")
    form_chat.send("1381234")
    assert "11位数字" in ask(form_chat) and "13812345678" in ask(form_chat)
    form_chat.send("😀😀")
    assert ask(form_chat).startswith("我看不懂表情")
    form_chat.send("+86 138-1234-5678")
    assert "户口" in ask(form_chat)
    form_chat.send("很" * 150)
    assert "只保留了前 100 个字" in ask(form_chat) and "经常住在哪里" in ask(form_chat)
    form_chat.read_all()


def test_sticker_is_refused_kindly_and_the_question_stays(form_chat: RecordingChannel) -> None:
    start_divorce(form_chat)
    form_chat.send(kind="sticker")
    assert "看不懂表情" in form_chat.read("看不懂").text
    form_chat.send("李红")
    assert "身份证号码" in ask(form_chat)
    form_chat.read_all()


def test_a_user_who_leaves_comes_back_to_the_same_question(form_chat: RecordingChannel, clock: FakeClock) -> None:
    start_divorce(form_chat)
    form_chat.send("李红")
    form_chat.send("取消")
    form_chat.read("重新开始")
    clock.advance(3 * 86400)
    form_chat.send("/complaint")
    assert "没写完的：离婚纠纷（已答 1 题）" in form_chat.read("是什么案子").text
    form_chat.press("离婚")
    form_chat.read("没写完")
    form_chat.press("接着写")
    assert "第 2 题" in ask(form_chat) and "身份证号码" in ask(form_chat)
    form_chat.read_all()


def test_two_drafts_of_different_types_are_kept_apart(form_chat: RecordingChannel) -> None:
    start_divorce(form_chat)
    form_chat.send("李红")
    form_chat.send("/complaint")
    form_chat.press("借钱欠款")
    form_chat.send("陈明")
    form_chat.read_all()
    form_chat.send("/complaint")
    assert "离婚纠纷（已答 1 题）、民间借贷纠纷（已答 1 题）" in form_chat.read("没写完的").text
    form_chat.press("离婚")
    form_chat.press("接着写")
    form_chat.read_all()
    form_chat.press("上一步")
    assert "现在填" not in ask(form_chat) and "你叫什么名字" in ask(form_chat)
    drafts = form_chat.engine.store.load_session(form_chat.user).drafts
    assert drafts["divorce"]["answers"] == {} and drafts["loan"]["answers"] == {"plaintiff.name": "陈明"}
    form_chat.read_all()


def test_forget_and_retention_delete_drafts(form_chat: RecordingChannel, clock: FakeClock) -> None:
    start_divorce(form_chat)
    form_chat.send("李红")
    form_chat.send("/forget")
    form_chat.press("确定删除")
    form_chat.read_all()
    assert form_chat.engine.store.load_session(form_chat.user).drafts == {}
    start_divorce(form_chat)
    form_chat.send("李红")
    form_chat.read_all()
    store = form_chat.engine.store
    assert store.load_session(form_chat.user).drafts
    clock.advance(91 * 86400)
    store.purge(90, 90)
    assert store.load_session(form_chat.user).drafts == {}


def test_a_draft_older_than_the_retention_is_dropped_even_for_an_active_user(form_chat: RecordingChannel,
                                                                            clock: FakeClock) -> None:
    start_divorce(form_chat)
    form_chat.send("李红")
    for _ in range(4):   # the user keeps chatting, so the session itself is never purged
        clock.advance(30 * 86400)
        form_chat.send("诉讼费多少钱")
    form_chat.read_all()
    form_chat.send("/complaint")
    assert "没写完" not in form_chat.read("是什么案子").text
    assert form_chat.engine.store.load_session(form_chat.user).drafts == {}


def test_a_button_of_an_earlier_question_is_stale(form_chat: RecordingChannel) -> None:
    start_divorce(form_chat)
    form_chat.send("李红")
    form_chat.send("11010519491231002X")
    old = next(b for b in form_chat.buttons() if b.label == "汉族")
    form_chat.press("汉族")
    form_chat.press_payload(old.payload, old.label)
    assert "按钮已过期" in form_chat.last[-1].text
    form_chat.read_all()


def test_review_edit_and_a_new_condition_asks_the_new_questions(form_chat: RecordingChannel) -> None:
    start_divorce(form_chat)
    answer_all(form_chat, SIMPLE)
    review = form_chat.last[-1].text   # read by answer_all; still the latest reply
    line = next(ln for ln in review.split("\n") if "子女直接抚养：没有" in ln)
    number = line.split(".")[0]
    form_chat.send(f"改 {number}")
    assert "现在填的是：没有" in ask(form_chat)
    form_chat.press("有")
    assert "孩子叫什么名字" in ask(form_chat)
    form_chat.send("王小明，男，2016年出生")
    form_chat.press("跟我")
    form_chat.press("没有了")
    form_chat.press("不写")   # support
    form_chat.press("不写")   # visiting
    assert "为什么孩子应该跟" in ask(form_chat)
    form_chat.send("孩子一直跟我生活")
    assert "都问完了" in ask(form_chat) and "孩子1·孩子：王小明" in ask(form_chat)
    form_chat.send("改 999")
    assert "没有第 999 条" in ask(form_chat)
    form_chat.read_all()
    assert "子女1：王小明" in table_of(generate(form_chat))["4. 子女直接抚养"]
    form_chat.press("文字版")
    text = form_chat.read("读屏").document
    assert text is not None and text.file_name.endswith(".txt")
    assert "子女1：王小明" in text.content.decode("utf-8") and "☑" in text.content.decode("utf-8")


def test_court_finder_answers_are_offered(form_chat: RecordingChannel) -> None:
    form_chat.send("/court")
    form_chat.press("借钱欠款")
    form_chat.send("海口琼山")
    form_chat.read("管辖法院")
    form_chat.press("写起诉状")
    choose = form_chat.read("是什么案子")
    assert "刚才你查的是借钱欠款的案子" in choose.text and choose.button_list()[0].label == "借钱欠款"
    form_chat.read_all()


def test_the_cover_names_the_court_found_earlier(form_chat: RecordingChannel) -> None:
    form_chat.send("/court")
    form_chat.press("离婚")
    form_chat.press("对方住在户口所在地")
    form_chat.send("海口琼山")
    form_chat.read("管辖法院")
    start_divorce(form_chat)
    answer_all(form_chat, {**SIMPLE, "对方的户口在哪里": "@用：海南省海口市琼山区"})
    reply = generate(form_chat)
    defendant = table_of(reply)["被告"]
    assert "住所地（户籍所在地）：海南省海口市琼山区" in defendant
    cover = reply.text
    assert "交到：海南省海口市琼山区人民法院" in cover and "跨域立案" in cover and "人民法院在线服务" in cover
    assert "亲笔签名" in cover and "手语翻译" in cover and "绿色通道" in cover


def test_intent_and_checklist_lead_to_the_builder(form_chat: RecordingChannel) -> None:
    form_chat.send("不会写起诉状，能帮我吗")
    form_chat.read("是什么案子")   # the intent starts the builder at once
    form_chat.send("帮我写离婚的起诉状")
    assert "离婚纠纷的起诉状" in form_chat.read("要准备").text
    assert "你叫什么名字" in form_chat.read("第 1 题").text
    form_chat.send("/checklist")
    form_chat.press("离婚")
    form_chat.read_all()
    form_chat.press("文字文件")
    form_chat.read_all()
    form_chat.press("写起诉状")
    form_chat.read("是什么案子")


def test_id_and_phone_are_masked_in_the_transcript(form_chat: RecordingChannel) -> None:
    start_divorce(form_chat)
    form_chat.send("李红")
    form_chat.send("11010519491231002X")
    form_chat.press("汉族")
    form_chat.press("跳过")
    form_chat.send("13812345678")
    form_chat.read_all()
    lines = " ".join(ln.text for ln in form_chat.engine.store.recent(form_chat.user, 50))
    assert "11010519491231002X" not in lines and "13812345678" not in lines
    assert "[身份证号]" in lines and "[手机号]" in lines


def test_the_operators_card_shows_progress_and_the_draft_can_be_sent(form_chat: RecordingChannel) -> None:
    start_divorce(form_chat)
    form_chat.send("李红")
    form_chat.send("/human")
    opened = form_chat.read("已经帮你找工作人员")
    desk = form_chat.engine.desk
    ticket = desk.active(form_chat.user)
    assert ticket is not None and "起诉状草稿：离婚纠纷，已答 1 题" in ticket.card
    assert any(b.label == "把起诉状草稿发给工作人员" for b in opened.button_list())
    form_chat.press("把起诉状草稿发给工作人员")
    form_chat.read("已经把起诉状草稿发给工作人员")
    sent = [r.text for r in desk.pending("to_operators", ticket.id) if r.kind == "text"]
    assert any("起诉状草稿（离婚纠纷" in t and "姓名：李红" in t for t in sent)


@pytest.mark.parametrize(("finder", "old", "new"), [("court", "contract: 借钱欠款·合同", "contract: 欠钱不还"),
                                                    ("checklist", "debt: 借钱欠款", "debt: 欠钱不还")],
                         ids=["court", "checklist"])
def test_renaming_a_case_type_label_keeps_the_shortcut(make_engine: Callable[..., Engine], tmp_path: Path,
                                                       finder: str, old: str, new: str) -> None:
    folder = small_intents_with(tmp_path, "flows", "forms")
    path = folder / "flows" / f"{finder}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    chat = RecordingChannel(make_engine(folder, flood_limit=False))
    chat.send(f"/{finder}")
    chat.press("欠钱不还")
    chat.read_all()
    chat.send("/complaint")
    choose = chat.read("是什么案子")
    assert "刚才你查的是借钱欠款的案子" in choose.text and choose.button_list()[0].label == "借钱欠款"


def test_the_cover_does_not_name_the_card_s_wording_as_a_court(make_engine: Callable[..., Engine],
                                                               tmp_path: Path) -> None:
    """东莞 has no one court to name: whatever the card says then, the cover says the court is still to find."""
    folder = small_intents_with(tmp_path, "flows", "forms")
    path = folder / "flows" / "court.yaml"
    text = path.read_text(encoding="utf-8")
    assert "no_court_fact: 需要人工确认" in text
    path.write_text(text.replace("no_court_fact: 需要人工确认", "no_court_fact: 请工作人员帮忙查法院"), encoding="utf-8")
    chat = RecordingChannel(make_engine(folder, flood_limit=False))
    chat.send("/court")
    chat.press("借钱欠款·合同")
    chat.send("广东省东莞市")
    chat.read("不能确定")
    start_divorce(chat)
    answer_all(chat, SIMPLE)
    chat.press("生成起诉状")
    cover = chat.read("做好了").text
    assert "1. 交到哪个法院：还没查" in cover and "请工作人员帮忙查法院" not in cover
