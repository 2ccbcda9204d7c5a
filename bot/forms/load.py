"""Loading `intents/forms/*.yaml`: every problem collected as `file:line`, nothing half-loaded."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.errors import FormLoadError, Problem
from bot.forms.model import (
    BOX_RE,
    COND_RE,
    FLOW_NAME,
    TEST_RE,
    TYPES,
    VALUE_RE,
    Cond,
    Field,
    Form,
    FormSet,
    Notes,
    Option,
    Row,
)
from bot.media import read_media
from bot.protocol import FlowChoice, too_long
from bot.yamlsrc import LDict, display_path, line_of, load_yaml, snippet

FORMS_DIR = "forms"   # inside the intents folder, so hot reload and `wuai check` see the forms too
COMMON = "common.yaml"
KEY_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
MAX_VALUE = 24
FIELD_KEYS = {"id", "type", "ask", "example", "help", "title", "options", "when", "skip", "default", "offer",
              "fixed", "prefill", "check", "max", "fields", "more", "stop", "derive", "use", "who", "role",
              "deadline", "media"}
ROW_KEYS = {"section", "note", "label", "text", "each", "item", "empty", "use"}
FORM_KEYS = {"id", "case_type", "button", "need", "notes_intro", "defendants", "fields", "document", "title", "order",
             "words"}


class _Reader:
    """Validates one file, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path, lines: list[str], problems: list[Problem]) -> None:
        self.name, self.lines, self.problems = display_path(path), lines, problems
        self.base = path.parent.parent   # the intents folder: media paths are relative to it, as in intent files

    def bad(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message, snippet(self.lines, line)))

    def text(self, data: LDict, key: str, required: bool = False) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.bad(line_of(data), f"'{key}' is missing")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.bad(line_of(data, key), f"'{key}' must be text")
            return ""
        return str(value).strip()

    def unknown(self, data: LDict, allowed: set[str], what: str) -> None:
        for key in data:
            if key not in allowed:
                self.bad(line_of(data, key), f"unknown key '{key}' in {what} (allowed: {', '.join(sorted(allowed))})")

    def conds(self, data: LDict, key: str) -> tuple[Cond, ...]:
        raw = data.get(key)
        items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        if raw is not None and not items:
            self.bad(line_of(data, key), f"'{key}' must be a condition like `has_children=yes` or a list of them")
        out = []
        for item in items:
            m = COND_RE.match(str(item))
            if not m:
                self.bad(getattr(item, "line", line_of(data, key)), f"bad condition '{item}' (write key=value)")
                continue
            out.append(Cond(m.group(2), m.group(3) or "", m.group(4) or "", bool(m.group(1))))
        return tuple(out)

    def options(self, data: LDict) -> tuple[Option, ...]:
        raw = data.get("options")
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.bad(line_of(data, "options"), "'options' must be a list of `value: 标签` entries")
            return ()
        out: list[Option] = []
        for item in raw:
            if not isinstance(item, dict) or not item:
                self.bad(getattr(item, "line", line_of(data, "options")), "an option is written `value: 标签`")
                continue
            value, label = next(iter(item.items()))
            words = tuple(str(w) for w in item.get("words", []) or [])
            line = line_of(item, value)
            if not KEY_RE.match(str(value)) or len(str(value)) > MAX_VALUE:
                # The value travels in a Telegram button, whose data may not exceed 64 bytes.
                self.bad(line, f"option value '{value}' must be at most {MAX_VALUE} lower-case latin letters, "
                               "digits or _")
            elif any(o.value == value for o in out):
                self.bad(line, f"option '{value}' appears twice")
            out.append(Option(str(value), str(label), words))
        return tuple(out)

    def field(self, data: Any, prefix: str = "", who: str = "") -> Field | None:
        if not isinstance(data, LDict):
            self.bad(getattr(data, "line", 1), "a field must be a mapping with id, type and ask")
            return None
        self.unknown(data, FIELD_KEYS, "a field")
        key = self.text(data, "id", required=True)
        line = line_of(data)
        if key and not KEY_RE.match(key):
            self.bad(line_of(data, "id"), f"field id '{key}' must be lower-case latin letters, digits or _")
        kind = self.text(data, "type") or "text"
        if kind not in TYPES:
            self.bad(line_of(data, "type"), f"unknown type '{kind}' (one of: {', '.join(TYPES)})")
        fixed, prefill = self.text(data, "fixed"), self._prefill(data)
        ask = self.text(data, "ask", required=not fixed and not prefill and kind != "list").replace("{who}", who)
        options = self.options(data)
        if kind in ("choice", "multi") and not options:
            self.bad(line, f"a {kind} field needs 'options'")
        skip_raw = data.get("skip")
        skip = None if skip_raw in (None, False) else "" if skip_raw is True else str(skip_raw)
        stop = None
        if isinstance(data.get("stop"), dict):
            stop = (str(data["stop"].get("value", "")), str(data["stop"].get("say", "")))
        max_chars = data.get("max", 200)
        if not isinstance(max_chars, int) or max_chars < 1:
            self.bad(line_of(data, "max"), "'max' must be a whole number of characters")
            max_chars = 200
        sub: tuple[Field, ...] = ()
        if kind == "list":
            raw = data.get("fields")
            if not isinstance(raw, list) or not raw:
                self.bad(line, "a list field needs 'fields' (the questions asked for each item)")
            else:
                sub = tuple(f for item in raw if (f := self.field(item, "", who)) is not None)
            if not self.text(data, "more"):
                self.bad(line, "a list field needs 'more' (the question: is there another one?)")
        return Field(
            key=prefix + key, type=kind, ask=ask, example=self.text(data, "example").replace("{who}", who),
            help=self.text(data, "help"), title=self.text(data, "title").replace("{who}", who), options=options,
            when=self.conds(data, "when"), skip=skip, default=self.text(data, "default"),
            offer=self.text(data, "offer"),
            fixed=fixed, prefill=prefill, check=bool(data.get("check")), max=max_chars, sub=sub,
            more=self.text(data, "more"), stop=stop, derive=bool(data.get("derive")),
            deadline=self.text(data, "deadline"), media=read_media(data, "media", self.base, self.bad), line=line)

    def _prefill(self, data: LDict) -> tuple[tuple[tuple[Cond, ...], str], ...]:
        raw = data.get("prefill")
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.bad(line_of(data, "prefill"), "'prefill' must be a list of {when, text}")
            return ()
        return tuple((self.conds(item, "when"), self.text(item, "text", required=True))
                     for item in raw if isinstance(item, LDict))

    def row(self, data: Any) -> Row | None:
        if not isinstance(data, LDict):
            self.bad(getattr(data, "line", 1), "a document row must be a mapping (section, note, or label + text)")
            return None
        self.unknown(data, ROW_KEYS, "a document row")
        line = line_of(data)
        if "section" in data:
            return Row("section", self.text(data, "section"), line=line)
        if "note" in data:
            return Row("note", text=self.text(data, "note"), line=line)
        return Row("row", self.text(data, "label"), self.text(data, "text"), self.text(data, "each"),
                   self.text(data, "item"), self.text(data, "empty"), self.text(data, "use"), line=line)


