"""Typed errors raised by library code; only the CLI turns them into exit codes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One error or warning found in a source file, located by file and line."""

    file: str
    line: int
    message: str
    snippet: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        head = f"{self.file}:{self.line}: {self.severity}: {self.message}"
        return f"{head}\n{self.snippet}" if self.snippet else head


class WuaiError(Exception):
    """Base class for every error this package raises on purpose."""


class ProblemsError(WuaiError):
    """Carries every problem found, not only the first."""

    kind = "problems"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(f"{count} {self.kind} error(s)")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class IntentLoadError(ProblemsError):
    """The intent files could not be loaded."""

    kind = "intent file"


class FormLoadError(ProblemsError):
    """The complaint form files (`intents/forms/`) could not be loaded."""

    kind = "form file"


class ConfigError(ProblemsError):
    """config.yaml is missing or invalid."""

    kind = "config"


class EvalFileError(WuaiError):
    """An evaluation file is missing or malformed."""


class FlowTextError(ProblemsError):
    """What the court finder, checklist or deadline calculator say (`intents/flows/`) could not be loaded."""

    kind = "flow text"


class StorageError(WuaiError):
    """The database kept failing (locked, full, read-only): the service should exit and be restarted."""
