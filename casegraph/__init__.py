"""casegraph: Danish municipal minutes as a case-tracking knowledge graph.

The public API (what the notebook and the CLI use):

* ``ingest(paths, store=...)``: read, parse and store minutes; returns an ``IngestReport``.
* ``load_document(path)``: one file's records, without storing them.
* ``open_store(path)``: the store folder (default ``$CASEGRAPH_STORE`` or ``./.casegraph``), a
  ``Store``; ``store.graph()`` (or ``load_graph(store)``) is its derived ``networkx`` graph.
* ``case_timeline(G, query)``, ``attended(G, query)``, ``person(G, name)``,
  ``list_meetings(G)``, ``stats(G)``, ``matter_steps(G, matter)``: questions of the graph;
  ``search(store, text)``: full-text search of the store.
* ``write_html(G, path, query=...)``, ``show(G, query)``: the interactive graph view, as a file
  or inline in Jupyter; ``export_json(G)``: the graph as JSON; ``load_neo4j(store, ...)``: the
  graph into Neo4j.

>>> import casegraph
>>> doc = casegraph.load_document("examples/nordfyns/002_a5db68b1e2c219a1.txt")
>>> doc.meeting.forum
'Direktionen'
"""

__version__ = "0.1.0"

from casegraph.pipeline import (
    IngestReport,
    Store,
    ingest,
    load_document,
    load_graph,
    load_neo4j,
    open_store,
)
from outputs.export_json import export_json
from outputs.html import show, write_html
from queries.attended import attended
from queries.meetings import list_meetings
from queries.person import person
from queries.search import search
from queries.stats import stats
from queries.timeline import case_timeline, matter_steps

__all__ = [
    "IngestReport",
    "Store",
    "__version__",
    "attended",
    "case_timeline",
    "export_json",
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
    "write_html",
]
