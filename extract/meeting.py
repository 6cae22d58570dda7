"""Meeting header fields: forum, term, date, start, place, kind, attendees, absentees.

>>> from extract.segment import logical_lines
>>> lines = logical_lines('''REFERAT Direktionen 2021 d. 07-01-2021
... Mødedato Torsdag d. 07. januar 2021 kl. 08:30
... Mødested Skype - møde
... Mødedeltagere Mogens Bak Hansen, Vicki Møberg
... Torp, Gitte Clemmensen''')
>>> h = parse_header(lines, 0, len(lines))
>>> h.forum, h.term, h.date, h.start, h.place, h.kind
('Direktionen', '2021', '2021-01-07', '08:30', 'Skype - møde', 'minutes')
>>> h.attendees
('Mogens Bak Hansen', 'Vicki Møberg Torp', 'Gitte Clemmensen')
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from core.text import MONTHS
from extract import patterns as P
from extract.segment import Line

_PAREN_RE = re.compile(r"\s*\([^)]*\)")


def iso_date(day: int, month: int, year: int) -> str | None:
    """``YYYY-MM-DD`` of a real calendar date, else None.

    >>> iso_date(9, 12, 2020), iso_date(31, 2, 2021)
    ('2020-12-09', None)
    """
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def numeric_date(text: str) -> str | None:
    """The first ``dd-mm-yyyy`` (or ``dd.mm.yyyy``) date in ``text`` as ``YYYY-MM-DD``.

    >>> numeric_date("Dato: 26-03-2025")
    '2025-03-26'
    """
    match = P.NUMERIC_DATE_RE.search(text)
    if match is None:
        return None
    return iso_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def danish_date(text: str) -> str | None:
    """The first ``13. januar 2021`` date in ``text`` as ``YYYY-MM-DD``.

    >>> danish_date("Onsdag d. 3. juni 2020 kl. 08:15")
    '2020-06-03'
    """
    match = P.DANISH_DATE_RE.search(text)
    if match is None:
        return None
    month = MONTHS[match.group(2).lower()]
    return iso_date(int(match.group(1)), month, int(match.group(3)))


def clock(text: str) -> str | None:
    """``HH:MM`` from ``kl. 8.30`` / ``08:30`` (the whole text may be just the time).

    >>> clock("Onsdag d. 13. januar 2021 kl. 08:30"), clock("8.15"), clock("kl. 25:00")
    ('08:30', '08:15', None)
    """
    match = P.CLOCK_RE.search(text)
    if match is None:
        match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", text)
        if match is None:
            return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def normalise_forum(raw: str) -> tuple[str, str | None]:
    """Forum name and term: ``Direktionen 2019/2020`` -> ``('Direktionen', '2019/2020')``.

    Forums printed in several cases get one spelling.

    >>> normalise_forum("Direktionen 2021")
    ('Direktionen', '2021')
    >>> normalise_forum("Strategisk chefforum")
    ('Strategisk Chefforum', None)
    >>> normalise_forum("Økonomi- og Erhvervsudvalget")
    ('Økonomi- og Erhvervsudvalget', None)
    """
    name = " ".join(raw.split()).strip(" .:")
    term: str | None = None
    match = P.FORUM_TERM_RE.match(name)
    if match is not None:
        name, term = match.group(1), "".join(match.group(2).split())
    canonical = P.FORUM_CANON.get(name.lower())
    if canonical is not None:
        name = canonical
    elif name:
        name = name[0].upper() + name[1:]
    return name, term


def split_names(text: str) -> list[str]:
    """Names in a comma/``og`` separated list; party letters and ``- role`` are dropped.

    >>> split_names("Mogens Bak Hansen, Søren Nielsen og Åse Nielsen.")
    ['Mogens Bak Hansen', 'Søren Nielsen', 'Åse Nielsen']
    >>> split_names("Lolan Ottesen (A) - formand")
    ['Lolan Ottesen']
    >>> split_names("Ingen")
    []
    """
    if " ".join(text.split()).strip(" .").lower() in P.NOBODY:
        return []
    if "(" in text:
        text = _PAREN_RE.sub("", text)
    names: list[str] = []
    for chunk in text.replace(" og ", ",").replace(" & ", ",").replace(";", ",").split(","):
        name = chunk.split(" - ")[0]
        name = " ".join(name.split()).strip(" .")
        if name and name.lower() not in P.NOBODY:
            names.append(name)
    return names


def unique(values: Sequence[str]) -> tuple[str, ...]:
    """``values`` without repeats, first occurrence kept.

    >>> unique(["a", "b", "a"])
    ('a', 'b')
    """
    return tuple(dict.fromkeys(values))


@dataclass(frozen=True)
class Header:
    """The meeting fields read from a document's header."""

    title: str
    forum: str
    term: str | None
    date: str
    start: str | None
    place: str | None
    kind: str
    attendees: tuple[str, ...]
    absent: tuple[str, ...]
    absence_recorded: bool  # a ``Fraværende``/``Afbud`` label was printed
    first_line: int
    last_line: int


