"""Start-up without parsing unchanged intent files: the loaded intent set kept on disk, keyed on all that shaped it.

Loading parses and validates every YAML file and compiles every pattern (about 0.1-0.15 s of a start). The
loaded `IntentSet` is saved once (pickle) beside jieba's cache and read back at the next start when nothing it
came from has changed: the bytes of every intent file, the bot's own source code, the versions of Python,
PyYAML, OpenCC and jieba, the folder and the working folder (messages name files relative to it), and the size,
time and inode of each media file the intents name (their checks read them). Anything else, or an unreadable file, is
a miss: the folder is loaded as always, and the cache written again only when the files did not change while
loading. Only start-up uses it (`wuai serve`, `wuai chat`); a hot reload always loads the files.

The folder is the private one of jieba's cache (bot/jiebacache.py private_dir): a pickle runs code when read,
so it is never read from a place another user could write. One file per folder: the latest set loaded.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import logging
import os
import pickle
import re
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from bot import regexparse
from bot.intentload import intent_files, load_intents
from bot.intents import IntentSet
from bot.media import Media

log = logging.getLogger(__name__)
FILE = "intents.cache"
MAGIC = b"wuai intent set 1\n"
BOT = Path(__file__).resolve().parent
MediaStat = tuple[str, int, int, int]   # path, size, modification time (ns), inode


def default_folder() -> Path:
    """Where jieba's cache lives (WUAI_JIEBA_CACHE_DIR, else the private cache folder)."""
    from bot.jiebacache import private_dir
    from bot.tokenizers import CACHE_DIR_ENV

    return Path(os.environ.get(CACHE_DIR_ENV) or private_dir())


def cached_intents(directory: Path, folder: Path,
                   load: Callable[[Path], IntentSet] = load_intents) -> IntentSet:
    """`load(directory)`, or the set saved in `folder` when every input of that load is unchanged."""
    path = folder / FILE
    key = _key(directory)
    if key is not None:
        found = _read(path, key)
        if found is not None:
            return found
    intents = load(directory)   # IntentLoadError: nothing saved
    if key is not None and _key(directory) == key:   # not edited while it was being read
        _write(path, key, intents)
    return intents


@functools.lru_cache(maxsize=1)
def _code() -> bytes:
    """The bot's source code (what turns YAML into an intent set), with the versions of Python and the libraries
    its loading may use (PyYAML and whether libyaml is there; OpenCC's and jieba's conversions and words)."""
    import opencc

    from bot.jiebacache import jieba

    versions = [sys.version, yaml.__version__, yaml.__with_libyaml__, getattr(opencc, "__version__", "?"),
                getattr(jieba, "__version__", "?")]
    digest = hashlib.sha256("|".join(map(str, versions)).encode())
    for source in sorted(BOT.rglob("*.py")):
        digest.update(source.relative_to(BOT).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    return digest.digest()


def _key(directory: Path) -> str | None:
    """A digest of everything `load_intents(directory)` reads, except media files (checked on reading)."""
    try:
        digest = hashlib.sha256(MAGIC + _code())
        # the folder as given too: the set keeps its files' paths as they were written
        digest.update(f"{directory}\0{directory.resolve()}\0{Path.cwd().resolve()}\0".encode())
        for file in intent_files(directory):
            content = file.read_bytes()
            digest.update(f"{file.name}\0{len(content)}\0".encode() + content)
    except OSError:
        return None
    return digest.hexdigest()


def _media_stat(location: str) -> MediaStat | None:
    try:
        st = os.stat(location)
    except OSError:
        return None
    return location, st.st_size, st.st_mtime_ns, st.st_ino


def _own(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (always true where files have no owners)."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or (st.st_uid == getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


class _Saver(pickle.Pickler):
    """Pickles an intent set: patterns as what they were compiled from, media files noted."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.media: list[MediaStat | None] = []

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, re.Pattern) and (args := regexparse.compiled_args(obj)) is not None:
            return regexparse.restore, (obj.pattern, *args)
        if isinstance(obj, Media) and not obj.is_url:
            self.media.append(_media_stat(obj.location))
        return NotImplemented


def _write(path: Path, key: str, intents: IntentSet) -> None:
    buffer = io.BytesIO()
    saver = _Saver(buffer)
    try:
        saver.dump(intents)
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:   # a new unpicklable part
        log.warning("intent set not saved for the next start: %s", type(exc).__name__)
        return
    if None in saver.media:   # a media file went missing meanwhile: the next start checks the folder again
        return
    header = MAGIC + f"{key}\n".encode() + json.dumps(sorted(set(saver.media))).encode() + b"\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".intents-", dir=path.parent)
    except OSError as exc:
        log.info("intent set not saved for the next start: %s", type(exc).__name__)
        return
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(header + buffer.getvalue())
        os.replace(temp, path)   # whole or not at all, also with two processes starting at once
    except OSError as exc:
        log.info("intent set not saved for the next start: %s", type(exc).__name__)
        with contextlib.suppress(OSError):
            os.remove(temp)


def _read(path: Path, key: str) -> IntentSet | None:
    """The saved set if it was saved under `key` and its media files are as they were; else None."""
    try:
        with open(path, "rb") as f:
            if not _own(os.fstat(f.fileno())):   # a pickle runs code: only one this user wrote and no one else can
                return None
            data = f.read()
    except OSError:
        return None
    head = MAGIC + f"{key}\n".encode()
    if not data.startswith(head):
        return None
    try:
        end = data.index(b"\n", len(head))
        media = [tuple(m) for m in json.loads(data[len(head):end])]
        if any(_media_stat(m[0]) != m for m in media):
            return None
        intents = pickle.loads(data[end + 1:])
    except Exception as exc:   # a damaged file (pickle raises many kinds): load the folder instead
        log.info("saved intent set unreadable (%s): loading the folder", type(exc).__name__)
        return None
    return intents if isinstance(intents, IntentSet) else None

