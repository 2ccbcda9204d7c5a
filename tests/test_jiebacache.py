"""jieba's dictionary read from its cache file in one go: the same dictionary jieba builds, whatever the file holds."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from bot.intentload import load_intents
from bot.jiebacache import cache_file, initialize, jieba, private_dir
from bot.matcher import Matcher
from bot.segment import Segmenter
from bot.tokenizers import CACHE_DIR_ENV
from tests.conftest import ROOT, SMALL_INTENTS

WORDS = "诉讼费 300 n\n立案 200 v\n法院 500 n\n跨域立案 50 n\n手语 80 n\n"


@pytest.fixture
def dictionary(tmp_path: Path) -> Path:
    path = tmp_path / "dict.txt"
    path.write_text(WORDS, encoding="utf-8")
    return path


def fresh(dictionary: Path, cache_dir: Path) -> Segmenter:
    tok = Segmenter(str(dictionary))
    tok.tmp_dir = str(cache_dir)
    return tok


def built(dictionary: Path) -> tuple[dict[str, int], int]:
    """What jieba itself makes of the dictionary file."""
    return jieba.Tokenizer.gen_pfdict(dictionary.open("rb"))  # type: ignore[no-any-return]


def test_the_cache_file_is_jiebas(dictionary: Path, tmp_path: Path) -> None:
    tok = fresh(dictionary, tmp_path)
    tok.initialize()   # jieba's own: builds and writes its cache
    assert os.path.isfile(cache_file(tok))
    default = Segmenter()
    assert cache_file(default) == os.path.join(tempfile.gettempdir(), "jieba.cache")


def test_a_current_cache_is_read_without_jieba(dictionary: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    fresh(dictionary, tmp_path).initialize()
    tok = fresh(dictionary, tmp_path)
    monkeypatch.setattr(tok, "initialize", lambda *a: pytest.fail("jieba's initialize was called"))
    initialize(tok)
    assert tok.initialized
    assert (tok.FREQ, tok.total) == built(dictionary)
    assert tok.lcut("跨域立案交诉讼费") == ["跨域立案", "交", "诉讼费"]


def test_no_cache_yet_is_built_and_written(dictionary: Path, tmp_path: Path) -> None:
    tok = fresh(dictionary, tmp_path)
    initialize(tok)
    assert (tok.FREQ, tok.total) == built(dictionary)
    with open(cache_file(tok), "rb") as f:
        assert marshal.load(f) == built(dictionary)


@pytest.mark.parametrize("content", [
    b"",                                     # empty
    b"\x00garbage\xff" * 50,                 # not marshal data
    marshal.dumps(({"法院": 500}, 500))[:-3],  # truncated
    marshal.dumps(("法院", "500")),          # marshal data of another shape
    marshal.dumps([{"法院": 500}, True]),
], ids=["empty", "garbage", "truncated", "other-shape", "bool-total"])
def test_a_corrupt_cache_gives_jiebas_dictionary_and_is_rewritten(dictionary: Path, tmp_path: Path,
                                                                   content: bytes) -> None:
    fresh(dictionary, tmp_path).initialize()
    Path(cache_file(fresh(dictionary, tmp_path))).write_bytes(content)
    tok = fresh(dictionary, tmp_path)
    initialize(tok)
    assert (tok.FREQ, tok.total) == built(dictionary)
    assert tok.lcut("到法院立案") == ["到", "法院", "立案"]
    again = fresh(dictionary, tmp_path)
    initialize(again)
    assert (again.FREQ, again.total) == built(dictionary)


def test_an_outdated_cache_is_not_trusted(dictionary: Path, tmp_path: Path) -> None:
    fresh(dictionary, tmp_path).initialize()
    cache = cache_file(fresh(dictionary, tmp_path))
    dictionary.write_text(WORDS + "诉讼 90 n\n", encoding="utf-8")
    old = os.path.getmtime(dictionary) - 10
    os.utime(cache, (old, old))   # the cache older than the dictionary
    tok = fresh(dictionary, tmp_path)
    initialize(tok)
    assert tok.FREQ["诉讼"] == 90
    assert (tok.FREQ, tok.total) == built(dictionary)


def test_an_initialised_tokenizer_is_left_alone(dictionary: Path, tmp_path: Path) -> None:
    tok = fresh(dictionary, tmp_path)
    tok.FREQ, tok.total, tok.initialized = {"a": 1}, 1, True
    initialize(tok)
    assert (tok.FREQ, tok.total) == ({"a": 1}, 1)


def test_jieba_is_imported_without_pkg_resources_and_still_finds_its_files() -> None:
    script = ("import sys, bot.matcher; from jieba import _compat; loaded = 'pkg_resources' in sys.modules; "
              "head = _compat.get_module_res('dict.txt').read(64); import pkg_resources; print(loaded, head.hex())")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False"   # and importing it afterwards works
    assert bytes.fromhex(out[1]) == (Path(jieba.__file__).parent / "dict.txt").read_bytes()[:64]


def test_the_default_dictionarys_cache_needs_no_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """jieba trusts the default dictionary's cache whatever its age; so does the fast read, and it hands a
    corrupt one to jieba's own initialize after removing it (the real build takes seconds: replaced here)."""
    tok = Segmenter()
    tok.tmp_dir = str(tmp_path)
    cache = Path(cache_file(tok))
    cache.write_bytes(marshal.dumps(({"法院": 5, "法": 0}, 5)))
    os.utime(cache, (0, 0))   # 1970: older than any dictionary file
    initialize(tok)
    assert (tok.FREQ, tok.total) == ({"法院": 5, "法": 0}, 5)

    broken = Segmenter()
    broken.tmp_dir = str(tmp_path)
    cache.write_bytes(b"\x00not marshal")
    calls: list[bool] = []
    monkeypatch.setattr(broken, "initialize", lambda *a: calls.append(cache.exists()))
    initialize(broken)
    assert calls == [False]   # jieba's own initialize ran, with the corrupt file gone


def answers_of(matcher: Matcher) -> list[list[object]]:
    texts = [e for i in matcher.intents for e in i.examples] + ["今天天气怎么样", "判几年", "诉讼费"]
    return [[t, (r := matcher.match(t)).decision, [c.intent.id for c in r.candidates]] for t in texts]


ANSWERS = f"""
import json
from pathlib import Path
from bot.intentload import load_intents
from bot.matcher import Matcher
from tests.test_jiebacache import answers_of
print(json.dumps(answers_of(Matcher(load_intents(Path({str(SMALL_INTENTS)!r}))))))
"""


def test_a_corrupt_cache_changes_no_answer(tmp_path: Path) -> None:
    """A bot started over a garbled jieba cache (jieba rebuilds it) answers as this one, started over a good one."""
    (tmp_path / "jieba.cache").write_bytes(b"\x00garbled" * 100)
    out = subprocess.run([sys.executable, "-c", ANSWERS], capture_output=True, text=True, check=True, cwd=ROOT,
                         env={**os.environ, CACHE_DIR_ENV: str(tmp_path)}).stdout
    assert json.loads(out) == answers_of(Matcher(load_intents(SMALL_INTENTS)))


def test_the_default_cache_folder_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = Path(private_dir())
    assert folder == tmp_path / "wuai"
    if hasattr(os, "getuid"):
        assert folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no file owners here")
def test_a_folder_others_can_write_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "wuai").mkdir(mode=0o700)
    (tmp_path / "wuai").chmod(0o777)   # a planted `jieba.cache` there would be read at every start
    folder = Path(private_dir())
    assert folder != tmp_path / "wuai"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert not any(folder.iterdir())
