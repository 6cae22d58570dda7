"""The page: a view written into the HTML template with vis-network inlined.

The template, its style sheet and its script are package data (``templates/graph.*``).
Every piece of document text is HTML-escaped, or goes into a JSON block that no ``<``
can close, and the page's script shows tooltips as text nodes; the Content Security
Policy forbids loading anything, so the page works offline and makes no request.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("forum:direktionen", type="Forum", name="Direktionen")
>>> G.add_node("meeting:direktionen:2021-01-07", type="Meeting", forum="Direktionen",
...            date="2021-01-07", documented=True)
>>> G.add_edge("meeting:direktionen:2021-01-07", "forum:direktionen", key="OF_FORUM",
...            type="OF_FORUM")
'OF_FORUM'
>>> page = render_html(G, G.nodes, title="<Direktionen>")
>>> "&lt;Direktionen&gt;" in page and "https://" not in page.split("<script")[0]
True
"""

from __future__ import annotations

import gc
import html
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx

from core import schema
from core.errors import QueryError
from outputs.html.style import (
    DERIVED,
    FORUM_TYPES,
    NEUTRAL,
    OTHER_COLOUR,
    SHAPE_SVG,
    SHAPES,
    SIZES,
    TYPE_WORDS,
)
from outputs.html.view import View, build_view

__all__ = ["json_for_script", "render", "render_html", "template", "vis_assets"]


@lru_cache(maxsize=8)
def template(name: str) -> str:
    """One file of the package's ``templates/`` folder, as text.

    >>> template("graph.html").startswith("<!DOCTYPE html>")
    True
    """
    return (files("outputs.html") / "templates" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside the pyvis package (no download)."""
    import pyvis

    base = Path(pyvis.__file__).parent / "templates" / "lib"
    candidates = sorted(
        base.glob("vis-*/vis-network.min.js"), key=lambda p: _version(p.parent.name)
    )
    if not candidates:
        raise QueryError(f"{base}: pyvis ships no vis-network; reinstall pyvis (pip install pyvis)")
    folder = candidates[-1].parent
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    # A literal "</script" inside the library would end our inline <script> early.
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", name))


def json_for_script(data: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can end or confuse it.

    >>> json_for_script({"t": "</script>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _legend(view: View) -> str:
    esc = html.escape
    parts = ['<div class="section"><h3>Forums (colour, one lane each)</h3>']
    for name, c in view.forums:
        parts.append(
            f'<div class="row"><span class="sw" style="background:{c}"></span>{esc(name)}</div>'
        )
    parts.append('</div><div class="section"><h3>Nodes (shape)</h3>')
    for t in view.types:
        shape = SHAPES.get(t, "dot")
        fill = "#777" if t in FORUM_TYPES else NEUTRAL.get(t, OTHER_COLOUR)
        svg = (
            f'<svg viewBox="0 0 16 16" width="14" height="14" fill="{fill}">'
            f"{SHAPE_SVG[shape]}</svg>"
        )
        parts.append(f'<div class="row">{svg}{esc(TYPE_WORDS.get(t, t))}</div>')
    parts.append('</div><div class="section"><h3>Edges (label = relation)</h3>')
    for kind, derived in view.edge_types:
        style = "dashed" if derived else "solid"
        extra = f'<br><span class="dim">{esc(DERIVED[kind])}</span>' if derived else ""
        parts.append(
            f'<div class="row"><span class="ln {style}"></span>'
            f"<span>{esc(kind)}{extra}</span></div>"
        )
    parts.append("</div>")
    return "".join(parts)


_MARKER = re.compile(r"@(TITLE|SUBTITLE|NOTE|LEGEND|VIS_CSS|VIS_JS|PAGE_CSS|PAGE_JS|DATA)@")


def _html(view: View, title: str, subtitle: str) -> str:
    js, css = vis_assets()
    xs = [n["x"] for n in view.nodes] or [0.0]
    ys = [n["y"] for n in view.nodes] or [0.0]
    data = {
        "nodes": view.nodes,
        "edges": view.edges,
        "columns": view.columns,
        "lanes": view.lanes,
        "shapes": SHAPES,
        "sizes": SIZES,
        "minX": min(xs),
        "maxX": max(xs),
        "minY": min(ys),
        "expected": {"nodes": len(view.nodes), "edges": len(view.edges)},
    }
    values = {
        "TITLE": html.escape(title),
        "SUBTITLE": html.escape(subtitle),
        "NOTE": html.escape(view.note),
        "LEGEND": _legend(view),
        "VIS_CSS": css,
        "VIS_JS": js,
        "PAGE_CSS": template("graph.css"),
        "PAGE_JS": template("graph.js"),
        "DATA": json_for_script(data),
    }
    # One pass: substituted text (a title, the library) is never scanned for markers again.
    return _MARKER.sub(lambda m: values[m.group(1)], template("graph.html"))


def _subtitle(view: View) -> str:
    meetings = sorted(str(n["label"])[:10] for n in view.nodes if n["group"] == schema.MEETING)
    span = ""
    if meetings:
        forums = len(view.forums)
        span = (
            f"{len(meetings):,} meeting{'s' if len(meetings) != 1 else ''} "
            f"in {forums} forum{'s' if forums != 1 else ''}, {meetings[0]} to {meetings[-1]}; "
        )
    return f"{span}{len(view.nodes):,} nodes, {len(view.edges):,} edges. Hover a node for details."


def render(
    G: nx.MultiDiGraph, nodes: Iterable[str], max_nodes: int, note: str, title: str
) -> tuple[View, str]:
    """The view and its page, built with the garbage collector paused.

    A view of 100,000 nodes allocates millions of small lists and dicts and frees none
    of them; the collector's full passes over them made the build grow faster than the
    graph (10k -> 100k nodes: 17 times slower instead of 10). Paused, it is linear.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        view = build_view(G, nodes, max_nodes, note)
        return view, _html(view, title, _subtitle(view))
    finally:
        if was_enabled:
            gc.enable()


def render_html(
    G: nx.MultiDiGraph, nodes: Iterable[str], *, title: str, max_nodes: int = 1000
) -> str:
    """A self-contained HTML page drawing ``nodes`` of ``G`` and the edges between them.

    At most ``max_nodes`` nodes are drawn, reduced as :func:`outputs.html.select.overview`
    reduces the whole graph (forums and meetings, then matters, items, ...); the page says
    what was left out. The page loads nothing from any host.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("case:S1", type="Case", number="S1")
    >>> page = render_html(G, ["case:S1"], title="One case")
    >>> page.startswith("<!DOCTYPE html>") and '"expected":{"nodes":1,"edges":0}' in page
    True
    """
    return render(G, nodes, max_nodes, "", title)[1]
