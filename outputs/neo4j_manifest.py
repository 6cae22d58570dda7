"""The load manifest: which parts of the graph Neo4j holds, by digest, so a reload sends
only the parts that changed.

Each label's nodes are cut into key ranges of about :data:`RANGE_ROWS` rows, a node and
the relationships that start at it (in the order of the keys as strings). A range's digest
covers its nodes' properties and the relationships that start at them. After every
complete load the manifest -- per label the ranges' lower bounds and digests, and how many
nodes and relationships Neo4j held -- is stored in Neo4j itself,
in nodes labelled ``CasegraphManifest``.

A later load computes the digests of the graph it is given over the same ranges. Only a
range whose digest differs is read back from Neo4j (its nodes and their relationships,
with their ``_hash``) and brought up to date: new and changed rows written, rows Neo4j
holds in that range but the graph no longer has deleted. One new meeting changes a few
dozen ranges (its own items, its cases, the people who attended, the matters it joins), so
the reload compares and sends rows in proportion to the meeting, not to the store.

A digest is computed without building rows: the node's attributes and adjacency are
pickled (no memo, so the bytes depend only on the values and their order) and hashed. An
attribute order that differs between two builds of the same graph only makes a range
look changed, and the row-by-row ``_hash`` comparison then finds nothing to write.

The manifest is trusted only while Neo4j's counts of nodes per label and relationships
per type are what it recorded; anything else (a load interrupted half-way, a manual
write) makes the loader compare everything once, as a first load.

>>> bounds = plan_bounds(["a", "b", "c", "d", "e"], size=2)
>>> bounds
['', 'c', 'e']
>>> [list(r) for r in split(["a", "b", "c", "d", "e", "f"], bounds)]
[['a', 'b'], ['c', 'd'], ['e', 'f']]
"""

from __future__ import annotations

import hashlib
import io
import pickle
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import neo4j
import networkx as nx

from core.memory import gc_paused
from store import cypher, cypher_bundles

#: Rows (a node and the relationships that start at it) per key range when ranges are cut
#: (a range that grows past twice this is cut again when it changes).
RANGE_ROWS = 64
#: The digest scheme: a manifest written by another scheme is not used.
SCHEME = 1
#: The manifest entry that holds the relationship counts (labels are never empty).
RELATIONSHIPS = ""


def plan_bounds(
    keys: Sequence[str], size: int = RANGE_ROWS, weights: Sequence[int] | None = None
) -> list[str]:
    """Lower bounds of ranges of about ``size`` rows over sorted ``keys``, a key counting
    as its weight (default 1); the first bound is ``""``.

    >>> plan_bounds([], 2), plan_bounds(["x"], 2), plan_bounds("abcd", 3, [1, 5, 1, 1])
    ([''], [''], ['', 'b', 'c'])
    """
    bounds = [""]
    load = 0
    for i, key in enumerate(keys):
        weight = 1 if weights is None else weights[i]
        if load and load + weight > size:
            bounds.append(key)
            load = 0
        load += weight
    return bounds


def weights(G: nx.MultiDiGraph, keys: Sequence[str]) -> list[int]:
    """Rows per node: itself and the relationships that start at it."""
    adjacency = G._adj
    return [1 + sum(map(len, adjacency[k].values())) for k in keys]


def split(keys: Sequence[str], bounds: Sequence[str]) -> list[Sequence[str]]:
    """Sorted ``keys`` cut at ``bounds`` (sorted, the first ``""``): one slice per range."""
    cuts = [bisect_left(keys, b) for b in bounds[1:]]
    starts = [0, *cuts]
    ends = [*cuts, len(keys)]
    return [keys[a:b] for a, b in zip(starts, ends, strict=True)]


def range_digest(G: nx.MultiDiGraph, keys: Iterable[Any]) -> str:
    """The digest of the nodes ``keys`` of ``G`` with the edges that start at them.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", type="Forum", name="A")
    >>> before = range_digest(G, ["a"])
    >>> G.nodes["a"]["name"] = "B"
    >>> before == range_digest(G, ["a"]), before == range_digest(G, [])
    (False, False)
    """
    nodes, adjacency = G._node, G._adj
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: equal values give equal bytes, shared or not
    pickler.dump([(k, nodes[k], adjacency[k]) for k in keys])
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).hexdigest()


