"""Reading one intent file: its vocabulary, its `intents:` list and each intent, every problem at file:line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.aspectlines import read_aspect_lines
from bot.errors import Problem
from bot.intents import ID_RE, Intent, Pattern, Term, parse_term
from bot.media import read_media
from bot.protocol import ShowMore, too_long
from bot.regexparse import compile_pattern
from bot.regexrisk import risk
from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, display_path, line_of, load_yaml

INTENT_KEYS = {
    "id", "title", "examples", "answer", "more", "buttons", "source", "handoff",
    "keywords", "patterns", "require", "exclude", "out_of_scope", "notes", "aspects", "aspect_lines", "media",
    "statements",
}
FILE_KEYS = {"intents", "synonyms", "words", "sound_alike", "menu", "questions", "glossary", "scope"}
MIN_EXAMPLES = 6


@dataclass
class Vocabulary:
    """`synonyms:` and `words:` of every file, gathered before any intent is read."""

    synonyms: dict[str, str] = field(default_factory=dict)   # variant -> main word
    origin: dict[str, str] = field(default_factory=dict)     # variant -> file:line that declared it
    words: list[str] = field(default_factory=list)
    sound_alike: list[str] = field(default_factory=list)


def read_file(path: Path, problems: list[Problem], vocabulary: Vocabulary) -> tuple[Validator, LDict] | None:
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
    read_vocabulary(reader, data, vocabulary.synonyms, vocabulary.origin, vocabulary.words)
    from bot.normalize import normalize

    vocabulary.sound_alike += [normalize(w).replace(" ", "") for w, _ in reader.str_list(data, "sound_alike")]
    return reader, data


def read_vocabulary(reader: Validator, data: LDict, synonyms: dict[str, str],
                    origin: dict[str, str], words: list[str]) -> None:
    """The file's `synonyms:` (variant -> main word, each variant declared once) and `words:`."""
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


@dataclass
class Found:
    """The good intents so far, every id with where it was first defined, and every item with an id."""

    intents: list[Intent] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)
    items: list[tuple[Validator, LDict]] = field(default_factory=list)


def read_intents_of(reader: Validator, data: LDict, synonyms: dict[str, str], base: Path, found: Found) -> None:
    """The `intents:` list of one file."""
    items = data.get("intents")
    if items is None:
        return
    if not isinstance(items, list):
        reader.error(line_of(data, "intents"), "'intents' must be a list (each item starts with '- id:')")
        return
    for item, item_line in zip(items, getattr(items, "item_lines", []), strict=False):
        intent = read_intent(reader, item, item_line, synonyms, base)
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


def read_intent(reader: Validator, data: Any, line: int, canon: dict[str, str], base: Path) -> Intent | None:
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
    more = reader.text(data, "more")
    aspect_lines = read_aspect_lines(reader, data, answer, more, aspects, intent_id)
    keywords = _read_terms(reader, data, "keywords", canon, weighted=True)
    media = read_media(data, "media", base, reader.error)   # paths relative to the intents folder
    if not keywords and not patterns and len(reader.problems) == before:
        reader.error(line, f"intent '{intent_id}' has no 'keywords' or 'patterns', so it can never match")
    if len(reader.problems) > before:
        return None
    return Intent(
        id=intent_id, title=title, examples=examples, answer=answer,
        more=more,
        buttons=tuple(b for b, _ in reader.str_list(data, "buttons")),
        source=reader.text(data, "source"),
        handoff=handoff, out_of_scope=out_of_scope,
        keywords=keywords, patterns=patterns,
        require=_read_terms(reader, data, "require", canon), exclude=_read_terms(reader, data, "exclude", canon),
        statements=_read_terms(reader, data, "statements", canon),
        media=media, aspects=aspects, aspect_lines=aspect_lines, file=reader.name, line=line,
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
    """`keywords` (weighted), `require`, `exclude` or `statements`: each entry parsed as a term."""
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
