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
from dataclasses import dataclass, field
from textwrap import wrap
from typing import Any

import networkx as nx

from core import schema
from core.errors import QueryError
from graph.neighbours import sources, targets
from outputs.html.layers import edge_layer, node_layer
from outputs.html.layout import Layout
from outputs.html.nodes import forum_names, forum_slug, node_type
from outputs.html.path import PathStep, matter_path
from outputs.html.path_layout import LABEL_LINE_CHARS, STRIP, PathLayout
from outputs.html.select import cap_nodes, left_out_note
from outputs.html.style import (
    DERIVED,
    FORUM_TYPES,
    NEUTRAL,
    OTHER_COLOUR,
    PALETTE,
    PATH,
    PEOPLE,
    RANK,
)
from outputs.html.tooltips import edge_tip, label, path_label, tip

__all__ = ["View", "build_view"]


@dataclass(frozen=True)
class View:
    """The nodes and edges of one page (see :func:`build_view`).

    Each node is a dict: ``id``, ``label``, ``group`` (its type), ``x``, ``y``, ``color``,
    ``tip`` (tooltip rows) and ``layer``; in a matter view, a node of the path or the
    people also has ``px``, ``py`` and ``plabel``, its place and label in the compact
    path layout (``path``); ``deciding`` marks the step that decided the matter. Each edge
    is ``[from, to, relation, derived, index among the edges of its node pair, tooltip
    rows, layer]``.
    """

    nodes: list[dict[str, Any]]
    edges: list[list[Any]]
    columns: list[tuple[float, str]]
    lanes: list[tuple[float, float, str, str]]
    forums: list[tuple[str, str]]
    types: list[str]
    edge_types: list[tuple[str, bool]]
    left_out: tuple[tuple[str, int], ...]
    note: str
    matter: str | None = None
    steps: tuple[PathStep, ...] = ()
    path: dict[str, Any] | None = None
    layers: dict[str, int] = field(default_factory=dict)


def build_view(
    G: nx.MultiDiGraph,
    nodes: Iterable[str],
    max_nodes: int,
    note: str = "",
    *,
    matter: str | None = None,
) -> View:
    """The view of ``nodes`` (at most ``max_nodes``, see :func:`cap_nodes`) and the edges between.

    ``note`` is put before what the cap left out, in the view's note. With ``matter``
    (the key of the matter the view is about), the view also holds the matter's path:
    its steps, the deciding one, and the compact layout the page opens with.
    """
    if max_nodes < 1:
        raise QueryError(f"--max-nodes must be at least 1, not {max_nodes}")
    # Key order, whatever order (or set) the nodes come in: the same nodes, the same page.
    chosen, dropped, since = cap_nodes(G, sorted(nodes), max_nodes)
    layout = Layout(G, chosen)
    layout.place()
    layer = {n: node_layer(G, n, matter) for n in chosen}
    steps = (
        tuple(matter_path(G, matter))
        if matter and G.nodes[matter].get("type") == schema.MATTER
        else ()
    )
    deciding = {s.node for s in steps if s.deciding}
    path = _path_layout(G, chosen, layer, matter, deciding) if matter else None
    lanes = list(layout.lanes) + [f for f in (path.lanes if path else ()) if f not in layout.lane_y]
    names = {**layout.forum_names, **(path.forum_names if path else {})}
    lane_colour = _lane_colours(G, lanes)
    out_nodes = [_node(G, n, layout.pos.get(n, (0.0, 0.0)), lane_colour) for n in chosen]
    for node in out_nodes:
        node["layer"] = layer[node["id"]]
        if node["id"] in deciding:
            node["deciding"] = 1
        if path and node["id"] in path.pos:
            px, py = path.pos[node["id"]]
            node["px"], node["py"] = round(px, 1), round(py, 1)
            node["plabel"] = _path_label(G, node["id"], path, matter, deciding)
    edges = _edges(G, chosen, layer, matter)
    types = sorted({str(n["group"]) for n in out_nodes}, key=lambda t: (RANK.get(t, 99), t))
    notes = [s for s in (note, left_out_note(dropped, since)) if s]
    if dropped:
        notes.append(f"the view is capped at {max_nodes:,} nodes")
    return View(
        nodes=out_nodes,
        edges=edges,
        columns=layout.columns,
        lanes=_lanes(layout.lanes, layout.lane_y, names, lane_colour),
        forums=[(names[f], lane_colour[f]) for f in lanes],
        types=types,
        edge_types=sorted({(str(e[2]), bool(e[3])) for e in edges}),
        left_out=tuple(sorted(dropped.items())),
        note="; ".join(notes),
        matter=matter,
        steps=steps,
        path={
            "lanes": _lanes(path.lanes, path.lane_y, names, lane_colour),
            "columns": path.columns,
            "pad": 0,
            "room": STRIP,
        }
        if path
        else None,
        layers=dict(Counter(layer.values())),
    )