@dataclass
class LabelRanges:
    """One label's ranges: lower bounds, the digests Neo4j's content had (``""``:
    unknown), and the graph's keys and digests over the same ranges."""

    name: str
    bounds: list[str]
    stored: list[str]
    keys: list[Sequence[str]] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)

    def changed(self) -> list[int]:
        """Indexes of the ranges whose digest is not the stored one."""
        return [i for i, (a, b) in enumerate(zip(self.digests, self.stored, strict=True)) if a != b]

    def resplit(self, G: nx.MultiDiGraph, size: int = RANGE_ROWS) -> None:
        """Cut every changed range that has grown past twice ``size`` rows."""
        bounds: list[str] = []
        keys: list[Sequence[str]] = []
        digests: list[str] = []
        for i, part in enumerate(self.keys):
            unchanged = self.digests[i] == self.stored[i]
            # Only a changed range is weighed (weighing them all cost seconds at 1M rows).
            big = not unchanged and len(part) > 1
            cuts = plan_bounds(part, size, weights(G, part)) if big else [""]
            if len(cuts) <= 2:
                bounds.append(self.bounds[i])
                keys.append(part)
                digests.append(self.digests[i])
                continue
            for n, sub in enumerate(split(part, cuts)):
                bounds.append(self.bounds[i] if n == 0 else cuts[n])
                keys.append(sub)
                digests.append(range_digest(G, sub))
        self.bounds, self.keys, self.digests = bounds, keys, digests
        self.stored = list(digests)


@dataclass
class Manifest:
    """What the manifest in Neo4j says: ranges per label and the recorded counts."""

    labels: dict[str, LabelRanges]
    node_counts: dict[str, int]
    rel_counts: dict[str, int]


def sorted_keys(keys: Iterable[Any]) -> list[str]:
    """Node ids as the strings Neo4j holds, sorted (the order of the ranges)."""
    return sorted(str(k) for k in keys)


def ranges_of(
    G: nx.MultiDiGraph, name: str, keys: list[str], bounds: list[str], stored: list[str]
) -> LabelRanges:
    """The ranges of one label with the graph's keys and digests (``keys`` sorted)."""
    ranges = LabelRanges(name, bounds, stored)
    ranges.keys = split(keys, bounds)
    ranges.digests = [range_digest(G, part) for part in ranges.keys]
    return ranges


def read(tx: neo4j.ManagedTransaction) -> Manifest | None:
    """The manifest Neo4j holds, or None when it has none (or one of another scheme)."""
    entries = [dict(r["entry"]) for r in tx.run(cypher.read_manifest())]
    if not entries or any(e.get("scheme") != SCHEME for e in entries):
        return None
    labels: dict[str, LabelRanges] = {}
    node_counts: dict[str, int] = {}
    rel_counts: dict[str, int] = {}
    for e in entries:
        if e["name"] == RELATIONSHIPS:
            rel_counts = dict(zip(e["types"], e["counts"], strict=True))
        else:
            labels[e["name"]] = LabelRanges(e["name"], list(e["bounds"]), list(e["digests"]))
            node_counts[e["name"]] = int(e["count"])
    return Manifest(labels, node_counts, rel_counts)


def counts(tx: neo4j.ManagedTransaction) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes per casegraph label and relationships per casegraph type, as Neo4j holds them
    (from its count store: no scan; one query)."""
    found = tx.run(cypher_bundles.count_all()).single(strict=True)
    nodes = dict(zip(cypher.NODE_LABELS, map(int, found["nodes"]), strict=True))
    rels = dict(zip(cypher.REL_TYPES, map(int, found["rels"]), strict=True))
    return nodes, rels


def write(tx: neo4j.ManagedTransaction, labels: Iterable[LabelRanges]) -> None:
    """Store ``labels``' ranges with their digests (``""`` for a range not yet loaded) and
    the counts Neo4j holds now, replacing the manifest."""
    nodes, rels = counts(tx)
    entries: list[dict[str, Any]] = [
        {
            "name": r.name,
            "scheme": SCHEME,
            "bounds": r.bounds,
            "digests": r.stored,
            "count": nodes[r.name],
        }
        for r in labels
    ]
    entries.append(
        {
            "name": RELATIONSHIPS,
            "scheme": SCHEME,
            "types": list(rels),
            "counts": list(rels.values()),
        }
    )
    tx.run(cypher.write_manifest(), entries=entries).consume()


def drop(tx: neo4j.ManagedTransaction) -> None:
    tx.run(cypher.drop_manifest()).consume()


def drop_bundles(tx: neo4j.ManagedTransaction) -> None:
    """Drop the bundle manifest (:mod:`outputs.neo4j_bundles`): a load of a graph may
    write another one than the bundles it names."""
    tx.run(cypher.drop_bundle_manifest()).consume()


def fresh(G: nx.MultiDiGraph, keys_by_label: dict[str, list[Any]]) -> list[LabelRanges]:
    """Ranges cut anew for every label, with the graph's digests as the stored ones (after
    a load that compared everything)."""
    labels = []
    with gc_paused():  # a list or tuple per range and node: 0.84 -> 0.03 CPU-s at 1.29M rows
        for name, keys in keys_by_label.items():
            ordered = sorted_keys(keys)
            bounds = plan_bounds(ordered, weights=weights(G, ordered))
            ranges = ranges_of(G, name, ordered, bounds, [])
            ranges.stored = list(ranges.digests)
            labels.append(ranges)
    return labels
