"""The glossary: loading and validation, finding words in answers and in "什么是X" questions, the 词语解释 button."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.errors import IntentLoadError
from bot.intentload import load_intents
from bot.replies import glossary_button
from tests.conftest import ROOT, shipped_intents
from tests.recording import RecordingChannel

GLOSSARY = ROOT / "tests" / "data" / "glossary"


@pytest.fixture(scope="module")
def real() -> object:
    return shipped_intents()


@pytest.mark.parametrize(("question", "term"), [
    ("什么是管辖", "管辖"),
    ("管辖是什么意思", "管辖"),
    ("答辩 什么 意思", "答辩"),
    ("请问缓交是啥意思？", "缓交"),
    ("解释一下终本", "终本"),
    ("老赖是什么意思", "失信被执行人"),          # another form listed under `also:`
    ("什么叫“跨域立案”", "跨域立案"),
])
def test_plain_questions_find_the_word(real: object, question: str, term: str) -> None:
    entry = real.glossary.lookup(question)  # type: ignore[attr-defined]
    assert entry is not None and entry.term == term


@pytest.mark.parametrize(("question", "term"), [
    ("答辯 什麼 意思", "答辩"),          # traditional characters
    ("什麼是管轄", "管辖"),
    ("什么是诉讼实效", "诉讼时效"),       # one wrong character in a longer word
    ("执行异意是什么", "执行异议"),
    ("力案是什么意思", "立案"),           # a typo the shared synonyms already know
    ("答辨是什么意思", "答辩"),           # a typo listed under `also:`
])
def test_typos_and_traditional_characters(real: object, question: str, term: str) -> None:
    entry = real.glossary.lookup(question)  # type: ignore[attr-defined]
    assert entry is not None and entry.term == term


@pytest.mark.parametrize("question", ["起诉需要什么", "诉讼费多少钱", "什么是管理", "离婚管辖是什么意思", "管辖", "今天是什么日子"])
def test_other_questions_are_left_to_the_matcher(real: object, question: str) -> None:
    assert real.glossary.lookup(question) is None  # type: ignore[attr-defined]


def test_the_shipped_glossary_covers_every_legal_word_of_the_answers(real: object) -> None:
    from bot.maint.terms import unexplained_terms

    assert len(real.glossary) >= 80  # type: ignore[attr-defined]
    assert unexplained_terms(real) == []  # type: ignore[arg-type]


def test_words_are_found_whole_and_longest_first() -> None:
    intents = load_intents(GLOSSARY)
    fees = intents.get("topic.fees")
    assert fees is not None
    found = [e.term for e in intents.glossary.terms_in(fees.answer)]
    assert found == ["诉讼费", "缓交"]                  # 再审 `not_in: [不再审]`
    assert [e.term for e in intents.glossary.terms_in("交答辩状")] == ["答辩状"]
    assert [e.term for e in intents.glossary.terms_in("法院再审")] == ["再审"]


def test_a_longer_word_wins_where_two_overlap() -> None:
    from bot.glossary import find_words

    assert find_words("交不起诉讼费", ["起诉", "诉讼费"]) == ["诉讼费"]
    assert find_words("去起诉，交诉讼费", ["起诉", "诉讼费"]) == ["起诉", "诉讼费"]
    assert find_words("法院不再审，也不再审查", ["再审"], {"再审": ("不再审",)}) == []


def test_button_names_the_words_the_answer_does_not_explain() -> None:
    intents = load_intents(GLOSSARY)
    fees, place = intents.get("topic.fees"), intents.get("topic.jurisdiction")
    assert fees is not None and place is not None
    button = glossary_button(intents, fees)
    assert button is not None and button.label == "词语解释：缓交" and button.payload == "g:topic.fees"
    button = glossary_button(intents, place)
    assert button is not None and button.label == "词语解释：管辖、答辩状"


def test_button_through_the_engine(make_engine: Callable[..., Engine], channels: list[RecordingChannel]) -> None:
    chat = RecordingChannel(make_engine(GLOSSARY))
    channels.append(chat)
    chat.send("离婚去哪个法院")
    answer = chat.read("被告住的地方")
    assert answer.media is not None and answer.media.kind == "video"
    chat.press("词语解释")
    explained = chat.read("管辖，就是哪个法院有权处理你的案子。")
    assert "答辩状，就是被告写给法院的书面意见。" in explained.text
    assert "例如：离婚一般由被告户口所在地的法院管辖。" in explained.text
    assert [b.label for b in explained.button_list()] == ["去哪个法院", "找工作人员"]


def test_what_is_question_through_the_engine(make_engine: Callable[..., Engine],
                                             channels: list[RecordingChannel]) -> None:
    chat = RecordingChannel(make_engine(GLOSSARY))
    channels.append(chat)
    chat.send("缓交是什么意思")
    reply = chat.read("缓交，就是诉讼费晚点交。")
    assert reply.media is not None and reply.media.kind == "image" and reply.media.caption == "图解：缓交"
    chat.send("什么是管轄")
    reply = chat.read("管辖，就是")
    assert reply.button_list()[0].payload == "i:topic.jurisdiction"     # the way to the full answer
    chat.press("去哪个法院")
    chat.read("被告住的地方")


def test_a_stale_glossary_button_shows_the_menu(make_engine: Callable[..., Engine],
                                                channels: list[RecordingChannel]) -> None:
    chat = RecordingChannel(make_engine(GLOSSARY))
    channels.append(chat)
    chat.press_payload("g:topic.gone")
    assert chat.read_all()[0].button_list()


BROKEN = """\
glossary:
  - term: 管辖
    explain: 管辖，就是哪个法院有权处理你的案子。
    intent: topic.nowhere
  - term: 辖
    explain: 太短。
  - term: 被告
    explian: 被告，就是被起诉的人。
  - term: 起诉
    explain: 起诉，就是请法院处理纠纷。
    also: [管辖]
