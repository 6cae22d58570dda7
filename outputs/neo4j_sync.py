"""A reload that sends only what changed: the key ranges whose digest differs from the
load manifest (:mod:`outputs.neo4j_manifest`) are read back from Neo4j and brought up to
date, everything else is left alone.

For each changed range, in one transaction per batch of ranges: the keys and ``_hash`` of
the nodes Neo4j holds in it are read (a seek in the key constraint's index), the graph's
rows of the range are compared with them, and the new and changed rows are written; then
the same for the relationships that start in those ranges; last, the nodes Neo4j holds in
a changed range that the graph no longer has are deleted with their relationships.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import neo4j
import networkx as nx

from core.memory import gc_paused
from outputs import neo4j_manifest as manifest
from outputs.neo4j_manifest import LabelRanges, Manifest
from outputs.neo4j_rows import (
    Counts,
    Group,
    LoadReport,
    Row,
    _edge_buckets,
    _node_row,
    _relationship_row,
)
from store import cypher
from store.neo4j_db import driver_address, driver_errors

Progress = Callable[[int, int], None]


@dataclass
class _Tally:
    """Counts of one sync, per label and per relationship type."""

    nodes: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    rels: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    #: Relationships of each type that Neo4j held in the changed ranges (read back).
    rels_seen: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    missing: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    stale: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    skipped: list[str] = field(default_factory=list)
    compared: int = 0
    sent: int = 0


def plan(G: nx.MultiDiGraph, nodes: dict[str, list[Any]], stored: Manifest) -> list[LabelRanges]:
    """Every label's ranges (the manifest's, or new ones for a label it lacks) with the
    graph's digests; a label only the manifest has keeps its ranges, now empty."""
    with gc_paused():
        return _plan(G, nodes, stored)


def _plan(G: nx.MultiDiGraph, nodes: dict[str, list[Any]], stored: Manifest) -> list[LabelRanges]:
    labels = []
    for name, keys in nodes.items():
        ordered = manifest.sorted_keys(keys)
        old = stored.labels.get(name)
        if old is None:
            bounds = manifest.plan_bounds(ordered, weights=manifest.weights(G, ordered))
            labels.append(manifest.ranges_of(G, name, ordered, bounds, [""] * len(bounds)))
        else:
            labels.append(manifest.ranges_of(G, name, ordered, old.bounds, old.stored))
    for name, old in stored.labels.items():
        if name not in nodes:
            labels.append(manifest.ranges_of(G, name, [], old.bounds, old.stored))
    return labels


def _chunks(ranges: LabelRanges, batch_size: int) -> Iterator[list[int]]:
    """The changed ranges' indexes in batches of about ``batch_size`` keys."""
    chunk: list[int] = []
    size = 0
    for i in ranges.changed():
        chunk.append(i)
        size += max(1, len(ranges.keys[i]))
        if size >= batch_size:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _params(ranges: LabelRanges, chunk: list[int]) -> tuple[list[dict[str, str]], str | None]:
    """``{lo, hi}`` of the bounded ranges of ``chunk``, and the lower bound of the last
    range (no upper bound) when it is in ``chunk``."""
    last = len(ranges.bounds) - 1
    bounded = [{"lo": ranges.bounds[i], "hi": ranges.bounds[i + 1]} for i in chunk if i < last]
    return bounded, (ranges.bounds[last] if last in chunk else None)


def _read(
    tx: neo4j.ManagedTransaction, query: Callable[..., str], name: str, params: Any, **more: Any
) -> list[dict[str, Any]]:
    """The one-record answers of ``query`` for the bounded ranges and the last one."""
    bounded, last = params
    found = []
    if bounded:
        found.append(dict(tx.run(query(name), ranges=bounded, **more).single(strict=True)))
    if last is not None:
        found.append(dict(tx.run(query(name, False), lo=last, **more).single(strict=True)))
    return found


