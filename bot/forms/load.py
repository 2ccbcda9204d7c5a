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
from bot.forms.texts import TITLE
from bot.media import read_media
from bot.protocol import FlowChoice, too_long
from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, display_path, line_of, load_yaml

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


class _Reader(Validator):
    """The shared validator with what form files add: conditions, options, fields and rows."""

    def __init__(self, path: Path, lines: list[str], problems: list[Problem]) -> None:
        super().__init__(path, lines, problems)
        self.base = path.parent.parent   # the intents folder: media paths are relative to it, as in intent files

    def value(self, data: LDict, key: str, required: bool = False) -> str:
        """Text or a number, as stripped text ('' when absent)."""
        value = data.get(key)
        if value is None:
            if required:
                self.error(line_of(data), f"'{key}' is missing")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.error(line_of(data, key), f"'{key}' must be text")
            return ""
        return str(value).strip()

    def conds(self, data: LDict, key: str) -> tuple[Cond, ...]:
        raw = data.get(key)
        items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
        if raw is not None and not items:
            self.error(line_of(data, key), f"'{key}' must be a condition like `has_children=yes` or a list of them")
        out = []
        for item in items:
            m = COND_RE.match(str(item))
            if not m:
                self.error(getattr(item, "line", line_of(data, key)), f"bad condition '{item}' (write key=value)")
                continue
            out.append(Cond(m.group(2), m.group(3) or "", m.group(4) or "", bool(m.group(1))))
        return tuple(out)

    def options(self, data: LDict) -> tuple[Option, ...]:
        raw = data.get("options")
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error(line_of(data, "options"), "'options' must be a list of `value: 标签` entries")
            return ()
        out: list[Option] = []
        for item in raw:
            if not isinstance(item, dict) or not item:
                self.error(getattr(item, "line", line_of(data, "options")), "an option is written `value: 标签`")
                continue
            value, label = next(iter(item.items()))
            words = tuple(str(w) for w in item.get("words", []) or [])
            line = line_of(item, value)
            if not KEY_RE.match(str(value)) or len(str(value)) > MAX_VALUE:
                # The value travels in a Telegram button, whose data may not exceed 64 bytes.
                self.error(line, f"option value '{value}' must be at most {MAX_VALUE} lower-case latin letters, "
                               "digits or _")
            elif any(o.value == value for o in out):
                self.error(line, f"option '{value}' appears twice")
            out.append(Option(str(value), str(label), words))
        return tuple(out)

    def field(self, data: Any, prefix: str = "", who: str = "") -> Field | None:
        if not isinstance(data, LDict):
            self.error(getattr(data, "line", 1), "a field must be a mapping with id, type and ask")
            return None
        self.keys(data, FIELD_KEYS, where="a field")
        key = self.value(data, "id", required=True)
        line = line_of(data)
        if key and not KEY_RE.match(key):
            self.error(line_of(data, "id"), f"field id '{key}' must be lower-case latin letters, digits or _")
        kind = self.value(data, "type") or "text"
        if kind not in TYPES:
            self.error(line_of(data, "type"), f"unknown type '{kind}' (one of: {', '.join(TYPES)})")
        fixed, prefill = self.value(data, "fixed"), self._prefill(data)
        ask = self.value(data, "ask", required=not fixed and not prefill and kind != "list").replace("{who}", who)
        options = self.options(data)
        if kind in ("choice", "multi") and not options:
            self.error(line, f"a {kind} field needs 'options'")
        skip_raw = data.get("skip")
        skip = None if skip_raw in (None, False) else "" if skip_raw is True else str(skip_raw)
        stop = None
        if isinstance(data.get("stop"), dict):
            stop = (str(data["stop"].get("value", "")), str(data["stop"].get("say", "")))
        max_chars = data.get("max", 200)
        if not isinstance(max_chars, int) or max_chars < 1:
            self.error(line_of(data, "max"), "'max' must be a whole number of characters")
            max_chars = 200
        sub: tuple[Field, ...] = ()
        if kind == "list":
            raw = data.get("fields")
            if not isinstance(raw, list) or not raw:
                self.error(line, "a list field needs 'fields' (the questions asked for each item)")
            else:
                sub = tuple(f for item in raw if (f := self.field(item, "", who)) is not None)
            if not self.value(data, "more"):
                self.error(line, "a list field needs 'more' (the question: is there another one?)")
        return Field(
            key=prefix + key, type=kind, ask=ask, example=self.value(data, "example").replace("{who}", who),
            help=self.value(data, "help"), title=self.value(data, "title").replace("{who}", who), options=options,
            when=self.conds(data, "when"), skip=skip, default=self.value(data, "default"),
            offer=self.value(data, "offer"),
            fixed=fixed, prefill=prefill, check=bool(data.get("check")), max=max_chars, sub=sub,
            more=self.value(data, "more"), stop=stop, derive=bool(data.get("derive")),
            deadline=self.value(data, "deadline"), media=read_media(data, "media", self.base, self.error),
            line=line)

    def _prefill(self, data: LDict) -> tuple[tuple[tuple[Cond, ...], str], ...]:
        raw = data.get("prefill")
        if raw is None:
            return ()
        if not isinstance(raw, list):
            self.error(line_of(data, "prefill"), "'prefill' must be a list of {when, text}")
            return ()
        return tuple((self.conds(item, "when"), self.value(item, "text", required=True))
                     for item in raw if isinstance(item, LDict))

    def row(self, data: Any) -> Row | None:
        if not isinstance(data, LDict):
            self.error(getattr(data, "line", 1), "a document row must be a mapping (section, note, or label + text)")
            return None
        self.keys(data, ROW_KEYS, where="a document row")
        line = line_of(data)
        if "section" in data:
            return Row("section", self.value(data, "section"), line=line)
        if "note" in data:
            return Row("note", text=self.value(data, "note"), line=line)
        return Row("row", self.value(data, "label"), self.value(data, "text"), self.value(data, "each"),
                   self.value(data, "item"), self.value(data, "empty"), self.value(data, "use"), line=line)


