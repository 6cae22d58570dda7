"""FirstAgenda Publication JSON (Greve): one meeting object with its items' HTML.

The shape this module reads (other keys are ignored)::

    {"Udvalg": {"Navn": "Byråd 2022-2025"},
     "Moede": {"Dato": "2025-10-01T17:30:00+02:00", "Sted": "Byrådssalen", "Navn": "Dagsorden",
               "Moededeltagere": [{"Name": ..., "Absent": false, "ParticipationCancelled": true}]},
     "Dagsordenpunkter": [{"Punktnummer": "4", "Navn": "Lukket: Karlslunde Center, ...",
                           "SagsNummer": "25-009112",
                           "Felter": [{"Html": "<h3>Beslutning</h3>..."}],
                           "Bilag": [{"Navn": "Bilag 1. ..."}],
                           "ExternalAgendaItemAttendees": [{"Name": ..., "AttendanceType": 2,
                                                            "Reason": "Fraværende"}]}]}

Rules, read off the Greve document:

- The forum is ``Udvalg.Navn`` without its term: ``Byråd 2022-2025`` -> ``Byråd``, term
  ``2022-2025``. ``Moede.Dato`` is the local date and time as published (the offset is ignored).
- The kind is ``agenda`` (a meeting not yet held) when ``Moede.Afsluttet`` is false (the
  draft's ``status`` is ``unheld``) or no item has a decision, else ``minutes``: the
  publication keeps the title ``Dagsorden`` after the meeting has been held. An agenda's
  ``Moededeltagere`` are invited, not attendees.
- An item is closed (``public`` False) when its name starts ``Lukket:``; otherwise it is
  public. ``IsOpen`` is not used: it is False for all 22 Greve items, the 20 published in full
  included.
- The item HTML is turned into lines with lxml (:func:`extract.layouts.html.html_lines`: block
  elements and ``<br>`` end a line; tags are dropped, entities decoded, ``<script>``/``<style>``
  skipped). ``<h3>``
  splits it into ``Beslutning`` (the decision), ``Fremstilling`` (whose ``<h4>`` headings, or
  bold paragraphs that are known heading words, start the sections) and ``Sagens forløb``
  (earlier decisions, one per ``dd/mm/yyyy Forum`` entry, ``dd-mm-yyyy Forum`` until 2024).
  A closed item has no headings: its whole HTML is the decision.
- ``Afbud:``/``Fraværende:`` lines are taken out of a decision and make the item's absences
  (with ``ExternalAgendaItemAttendees`` of ``AttendanceType`` 2 or an absence reason); those of
  a ``Sagens forløb`` entry belong to that earlier meeting. Meeting attendees are
  ``Moededeltagere`` not marked ``Absent``/``ParticipationCancelled``; the marked ones are absent.
  Without ``Moededeltagere``, whoever is absent from every decision missed the meeting.

:func:`read_json` gives the draft; :func:`~extract.layouts.draft.assemble` applies the rules
every layout shares (the kind, outcomes, absences, attendees or invited, the municipality).

Provenance: with the file's text, an item's span is the lines of its JSON object, a section
or decision the line of its ``Html`` field (one JSON string is one line), an attachment its
``Bilag`` object, the meeting the ``Moede`` object. They are found by decoding the text at the
keys' positions and checked against the parsed data; without the text, or when a check
fails, every span is the whole file.

>>> data = {"Udvalg": {"Navn": "Byråd 2022-2025"},
...         "Moede": {"Dato": "2025-10-01T17:30:00+02:00", "Sted": "Byrådssalen"},
...         "Dagsordenpunkter": [{"Punktnummer": "1", "Navn": "Godkendelse af dagsorden",
...             "Felter": [{"Html": "<h3>Beslutning</h3><p>Godkendt.</p>Afbud: Ole Bo"}]}]}
>>> doc = parse_json(data, path="g.json", sha256="0" * 64)
>>> m = doc.meeting
>>> m.forum, m.term, m.date, m.start, m.place, m.kind
('Byråd', '2022-2025', '2025-10-01', '17:30', 'Byrådssalen', 'minutes')
>>> [(i.number, i.title, i.public, i.decision, i.outcome, i.absent_for_item) for i in m.items]
[(1, 'Godkendelse af dagsorden', True, 'Godkendt.', 'approved', ('Ole Bo',))]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.errors import UnknownLayoutError
from core.records import AgendaItem, Attachment, Document, EarlierDecision, Section, Source
from extract import patterns as P
from extract.attendance import read_present
from extract.items import ItemContext, decision_text, guests_and_absent, participation
from extract.layouts.draft import Draft, DraftItem, assemble
from extract.layouts.html import HtmlLine, html_lines
from extract.layouts.json_spans import JsonSpans
from extract.meeting import iso_date, normalise_forum, split_names, unique

NAME = "firstagenda-json"

_HINT = (
    "casegraph reads FirstAgenda Publication JSON: one meeting object with 'Udvalg', "
    "'Moede' (with 'Dato') and 'Dagsordenpunkter'; export the meeting again or give "
    "casegraph its PDF"
)

#: A heading line longer than this is a paragraph set in a heading tag (Greve item 10).
_MAX_HEADING = 60

# -- provenance ---------------------------------------------------------------------------


@dataclass
class _ItemSpans:
    """Where one item's parts are in the file."""

    item: tuple[int, int]
    fields: list[tuple[int, int]] = field(default_factory=list)  # one per Felter element
    attachments: list[tuple[int, int]] = field(default_factory=list)  # one per Bilag element


