"""Which matter a query names: a key taken as it is, anything else through the case question.

The answer to words or a case number is the best match of
:func:`queries.timeline.case_timeline`, so the page and ``casegraph case`` agree.
"""

from __future__ import annotations

import networkx as nx

from core import schema
from core.errors import NoMatchError
from graph.neighbours import sources, targets
from outputs.html.nodes import node_type
from queries.timeline import case_timeline

__all__ = ["matter_title", "resolve_matter"]


def resolve_matter(G: nx.MultiDiGraph, query: str) -> str:
    """The key of the matter that best answers ``query``.

    A matter, item or case key is taken as it is; anything else (a case number such as
    ``S2020-57031``, or words) goes to ``queries.timeline.case_timeline``, whose best
    match is the answer.

    Raises
    ------
    core.errors.NoMatchError
        When nothing matches (with the closest titles, when there are any).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("matter:a:2021-01-07:4", type="Matter", label="Regningsbetaling")
    >>> resolve_matter(G, "matter:a:2021-01-07:4")
    'matter:a:2021-01-07:4'
    """
    q = query.strip()
    if q in G and node_type(G, q) in (schema.MATTER, schema.AGENDA_ITEM, schema.CASE):
        return _matter_of_node(G, q)
    matters = case_timeline(G, q, limit=1).matters
    if not matters:
        raise NoMatchError(f"no matter matches {query!r}")
    return matters[0].id


def _matter_of_node(G: nx.MultiDiGraph, key: str) -> str:
    t = node_type(G, key)
    if t == schema.MATTER:
        return key
    items = [key] if t == schema.AGENDA_ITEM else list(sources(G, key, schema.ABOUT_CASE))
    matters = [m for i in items for m in targets(G, i, schema.PART_OF)]
    if matters:
        # The matter with the most steps tells the fullest story.
        return max(matters, key=lambda m: (len(G.nodes[m].get("items") or ()), m))
    if items:
        return max(items, key=lambda i: (str(G.nodes[i].get("date") or ""), i))
    raise NoMatchError(f"{key!r} has no agenda item in the graph")


def matter_title(G: nx.MultiDiGraph, matter: str) -> str:
    """The page title for ``matter`` (or for a lone agenda item)."""
    d = G.nodes[matter]
    if d.get("type") == schema.AGENDA_ITEM:
        return f"{d.get('forum')} {d.get('date')}, Punkt {d.get('number')}: {d.get('title') or ''}"
    return str(d.get("label") or matter)
