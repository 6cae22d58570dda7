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
('minutes', ('Ole Bo',), ['approved', 'recommended'], 'general', 0.9)
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from core.errors import NoItemsError
from core.records import AgendaItem, Document, Meeting, Source
from extract.meeting import guess_municipality, split_names, unique
from extract.outcome import decide

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
    #: "held" | "unheld" when the layout knows (a state field); an unheld meeting is an agenda.
    status: str | None = None
    attendees: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    #: Away for a range of items only (name, first item, last item).
    item_absences: tuple[tuple[str, int, int], ...] = ()
    #: In the room but not members (secretary, guests of the meeting).
    staff: tuple[str, ...] = ()
    attendee_parties: tuple[str | None, ...] = ()
    attendee_roles: tuple[str | None, ...] = ()
    attendance_recorded: bool = False
    municipality: str | None = None
    #: A weaker sign of the municipality (the town hall in the place), used when neither the
    #: layout nor the text names one.
    municipality_hint: str | None = None
    #: The text the municipality is guessed from when no layout rule names it.
    text: str = ""


def absent_from_every(absences: list[tuple[str, ...]]) -> tuple[str, ...]:
    """Whoever is absent from every one of the decisions that record absences, in the order
    of the first: without a list of participants, they missed the meeting.

    >>> absent_from_every([("Ole Vett", "Åse Nielsen"), ("Åse Nielsen",)])
    ('Åse Nielsen',)
    >>> absent_from_every([])
    ()
    """
    if not absences:
        return ()
    common = set(absences[0]).intersection(*absences[1:])
    return tuple(name for name in absences[0] if name in common)


def _meeting_absence(draft: Draft) -> tuple[str, ...]:
    """Whoever is absent from every decision that records absences missed the meeting."""
    if draft.absent:
        return draft.absent
    return absent_from_every(
        [d.decision_absence for d in draft.items if d.decision_absence is not None]
    )


#: ``Liv Gro Jensen var forhindret i at deltage i udvalgets behandling af sagen.``
_PREVENTED_RE = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<who>[A-ZÆØÅ][\w.'’ -]{2,60}?)\s+var\s+forhindret\s+i\s+at\s+deltage"
)
#: ``Lene Mose (A) deltog ikke under punkterne 2-3.``
_RANGE_RE = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<who>[A-ZÆØÅ][\w.'’ -]{2,60}?)(?:\s*\([^)]{1,12}\))?"
    r"\s+deltog\s+ikke\s+under\s+punkt(?:erne)?\s+(?P<first>\d{1,4})\s*[-–]\s*(?P<last>\d{1,4})"
)


def _decision_lines(items: list[AgendaItem]) -> list[tuple[int, str]]:
    return [
        (item.number, line) for item in items for line in (item.decision or "").split("\n")
        if "deltog" in line or "forhindret" in line
    ]  # fmt: skip


def _listed_absences(
    items: list[AgendaItem], ranges: tuple[tuple[str, int, int], ...]
) -> list[AgendaItem]:
    """Items with the absences an attendance list gives for a range of them (``Ole Friis,
    sag 212-214``).

    >>> from core.records import Source
    >>> src = Source("a", "0" * 64, 1, 1)
    >>> items = [AgendaItem(n, "T", src) for n in (212, 213, 215)]
    >>> [i.absent_for_item for i in _listed_absences(items, (("Ole Friis", 212, 214),))]
    [('Ole Friis',), ('Ole Friis',), ()]
    """
    if not ranges:
        return items
    out = []
    for item in items:
        away = [name for name, first, last in ranges if first <= item.number <= last]
        if away:
            item = dataclasses.replace(item, absent_for_item=unique([*item.absent_for_item, *away]))
        out.append(item)
    return out


