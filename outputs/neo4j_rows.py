"""Rows for Neo4j from the graph, what a load did (:class:`LoadReport`), and the row
builder's background thread.

>>> Counts(created=1) + Counts(updated=2)
Counts(created=1, updated=2, unchanged=0, deleted=0)
"""

from __future__ import annotations

import queue
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from store import cypher
from store.neo4j_db import neo4j_properties

Row = dict[str, Any]


# -- report ------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """What a load did to the nodes of one label or the relationships of one type."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: In Neo4j but no longer in the store (a changed or removed document, a re-link).
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.deleted + other.deleted,
        )


@dataclass(frozen=True)
class LoadReport:
    """Counts per node label and per relationship type, and what could not be loaded.

    >>> r = LoadReport(nodes={"Forum": Counts(created=2)}, relationships={})
    >>> r.node_totals, r.changed
    (Counts(created=2, updated=0, unchanged=0, deleted=0), True)
    """

    nodes: dict[str, Counts] = field(default_factory=dict)
    relationships: dict[str, Counts] = field(default_factory=dict)
    #: One line per node or edge that was left out, saying why.
    skipped: tuple[str, ...] = ()
    #: Rows of the graph compared with what Neo4j holds (by their hashes), and rows sent
    #: to be written or deleted. A reload after a small change compares only the parts of
    #: the graph whose digest changed (:mod:`outputs.neo4j_manifest`).
    compared: int = 0
    sent: int = 0

    @property
    def node_totals(self) -> Counts:
        return sum(self.nodes.values(), Counts())

    @property
    def relationship_totals(self) -> Counts:
        return sum(self.relationships.values(), Counts())

    @property
    def changed(self) -> bool:
        """True if the load created, updated or deleted anything."""
        totals = self.node_totals + self.relationship_totals
        return bool(totals.created or totals.updated or totals.deleted)

    def summary(self) -> str:
        """A table of the counts, for the CLI.

        >>> print(LoadReport(nodes={"Case": Counts(1, 2, 3)}).summary())
                             created   updated unchanged   deleted
        Case                       1         2         3         0
        nodes                      1         2         3         0
        relationships              0         0         0         0
        """
        lines = [f"{'':<20}{'created':>8}{'updated':>10}{'unchanged':>10}{'deleted':>10}"]

        def line(name: str, c: Counts) -> str:
            return f"{name:<20}{c.created:>8,}{c.updated:>10,}{c.unchanged:>10,}{c.deleted:>10,}"

        lines += [line(name, c) for name, c in self.nodes.items()]
        lines += [line(name, c) for name, c in self.relationships.items()]
        lines.append(line("nodes", self.node_totals))
        lines.append(line("relationships", self.relationship_totals))
        if self.skipped:
            lines.append(f"skipped {len(self.skipped)}:")
            lines += [f"  {s}" for s in self.skipped[:20]]
            if len(self.skipped) > 20:
                lines.append(f"  ... and {len(self.skipped) - 20} more")
        return "\n".join(lines)


# -- properties and rows ------------------------------------------------------------

Group = tuple[str, str, str]  # relationship type, start label, end label


def _node_buckets(G: nx.MultiDiGraph) -> tuple[dict[str, list[Any]], list[str]]:
    """Node ids per label (whitelisted labels only, in NODE_LABELS order), and the skipped."""
    buckets: dict[str, list[Any]] = defaultdict(list)
    skipped: list[str] = []
    for key, name in G.nodes(data="type"):
        if name in cypher.NODE_LABELS:
            buckets[name].append(key)
        else:
            skipped.append(f"node {key!r}: unknown type {name!r}")
    return {name: buckets[name] for name in cypher.NODE_LABELS if name in buckets}, skipped


