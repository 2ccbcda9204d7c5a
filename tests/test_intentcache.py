"""The intent set saved for the next start: served only when nothing it was loaded from has changed."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from bot import intentcache
from bot.errors import IntentLoadError
from bot.intentcache import FILE, cached_intents
from bot.intentload import load_intents
from bot.intents import IntentSet
from bot.library import IntentLibrary
from bot.matcher import Matcher
from tests.conftest import REAL_INTENTS, SMALL_INTENTS

GLOSSARY = Path(__file__).parent / "data" / "glossary"


class Loads:
    """`load_intents`, counting the times the folder was really read."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, directory: Path) -> IntentSet:
        self.count += 1
        return load_intents(directory)


def difference(a: Any, b: Any, path: str = "set", seen: set[tuple[int, int]] | None = None) -> str:
    """Where two loaded sets differ (structure and values, not object identity); '' when they do not."""
    seen = set() if seen is None else seen
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, (str, bytes, int, float, bool, type(None), Path)):
        return "" if a == b else f"{path}: {a!r} != {b!r}"
    if (id(a), id(b)) in seen:
        return ""
    seen.add((id(a), id(b)))
    if isinstance(a, re.Pattern):
        return "" if a == b and a.groupindex == b.groupindex else f"{path}: pattern {a.pattern}"
    if isinstance(a, dict):
        if list(a) != list(b):
            return f"{path}: keys differ"
        return next((d for k in a if (d := difference(a[k], b[k], f"{path}[{k!r}]", seen))), "")
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return f"{path}: {len(a)} != {len(b)} items"
        return next((d for n, (x, y) in enumerate(zip(a, b, strict=True))
                     if (d := difference(x, y, f"{path}[{n}]", seen))), "")
    if isinstance(a, (set, frozenset)):
        return "" if a == b else f"{path}: sets differ"
    if callable(a) and not hasattr(a, "__dict__"):
        return "" if a is b else f"{path}: {a!r} is not {b!r}"
    slots = [s for cls in type(a).__mro__ for s in getattr(cls, "__slots__", ())]
    state_a = {**getattr(a, "__dict__", {}), **{s: getattr(a, s) for s in slots if hasattr(a, s)}}
    state_b = {**getattr(b, "__dict__", {}), **{s: getattr(b, s) for s in slots if hasattr(b, s)}}
    return difference(state_a, state_b, path, seen) if state_a or state_b else ("" if a == b else path)


def copy_of(source: Path, tmp_path: Path) -> Path:
    target = tmp_path / "intents"
    shutil.copytree(source, target)
    return target


def test_the_saved_set_is_the_loaded_one_and_matches_alike(tmp_path: Path) -> None:
    loads = Loads()
    first = cached_intents(REAL_INTENTS, tmp_path, loads)
    second = cached_intents(REAL_INTENTS, tmp_path, loads)
    assert loads.count == 1 and (tmp_path / FILE).is_file()
    fresh = load_intents(REAL_INTENTS)
    assert difference(second, fresh) == "" and difference(first, fresh) == ""
    # the patterns restored without a parse are re.compile's, and every example is matched alike
    assert all(p.regex == re.compile(p.text, re.MULTILINE) for i in second for p in i.patterns)
    saved, loaded = Matcher(second), Matcher(fresh)
    for text in [e for i in fresh for e in i.examples][::3]:
        assert repr(saved.match(text)) == repr(loaded.match(text)), text


def test_the_comparison_sees_a_changed_answer(tmp_path: Path) -> None:
    folder = copy_of(SMALL_INTENTS, tmp_path)
    before = load_intents(folder)
    path = folder / "intents.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("诉讼费立案后交。", "诉讼费立案以后交。"), encoding="utf-8")
    assert "answer" in difference(load_intents(folder), before)


def test_an_edited_intent_file_is_never_served_from_the_saved_set(tmp_path: Path) -> None:
    folder, keep = copy_of(SMALL_INTENTS, tmp_path), tmp_path / "cache"
    loads = Loads()
    cached_intents(folder, keep, loads)
    path = folder / "intents.yaml"
    original = path.read_text(encoding="utf-8")
    edited = original.replace("诉讼费立案后交。", "诉讼费立案以后交。")
    stat = path.stat()
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))   # the same time, the same size class: content counts
    assert cached_intents(folder, keep, loads).get("topic.fees").answer.endswith("以后交。")   # type: ignore[union-attr]
    assert loads.count == 2
    path.write_text(original, encoding="utf-8")   # back as it was: loaded again, never the edited set
    assert cached_intents(folder, keep, loads).get("topic.fees").answer == "诉讼费立案后交。"   # type: ignore[union-attr]
    assert loads.count == 3
    key = intentcache._key(folder)
    (folder / "more.yml").write_text("# 新文件\n", encoding="utf-8")   # a new file counts too
    assert intentcache._key(folder) not in (key, None)


