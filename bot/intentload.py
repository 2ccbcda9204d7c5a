"""Loading an intents folder: every file read, the references between files checked, one `IntentSet` built."""

from __future__ import annotations

import difflib
from pathlib import Path

from bot.errors import IntentLoadError, Problem
from bot.glossary import Entry, Glossary, check_entries, read_entries
from bot.intentfile import Found, Vocabulary, read_file, read_intents_of
from bot.intents import COMMAND_BUTTONS, Intent, IntentSet, parse_term
from bot.protocol import RunCommand, too_long
from bot.questions import QuestionRules
from bot.questionsload import read_questions
from bot.scope import Group, ScopeRules, read_scope
from bot.scope import Term as ScopeTerm
from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, display_path, line_of


def intent_files(directory: Path) -> list[Path]:
    """The YAML files of an intents folder, in a stable order."""
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


def load_intents(directory: Path) -> IntentSet:
    """Load and validate every file in `directory`; raise IntentLoadError listing all problems."""
    files = _files(directory)
    problems: list[Problem] = []
    vocabulary = Vocabulary()
    # Vocabulary first: rule terms are rewritten to main words at load time.
    parsed = []
    for path in files:
        read = read_file(path, problems, vocabulary)
        if read is not None:
            parsed.append(read)
    questions = QuestionRules()
    menu: list[tuple[Validator, str, int]] = []
    found = Found()
    entries: list[tuple[Validator, Entry]] = []
    asked_in: tuple[Validator, LDict] | None = None
    for reader, data in parsed:
        if (rules := read_questions(reader, data)) is not None:
            questions, asked_in = rules, (reader, data["questions"])
        if "glossary" in data:
            entries += [(reader, e) for e in read_entries(data["glossary"], line_of(data, "glossary"), reader.name,
                                                          directory, reader.error)]
        if "menu" in data:
            menu += [(reader, entry, line) for entry, line in reader.str_list(data, "menu")]
        read_intents_of(reader, data, vocabulary.synonyms, directory, found)
    intents, seen, items = found.intents, found.seen, found.items
    _check_buttons(items, seen)
    scope = _read_scopes(parsed, vocabulary.synonyms, intents)
    _check_aspects(items, seen, questions)
    if asked_in is not None:
        _check_merits(*asked_in, questions, {i.id: i for i in intents})
    for reader, entry, line in menu:
        if entry not in seen and entry not in COMMAND_BUTTONS:
            reader.error(line, f"menu entry '{entry}' is not an intent id or a known command")
    readers = {id(entry): reader for reader, entry in entries}
    check_entries([e for _, e in entries], seen, lambda e, line, msg: readers[id(e)].error(line, msg))
    if not intents and not problems:
        problems.append(Problem(display_path(directory), 1, "no intents defined"))
    if problems:
        raise IntentLoadError(problems)
    synonyms = vocabulary.synonyms
    return IntentSet(tuple(intents), synonyms, tuple(vocabulary.words), tuple(files), tuple(e for _, e, _ in menu),
                     questions, Glossary((e for _, e in entries), synonyms,
                                         ((i.id, x) for i in intents for x in i.examples)), scope,
                     tuple(vocabulary.sound_alike))


def _read_scopes(parsed: list[tuple[Validator, LDict]], canon: dict[str, str], intents: list[Intent]) -> ScopeRules:
    """Every file's `scope:` section, joined (most folders have one, `scope.yaml`)."""
    scope_of = {i.id: i.out_of_scope for i in intents}.get
    asks: list[Group] = []
    areas: list[Group] = []
    covered: list[ScopeTerm] = []
    keep: set[str] = set()
    everyday: set[str] = set()
    everyday_score, everyday_chars, unasked_score, areas_below = 0.0, 0, 0.0, 0.0
    for reader, data in parsed:
        rules = read_scope(reader, data, lambda text, line: parse_term(text, 1.0, line, canon), scope_of)
        if rules is not None:
            asks += rules.asks
            areas += rules.areas
            covered += rules.covered
            keep |= rules.keep
            everyday |= rules.everyday
            everyday_score = max(everyday_score, rules.everyday_score)
            everyday_chars = max(everyday_chars, rules.everyday_chars)
            unasked_score = max(unasked_score, rules.unasked_score)
            areas_below = max(areas_below, rules.areas_below)
    return ScopeRules(tuple(asks), tuple(areas), tuple(covered), frozenset(keep), frozenset(everyday), everyday_score,
                      everyday_chars, unasked_score, areas_below)