def _edge_buckets(
    G: nx.MultiDiGraph, starts: Iterable[Any] | None = None
) -> tuple[dict[Group, list[tuple[Any, Any, dict[str, Any]]]], list[str]]:
    """Edges per (type, start label, end label), sorted by group, and the skipped ones;
    only the edges that start at ``starts`` when given."""
    nodes = G._node
    buckets: dict[Group, list[tuple[Any, Any, dict[str, Any]]]] = defaultdict(list)
    skipped: list[str] = []
    known_types, known_labels = frozenset(cypher.REL_TYPES), frozenset(cypher.NODE_LABELS)
    # Edges whose key is not their type, by (start, end, type): only those can repeat a
    # type between the same nodes (a MultiDiGraph's keys are unique per pair of nodes).
    seen: set[tuple[Any, Any, str]] = set()
    # The adjacency itself, in the order of G.edges (its views cost a third of this pass).
    succ = G._succ
    starting = succ.items() if starts is None else ((u, succ[u]) for u in G.nbunch_iter(starts))
    for u, targets in starting:
        start = nodes[u].get("type")
        for v, keyed_edges in targets.items():
            end = nodes[v].get("type")
            for edge_key, attrs in keyed_edges.items():
                name = attrs.get("type", edge_key)
                problem = None
                if name not in known_types:
                    problem = f"unknown type {name!r}"
                elif start not in known_labels or end not in known_labels:
                    problem = "an end node has an unknown type"
                elif name != edge_key:
                    keyed = keyed_edges.get(name)
                    repeated = keyed is not None and keyed.get("type", name) == name
                    if (u, v, name) in seen or repeated:
                        problem = "a second edge of this type between the same nodes"
                    seen.add((u, v, name))
                if problem is None:
                    buckets[name, str(start), str(end)].append((u, v, attrs))
                else:
                    skipped.append(f"edge {u!r} -[{name}]-> {v!r}: {problem}")
    return dict(sorted(buckets.items())), skipped


def _node_row(G: nx.MultiDiGraph, key: Any) -> Row:
    props = neo4j_properties(G.nodes[key], drop=("type", cypher.KEY))
    props[cypher.KEY] = str(key)
    return props


def _relationship_row(u: Any, v: Any, attrs: Mapping[str, Any]) -> Row:
    return {"start": str(u), "end": str(v), "props": neo4j_properties(attrs, drop=("type",))}


def node_rows(G: nx.MultiDiGraph) -> tuple[dict[str, list[Row]], list[str]]:
    """Rows per label for :func:`store.cypher.merge_nodes`, and the skipped nodes.

    A node whose ``type`` is missing or not a known label is skipped (labels come
    only from :data:`store.cypher.NODE_LABELS`, never from data).
    """
    buckets, skipped = _node_buckets(G)
    return {name: [_node_row(G, k) for k in keys] for name, keys in buckets.items()}, skipped


def relationship_rows(G: nx.MultiDiGraph) -> tuple[dict[Group, list[Row]], list[str]]:
    """Rows per (type, start label, end label) for :func:`store.cypher.merge_relationships`.

    An edge is skipped when its type is unknown, when an end node was skipped, or
    when it repeats the type of another edge between the same two nodes (the edge
    key must be the type: docs/schema.md).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("meeting:d:2021-01-07", type="Meeting")
    >>> G.add_node("forum:d", type="Forum")
    >>> _ = G.add_edge("meeting:d:2021-01-07", "forum:d", key="OF_FORUM", type="OF_FORUM")
    >>> rows, skipped = relationship_rows(G)
    >>> list(rows), rows["OF_FORUM", "Meeting", "Forum"][0]["end"]
    ([('OF_FORUM', 'Meeting', 'Forum')], 'forum:d')
    """
    buckets, skipped = _edge_buckets(G)
    rows = {group: [_relationship_row(*e) for e in edges] for group, edges in buckets.items()}
    return rows, skipped


class Prefetch:
    """Runs a generator in a background thread, a few items ahead of its consumer.

    The loader builds the rows of the next batches (hashing, converting) while the
    server works on the current one: the two would otherwise take turns, and the row
    building is about a third of a load's CPU time. Closing it stops the thread.
    """

    _DONE = object()

    def __init__(self, items: Iterator[Any], depth: int = 4) -> None:
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(items,), name="casegraph-neo4j-rows", daemon=True
        )
        self._thread.start()

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self, items: Iterator[Any]) -> None:
        try:
            for item in items:
                if not self._put((item, None)):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            self._put((self._DONE, exc))
            return
        self._put((self._DONE, None))

    def __iter__(self) -> Iterator[Any]:
        while True:
            item, error = self._queue.get()
            if error is not None:
                raise error
            if item is self._DONE:
                return
            yield item

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
