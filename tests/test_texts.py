"""Every sentence a user or an operator reads lives in a text module or a YAML file, never inline in logic."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")   # CJK punctuation alone is not a sentence

# Modules whose job is to hold texts.
TEXT_MODULES = ("texts.py", "forms/texts.py", "flows/texts.py")

# (module, top-level name): Chinese that is matched against what users type, or that no one reads as a
# sentence. "*" stands for the whole module. Every entry says why it is not a sentence to move.
ALLOWED: dict[tuple[str, str], str] = {
    ("places/names.py", "*"): "the words of place names (省, 自治州, 区...) that reading a place strips and adds",
    ("places/gazetteer.py", "_NOT_AFTER_STEM"): "characters that show a typed name is a street, not a district",
    ("places/index.py", "_TYPO_SUFFIX"): "place-name suffixes a typo may not touch",
    ("places/model.py", "Division.court_name"): "a basic court's name is its place's name + 人民法院 (a name, not a sentence)",
    ("cli.py", "*"): "the command line prints its own output (out of scope of the texts rule)",
    ("cli_common.py", "*"): "the command line prints its own output (out of scope of the texts rule)",
    ("cli_run.py", "*"): "the terminal desk's command line prints its own output (out of scope of the texts rule)",
    ("maint/bench_timing.py", "PLACE_TEXTS"): "sample places the benchmark looks up; never shown",
    ("maint/bench_e2e.py", "*"): "sample questions the end-to-end benchmark sends; never shown",
    ("dates.py", "*"): "reads typed dates (数字, 年月日, 周一) and writes them as 2026年5月1日",
    ("forms/parse.py", "*"): "reads typed amounts, names and dates (一万二, 我叫…, 年月日)",
    ("privacy.py", "*"): "name and number patterns, and the [手机号]-style marks that replace them",
    ("danger.py", "DANGER"): "words that mean the user is in danger (a pattern)",
    ("questions.py", "*"): "question words that split a message into questions",
    ("maint/readability.py", "*"): "sentence and list-number punctuation, for the maintainers' reading check",
    ("maint/terms.py", "*"): "sentence punctuation, to find legal words in an answer",
    ("glossary.py", "_ASK"): "polite openings of a question about a word (a pattern)",
    ("glossary.py", "_END"): "particles closing a question about a word (a pattern)",
    ("glossary.py", "QUESTION_PATTERNS"): "ways of asking what a word means (patterns)",
    ("glossary.py", "_AFTER"): "how an answer says it explains a word (a pattern)",
    ("glossary.py", "_BEFORE"): "how an answer says it explains a word (a pattern)",
    ("glossary.py", "Glossary.lookup"): "the particle 的 stripped from an asked word",
    ("flows/court.py", "KIND_WORDS"): "typed words that pick a case type",
    ("flows/court.py", "DIVORCE_WORDS"): "typed words that pick the spouse's situation",
    ("flows/court.py", "UNKNOWN_WORDS"): "typed words for 'I do not know where'",
    ("flows/court.py", "TORT_WORDS"): "typed words that pick whose place",
    ("flows/court.py", "PAYMENT_ORDER"): "the typed word that picks the payment-order rule",
    ("flows/court.py", "ASKS_WHICH_COURT"): "typed words that ask which court (a pattern)",
    ("flows/checklist.py", "KIND_WORDS"): "typed words that pick a case type",
    ("flows/deadline.py", "DAY_BUTTONS"): "words the date reader understands, so buttons can offer exactly them",
    ("flows/deadline.py", "_DAYS_SINCE"): "reads 收到12天了 (a pattern)",
    ("flows/deadline.py", "typed_day"): "turns 12天了 into 12天前 for the date reader",
    ("forms/answer.py", "SKIP_WORDS"): "typed words that skip a question",
    ("forms/answer.py", "YES_WORDS"): "typed words for yes",
    ("forms/answer.py", "NO_WORDS"): "typed words for no",
    ("forms/answer.py", "pick_many"): "the separators of a typed list, 和 and 及 among them (a pattern)",
    ("forms/model.py", "Cond.holds"): "the form's written 'none' (a question's `skip: 无`), compared, not shown",
    ("forms/docx.py", "FONT"): "a font's name (宋体), as the court's template sets it",
    ("forms/flow.py", "BACK_WORDS"): "typed words for 'go back'",
    ("forms/flow.py", "EDIT_RE"): "reads 改 3 in the review (a pattern)",
    ("forms/answer.py", "yes_or_no"): "typed first words for yes and no",
    ("forms/load.py", "_Reader.options"): "an example (`value: 标签`) in a maintainer's error message",
    ("media.py", "read_media"): "an example caption in a maintainer's error message",
    ("regexrisk.py", "_ambiguous"): "example patterns ('(讼+)+', '(了?)+') in a maintainer's error message",
    ("deadlines.py", "_read_period"): "examples (判决+上诉, 法院) in maintainers' error messages",
}


@cache
def parsed(path: Path) -> ast.Module:
    """A source file's syntax tree, read once per test process (the trees are only read)."""
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


