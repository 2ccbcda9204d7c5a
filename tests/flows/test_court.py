"""The court finder, driven through the engine: case types, places, ambiguity, not found."""

from __future__ import annotations

import pytest

from tests.recording import RecordingChannel


def start(chat: RecordingChannel, kind: str) -> None:
    chat.send("/court")
    chat.read("先说是什么案子")
    chat.press(kind)


def court_for(chat: RecordingChannel, kind: str, place: str) -> str:
    start(chat, kind)
    chat.read("住在哪里")
    chat.send(place)
    return chat.read("管辖法院").text


@pytest.mark.parametrize(("place", "court"), [
    ("海口琼山", "海南省海口市琼山区人民法院"),
    ("住在昆明五华区", "云南省昆明市五华区人民法院"),
    ("琼山区", "海南省海口市琼山区人民法院"),
    ("昆明五化区", "云南省昆明市五华区人民法院"),                  # typo
    ("他在 郑州 金水", "河南省郑州市金水区人民法院"),
    ("四川省成都市武侯区红牌楼街道", "四川省成都市武侯区人民法院"),  # street included
    ("广州天河", "广东省广州市天河区人民法院"),
    ("杭州西湖区", "浙江省杭州市西湖区人民法院"),
    ("南京玄武", "江苏省南京市玄武区人民法院"),
    ("西安 雁塔", "陕西省西安市雁塔区人民法院"),
    ("哈尔滨南岗区", "黑龙江省哈尔滨市南岗区人民法院"),
    ("北京海淀", "北京市海淀区人民法院"),
    ("上海浦东", "上海市浦东新区人民法院"),
    ("长春朝阳", "吉林省长春市朝阳区人民法院"),
    ("老家是义乌", "浙江省义乌市人民法院"),
    ("臺北", None),
])
def test_contract_case_names_the_defendants_court(chat: RecordingChannel, place: str, court: str | None) -> None:
    start(chat, "借钱")
    chat.read("住在哪里")
    chat.send(place)
    if court is None:
        chat.read("没找到这个地方")
        return
    text = chat.read("管辖法院").text
    assert f"管辖法院：{court}" in text
    assert "合同履行地" in text and "约定" in text
    assert "跨域立案" in text and "专门法院" in text


def test_ambiguous_district_gets_a_button_choice(chat: RecordingChannel) -> None:
    start(chat, "其他")
    chat.read("住在哪里")
    chat.send("朝阳区")
    question = chat.read("有好几个地方")
    assert [b.label for b in question.button_list()] == ["北京市朝阳区", "吉林省长春市朝阳区"]
    chat.press("长春市")
    assert "吉林省长春市朝阳区人民法院" in chat.read("管辖法院").text


def test_city_only_lists_its_districts(chat: RecordingChannel) -> None:
    start(chat, "其他")
    chat.read("住在哪里")
    chat.send("海口")
    question = chat.read("海口市有这些区县")
    assert [b.label for b in question.button_list()] == ["秀英区", "龙华区", "琼山区", "美兰区"]
    chat.press("美兰区")
    assert "海南省海口市美兰区人民法院" in chat.read("管辖法院").text


def test_not_found_then_retry_then_human(chat: RecordingChannel) -> None:
    start(chat, "其他")
    chat.read("住在哪里")
    chat.send("火星")
    chat.read("没找到这个地方")
    chat.send("我不知道")
    again = chat.read("还是没找到")
    assert "找工作人员" in [b.label for b in again.button_list()]
    chat.send("贵阳南明")
    assert "贵州省贵阳市南明区人民法院" in chat.read("管辖法院").text


def test_divorce_defendant_at_home(chat: RecordingChannel) -> None:
    start(chat, "离婚")
    chat.read("对方现在是什么情况")
    chat.press("对方住在户口所在地")
    chat.read("对方（被告）住在哪里")
    chat.send("拉萨城关")
    text = chat.read("管辖法院").text
    assert "西藏自治区拉萨市城关区人民法院" in text and "第22条" in text


