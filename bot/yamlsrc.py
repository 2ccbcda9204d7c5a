"""YAML reading that keeps line numbers, for `file:line` errors maintainers can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from bot.errors import Problem


class Located:
    """Mixin: where a YAML value started (1-based line)."""

    line: int = 0
    key_lines: dict[Any, int]
    item_lines: list[int]


class LDict(dict[Any, Any], Located):
    """A mapping that remembers its own line and each key's line."""


class LList(list[Any], Located):
    """A sequence that remembers its own line and each item's line."""


class LStr(str, Located):
    """A string that remembers its line."""


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


_STR_TAG = "tag:yaml.org,2002:str"


class _LineConstructor(SafeConstructor):
    """SafeConstructor subclass (never a global change) that builds line-aware containers."""

    def __init__(self) -> None:
        super().__init__()
        self._building: set[int] = set()  # ids of the collection nodes being built

    @contextmanager
    def _entering(self, node: Node) -> Iterator[None]:
        """Meeting a node again inside itself means an alias that contains itself (`&a [*a]`)."""
        if id(node) in self._building:
            raise ConstructorError(None, None, "an alias (*) refers to the value that contains it", node.start_mark)
        self._building.add(id(node))
        try:
            yield
        finally:
            self._building.discard(id(node))

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        with self._entering(node):
            return self._mapping(node)

    def _mapping(self, node: MappingNode) -> LDict:
        out = LDict()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):  # `? [a, b]` or `{[a]: 1}`: a list or mapping as a key
                raise ConstructorError(None, None, "a key must be plain text, not a list or mapping",
                                       key_node.start_mark)
            key = self._scalar(key_node)
            line = key_node.start_mark.line + 1
            if key in out.key_lines:
                raise _DuplicateKey(str(key), line, out.key_lines[key])
            out.key_lines[key] = line
            out[key] = self._value(value_node)
        return out

    def _scalar(self, node: ScalarNode) -> Any:
        """A scalar's value; plain text directly (what `construct_object` gives it, in a fraction of the time)."""
        if node.tag == _STR_TAG:
            return node.value
        return self.construct_object(node, deep=True)

    def _value(self, node: Node) -> Any:
        if isinstance(node, MappingNode):
            return self.construct_mapping(node)
        if isinstance(node, SequenceNode):
            with self._entering(node):
                items = LList()
                items.line = node.start_mark.line + 1
                items.item_lines = []
                for child in node.value:
                    items.append(self._value(child))
                    items.item_lines.append(child.start_mark.line + 1)
                return items
        value = self._scalar(node) if isinstance(node, ScalarNode) else self.construct_object(node, deep=True)
        if isinstance(node, ScalarNode) and isinstance(value, str):
            located = LStr(value)
            located.line = node.start_mark.line + 1
            return located
        return value


def snippet(lines: list[str], line: int, context: int = 1) -> str:
    """Show `line` (1-based) with a neighbour each side, the bad one marked with '>'."""
    if not lines or line < 1:
        return ""
    lo, hi = max(1, line - context), min(len(lines), line + context)
    width = len(str(hi))
    rows = []
    for n in range(lo, hi + 1):
        mark = ">" if n == line else " "
        rows.append(f"  {mark} {n:>{width}} | {lines[n - 1].rstrip()}")
    return "\n".join(rows)


def display_path(path: Path) -> str:
    """A path as a maintainer would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_yaml(path: Path) -> tuple[Any, list[str], list[Problem]]:
    """Parse one YAML file; returns (data, source lines, problems). Never raises on bad YAML."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [], [Problem(name, 1, f"not UTF-8 text ({exc.reason})")]
    except OSError as exc:
        return None, [], [Problem(name, 1, f"cannot read file: {exc.strerror}")]
    lines = text.splitlines()
    parsed, data = _parse_fast(text)
    if parsed:
        return data, lines, []
    loader: _LineLoader | None = None  # what yaml.load does, keeping the loader to know where it stopped
    try:
        loader = _LineLoader(text)
        data = loader.get_single_data()
    except _DuplicateKey as dup:
        msg = f"duplicate key '{dup.key}' (first on line {dup.first})"
        return None, lines, [Problem(name, dup.line, msg, snippet(lines, dup.line))]
    except yaml.MarkedYAMLError as exc:
        # The context mark (where the bad construct started) is where a maintainer should look.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else 1
        reason = exc.problem or "invalid YAML"
        if exc.context and exc.problem_mark and exc.context_mark:
            reason = f"{exc.context} (line {line}): {reason} (line {exc.problem_mark.line + 1})"
        return None, lines, [Problem(name, line, f"YAML syntax error: {reason}", snippet(lines, line))]
    except yaml.YAMLError as exc:
        return None, lines, [Problem(name, 1, f"YAML error: {exc}")]
    except RecursionError:
        line = loader.get_mark().line + 1 if loader else 1
        return None, lines, [Problem(name, line, "YAML error: lists or mappings nested too deeply",
                                     snippet(lines, line))]
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines, []


def line_of(container: Any, key: Any = None, default: int = 1) -> int:
    """Best-known line of a key in a mapping (or of the container itself)."""
    if isinstance(container, LDict) and key is not None and key in container.key_lines:
        return container.key_lines[key]
    return getattr(container, "line", default) or default


class _LineLoader(Reader, Scanner, Parser, Composer, _LineConstructor, Resolver):
    """yaml.SafeLoader's pure-Python parts: slower, but its error messages are the ones maintainers see."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _LineConstructor.__init__(self)
        Resolver.__init__(self)


_FastLoader: Any = None
try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python loader alone
    pass
else:
    class _CLoader(CParser, _LineConstructor, Resolver):
        """The same constructor over libyaml's parser (several times faster), for files that parse cleanly."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _LineConstructor.__init__(self)
            Resolver.__init__(self)

    _FastLoader = _CLoader


def _parse_fast(text: str) -> tuple[bool, Any]:
    """(True, data) when libyaml reads `text` without any problem; (False, None) otherwise or without libyaml."""
    if _FastLoader is None:
        return False, None
    loader = _FastLoader(text)
    try:
        return True, loader.get_single_data()
    except (yaml.YAMLError, _DuplicateKey, RecursionError):
        return False, None   # read again by the pure-Python loader, for its messages
    finally:
        loader.dispose()


def _construct_map(loader: Any, node: MappingNode) -> dict[Any, Any]:  # Any: a _LineConstructor (stubs want a Loader)
    return loader.construct_mapping(node)  # type: ignore[no-any-return]


def _construct_seq(loader: Any, node: SequenceNode) -> Any:
    return loader._value(node)


# add_constructor on the subclass copies the table first: SafeLoader itself is untouched.
_LineConstructor.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineConstructor.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
