"""casegraph: Danish municipal minutes as a case-tracking knowledge graph.

The public API (what the notebook and the CLI use):

* ``ingest(paths, store=...)``: read, parse and store minutes; returns an ``IngestReport``.
* ``load_document(path)``: one file's records, without storing them.
* ``open_store(path)``: the store folder (default ``$CASEGRAPH_STORE`` or ``./.casegraph``), a
  ``Store``; ``store.graph()`` (or ``load_graph(store)``) is its derived ``networkx`` graph.
* ``case_timeline(G, query)``, ``attended(G, query)``, ``person(G, name)``,
  ``list_meetings(G)``, ``stats(G)``, ``matter_steps(G, matter)``: questions of the graph;
  ``search(store, text)``: full-text search of the store. Each answer is a frozen dataclass
  (``Timeline``, ``Attendance``, ``Participation``, ``Meetings``, ``Stats``,
  ``SearchResults``) read by attribute, with ``to_dict()`` for its JSON.
* ``ask(name, store=..., **params)``: any question of the registry ``QUESTIONS`` by its
  command name (``"case"``, ``"attended"``, ...), from the store or from Neo4j.
* ``write_html(G, path, query=...)``, ``show(G, query)``: the interactive graph view, as a file
  or inline in Jupyter; ``to_pyvis(graph_view(G, query))`` (also ``casegraph.viz``): the same
  view as a ``pyvis.network.Network`` to restyle and ``show()``; ``export_json(G)``: the graph
  as JSON; ``export(G, format, path)``: the graph as JSON, GraphML, CSV tables or the HTML
  page; ``load_neo4j(store, ...)``: the graph into Neo4j.

>>> import casegraph
>>> doc = casegraph.load_document("examples/nordfyns/002_a5db68b1e2c219a1.txt")
>>> doc.meeting.forum
'Direktionen'

The names are imported when first used (PEP 562), so that ``import casegraph`` -- and the
command line, which imports this package -- starts without loading spaCy, networkx or the
Neo4j driver before they are needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public name -> the module it comes from.
_API = {
    "IngestReport": "casegraph.pipeline",
    "Store": "casegraph.pipeline",
    "ingest": "casegraph.pipeline",
    "load_document": "casegraph.pipeline",
    "load_graph": "casegraph.pipeline",
    "load_neo4j": "casegraph.neo4j_loading",
    "open_store": "casegraph.pipeline",
    "ask": "casegraph.answers",
    "QUESTIONS": "queries.questions",
    "attended": "queries.attended",
    "Attendance": "queries.attended",
    "list_meetings": "queries.meetings",
    "Meetings": "queries.meetings",
    "person": "queries.person",
    "Participation": "queries.person",
    "search": "queries.search",
    "SearchResults": "queries.search",
    "stats": "queries.stats",
    "Stats": "queries.stats",
    "case_timeline": "queries.timeline",
    "matter_steps": "queries.timeline",
    "Timeline": "queries.timeline",
    "export_json": "outputs.export_json",
    "export": "outputs.exporters",
    "show": "outputs.html",
    "write_html": "outputs.html",
    "graph_view": "outputs.html",
    "to_pyvis": "outputs.html",
}

__all__ = [
    "QUESTIONS",
    "Attendance",
    "IngestReport",
    "Meetings",
    "Participation",
    "SearchResults",
    "Stats",
    "Store",
    "Timeline",
    "__version__",
    "ask",
    "attended",
    "case_timeline",
    "export",
    "export_json",
    "graph_view",
    "ingest",
    "list_meetings",
    "load_document",
    "load_graph",
    "load_neo4j",
    "matter_steps",
    "open_store",
    "person",
    "search",
    "show",
    "stats",
    "to_pyvis",
    "write_html",
]

if TYPE_CHECKING:
    from casegraph.answers import ask
    from casegraph.neo4j_loading import load_neo4j
    from casegraph.pipeline import (
        IngestReport,
        Store,
        ingest,
        load_document,
        load_graph,
        open_store,
    )
    from outputs.export_json import export_json
    from outputs.exporters import export
    from outputs.html import graph_view, show, to_pyvis, write_html
    from queries.attended import Attendance, attended
    from queries.meetings import Meetings, list_meetings
    from queries.person import Participation, person
    from queries.questions import QUESTIONS
    from queries.search import SearchResults, search
    from queries.stats import Stats, stats
    from queries.timeline import Timeline, case_timeline, matter_steps


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'casegraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
