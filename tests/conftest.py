"""Shared fixtures: configs in temporary folders, engines on a fake clock, recording channels."""

from __future__ import annotations

import io
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from bot.app import Services, build
from bot.channels import terminal
from bot.cli import main
from bot.config import Config, load_config
from bot.engine import Engine
from bot.intentload import load_intents
from bot.intents import IntentSet
from bot.library import IntentLibrary
from bot.matcher import Matcher, Settings
from bot.places import Gazetteer
from bot.store import Store
from tests.recording import RecordingChannel

ROOT = Path(__file__).resolve().parent.parent
REAL_INTENTS = ROOT / "intents"
SMALL_INTENTS = ROOT / "tests" / "data" / "small"
SHARED_EVAL = ROOT.parent / "shared" / "eval"

pytest_plugins = ["tests.botapi.plugin"]
# python-telegram-bot 22 warns unless RetryAfter.retry_after is opted into its future timedelta type.
os.environ.setdefault("PTB_TIMEDELTA", "1")


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Error messages show paths relative to the working folder: run every test from the repo root."""
    monkeypatch.chdir(ROOT)


class FakeClock:
    def __init__(self, start: float = 1_800_000_000.0) -> None:  # a Friday 2027-01-15, 16:00 Beijing
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def write_config(folder: Path, intents: Path = REAL_INTENTS, extra: str = "") -> Path:
    """A config.yaml in `folder` using `intents` and a store inside `folder`."""
    path = folder / "config.yaml"
    path.write_text(f"intents:\n  dir: {intents}\nstorage:\n  path: wuai.db\n{extra}", encoding="utf-8")
    return path


def small_intents_with(tmp_path: Path, *subfolders: str) -> Path:
    """The small test intents plus copies of the project's `intents/<subfolder>`s, free to edit."""
    target = tmp_path / "intents"
    shutil.copytree(SMALL_INTENTS, target)
    for name in subfolders:
        shutil.copytree(REAL_INTENTS / name, target / name)
    return target


def line_no(path: Path, needle: str) -> int:
    """The first line (1-based) of a file that contains `needle`."""
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@cache
def shipped_intents() -> IntentSet:
    """The project's intents, loaded once per test process and only read (tests that edit work on copies)."""
    return load_intents(REAL_INTENTS)


@cache
def shipped_matcher(settings: Settings | None = None) -> Matcher:
    """A matcher on the project's intents (a Matcher is immutable), one per settings per test process."""
    return Matcher(shipped_intents(), settings)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


SharedLibraries = dict[tuple[Path, Settings], IntentLibrary]


@pytest.fixture(scope="session")
def shared_libraries() -> SharedLibraries:
    """Libraries on the repository's own intent folders, loaded once per session and only read.

    No test edits `intents/` or `tests/data/small` (tests that edit or reload work on copies), so every
    engine on them can share one loaded set; each test still gets its own store and sessions.
    """
    return {}


def library_for(config: Config, shared: SharedLibraries) -> IntentLibrary:
    """The shared library for the repository's folders, a fresh one for any other (a copy a test may edit)."""
    folder = config.intents_dir.resolve()
    if folder not in (REAL_INTENTS, SMALL_INTENTS):
        return IntentLibrary(config.intents_dir, config.matcher)
    key = (folder, config.matcher)
    if key not in shared:
        shared[key] = IntentLibrary(config.intents_dir, config.matcher)
    return shared[key]


@pytest.fixture
def make_engine(tmp_path: Path, clock: FakeClock, gazetteer: Gazetteer,
                shared_libraries: SharedLibraries) -> Iterator[Callable[..., Engine]]:
    stores: list[Store] = []

    def make(intents: Path = SMALL_INTENTS, extra: str = "", flood_limit: bool = True) -> Engine:
        config: Config = load_config(write_config(tmp_path, intents, extra))
        store = Store(config.storage_path, clock=clock)
        stores.append(store)
        library = library_for(config, shared_libraries)
        return Engine(library, store, config, gazetteer, clock=clock, flood_limit=flood_limit)

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def channels() -> Iterator[list[RecordingChannel]]:
    """Recording channels made in a test; any reply left unread fails the test."""
    made: list[RecordingChannel] = []
    yield made
    unread = [(c.user, r.text[:60]) for c in made for r in c.unread if r.text]
    assert not unread, f"replies nobody read: {unread}"


@pytest.fixture
def chat(make_engine: Callable[..., Engine], channels: list[RecordingChannel]) -> RecordingChannel:
    """A user talking to an engine on the small test intents."""
    channel = RecordingChannel(make_engine(SMALL_INTENTS))
    channels.append(channel)
    return channel


@pytest.fixture
def real_chat(make_engine: Callable[..., Engine], channels: list[RecordingChannel]) -> RecordingChannel:
    """A user talking to an engine on the project's real intents."""
    channel = RecordingChannel(make_engine(REAL_INTENTS))
    channels.append(channel)
    return channel


def shared_eval(name: str) -> Path:
    path = SHARED_EVAL / name
    if not path.is_file():
        pytest.skip(f"{path} not present (shared/ is beside the repository in CI)")
    return path


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, shared_libraries: SharedLibraries,
        gazetteer: Gazetteer) -> Callable[..., Ran]:
    """`wuai ARGS` with `stdin` as its input, in this process (tests/test_cli.py runs the real process once).

    `wuai chat` builds its bot with `bot.app.build`, given the session's loaded library when the config names
    the repository's own intents (any other folder is loaded as `wuai chat` loads it) and the loaded place
    index; a fresh interpreter runs `wuai chat` unaided in tests/test_imports.py.
    """

    def shared_build(config: Config, flood_limit: bool = True, saved_intents: bool = False) -> Services:
        # a library given: `saved_intents` (start-up from the saved set, tests/test_intentcache.py) has no part
        return build(config, flood_limit, library=library_for(config, shared_libraries), gazetteer=gazetteer,
                     saved_intents=saved_intents)

    monkeypatch.setattr(terminal, "build", shared_build)

    def run(*args: str, stdin: str = "") -> Ran:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return Ran(code, out, err)

    return run
