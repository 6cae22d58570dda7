"""Load the casegraph graph into Neo4j: batched, idempotent and resumable.

The networkx graph of ``docs/schema.md`` maps one to one onto Neo4j: a node's
``type`` becomes its label and its id the ``key`` property (unique per label,
enforced by a constraint); an edge's type becomes the relationship type, and a
relationship is identified by its start node, type and end node. Properties are
stored as they are, except that ``None`` values are dropped, lists of strings (or
of numbers, or of booleans) stay lists, and anything nested is JSON-encoded.

Each node and relationship also stores ``_hash``, a digest of its properties. For
each batch the loader first reads the stored hashes of its keys and then writes
(``MERGE`` on the key, ``SET`` all properties) only the rows that are new or whose
hash differs, both in one managed transaction. So a second load of the same graph
writes nothing, a load after more ingest creates what is new and rewrites only what
changed, and a load interrupted half-way (every batch is its own transaction)
completes when re-run.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("forum:direktionen", type="Forum", name="Direktionen")
>>> rows, skipped = node_rows(G)
>>> rows["Forum"][0]["key"], rows["Forum"][0]["name"], skipped
('forum:direktionen', 'Direktionen', [])
"""

from __future__ import annotations

import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import neo4j
import networkx as nx

from store import cypher
from store.neo4j_db import driver_address, driver_errors, neo4j_properties

DEFAULT_BATCH_SIZE = 2000

Progress = Callable[[int, int], None]
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
    G: nx.MultiDiGraph,
) -> tuple[dict[Group, list[tuple[Any, Any, dict[str, Any]]]], list[str]]:
    """Edges per (type, start label, end label), sorted by group, and the skipped ones."""
    labels = dict(G.nodes(data="type"))
    buckets: dict[Group, list[tuple[Any, Any, dict[str, Any]]]] = defaultdict(list)
    skipped: list[str] = []
    known_types, known_labels = frozenset(cypher.REL_TYPES), frozenset(cypher.NODE_LABELS)
    # Edges whose key is not their type, by (start, end, type): only those can repeat a
    # type between the same nodes (a MultiDiGraph's keys are unique per pair of nodes).
    seen: set[tuple[Any, Any, str]] = set()
    for u, v, edge_key, attrs in G.edges(keys=True, data=True):
        name = attrs.get("type", edge_key)
        start, end = labels.get(u), labels.get(v)
        problem = None
        if name not in known_types:
            problem = f"unknown type {name!r}"
        elif start not in known_labels or end not in known_labels:
            problem = "an end node has an unknown type"
        elif name != edge_key:
            keyed = G.get_edge_data(u, v, key=name)
            if (u, v, name) in seen or (keyed is not None and keyed.get("type", name) == name):
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


class _Prefetch:
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


# -- loading ------------------------------------------------------------------------


def _upsert_nodes(
    tx: neo4j.ManagedTransaction, name: str, rows: list[Row], fresh: bool = False
) -> Counts:
    """One batch of one label: read the stored hashes, write only new and changed rows.

    ``fresh``: the label had no node when this load reached it, so there is nothing to
    read (the first load of a database skips every read this way).
    """
    old: dict[str, str] = {}
    if not fresh:
        keys = [row[cypher.KEY] for row in rows]
        found = tx.run(cypher.node_hashes(name), keys=keys).single(strict=True)
        old = dict(zip(found["keys"], found["hashes"], strict=True))
    todo = [row for row in rows if old.get(row[cypher.KEY]) != row[cypher.HASH]]
    if todo:
        tx.run(cypher.merge_nodes(name), rows=todo).consume()
    created = sum(1 for row in todo if row[cypher.KEY] not in old)
    return Counts(created, len(todo) - created, len(rows) - len(todo))