def _lanes(
    order: list[str],
    lane_y: dict[str, tuple[float, float]],
    names: dict[str, str],
    colour: dict[str, str],
) -> list[tuple[float, float, str, str]]:
    return [(lane_y[f][0], lane_y[f][1], names[f], colour[f]) for f in order if f in lane_y]


def _path_layout(
    G: nx.MultiDiGraph,
    chosen: list[str],
    layer: dict[str, str],
    matter: str | None,
    deciding: set[str],
) -> PathLayout:
    """The compact layout of the path and the people (see :mod:`outputs.html.path_layout`)."""
    members = [n for n in chosen if layer[n] in (PATH, PEOPLE)]
    # A meeting is drawn beside its steps; one that only an item refers to is a detail.
    with_steps = {
        G.nodes[n].get("meeting") for n in members if node_type(G, n) == schema.AGENDA_ITEM
    }
    with_steps |= {
        m
        for n in members
        if node_type(G, n) == schema.DECISION
        for m in targets(G, n, schema.DECIDED_AT)
    }
    members = [n for n in members if node_type(G, n) != schema.MEETING or n in with_steps]
    lines = {}
    for n in members:
        text = _path_label(G, n, None, matter, deciding)
        lines[n] = sum(len(wrap(line, LABEL_LINE_CHARS)) or 1 for line in text.split("\n"))
    path = PathLayout(G, members, lines)
    path.place()
    return path


def _path_label(
    G: nx.MultiDiGraph, n: str, path: PathLayout | None, matter: str | None, deciding: set[str]
) -> str:
    """A node's label in the path layout; a meeting beside its step (a chip) has none."""
    if node_type(G, n) == schema.MEETING:
        return "" if path is not None and n in path.chips else label(G, n)
    title = str(G.nodes[matter].get("label") or "") if matter else ""
    return path_label(G, n, matter_title=title, deciding=n in deciding)


def _lane_colours(G: nx.MultiDiGraph, lanes: list[str]) -> dict[str, str]:
    """A colour per lane: the forum's own among all forums of ``G``, unless another lane has it.

    A forum keeps its colour in every view of the same graph while the graph has no more
    forums than the palette has colours; past that, a view's lanes still never share one.
    """
    ranks = {f: i for i, f in enumerate(_all_forums(G, lanes))}
    colour: dict[str, str] = {}
    taken: set[str] = set()
    clashing = []
    for f in lanes:
        c = PALETTE[ranks[f] % len(PALETTE)]
        if c in taken:
            clashing.append(f)
        else:
            colour[f] = c
            taken.add(c)
    free = [c for c in PALETTE if c not in taken]
    for i, f in enumerate(clashing):
        colour[f] = free[i] if i < len(free) else PALETTE[(ranks[f] + i) % len(PALETTE)]
    return colour


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


def _edges(
    G: nx.MultiDiGraph, chosen: list[str], layer: dict[str, str], matter: str | None
) -> list[list[Any]]:
    """Each edge: see :class:`View`; the page curves the second and later of a pair apart."""
    sel = set(chosen)
    edges: list[list[Any]] = []
    succ = G.succ
    for u in chosen:
        for v, keyed in sorted(succ[u].items()):
            if v not in sel:
                continue
            # Edges v -> u come first in their pair when v sorts first.
            offset = len(succ[v].get(u, ())) if v < u else 0
            for i, (k, d) in enumerate(sorted(keyed.items())):
                kind = str(d.get("type") or k)
                where = edge_layer(G, u, v, kind, False, matter)
                edges.append([u, v, kind, 0, offset + i, edge_tip(kind, d), where])
    derived_pairs: Counter[tuple[str, str]] = Counter()
    for u, v, kind, rows in _derived_edges(G, chosen, sel):
        derived_pairs[(u, v)] += 1
        edges.append([u, v, kind, 1, derived_pairs[(u, v)] - 1, rows, PATH])
    return edges


def _all_forums(G: nx.MultiDiGraph, lanes: list[str]) -> list[str]:
    """Slugs of every forum of the (whole) graph and of the view's lanes, in a stable order."""
    return sorted({forum_slug(name) for name in forum_names(G)} | set(lanes))


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
