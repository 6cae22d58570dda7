"""The general reader: any minutes as lines, structure found with scores.

It finds the item sequence (:mod:`extract.layouts.sequence`), reads the header before it
(:mod:`extract.layouts.header`), and reads each item with the shared item parser
(:func:`extract.items.parse_item`) after putting the item's lines into the vocabulary that parser
knows: decision headings that name a forum and a date become this meeting's ``Beslutning`` or an
earlier ``Beslutning på møde <forum> <date>``, numbers lines (``Sag``, ``Sagsid.``, ``J.nr.``, a
bare KLE number before the heading) become ``Sagsnr.``/``Dok.nr.``, absence sentences become
``Fraværende:`` lines, and section lines (``Lukkede punkter``) set whether the items after them
are public. Text, PDF text, markdown and web pages (as lines with their tags) all come here.

>>> doc = read_lines([(1, "Byrådet - Referat"), (2, "Dato: 29. januar 2020"),
...     (3, "1. Budget"), (4, "Beslutning i Byrådet den 29-01-2020:"), (5, "Godkendt.")],
...     path="b.txt", sha256="0" * 64)
>>> doc.forum, doc.date, [(d.item.number, d.item.title, d.item.decision) for d in doc.items]
('Byrådet', '2020-01-29', [(1, 'Budget', 'Godkendt.')])
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from core.errors import UnknownLayoutError
from core.records import Source
from extract import patterns as P
from extract.items import ItemContext, parse_item
from extract.layouts.dates import first_date
from extract.layouts.draft import Draft, DraftItem, no_items
from extract.layouts.header import FoundHeader, find_header
from extract.layouts.sequence import FoundSequence, find_sequence
from extract.meeting import normalise_forum
from extract.segment import Line, match_toc, split_item, toc_entries

NAME = "general"

_HINT = (
    "casegraph looks for the forum and the date near the top (for example 'Referat', "
    "'Økonomiudvalget', 'Mødedato: 3. februar 2021') and numbered items ('Punkt 4:', '4. Title'); "
    "check that the file is meeting minutes and that its text layer is not empty"
)

#: ``Beslutning i Økonomiudvalget den 4. marts 2019:``, ``Beslutning Teknik- og Miljøudvalget
#: den 11-08-2021``, ``Beslutning den 24-04-2017:``.
_DECISION_FORUM_RE = re.compile(
    r"^Beslutning(?:er)?(?:\s+(?:i|på\s+mødet\s+i|fra))?(?:\s+(?P<forum>[A-ZÆØÅ].*?))?"
    r"\s+den\s+(?P<date>.+?)\s*:?$"
)
#: ``Kultur- og Idrætsudvalget, 03-04-2019, pkt. 42``.
_DATELINE_PKT_RE = re.compile(
    r"^(?P<forum>[A-ZÆØÅ][^,]{2,80}),\s*(?P<date>\d{1,2}[-.]\d{1,2}[-.]\d{4}),\s*pkt\.?\s*\d{1,4}$"
)
#: ``Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2``.
_GENITIVE_RE = re.compile(
    r"^(?P<forum>[A-ZÆØÅ].{1,100}?)s\s+beslutning\s+den\s+(?P<date>\S+(?:\s+\S+\s+\d{4})?)"
    r"(?:\s+Punkt\s+\d{1,4})?\s*:?$"
)
#: Open and closed sections: ``Åbne punkter``, ``Lukkede dagsordenspunkter``, ``Til behandling
#: - for lukkede døre``, ``Lukket referat``.
_SECTION_RE = re.compile(
    r"^(?:til \w+ - )?(?:for\s+)?(?P<which>åbne|åbent|åben|lukkede|lukket)\s+"
    r"(?:punkter|dagsordenspunkter|sager|referat|dagsorden|døre|del)$"
    r"|^til \w+ - for (?P<which2>åbne|lukkede) døre$",
    re.IGNORECASE,
)
_KLE_RE = re.compile(r"^\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,4}-\d{2}$")
_SAG_RE = re.compile(r"^Sag\s+(\S+\d)$")
_DOK_RE = re.compile(r"^Dok\.\s+(\S+\d)$")
_SAGSID_RE = re.compile(r"\bSagsid\.?\s*:?\s*([\w./-]*\d)", re.IGNORECASE)
_PUBLIC_TAIL_RE = re.compile(r"\s+(Åbent|Åben|Lukket)(?:\s+(?:punkt|sag))?$")
_PUBLIC_LINE_RE = re.compile(r"^(Åben|Åbent|Lukket)\s+(?:sag|punkt)$", re.IGNORECASE)
#: ``Per Lund og Eva Sø var fraværende.``
_WERE_ABSENT_RE = re.compile(r"^(?P<who>[A-ZÆØÅ][^.:]{2,200}?)\s+var\s+fraværende\.?$")
#: ``Fraværende: Ole Krog (V) - Ida Bak (V) mødte som stedfortræder.``
_SUBSTITUTE_RE = re.compile(
    r"^(?P<label>Fraværende|Afbud)\s*:\s*(?P<who>.+?)\s+[-–]\s+.+\bstedfortræder\b.*$"
)
#: ``Følgende deltog ikke i behandlingen af punktet: X`` (eDoc).
_NOT_PRESENT_RE = re.compile(
    r"^Følgende\s+deltog\s+ikke\s+i\s+behandlingen(?:\s+af\s+(?:punktet|sagen))?\s*:?\s*(.*)$"
)
#: A page number line (``Side 3``, ``Side 3 af 12``, ``- 3 -``).
_PAGE_RE = re.compile(r"^(?:Side\s+\d{1,4}(?:\s+af\s+\d{1,4})?|-\s*\d{1,4}\s*-)$", re.I)
_PARTY_RE = re.compile(r"\s*\([A-ZÆØÅ]{1,3}\)")
_CODE_SUFFIX_RE = re.compile(r"\s+\([A-ZÆØÅ]\)$")
_DROP = frozenset({"til toppen", "udskriv", "print", "se alle bilag"})


def _this_meeting(forum: str | None, date: str | None, header: FoundHeader) -> bool:
    if date is not None and date != header.date:
        return False
    if forum is None:
        return True
    name = normalise_forum(forum)[0].lower()
    mine = header.forum.lower()
    return name == mine or name.rstrip("s") == mine or name == mine.rstrip("s")


def _decision_line(text: str, header: FoundHeader) -> str | None:
    """The canonical heading of a decision heading that names a forum or date, else None."""
    if not text[:1].isupper():
        return None
    match = None
    if text.startswith("Beslutning"):
        match = _DECISION_FORUM_RE.match(text)
    elif "pkt" in text:
        match = _DATELINE_PKT_RE.match(text)
    elif " beslutning den " in text:
        match = _GENITIVE_RE.match(text)
    if match is None:
        return None
    date = first_date(match["date"])
    if date is None:
        return None
    forum = match["forum"]
    if _this_meeting(forum, date, header):
        return "Beslutning"
    name = normalise_forum(forum)[0] if forum else header.forum
    day = f"{date[8:10]}-{date[5:7]}-{date[0:4]}"
    return f"Beslutning på møde {name} {day}"


def _canonical(text: str, header: FoundHeader) -> list[str]:
    """The line in the item parser's vocabulary (possibly split in two, or dropped)."""
    if not text:
        return [text]
    lower = text.lower()
    if lower in _DROP:
        return []
    decision = _decision_line(text, header)
    if decision is not None:
        return [decision]
    if text.endswith(":") and text[:-1].strip().lower() in P.HEADINGS:
        return [text[:-1].strip()]
    if _KLE_RE.match(text) or (match := _SAG_RE.match(text)) is not None:
        number = text if _KLE_RE.match(text) else match[1]  # type: ignore[index]
        return [f"Sagsnr. {number}"]
    if (match := _DOK_RE.match(text)) is not None:
        return [f"Dok.nr. {match[1]}"]
    if lower.startswith(("initialer:", "sagsinitialer:", "kompetence:")):
        return []
    if _PUBLIC_LINE_RE.match(text):
        return [text.split()[0].replace("Åben", "Åbent").replace("Åbentt", "Åbent")]
    sagsid = _SAGSID_RE.search(text)
    if sagsid is not None:
        tail = _PUBLIC_TAIL_RE.search(text)
        return [f"Sagsnr. {sagsid[1]}"] + ([_public_word(tail[1])] if tail else [])
    if lower.startswith(("sagsnr", "sag nr")):
        tail = _PUBLIC_TAIL_RE.search(text)
        numbers = P.SAGSNR_RE.findall(text)
        if numbers and "Dok" not in text:
            return [f"Sagsnr. {numbers[0]}"] + ([_public_word(tail[1])] if tail else [])
        if tail is not None:
            return [text[: tail.start()], _public_word(tail[1])]
    not_present = _NOT_PRESENT_RE.match(text)
    if not_present is not None:
        return [f"Fraværende: {not_present[1]}"] if not_present[1] else []
    substitute = _SUBSTITUTE_RE.match(text)
    if substitute is not None:
        return [f"{substitute['label']}: {substitute['who']}"]
    if "deltog" in text and "(" in text:
        text = _PARTY_RE.sub("", text)
    were = _WERE_ABSENT_RE.match(text)
    if were is not None:
        return [f"Fraværende: {were['who']}"]
    return [text]