def _locate(data: dict[str, Any], text: str | None) -> tuple[tuple[int, int], list[_ItemSpans]]:
    """The meeting's span and each item's spans; the whole file wherever not found."""
    spans = JsonSpans(text)
    whole = (1, spans.last_line)
    items = data["Dagsordenpunkter"]
    fallback = [
        _ItemSpans(
            whole,
            [whole] * len(_list(item, "Felter")),
            [whole] * len(_list(item, "Bilag")),
        )
        for item in items
    ]
    if not text:
        return whole, fallback
    end = len(text)
    moede = spans.value("Moede", 0, end)
    meeting = spans.span(moede[0], moede[1]) if moede and moede[2] == data["Moede"] else whole
    array = spans.value("Dagsordenpunkter", 0, end)
    if array is None or array[2] != items:
        return meeting, fallback
    elements = spans.elements(array[0], array[1])
    if len(elements) != len(items):
        return meeting, fallback
    located: list[_ItemSpans] = []
    for (start, stop, _), item in zip(elements, items, strict=True):
        found = _ItemSpans(spans.span(start, stop))
        for key, target, wanted in (
            ("Felter", found.fields, _list(item, "Felter")),
            ("Bilag", found.attachments, _list(item, "Bilag")),
        ):
            value = spans.value(key, start, stop)
            parts = spans.elements(value[0], value[1]) if value and value[2] == wanted else []
            if len(parts) != len(wanted):
                target.extend([found.item] * len(wanted))
                continue
            for (part_start, part_stop, _), element in zip(parts, wanted, strict=True):
                html = spans.value("Html", part_start, part_stop) if key == "Felter" else None
                if (
                    html is not None
                    and isinstance(element, dict)
                    and html[2] == element.get("Html")
                ):
                    target.append(spans.span(html[0], html[1]))
                else:
                    target.append(spans.span(part_start, part_stop))
        located.append(found)
    return meeting, located


# -- safe access to loosely typed JSON ------------------------------------------------------


def _dict(obj: Any, key: str) -> dict[str, Any]:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, dict) else {}


def _list(obj: Any, key: str) -> list[Any]:
    value = obj.get(key) if isinstance(obj, dict) else None
    return value if isinstance(value, list) else []


def _str(obj: Any, *keys: str) -> str:
    """The first of ``keys`` that holds a non-empty string (numbers are accepted as text)."""
    if not isinstance(obj, dict):
        return ""
    for key in keys:
        value = obj.get(key)
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def is_firstagenda_meeting(data: Any) -> bool:
    """Whether decoded JSON looks like one FirstAgenda Publication meeting.

    >>> is_firstagenda_meeting({"Moede": {"Dato": "2025-10-01"}, "Dagsordenpunkter": []})
    True
    >>> is_firstagenda_meeting({"name": "casegraph", "version": "1"})
    False
    """
    return (
        isinstance(data, dict)
        and isinstance(data.get("Dagsordenpunkter"), list)
        and isinstance(data.get("Moede"), dict)
    )


# -- items --------------------------------------------------------------------------------

_DECISION, _CONTAINER, _HISTORY, _SECTION, _LEAD = (
    "decision", "container", "history", "section", "lead",
)  # fmt: skip


@dataclass
class _Block:
    kind: str
    heading: str
    lines: list[tuple[int, str]] = field(default_factory=list)
    first: int = 1
    last: int = 1


