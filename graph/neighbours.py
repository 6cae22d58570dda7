"""Walk the graph by relationship type: the neighbours one edge type away.

The MultiDiGraph's edge key is the relationship type (docs/schema.md), so a neighbour is found
by looking at the keys, without reading edge attributes.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edge("m", "i1", key="HAS_ITEM")
'HAS_ITEM'
>>> G.add_edge("m", "f", key="OF_FORUM")
'OF_FORUM'
>>> list(targets(G, "m", "HAS_ITEM")), list(sources(G, "f", "OF_FORUM"))
(['i1'], ['m'])
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


def targets(G: nx.MultiDiGraph, node: str, *types: str) -> Iterator[str]:
    """Nodes that ``node`` has an edge of one of ``types`` to, in insertion order."""
    for v, keys in G.succ[node].items():
        for k in keys:
            if k in types:
                yield v


def sources(G: nx.MultiDiGraph, node: str, *types: str) -> Iterator[str]:
    """Nodes that have an edge of one of ``types`` to ``node``, in key order.

    Not in insertion order: edges into a node come from many documents, so that order
    follows the order of ingest, and the graph cache (which stores edges by their source
    node) does not keep it.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for person in ("person:b", "person:a"):
    ...     _ = G.add_edge(person, "meeting:m", key="ATTENDED")
    >>> list(sources(G, "meeting:m", "ATTENDED"))
    ['person:a', 'person:b']
    """
    pred = G.pred[node]
    for u in sorted(pred):
        for k in pred[u]:
            if k in types:
                yield u
