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
          gazetteer: Gazetteer | None = None) -> Services:
    """Everything a channel needs, wired once. Raises IntentLoadError when the intents are broken.

    The terminal chat turns the flood limit off: it has one local user, often a pipe. A library or
    gazetteer already loaded (the tests share them between bots on the same folder) is used as given.
    """
    from bot.places import Gazetteer

    with long_lived():   # the intents, rules and place index: kept out of the garbage collector's passes
        library = library or IntentLibrary(config.intents_dir, config.matcher)
        store = Store(config.storage_path, busy_timeout=config.busy_timeout_seconds)
        engine = Engine(library, store, config, gazetteer or Gazetteer.load(), flood_limit=flood_limit)
    return Services(config, store, library, engine)