#: What an ``<h3>`` (or a sub-heading with these words) starts; any other heading a section.
_H3_KINDS = {
    "beslutning": _DECISION,
    "beslutninger": _DECISION,
    "fremstilling": _CONTAINER,
    "sagens forløb": _HISTORY,
    "sagsforløb": _HISTORY,
}


def _is_subheading(line: HtmlLine) -> bool:
    """An ``<h4>`` that is short and no sentence, or a bold paragraph of a heading word."""
    text = line.text.rstrip(":").strip()
    if line.tag in ("h4", "h5", "h6"):
        return 0 < len(text) <= _MAX_HEADING and not text.endswith(".")
    return line.bold and text.lower() in P.JSON_SECTION_WORDS


def _blocks(fields: Sequence[tuple[str, tuple[int, int]]]) -> list[_Block]:
    """Split an item's HTML fields into blocks by their ``<h3>`` and section headings."""
    blocks: list[_Block] = []
    for html, (first, last) in fields:
        current = _Block(_LEAD, "", first=first, last=last)
        blocks.append(current)
        for line in html_lines(html):
            heading = line.text.rstrip(":").strip()
            if line.tag == "h3" or (
                current.kind in (_CONTAINER, _SECTION, _LEAD) and _is_subheading(line)
            ):
                kind = _H3_KINDS.get(heading.lower(), _SECTION)
                current = _Block(kind, heading, first=first, last=last)
                blocks.append(current)
            else:
                current.lines.append((first, line.text))
    return [b for b in blocks if b.lines or b.kind in (_DECISION, _HISTORY)]


def _history(block: _Block, source: Source) -> list[EarlierDecision]:
    """``dd/mm/yyyy Forum`` entries of ``Sagens forløb`` and the text under each."""
    entries: list[tuple[str, str, list[str]]] = []
    for _, text in block.lines:
        match = P.JSON_HISTORY_ENTRY_RE.match(text)
        if match is not None:
            date = iso_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if date is not None:
                entries.append((match.group(4), date, []))
                continue
        if entries:
            entries[-1][2].append(text)
    found: list[EarlierDecision] = []
    for forum_raw, date, texts in entries:
        forum, term = normalise_forum(forum_raw)
        if not forum:
            continue
        kept: list[str] = []
        absent: list[str] = []
        for text in texts:
            match = P.ABSENCE_LINE_RE.match(text)
            if match is not None:
                absent.extend(split_names(match.group(1)))
            else:
                kept.append(text)
        joined = "\n".join(kept)
        absent.extend(participation(joined.replace("\n", " "))[1])
        found.append(
            EarlierDecision(
                forum=forum, date=date, text=joined, term=term, absent=unique(absent), source=source
            )
        )
    return found


def _number_and_title(raw: dict[str, Any], position: int) -> tuple[int, str, bool]:
    """The item's number (its place in the list when none is printed), its title and
    whether it is public (a title starting ``Lukket:`` is a closed item)."""
    number_text = _str(raw, "Punktnummer", "Number", "Sorting")
    number = (
        int(number_text)
        if number_text.isascii() and number_text.isdigit() and len(number_text) <= 4
        else position
    )
    title = _str(raw, "Navn", "Caption")
    closed = P.LUKKET_PREFIX_RE.match(title) is not None
    return number, P.LUKKET_PREFIX_RE.sub("", title).strip(), not closed


def _fields(raw: dict[str, Any], spans: _ItemSpans) -> list[tuple[str, tuple[int, int]]]:
    """The HTML of the item's ``Felter`` with the line span of each."""
    fields: list[tuple[str, tuple[int, int]]] = []
    for field_, span in zip(_list(raw, "Felter"), spans.fields, strict=False):
        html = field_.get("Html") if isinstance(field_, dict) else None
        if isinstance(html, str):
            fields.append((html, span))
    return fields


@dataclass
class _ItemText:
    """What an item's blocks say, gathered as they are read."""

    sections: list[Section] = field(default_factory=list)
    decision: str | None = None
    decision_absence: list[str] | None = None
    recommendation: list[str] = field(default_factory=list)
    earlier: list[EarlierDecision] = field(default_factory=list)
    people_text: list[str] = field(default_factory=list)


