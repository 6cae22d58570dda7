"""A reload by derived bundle: only the bundles whose digest changed are read and sent.

The store keeps each partition's derived graph in bundles (:class:`graph.partition.Part`),
one per documented meeting plus the partition's shared bundle. After a complete load the
loader stores, per bundle, its digest and the node keys and relationships it held (nodes
labelled ``CasegraphBundle``). A reload computes the bundles' digests (a marshal of the
bundle, or the digest the graph cache already holds) and

- reads nothing more when none changed;
- otherwise merges only the changed bundles and every partition's shared bundle (a node
  several partitions share -- a person, a case -- is in each one's shared bundle, so its
  merged value is complete), compares the rows of the changed bundles' nodes and
  relationships with their stored ``_hash`` and writes the new and changed ones;
- deletes what a changed or vanished bundle held that no bundle holds any more (checked
  against the stored lists of the unchanged bundles, only when there is such a row).

Assumption (true of casegraph's keys): a node a meeting owns (the meeting, its items,
decisions, attachments, document, the stubs it names first) is keyed within its partition.
"""

from __future__ import annotations

import hashlib
import marshal
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import neo4j

from graph.partition import SHARED, Bundle, Part, _merge_attrs, merge_bundles
from outputs import neo4j_load
from outputs.neo4j_manifest import drop as drop_ranges
from outputs.neo4j_manifest import no_gc
from outputs.neo4j_rows import Counts, LoadReport, Row
from store import cypher, cypher_bundles
from store.neo4j_db import driver_address, driver_errors, neo4j_properties

LABEL = cypher.BUNDLES
_SEP = "\x1f"
#: The entry holding the counts Neo4j had after the last load (no bundle has this id).
HEAD = "\x00head"


def bundle_id(partition: str, key: str) -> str:
    return partition + _SEP + key


def bundle_digest(bundle: Bundle) -> str:
    """The digest of a bundle's value (as :mod:`store.derived` makes it)."""
    data = marshal.dumps((bundle.nodes, bundle.edges), 0)
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _row_digest(attrs: dict[str, Any]) -> str:
    return hashlib.blake2b(marshal.dumps(attrs, 0), digest_size=8).hexdigest()


Rows = tuple[dict[str, str], dict[str, str]]


def _rows_of(bundle: Bundle) -> Rows:
    """What a bundle puts in Neo4j, each row with a digest of its value in the bundle:
    ``label<SEP>key`` per node, ``type<SEP>start label<SEP>end label<SEP>start<SEP>end``
    per relationship (the first of a type between two nodes, as the loader keeps it)."""
    types = {k: d.get("type") for k, d in bundle.nodes}
    nodes = {
        f"{types[k]}{_SEP}{k}": _row_digest(d)
        for k, d in bundle.nodes
        if types[k] in cypher.NODE_LABELS
    }
    rels: dict[str, str] = {}
    for u, v, k, d in bundle.edges:
        name = d.get("type", k)
        su, sv = types.get(u), types.get(v)
        if name in cypher.REL_TYPES and su in cypher.NODE_LABELS and sv in cypher.NODE_LABELS:
            rels.setdefault(_SEP.join((name, su, sv, u, v)), _row_digest(d))
    return nodes, rels


def _entry(bid: str, digest: str, rows: Rows) -> dict[str, Any]:
    nodes, rels = rows
    return {
        "id": bid,
        "digest": digest,
        "nodes": list(nodes),
        "node_digests": list(nodes.values()),
        "rels": list(rels),
        "rel_digests": list(rels.values()),
    }


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


@dataclass
class Plan:
    """A confirmed manifest, the bundles whose digest changed (or that are new), those
    the graph no longer has, and the stored rows of both."""

    stored: Stored
    changed: list[str]
    vanished: list[str]
    old: dict[str, Rows]


def _plan(tx: neo4j.ManagedTransaction, now: dict[str, str]) -> Plan | None:
    """What a reload to the bundle digests ``now`` has to do, read in one transaction
    (None: no manifest that Neo4j's counts confirm)."""
    stored = _confirmed(tx)
    if stored is None:
        return None
    changed = [bid for bid, d in now.items() if stored.digests.get(bid) != d]
    vanished = [bid for bid in stored.digests if bid not in now]
    old = _old_rows(tx, changed + vanished) if changed or vanished else {}
    return Plan(stored, changed, vanished, old)


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
) -> None:
    """Store every bundle's digest and rows: Neo4j holds the merged graph of ``parts``."""
    sources = _sources(parts)
    _write_all(driver, sources, _read_bundles(sources, lambda p, k: True), database)


