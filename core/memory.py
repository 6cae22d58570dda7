"""Pausing Python's cyclic garbage collector while records and graphs are made by the
hundred thousand.

The records, graph nodes and edges a derivation makes are acyclic dicts, lists and frozen
dataclasses (reference counting frees them); while they are made, the collector walks
every live one again and again: a sixth of annotating people, a fifth of deriving a
14,285-item partition (10.3 -> 8.4 s of processor time). What it would have found waits
for its next run: a caller that makes cycles inside the pause and little after it
collects them itself (:func:`gc.collect`), or they pile up.

The same holds for the Neo4j loaders' passes over a whole graph (rows, ranges, CSV units)
and for building the HTML view of 100,000 nodes: they use this one pause too.

>>> import gc
>>> with gc_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused (if it ran) inside the ``with`` block."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


__all__ = ["gc_paused"]
