"""The eDoc minutes layout (Ballerup): running page headers, ``1.`` items, sentence decisions.

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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.errors import UnknownLayoutError
from core.records import AgendaItem, Attachment, EarlierDecision, Section
from extract import patterns as P
from extract.items import ItemContext, participation, people_in
from extract.layouts.draft import Draft, DraftItem
from extract.meeting import (
    clock,
    danish_date,
    normalise_forum,
    numeric_date,
    split_names,
    unique,
)
from extract.outcome import decide
from extract.segment import Line, squash

#: How many non-blank lines at the top may precede the first page header.
_HEADER_SEARCH = 3
#: How many lines an item title may wrap onto.
_MAX_TITLE_LINES = 4
#: How many lines a table-of-contents entry may wrap onto.
_MAX_TOC_LINES = 3
#: A decision line this long was wrapped at the page width.
_WRAP_MIN = 60
#: Lower-case words inside Danish names (``Anne Marie la Cour``, ``Ulrik von Essen``).
_NAME_PARTICLES = frozenset({"af", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von"})

_HINT = (
    "casegraph reads eDoc minutes whose pages start with the forum, 'Referat', "
    "'Åbent referat', 'Dato: dd.mm.yyyy' and 'Side N'; check that the front page "
    "gives the meeting date"
)


@dataclass(frozen=True)
class Row:
    """A non-blank line of the document with page headers removed.

    ``first``/``last`` are physical line numbers (a list marker joined with its text spans
    two); ``public`` is what the page header said (``Åbent``/``Lukket referat``).
    """

    first: int
    last: int
    text: str
    public: bool | None = None


@dataclass(frozen=True)
class TocEntry:
    """One table-of-contents entry."""

    number: int
    title: str
    public: bool | None
    row: Row


# -- page headers -------------------------------------------------------------------------


def _is_page_header(texts: Sequence[str], at: int, forum_line: str | None) -> bool:
    """Whether ``texts[at:at + 5]`` is a page header (with ``forum_line`` if given)."""
    if at + 4 >= len(texts):
        return False
    forum, kind, public, dato, side = texts[at : at + 5]
    return (
        (forum == forum_line if forum_line is not None else 0 < len(forum) <= 120)
        and kind.lower() in P.KINDS
        and P.EDOC_PUBLIC_RE.match(public) is not None
        and P.EDOC_DATO_RE.match(dato) is not None
        and P.EDOC_PAGE_RE.match(side) is not None
    )


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
        if _is_page_header(texts, start, None):
            return found[start][0]
    return None


def page_rows(lines: Sequence[Line], anchor: int) -> tuple[list[Row], str]:
    """The non-blank lines from ``anchor`` on, without page headers, markers joined.

    Returns the rows and the header's forum line.

    >>> from extract.segment import logical_lines
    >>> rows, forum = page_rows(logical_lines('''U
    ... Referat
    ... Lukket referat
    ... Dato: 04.12.2012
    ... Side 2
    ... A)
    ...
    ... Godkendes.'''), 0)
    >>> forum, [(r.first, r.last, r.text, r.public) for r in rows]
    ('U', [(6, 8, 'A) Godkendes.', False)])
    """
    texts = [(number, text) for number, text in lines[anchor:] if text]
    plain = [text for _, text in texts]
    forum_line = plain[0]
    rows: list[Row] = []
    public: bool | None = None
    index = 0
    while index < len(texts):
        if plain[index] == forum_line and _is_page_header(plain, index, forum_line):
            public = P.PUBLIC_WORDS.get(plain[index + 2].split()[0].lower())
            index += 5
            continue
        number, text = texts[index]
        rows.append(Row(number, number, text, public))
        index += 1
    return _join_markers(rows), forum_line


def _join_markers(rows: list[Row]) -> list[Row]:
    """``1.`` / ``Meddelelser`` -> ``1. Meddelelser`` (pdftotext splits what pdfium joins)."""
    out: list[Row] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        if (
            P.EDOC_MARKER_RE.match(row.text)
            and index + 1 < len(rows)
            and not P.EDOC_MARKER_RE.match(rows[index + 1].text)
            # An item's title may be a heading word (``2.`` / ``Tidsplan``); a sub-point's not.
            and (row.text[0].isdigit() or _heading(rows[index + 1].text) is None)
        ):
            after = rows[index + 1]
            out.append(Row(row.first, after.last, f"{row.text} {after.text}", row.public))
            index += 2
            continue
        out.append(row)
        index += 1
    return out


# -- front page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FrontPage:
    """The meeting fields of the front page."""

    kind: str
    forum: str
    term: str | None
    date: str
    start: str | None
    place: str | None
    attendees: tuple[str, ...]
    parties: tuple[str | None, ...]
    roles: tuple[str | None, ...]
    absent: tuple[str, ...]
    recorded: bool
    dato: str
    last_line: int


def person(text: str) -> tuple[str, str | None, str | None]:
    """Name, party and role of one front-page line.

    >>> person("Lolan Ottesen (A) - formand")
    ('Lolan Ottesen', 'A', 'formand')
    >>> person("Birte Kramhøft (F)")
    ('Birte Kramhøft', 'F', None)
    """
    match = P.EDOC_PERSON_RE.match(text)
    if match is None:
        return " ".join(text.split()), None, None
    name = " ".join(match.group("name").split()).strip(" .,")
    return name, match.group("party"), match.group("role")


def read_front_page(rows: Sequence[Row], header_forum: str, dato: str, path: str) -> FrontPage:
    """The front page: kind, forum, date and time, place and the labelled lists of people.

    Raises
    ------
    UnknownLayoutError
        Neither the front page nor the page header gives a valid date.
    """
    kind = "minutes"
    forum_raw = header_forum
    date: str | None = None
    start: str | None = None
    place: str | None = None
    people: dict[str, list[tuple[str, str | None, str | None]]] = {}
    label: str | None = None
    last_line = rows[0].last if rows else 1
    for position, row in enumerate(rows):
        text = row.text
        last_line = row.last
        lowered = text.lower()
        if lowered in P.EDOC_LABELS:
            label = P.EDOC_LABELS[lowered]
            people.setdefault(label, [])
            continue
        if label is not None:
            found = (
                [(name, None, None) for name in split_names(text)]
                if "," in text or " og " in text
                else [person(text)]
            )
            # Other text after the lists (``Mødet hævet kl. 15.00``) is not a person.
            people[label].extend(p for p in found if _looks_like_name(p[0]))
            continue
        if position == 0 and lowered in P.KINDS:
            kind = P.KINDS[lowered]
        elif date is None and danish_date(text) is not None:
            date, start = danish_date(text), clock(text)
            if position + 1 < len(rows):
                place_match = P.EDOC_PLACE_RE.match(rows[position + 1].text)
                if place_match is not None:
                    place = place_match.group(1)
        elif position <= 2 and lowered not in P.KINDS and date is None:
            forum_raw = text
    forum, term = normalise_forum(forum_raw)
    iso = numeric_date(dato)
    date = date or iso
    if date is None or not forum:
        raise UnknownLayoutError(path, "no meeting date on the front page", _HINT)
    present = people.get("attendees", []) + [
        (name, party, role or "sekretær") for name, party, role in people.get("secretary", [])
    ]
    names = [name for name, _, _ in present]
    keep = [names.index(name) for name in unique(names)]
    parties = tuple(present[i][1] for i in keep)
    roles = tuple(present[i][2] for i in keep)
    return FrontPage(
        kind=kind,
        forum=forum,
        term=term,
        date=date,
        start=start,
        place=place,
        attendees=unique(names),
        parties=parties if any(parties) else (),
        roles=roles if any(roles) else (),
        absent=unique([name for name, _, _ in people.get("absent", [])]),
        recorded="attendees" in people or "absent" in people,
        dato=dato,
        last_line=last_line,
    )


# -- table of contents --------------------------------------------------------------------


def read_toc(rows: Sequence[Row], start: int) -> tuple[list[TocEntry], int]:
    """Entries of the table of contents that starts at ``rows[start]``, and where it ends.

    ``Åbent referat`` / ``Lukket referat`` say whether the entries below are public. Page
    numbers are either a block of their own (pdftotext) or after each title (pdfium); the
    table ends at the first entry number that does not increase (the first item).

    >>> rows = [Row(n, n, t) for n, t in enumerate(["INDHOLDSFORTEGNELSE", "Åbent referat",
    ...     "1. Meddelelser 3", "2. Prioritering af midler for", "ældre 10", "Lukket referat",
    ...     "3. Køb af grund 12", "1. Meddelelser"], 1)]
    >>> entries, end = read_toc(rows, 0)
    >>> [(e.number, e.title, e.public) for e in entries], end
    ([(1, 'Meddelelser', True), (2, 'Prioritering af midler for ældre', True), \
(3, 'Køb af grund', False)], 7)
    """
    raw: list[tuple[int, list[str], bool | None, Row]] = []
    public: bool | None = None
    page_block = False
    index = start + 1
    while index < len(rows):
        text = rows[index].text
        label = P.EDOC_PUBLIC_RE.match(text)
        if label is not None:
            public = P.PUBLIC_WORDS[label.group(1).lower()]
        elif text.isdigit():
            page_block = True
        else:
            match = P.EDOC_ITEM_RE.match(text)
            if match is not None and match.group(2):
                number = int(match.group(1))
                if raw and number <= raw[-1][0]:
                    break
                raw.append((number, [match.group(2)], public, rows[index]))
            elif raw and len(raw[-1][1]) < _MAX_TOC_LINES and match is None:
                raw[-1][1].append(text)
            else:
                break
        index += 1
    entries = []
    for number, parts, entry_public, row in raw:
        title = " ".join(parts)
        if not page_block:
            title = P.TOC_PAGE_RE.sub("", title)
        entries.append(TocEntry(number, title, entry_public, row))
    return entries, index


# -- items --------------------------------------------------------------------------------


def _heading(text: str) -> str | None:
    """The kind of an item heading line, or None for body text."""
    if len(text) <= 45:
        kind = P.EDOC_HEADINGS.get(text.lower())
        if kind is not None:
            return kind
    if " beslutning den " in text and P.EDOC_DECISION_RE.match(text):
        return P.DECISION
    if text.startswith("Følgende") and P.EDOC_NOT_PRESENT_RE.match(text):
        return "not_present"
    return None


def _is_number_line(text: str) -> bool:
    return text.startswith(("Sagsnr", "Sagnr", "Dok.nr", "Dok. nr"))


def _stops_title(text: str) -> bool:
    return (
        _is_number_line(text)
        or _heading(text) is not None
        or P.EDOC_SUBPOINT_RE.match(text) is not None
        or P.EDOC_EARLIER_RE.match(text) is not None
    )


def _titles_agree(first_line: str, toc_title: str) -> bool:
    a, b = squash(first_line), squash(toc_title)
    return bool(a) and bool(b) and (a.startswith(b) or b.startswith(a))


def find_items(
    rows: Sequence[Row], start: int, toc: Sequence[TocEntry]
) -> list[tuple[int, int, TocEntry | None]]:
    """``(row index, number, toc entry)`` of every item from ``rows[start]`` on.

    With a table of contents an item's number and first title line must match an entry
    (a numbered list inside an item is not an item); without one, numbers must follow on.
    """
    by_number = {entry.number: entry for entry in toc}
    found: list[tuple[int, int, TocEntry | None]] = []
    last = 0
    for index in range(start, len(rows)):
        match = P.EDOC_ITEM_RE.match(rows[index].text)
        if match is None:
            continue
        number = int(match.group(1))
        if number <= last:
            continue
        entry = by_number.get(number)
        if toc:
            first = match.group(2) or (rows[index + 1].text if index + 1 < len(rows) else "")
            if entry is None or not _titles_agree(first, entry.title):
                continue
        elif number != last + 1:
            continue
        found.append((index, number, entry))
        last = number
    return found


def _join(texts: Sequence[str]) -> str:
    """Unwrap title or decision lines: a line joins the previous one unless that ended a
    sentence and was short (not wrapped at the page width), or this one starts a list.

    >>> _join(["Indstillingen godkendt", "med denne bemærkning:", "Gruppen af unge i Ballerup "
    ...        "Kommune også får adgang til at bruge lokalerne på", "Solvej 6.", "Ad 2: Afvist"])
    'Indstillingen godkendt med denne bemærkning:\\nGruppen af unge i Ballerup Kommune også får \
adgang til at bruge lokalerne på Solvej 6.\\nAd 2: Afvist'
    """
    out: list[str] = []
    for text in texts:
        if out:
            previous = out[-1]
            wrapped = previous[-1] not in ".!?:;" and (
                len(previous) >= _WRAP_MIN or text[:1].islower() or text[:1].isdigit()
            )
            if wrapped and not P.EDOC_MARKER_RE.match(text.split(" ", 1)[0]):
                joint = "" if previous.endswith("-") and previous[-2:-1].isalpha() else " "
                out[-1] = previous + joint + text
                continue
        out.append(text)
    return "\n".join(out)


def _looks_like_name(text: str) -> bool:
    """Two to five capitalised words (``la``, ``von`` and the like allowed inside): a name,
    not a sentence after a list of names.

    >>> _looks_like_name("Per Mortensen"), _looks_like_name("Anne Marie la Cour")
    (True, True)
    >>> _looks_like_name("3. En liste i teksten"), _looks_like_name("Mødet hævet kl. 15.00")
    (False, False)
    """
    words = text.split()
    return (
        2 <= len(words) <= 5
        and P.NAME_TOKEN_RE.match(words[0]) is not None
        and all(P.NAME_TOKEN_RE.match(w) or w in _NAME_PARTICLES for w in words[1:])
    )


def _degenitive(who: str) -> str:
    """``Sundheds- og Forebyggelsesudvalgets`` -> ``Sundheds- og Forebyggelsesudvalget``."""
    return who[:-1] if who.endswith("s") and len(who) > 3 else who


@dataclass
class _Block:
    kind: str  # "body" | P.SECTION | P.ATTACHMENTS | P.DECISION | P.EARLIER | "not_present"
    heading: str
    rows: list[Row]
    first: int
    earlier: EarlierDecision | None = None


def parse_edoc_item(
    rows: Sequence[Row],
    number: int,
    entry: TocEntry | None,
    ctx: ItemContext,
    meeting_date: str,
) -> AgendaItem:
    """One item from its rows (the first is ``N. title`` or ``N.`` with the title after)."""
    match = P.EDOC_ITEM_RE.match(rows[0].text)
    parts = [match.group(2)] if match is not None and match.group(2) else []
    index = 1
    if not parts and index < len(rows) and not _stops_title(rows[index].text):
        parts.append(rows[index].text)
        index += 1
    key = squash(entry.title) if entry is not None else ""
    while parts and index < len(rows) and len(parts) < _MAX_TITLE_LINES:
        text = rows[index].text
        if _stops_title(text):
            break
        if key:
            so_far = squash(" ".join(parts))
            if not (key.startswith(so_far) and len(key) > len(so_far)):
                break
        elif not text[:1].islower():
            break
        parts.append(text)
        index += 1
    title = _join(parts).replace("\n", " ") if parts else (entry.title if entry else "")

    cases: list[str] = []
    documents: list[str] = []
    earlier: list[EarlierDecision] = []
    blocks: list[_Block] = []
    current = _Block("body", "", [], rows[index - 1].last if index else rows[0].first)
    in_head = True
    for row in rows[index:]:
        text = row.text
        if in_head and _is_number_line(text):
            cases.extend(n.upper() for n in P.SAGSNR_RE.findall(text))
            documents.extend(n.upper() for n in P.DOKNR_RE.findall(text))
            continue
        if in_head and (found := P.EDOC_EARLIER_RE.match(text)) is not None:
            treated = _earlier_reference(found, row, ctx)
            if treated is not None:
                earlier.append(treated)
                continue
        kind = _heading(text)
        if kind is None and current.kind == P.ATTACHMENTS and P.EDOC_SUBPOINT_RE.match(text):
            kind = "body"  # ``c. Konference ...``: the next sub-point after its ``Bilag``
        if kind is None:
            current.rows.append(row)
            continue
        in_head = False
        blocks.append(current)
        current = _Block(kind, "" if kind == "body" else text, [], row.first)
        if kind == "body":
            current.rows.append(row)
        elif kind == P.DECISION:
            decided = P.EDOC_DECISION_RE.match(text)
            assert decided is not None
            when = numeric_date(decided.group("date"))
            if when != meeting_date and when is not None:
                forum, term = normalise_forum(_degenitive(decided.group("who")))
                current.kind = P.EARLIER
                current.earlier = EarlierDecision(
                    forum=forum,
                    date=when,
                    text="",
                    term=term,
                    item_number=int(decided.group("number")) if decided.group("number") else None,
                )
        elif kind == "not_present":
            rest = P.EDOC_NOT_PRESENT_RE.match(text)
            if rest is not None and rest.group(1):
                current.rows.append(Row(row.first, row.last, rest.group(1), row.public))
    blocks.append(current)

    sections: list[Section] = []
    attachments: list[Attachment] = []
    decision: str | None = None
    recommendation: list[str] = []
    absent: list[str] = []
    people_text: list[str] = []
    for block in blocks:
        texts = [row.text for row in block.rows]
        if block.kind == "not_present":
            for text in texts:
                absent.extend(name for name in split_names(text) if _looks_like_name(name))
            continue
        if block.kind == "body" and not texts:
            continue
        last = block.rows[-1].last if block.rows else block.first
        source = ctx.source(block.first if block.heading else block.rows[0].first, last)
        sections.append(Section(block.heading, "\n".join(texts), source))
        if block.kind == P.ATTACHMENTS:
            attachments.extend(_attachments(block.rows, ctx))
        elif block.kind == P.DECISION:
            if decision is None:
                decision = _join(texts) or None
        elif block.kind == P.EARLIER and block.earlier is not None:
            text = _join(texts)
            carried = block.earlier
            earlier.append(
                EarlierDecision(
                    forum=carried.forum,
                    date=carried.date,
                    text=text,
                    term=carried.term,
                    item_number=carried.item_number,
                    absent=unique(participation(text.replace("\n", " "))[1]),
                    source=source,
                )
            )
        else:
            if block.heading.lower() == "indstilling":
                recommendation.append("\n".join(texts))
            people_text.append(" ".join(texts))

    guests: list[str] = []
    for text in people_text:
        found_guests, found_absent = participation(text)
        guests.extend(found_guests)
        absent.extend(found_absent)
        for match in P.GUEST_AFTER_VERB_RE.finditer(text):
            guests.extend(people_in(match.group("who")))

    public = entry.public if entry is not None and entry.public is not None else rows[0].public
    item = AgendaItem(
        number=number,
        title=title,
        source=ctx.source(rows[0].first, rows[-1].last),
        public=public,
        case_numbers=unique(cases),
        document_numbers=unique(documents),
        sections=tuple(sections),
        decision=decision,
        earlier_decisions=tuple(earlier),
        attachments=tuple(attachments),
        participants=unique(guests),
        absent_for_item=unique(absent),
    )
    return decide(item, kind=ctx.kind, recommendation="\n".join(recommendation) or None)


def _earlier_reference(match: re.Match[str], row: Row, ctx: ItemContext) -> EarlierDecision | None:
    """``Kommunalbestyrelsen den 30. januar 2012 Punkt 5``: the case's earlier treatment.

    The layout prints only where and when, so the decision's text is empty.
    """
    date = danish_date(match.group("date"))
    forum, term = normalise_forum(match.group("forum"))
    if date is None or not forum:
        return None
    return EarlierDecision(
        forum=forum,
        date=date,
        text="",
        term=term,
        item_number=int(match.group("number")),
        source=ctx.source(row.first, row.last),
    )


def _attachments(rows: Sequence[Row], ctx: ItemContext) -> list[Attachment]:
    """``2012-208960 - title`` lines, a wrapped title continuing on the next lines;
    ``Ingen`` (none) gives nothing."""
    found: list[Attachment] = []
    for row in rows:
        match = P.EDOC_ATTACHMENT_RE.match(row.text)
        if match is not None:
            number = "".join(match.group(1).replace("–", "-").split())
            found.append(Attachment(match.group(2), number, ctx.source(row.first, row.last)))
        elif found:
            head = found[-1]
            first = head.source.first_line if head.source else row.first
            found[-1] = Attachment(
                f"{head.title} {row.text}", head.number, ctx.source(first, row.last)
            )
        elif row.text.lower() not in P.NOBODY:
            found.append(Attachment(row.text, None, ctx.source(row.first, row.last)))
    return found


# -- the document -------------------------------------------------------------------------


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


NAME = "edoc"

__all__ = [
    "NAME",
    "FrontPage",
    "Row",
    "TocEntry",
    "detect_edoc",
    "find_items",
    "page_rows",
    "parse_edoc",
    "parse_edoc_item",
    "person",
    "read_front_page",
    "read_toc",
]
