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
- The kind is ``agenda`` (a meeting not yet held) when ``Moede.Afsluttet`` is false or no
  item has a decision, else ``minutes``: the publication keeps the title ``Dagsorden`` after
  the meeting has been held. An agenda's ``Moededeltagere`` are invited, not attendees.
- An item is closed (``public`` False) when its name starts ``Lukket:``; otherwise it is
  public. ``IsOpen`` is not used: it is False for all 22 Greve items, the 20 published in full
  included.
- The item HTML is turned into lines with lxml (:func:`extract.layouts.html.html_lines`: block
  elements and ``<br>`` end a line; tags are dropped, entities decoded, ``<script>``/``<style>``
  skipped). ``<h3>``
  splits it into ``Beslutning`` (the decision), ``Fremstilling`` (whose ``<h4>`` headings, or
  bold paragraphs that are known heading words, start the sections) and ``Sagens forløb``
  (earlier decisions, one per ``dd/mm/yyyy Forum`` entry). A closed item has no headings:
  its whole HTML is the decision.
- ``Afbud:``/``Fraværende:`` lines are taken out of a decision and make the item's absences
  (with ``ExternalAgendaItemAttendees`` of ``AttendanceType`` 2 or an absence reason); those of
  a ``Sagens forløb`` entry belong to that earlier meeting. Meeting attendees are
  ``Moededeltagere`` not marked ``Absent``/``ParticipationCancelled``; the marked ones are absent.

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

import bisect
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.errors import UnknownLayoutError
from core.records import (
    AgendaItem,
    Attachment,
    Document,
    EarlierDecision,
    Meeting,
    Section,
    Source,
)
from extract import patterns as P
from extract.attendance import read_present
from extract.items import decision_text, participation
from extract.layouts.draft import absent_from_every, held_or_invited
from extract.layouts.html import HtmlLine, html_lines
from extract.meeting import guess_municipality, iso_date, normalise_forum, split_names, unique
from extract.outcome import decide

_HINT = (
    "casegraph reads FirstAgenda Publication JSON: one meeting object with 'Udvalg', "
    "'Moede' (with 'Dato') and 'Dagsordenpunkter'; export the meeting again or give "
    "casegraph its PDF"
)

# -- HTML to lines ------------------------------------------------------------------------

#: A heading line longer than this is a paragraph set in a heading tag (Greve item 10).
_MAX_HEADING = 60

# -- provenance ---------------------------------------------------------------------------

_DECODER = json.JSONDecoder()
_COLON_RE = re.compile(r"\s*:\s*")
_SPACE_RE = re.compile(r"\s*")


class _Spans:
    """Line spans of values inside the JSON text (see the module docstring)."""

    def __init__(self, text: str | None) -> None:
        self.text = text or ""
        self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        self.last_line = len(self.newlines) + 1

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def span(self, start: int, stop: int) -> tuple[int, int]:
        return self.line(start), self.line(max(start, stop - 1))

    def value(self, key: str, start: int, stop: int) -> tuple[int, int, Any] | None:
        """``(start, stop, value)`` of the first ``"key": value`` in ``text[start:stop]``."""
        needle = f'"{key}"'
        position = self.text.find(needle, start, stop)
        while position != -1:
            after = position + len(needle)
            colon = _COLON_RE.match(self.text, after)
            if colon is not None and self.text[position - 1] != "\\":
                try:
                    value, end = _DECODER.raw_decode(self.text, colon.end())
                except ValueError:
                    return None
                return colon.end(), end, value
            position = self.text.find(needle, after, stop)
        return None

    def elements(self, start: int, stop: int) -> list[tuple[int, int, Any]]:
        """``(start, stop, value)`` of each element of the array at ``text[start]``."""
        found: list[tuple[int, int, Any]] = []
        if self.text[start : start + 1] != "[":
            return found
        position = start + 1
        while position < stop:
            position = _skip_space(self.text, position)
            if self.text[position : position + 1] in ("]", ""):
                break
            try:
                value, end = _DECODER.raw_decode(self.text, position)
            except ValueError:
                return []
            found.append((position, end, value))
            position = _skip_space(self.text, end)
            if self.text[position : position + 1] == ",":
                position += 1
        return found


