"""The same view as a ``pyvis.network.Network``, for a notebook user to restyle and ``show()``.

Directed, physics off, the nodes where the page puts them, in the page's colours and
shapes, with the page's tooltips (as plain text) and edge styles. By default the
network holds what the page opens with (the path: in a matter view, its compact layout);
``layers`` adds the people or the details, and with the details every node takes its
place in the full layout, as on the page.

pyvis's own page is pyvis's: it loads Bootstrap from a CDN and, when a tooltip contains
the word ``href``, shows tooltips as HTML. So that document text stays text there too,
such a word gets a zero-width space after its ``h``. The page ``write_html`` writes
stays the fast, self-contained one.

>>> import networkx as nx
>>> from outputs.html.view import build_view
>>> G = nx.MultiDiGraph()
>>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
>>> net = to_pyvis(build_view(G, G.nodes, max_nodes=10))
>>> net.directed, [(n["id"], n["x"], n["y"], n["color"]["background"]) for n in net.nodes]
(True, [('meeting:a:2021-01-07', 0, 0.0, '#4e79a7')])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from outputs.html.style import (
    DEFAULT_EDGE_STYLE,
    DETAILS,
    EDGE_STYLES,
    PATH,
    SHAPES,
    SIZES,
)
from outputs.html.view import View

__all__ = ["to_pyvis"]

_HREF = re.compile(r"(h)(ref)", re.IGNORECASE)


def _text(rows: Iterable[list[str]]) -> str:
    """Tooltip rows as plain text lines, with pyvis's link trigger defused."""
    return _HREF.sub("\\1\u200b\\2", "\n".join(f"{label}: {value}" for label, value in rows))


def to_pyvis(
    view: View, *, layers: Iterable[str] = (PATH,), height: str = "720px", width: str = "100%"
) -> Any:
    """A ``pyvis.network.Network`` of ``view`` (see the module docstring).

    ``layers``: which of ``"path"``, ``"people"`` and ``"details"`` to include.
    """
    from pyvis.network import Network

    shown = set(layers) | {PATH}
    compact = view.path is not None and DETAILS not in shown
    net = Network(height=height, width=width, directed=True, cdn_resources="in_line")
    included: set[str] = set()
    for n in view.nodes:
        if n["layer"] not in shown or (compact and "px" not in n):
            continue
        included.add(n["id"])
        x, y = (n["px"], n["py"]) if compact else (n["x"], n["y"])
        border = "#1d1d1d" if n.get("deciding") else ("#888" if n.get("stub") else "#444")
        net.add_node(
            n["id"],
            # pyvis labels a node by its key when the label is empty: a meeting beside its
            # step has none.
            label=(n["plabel"] if compact else n["label"]) or " ",
            shape=SHAPES.get(n["group"], "dot"),
            size=SIZES.get(n["group"], 12),
            color={"background": n["color"], "border": border},
            borderWidth=4 if n.get("deciding") else 1.5,
            title=_text([*n["tip"], ["key", n["id"]]]),
            x=x,
            y=y,
            physics=False,
        )
    for e in view.edges:
        if e[6] not in shown or e[0] not in included or e[1] not in included:
            continue
        style = EDGE_STYLES.get(e[2], DEFAULT_EDGE_STYLE)
        named = {"label": e[2]} if DETAILS in shown and style.get("label") else {}
        net.add_edge(
            e[0],
            e[1],
            title=_text([*e[5], ["relation", e[2] + (" (derived)" if e[3] else "")]]),
            color=style["color"],
            width=style["width"],
            dashes=bool(e[3] or style.get("dashes")),
            arrows="to",
            **named,
        )
    net.toggle_physics(False)
    return net
