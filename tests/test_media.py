"""`media:` on intents and glossary words: validated with file:line, refused by check and by hot reload."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.app import build
from bot.channels.terminal import TerminalChannel
from bot.cli import main
from bot.config import load_config
from bot.errors import IntentLoadError
from bot.intentload import load_intents
from bot.library import IntentLibrary
from bot.media import MAX_BYTES
from bot.store import Store
from tests.conftest import ROOT, write_config

GLOSSARY = ROOT / "tests" / "data" / "glossary"
VIDEO_BLOCK = "    media:\n      video: media/sign.mp4\n      caption: 手语视频：去哪个法院\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "intents"
    shutil.copytree(GLOSSARY, target)
    return target


def with_media(folder: Path, block: str) -> Path:
    """The fixture with the video entry of its first intent replaced by `block`."""
    path = folder / "intents.yaml"
    text = path.read_text(encoding="utf-8")
    assert VIDEO_BLOCK in text
    path.write_text(text.replace(VIDEO_BLOCK, block), encoding="utf-8")
    return path


def problems(folder: Path) -> list[tuple[int, str]]:
    with pytest.raises(IntentLoadError) as err:
        load_intents(folder)
    return [(p.line, p.message) for p in err.value.problems]


def test_media_is_loaded_for_intents_and_glossary_words(folder: Path) -> None:
    intents = load_intents(folder)
    intent = intents.get("topic.jurisdiction")
    assert intent is not None and intent.media is not None
    assert intent.media.kind == "video" and intent.media.shown == "media/sign.mp4"
    assert Path(intent.media.location) == (folder / "media" / "sign.mp4").resolve()
    entry = intents.glossary.exact("缓交")
    assert entry is not None and entry.media is not None and entry.media.kind == "image"


@pytest.mark.parametrize(("block", "line", "message"), [
    ("    media:\n      video: media/missing.mp4\n", 12, "'media/missing.mp4': file not found"),
    ("    media:\n      video: media/court.png\n", 12, "'media/court.png': a video must be .mp4"),
    ("    media:\n      image: media/sign.mp4\n", 12, "'media/sign.mp4': a image must be .jpg or .jpeg or .png"),
    ("    media:\n      video: ../../escape.mp4\n", 12, "media files must be inside the intents folder"),
    ("    media:\n      video: http://example.org/a.mp4\n", 12, "only https:// addresses can be sent"),
    ("    media:\n      video: media/sign.mp4\n      image: media/court.png\n", 11, "exactly one of 'video' or 'image'"),
    ("    media:\n      vidoe: media/sign.mp4\n", 12, "unknown key 'vidoe' in 'media'"),
    ("    media: media/sign.mp4\n", 11, "'media' must be a mapping"),
])
def test_broken_media_entries_are_errors_with_their_line(folder: Path, block: str, line: int, message: str) -> None:
    with_media(folder, block)
    found = problems(folder)
    assert any(at == line and message in text for at, text in found), found


def test_a_file_with_the_wrong_content_is_refused(folder: Path) -> None:
    (folder / "media" / "fake.mp4").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    (folder / "media" / "fake.png").write_bytes(b"GIF89a" + b"\x00" * 40)
    with_media(folder, "    media:\n      video: media/fake.mp4\n")
    glossary = folder / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace("media/court.png", "media/fake.png"),
                        encoding="utf-8")
    found = problems(folder)
    assert (12, "'media/fake.mp4': not an MP4 video (no 'ftyp' header)") in found
    assert (15, "'media/fake.png': not a PNG picture") in found   # in glossary.yaml


def test_telegram_size_limits(folder: Path) -> None:
    big = folder / "media" / "big.mp4"
    with big.open("wb") as fh:   # sparse: the size is over the limit without writing 50 MB
        fh.write((folder / "media" / "sign.mp4").read_bytes())
        fh.truncate(MAX_BYTES["video"] + 1)
    with_media(folder, "    media:\n      video: media/big.mp4\n      caption: " + "字" * 1025 + "\n")
    found = problems(folder)
    assert any(at == 12 and "over Telegram's 50 MB limit" in text for at, text in found), found
    assert (13, "caption has 1025 characters; Telegram allows 1024") in found


def test_check_refuses_broken_media_with_file_line(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with_media(folder, "    media:\n      video: media/missing.mp4\n")
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "intents.yaml:12: error: 'media/missing.mp4': file not found" in out
    assert "  > 12 |       video: media/missing.mp4" in out


def test_hot_reload_keeps_the_last_good_set_when_media_breaks(folder: Path) -> None:
    library = IntentLibrary(folder)
    with_media(folder, "    media:\n      video: media/missing.mp4\n")
    result = library.reload()
    assert not result.swapped
    assert any(p.endswith("intents.yaml:12: 'media/missing.mp4': file not found (looked in "
                          f"{folder.resolve()})") for p in result.problems), result.problems
    intent = library.matcher.intents.get("topic.jurisdiction")
    assert intent is not None and intent.media is not None and intent.media.shown == "media/sign.mp4"


def test_https_media_is_accepted(folder: Path) -> None:
    with_media(folder, "    media:\n      video: https://example.org/signs/court.mp4\n")
    intent = load_intents(folder).get("topic.jurisdiction")
    assert intent is not None and intent.media is not None and intent.media.is_url
    assert intent.media.cache_key() == "https://example.org/signs/court.mp4"


def test_the_cache_key_changes_when_the_file_does(folder: Path) -> None:
    intent = load_intents(folder).get("topic.jurisdiction")
    assert intent is not None and intent.media is not None
    before = intent.media.cache_key()
    with (folder / "media" / "sign.mp4").open("ab") as fh:
        fh.write(b"\x00\x00\x00\x08free")
    assert intent.media.cache_key() not in (None, before)


def test_terminal_prints_where_the_video_is(tmp_path: Path, folder: Path) -> None:
    services = build(load_config(write_config(tmp_path, folder)), flood_limit=False)
    out = io.StringIO()
    try:
        TerminalChannel(services, "cli:t", out=out).run(io.StringIO("离婚去哪个法院\n"))
    finally:
        services.close()
    assert "  [视频] media/sign.mp4（手语视频：去哪个法院）" in out.getvalue()


def test_store_remembers_uploaded_file_ids(tmp_path: Path, clock: Callable[[], float]) -> None:
    store = Store(tmp_path / "s.db", clock=clock)
    try:
        assert store.media_file_id("k") is None
        store.remember_media("k", "FILE1")
        store.remember_media("k", "FILE2")
        assert store.media_file_id("k") == "FILE2"
        store.forget_media("k")
        assert store.media_file_id("k") is None
    finally:
        store.close()
