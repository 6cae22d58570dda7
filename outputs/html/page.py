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
from core.memory import gc_paused
from outputs.html.style import (
    DECIDING_RING,
    DEFAULT_EDGE_STYLE,
    DERIVED,
    EDGE_STYLES,
    FORUM_TYPES,
    LAYER_WORDS,
    NEUTRAL,
    OTHER_COLOUR,
    PATH_GOLD,
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


def _controls(view: View) -> str:
    """The switches for the layers the page folds away, each with how many nodes it holds."""
    parts = ['<div class="section controls"><h3>Show</h3>']
    for layer, words in LAYER_WORDS.items():
        count = view.layers.get(layer, 0)
        if count:
            parts.append(
                f'<label class="row"><input type="checkbox" id="show-{layer}"> '
                f"<span>{html.escape(words)} ({count:,})</span></label>"
            )
    parts.append('<button type="button" id="fit">Fit to window</button></div>')
    return "".join(parts)


def _steps(view: View, colours: dict[str, str]) -> str:
    """The matter's path as a list: date, forum, item, outcome, title, why it is linked."""
    if not view.steps:
        return ""
    esc = html.escape
    deciding = any(s.deciding for s in view.steps)
    head = f"Path ({len(view.steps)} step{'s' if len(view.steps) != 1 else ''})"
    parts = [f'<div class="section" id="steps"><h3>{head}</h3>']
    if not deciding:
        parts.append('<p class="dim">No step decided the matter (as the minutes read).</p>')
    parts.append("<ol>")
    for s in view.steps:
        what = "earlier decision" if s.earlier else f"punkt {s.number}"
        outcome = f" · {esc(s.outcome)}" if s.outcome else ""
        mark = ' <span class="decides">deciding step</span>' if s.deciding else ""
        colour = colours.get(s.forum, OTHER_COLOUR)
        parts.append(
            f'<li data-node="{esc(s.node, quote=True)}"{" class=deciding" if s.deciding else ""}>'
            f'<div><span class="date">{esc(s.date)}</span> '
            f'<span class="forum" style="border-color:{colour}">{esc(s.forum)}</span></div>'
            f"<div>{esc(what)}{outcome}{mark}</div>"
            + (f'<div class="title">{esc(s.title)}</div>' if s.title else "")
            + (f'<div class="why">linked: {esc(s.why)}</div>' if s.why else "")
            + "</li>"
        )
    parts.append("</ol></div>")
    return "".join(parts)


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
    parts.append('</div><div class="section"><h3>Edges (line = relation)</h3>')
    for kind, derived in view.edge_types:
        style = EDGE_STYLES.get(kind, DEFAULT_EDGE_STYLE)
        dash = "dashed" if derived or style.get("dashes") else "solid"
        width = max(float(str(style["width"])), 1.5)
        extra = f'<br><span class="dim">{esc(DERIVED[kind])}</span>' if derived else ""
        parts.append(
            f'<div class="row" data-edge="{esc(kind, quote=True)}">'
            f'<span class="ln" style="border-top:{width}px {dash} {style["color"]}"></span>'
            f"<span>{esc(kind)}{extra}</span></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def _aside(view: View) -> str:
    colours = dict(view.forums)
    return (
        _controls(view)
        + _steps(view, colours)
        + '<div class="section" id="selected" hidden><h3>Selected</h3>'
        + '<div id="selected-rows"></div></div>'
        + _legend(view)
    )


_MARKER = re.compile(r"@(TITLE|SUBTITLE|NOTE|ASIDE|VIS_CSS|VIS_JS|PAGE_CSS|PAGE_JS|DATA)@")


def _html(view: View, title: str, subtitle: str) -> str:
    js, css = vis_assets()
    data = {
        "nodes": view.nodes,
        "edges": view.edges,
        "geometry": {
            # pad: how far a lane's band reaches above its first row; room: the height at
            # its top, clear of nodes, for its name.
            "full": {"lanes": view.lanes, "columns": view.columns, "pad": 40, "room": 26},
            "path": view.path,
        },
        "shapes": SHAPES,
        "sizes": SIZES,
        "edgeStyles": EDGE_STYLES,
        "defaultEdgeStyle": DEFAULT_EDGE_STYLE,
        "colours": {"path": PATH_GOLD, "deciding": DECIDING_RING},
        "expected": {"nodes": len(view.nodes), "edges": len(view.edges)},
    }
    values = {
        "TITLE": html.escape(title),
        "SUBTITLE": html.escape(subtitle),
        "NOTE": html.escape(view.note),
        "ASIDE": _aside(view),
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
    return (
        f"{span}{len(view.nodes):,} nodes, {len(view.edges):,} edges. "
        "Hover a node for details, click it to keep them."
    )


def render(
    G: nx.MultiDiGraph,
    nodes: Iterable[str],
    max_nodes: int,
    note: str,
    title: str,
    *,
    matter: str | None = None,
    with_page: bool = True,
) -> tuple[View, str]:
    """The view and its page ("" when not ``with_page``), built with the collector paused.

    A view of 100,000 nodes allocates millions of small lists and dicts and frees none
    of them; the collector's full passes over them made the build grow faster than the
    graph (10k -> 100k nodes: 17 times slower instead of 10). Paused, it is linear.
    """
    with gc_paused():
        view = build_view(G, nodes, max_nodes, note, matter=matter)
        return view, _html(view, title, _subtitle(view)) if with_page else ""


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
