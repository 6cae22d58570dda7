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

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
import networkx as nx

from outputs import neo4j_manifest as manifest
from outputs import neo4j_sync
from outputs.neo4j_rows import (
    Counts,
    Group,
    LoadReport,
    Prefetch,
    Row,
    _edge_buckets,
    _node_buckets,
    _node_row,
    _relationship_row,
    node_rows,
    relationship_rows,
)
from store import cypher
from store.neo4j_db import driver_address, driver_errors

__all__ = ["Counts", "LoadReport", "load_graph", "node_rows", "relationship_rows"]

DEFAULT_BATCH_SIZE = 2000

Progress = Callable[[int, int], None]


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
    full: bool = False,
) -> LoadReport:
    """Write ``G`` into Neo4j and count what was created, updated, unchanged and deleted.

    Constraints first. When the database holds a load manifest that its counts confirm
    (:mod:`outputs.neo4j_manifest`), only the key ranges whose digest changed are
    compared and written (:mod:`outputs.neo4j_sync`). Otherwise -- a first load, ``full``,
    or a database written by something else -- every row is compared: the nodes label by
    label, then the relationships, in ``UNWIND`` batches of ``batch_size`` rows, each
    batch one managed (retried) transaction that reads the batch's stored hashes and
    writes only what differs; then what Neo4j holds and ``G`` lacks is deleted
    (``prune_stale``), and the manifest is written. ``progress(done, total)`` is called
    with row counts before the first batch and after each one; an exception it raises
    stops the load, and the batches written so far stay (a re-run completes the load).

    ``prune_stale=False`` writes ``G`` on top of what Neo4j holds (a part of a graph):
    nothing is deleted, and the manifest is dropped, so the next load compares everything.

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
    ensure_constraints(driver, database=database)
    # Ranges are of the keys as Neo4j holds them: strings (casegraph's node ids are).
    tracked = prune_stale and all(type(k) is str for keys in nodes.values() for k in keys)
    with (
        driver_errors(driver_address(driver), database),
        driver.session(database=database) as session,
    ):
        stored = session.execute_read(_confirmed_manifest) if tracked and not full else None
        if stored is None:
            session.execute_write(manifest.drop)
        session.execute_write(manifest.drop_bundles)
    if stored is not None:
        labels = neo4j_sync.plan(G, nodes, stored)
        return neo4j_sync.sync(
            driver,
            G,
            labels,
            stored,
            database=database,
            batch_size=batch_size,
            progress=progress,
        )
    report = _load_all(driver, G, nodes, skipped, database, batch_size, progress, prune_stale)
    if tracked:
        write_manifest(driver, G, database=database, nodes=nodes)
    return report


def _confirmed_manifest(tx: neo4j.ManagedTransaction) -> manifest.Manifest | None:
    """The stored manifest, if Neo4j's counts are the ones it recorded."""
    stored = manifest.read(tx)
    if stored is None:
        return None
    nodes, rels = manifest.counts(tx)
    same_nodes = all(n == stored.node_counts.get(name, 0) for name, n in nodes.items())
    same_rels = all(n == stored.rel_counts.get(type_, 0) for type_, n in rels.items())
    return stored if same_nodes and same_rels else None


def write_manifest(
    driver: neo4j.Driver,
    G: nx.MultiDiGraph,
    *,
    database: str | None = None,
    nodes: dict[str, list[Any]] | None = None,
    labels: list[manifest.LabelRanges] | None = None,
) -> None:
    """Store the manifest of ``G``, which Neo4j now holds in full (after a load that
    compared everything, or a bulk import); ``labels``: its ranges, if made already
    (:func:`manifest_of`)."""
    if labels is None:
        labels = manifest_of(G, nodes)
    if labels is None:
        return
    with (
        driver_errors(driver_address(driver), database),
        driver.session(database=database) as session,
    ):
        session.execute_write(manifest.write, labels)


def manifest_of(
    G: nx.MultiDiGraph, nodes: dict[str, list[Any]] | None = None
) -> list[manifest.LabelRanges] | None:
    """The manifest's ranges of ``G`` with their digests, or None when its keys are not
    all strings (then no manifest is kept)."""
    if nodes is None:
        nodes, _ = _node_buckets(G)
    if not all(type(k) is str for keys in nodes.values() for k in keys):
        return None
    return manifest.fresh(G, nodes)


