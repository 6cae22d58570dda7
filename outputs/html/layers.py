"""What the page shows at first and what it folds behind a switch.

Three layers: the path (meetings, agenda items, earlier decisions, matters of an
overview, and the edges between them that tell how a matter moves), the people (every
person and every edge to one), and the details (decisions, cases, attachments,
documents, the forums' own nodes, the focus matter and the rest of the edges). The page
opens with the path; a switch adds each of the others. An edge is drawn when its layer
is shown and so are both its ends.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("p", type="Person"); G.add_node("m", type="Meeting")
>>> node_layer(G, "p", None), node_layer(G, "m", None)
('people', 'path')
>>> edge_layer(G, "p", "m", "ATTENDED", False, None)
'people'
"""

from __future__ import annotations

import networkx as nx

from core import schema
from outputs.html.nodes import node_type
from outputs.html.style import DETAILS, PATH, PATH_EDGES, PEOPLE

__all__ = ["edge_layer", "node_layer"]


def node_layer(G: nx.MultiDiGraph, n: str, matter: str | None) -> str:
    """The layer of node ``n`` in a view of ``matter`` (None: the overview)."""
    t = node_type(G, n)
    if t == schema.PERSON:
        return PEOPLE
    if t in (schema.MEETING, schema.AGENDA_ITEM):
        return PATH
    if t == schema.DECISION:
        return PATH if _carried_from_elsewhere(G, n) else DETAILS
    if t == schema.MATTER:
        return DETAILS if n == matter else PATH
    return DETAILS


def edge_layer(
    G: nx.MultiDiGraph, u: str, v: str, kind: str, derived: bool, matter: str | None
) -> str:
    """The layer of an edge ``u -> v`` of relation ``kind``."""
    if schema.PERSON in (node_type(G, u), node_type(G, v)):
        return PEOPLE
    if derived or kind in PATH_EDGES:
        return PATH
    # An earlier decision carried along, and the meeting that took it: part of the path.
    if kind == schema.HAS_DECISION and _carried_from_elsewhere(G, v):
        return PATH
    if kind == schema.DECIDED_AT and _carried_from_elsewhere(G, u):
        return PATH
    if kind == schema.PART_OF and v != matter:
        return PATH
    return DETAILS


def _carried_from_elsewhere(G: nx.MultiDiGraph, decision: str) -> bool:
    """Whether ``decision`` is an earlier decision carried along from minutes that are not in
    the graph: the only trace of that step. One taken at a documented meeting repeats what
    that meeting's own item says (each later item carries a copy), so it is a detail.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("d", type="Decision", earlier=True); G.add_node("m", type="Meeting")
    >>> G.add_edge("d", "m", key="DECIDED_AT")
    'DECIDED_AT'
    >>> _carried_from_elsewhere(G, "d")
    True
    >>> G.nodes["m"]["documented"] = True
    >>> _carried_from_elsewhere(G, "d")
    False
    """
    if not G.nodes[decision].get("earlier"):
        return False
    taken_at = [v for _, v, k in G.out_edges(decision, keys=True) if k == schema.DECIDED_AT]
    return not any(G.nodes[m].get("documented") for m in taken_at)