def _upsert_relationships(
    tx: neo4j.ManagedTransaction, group: Group, rows: list[Row], fresh: bool = False
) -> tuple[Counts, int]:
    """One batch of one relationship group; also returns how many rows lacked an end node.

    ``fresh``: the type had no relationship when this load reached it (nothing to read).
    """
    old: dict[tuple[str, str], str] = {}
    if not fresh:
        ends = [{"start": row["start"], "end": row["end"]} for row in rows]
        found = tx.run(cypher.relationship_hashes(*group), rows=ends).single(strict=True)
        pairs = zip(found["starts"], found["ends"], strict=True)
        old = dict(zip(pairs, found["hashes"], strict=True))
    todo = [row for row in rows if old.get((row["start"], row["end"])) != row["props"][cypher.HASH]]
    written = 0
    if todo:
        result = tx.run(cypher.merge_relationships(*group), rows=todo).single(strict=True)
        written = result["rows"]
    # A row without both end nodes cannot have existed, so it is one of the "new" ones.
    missing = len(todo) - written
    created = sum(1 for row in todo if (row["start"], row["end"]) not in old) - missing
    return Counts(created, len(todo) - missing - created, len(rows) - len(todo)), missing


def _count(tx: neo4j.ManagedTransaction, query: str) -> int:
    return int(tx.run(query).single(strict=True)["count"])


def _create_constraint(tx: neo4j.ManagedTransaction, query: str) -> None:
    tx.run(query).consume()


def ensure_constraints(
    driver: neo4j.Driver, *, database: str | None = None, wait: float = 300.0
) -> None:
    """Create the uniqueness constraint on ``key`` of every node label, the text index on
    case numbers and the full-text index on items (each only if missing), and wait up to
    ``wait`` seconds until the indexes are online."""
    with (
        driver_errors(driver_address(driver), database),
        driver.session(database=database) as session,
    ):
        for statement in cypher.schema_statements():
            session.execute_write(_create_constraint, statement)
        session.run(cypher.await_indexes(), seconds=int(wait)).consume()


def _delete(tx: neo4j.ManagedTransaction, query: str, **params: Any) -> int:
    return int(tx.run(query, **params).single(strict=True)["deleted"])


def _keys(tx: neo4j.ManagedTransaction, query: str) -> list[tuple[Any, ...]]:
    return [tuple(record.values()) for record in tx.run(query)]


def prune(
    driver: neo4j.Driver,
    G: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    skip: frozenset[str] = frozenset(),
) -> tuple[dict[str, int], dict[str, int]]:
    """Delete what Neo4j holds of casegraph's labels and types but ``G`` no longer has.

    ``skip``: labels and types known to hold only what this load wrote (they were empty
    when it reached them), so there is nothing stale to look for.

    The store is the source of truth: a changed document's old items, a re-link's old
    matters and CONTINUES edges go. Only casegraph's own labels and relationship types are
    read, so other data in the database is never touched. Returns deleted counts per label
    and per relationship type.
    """
    nodes_in_g: dict[str, set[str]] = defaultdict(set)
    for key, attrs in G.nodes(data=True):
        nodes_in_g[str(attrs.get("type"))].add(str(key))
    edges_in_g: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for u, v, k, attrs in G.edges(keys=True, data=True):
        # The same rule as the loader: the type attribute, else the edge key.
        edges_in_g[str(attrs.get("type", k))].add((str(u), str(v)))
    deleted_nodes: dict[str, int] = {}
    deleted_rels: dict[str, int] = {}
    with (
        driver_errors(driver_address(driver), database),
        driver.session(database=database) as session,
    ):
        for type_ in cypher.REL_TYPES:
            if type_ in skip:
                continue
            stale: dict[tuple[str, str], list[Row]] = defaultdict(list)
            for start, start_label, end, end_label in session.execute_read(
                _keys, cypher.relationship_ends(type_)
            ):
                if (start, end) in edges_in_g[type_]:
                    continue
                if start_label in cypher.NODE_LABELS and end_label in cypher.NODE_LABELS:
                    stale[(start_label, end_label)].append({"start": start, "end": end})
            for (start_label, end_label), rows in stale.items():
                query = cypher.delete_relationships(type_, start_label, end_label)
                for i in range(0, len(rows), batch_size):
                    n = session.execute_write(_delete, query, rows=rows[i : i + batch_size])
                    deleted_rels[type_] = deleted_rels.get(type_, 0) + n
        for name in cypher.NODE_LABELS:
            if name in skip:
                continue
            keys = [k for (k,) in session.execute_read(_keys, cypher.node_keys(name))]
            gone = [k for k in keys if k not in nodes_in_g[name]]
            for i in range(0, len(gone), batch_size):
                n = session.execute_write(
                    _delete, cypher.delete_nodes(name), keys=gone[i : i + batch_size]
                )
                deleted_nodes[name] = deleted_nodes.get(name, 0) + n
    return deleted_nodes, deleted_rels


