"""Dates and times as Danish minutes print them, found anywhere in a line.

>>> [(d.iso, text[d.start:d.end]) for text in (
...     "Onsdag den 15-maj-2002", "Dato: Onsdag, April 3, 2019 - 18:00",
...     "Den 09.01.2020 kl. 13:00", "Referat 1. oktober 2025 kl. 15.45")
...  for d in find_dates(text)]
[('2002-05-15', '15-maj-2002'), ('2019-04-03', 'April 3, 2019'), ('2020-01-09', '09.01.2020'), \
('2025-10-01', '1. oktober 2025')]
>>> time_after("Onsdag, April 3, 2019 - 18:00", 22), time_after("den 3. juni 2020 kl. 8.15")
('18:00', '08:15')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract import patterns as P
from extract.meeting import clock, iso_date

_MONTH_WORDS = "|".join(sorted(P.MONTHS, key=len, reverse=True))

#: ``3. februar 2021``, ``3. feb. 2021``, ``3 februar 2021``.
_DANISH_RE = re.compile(r"\b(\d{1,2})\.?\s*(" + _MONTH_WORDS + r")\.?\s+(\d{4})\b", re.IGNORECASE)
#: ``15-maj-2002``, ``3-feb-2021``.
_DASHED_RE = re.compile(r"\b(\d{1,2})-(" + _MONTH_WORDS + r")\.?-(\d{4})\b", re.IGNORECASE)
#: ``03-02-2021``, ``03.02.2021``, ``3.2.2021``, ``03/02/2021``.
_NUMERIC_RE = re.compile(r"\b(\d{1,2})[-./](\d{1,2})[-./](\d{4})\b")
#: ``2021-02-03`` (structured data, file names).
_ISO_RE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

_ENGLISH = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}  # fmt: skip
#: ``April 3, 2019`` (some sites print English month names on Danish pages).
_ENGLISH_RE = re.compile(r"\b(" + "|".join(_ENGLISH) + r")\s+(\d{1,2}),?\s+(\d{4})\b", re.I)

#: A time after a date without ``kl.``: ``April 3, 2019 - 18:00``, ``27-05-2020 - 08:30``.
_DASH_TIME_RE = re.compile(r"^\s*(?:-|–|,)?\s*(?:kl\.?\s*)?(\d{1,2})[:.](\d{2})\b", re.I)

WEEKDAYS = frozenset(
    {"mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"}
)  # fmt: skip


@dataclass(frozen=True)
class FoundDate:
    """A date found in a line: where it is and its ISO form."""

    start: int
    end: int
    iso: str


def find_dates(text: str) -> list[FoundDate]:
    """Every real calendar date in ``text``, in order, in any of the forms above.

    >>> [d.iso for d in find_dates("Beslutning i Byrådet den 23-03-2015 og 31-02-2015")]
    ['2015-03-23']
    """
    if not any(ch.isdigit() for ch in text):
        return []
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, iso: str | None) -> None:
        if iso is not None and not any(a < end and start < b for a, b in taken):
            found.append(FoundDate(start, end, iso))
            taken.append((start, end))

    for m in _DASHED_RE.finditer(text):
        add(m.start(), m.end(), iso_date(int(m[1]), P.MONTHS[m[2].lower()], int(m[3])))
    for m in _DANISH_RE.finditer(text):
        add(m.start(), m.end(), iso_date(int(m[1]), P.MONTHS[m[2].lower()], int(m[3])))
    for m in _ENGLISH_RE.finditer(text):
        add(m.start(), m.end(), iso_date(int(m[2]), _ENGLISH[m[1].lower()], int(m[3])))
    for m in _ISO_RE.finditer(text):
        add(m.start(), m.end(), iso_date(int(m[3]), int(m[2]), int(m[1])))
    for m in _NUMERIC_RE.finditer(text):
        add(m.start(), m.end(), iso_date(int(m[1]), int(m[2]), int(m[3])))
    found.sort(key=lambda d: d.start)
    return found


def first_date(text: str) -> str | None:
    """The ISO form of the first date in ``text``, or None.

    >>> first_date("Kultur- og Idrætsudvalget, 03-04-2019, pkt. 42")
    '2019-04-03'
    """
    found = find_dates(text)
    return found[0].iso if found else None


def time_after(text: str, position: int = 0) -> str | None:
    """``HH:MM`` of ``kl. 8.15`` anywhere from ``position`` on, or of a time right after it
    (``- 18:00``); None when there is neither."""
    rest = text[position:]
    found = clock(rest)
    if found is not None:
        return found
    match = _DASH_TIME_RE.match(rest)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


__all__ = ["WEEKDAYS", "FoundDate", "find_dates", "first_date", "time_after"]
