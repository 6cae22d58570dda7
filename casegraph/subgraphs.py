"""``meetings``, ``person`` and ``viz QUERY`` from the store's tables and the few bundles
they name, instead of the whole graph: their time follows the size of the answer.

Each partition's derived graph has tables beside it (:mod:`store.tables`): its documented
meetings, its people and its forums. ``meetings`` answers from the meeting table alone;
``person`` finds the person among the people of every partition (their names and aliases
merged across partitions as the whole graph merges them) and reads the bundles of the
meetings they took part in. The answers are those of the whole graph
(``tests/test_subgraphs.py`` compares both on the seeds and on Greve).

A partition whose tables are missing (a cache written before them) has them made from its
saved graph, once; one whose records changed since is derived again first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from core import schema
from core.errors import EmptyStoreError
from graph.bundle_graph import BundleGraph
from graph.partition import Bundle, Part, merge_bundles
from queries.meetings import EMPTY_STORE, Meetings, meetings_of
from queries.person import Participation, find_person, person
from queries.store_titles import part_head
from store.derived import read_bundles
from store.sqlite import RecordStore
from store.tables import PartTables, part_tables
from store.texts import PLACEHOLDER, TEXT_FIELDS, LazyTexts, texts_filler, texts_loader

if TYPE_CHECKING:
    import networkx as nx

#: Called as ``progress(done, total, partition)`` when partitions are derived again.
Progress = Callable[[int, int, str], None]


def partition_tables(
    db: RecordStore, names: tuple[str, ...], *, progress: Progress | None = None
) -> list[tuple[str, int, PartTables]]:
    """``(partition, change, tables)`` of every partition of ``db``, in the order of their
    names (the order the whole graph is merged in); the tables ``names`` read, the others
    empty. A stale partition is derived again (and saved, where the store can be written).
    """
    states = db.partitions()
    saved = {p: db.tables(p, changed, names) for p, changed in states.items()}
    stale = [p for p, tables in saved.items() if tables is None]
    found: list[tuple[str, int, PartTables]] = []
    for partition, changed in states.items():
        tables = saved[partition]
        if tables is None:
            part = db.cached_part(partition, changed, filled=False)
            kept = None if part is None else db.kept_texts(part)  # before the texts are in
            fill = texts_filler(db.words().conn)
            if part is not None and fill(list(part.bundles.values())):
                # saved before the tables were: made once from the graph
                tables = part_tables(part, kept)
                db.save_tables(partition, changed, tables)
            else:
                if progress is not None:
                    progress(stale.index(partition), len(stale), partition)
                tables = part_tables(derived_part(db, partition, changed))  # saved with it
                if progress is not None:
                    progress(stale.index(partition) + 1, len(stale), partition)
        found.append((partition, changed, tables))
    return found


def list_meetings(
    db: RecordStore, forum: str | None = None, *, progress: Progress | None = None
) -> Meetings:
    """:func:`queries.meetings.list_meetings` from the meeting tables of ``db``.

    Raises
    ------
    core.errors.EmptyStoreError
        When the store holds no minutes.
    """
    rows = []
    seen: set[str] = set()
    for _partition, _changed, tables in partition_tables(db, ("meetings",), progress=progress):
        for row in tables.meetings:
            if row[0] not in seen:
                seen.add(row[0])
                rows.append(row)
    if not rows:
        raise EmptyStoreError(EMPTY_STORE)
    return meetings_of(rows, forum)


def person_graph(
    db: RecordStore, name: str, *, progress: Progress | None = None
) -> tuple[nx.MultiDiGraph, str]:
    """The graph :func:`queries.person.person` answers ``name`` from, and the person's key:
    the person as the whole graph has them, and the bundles of every meeting they took
    part in (of every partition they are in), in a :class:`graph.bundle_graph.BundleGraph`
    (no networkx import).

    Raises
    ------
    core.errors.EmptyStoreError, core.errors.NoMatchError
    """
    parts = partition_tables(db, ("people",), progress=progress)
    if not parts:
        raise EmptyStoreError(EMPTY_STORE)
    people = merge_bundles(
        (Bundle([(k, row[0]) for k, row in tables.people.items()], []) for _, _, tables in parts),
        BundleGraph(),
    )
    key = find_person(people, name)
    bundles: list[Bundle] = []  # not bundles_graph: the person's attributes come first
    for partition, changed, tables in parts:
        row = tables.people.get(key)
        if row is None:
            continue
        bundles.append(Bundle([(key, row[0])], []))  # first: the person as this part has them
        bundles += read_part_bundles(db, partition, changed, row[1])
    return merge_bundles(bundles, BundleGraph()), key


def read_part_bundles(
    db: RecordStore, partition: str, changed: int, keys: Iterable[str], *, fill: bool = True
) -> list[Bundle]:
    """The bundles ``keys`` of ``partition`` (as of ``changed``), in the order of its file
    (the order the whole graph merges them in); the partition is derived again when its
    saved graph is stale. Without ``fill``, the item texts the cache leaves to the records
    stay :data:`store.texts.PLACEHOLDER` (see :func:`bundles_graph`)."""
    wanted = set(keys)
    index = part_head(db, partition, changed)
    if index is not None:
        if not fill:
            index = dataclasses.replace(index, fill=None)
        found = read_bundles(index, [k for k in index.offsets if k in wanted])
        if found is not None:
            return list(found.values())
    part = derived_part(db, partition, changed)
    return [b for k, b in part.bundles.items() if k in wanted]


def bundles_graph(
    db: RecordStore,
    keys: Mapping[str, Iterable[str]],
    graph: BundleGraph | None = None,
    *,
    texts: Literal["all", "owned"] = "all",
) -> nx.MultiDiGraph:
    """The graph of the bundles ``keys`` (partition -> bundle keys) of ``db``, merged in the
    order of the whole graph: partitions by name, each in the order of its file; into
    ``graph`` when given (:func:`graph.partition.merge_bundles`).

    ``texts="owned"`` fills the texts of the agenda items of the meetings read only (the
    bundles' own items, once each, after merging), and leaves ``None`` as the text and
    decision of the copies of other meetings' items that the bundles' edges reach (a
    council meeting's bundle holds copies of the committee items that led to it: filling
    them decodes the records of every document they come from). For ``case`` and
    ``attended``: their answers read the texts of the best matters' items, whose meetings
    are all read, and a missing text only lowers another matter's score.
    """
    wanted = {partition: list(found) for partition, found in keys.items()}
    if texts == "owned":
        G = _merge(db, wanted, graph, fill=False)
        if fill_owned(db, G, {k for found in wanted.values() for k in found}):
            return G
        graph = None if graph is None else type(graph)()  # the records changed: as before
    return _merge(db, wanted, graph, fill=True)


def _merge(
    db: RecordStore, keys: Mapping[str, list[str]], graph: BundleGraph | None, *, fill: bool
) -> nx.MultiDiGraph:
    states = db.partitions()
    return merge_bundles(
        (
            b
            for partition in sorted(keys)
            if partition in states
            for b in read_part_bundles(db, partition, states[partition], keys[partition], fill=fill)
        ),
        graph,
    )


def fill_owned(db: RecordStore, G: nx.MultiDiGraph, meetings: set[str]) -> bool:
    """Give the items of ``meetings`` in ``G`` the texts the cache leaves to the records,
    read when first asked for (:class:`store.texts.LazyTexts`: an answer reads the texts of
    a few items), and put ``None`` for the others' (see :func:`bundles_graph`)."""
    load = texts_loader(lambda: db.words().conn)  # opened again when the answer is made later
    nodes = G._node
    for node, d in list(nodes.items()):
        if d.get("text") is not PLACEHOLDER or d.get("type") != schema.AGENDA_ITEM:
            continue
        if d.get("meeting") in meetings:
            nodes[node] = LazyTexts(d, load)
        else:
            for name in TEXT_FIELDS:
                d[name] = None
    return True


_DERIVED: dict[tuple[Path, str, int], Part] = {}


def derived_part(db: RecordStore, partition: str, changed: int) -> Part:
    """The graph of ``partition`` derived again (:func:`casegraph.pipeline.derive_part`, which
    saves it where the store can be written); the last one is kept, for a store that cannot
    be written and is asked for its bundles twice."""
    key = (db.path, partition, changed)
    if key not in _DERIVED:
        from casegraph.pipeline import derive_part  # startup time: spaCy, only when stale

        _DERIVED.clear()
        _DERIVED[key] = derive_part(db, partition, changed)
    return _DERIVED[key]


def person_answer(db: RecordStore, name: str, *, progress: Progress | None = None) -> Participation:
    """:func:`queries.person.person` of ``name``, from their bundles (:func:`person_graph`)."""
    G, key = person_graph(db, name, progress=progress)
    return person(G, key)


__all__ = [
    "bundles_graph",
    "derived_part",
    "fill_owned",
    "list_meetings",
    "partition_tables",
    "person_answer",
    "person_graph",
    "read_part_bundles",
]
