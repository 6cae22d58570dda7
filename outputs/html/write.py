"""Writing a view: one matter's journey or the whole graph, as a file or inline in Jupyter."""

from __future__ import annotations

import html
import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from outputs.files import write_output
from outputs.html.page import render
from outputs.html.resolve import matter_title, resolve_matter
from outputs.html.select import overview, select_matter
from outputs.html.view import View

__all__ = ["VizReport", "graph_view", "show", "write_html"]


@dataclass(frozen=True)
class VizReport:
    """What :func:`write_html` wrote.

    ``left_out`` counts, per node type, what the view did not draw, and ``note`` says
    it in words (empty when nothing was left out).
    """

    path: str
    title: str
    matter: str | None
    nodes: int
    edges: int
    left_out: tuple[tuple[str, int], ...]
    note: str
    bytes: int
    seconds: float = 0.0


def _query_page(
    G: nx.MultiDiGraph, query: str | None, max_nodes: int, *, with_page: bool = True
) -> tuple[str | None, View, str, str]:
    """(matter, view, title, page) for ``query``, or for the overview without one."""
    if query:
        matter = resolve_matter(G, query)
        title = matter_title(G, matter)
        view, page = render(
            G, select_matter(G, matter), max_nodes, "", title, matter=matter, with_page=with_page
        )
        return matter, view, title, page
    nodes, note = overview(G, max_nodes)
    title = "casegraph: all meetings"
    view, page = render(G, nodes, max_nodes, note, title, with_page=with_page)
    return None, view, title, page


def graph_view(G: nx.MultiDiGraph, query: str | None = None, *, max_nodes: int = 1000) -> View:
    """The view :func:`write_html` draws, without the page: for :func:`to_pyvis`.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
    >>> [n["id"] for n in graph_view(G).nodes]
    ['meeting:a:2021-01-07']
    """
    return _query_page(G, query, max_nodes, with_page=False)[1]


def write_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    query: str | None = None,
    max_nodes: int = 1000,
) -> VizReport:
    """Write a view of ``G`` to ``path``: one matter's journey, or the whole graph.

    With ``query`` (a case number, words, or a matter key) the neighbourhood of the best
    matching matter (see :func:`select_matter`); without, :func:`overview`. The file is
    written by :func:`outputs.files.write_output`: a regular file atomically (a temporary
    file, then a rename), a symbolic link or a pipe through; a device is refused.

    Raises
    ------
    core.errors.NoMatchError
        When nothing matches ``query``.
    core.errors.OutputError
        When ``path`` is empty, a folder or a device, or cannot be written.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     report = write_html(G, os.path.join(d, "all.html"))
    >>> report.nodes, report.edges, report.note
    (1, 0, '')
    """
    started = time.perf_counter()
    matter, view, title, page = _query_page(G, query, max_nodes)
    written = write_output(path, page.encode("utf-8"), what="HTML page")
    return VizReport(
        path=str(Path(path)),
        title=title,
        matter=matter,
        nodes=len(view.nodes),
        edges=len(view.edges),
        left_out=view.left_out if matter else _left_out_counts(G, view),
        note=view.note,
        bytes=written,
        seconds=time.perf_counter() - started,
    )


def _left_out_counts(G: nx.MultiDiGraph, view: View) -> tuple[tuple[str, int], ...]:
    shown = Counter(str(n["group"]) for n in view.nodes)
    total = Counter(str(d.get("type", "")) for _, d in G.nodes(data=True))
    return tuple(sorted((t, total[t] - shown[t]) for t in total if total[t] > shown[t]))


def show(
    G: nx.MultiDiGraph,
    query: str | None = None,
    *,
    max_nodes: int = 1000,
    height: int = 720,
) -> Any:
    """The same view as :func:`write_html`, inline in a Jupyter notebook.

    Returns an ``IPython.display.HTML`` holding an ``<iframe srcdoc=...>``, so the page's
    scripts run in their own (sandboxed) document, as they do in the written file.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
    >>> show(G).data.startswith('<div><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    True
    """
    from IPython.display import HTML

    page = _query_page(G, query, max_nodes)[3]
    return HTML(
        f'<div><iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe></div>'
    )