def _sync_nodes(
    tx: neo4j.ManagedTransaction, name: str, params: Any, rows: list[Row]
) -> tuple[Counts, list[str], int]:
    """Write the new and changed ``rows`` of these ranges; return the counts, the keys
    Neo4j holds there that ``rows`` lack, and the rows sent."""
    old: dict[str, str] = {}
    for found in _read(tx, cypher.nodes_in_ranges, name, params):
        old.update(zip(found["keys"], found["hashes"], strict=True))
    todo = [row for row in rows if old.get(row[cypher.KEY]) != row[cypher.HASH]]
    if todo:
        tx.run(cypher.merge_nodes(name), rows=todo).consume()
    present = {row[cypher.KEY] for row in rows}
    stale = [key for key in old if key not in present]
    created = sum(1 for row in todo if row[cypher.KEY] not in old)
    return Counts(created, len(todo) - created, len(rows) - len(todo)), stale, len(todo)


def _sync_relationships(
    tx: neo4j.ManagedTransaction, name: str, params: Any, groups: dict[Group, list[Row]]
) -> _Tally:
    """Write the new and changed relationships starting in these ranges, delete those
    Neo4j holds there that ``groups`` lack."""
    tally = _Tally()
    old: dict[tuple[str, str, str], tuple[str | None, str]] = {}
    types = list(cypher.REL_TYPES)
    for found in _read(tx, cypher.relationships_in_ranges, name, params, types=types):
        for start, type_, end, labels, hash_ in zip(
            found["starts"],
            found["types"],
            found["ends"],
            found["labels"],
            found["hashes"],
            strict=True,
        ):
            known = [x for x in labels if x in cypher.NODE_LABELS]
            old[type_, start, end] = (known[0] if known else None, hash_)
            tally.rels_seen[type_] += 1
    present: set[tuple[str, str, str]] = set()
    for (type_, start, end), rows in groups.items():
        todo = []
        for row in rows:
            key = (type_, row["start"], row["end"])
            present.add(key)
            was = old.get(key)
            if was is None or was[1] != row["props"][cypher.HASH]:
                todo.append(row)
        written = 0
        if todo:
            query = cypher.merge_relationships(type_, start, end)
            written = tx.run(query, rows=todo).single(strict=True)["rows"]
        missing = len(todo) - written
        created = sum(1 for row in todo if (type_, row["start"], row["end"]) not in old) - missing
        tally.rels[type_] += Counts(created, len(todo) - missing - created, len(rows) - len(todo))
        tally.missing[type_] += missing
        tally.sent += len(todo)
    stale: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for (type_, start, end), (end_label, _) in old.items():
        if (type_, start, end) not in present and end_label is not None:
            stale[type_, end_label].append({"start": start, "end": end})
    for (type_, end_label), rows in stale.items():
        query = cypher.delete_relationships(type_, name, end_label)
        deleted = int(tx.run(query, rows=rows).single(strict=True)["deleted"])
        tally.rels[type_] += Counts(deleted=deleted)
        tally.sent += len(rows)
    return tally


def _sync_label(
    session: neo4j.Session,
    G: nx.MultiDiGraph,
    ranges: LabelRanges,
    batch_size: int,
    tally: _Tally,
    edges: bool,
    progress: Callable[[int], None],
) -> None:
    """The nodes (or, with ``edges``, the relationships) of one label's changed ranges."""
    for chunk in _chunks(ranges, batch_size):
        params = _params(ranges, chunk)
        keys = [k for i in chunk for k in ranges.keys[i]]
        if not edges:
            rows = [_node_row(G, k) for k in keys]
            counts, stale, sent = session.execute_write(_sync_nodes, ranges.name, params, rows)
            tally.nodes[ranges.name] += counts
            tally.stale[ranges.name] += stale
            tally.compared += len(rows)
            tally.sent += sent
            progress(len(rows))
            continue
        buckets, skipped = _edge_buckets(G, keys)
        tally.skipped += skipped
        groups = {g: [_relationship_row(*e) for e in es] for g, es in buckets.items()}
        part = session.execute_write(_sync_relationships, ranges.name, params, groups)
        for type_, c in part.rels.items():
            tally.rels[type_] += c
        for type_, n in part.rels_seen.items():
            tally.rels_seen[type_] += n
        for type_, n in part.missing.items():
            tally.missing[type_] += n
        rows_in = sum(map(len, groups.values()))
        tally.compared += rows_in
        tally.sent += part.sent
        progress(rows_in)


