"""FirstAgenda Publication web pages (Aarhus): the meeting page as the server sends it.

What the page looks like (classes as published; other markup is ignored)::

    <h1 class="dato">Referat 1. oktober 2025 kl. 15.45</h1>        <- or "Dagsorden …"
    <table class="dagsordeninfo">  Udvalg: <span class="udvalg"> / Mødedato: <span class="dato">
        / Mødested: <span class="sted"> / Mødedeltagere: <td class="deltagere"> (filled by
        JavaScript, so empty as served)
    <table class="dagsorden"> <tr class="punktrow">
        <td><span class="label">2</span></td>
        <td><h2 class="overskrift">title</h2> <span class="sagsnummer">EMN-2025-009242</span>
            <div class="punkt"> <h3>Beslutninger</h3><span class="resume">…</span>
                <h3></h3><span class="resume">…</span>  <h3>Resume</h3> … <h3>Sagsforløb</h3> …
            <h3>Bilag</h3><ul><li><a class="bilag-link">title</a></li></ul>

Each ``<h3>`` and the text up to the next one is a block of the item (an empty ``<h3>`` starts an
untitled section); the blocks go through the shared item parser, so ``Beslutninger`` is the
decision, ``Sagsforløb`` gives the earlier decisions and ``Bilag`` the attachments. The header
is read by the general header finder from the title and the info table.
"""

from __future__ import annotations

from lxml import etree

from core.records import Source
from extract import patterns as P
from extract.items import ItemContext, parse_item
from extract.layouts.draft import Draft, DraftItem
from extract.layouts.header import find_header
from extract.layouts.html import element_lines
from extract.segment import Block, ItemParts, Line, heading_kind

NAME = "firstagenda-web"


def _class(element: etree._Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def _first(element: etree._Element, tag: str, cls: str) -> etree._Element | None:
    for found in element.iter(tag):
        if _class(found, cls):
            return found
    return None


def _text(element: etree._Element | None) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def _rows(root: etree._Element) -> list[etree._Element]:
    return [row for row in root.iter("tr") if _class(row, "punktrow")]


def detect(root: etree._Element) -> float:
    """1.0 for a page with FirstAgenda item rows (``tr.punktrow`` with an ``h2.overskrift``)."""
    for row in _rows(root):
        return 1.0 if _first(row, "h2", "overskrift") is not None else 0.0
    return 0.0


def _header_lines(root: etree._Element) -> list[Line]:
    lines: list[Line] = []
    heading = _first(root, "h1", "dato")
    if heading is not None:
        lines.append((heading.sourceline or 1, _text(heading)))
    info = _first(root, "table", "dagsordeninfo")
    if info is not None:
        for row in info.iter("tr"):
            cells = [_text(cell) for cell in row.iter("td")]
            if len(cells) >= 2 and cells[0] and row.get("hidden") is None:
                lines.append((row.sourceline or 1, f"{cells[0]} {cells[1]}".strip()))
    return lines


def _blocks(row: etree._Element, first: int) -> list[Block]:
    """The ``<h3>`` blocks of one item row, the ``Bilag`` list last."""
    blocks: list[Block] = []
    punkt = _first(row, "div", "punkt")
    current: tuple[str, int, list[Line]] | None = None

    def close() -> None:
        if current is not None:
            heading, line, body = current
            kind = heading_kind(heading) if heading else None
            blocks.append(Block(kind or P.SECTION, heading, line, tuple(body)))

    for element in punkt.iter() if punkt is not None else ():
        if element.tag == "h3":
            close()
            heading = _text(element).rstrip(":").strip()
            current = (heading, element.sourceline or first, [])
        elif current is not None and _class(element, "resume"):
            for html_line in element_lines(element):
                if not P.PUNCT_ONLY_RE.match(html_line.text):
                    current[2].append((html_line.line, html_line.text))
    close()
    links = [a for a in row.iter("a") if _class(a, "bilag-link")]
    if links:
        line = links[0].sourceline or first
        body = tuple((a.sourceline or line, _text(a)) for a in links if _text(a))
        blocks.append(Block(P.ATTACHMENTS, "Bilag", line, body))
    return [b for b in blocks if b.lines or b.kind == P.DECISION]


def _item(row: etree._Element, ctx: ItemContext, position: int) -> DraftItem | None:
    title = _text(_first(row, "h2", "overskrift"))
    if not title:
        return None
    label = _text(_first(row, "span", "label"))
    number = int(label) if label.isascii() and label.isdigit() and len(label) <= 4 else position
    first = row.sourceline or 1
    last = max((e.sourceline or first) for e in row.iter())
    case = _text(_first(row, "span", "sagsnummer"))
    head = ((first, case),) if case else ()
    parts = ItemParts(number, title, first, last, head, tuple(_blocks(row, first)))
    parsed = parse_item(parts, ctx)
    return DraftItem(parsed.item, decision_absence=parsed.absence, classified=True)


def read_page(root: etree._Element, *, path: str, sha256: str, title: str, text: str) -> Draft:
    """Read a FirstAgenda Publication page (already parsed) into a draft."""
    lines = _header_lines(root)
    header = find_header(lines, ["h1"] + [""] * (len(lines) - 1), title, len(lines))
    kind = header.kind or "minutes"
    ctx = ItemContext(path, sha256, kind=kind, forum=header.forum)
    items = [
        found
        for position, row in enumerate(_rows(root), 1)
        if (found := _item(row, ctx, position)) is not None
    ]
    first_row = _rows(root)[0].sourceline if _rows(root) else None
    span_end = max(header.first_line, (first_row or 2) - 1)
    return Draft(
        path=path,
        sha256=sha256,
        reader=NAME,
        confidence=1.0 if header.forum and header.date else 0.0,
        forum=header.forum,
        date=header.date,
        source=Source(path, sha256, header.first_line, span_end),
        items=items,
        format="html",
        title=lines[0][1] if lines else title or None,
        term=header.term,
        start=header.start,
        place=header.place,
        kind=header.kind,
        attendees=tuple(header.attendees),
        absent=header.absent,
        attendance_recorded=header.recorded,
        municipality=header.municipality,
        text=text,
    )


__all__ = ["NAME", "detect", "read_page"]
