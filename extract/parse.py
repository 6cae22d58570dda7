"""Entry point: the decoded text of one minutes document -> :class:`core.records.Document`.

Each supported layout is a :class:`Layout`: a ``detect`` function that looks at the
logical lines and says whether (and where) the layout's header is, and a ``parse``
function that builds the document. :func:`detect_layout` tries them in order, so a new
layout is one more module and one more entry in :data:`LAYOUTS`: the FirstAgenda/Acadre
title-line layout (Nordfyns, Aarhus; below) and the eDoc layout with running page headers
(Ballerup; :mod:`extract.layout_edoc`). JSON is not text to detect a layout in: a ``"json"``
document goes to :func:`extract.layout_firstagenda_json.parse_json` (Greve).

>>> doc = parse_text('''REFERAT Strategisk Chefforum d. 13-01-2021
... Mødedato Onsdag d. 13. januar 2021 kl. 08:30
... Punkt 1: Tidsplan
... S2019-75
... Beslutning
... Godkendt.''', path="a.txt", sha256="0" * 64)
>>> doc.meeting.key, doc.meeting.start, doc.meeting.items[0].outcome
('meeting:strategisk-chefforum:2021-01-13', '08:30', 'approved')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from core.errors import UnknownLayoutError
from core.records import Document, Meeting, Source
from extract import patterns as P
from extract.items import ItemContext, parse_item
from extract.layout_edoc import detect_edoc, parse_edoc
from extract.layout_firstagenda_json import parse_json
from extract.meeting import guess_municipality, parse_header
from extract.read import load_json
from extract.segment import (
    Line,
    find_items,
    find_title,
    logical_lines,
    match_toc,
    split_item,
    toc_entries,
)

_HINT = (
    "casegraph reads minutes whose first lines hold a title such as "
    "'REFERAT Strategisk Chefforum d. 13-01-2021' (FirstAgenda exports); "
    "check that the file is meeting minutes and that its text layer is not empty"
)


@dataclass(frozen=True)
class Layout:
    """A document layout: how to recognise it and how to parse it."""

    name: str
    detect: Callable[[Sequence[Line]], int | None]
    parse: Callable[..., Document]


def _parse_firstagenda(
    lines: Sequence[Line], anchor: int, *, text: str, path: str, sha256: str, fmt: str
) -> Document:
    """Parse the FirstAgenda layout (Nordfyns seeds, Aarhus): title line at ``anchor``."""
    items_at = find_items(lines, anchor + 1)
    body_start = items_at[0][0] if items_at else len(lines)
    toc_at = next(
        (i for i in range(anchor + 1, body_start) if lines[i][1].lower() == P.TOC_WORD), None
    )
    header = parse_header(lines, anchor, toc_at if toc_at is not None else body_start)
    if header is None:
        raise UnknownLayoutError(path, "the title line has no valid forum and date", _HINT)
    toc = toc_entries(lines, toc_at + 1, body_start) if toc_at is not None else []

    ctx = ItemContext(path, sha256, kind=header.kind, forum=header.forum)
    items = []
    absences: list[tuple[str, ...]] = []
    for position, (index, number, rest) in enumerate(items_at):
        end = items_at[position + 1][0] if position + 1 < len(items_at) else len(lines)
        entry = match_toc(rest, toc, position) if toc and rest else None
        parsed = parse_item(split_item(lines, index, end, number, rest, entry), ctx)
        items.append(parsed.item)
        if parsed.absence is not None:
            absences.append(parsed.absence)

    absent = header.absent
    if absences and not absent:
        # ``Fraværende:`` printed in every decision (the Sagsnr./Dok.nr. layout): whoever
        # is absent from all of them was absent from the meeting.
        common = set(absences[0]).intersection(*absences[1:])
        absent = tuple(name for name in absences[0] if name in common)
    meeting = Meeting(
        forum=header.forum,
        date=header.date,
        source=Source(path, sha256, header.first_line, header.last_line),
        term=header.term,
        start=header.start,
        place=header.place,
        kind=header.kind,
        attendees=header.attendees,
        absent=absent,
        attendance_recorded=bool(header.attendees) or header.absence_recorded or bool(absences),
        items=tuple(items),
        municipality=guess_municipality(header.forum, text),
    )
    return Document(path=path, sha256=sha256, meeting=meeting, format=fmt, title=header.title)


#: Layouts tried in order by :func:`detect_layout`.
LAYOUTS: tuple[Layout, ...] = (
    Layout("firstagenda", find_title, _parse_firstagenda),
    Layout("edoc", detect_edoc, parse_edoc),
)


def detect_layout(lines: Sequence[Line]) -> tuple[Layout, int] | None:
    """The first layout that recognises ``lines``, with where its header starts.

    >>> layout, at = detect_layout(logical_lines("\\nREFERAT Aarhus Byråd d. 27-08-2025"))
    >>> layout.name, at
    ('firstagenda', 1)
    >>> detect_layout(logical_lines("Sundheds- og Forebyggelsesudvalget\\nReferat")) is None
    True
    >>> detect_layout(logical_lines("Udvalget\\nReferat\\nÅbent referat\\nDato: 04.12.2012\\n"
    ...                             "Side 1"))[0].name
    'edoc'
    """
    for layout in LAYOUTS:
        anchor = layout.detect(lines)
        if anchor is not None:
            return layout, anchor
    return None


def parse_text(text: str, *, path: str, sha256: str, fmt: str = "text") -> Document:
    """Parse the decoded text of one minutes document.

    Parameters
    ----------
    text
        The whole document, decoded, with LF line ends. Form feeds (page breaks) count as
        line breaks but do not change line numbers.
    path, sha256
        Provenance copied into every :class:`~core.records.Source`.
    fmt
        ``"text"``, ``"markdown"``, ``"pdf"`` or ``"json"``. JSON is decoded and read by
        :func:`extract.layout_firstagenda_json.parse_json`; the others are only stored on
        the document (markdown is recognised from the text itself).

    Returns
    -------
    Document
        The meeting with its items; every span points at lines of ``text.split("\\n")``,
        numbered from 1.

    Raises
    ------
    UnknownLayoutError
        When no meeting header (forum and date) is recognisable, or the JSON is not a
        FirstAgenda meeting.
    InputError
        When ``fmt`` is ``"json"`` and the text is not valid JSON.

    Examples
    --------
    >>> parse_text("Hello", path="x.txt", sha256="0" * 64)
    Traceback (most recent call last):
    ...
    core.errors.UnknownLayoutError: x.txt: no meeting header (forum and date) found. ...
    """
    if fmt == "json":
        return parse_json(load_json(text, path), path=path, sha256=sha256, text=text)
    lines = logical_lines(text)
    found = detect_layout(lines)
    if found is None:
        raise UnknownLayoutError(path, "no meeting header (forum and date) found", _HINT)
    layout, anchor = found
    return layout.parse(lines, anchor, text=text, path=path, sha256=sha256, fmt=fmt)


__all__ = ["LAYOUTS", "Layout", "detect_layout", "parse_text"]
