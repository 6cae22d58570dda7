"""Small questions about the nodes of a view that selection, layout and tooltips all ask.

Edge keys are edge types (docs/schema.md), so the adjacency dicts answer "which
neighbours by this relation" without building networkx edge views, which dominate the
cost on large graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx

from core import schema
from core.text import slug
from graph.neighbours import sources, targets


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


#: ``G.graph[WHOLE]``: the :class:`WholeGraph` facts of the graph ``G`` is part of.
WHOLE = "whole_graph"


@dataclass(frozen=True)
class WholeGraph:
    """What a page shows of the whole graph when it is drawn from a part of it (the few
    meetings one matter needs, :mod:`casegraph.viz`): how many meetings each person attended,
    how many meetings each forum has, how many items carry each case, and every forum's name
    (each forum keeps its colour whichever page draws it)."""

    attended: dict[str, int] = field(default_factory=dict)
    forum_meetings: dict[str, int] = field(default_factory=dict)
    case_items: dict[str, int] = field(default_factory=dict)
    forums: tuple[str, ...] = ()


def whole_graph(G: nx.MultiDiGraph) -> WholeGraph | None:
    """The facts of the whole graph ``G`` is part of; None when ``G`` is the whole graph."""
    found = G.graph.get(WHOLE)
    return found if isinstance(found, WholeGraph) else None


def attended_count(G: nx.MultiDiGraph, person: str) -> int:
    """How many meetings ``person`` attended (in the whole graph).

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("person:x", "meeting:a:2021-01-07", key="ATTENDED")
    >>> attended_count(G, "person:x")
    1
    >>> G.graph[WHOLE] = WholeGraph(attended={"person:x": 40})
    >>> attended_count(G, "person:x")
    40
    """
    whole = whole_graph(G)
    if whole is not None:
        return whole.attended.get(person, 0)
    return sum(1 for _ in targets(G, person, schema.ATTENDED))


def forum_meeting_count(G: nx.MultiDiGraph, forum: str) -> int:
    """How many meetings (documented or referred to) ``forum`` has (in the whole graph)."""
    whole = whole_graph(G)
    if whole is not None:
        return whole.forum_meetings.get(forum, 0)
    return sum(1 for _ in sources(G, forum, schema.OF_FORUM))


def case_item_count(G: nx.MultiDiGraph, case: str) -> int:
    """How many agenda items carry ``case`` (in the whole graph)."""
    whole = whole_graph(G)
    if whole is not None:
        return whole.case_items.get(case, 0)
    return sum(1 for _ in sources(G, case, schema.ABOUT_CASE))


def forum_names(G: nx.MultiDiGraph) -> Iterable[str]:
    """The name of every forum (of the whole graph)."""
    whole = whole_graph(G)
    if whole is not None:
        return whole.forums
    return (str(d.get("name") or n) for n, d in G.nodes(data=True) if d.get("type") == schema.FORUM)
