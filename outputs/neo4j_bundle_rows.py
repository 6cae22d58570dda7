"""The rows a bundle puts in Neo4j, for a reload by bundle (:mod:`outputs.neo4j_bundles`):
bundle ids and digests, each row with a digest of its value in the bundle, the chunks of a
partition's shared bundle, which rows changed, and their merged values. No driver here.

A partition's shared bundle (people, forums, cases, matters: every node no documented meeting
owns) changes with nearly every meeting and grows with the store, so the manifest keeps it in
*chunks* of about :data:`CHUNK_ROWS` rows (a node, or a relationship with its start node's
chunk; the chunk of a key is fixed by a CRC of the key and the number of chunks, a power of
two): a reload digests the chunks (one marshal each) and looks at the rows of the changed ones
only.

>>> from graph.partition import Bundle
>>> b = Bundle([("case:1", {"type": "Case", "number": "S1"})], [])
>>> list(rows_of(b)[0]) == ["Case" + _SEP + "case:1"]
True
>>> parts = chunks(Bundle([(str(i), {}) for i in range(600)], []))
>>> len(parts), sum(len(c.nodes) for c in parts), min(len(c.nodes) for c in parts) > 100
(4, 600, True)
"""

from __future__ import annotations

import hashlib
import marshal
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from graph.partition import SHARED, Bundle, _merge_attrs
from store import cypher
from store.neo4j_db import neo4j_properties

_SEP = "\x1f"
#: What separates a shared bundle's id from its chunk's number.
_CHUNK = "\x1e"
#: Rows per chunk of a shared bundle, about (see the module).
CHUNK_ROWS = 256

Rows = tuple[dict[str, str], dict[str, str]]


def bundle_id(partition: str, key: str) -> str:
    return partition + _SEP + key


def bundle_digest(bundle: Bundle) -> str:
    """The digest of a bundle's value (as :mod:`store.derived` makes it)."""
    data = marshal.dumps((bundle.nodes, bundle.edges), 0)
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _row_digest(attrs: dict[str, Any]) -> str:
    return hashlib.blake2b(marshal.dumps(attrs, 0), digest_size=8).hexdigest()


def rows_of(bundle: Bundle, types: Mapping[str, Any] | None = None) -> Rows:
    """What a bundle puts in Neo4j, each row with a digest of its value in the bundle:
    ``label<SEP>key`` per node, ``type<SEP>start label<SEP>end label<SEP>start<SEP>end``
    per relationship (the first of a type between two nodes, as the loader keeps it).
    ``types``: the label of every node the bundle's relationships end at, when the bundle
    (a chunk) does not hold them all."""
    if types is None:
        types = {k: d.get("type") for k, d in bundle.nodes}
    nodes = {
        f"{d.get('type')}{_SEP}{k}": _row_digest(d)
        for k, d in bundle.nodes
        if d.get("type") in cypher.NODE_LABELS
    }
    rels: dict[str, str] = {}
    for u, v, k, d in bundle.edges:
        name = d.get("type", k)
        su, sv = types.get(u), types.get(v)
        if name in cypher.REL_TYPES and su in cypher.NODE_LABELS and sv in cypher.NODE_LABELS:
            rels.setdefault(_SEP.join((name, su, sv, u, v)), _row_digest(d))
    return nodes, rels


def entry(bid: str, digest: str, rows: Rows) -> dict[str, Any]:
    nodes, rels = rows
    return {
        "id": bid,
        "digest": digest,
        "nodes": list(nodes),
        "node_digests": list(nodes.values()),
        "rels": list(rels),
        "rel_digests": list(rels.values()),
    }


def chunk_count(rows: int) -> int:
    """The number of chunks of a shared bundle of ``rows`` rows: a power of two.

    >>> chunk_count(0), chunk_count(256), chunk_count(257), chunk_count(67_000)
    (1, 1, 2, 512)
    """
    count = 1
    while count * CHUNK_ROWS < rows:
        count *= 2
    return count


def chunks(bundle: Bundle) -> list[Bundle]:
    """A shared bundle cut into :func:`chunk_count` chunks: a node goes by its key, a
    relationship by its start node's key."""
    count = chunk_count(len(bundle.nodes) + len(bundle.edges))
    pieces = [Bundle([], []) for _ in range(count)]
    for node in bundle.nodes:
        pieces[zlib.crc32(node[0].encode()) % count].nodes.append(node)
    for edge in bundle.edges:
        pieces[zlib.crc32(edge[0].encode()) % count].edges.append(edge)
    return pieces


def chunk_id(partition: str, number: int) -> str:
    return bundle_id(partition, SHARED) + _CHUNK + str(number)


