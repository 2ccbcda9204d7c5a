"""Declining what the catalog cannot answer: merits asks and legal areas it does not cover.

The words come from the `scope:` section of an intents file (`intents/scope.yaml`), so maintainers can see and
change them. After the matcher has picked an answer, `ScopeRules.review` may decline the message instead:

1. **asks**: an asking clause asks for a judgement of the user's own case (`合法吗`, `有没有责任`, `能要回吗`,
   `怎么赔`, `会不会坐牢` ...) and names nothing the bot covers (`covered:`);
2. **areas**: the message is about a legal area the catalog does not cover (criminal cases, insurance claims,
   traffic accidents, property shares ...) and its asking part (each asking clause with the clause before it)
   names nothing the bot covers;
3. **everyday** (checked first): an intent whose words are everyday life (a danger, a scam, a greeting, being old
   or ill) answers a story of `min_chars` or more only when it scores at least `score`: below it such a word is
   mostly the background of another matter, and the message is read as one nothing answers (rules 1 and 2 may
   still decline it).

A declined message gets the out-of-scope answer its group names (legal aid and a person).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, line_of

if TYPE_CHECKING:
    from bot.questions import QuestionRules

# Whether an intent id is out of scope (None: no such intent). The intents module passes it in: it imports this one.
ScopeOf = Callable[[str], "bool | None"]


class Term(Protocol):
    """A rule term as `bot.intents` parses it (`a|b+c`): every part needs one of its alternatives."""

    @property
    def text(self) -> str: ...
    @property
    def parts(self) -> tuple[tuple[str, ...], ...]: ...
    @property
    def line(self) -> int: ...

GROUP_KEYS = {"answer", "words", "keep", "strong"}
SECTION_KEYS = {"asks", "areas", "covered", "keep", "everyday", "areas_below"}
EVERYDAY_KEYS = {"score", "min_chars", "intents", "unasked_score"}


class Text:
    """What the rules look at in a piece of a message: its words joined (synonyms as main words), and its words."""

    def __init__(self, compact: str, tokens: Iterable[str], inside: frozenset[str] | None = None) -> None:
        self.compact, self.tokens = compact, frozenset(tokens)
        self.inside = inside   # the rules' words (not `=word`) in `compact`, when the reader found them
        self.present: frozenset[int] | None = None   # ids of the rules' terms found here, once ScopeRules looked

    def words(self, term: Term) -> str:
        """The words of the term found here (`a+b`), or '' unless every part has one (`=word`: a whole word)."""
        found = []
        for part in term.parts:
            atom = next((a for a in part if (a[1:] in self.tokens if a.startswith("=") else a in self.compact)), "")
            if not atom:
                return ""
            found.append(atom)
        return "+".join(found)

    def first(self, terms: Iterable[Term]) -> tuple[Term, str] | None:
        """The first term found here, with its words."""
        if self.present is not None:
            present = self.present
            return next(((t, self.words(t)) for t in terms if id(t) in present), None) if present else None
        return next(((t, w) for t in terms if (w := self.words(t))), None)


class _TermIndex:
    """Every term of the scope rules, indexed by the words of its first part: a text's words (the matcher finds them
    in its walk over the message) tell which terms it holds, without a search per word of every term."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self._terms = {id(t): t for t in terms}   # the rules keep their terms: the ids stay theirs
        atoms = {a for t in self._terms.values() for part in t.parts for a in part}
        self._by_first: dict[str, list[int]] = {}
        for key, term in self._terms.items():
            for atom in term.parts[0] if term.parts else ():
                self._by_first.setdefault(atom.removeprefix("="), []).append(key)
        self.whole = frozenset(a[1:] for a in atoms if a.startswith("="))
        self.inside_words = frozenset(a for a in atoms if not a.startswith("="))

    def look(self, text: Text) -> None:
        """Note on `text` which terms it holds (Text.first then looks no further)."""
        if text.present is not None:
            return
        inside = text.inside
        if inside is None:   # a text the matcher did not read: each word searched for
            inside = frozenset(a for a in self.inside_words if a in text.compact)
        whole = self.whole & text.tokens
        if not inside and not whole:   # the common case: none of the rules' words
            text.present = frozenset()
            return
        keys = {k for atom in inside if atom in self._by_first for k in self._by_first[atom]}
        keys.update(k for word in whole if word in self._by_first for k in self._by_first[word])
        text.present = frozenset(k for k in keys if all(
            any(a[1:] in whole if a.startswith("=") else a in inside for a in part) for part in self._terms[k].parts))


