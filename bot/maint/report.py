"""`wuai report`: what users asked that the bot could not answer, grouped for maintainers.

Only masked text ever leaves here: the store masks on insert, and every text is masked again on the
way out in case a row predates a masking rule.
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import yaml

from bot import texts
from bot.config import Config
from bot.errors import IntentLoadError
from bot.normalize import normalize
from bot.privacy import mask
from bot.store import Store

SIMILAR = 0.5           # share of character pairs in common (Dice) from which two wordings are one question
MAX_WORDINGS = 8        # wordings listed per group in the text report
MAX_EXAMPLES = 12       # examples offered per group
TAG_WINDOW = 60.0       # seconds: how far apart a tagged copy and the engine's own record may be
_PLACEHOLDER = re.compile(r"\[[^\[\]]{1,6}\]")
_NOT_A_QUESTION = re.compile(rf"^(/|{re.escape(texts.BUTTON_MARK)}|\[[a-z_]+\]$)")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Key = Callable[[str], str]


@dataclass(frozen=True)
class Question:
    """One recorded question (masked). `user` is only used to merge duplicates, never shown."""

    at: float
    user: str
    text: str
    decision: str
    closest: str = ""
    score: float = 0.0
    tagged: str = ""


@dataclass
class Group:
    """Questions that are near-duplicates of each other."""

    questions: list[Question] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def latest(self) -> float:
        return max(q.at for q in self.questions)

    def tags(self) -> Counter[str]:
        return Counter(q.tagged for q in self.questions if q.tagged)

    def closest(self) -> Counter[str]:
        return Counter(q.closest for q in self.questions if q.closest and not q.tagged)

    def intent(self) -> str:
        """The intent these questions belong to: what operators tagged, else what came closest most often."""
        for counts in (self.tags(), self.closest()):
            if counts:
                return counts.most_common(1)[0][0]
        return ""

    def wordings(self) -> list[tuple[str, int]]:
        """Distinct texts, most frequent first (ties: first asked first)."""
        return Counter(q.text for q in sorted(self.questions, key=lambda q: q.at)).most_common()

    def examples(self) -> list[str]:
        """The wordings worth pasting: one per way the matcher reads them, placeholders alone left out."""
        key_of = dict(zip((q.text for q in self.questions), self.keys, strict=True))
        seen: set[str] = set()
        out = []
        for text, _ in self.wordings():
            if key_of[text] not in seen and _PLACEHOLDER.sub("", text).strip():
                seen.add(key_of[text])
                out.append(text)
        return out[:MAX_EXAMPLES]


def _one_line(text: str) -> str:
    return " ".join(mask(text).split())


def plain_key(text: str) -> str:
    """What two wordings are compared on: normalised text without spaces and masking placeholders."""
    return normalize(_PLACEHOLDER.sub(" ", text)).replace(" ", "")


@lru_cache(maxsize=65536)
def _bigrams(key: str) -> frozenset[str]:
    return frozenset(key[i:i + 2] for i in range(len(key) - 1)) or frozenset([key])


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character pairs of two keys: 1 for the same pairs, 0 for none in common."""
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y))


def load_questions(store: Store, since: float) -> list[Question]:
    """Unanswered and tagged questions asked since `since`, oldest first, each user message once."""
    rows = store.unanswered_since(since)
    questions = [Question(r["at"], r["user_id"], _one_line(r["text"]), r["decision"], r["closest"], r["score"],
                          r["tagged"]) for r in rows]
    # Commands, button presses and media markers come in with a tag's copy of the conversation.
    questions = [q for q in questions if q.text and not _NOT_A_QUESTION.match(q.text)]
    out = [q for q in questions if not q.tagged]
    untagged: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, q in enumerate(out):
        untagged[(q.user, q.text)].append(n)
    for q in questions:
        if not q.tagged:
            continue
        # `/tag` copies questions the engine may have recorded already: label that record instead.
        twins = untagged[(q.user, q.text)]
        twin = next((n for n in twins if abs(out[n].at - q.at) <= TAG_WINDOW), None)
        if twin is None:
            out.append(q)
        else:
            out[twin] = replace(out[twin], tagged=q.tagged)
            twins.remove(twin)
    return sorted(out, key=lambda q: q.at)


def group_questions(questions: Iterable[Question], key: Key = plain_key, threshold: float = SIMILAR) -> list[Group]:
    """Greedy clustering: the most asked wording seeds a group, later wordings join the most similar one."""
    by_key: dict[str, list[Question]] = defaultdict(list)
    for q in questions:
        by_key[key(q.text) or q.text].append(q)
    groups: list[Group] = []
    members: list[list[str]] = []  # each group's distinct keys
    index: dict[str, set[int]] = defaultdict(set)  # bigram -> groups holding it, to compare only with likely ones
    for k in sorted(by_key, key=lambda k: (-len(by_key[k]), by_key[k][0].at)):
        candidates = {g for gram in _bigrams(k) for g in index[gram]}
        best, best_score = -1, 0.0
        for g in sorted(candidates):
            score = max(similarity(k, other) for other in members[g])
            if score > best_score:
                best, best_score = g, score
        if best_score < threshold:
            best = len(groups)
            groups.append(Group())
            members.append([])
        members[best].append(k)
        groups[best].questions += by_key[k]
        groups[best].keys += [k] * len(by_key[k])
        for gram in _bigrams(k):
            index[gram].add(best)
    return sorted(groups, key=lambda g: (-g.count, -g.latest))