def _read_blocks(blocks: list[_Block], ctx: ItemContext) -> _ItemText:
    """Sections, this meeting's decision and the absence printed in it, the recommendation,
    the earlier decisions of ``Sagens forløb``, and the text that may name people."""
    found = _ItemText()
    headed = any(b.kind != _LEAD for b in blocks)
    for block in blocks:
        block_source = ctx.source(block.first, block.last)
        text = "\n".join(t for _, t in block.lines)
        kind = block.kind
        if kind == _LEAD and not headed:
            kind = _DECISION  # a closed item prints only its decision, without a heading
        if text or kind == _DECISION:
            found.sections.append(Section(block.heading, text, block_source))
        if kind == _DECISION:
            said, absence = decision_text(block.lines, ctx.forum)
            if found.decision is None:
                found.decision = said
            if absence is not None:
                found.decision_absence = list(found.decision_absence or []) + list(absence)
            continue
        if kind == _HISTORY:
            found.earlier.extend(_history(block, block_source))
            continue
        if block.heading.lower() in P.RECOMMENDATION_HEADINGS:
            found.recommendation.append(text)
        found.people_text.append(text.replace("\n", " "))
    return found


def _external_absent(raw: dict[str, Any]) -> list[str]:
    """``ExternalAgendaItemAttendees`` away from the item (``AttendanceType`` 2 or a reason)."""
    absent: list[str] = []
    for attendee in _list(raw, "ExternalAgendaItemAttendees"):
        name = _str(attendee, "Name")
        reason = _str(attendee, "Reason").lower()
        if name and (attendee.get("AttendanceType") == 2 or reason in P.JSON_ABSENT_REASONS):
            absent.append(name)
    return absent


def _parse_item(
    raw: dict[str, Any], position: int, spans: _ItemSpans, ctx: ItemContext
) -> DraftItem:
    """One item as the layout reads it; :func:`~extract.layouts.draft.assemble` classifies
    its outcome once the meeting's kind is known."""

    def source(span: tuple[int, int]) -> Source:
        return ctx.source(span[0], max(span))

    number, title, public = _number_and_title(raw, position)
    text = _read_blocks(_blocks(_fields(raw, spans)), ctx)
    guests, gone = guests_and_absent(text.people_text)
    absent = list(text.decision_absence or []) + gone + _external_absent(raw)
    attachments = tuple(
        Attachment(_str(bilag, "Navn", "Name", "Title"), None, source(span))
        for bilag, span in zip(_list(raw, "Bilag"), spans.attachments, strict=False)
        if _str(bilag, "Navn", "Name", "Title")
    )
    case = _str(raw, "SagsNummer", "CaseNumber").upper()
    item = AgendaItem(
        number=number,
        title=title,
        source=source(spans.item),
        public=public,
        case_numbers=(case,) if case else (),
        sections=tuple(text.sections),
        decision=text.decision,
        earlier_decisions=tuple(text.earlier),
        attachments=attachments,
        participants=unique(guests),
        absent_for_item=unique(absent),
    )
    return DraftItem(
        item,
        recommendation="\n".join(text.recommendation) or None,
        decision_absence=(
            unique(text.decision_absence) if text.decision_absence is not None else None
        ),
    )


# -- the meeting --------------------------------------------------------------------------


def _when(moede: dict[str, Any]) -> tuple[str | None, str | None]:
    """Date and start from ``Dato`` (or ``MeetingBeginUtc``), as the local time published."""
    for key in ("Dato", "MeetingBeginUtc"):
        match = P.JSON_DATETIME_RE.match(_str(moede, key))
        if match is None:
            continue
        date = iso_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if date is None:
            continue
        start = None
        if match.group(4) is not None:
            hour, minute = int(match.group(4)), int(match.group(5))
            if hour < 24 and minute < 60:
                start = f"{hour:02d}:{minute:02d}"
        return date, start
    return None, None


@dataclass(frozen=True)
class _Header:
    """The meeting's fields: the ``Moede`` object, when, the committee as forum and term, and
    whether FirstAgenda marks the meeting closed (``Afsluttet``: held, unheld or not said)."""

    moede: dict[str, Any]
    date: str
    start: str | None
    committee: str
    forum: str
    term: str | None
    status: str | None


def _header(data: Any, path: str) -> _Header:
    """The meeting's date and forum, or :class:`~core.errors.UnknownLayoutError`."""
    if not is_firstagenda_meeting(data):
        raise UnknownLayoutError(
            path, "the JSON is not a FirstAgenda meeting (no 'Moede' and 'Dagsordenpunkter')", _HINT
        )
    moede = _dict(data, "Moede")
    date, start = _when(moede)
    if date is None:
        raise UnknownLayoutError(path, "the meeting has no valid date ('Moede.Dato')", _HINT)
    committee = _str(_dict(data, "Udvalg"), "Navn")
    forum, term = normalise_forum(committee)
    if not forum:
        raise UnknownLayoutError(path, "the meeting has no forum ('Udvalg.Navn')", _HINT)
    closed = moede.get("Afsluttet")
    status = "held" if closed is True else "unheld" if closed is False else None
    return _Header(moede, date, start, committee, forum, term, status)


