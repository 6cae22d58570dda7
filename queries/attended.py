"""``casegraph attended QUERY``: who was there when a matter was decided or discussed.

The answer starts with the meeting where the matter was finally decided (``decided``: the
step whose role is ``decides``, see :func:`queries.timeline.step_roles`), then lists every
meeting of the best matching matter (its items' meetings, and the meetings of earlier
decisions carried along) in date order, each with its ``role`` (``recommends``,
``prepares`` ...): forum, date, item, outcome, the meeting's status, the attendees, the
absentees, the item's guests and per-item absences. A meeting not yet held (an agenda) has
no attendees: the people it lists are ``invited``. Where the minutes do not record attendance the
answer says so (``attendance_recorded: false``) instead of an empty list; with
``infer=True`` it adds the people who attended most other meetings of that forum around
that date, labelled ``inferred_attendees``. Some minutes record absences (*Fraværende:
Ingen*) without listing who came: then ``attendance_recorded`` is true and
``attendees_listed`` false.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("meeting:direktionen:2021-01-07", type="Meeting", forum="Direktionen",
...            date="2021-01-07", documented=True, attendance_recorded=True,
...            attendees=["Gitte Clemmensen"], absent=[])
>>> G.add_node("item:direktionen:2021-01-07:4", type="AgendaItem", number=4,
...            title="Centralisering af regningsbetaling", case_numbers=[], outcome="approved",
...            decision="Godkendt.", meeting="meeting:direktionen:2021-01-07",
...            forum="Direktionen", date="2021-01-07", text="")
>>> G.add_node("matter:direktionen:2021-01-07:4", type="Matter", label="Regningsbetaling",
...            items=["item:direktionen:2021-01-07:4"])
>>> attended(G, "regningsbetaling").decisions[0].attendees
('Gitte Clemmensen',)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core import schema
from core.schema import meeting_status
from queries.index import query_index
from queries.results import Result, optional
from queries.timeline import (
    OtherMatter,
    Ranked,
    fitting_matters,
    format_others,
    matter_steps,
    other_matters,
)

if TYPE_CHECKING:
    import networkx as nx

# Meetings of the same forum this many days around a meeting inform an inferred attendance.
INFER_WINDOW_DAYS = 365


def _people(G: nx.MultiDiGraph, node: str, edge: str, *, scope: str | None = None) -> list[str]:
    names = []
    for person, _, key, d in G.in_edges(node, keys=True, data=True):
        if key != edge:
            continue
        if scope is not None and d.get("scope", "meeting") != scope:
            continue
        names.append(G.nodes[person].get("name", person))
    return sorted(set(names))


def _merge(*lists: list[str]) -> list[str]:
    seen: list[str] = []
    for names in lists:
        for name in names:
            if name not in seen:
                seen.append(name)
    return seen


def infer_attendees(G: nx.MultiDiGraph, meeting: str) -> tuple[list[str], int]:
    """People who attended at least half of the forum's documented meetings near ``meeting``.

    Returns the names and how many meetings they were inferred from.
    """
    d = G.nodes[meeting]
    forum, date = d.get("forum"), dt.date.fromisoformat(d["date"])
    near = query_index(G).forum_meetings.get(str(forum or "").casefold(), [])
    others = [
        od
        for n, od in ((n, G.nodes[n]) for n in near)
        if n != meeting
        and od.get("forum") == forum
        and od.get("attendance_recorded")
        and od.get("attendees")
        and abs((dt.date.fromisoformat(od["date"]) - date).days) <= INFER_WINDOW_DAYS
    ]
    if not others:
        return [], 0
    counts: Counter[str] = Counter(name for od in others for name in set(od.get("attendees", [])))
    names = sorted(n for n, c in counts.items() if 2 * c >= len(others))
    return names, len(others)


@dataclass(frozen=True, kw_only=True)
class MeetingAttendance(Result):
    """Who was there at one meeting of the matter: the meeting's attendees and absentees,
    the item's guests and those absent for it. ``carried_by`` is set for the meeting of an
    earlier decision an item carries along; ``inferred_attendees`` (and how many meetings
    they come from) when attendance is not recorded and inference was asked for."""

    meeting_id: str
    forum: str | None
    date: str | None
    item_number: int | None
    title: str | None
    outcome: str | None
    documented: bool
    attendance_recorded: bool
    attendees: tuple[str, ...]
    attendees_listed: bool
    absent: tuple[str, ...]
    guests: tuple[str, ...]
    absent_for_item: tuple[str, ...]
    carried_by: str | None = optional()
    inferred_attendees: tuple[str, ...] | None = optional()
    inferred_from_meetings: int | None = optional()
    role: str | None = None
    status: str = "held"
    invited: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Attendance(Result):
    """The answer of ``casegraph attended``: the matter best fitting ``query`` and the
    attendance at each of its meetings, in date order; ``others``, the further matters
    that fit (``casegraph attended KEY`` answers for one)."""

    query: str
    matter: str
    label: str | None
    decided: MeetingAttendance | None = None
    decisions: tuple[MeetingAttendance, ...]
    others: tuple[OtherMatter, ...] = ()


def attended(
    G: nx.MultiDiGraph,
    query: str,
    *,
    infer: bool = False,
    store: Any = None,
    ranking: Ranked | None = None,
) -> Attendance:
    """Attendance at each meeting where the matter best matching ``query`` was handled.

    Returns an :class:`Attendance`: ``query``, ``matter``, ``label`` and ``decisions``
    (:class:`MeetingAttendance`: ``meeting_id``, ``forum``, ``date``, ``item_number``,
    ``title``, ``outcome``, ``attendance_recorded``, ``attendees``, ``absent``, ``guests``,
    ``absent_for_item``) in date order, plus ``inferred_attendees`` and
    ``inferred_from_meetings`` where attendance is not recorded and ``infer`` is set;
    ``others``, the further matters that fit the query. ``store``: see
    :func:`queries.timeline.find_matters`; ``ranking``: see
    :func:`queries.timeline.fitting_matters`.

    Raises
    ------
    EmptyStoreError, NoMatchError
    """
    [(matter, _score)], others = fitting_matters(G, query, limit=1, store=store, ranking=ranking)
    decisions = []
    for step in matter_steps(G, matter):
        meeting = step.meeting_id
        md = G.nodes[meeting]
        recorded = bool(md.get("attendance_recorded"))
        item = step.item_id
        attendees = tuple(md.get("attendees") or ()) if recorded else ()
        absent = _merge(
            list(md.get("absent") or []),
            _people(G, meeting, schema.ABSENT_FROM, scope="meeting"),
        )
        absent_for_item = _people(G, item, schema.ABSENT_FROM) if item else []
        inferred: tuple[str, ...] | None = None
        inferred_from = None
        if infer and not attendees:
            names, inferred_from = infer_attendees(G, meeting)
            away = set(absent) | set(absent_for_item)
            inferred = tuple(name for name in names if name not in away)
        status = md.get("status") or meeting_status(md.get("kind"), recorded)
        decisions.append(
            MeetingAttendance(
                meeting_id=meeting,
                forum=step.forum,
                date=step.date,
                item_number=step.number,
                title=step.title,
                outcome=step.outcome,
                documented=bool(md.get("documented")),
                attendance_recorded=recorded,
                attendees=attendees,
                # Minutes may record absences ("Fraværende: Ingen") without listing who came.
                attendees_listed=bool(md.get("attendees")),
                absent=tuple(absent),
                guests=tuple(_people(G, item, schema.GUEST_AT)) if item else (),
                absent_for_item=tuple(absent_for_item),
                carried_by=step.carried_by if step.earlier else None,
                inferred_attendees=inferred,
                inferred_from_meetings=inferred_from,
                role=step.role,
                status=status,
                invited=tuple(md.get("invited") or ()),
                staff=tuple(md.get("staff") or ()),
            )
        )
    return Attendance(
        query=query,
        matter=matter,
        label=G.nodes[matter].get("label"),
        decided=next((row for row in decisions if row.role == "decides"), None),
        decisions=tuple(decisions),
        others=other_matters(G, others, ranking),
    )


#: How the text answer names a step's role.
_ROLE_WORDS = {
    "decides": "decided here",
    "recommends": "recommending step",
    "refers": "referring step",
    "prepares": "preparing step",
    "follows": "after the decision",
}


def format_attended(result: Attendance) -> str:
    """Readable attendance: the deciding meeting first, then every step in date order."""
    lines = [result.label or result.matter]
    if result.decided is not None:
        lines.append("Decided:")
        lines.extend(_meeting_lines(result.decided))
        lines.append("Every step:")
    else:
        lines.append("Not decided in the ingested minutes. Every step:")
    for row in result.decisions:
        lines.extend(_meeting_lines(row))
    if result.others:
        lines.extend(["", format_others(result.others, command="attended")])
    return "\n".join(lines)


def _meeting_lines(row: MeetingAttendance) -> list[str]:
    head = f"  {row.date}  {row.forum}"
    if row.item_number is not None:
        head += f"  punkt {row.item_number}"
    if row.title:
        head += f": {row.title}"
    elif not row.documented:
        head += "  (earlier decision carried along; these minutes are not ingested)"
    tags = [t for t in (row.outcome, _ROLE_WORDS.get(row.role or "")) if t]
    if tags:
        head += f"  [{'; '.join(tags)}]"
    lines = [head]
    if row.status == "not-held":
        invited = f": {', '.join(row.invited)}" if row.invited else ""
        lines.append(f"      not yet held (an agenda); invited{invited or ': none listed'}")
    elif row.attendance_recorded and row.attendees:
        lines.append(f"      attendees ({len(row.attendees)}): {', '.join(row.attendees)}")
    else:
        if row.attendance_recorded:
            nobody = "" if row.absent else "; nobody recorded absent"
            lines.append(f"      attendees not listed in the minutes{nobody}")
        else:
            lines.append("      attendance not recorded")
        if row.inferred_attendees:
            lines.append(
                f"      likely attendees (inferred from {row.inferred_from_meetings} other "
                f"meetings of {row.forum}): {', '.join(row.inferred_attendees)}"
            )
    if row.staff:
        lines.append(f"      also present (not members): {', '.join(row.staff)}")
    if row.absent:
        lines.append(f"      absent: {', '.join(row.absent)}")
    if row.guests:
        lines.append(f"      guests for this item: {', '.join(row.guests)}")
    if row.absent_for_item:
        lines.append(f"      absent for this item: {', '.join(row.absent_for_item)}")
    return lines


__all__ = ["Attendance", "MeetingAttendance", "attended", "format_attended", "infer_attendees"]
