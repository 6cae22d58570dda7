"""The rows of eDoc minutes: page headers removed, lines classified, the table of contents.

eDoc repeats a five-line header at the top of every page (forum / ``Referat`` / ``Åbent
referat`` / ``Dato: dd.mm.yyyy`` / ``Side N``). :func:`page_rows` drops those headers and the
blank lines (pdfium prints none, so they carry no meaning), keeps what each header said about
the page being public, and joins a list marker that pdftotext puts on a line of its own with
its text. The other functions here say what a row is: an item heading, a number line, a name,
a table-of-contents entry, the first row of an item.

>>> rows = [Row(n, n, t) for n, t in enumerate(["1. Meddelelser", "Sagsnr.: 2011-29298",
...     "Bilag", "Udvalgets beslutning den 04.12.2012 Punkt 1", "Taget til efterretning"], 1)]
>>> [heading(row.text) for row in rows]
[None, None, 'attachments', 'decision', None]
>>> find_items(rows, 0, [])
[(0, 1, None)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extract import patterns as P
from extract.segment import Line, squash

#: How many lines a table-of-contents entry may wrap onto.
_MAX_TOC_LINES = 3
#: A decision line this long was wrapped at the page width.
_WRAP_MIN = 60
#: Lower-case words inside Danish names (``Anne Marie la Cour``, ``Ulrik von Essen``).
_NAME_PARTICLES = frozenset({"af", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von"})


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


def is_page_header(texts: Sequence[str], at: int, forum_line: str | None) -> bool:
    """Whether ``texts[at:at + 5]`` is a page header (with ``forum_line`` if given).

    >>> is_page_header(["U", "Referat", "Åbent referat", "Dato: 04.12.2012", "Side 1"], 0, None)
    True
    """
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
        if plain[index] == forum_line and is_page_header(plain, index, forum_line):
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
            and (row.text[0].isdigit() or heading(rows[index + 1].text) is None)
        ):
            after = rows[index + 1]
            out.append(Row(row.first, after.last, f"{row.text} {after.text}", row.public))
            index += 2
            continue
        out.append(row)
        index += 1
    return out


# -- what a row is ------------------------------------------------------------------------


def heading(text: str) -> str | None:
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


def is_number_line(text: str) -> bool:
    """Whether the line gives the item's case or document number."""
    return text.startswith(("Sagsnr", "Sagnr", "Dok.nr", "Dok. nr"))


def stops_title(text: str) -> bool:
    """Whether the line ends an item's title (numbers, a heading, a sub-point, a reference)."""
    return (
        is_number_line(text)
        or heading(text) is not None
        or P.EDOC_SUBPOINT_RE.match(text) is not None
        or P.EDOC_EARLIER_RE.match(text) is not None
    )


def looks_like_name(text: str) -> bool:
    """Two to five capitalised words (``la``, ``von`` and the like allowed inside): a name,
    not a sentence after a list of names.

    >>> looks_like_name("Per Mortensen"), looks_like_name("Anne Marie la Cour")
    (True, True)
    >>> looks_like_name("3. En liste i teksten"), looks_like_name("Mødet hævet kl. 15.00")
    (False, False)
    """
    words = text.split()
    return (
        2 <= len(words) <= 5
        and P.NAME_TOKEN_RE.match(words[0]) is not None
        and all(P.NAME_TOKEN_RE.match(w) or w in _NAME_PARTICLES for w in words[1:])
    )


def join_wrapped(texts: Sequence[str]) -> str:
    """Unwrap title or decision lines: a line joins the previous one unless that ended a
    sentence and was short (not wrapped at the page width), or this one starts a list.

    >>> join_wrapped(["Indstillingen godkendt", "med denne bemærkning:", "Gruppen af unge i "
    ...     "Ballerup Kommune også får adgang til at bruge lokalerne på", "Solvej 6.",
    ...     "Ad 2: Afvist"])
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


# -- table of contents and where the items start ------------------------------------------


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


__all__ = [
    "Row",
    "TocEntry",
    "find_items",
    "heading",
    "is_number_line",
    "is_page_header",
    "join_wrapped",
    "looks_like_name",
    "page_rows",
    "read_toc",
    "stops_title",
]
