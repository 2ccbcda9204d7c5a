"""The maintainers' commands: `check`, `test`, `explain`, `eval`, `report` and `bench` on the intents."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from bot.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, config_hints, config_of, config_warnings, serves_telegram
from bot.config import Config
from bot.errors import ConfigError, FormLoadError, IntentLoadError
from bot.intentload import load_intents
from bot.intents import IntentSet
from bot.matcher import Matcher


def matcher_of(config: Config, intents: IntentSet | None = None) -> Matcher:
    return Matcher(intents or load_intents(config.intents_dir), config.matcher)


def cmd_check(args: argparse.Namespace) -> int:
    """Validate config.yaml and the intent files; list every problem."""
    problems: list[str] = []
    config: Config | None = None
    try:
        config = config_of(args)
    except ConfigError as exc:
        problems += [str(p) for p in exc.problems]
    directory = Path(args.dir) if args.dir else (config.intents_dir if config else Path("intents"))
    intents: IntentSet | None = None
    try:
        intents = load_intents(directory)
    except IntentLoadError as exc:
        problems += [str(p) for p in exc.problems]
    from bot.deadlines import DEADLINES_DIR, check_buttons, load_deadline_data

    try:
        if (directory / DEADLINES_DIR).is_dir():
            deadlines = load_deadline_data(directory / DEADLINES_DIR)
            problems += [str(p) for p in (check_buttons(intents, deadlines) if intents is not None else [])]
    except IntentLoadError as exc:
        problems += [str(p) for p in exc.problems]
    forms = _check_forms(directory, problems)
    _check_flow_texts(directory, problems)
    warnings: list[str] = []
    hints: list[str] = []
    if intents is not None:
        from bot.maint.lint import lint

        settings = config.matcher if config else None
        found = lint(intents, settings)
        hints = [str(w) for w in found if w.severity == "hint"]
        warnings = [str(w) for w in found if w.severity != "hint"]
    if config is not None:   # a missing operators' group warns only where Telegram is set up
        telegram = serves_telegram(config)
        warnings += config_warnings(config, telegram)
        hints += config_hints(config, telegram)
    for line in (*problems, *warnings, *(hints if args.hints else ())):
        print(line)
    if problems:
        print(f"\n{len(problems)} error(s), {len(warnings)} warning(s).")
        return EXIT_PROBLEMS
    assert intents is not None
    words = f" and {len(intents.glossary)} glossary words" if len(intents.glossary) else ""
    print(f"OK: {len(intents)} intents{words} in {len(intents.files)} files"
          f"{f', {forms} complaint forms' if forms else ''}, config valid"
          f"{f', {len(warnings)} warning(s)' if warnings else ''}"
          f"{f', {len(hints)} hint(s) (wuai check --hints)' if hints and not args.hints else ''}.")
    if args.readability:
        from bot.maint.readability import analyse, report

        print("\n" + report(analyse(intents)))
    return EXIT_OK


def _check_forms(directory: Path, problems: list[str]) -> int:
    """Validate the complaint forms (`intents/forms/`); returns how many loaded."""
    from bot.forms.load import FORMS_DIR, load_forms

    try:
        return len(load_forms(directory / FORMS_DIR))
    except FormLoadError as exc:
        problems += [str(p) for p in exc.problems]
        return 0


def _check_flow_texts(directory: Path, problems: list[str]) -> None:
    """Validate what the court finder, checklist and deadline calculator say (`intents/flows/`)."""
    from bot.errors import FlowTextError
    from bot.library import load_flow_set

    try:
        load_flow_set(directory)
    except FlowTextError as exc:
        problems += [str(p) for p in exc.problems]


def cmd_test(args: argparse.Namespace) -> int:
    """Every intent's examples must match that intent."""
    from bot.selfcheck import check_examples, describe

    matcher = matcher_of(config_of(args))
    total, failures = check_examples(matcher)
    for f in failures:
        intent = matcher.intents.get(f.intent_id)
        where = f"{intent.file}:{intent.line}" if intent else ""
        print(f"FAIL {f.intent_id} ({where}): '{f.example}' -> {describe(f.result)}")
    if args.per_intent:
        from bot.maint.lint import per_intent_report

        print(per_intent_report(matcher))
    print(f"{total - len(failures)}/{total} examples match their intent.")
    return EXIT_PROBLEMS if failures or not _test_conversations(args) else EXIT_OK


