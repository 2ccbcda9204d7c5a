"""What every `wuai` command shares: the exit codes, reading `--config`, and the config warnings."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Config, load_config
from bot.yamlsrc import display_path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def config_of(args: argparse.Namespace) -> Config:
    return load_config(Path(args.config))


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
