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

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import neo4j

from core.errors import Neo4jError
from core.memory import gc_paused
from graph.partition import SHARED, Bundle, merge_bundles
from outputs import neo4j_load
from outputs.neo4j_bundle_rows import (
    Batch,
    Rows,
    bundle_digest,
    bundle_id,
    changes,
    chunk_count,
    chunk_id,
    chunk_parent,
    chunks,
    entry,
    is_chunk,
    probes,
    rows_of,
    to_batches,
    values,
)
from outputs.neo4j_bundle_sources import (
    PartBundles,
    SavedPart,
    Source,
    of_part,
    open_source,
    open_sources,
    read_wanted,
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
    """What the bundle manifest says: the digests of the bundles of the partitions that may
    have changed, the counts Neo4j had after the load that wrote it, whether a key-range
    manifest exists too, and per partition the stamp it was loaded from and its shared
    bundle's number of chunks (None: a manifest written before they were kept)."""

    digests: dict[str, str]
    node_counts: dict[str, int]
    rel_counts: dict[str, int]
    ranges: bool = False
    stamps: dict[str, str] | None = None
    chunk_counts: dict[str, int] = field(default_factory=dict)
    #: The partitions whose stamp is the one loaded: their digests were not read.
    unchanged: frozenset[str] = frozenset()


def _confirmed(
    tx: neo4j.ManagedTransaction, stamps: Mapping[str, str] | None = None
) -> Stored | None:
    """The stored manifest, if Neo4j's counts are the ones it recorded: the head, then the
    digests of the partitions whose stamp (``stamps``: the sources') is not the stored one,
    or of every partition (``stamps`` None), each query one record."""
    found = tx.run(cypher_bundles.manifest_head(), head=HEAD).single(strict=True)
    if found["types"] is None:
        return None
    n = len(cypher.NODE_LABELS)
    names, values = list(found["types"]), list(found["counts"])
    node_counts = dict(zip(names[:n], values[:n], strict=True))
    rel_counts = dict(zip(names[n:], values[n:], strict=True))
    nodes = zip(cypher.NODE_LABELS, found["nodes"], strict=True)
    rels = zip(cypher.REL_TYPES, found["rels"], strict=True)
    if not (
        all(c == node_counts.get(k, 0) for k, c in nodes)
        and all(c == rel_counts.get(k, 0) for k, c in rels)
    ):
        return None
    stored = Stored({}, node_counts, rel_counts, bool(found["ranges"]))
    if found["parts"] is not None:
        stored.stamps = dict(zip(found["parts"], found["stamps"], strict=True))
        stored.chunk_counts = dict(zip(found["parts"], found["chunks"], strict=True))
    if stamps is None:
        return stored
    prefixes = [""]
    if stored.stamps is not None:
        stored.unchanged = frozenset(
            p for p, stamp in stamps.items() if stamp and stored.stamps.get(p) == stamp
        )
        wanted = (stored.stamps.keys() | stamps.keys()) - stored.unchanged
        prefixes = [bundle_id(p, "") for p in sorted(wanted)]
    if prefixes:
        found = tx.run(cypher_bundles.bundle_digests(), head=HEAD, prefixes=prefixes).single(
            strict=True
        )
        stored.digests = dict(zip(found["ids"], found["digests"], strict=True))
    return stored


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


Head = dict[str, tuple[str, int]]  # partition -> (the stamp it was loaded from, its chunks)


def _write_head(tx: neo4j.ManagedTransaction, head: Head) -> None:
    """The head, with the counts Neo4j holds in this transaction: from now on a load
    trusts the manifest (as long as the counts stay)."""
    types = [*cypher.NODE_LABELS, *cypher.REL_TYPES]
    parts = sorted(head)
    stamps, counts = [head[p][0] for p in parts], [head[p][1] for p in parts]
    query = cypher_bundles.write_head()
    tx.run(query, head=HEAD, types=types, parts=parts, stamps=stamps, chunks=counts).consume()


def _drop_head(tx: neo4j.ManagedTransaction, ranges: bool) -> None:
    """No load trusts the manifest until the head is written again (and the key-range
    manifest, which the writes to come would make stale, is dropped)."""
    tx.run(cypher_bundles.drop_head(), head=HEAD).consume()
    if ranges:
        drop_ranges(tx)


def drop(tx: neo4j.ManagedTransaction) -> None:
    tx.run(cypher.drop_bundle_manifest()).consume()


def _head_of(sources: Mapping[str, PartBundles], entries: list[dict[str, Any]]) -> Head:
    counts = Counter(chunk_parent(e["id"]) for e in entries if is_chunk(e["id"]))
    return {p: (s.stamp or "", counts[bundle_id(p, SHARED)]) for p, s in sources.items()}


def write_manifest(
    driver: neo4j.Driver,
    parts: Mapping[str, Source],
    *,
    database: str | None = None,
    entries: list[dict[str, Any]] | None = None,
) -> None:
    """Store every bundle's digest and rows: Neo4j holds the merged graph of ``parts``.
    ``entries``: :func:`manifest_entries` of ``parts``, if made already."""
    sources = open_sources(parts)
    if entries is None:
        entries = manifest_entries(sources)
    _store(driver, entries, _head_of(sources, entries), database)


def manifest_entries(parts: Mapping[str, Source]) -> list[dict[str, Any]]:
    """The manifest's entries of ``parts`` (the client's work of :func:`write_manifest`,
    which a bulk load does while the server imports)."""
    with gc_paused():  # the graph may be in memory: a collection would walk all of it
        sources = open_sources(parts)
        return _entries(sources, read_wanted(sources, lambda p, k: True))


def _write_all(
    driver: neo4j.Driver,
    sources: dict[str, PartBundles],
    bundles: list[tuple[str, str, Bundle]],
    database: str | None,
) -> None:
    entries = _entries(sources, bundles)
    _store(driver, entries, _head_of(sources, entries), database)


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


def _store(
    driver: neo4j.Driver, entries: list[dict[str, Any]], head: Head, database: str | None
) -> None:
    """The whole manifest anew: the old one dropped, the entries written, the head last
    (until it is written, no load trusts the manifest)."""
    with driver_errors(driver_address(driver), database), driver.session(database=database) as s:
        s.run(cypher_bundles.bundle_index()).consume()  # a reload looks entries up by id
        s.execute_write(drop)
        for at in range(0, len(entries), 500):
            s.execute_write(_write_entries, entries[at : at + 500], [])
        s.execute_write(_write_head, head)


def load_parts(
    driver: neo4j.Driver,
    parts: Mapping[str, Source],
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
    if not full:
        report = _reload(driver, parts, database, batch_size, progress)
        if report is not None:
            return report
    sources = open_sources(parts)
    bundles = read_wanted(sources, lambda p, k: True)
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
    parts: Mapping[str, Source],
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
    return _reload(driver, parts, database, batch_size, progress)


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
    parts: Mapping[str, Source],
    database: str | None,
    batch_size: int,
    progress: neo4j_load.Progress | None,
) -> LoadReport | None:
    """See :func:`reload_parts`."""
    stamps = {p: getattr(x, "stamp", None) or "" for p, x in parts.items()}
    where = driver_address(driver)
    with driver_errors(where, database), driver.session(database=database) as s:
        stored = s.execute_read(_confirmed, stamps)
    if stored is None:
        return None
    sources: dict[str, PartBundles] = {}  # the partitions that may have changed, opened
    for p in sorted(parts.keys() - stored.unchanged):
        opened = open_source(parts[p])
        if opened is None:
            return None
        sources[p] = opened
    now = {bundle_id(p, k): d for p, src in sources.items() for k, d in src.digests.items()}
    changed = {bid for bid, d in now.items() if stored.digests.get(bid) != d}
    head = _new_head(parts, sources, stored)
    if not changed and all(bid in now or is_chunk(bid) for bid in stored.digests):
        if stored.stamps != {p: stamp for p, (stamp, _) in head.items()}:
            with driver_errors(where, database), driver.session(database=database) as s:
                s.execute_write(_write_head, head)
        return _report(stored, {}, {}, 0, 0)
    # The changed bundles; a manifest without stamps (older) reads every partition's
    # shared bundle too (a node several partitions share is in each one's), a newer one
    # only those whose chunks hold a row to write (:func:`_with_holders`).
    every = stored.stamps is None
    bundles = read_wanted(
        sources, lambda p, k: bundle_id(p, k) in changed or (every and k == SHARED)
    )
    for p, k, bundle in bundles:
        if k == SHARED:
            head[p] = (head[p][0], chunk_count(len(bundle.nodes) + len(bundle.edges)))
    new, vanished = _changed_rows(bundles, now, stored)
    plan = _Plan(bundles, new, vanished, stored, head, _shared_reader(parts, sources))
    with driver_errors(where, database), driver.session(database=database) as s:
        batches, done = s.execute_write(_first, plan, batch_size, progress)
        if done is None:  # too large for one transaction: the head was dropped
            total = sum(len(rows) for _, _, rows in batches)
            done, written = [], 0
            for batch in batches:
                done += s.execute_write(_write_batches, [batch], progress, written, total)
                written += len(batch[2])
            s.execute_write(_finish, new, vanished, head)
    nodes: dict[str, Counts] = defaultdict(Counts)
    rels: dict[str, Counts] = defaultdict(Counts)
    for is_label, name, counts, _, _ in done:
        (nodes if is_label else rels)[name] += counts
    compared = sum(d[3] for d in done)
    return _report(stored, nodes, rels, compared, sum(d[4] for d in done))


def _new_head(
    parts: Mapping[str, Source], sources: Mapping[str, PartBundles], stored: Stored
) -> Head:
    """The head after the reload: each partition's stamp (the opened ones' own, the others'
    as stored) and its chunks as stored (those of the shared bundles read are counted)."""
    chunked = Counter(chunk_parent(b) for b in stored.digests if is_chunk(b))
    head: Head = {}
    for p in parts:
        stamp = sources[p].stamp or "" if p in sources else (stored.stamps or {}).get(p, "")
        count = stored.chunk_counts.get(p)
        head[p] = (stamp, chunked[bundle_id(p, SHARED)] if count is None else count)
    return head


Read = list[tuple[str, str, Bundle]]  # (partition, bundle key, bundle) in the merged order


@dataclass
class _Plan:
    """What a reload writes: the bundles read, the changed entries with their rows, the
    vanished entries, the stored manifest, the new head, and ``more(partitions)``: the
    bundles read with the shared bundles of ``partitions`` added."""

    read: Read
    new: Changed
    vanished: list[str]
    stored: Stored
    head: Head
    more: Callable[[Read, list[str]], Read]


def _shared_reader(
    parts: Mapping[str, Source], sources: dict[str, PartBundles]
) -> Callable[[Read, list[str]], Read]:
    """``more(read, partitions)``: ``read`` with the shared bundles of ``partitions`` (opened
    when they were not), in the merged graph's order."""

    def more(read: Read, partitions: list[str]) -> Read:
        added = list(read)
        for p in partitions:
            src = sources.get(p) or open_source(parts[p])
            if src is None:
                raise Neo4jError(f"the saved graph of partition {p!r} could not be read")
            sources[p] = src
            added.append((p, SHARED, src.read([SHARED])[SHARED]))
        where = {p: {k: n for n, k in enumerate(sources[p].keys)} for p in {p for p, _, _ in added}}
        return sorted(added, key=lambda x: (x[0], where[x[0]][x[1]]))

    return more


def _with_holders(
    tx: neo4j.ManagedTransaction, plan: _Plan, nodes: set[str], rels: set[str]
) -> Read:
    """The bundles read, with the shared bundles of the partitions whose stored chunks hold
    one of the rows ``nodes`` and ``rels`` (their merged values need every partition's)."""
    have = {p for p, k, _ in plan.read if k == SHARED}
    counts = {p: c for p, (_, c) in plan.head.items() if p not in have and c}
    found = probes(counts, nodes, rels)
    if not found:
        return plan.read
    parts = tx.run(cypher_bundles.holders(), probes=found).single(strict=True)["parts"]
    return plan.more(plan.read, sorted(parts)) if parts else plan.read


def _first(
    tx: neo4j.ManagedTransaction,
    plan: _Plan,
    batch_size: int,
    progress: neo4j_load.Progress | None,
) -> tuple[list[Batch], list[Done] | None]:
    """The batches to write (from the stored rows of the changed and vanished entries);
    all of them written with the manifest's entries and head when there are at most
    :data:`ONE_TRANSACTION_ROWS` rows, else only the head dropped (``None`` done)."""
    new, vanished = plan.new, plan.vanished
    old = _old_rows(tx, [*new, *vanished])
    node_rows, rel_rows, lost_nodes, lost_rels = changes({b: r for b, (_, r) in new.items()}, old)
    skip = [*new, *vanished]  # their stored lists are outdated
    if lost_rels:
        lost_rels -= _still_held(tx, "rels", sorted(lost_rels), skip)
    if lost_nodes:
        lost_nodes -= _still_held(tx, "nodes", sorted(lost_nodes), skip)
    nodes, rels = node_rows - lost_nodes, rel_rows - lost_rels
    read = plan.read if plan.stored.stamps is None else _with_holders(tx, plan, nodes, rels)
    node_values, rel_values = values([(p, b) for p, _, b in read], nodes, rels)
    batches = to_batches(node_values, rel_values, nodes, rels, lost_nodes, lost_rels, batch_size)
    total = sum(len(rows) for _, _, rows in batches)
    if progress is not None:
        progress(0, total)
    if total > ONE_TRANSACTION_ROWS:
        _drop_head(tx, plan.stored.ranges)
        return batches, None
    if plan.stored.ranges:
        drop_ranges(tx)  # the writes below would make it stale
    done = _write_batches(tx, batches, progress, 0, total)
    _finish(tx, new, vanished, plan.head)
    return batches, done


def _finish(tx: neo4j.ManagedTransaction, new: Changed, vanished: list[str], head: Head) -> None:
    entries = [entry(bid, digest, rows) for bid, (digest, rows) in new.items()]
    _write_entries(tx, entries, vanished)
    _write_head(tx, head)


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


__all__ = [
    "ONE_TRANSACTION_ROWS",
    "PartBundles",
    "SavedPart",
    "Source",
    "has_manifest",
    "load_parts",
    "manifest_entries",
    "of_part",
    "reload_parts",
    "write_manifest",
]
