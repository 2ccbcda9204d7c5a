"""Hot reload: a running bot takes a good edit of the intent files and refuses a bad one."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import texts
from bot.engine import Engine
from bot.library import IntentLibrary
from tests.conftest import SMALL_INTENTS
from tests.recording import RecordingChannel

APPEAL = """
  - id: topic.appeal
    title: 怎么上诉
    keywords:
      上诉: 4
    examples: [上诉, 怎么上诉, 上诉期限, 我要上诉, 上诉 怎么 办, 不服判决 上诉]
    answer: 收到判决书后15天内可以上诉。
    source: 测试
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A private copy of the small intents, free to edit."""
    target = tmp_path / "intents"
    shutil.copytree(SMALL_INTENTS, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_no(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def answers(library: IntentLibrary, text: str) -> str | None:
    intent = library.matcher.match(text).intent
    return intent.id if intent else None


def test_a_broken_edit_keeps_the_old_set_and_says_where(folder: Path) -> None:
    library = IntentLibrary(folder)
    before = library.matcher
    path = folder / "intents.yaml"
    edit(path, "    examples: [诉讼费,", "    exmaples: [诉讼费,")
    result = library.reload()
    assert not result.swapped
    typo = line_no(path, "exmaples: [诉讼费")
    assert f"{path}:{typo}: unknown key 'exmaples' (did you mean 'examples'?)" in result.problems
    assert f"{path}:{line_no(path, 'id: topic.fees')}: 'examples' is missing" in result.problems
    assert f"{path}:{typo}:" in result.summary() and "继续使用上一版" in result.summary()
    assert library.matcher is before
    assert answers(library, "诉讼费多少") == "topic.fees"


def test_a_half_saved_file_is_refused_with_its_line(folder: Path) -> None:
    library = IntentLibrary(folder)
    path = folder / "vocabulary.yaml"
    path.write_text("synonyms:\n  立案: [力案\n  起诉: [起素, 告状]\n", encoding="utf-8")
    result = library.reload()
    assert not result.swapped
    [problem] = result.problems
    assert problem.startswith(f"{path}:2: YAML syntax error")
    assert answers(library, "力案 怎么") == "topic.filing"   # the old synonyms still apply


def test_an_edit_that_breaks_an_example_is_refused_naming_it(folder: Path) -> None:
    library = IntentLibrary(folder)
    path = folder / "intents.yaml"
    edit(path, "诉讼费: 4", "诉讼费: 2")     # alone, 诉讼费 no longer reaches the threshold of 3
    result = library.reload()
    assert not result.swapped
    where = f"{path}:{line_no(path, 'id: topic.fees')}"
    assert f"{where}: example of 'topic.fees' no longer matches: '诉讼费' -> fallback (best topic.fees 2)" \
        in result.problems
    assert all("topic.fees" in p for p in result.problems)
    assert answers(library, "诉讼费") == "topic.fees"


def test_a_good_edit_is_answered_by_the_running_engine(folder: Path, make_engine: Callable[..., Engine],
                                                       channels: list[RecordingChannel]) -> None:
    engine = make_engine(folder, flood_limit=False)
    chat = RecordingChannel(engine)
    channels.append(chat)
    chat.send("怎么上诉")
    assert chat.read(texts.FALLBACK)                          # not known yet
    with (folder / "intents.yaml").open("a", encoding="utf-8") as f:
        f.write(APPEAL)
    assert engine.library.changed()
    result = engine.library.reload()
    assert result.swapped and result.count == 8
    assert result.summary() == "已重新加载：8 个意图。"
    chat.send("怎么上诉")
    assert chat.read("15天内可以上诉")
    chat.send("诉讼费")                                       # the rest still answers as before
    assert chat.read("诉讼费立案后交")


def test_changed_goes_true_on_edit_and_false_after_reload(folder: Path) -> None:
    library = IntentLibrary(folder)
    assert not library.changed()
    path = folder / "intents.yaml"
    edit(path, "诉讼费: 4", "诉讼费: 2")
    assert library.changed()
    assert not library.reload().swapped
    assert not library.changed()                              # a refused file is not retried until edited again
    edit(path, "诉讼费: 2", "诉讼费: 5")
    assert library.changed()
    assert library.reload().swapped
    assert not library.changed()


def test_a_new_or_removed_file_counts_as_a_change(folder: Path) -> None:
    library = IntentLibrary(folder)
    extra = folder / "zz_words.yaml"
    extra.write_text("words: [上诉状]\n", encoding="utf-8")
    assert library.changed()
    assert library.reload().swapped
    extra.unlink()
    assert library.changed()
    (folder / "notes.txt").write_text("not an intent file", encoding="utf-8")
    assert library.reload().swapped and not library.changed()


def test_a_copy_with_the_old_time_and_size_is_still_seen(folder: Path) -> None:
    """Deploying with rsync -a / cp -p keeps timestamps: the replaced file is still noticed."""
    library = IntentLibrary(folder)
    path = folder / "intents.yaml"
    st = path.stat()
    replacement = folder / "intents.yaml.new"
    text = path.read_text(encoding="utf-8").replace("诉讼费: 4", "诉讼费: 5")
    replacement.write_text(text, encoding="utf-8")
    assert replacement.stat().st_size == st.st_size
    os.utime(replacement, ns=(st.st_atime_ns, st.st_mtime_ns))
    replacement.replace(path)
    assert library.changed()
    assert library.reload().swapped
    assert library.matcher.match("诉讼费").candidates[0].score == 5


def test_a_word_from_a_removed_file_no_longer_changes_segmentation(folder: Path) -> None:
    text = "我想问蓝鲸法院的事"
    library = IntentLibrary(folder)
    before = library.matcher.analyse(text).tokens
    assert "蓝鲸法" not in before
    extra = folder / "zz_words.yaml"
    extra.write_text("words: [蓝鲸法]\n", encoding="utf-8")
    assert library.reload().swapped
    assert "蓝鲸法" in library.matcher.analyse(text).tokens
    extra.unlink()
    assert library.reload().swapped
    assert library.matcher.analyse(text).tokens == before