def test_a_set_edited_while_it_loads_is_not_saved(tmp_path: Path) -> None:
    folder, keep = copy_of(SMALL_INTENTS, tmp_path), tmp_path / "cache"
    path = folder / "intents.yaml"

    def load_then_edit(directory: Path) -> IntentSet:
        intents = load_intents(directory)
        path.write_text(path.read_text(encoding="utf-8").replace("诉讼费立案后交。", "诉讼费立案以后交。"), encoding="utf-8")
        return intents

    cached_intents(folder, keep, load_then_edit)
    assert not (keep / FILE).exists()


def test_a_changed_media_file_or_another_working_folder_loads_again(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder, keep = copy_of(GLOSSARY, tmp_path), tmp_path / "cache"
    loads = Loads()
    cached_intents(folder, keep, loads)
    cached_intents(folder, keep, loads)
    assert loads.count == 1
    video = folder / "media" / "sign.mp4"
    video.write_bytes(video.read_bytes() + b"\0")
    cached_intents(folder, keep, loads)
    assert loads.count == 2
    video.unlink()   # a media file removed: the folder is loaded, and its error reported
    with pytest.raises(IntentLoadError):
        cached_intents(folder, keep, loads)
    shutil.copytree(GLOSSARY / "media", folder / "media", dirs_exist_ok=True)
    cached_intents(folder, keep, loads)
    monkeypatch.chdir(tmp_path)   # file names in messages are relative to the working folder
    cached_intents(folder, keep, loads)
    assert loads.count == 5


def test_broken_intents_are_reported_and_never_saved(tmp_path: Path) -> None:
    with pytest.raises(IntentLoadError):
        cached_intents(Path("tests/data/broken"), tmp_path)
    assert not (tmp_path / FILE).exists()


@pytest.mark.parametrize("damage", [b"", b"garbage", "cut"])
def test_a_damaged_saved_set_is_loaded_again_and_replaced(tmp_path: Path, damage: bytes | str) -> None:
    folder, keep = copy_of(SMALL_INTENTS, tmp_path), tmp_path / "cache"
    loads = Loads()
    cached_intents(folder, keep, loads)
    saved = keep / FILE
    content = saved.read_bytes()
    saved.write_bytes(content[: len(content) // 2] if damage == "cut" else damage)
    assert cached_intents(folder, keep, loads).get("topic.fees") is not None
    assert loads.count == 2 and saved.read_bytes() == content
    cached_intents(folder, keep, loads)
    assert loads.count == 2


def test_the_bots_code_is_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder, keep = copy_of(SMALL_INTENTS, tmp_path), tmp_path / "cache"
    loads = Loads()
    cached_intents(folder, keep, loads)
    monkeypatch.setattr(intentcache, "_code", lambda: b"another version of the loader")
    cached_intents(folder, keep, loads)
    assert loads.count == 2


def test_start_up_uses_the_saved_set_and_a_hot_reload_reads_the_files(tmp_path: Path) -> None:
    folder, keep = copy_of(SMALL_INTENTS, tmp_path), tmp_path / "cache"
    IntentLibrary(folder, saved_in=keep)
    assert (keep / FILE).is_file()
    library = IntentLibrary(folder, saved_in=keep)
    path = folder / "intents.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("诉讼费立案后交。", "诉讼费立案以后交。"), encoding="utf-8")
    assert library.changed() and library.reload().swapped
    assert library.matcher.intents.get("topic.fees").answer == "诉讼费立案以后交。"   # type: ignore[union-attr]


def test_a_saved_set_anyone_else_could_have_written_is_never_read(tmp_path: Path) -> None:
    folder, keep = copy_of(SMALL_INTENTS, tmp_path), tmp_path / "cache"
    loads = Loads()
    cached_intents(folder, keep, loads)
    (keep / FILE).chmod(0o666)   # writable by the group and others: a pickle there could be anyone's code
    cached_intents(folder, keep, loads)
    assert loads.count == 2 and (keep / FILE).stat().st_mode & 0o022 == 0   # loaded, and saved again as its own