"""


def test_broken_entries_are_reported_with_their_lines(tmp_path: Path) -> None:
    folder = tmp_path / "intents"
    shutil.copytree(GLOSSARY, folder)
    (folder / "glossary.yaml").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(IntentLoadError) as err:
        load_intents(folder)
    problems = [(p.line, p.message) for p in err.value.problems]
    assert (2, "glossary entry '管辖' names an unknown intent 'topic.nowhere'") in problems
    assert any(line == 5 and "too short" in msg for line, msg in problems)
    assert any(line == 8 and "unknown key 'explian'" in msg for line, msg in problems)
    assert any(line == 7 and "'explain' is missing" in msg for line, msg in problems)
    assert any(line == 9 and "'管辖' is already listed under '管辖'" in msg for line, msg in problems)


def test_check_reports_a_legal_word_explained_nowhere(tmp_path: Path) -> None:
    from bot.maint.terms import unexplained_terms

    folder = tmp_path / "intents"
    shutil.copytree(GLOSSARY, folder)
    before = {(w.line, w.message) for w in unexplained_terms(load_intents(folder))}
    assert (3, "'topic.jurisdiction' answer uses 被告、开庭, explained neither in the text nor in the glossary: "
               "explain it in brackets, or add a glossary entry") in before
    path = folder / "intents.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("立案后交。", "立案后交，可以申请保全（冻结对方财产）。"
                                                            "执行异议也行。"), encoding="utf-8")
    after = {(w.line, w.message) for w in unexplained_terms(load_intents(folder))} - before
    assert [message for _, message in after] == [
        "'topic.fees' answer uses 立案、执行异议, explained neither in the text nor in the glossary: "
        "explain it in brackets, or add a glossary entry"]      # 保全 is explained in brackets


def test_hot_reload_refuses_a_broken_glossary_and_keeps_the_last_good_one(tmp_path: Path) -> None:
    from bot.library import IntentLibrary

    folder = tmp_path / "intents"
    shutil.copytree(GLOSSARY, folder)
    library = IntentLibrary(folder)
    (folder / "glossary.yaml").write_text(BROKEN, encoding="utf-8")
    result = library.reload()
    assert not result.swapped
    assert any(p.endswith("glossary.yaml:2: glossary entry '管辖' names an unknown intent 'topic.nowhere'")
               for p in result.problems), result.problems
    entry = library.matcher.intents.glossary.lookup("什么是缓交")
    assert entry is not None and entry.explain == "缓交，就是诉讼费晚点交。"


def test_an_intent_written_for_the_question_answers_it(real_chat: RecordingChannel) -> None:
    """传票是什么意思 is an example of paper.summons: that answer (with what to do) wins over the glossary's line."""
    glossary = real_chat.engine.intents.glossary
    summons = glossary.lookup("传票是什么意思")
    assert summons is not None and glossary.claimed(summons) == ("paper.summons",)
    paper = real_chat.engine.intents.get("paper.summons")
    assert paper is not None
    real_chat.send("传票是什么意思")
    assert real_chat.read_all()[0].text == paper.answer
    real_chat.send("管辖是什么意思")                  # no intent claims it: the glossary answers
    assert real_chat.read_all()[0].text.startswith("管辖，就是哪个法院有权处理你的案子。")
