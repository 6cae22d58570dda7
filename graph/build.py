"""Build the embedded networkx graph from extracted records.

The graph follows ``docs/schema.md``: node ids are natural keys, every node has a
``type``, and every edge's MultiDiGraph key is its type, so building twice, or
adding the same document again, changes nothing.

>>> from core.records import Document, Meeting, AgendaItem, Source
>>> src = Source("a.txt", "f" * 64, 1, 9)
>>> item = AgendaItem(number=1, title="Tidsplan", source=src, case_numbers=("S2019-75",))
>>> meeting = Meeting(forum="Direktionen", date="2021-01-07", source=src,
...                   attendees=("Gitte Clemmensen",), attendance_recorded=True, items=(item,))
>>> G = build_graph([Document(path="a.txt", sha256="f" * 64, meeting=meeting)])
>>> sorted({d["type"] for _, d in G.nodes(data=True)})
['AgendaItem', 'Case', 'Document', 'Forum', 'Meeting', 'Person']
>>> G.nodes["meeting:direktionen:2021-01-07"]["documented"]
True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from core import schema
from core.records import AgendaItem, Document, EarlierDecision, Meeting, Source, Vote
from core.schema import (
    case_key,
    decision_key,
    earlier_decision_key,
    forum_key,
    meeting_key,
    normalise_case_number,
    person_key,
)
from extract.outcome import read_decision


def provenance(source: Source | None) -> dict[str, Any]:
    """Provenance attributes for a node or edge."""
    if source is None:
        return {}
    return {
        "source_path": source.path,
        "sha256": source.sha256,
        "first_line": source.first_line,
        "last_line": source.last_line,
    }


def _edge(G: nx.MultiDiGraph, u: str, v: str, type_: str, **attrs: Any) -> None:
    """``G.add_edge(u, v, key=type_, type=type_, **attrs)``, written into the graph's own
    mappings (networkx's documented storage, as :func:`graph.partition.part_of_graph` reads
    them): a third of the building time went to ``add_edge``'s checks. :func:`build_graph`
    clears networkx's cache once at the end."""
    succ = G._succ
    if u not in succ:
        G.add_node(u)
    if v not in succ:
        G.add_node(v)
    keydict = succ[u].get(v)
    if keydict is None:
        keydict = succ[u][v] = G._pred[v][u] = {}
    data = keydict.get(type_)
    if data is None:
        keydict[type_] = {"type": type_, **attrs}
    else:
        data["type"] = type_
        data.update(attrs)


def _meeting_attrs(meeting: Meeting, doc: Document) -> dict[str, Any]:
    return {
        "type": schema.MEETING,
        **{name: getattr(meeting, name) for name in schema.MEETING_FIELDS},
        "documented": True,
        "attendance_recorded": meeting.attendance_recorded,
        "status": meeting.status,
        "attendees": list(meeting.attendees),
        "invited": list(meeting.invited),
        "staff": list(meeting.staff),
        "absent": list(meeting.absent),
        "municipality": meeting.municipality,
        "scope": meeting.scope,
        "title": doc.title,
        "reader": meeting.reader,
        "confidence": meeting.confidence,
        **provenance(meeting.source),
    }


def add_stub_meeting(
    G: nx.MultiDiGraph,
    forum: str,
    date: str,
    term: str | None = None,
    *,
    scope: str | None = None,
    **extra: Any,
) -> tuple[str, bool]:
    """Add a meeting known only from a reference, unless it is there; True if it was added.

    >>> G = nx.MultiDiGraph()
    >>> add_stub_meeting(G, "Direktionen", "2020-12-09")
    ('meeting:direktionen:2020-12-09', True)
    >>> G.nodes["meeting:direktionen:2020-12-09"]["documented"]
    False
    """
    key = meeting_key(forum, date, scope)
    created = key not in G
    if created:
        known = {"forum": forum, "term": term, "date": date}
        G.add_node(
            key,
            type=schema.MEETING,
            **{name: known.get(name) for name in schema.MEETING_FIELDS},
            documented=False,
            attendance_recorded=False,
            # Known from an earlier decision taken there: held, its attendance unknown.
            status="held-no-attendance",
            attendees=[],
            invited=[],
            staff=[],
            absent=[],
            municipality=None,
            scope=scope,
            title=None,
            **extra,
        )
    _edge(G, key, _add_forum(G, forum, scope), schema.OF_FORUM)
    return key, created