def _write_all(
    driver: neo4j.Driver,
    sources: dict[str, PartBundles],
    bundles: list[tuple[str, str, Bundle]],
    database: str | None,
) -> None:
    """The whole manifest anew: the old one dropped, the entries written, the head last
    (until it is written, no load trusts the manifest)."""
    entries = [_entry(bundle_id(p, k), sources[p].digests[k], _rows_of(b)) for p, k, b in bundles]
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
    with no_gc():
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


def _changes(
    new: dict[str, tuple[dict[str, str], dict[str, str]]],
    old: dict[str, tuple[dict[str, str], dict[str, str]]],
) -> tuple[set[str], set[str], set[str], set[str]]:
    """Node and relationship rows whose value changed in some bundle (new, changed, or
    left by a bundle), and the rows no new version of a changed bundle holds."""
    nodes: set[str] = set()
    rels: set[str] = set()
    held_nodes: set[str] = set()
    held_rels: set[str] = set()
    for bid in new.keys() | old.keys():
        new_nodes, new_rels = new.get(bid, ({}, {}))
        old_nodes, old_rels = old.get(bid, ({}, {}))
        held_nodes.update(new_nodes)
        held_rels.update(new_rels)
        nodes.update(r for r, d in new_nodes.items() if old_nodes.get(r) != d)
        nodes.update(r for r in old_nodes if r not in new_nodes)
        rels.update(r for r, d in new_rels.items() if old_rels.get(r) != d)
        rels.update(r for r in old_rels if r not in new_rels)
    return nodes, rels, nodes - held_nodes, rels - held_rels


