"""The `wuai` command: its arguments, which handler runs, and the exit code for each kind of error.

Only the `bot/cli*.py` modules print for the user and choose exit codes; the handlers live in `cli_maint`
(the maintainers' commands on the intents) and `cli_run` (running the bot and its terminal desk).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from bot.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from bot.cli_maint import cmd_bench, cmd_check, cmd_eval, cmd_explain, cmd_report, cmd_test
from bot.cli_run import cmd_chat, cmd_close, cmd_reply, cmd_serve, cmd_tickets
from bot.errors import EvalFileError, ProblemsError, WuaiError


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