def yaml_examples(examples: list[str], indent: int = 6) -> str:
    """A YAML list to paste under an intent's `examples:` (quoted wherever YAML needs it)."""
    dumped = yaml.safe_dump(examples, allow_unicode=True, default_flow_style=False, width=10_000)
    return "\n".join(" " * indent + line for line in dumped.splitlines())


def render_text(groups: list[Group], days: float, since: float, tz: ZoneInfo,
                titles: dict[str, str] | None = None, kept_days: float | None = None) -> str:
    """The readable report: groups, most asked first, each with a block of examples to paste."""
    titles = titles or {}
    day = datetime.fromtimestamp(since, tz).strftime("%Y-%m-%d")
    total = sum(g.count for g in groups)
    kept = (f"Questions are deleted after {kept_days:g} days (privacy.unanswered_retention_days).\n"
            if kept_days is not None and days > kept_days else "")
    if not groups:
        return f"No unanswered questions in the last {days:g} days (since {day}).\n" + kept
    out = [f"Unanswered questions in the last {days:g} days (since {day}): {total} in {len(groups)} group(s).",
           "Texts are masked. Check every example before you paste it: it must really mean that intent."]
    if kept:
        out.append(kept.rstrip("\n"))
    for n, g in enumerate(groups, 1):
        decisions = Counter(q.decision for q in g.questions)
        out += ["", f"#{n}  {g.count} question(s) ({', '.join(f'{d} {c}' for d, c in decisions.most_common())})"]
        tags, closest = g.tags(), g.closest()
        if tags:
            out.append("    tagged:  " + ", ".join(f"{i} {_title(titles, i)}({c})" for i, c in tags.most_common()))
        if closest:
            out.append("    closest: " + ", ".join(f"{i} {_title(titles, i)}({c})" for i, c in closest.most_common(3)))
        wordings = g.wordings()
        out += [f"    · {text}" + (f"  ×{c}" if c > 1 else "") for text, c in wordings[:MAX_WORDINGS]]
        if len(wordings) > MAX_WORDINGS:
            out.append(f"    · … and {len(wordings) - MAX_WORDINGS} more wording(s)")
        examples = g.examples()
        if examples:
            if tags:
                where = f"of {g.intent()} (tagged by operators)"
            else:  # the closest intent scored too little to answer: only a hint
                where = "of the intent they belong to" + (f" (closest: {g.intent()})" if closest else "")
            out += [f"    paste under `examples:` {where}:", yaml_examples(examples)]
    return "\n".join(out) + "\n"


def _title(titles: dict[str, str], intent_id: str) -> str:
    return f"[{titles[intent_id]}] " if intent_id in titles else ""


def _cell(text: str) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula: users wrote these texts."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(groups: list[Group], tz: ZoneInfo) -> str:
    """One row per question: group number, group size, closest intent, decision, when, text."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["group", "count", "closest", "decision", "score", "tagged", "asked_at", "text"])
    for n, g in enumerate(groups, 1):
        for q in sorted(g.questions, key=lambda q: q.at):
            when = datetime.fromtimestamp(q.at, tz).strftime("%Y-%m-%d %H:%M")
            writer.writerow([n, g.count, q.closest, q.decision, f"{q.score:g}", q.tagged, when, _cell(q.text)])
    return buf.getvalue()


def report(config: Config, days: float = 7, fmt: str = "text", now: float | None = None) -> str:
    """Apply the retention period, then report the questions of the last `days` days."""
    now = time.time() if now is None else now
    since = now - days * 86400
    tz = ZoneInfo(config.handoff.timezone)
    groups: list[Group] = []
    titles: dict[str, str] = {}
    if config.storage_path.exists():  # never create an empty database just to report on it
        store = Store(config.storage_path)
        try:
            privacy = config.privacy
            store.purge(privacy.retention_days, privacy.unanswered_retention_days, now=now)
            questions = load_questions(store, since)
        finally:
            store.close()
        key, titles = _matcher_key(config)
        groups = group_questions(questions, key)
    if fmt == "csv":
        return render_csv(groups, tz)
    return render_text(groups, days, since, tz, titles, config.privacy.unanswered_retention_days)


def _matcher_key(config: Config) -> tuple[Key, dict[str, str]]:
    """Compare wordings as the matcher reads them (synonyms unified); plain text when the intents are broken."""
    from bot.intentload import load_intents
    from bot.matcher import Matcher

    try:
        matcher = Matcher(load_intents(config.intents_dir), config.matcher)
    except IntentLoadError:
        return plain_key, {}

    def key(text: str) -> str:
        return matcher.analyse(_PLACEHOLDER.sub(" ", text)).compact

    return key, {i.id: i.title for i in matcher.intents}