def _test_conversations(args: argparse.Namespace) -> bool:
    """The maintainers' conversation files (tests/conversations/*.yaml beside the config): every turn right."""
    from bot.library import IntentLibrary
    from bot.maint import conversations as conv
    from bot.places import Gazetteer

    files = sorted((Path(args.config).resolve().parent / "tests" / "conversations").glob("*.yaml"))
    if not files:
        return True
    config = config_of(args)
    library, gazetteer, ok = IntentLibrary(config.intents_dir, config.matcher), Gazetteer.load(), True
    for path in files:
        results = conv.run_conversations(config, library, conv.load_conversations(path), gazetteer)
        wrong = sum(not o.right for _c, outs in results for o in outs)
        if wrong:
            ok = False
            print(conv.report_text(results, path.name))
        print(f"{path.name}: {sum(len(outs) for _c, outs in results) - wrong}/"
              f"{sum(len(outs) for _c, outs in results)} conversation turns right.")
    return ok


def cmd_explain(args: argparse.Namespace) -> int:
    """Show how a text is matched."""
    print(matcher_of(config_of(args)).explain(" ".join(args.text)))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    """Accuracy on a labelled file."""
    from bot.maint.conversations import is_conversation_file

    if is_conversation_file(Path(args.file)):
        return _eval_conversations(args)
    from bot.maint.evaluation import load_cases, report_json, report_text, run_cases

    matcher = matcher_of(config_of(args))
    outcomes = run_cases(matcher, load_cases(Path(args.file)))
    if args.json:
        print(json.dumps(report_json(outcomes), ensure_ascii=False, indent=1))
    else:
        print(report_text(outcomes, Path(args.file).name))
    return EXIT_OK


def _eval_conversations(args: argparse.Namespace) -> int:
    """`wuai eval` on a `conversations:` file: every conversation through a real engine."""
    from bot.library import IntentLibrary
    from bot.maint import conversations as conv
    from bot.places import Gazetteer

    config = config_of(args)
    results = conv.run_conversations(config, IntentLibrary(config.intents_dir, config.matcher),
                                     conv.load_conversations(Path(args.file)), Gazetteer.load())
    if args.json:
        print(json.dumps(conv.report_json(results), ensure_ascii=False, indent=1))
    else:
        print(conv.report_text(results, Path(args.file).name))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """Questions the bot could not answer, grouped, with examples to paste (masked text only)."""
    from bot.maint.report import report

    if args.days < 1:
        print("wuai: --days must be 1 or more", file=sys.stderr)
        return EXIT_USAGE
    print(report(config_of(args), days=args.days, fmt=args.format), end="")
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    """Speed, start-up time and memory of the matcher, next to a TF-IDF baseline (figures, never a test)."""
    from bot.maint.bench import default_eval_files, run_bench
    from bot.maint.bench_report import format_report

    config = config_of(args)
    files = [Path(f) for f in args.eval] or default_eval_files(config)
    def progress(msg: str) -> None:
        print(f"bench: {msg}", file=sys.stderr)

    report = run_bench(config, files, quick=args.quick, progress=progress)
    if args.e2e:
        from bot.maint.bench_e2e import E2EUnavailable, run_e2e
        from bot.maint.bench_e2e_stages import run_stages
        try:
            report["e2e"] = run_e2e(config, rounds=1 if args.quick else 3, rtt_ms=args.rtt_ms, progress=progress)
            progress("e2e: one update, stage by stage")
            report["e2e"]["stages"] = run_stages(config, rounds=1 if args.quick else 2)
        except E2EUnavailable as exc:
            print(f"wuai bench: {exc}", file=sys.stderr)
            return EXIT_USAGE
    for note in report["notes"]:
        print(f"wuai bench: {note}", file=sys.stderr)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(format_report(report) + (f"\n\n{_format_e2e(report['e2e'])}" if "e2e" in report else ""))
    return EXIT_OK


def _format_e2e(figures: dict[str, Any]) -> str:
    from bot.maint.bench_e2e import format_e2e
    from bot.maint.bench_e2e_stages import format_stages

    return "\n".join([format_e2e(figures), "", *format_stages(figures["stages"])])
