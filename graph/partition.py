"""The graph of a store, derived per municipality and put together from the parts.

Minutes ingested with ``--municipality`` carry it as their *scope*: part of every meeting
and forum key, so that each municipality's *Byrådet* stays apart. Everything the derivation
learns is learned within one scope: the people registry that resolves short forms, the
routine titles and standing numbers of the linker, and the matters (a meeting an item names
is looked up in the item's own scope, and the linker's case numbers and blocking keys carry
the municipality, which is the scope when one was given). A store's documents therefore fall
into *partitions*, one per scope (:func:`partition_of`; the minutes ingested without one
form one partition), each derived on its own: adding a meeting re-derives only its
municipality's partition, and the graph of the store is the partitions merged
(:func:`merge_parts`) in the order of their names.

A partition travels as :class:`Part`: its nodes and edges as plain lists (what the store
keeps on disk and reads back without networkx), in bundles per meeting, so that a question
about a few meetings reads only theirs. Nodes that several partitions share
(people, organisations, roles and case numbers are keyed by name, not by municipality) are
merged: the first partition's attributes stay, lists gain the later partitions' values,
and a documented meeting replaces a stub of the same key.

>>> import networkx as nx
>>> a, b = nx.MultiDiGraph(), nx.MultiDiGraph()
>>> a.add_node("person:x", type="Person", aliases=["X"], roles=[])
>>> b.add_node("person:x", type="Person", aliases=["X", "Xx"], roles=["Borgmester"])
>>> _ = b.add_edge("person:x", "meeting:b", key="ATTENDED", type="ATTENDED")
>>> G = merge_parts([part_of_graph(a), part_of_graph(b)])
>>> G.nodes["person:x"]["aliases"], G.nodes["person:x"]["roles"], G.number_of_edges()
(['X', 'Xx'], ['Borgmester'], 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core import schema
from core.records import Document
from graph.bundle_graph import BundleGraph

if TYPE_CHECKING:
    import networkx as nx

#: The partition of the documents ingested without a municipality.
NO_MUNICIPALITY = ""


def partition_of(doc: Document) -> str:
    """The partition a document belongs to: the municipality it was ingested with (its
    meeting's scope), or :data:`NO_MUNICIPALITY`. A municipality the reader guessed from the
    text is not a partition: such minutes share their keys with every other unscoped one.

    >>> from core.records import Meeting, Source
    >>> src = Source("a.txt", "0" * 64, 1, 1)
    >>> def doc(**where): return Document("a.txt", "0" * 64,
    ...                                   Meeting("Byrådet", "2021-02-03", src, **where))
    >>> partition_of(doc(municipality="Greve", scope="Greve"))
    'Greve'
    >>> partition_of(doc(municipality="Greve"))  # guessed from the text
    ''
    """
    return doc.meeting.scope or NO_MUNICIPALITY


Node = tuple[str, dict[str, Any]]
Edge = tuple[str, str, str, dict[str, Any]]

#: The bundle of the nodes no documented meeting owns (people, forums, cases, matters ...).
SHARED = ""


@dataclass(frozen=True)
class Bundle:
    """Nodes ``(key, attrs)`` and edges ``(u, v, key, attrs)`` of a graph, in its order."""

    nodes: list[Node]
    edges: list[Edge]


@dataclass(frozen=True)
class Part:
    """The derived graph of one partition, in *bundles* a question can load alone.

    A documented meeting's bundle holds what the meeting owns (itself, its items, their
    decisions and attachments, its document, and the stub meetings it is the first to name)
    with every edge that touches one of them, and a copy of each node at the other end; the
    :data:`SHARED` bundle holds the rest. ``needs`` names, per bundle, the bundles that own
    the stub meetings it names (a stub's own edges are there); ``matters`` the bundles of each
    matter's items; ``item_matter`` each item's matter.
    """

    bundles: Mapping[str, Bundle]
    needs: dict[str, list[str]]
    matters: dict[str, list[str]]
    item_matter: dict[str, str]

    def closure(self, items: Iterable[str]) -> list[str]:
        """The bundles a question about agenda ``items`` reads (:func:`closure`)."""
        return closure(self.bundles, self.needs, self.matters, self.item_matter, items)


def closure(
    order: Iterable[str],
    needs: dict[str, list[str]],
    matters: dict[str, list[str]],
    item_matter: dict[str, str],
    items: Iterable[str],
) -> list[str]:
    """The bundles (of ``order``, in its order) a question about agenda ``items`` reads:
    the meetings of the items and of every step of their matters, and the bundles of the
    stub meetings these name.

    >>> closure(["m:1", "m:2", "m:3", ""], {"m:2": ["m:3"]}, {"matter:a": ["m:1", "m:2"]},
    ...         {"item:m:1:4": "matter:a"}, ["item:m:1:4"])
    ['m:1', 'm:2', 'm:3']
    """
    wanted: set[str] = set()
    for item in items:
        wanted.add(item_meeting(item))
        matter = item_matter.get(item)
        if matter is not None:
            wanted.update(matters.get(matter, ()))
    wanted |= {n for k in list(wanted) for n in needs.get(k, ())}
    return [k for k in order if k in wanted]


def item_meeting(item: str) -> str:
    """The key of an agenda item's meeting (:func:`core.schema.item_key` backwards).

    >>> item_meeting("item:greve:byraadet:2025-10-01:7")
    'meeting:greve:byraadet:2025-10-01'
    """
    return "meeting:" + item.removeprefix("item:").rsplit(":", 1)[0]


def owners(G: nx.MultiDiGraph) -> dict[str, str]:
    """Node -> the documented meeting that owns it (see :class:`Part`)."""
    # The graph's own mappings (G._node, G._succ: networkx's documented storage) are read
    # directly: the views cost more than the work at 100k nodes.
    nodes, succ = G._node, G._succ
    owner: dict[str, str] = {}
    for node, d in nodes.items():
        kind = d.get("type")
        if kind == schema.MEETING and d.get("documented"):
            owner[node] = node
        elif kind == schema.AGENDA_ITEM and d.get("meeting") in nodes:
            owner[node] = str(d["meeting"])
    for node, meeting in list(owner.items()):
        for v, keys in succ[node].items():
            for k in keys:
                if k in _OWNED_THROUGH:
                    owner.setdefault(v, meeting)
    for u, nbrs in succ.items():  # a stub belongs to the first meeting naming it
        for v in nbrs:
            for here, there in ((u, v), (v, u)):
                if here in owner and there not in owner and is_stub(nodes[there]):
                    owner[there] = owner[here]
    return owner


_OWNED_THROUGH = frozenset(
    {schema.HAS_DECISION, schema.HAS_ATTACHMENT, schema.FROM_DOCUMENT, schema.HAS_ITEM}
)


def is_stub(d: dict[str, Any]) -> bool:
    """Whether ``d`` are the attributes of a meeting known only from a reference.

    >>> is_stub({"type": "Meeting", "documented": False}), is_stub({"type": "Meeting"})
    (True, True)
    """
    return d.get("type") == schema.MEETING and not d.get("documented")


def part_of_graph(G: nx.MultiDiGraph) -> Part:
    """``G`` (one partition's derived graph) in bundles (the attribute dicts are shared)."""
    return part_and_owners(G)[0]


def part_and_owners(G: nx.MultiDiGraph) -> tuple[Part, dict[str, str]]:
    """:func:`part_of_graph` of ``G``, and the bundle owning each node a meeting owns
    (:func:`owners`; the others are in :data:`SHARED`)."""
    owner = owners(G)
    nodes, succ = G._node, G._succ
    bundles: dict[str, Bundle] = {n: Bundle([], []) for n in nodes if owner.get(n) == n}
    bundles[SHARED] = Bundle([], [])
    copies: dict[str, set[str]] = {key: set() for key in bundles}
    for node, d in nodes.items():
        bundles[owner.get(node, SHARED)].nodes.append((node, d))
    needs: dict[str, set[str]] = {key: set() for key in bundles}
    for u, nbrs in succ.items():
        ou = owner.get(u, SHARED)
        for v, keys in nbrs.items():
            ov = owner.get(v, SHARED)
            homes = [ou] if ou == ov else [h for h in (ou, ov) if h != SHARED]
            for k, d in keys.items():
                for here in homes:
                    bundles[here].edges.append((u, v, k, d))
                    for end, end_owner in ((u, ou), (v, ov)):
                        if end_owner != here and end not in copies[here]:
                            copies[here].add(end)
                            bundles[here].nodes.append((end, nodes[end]))
                            if end_owner != SHARED and is_stub(nodes[end]):
                                needs[here].add(end_owner)
    matters: dict[str, list[str]] = {}
    item_matter: dict[str, str] = {}
    for node, d in nodes.items():
        if d.get("type") == schema.MATTER:
            items = [i for i in d.get("items") or () if i in owner]
            matters[node] = sorted({owner[i] for i in items})
            item_matter.update(dict.fromkeys(items, node))
    part = Part(bundles, {k: sorted(v) for k, v in needs.items() if v}, matters, item_matter)
    return part, owner


def _merge_attrs(old: dict[str, Any], new: dict[str, Any]) -> None:
    if old is new or old == new:  # most copies (a person in each meeting's bundle) are equal
        return
    if old.get("documented") is False and new.get("documented") is True:
        old.clear()
        old.update(new)
        return
    for name, value in new.items():
        if name not in old:
            old[name] = value
        elif isinstance(value, list) and isinstance(old[name], list):
            old[name] = old[name] + [v for v in value if v not in old[name]]


def merge_bundles(bundles: Iterable[Bundle], graph: BundleGraph | None = None) -> nx.MultiDiGraph:
    """One graph of ``bundles``, in their order (see the module): a networkx graph, or
    ``graph`` (an empty :class:`graph.bundle_graph.BundleGraph`, for a question that reads
    it without importing networkx) filled.

    The graph is built anew from the lists, so the same bundles give the same graph
    (node and edge order included) whether they were just derived or read back.

    >>> b = Bundle([("meeting:a", {"type": "Meeting"})],
    ...            [("person:x", "meeting:a", "ATTENDED", {})])
    >>> small = merge_bundles([b], BundleGraph())
    >>> list(small.nodes(data=True)) == list(merge_bundles([b]).nodes(data=True))
    True
    """
    if graph is None:
        import networkx  # startup time: not for the questions that read a BundleGraph

        G = networkx.MultiDiGraph()
    else:
        G = graph
    nodes = G._node  # the documented mapping behind G.nodes, without a view per call
    for bundle in bundles:
        for key, attrs in bundle.nodes:
            found = nodes.get(key)
            if found is None:
                G.add_node(key, **attrs)
            else:
                _merge_attrs(found, attrs)
        for u, v, k, attrs in bundle.edges:
            if not G.has_edge(u, v, k):
                G.add_edge(u, v, key=k, **attrs)
    return G


def merge_parts(parts: Iterable[Part]) -> nx.MultiDiGraph:
    """The graph of whole ``parts``: every bundle, part after part."""
    return merge_bundles(b for part in parts for b in part.bundles.values())


__all__ = [
    "NO_MUNICIPALITY",
    "SHARED",
    "Bundle",
    "Part",
    "closure",
    "is_stub",
    "item_meeting",
    "merge_bundles",
    "merge_parts",
    "owners",
    "part_and_owners",
    "part_of_graph",
    "partition_of",
]