def _add_forum(G: nx.MultiDiGraph, name: str, scope: str | None = None) -> str:
    key = forum_key(name, scope)
    if key not in G:
        G.add_node(key, type=schema.FORUM, name=name)
    return key


def add_person(G: nx.MultiDiGraph, name: str) -> str:
    """Add the person named ``name`` (a full name) unless it is there; return its key.

    >>> G = nx.MultiDiGraph()
    >>> add_person(G, "Åse Nielsen"), G.nodes["person:aase-nielsen"]["aliases"]
    ('person:aase-nielsen', [])
    """
    key = person_key(name)
    if key not in G:
        G.add_node(key, type=schema.PERSON, name=name, aliases=[], roles=[])
    return key


def _at(values: tuple[str | None, ...], i: int) -> str | None:
    return values[i] if i < len(values) else None


def add_document(G: nx.MultiDiGraph, doc: Document) -> None:
    """Add one document's records to ``G`` (idempotent)."""
    meeting = doc.meeting
    mkey = meeting.key
    G.add_node(
        doc.key,
        type=schema.DOCUMENT,
        path=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        title=doc.title,
    )
    # A documented meeting replaces a stub of the same key.
    G.add_node(mkey, **_meeting_attrs(meeting, doc))
    _edge(G, mkey, _add_forum(G, meeting.forum, meeting.scope), schema.OF_FORUM)
    _edge(G, mkey, doc.key, schema.FROM_DOCUMENT)
    for i, name in enumerate(meeting.attendees):
        extra = {}
        party = _at(meeting.attendee_parties, i)
        role = _at(meeting.attendee_roles, i)
        if party:
            extra["party"] = party
        if role:
            extra["role"] = role
        pkey = add_person(G, name)
        _edge(G, pkey, mkey, schema.ATTENDED, **extra, **provenance(meeting.source))
        if role and role not in G.nodes[pkey]["roles"]:
            G.nodes[pkey]["roles"].append(role)
    for name in meeting.staff:  # in the room, not a member (a secretary, a guest)
        pkey = add_person(G, name)
        _edge(G, pkey, mkey, schema.ATTENDED, member=False, **provenance(meeting.source))
    for name in meeting.invited:
        _edge(G, add_person(G, name), mkey, schema.INVITED_TO, **provenance(meeting.source))
    for name in meeting.absent:
        _edge(G, add_person(G, name), mkey, schema.ABSENT_FROM, **provenance(meeting.source))
    for item in meeting.items:
        _add_item(G, doc, meeting, mkey, item)


def vote_dicts(votes: Iterable[Vote]) -> list[dict[str, Any]]:
    """Votes as graph data: ``position``, ``voters`` (as printed), ``count``, ``point``.

    >>> vote_dicts([Vote("against", ("(Ø)",))])
    [{'position': 'against', 'voters': ['(Ø)'], 'count': None, 'point': None}]
    """
    return [
        {"position": v.position, "voters": list(v.voters), "count": v.count, "point": v.point}
        for v in votes
    ]


def _add_item(
    G: nx.MultiDiGraph, doc: Document, meeting: Meeting, mkey: str, item: AgendaItem
) -> None:
    ikey = item.key(mkey)
    G.add_node(
        ikey,
        type=schema.AGENDA_ITEM,
        number=item.number,
        title=item.title,
        public=item.public,
        case_numbers=[normalise_case_number(c) for c in item.case_numbers],
        document_numbers=list(item.document_numbers),
        outcome=item.outcome,
        forwarded_to=item.forwarded_to,
        votes=vote_dicts(item.votes),
        decision=item.decision,
        text=item.text,
        meeting=mkey,
        forum=meeting.forum,
        date=meeting.date,
        **provenance(item.source),
    )
    _edge(G, mkey, ikey, schema.HAS_ITEM)
    _edge(G, ikey, doc.key, schema.FROM_DOCUMENT)
    for number in item.case_numbers:
        ckey = case_key(number)
        if ckey not in G:
            G.add_node(ckey, type=schema.CASE, number=normalise_case_number(number))
        _edge(G, ikey, ckey, schema.ABOUT_CASE)
    for attachment in item.attachments:
        akey = attachment.key(ikey)
        G.add_node(
            akey,
            type=schema.ATTACHMENT,
            title=attachment.title,
            number=attachment.number,
            **provenance(attachment.source),
        )
        _edge(G, ikey, akey, schema.HAS_ATTACHMENT)
    if item.decision is not None:
        dkey = decision_key(ikey)
        G.add_node(
            dkey,
            type=schema.DECISION,
            text=item.decision,
            outcome=item.outcome,
            forwarded_to=item.forwarded_to,
            votes=vote_dicts(item.votes),
            forum=meeting.forum,
            date=meeting.date,
            earlier=False,
            **provenance(item.source),
        )
        _edge(G, ikey, dkey, schema.HAS_DECISION)
        _edge(G, dkey, mkey, schema.DECIDED_AT)
    for earlier in item.earlier_decisions:
        _add_earlier_decision(G, ikey, earlier, meeting.scope)
    for name in item.participants:
        _edge(G, add_person(G, name), ikey, schema.GUEST_AT, **provenance(item.source))
    for name in item.absent_for_item:
        _edge(
            G,
            add_person(G, name),
            ikey,
            schema.ABSENT_FROM,
            scope="item",
            **provenance(item.source),
        )


