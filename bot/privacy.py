"""Masking of personal data before anything is written to the store or a report."""

from __future__ import annotations

import re

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "[邮箱]"),
    # 18-digit resident ID (last character may be X), before bank cards so it keeps its own label.
    (re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"), "[身份证号]"),
    (re.compile(r"(?<!\d)\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}(?:[ -]?\d{1,3})?(?!\d)"), "[银行卡号]"),
    (re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)"), "[手机号]"),
    (re.compile(r"(?<!\d)0\d{2,3}[ -]?\d{7,8}(?!\d)"), "[电话]"),
    (re.compile(r"(?<!\d)\d{12,19}(?!\d)"), "[号码]"),
]
# A name right after 我叫 / 我是 / 名字是 (2-4 Chinese characters), unless it is a role word.
_NAME = re.compile(r"(我叫|我的名字是|名字叫|我是|本人)\s*([\u4e00-\u9fff]{2,4})")
_NOT_NAMES = ("聋", "残疾", "原告", "被告", "女方", "男方", "外地", "本地", "老人", "学生", "农民", "工人",
              "他的", "她的", "当事", "律师", "哑", "听障", "想问", "一个", "打工", "员工", "老板", "家长",
              "妈妈", "爸爸", "被害", "受害", "第一", "第二", "残", "申请", "债权", "债务", "孕妇", "在")
_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
                "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴"
                "莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
                "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简"
                "车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
                "丛仲虞敖巩明佘池查麻苑迟邝")


def _name(match: re.Match[str]) -> str:
    lead, name = match.group(1), match.group(2)
    if name.startswith(_NOT_NAMES) or name[0] not in _SURNAMES:
        return match.group(0)
    return f"{lead}[姓名]"


def mask(text: str) -> str:
    """Replace phone numbers, ID numbers, bank cards, e-mail addresses and self-stated names."""
    for pattern, label in _RULES:
        text = pattern.sub(label, text)
    return _NAME.sub(_name, text)
