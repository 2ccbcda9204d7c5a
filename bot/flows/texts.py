"""What the court finder, checklist and deadline calculator say: `intents/flows/*.yaml`, checked against a schema.

The schema (in each flow's module) names every key a file must hold and the `{placeholders}` each sentence
gets; a file with a missing, unknown or misspelt key or placeholder is refused with `file:line` errors.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import FlowTextError, Problem
from bot.intentload import intent_files
from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, display_path, line_of, load_yaml

FLOWS_DIR = "flows"   # inside the intents folder: hot reload and `wuai check` see these files too
# An intents folder without `flows/` (a test set, a trimmed copy) uses the project's own texts.
DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "intents" / FLOWS_DIR


@dataclass(frozen=True)
class Text:
    """One sentence; `fills` are the placeholders the code fills in, each of which it must use."""

    fills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Items:
    """A numbered list of sentences (at least one)."""


@dataclass(frozen=True)
class Each:
    """A mapping with exactly these keys (in the file's order), each value read by `spec`."""

    keys: tuple[str, ...]
    spec: Spec = field(default_factory=Text)


@dataclass(frozen=True)
class Group:
    """A mapping with exactly these keys, each with its own spec."""

    specs: Mapping[str, Spec]


Spec = Text | Items | Each | Group
Schema = Mapping[str, Spec]


def options(*values: str) -> Each:
    """Button labels by value: the values are the code's, the labels the maintainer's."""
    return Each(values, Text())


@dataclass(frozen=True)
class Wording:
    """One flow's texts by dotted path (`rules.labor.why`), already checked against its schema."""

    texts: Mapping[str, str] = field(default_factory=dict)
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    orders: Mapping[str, tuple[str, ...]] = field(default_factory=dict)   # keys of an Each, in the file's order

    def say(self, path: str, **fills: object) -> str:
        """The sentence at `path` with its placeholders filled (the schema guarantees which ones it has)."""
        return self.texts[path].format_map({k: str(v) for k, v in fills.items()})   # `{{` shows one brace

    def items(self, path: str) -> tuple[str, ...]:
        return self.lists[path]

    def options(self, path: str) -> list[tuple[str, str]]:
        """(value, label) pairs in the file's order."""
        return [(key, self.texts[f"{path}.{key}"]) for key in self.orders[path]]


@dataclass(frozen=True)
class FlowTexts:
    """Every flow's wording by flow name."""

    flows: Mapping[str, Wording] = field(default_factory=dict)
    files: tuple[Path, ...] = ()

    def __getitem__(self, flow: str) -> Wording:
        return self.flows[flow]


def placeholders(text: str) -> set[str]:
    """The `{names}` in a sentence; ValueError for a stray brace or anything but a plain name."""
    names = set()
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise ValueError("a '{' or '}' without its pair (a placeholder is written {name}; a brace itself {{ or }})")\
            from None
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(f"'{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}' "
                             "is not a plain placeholder (write {name})")
        names.add(name)
    return names


class _Reader:
    """Reads one file against its schema into a Wording, every problem collected."""

    def __init__(self, reader: Validator) -> None:
        self.r = reader
        self.texts: dict[str, str] = {}
        self.lists: dict[str, tuple[str, ...]] = {}
        self.orders: dict[str, tuple[str, ...]] = {}

    def mapping(self, data: LDict, specs: Mapping[str, Spec], path: str, keys: tuple[str, ...] | None = None) -> None:
        where = f" in '{path}'" if path else ""
        for key in data:
            if str(key) not in specs:
                self.r.unknown_key(key, line_of(data, key), set(specs))
        missing = [k for k in specs if k not in data]
        if missing:
            self.r.error(line_of(data), f"missing key(s){where}: {', '.join(missing)}")
        for key, spec in specs.items():
            if key in data:
                self.value(data, key, spec, f"{path}.{key}" if path else key)
        if keys is not None:
            self.orders[path] = tuple(str(k) for k in data if str(k) in specs)

    def value(self, parent: LDict, key: str, spec: Spec, path: str) -> None:
        raw, line = parent[key], line_of(parent, key)
        if isinstance(spec, Text):
            self.text(raw, line, spec, path)
        elif isinstance(spec, Items):
            if not isinstance(raw, list) or not raw:
                self.r.error(line, f"'{path}' must be a list of sentences (each line starts with '- ')")
                return
            item_lines = getattr(raw, "item_lines", [line] * len(raw))
            for item, item_line in zip(raw, item_lines, strict=False):
                self.text(item, item_line, Text(), path)
            self.lists[path] = tuple(str(item).strip() for item in raw)
        elif not isinstance(raw, LDict):
            self.r.error(line, f"'{path}' must be a mapping of keys ({', '.join(self._keys(spec))})")
        elif isinstance(spec, Each):
            self.mapping(raw, dict.fromkeys(spec.keys, spec.spec), path, spec.keys)
        else:
            self.mapping(raw, spec.specs, path)

    @staticmethod
    def _keys(spec: Each | Group) -> tuple[str, ...]:
        return spec.keys if isinstance(spec, Each) else tuple(spec.specs)

    def text(self, raw: Any, line: int, spec: Text, path: str) -> None:
        if not isinstance(raw, str) or not raw.strip():
            self.r.error(line, f"'{path}' must be non-empty text")
            return
        try:
            used = placeholders(raw)
        except ValueError as exc:
            self.r.error(line, f"'{path}': {exc}")
            return
        allowed = ", ".join(f"{{{n}}}" for n in spec.fills) or "none"
        for name in sorted(used - set(spec.fills)):
            self.r.error(line, f"'{path}': unknown placeholder {{{name}}} (this sentence has: {allowed})")
        for name in [n for n in spec.fills if n not in used]:
            self.r.error(line, f"'{path}': placeholder {{{name}}} is missing (the sentence must show it)")
        self.texts[path] = raw.strip()


def load_flow_texts(directory: Path, schemas: Mapping[str, Schema]) -> FlowTexts:
    """One `<flow>.yaml` per schema in `directory`; raise FlowTextError listing every problem."""
    problems: list[Problem] = []
    flows: dict[str, Wording] = {}
    files = intent_files(directory) if directory.is_dir() else []
    for path in files:
        if path.stem not in schemas:
            problems.append(Problem(display_path(path), 1, f"no flow is called '{path.stem}' "
                                                           f"(files here: {', '.join(f'{n}.yaml' for n in schemas)})"))
    for name, schema in schemas.items():
        path = directory / f"{name}.yaml"
        if not path.is_file():
            problems.append(Problem(display_path(directory), 1, f"'{name}.yaml' is missing (the {name} flow's texts)"))
            continue
        data, lines, found = load_yaml(path)
        problems += found
        if found:
            continue
        reader = _Reader(Validator(display_path(path), lines, problems))
        if not isinstance(data, LDict):
            reader.r.error(1, f"the file must be a mapping of the {name} flow's texts ({', '.join(schema)})")
            continue
        reader.mapping(data, schema, "")
        flows[name] = Wording(reader.texts, reader.lists, reader.orders)
    if problems:
        raise FlowTextError(problems)
    return FlowTexts(flows, tuple(files))


def flows_dir(intents_dir: Path) -> Path:
    """The folder of flow texts an intents folder uses (its own `flows/`, else the project's)."""
    own = intents_dir / FLOWS_DIR
    return own if own.is_dir() else DEFAULT_DIR