def _participants(moede: dict[str, Any]) -> tuple[bool, list[str], list[str]]:
    """Whether ``Moededeltagere`` lists anyone, and its entries present and absent (marked
    ``Absent`` or ``ParticipationCancelled``)."""
    present: list[str] = []
    absent: list[str] = []
    people = _list(moede, "Moededeltagere")
    for person in people:
        name = _str(person, "Name", "Navn")
        if not name:
            continue
        gone = isinstance(person, dict) and (
            person.get("Absent") is True or person.get("ParticipationCancelled") is True
        )
        (absent if gone else present).append(name)
    return bool(people), present, absent


def read_json(data: Any, *, path: str, sha256: str, text: str | None = None) -> Draft:
    """Read one FirstAgenda Publication meeting (decoded JSON) into a draft.

    Parameters
    ----------
    data
        The decoded JSON of the file.
    path, sha256
        Provenance copied into every :class:`~core.records.Source`.
    text
        The file's text, for line spans (see the module docstring); without it every span
        is line 1.

    Raises
    ------
    UnknownLayoutError
        The JSON is not a FirstAgenda meeting, or its meeting has no valid date or forum.

    Examples
    --------
    >>> read_json([1, 2], path="x.json", sha256="0" * 64)
    Traceback (most recent call last):
    ...
    core.errors.UnknownLayoutError: x.json: the JSON is not a FirstAgenda meeting (no \
'Moede' and 'Dagsordenpunkter'). ...
    """
    header = _header(data, path)
    moede = header.moede
    meeting_span, item_spans = _locate(data, text)
    ctx = ItemContext(path, sha256, forum=header.forum)
    items = [
        _parse_item(raw, position, spans, ctx)
        for position, (raw, spans) in enumerate(
            zip(data["Dagsordenpunkter"], item_spans, strict=True), 1
        )
        if isinstance(raw, dict)
    ]
    listed, present, absent = _participants(moede)
    if listed:
        # The list of participants says who was away from the meeting; the absences printed
        # in the decisions stay with their items (absent_for_item).
        for item in items:
            item.decision_absence = None
    # "Jesper Fini Kuhre (Stedfortræder for Ronni Mark Nielsen)": the substitute, by name.
    names, notes = read_present(present)
    roles = dict(zip(names, notes, strict=True))
    attendees = unique(names)
    first: dict[int, AgendaItem] = {}
    for draft_item in items:
        first.setdefault(draft_item.item.number, draft_item.item)
    title = " ".join(
        part
        for part in (_str(moede, "Navn"), header.committee, _danish_numeric(header.date))
        if part
    )
    return Draft(
        path=path,
        sha256=sha256,
        reader=NAME,
        confidence=1.0,
        forum=header.forum,
        date=header.date,
        source=Source(path, sha256, meeting_span[0], meeting_span[1]),
        items=items,
        format="json",
        title=title,
        term=header.term,
        start=header.start,
        place=_str(moede, "Sted") or None,
        status=header.status,
        attendees=attendees,
        absent=unique(absent),
        attendee_roles=tuple(roles.get(n) for n in attendees) if any(notes) else (),
        attendance_recorded=listed,
        # The municipality is guessed from the items' text (the first item of each number).
        text="\n".join(s.text for item in first.values() for s in item.sections),
    )


def parse_json(data: Any, *, path: str, sha256: str, text: str | None = None) -> Document:
    """The document of one FirstAgenda Publication meeting: :func:`read_json`, assembled.

    >>> parse_json({"Moede": {"Dato": "2025-10-01"}, "Udvalg": {"Navn": "Byråd"},
    ...             "Dagsordenpunkter": []}, path="x.json", sha256="0" * 64).meeting.kind
    'agenda'
    """
    return assemble(read_json(data, path=path, sha256=sha256, text=text))


def _danish_numeric(date: str) -> str:
    """``2025-10-01`` -> ``01-10-2025``, as the FirstAgenda titles print dates."""
    year, month, day = date.split("-")
    return f"{day}-{month}-{year}"


__all__ = ["NAME", "HtmlLine", "html_lines", "is_firstagenda_meeting", "parse_json", "read_json"]
