"""What every `wuai` command shares: the exit codes, reading `--config`, and the config warnings."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bot.config import Config, load_config
from bot.yamlsrc import display_path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
TOKEN_ENV = "WUAI_TELEGRAM_TOKEN"   # the bot's Telegram token: in the environment, never in a file


def config_of(args: argparse.Namespace) -> Config:
    return load_config(Path(args.config))


def config_warnings(config: Config, telegram: bool = True) -> list[str]:
    """Settings that are valid but probably not what the operator wants.

    `telegram`: the bot serves Telegram here (see `serves_telegram`). Without Telegram a missing operators' group
    is only a hint (`config_hints`): the terminal desk (`wuai tickets` / `wuai reply`) answers handed-off users.
    """
    where = f"{display_path(config.path)}:1: warning:"
    handoff = config.handoff
    if not handoff.operators_chat_id:
        return [f"{where} handoff.operators_chat_id is not set: in Telegram, handed-off users are answered only "
                "through `wuai tickets` / `wuai reply`"] if telegram else []
    if not handoff.operator_ids and not handoff.all_members_operate:
        return [f"{where} handoff.operator_ids is empty: every member of the operators' group (a newcomer, a guest) "
                "can write to users as 工作人员 and close tickets. List the user ids, or write `operator_ids: all`"]
    return []


def config_hints(config: Config, telegram: bool) -> list[str]:
    """What a terminal-only setup may leave unset, said as a hint (a warning where Telegram is served)."""
    if telegram or config.handoff.operators_chat_id:
        return []
    return [f"{display_path(config.path)}:1: hint: handoff.operators_chat_id is not set: fine without Telegram "
            "(`wuai chat`, `wuai tickets` / `wuai reply`); set it before `wuai serve` so operators answer in "
            "their group"]


def serves_telegram(config: Config) -> bool:
    """Whether this setup shows signs of Telegram: a token in the environment, webhook mode or another Bot API server.

    The token never goes in the config, so the config alone cannot say whether `wuai serve` will run.
    """
    return bool(os.environ.get(TOKEN_ENV, "").strip()) or config.telegram.mode == "webhook" \
        or bool(config.telegram.base_url)
