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
        # The opcodes as plain ints (the compiler's named constants refuse to be pickled), the same values.
        args = (FLAGS | tree.state.flags, list(map(int, code)), tree.state.groups - 1, dict(groupindex),
                tuple(indexgroup))
        regex = restore(text, *args)
    except (AttributeError, TypeError):   # another Python's internals: the public way
        return re.compile(text, FLAGS)
    _COMPILED[text] = args
    return regex


# What `_sre.compile` made each pattern of `compile_pattern` from: kept so a saved intent set (bot/intentcache.py)
# restores its patterns without parsing them again. Pattern texts are few (a few hundred) and small.
_COMPILED: dict[str, tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]] = {}


def compiled_args(regex: re.Pattern[str]) -> tuple[Any, ...] | None:
    """`restore`'s arguments after the text for a pattern `compile_pattern` made (None for any other)."""
    args = _COMPILED.get(regex.pattern)
    return args if args is not None and args[0] == regex.flags else None


def restore(text: str, flags: int, code: list[int], groups: int, groupindex: dict[str, int],
            indexgroup: tuple[str | None, ...]) -> re.Pattern[str]:
    """The pattern `compile_pattern(text)` made, from what it compiled (`compiled_args`): no parse."""
    regex: re.Pattern[str] = _compiler._sre.compile(text, flags, code, groups, groupindex, indexgroup)
    return regex
