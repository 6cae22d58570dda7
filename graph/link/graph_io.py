"""The linker on the graph: items read from a graph or documents, matters written back."""

from __future__ import annotations

import hashlib
import itertools
import marshal
import time
from collections.abc import Iterable
from typing import Any

import networkx as nx

from core import schema
from core.records import AgendaItem, Document, Meeting
from core.schema import (
    earlier_decision_key,
    meeting_key,
    normalise_case_number,
    scope_of_key,
)
from core.text import slug
from graph.build import add_stub_meeting
from graph.link.incremental import LinkCache, Mention
from graph.link.linker import link_items
from graph.link.model import LinkItem, LinkReport, LinkSettings
from graph.link.output import LinkOutput, link_output
from graph.meeting_refs import (
    ForumWords,
    MeetingMention,
    find_meeting_mentions,
    prepared_meeting,
)

_OWN_EDGES = (schema.CONTINUES, schema.PART_OF, schema.PREPARES, schema.REFERS_TO)


def _clear(G: nx.MultiDiGraph) -> None:
    """Remove what an earlier run added: matters, own edges, and stubs left unused."""
    G.remove_nodes_from([n for n, d in G.nodes(data=True) if d.get("type") == schema.MATTER])
    own = [(u, v, k) for u, v, k in G.edges(keys=True) if k in _OWN_EDGES]
    G.remove_edges_from(own)
    stubs = [
        n
        for n, d in G.nodes(data=True)
        if d.get("type") == schema.MEETING and d.get("stub_by") == "link" and G.in_degree(n) == 0
    ]
    forums = {v for n in stubs for v in G.successors(n)}
    G.remove_nodes_from(stubs)
    G.remove_nodes_from([f for f in forums if G.degree(f) == 0])


def _provenance(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d[k] for k in ("source_path", "sha256", "first_line", "last_line") if k in d}


class _Mentions:
    """Finds the meetings an item names, resolving forum names against the known forums."""

    def __init__(
        self, forums: Iterable[str], documented: Iterable[str], cache: LinkCache | None = None
    ) -> None:
        self.words = ForumWords.of(forums)
        # The mentions found in each item's text by the last link (kept in ``cache``).
        self.cache = cache
        self.known = {} if cache is None else cache.mentions
        self.found: dict[str, tuple[bytes, list[Mention]]] = {}
        self.names = hashlib.blake2b(marshal.dumps(self.words.names), digest_size=16).digest()
        self.forums = list(self.words.names)
        self.documented = set(documented)
        self.by_slug: dict[str, str] = {}
        for name in self.forums:
            s = slug(name)
            self.by_slug.setdefault(s, name)
            # "Byrådet" names "Aarhus Byråd"; "Økonomiudvalget" names "Økonomiudvalg".
            for suffix in ("et", "en"):
                self.by_slug.setdefault(s + suffix, name)
            last = s.rsplit("-", 1)[-1]
            for variant in (last, last + "et", last + "en"):
                self.by_slug.setdefault(variant, name)

    def forum(self, name: str) -> str:
        return self.by_slug.get(slug(name), name)

    def meeting(self, forum: str, date: str, scope: str | None) -> str:
        """The key of the meeting a carried decision names: the documented meeting of that
        forum's known name ("Byrådet besluttede den 8. september 2025" is Greve's Byråd)."""
        key = meeting_key(forum, date, scope)
        known = meeting_key(self.forum(forum), date, scope)
        return known if key not in self.documented and known in self.documented else key

    def mentions(self, key: str, body: str, date: str) -> list[MeetingMention]:
        """:func:`find_meeting_mentions` of an item's text, from the cache when the text,
        the date and the forum names are those of the last link."""
        if self.cache is None:
            return find_meeting_mentions(body, date, self.words)
        digest = hashlib.blake2b(body.encode(), digest_size=16, key=self.names)
        digest.update(date.encode())
        known = self.known.get(key)
        if known is not None and known[0] == digest.digest():
            self.found[key] = known
            return [MeetingMention(*m) for m in known[1]]
        found = find_meeting_mentions(body, date, self.words)
        self.found[key] = (
            digest.digest(),
            [(m.forum, m.date, m.text, m.start, m.end, m.formal) for m in found],
        )
        return found

    def item(
        self,
        key: str,
        meeting: str,
        date: str,
        title: str,
        text: str,
        decision: str | None,
    ) -> tuple[str | None, tuple[str, ...], list[tuple[str, str, str, str]]]:
        """``(prepared meeting key, mentioned meeting keys, edges to add)`` of one item."""
        found: list[tuple[str, str, str, str]] = []
        prepares = None
        # Only a title with a number can name a meeting ("Strategisk Chefforum 13. jan. 2021").
        prepared = (
            prepared_meeting(title, date, self.words) if any(map(str.isdigit, title)) else None
        )
        if prepared is not None:
            forum = self.forum(prepared[0])
            target = meeting_key(forum, prepared[1], scope_of_key(meeting))
            if target != meeting:
                prepares = target
                found.append((schema.PREPARES, forum, prepared[1], title))
        mentioned: list[str] = []
        body = f"{text}\n{decision}" if decision else text
        for m in self.mentions(key, body, date):
            forum = self.forum(m.forum)
            target = meeting_key(forum, m.date, scope_of_key(meeting))
            if target in (meeting, prepares) or target in mentioned:
                continue
            if not m.formal and target not in self.documented:
                continue  # "sendes til direktionen d. 8. juni" is a deadline, not a meeting
            mentioned.append(target)
            found.append((schema.REFERS_TO, forum, m.date, " ".join(m.text.split())))
        return prepares, tuple(mentioned), found


