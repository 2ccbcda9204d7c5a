"""`aspect_lines:` of an intent: the lines of its answer and details that answer one aspect, picked by phrases."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.yamlsrc import LDict, line_of

if TYPE_CHECKING:
    from bot.intents import Intent
    from bot.yamlcheck import Validator

# A header line (`谁可以申请：`) takes the numbered list under it (`1. …`, `2、…`, `（1）…`).
HEADER_ENDS = ("：", ":")
LIST_ITEM = re.compile(r"^(\d+\s*[.、．]|[（(]\d+[)）])")


def text_lines(answer: str, more: str) -> list[str]:
    """The lines of an answer, then of its details, stripped; a blank line between them ends a header's list."""
    return [line.strip() for line in answer.splitlines()] + [""] + [line.strip() for line in more.splitlines()]


def holding(lines: list[str], phrase: str) -> list[int]:
    """The indexes of the lines that hold the phrase (never a blank one)."""
    return [n for n, line in enumerate(lines) if phrase and phrase in line]


def with_list(lines: list[str], n: int) -> list[str]:
    """Line n, and the numbered list under it when it is a header."""
    picked = [lines[n]]
    if lines[n].endswith(HEADER_ENDS):
        for line in lines[n + 1:]:
            if not LIST_ITEM.match(line):
                break
            picked.append(line)
    return picked


def written(intent: Intent, aspect: str) -> bool:
    """The maintainer chose the lines for this aspect (`[]`: none of them answers it)."""
    return any(name == aspect for name, _ in intent.aspect_lines)


def picked_lines(intent: Intent, aspect: str) -> list[str]:
    """The lines the maintainer chose to answer this aspect of the intent, in the order written ([] when none)."""
    phrases = next((p for name, p in intent.aspect_lines if name == aspect), ())
    lines, out = text_lines(intent.answer, intent.more), []
    for phrase in phrases:
        found = holding(lines, phrase)
        out += [line for line in (with_list(lines, found[0]) if found else []) if line not in out]
    return out


def read_aspect_lines(reader: Validator, data: LDict, answer: str, more: str,
                      aspects: tuple[tuple[str, str], ...], intent_id: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`aspect_lines: {fees: [仲裁不收费]}`: each aspect the intent answers itself, with phrases that each pick
    exactly one line of its answer or details (none: no line answers it)."""
    raw = reader.mapping(data, "aspect_lines",
                         "'aspect_lines' must map an aspect (fees, where, ...) to phrases of the lines that answer it")
    if raw is None:
        return ()
    lines, out = text_lines(answer, more), []
    own = [name for name, target in aspects if target == intent_id]
    for name in raw:
        aspect, line = str(name), line_of(raw, name)
        if aspect not in own:
            reader.error(line, f"aspect_lines: '{aspect}' is no aspect that '{intent_id}' answers itself (its "
                               f"'aspects:' lists itself for: {', '.join(own) or 'none'})")
            continue
        phrases = reader.str_list(raw, name)   # `[]`: no line answers it (the whole answer, no `cues:` lines)
        for phrase, pline in phrases:
            found = holding(lines, phrase)
            if not found:
                reader.error(pline, f"aspect_lines: '{phrase}' is in no line of the answer or 'more:'")
            elif len(found) > 1:
                reader.error(pline, f"aspect_lines: '{phrase}' is in {len(found)} lines of the answer and 'more:' "
                                    f"(write more of the line you mean)")
        out.append((aspect, tuple(p for p, _ in phrases)))
    return tuple(out)