Batch = tuple[bool, Any, list[Row]]  # (a node batch?, label or group, rows)


def _batches(
    G: nx.MultiDiGraph,
    nodes: dict[str, list[Any]],
    rels: dict[Group, list[tuple[Any, Any, dict[str, Any]]]],
    batch_size: int,
) -> Iterator[Batch]:
    """Every row of ``G`` in batches of one label or group, nodes first: relationships
    need them."""
    for name, keys in nodes.items():
        for start in range(0, len(keys), batch_size):
            chunk = keys[start : start + batch_size]
            yield True, name, [_node_row(G, k) for k in chunk]
    for group, edges in rels.items():
        for start in range(0, len(edges), batch_size):
            chunk = edges[start : start + batch_size]
            yield False, group, [_relationship_row(*e) for e in chunk]


@dataclass
class _Tally:
    """What writing the batches did, per label and relationship type."""

    nodes: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    rels: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    #: Relationships not written because an end node is missing in Neo4j.
    missing: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    #: Whether a label or type was empty when this load reached it: then its batches need
    #: not read stored hashes first (counts come from Neo4j's count store).
    fresh: dict[str, bool] = field(default_factory=dict)
    #: Rows whose stored hashes were read.
    looked_up: int = 0

    def write(self, session: neo4j.Session, batch: Batch) -> None:
        """Write one batch: only its new and changed rows."""
        is_node, what, rows = batch
        name = what if is_node else what[0]
        if name not in self.fresh:
            query = cypher.count_nodes(name) if is_node else cypher.count_relationships(name)
            self.fresh[name] = session.execute_read(_count, query) == 0
        self.looked_up += 0 if self.fresh[name] else len(rows)
        if is_node:
            self.nodes[name] += session.execute_write(_upsert_nodes, name, rows, self.fresh[name])
        else:
            counts, lost = session.execute_write(
                _upsert_relationships, what, rows, self.fresh[name]
            )
            self.rels[name] += counts
            self.missing[name] += lost


def _write_all(
    driver: neo4j.Driver,
    batches: Iterator[Batch],
    total: int,
    database: str | None,
    progress: Progress | None,
) -> _Tally:
    """Write ``batches`` (``total`` rows) in one session, the next batch built meanwhile."""
    tally = _Tally()
    where = driver_address(driver)
    done = 0
    if progress is not None:
        progress(0, total)
    prefetch = Prefetch(batches)
    try:
        with driver.session(database=database) as session:
            for batch in prefetch:
                # Only driver calls are translated: an error of the progress callback is
                # the caller's own and must reach it unchanged.
                with driver_errors(where, database):
                    tally.write(session, batch)
                done += len(batch[2])
                if progress is not None:
                    progress(done, total)
    finally:
        prefetch.close()
    return tally


def _load_all(
    driver: neo4j.Driver,
    G: nx.MultiDiGraph,
    nodes: dict[str, list[Any]],
    skipped: list[str],
    database: str | None,
    batch_size: int,
    progress: Progress | None,
    prune_stale: bool,
) -> LoadReport:
    """Compare and write every row of ``G`` (see :func:`load_graph`)."""
    rels, rel_skipped = _edge_buckets(G)
    skipped = skipped + rel_skipped
    total = sum(map(len, nodes.values())) + sum(map(len, rels.values()))
    tally = _write_all(driver, _batches(G, nodes, rels, batch_size), total, database, progress)
    for type_, n in tally.missing.items():
        if n:
            skipped.append(f"{n} {type_} relationships: an end node is missing in Neo4j")
    if prune_stale:
        # A label or type that was empty when this load reached it holds only this load.
        empty = frozenset(name for name, was_empty in tally.fresh.items() if was_empty)
        gone_nodes, gone_rels = prune(
            driver, G, database=database, batch_size=batch_size, skip=empty
        )
        for name, n in gone_nodes.items():
            tally.nodes[name] += Counts(deleted=n)
        for type_, n in gone_rels.items():
            tally.rels[type_] += Counts(deleted=n)
    report = LoadReport(nodes=dict(tally.nodes), relationships=dict(tally.rels))
    changes = report.node_totals + report.relationship_totals
    return LoadReport(
        nodes=report.nodes,
        relationships=report.relationships,
        skipped=tuple(skipped),
        compared=total,
        sent=tally.looked_up + changes.created + changes.updated + changes.deleted,
    )
