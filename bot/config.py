"""config.yaml: typed settings, validated with `file:line` problems like the intent files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import ConfigError, Problem
from bot.matcher import Settings as MatcherSettings
from bot.yamlcheck import Validator
from bot.yamlsrc import LDict, display_path, line_of, load_yaml

TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# Every default lives in the dataclasses below (these two paths are relative to config.yaml's folder).
INTENTS_DIR, STORAGE_PATH = "intents", "var/wuai.db"


@dataclass(frozen=True)
class TelegramConfig:
    base_url: str = ""
    mode: str = "polling"
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    webhook_url_path: str = ""        # "": a path derived from the token, so it cannot be guessed
    webhook_public_url: str = ""
    webhook_secret_token: str = ""    # "": WUAI_WEBHOOK_SECRET, else a random one at each start


@dataclass(frozen=True)
class HandoffConfig:
    operators_chat_id: int = 0
    operator_ids: tuple[int, ...] = ()   # empty: every member of the group may answer
    all_members_operate: bool = False    # `operator_ids: all`: that was chosen on purpose
    show_operator_names: bool = False
    timezone: str = "Asia/Shanghai"
    days: tuple[int, ...] = (1, 2, 3, 4, 5)
    start: str = "09:00"
    end: str = "17:30"
    outside_hours_text: str = ""
    reopen_days: int = 7
    ack_minutes: float = 3.0     # during a ticket, at most one "forwarded" acknowledgement this often


@dataclass(frozen=True)
class LimitsConfig:
    max_message_chars: int = 1000
    flood_messages: int = 8
    flood_seconds: float = 10.0


@dataclass(frozen=True)
class PrivacyConfig:
    retention_days: int = 90
    unanswered_retention_days: int = 90
    debug_log_text: bool = False


@dataclass(frozen=True)
class Config:
    """Everything config.yaml sets, with paths resolved against the file's folder."""

    path: Path
    intents_dir: Path
    storage_path: Path
    busy_timeout_seconds: float = 5.0     # one wait for a locked database (the event loop waits too)
    give_up_after_seconds: float = 120.0  # storage failing this long: the bot exits for a restart
    matcher: MatcherSettings = field(default_factory=MatcherSettings)
    flow_timeout_minutes: float = 30.0
    context_minutes: float = 30.0
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    handoff: HandoffConfig = field(default_factory=HandoffConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    privacy: PrivacyConfig = field(default_factory=PrivacyConfig)


SECTIONS: dict[str, set[str]] = {
    "intents": {"dir"},
    "matcher": {"threshold", "margin", "max_clarify", "story_margin", "story_question_lead"},
    "storage": {"path", "busy_timeout_seconds", "give_up_after_seconds"},
    "dialogue": {"flow_timeout_minutes", "context_minutes"},
    "telegram": {"base_url", "mode", "webhook"},
    "handoff": {"operators_chat_id", "operator_ids", "show_operator_names", "timezone", "hours",
                "outside_hours_text", "reopen_days", "ack_minutes"},
    "limits": {"max_message_chars", "flood_messages", "flood_seconds"},
    "privacy": {"retention_days", "unanswered_retention_days", "debug_log_text"},
}


def _section(r: Validator, data: LDict, name: str) -> LDict:
    """A top-level section (empty when absent), its keys checked."""
    section = r.mapping(data, name, f"'{name}' must be a mapping")
    if section is None:
        return LDict()
    r.keys(section, SECTIONS.get(name, set()), prefix=f"{name}.")
    return section


def _handoff(r: Validator, sec: LDict) -> HandoffConfig:
    chat = sec.get("operators_chat_id", 0)
    if isinstance(chat, bool) or not isinstance(chat, int):
        r.error(line_of(sec, "operators_chat_id"), "'operators_chat_id' must be a Telegram chat id (a number)")
        chat = 0
    ids = sec.get("operator_ids") or []
    everyone = ids == "all"
    if everyone:
        ids = []
    elif not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        r.error(line_of(sec, "operator_ids"), "'operator_ids' must be a list of Telegram user ids, or all")
        ids = []
    hours = sec.get("hours") or LDict()
    days, start, end = HandoffConfig.days, HandoffConfig.start, HandoffConfig.end
    if not isinstance(hours, LDict):
        r.error(line_of(sec, "hours"), "'hours' must be a mapping with days, start and end")
    else:
        r.keys(hours, {"days", "start", "end"}, prefix="handoff.hours.")
        raw_days = hours.get("days", list(days))
        if not isinstance(raw_days, list) or not raw_days or \
                not all(isinstance(d, int) and not isinstance(d, bool) and 1 <= d <= 7 for d in raw_days):
            r.error(line_of(hours, "days"), "'days' must list weekdays as numbers 1 (Monday) to 7 (Sunday)")
        else:
            days = tuple(raw_days)
        for key in ("start", "end"):
            value = str(hours.get(key, start if key == "start" else end))
            if not TIME_RE.match(value):
                r.error(line_of(hours, key), f"'{key}' must be a time like 09:00")
        start, end = str(hours.get("start", start)), str(hours.get("end", end))
    tz = r.text(sec, "timezone", default=HandoffConfig.timezone, strip=False)
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(tz)
    except Exception:
        r.error(line_of(sec, "timezone"), f"unknown time zone '{tz}' (e.g. Asia/Shanghai)")
        tz = HandoffConfig.timezone
    return HandoffConfig(
        operators_chat_id=chat, operator_ids=tuple(ids), all_members_operate=everyone,
        show_operator_names=r.flag(sec, "show_operator_names", HandoffConfig.show_operator_names), timezone=tz,
        days=days, start=start, end=end,
        outside_hours_text=r.text(sec, "outside_hours_text", default=HandoffConfig.outside_hours_text),
        reopen_days=int(r.number(sec, "reopen_days", HandoffConfig.reopen_days, 0, 365, integer=True)),
        ack_minutes=r.number(sec, "ack_minutes", HandoffConfig.ack_minutes, 0, 24 * 60),
    )


def _telegram(r: Validator, sec: LDict) -> TelegramConfig:
    mode = r.text(sec, "mode", default=TelegramConfig.mode, strip=False)
    if mode not in ("polling", "webhook"):
        r.error(line_of(sec, "mode"), "'mode' must be polling or webhook")
        mode = TelegramConfig.mode
    hook = (r.mapping(sec, "webhook", "'webhook' must be a mapping") if sec.get("webhook") else None) or LDict()
    r.keys(hook, {"listen", "port", "url_path", "public_url", "secret_token"}, prefix="telegram.webhook.")
    public_url = r.text(hook, "public_url", default=TelegramConfig.webhook_public_url, strip=False)
    if mode == "webhook" and not public_url.startswith("https://"):
        r.error(line_of(hook, "public_url", line_of(sec, "mode")),
                "webhook mode needs 'webhook.public_url' starting with https://")
    secret = r.text(hook, "secret_token", default=TelegramConfig.webhook_secret_token, strip=False)
    if secret and not SECRET_RE.match(secret):
        r.error(line_of(hook, "secret_token"), "'secret_token' must be 1-256 characters A-Z, a-z, 0-9, _ or -")
        secret = ""
    return TelegramConfig(
        base_url=r.text(sec, "base_url", default=TelegramConfig.base_url, strip=False), mode=mode,
        webhook_listen=r.text(hook, "listen", default=TelegramConfig.webhook_listen, strip=False),
        webhook_port=int(r.number(hook, "port", TelegramConfig.webhook_port, 1, 65535, integer=True)),
        webhook_url_path=r.text(hook, "url_path", default=TelegramConfig.webhook_url_path, strip=False).strip("/"),
        webhook_public_url=public_url,
        webhook_secret_token=secret,
    )


def load_config(path: Path) -> Config:
    """Read and validate config.yaml; raise ConfigError listing every problem."""
    name = display_path(path)
    if not path.is_file():
        raise ConfigError([Problem(name, 1, "config file not found (run in the project folder or pass --config)")])
    data, lines, problems = load_yaml(path)
    if problems:
        raise ConfigError(problems)
    r = Validator(name, lines)
    if data is None:
        data = LDict()
    if not isinstance(data, LDict):
        raise ConfigError([Problem(name, 1, "config.yaml must be a mapping of sections")])
    for key in data:
        if key not in SECTIONS:
            r.error(line_of(data, key), f"unknown section '{key}' (allowed: {', '.join(sorted(SECTIONS))})")
    base = path.resolve().parent
    intents = _section(r, data, "intents")
    matcher = _section(r, data, "matcher")
    storage = _section(r, data, "storage")
    dialogue = _section(r, data, "dialogue")
    limits = _section(r, data, "limits")
    privacy = _section(r, data, "privacy")
    config = Config(
        path=path.resolve(),
        intents_dir=base / r.text(intents, "dir", default=INTENTS_DIR, strip=False),
        storage_path=base / r.text(storage, "path", default=STORAGE_PATH, strip=False),
        busy_timeout_seconds=r.number(storage, "busy_timeout_seconds", Config.busy_timeout_seconds, 0, 60),
        give_up_after_seconds=r.number(storage, "give_up_after_seconds", Config.give_up_after_seconds, 1, 86400),
        matcher=MatcherSettings(
            threshold=r.number(matcher, "threshold", MatcherSettings.threshold, 0.1, 1000),
            margin=r.number(matcher, "margin", MatcherSettings.margin, 0, 1000),
            max_clarify=int(r.number(matcher, "max_clarify", MatcherSettings.max_clarify, 2, 8, integer=True)),
            story_margin=r.number(matcher, "story_margin", MatcherSettings.story_margin, 0, 1000),
            story_question_lead=r.number(matcher, "story_question_lead", MatcherSettings.story_question_lead, 0, 1000),
        ),
        flow_timeout_minutes=r.number(dialogue, "flow_timeout_minutes", Config.flow_timeout_minutes, 1, 24 * 60),
        context_minutes=r.number(dialogue, "context_minutes", Config.context_minutes, 0, 24 * 60),
        telegram=_telegram(r, _section(r, data, "telegram")),
        handoff=_handoff(r, _section(r, data, "handoff")),
        limits=LimitsConfig(
            max_message_chars=int(r.number(limits, "max_message_chars", LimitsConfig.max_message_chars, 20, 100000,
                                            integer=True)),
            flood_messages=int(r.number(limits, "flood_messages", LimitsConfig.flood_messages, 1, 1000, integer=True)),
            flood_seconds=r.number(limits, "flood_seconds", LimitsConfig.flood_seconds, 0.1, 3600),
        ),
        privacy=PrivacyConfig(
            retention_days=int(r.number(privacy, "retention_days", PrivacyConfig.retention_days, 1, 3650,
                                        integer=True)),
            unanswered_retention_days=int(r.number(privacy, "unanswered_retention_days",
                                                   PrivacyConfig.unanswered_retention_days, 1, 3650, integer=True)),
            debug_log_text=r.flag(privacy, "debug_log_text", PrivacyConfig.debug_log_text),
        ),
    )
    if r.problems:
        raise ConfigError(r.problems)
    return config
