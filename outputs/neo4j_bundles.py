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
from outputs.neo4j_manifest import counts, no_gc
from outputs.neo4j_manifest import drop as drop_ranges
from outputs.neo4j_rows import Counts, LoadReport, Row
from store import cypher
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
    digests: dict[str, str]
    node_counts: dict[str, int]
    rel_counts: dict[str, int]


def _read(tx: neo4j.ManagedTransaction) -> Stored | None:
    records = tx.run(
        f"MATCH (b:`{LABEL}`) RETURN b.id AS id, b.digest AS digest, "
        "b.types AS types, b.counts AS counts"
    )
    digests: dict[str, str] = {}
    head = None
    for r in records:
        if r["id"] == HEAD:
            head = r
        else:
            digests[r["id"]] = r["digest"]
    if head is None:
        return None
    n = len(cypher.NODE_LABELS)
    values = list(head["counts"])
    names = list(head["types"])
    return Stored(
        digests,
        dict(zip(names[:n], values[:n], strict=True)),
        dict(zip(names[n:], values[n:], strict=True)),
    )


def _old_rows(tx: neo4j.ManagedTransaction, ids: list[str]) -> dict[str, Rows]:
    """Per stored bundle of ``ids``: its rows with their digests."""
    found = tx.run(
        f"UNWIND $ids AS id MATCH (b:`{LABEL}` {{id: id}}) RETURN b.id AS id, "
        "b.nodes AS nodes, b.node_digests AS nd, b.rels AS rels, b.rel_digests AS rd",
        ids=ids,
    )
    return {
        r["id"]: (
            dict(zip(r["nodes"], r["nd"], strict=True)),
            dict(zip(r["rels"], r["rd"], strict=True)),
        )
        for r in found
    }


def _still_held(
    tx: neo4j.ManagedTransaction, field: str, rows: list[str], skip: list[str]
) -> set[str]:
    """Those of ``rows`` that a stored bundle outside ``skip`` still holds (a scan of the
    stored lists: only run when a changed bundle lost rows)."""
    assert field in ("nodes", "rels")
    found = tx.run(
        f"MATCH (b:`{LABEL}`) WHERE b.id <> $head AND NOT b.id IN $skip "
        f"UNWIND [x IN b.{field} WHERE x IN $rows] AS x RETURN collect(DISTINCT x) AS held",
        head=HEAD,
        skip=skip,
        rows=rows,
    ).single(strict=True)
    return set(found["held"])


def _write(tx: neo4j.ManagedTransaction, entries: list[dict[str, Any]], gone: list[str]) -> None:
    tx.run(f"UNWIND $ids AS id MATCH (b:`{LABEL}` {{id: id}}) DELETE b", ids=gone).consume()
    tx.run(
        f"UNWIND $entries AS e MERGE (b:`{LABEL}` {{id: e.id}}) SET b = e", entries=entries
    ).consume()
    nodes, rels = counts(tx)
    head = {
        "id": HEAD,
        "types": [*nodes, *rels],
        "counts": [*nodes.values(), *rels.values()],
    }
    tx.run(f"MERGE (b:`{LABEL}` {{id: $id}}) SET b = $head", id=HEAD, head=head).consume()


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
    entries = [_entry(bundle_id(p, k), sources[p].digests[k], _rows_of(b)) for p, k, b in bundles]
    with driver_errors(driver_address(driver), database), driver.session(database=database) as s:
        s.execute_write(drop)
        for at in range(0, len(entries), 500):
            s.execute_write(_write, entries[at : at + 500], [])


def load_parts(
    driver: neo4j.Driver,
    parts: Mapping[str, Part | PartBundles],
    *,
    database: str | None = None,
    batch_size: int = neo4j_load.DEFAULT_BATCH_SIZE,
    full: bool = False,
) -> LoadReport:
    """Load the merged graph of ``parts`` (partition -> its bundles), reading and sending
    only the bundles whose digest differs from the stored manifest; without one (or with
    ``full``), a full :func:`outputs.neo4j_load.load_graph` of the merged graph, then the
    manifest."""
    sources = _sources(parts)
    now = {bundle_id(p, k): d for p, src in sources.items() for k, d in src.digests.items()}
    with driver_errors(driver_address(driver), database), driver.session(database=database) as s:
        stored = None if full else s.execute_read(_confirmed)
    if stored is None:
        bundles = _read_bundles(sources, lambda p, k: True)
        with no_gc():
            G = merge_bundles(b for _, _, b in bundles)
        report = neo4j_load.load_graph(driver, G, database=database, batch_size=batch_size)
        del G
        _write_all(driver, sources, bundles, database)
        return report
    changed = [bid for bid, d in now.items() if stored.digests.get(bid) != d]
    vanished = [bid for bid in stored.digests if bid not in now]
    wanted = set(changed)
    # Every partition's shared bundle: a node several partitions share is in each one's.
    bundles = _read_bundles(sources, lambda p, k: bundle_id(p, k) in wanted or k == SHARED)
    if not changed and not vanished:
        bundles = []
    return _sync(driver, bundles, now, changed, vanished, stored, database, batch_size)