def _files(directory: Path) -> list[Path]:
    """The folder's intent files; an IntentLoadError when there is no folder or no file."""
    if not directory.is_dir():
        raise IntentLoadError([Problem(display_path(directory), 1, "intents folder not found")])
    files = intent_files(directory)
    if not files:
        raise IntentLoadError([Problem(display_path(directory), 1, "no .yaml files in the intents folder")])
    return files



def _check_buttons(items: list[tuple[Validator, LDict]], seen: dict[str, str]) -> None:
    """Every button names a known intent id or command."""
    for reader, item in items:
        buttons = item.get("buttons")
        if isinstance(buttons, str):  # one button written without a list
            buttons = [buttons.strip()]
            buttons_lines = [line_of(item, "buttons")]
        elif isinstance(buttons, list):
            buttons_lines = getattr(buttons, "item_lines", [])
        else:  # missing, or not a list: read_intent has reported it
            continue
        for button, bline in zip(buttons, buttons_lines, strict=False):
            name, _, arg = str(button).strip().partition(" ")   # `/deadline appeal_judgment`: command, argument
            if name in COMMAND_BUTTONS:
                if why := too_long(RunCommand(name, arg.strip())):
                    reader.error(bline, f"button '{button}' is too long: {why}")
                continue
            if str(button).startswith("/"):
                reader.error(bline, f"button '{button}' is not a known command "
                                    f"({', '.join(sorted(COMMAND_BUTTONS))})")
            elif str(button) not in seen:
                hint = difflib.get_close_matches(str(button), list(seen), n=1)
                extra = f" (did you mean '{hint[0]}'?)" if hint else ""
                reader.error(bline, f"button '{button}' names an unknown intent id{extra}")


def _check_merits(reader: Validator, section: LDict, questions: QuestionRules, by_id: dict[str, Intent]) -> None:
    """`questions: merits:` names out-of-scope intents, `not_topics:`, `by_case:` and `feelings:` intents."""
    for intent_id in questions.merits:
        if intent_id not in by_id or not by_id[intent_id].out_of_scope:
            reader.error(line_of(section, "merits"), f"merits: '{intent_id}' is not an out-of-scope intent id")
    feelings = tuple(intent_id for intent_id, _words in questions.feelings)
    for key, ids in (("not_topics", questions.not_topics), ("by_case", questions.by_case), ("feelings", feelings)):
        for intent_id in ids:
            if intent_id not in by_id:
                reader.error(line_of(section, key), f"{key}: '{intent_id}' is not an intent id")


def _check_aspects(items: list[tuple[Validator, LDict]], seen: dict[str, str], questions: QuestionRules) -> None:
    """Every `aspects:` entry names an aspect of the `questions:` section and a known intent id."""
    names = {name for name, _ in questions.aspects}
    for reader, item in items:
        raw_aspects = item.get("aspects")
        for name, target in raw_aspects.items() if isinstance(raw_aspects, LDict) else ():
            if str(target) not in seen:
                reader.error(line_of(raw_aspects, name), f"aspect '{name}' names an unknown intent id '{target}'")
            elif str(name) not in names:
                reader.error(line_of(raw_aspects, name),
                             f"unknown aspect '{name}' (the 'questions: aspects:' section has: "
                             f"{', '.join(sorted(names))})")
