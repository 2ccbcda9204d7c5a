"""Intent files (`intents/*.yaml`): the data model, and a loader that reports every problem."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.errors import IntentLoadError, Problem
from bot.glossary import Entry, Glossary, check_entries, read_entries
from bot.media import Media, read_media
from bot.protocol import RunCommand, ShowMore, command_buttons, too_long
from bot.questions import QuestionRules, read_questions
from bot.regexparse import compile_pattern
from bot.regexrisk import risk
from bot.scope import Group, ScopeRules, read_scope
from bot.scope import Term as ScopeTerm
from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, display_path, line_of, load_yaml

ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
INTENT_KEYS = {
    "id", "title", "examples", "answer", "more", "buttons", "source", "handoff",
    "keywords", "patterns", "require", "exclude", "out_of_scope", "notes", "aspects", "media",
}
FILE_KEYS = {"intents", "synonyms", "words", "sound_alike", "menu", "questions", "glossary", "scope"}
MIN_EXAMPLES = 6
# Buttons may also start a flow or a command instead of showing an intent.
COMMAND_BUTTONS = command_buttons()


@dataclass(frozen=True)
class Term:
    """A rule term: every part must be present; a part is satisfied by any of its alternatives.

    Written `离婚+法院|哪里` = 离婚 and (法院 or 哪里).
    """

    text: str
    parts: tuple[tuple[str, ...], ...]
    weight: float = 1.0
    line: int = 0

    @property
    def atoms(self) -> set[str]:
        return {atom for part in self.parts for atom in part}

    def present(self, found: set[str] | frozenset[str]) -> bool:
        return all(any(atom in found for atom in part) for part in self.parts)


@dataclass(frozen=True)
class Pattern:
    """A regular expression on the cleaned question, with its weight."""

    text: str
    regex: re.Pattern[str]
    weight: float
    line: int = 0


@dataclass(frozen=True)
class Intent:
    """One thing a user can ask, with how to recognise it and what to answer."""

    id: str
    title: str
    examples: tuple[str, ...]
    answer: str
    more: str = ""
    buttons: tuple[str, ...] = ()
    source: str = ""
    handoff: bool = False
    out_of_scope: bool = False
    keywords: tuple[Term, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    require: tuple[Term, ...] = ()
    exclude: tuple[Term, ...] = ()
    aspects: tuple[tuple[str, str], ...] = ()   # (aspect, intent id that answers it) for follow-ups
    media: Media | None = None
    file: str = ""
    line: int = 0

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    def aspect(self, name: str) -> str:
        """The intent id answering this aspect of the topic ('' when the topic has none)."""
        return next((target for aspect, target in self.aspects if aspect == name), "")


@dataclass(frozen=True)
class IntentSet:
    """Every intent and the shared vocabulary, as loaded from one folder."""

    intents: tuple[Intent, ...]
    synonyms: dict[str, str] = field(default_factory=dict)  # variant -> main word
    words: tuple[str, ...] = ()
    files: tuple[Path, ...] = ()
    menu: tuple[str, ...] = ()  # intent ids or commands offered as the topic buttons
    questions: QuestionRules = field(default_factory=lambda: QuestionRules())
    glossary: Glossary = field(default_factory=Glossary)
    scope: ScopeRules = field(default_factory=ScopeRules)
    sound_alike: tuple[str, ...] = ()   # words whose one-character pinyin slips are read as them (bot/soundalike.py)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {i.id: i for i in self.intents})

    def get(self, intent_id: str) -> Intent | None:
        by_id: dict[str, Intent] = getattr(self, "_by_id")  # noqa: B009 - set in __post_init__
        return by_id.get(intent_id)

    def __iter__(self) -> Iterator[Intent]:
        return iter(self.intents)

    def __len__(self) -> int:
        return len(self.intents)

    @property
    def answerable(self) -> tuple[Intent, ...]:
        return tuple(i for i in self.intents if not i.out_of_scope)

    def dictionary_words(self) -> set[str]:
        """Words jieba should keep whole: vocabulary, synonyms and every rule atom."""
        words = set(self.words) | set(self.synonyms) | set(self.synonyms.values())
        for intent in self.intents:
            for term in (*intent.keywords, *intent.require, *intent.exclude):
                words |= {atom.removeprefix(WHOLE_WORD) for atom in term.atoms}
        return {w for w in words if len(w) > 1}


def parse_term(text: str, weight: float, line: int, canon: dict[str, str]) -> Term | None:
    """Parse `a+b|c`; synonyms are replaced by their main word so either spelling works."""
    parts = []
    for raw_part in text.split("+"):
        alts = tuple(canonical_atom(a.strip(), canon) for a in raw_part.split("|") if a.strip())
        if not alts:
            return None
        parts.append(alts)
    return Term(text, tuple(parts), weight, line) if parts else None


WHOLE_WORD = "="   # `=钱`: only the whole word 钱, never inside 洗钱 or 钱包


def canonical_atom(atom: str, canon: dict[str, str]) -> str:
    """The atom with the same cleanup the matcher applies to user text (a leading `=` is kept)."""
    from bot.normalize import normalize

    whole = atom.startswith(WHOLE_WORD)
    cleaned = normalize(atom.removeprefix(WHOLE_WORD)).replace(" ", "")
    cleaned = canon.get(cleaned, cleaned)
    return WHOLE_WORD + cleaned if whole and cleaned else cleaned


def _read_vocabulary(reader: Validator, data: LDict, synonyms: dict[str, str],
                     origin: dict[str, str], words: list[str]) -> None:
    from bot.normalize import normalize

    groups = data.get("synonyms")
    if groups is not None:
        if not isinstance(groups, LDict):
            reader.error(line_of(data, "synonyms"), "'synonyms' must map a main word to a list of variants")
        else:
            for main, variants in groups.items():
                line = line_of(groups, main)
                main_word = normalize(str(main)).replace(" ", "")
                if not isinstance(variants, list):
                    reader.error(line, f"variants of '{main}' must be a list")
                    continue
                for variant, vline in zip(variants, getattr(variants, "item_lines", []), strict=False):
                    v = normalize(str(variant)).replace(" ", "")
                    if not v or v == main_word:
                        continue
                    where = f"{reader.name}:{vline}"
                    if v in synonyms and synonyms[v] != main_word:
                        reader.error(vline, f"'{v}' is already a variant of '{synonyms[v]}' ({origin[v]})")
                        continue
                    synonyms[v], origin[v] = main_word, where
    for word, _line in reader.str_list(data, "words"):
        words.append(normalize(word).replace(" ", ""))


def _read_intent(reader: Validator, data: Any, line: int, canon: dict[str, str], base: Path) -> Intent | None:
    """One item of `intents:`; None (with its problems reported) when anything in it is wrong."""
    if not isinstance(data, LDict):
        reader.error(line, "each intent must be a mapping of keys (id, title, examples, answer, ...)")
        return None
    reader.keys(data, INTENT_KEYS)
    before = len(reader.problems)
    intent_id = reader.text(data, "id", required=True)
    if intent_id and not ID_RE.match(intent_id):
        reader.error(line_of(data, "id"), f"id '{intent_id}' must be lower-case words joined by dots")
    elif intent_id and (why := too_long(ShowMore(intent_id))):   # `m:<id>` is the longest button an id gets
        reader.error(line_of(data, "id"), f"id '{intent_id}' is too long: {why}")
    title = reader.text(data, "title", required=True)
    answer = reader.text(data, "answer", required=True)
    examples = _read_examples(reader, data, line)
    handoff, out_of_scope = reader.flag(data, "handoff"), reader.flag(data, "out_of_scope")
    patterns = _read_patterns(reader, data)
    aspects = _read_aspects(reader, data)
    keywords = _read_terms(reader, data, "keywords", canon, weighted=True)
    media = read_media(data, "media", base, reader.error)   # paths relative to the intents folder
    if not keywords and not patterns and len(reader.problems) == before:
        reader.error(line, f"intent '{intent_id}' has no 'keywords' or 'patterns', so it can never match")
    if len(reader.problems) > before:
        return None
    return Intent(
        id=intent_id, title=title, examples=examples, answer=answer,
        more=reader.text(data, "more"),
        buttons=tuple(b for b, _ in reader.str_list(data, "buttons")),
        source=reader.text(data, "source"),
        handoff=handoff, out_of_scope=out_of_scope,
        keywords=keywords, patterns=patterns,
        require=_read_terms(reader, data, "require", canon), exclude=_read_terms(reader, data, "exclude", canon),
        media=media, aspects=aspects, file=reader.name, line=line,
    )


def _read_examples(reader: Validator, data: LDict, line: int) -> tuple[str, ...]:
    examples = tuple(text for text, _ in reader.str_list(data, "examples"))
    if "examples" not in data:
        reader.error(line, "'examples' is missing")
    elif len(examples) < MIN_EXAMPLES:
        reader.error(line_of(data, "examples"), f"needs at least {MIN_EXAMPLES} examples, has {len(examples)}")
    return examples


def _read_terms(reader: Validator, data: LDict, key: str, canon: dict[str, str],
                weighted: bool = False) -> tuple[Term, ...]:
    """`keywords` (weighted), `require` or `exclude`: each entry parsed as a term."""
    rows = reader.weighted(data, key) if weighted else [(t, 1.0, ln) for t, ln in reader.str_list(data, key)]
    out = []
    for text, weight, line in rows:
        term = parse_term(text, weight, line, canon)
        if term is None:
            reader.error(line, f"'{text}' has an empty part (check '+' and '|')")
        else:
            out.append(term)
    return tuple(out)


def _read_patterns(reader: Validator, data: LDict) -> tuple[Pattern, ...]:
    patterns = []
    for text, weight, line in reader.weighted(data, "patterns"):
        try:
            if why := risk(text):   # it could freeze the bot (bot/regexrisk.py)
                raise re.error(why)
            patterns.append(Pattern(text, compile_pattern(text), weight, line))   # re.MULTILINE: ^ $ a sentence's ends
        except (re.error, OverflowError, RecursionError) as exc:  # a{4294967296}; thousands of nested groups
            reader.error(line, f"invalid regular expression '{text[:80]}': {exc}")
    return tuple(patterns)


def _read_aspects(reader: Validator, data: LDict) -> tuple[tuple[str, str], ...]:
    raw = reader.mapping(data, "aspects", "'aspects' must map an aspect (fees, where, ...) to an intent id")
    return tuple((str(k), str(v).strip()) for k, v in raw.items()) if raw is not None else ()


def intent_files(directory: Path) -> list[Path]:
    """The YAML files of an intents folder, in a stable order."""
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")])


def load_intents(directory: Path) -> IntentSet:
    """Load and validate every file in `directory`; raise IntentLoadError listing all problems."""
    files = _files(directory)
    problems: list[Problem] = []
    vocabulary = _Vocabulary()
    # Vocabulary first: rule terms are rewritten to main words at load time.
    parsed = []
    for path in files:
        read = _read_file(path, problems, vocabulary)
        if read is not None:
            parsed.append(read)
    questions = QuestionRules()
    menu: list[tuple[Validator, str, int]] = []
    found = _Found()
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
        _read_intents_of(reader, data, vocabulary.synonyms, directory, found)
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
    for reader, data in parsed:
        rules = read_scope(reader, data, lambda text, line: parse_term(text, 1.0, line, canon), scope_of)
        if rules is not None:
            asks += rules.asks
            areas += rules.areas
            covered += rules.covered
            keep |= rules.keep
    return ScopeRules(tuple(asks), tuple(areas), tuple(covered), frozenset(keep))


@dataclass
class _Vocabulary:
    """`synonyms:` and `words:` of every file, gathered before any intent is read."""

    synonyms: dict[str, str] = field(default_factory=dict)   # variant -> main word
    origin: dict[str, str] = field(default_factory=dict)     # variant -> file:line that declared it
    words: list[str] = field(default_factory=list)
    sound_alike: list[str] = field(default_factory=list)


def _files(directory: Path) -> list[Path]:
    """The folder's intent files; an IntentLoadError when there is no folder or no file."""
    if not directory.is_dir():
        raise IntentLoadError([Problem(display_path(directory), 1, "intents folder not found")])
    files = intent_files(directory)
    if not files:
        raise IntentLoadError([Problem(display_path(directory), 1, "no .yaml files in the intents folder")])
    return files


