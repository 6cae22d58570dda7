"""FirstAgenda / Acadre minutes as text or PDF (Nordfyns, Aarhus): the title-line layout.

A special case of the general reader whose signature is certain: the title line
``REFERAT <forum> d. dd-mm-yyyy`` near the top, labelled header lines (``Mødedato``,
``Mødested``, ``Mødedeltagere``, ``Fraværende``), ``Indholdsfortegnelse``, and ``Punkt N:``
items read by the shared item parser.

>>> from extract.segment import logical_lines
>>> lines = logical_lines("REFERAT Direktionen d. 07-01-2021\\nPunkt 1: Tidsplan\\n"
...                       "Beslutning\\nFraværende: Ole Bo\\nGodkendt.")
>>> draft = read(lines, detect(lines), text="", path="a.txt", sha256="0" * 64, fmt="text")
>>> draft.forum, [(d.item.title, d.decision_absence) for d in draft.items]
('Direktionen', [('Tidsplan', ('Ole Bo',))])
"""

from __future__ import annotations

from collections.abc import Sequence

from core.errors import UnknownLayoutError
from core.records import Source
from extract import patterns as P
from extract.items import ItemContext, parse_item
from extract.layouts.draft import Draft, DraftItem
from extract.meeting import parse_header
from extract.segment import Line, find_items, find_title, match_toc, split_item, toc_entries

NAME = "firstagenda"

_HINT = (
    "casegraph reads minutes whose first lines hold a title such as "
    "'REFERAT Strategisk Chefforum d. 13-01-2021' (FirstAgenda exports); "
    "check that the file is meeting minutes and that its text layer is not empty"
)


def detect(lines: Sequence[Line]) -> int | None:
    """Index of the title line near the top, or None (see :func:`extract.segment.find_title`)."""
    return find_title(lines)


def read(
    lines: Sequence[Line], anchor: int | None, *, text: str, path: str, sha256: str, fmt: str
) -> Draft:
    """Read the FirstAgenda layout whose title line is ``lines[anchor]``.

    Raises
    ------
    UnknownLayoutError
        When the title line has no valid forum and date.
    """
    if anchor is None:
        raise UnknownLayoutError(path, "no meeting header (forum and date) found", _HINT)
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
    items: list[DraftItem] = []
    for position, (index, number, rest) in enumerate(items_at):
        end = items_at[position + 1][0] if position + 1 < len(items_at) else len(lines)
        entry = match_toc(rest, toc, position) if toc and rest else None
        parsed = parse_item(split_item(lines, index, end, number, rest, entry), ctx)
        items.append(DraftItem(parsed.item, decision_absence=parsed.absence, classified=True))
    return Draft(
        path=path,
        sha256=sha256,
        reader=NAME,
        confidence=1.0,
        forum=header.forum,
        date=header.date,
        source=Source(path, sha256, header.first_line, header.last_line),
        items=items,
        format=fmt,
        title=header.title,
        term=header.term,
        start=header.start,
        place=header.place,
        kind=header.kind,
        attendees=header.attendees,
        absent=header.absent,
        attendance_recorded=bool(header.attendees) or header.absence_recorded,
        text=text,
    )


__all__ = ["NAME", "detect", "read"]