def _skip_space(text: str, position: int) -> int:
    match = _SPACE_RE.match(text, position)
    return match.end() if match is not None else position


@dataclass
class _ItemSpans:
    """Where one item's parts are in the file."""

    item: tuple[int, int]
    fields: list[tuple[int, int]] = field(default_factory=list)  # one per Felter element
    attachments: list[tuple[int, int]] = field(default_factory=list)  # one per Bilag element


def _locate(data: dict[str, Any], text: str | None) -> tuple[tuple[int, int], list[_ItemSpans]]:
    """The meeting's span and each item's spans; the whole file wherever not found."""
    spans = _Spans(text)
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


@dataclass(frozen=True)
class _Parsed:
    """An item before the meeting's kind is known."""

    number: int
    title: str
    public: bool
    case: str
    sections: tuple[Section, ...]
    decision: str | None
    recommendation: str | None
    earlier: tuple[EarlierDecision, ...]
    attachments: tuple[Attachment, ...]
    guests: tuple[str, ...]
    absent: tuple[str, ...]
    decision_absence: tuple[str, ...] | None
    source: Source


def _parse_item(
    raw: dict[str, Any], position: int, spans: _ItemSpans, path: str, sha256: str, forum: str
) -> _Parsed:
    def source(span: tuple[int, int]) -> Source:
        return Source(path, sha256, span[0], max(span))

    number_text = _str(raw, "Punktnummer", "Number", "Sorting")
    number = (
        int(number_text)
        if number_text.isascii() and number_text.isdigit() and len(number_text) <= 4
        else position
    )
    title = _str(raw, "Navn", "Caption")
    closed = P.LUKKET_PREFIX_RE.match(title) is not None
    title = P.LUKKET_PREFIX_RE.sub("", title).strip()

    fields: list[tuple[str, tuple[int, int]]] = []
    for field_, span in zip(_list(raw, "Felter"), spans.fields, strict=False):
        html = field_.get("Html") if isinstance(field_, dict) else None
        if isinstance(html, str):
            fields.append((html, span))
    blocks = _blocks(fields)
    headed = any(b.kind != _LEAD for b in blocks)
    sections: list[Section] = []
    decision: str | None = None
    decision_absence: list[str] | None = None
    recommendation: list[str] = []
    earlier: list[EarlierDecision] = []
    people_text: list[str] = []
    for block in blocks:
        block_source = source((block.first, block.last))
        text = "\n".join(t for _, t in block.lines)
        kind = block.kind
        if kind == _LEAD and not headed:
            kind = _DECISION  # a closed item prints only its decision, without a heading
        if text or kind == _DECISION:
            sections.append(Section(block.heading, text, block_source))
        if kind == _DECISION:
            said, absence = decision_text(block.lines, forum)
            if decision is None:
                decision = said
            if absence is not None:
                decision_absence = list(decision_absence or []) + list(absence)
            continue
        if kind == _HISTORY:
            earlier.extend(_history(block, block_source))
            continue
        if block.heading.lower() in P.RECOMMENDATION_HEADINGS:
            recommendation.append(text)
        people_text.append(text.replace("\n", " "))

    guests: list[str] = []
    absent: list[str] = list(decision_absence or [])
    for text in people_text:
        found_guests, found_absent = participation(text)
        guests.extend(found_guests)
        absent.extend(found_absent)
    for attendee in _list(raw, "ExternalAgendaItemAttendees"):
        name = _str(attendee, "Name")
        reason = _str(attendee, "Reason").lower()
        if name and (attendee.get("AttendanceType") == 2 or reason in P.JSON_ABSENT_REASONS):
            absent.append(name)

    attachments = tuple(
        Attachment(_str(bilag, "Navn", "Name", "Title"), None, source(span))
        for bilag, span in zip(_list(raw, "Bilag"), spans.attachments, strict=False)
        if _str(bilag, "Navn", "Name", "Title")
    )
    case = _str(raw, "SagsNummer", "CaseNumber").upper()
    return _Parsed(
        number=number,
        title=title,
        public=not closed,
        case=case,
        sections=tuple(sections),
        decision=decision,
        recommendation="\n".join(recommendation) or None,
        earlier=tuple(earlier),
        attachments=attachments,
        guests=unique(guests),
        absent=unique(absent),
        decision_absence=unique(decision_absence) if decision_absence is not None else None,
        source=source(spans.item),
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


def parse_json(data: Any, *, path: str, sha256: str, text: str | None = None) -> Document:
    """Parse one FirstAgenda Publication meeting (decoded JSON) into a document.

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
    >>> parse_json([1, 2], path="x.json", sha256="0" * 64)
    Traceback (most recent call last):
    ...
    core.errors.UnknownLayoutError: x.json: the JSON is not a FirstAgenda meeting (no \
'Moede' and 'Dagsordenpunkter'). ...
    """
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

    meeting_span, item_spans = _locate(data, text)
    parsed = [
        _parse_item(raw, position, spans, path, sha256, forum)
        for position, (raw, spans) in enumerate(
            zip(data["Dagsordenpunkter"], item_spans, strict=True), 1
        )
        if isinstance(raw, dict)
    ]
    # A meeting FirstAgenda marks as not yet closed (``Afsluttet: false``) is an agenda,
    # whatever its items print; else the decisions say whether it was held.
    held = moede.get("Afsluttet")
    kind = "agenda" if held is False or not any(p.decision for p in parsed) else "minutes"
    items: dict[int, AgendaItem] = {}
    for p in parsed:
        items.setdefault(
            p.number,
            decide(
                AgendaItem(
                    number=p.number,
                    title=p.title,
                    source=p.source,
                    public=p.public,
                    case_numbers=(p.case,) if p.case else (),
                    sections=p.sections,
                    decision=p.decision,
                    earlier_decisions=p.earlier,
                    attachments=p.attachments,
                    participants=p.guests,
                    absent_for_item=p.absent,
                ),
                kind=kind,
                recommendation=p.recommendation,
            ),
        )

    attendees: list[str] = []
    absent: list[str] = []
    people = _list(moede, "Moededeltagere")
    for person in people:
        name = _str(person, "Name", "Navn")
        if not name:
            continue
        gone = isinstance(person, dict) and (
            person.get("Absent") is True or person.get("ParticipationCancelled") is True
        )
        (absent if gone else attendees).append(name)
    absences = [p.decision_absence for p in parsed if p.decision_absence is not None]
    if not people and absences:
        absent = list(absent_from_every(absences))

    all_text = "\n".join(s.text for item in items.values() for s in item.sections)
    title = " ".join(
        part for part in (_str(moede, "Navn"), committee, _danish_numeric(date)) if part
    )
    # "Jesper Fini Kuhre (Stedfortræder for Ronni Mark Nielsen)": the substitute, by name.
    names, notes = read_present(attendees)
    roles = dict(zip(names, notes, strict=True))
    attended, invited = held_or_invited(kind, unique(names))
    meeting = Meeting(
        forum=forum,
        date=date,
        source=Source(path, sha256, meeting_span[0], meeting_span[1]),
        term=term,
        start=start,
        place=_str(moede, "Sted") or None,
        kind=kind,
        attendees=attended,
        attendee_roles=tuple(roles.get(n) for n in attended) if any(notes) else (),
        invited=invited,
        absent=unique(absent),
        attendance_recorded=kind == "minutes" and (bool(people) or bool(absences)),
        items=tuple(sorted(items.values(), key=lambda item: item.number)),
        municipality=guess_municipality(forum, all_text),
    )
    return Document(path=path, sha256=sha256, meeting=meeting, format="json", title=title)


def _danish_numeric(date: str) -> str:
    """``2025-10-01`` -> ``01-10-2025``, as the FirstAgenda titles print dates."""
    year, month, day = date.split("-")
    return f"{day}-{month}-{year}"


__all__ = ["HtmlLine", "html_lines", "is_firstagenda_meeting", "parse_json"]
