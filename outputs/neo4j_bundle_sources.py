"""Where a reload by bundle (:mod:`outputs.neo4j_bundles`) reads a partition's bundles:
in memory (:class:`graph.partition.Part`), read on demand with their digests
(:class:`PartBundles`), or saved by the store and opened only when needed
(:class:`SavedPart`). No driver here.

>>> from graph.partition import Bundle
>>> part = Part({"": Bundle([("forum:x", {"type": "Forum"})], [])}, {}, {}, {})
>>> src = of_part(part)
>>> src.keys, len(src.digests[""]), src.stamp
([''], 32, None)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from core.errors import Neo4jError
from graph.partition import Bundle, Part
from outputs.neo4j_bundle_rows import bundle_digest


@dataclass
class PartBundles:
    """One partition's bundles as the loader reads them: their keys in the order the graph
    merges them, their digests, ``read(keys)``, the bundles of ``keys``, and the stamp of
    what the store saved (:func:`store.derived.stamp`; None: not saved)."""

    keys: list[str]
    digests: dict[str, str]
    read: Callable[[list[str]], dict[str, Bundle]]
    stamp: str | None = None


@dataclass
class SavedPart:
    """A partition the store saved, opened only when a reload needs it: ``stamp`` names
    what is saved (equal stamps, equal bundles), ``open()`` gives its bundles (None when
    they cannot be read). A reload skips a partition whose stamp is the one it loaded."""

    stamp: str
    open: Callable[[], PartBundles | None]


Source = Part | PartBundles | SavedPart


def of_part(part: Part) -> PartBundles:
    """A part in memory (its digests made here)."""
    digests = {k: bundle_digest(b) for k, b in part.bundles.items()}
    return PartBundles(list(part.bundles), digests, lambda keys: {k: part.bundles[k] for k in keys})


def open_source(source: Source) -> PartBundles | None:
    """The bundles of ``source`` (None when saved ones cannot be read)."""
    if isinstance(source, SavedPart):
        return source.open()
    return source if isinstance(source, PartBundles) else of_part(source)


def open_sources(parts: Mapping[str, Source]) -> dict[str, PartBundles]:
    """The bundles of every partition of ``parts``; raises when saved ones cannot be read."""
    sources = {p: open_source(x) for p, x in parts.items()}
    unread = sorted(p for p, x in sources.items() if x is None)
    if unread:
        raise Neo4jError(f"the saved graph of partition {unread[0]!r} could not be read")
    return {p: x for p, x in sources.items() if x is not None}


def read_wanted(
    sources: dict[str, PartBundles], wanted: Callable[[str, str], bool]
) -> list[tuple[str, str, Bundle]]:
    """The bundles ``wanted(partition, key)``, in the order of the merged graph."""
    found = []
    for p in sorted(sources):
        src = sources[p]
        keys = [k for k in src.keys if wanted(p, k)]
        bundles = src.read(keys) if keys else {}
        found += [(p, k, bundles[k]) for k in keys]
    return found


__all__ = [
    "PartBundles",
    "SavedPart",
    "Source",
    "of_part",
    "open_source",
    "open_sources",
    "read_wanted",
]