@pytest.mark.parametrize(("situation", "basis"), [
    ("对方离开户口所在地超过一年", "第12条"),
    ("对方下落不明", "第23条第(二)项"),
    ("对方住在国外", "第23条第(一)项"),
])
def test_divorce_rules_that_use_the_users_own_court(chat: RecordingChannel, situation: str, basis: str) -> None:
    start(chat, "离婚")
    chat.read("对方现在是什么情况")
    chat.press(situation)
    chat.read("你的户口在哪里")
    chat.send("深圳南山")
    text = chat.read("管辖法院").text
    assert "广东省深圳市南山区人民法院" in text and "原告住所地" in text and basis in text


def test_divorce_both_away_uses_defendants_habitual_residence(chat: RecordingChannel) -> None:
    start(chat, "离婚")
    chat.read("对方现在是什么情况")
    chat.press("我们两个都离开")
    chat.read("对方（被告）住在哪里")
    chat.send("重庆渝中")
    text = chat.read("管辖法院").text
    assert "重庆市渝中区人民法院" in text and "被告经常居住地" in text


def test_tort_asks_where_it_happened(chat: RecordingChannel) -> None:
    start(chat, "交通事故")
    chat.read("你想查哪个")
    chat.press("事情发生的地方")
    chat.read("事情发生在哪里")
    chat.send("成都武侯")
    text = chat.read("管辖法院").text
    assert "四川省成都市武侯区人民法院" in text and "侵权行为地" in text and "第29" in text


def test_tort_defendants_place(chat: RecordingChannel) -> None:
    start(chat, "交通事故")
    chat.read("你想查哪个")
    chat.press("对方住的地方")
    chat.read("对方（被告）住在哪里")
    chat.send("南京玄武")
    assert "被告住所地" in chat.read("管辖法院").text


def test_labour_says_arbitration_comes_first(chat: RecordingChannel) -> None:
    start(chat, "劳动工资")
    chat.read("你在哪里上班")
    chat.send("杭州西湖")
    text = chat.read("劳动仲裁").text
    assert "劳动人事争议仲裁委员会" in text and "浙江省杭州市西湖区人民法院" in text and "15日" in text


def test_town_divided_city_asks_a_human_instead_of_guessing(chat: RecordingChannel) -> None:
    start(chat, "借钱")
    chat.read("住在哪里")
    chat.send("东莞")
    reply = chat.read("不能确定是哪一家")
    assert "找工作人员" in [b.label for b in reply.button_list()]


def test_typed_case_type_and_location_message(chat: RecordingChannel) -> None:
    chat.send("/court")
    chat.read("先说是什么案子")
    chat.send("他欠我钱")
    chat.read("住在哪里")
    chat.send(location=(20.03, 110.35), kind="location")
    chat.read("你发的位置在：海南省海口市")
    chat.read("不对的话")
    chat.press("对，就是这里")
    assert "海南省海口市" in chat.read("管辖法院").text


def test_a_clear_question_inside_the_flow_leaves_it(chat: RecordingChannel) -> None:
    chat.send("/court")
    chat.read("先说是什么案子")
    chat.send("诉讼费怎么交")
    chat.read("诉讼费立案后交")
    chat.press_payload("f:court:kind:divorce")
    chat.read("这个按钮已过期")


def test_answers_are_kept_for_the_operators(chat: RecordingChannel) -> None:
    court_for(chat, "借钱", "昆明五华")
    facts = chat.engine.store.load_session(chat.user).facts
    assert facts == {"案件类型": "借钱欠款·合同", "被告住址": "云南省昆明市五华区", "法院": "云南省昆明市五华区人民法院"}


def test_a_clear_question_instead_of_a_place_is_answered(chat: RecordingChannel) -> None:
    start(chat, "借钱")
    chat.read("住在哪里")
    chat.send("诉讼费怎么交")
    chat.read("诉讼费立案后交")
    chat.press_payload("f:court:place:530102")
    chat.read("这个按钮已过期")