@dataclass(frozen=True)
class Group:
    """A kind of merits ask or an uncovered legal area: its words and the out-of-scope answer it declines with."""

    kind: str          # "ask" or "area"
    name: str
    answer: str        # the out-of-scope intent that declines
    terms: tuple[Term, ...]
    keep: frozenset[str] = frozenset()   # intents written for such questions: their answers are never declined
    strong: tuple[Term, ...] = ()   # an area's own procedure (提审, 公诉): declines even when a covered word is asked
    file: str = ""
    line: int = 0


@dataclass(frozen=True)
class Decline:
    """Why a message was declined: the group and the word that recognised it."""

    group: Group
    term: Term
    word: str           # what was found of the term
    where: str          # the clause (ask) or '' (area: the whole message)

    @property
    def answer(self) -> str:
        return self.group.answer

    def reason(self) -> str:
        g = self.group
        found = f"'{self.word}' ({g.file}:{self.term.line})"
        if g.kind == "ask":
            return (f"declined: merits ask '{g.name}' {found} in “{self.where}”, which names nothing the bot covers"
                    f" -> {g.answer}")
        return f"declined: area '{g.name}' {found}; the question names nothing the bot covers -> {g.answer}"


@dataclass(frozen=True)
class ScopeRules:
    """The `scope:` section: merits asks, uncovered areas and the words of what the bot covers."""

    asks: tuple[Group, ...] = ()
    areas: tuple[Group, ...] = ()
    covered: tuple[Term, ...] = ()
    keep: frozenset[str] = frozenset()   # intents written for stories from any area: no area declines them
    everyday: frozenset[str] = frozenset()   # intents of everyday words: a long story needs `everyday_score` of them
    everyday_score: float = 0.0
    everyday_chars: int = 0   # ... a story of this many characters or more
    unasked_score: float = 0.0   # ... and any intent's answer to such a story that asks nothing at all
    areas_below: float = 0.0   # a long story's answer scoring this much is declined by no area's words (0: off)

    def weak(self, answer: str, score: float, size: int) -> bool:
        """An everyday intent's answer to a story of `size` characters rests on too little: no answer (`everyday:`)."""
        return score < self.everyday_score and size >= self.everyday_chars and answer in self.everyday

    def weak_unasked(self, score: float, size: int) -> bool:
        """An answer scoring this little to a story of `size` characters is none when the story asks nothing
        (`everyday: unasked_score`): the caller checks that it asks nothing."""
        return score < self.unasked_score and size >= self.everyday_chars

    def __bool__(self) -> bool:
        return bool(self.asks or self.areas or self.everyday)

    @cached_property
    def _index(self) -> _TermIndex:
        return _TermIndex([t for g in (*self.asks, *self.areas) for t in (*g.terms, *g.strong)] + list(self.covered))

    @cached_property
    def _group_terms(self) -> dict[int, frozenset[int]]:
        """Each group (by id: the rules keep their groups) -> the ids of its terms, words and strong ones."""
        return {id(g): frozenset(id(t) for t in (*g.terms, *g.strong)) for g in (*self.asks, *self.areas)}

    @cached_property
    def _all_group_terms(self) -> frozenset[int]:
        """The ids of every group's terms: a text holding none of them is declined by no group."""
        return frozenset().union(*self._group_terms.values())

    @cached_property
    def _openers(self) -> tuple[frozenset[str], frozenset[str]]:
        """The words that open a group's term: found inside a text, and `=word` ones as whole words."""
        atoms = {a for g in (*self.asks, *self.areas) for t in (*g.terms, *g.strong) for a in t.parts[0]}
        whole = frozenset(a for a in atoms if a.startswith("="))
        return frozenset(atoms - whole), frozenset(a[1:] for a in whole)

    def may_decline(self, inside: frozenset[str] | None, tokens: Iterable[str]) -> bool:
        """Whether a text with these of the rules' words inside it (None: not known) and these words holds a term of
        some group; when not, `review` declines nothing, and the text need not be read for every term."""
        inside_words, whole_words = self._openers
        return inside is None or not inside.isdisjoint(inside_words) or not whole_words.isdisjoint(tokens)

    def words(self) -> frozenset[str]:
        """Every word of the rules that is looked for inside a message's text (not `=word`)."""
        return self._index.inside_words

    def whole_words(self) -> frozenset[str]:
        """Every `=word` of the rules, without its `=`: looked for among a message's tokens."""
        return self._index.whole

    def _read(self, text: Text) -> Text:
        self._index.look(text)
        return text

    def review(self, text: str, answer: str, whole: Text, questions: QuestionRules,
               read: Callable[[str], Text], asked: bool = True, story_score: float = 0.0) -> Decline | None:
        """The decline for this message (the matcher would answer `answer`), or None.

        `whole` is the message read; `read` reads a part of it (synonyms as main words, like the rules). `asked`:
        the answer's rules fire in the question (False: only in a long story's background, where the section's
        `keep:` protects nothing: `……家里发生过火灾……` is no emergency now). `story_score`: the answer's score when
        the message is a long story with a question (0 otherwise); from `areas_below` on, only an area's `strong:`
        words decline it.
        """
        present = self._read(whole).present
        if not present or self._all_group_terms.isdisjoint(present):   # the common case: none of the groups' words
            return None
        asks = [g for g in self.asks if answer not in g.keep]
        areas = [g for g in self.areas if answer not in g.keep and (answer not in self.keep or not asked)]
        terms = self._group_terms
        if all(terms[id(g)].isdisjoint(present) for g in (*asks, *areas)):   # only covered words are there
            return None
        clauses = questions.clauses(text)
        asking = [n for n, clause in enumerate(clauses) if questions.asks(clause)]
        parts = [self._read(read(clauses[n])) for n in asking]
        if asks and not any(p.first(self.covered) for p in parts):   # another question may be procedural
            for n, part in zip(asking, parts, strict=True):
                for group in asks:
                    if found := part.first(group.terms):
                        return Decline(group, *found, clauses[n].strip())
        # What a story asks: each asking clause with the clause before it (`诉讼费我交不起。可以少交吗？`).
        lead_in = questions.lead_in(clauses)
        # A strong answer to a long story: the area's word is the story's matter (抚养权 told), not what it asks.
        told = bool(self.areas_below) and story_score >= self.areas_below and answer not in self.everyday
        if areas and not told and not (self._read(read(" ".join(clauses[m] for m in lead_in))) if asking
                          else whole).first(self.covered):
            for group in areas:
                if found := whole.first(group.terms):
                    return Decline(group, *found, "")
        # The area's own procedure (a criminal case's 提审, 公诉): its 开庭 or 传票 is not the civil one the bot knows.
        for group in areas:
            if found := whole.first(group.strong):
                return Decline(group, *found, "")
        return None


