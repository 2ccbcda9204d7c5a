"""The `wuai` command. The only place that prints for the user and chooses exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.config import SECRET_RE, Config, load_config
from bot.errors import ConfigError, EvalFileError, FormLoadError, IntentLoadError, ProblemsError, WuaiError
from bot.intents import IntentSet, load_intents
from bot.matcher import Matcher
from bot.yamlsrc import display_path

if TYPE_CHECKING:
    from bot.handoff import Desk, Ticket

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
SYSTEM_KINDS = ("card", "close_topic", "reopen_topic")   # relay rows that are no message to show


def _config(args: argparse.Namespace) -> Config:
    return load_config(Path(args.config))


def _matcher(config: Config, intents: IntentSet | None = None) -> Matcher:
    return Matcher(intents or load_intents(config.intents_dir), config.matcher)


def config_warnings(config: Config) -> list[str]:
    """Settings that are valid but probably not what the operator wants."""
    where = f"{display_path(config.path)}:1: warning:"
    handoff = config.handoff
    if not handoff.operators_chat_id:
        return [f"{where} handoff.operators_chat_id is not set: in Telegram, handed-off users are answered only "
                "through `wuai tickets` / `wuai reply`"]
    if not handoff.operator_ids and not handoff.all_members_operate:
        return [f"{where} handoff.operator_ids is empty: every member of the operators' group (a newcomer, a guest) "
                "can write to users as 工作人员 and close tickets. List the user ids, or write `operator_ids: all`"]
    return []


def cmd_check(args: argparse.Namespace) -> int:
    """Validate config.yaml and the intent files; list every problem."""
    problems: list[str] = []
    config: Config | None = None
    try:
        config = _config(args)
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
    if config is not None:
        warnings += config_warnings(config)
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

    matcher = _matcher(_config(args))
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
    config = _config(args)
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
    print(_matcher(_config(args)).explain(" ".join(args.text)))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    """Accuracy on a labelled file."""
    from bot.maint.conversations import is_conversation_file

    if is_conversation_file(Path(args.file)):
        return _eval_conversations(args)
    from bot.maint.evaluation import load_cases, report_json, report_text, run_cases

    matcher = _matcher(_config(args))
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

    config = _config(args)
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
    print(report(_config(args), days=args.days, fmt=args.format), end="")
    return EXIT_OK


def cmd_chat(args: argparse.Namespace) -> int:
    """Chat with the bot in the terminal."""
    from bot.channels.terminal import run_terminal

    return int(run_terminal(_config(args), user=args.user))


def _desk(args: argparse.Namespace) -> Desk:
    from bot.handoff import Desk
    from bot.store import Store

    config = _config(args)
    return Desk(Store(config.storage_path), config.handoff)


def cmd_tickets(args: argparse.Namespace) -> int:
    """List open tickets (urgent first) and those closed lately, or show one ticket's card and messages."""
    desk = _desk(args)
    if args.ticket is not None:
        ticket = desk.get(args.ticket)
        if ticket is None:
            print(f"没有工单 #{args.ticket}。", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"{desk.describe(ticket)}\n\n{ticket.card}\n\n消息：")
        for relay in desk.conversation(ticket.id):
            if relay.kind in SYSTEM_KINDS:
                continue
            who = "系统" if relay.author == "system" else "用户" if relay.direction == "to_operators" else "工作人员"
            body = relay.text if relay.kind in ("text", "notice") else f"[{relay.kind}]"
            print(f"  {who}: {body}")
        return EXIT_OK

    def unread(ticket: Ticket) -> str:
        new = [r for r in desk.pending("to_operators", ticket_id=ticket.id) if r.author == "user"]
        return f"  （{len(new)} 条新消息）" if new and ticket.status != "closed" else ""

    print("\n".join(desk.board(suffix=unread)))
    return EXIT_OK


def _open_ticket(desk: Desk, number: int) -> Ticket | None:
    """The ticket if it is still open; otherwise says so on stderr."""
    ticket = desk.get(number)
    if ticket is None or ticket.status == "closed":
        print(f"工单 #{number} 不存在或已经结束。", file=sys.stderr)
        return None
    return ticket


def cmd_reply(args: argparse.Namespace) -> int:
    """Answer a ticket from the terminal (the user's `wuai chat` shows it)."""
    desk = _desk(args)
    ticket = _open_ticket(desk, args.ticket)
    if ticket is None:
        return EXIT_PROBLEMS
    desk.reply(ticket.id, "cli", "", "text", " ".join(args.text), "operator")
    for relay in desk.pending("to_operators", ticket_id=ticket.id):
        desk.delivered(relay.id, "cli")  # the operator has now seen the user's messages
    print(f"已回复工单 #{ticket.id}。")
    return EXIT_OK


def cmd_close(args: argparse.Namespace) -> int:
    """Close a ticket; the user is told and the bot answers them again."""
    desk = _desk(args)
    ticket = _open_ticket(desk, args.ticket)
    if ticket is None:
        return EXIT_PROBLEMS
    desk.close_by_operator(ticket.id)
    print(f"工单 #{ticket.id} 已关闭。")
    return EXIT_OK


