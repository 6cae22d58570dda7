"""Small questions about the nodes of a view that selection, layout and tooltips all ask.

Edge keys are edge types (docs/schema.md), so the adjacency dicts answer "which
neighbours by this relation" without building networkx edge views, which dominate the
cost on large graphs.
"""

from __future__ import annotations

from functools import lru_cache

import networkx as nx

from core import schema
from core.text import slug
from graph.neighbours import sources


def node_type(G: nx.MultiDiGraph, n: str) -> str:
    """The ``type`` attribute of node ``n`` ("" when it has none)."""
    return str(G.nodes[n].get("type", ""))


@lru_cache(maxsize=4096)
def forum_slug(name: str) -> str:
    """:func:`core.text.slug`, cached: a view asks for the same few forum names again and again.

    >>> forum_slug("Strategisk Chefforum")
    'strategisk-chefforum'
    """
    return slug(name)


def matter_items(G: nx.MultiDiGraph, matter: str) -> list[str]:
    """The agenda items of ``matter``: its ``items`` list first, then any other ``PART_OF``."""
    items = [i for i in G.nodes[matter].get("items") or () if i in G]
    seen = set(items)
    items += sorted(i for i in sources(G, matter, schema.PART_OF) if i not in seen)
    return items