def items_from_graph(
    G: nx.MultiDiGraph, cache: LinkCache | None = None
) -> tuple[list[LinkItem], dict[str, list[tuple[str, str, str, str]]]]:
    """:class:`LinkItem` of every agenda item in ``G``, and the meeting edges to add.

    The second value maps an item key to ``(edge type, forum, date, text)`` for the
    ``PREPARES`` and ``REFERS_TO`` edges of the meetings it names. ``cache``: the meetings
    the texts name, as the last link found them (and then as this one does).
    """
    meetings = {n: d for n, d in G.nodes(data=True) if d.get("type") == schema.MEETING}
    finder = _Mentions(
        (d["forum"] for d in meetings.values() if d.get("forum")),
        (n for n, d in meetings.items() if d.get("documented")),
        cache,
    )
    items: list[LinkItem] = []
    edges: dict[str, list[tuple[str, str, str, str]]] = {}
    succ, nodes = G.succ, G.nodes
    for key, d in G.nodes(data=True):
        if d.get("type") != schema.AGENDA_ITEM:
            continue
        own, date, title, text = d["meeting"], d["date"], d.get("title") or "", d.get("text") or ""
        prepares, mentioned, found = finder.item(key, own, date, title, text, d.get("decision"))
        earlier: list[tuple[str, int | None]] = []
        # The adjacency read directly (an edge view per item costs more than the item).
        for dkey, kinds in succ[key].items():
            if schema.HAS_DECISION not in kinds or not nodes[dkey].get("earlier"):
                continue
            for mkey, kinds2 in succ[dkey].items():
                if schema.DECIDED_AT in kinds2:
                    m = nodes[mkey]
                    mkey = finder.meeting(m.get("forum") or "", m["date"], scope_of_key(mkey))
                    earlier.append((mkey, nodes[dkey].get("item_number")))
        items.append(
            LinkItem(
                key=key,
                meeting=own,
                forum=d.get("forum") or "",
                date=date,
                number=int(d.get("number") or 0),
                title=title,
                text=text,
                case_numbers=tuple(d.get("case_numbers") or ()),
                mentions=mentioned,
                earlier=tuple(sorted(earlier, key=lambda e: (e[0], e[1] or 0))),
                prepares=prepares,
                municipality=(meetings.get(own) or {}).get("municipality"),
            )
        )
        if found:
            edges[key] = found
    items.sort(key=lambda it: it.key)
    if cache is not None:
        cache.mentions = finder.found
    return items, edges


def items_from_documents(documents: Iterable[Document]) -> list[LinkItem]:
    """:class:`LinkItem` of every agenda item of ``documents``, without building a graph
    (:func:`link_input`; the benchmark links a million items without a million-node graph)."""
    return link_input(documents)[0]


def link_input(
    documents: Iterable[Document], cache: LinkCache | None = None
) -> tuple[list[LinkItem], dict[str, list[tuple[str, str, str, str]]]]:
    """What :func:`items_from_graph` gives for the graph of ``documents`` (built by
    :func:`graph.build.build_graph`, in this order), without building it: the items and
    the meeting edges to add.

    As the graph has it: a meeting or an item in several documents takes its fields from
    the last of them and the earlier decisions of all (one per forum and date); the forum
    names searched for in the texts are the documented meetings' and those of the meetings
    known only from an earlier decision (their first spelling).
    """
    docs = list(documents)
    meetings = {doc.meeting.key: doc.meeting for doc in docs}
    forum_of = {key: meeting.forum for key, meeting in meetings.items()}
    # Per item: the last document's item, and its earlier decisions by their key.
    found: dict[str, tuple[Meeting, AgendaItem]] = {}
    earlier: dict[str, dict[str, tuple[str, str, int | None]]] = {}
    for doc in docs:
        meeting = doc.meeting
        for item in meeting.items:
            key = item.key(meeting.key)
            found[key] = (meeting, item)
            carried = earlier.setdefault(key, {})
            for e in item.earlier_decisions:
                stub = meeting_key(e.forum, e.date, meeting.scope)
                forum_of.setdefault(stub, e.forum)
                carried[earlier_decision_key(key, e.forum, e.date)] = (stub, e.date, e.item_number)
    finder = _Mentions((f for f in forum_of.values() if f), meetings, cache)
    items: list[LinkItem] = []
    edges: dict[str, list[tuple[str, str, str, str]]] = {}
    for key in sorted(found):
        meeting, item = found[key]
        mkey = meeting.key
        prepares, mentioned, added = finder.item(
            key, mkey, meeting.date, item.title, item.text, item.decision
        )
        resolved = [
            (finder.meeting(forum_of[stub], date, scope_of_key(stub)), number)
            for stub, date, number in earlier[key].values()
        ]
        owner = meetings[mkey]
        items.append(
            LinkItem(
                key=key,
                meeting=mkey,
                forum=meeting.forum,
                date=meeting.date,
                number=item.number,
                title=item.title,
                text=item.text,
                case_numbers=tuple(normalise_case_number(c) for c in item.case_numbers),
                mentions=mentioned,
                earlier=tuple(sorted(resolved, key=lambda e: (e[0], e[1] or 0))),
                prepares=prepares,
                municipality=owner.municipality,
            )
        )
        if added:
            edges[key] = added
    if cache is not None:
        cache.mentions = finder.found
    return items, edges


