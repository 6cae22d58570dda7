"""``casegraph export --format graphml``: the whole graph as GraphML, for Gephi, yEd, Cytoscape
or ``networkx.read_graphml``.

GraphML attributes are scalars, so a list or a mapping (attendees, case numbers, a link's
evidence) is written as its JSON text, and an absent value (None) is left out. An attribute
whose values have different types in different nodes (an item's ``number`` is a whole number,
an attachment's is text) is written as text throughout. XML cannot hold control characters,
so any in the documents' text become U+FFFD. Nodes and edges are written in key order, so the
same graph gives the same bytes.

>>> G = nx.MultiDiGraph()
>>> G.add_node("meeting:a:2021-01-07", type="Meeting", attendees=["Åse Nielsen"], place=None)
>>> _ = G.add_edge("person:x", "meeting:a:2021-01-07", key="ATTENDED", type="ATTENDED")
>>> back = nx.read_graphml(io.BytesIO(GraphmlExporter().render(G)[""]), force_multigraph=True)
>>> back.nodes["meeting:a:2021-01-07"]
{'type': 'Meeting', 'attendees': '["Åse Nielsen"]'}
"""

from __future__ import annotations

import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

# Characters XML 1.0 cannot carry, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _scalar(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=isinstance(value, dict))
    if isinstance(value, str):
        return _NOT_XML.sub("\ufffd", value)
    return value


def _mixed(rows: Iterable[dict[str, Any]]) -> set[str]:
    """Attribute names whose values have more than one type."""
    types: dict[str, set[type]] = defaultdict(set)
    for attrs in rows:
        for name, value in attrs.items():
            types[name].add(type(value))
    return {name for name, found in types.items() if len(found) > 1}


def _attributes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    plain = [{k: _scalar(v) for k, v in attrs.items() if v is not None} for attrs in rows]
    mixed = _mixed(plain)
    return [{k: str(v) if k in mixed else v for k, v in attrs.items()} for attrs in plain]


def graphml_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` with GraphML-ready attributes, nodes and edges in key order."""
    nodes = sorted(G.nodes)
    edges = sorted(G.edges(keys=True), key=lambda e: (e[0], e[2], e[1]))
    node_attrs = _attributes([G.nodes[n] for n in nodes])
    edge_attrs = _attributes([G.edges[u, v, k] for u, v, k in edges])
    H = nx.MultiDiGraph()
    H.add_nodes_from(zip(nodes, node_attrs, strict=True))
    for (u, v, k), attrs in zip(edges, edge_attrs, strict=True):
        H.add_edge(u, v, key=k, **attrs)
    return H


class GraphmlExporter:
    """The whole graph as one GraphML file (UTF-8)."""

    name = "graphml"

    def render(self, G: nx.MultiDiGraph) -> dict[str, bytes]:
        out = io.BytesIO()
        nx.write_graphml(graphml_graph(G), out, encoding="utf-8", named_key_ids=True)
        return {"": out.getvalue()}


__all__ = ["GraphmlExporter", "graphml_graph"]
