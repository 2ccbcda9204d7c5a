"""Fuzzing the intent loader: randomly damaged copies of the real intent files.

Every damaged folder must either load cleanly or raise IntentLoadError whose problems all point at a
file in the folder and a real line; never any other exception. Seeded and bounded, so a failure names
the mutation that caused it and can be replayed.
"""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.errors import IntentLoadError
from bot.intentload import intent_files, load_intents
from bot.intents import IntentSet
from tests.conftest import REAL_INTENTS, shipped_intents

# Damaged patterns such as '[[' make re.compile warn ("Possible nested set"): expected here.
pytestmark = pytest.mark.filterwarnings("ignore::FutureWarning")

SEED = 20_261_127
FULL_FOLDER_RUNS = 30      # the whole folder, so cross-file checks (buttons, duplicate ids) see damage too
SINGLE_FILE_RUNS = 170     # one damaged file with the vocabulary: fast, so many more mutations fit
KEY_RE = re.compile(r"^(\s*-?\s*)([A-Za-z_]+)(:)", re.MULTILINE)
TYPOS = {"examples": "exmaples", "keywords": "keyword", "answer": "answr", "intents": "intent", "id": "ID",
         "title": "tilte", "buttons": "button", "synonyms": "synonym", "exclude": "excludes", "patterns": "pattern",
         "require": "requires", "out_of_scope": "out-of-scope", "menu": "menus", "words": "word"}
JUNK = ["\t", "\x00", "\x07", "\ufeff", "\u200d", "\u202e", "\U0001f600", "👨‍👩‍👧", "𠀀", "：", "－", "｛", "“", "”",
        ":", "-", "- ", "#", "&", "*", "!", "%", "@", "`", "|", ">", "?", "{", "}", "[", "]", ",", "'", '"',
        "\\", "\n", "\r", "\r\n", "  ", "---", "...", "&a ", "*a", "!!binary ", "!!python/object:os.system ",
        "!!set ", "<<: ", "? ", "~", "\u2028", "\x85"]
