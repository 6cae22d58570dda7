"""The layout contract: every layout turns a file into a :class:`Draft`; :func:`assemble`
applies the rules all layouts share and builds the :class:`~core.records.Document`.

>>> from core.records import AgendaItem, Source
>>> src = Source("a.txt", "0" * 64, 1, 1)
>>> draft = Draft(path="a.txt", sha256="0" * 64, reader="general", confidence=0.9,
...               forum="Byrådet", date="2021-02-03", source=src,
...               items=[DraftItem(AgendaItem(1, "Budget", src, decision="Godkendt."),
...                                decision_absence=("Ole Bo",)),
...                      DraftItem(AgendaItem(2, "Salg", src, decision="Anbefales."),
...                                decision_absence=("Ole Bo", "Ida Lund"))])
>>> m = assemble(draft).meeting
>>> m.kind, m.absent, [i.outcome for i in m.items], m.reader, m.confidence
('minutes', ('Ole Bo',), ['approved', 'referred'], 'general', 0.9)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from core.errors import NoItemsError
from core.records import AgendaItem, Document, Meeting, Source
from extract.meeting import guess_municipality, unique
from extract.outcome import classify_outcome

#: Below this confidence a reading is reported at ingest.
LOW_CONFIDENCE = 0.5


@dataclass
class DraftItem:
    """An item as a layout read it: the record without its outcome, the recommendation text
    the outcome may fall back on, and the absence printed in its decision (None: none printed).

    A layout that classified the outcome itself says so (``classified``), and keeps it.
    """

    item: AgendaItem
    recommendation: str | None = None
    decision_absence: tuple[str, ...] | None = None
    #: The layout classified the outcome itself (None included): keep it.
    classified: bool = False


@dataclass
class Draft:
    """What a layout found in one file, before the shared rules."""

    path: str
    sha256: str
    reader: str
    confidence: float
    forum: str
    date: str
    source: Source
    items: list[DraftItem] = field(default_factory=list)
    format: str = "text"
    title: str | None = None
    term: str | None = None
    start: str | None = None
    place: str | None = None
    kind: str | None = None  # None: minutes when any item has a decision, else agenda
    status: str | None = None  # "held" | "unheld" when the layout knows (a state field)
    attendees: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    attendee_parties: tuple[str | None, ...] = ()
    attendee_roles: tuple[str | None, ...] = ()
    attendance_recorded: bool = False
    municipality: str | None = None
    #: ``(name, first item, last item)``: absent from a range of items (``deltog ikke under
    #: punkterne 12-15``).
    range_absences: list[tuple[str, int, int]] = field(default_factory=list)
    #: The text the municipality is guessed from when no layout rule names it.
    text: str = ""


def _meeting_absence(draft: Draft) -> tuple[str, ...]:
    """Whoever is absent from every decision that records absences missed the meeting."""
    absences = [d.decision_absence for d in draft.items if d.decision_absence is not None]
    if draft.absent or not absences:
        return draft.absent
    common = set(absences[0]).intersection(*absences[1:])
    return tuple(name for name in absences[0] if name in common)


def _with_ranges(item: AgendaItem, draft: Draft) -> AgendaItem:
    extra = [name for name, first, last in draft.range_absences if first <= item.number <= last]
    if not extra:
        return item
    return dataclasses.replace(item, absent_for_item=unique([*item.absent_for_item, *extra]))


def assemble(draft: Draft) -> Document:
    """The document of a draft: kind, outcomes, absences, municipality, reader.

    Raises nothing on an empty meeting: :func:`check` does (the file-level entry points call
    it; the lenient :func:`extract.parse.parse_text` does not).
    """
    kind = draft.kind or ("minutes" if any(d.item.decision for d in draft.items) else "agenda")
    items: dict[int, AgendaItem] = {}
    for d in draft.items:
        item = d.item
        if not d.classified and item.decision is not None:
            outcome = classify_outcome(item.decision, kind=kind, recommendation=d.recommendation)
            item = dataclasses.replace(item, outcome=outcome)
        items.setdefault(item.number, _with_ranges(item, draft))
    absent = _meeting_absence(draft)
    municipality = draft.municipality or guess_municipality(draft.forum, draft.text)
    meeting = Meeting(
        forum=draft.forum,
        date=draft.date,
        source=draft.source,
        term=draft.term,
        start=draft.start,
        place=draft.place,
        kind=kind,
        attendees=draft.attendees,
        absent=absent,
        attendance_recorded=draft.attendance_recorded
        or any(d.decision_absence is not None for d in draft.items),
        items=tuple(sorted(items.values(), key=lambda item: item.number)),
        municipality=municipality,
        attendee_parties=draft.attendee_parties,
        attendee_roles=draft.attendee_roles,
        reader=draft.reader,
        confidence=round(draft.confidence, 2),
    )
    return Document(
        path=draft.path, sha256=draft.sha256, meeting=meeting, format=draft.format,
        title=draft.title,
    )  # fmt: skip


NO_ITEMS_HINT = (
    "casegraph looks for numbered item headings such as 'Punkt 4:', '4. Title', 'Pkt. 4' or "
    "'Sag nr. 4'; check that the file holds the whole minutes"
)


def no_items(path: str, forum: str, date: str) -> NoItemsError:
    """The error for a file whose header was found and no agenda item."""
    reason = f"found the forum and date ({forum}, {date}) but no agenda items"
    return NoItemsError(path, reason, NO_ITEMS_HINT)


def check(document: Document) -> Document:
    """The document, or :class:`~core.errors.NoItemsError` when its header was found
    and no agenda item was (an empty meeting is never stored silently)."""
    meeting = document.meeting
    if not meeting.items:
        raise no_items(document.path, meeting.forum, meeting.date)
    return document


__all__ = ["LOW_CONFIDENCE", "NO_ITEMS_HINT", "Draft", "DraftItem", "assemble", "check", "no_items"]