def link_matters(
    G: nx.MultiDiGraph, settings: LinkSettings | None = None, cache: LinkCache | None = None
) -> LinkReport:
    """Add matters, ``CONTINUES``, ``PREPARES`` and ``REFERS_TO`` to ``G`` (in place).

    Anything an earlier run added is removed first, so running twice gives the same graph.
    A meeting that an item names but that no document records becomes a stub meeting
    (``documented: False``). ``cache`` (:class:`~graph.link.incremental.LinkCache`): what
    the last link of this graph's partition found, reused where its inputs did not change
    and replaced by what this link finds; the graph is the same as without it.

    >>> from core.records import AgendaItem, Document, Meeting, Source
    >>> from graph.build import build_graph
    >>> src = Source("a.txt", "a" * 64, 1, 9)
    >>> prep = AgendaItem(number=3, title="Strategisk Chefforum 13. jan. 2021", source=src)
    >>> doc = Document("a.txt", "a" * 64, Meeting("Direktionen", "2021-01-07", src, items=(prep,)))
    >>> G = build_graph([doc])
    >>> report = link_matters(G)
    >>> [v for _, v, k in G.out_edges("item:direktionen:2021-01-07:3", keys=True)
    ...  if k == "PREPARES"]
    ['meeting:strategisk-chefforum:2021-01-13']
    >>> G.nodes["meeting:strategisk-chefforum:2021-01-13"]["documented"]
    False
    """
    settings = settings or LinkSettings()
    started = time.perf_counter()
    _clear(G)
    items, meeting_edges = items_from_graph(G, cache)
    result = link_items(items, settings, cache=cache)
    start = {it.meeting: G.nodes[it.meeting].get("start") or "" for it in items}
    output = link_output(items, meeting_edges, result, start)
    stubs, prepares, refers = apply_links(G, output)
    return LinkReport(
        items=output.items,
        routine_items=output.routine_items,
        matters=len(output.matters),
        multi_item_matters=sum(len(keys) > 1 for _, _, keys in output.matters),
        candidates=output.candidates,
        links=output.links,
        continues=len(output.continues),
        prepares=prepares,
        refers_to=refers,
        stub_meetings=stubs,
        standing_numbers=output.standing_numbers,
        seconds=round(time.perf_counter() - started, 4),
    )


def apply_links(G: nx.MultiDiGraph, output: LinkOutput) -> tuple[int, int, int]:
    """Write ``output`` into ``G`` (whose items it links, the earlier link's additions
    removed): the meeting edges (stub meetings added where needed), the matters and their
    ``PART_OF`` and ``CONTINUES`` edges. Returns the stub meetings added, the ``PREPARES``
    and the ``REFERS_TO`` edges."""
    stubs = prepares = refers = 0
    for key, edge, scope, forum, date, text in output.meeting_edges:
        target, created = add_stub_meeting(G, forum, date, scope=scope, stub_by="link")
        stubs += created
        G.add_edge(key, target, key=edge, type=edge, text=text, **_provenance(G.nodes[key]))
        prepares += edge == schema.PREPARES
        refers += edge == schema.REFERS_TO
    steps = iter(output.continues)  # in the order of the matters, one fewer than items each
    for mkey, label, keys in output.matters:
        G.add_node(mkey, type=schema.MATTER, label=label, items=keys)
        for k in keys:
            G.add_edge(k, mkey, key=schema.PART_OF, type=schema.PART_OF)
        for a, b, evidence, score in itertools.islice(steps, len(keys) - 1):
            G.add_edge(
                a, b, key=schema.CONTINUES, type=schema.CONTINUES, evidence=evidence, score=score
            )
    return stubs, prepares, refers


def link_documents(
    documents: Iterable[Document],
    settings: LinkSettings | None = None,
    cache: LinkCache | None = None,
) -> LinkOutput:
    """What :func:`link_matters` adds to the graph of ``documents`` (built in this order by
    :func:`graph.build.build_graph`), as data, without building the graph: the same
    :class:`LinkOutput` (and the same use of ``cache``)."""
    docs = list(documents)
    items, edges = link_input(docs, cache)
    result = link_items(items, settings or LinkSettings(), cache=cache)
    start = {doc.meeting.key: doc.meeting.start or "" for doc in docs}
    return link_output(items, edges, result, start)
