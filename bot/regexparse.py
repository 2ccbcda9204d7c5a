"""Each maintainer pattern parsed once: the risk check, the rule index's requirements and the compiled regex share it.

`re.compile` parses the pattern text itself; so did the risk check (bot/regexrisk.py) and the rule index
(bot/ruleindex.py): three parses of each pattern at every load. Here the parse is kept (by pattern text)
and compiled the way `re.compile` compiles it, into an equal `re.Pattern` (same text, flags and code),
itself kept: a pattern written in several intents is compiled once, a reload compiles only new ones.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

try:  # the parser and compiler `re` itself uses (private, so used defensively)
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_compile as _compiler
    import sre_parse as _parser

FLAGS = int(re.MULTILINE)   # every pattern's: ^ and $ mark a sentence's ends (sentences are apart on lines)
_KEPT = 4096   # distinct patterns kept parsed (a few hundred today); a reload finds its unchanged ones here


@lru_cache(maxsize=_KEPT)
def parse(text: str) -> Any:
    """`text` parsed as `re.compile(text, re.MULTILINE)` parses it; raises re.error as it does.

    Shared between callers: read it, never change it.
    """
    return _parser.parse(text, FLAGS)


@lru_cache(maxsize=_KEPT)
def compile_pattern(text: str) -> re.Pattern[str]:
    """`re.compile(text, re.MULTILINE)`, from the shared parse; kept by text, as `re.compile` keeps its own."""
    tree = parse(text)
    try:
        code = _compiler._code(tree, FLAGS)
        groupindex = tree.state.groupdict
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        regex: re.Pattern[str] = _compiler._sre.compile(text, FLAGS | tree.state.flags, code, tree.state.groups - 1,
                                                        groupindex, tuple(indexgroup))
    except (AttributeError, TypeError):   # another Python's internals: the public way
        return re.compile(text, FLAGS)
    return regex
