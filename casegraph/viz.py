"""The graph page and its views, for notebooks: ``casegraph.viz.to_pyvis(view)`` and friends;
and :func:`query_graph`, the part of a store's graph that ``casegraph viz QUERY`` draws from.

>>> import casegraph.viz, networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
>>> net = casegraph.viz.to_pyvis(casegraph.viz.graph_view(G))
>>> type(net).__module__, len(net.nodes)
('pyvis.network', 1)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

import networkx as nx

from casegraph.answers import (
    Progress,
    item_bundles,
    load_graph,
    open_readonly,
    question_bundles,
)
from casegraph.subgraphs import bundles_graph, partition_tables
from core import schema
from core.errors import NoMatchError
from core.settings import Settings
from core.text import canonical_case_number
from graph.partition import NO_MUNICIPALITY, Bundle, item_meeting, merge_bundles
from outputs.html import (
    View,
    VizReport,
    graph_view,
    resolve_matter,
    select_matter,
    show,
    to_pyvis,
    write_html,
)
from outputs.html.nodes import WHOLE, WholeGraph
from store.sqlite import RecordStore

Row = TypeVar("Row")

#: A query that starts so may be a node's key (as the web pages link them): the page takes
#: a key as it is, and words only when no node has it.
KEY_PREFIXES = ("matter:", "item:", "case:")


def query_graph(
    query: str,
    *,
    store: str | Path | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> nx.MultiDiGraph:
    """The graph the page of ``query`` (a case number, words, or the key of a matter, an
    item or a case) is drawn from: the meetings ``casegraph case`` reads for it
    (:func:`casegraph.answers.question_bundles`; for a key, those of its items) and those the
    page of its matter shows (where earlier decisions were taken), its people as the whole
    graph has them, and the whole graph's counts the tooltips show and its forums
    (:class:`outputs.html.nodes.WholeGraph`): the page is the one the whole graph gives.
    The whole graph when no title holds one of the words, or no node has the key.

    ``store`` (default ``$CASEGRAPH_STORE`` or ``./.casegraph``) or ``settings`` name the
    store, as for :func:`casegraph.answers.ask`.
    """
    settings = settings or Settings.from_env(store=store)
    with open_readonly(settings) as db:
        keys = _key_bundles(db, query.strip(), progress=progress)
        if keys is None and not query.strip().startswith(KEY_PREFIXES):
            keys = question_bundles(db, query, progress=progress)
        if keys is not None:
            G = bundles_graph(db, keys)
            while _add_shown_meetings(db, G, query, keys):
                G = bundles_graph(db, keys)
            add_whole_graph_facts(db, G, progress=progress)
            return G
    return load_graph(settings, progress=progress)


def _key_bundles(
    db: RecordStore, key: str, *, progress: Progress | None = None
) -> dict[str, list[str]] | None:
    """The bundles of the items ``key`` (a matter's, an item's or a case's) stands for: the
    matter's first item (its key is the matter's), the item, or every item carrying the case
    number; None when ``key`` is no such key of the store."""
    if key.startswith(("matter:", "item:")):
        item = "item:" + key.split(":", 1)[1]
        partition = db.meeting_partition(item_meeting(item))
        rows = [] if partition is None else [(item, partition)]
    elif key.startswith("case:"):
        rows = db.case_items(canonical_case_number(key.removeprefix("case:"))) or []
    else:
        return None
    keys, _in_matter = item_bundles(db, rows, progress=progress)
    if not keys:
        return None
    # Not the key of a node (an item of another number, a case number written otherwise, a
    # matter keyed by another item): the whole graph reads it as words.
    G = bundles_graph(db, keys)
    if key not in G or G.nodes[key].get("type") != _KEY_TYPES[key.split(":", 1)[0]]:
        return None
    return keys


_KEY_TYPES = {"matter": schema.MATTER, "item": schema.AGENDA_ITEM, "case": schema.CASE}


def _add_shown_meetings(
    db: RecordStore, G: nx.MultiDiGraph, query: str, keys: dict[str, list[str]]
) -> bool:
    """Add to ``keys`` the bundles of the documented meetings the page of ``query`` shows
    (a meeting where an earlier decision was taken, with its forum and attendees) that
    ``keys`` lacks, and the bundles of the meetings these name; whether any was missing."""
    try:
        shown = select_matter(G, resolve_matter(G, query))
    except NoMatchError:
        return False  # the error, as the whole graph gives it
    states = db.partitions()
    added = False
    for node in sorted(shown):
        d = G.nodes[node]
        if d.get("type") != schema.MEETING or not d.get("documented"):
            continue
        partition = d.get("scope") or NO_MUNICIPALITY
        if partition not in states or node in keys.get(partition, ()):
            continue
        index = db.part_index(partition, states[partition])
        needs = index.needs.get(node, []) if index is not None else []
        keys.setdefault(partition, []).extend([node, *needs])
        added = True
    return added


def add_whole_graph_facts(
    db: RecordStore, G: nx.MultiDiGraph, *, progress: Progress | None = None
) -> None:
    """Give the people of ``G`` (a part of ``db``'s graph) their attributes in the whole
    graph (merged over the partitions they are in), and ``G.graph[WHOLE]`` the counts of the
    whole graph the page shows, from the tables of every partition (:mod:`store.tables`)."""
    parts = partition_tables(db, ("people", "forums", "cases"), progress=progress)
    kinds = {n: d.get("type") for n, d in G.nodes(data=True)}
    persons = [n for n, t in kinds.items() if t == schema.PERSON]
    merged = merge_bundles(
        Bundle([(k, t.people[k][0]) for k in persons if k in t.people], []) for _, _, t in parts
    )
    for key, attrs in merged.nodes(data=True):
        G.nodes[key].clear()
        G.nodes[key].update(attrs)
    forums: dict[str, str] = {}
    for _, _, t in parts:
        for key, (attrs, _meetings) in t.forums.items():
            forums.setdefault(key, str(attrs.get("name") or key))
    G.graph[WHOLE] = WholeGraph(
        attended=_sums((t.people for _, _, t in parts), persons, lambda row: row[2]),
        forum_meetings=_sums(
            (t.forums for _, _, t in parts),
            [n for n, t in kinds.items() if t == schema.FORUM],
            lambda row: row[1],
        ),
        case_items=_sums(
            (t.cases for _, _, t in parts),
            [n for n, t in kinds.items() if t == schema.CASE],
            lambda count: count,
        ),
        forums=tuple(forums.values()),
    )


def _sums(
    tables: Iterable[Mapping[str, Row]], keys: list[str], count: Callable[[Row], int]
) -> dict[str, int]:
    """Per key of ``keys``, the sum of ``count(row)`` over the tables that have a row."""
    total = dict.fromkeys(keys, 0)
    for table in tables:
        for key in keys:
            row = table.get(key)
            if row is not None:
                total[key] += count(row)
    return total


__all__ = [
    "View",
    "VizReport",
    "add_whole_graph_facts",
    "graph_view",
    "query_graph",
    "show",
    "to_pyvis",
    "write_html",
]
