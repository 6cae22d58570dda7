"""The front page of eDoc minutes: kind, forum, date and time, place, and who attended.

The lists of people come under labels (``Tilstede``, ``Afbud/Fraværende``, ``Sekretær``), a
person per line with party and role, or several on a line separated by commas and ``og``.

>>> rows = [Row(n, n, t) for n, t in enumerate(["Referat", "Udvalget",
...     "tirsdag den 4. december 2012, kl. 13:00", "i Mødecenter C på Ballerup Rådhus",
...     "Tilstede", "Lolan Ottesen (A) - formand", "Afbud/Fraværende", "Per Mortensen"], 1)]
>>> front = read_front_page(rows, "Udvalget", "04.12.2012", "b.pdf")
>>> front.forum, front.date, front.start, front.place
('Udvalget', '2012-12-04', '13:00', 'Mødecenter C på Ballerup Rådhus')
>>> front.attendees, front.parties, front.roles, front.absent
(('Lolan Ottesen',), ('A',), ('formand',), ('Per Mortensen',))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.errors import UnknownLayoutError
from extract import patterns as P
from extract.layouts.edoc_rows import Row, looks_like_name
from extract.meeting import clock, danish_date, normalise_forum, numeric_date, split_names, unique

_HINT = (
    "casegraph reads eDoc minutes whose pages start with the forum, 'Referat', "
    "'Åbent referat', 'Dato: dd.mm.yyyy' and 'Side N'; check that the front page "
    "gives the meeting date"
)

#: A person as the front page lists them: name, party, role.
Person = tuple[str, str | None, str | None]


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


def person(text: str) -> Person:
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


@dataclass
class _Heading:
    """What the lines above and between the lists say, gathered as they are read."""

    forum_raw: str
    kind: str = "minutes"
    date: str | None = None
    start: str | None = None
    place: str | None = None


def _read_heading_line(rows: Sequence[Row], position: int, found: _Heading) -> None:
    """The kind word, the date line (the place on the line after it) or the forum."""
    text = rows[position].text
    lowered = text.lower()
    if position == 0 and lowered in P.KINDS:
        found.kind = P.KINDS[lowered]
    elif found.date is None and danish_date(text) is not None:
        found.date, found.start = danish_date(text), clock(text)
        if position + 1 < len(rows):
            place_match = P.EDOC_PLACE_RE.match(rows[position + 1].text)
            if place_match is not None:
                found.place = place_match.group(1)
    elif position <= 2 and lowered not in P.KINDS and found.date is None:
        found.forum_raw = text


def _listed(text: str) -> list[Person]:
    """The people of one line under a label; text after the lists (``Mødet hævet kl. 15.00``)
    is not a person."""
    found = (
        [(name, None, None) for name in split_names(text)]
        if "," in text or " og " in text
        else [person(text)]
    )
    return [p for p in found if looks_like_name(p[0])]


def read_front_page(rows: Sequence[Row], header_forum: str, dato: str, path: str) -> FrontPage:
    """The front page: kind, forum, date and time, place and the labelled lists of people.

    Raises
    ------
    UnknownLayoutError
        Neither the front page nor the page header gives a valid date.
    """
    found = _Heading(header_forum)
    people: dict[str, list[Person]] = {}
    label: str | None = None
    last_line = rows[0].last if rows else 1
    for position, row in enumerate(rows):
        last_line = row.last
        lowered = row.text.lower()
        if lowered in P.EDOC_LABELS:
            label = P.EDOC_LABELS[lowered]
            people.setdefault(label, [])
        elif label is not None:
            people[label].extend(_listed(row.text))
        else:
            _read_heading_line(rows, position, found)
    forum, term = normalise_forum(found.forum_raw)
    date = found.date or numeric_date(dato)
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
        kind=found.kind,
        forum=forum,
        term=term,
        date=date,
        start=found.start,
        place=found.place,
        attendees=unique(names),
        parties=parties if any(parties) else (),
        roles=roles if any(roles) else (),
        absent=unique([name for name, _, _ in people.get("absent", [])]),
        recorded="attendees" in people or "absent" in people,
        dato=dato,
        last_line=last_line,
    )


__all__ = ["FrontPage", "Person", "person", "read_front_page"]
