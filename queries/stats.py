"""Counts of nodes and edges by type.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", type="Forum"); G.add_node("b", type="Meeting")
>>> G.add_edge("b", "a", key="OF_FORUM", type="OF_FORUM")
'OF_FORUM'
>>> stats(G).to_dict()
{'nodes': {'Forum': 1, 'Meeting': 1}, 'edges': {'OF_FORUM': 1}}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import networkx as nx

from queries.results import Result


@dataclass(frozen=True, kw_only=True)
class Stats(Result):
    """How many nodes of each type and edges of each type, sorted by name."""

    nodes: dict[str, int]
    edges: dict[str, int]


def stats(G: nx.MultiDiGraph) -> Stats:
    """Node counts per type and edge counts per type, sorted by name."""
    nodes = Counter(d.get("type", "?") for _, d in G.nodes(data=True))
    edges = Counter(k for _, _, k in G.edges(keys=True))
    return Stats(nodes=dict(sorted(nodes.items())), edges=dict(sorted(edges.items())))


def format_stats(result: Stats) -> str:
    """The counts as two aligned lists."""
    lines = ["nodes:"]
    lines += [f"  {k:<16} {v:>8}" for k, v in result.nodes.items()]
    lines.append("edges:")
    lines += [f"  {k:<16} {v:>8}" for k, v in result.edges.items()]
    return "\n".join(lines)