def sync(
    driver: neo4j.Driver,
    G: nx.MultiDiGraph,
    labels: list[LabelRanges],
    stored: Manifest,
    *,
    database: str | None,
    batch_size: int,
    progress: Progress | None,
) -> LoadReport:
    """Bring the changed ranges of ``labels`` up to date and store the new manifest."""
    changed = [(r, r.changed()) for r in labels]
    out = G.out_degree
    total = sum(len(r.keys[i]) + sum(out(k) for k in r.keys[i]) for r, idx in changed for i in idx)
    tally = _Tally()
    done = 0

    def step(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    step(0)
    with (
        driver_errors(driver_address(driver), database),
        driver.session(database=database) as session,
    ):
        if total or any(idx for _, idx in changed):
            # Changed ranges are marked unknown first: if this load stops half-way, the
            # next one still compares them.
            dirty = [
                LabelRanges(
                    r.name, r.bounds, ["" if i in set(idx) else d for i, d in enumerate(r.stored)]
                )
                for r, idx in changed
            ]
            session.execute_write(manifest.write, dirty)
            for edges in (False, True):
                for r in labels:
                    _sync_label(session, G, r, batch_size, tally, edges, step)
            for name, keys in tally.stale.items():
                for at in range(0, len(keys), batch_size):
                    part = keys[at : at + batch_size]
                    n = session.execute_write(_delete_nodes, name, part)
                    tally.nodes[name] += Counts(deleted=n)
                    tally.sent += len(part)
            with gc_paused():
                for r in labels:
                    r.stored = list(r.digests)
                    r.resplit(G)
            session.execute_write(
                manifest.write, [r for r in labels if r.keys and any(r.keys)] or labels
            )
    return _report(labels, changed, stored, tally)


def _delete_nodes(tx: neo4j.ManagedTransaction, name: str, keys: list[str]) -> int:
    return int(tx.run(cypher.delete_nodes(name), keys=keys).single(strict=True)["deleted"])


def _report(
    labels: list[LabelRanges],
    changed: list[tuple[LabelRanges, list[int]]],
    stored: Manifest,
    tally: _Tally,
) -> LoadReport:
    """Counts of the whole graph: what the sync compared, plus the unchanged ranges."""
    nodes: dict[str, Counts] = {}
    for r, idx in changed:
        skipped_ranges = set(range(len(r.keys))) - set(idx)
        untouched = sum(len(r.keys[i]) for i in skipped_ranges) if r.keys else 0
        counts = tally.nodes.get(r.name, Counts()) + Counts(unchanged=untouched)
        if counts != Counts() or any(r.keys):
            nodes[r.name] = counts
    rels: dict[str, Counts] = {}
    for type_ in cypher.REL_TYPES:
        untouched = stored.rel_counts.get(type_, 0) - tally.rels_seen.get(type_, 0)
        counts = tally.rels.get(type_, Counts()) + Counts(unchanged=max(0, untouched))
        if counts != Counts():
            rels[type_] = counts
    skipped = list(tally.skipped)
    for type_, n in tally.missing.items():
        if n:
            skipped.append(f"{n} {type_} relationships: an end node is missing in Neo4j")
    return LoadReport(
        nodes=nodes,
        relationships=rels,
        skipped=tuple(skipped),
        compared=tally.compared,
        sent=tally.sent,
    )