def _public_word(word: str) -> str:
    return "Lukket" if word.lower().startswith("lukket") else "Åbent"


def _section(text: str) -> bool | None:
    match = _SECTION_RE.match(text.rstrip(":"))
    if match is None:
        return None
    which = (match["which"] or match["which2"] or "").lower()
    return not which.startswith("luk")


def _item_lines(
    lines: Sequence[Line], start: int, end: int, header: FoundHeader
) -> tuple[list[Line], bool | None, list[Line]]:
    """The canonical lines of one item, the section state after it, and a numbers line that
    closes its region (printed before the next item's heading: it belongs to that item)."""
    out: list[Line] = [lines[start]]
    section: bool | None = None
    carry: list[Line] = []
    last = max((k for k in range(start + 1, end) if lines[k][1]), default=start)
    for k in range(start + 1, end):
        number, text = lines[k]
        state = _section(text) if text else None
        if state is not None:
            section = state
            continue
        if k == last and (_KLE_RE.match(text) or P.CASE_LINE_RE.match(text)):
            carry = [(number, f"Sagsnr. {text}")]
            continue
        for canonical in _canonical(text, header):
            out.append((number, canonical))
    return out, section, carry


def read_lines(
    lines: Sequence[Line],
    tags: Sequence[str] | None = None,
    *,
    path: str,
    sha256: str,
    title: str = "",
    fmt: str = "text",
    text: str = "",
    reader: str = NAME,
) -> Draft:
    """Read a document given as logical lines (and, for a web page, each line's tag and the
    page title) into a draft.

    Raises
    ------
    UnknownLayoutError
        When no forum and date are found; the message says what was found instead.
    """
    tags = tags if tags is not None else [""] * len(lines)
    lines = without_page_furniture(lines)
    sequence = find_sequence(lines, tags)
    first_item = sequence.items[0].index if sequence.items else len(lines)
    end = sequence.toc_start if sequence.toc_start is not None else first_item
    header = find_header(lines, tags, title, min(end, first_item))
    if not header.forum or not header.date:
        raise UnknownLayoutError(path, _no_header(sequence), _HINT)
    items = _read_items(lines, sequence, header, path, sha256)
    if not items:
        raise no_items(path, header.forum, header.date)
    confidence = round(header.score * sequence.confidence, 2) if items else header.score
    return Draft(
        path=path,
        sha256=sha256,
        reader=reader,
        confidence=confidence,
        forum=header.forum,
        date=header.date,
        source=Source(path, sha256, header.first_line, max(header.first_line, header.last_line)),
        items=items,
        format=fmt,
        title=header.title or None,
        term=header.term,
        start=header.start,
        place=header.place,
        kind=header.kind,
        attendees=tuple(header.attendees),
        absent=header.absent,
        item_absences=header.item_absences,
        staff=tuple(header.staff),
        attendee_parties=tuple(header.parties) if any(header.parties) else (),
        attendee_roles=tuple(header.roles) if any(header.roles) else (),
        attendance_recorded=header.recorded,
        municipality=header.municipality,
        municipality_hint=_town_hall(header.place),
        text=text,
    )