def _stated_absences(items: list[AgendaItem]) -> list[AgendaItem]:
    """Absences a decision states in words: ``X var forhindret i at deltage`` (this item) and
    ``X deltog ikke under punkterne 2-3`` (those items).

    >>> from core.records import Source
    >>> src = Source("a", "0" * 64, 1, 1)
    >>> items = [AgendaItem(1, "A", src, decision="Godkendt.\\nLis Bo deltog ikke under "
    ...                     "punkterne 2-3."), AgendaItem(2, "B", src), AgendaItem(3, "C", src,
    ...                     decision="Ole Vang var forhindret i at deltage.")]
    >>> [i.absent_for_item for i in _stated_absences(items)]
    [(), ('Lis Bo',), ('Lis Bo', 'Ole Vang')]
    """
    found: dict[int, list[str]] = {}
    numbers = [item.number for item in items]
    for number, line in _decision_lines(items):
        for match in _PREVENTED_RE.finditer(line):
            found.setdefault(number, []).extend(split_names(match["who"]))
        for match in _RANGE_RE.finditer(line):
            first, last = int(match["first"]), int(match["last"])
            for other in numbers:
                if first <= other <= last:
                    found.setdefault(other, []).extend(split_names(match["who"]))
    if not found:
        return items
    out: list[AgendaItem] = []
    for item in items:
        if item.number in found:
            absent = unique([*item.absent_for_item, *found[item.number]])
            item = dataclasses.replace(item, absent_for_item=absent)
        out.append(item)
    return out


def held_or_invited(kind: str, listed: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``(attendees, invited)``: the people a document lists attended a meeting it records as
    held; an agenda's are invited, for nobody has attended a meeting not yet held.

    >>> held_or_invited("agenda", ("Ole Bo",)), held_or_invited("minutes", ("Ole Bo",))
    (((), ('Ole Bo',)), (('Ole Bo',), ()))
    """
    return ((), listed) if kind == "agenda" else (listed, ())


def assemble(draft: Draft) -> Document:
    """The document of a draft: kind, outcomes, absences, municipality, reader.

    Raises nothing on an empty meeting: :func:`check` does (the file-level entry points call
    it; the lenient :func:`extract.parse.parse_text` does not).
    """
    # A meeting the layout knows is not yet held is an agenda, whatever its items print.
    held = draft.status != "unheld" and any(d.item.decision for d in draft.items)
    kind = draft.kind or ("minutes" if held else "agenda")
    items: dict[int, AgendaItem] = {}
    for d in draft.items:
        item = d.item
        if not d.classified and item.decision is not None:
            item = decide(item, kind=kind, recommendation=d.recommendation)
        items.setdefault(item.number, item)
    absent = _meeting_absence(draft)
    municipality = (
        draft.municipality or guess_municipality(draft.forum, draft.text) or draft.municipality_hint
    )
    attendees, invited = held_or_invited(kind, draft.attendees)
    # Parties and roles go position by position with the attendees: none for the invited.
    parties, roles = (draft.attendee_parties, draft.attendee_roles) if attendees else ((), ())
    meeting = Meeting(
        forum=draft.forum,
        date=draft.date,
        source=draft.source,
        term=draft.term,
        start=draft.start,
        place=draft.place,
        kind=kind,
        attendees=attendees,
        invited=invited,
        absent=absent,
        # Nobody attended a meeting not yet held: an agenda records no attendance.
        attendance_recorded=kind == "minutes"
        and (draft.attendance_recorded or any(d.decision_absence is not None for d in draft.items)),
        items=tuple(
            _listed_absences(
                _stated_absences(sorted(items.values(), key=lambda item: item.number)),
                draft.item_absences,
            )
        ),
        staff=draft.staff,
        municipality=municipality,
        attendee_parties=parties,
        attendee_roles=roles,
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


__all__ = [
    "LOW_CONFIDENCE",
    "NO_ITEMS_HINT",
    "Draft",
    "DraftItem",
    "assemble",
    "check",
    "held_or_invited",
    "no_items",
]
