"""The graph page and its views, for notebooks: ``casegraph.viz.to_pyvis(view)`` and friends.

>>> import casegraph.viz, networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
>>> net = casegraph.viz.to_pyvis(casegraph.viz.graph_view(G))
>>> type(net).__module__, len(net.nodes)
('pyvis.network', 1)
"""

from outputs.html import View, VizReport, graph_view, show, to_pyvis, write_html

__all__ = ["View", "VizReport", "graph_view", "show", "to_pyvis", "write_html"]