def without_page_furniture(lines: Sequence[Line]) -> list[Line]:
    """The lines with page numbers and running page headers blanked (numbers kept).

    A running header is the block of up to five lines just above a page number (``Side 3``)
    that recurs, line for line, above at least two other page numbers; its first occurrence
    stays (it may be the only header there is).

    >>> page = [(1, "Udvalget"), (2, "Dato: 04.12.2012"), (3, "Side {}")]
    >>> lines = [(n, t.format(p)) for p in (1, 2, 3) for n, t in page]
    >>> [t for _, t in without_page_furniture(lines)]
    ['Udvalget', 'Dato: 04.12.2012', '', '', '', '', '', '', '']
    """
    pages = [i for i, (_, text) in enumerate(lines) if text and _PAGE_RE.match(text)]
    if len(pages) < 2:
        return list(lines)
    out = list(lines)
    blocks: dict[tuple[str, ...], list[int]] = {}
    for i in pages:
        start = i
        while (
            start > 0
            and i - start < 5
            and lines[start - 1][1]
            and not _PAGE_RE.match(lines[start - 1][1])
        ):
            start -= 1
        block = tuple(text for _, text in lines[start:i])
        blocks.setdefault(block, []).append(start)
        out[i] = (lines[i][0], "")
    for block, starts in blocks.items():
        if not block or len(starts) < 3:
            continue
        for start in starts[1:]:
            for k in range(start, start + len(block)):
                out[k] = (lines[k][0], "")
    return out


