"""The court finder, driven through the engine: case types, places, ambiguity, not found."""

from __future__ import annotations

import pytest

from tests.recording import RecordingChannel


def start(chat: RecordingChannel, kind: str) -> None:
    chat.send("/court")
    chat.read("先说是什么案子")
    chat.press(kind)


def send_place(chat: RecordingChannel, kind: str, place: str) -> None:
    start(chat, kind)
    chat.read("住在哪里")
    chat.send(place)


def court_for(chat: RecordingChannel, kind: str, place: str) -> str:
    send_place(chat, kind, place)
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
    ("昆明五華區", "云南省昆明市五华区人民法院"),               # traditional characters
    ("海口瓊山", "海南省海口市琼山区人民法院"),
    ("杭州临平", "浙江省杭州市临平区人民法院"),                  # set up in 2021
    ("火星", None),
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
    assert "合同履行地" in text and "约定" in text and "只能去房子、土地所在地的法院" in text and "支付令" in text
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
    chat.send("月球")
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
    ("对方在监狱服刑", "第23条第(三)、(四)项"),
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
    assert "不是户口所在地" in chat.read("对方现在住在哪里").text
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
    assert "工伤认定" in text and "1年内" in text and "不能直接去法院" not in text


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


# --- divorce when the spouse has left home for over a year (民诉法解释 第12条) -----------------------


def divorce_away(chat: RecordingChannel, situation: str) -> None:
    chat.send("/court")
    chat.read("先说是什么案子")
    chat.press("离婚")
    chat.read("对方现在是什么情况")
    chat.send(situation)


def test_seed_case_names_both_courts_and_how_to_choose(chat: RecordingChannel) -> None:
    divorce_away(chat, "她离开户口地好几年了，住在别的城市")
    chat.read("你的户口在哪里")
    chat.send("海口琼山")
    chat.read("对方现在住在哪里")
    chat.send("昆明五华")
    text = chat.read("可以选的两家法院").text
    assert "1. 海南省海口市琼山区人民法院" in text and "2. 云南省昆明市五华区人民法院" in text
    assert "怎么选" in text and "先立案的法院" in text and "连续住不满一年" in text
    assert "第12条第1款" in text and "第22条" in text and "第36条" in text
    facts = chat.engine.store.load_session(chat.user).facts
    assert facts["法院"] == "海南省海口市琼山区人民法院 或 云南省昆明市五华区人民法院"


@pytest.mark.parametrize("pressed", [True, False])
def test_spouse_away_place_unknown_names_the_users_court(chat: RecordingChannel, pressed: bool) -> None:
    divorce_away(chat, "对方离开户口所在地超过一年")
    chat.read("你的户口在哪里")
    chat.send("海口琼山")
    chat.read("对方现在住在哪里")
    chat.press("不知道") if pressed else chat.send("她住哪里我不清楚")
    text = chat.read("管辖法院").text
    assert "海南省海口市琼山区人民法院" in text and "原告住所地" in text and "第12条第1款" in text


def test_spouse_away_in_the_same_place_names_one_court(chat: RecordingChannel) -> None:
    divorce_away(chat, "对方离开户口所在地超过一年")
    chat.read("你的户口在哪里")
    chat.send("海口琼山")
    chat.read("对方现在住在哪里")
    chat.send("琼山区")
    assert "两家法院" not in chat.read("管辖法院：海南省海口市琼山区人民法院").text


def test_home_option_no_longer_mixes_in_a_year_elsewhere(chat: RecordingChannel) -> None:
    chat.send("/court")
    chat.read("先说是什么案子")
    chat.press("离婚")
    labels = [b.label for b in chat.read("对方现在是什么情况").button_list()]
    assert "对方离开户口所在地超过一年" in labels and not any("住处不固定" in label for label in labels)
    assert any("监狱" in label for label in labels)


# --- lease, 支付令 ------------------------------------------------------------------------------------


