"""The shape of the package: the running bot never loads the maintainers' tools, and `bot/` has no import cycle."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

from tests.conftest import ROOT, SMALL_INTENTS, write_config

BOT = ROOT / "bot"
# What `wuai serve` and `wuai chat` import (bot/cli_run.py's cmd_serve and cmd_chat).
RUNTIME_ROOTS = ("bot.cli", "bot.app", "bot.engine", "bot.channels.telegram", "bot.channels.terminal")


def is_cli(module: str) -> bool:
    """The command line: `bot/cli.py` and its handler modules `bot/cli_*.py`."""
    return module == "bot.cli" or module.startswith("bot.cli_")

# Runs `wuai chat` on a pipe, builds the Telegram channel as `wuai serve` does (without connecting) and hot
# reloads the intents, then prints the bot.maint modules that got loaded.
SCRIPT = """
import json, sys
from pathlib import Path
from bot.cli import main
from bot.config import load_config
config = Path(sys.argv[1])
assert main(["chat", "--config", str(config)]) == 0
from bot.app import build
from bot.channels.telegram import TelegramChannel
services = build(load_config(config))
TelegramChannel(services, "123:ABC")
services.library.reload()
services.close()
loaded = sorted(m for m in sys.modules if m.startswith("bot."))
print(json.dumps(loaded))
"""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """Every bot module `path` imports: at the top, inside functions, and for type checking only."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            found.add(source)
            found.update(f"{source}.{alias.name}" for alias in node.names)   # `from bot import texts`
    return {m for m in found if m in modules and m != name}


@cache
def _graph() -> dict[str, frozenset[str]]:
    paths = {module_name(p): p for p in BOT.rglob("*.py")}
    return {name: frozenset(imports_of(path, set(paths))) for name, path in paths.items()}


def import_graph() -> dict[str, set[str]]:
    """Each bot module -> the bot modules it imports (read once per test process; a fresh copy each call)."""
    return {name: set(found) for name, found in _graph().items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan), each as one cycle through them."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while (member := stack.pop()) != node:
                group.add(member)
            if group:
                groups.append({*group, node})

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [path_through(graph, group) for group in groups]


def path_through(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """One cycle inside a strongly connected group, as `a -> b -> ... -> a`."""
    start = min(group)
    paths = {start: [start]}
    todo = [start]
    while todo:
        node = todo.pop(0)
        for nxt in sorted(graph[node] & group):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                todo.append(nxt)
    raise AssertionError(f"no cycle through {sorted(group)}")


def reachable(graph: dict[str, set[str]], roots: tuple[str, ...]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph[node])
    return seen


def test_no_import_cycle_in_the_bot_package() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles:\n" + "\n".join(" -> ".join(c) for c in found)


def test_the_cycle_finder_names_each_module_of_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_lazy_and_type_checking_imports() -> None:
    graph = import_graph()
    assert "bot.places" in graph["bot.app"]                             # imported inside build()
    assert "bot.forms.model" in graph["bot.flows"]                      # under TYPE_CHECKING
    assert {"bot.texts", "bot.replies"} <= graph["bot.engine"]          # `from bot import replies, texts`


def test_no_runtime_module_imports_a_maintainers_tool() -> None:
    """Not even inside a function: every import of `bot.maint` on the path from `wuai serve`/`wuai chat` is the CLI's."""
    graph = import_graph()
    cli = {name for name in graph if is_cli(name)}
    runtime = reachable({**graph, **{name: set() for name in cli}}, RUNTIME_ROOTS) | cli
    assert "bot.channels.operators" in runtime and "bot.forms.flow" in runtime
    assert sorted(m for m in runtime - cli if m.startswith("bot.maint")) == []
    assert {m for name in cli for m in graph[name] if m.startswith("bot.maint")}, "the CLI runs the tools"
    only_for_tools = sorted(set(graph) - runtime - {"bot.__main__"} - {m for m in graph if m.startswith("bot.maint")})
    assert only_for_tools == [], "not on the runtime path: belongs in bot/maint/"


def test_serve_and_chat_load_no_maintainers_tool(tmp_path: Path) -> None:
    """A fresh interpreter: chat, the Telegram channel as `wuai serve` builds it, a hot reload."""
    config = write_config(tmp_path, SMALL_INTENTS)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(config)], input="怎么立案\n", capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert {"bot.engine", "bot.channels.telegram", "bot.channels.operators", "bot.selfcheck"} <= set(loaded)
    assert [m for m in loaded if m.startswith("bot.maint")] == []