def _values(
    read: list[tuple[str, Bundle]], nodes: set[str], rels: set[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The merged values (as :func:`graph.partition.merge_bundles` makes them) of the
    keys of ``nodes`` and the relationships ``rels``, from the ``read`` bundles."""
    keys = {row.split(_SEP, 1)[1] for row in nodes}
    ends = {tuple(row.split(_SEP)[3:]): row.split(_SEP, 1)[0] for row in rels}
    node_values: dict[str, dict[str, Any]] = {}
    rel_values: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str]] = set()  # (partition, key): one value per partition
    for partition, bundle in read:
        for key, attrs in bundle.nodes:
            if key not in keys or (partition, key) in seen:
                continue
            seen.add((partition, key))
            found = node_values.get(key)
            if found is None:
                node_values[key] = dict(attrs)
            else:
                _merge_attrs(found, attrs)
        types = {k: d.get("type") for k, d in bundle.nodes}
        for u, v, k, attrs in bundle.edges:
            name = attrs.get("type", k)
            if ends.get((u, v)) == name:
                row = _SEP.join((name, str(types.get(u)), str(types.get(v)), u, v))
                rel_values.setdefault(row, attrs)
    return node_values, rel_values


#: A reload that writes or deletes at most this many rows does it in one transaction with
#: the manifest's entries and head (all or nothing); a larger one in transactions of a
#: batch each, between dropping the head and writing it again.
ONE_TRANSACTION_ROWS = 20_000

Batch = tuple[str, Any, list[Any]]  # (what is done, label or group, rows)
Done = tuple[bool, str, Counts, int, int]  # (a label?, label or type, counts, compared, sent)


@dataclass
class Work:
    """What a reload writes: batches of rows (nodes, relationships, then deletions), the
    manifest entries of the changed bundles, the vanished bundles, and whether a
    key-range manifest is to be dropped."""

    batches: list[Batch]
    entries: list[dict[str, Any]]
    vanished: list[str]
    ranges: bool


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
        plan = s.execute_read(_plan, now)
    if plan is None:
        return None
    if not plan.changed and not plan.vanished:
        return _report(plan.stored, {}, {}, 0, 0)
    wanted = set(plan.changed)
    # Every partition's shared bundle: a node several partitions share is in each one's.
    bundles = _read_bundles(sources, lambda p, k: bundle_id(p, k) in wanted or k == SHARED)
    with driver_errors(where, database), driver.session(database=database) as s:
        work = _work(s, bundles, now, plan, batch_size)
        done = _apply(s, work, progress)
    nodes: dict[str, Counts] = defaultdict(Counts)
    rels: dict[str, Counts] = defaultdict(Counts)
    for is_label, name, counts, _, _ in done:
        (nodes if is_label else rels)[name] += counts
    compared = sum(d[3] for d in done)
    return _report(plan.stored, nodes, rels, compared, sum(d[4] for d in done))


def _work(
    s: neo4j.Session,
    bundles: list[tuple[str, str, Bundle]],
    now: dict[str, str],
    plan: Plan,
    batch_size: int,
) -> Work:
    """The rows whose value changed in a changed bundle, with their merged values, and
    what no bundle holds any more (``bundles``: the changed ones and the shared ones, in
    the merged graph's order)."""
    wanted = set(plan.changed)
    new = {bundle_id(p, k): _rows_of(b) for p, k, b in bundles if bundle_id(p, k) in wanted}
    node_rows, rel_rows, lost_nodes, lost_rels = _changes(new, plan.old)
    skip = plan.changed + plan.vanished
    if lost_rels:
        lost_rels -= s.execute_read(_still_held, "rels", sorted(lost_rels), skip)
    if lost_nodes:
        lost_nodes -= s.execute_read(_still_held, "nodes", sorted(lost_nodes), skip)
    read = [(p, b) for p, _, b in bundles]
    node_values, rel_values = _values(read, node_rows - lost_nodes, rel_rows - lost_rels)
    by_label: dict[str, list[Row]] = defaultdict(list)
    for row in sorted(node_rows - lost_nodes):
        name, key = row.split(_SEP, 1)
        if key in node_values:  # else held only by an unchanged bundle: unchanged
            props = neo4j_properties(node_values[key], drop=("type", cypher.KEY))
            props[cypher.KEY] = key
            by_label[name].append(props)
    groups: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for row in sorted(rel_rows - lost_rels):
        if row in rel_values:
            type_, su, sv, u, v = row.split(_SEP)
            props = neo4j_properties(rel_values[row], drop=("type",))
            groups[type_, su, sv].append({"start": u, "end": v, "props": props})
    gone_rels: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for row in sorted(lost_rels):
        type_, su, sv, u, v = row.split(_SEP)
        gone_rels[type_, su, sv].append({"start": u, "end": v})
    gone_nodes: dict[str, list[str]] = defaultdict(list)
    for row in sorted(lost_nodes):
        name, key = row.split(_SEP, 1)
        gone_nodes[name].append(key)
    batches: list[Batch] = []
    for kind, rows_of in (
        ("nodes", {n: by_label[n] for n in cypher.NODE_LABELS if n in by_label}),
        ("rels", dict(sorted(groups.items()))),
        ("delete rels", dict(sorted(gone_rels.items()))),
        ("delete nodes", {n: gone_nodes[n] for n in cypher.NODE_LABELS if n in gone_nodes}),
    ):
        for what, rows in rows_of.items():
            batches += [
                (kind, what, rows[at : at + batch_size]) for at in range(0, len(rows), batch_size)
            ]
    entries = [_entry(bid, now[bid], rows) for bid, rows in new.items()]
    return Work(batches, entries, plan.vanished, plan.stored.ranges)


def _apply(s: neo4j.Session, work: Work, progress: neo4j_load.Progress | None) -> list[Done]:
    """Write ``work``: in one transaction when it is small, else a batch per transaction
    between dropping the manifest's head and writing it again."""
    total = sum(len(rows) for _, _, rows in work.batches)
    if progress is not None:
        progress(0, total)
    if total <= ONE_TRANSACTION_ROWS:
        return list(s.execute_write(_all_at_once, work, progress, total))
    s.execute_write(_drop_head, work.ranges)
    done: list[Done] = []
    written = 0
    for batch in work.batches:
        done += s.execute_write(_write_batches, [batch], progress, written, total)
        written += len(batch[2])
    s.execute_write(_finish, work)
    return done


def _all_at_once(
    tx: neo4j.ManagedTransaction,
    work: Work,
    progress: neo4j_load.Progress | None,
    total: int,
) -> list[Done]:
    if work.ranges:
        drop_ranges(tx)  # the writes below would make it stale
    done = _write_batches(tx, work.batches, progress, 0, total)
    _finish(tx, work)
    return done


def _finish(tx: neo4j.ManagedTransaction, work: Work) -> None:
    _write_entries(tx, work.entries, [e["id"] for e in work.entries] + work.vanished)
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
