"""The one validator for YAML data files (intents, config, forms, periods, holidays): typed reads that
collect every problem with its `file:line` and a snippet instead of stopping at the first."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from bot.errors import Problem
from bot.yamlsrc import LDict, display_path, line_of, snippet


class Validator:
    """Reads values out of one file's parsed data; each bad value becomes a Problem, never an exception."""

    def __init__(self, name: str | Path, lines: list[str], problems: list[Problem] | None = None) -> None:
        self.name = display_path(name) if isinstance(name, Path) else name
        self.lines = lines
        self.problems: list[Problem] = [] if problems is None else problems

    def error(self, line: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.name, line, message, snippet(self.lines, line), severity))

    def unknown_key(self, key: Any, line: int, allowed: Iterable[str], where: str = "", prefix: str = "") -> None:
        """`unknown key 'x' (did you mean 'y'?)`, or the allowed keys when none is close."""
        options = sorted(allowed)
        hint = difflib.get_close_matches(str(key), options, n=1, cutoff=0.6)
        extra = f" (did you mean '{prefix}{hint[0]}'?)" if hint else f" (allowed: {', '.join(options)})"
        self.error(line, f"unknown key '{prefix}{key}'{f' in {where}' if where else ''}{extra}")

    def keys(self, data: LDict, allowed: Iterable[str], where: str = "", prefix: str = "") -> None:
        """Report every key of `data` not in `allowed`."""
        allowed = set(allowed)
        for key in data:
            if key not in allowed:
                self.unknown_key(key, line_of(data, key), allowed, where, prefix)

    def mapping(self, data: LDict, key: str, message: str) -> LDict | None:
        """`data[key]` when it is a mapping; None when absent; an error (and None) otherwise."""
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, LDict):
            self.error(line_of(data, key), message)
            return None
        return value

    def text(self, data: LDict, key: str, required: bool = False, default: str = "", strip: bool = True) -> str:
        """Text at `key`: `default` when absent (an error when required), stripped unless told not to."""
        value = data.get(key)
        if value is None:
            if required:
                self.error(line_of(data, key), f"'{key}' is missing")
            return default
        if not isinstance(value, str):
            self.error(line_of(data, key), f"'{key}' must be text")
            return default
        if required and not value.strip():
            self.error(line_of(data, key), f"'{key}' is empty")
        return value.strip() if strip else value

    def str_list(self, data: LDict, key: str) -> list[tuple[str, int]]:
        """A list of non-empty texts (numbers allowed; one text alone counts as a list), each with its line."""
        value = data.get(key)
        if value is None:
            return []
        line = line_of(data, key)
        if isinstance(value, str):
            return [(value, line)]
        if not isinstance(value, list):
            self.error(line, f"'{key}' must be a list")
            return []
        out = []
        item_lines = getattr(value, "item_lines", [line] * len(value))
        for item, item_line in zip(value, item_lines, strict=False):
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
                out.append((str(item).strip(), item_line))
            else:
                self.error(item_line, f"'{key}' entries must be non-empty text")
        return out

    def weighted(self, data: LDict, key: str) -> list[tuple[str, float, int]]:
        """`key:` as a list (weight 1 each) or a mapping of entry -> weight."""
        value = data.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return [(text, 1.0, line) for text, line in self.str_list(data, key)]
        if not isinstance(value, LDict):
            self.error(line_of(data, key), f"'{key}' must be a list or a mapping of entry: weight")
            return []
        out = []
        for entry, weight in value.items():
            line = line_of(value, entry)
            if isinstance(weight, bool) or not isinstance(weight, (int, float)):
                self.error(line, f"weight of '{entry}' must be a number")
            elif not math.isfinite(weight):  # .nan / .inf would make every score with it meaningless
                self.error(line, f"weight of '{entry}' must be a finite number")
            elif weight == 0:
                self.error(line, f"weight of '{entry}' is 0: remove the entry instead")
            elif not str(entry).strip():
                self.error(line, f"empty entry in '{key}'")
            else:
                out.append((str(entry).strip(), float(weight), line))
        return out

    def number(self, data: LDict, key: str, default: float, lo: float, hi: float, integer: bool = False) -> float:
        """A number from `lo` to `hi` (a whole one when `integer`); `default` when absent or bad."""
        value = data.get(key, default)
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and lo <= value <= hi
        if ok and integer and not isinstance(value, int):
            ok = False
        if not ok:
            kind = "a whole number" if integer else "a number"
            self.error(line_of(data, key), f"'{key}' must be {kind} from {lo:g} to {hi:g}")
            return default
        return float(value)

    def flag(self, data: LDict, key: str, default: bool = False) -> bool:
        """true or false; `default` when absent or bad."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.error(line_of(data, key), f"'{key}' must be true or false")
            return default
        return value