def parse_title(text: str) -> tuple[str, str | None, str, str] | None:
    """``(forum, term, date, kind)`` from the title line, or None when it is not one.

    >>> parse_title("REFERAT Direktionen 2019/2020 d. 27-05-2020")
    ('Direktionen', '2019/2020', '2020-05-27', 'minutes')
    >>> parse_title("REFERAT Direktionen d. 31-02-2020") is None
    True
    """
    match = P.TITLE_RE.match(text)
    if match is None:
        return None
    date = numeric_date(match.group("date"))
    forum, term = normalise_forum(match.group("forum"))
    if date is None or not forum:
        return None
    return forum, term, date, P.KINDS[match.group("kind").lower()]


def parse_header(lines: Sequence[Line], title_index: int, end: int) -> Header | None:
    """Read the header: the title line at ``title_index`` and labelled lines up to ``end``.

    A label's value may be on the same line or on the next ones (pdftotext prints
    ``Mødedato`` and its value on separate lines); a list of names runs on until a blank
    line or the next label. None when the title line has no valid forum and date.
    """
    title_no, title = lines[title_index]
    parsed = parse_title(title)
    if parsed is None:
        return None
    forum, term, date, kind = parsed
    values: dict[str, list[str]] = {}
    last_no = title_no
    field: str | None = None
    index = title_index + 1
    while index < end:
        number, text = lines[index]
        index += 1
        if not text:
            # A blank line ends a list that has started; a label waiting for its value
            # (pdftotext: ``Mødested`` / blank / ``Byrådssalen``) keeps waiting.
            if field is not None and values.get(field):
                field = None
            continue
        match = P.HEADER_LABEL_RE.match(text)
        if match is not None:
            field = P.HEADER_FIELDS[match.group(1)]
            values.setdefault(field, [])
            if match.group(2):
                values[field].append(match.group(2))
            last_no = number
            if field in ("date", "place") and values[field]:
                field = None
            continue
        if field is None:
            continue
        values[field].append(text)
        last_no = number
        if field in ("date", "place"):
            field = None
    when = " ".join(values.get("date", []))
    start = clock(when) if when else None
    place = " ".join(values.get("place", [])) or None
    attendees = unique(split_names(_unwrap(values.get("attendees", []))))
    absent = unique(split_names(_unwrap(values.get("absent", []))))
    return Header(
        title=title,
        forum=forum,
        term=term,
        date=date,
        start=start,
        place=place,
        kind=kind,
        attendees=attendees,
        absent=absent,
        absence_recorded="absent" in values,
        first_line=title_no,
        last_line=last_no,
    )


def _unwrap(parts: list[str]) -> str:
    """Join wrapped lines of a name list: ``Gitte`` / ``Clemmensen`` -> ``Gitte Clemmensen``."""
    text = ""
    for part in parts:
        if text.endswith("-") and part[:1].isupper():
            text += part  # a double surname broken at its hyphen
        elif text:
            text += " " + part
        else:
            text = part
    return text


def kommune_mentions(text: str) -> list[str]:
    """The ``<X>`` of every ``<X> Kommune``/``<X> kommunes`` in ``text``.

    >>> kommune_mentions("i Nordfyns Kommune og Allerød Kommunes projekt; kommunens egen")
    ['Nordfyns', 'Allerød']
    """
    found: list[str] = []
    position = text.find("ommune")
    while position != -1:
        after = text[position + 6 : position + 8]
        if after[:1] == "s":
            after = after[1:]
        if position > 1 and text[position - 1] in "Kk" and not after[:1].isalnum():
            match = P.KOMMUNE_NAME_RE.search(text, max(0, position - 41), position - 1)
            if match is not None:
                found.append(match.group(1))
        position = text.find("ommune", position + 6)
    return found


def guess_municipality(forum: str, text: str) -> str | None:
    """The municipality: from a council forum (``Aarhus Byråd``), else the clearly most
    frequent ``<X> Kommune`` in the text (at least 3 mentions and twice the runner-up).

    >>> guess_municipality("Aarhus Byråd", "")
    'Aarhus'
    >>> guess_municipality("Direktionen", "Nordfyns Kommune " * 3 + "Odense Kommune")
    'Nordfyns'
    >>> guess_municipality("Direktionen", "Odense Kommune og Odense Kommune") is None
    True
    """
    match = P.COUNCIL_RE.match(forum)
    if match is not None:
        return match.group(1)
    counts = Counter(kommune_mentions(text)).most_common(2)
    if not counts:
        return None
    name, count = counts[0]
    runner_up = counts[1][1] if len(counts) > 1 else 0
    if count >= 3 and count >= 2 * runner_up:
        return name
    return None


__all__ = [
    "Header",
    "clock",
    "danish_date",
    "guess_municipality",
    "iso_date",
    "kommune_mentions",
    "normalise_forum",
    "numeric_date",
    "parse_header",
    "parse_title",
    "split_names",
    "unique",
]
