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


@contextlib.contextmanager
def gc_paused_then_frozen() -> Iterator[None]:
    """The collector paused inside the block, and what is alive after it frozen (moved out
    of the collector's generations: :func:`gc.freeze`), for a block that makes many
    long-lived objects and no reference cycles (a partition's derivation, see
    :func:`graph.build.release_views`).

    Paused or not, the objects a block leaves alive are walked by the collector again and
    again after it: its first automatic run walks every one (gen0 grew without bound while
    paused), later ones walk them twice more as they age, and the interpreter's exit walks
    them once more. After one meeting is added to a 100k-item store (14,285 items derived
    again) that was 0.9 s of ``gc.collect()`` plus ~0.6 s of later runs in a ``case``
    process. Frozen objects are still freed by reference counting; only a cycle among them
    would wait: so what was frozen before is given back to the collector (and collected)
    before the block, and what is garbage then is collected before anything is frozen.

    >>> import gc
    >>> with gc_paused_then_frozen():
    ...     gc.isenabled()
    False
    >>> gc.isenabled(), gc.get_freeze_count() > 0
    (True, True)
    """
    gc.unfreeze()  # an earlier block's survivors: the collector's again
    gc.collect()
    try:
        with gc_paused():
            yield
    finally:
        gc.freeze()


__all__ = ["gc_paused", "gc_paused_then_frozen"]