def _check_refs(reader: _Reader, fields: dict[str, Field], rows: list[Row]) -> None:
    """Every `{key}` and `[key=value]` in the layout names a field (and an option) that exists."""
    def resolve(name: str, scope: str, item: Field | None) -> Field | bool | None:
        if item is not None and (name == "n" or item.sub_field(name)):
            return item.sub_field(name) or True
        return fields.get(f"{scope}.{name}") or fields.get(name)

    for row in rows:
        item_field = fields.get(row.each) if row.each else None
        if row.each and (item_field is None or item_field.type != "list"):
            reader.bad(row.line, f"'each: {row.each}' must name a list field")
        for part, inner in ((row.text, None), (row.item, item_field), (row.empty, None), (row.label, None)):
            for name in VALUE_RE.findall(part):
                if not resolve(name, row.scope, inner):
                    reader.bad(row.line, f"'{{{name}}}' names no field")
            for box in BOX_RE.findall(part):
                for name, _op, value in TEST_RE.findall(box):
                    found = resolve(name, row.scope, inner)
                    if not found:
                        reader.bad(row.line, f"'[{name}…]' names no field")
                    elif isinstance(found, Field) and value and found.choices() and not found.option(value):
                        reader.bad(row.line, f"'{value}' is not an option of '{found.key}'")


def _expand(reader: _Reader, raw_fields: list[Any], blocks: dict[str, tuple[list[Any], list[Row]]],
            rows_by_scope: dict[str, list[Row]]) -> list[Field]:
    out: list[Field] = []
    for item in raw_fields:
        if isinstance(item, LDict) and "use" in item:
            block, prefix = reader.text(item, "use"), reader.text(item, "id", required=True)
            if block not in blocks:
                reader.bad(line_of(item, "use"), f"unknown block '{block}' (defined in {COMMON}: {', '.join(blocks)})")
                continue
            block_fields, block_rows = blocks[block]
            who = reader.text(item, "who")
            role = reader.text(item, "role")   # 原告/被告: names the court finder's facts ({role}住址)
            outer = reader.conds(item, "when")   # a whole block asked only sometimes (a company, not a person)
            made = [f for raw in block_fields if (f := reader.field(raw, prefix + ".", who)) is not None]
            # Conditions inside a block speak of the block's own fields.
            names = {f.key[len(prefix) + 1:] for f in made}
            def local(conds: tuple[Cond, ...], names: set[str] = names, prefix: str = prefix) -> tuple[Cond, ...]:
                return tuple(Cond(f"{prefix}.{c.key}" if c.key in names else c.key, c.op, c.value, c.negate)
                             for c in conds)
            out += [replace(f, when=outer + local(f.when), prefill=tuple((local(w), t) for w, t in f.prefill),
                            offer=f.offer.replace("{role}", role) if role else "")
                    for f in made]
            rows_by_scope[prefix] = [Row(r.kind, r.label, r.text, r.each, r.item, r.empty, prefix, r.line)
                                     for r in block_rows]
        elif (f := reader.field(item)) is not None:
            out.append(f)
    return out


