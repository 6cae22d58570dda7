"""Choosing what a view draws: one matter's neighbourhood, or the whole graph within a cap.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
>>> overview(G, 10)
({'meeting:a:2021-01-07'}, '')
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx

from core import schema
from core.errors import NoMatchError, QueryError
from graph.neighbours import sources, targets
from outputs.html.nodes import matter_items, node_type
from outputs.html.style import RANK

__all__ = ["cap_nodes", "left_out_note", "overview", "select_matter"]


def select_matter(G: nx.MultiDiGraph, matter_key: str) -> set[str]:
    """The neighbourhood of one matter, as a set of node keys.

    The matter, its agenda items, their meetings and forums, decisions (and the
    meetings that took earlier decisions), attendees of those meetings, guests and
    presenters of the items, attachments, case numbers and referenced meetings.
    An agenda item's key is accepted too, for an item no matter links yet.

    Raises
    ------
    core.errors.NoMatchError
        When ``matter_key`` is not a matter (or item) of ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("matter:a:2021-01-07:4", type="Matter", label="Budget",
    ...            items=["item:a:2021-01-07:4"])
    >>> G.add_node("item:a:2021-01-07:4", type="AgendaItem", meeting="meeting:a:2021-01-07")
    >>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
    >>> G.add_edge("meeting:a:2021-01-07", "item:a:2021-01-07:4", key="HAS_ITEM")
    'HAS_ITEM'
    >>> sorted(select_matter(G, "matter:a:2021-01-07:4"))
    ['item:a:2021-01-07:4', 'matter:a:2021-01-07:4', 'meeting:a:2021-01-07']
    """
    if matter_key not in G or node_type(G, matter_key) not in (schema.MATTER, schema.AGENDA_ITEM):
        raise NoMatchError(
            f"{matter_key!r} is not a matter of the graph; give a key such as "
            "'matter:direktionen:2021-01-07:4' or use a query (case number or words)"
        )
    keep = {matter_key}
    items = [matter_key] if node_type(G, matter_key) == schema.AGENDA_ITEM else []
    items += matter_items(G, matter_key) if node_type(G, matter_key) == schema.MATTER else []
    meetings: set[str] = set()
    for item in items:
        keep.add(item)
        for _, v, k in G.out_edges(item, keys=True):
            if k in (
                schema.ABOUT_CASE,
                schema.HAS_ATTACHMENT,
                schema.REFERS_TO,
                schema.PREPARES,
                schema.PART_OF,
            ):
                keep.add(v)
            elif k == schema.HAS_DECISION:
                keep.add(v)
                keep.update(targets(G, v, schema.DECIDED_AT))
        for u, _, k in G.in_edges(item, keys=True):
            if k == schema.HAS_ITEM:
                meetings.add(u)
            elif k in (schema.GUEST_AT, schema.PRESENTED):
                keep.add(u)
    keep.update(meetings)
    for m in meetings:
        keep.update(sources(G, m, schema.ATTENDED))
    # Every meeting in view (held, earlier or referenced) brings its forum, for its lane.
    for n in list(keep):
        if node_type(G, n) == schema.MEETING:
            keep.update(targets(G, n, schema.OF_FORUM))
    return keep


def overview(G: nx.MultiDiGraph, max_nodes: int) -> tuple[set[str], str]:
    """The whole graph reduced to at most ``max_nodes`` nodes, and a note of what is left out.

    Whole kinds of node are added while they fit, most important first: forums and
    meetings, matters (longest first), agenda items, then decisions, cases and
    attachments, then people, then the rest. When the meetings alone do not fit, the
    newest take half the room and the rest goes to what touches them (their matters
    first). People left out are folded into the meetings' tooltips; documents are always
    left out, as every tooltip names its source file and line.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for d in ("2021-01-07", "2021-01-13"):
    ...     G.add_node(f"meeting:a:{d}", type="Meeting", forum="A", date=d)
    >>> G.add_node("person:x", type="Person", name="X")
    >>> keep, note = overview(G, 2)
    >>> sorted(keep)
    ['meeting:a:2021-01-07', 'meeting:a:2021-01-13']
    >>> note
    'left out: 1 person (folded into meeting tooltips)'
    """
    if max_nodes < 1:
        raise QueryError(f"--max-nodes must be at least 1, not {max_nodes}")
    nodes = [n for n, d in G.nodes(data=True) if d.get("type") != schema.DOCUMENT]
    kept, dropped, since = cap_nodes(G, nodes, max_nodes)
    documents = len(G) - len(nodes)
    if documents:
        dropped[schema.DOCUMENT] = documents
    return set(kept), left_out_note(dropped, since)


_TIERS: tuple[tuple[str, ...], ...] = (
    (schema.FORUM, schema.MEETING),
    (schema.MATTER,),
    (schema.AGENDA_ITEM,),
    (schema.DECISION, schema.CASE, schema.ATTACHMENT),
    (schema.PERSON,),
)


def cap_nodes(
    G: nx.MultiDiGraph, nodes: Iterable[str], max_nodes: int
) -> tuple[list[str], dict[str, int], str]:
    """At most ``max_nodes`` of ``nodes``, by tiers (see :func:`overview`).

    Returns the kept nodes (in the order given), the count left out per type, and the
    date of the oldest meeting kept when older meetings had to go ("" otherwise).
    """
    chosen = [n for n in dict.fromkeys(nodes) if n in G]
    if len(chosen) <= max_nodes:
        return chosen, {}, ""
    by_type: dict[str, list[str]] = defaultdict(list)
    for n in chosen:
        by_type[node_type(G, n)].append(n)
    tiered = {t for tier in _TIERS for t in tier}
    tiers = [*_TIERS, tuple(t for t in by_type if t not in tiered)]
    keep: set[str] = set()
    window: set[str] | None = None
    since = ""
    for depth, tier in enumerate(tiers):
        members = [n for t in tier for n in by_type.get(t, ())]
        if window is not None and depth > 0:
            members = [n for n in members if _touches(G, n, window, keep)]
        room = max_nodes - len(keep)
        if len(members) <= room:
            keep.update(members)
            continue
        if depth == 0:
            forums = set(by_type.get(schema.FORUM, ()))
            kept = _newest_meetings(G, by_type.get(schema.MEETING, []), forums, max(1, room // 2))
            keep.update(kept)
            window = {m for m in kept if node_type(G, m) == schema.MEETING}
            since = min((str(G.nodes[m].get("date")) for m in window), default="")
            continue
        if depth == 1:
            # Matters that travel furthest first: they are what the view is for.
            ranked = sorted(members, key=lambda m: (-len(G.nodes[m].get("items") or ()), m))
            keep.update(ranked[:room])
        break
    dropped = Counter(node_type(G, n) for n in chosen if n not in keep)
    return [n for n in chosen if n in keep], dict(dropped), since


def _touches(G: nx.MultiDiGraph, n: str, window: set[str], keep: set[str]) -> bool:
    """Whether ``n`` belongs with the meetings kept (``window``) or what is kept so far."""
    if node_type(G, n) == schema.MATTER:
        return any(G.nodes[i].get("meeting") in window for i in matter_items(G, n))
    return any(v in keep for v in G.succ[n]) or any(u in keep for u in G.pred[n])


def _newest_meetings(
    G: nx.MultiDiGraph, meetings: list[str], forums: set[str], room: int
) -> set[str]:
    """The newest meetings, with their forums (when among ``forums``), within ``room`` nodes."""
    keep: set[str] = set()
    for m in sorted(meetings, key=lambda m: (str(G.nodes[m].get("date")), m), reverse=True):
        new = [f for f in targets(G, m, schema.OF_FORUM) if f in forums and f not in keep]
        if len(keep) + 1 + len(new) > room:
            break
        keep.add(m)
        keep.update(new)
    return keep


def left_out_note(missing: dict[str, int], since: str = "") -> str:
    """What a view left out, in words.

    >>> left_out_note({"Person": 3, "Meeting": 10}, since="2021-01-07")
    'left out: 10 meetings before 2021-01-07, 3 people (folded into meeting tooltips)'
    """
    if not missing:
        return ""
    parts = []
    for t in sorted(missing, key=lambda t: (RANK.get(t, len(RANK)), t)):
        count = missing[t]
        word = _PLURAL.get(t, t.lower() + "s") if count != 1 else _SINGULAR.get(t, t.lower())
        part = f"{count:,} {word}"
        if t == schema.MEETING and since:
            part += f" before {since}"
        elif t == schema.PERSON:
            part += " (folded into meeting tooltips)"
        elif t == schema.DOCUMENT:
            part += " (named in the tooltips)"
        parts.append(part)
    return "left out: " + ", ".join(parts)


_SINGULAR = {schema.AGENDA_ITEM: "agenda item", schema.ORGANISATION: "organisation"}
_PLURAL = {schema.AGENDA_ITEM: "agenda items", schema.PERSON: "people", schema.MATTER: "matters"}
