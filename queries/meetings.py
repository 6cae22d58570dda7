"""List meetings, and the helpers other questions share to read the graph.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("meeting:direktionen:2021-01-07", type="Meeting", forum="Direktionen",
...            date="2021-01-07", documented=True)
>>> [m["id"] for m in list_meetings(G)]
['meeting:direktionen:2021-01-07']
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from core import schema
from core.errors import EmptyStoreError
from graph.neighbours import targets


def nodes_of_type(G: nx.MultiDiGraph, type_: str) -> list[str]:
    """Keys of every node of one type, sorted."""
    return sorted(n for n, d in G.nodes(data=True) if d.get("type") == type_)


EMPTY_STORE = (
    "the store holds no minutes yet; run `casegraph ingest PATH` first "
    "(for example `casegraph ingest examples/nordfyns`)"
)


def require_data(G: nx.MultiDiGraph) -> None:
    """Raise :class:`EmptyStoreError` when nothing has been ingested."""
    if not any(
        d.get("type") == schema.MEETING and d.get("documented") for _, d in G.nodes(data=True)
    ):
        raise EmptyStoreError(EMPTY_STORE)


def meeting_items(G: nx.MultiDiGraph, meeting: str) -> list[str]:
    """Item keys of a meeting in agenda order."""
    items = list(targets(G, meeting, schema.HAS_ITEM))
    return sorted(items, key=lambda i: G.nodes[i]["number"])


def meeting_fields(G: nx.MultiDiGraph, key: str) -> dict[str, Any]:
    """The fields every answer about a meeting starts with."""
    d = G.nodes[key]
    return {
        "id": key,
        "forum": d["forum"],
        "term": d.get("term"),
        "date": d["date"],
        "start": d.get("start"),
        "place": d.get("place"),
        "kind": d.get("kind"),
    }


def list_meetings(G: nx.MultiDiGraph, forum: str | None = None) -> list[dict[str, Any]]:
    """Documented meetings (optionally of one forum, case-insensitive), oldest first."""
    rows = []
    for key in nodes_of_type(G, schema.MEETING):
        d = G.nodes[key]
        if not d.get("documented"):
            continue
        if forum and d["forum"].casefold() != forum.casefold():
            continue
        rows.append(
            {
                **meeting_fields(G, key),
                "items": len(meeting_items(G, key)),
                "attendance_recorded": d.get("attendance_recorded", False),
                "attendees": len(d.get("attendees", [])),
                "source": d.get("source_path"),
                "reader": d.get("reader"),
                "confidence": d.get("confidence"),
            }
        )
    rows.sort(key=lambda r: (r["date"], r["forum"]))
    return rows


def format_meetings(rows: list[dict[str, Any]], *, readers: bool = False) -> str:
    """A readable table of :func:`list_meetings` rows; with ``readers``, the layout that read
    each meeting and its confidence come before the place.

    >>> row = {"date": "2021-02-03", "start": None, "forum": "Byrådet", "items": 3,
    ...        "attendance_recorded": False, "attendees": 0, "place": "Salen",
    ...        "reader": "general", "confidence": 0.93}
    >>> print(format_meetings([row], readers=True).splitlines()[-1])
    2021-02-03         Byrådet                          3        n/r  general            0.93  Salen
    """
    if not rows:
        return "No meetings."
    reader_head = f"{'reader':<17} {'conf':>5}  " if readers else ""
    header = (
        f"{'date':<10}  {'start':<5}  {'forum':<28} {'items':>5}  {'attendees':>9}  "
        f"{reader_head}place"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        # "n/r": the minutes record no attendance; "-": only absences are recorded.
        if not r["attendance_recorded"]:
            attendees = "n/r"
        else:
            attendees = str(r["attendees"]) if r["attendees"] else "-"
        read = ""
        if readers:
            confidence = r.get("confidence")
            shown = f"{confidence:.2f}" if confidence is not None else "-"
            read = f"{(r.get('reader') or '-')[:17]:<17} {shown:>5}  "
        lines.append(
            f"{r['date']:<10}  {r['start'] or '':<5}  {r['forum'][:28]:<28} {r['items']:>5}"
            f"  {attendees:>9}  {read}{r['place'] or ''}"
        )
    return "\n".join(lines)