def _check_refs(reader: _Reader, fields: dict[str, Field], rows: list[Row]) -> None:
    """Every `{key}` and `[key=value]` in the layout names a field (and an option) that exists."""
    def resolve(name: str, scope: str, item: Field | None) -> Field | bool | None:
        if item is not None and (name == "n" or item.sub_field(name)):
            return item.sub_field(name) or True
        return fields.get(f"{scope}.{name}") or fields.get(name)

    for row in rows:
        item_field = fields.get(row.each) if row.each else None
        if row.each and (item_field is None or item_field.type != "list"):
            reader.error(row.line, f"'each: {row.each}' must name a list field")
        for part, inner in ((row.text, None), (row.item, item_field), (row.empty, None), (row.label, None)):
            for name in VALUE_RE.findall(part):
                if not resolve(name, row.scope, inner):
                    reader.error(row.line, f"'{{{name}}}' names no field")
            for box in BOX_RE.findall(part):
                for name, _op, value in TEST_RE.findall(box):
                    found = resolve(name, row.scope, inner)
                    if not found:
                        reader.error(row.line, f"'[{name}…]' names no field")
                    elif isinstance(found, Field) and value and found.choices() and not found.option(value):
                        reader.error(row.line, f"'{value}' is not an option of '{found.key}'")


def _expand(reader: _Reader, raw_fields: list[Any], blocks: dict[str, tuple[list[Any], list[Row]]],
            rows_by_scope: dict[str, list[Row]]) -> list[Field]:
    out: list[Field] = []
    for item in raw_fields:
        if isinstance(item, LDict) and "use" in item:
            block, prefix = reader.value(item, "use"), reader.value(item, "id", required=True)
            if block not in blocks:
                reader.error(line_of(item, "use"),
                             f"unknown block '{block}' (defined in {COMMON}: {', '.join(blocks)})")
                continue
            block_fields, block_rows = blocks[block]
            who = reader.value(item, "who")
            role = reader.value(item, "role")   # 原告/被告: names the court finder's facts ({role}住址)
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
            notes = Notes(reader.value(raw_notes, "intro", True), items, reader.value(raw_notes, "warning", True))
        for name, block in (data.get("blocks") or {}).items():
            if not isinstance(block, LDict) or not isinstance(block.get("fields"), list):
                reader.error(line_of(data.get("blocks"), name), f"block '{name}' needs 'fields' and 'rows'")
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
        reader.error(1, "a form file must be a mapping with id, case_type, fields and document")
        return None
    before = len(problems)
    reader.keys(data, FORM_KEYS, where="a form")
    rows_by_scope: dict[str, list[Row]] = {}
    raw_fields, raw_rows = data.get("fields"), data.get("document")
    if not isinstance(raw_fields, list) or not isinstance(raw_rows, list):
        reader.error(line_of(data), "a form needs 'fields' (the questions) and 'document' (the table rows)")
        return None
    fields = _expand(reader, raw_fields, blocks, rows_by_scope)
    by_key: dict[str, Field] = {}
    for f in fields:
        if f.key in by_key:
            reader.error(f.line, f"field '{f.key}' is defined twice (first on line {by_key[f.key].line})")
        by_key[f.key] = f
    for f in fields:
        for c in f.when:
            if c.key not in by_key:
                reader.error(f.line, f"condition on '{c.key}', which is not a field of this form")
            elif c.value and by_key[c.key].choices() and not by_key[c.key].option(c.value):
                reader.error(f.line, f"condition value '{c.value}' is not an option of '{c.key}'")
    rows: list[Row] = []
    for raw in raw_rows:
        row = reader.row(raw)
        if row is None:
            continue
        if row.scope:
            if row.scope not in rows_by_scope:
                reader.error(row.line, f"'use: {row.scope}' names no block used in 'fields'")
                continue
            block_rows = rows_by_scope[row.scope]
            rows += [Row(r.kind, r.label or (row.label if n == 0 else ""), r.text, r.each, r.item, r.empty, r.scope,
                         row.line) for n, r in enumerate(block_rows)]
        else:
            rows.append(row)
    _check_refs(reader, by_key, rows)
    form_id = reader.value(data, "id", True)
    if form_id and (why := too_long(FlowChoice(FLOW_NAME, "kind", form_id))):
        reader.error(line_of(data, "id"), f"form id '{form_id}' is too long: {why}")
    intro = reader.value(data, "notes_intro") or notes.intro
    form = Form(id=form_id, case_type=reader.value(data, "case_type", True),
                button=reader.value(data, "button", True), need=reader.value(data, "need", True),
                fields=tuple(fields), rows=tuple(rows), notes=Notes(intro, notes.items, notes.warning),
                defendants=tuple(str(d) for d in data.get("defendants", []) or []),
                title=reader.value(data, "title") or TITLE, file=reader.name, line=line_of(data), by_key=by_key,
                order=data.get("order", 99) if isinstance(data.get("order"), int) else 99,
                words=tuple(str(w) for w in data.get("words", []) or []))
    return form if len(problems) == before else None
