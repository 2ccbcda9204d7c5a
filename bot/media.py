"""`media:` in intent files: a sign-language video or a picture sent with an answer, checked before use."""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from bot import texts
from bot.yamlsrc import LDict, line_of

MediaKind = Literal["video", "image"]
MEDIA_KEYS = {"video", "image", "caption"}
EXTENSIONS: dict[MediaKind, tuple[str, ...]] = {"video": (".mp4",), "image": (".jpg", ".jpeg", ".png")}
# Telegram's limits for bots: uploads up to 50 MB, photos up to 10 MB, captions up to 1,024 characters.
MAX_BYTES: dict[MediaKind, int] = {"video": 50 * 1024 * 1024, "image": 10 * 1024 * 1024}
MAX_CAPTION = 1024
MAX_PHOTO_SIDES = 10_000   # width + height
MAX_PHOTO_RATIO = 20


@dataclass(frozen=True)
class Media:
    """A video or picture: an https URL, or a file inside the intents folder."""

    kind: MediaKind
    location: str          # the URL, or the file's absolute path
    caption: str = ""
    shown: str = ""        # as the maintainer wrote it, for the terminal and messages

    @property
    def is_url(self) -> bool:
        return self.location.startswith("https://")

    @property
    def label(self) -> str:
        return texts.MEDIA_KINDS[self.kind]

    def cache_key(self) -> str | None:
        """Where and which version: a replaced file (other time or size) is uploaded again. None if it is gone."""
        if self.is_url:
            return self.location
        try:
            st = Path(self.location).stat()
        except OSError:
            return None
        return f"{self.location}:{st.st_mtime_ns}:{st.st_size}"


Report = Callable[[int, str], None]


def read_media(data: LDict, key: str, base: Path, error: Report) -> Media | None:
    """Validate `key:` of a mapping (`{video|image: path or https URL, caption: ...}`); report with lines."""
    value = data.get(key)
    if value is None:
        return None
    line = line_of(data, key)
    if not isinstance(value, LDict):
        error(line, f"'{key}' must be a mapping like {{video: signs/file.mp4, caption: 手语视频}}")
        return None
    for name in value:
        if name not in MEDIA_KEYS:
            error(line_of(value, name), f"unknown key '{name}' in '{key}' (allowed: caption, image, video)")
    kinds: list[MediaKind] = [k for k in ("video", "image") if k in value]
    if len(kinds) != 1:
        error(line, f"'{key}' needs exactly one of 'video' or 'image'")
        return None
    kind = kinds[0]
    where, where_line = value[kind], line_of(value, kind)
    caption = value.get("caption", "")
    if not isinstance(caption, str):
        error(line_of(value, "caption"), "'caption' must be text")
        caption = ""
    elif len(caption) > MAX_CAPTION:
        error(line_of(value, "caption"), f"caption has {len(caption)} characters; Telegram allows {MAX_CAPTION}")
    if not isinstance(where, str) or not where.strip():
        error(where_line, f"'{kind}' must be a file name under the intents folder or an https:// address")
        return None
    where = where.strip()
    if "://" in where:
        if not where.startswith("https://") or len(where) <= len("https://"):
            error(where_line, f"'{where}': only https:// addresses can be sent")
            return None
        return Media(kind, where, caption.strip(), where)
    path = _local_file(where, base, kind, where_line, error)
    return Media(kind, str(path), caption.strip(), where) if path else None


def _local_file(where: str, base: Path, kind: MediaKind, line: int, error: Report) -> Path | None:
    root = base.resolve()
    path = (root / where).resolve()
    if Path(where).is_absolute() or not path.is_relative_to(root):
        error(line, f"'{where}': media files must be inside the intents folder (write a path relative to it)")
        return None
    if not path.is_file():
        error(line, f"'{where}': file not found (looked in {root})")
        return None
    if path.suffix.lower() not in EXTENSIONS[kind]:
        error(line, f"'{where}': a {kind} must be {' or '.join(EXTENSIONS[kind])}")
        return None
    size = path.stat().st_size
    if size == 0:
        error(line, f"'{where}': the file is empty")
        return None
    if size > MAX_BYTES[kind]:
        error(line, f"'{where}': {size / 1024 / 1024:.1f} MB is over Telegram's {MAX_BYTES[kind] // 1024 // 1024} MB "
                    f"limit for a bot's {kind}: make it smaller, or put it online and give its https:// address")
        return None
    with path.open("rb") as fh:
        head = fh.read(32)
    problem = _content_problem(kind, path.suffix.lower(), head)
    if problem:
        error(line, f"'{where}': {problem}")
        return None
    return path


def _content_problem(kind: MediaKind, suffix: str, head: bytes) -> str:
    """What is wrong with the file's first bytes for its kind, or ''."""
    if kind == "video":
        return "" if head[4:8] == b"ftyp" else "not an MP4 video (no 'ftyp' header)"
    if suffix == ".png":
        if not head.startswith(b"\x89PNG\r\n\x1a\n") or len(head) < 24:
            return "not a PNG picture"
        width, height = struct.unpack(">II", head[16:24])
        if not width or not height or width + height > MAX_PHOTO_SIDES or max(width, height) / min(width, height) > \
                MAX_PHOTO_RATIO:
            return (f"{width}x{height} pixels: Telegram photos need width + height <= {MAX_PHOTO_SIDES} "
                    f"and sides at most {MAX_PHOTO_RATIO} times as long as each other")
        return ""
    return "" if head.startswith(b"\xff\xd8\xff") else "not a JPEG picture"


def describe(media: Media) -> str:
    """One line for a terminal: `[视频] signs/x.mp4（caption）`."""
    return f"[{media.label}] {media.shown}" + (f"（{media.caption}）" if media.caption else "")