def _no_header(sequence: FoundSequence) -> str:
    reason = "no meeting header (forum and date) found"
    if sequence.items:
        first = sequence.items[0]
        count = len(sequence.items)
        reason += (
            f", though {count} numbered agenda item{'s' if count != 1 else ''} "
            f"{'were' if count != 1 else 'was'} (item {first.number}: {first.rest[:40]})"
        )
    return reason


def _town_hall(place: str | None) -> str | None:
    if place is None:
        return None
    hall = P.TOWN_HALL_RE.search(place)
    return hall[1] if hall is not None else None


def _read_items(
    lines: Sequence[Line], sequence: FoundSequence, header: FoundHeader, path: str, sha256: str
) -> list[DraftItem]:
    ctx = ItemContext(path, sha256, kind=header.kind or "minutes", forum=header.forum)
    toc = [_toc_title(c.rest) for c in sequence.toc if c.rest] or _labelled_toc(lines, sequence)
    public: bool | None = None
    start_index = sequence.toc_end if sequence.toc_end is not None else 0
    for k in range(start_index, sequence.items[0].index if sequence.items else 0):
        state = _section(lines[k][1]) if lines[k][1] else None
        if state is not None:
            public = state
    out: list[DraftItem] = []
    carry: list[Line] = []
    if sequence.items:
        before = [k for k in range(start_index, sequence.items[0].index) if lines[k][1]]
        if before and _KLE_RE.match(lines[before[-1]][1]):
            carry = [(lines[before[-1]][0], f"Sagsnr. {lines[before[-1]][1]}")]
    for position, cand in enumerate(sequence.items):
        following = position + 1 < len(sequence.items)
        end = sequence.items[position + 1].index if following else len(lines)
        item_lines, section, next_carry = _item_lines(lines, cand.index, end, header)
        item_lines[1:1] = carry
        carry = next_carry
        rest = _CODE_SUFFIX_RE.sub("", cand.rest)
        rest = re.sub(r"^Lukket\s+sag\s*:", "Lukket:", rest)
        entry = match_toc(rest, toc, position) if toc and rest else None
        parts = split_item(item_lines, 0, len(item_lines), cand.number, rest, entry)
        if parts.title != _CODE_SUFFIX_RE.sub("", parts.title):
            parts = dataclasses.replace(parts, title=_CODE_SUFFIX_RE.sub("", parts.title))
        parsed = parse_item(parts, ctx)
        item = parsed.item
        if item.public is None and public is not None:
            item = dataclasses.replace(item, public=public)
        if any(a.title.startswith("- ") for a in item.attachments):
            attachments = tuple(
                dataclasses.replace(a, title=a.title[2:]) if a.title.startswith("- ") else a
                for a in item.attachments
            )
            item = dataclasses.replace(item, attachments=attachments)
        out.append(DraftItem(item, decision_absence=parsed.absence, classified=True))
        if section is not None:
            public = section
    return out


def _labelled_toc(lines: Sequence[Line], sequence: FoundSequence) -> list[str]:
    """Titles under an ``Indholdsfortegnelse`` line that lists them without numbers."""
    first = sequence.items[0].index if sequence.items else 0
    label = next((i for i in range(first) if lines[i][1].lower() == P.TOC_WORD), None)
    return toc_entries(lines, label + 1, first) if label is not None else []


def _toc_title(rest: str) -> str:
    rest = P.TOC_LEADER_RE.sub("", rest)
    return re.sub(r"\s+(?:\d{1,3}|[ivxlc]{1,5})$", "", rest)


__all__ = ["NAME", "read_lines"]
