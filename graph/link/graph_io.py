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
from core.records import Document
from core.schema import matter_key, meeting_key, normalise_case_number, scope_of_key
from core.text import slug
from graph.build import add_stub_meeting
from graph.link.incremental import LinkCache, Mention
from graph.link.linker import link_items
from graph.link.model import LinkItem, LinkReport, LinkSettings
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
            prepared_meeting(title, date, self.words) if any(c.isdigit() for c in title) else None
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
    for key, d in G.nodes(data=True):
        if d.get("type") != schema.AGENDA_ITEM:
            continue
        own, date, title, text = d["meeting"], d["date"], d.get("title") or "", d.get("text") or ""
        prepares, mentioned, found = finder.item(key, own, date, title, text, d.get("decision"))
        earlier: list[tuple[str, int | None]] = []
        for _, dkey, k in G.out_edges(key, keys=True):
            if k != schema.HAS_DECISION or not G.nodes[dkey].get("earlier"):
                continue
            for _, mkey, k2 in G.out_edges(dkey, keys=True):
                if k2 == schema.DECIDED_AT:
                    m = G.nodes[mkey]
                    mkey = finder.meeting(m.get("forum") or "", m["date"], scope_of_key(mkey))
                    earlier.append((mkey, G.nodes[dkey].get("item_number")))
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
    """:class:`LinkItem` of every agenda item of ``documents``, without building a graph.

    The same items as :func:`items_from_graph` gives for the graph of these documents; the
    benchmark uses it to link a million items without holding a million-node graph.
    """
    docs = list(documents)
    finder = _Mentions((d.meeting.forum for d in docs), (d.meeting.key for d in docs))
    items: dict[str, LinkItem] = {}
    for doc in docs:
        meeting = doc.meeting
        for item in meeting.items:
            key = item.key(meeting.key)
            text = item.text
            prepares, mentioned, _ = finder.item(
                key, meeting.key, meeting.date, item.title, text, item.decision
            )
            earlier = sorted(
                {
                    (finder.meeting(e.forum, e.date, meeting.scope), e.item_number)
                    for e in item.earlier_decisions
                },
                key=lambda e: (e[0], e[1] or 0),
            )
            items[key] = LinkItem(
                key=key,
                meeting=meeting.key,
                forum=meeting.forum,
                date=meeting.date,
                number=item.number,
                title=item.title,
                text=text,
                case_numbers=tuple(normalise_case_number(c) for c in item.case_numbers),
                mentions=mentioned,
                earlier=tuple(earlier),
                prepares=prepares,
                municipality=meeting.municipality,
            )
    return [items[k] for k in sorted(items)]


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

    stubs = prepares = refers = 0
    for key, found in sorted(meeting_edges.items()):
        for edge, forum, date, text in found:
            scope = scope_of_key(G.nodes[key]["meeting"])
            target, created = add_stub_meeting(G, forum, date, scope=scope, stub_by="link")
            stubs += created
            G.add_edge(key, target, key=edge, type=edge, text=text, **_provenance(G.nodes[key]))
            prepares += edge == schema.PREPARES
            refers += edge == schema.REFERS_TO

    continues = multi = 0
    # Steps of one day in the order of their meetings: a committee at 14:00, Økonomiudvalget at
    # 14:30 and Byrådet at 17:00 are one path, not three forums in alphabetical order.
    start = {it.meeting: G.nodes[it.meeting].get("start") or "" for it in items}
    for matter in result.matters:
        matter = sorted(
            matter, key=lambda i: (items[i].date, start[items[i].meeting], items[i].forum)
        )
        keys = [items[i].key for i in matter]
        mkey = matter_key(keys[0])
        G.add_node(mkey, type=schema.MATTER, label=items[matter[-1]].title, items=keys)
        for k in keys:
            G.add_edge(k, mkey, key=schema.PART_OF, type=schema.PART_OF)
        if len(matter) > 1:
            multi += 1
        for i, j in itertools.pairwise(matter):
            link = result.links.get((i, j)) or result.links[(j, i)]
            G.add_edge(
                items[i].key,
                items[j].key,
                key=schema.CONTINUES,
                type=schema.CONTINUES,
                evidence=list(link.evidence),
                score=link.score,
            )
            continues += 1
    return LinkReport(
        items=len(items),
        routine_items=len(result.routine),
        matters=len(result.matters),
        multi_item_matters=multi,
        candidates=result.candidates,
        links=result.scored,
        continues=continues,
        prepares=prepares,
        refers_to=refers,
        stub_meetings=stubs,
        standing_numbers=tuple(sorted(result.standing)),
        seconds=round(time.perf_counter() - started, 4),
    )