def _read_file(path: Path, problems: list[Problem], vocabulary: _Vocabulary) -> tuple[Validator, LDict] | None:
    """Parse one file, check its top-level keys and gather its vocabulary; None when it cannot be read."""
    data, lines, file_problems = load_yaml(path)
    problems.extend(file_problems)
    reader = Validator(display_path(path), lines, problems)
    if file_problems:
        return None
    if not isinstance(data, LDict):
        reader.error(1, "the file must be a mapping with 'intents:' (or 'synonyms:' / 'words:')")
        return None
    reader.keys(data, FILE_KEYS)
    _read_vocabulary(reader, data, vocabulary.synonyms, vocabulary.origin, vocabulary.words)
    from bot.normalize import normalize

    vocabulary.sound_alike += [normalize(w).replace(" ", "") for w, _ in reader.str_list(data, "sound_alike")]
    return reader, data


@dataclass
class _Found:
    """The good intents so far, every id with where it was first defined, and every item with an id."""

    intents: list[Intent] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)
    items: list[tuple[Validator, LDict]] = field(default_factory=list)


def _read_intents_of(reader: Validator, data: LDict, synonyms: dict[str, str], base: Path, found: _Found) -> None:
    """The `intents:` list of one file."""
    items = data.get("intents")
    if items is None:
        return
    if not isinstance(items, list):
        reader.error(line_of(data, "intents"), "'intents' must be a list (each item starts with '- id:')")
        return
    for item, item_line in zip(items, getattr(items, "item_lines", []), strict=False):
        intent = _read_intent(reader, item, item_line, synonyms, base)
        # Ids of broken intents still count, so duplicates and buttons are checked in the same run.
        raw_id = item.get("id") if isinstance(item, LDict) else None
        if not isinstance(raw_id, str) or not raw_id.strip():
            continue
        intent_id = raw_id.strip()
        if intent_id in found.seen:
            reader.error(line_of(item, "id"), f"duplicate id '{intent_id}' (first in {found.seen[intent_id]})")
            continue
        found.seen[intent_id] = f"{reader.name}:{item_line}"
        found.items.append((reader, item))
        if intent is not None:
            found.intents.append(intent)


def _check_buttons(items: list[tuple[Validator, LDict]], seen: dict[str, str]) -> None:
    """Every button names a known intent id or command."""
    for reader, item in items:
        buttons = item.get("buttons")
        if isinstance(buttons, str):  # one button written without a list
            buttons = [buttons.strip()]
            buttons_lines = [line_of(item, "buttons")]
        elif isinstance(buttons, list):
            buttons_lines = getattr(buttons, "item_lines", [])
        else:  # missing, or not a list: _read_intent has reported it
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
    """`questions: merits:` names out-of-scope intents, `not_topics:` and `by_case:` intents."""
    for intent_id in questions.merits:
        if intent_id not in by_id or not by_id[intent_id].out_of_scope:
            reader.error(line_of(section, "merits"), f"merits: '{intent_id}' is not an out-of-scope intent id")
    for key, ids in (("not_topics", questions.not_topics), ("by_case", questions.by_case)):
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
