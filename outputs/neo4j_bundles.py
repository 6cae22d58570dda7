"""A reload by derived bundle: only the bundles whose digest changed are read and sent.

The store keeps each partition's derived graph in bundles (:class:`graph.partition.Part`),
one per documented meeting plus the partition's shared bundle. After a complete load the
loader stores, per bundle, its digest and the node keys and relationships it held (nodes
labelled ``CasegraphBundle``); a shared bundle, which changes with nearly every meeting, is
stored as its digest and its chunks (:mod:`outputs.neo4j_bundle_rows`). A reload compares
the bundles' digests (the digests the graph cache holds, or a marshal of each bundle) with
the stored ones, read in one query with Neo4j's counts (:func:`reload_parts`), and

- reads nothing more when none changed;
- otherwise reads the changed bundles and every partition's shared bundle (a node several
  partitions share -- a person, a case -- is in each one's shared bundle, so its merged
  value is complete), writes the rows of the changed bundles and chunks that are new or
  whose value changed (the server compares their ``_hash``), and deletes what a changed or
  vanished bundle held that no bundle holds any more (checked against the stored lists of
  the unchanged bundles, only when there is such a row) -- with the manifest's new entries
  and head in one write transaction.

Assumption (true of casegraph's keys): a node a meeting owns (the meeting, its items,
decisions, attachments, document, the stubs it names first) is keyed within its partition.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import neo4j

from core.memory import gc_paused
from graph.partition import SHARED, Bundle, Part, merge_bundles
from outputs import neo4j_load
from outputs.neo4j_bundle_rows import (
    Batch,
    Rows,
    bundle_digest,
    bundle_id,
    changes,
    chunk_id,
    chunk_parent,
    chunks,
    entry,
    is_chunk,
    rows_of,
    to_batches,
    values,
)
from outputs.neo4j_manifest import drop as drop_ranges
from outputs.neo4j_rows import Counts, LoadReport
from store import cypher, cypher_bundles
from store.neo4j_db import driver_address, driver_errors

LABEL = cypher.BUNDLES
#: The entry holding the counts Neo4j had after the last load (no bundle has this id).
HEAD = "\x00head"


@dataclass
class Stored:
    """What the bundle manifest says: each bundle's digest, the counts Neo4j had after
    the load that wrote it, and whether a key-range manifest exists too."""

    digests: dict[str, str]
    node_counts: dict[str, int]
    rel_counts: dict[str, int]
    ranges: bool = False


def _confirmed(tx: neo4j.ManagedTransaction) -> Stored | None:
    """The stored manifest, if Neo4j's counts are the ones it recorded (one query: every
    digest comes as one record of two lists, the counts with them)."""
    found = tx.run(cypher_bundles.manifest_state(), head=HEAD).single(strict=True)
    if found["types"] is None:
        return None
    n = len(cypher.NODE_LABELS)
    names, values = list(found["types"]), list(found["counts"])
    stored = Stored(
        dict(zip(found["ids"], found["digests"], strict=True)),
        dict(zip(names[:n], values[:n], strict=True)),
        dict(zip(names[n:], values[n:], strict=True)),
        bool(found["ranges"]),
    )
    nodes = zip(cypher.NODE_LABELS, found["nodes"], strict=True)
    rels = zip(cypher.REL_TYPES, found["rels"], strict=True)
    same = all(c == stored.node_counts.get(k, 0) for k, c in nodes) and all(
        c == stored.rel_counts.get(k, 0) for k, c in rels
    )
    return stored if same else None


Changed = dict[str, tuple[str, Rows]]  # bundle or chunk id -> (its digest, its rows)


def _changed_rows(
    bundles: list[tuple[str, str, Bundle]], now: dict[str, str], stored: Stored
) -> tuple[Changed, list[str]]:
    """The rows of the bundles whose digest is not the stored one (a changed shared bundle
    as its own entry, without rows, and its changed chunks), and the ids of the stored
    entries the graph no longer has (``bundles``: the changed ones and the shared ones)."""
    new: Changed = {}
    chunked: set[str] = set()
    current: set[str] = set()
    for p, k, bundle in bundles:
        bid = bundle_id(p, k)
        if stored.digests.get(bid) == now[bid]:
            continue  # an unchanged shared bundle (its chunks are unchanged too)
        if k != SHARED:
            new[bid] = (now[bid], rows_of(bundle))
            continue
        new[bid] = (now[bid], ({}, {}))
        chunked.add(bid)
        types = None
        for n, chunk in enumerate(chunks(bundle)):
            cid = chunk_id(p, n)
            current.add(cid)
            digest = bundle_digest(chunk)
            if stored.digests.get(cid) != digest:
                if chunk.edges:  # their end nodes may be in other chunks
                    types = types or {key: d.get("type") for key, d in bundle.nodes}
                new[cid] = (digest, rows_of(chunk, types if chunk.edges else None))

    def gone(bid: str) -> bool:
        if not is_chunk(bid):
            return bid not in now
        parent = chunk_parent(bid)
        return parent not in now or (parent in chunked and bid not in current)

    return new, [bid for bid in stored.digests if gone(bid)]


def _old_rows(tx: neo4j.ManagedTransaction, ids: list[str]) -> dict[str, Rows]:
    """Per stored bundle of ``ids``: its rows with their digests."""
    return {
        r["id"]: (
            dict(zip(r["nodes"], r["nd"], strict=True)),
            dict(zip(r["rels"], r["rd"], strict=True)),
        )
        for r in tx.run(cypher_bundles.bundle_rows(), ids=ids)
    }


def _still_held(
    tx: neo4j.ManagedTransaction, field: str, rows: list[str], skip: list[str]
) -> set[str]:
    """Those of ``rows`` that a stored bundle outside ``skip`` still holds (a scan of the
    stored lists: only run when a changed bundle lost rows)."""
    query = cypher_bundles.still_held(field)
    found = tx.run(query, head=HEAD, skip=skip, rows=rows).single(strict=True)
    return set(found["held"])


def _write_entries(
    tx: neo4j.ManagedTransaction, entries: list[dict[str, Any]], gone: list[str]
) -> None:
    """Replace the entries of ``gone`` (and of the ids of ``entries``) by ``entries``."""
    replaced = [e["id"] for e in entries] + gone
    tx.run(cypher_bundles.replace_bundles(), entries=entries, gone=replaced).consume()


def _write_head(tx: neo4j.ManagedTransaction) -> None:
    """The head, with the counts Neo4j holds in this transaction: from now on a load
    trusts the manifest (as long as the counts stay)."""
    types = [*cypher.NODE_LABELS, *cypher.REL_TYPES]
    tx.run(cypher_bundles.write_head(), head=HEAD, types=types).consume()


def _drop_head(tx: neo4j.ManagedTransaction, ranges: bool) -> None:
    """No load trusts the manifest until the head is written again (and the key-range
    manifest, which the writes to come would make stale, is dropped)."""
    tx.run(cypher_bundles.drop_head(), head=HEAD).consume()
    if ranges:
        drop_ranges(tx)


def drop(tx: neo4j.ManagedTransaction) -> None:
    tx.run(cypher.drop_bundle_manifest()).consume()


@dataclass
class PartBundles:
    """One partition's bundles as the loader reads them: their keys in the order the graph
    merges them, their digests, and ``read(keys)``, the bundles of ``keys``."""

    keys: list[str]
    digests: dict[str, str]
    read: Callable[[list[str]], dict[str, Bundle]]


def of_part(part: Part) -> PartBundles:
    """A part in memory (its digests made here)."""
    digests = {k: bundle_digest(b) for k, b in part.bundles.items()}
    return PartBundles(list(part.bundles), digests, lambda keys: {k: part.bundles[k] for k in keys})


def _sources(parts: Mapping[str, Part | PartBundles]) -> dict[str, PartBundles]:
    return {p: x if isinstance(x, PartBundles) else of_part(x) for p, x in parts.items()}


def _read_bundles(
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


def write_manifest(
    driver: neo4j.Driver,
    parts: Mapping[str, Part | PartBundles],
    *,
    database: str | None = None,
    entries: list[dict[str, Any]] | None = None,
) -> None:
    """Store every bundle's digest and rows: Neo4j holds the merged graph of ``parts``.
    ``entries``: :func:`manifest_entries` of ``parts``, if made already."""
    if entries is None:
        entries = manifest_entries(parts)
    _store(driver, entries, database)


def manifest_entries(parts: Mapping[str, Part | PartBundles]) -> list[dict[str, Any]]:
    """The manifest's entries of ``parts`` (the client's work of :func:`write_manifest`,
    which a bulk load does while the server imports)."""
    with gc_paused():  # the graph may be in memory: a collection would walk all of it
        sources = _sources(parts)
        return _entries(sources, _read_bundles(sources, lambda p, k: True))


def _write_all(
    driver: neo4j.Driver,
    sources: dict[str, PartBundles],
    bundles: list[tuple[str, str, Bundle]],
    database: str | None,
) -> None:
    _store(driver, _entries(sources, bundles), database)


def _entries(
    sources: dict[str, PartBundles], bundles: list[tuple[str, str, Bundle]]
) -> list[dict[str, Any]]:
    entries = []
    for p, k, bundle in bundles:
        bid = bundle_id(p, k)
        if k != SHARED:
            entries.append(entry(bid, sources[p].digests[k], rows_of(bundle)))
            continue
        entries.append(entry(bid, sources[p].digests[k], ({}, {})))
        types = {key: d.get("type") for key, d in bundle.nodes}
        for n, chunk in enumerate(chunks(bundle)):
            entries.append(entry(chunk_id(p, n), bundle_digest(chunk), rows_of(chunk, types)))
    return entries


def _store(driver: neo4j.Driver, entries: list[dict[str, Any]], database: str | None) -> None:
    """The whole manifest anew: the old one dropped, the entries written, the head last
    (until it is written, no load trusts the manifest)."""
    with driver_errors(driver_address(driver), database), driver.session(database=database) as s:
        s.execute_write(drop)
        for at in range(0, len(entries), 500):
            s.execute_write(_write_entries, entries[at : at + 500], [])
        s.execute_write(_write_head)


def load_parts(
    driver: neo4j.Driver,
    parts: Mapping[str, Part | PartBundles],
    *,
    database: str | None = None,
    batch_size: int = neo4j_load.DEFAULT_BATCH_SIZE,
    full: bool = False,
    progress: neo4j_load.Progress | None = None,
) -> LoadReport:
    """Load the merged graph of ``parts`` (partition -> its bundles), reading and sending
    only the bundles whose digest differs from the stored manifest (:func:`reload_parts`);
    without one (or with ``full``), a full :func:`outputs.neo4j_load.load_graph` of the
    merged graph, then the manifest. ``progress(done, total)``: rows written."""
    sources = _sources(parts)
    if not full:
        report = _reload(driver, sources, database, batch_size, progress)
        if report is not None:
            return report
    bundles = _read_bundles(sources, lambda p, k: True)
    with gc_paused():
        G = merge_bundles(b for _, _, b in bundles)
    report = neo4j_load.load_graph(
        driver, G, database=database, batch_size=batch_size, progress=progress
    )
    del G
    _write_all(driver, sources, bundles, database)
    return report


def reload_parts(
    driver: neo4j.Driver,
    parts: Mapping[str, Part | PartBundles],
    *,
    database: str | None = None,
    batch_size: int = neo4j_load.DEFAULT_BATCH_SIZE,
    progress: neo4j_load.Progress | None = None,
) -> LoadReport | None:
    """Bring Neo4j to the merged graph of ``parts`` through the stored manifest, or return
    None (having written nothing) when Neo4j holds none that its counts confirm.

    One read transaction asks what the manifest says and what Neo4j holds (one query) and
    the stored rows of the changed bundles; the changed bundles and every partition's
    shared bundle are read from ``parts``; up to :data:`ONE_TRANSACTION_ROWS` rows to write
    are then written in one transaction with the new entries and the head (all or
    nothing). A larger reload drops the head first and writes it last, so a reload that
    dies half-way leaves no manifest to trust: the next load compares everything.
    """
    return _reload(driver, _sources(parts), database, batch_size, progress)


def has_manifest(driver: neo4j.Driver, *, database: str | None = None) -> bool:
    """Whether the database holds a bundle manifest that its counts confirm."""
    with driver_errors(driver_address(driver), database), driver.session(database=database) as s:
        return s.execute_read(_confirmed) is not None


#: A reload that writes or deletes at most this many rows does it in one transaction with
#: the manifest's entries and head (all or nothing); a larger one in transactions of a
#: batch each, between dropping the head and writing it again.
ONE_TRANSACTION_ROWS = 20_000

Done = tuple[bool, str, Counts, int, int]  # (a label?, label or type, counts, compared, sent)


def _reload(
    driver: neo4j.Driver,
    sources: dict[str, PartBundles],
    database: str | None,
    batch_size: int,
    progress: neo4j_load.Progress | None,
) -> LoadReport | None:
    """See :func:`reload_parts`."""
    now = {bundle_id(p, k): d for p, src in sources.items() for k, d in src.digests.items()}
    where = driver_address(driver)
    with driver_errors(where, database), driver.session(database=database) as s:
        stored = s.execute_read(_confirmed)
    if stored is None:
        return None
    changed = {bid for bid, d in now.items() if stored.digests.get(bid) != d}
    if not changed and all(bid in now or is_chunk(bid) for bid in stored.digests):
        return _report(stored, {}, {}, 0, 0)
    # Every partition's shared bundle: a node several partitions share is in each one's.
    bundles = _read_bundles(sources, lambda p, k: bundle_id(p, k) in changed or k == SHARED)
    new, vanished = _changed_rows(bundles, now, stored)
    read = [(p, b) for p, _, b in bundles]
    with driver_errors(where, database), driver.session(database=database) as s:
        batches, done = s.execute_write(
            _first, read, new, vanished, stored.ranges, batch_size, progress
        )
        if done is None:  # too large for one transaction: the head was dropped
            total = sum(len(rows) for _, _, rows in batches)
            done, written = [], 0
            for batch in batches:
                done += s.execute_write(_write_batches, [batch], progress, written, total)
                written += len(batch[2])
            s.execute_write(_finish, new, vanished)
    nodes: dict[str, Counts] = defaultdict(Counts)
    rels: dict[str, Counts] = defaultdict(Counts)
    for is_label, name, counts, _, _ in done:
        (nodes if is_label else rels)[name] += counts
    compared = sum(d[3] for d in done)
    return _report(stored, nodes, rels, compared, sum(d[4] for d in done))


def _first(
    tx: neo4j.ManagedTransaction,
    read: list[tuple[str, Bundle]],
    new: Changed,
    vanished: list[str],
    ranges: bool,
    batch_size: int,
    progress: neo4j_load.Progress | None,
) -> tuple[list[Batch], list[Done] | None]:
    """The batches to write (from the stored rows of the changed and vanished entries);
    all of them written with the manifest's entries and head when there are at most
    :data:`ONE_TRANSACTION_ROWS` rows, else only the head dropped (``None`` done)."""
    old = _old_rows(tx, [*new, *vanished])
    node_rows, rel_rows, lost_nodes, lost_rels = changes({b: r for b, (_, r) in new.items()}, old)
    skip = [*new, *vanished]  # their stored lists are outdated
    if lost_rels:
        lost_rels -= _still_held(tx, "rels", sorted(lost_rels), skip)
    if lost_nodes:
        lost_nodes -= _still_held(tx, "nodes", sorted(lost_nodes), skip)
    node_values, rel_values = values(read, node_rows - lost_nodes, rel_rows - lost_rels)
    batches = to_batches(
        node_values,
        rel_values,
        node_rows - lost_nodes,
        rel_rows - lost_rels,
        lost_nodes,
        lost_rels,
        batch_size,
    )
    total = sum(len(rows) for _, _, rows in batches)
    if progress is not None:
        progress(0, total)
    if total > ONE_TRANSACTION_ROWS:
        _drop_head(tx, ranges)
        return batches, None
    if ranges:
        drop_ranges(tx)  # the writes below would make it stale
    done = _write_batches(tx, batches, progress, 0, total)
    _finish(tx, new, vanished)
    return batches, done


def _finish(tx: neo4j.ManagedTransaction, new: Changed, vanished: list[str]) -> None:
    entries = [entry(bid, digest, rows) for bid, (digest, rows) in new.items()]
    _write_entries(tx, entries, vanished)
    _write_head(tx)


def _write_batches(
    tx: neo4j.ManagedTransaction,
    batches: list[Batch],
    progress: neo4j_load.Progress | None,
    written: int,
    total: int,
) -> list[Done]:
    """Write ``batches`` in ``tx``: new and changed rows (the server compares their
    ``_hash``, one query per batch), then what no bundle holds any more."""
    done: list[Done] = []
    for kind, what, rows in batches:
        if kind == "nodes":
            found = tx.run(cypher_bundles.upsert_nodes(what), rows=rows).single(strict=True)
            held, same = found["held"], found["unchanged"]
            c = Counts(len(rows) - held, held - same, same)
            done.append((True, what, c, len(rows), len(rows)))
        elif kind == "rels":
            query = cypher_bundles.upsert_relationships(*what)
            found = tx.run(query, rows=rows).single(strict=True)
            held, same = found["held"], found["unchanged"]
            # A row without both end nodes is not written (nor counted, as the loader does).
            c = Counts(found["ends"] - held, held - same, same)
            done.append((False, what[0], c, len(rows), len(rows)))
        elif kind == "delete rels":
            n = neo4j_load._delete(tx, cypher.delete_relationships(*what), rows=rows)
            done.append((False, what[0], Counts(deleted=n), 0, len(rows)))
        else:
            n = neo4j_load._delete(tx, cypher.delete_nodes(what), keys=rows)
            done.append((True, what, Counts(deleted=n), 0, len(rows)))
        written += len(rows)
        if progress is not None:
            progress(written, total)
    return done


def _report(
    stored: Stored,
    nodes: Mapping[str, Counts],
    rels: Mapping[str, Counts],
    compared: int,
    sent: int,
) -> LoadReport:
    """Counts of the whole graph: what was written, the rest of what Neo4j held unchanged."""

    def whole(held: Mapping[str, int], done: Mapping[str, Counts]) -> dict[str, Counts]:
        out = {}
        for name in held.keys() | done.keys():
            c = done.get(name, Counts())
            rest = held.get(name, 0) - c.updated - c.unchanged - c.deleted
            total = c + Counts(unchanged=max(0, rest))
            if total != Counts():
                out[name] = total
        return out

    return LoadReport(
        nodes=whole(stored.node_counts, nodes),
        relationships=whole(stored.rel_counts, rels),
        compared=compared,
        sent=sent,
    )
