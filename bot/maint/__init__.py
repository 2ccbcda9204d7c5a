"""Maintainers' tools behind `wuai check`, `test`, `eval`, `report` and `bench`; the running bot never imports them.

The runtime path (`wuai serve`, `wuai chat`) is the engine, matcher, intents, channels, store, flows, forms,
places and handoff outside this package; `tests/test_imports.py` keeps it that way.
"""
