"""``casegraph export --format html``: the interactive graph page of the whole graph, the page
``casegraph viz`` writes without a query (:func:`outputs.html.write_html`)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import networkx as nx

from outputs.html import write_html


class HtmlExporter:
    """The whole graph as one self-contained HTML page."""

    name = "html"

    def render(self, G: nx.MultiDiGraph) -> dict[str, bytes]:
        with tempfile.TemporaryDirectory(prefix="casegraph-") as folder:
            page = Path(folder) / "graph.html"
            write_html(G, page)
            return {"": page.read_bytes()}


__all__ = ["HtmlExporter"]
