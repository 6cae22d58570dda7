"""What each page of ``casegraph serve`` shows, as plain data: also its JSON twin.

Where the CLI answers the same question, the page's data is that answer's ``to_dict()``
(``search --json``, ``case --json``, ``attended --json``, ``person --json``, ``meetings
--json``); a meeting and a forum, which no single command answers, are built here from the
same fields.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import networkx as nx

from core import schema
from core.errors import NoMatchError
from graph.neighbours import sources, targets
from outputs.html.path import deciding_index
from queries.attended import attended
from queries.meetings import list_meetings, meeting_fields, meeting_items
from queries.person import person
from queries.search import SearchHit, SearchResults, search
from queries.timeline import case_timeline
from store.sqlite import RecordStore

__all__ = [
    "PER_PAGE",
    "forum_data",
    "matter_data",
    "meeting_data",
    "person_data",
    "search_data",
    "source_url",
]

PER_PAGE = 20
SEARCH_CAP = 1000  # hits fetched before filtering by forum and date


def source_url(G: nx.MultiDiGraph, key: str | None) -> str | None:
    """The link to the source file and first line of node ``key``, or None."""
    if not key or key not in G:
        return None
    d = G.nodes[key]
    path = d.get("source_path")
    if not path:
        return None
    line = d.get("first_line") or 1
    return f"/source?{urlencode({'path': path, 'line': line})}#L{line}"


def _require(G: nx.MultiDiGraph, key: str, kind: str) -> dict[str, Any]:
    if key not in G or G.nodes[key].get("type") != kind:
        raise NoMatchError(f"no {kind.lower()} {key!r} in the store")
    return dict(G.nodes[key])


def search_data(
    store: RecordStore,
    text: str,
    *,
    forum: str = "",
    date_from: str = "",
    date_to: str = "",
    page: int = 1,
) -> dict[str, Any]:
    """``search --json``'s answer for one page of hits, filtered by forum and dates.

    Hits are fetched as far as the page needs (each carries a snippet, which costs), up to
    ``SEARCH_CAP``; ``paging.more`` says that more hits may follow the last one counted.
    """
    want = max(page, 1) * PER_PAGE + 1
    filtered = bool(forum or date_from or date_to)
    limit = min(want if not filtered else 10 * want, SEARCH_CAP)
    while True:
        try:
            found = search(store, text, limit=limit).results
        except NoMatchError:
            found = ()
        hits = [
            h
            for h in found
            if (not forum or h.forum.casefold() == forum.casefold())
            and (not date_from or h.date >= date_from)
            and (not date_to or h.date <= date_to)
        ]
        more = len(found) >= limit
        if not more or len(hits) >= want or limit >= SEARCH_CAP:
            break
        limit = min(limit * 5, SEARCH_CAP)
    pages = max(1, -(-len(hits) // PER_PAGE))
    page = min(max(page, 1), pages)
    shown: tuple[SearchHit, ...] = tuple(hits[(page - 1) * PER_PAGE : page * PER_PAGE])
    data = SearchResults(query=text, results=shown).to_dict()
    data["filters"] = {"forum": forum, "from": date_from, "to": date_to}
    data["paging"] = {
        "page": page,
        "pages": pages,
        "per_page": PER_PAGE,
        "total": len(hits),
        "more": more and len(hits) >= want,
    }
    return data


def meeting_data(G: nx.MultiDiGraph, key: str) -> dict[str, Any]:
    """A meeting: its fields, attendance, and items with outcome, decision and matter."""
    d = _require(G, key, schema.MEETING)
    items = []
    for item in meeting_items(G, key):
        di = G.nodes[item]
        matter = next(iter(targets(G, item, schema.PART_OF)), None)
        items.append(
            {
                "id": item,
                "number": di.get("number"),
                "title": di.get("title"),
                "outcome": di.get("outcome"),
                "decision": di.get("decision"),
                "case_numbers": list(di.get("case_numbers") or ()),
                "matter": matter,
                "matter_label": G.nodes[matter].get("label") if matter else None,
                "guests": sorted(str(G.nodes[p].get("name")) for p in sources(G, item, "GUEST_AT")),
                "source": _source(di),
            }
        )
    people = {
        kind: sorted((G.nodes[p].get("name"), p) for p in sources(G, key, kind))
        for kind in (schema.ATTENDED, schema.ABSENT_FROM)
    }
    return {
        **meeting_fields(G, key),
        "documented": bool(d.get("documented")),
        "attendance_recorded": bool(d.get("attendance_recorded")),
        "attendees": [{"id": p, "name": n} for n, p in people[schema.ATTENDED]],
        "absent": [{"id": p, "name": n} for n, p in people[schema.ABSENT_FROM]],
        "source": _source(d),
        "items": items,
    }


def _source(d: dict[str, Any]) -> dict[str, Any] | None:
    if not d.get("source_path"):
        return None
    return {
        "path": d["source_path"],
        "first_line": d.get("first_line"),
        "last_line": d.get("last_line"),
    }


def matter_data(G: nx.MultiDiGraph, key: str) -> dict[str, Any]:
    """``case --json`` and ``attended --json`` for one matter, and its deciding step."""
    _require(G, key, schema.MATTER)
    timeline = case_timeline(G, key, limit=1)
    steps = timeline.matters[0].items
    return {
        "case": timeline.to_dict(),
        "attended": attended(G, key).to_dict(),
        "deciding_step": deciding_index(steps),
    }


def person_data(G: nx.MultiDiGraph, key: str) -> dict[str, Any]:
    """``person --json`` for one person."""
    _require(G, key, schema.PERSON)
    return person(G, key).to_dict()


def forum_data(G: nx.MultiDiGraph, name: str) -> dict[str, Any]:
    """``meetings --forum NAME --json``, and the matters that passed through the forum."""
    meetings = list_meetings(G, forum=name)
    if not len(meetings):
        raise NoMatchError(f"no forum {name!r} with minutes in the store")
    keys = {row.id for row in meetings}
    matters: dict[str, dict[str, Any]] = {}
    for key in keys:
        for item in meeting_items(G, key):
            for m in targets(G, item, schema.PART_OF):
                entry = matters.setdefault(
                    m, {"id": m, "label": G.nodes[m].get("label"), "steps": 0, "first": None}
                )
                entry["steps"] = len(G.nodes[m].get("items") or ())
                date = G.nodes[item].get("date")
                entry["first"] = min(filter(None, (entry["first"], date)), default=None)
    return {
        "forum": name,
        "meetings": meetings.to_json(),
        "matters": sorted(matters.values(), key=lambda m: (m["first"] or "", m["id"])),
    }