def load_graph(
    driver: neo4j.Driver,
    G: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    prune_stale: bool = True,
) -> LoadReport:
    """Write ``G`` into Neo4j and count what was created, updated and unchanged.

    Constraints first, then the nodes label by label, then the relationships, in
    ``UNWIND`` batches of ``batch_size`` rows, each batch one managed (retried)
    transaction that reads the batch's stored hashes and writes only what differs.
    ``progress(done, total)`` is called with row counts before the first batch and
    after each one; an exception it raises stops the load, and
    the batches written so far stay (a re-run completes the load).

    Parameters
    ----------
    driver:
        A driver, for instance from :func:`store.neo4j_db.connect`.
    G:
        The graph of ``docs/schema.md`` (``casegraph.load_graph(store)``).
    database:
        The database; ``None`` is the server's default.

    Examples
    --------
    >>> driver = connect(uri, user, password)  # doctest: +SKIP
    >>> load_graph(driver, casegraph.open_store().graph()).node_totals  # doctest: +SKIP
    Counts(created=1480, updated=0, unchanged=0)
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    nodes, skipped = _node_buckets(G)
    rels, rel_skipped = _edge_buckets(G)
    skipped += rel_skipped
    total = sum(map(len, nodes.values())) + sum(map(len, rels.values()))
    node_counts: dict[str, Counts] = defaultdict(Counts)
    rel_counts: dict[str, Counts] = defaultdict(Counts)
    missing: dict[str, int] = defaultdict(int)
    done = 0

    def batches() -> Iterator[tuple[bool, Any, list[Row]]]:
        # (is a node batch, label or group, rows), nodes first: relationships need them.
        for name, keys in nodes.items():
            for start in range(0, len(keys), batch_size):
                chunk = keys[start : start + batch_size]
                yield True, name, [_node_row(G, k) for k in chunk]
        for group, edges in rels.items():
            for start in range(0, len(edges), batch_size):
                chunk = edges[start : start + batch_size]
                yield False, group, [_relationship_row(*e) for e in chunk]

    where = driver_address(driver)
    ensure_constraints(driver, database=database)
    if progress is not None:
        progress(0, total)
    # Whether a label or relationship type was empty when this load reached it: then its
    # batches need not read stored hashes first (counts come from Neo4j's count store).
    fresh: dict[str, bool] = {}
    prefetch = _Prefetch(batches())
    try:
        with driver.session(database=database) as session:
            for is_node, what, batch in prefetch:
                # Only driver calls are translated: an error of the progress callback is
                # the caller's own and must reach it unchanged.
                with driver_errors(where, database):
                    if is_node:
                        if what not in fresh:
                            query = cypher.count_nodes(what)
                            fresh[what] = session.execute_read(_count, query) == 0
                        node_counts[what] += session.execute_write(
                            _upsert_nodes, what, batch, fresh[what]
                        )
                    else:
                        type_ = what[0]
                        if type_ not in fresh:
                            query = cypher.count_relationships(type_)
                            fresh[type_] = session.execute_read(_count, query) == 0
                        counts, lost = session.execute_write(
                            _upsert_relationships, what, batch, fresh[type_]
                        )
                        rel_counts[type_] += counts
                        missing[type_] += lost
                done += len(batch)
                if progress is not None:
                    progress(done, total)
    finally:
        prefetch.close()
    for type_, n in missing.items():
        if n:
            skipped.append(f"{n} {type_} relationships: an end node is missing in Neo4j")
    if prune_stale:
        # A label or type that was empty when this load reached it holds only this load.
        empty = frozenset(name for name, was_empty in fresh.items() if was_empty)
        gone_nodes, gone_rels = prune(
            driver, G, database=database, batch_size=batch_size, skip=empty
        )
        for name, n in gone_nodes.items():
            node_counts[name] += Counts(deleted=n)
        for type_, n in gone_rels.items():
            rel_counts[type_] += Counts(deleted=n)
    return LoadReport(
        nodes=dict(node_counts), relationships=dict(rel_counts), skipped=tuple(skipped)
    )
