"""Reading the `questions:` section of an intents file into `QuestionRules` (bot/questions.py), every error with
its file and line."""

from __future__ import annotations

from bot.normalize import normalize
from bot.questions import QuestionRules
from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, line_of


def read_questions(reader: Validator, data: LDict) -> QuestionRules | None:
    """The `questions:` section: asking words, background weight, aspects and fillers for follow-ups."""
    section = data.get("questions")
    if section is None:
        return None
    if not isinstance(section, LDict):
        reader.error(line_of(data, "questions"), "'questions' must be a mapping (asking, aspects, fillers, ...)")
        return None
    allowed = {"asking", "background_weight", "story_min_chars", "aspects", "fillers", "switch_endings",
               "answer_at_most", "courtesy", "merits", "spoken", "not_topics", "cues", "acts", "by_case", "vague",
               "vague_background_weight", "general", "starts", "settled", "framing", "asked_last", "nameless_below",
               "fillers_except", "alone_score", "topic_aspects", "statement_below",
               "statement_weight", "whole_first_chars", "feelings"}
    for key in section:
        if key not in allowed:
            reader.unknown_key(key, line_of(section, key), allowed)

    def words(key: str) -> tuple[str, ...]:
        return tuple(normalize(w).replace(" ", "") or w for w, _ in reader.str_list(section, key))

    aspects, cues = _word_map(reader, section, "aspects"), _word_map(reader, section, "cues")
    fillers_except = _word_map(reader, section, "fillers_except")
    names = {name for name, _ in aspects}
    for key, mapped in (("cues", cues), ("fillers_except", fillers_except)):
        for name, _ in mapped:
            if name not in names:
                reader.error(line_of(section[key], name), f"{key}: unknown aspect '{name}' (not in 'aspects:')")
    weight = reader.number(section, "background_weight", QuestionRules.background_weight, 0, 1)
    chars = section.get("story_min_chars", QuestionRules.story_min_chars)
    if isinstance(chars, bool) or not isinstance(chars, int) or chars < 1:
        reader.error(line_of(section, "story_min_chars"), "'story_min_chars' must be a whole number above 0")
        chars = QuestionRules.story_min_chars
    at_most = section.get("answer_at_most", QuestionRules.answer_at_most)
    if isinstance(at_most, bool) or not isinstance(at_most, int) or at_most < 1:
        reader.error(line_of(section, "answer_at_most"), "'answer_at_most' must be a whole number above 0")
        at_most = QuestionRules.answer_at_most
    spoken = _spoken(reader, section)
    # Asking words keep their punctuation (？ asks); everything else is compared after normalising.
    asking = tuple(w for w, _ in reader.str_list(section, "asking")) or QuestionRules.asking
    return QuestionRules(asking, float(weight), chars, aspects, words("fillers"),
                         words("switch_endings") or QuestionRules.switch_endings,
                         words("courtesy") or QuestionRules.courtesy,
                         tuple(w for w, _ in reader.str_list(section, "merits")), at_most, spoken,
                         tuple(w for w, _ in reader.str_list(section, "not_topics")), cues, words("acts"),
                         tuple(w for w, _ in reader.str_list(section, "by_case")), words("vague"),
                         reader.number(section, "vague_background_weight", weight, 0, 1),
                         tuple(w for w, _ in reader.str_list(section, "general")), words("starts"),
                         tuple(sorted(words("settled"), key=len, reverse=True)),
                         tuple(sorted(words("framing"), key=len, reverse=True)), words("asked_last"),
                         _score(reader, section, "nameless_below"), fillers_except,
                         alone_score=_score(reader, section, "alone_score"),
                         topic_aspects=_topic_aspects(reader, section, names),
                         statement_below=_score(reader, section, "statement_below"),
                         statement_weight=_score(reader, section, "statement_weight"),
                         whole_first_chars=_score(reader, section, "whole_first_chars"),
                         feelings=_word_map(reader, section, "feelings"))


def _topic_aspects(reader: Validator, section: LDict, names: set[str]) -> tuple[str, ...]:
    """`topic_aspects:`: aspect names of `aspects:` (an unknown one is an error)."""
    out = []
    for name, line in reader.str_list(section, "topic_aspects"):
        if name in names:
            out.append(name)
        else:
            reader.error(line, f"topic_aspects: unknown aspect '{name}' (not in 'aspects:')")
    return tuple(out)


def _score(reader: Validator, section: LDict, key: str) -> float:
    """A score of 0 or more (0, which turns the rule off, when absent or bad)."""
    score = section.get(key, 0.0)
    if isinstance(score, bool) or not isinstance(score, (int, float)) or score < 0:
        reader.error(line_of(section, key), f"'{key}' must be a number of 0 or more")
        return 0.0
    return float(score)


def _word_map(reader: Validator, section: LDict, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """`aspects:` / `cues:` / `fillers_except:`: an aspect name -> its words, in the order written."""
    raw = section.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, LDict):
        reader.error(line_of(section, key), f"'{key}' must map a name (an aspect, an intent id) to a list of words")
        return ()
    return tuple((str(name), words_of) for name in raw
                 if (words_of := tuple(normalize(w).replace(" ", "") for w, _ in reader.str_list(raw, name))))


def _spoken(reader: Validator, section: LDict) -> tuple[tuple[str, str], ...]:
    """`spoken: {什么: [啥, 神马]}`: each spoken word with the written word it stands for, longest first."""
    raw = section.get("spoken")
    if raw is None:
        return ()
    if not isinstance(raw, LDict):
        reader.error(line_of(section, "spoken"), "'spoken' must map a written word to a list of spoken ones")
        return ()
    pairs = [(normalize(w).replace(" ", ""), normalize(str(written)).replace(" ", ""))
             for written in raw for w, _ in reader.str_list(raw, written)]
    return tuple(sorted((p for p in pairs if p[0]), key=lambda p: -len(p[0])))
