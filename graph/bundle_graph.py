"""A small directed multigraph for the bundles a question reads, without networkx.

``casegraph case``, ``attended``, ``person`` and ``meetings`` answer from a few bundles of
the saved graph (:func:`graph.partition.merge_bundles`). Importing networkx costs a cold
process more (0.12 s of processor time) than reading those bundles, so the bundles are
merged into a :class:`BundleGraph`: the part of ``networkx.MultiDiGraph``'s interface the
questions read (``G.nodes[key]``, ``G.nodes(data=True)``, ``key in G``, ``G.in_edges`` and
``G.out_edges`` with ``keys`` and ``data``, ``G.succ``, ``G.pred``, ``G.has_edge``), kept
in the same mappings (``_node``, ``_succ``, ``_pred``) in the same order, so that a
question gives the same answer on either (``tests/test_bundle_graph.py``).

>>> G = BundleGraph()
>>> G.add_node("person:x", type="Person")
>>> G.add_edge("person:x", "meeting:a", key="ATTENDED", role="member")
'ATTENDED'
>>> list(G.nodes), G.nodes["person:x"], "meeting:a" in G
(['person:x', 'meeting:a'], {'type': 'Person'}, True)
>>> list(G.in_edges("meeting:a", keys=True, data=True))
[('person:x', 'meeting:a', 'ATTENDED', {'role': 'member'})]
>>> G.has_edge("person:x", "meeting:a", "ATTENDED"), G.number_of_edges()
(True, 1)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Attrs = dict[str, Any]


class NodeView:
    """``G.nodes``: subscript for a node's attributes, call for ``(key, attrs)`` pairs."""

    def __init__(self, nodes: dict[str, Attrs]) -> None:
        self._nodes = nodes

    def __getitem__(self, key: str) -> Attrs:
        return self._nodes[key]

    def __contains__(self, key: object) -> bool:
        return key in self._nodes

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __call__(self, data: bool = False) -> Iterator[Any]:
        return iter(self._nodes.items()) if data else iter(self._nodes)

    def items(self) -> Iterator[tuple[str, Attrs]]:
        return iter(self._nodes.items())


class BundleGraph:
    """A directed multigraph with string node keys and edge keys (see the module)."""

    def __init__(self) -> None:
        self._node: dict[str, Attrs] = {}
        self._succ: dict[str, dict[str, dict[str, Attrs]]] = {}
        self._pred: dict[str, dict[str, dict[str, Attrs]]] = {}
        self.graph: Attrs = {}

    @property
    def nodes(self) -> NodeView:
        return NodeView(self._node)

    @property
    def succ(self) -> dict[str, dict[str, dict[str, Attrs]]]:
        """Node -> successor -> edge key -> attributes (``networkx``'s ``G.succ``)."""
        return self._succ

    @property
    def pred(self) -> dict[str, dict[str, dict[str, Attrs]]]:
        """Node -> predecessor -> edge key -> attributes (``networkx``'s ``G.pred``)."""
        return self._pred

    def __contains__(self, key: object) -> bool:
        return key in self._node

    def __iter__(self) -> Iterator[str]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def add_node(self, key: str, **attrs: Any) -> None:
        """Add ``key`` with ``attrs`` (a copy), or update its attributes."""
        if key in self._node:
            self._node[key].update(attrs)
            return
        self._node[key] = attrs  # a new dict: the keyword arguments
        self._succ[key] = {}
        self._pred[key] = {}

    def add_edge(self, u: str, v: str, key: str, **attrs: Any) -> str:
        """Add the edge ``key`` from ``u`` to ``v`` (adding the nodes as networkx does), or
        update its attributes; returns ``key``."""
        for end in (u, v):
            if end not in self._node:
                self.add_node(end)
        keys = self._succ[u].get(v)
        if keys is None:
            keys = self._succ[u][v] = {}
            self._pred[v][u] = keys
        keys.setdefault(key, {}).update(attrs)
        return key

    def has_edge(self, u: str, v: str, key: str | None = None) -> bool:
        keys = self._succ.get(u, {}).get(v)
        return keys is not None and (key is None or key in keys)

    def number_of_nodes(self) -> int:
        return len(self._node)

    def number_of_edges(self) -> int:
        return sum(len(keys) for nbrs in self._succ.values() for keys in nbrs.values())

    def out_edges(self, node: str, keys: bool = False, data: bool = False) -> Iterator[Any]:
        """The edges from ``node``, as ``networkx.MultiDiGraph.out_edges(node, ...)``."""
        for v, by_key in self._succ.get(node, {}).items():
            for k, d in by_key.items():
                yield _edge(node, v, k, d, keys, data)

    def in_edges(self, node: str, keys: bool = False, data: bool = False) -> Iterator[Any]:
        """The edges into ``node``, as ``networkx.MultiDiGraph.in_edges(node, ...)``."""
        for u, by_key in self._pred.get(node, {}).items():
            for k, d in by_key.items():
                yield _edge(u, node, k, d, keys, data)

    def edges(self, keys: bool = False, data: bool = False) -> Iterator[Any]:
        """Every edge, in the order of networkx's ``G.edges(keys=..., data=...)``."""
        for u in self._succ:
            yield from self.out_edges(u, keys, data)


def _edge(u: str, v: str, k: str, d: Attrs, keys: bool, data: bool) -> tuple[Any, ...]:
    if keys:
        return (u, v, k, d) if data else (u, v, k)
    return (u, v, d) if data else (u, v)


__all__ = ["BundleGraph", "NodeView"]