def test_lease_goes_to_the_propertys_court(chat: RecordingChannel) -> None:
    chat.send("/court")
    chat.read("先说是什么案子")
    chat.press("租房")
    chat.read("房子、土地在哪里")
    chat.send("广州天河")
    text = chat.read("管辖法院：广东省广州市天河区人民法院").text
    assert "不动产所在地" in text and "专属管辖" in text and "第28条第2款" in text


def test_typed_rent_dispute_skips_the_question(chat: RecordingChannel) -> None:
    chat.send("/court")
    chat.read("先说是什么案子")
    chat.send("房东不退押金 欠我钱")
    chat.read("房子、土地在哪里")


def test_payment_order_goes_to_the_debtors_court(chat: RecordingChannel) -> None:
    chat.send("/court")
    chat.read("先说是什么案子")
    chat.send("我想申请支付令")
    chat.read("对方（被告）住在哪里")
    chat.send("南京玄武")
    text = chat.read("管辖法院：江苏省南京市玄武区人民法院").text
    assert "债务人住所地" in text and "第225条" in text and "合同履行地的法院不行" in text


# --- places outside the mainland, new areas, same names, former names ------------------------------


@pytest.mark.parametrize(("place", "region"), [
    ("台北市", "台湾地区"), ("新北市", "台湾地区"), ("香港九龙", "香港特别行政区"), ("澳門", "澳门特别行政区")])
def test_taiwan_hong_kong_macau_get_an_honest_answer_and_a_person(chat: RecordingChannel, place: str,
                                                                   region: str) -> None:
    send_place(chat, "借钱", place)
    reply = chat.read(f"这是{region}的地方")
    assert "人民法院" not in reply.text and "找工作人员" in [b.label for b in reply.button_list()]
    assert not any(word in reply.text for word in ("台山", "九龙县", "新北区"))


def test_kowloon_alone_also_offers_the_sichuan_county(chat: RecordingChannel) -> None:
    send_place(chat, "其他", "九龙")
    reply = chat.read("香港特别行政区")
    chat.press("四川省甘孜藏族自治州九龙县")
    assert "四川省九龙县人民法院" in chat.read("管辖法院").text
    assert "找工作人员" in [b.label for b in reply.button_list()]


def test_xiongan_asks_which_county(chat: RecordingChannel) -> None:
    send_place(chat, "其他", "雄安新区")
    question = chat.read("河北省雄安新区包括几个县")
    assert [b.label for b in question.button_list()] == ["河北省保定市雄县", "河北省保定市容城县", "河北省保定市安新县"]
    chat.press("容城县")
    assert "河北省容城县人民法院" in chat.read("管辖法院").text


def test_every_candidate_named_in_the_heading_is_a_button(chat: RecordingChannel) -> None:
    send_place(chat, "其他", "朝阳")
    question = chat.read("有好几个地方")
    labels = [b.label for b in question.button_list()]
    assert labels == ["北京市朝阳区", "吉林省长春市朝阳区", "辽宁省朝阳市（下面的区县）"]
    chat.press("辽宁省朝阳市")
    districts = chat.read("辽宁省朝阳市有这些区县")
    assert "双塔区" in [b.label for b in districts.button_list()]
    chat.press("双塔区")
    assert "辽宁省朝阳市双塔区人民法院" in chat.read("管辖法院").text


def test_abolished_district_asks_which_successor(chat: RecordingChannel) -> None:
    send_place(chat, "其他", "杭州江干区")
    question = chat.read("江干区2021年已经撤销")
    assert [b.label for b in question.button_list()] == ["浙江省杭州市上城区", "浙江省杭州市钱塘区"]
    chat.press("钱塘区")
    assert "浙江省杭州市钱塘区人民法院" in chat.read("管辖法院").text


def test_renamed_county_answers_with_a_note(chat: RecordingChannel) -> None:
    send_place(chat, "其他", "南宁横县")
    text = chat.read("管辖法院").text
    assert "广西壮族自治区横州市人民法院" in text and "横县2021年调整过" in text


def test_recent_division_warns_that_court_names_may_lag(chat: RecordingChannel) -> None:
    send_place(chat, "其他", "和田和安县")
    assert "最近新设或调整" in chat.read("管辖法院").text