def load_forms(directory: Path) -> FormSet:
    """Load every form in `directory` (with the shared blocks of common.yaml); raise FormLoadError listing all."""
    problems: list[Problem] = []
    if not directory.is_dir():
        return FormSet()
    common_path = directory / COMMON
    data, lines, found = load_yaml(common_path)
    problems += found
    reader = _Reader(common_path, lines, problems)
    blocks: dict[str, tuple[list[Any], list[Row]]] = {}
    notes = Notes("", (), "")
    if isinstance(data, LDict):
        raw_notes = data.get("notes")
        if isinstance(raw_notes, LDict):
            items = tuple(str(i) for i in raw_notes.get("items", []) or [])
            notes = Notes(reader.text(raw_notes, "intro", True), items, reader.text(raw_notes, "warning", True))
        for name, block in (data.get("blocks") or {}).items():
            if not isinstance(block, LDict) or not isinstance(block.get("fields"), list):
                reader.bad(line_of(data.get("blocks"), name), f"block '{name}' needs 'fields' and 'rows'")
                continue
            rows = [r for raw in block.get("rows", []) or [] if (r := reader.row(raw)) is not None]
            blocks[str(name)] = (list(block["fields"]), rows)
    elif not found:
        problems.append(Problem(display_path(common_path), 1, "common.yaml must hold 'notes' and 'blocks'"))
    forms = [f for path in sorted(directory.glob("*.yaml")) if path.name != COMMON
             if (f := _load_form(path, blocks, notes, problems)) is not None]
    seen: dict[str, Form] = {}
    for form in forms:
        if form.id in seen:
            problems.append(Problem(form.file, form.line, f"form id '{form.id}' is used by {seen[form.id].file} too"))
        seen[form.id] = form
    if problems:
        raise FormLoadError(problems)
    return FormSet(tuple(sorted(forms, key=lambda f: f.order)))


def _load_form(path: Path, blocks: dict[str, tuple[list[Any], list[Row]]], notes: Notes,
               problems: list[Problem]) -> Form | None:
    data, lines, found = load_yaml(path)
    problems += found
    if found:
        return None
    reader = _Reader(path, lines, problems)
    if not isinstance(data, LDict):
        reader.bad(1, "a form file must be a mapping with id, case_type, fields and document")
        return None
    before = len(problems)
    reader.unknown(data, FORM_KEYS, "a form")
    rows_by_scope: dict[str, list[Row]] = {}
    raw_fields, raw_rows = data.get("fields"), data.get("document")
    if not isinstance(raw_fields, list) or not isinstance(raw_rows, list):
        reader.bad(line_of(data), "a form needs 'fields' (the questions) and 'document' (the table rows)")
        return None
    fields = _expand(reader, raw_fields, blocks, rows_by_scope)
    by_key: dict[str, Field] = {}
    for f in fields:
        if f.key in by_key:
            reader.bad(f.line, f"field '{f.key}' is defined twice (first on line {by_key[f.key].line})")
        by_key[f.key] = f
    for f in fields:
        for c in f.when:
            if c.key not in by_key:
                reader.bad(f.line, f"condition on '{c.key}', which is not a field of this form")
            elif c.value and by_key[c.key].choices() and not by_key[c.key].option(c.value):
                reader.bad(f.line, f"condition value '{c.value}' is not an option of '{c.key}'")
    rows: list[Row] = []
    for raw in raw_rows:
        row = reader.row(raw)
        if row is None:
            continue
        if row.scope:
            if row.scope not in rows_by_scope:
                reader.bad(row.line, f"'use: {row.scope}' names no block used in 'fields'")
                continue
            block_rows = rows_by_scope[row.scope]
            rows += [Row(r.kind, r.label or (row.label if n == 0 else ""), r.text, r.each, r.item, r.empty, r.scope,
                         row.line) for n, r in enumerate(block_rows)]
        else:
            rows.append(row)
    _check_refs(reader, by_key, rows)
    form_id = reader.text(data, "id", True)
    if form_id and (why := too_long(FlowChoice(FLOW_NAME, "kind", form_id))):
        reader.bad(line_of(data, "id"), f"form id '{form_id}' is too long: {why}")
    intro = reader.text(data, "notes_intro") or notes.intro
    form = Form(id=form_id, case_type=reader.text(data, "case_type", True),
                button=reader.text(data, "button", True), need=reader.text(data, "need", True),
                fields=tuple(fields), rows=tuple(rows), notes=Notes(intro, notes.items, notes.warning),
                defendants=tuple(str(d) for d in data.get("defendants", []) or []),
                title=reader.text(data, "title") or "民事起诉状", file=reader.name, line=line_of(data), by_key=by_key,
                order=data.get("order", 99) if isinstance(data.get("order"), int) else 99,
                words=tuple(str(w) for w in data.get("words", []) or []))
    return form if len(problems) == before else None
