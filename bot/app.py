"""Composition root: builds the store, intent library, gazetteer and engine from a Config."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.config import Config
from bot.engine import Engine
from bot.library import IntentLibrary
from bot.lifetime import long_lived
from bot.store import Store

if TYPE_CHECKING:
    from bot.places import Gazetteer


@dataclass
class Services:
    config: Config
    store: Store
    library: IntentLibrary
    engine: Engine

    def close(self) -> None:
        self.store.close()


def build(config: Config, flood_limit: bool = True, *, library: IntentLibrary | None = None,
          gazetteer: Gazetteer | None = None, saved_intents: bool = False) -> Services:
    """Everything a channel needs, wired once. Raises IntentLoadError when the intents are broken.

    The terminal chat turns the flood limit off: it has one local user, often a pipe. A library or
    gazetteer already loaded (the tests share them between bots on the same folder) is used as given.
    `saved_intents`: start from the intent set saved by the last start when its files are unchanged
    (bot/intentcache.py; `wuai serve` and `wuai chat`).
    """
    from bot.places import Gazetteer

    with long_lived():   # the intents, rules and place index: kept out of the garbage collector's passes
        if library is None:
            saved_in = None
            if saved_intents:
                from bot.intentcache import default_folder

                saved_in = default_folder()
            library = IntentLibrary(config.intents_dir, config.matcher, saved_in)
        store = Store(config.storage_path, busy_timeout=config.busy_timeout_seconds)
        engine = Engine(library, store, config, gazetteer or Gazetteer.load(), flood_limit=flood_limit)
    return Services(config, store, library, engine)
