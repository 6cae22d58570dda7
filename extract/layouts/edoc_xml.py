"""eDoc AgendaPublishing XML: one meeting with its participants and agenda items.

The shape this module reads (element names are matched without namespace and case; other
elements are ignored)::

    <Meeting>
      <Committee>Social- og Sundhedsudvalget</Committee>
      <MeetingDate>4. marts 2021</MeetingDate> <MeetingTime>16:00</MeetingTime>
      <MeetingLocation>…</MeetingLocation> <MeetingState>Referat endeligt godkendt</MeetingState>
      <MeetingParticipants>
        <MeetingParticipant Name="…" Participate="false" Role="…"/>   <- false: absent
      </MeetingParticipants>
      <MeetingAgendaTypes><MeetingAgendaType>
        <AgendaType>Åben dagsorden</AgendaType>                        <- Lukket: closed items
        <MeetingAgendaItems><MeetingAgendaItem>
          <AgendaItemNumber>2</AgendaItemNumber>
          <Document documentid="…"><Title>…</Title><CaseNumber>…</CaseNumber>
            <Attachments><Attachment attachmentid="…"><Title>…</Title></Attachment></Attachments>
          </Document>
          <FullText>(escaped HTML: Sagsfremstilling, Indstilling, Beslutning …)</FullText>
        </MeetingAgendaItem></MeetingAgendaItems>
      </MeetingAgendaType></MeetingAgendaTypes>
    </Meeting>

An item's text goes through the shared item parser (``Beslutning`` is the decision, absences
inside it count), as its lines. Provenance: a meeting's span is the file's lines up to the first
agenda item, an item's span is its element's lines.

>>> from pathlib import Path
>>> xml = (Path(__file__).parents[2] / "tests/fixtures/layouts/edoc_agenda_publishing.xml")
>>> draft = read_xml(xml.read_text(encoding="utf-8"), path="e.xml", sha256="0" * 64)
>>> draft.forum, draft.date, draft.start, draft.absent, [d.item.number for d in draft.items]
('Social- og Sundhedsudvalget', '2021-03-04', '16:00', ('Maja Lind',), [1, 2, 3])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from lxml import etree

from core.errors import UnknownLayoutError
from core.records import Attachment, Source
from extract.items import ItemContext, parse_item
from extract.layouts.dates import first_date, time_after
from extract.layouts.draft import Draft, DraftItem
from extract.layouts.html import html_lines
from extract.meeting import normalise_forum, unique
from extract.segment import split_item

NAME = "edoc-xml"
_HINT = (
    "casegraph reads eDoc AgendaPublishing XML: a 'Meeting' with 'Committee', 'MeetingDate' and "
    "'MeetingAgendaItem' elements; export the meeting again or give casegraph its PDF"
)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _find(element: etree._Element, *names: str) -> etree._Element | None:
    wanted = {n.lower() for n in names}
    for child in element.iter():
        if _local(child) in wanted:
            return child
    return None


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _findall(element: etree._Element, name: str) -> Iterator[etree._Element]:
    name = name.lower()
    return (child for child in element.iter() if _local(child) == name)


def detect(root: etree._Element) -> float:
    """1.0 for an eDoc meeting document, else 0."""
    if _local(root) not in ("meeting", "root"):
        return 0.0
    has_items = _find(root, "MeetingAgendaItem", "AgendaElement") is not None
    return 1.0 if has_items and _find(root, "Committee") is not None else 0.0


def parse_xml(text: str, path: str) -> etree._Element:
    """The element tree of an XML file (no external entities, no network)."""
    try:
        return etree.fromstring(text.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnknownLayoutError(path, f"the XML is not well-formed ({exc})", _HINT) from exc


def _participants(root: etree._Element) -> tuple[list[str], list[str], list[str | None]]:
    present: list[str] = []
    absent: list[str] = []
    roles: list[str | None] = []
    for person in _findall(root, "MeetingParticipant"):
        name = " ".join((person.get("Name") or _text(_find(person, "Name"))).split())
        if not name:
            continue
        flag = (person.get("Participate") or _text(_find(person, "Participate"))).lower()
        if flag == "false":
            absent.append(name)
        else:
            present.append(name)
            roles.append(person.get("Role") or None)
    return present, absent, roles


def _item(
    element: etree._Element, public: bool, ctx: ItemContext, position: int
) -> DraftItem | None:
    number_text = _text(_find(element, "AgendaItemNumber", "SerialNo"))
    number = (
        int(number_text)
        if number_text.isascii() and number_text.isdigit() and len(number_text) <= 4
        else position
    )
    document = _find(element, "Document", "HandlingItem")
    title = _text(_find(document, "Title")) if document is not None else ""
    if not title:
        return None
    first = element.sourceline or 1
    last = max((e.sourceline or first) for e in element.iter())
    body = _text_raw(_find(element, "FullText"))
    texts = [line.text for line in html_lines(body)] if "<" in body else body.splitlines()
    lines = [(first, f"Punkt {number}: {title}")] + [(first, " ".join(t.split())) for t in texts]
    parts = split_item(lines, 0, len(lines), number, title, None)
    parsed = parse_item(parts, ctx)
    case = _text(_find(document, "CaseNumber")) if document is not None else ""
    attachments = []
    for attachment in _findall(element, "Attachment"):
        name = _text(_find(attachment, "Title"))
        if name:
            number_id = attachment.get("attachmentid") or None
            attachments.append(Attachment(name, number_id, ctx.source(first, last)))
    item = dataclasses.replace(
        parsed.item,
        public=public,
        case_numbers=unique([case.upper()] if case else list(parsed.item.case_numbers)),
        attachments=tuple(attachments) or parsed.item.attachments,
        source=ctx.source(first, last),
    )
    return DraftItem(item, decision_absence=parsed.absence, classified=True)


def _text_raw(element: etree._Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def read_xml(text: str, *, path: str, sha256: str, fmt: str = "xml") -> Draft:
    """Read one eDoc meeting into a draft.

    Raises
    ------
    UnknownLayoutError
        The XML is not an eDoc meeting, or has no committee or valid date.
    """
    root = parse_xml(text, path)
    if not detect(root):
        raise UnknownLayoutError(path, "the XML is not an eDoc meeting", _HINT)
    forum, term = normalise_forum(_text(_find(root, "Committee")))
    when = _text(_find(root, "MeetingDate", "MeetingDateTime"))
    date = first_date(when)
    if not forum or date is None:
        raise UnknownLayoutError(path, "the meeting has no committee or no valid date", _HINT)
    start = time_after(_text(_find(root, "MeetingTime", "MeetingStartTime")) or when)
    state = _text(_find(root, "MeetingState", "OutputTypeEnumName")).lower()
    kind = "minutes" if "referat" in state or state == "minutes" else None
    ctx = ItemContext(path, sha256, kind=kind or "minutes", forum=forum)
    items: list[DraftItem] = []
    for group in _findall(root, "MeetingAgendaType"):
        public = "lukket" not in _text(_find(group, "AgendaType")).lower()
        for element in _findall(group, "MeetingAgendaItem"):
            found = _item(element, public, ctx, len(items) + 1)
            if found is not None:
                items.append(found)
    present, absent, roles = _participants(root)
    first_item = items[0].item.source.first_line if items else 1
    return Draft(
        path=path,
        sha256=sha256,
        reader=NAME,
        confidence=1.0,
        forum=forum,
        date=date,
        source=Source(path, sha256, 1, max(1, first_item - 1)),
        items=items,
        format=fmt,
        title=f"{forum} {date}",
        term=term,
        start=start,
        place=_text(_find(root, "MeetingLocation")) or None,
        kind=kind,
        status="held" if kind == "minutes" else None,
        attendees=tuple(present),
        absent=tuple(absent),
        attendee_roles=tuple(roles) if any(roles) else (),
        attendance_recorded=bool(present or absent),
    )


__all__ = ["NAME", "detect", "parse_xml", "read_xml"]
