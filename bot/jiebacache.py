"""jieba, imported and initialised faster: the same data files, the same dictionary from the same cache file.

- jieba imports `pkg_resources` (about 0.1 s, and deprecated) only to open its own data files; when that
  import fails it opens them by path: the same files. The import below makes it fail, for jieba alone.
- jieba's `initialize` reads its cache with `marshal.load` on the open file, which reads each of the half a
  million entries with its own small read: 2-3 times slower than `marshal.loads` of the whole file.
  `initialize` below reads the same file under the same conditions; whenever that does not give a
  dictionary (no cache yet, out of date, unreadable, corrupt) jieba's own `initialize` builds and writes it.
"""

from __future__ import annotations

import atexit
import contextlib
import marshal
import os
import shutil
import stat
import sys
import tempfile
from hashlib import md5
from typing import Any

# None in sys.modules makes `import pkg_resources` fail. Removed again at once: anyone importing it later gets
# the real one. Module level: the bot's modules are imported by one thread, before any other starts.
_BLOCKED = "pkg_resources" not in sys.modules
if _BLOCKED:
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]
try:
    import jieba
finally:
    if _BLOCKED and sys.modules.get("pkg_resources", 0) is None:
        del sys.modules["pkg_resources"]

__all__ = ["cache_file", "initialize", "jieba", "private_dir"]

CACHE_SUBDIR = "wuai"


def private_dir() -> str:
    """A folder for jieba's cache that only this user can write: $XDG_CACHE_HOME/wuai (or ~/.cache/wuai).

    Not jieba's default, the shared temp folder: there another local user could leave a `jieba.cache` first,
    and every start would read their dictionary. Where no such folder can be made or trusted, a new private
    temporary folder (removed at exit): the dictionary is then built at each start, slower but safe.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, CACHE_SUBDIR)
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        if _trusted(os.stat(path)):
            return path
    except OSError:
        pass
    temp = tempfile.mkdtemp(prefix="wuai-jieba-")   # mode 0700
    atexit.register(shutil.rmtree, temp, True)
    return temp


def _trusted(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (always true where there are no such owners)."""
    getuid = getattr(os, "getuid", None)
    return getuid is None or (st.st_uid == getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def cache_file(tok: Any) -> str:
    """The cache file jieba's `initialize` reads and writes for this tokenizer's dictionary."""
    if tok.cache_file:
        name = tok.cache_file
    elif tok.dictionary == jieba.DEFAULT_DICT:
        name = "jieba.cache"
    else:
        name = f"jieba.u{md5(tok.dictionary.encode('utf-8', 'replace')).hexdigest()}.cache"
    return os.path.join(tok.tmp_dir or tempfile.gettempdir(), name)


def _current(tok: Any, path: str) -> bool:
    """jieba's own test: a cache of the default dictionary is always current, another's must be newer."""
    return os.path.isfile(path) and (tok.dictionary == jieba.DEFAULT_DICT
                                     or os.path.getmtime(path) > os.path.getmtime(tok.dictionary))


def _read_cache(path: str) -> tuple[dict[str, int], int] | None:
    """The (frequencies, total) in a cache file; None when it is unreadable or holds anything else."""
    try:
        with open(path, "rb") as f:
            data = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):   # what marshal raises on a truncated or garbled file
        return None
    if (isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], dict)
            and isinstance(data[1], int) and not isinstance(data[1], bool)):
        return data[0], data[1]
    return None


def initialize(tok: Any) -> None:
    """Load `tok`'s dictionary as `tok.initialize()` does: from its cache file when jieba would, else jieba's way.

    A current cache file that gives no dictionary is removed first, so jieba rebuilds it: jieba itself
    rebuilds a file `marshal` cannot read, but would take one that reads as something other than
    (dictionary, total) as it is. Where it cannot be removed jieba is left to decide.
    """
    if tok.initialized:
        return
    path = cache_file(tok)
    try:
        current = _current(tok, path)
    except OSError:
        current = False
    found = _read_cache(path) if current else None
    if found is not None:
        with tok.lock:
            tok.FREQ, tok.total = found
            tok.initialized = True
        return
    if current:
        with contextlib.suppress(OSError):
            os.remove(path)
    tok.initialize()
