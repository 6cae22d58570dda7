"""Interactive HTML views of the case graph: one self-contained file that works offline.

A view is a set of node keys drawn with vis-network (the copy pyvis ships, inlined, so
the file makes no request to any host). One module per job:

* ``select``: what to draw (one matter's neighbourhood, or the whole graph within a cap);
* ``resolve``: which matter a query names, through the case question of ``queries``;
* ``layout``: positions (lanes per forum, time along x, people in a band below);
* ``tooltips``: node labels and tooltip rows (plain text, shown as text nodes);
* ``view``: nodes and edges with positions, colours and tooltips, ready for the page;
* ``page``: the view written into ``templates/graph.html`` (package data);
* ``path``, ``path_layout``, ``layers``: the matter's steps and the deciding one, their
  compact layout, and what the page shows at first and folds behind switches;
* ``write``: :func:`write_html`, :func:`show` and :func:`graph_view`, what the CLI and the
  notebook call; ``pyvis_network``: :func:`to_pyvis`, the same view as a pyvis Network.

The node and edge lists are built in one pass over the view's nodes and their edges
(pyvis's ``from_nx`` is quadratic), and the browser draws them with physics off.
"""

from __future__ import annotations

from outputs.html.page import render_html
from outputs.html.pyvis_network import to_pyvis
from outputs.html.resolve import resolve_matter
from outputs.html.select import overview, select_matter
from outputs.html.view import View
from outputs.html.write import VizReport, graph_view, show, write_html

__all__ = [
    "View",
    "VizReport",
    "graph_view",
    "overview",
    "render_html",
    "resolve_matter",
    "select_matter",
    "show",
    "to_pyvis",
    "write_html",
]