@cache
def scopes(module: ast.Module) -> dict[int, str]:
    """The top-level name each node belongs to: an assignment's target, a function, or Class.method."""
    out: dict[int, str] = {}

    def mark(node: ast.AST, name: str) -> None:
        for n in ast.walk(node):
            out[id(n)] = name

    for top in module.body:
        name = ""
        if isinstance(top, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            name = top.name
        elif isinstance(top, ast.Assign):
            name = ",".join(t.id for t in top.targets if isinstance(t, ast.Name))
        elif isinstance(top, ast.AnnAssign) and isinstance(top.target, ast.Name):
            name = top.target.id
        mark(top, name)
        if isinstance(top, ast.ClassDef):
            for member in top.body:
                if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef):
                    mark(member, f"{top.name}.{member.name}")
    return out


def docstrings(tree: ast.Module) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def inline_chinese(root: Path = BOT) -> list[str]:
    """`file:line: text` for each Chinese string constant in logic code that the allow-list does not name."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel in TEXT_MODULES or (rel, "*") in ALLOWED:
            continue
        tree = parsed(path)
        skip, names = docstrings(tree), scopes(tree)
        for node in ast.walk(tree):
            where = names.get(id(node), "")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip \
                    and HAN.search(node.value) and (rel, where) not in ALLOWED:
                found.append(f"bot/{rel}:{node.lineno}: {node.value[:40]!r} ({where or 'module'})")
    return found


def test_no_sentence_is_written_inline_in_logic() -> None:
    found = inline_chinese()
    assert not found, ("Chinese text inline in logic: move it to bot/texts.py, bot/forms/texts.py or the flow's YAML "
                       "(or, for words matched against what users type, add it to ALLOWED with the reason):\n"
                       + "\n".join(found))


def test_every_allowed_name_still_exists() -> None:
    """A stale entry would silently allow a new sentence under an old name."""
    for (rel, name), why in ALLOWED.items():
        assert why, (rel, name)
        tree = parsed(BOT / rel)
        if name == "*":
            continue
        assert name in set(scopes(tree).values()), f"bot/{rel}: no top-level '{name}' (update ALLOWED)"


def test_the_guard_names_file_and_line_of_an_inline_sentence(tmp_path: Path) -> None:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "court.py").write_text('"""文档可以。"""\nKIND_WORDS = ("工资",)\n\n\ndef f() -> str:\n'
                                                 '    return "请写省、市、区或县。"\n', encoding="utf-8")
    (tmp_path / "texts.py").write_text('ASK = "请写省、市、区或县。"\n', encoding="utf-8")
    assert inline_chinese(tmp_path) == ["bot/flows/court.py:6: '请写省、市、区或县。' (f)"]
