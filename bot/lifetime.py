"""What start-up builds lives as long as the process: the cyclic garbage collector is kept off it.

Start-up makes a few hundred thousand objects (intents, rules, the place index) and almost no garbage;
the collector would walk them in some two hundred passes while they are built (about 0.07 s of a start)
and again in every later full pass. `long_lived` pauses it while they are built, then freezes what exists
(gc.freeze: out of the collector's reach, never freed by it); `released` hands them back when a reload
replaces part of them, so a replaced set caught in a reference cycle is still freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    """Build what lasts as long as the process: no collection meanwhile, then everything alive frozen."""
    released()   # what an earlier build froze (a test process builds many bots)
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
    gc.freeze()   # only after a build that succeeded: a failed one raised above


def released() -> None:
    """The frozen objects back under the collector, to be freed like any others once unreachable."""
    gc.unfreeze()
