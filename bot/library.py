"""The live intent set: loaded once, swapped only for a set that loads cleanly and passes its examples."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from bot import texts
from bot.errors import FlowTextError, FormLoadError, IntentLoadError
from bot.flows import checklist, court, deadline
from bot.flows.texts import FlowTexts, Schema, flows_dir, load_flow_texts
from bot.forms.load import FORMS_DIR, load_forms
from bot.forms.model import FormSet
from bot.intentload import intent_files, load_intents
from bot.lifetime import released
from bot.matcher import Matcher, Settings
from bot.selfcheck import check_examples, describe

log = logging.getLogger(__name__)
# The flows whose sentences live in `intents/flows/<name>.yaml`, with what each file must hold.
FLOW_SCHEMAS: dict[str, Schema] = {court.NAME: court.SCHEMA, checklist.NAME: checklist.SCHEMA,
                                   deadline.NAME: deadline.SCHEMA}


def load_flow_set(intents_dir: Path) -> FlowTexts:
    """The flows' texts an intents folder uses; FlowTextError lists every problem."""
    return load_flow_texts(flows_dir(intents_dir), FLOW_SCHEMAS)


@dataclass(frozen=True)
class ReloadResult:
    swapped: bool
    problems: tuple[str, ...] = ()
    count: int = 0

    def summary(self) -> str:
        if self.swapped:
            return texts.RELOADED.format(count=self.count)
        return texts.RELOAD_REFUSED + "\n".join(self.problems[:20])


class IntentLibrary:
    """Holds the current Matcher; `reload()` replaces it atomically or not at all."""

    def __init__(self, directory: Path, settings: Settings | None = None, saved_in: Path | None = None) -> None:
        """`saved_in`: a folder keeping the loaded set for the next start (bot/intentcache.py); reloads never use it."""
        self.directory = directory
        self.settings = settings or Settings()
        self._lock = threading.Lock()
        if saved_in is None:
            intents = load_intents(directory)
        else:
            from bot.intentcache import cached_intents

            intents = cached_intents(directory, saved_in)
        self._matcher = Matcher(intents, self.settings)
        self._flow_texts = load_flow_set(directory)
        self._forms: FormSet | None = None   # loaded on first use: start-up answers questions sooner
        self._signature = self.signature()

    @property
    def matcher(self) -> Matcher:
        return self._matcher

    @property
    def flow_texts(self) -> FlowTexts:
        """What the court finder, checklist and deadline calculator say (`intents/flows/`), hot-reloaded."""
        return self._flow_texts

    @property
    def forms(self) -> FormSet:
        """The complaint forms (`intents/forms/`), reloaded together with the intents.

        Broken forms at start-up leave the builder empty (it says so and offers a person); `wuai check`
        and the hot reload name the errors.
        """
        if self._forms is None:
            with self._lock:
                if self._forms is None:
                    try:
                        self._forms = load_forms(self.directory / FORMS_DIR)
                    except FormLoadError as exc:
                        log.error("complaint forms not loaded: %d error(s)", len(exc.problems))
                        self._forms = FormSet()
        return self._forms

    def signature(self) -> tuple[tuple[str, int, int, int], ...]:
        """Names, modification times, sizes and inodes of the intent files: changes when a file does."""
        out = []
        folders = (self.directory, self.directory / FORMS_DIR, flows_dir(self.directory))
        for path in [p for folder in folders for p in intent_files(folder)]:
            try:
                st = path.stat()
            except OSError:
                continue
            # The inode catches a file replaced by a copy that keeps its old time and size (rsync -a, cp -p).
            out.append((str(path), st.st_mtime_ns, st.st_size, st.st_ino))
        return tuple(out)

    def changed(self) -> bool:
        """True when an intent file was added, removed or edited since the last load or reload attempt."""
        return self.signature() != self._signature

    def reload(self) -> ReloadResult:
        """Load the folder again; swap only when it loads without errors and every example passes."""
        with self._lock:
            self._signature = self.signature()
            try:
                matcher = Matcher(load_intents(self.directory), self.settings)
                forms = load_forms(self.directory / FORMS_DIR)
                flow_texts = load_flow_set(self.directory)
            except (IntentLoadError, FormLoadError, FlowTextError) as exc:
                problems = tuple(f"{p.file}:{p.line}: {p.message}" for p in exc.problems)
                log.warning("intent reload refused: %d error(s)", len(problems))
                return ReloadResult(False, problems)
            _total, failures = check_examples(matcher)
            if failures:
                problems = tuple(
                    f"{i.file}:{i.line}: example of '{f.intent_id}' no longer matches: "
                    f"'{f.example}' -> {describe(f.result)}"
                    for f in failures if (i := matcher.intents.get(f.intent_id)))
                log.warning("intent reload refused: %d example(s) fail", len(failures))
                return ReloadResult(False, problems)
            self._matcher, self._forms, self._flow_texts = matcher, forms, flow_texts
            released()   # the replaced set was frozen with the rest of start-up (bot/lifetime.py)
            log.info("intents reloaded: %d intents", len(matcher.intents))
            return ReloadResult(True, (), len(matcher.intents))