NO_TOKEN = ("wuai serve needs a Telegram bot token: create a bot with @BotFather in Telegram, then "
            "export WUAI_TELEGRAM_TOKEN=<token>. To try the bot without Telegram, run: wuai chat")


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the bot in Telegram (token from WUAI_TELEGRAM_TOKEN)."""
    import asyncio
    import logging
    import os
    import signal

    os.environ.setdefault("PTB_TIMEDELTA", "1")  # RetryAfter.retry_after as timedelta, without warnings
    token = os.environ.get("WUAI_TELEGRAM_TOKEN", "").strip()
    if not token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_PROBLEMS
    config = _config(args)
    secret = os.environ.get("WUAI_WEBHOOK_SECRET", "").strip()
    if secret and not SECRET_RE.match(secret):
        print("wuai: WUAI_WEBHOOK_SECRET must be 1-256 characters A-Z, a-z, 0-9, _ or -", file=sys.stderr)
        return EXIT_PROBLEMS
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Library debug logs can contain message text, and httpx logs URLs with the token in them.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.verbose:
        logging.getLogger("bot").setLevel(logging.DEBUG)
    for warning in config_warnings(config):
        logging.warning("%s", warning.split(" warning: ", 1)[-1])
    if config.privacy.debug_log_text:
        logging.warning("privacy.debug_log_text is on: logs may contain message text. Turn it off in production.")
    from bot.app import build
    from bot.channels.telegram import TelegramChannel

    base_url = os.environ.get("WUAI_TELEGRAM_BASE_URL", "").strip() or config.telegram.base_url
    services = build(config)
    channel = TelegramChannel(services, token, base_url=base_url,
                              webhook_secret=secret)

    async def serve() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):   # systemctl stop/restart: finish what is in flight
            loop.add_signal_handler(sig, stop.set)
        await channel.run_forever(stop)

    try:
        asyncio.run(serve())
    finally:
        services.close()
    logging.info("stopped")
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    """Speed, start-up time and memory of the matcher, next to a TF-IDF baseline (figures, never a test)."""
    from bot.maint.bench import default_eval_files, format_report, run_bench

    config = _config(args)
    files = [Path(f) for f in args.eval] or default_eval_files(config)
    def progress(msg: str) -> None:
        print(f"bench: {msg}", file=sys.stderr)

    report = run_bench(config, files, quick=args.quick, progress=progress)
    if args.e2e:
        from bot.maint.bench_e2e import E2EUnavailable, format_e2e, run_e2e
        try:
            report["e2e"] = run_e2e(config, rounds=1 if args.quick else 3, rtt_ms=args.rtt_ms, progress=progress)
        except E2EUnavailable as exc:
            print(f"wuai bench: {exc}", file=sys.stderr)
            return EXIT_USAGE
    for note in report["notes"]:
        print(f"wuai bench: {note}", file=sys.stderr)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print(format_report(report) + (f"\n\n{format_e2e(report['e2e'])}" if "e2e" in report else ""))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="wuai", description="无碍: legal-aid chatbot for deaf litigants")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--config", default="config.yaml", help="config file (default: ./config.yaml)")
        p.set_defaults(func=func)
        return p

    add("chat", cmd_chat, "chat with the bot in this terminal (no Telegram token needed)").add_argument(
        "--user", default="terminal", help="user id for this chat session (default: terminal)")
    check = add("check", cmd_check, "validate config.yaml and the intent files")
    check.add_argument("dir", nargs="?", help="intents folder (default: from config.yaml)")
    check.add_argument("--hints", action="store_true",
                       help="also list advice that needs no action (exclusions no example shows at work)")
    check.add_argument("--readability", action="store_true",
                       help="also list, per answer, its length, longest sentence, uncommon characters and legal words")
    add("test", cmd_test, "check that every intent example matches its intent").add_argument(
        "--per-intent", action="store_true", help="also print precision/recall per intent and confusions")
    add("explain", cmd_explain, "show how a text is matched").add_argument("text", nargs="+")
    ev = add("eval", cmd_eval, "accuracy on a labelled file of questions")
    ev.add_argument("file")
    ev.add_argument("--json", action="store_true", help="print the JSON report")
    bench = add("bench", cmd_bench, "measure matching speed, start-up time and memory against a TF-IDF baseline")
    bench.add_argument("--eval", action="append", default=[], metavar="FILE",
                       help="labelled questions (repeatable; default: ../shared/eval/*.yaml beside the config)")
    bench.add_argument("--json", action="store_true", help="print one JSON object")
    bench.add_argument("--quick", action="store_true", help="fewer messages and runs (a smoke test)")
    bench.add_argument("--e2e", action="store_true",
                       help="also time update->reply through the Bot API stand-in beside an echo bot (from a checkout)")
    bench.add_argument("--rtt-ms", type=float, default=40.0, metavar="MS",
                       help="with --e2e, also time both bots when every Bot API answer waits MS milliseconds, "
                            "an assumed network round trip (default: 40; 0: skip)")
    rep = add("report", cmd_report, "group the questions the bot could not answer, with examples to paste")
    rep.add_argument("--days", type=int, default=7, help="how far back to look (default: 7)")
    rep.add_argument("--format", choices=("text", "csv"), default="text", help="text (default) or csv")
    add("serve", cmd_serve, "run the bot in Telegram (token from WUAI_TELEGRAM_TOKEN)").add_argument(
        "--verbose", action="store_true", help="debug logging (still without message text)")
    tickets = add("tickets", cmd_tickets, "list open handoff tickets, or show one (without Telegram)")
    tickets.add_argument("ticket", nargs="?", type=int)
    reply = add("reply", cmd_reply, "answer a ticket as an operator (without Telegram)")
    reply.add_argument("ticket", type=int)
    reply.add_argument("text", nargs="+")
    add("close", cmd_close, "close a ticket (without Telegram)").add_argument("ticket", type=int)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except ProblemsError as exc:   # config, intents or forms
        print(str(exc), file=sys.stderr)
        print(f"\n{len(exc.problems)} error(s). Fix them and try again (`wuai check` lists them).",
              file=sys.stderr)
        return EXIT_PROBLEMS
    except EvalFileError as exc:
        print(f"wuai: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except WuaiError as exc:
        print(f"wuai: {exc}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `wuai check | head`
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