def has_manifest(driver: neo4j.Driver, *, database: str | None = None) -> bool:
    """Whether the database holds a bundle manifest that its counts confirm."""
    with driver_errors(driver_address(driver), database), driver.session(database=database) as s:
        return s.execute_read(_confirmed) is not None


def _confirmed(tx: neo4j.ManagedTransaction) -> Stored | None:
    stored = _read(tx)
    if stored is None:
        return None
    nodes, rels = counts(tx)
    same = all(n == stored.node_counts.get(k, 0) for k, n in nodes.items()) and all(
        n == stored.rel_counts.get(k, 0) for k, n in rels.items()
    )
    return stored if same else None


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


def _sync(
    driver: neo4j.Driver,
    bundles: list[tuple[str, str, Bundle]],
    now: dict[str, str],
    changed: list[str],
    vanished: list[str],
    stored: Stored,
    database: str | None,
    batch_size: int,
) -> LoadReport:
    """Write the rows whose value changed in a changed bundle, delete what no bundle
    holds any more, and update the manifest (``bundles``: the changed ones and the
    shared ones, in the merged graph's order)."""
    if not changed and not vanished:
        return _report(stored, {}, {}, 0, 0)
    wanted = set(changed)
    new_bundles = {bundle_id(p, k): b for p, k, b in bundles if bundle_id(p, k) in wanted}
    read = [(p, b) for p, _, b in bundles]
    new = {bid: _rows_of(b) for bid, b in new_bundles.items()}
    tally_nodes: dict[str, Counts] = defaultdict(Counts)
    tally_rels: dict[str, Counts] = defaultdict(Counts)
    sent = compared = 0
    with driver_errors(driver_address(driver), database), driver.session(database=database) as s:
        # The key-range manifest (outputs/neo4j_manifest.py) names what is written before.
        s.execute_write(drop_ranges)
        old = s.execute_read(_old_rows, changed + vanished)
        node_rows, rel_rows, lost_nodes, lost_rels = _changes(new, old)
        skip = changed + vanished
        if lost_rels:
            lost_rels -= s.execute_read(_still_held, "rels", sorted(lost_rels), skip)
        if lost_nodes:
            lost_nodes -= s.execute_read(_still_held, "nodes", sorted(lost_nodes), skip)
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
        for name in cypher.NODE_LABELS:
            rows = by_label.get(name, [])
            for at in range(0, len(rows), batch_size):
                c = s.execute_write(neo4j_load._upsert_nodes, name, rows[at : at + batch_size])
                tally_nodes[name] += c
                compared += len(rows[at : at + batch_size])
                sent += len(rows[at : at + batch_size]) + c.created + c.updated
        for group, rows in sorted(groups.items()):
            for at in range(0, len(rows), batch_size):
                batch = rows[at : at + batch_size]
                c, _ = s.execute_write(neo4j_load._upsert_relationships, group, batch)
                tally_rels[group[0]] += c
                compared += len(batch)
                sent += len(batch) + c.created + c.updated
        for row in sorted(lost_rels):
            type_, su, sv, u, v = row.split(_SEP)
            query = cypher.delete_relationships(type_, su, sv)
            n = s.execute_write(neo4j_load._delete, query, rows=[{"start": u, "end": v}])
            tally_rels[type_] += Counts(deleted=n)
            sent += 1
        for row in sorted(lost_nodes):
            name, key = row.split(_SEP, 1)
            n = s.execute_write(neo4j_load._delete, cypher.delete_nodes(name), keys=[key])
            tally_nodes[name] += Counts(deleted=n)
            sent += 1
        entries = [_entry(bid, now[bid], rows) for bid, rows in new.items()]
        s.execute_write(_write, entries, vanished)
    return _report(stored, tally_nodes, tally_rels, compared, sent)


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