VALUES = ["[1, 2]", "[]", "{}", "{a: 1}", "42", "-1", "0", "3.5", ".nan", ".inf", "-.inf", "1e400", "true", "no",
          "null", "~", "''", '""', "2020-01-01", "0x1F", "[[[]]]", "!!binary aGVsbG8=", "&a [*a]", "*nowhere",
          "{[a]: 1}", "'(unclosed'", "'a{4294967296}'", "'" + "(" * 1200 + "'", "|\n  block", ">-", "[" * 1500]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_lines(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    n = rng.randrange(len(lines))
    k = rng.choice([1, 1, 2, 5])
    return "\n".join(lines[:n] + lines[n + k:]), f"delete {k} line(s) at {n + 1}"


def duplicate_line(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    n = rng.randrange(len(lines))
    at = rng.choice([n, rng.randrange(len(lines))])
    lines.insert(at, lines[n])
    return "\n".join(lines), f"duplicate line {n + 1} at {at + 1}"


def reindent(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    n = rng.randrange(len(lines))
    change = rng.choice(["+1", "+2", "-1", "-2", "tab", "zero"])
    line = lines[n]
    if change.startswith("+"):
        line = " " * int(change[1]) + line
    elif change.startswith("-"):
        line = line[min(int(change[1]), len(line) - len(line.lstrip(" "))):]
    elif change == "tab":
        line = "\t" + line.lstrip(" ")
    else:
        line = line.lstrip()
    lines[n] = line
    return "\n".join(lines), f"indent {change} on line {n + 1}"


def insert_junk(rng: random.Random, text: str) -> tuple[str, str]:
    at = rng.randrange(len(text) + 1)
    junk = rng.choice(JUNK) if rng.random() < 0.7 else "".join(chr(rng.randrange(1, 0x30000)) for _ in range(3))
    junk = "".join(ch for ch in junk if not 0xD800 <= ord(ch) <= 0xDFFF)
    return text[:at] + junk + text[at:], f"insert {junk!r} at char {at}"


def typo_key(rng: random.Random, text: str) -> tuple[str, str]:
    keys = [m for m in KEY_RE.finditer(text) if m.group(2) in TYPOS]
    if not keys:
        return insert_junk(rng, text)
    m = rng.choice(keys)
    return text[:m.start(2)] + TYPOS[m.group(2)] + text[m.end(2):], f"typo {m.group(2)} on char {m.start(2)}"


def truncate(rng: random.Random, text: str) -> tuple[str, str]:
    at = rng.randrange(len(text) + 1)
    return text[:at], f"truncate at char {at}"


def break_quote(rng: random.Random, text: str) -> tuple[str, str]:
    quotes = [i for i, ch in enumerate(text) if ch in "'\"{}[]"]
    if not quotes or rng.random() < 0.3:
        at = rng.randrange(len(text) + 1)
        q = rng.choice(["'", '"', "{", "[", '"\\'])
        return text[:at] + q + text[at:], f"add {q!r} at char {at}"
    at = rng.choice(quotes)
    return text[:at] + text[at + 1:], f"remove {text[at]!r} at char {at}"


def replace_value(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    candidates = [n for n, line in enumerate(lines) if ":" in line]
    if not candidates:
        return insert_junk(rng, text)
    n = rng.choice(candidates)
    key, _, _ = lines[n].partition(":")
    value = rng.choice(VALUES)
    lines[n] = f"{key}: {value}"
    return "\n".join(lines), f"line {n + 1} value -> {value[:20]!r}"


def complex_key(rng: random.Random, text: str) -> tuple[str, str]:
    lines = _lines(text)
    n = rng.randrange(len(lines))
    indent = " " * (len(lines[n]) - len(lines[n].lstrip(" ")))
    lines[n + 1:n + 1] = [f"{indent}? [a, b]", f"{indent}: x"]
    return "\n".join(lines), f"complex key after line {n + 1}"


TEXT_MUTATIONS: list[Callable[[random.Random, str], tuple[str, str]]] = [
    delete_lines, duplicate_line, reindent, insert_junk, typo_key, truncate, break_quote, replace_value,
    complex_key,
]


def mutate(rng: random.Random, path: Path) -> str:
    """Damage one file in place; describe what was done."""
    roll = rng.random()
    if roll < 0.04:
        path.write_bytes(b"")
        return "empty file"
    if roll < 0.08:
        data = path.read_bytes()
        at = rng.randrange(len(data) + 1)
        junk = rng.choice([b"\xff", b"\xc0\xaf", b"\xe4\xb8", b"\x80\x80", bytes([rng.randrange(256)])])
        path.write_bytes(data[:at] + junk + data[at:])
        return f"bytes {junk!r} at byte {at}"
    text = path.read_text(encoding="utf-8")
    done = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        text, what = rng.choice(TEXT_MUTATIONS)(rng, text)
        done.append(what)
    path.write_text(text, encoding="utf-8", newline="")
    return "; ".join(done)


def check_load(folder: Path, what: str) -> IntentSet | IntentLoadError:
    """Load `folder`: a clean IntentSet, or an IntentLoadError whose every problem is located in it."""
    try:
        return load_intents(folder)
    except IntentLoadError as exc:
        assert exc.problems, what
        root = folder.resolve()
        for p in exc.problems:
            where = (Path.cwd() / p.file).resolve()
            assert where == root or where.is_relative_to(root), f"{what}: problem outside the folder: {p}"
            assert isinstance(p.line, int) and p.line >= 1, f"{what}: bad line in {p}"
            if where.is_file():
                count = len(where.read_bytes().splitlines())
                assert p.line <= max(1, count) + 1, f"{what}: line {p.line} beyond the file's {count} lines: {p}"
            assert p.message.strip(), what
        assert str(exc)  # the readable listing (with snippets) renders
        return exc
    except Exception as exc:  # the point of this test: nothing else may escape
        pytest.fail(f"{what}: {type(exc).__name__}: {exc}")


@pytest.fixture
def originals() -> dict[str, bytes]:
    files = intent_files(REAL_INTENTS)
    assert len(files) >= 3
    return {f.name: f.read_bytes() for f in files}


def restore(folder: Path, originals: dict[str, bytes], names: list[str]) -> None:
    for name in names:
        (folder / name).write_bytes(originals[name])


def test_damaged_intent_folders_fail_cleanly(tmp_path: Path, originals: dict[str, bytes]) -> None:
    rng = random.Random(SEED)
    folder = tmp_path / "intents"
    shutil.copytree(REAL_INTENTS, folder)
    outcomes = {"clean": 0, "errors": 0}
    for run in range(FULL_FOLDER_RUNS):
        names = rng.sample(sorted(originals), rng.choice([1, 1, 2, 3]))
        what = f"seed {SEED} full run {run}: " + " | ".join(f"{n}: {mutate(rng, folder / n)}" for n in names)
        result = check_load(folder, what)
        outcomes["clean" if isinstance(result, IntentSet) else "errors"] += 1
        restore(folder, originals, names)
    # Up to three damaged files a run: whether one of 30 runs happens to be harmless depends on the files' exact
    # contents (any edit moves every later mutation), so the single-file half checks that some damage is harmless.
    check_outcomes(outcomes, FULL_FOLDER_RUNS, some_harmless=False)


def test_damaged_files_beside_the_vocabulary_fail_cleanly(tmp_path: Path, originals: dict[str, bytes]) -> None:
    """One damaged file at a time (with the vocabulary it needs): fast, so many more mutations fit."""
    rng = random.Random(SEED + 1)   # a test of its own, so the two halves can run side by side
    outcomes = {"clean": 0, "errors": 0}
    vocab = "vocabulary.yaml" if "vocabulary.yaml" in originals else sorted(originals)[0]
    for run in range(SINGLE_FILE_RUNS):
        single = tmp_path / f"single{run}"
        single.mkdir()
        name = rng.choice(sorted(originals))
        for keep in {name, vocab}:
            (single / keep).write_bytes(originals[keep])
        what = f"seed {SEED + 1} single run {run}: {name}: {mutate(rng, single / name)}"
        result = check_load(single, what)
        outcomes["clean" if isinstance(result, IntentSet) else "errors"] += 1
        shutil.rmtree(single)
    check_outcomes(outcomes, SINGLE_FILE_RUNS)


def check_outcomes(outcomes: dict[str, int], runs: int, some_harmless: bool = True) -> None:
    # The mutations really damage files, and some damage is harmless (e.g. a duplicated blank line).
    assert outcomes["errors"] > runs // 2, outcomes
    assert outcomes["clean"] > 0 or not some_harmless, outcomes


def test_the_undamaged_copy_loads(tmp_path: Path) -> None:
    shutil.copytree(REAL_INTENTS, tmp_path / "intents")
    assert len(load_intents(tmp_path / "intents")) == len(shipped_intents())


@pytest.mark.parametrize(("name", "damage"), [
    ("complex key", lambda t: t.replace("    title:", "    ? [a, b]\n    : x\n    title:", 1)),
    ("list as a keyword", lambda t: t.replace("    keywords:\n", "    keywords:\n      ? [x]\n      : 2\n", 1)),
    ("number as buttons", lambda t: re.sub(r"(?m)^    buttons:.*$", "    buttons: 5", t, count=1)),
    ("text as buttons", lambda t: re.sub(r"(?m)^    buttons:.*$", "    buttons: no.such.intent", t, count=1)),
    ("alias inside itself", lambda t: re.sub(r"(?m)^    buttons:.*$", "    buttons: &a [*a]", t, count=1)),
    ("deep nesting", lambda t: re.sub(r"(?m)^    buttons:.*$", "    buttons: " + "[" * 3000 + "]" * 3000, t,
                                      count=1)),
    ("huge regex repeat", lambda t: re.sub(r"(?m)^(    patterns:\n      ).*$", r"\1'a{4294967296}': 1", t, count=1)),
    ("deeply nested regex", lambda t: re.sub(r"(?m)^(    patterns:\n      ).*$",
                                             r"\1'" + "(" * 1200 + ")" * 1200 + "': 1", t, count=1)),
    ("nan weight", lambda t: re.sub(r"(?m)^(      [^:\n]+): [0-9.]+$", r"\1: .nan", t, count=1)),
    ("infinite weight", lambda t: re.sub(r"(?m)^(      [^:\n]+): [0-9.]+$", r"\1: .inf", t, count=1)),
])
def test_found_by_fuzzing_now_reported_with_a_line(tmp_path: Path, name: str, damage: Callable[[str], str]) -> None:
    """Damage the fuzzer found to crash the loader (TypeError, RecursionError, OverflowError) or slip through."""
    source = REAL_INTENTS / "filing.yaml"
    text = source.read_text(encoding="utf-8")
    damaged = damage(text)
    assert damaged != text, "the damage applies to filing.yaml"
    folder = tmp_path / "intents"
    shutil.copytree(REAL_INTENTS, folder)
    (folder / "filing.yaml").write_text(damaged, encoding="utf-8")
    result = check_load(folder, name)
    assert isinstance(result, IntentLoadError), f"{name} must be reported"
    assert any(p.file.endswith("filing.yaml") and p.line > 1 for p in result.problems), \
        [str(p) for p in result.problems]