def _add_earlier_decision(
    G: nx.MultiDiGraph, ikey: str, earlier: EarlierDecision, scope: str | None
) -> None:
    stub, _ = add_stub_meeting(G, earlier.forum, earlier.date, earlier.term, scope=scope)
    if earlier.start and G.nodes[stub].get("start") is None and not G.nodes[stub]["documented"]:
        G.nodes[stub]["start"] = earlier.start
    dkey = earlier_decision_key(ikey, earlier.forum, earlier.date)
    reading = read_decision(earlier.text)
    G.add_node(
        dkey,
        type=schema.DECISION,
        text=earlier.text,
        # What that meeting decided, read from the text carried along (Aarhus: "Fremsendes
        # til Aarhus Byråd med bemærkning, at Magistraten ... anbefaler ..." -> recommended).
        outcome=reading.outcome,
        forwarded_to=reading.forwarded_to,
        votes=vote_dicts(reading.votes),
        forum=earlier.forum,
        date=earlier.date,
        earlier=True,
        item_number=earlier.item_number,
        **provenance(earlier.source),
    )
    _edge(G, ikey, dkey, schema.HAS_DECISION)
    _edge(G, dkey, stub, schema.DECIDED_AT)
    for name in earlier.absent:
        _edge(G, add_person(G, name), stub, schema.ABSENT_FROM, **provenance(earlier.source))


def build_graph(documents: Iterable[Document], marks: list[int] | None = None) -> nx.MultiDiGraph:
    """Build the graph of ``documents`` in one pass.

    Documented meetings are added before any stub so that a stub never hides
    a document's attributes, whatever the order of ``documents``. ``marks``, when given,
    gets the number of nodes after the meetings, then after each document (where each
    document's nodes are in the graph's order: :mod:`graph.meeting_build`).
    """
    G = nx.MultiDiGraph()
    docs = list(documents)
    for doc in docs:
        G.add_node(doc.meeting.key, **_meeting_attrs(doc.meeting, doc))
    if marks is not None:
        marks.append(len(G._node))
    for doc in docs:
        add_document(G, doc)
        if marks is not None:
            marks.append(len(G._node))
    nx._clear_cache(G)  # edges were written without add_edge (see _edge)
    return G


def release_views(G: nx.MultiDiGraph) -> None:
    """Drop the views networkx keeps on ``G`` that hold ``G`` itself (``G.edges``,
    ``G.out_edges``, degree views): each is a reference cycle, so a graph once asked for
    one is freed only by the cyclic garbage collector, with everything it holds (a
    14,285-item partition: 185,000 adjacency dicts). Without them, reference counting
    frees the graph when its last name goes; the views are made again when asked for.

    >>> import weakref
    >>> from core.memory import gc_paused
    >>> def freed(release: bool) -> bool:
    ...     with gc_paused():
    ...         G = nx.MultiDiGraph([("a", "b")])
    ...         len(G.edges)  # networkx keeps the view on G
    ...         if release:
    ...             release_views(G)
    ...         alive = weakref.ref(G)
    ...         del G
    ...         return alive() is None
    >>> freed(False), freed(True)
    (False, True)
    """
    for name in [k for k, v in vars(G).items() if getattr(v, "_graph", None) is G]:
        delattr(G, name)