def read_scope(reader: Validator, data: LDict, parse: Callable[[str, int], Term | None],
               intents: ScopeOf) -> ScopeRules | None:
    """The `scope:` section of one file; None when the file has none. Problems go to `reader`.

    `parse` turns a word (`a+b|c`) into a Term with synonyms as main words; `intents` tells the loaded ids.
    """
    section = data.get("scope")
    if section is None:
        return None
    if not isinstance(section, LDict):
        reader.error(line_of(data, "scope"), "'scope' must be a mapping (asks, areas, covered)")
        return None
    reader.keys(section, SECTION_KEYS, "scope")
    covered = _terms(reader, section, "covered", parse)
    if not covered:
        reader.error(line_of(section, "covered") if "covered" in section else line_of(data, "scope"),
                     "'scope' needs a 'covered:' list (what the bot answers; a question naming one is never declined)")
    return ScopeRules(_groups(reader, section, "asks", "ask", parse, intents),
                      _groups(reader, section, "areas", "area", parse, intents), covered,
                      _keep(reader, section, intents), *_everyday(reader, section, intents),
                      _areas_below(reader, section))


def _areas_below(reader: Validator, section: LDict) -> float:
    """`areas_below:` (optional, a positive number): a long story's answer scoring this much is declined by no area's
    words, only by its `strong:` ones."""
    value = section.get("areas_below", 0.0)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or (
            value == 0 and "areas_below" in section):
        reader.error(line_of(section, "areas_below"), "'areas_below' must be a positive number")
        return 0.0
    return float(value)


