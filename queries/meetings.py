"""List meetings, and the helpers other questions share to read the graph.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("meeting:direktionen:2021-01-07", type="Meeting", forum="Direktionen",
...            date="2021-01-07", documented=True)
>>> [m.id for m in list_meetings(G)]
['meeting:direktionen:2021-01-07']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core import schema
from core.errors import EmptyStoreError
from core.schema import meeting_status
from graph.neighbours import targets
from queries.index import query_index
from queries.results import Result

if TYPE_CHECKING:
    import networkx as nx


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
    return {"id": key, **{name: d.get(name) for name in schema.MEETING_FIELDS}}


@dataclass(frozen=True, kw_only=True)
class MeetingRow(Result):
    """One documented meeting: the fields of :func:`meeting_fields`, how many items and
    attendees it has, the file it was read from, and the layout that read it (``reader``)
    with its ``confidence``."""

    id: str
    forum: str
    term: str | None
    date: str
    start: str | None
    place: str | None
    kind: str | None
    items: int
    attendance_recorded: bool
    attendees: int
    source: str | None
    reader: str | None
    confidence: float | None
    status: str = "held"


@dataclass(frozen=True, kw_only=True)
class Meetings(Result):
    """The answer of ``casegraph meetings``: the rows, oldest first, and the forum asked
    for. It reads as a sequence of :class:`MeetingRow`; its JSON is the list of rows."""

    forum: str | None
    meetings: tuple[MeetingRow, ...]

    def __iter__(self) -> Iterator[MeetingRow]:
        return iter(self.meetings)

    def __len__(self) -> int:
        return len(self.meetings)

    def __getitem__(self, index: int) -> MeetingRow:
        return self.meetings[index]

    def to_json(self) -> list[dict[str, Any]]:
        return [row.to_dict() for row in self.meetings]


def list_meetings(G: nx.MultiDiGraph, forum: str | None = None) -> Meetings:
    """Documented meetings (optionally of one forum, case-insensitive), oldest first."""
    index = query_index(G)
    keys = index.forum_meetings.get(forum.casefold(), []) if forum else index.documented
    found = []
    for key in keys:
        d = G.nodes[key]
        if d.get("documented"):
            found.append((key, d, len(meeting_items(G, key)), len(d.get("attendees", []))))
    return meetings_of(found, forum)


def meetings_of(
    found: Iterable[tuple[str, Mapping[str, Any], int, int]], forum: str | None = None
) -> Meetings:
    """:func:`list_meetings` of documented meetings given as ``(key, attributes, items,
    attendees)`` rows (the meeting table of a store, :mod:`store.tables`), any order.

    >>> rows = [("meeting:b:2021-01-07", {"forum": "B", "date": "2021-01-07"}, 3, 0),
    ...         ("meeting:a:2021-01-07", {"forum": "A", "date": "2021-01-07"}, 2, 5)]
    >>> [(m.forum, m.items) for m in meetings_of(rows)], len(meetings_of(rows, "a"))
    ([('A', 2), ('B', 3)], 1)
    """
    wanted = forum.casefold() if forum else None
    rows = []
    for key, d, items, attendees in sorted(found, key=lambda row: row[0]):
        if wanted is not None and str(d.get("forum") or "").casefold() != wanted:
            continue
        fields: dict[str, Any] = {name: d.get(name) for name in schema.MEETING_FIELDS}
        rows.append(
            MeetingRow(
                id=key,
                **fields,
                items=items,
                attendance_recorded=d.get("attendance_recorded", False),
                attendees=attendees,
                source=d.get("source_path"),
                reader=d.get("reader"),
                confidence=d.get("confidence"),
                status=d.get("status")
                or meeting_status(d.get("kind"), bool(d.get("attendance_recorded"))),
            )
        )
    rows.sort(key=lambda r: (r.date, r.forum))
    return Meetings(forum=forum, meetings=tuple(rows))


def format_meetings(result: Meetings, *, readers: bool = False) -> str:
    """A readable table of :func:`list_meetings` rows; with ``readers``, the layout that read
    each meeting and its confidence come before the place.

    >>> row = MeetingRow(id="meeting:byraadet:2021-02-03", date="2021-02-03", start=None,
    ...     forum="Byrådet", term=None, kind=None, items=3, attendance_recorded=False,
    ...     attendees=0, place="Salen", source=None, reader="general", confidence=0.93)
    >>> rows = Meetings(forum=None, meetings=(row,))
    >>> print(format_meetings(rows, readers=True).splitlines()[-1])
    2021-02-03         Byrådet                          3        n/r  general            0.93  Salen
    """
    if not result.meetings:
        return "No meetings."
    reader_head = f"{'reader':<17} {'conf':>5}  " if readers else ""
    header = (
        f"{'date':<10}  {'start':<5}  {'forum':<28} {'items':>5}  {'attendees':>9}  "
        f"{reader_head}place"
    )
    lines = [header, "-" * len(header)]
    for r in result:
        # "n/r": the minutes record no attendance; "-": only absences are recorded;
        # "not held": an agenda of a meeting not yet held (its people are invited).
        attendees = "n/r"
        if r.status == "not-held":
            attendees = "not held"
        elif r.attendance_recorded:
            attendees = str(r.attendees) if r.attendees else "-"
        read = ""
        if readers:
            shown = f"{r.confidence:.2f}" if r.confidence is not None else "-"
            read = f"{(r.reader or '-')[:17]:<17} {shown:>5}  "
        lines.append(
            f"{r.date:<10}  {r.start or '':<5}  {r.forum[:28]:<28} {r.items:>5}"
            f"  {attendees:>9}  {read}{r.place or ''}"
        )
    return "\n".join(lines)
