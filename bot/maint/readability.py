"""`wuai check --readability`: how hard each answer is to read for someone whose first language is signed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.intents import IntentSet
from bot.maint.terms import answer_texts, term_use

COMMON_CHARS_FILE = Path(__file__).resolve().parents[1] / "data" / "common_chars_level1.txt"
MAX_FIRST_MESSAGE = 300      # the catalog's "first message at most about 300 characters"
LONG_SENTENCE = 40           # a sentence longer than this is worth splitting
_SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
_NUMBERING = re.compile(r"^\s*\d+[.、．]\s*")


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    """The 3,500 characters of level 1 of the 通用规范汉字表 (2013), from bot/data (source in its README)."""
    lines = COMMON_CHARS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset("".join(line.strip() for line in lines if not line.startswith("#")))


def is_han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


def sentences(text: str) -> list[str]:
    """Sentences and list items, without their numbers."""
    return [s for part in _SENTENCE_END.split(text) if (s := _NUMBERING.sub("", part).strip())]


@dataclass(frozen=True)
class Reading:
    """Reading figures for one answer text (`answer` or `more`) of one intent."""

    intent_id: str
    part: str
    file: str
    line: int
    length: int
    longest: str
    rare: tuple[str, ...]          # characters outside level 1, in order of appearance
    han: int
    not_inline: tuple[str, ...]    # legal words not explained in the text (the glossary may explain them)
    unexplained: tuple[str, ...]   # explained nowhere

    @property
    def rare_share(self) -> float:
        return len(self.rare) / self.han if self.han else 0.0

    @property
    def too_long(self) -> bool:
        return self.part == "answer" and self.length > MAX_FIRST_MESSAGE


def analyse(intents: IntentSet) -> list[Reading]:
    common = common_chars()
    out = []
    for intent in intents:
        for part, text in answer_texts(intent):
            han = [c for c in text if is_han(c)]
            use = term_use(intents, text)
            longest = max(sentences(text), key=len, default="")
            out.append(Reading(intent.id, part, intent.file, intent.line, len(text), longest,
                               tuple(c for c in han if c not in common), len(han), use.not_inline, use.unexplained))
    return out


def report(readings: list[Reading]) -> str:
    """One block per answer, then totals."""
    rows = []
    for r in readings:
        flags = [f"{r.length} chars" + (f" (over {MAX_FIRST_MESSAGE})" if r.too_long else "")]
        rare = "".join(dict.fromkeys(r.rare))
        rows.append(f"{r.file}:{r.line}: {r.intent_id} {r.part}: {', '.join(flags)}; "
                    f"longest sentence {len(r.longest)}; outside the 3,500 common characters "
                    f"{r.rare_share:.1%}" + (f" ({rare})" if rare else ""))
        if len(r.longest) > LONG_SENTENCE:
            rows.append(f"    longest: {r.longest}")
        if r.not_inline:
            rows.append(f"    not explained in the text: {'、'.join(r.not_inline)}")
        if r.unexplained:
            rows.append(f"    explained nowhere (add to the glossary): {'、'.join(r.unexplained)}")
    answers = [r for r in readings if r.part == "answer"]
    han = sum(r.han for r in readings)
    rare_count = sum(len(r.rare) for r in readings)
    rows.append(f"\n{len(answers)} answers: {sum(r.too_long for r in answers)} over {MAX_FIRST_MESSAGE} characters, "
                f"{sum(len(r.longest) > LONG_SENTENCE for r in readings)} text(s) with a sentence over "
                f"{LONG_SENTENCE} characters, {rare_count / han if han else 0:.1%} of characters outside level 1 "
                f"of the 通用规范汉字表, {sum(len(r.unexplained) for r in readings)} legal word(s) explained nowhere.")
    return "\n".join(rows)