def _everyday(reader: Validator, section: LDict, intents: ScopeOf) -> tuple[frozenset[str], float, int, float]:
    """`everyday: {score, min_chars, intents, unasked_score}`: the intents that answer a story of min_chars only with
    that score, and (optional) the score any answer needs when such a story asks nothing."""
    body = section.get("everyday")
    if body is None:
        return frozenset(), 0.0, 0, 0.0
    if not isinstance(body, LDict):
        reader.error(line_of(section, "everyday"), "'everyday' must be a mapping (score, min_chars, intents)")
        return frozenset(), 0.0, 0, 0.0
    reader.keys(body, EVERYDAY_KEYS, "everyday")
    numbers = []
    for key in ("score", "min_chars", "unasked_score"):
        value = body.get(key, 0.0 if key == "unasked_score" else None)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or (value == 0 and key in body):
            where = line_of(body, key) or line_of(section, "everyday")
            reader.error(where, f"'everyday: {key}' must be a positive number")
            return frozenset(), 0.0, 0, 0.0
        numbers.append(value)
    return _keep(reader, body, intents, "intents"), float(numbers[0]), int(numbers[1]), float(numbers[2])


def _groups(reader: Validator, section: LDict, key: str, kind: str, parse: Callable[[str, int], Term | None],
            intents: ScopeOf) -> tuple[Group, ...]:
    raw = reader.mapping(section, key, f"'{key}' must map a name to its 'answer' and 'words'")
    out = []
    for name, body in (raw or {}).items():
        line = line_of(raw, name)
        if not isinstance(body, LDict):
            reader.error(line, f"'{key}: {name}' must be a mapping with 'answer' and 'words'")
            continue
        reader.keys(body, GROUP_KEYS, f"{key}: {name}")
        answer = _answer(reader, body, line, intents)
        terms = _terms(reader, body, "words", parse)
        strong = _terms(reader, body, "strong", parse)
        if "words" not in body:
            reader.error(line, f"'{key}: {name}' has no 'words'")
        if answer is not None and terms:
            out.append(Group(kind, str(name), answer, terms, _keep(reader, body, intents), strong, reader.name, line))
    return tuple(out)


def _keep(reader: Validator, data: LDict, intents: ScopeOf, key: str = "keep") -> frozenset[str]:
    """`keep:` (or `key:`) intent ids (each must exist)."""
    keep = reader.str_list(data, key)
    for intent_id, line in keep:
        if intents(intent_id) is None:
            reader.error(line, f"{key}: '{intent_id}' is not an intent id")
    return frozenset(k for k, _ in keep)


def _answer(reader: Validator, body: LDict, line: int, intents: ScopeOf) -> str | None:
    """The id of the out-of-scope intent a group declines with."""
    answer_id = reader.text(body, "answer", required=True)
    if not answer_id:
        return None
    out_of_scope = intents(answer_id)
    where = line_of(body, "answer") or line
    if out_of_scope is None:
        reader.error(where, f"answer '{answer_id}' is not an intent id")
    elif not out_of_scope:
        reader.error(where, f"answer '{answer_id}' must be an out-of-scope intent (out_of_scope: true)")
    else:
        return answer_id
    return None


def _terms(reader: Validator, data: LDict, key: str, parse: Callable[[str, int], Term | None]) -> tuple[Term, ...]:
    out = []
    for text, line in reader.str_list(data, key):
        term = parse(text, line)
        if term is None:
            reader.error(line, f"'{text}' has an empty part (check '+' and '|')")
        else:
            out.append(term)
    return tuple(out)
