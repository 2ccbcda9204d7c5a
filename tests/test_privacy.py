from bot.privacy import mask


def test_masks_every_kind_of_personal_data() -> None:
    text = ("我叫王小明，手机13812345678，身份证11010519491231002X，"
            "卡号6222 0212 3456 7890 123，邮箱wang.xm@example.com，座机0898-66123456")
    assert mask(text) == ("我叫[姓名]，手机[手机号]，身份证[身份证号]，"
                          "卡号[银行卡号]，邮箱[邮箱]，座机[电话]")


def test_names_only_where_detectable() -> None:
    assert mask("我是张三，想离婚") == "我是[姓名]，想离婚"
    assert mask("我是聋人，想离婚") == "我是聋人，想离婚"
    assert mask("我是原告") == "我是原告"
    assert mask("+86 139 1234 5678") == "[手机号]"


def test_ordinary_numbers_stay() -> None:
    assert mask("欠我15000元，3年了") == "欠我15000元，3年了"
