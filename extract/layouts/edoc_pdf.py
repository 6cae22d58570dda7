"""The eDoc minutes layout (Ballerup): running page headers, ``1.`` items, sentence decisions.

This module recognises the layout and puts a meeting together; its parts read the rows and
the table of contents (:mod:`~extract.layouts.edoc_rows`), the front page
(:mod:`~extract.layouts.edoc_front`) and each item (:mod:`~extract.layouts.edoc_item`).

What the layout looks like (pdftotext and pdfium give the same lines, except that pdftotext
puts a list marker such as ``1.`` or ``A)`` on a line of its own, and blank lines)::

    Sundheds- og Forebyggelsesudvalget      <- page header, repeated on every page
    Referat
    Åbent referat
    Dato: 04.12.2012
    Side 1
    Referat                                 <- front page
    Sundheds- og Forebyggelsesudvalget
    tirsdag den 4. december 2012, kl. 13:00
    i Mødecenter C, Lokale 32 på Ballerup Rådhus
    Tilstede / Lolan Ottesen (A) - formand / ... / Afbud/Fraværende / Sekretær / ...
    INDHOLDSFORTEGNELSE / Åbent referat / 1. Meddelelser 3 / ... / Lukket referat
    2. Bygningsvedligeholdelse 2013 - anlægsbevilling
    Sagsnr.: 2012-28504 / Dok.nr.: 2012-203438
    Kommunalbestyrelsen den 30. januar 2012 Punkt 5      <- an earlier treatment
    Sammendrag / Baggrund / Sagsfremstilling / ... / Bilag / Beslutningen træffes af / Indstilling
    Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2
    Indstillingen godkendt
    Følgende deltog ikke i behandlingen af punktet:

Blank lines carry no meaning here (pdfium prints none), so they are dropped with the page
headers before anything else. A decision heading dated another day is an earlier meeting's
decision carried along with the case.

>>> from extract.segment import logical_lines
>>> lines = logical_lines('''Udvalget
... Referat
... Åbent referat
... Dato: 04.12.2012
... Side 1
... Referat
... Udvalget
... tirsdag den 4. december 2012, kl. 13:00
... Tilstede
... Lolan Ottesen (A) - formand
... 1.
... Meddelelser
... Sagsnr.: 2011-29298
... Udvalgets beslutning den 04.12.2012 Punkt 1
... Taget til efterretning''')
>>> detect_edoc(lines)
0
>>> from extract.layouts.draft import assemble
>>> doc = assemble(parse_edoc(lines, 0, text="", path="b.pdf", sha256="0" * 64, fmt="pdf"))
>>> m = doc.meeting
>>> m.forum, m.date, m.start, m.attendees, m.attendee_parties, m.attendee_roles
('Udvalget', '2012-12-04', '13:00', ('Lolan Ottesen',), ('A',), ('formand',))
>>> [(i.number, i.title, i.case_numbers, i.decision, i.outcome) for i in m.items]
[(1, 'Meddelelser', ('2011-29298',), 'Taget til efterretning', 'noted')]
"""

from __future__ import annotations

from collections.abc import Sequence

from core.records import AgendaItem
from extract import patterns as P
from extract.items import ItemContext
from extract.layouts.draft import Draft, DraftItem
from extract.layouts.edoc_front import read_front_page
from extract.layouts.edoc_item import parse_edoc_item
from extract.layouts.edoc_rows import TocEntry, find_items, is_page_header, page_rows, read_toc
from extract.segment import Line

NAME = "edoc"

#: How many non-blank lines at the top may precede the first page header.
_HEADER_SEARCH = 3


def detect_edoc(lines: Sequence[Line]) -> int | None:
    """Index of the first page header when the document opens with one, else None.

    >>> from extract.segment import logical_lines
    >>> page = "Udvalget\\nReferat\\nÅbent referat\\nDato: 04.12.2012\\nSide 1"
    >>> detect_edoc(logical_lines("\\n" + page))
    1
    >>> detect_edoc(logical_lines("REFERAT Direktionen d. 07-01-2021")) is None
    True
    """
    found: list[tuple[int, str]] = []
    for index, (_, text) in enumerate(lines):
        if text:
            found.append((index, text))
            if len(found) >= _HEADER_SEARCH + 5:
                break
    texts = [text for _, text in found]
    for start in range(min(_HEADER_SEARCH, len(found))):
        if is_page_header(texts, start, None):
            return found[start][0]
    return None


def parse_edoc(
    lines: Sequence[Line], anchor: int, *, text: str, path: str, sha256: str, fmt: str
) -> Draft:
    """Read eDoc minutes whose first page header starts at ``lines[anchor]`` into a draft
    (outcomes classified here; :func:`extract.layouts.draft.assemble` does the rest).

    Items listed in the table of contents but absent from the body (closed items left out
    of the public minutes) are kept with their title only, their span the entry's line.

    Raises
    ------
    UnknownLayoutError
        When the front page gives no meeting date.
    """
    rows, header_forum = page_rows(lines, anchor)
    dato_line = next(
        (t for _, t in lines[anchor : anchor + 12] if P.EDOC_DATO_RE.match(t)), "Dato: "
    )
    dato = dato_line.split(":", 1)[1].strip()
    toc_at = next((i for i, row in enumerate(rows) if row.text.lower() == P.TOC_WORD), None)
    toc: list[TocEntry] = []
    body_start = 0
    if toc_at is not None:
        toc, body_start = read_toc(rows, toc_at)
    items_at = find_items(rows, body_start, toc)
    front_end = toc_at if toc_at is not None else (items_at[0][0] if items_at else len(rows))
    front = read_front_page(rows[:front_end], header_forum, dato, path)

    ctx = ItemContext(path, sha256, kind=front.kind, forum=front.forum)
    items: list[AgendaItem] = []
    for position, (index, number, entry) in enumerate(items_at):
        end = items_at[position + 1][0] if position + 1 < len(items_at) else len(rows)
        items.append(parse_edoc_item(rows[index:end], number, entry, ctx, front.date))
    seen = {item.number for item in items}
    for entry in toc:
        if entry.number not in seen:
            items.append(
                AgendaItem(
                    number=entry.number,
                    title=entry.title,
                    source=ctx.source(entry.row.first, entry.row.last),
                    public=entry.public,
                )
            )
    items.sort(key=lambda item: item.number)

    # The town hall in the place names the municipality here (``Ballerup Rådhus``); the text's
    # ``X Kommune`` mentions are assemble()'s fallback.
    hall = P.TOWN_HALL_RE.search(front.place) if front.place is not None else None
    kind_word = "Referat" if front.kind == "minutes" else "Dagsorden"
    return Draft(
        path=path,
        sha256=sha256,
        reader=NAME,
        confidence=1.0,
        forum=front.forum,
        date=front.date,
        source=ctx.source(lines[anchor][0], front.last_line),
        items=[DraftItem(item, classified=True) for item in items],
        format=fmt,
        title=f"{kind_word} {header_forum} {dato}".strip(),
        term=front.term,
        start=front.start,
        place=front.place,
        kind=front.kind,
        attendees=front.attendees,
        absent=front.absent,
        attendee_parties=front.parties,
        attendee_roles=front.roles,
        attendance_recorded=front.recorded,
        municipality=hall.group(1) if hall is not None else None,
        text=text,
    )


__all__ = ["NAME", "detect_edoc", "parse_edoc"]
