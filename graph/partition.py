"""The graph of a store, derived per municipality and put together from the parts.

Minutes ingested with ``--municipality`` carry it as their *scope*: part of every meeting
and forum key, so that each municipality's *Byrådet* stays apart. Everything the derivation
learns is learned within one scope: the people registry that resolves short forms, the
routine titles and standing numbers of the linker, and the matters (a meeting an item names
is looked up in the item's own scope, and the linker's case numbers and blocking keys carry
the municipality, which is the scope when one was given). A store's documents therefore fall
into *partitions*, one per scope (:func:`partition_of`; the minutes ingested without one
form one partition), each derived on its own: adding a meeting re-derives only its
municipality's partition, and the graph of the store is the partitions merged
(:func:`merge_parts`) in the order of their names.

A partition travels as :class:`Part`: its nodes and edges as plain lists (what the store
keeps on disk and reads back without networkx). Nodes that several partitions share
(people, organisations, roles and case numbers are keyed by name, not by municipality) are
merged: the first partition's attributes stay, lists gain the later partitions' values,
and a documented meeting replaces a stub of the same key.

>>> import networkx as nx
>>> a, b = nx.MultiDiGraph(), nx.MultiDiGraph()
>>> a.add_node("person:x", type="Person", aliases=["X"], roles=[])
>>> b.add_node("person:x", type="Person", aliases=["X", "Xx"], roles=["Borgmester"])
>>> _ = b.add_edge("person:x", "meeting:b", key="ATTENDED", type="ATTENDED")
>>> G = merge_parts([part_of_graph(a), part_of_graph(b)])
>>> G.nodes["person:x"]["aliases"], G.nodes["person:x"]["roles"], G.number_of_edges()
(['X', 'Xx'], ['Borgmester'], 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from core.records import Document

#: The partition of the documents ingested without a municipality.
NO_MUNICIPALITY = ""


def partition_of(doc: Document) -> str:
    """The partition a document belongs to: the municipality it was ingested with (its
    meeting's scope), or :data:`NO_MUNICIPALITY`. A municipality the reader guessed from the
    text is not a partition: such minutes share their keys with every other unscoped one.

    >>> from core.records import Meeting, Source
    >>> src = Source("a.txt", "0" * 64, 1, 1)
    >>> def doc(**where): return Document("a.txt", "0" * 64,
    ...                                   Meeting("Byrådet", "2021-02-03", src, **where))
    >>> partition_of(doc(municipality="Greve", scope="Greve"))
    'Greve'
    >>> partition_of(doc(municipality="Greve"))  # guessed from the text
    ''
    """
    return doc.meeting.scope or NO_MUNICIPALITY


Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, str, dict[str, Any]]


@dataclass(frozen=True)
class Part:
    """The derived graph of one partition as lists: nodes ``(key, attrs)`` and edges
    ``(u, v, key, attrs)`` in the graph's own order."""

    nodes: list[Node]
    edges: list[Edge]


def part_of_graph(G: nx.MultiDiGraph) -> Part:
    """``G`` as a :class:`Part` (the attribute dicts are shared, not copied)."""
    return Part(list(G.nodes(data=True)), list(G.edges(keys=True, data=True)))


def _merge_attrs(old: dict[str, Any], new: dict[str, Any]) -> None:
    if old.get("documented") is False and new.get("documented") is True:
        old.clear()
        old.update(new)
        return
    for name, value in new.items():
        if name not in old:
            old[name] = value
        elif isinstance(value, list) and isinstance(old[name], list):
            old[name] = old[name] + [v for v in value if v not in old[name]]


def merge_parts(parts: Iterable[Part]) -> nx.MultiDiGraph:
    """One graph of ``parts``, in their order (see the module).

    The graph is built anew from the lists, so the same parts give the same graph
    (node and edge order included) whether they were just derived or read back.
    """
    G = nx.MultiDiGraph()
    nodes = G._node  # the documented mapping behind G.nodes, without a view per call
    for part in parts:
        for key, attrs in part.nodes:
            found = nodes.get(key)
            if found is None:
                G.add_node(key, **attrs)
            else:
                _merge_attrs(found, attrs)
        for u, v, k, attrs in part.edges:
            if not G.has_edge(u, v, k):
                G.add_edge(u, v, key=k, **attrs)
    return G


__all__ = ["NO_MUNICIPALITY", "Part", "merge_parts", "part_of_graph", "partition_of"]
