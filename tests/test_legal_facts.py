"""The legal audit's high and medium findings (legal-audit.md), pinned as phrases in the answers."""

from __future__ import annotations

import pytest

from bot.intents import IntentSet
from tests.conftest import shipped_intents


def intents() -> IntentSet:
    return shipped_intents()


# (finding, intent id, field, phrases that must all be in that field)
FACTS = [
    ("H1", "labor.arbitration", "answer", ("工伤认定", "1年内", "人社局", "30天内")),
    ("H1", "labor.arbitration", "source", ("《工伤保险条例》", "第17条")),
    ("H1", "jurisdiction.tort", "more", ("工伤认定", "1年内", "人社局")),
    ("H1", "jurisdiction.tort", "source", ("《工伤保险条例》",)),
    ("H2", "enforcement.complaint", "answer", ("案外人", "不能复议", "15天内", "执行异议之诉")),
    ("H2", "enforcement.complaint", "more", ("不能申请复议", "执行异议之诉", "6个月内申请再审")),
    ("H2", "enforcement.complaint", "source", ("第302、303、421条",)),
    ("H3", "emergency", "answer", ("先离开危险的地方", "119", "不要开关电灯")),
    ("M1", "filing.progress", "more", ("不予受理的裁定不服，收到裁定之日起10天内可以上诉",)),
    ("M2", "jurisdiction.divorce", "more", ("两个人都被关押",)),
    ("M3", "jurisdiction.contract", "answer", ("租房子", "只能去房子、土地所在地的法院")),
    ("M3", "jurisdiction.contract", "source", ("28条第2款",)),
    ("M4", "jurisdiction.contract", "answer", ("支付令", "债务人）住所地的基层法院")),
    ("M5", "labor.arbitration", "answer", ("欠条", "直接去法院", "保姆")),
    ("M6", "green.communication", "more", ("鼓励有条件的法院",)),
    ("M7", "procuratorate.support", "answer", ("先找过有关部门", "必要")),
    ("M8", "enforcement.apply", "answer", ("仲裁裁决", "对方住所地或财产所在地", "中级法院")),
    ("M9", "enforcement.dishonest", "answer", ("没有固定期限", "3个工作日内删除", "可以提前删除")),
    ("M9", "enforcement.dishonest", "source", ("法释〔2017〕7号",)),
    ("M10", "fraud.warning", "more", ("96110", "国家反诈中心", "不是报警电话")),
    ("M11", "fraud.warning", "answer", ("安全账户", "12368", "案号", "我的案件")),
    ("M12", "appeal.how", "answer", ("再审", "6个月内")),   # oos.appeal retired by issue 14
    ("M13", "oos.criminal", "answer", ("写字报案", "12110", "12309")),
    ("M14", "oos.admin", "answer", ("行政复议", "60天内")),
    ("M14", "oos.admin", "source", ("《行政复议法》", "第20条")),
]
# Over-broad or wrong sentences the audit asked to remove: (finding, intent id, field, phrase).
GONE = [
    ("M2", "jurisdiction.divorce", "answer", "由关押地的法院管"),
    ("M5", "labor.arbitration", "answer", "不能直接去法院起诉"),
    ("M6", "green.communication", "more", "法院要为残疾人提供同步字幕"),
    ("M11", "fraud.warning", "answer", "不会打电话或发短信叫你转账"),
    ("M9", "enforcement.dishonest", "source", "未核对原文"),
]


@pytest.mark.parametrize(("finding", "intent_id", "field", "phrases"), FACTS, ids=[f"{f[0]}-{f[1]}-{f[2]}" for f in FACTS])
def test_corrected_fact_is_stated(finding: str, intent_id: str, field: str, phrases: tuple[str, ...]) -> None:
    intent = intents().get(intent_id)
    assert intent is not None, finding
    text = getattr(intent, field)
    missing = [p for p in phrases if p not in text]
    assert not missing, f"{finding}: {intent_id}.{field} lacks {missing}"


@pytest.mark.parametrize(("finding", "intent_id", "field", "phrase"), GONE, ids=[f"{g[0]}-{g[1]}" for g in GONE])
def test_overstated_sentence_is_gone(finding: str, intent_id: str, field: str, phrase: str) -> None:
    intent = intents().get(intent_id)
    assert intent is not None, finding
    assert phrase not in getattr(intent, field), f"{finding}: {intent_id}.{field} still says {phrase!r}"


def test_every_in_scope_answer_names_a_source() -> None:
    legal = [i for i in intents() if i.family not in ("meta", "handoff") and (not i.out_of_scope or "期限" in i.answer
                                                                              or "天内" in i.answer)]
    assert [i.id for i in legal if not i.source] == []
