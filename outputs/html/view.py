"""A view: the nodes and edges of one page, positioned, coloured and with their tooltips.

Colour is the forum, shape the node type, edge labels the relation. The view holds
plain lists and dicts, ready to be written into the page as JSON.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
>>> view = build_view(G, G.nodes, max_nodes=10)
>>> [(n["label"], n["color"]) for n in view.nodes], view.forums
([('2021-01-07', '#4e79a7')], [('A', '#4e79a7')])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from core import schema
from core.errors import QueryError
from graph.neighbours import sources, targets
from outputs.html.layout import Layout
from outputs.html.nodes import forum_slug, node_type
from outputs.html.select import cap_nodes, left_out_note
from outputs.html.style import DERIVED, FORUM_TYPES, NEUTRAL, OTHER_COLOUR, PALETTE, RANK
from outputs.html.tooltips import edge_tip, label, tip

__all__ = ["View", "build_view"]


@dataclass(frozen=True)
class View:
    nodes: list[dict[str, Any]]
    edges: list[list[Any]]
    columns: list[tuple[float, str]]
    lanes: list[tuple[float, float, str, str]]
    forums: list[tuple[str, str]]
    types: list[str]
    edge_types: list[tuple[str, bool]]
    left_out: tuple[tuple[str, int], ...]
    note: str


def build_view(G: nx.MultiDiGraph, nodes: Iterable[str], max_nodes: int, note: str = "") -> View:
    """The view of ``nodes`` (at most ``max_nodes``, see :func:`cap_nodes`) and the edges between.

    ``note`` is put before what the cap left out, in the view's note.
    """
    if max_nodes < 1:
        raise QueryError(f"--max-nodes must be at least 1, not {max_nodes}")
    chosen, dropped, since = cap_nodes(G, nodes, max_nodes)
    layout = Layout(G, chosen)
    layout.place()
    # A forum keeps its colour in every view of the same graph: rank it among all forums.
    ranks = {f: i for i, f in enumerate(_all_forums(G, layout.lanes))}
    lane_colour = {f: PALETTE[ranks[f] % len(PALETTE)] for f in layout.lanes}
    out_nodes = [_node(G, n, layout.pos.get(n, (0.0, 0.0)), lane_colour) for n in chosen]
    edges = _edges(G, chosen)
    types = sorted({str(n["group"]) for n in out_nodes}, key=lambda t: (RANK.get(t, 99), t))
    notes = [s for s in (note, left_out_note(dropped, since)) if s]
    if dropped:
        notes.append(f"the view is capped at {max_nodes:,} nodes")
    return View(
        nodes=out_nodes,
        edges=edges,
        columns=layout.columns,
        lanes=[
            (layout.lane_y[f][0], layout.lane_y[f][1], layout.forum_names[f], lane_colour[f])
            for f in layout.lanes
        ],
        forums=[(layout.forum_names[f], lane_colour[f]) for f in layout.lanes],
        types=types,
        edge_types=sorted({(str(e[2]), bool(e[3])) for e in edges}),
        left_out=tuple(sorted(dropped.items())),
        note="; ".join(notes),
    )


def _node(
    G: nx.MultiDiGraph, n: str, xy: tuple[float, float], lane_colour: dict[str, str]
) -> dict[str, Any]:
    d = G.nodes[n]
    t = d.get("type")
    if t in FORUM_TYPES:
        name = d.get("name") if t == schema.FORUM else d.get("forum")
        colour = lane_colour.get(forum_slug(str(name or "")), OTHER_COLOUR)
    else:
        colour = NEUTRAL.get(str(t), OTHER_COLOUR)
    node: dict[str, Any] = {
        "id": n,
        "label": label(G, n),
        "group": str(t or "Other"),
        "x": round(xy[0], 1),
        "y": round(xy[1], 1),
        "color": colour,
        "tip": tip(G, n),
    }
    if t == schema.MEETING and not d.get("documented", True):
        node["stub"] = 1
    return node


def _edges(G: nx.MultiDiGraph, chosen: list[str]) -> list[list[Any]]:
    """Each edge: [from, to, relation, derived, index among the edges of its node pair (the
    page curves the second and later ones apart), tooltip rows]."""
    sel = set(chosen)
    edges: list[list[Any]] = []
    succ = G.succ
    for u in chosen:
        for v, keyed in succ[u].items():
            if v not in sel:
                continue
            # Edges v -> u come first in their pair when v sorts first.
            offset = len(succ[v].get(u, ())) if v < u else 0
            for i, (k, d) in enumerate(keyed.items()):
                kind = str(d.get("type") or k)
                edges.append([u, v, kind, 0, offset + i, edge_tip(kind, d)])
    derived_pairs: Counter[tuple[str, str]] = Counter()
    for u, v, kind, rows in _derived_edges(G, chosen, sel):
        derived_pairs[(u, v)] += 1
        edges.append([u, v, kind, 1, derived_pairs[(u, v)] - 1, rows])
    return edges


def _all_forums(G: nx.MultiDiGraph, lanes: list[str]) -> list[str]:
    """Slugs of every forum of ``G`` (and of the view's lanes), in a stable order."""
    names = {
        forum_slug(str(d.get("name") or n))
        for n, d in G.nodes(data=True)
        if d.get("type") == schema.FORUM
    }
    return sorted(names | set(lanes))


def _derived_edges(
    G: nx.MultiDiGraph, chosen: list[str], sel: set[str]
) -> Iterator[tuple[str, str, str, list[list[str]]]]:
    """Edges through agenda items the view left out, so matters still show their path."""
    seen: set[tuple[str, str, str]] = set()
    for n in chosen:
        t = node_type(G, n)
        if t == schema.MATTER:
            for item in sources(G, n, schema.PART_OF):
                meeting = G.nodes[item].get("meeting")
                if item not in sel and meeting in sel and (meeting, n, "ON_AGENDA") not in seen:
                    seen.add((meeting, n, "ON_AGENDA"))
                    d = G.nodes[item]
                    rows = [
                        ["meaning", DERIVED["ON_AGENDA"]],
                        ["item", f"Punkt {d.get('number')}: {d.get('title') or ''}"],
                    ]
                    yield meeting, n, "ON_AGENDA", rows
        elif t == schema.MEETING:
            for item in targets(G, n, schema.HAS_ITEM):
                if item in sel:
                    continue
                if not any(m in sel for m in targets(G, item, schema.PART_OF)):
                    continue  # another matter's step: not what this view is about
                for later in targets(G, item, schema.CONTINUES):
                    target = G.nodes[later].get("meeting")
                    if later in sel or target not in sel or target == n:
                        continue
                    if (n, target, schema.CONTINUES) not in seen:
                        seen.add((n, target, schema.CONTINUES))
                        rows = [
                            ["meaning", DERIVED[schema.CONTINUES]],
                            ["from", str(G.nodes[item].get("title") or item)],
                            ["to", str(G.nodes[later].get("title") or later)],
                        ]
                        yield n, target, schema.CONTINUES, rows