def is_chunk(bid: str) -> bool:
    return _CHUNK in bid


def chunk_parent(bid: str) -> str:
    """The id of the shared bundle a chunk id is of."""
    return bid.split(_CHUNK, 1)[0]


def probes(
    counts: Mapping[str, int], nodes: Iterable[str], rels: Iterable[str]
) -> list[dict[str, Any]]:
    """The stored chunks that can hold the node rows ``nodes`` or the relationship rows
    ``rels`` (a node by its key's chunk, a relationship by its start key's), each with
    those rows: ``{id, part, nodes, rels}``, for the partitions of ``counts`` (partition ->
    the chunks of its shared bundle).

    >>> [p["id"].split(_SEP)[0] for p in probes({"A": 1, "B": 2}, ["Case" + _SEP + "c"], [])]
    ['A', 'B']
    """
    keyed = [(zlib.crc32(r.split(_SEP, 1)[1].encode()), r, "nodes") for r in nodes]
    keyed += [(zlib.crc32(r.split(_SEP, 4)[3].encode()), r, "rels") for r in rels]
    found: dict[str, dict[str, Any]] = {}
    for p, count in counts.items():
        for crc, row, kind in keyed:
            cid = chunk_id(p, crc % count)
            probe = found.get(cid)
            if probe is None:
                probe = found[cid] = {"id": cid, "part": p, "nodes": [], "rels": []}
            probe[kind].append(row)
    return list(found.values())


def changes(
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


def values(
    read: list[tuple[str, Bundle]], nodes: set[str], rels: set[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """The merged values (as :func:`graph.partition.merge_bundles` makes them) of the
    keys of ``nodes`` and the relationships ``rels``, from the ``read`` bundles."""
    keys = {row.split(_SEP, 1)[1] for row in nodes}
    ends = {tuple(row.split(_SEP)[3:]): row.split(_SEP, 1)[0] for row in rels}
    node_values: dict[str, dict[str, Any]] = {}
    rel_values: dict[str, dict[str, Any]] = {}
    for _, bundle in read:
        held = dict(bundle.nodes)  # a key is once in a bundle; its partition's one value
        for key in keys & held.keys():
            found = node_values.get(key)
            if found is None:
                node_values[key] = dict(held[key])
            else:
                _merge_attrs(found, held[key])
        if not ends:
            continue
        for u, v, k, attrs in bundle.edges:
            name = attrs.get("type", k)
            if ends.get((u, v)) == name:
                su, sv = held.get(u, {}).get("type"), held.get(v, {}).get("type")
                rel_values.setdefault(_SEP.join((name, str(su), str(sv), u, v)), attrs)
    return node_values, rel_values


Batch = tuple[str, Any, list[Any]]  # (what is done, label or group, rows)


def to_batches(
    node_values: dict[str, dict[str, Any]],
    rel_values: dict[str, dict[str, Any]],
    node_rows: set[str],
    rel_rows: set[str],
    lost_nodes: set[str],
    lost_rels: set[str],
    batch_size: int,
) -> list[Batch]:
    """Batches of at most ``batch_size`` rows of one label or group: the nodes and
    relationships of ``node_rows`` and ``rel_rows`` with their values, then the
    relationships and nodes to delete. A row without a value is held only by unchanged
    bundles: it is unchanged."""
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(node_rows):
        name, key = row.split(_SEP, 1)
        if key in node_values:
            props = neo4j_properties(node_values[key], drop=("type", cypher.KEY))
            props[cypher.KEY] = key
            by_label[name].append(props)
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(rel_rows):
        if row in rel_values:
            type_, su, sv, u, v = row.split(_SEP)
            props = neo4j_properties(rel_values[row], drop=("type",))
            groups[type_, su, sv].append({"start": u, "end": v, "props": props})
    gone_rels: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in sorted(lost_rels):
        type_, su, sv, u, v = row.split(_SEP)
        gone_rels[type_, su, sv].append({"start": u, "end": v})
    gone_nodes: dict[str, list[str]] = defaultdict(list)
    for row in sorted(lost_nodes):
        name, key = row.split(_SEP, 1)
        gone_nodes[name].append(key)
    batches: list[Batch] = []
    for kind, rows_by in (
        ("nodes", {n: by_label[n] for n in cypher.NODE_LABELS if n in by_label}),
        ("rels", dict(sorted(groups.items()))),
        ("delete rels", dict(sorted(gone_rels.items()))),
        ("delete nodes", {n: gone_nodes[n] for n in cypher.NODE_LABELS if n in gone_nodes}),
    ):
        for what, rows in rows_by.items():
            batches += [
                (kind, what, rows[at : at + batch_size]) for at in range(0, len(rows), batch_size)
            ]
    return batches
