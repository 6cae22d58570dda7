"""Find mentions of other meetings in an agenda item's title and text.

Minutes name earlier and later meetings in prose: *Direktionens møde den 8. november 2023*,
*Dagsordenen til Strategisk Chefforum den 3. juni 2020*, *Magistraten i mødet den 19. august
2025*, *direktionsmødet den 6. maj*. An item whose *title* names another forum's meeting
(*Strategisk Chefforum 13. jan. 2021*) prepares that meeting. The regular expressions and the
Danish month and forum words used for this live here, in one place.

>>> [(m.forum, m.date) for m in find_meeting_mentions(
...     "På Direktionens møde den 8. november 2023 blev der præsenteret", "2023-12-20")]
[('Direktionen', '2023-11-08')]
>>> prepared_meeting("Strategisk Chefforum 13. jan. 2021", "2021-01-07")
('Strategisk Chefforum', '2021-01-13')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.text import MONTHS

# Forums that minutes commonly refer to; the forums of the ingested meetings are added to these.
GENERIC_FORUMS = (
    "Direktionen",
    "Strategisk Chefforum",
    "Lederforum",
    "Kommunalbestyrelsen",
    "Byrådet",
    "Økonomiudvalget",
    "Magistraten",
    "Krisestaben",
    "HovedMED",
    "Borgmesterforum",
)

# Compounds such as "direktionsmødet" name the forum inside the word for the meeting.
_COMPOUND_FORUMS = {
    "direktions": "Direktionen",
    "byråds": "Byrådet",
    "kommunalbestyrelses": "Kommunalbestyrelsen",
    "økonomiudvalgs": "Økonomiudvalget",
    "chefforums": "Strategisk Chefforum",
    "lederforums": "Lederforum",
}

_MONTH_WORD = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = (
    rf"(?P<day>\d{{1,2}})\.\s*(?P<month>{_MONTH_WORD})\.?(?:\s+(?P<year>(?:19|20)\d\d))?"
    r"|(?P<nday>\d{1,2})[-.](?P<nmonth>\d{1,2})[-.](?P<nyear>(?:19|20)\d\d)"
)
# What may stand between the forum and the date: "s møde den", " i mødet den", " på sit møde d.",
# " den", " d.", "s møde", "'s".
_LINK = (
    r"(?:s|'s)?(?:\s+(?:i|på)\s+(?:sit|et|dets|deres)?\s*møde(?:t)?|\s+møde(?:t)?|s\s+møde(?:t)?)?"
    r"(?:\s+(?:den|d\.))?\s+"
)


@dataclass(frozen=True)
class MeetingMention:
    """A meeting named in text: forum as the text names it, ISO date, and the matched text.

    ``formal`` is True when the text says *møde* (*Direktionens møde den ...*,
    *direktionsmødet den ...*); a bare *til direktionen d. 8. juni* may be a deadline
    rather than a meeting.
    """

    forum: str
    date: str
    text: str
    start: int
    end: int
    formal: bool = True


_DATE_RE = re.compile(rf"(?<!\d)(?:{_DATE})", re.IGNORECASE)
# How far before a date the forum may stand: "Strategisk Chefforums møde den ".
_LOOK_BACK = 160


def _forum_pattern(forums: Iterable[str]) -> re.Pattern[str]:
    """Forum words ending right where a date begins (searched in the text before a date)."""
    names = {f.strip() for f in (*GENERIC_FORUMS, *forums) if f and f.strip()}
    # Longest names first, so "Strategisk Chefforum" wins over "Chefforum".
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    compounds = "|".join(_COMPOUND_FORUMS)
    return re.compile(
        rf"(?:(?<![\wæøåÆØÅ])(?P<forum>{alternatives}){_LINK}"
        rf"|(?<![\wæøåÆØÅ])(?P<compound>{compounds})møde(?:t)?(?:\s+(?:den|d\.))?\s+)\Z",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class ForumWords:
    """Forum names compiled once, for finding mentions in many items' text.

    >>> words = ForumWords.of(["Aarhus Byråd"])
    >>> [m.forum for m in find_meeting_mentions("i Aarhus Byråds møde den 9. april 2025",
    ...                                          "2025-08-27", words)]
    ['Aarhus Byråd']
    """

    names: tuple[str, ...]
    pattern: re.Pattern[str]

    @classmethod
    def of(cls, forums: Iterable[str]) -> ForumWords:
        names = tuple(sorted(set(forums)))
        return cls(names, _forum_pattern(names))


_PATTERN_CACHE: dict[tuple[str, ...], re.Pattern[str]] = {}


def _pattern(forums: Iterable[str] | ForumWords) -> re.Pattern[str]:
    if isinstance(forums, ForumWords):
        return forums.pattern
    key = tuple(sorted(set(forums)))
    pattern = _PATTERN_CACHE.get(key)
    if pattern is None:
        if len(_PATTERN_CACHE) > 64:
            _PATTERN_CACHE.clear()
        pattern = _PATTERN_CACHE[key] = _forum_pattern(key)
    return pattern


def resolve_date(day: int, month: int, year: int | None, near: str) -> str | None:
    """ISO date of a day and month; a missing year is the one closest to ``near``.

    >>> resolve_date(13, 1, None, "2021-01-07")
    '2021-01-13'
    >>> resolve_date(9, 12, None, "2021-01-07")
    '2020-12-09'
    >>> resolve_date(31, 2, 2021, "2021-01-07") is None
    True
    """
    years = [year] if year else []
    if not years:
        base = int(near[:4])
        years = [base - 1, base, base + 1]
    ref = dt.date.fromisoformat(near)
    best: dt.date | None = None
    for y in years:
        try:
            candidate = dt.date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - ref).days) < abs((best - ref).days):
            best = candidate
    return best.isoformat() if best else None


def canonical_forum(name: str) -> str:
    """The forum a mention names, without the genitive or a trailing "møde".

    >>> canonical_forum("Direktionens")
    'Direktionen'
    >>> canonical_forum("strategisk chefforums")
    'Strategisk Chefforum'
    """
    name = " ".join(name.split())
    for generic in GENERIC_FORUMS:
        if name.casefold() in (generic.casefold(), generic.casefold() + "s"):
            return generic
    if name.endswith("'s"):
        name = name[:-2]
    return name[:1].upper() + name[1:]


def find_meeting_mentions(
    text: str, near: str, forums: Iterable[str] | ForumWords = ()
) -> list[MeetingMention]:
    """Meetings named in ``text`` by forum and date, in order of appearance.

    ``near`` is the date of the item (ISO), used when a mention leaves out the year;
    ``forums`` adds forum names beyond the usual ones (the forums of ingested meetings), as
    names or as :class:`ForumWords` compiled once for many calls.

    >>> [(m.forum, m.date) for m in find_meeting_mentions(
    ...     "Dagsordenen til Strategisk Chefforum den 3. juni 2020", "2020-05-27")]
    [('Strategisk Chefforum', '2020-06-03')]
    >>> [(m.forum, m.date) for m in find_meeting_mentions(
    ...     "forud for Strategisk Chefforums møde den 13. jan. 2021.", "2021-01-07")]
    [('Strategisk Chefforum', '2021-01-13')]
    >>> [(m.forum, m.date) for m in find_meeting_mentions(
    ...     "siden har Direktionen på et møde d. 27. maj givet input", "2020-06-03")]
    [('Direktionen', '2020-05-27')]
    >>> [(m.forum, m.date) for m in find_meeting_mentions(
    ...     "På direktionsmødet den 6. maj godkendte", "2020-05-27")]
    [('Direktionen', '2020-05-06')]
    >>> find_meeting_mentions("Budget 2021 drøftes den 3. juni", "2020-05-27")
    []
    """
    found: list[MeetingMention] = []
    before = _pattern(forums)
    # Dates are rare in minutes and cheap to find; look for a forum only just before one.
    for dmatch in _DATE_RE.finditer(text):
        match = before.search(text, max(0, dmatch.start() - _LOOK_BACK), dmatch.start())
        if match is None:
            continue
        if match.group("compound"):
            forum = _COMPOUND_FORUMS[match.group("compound").lower()]
        else:
            forum = canonical_forum(match.group("forum"))
        if dmatch.group("day"):
            day, month = int(dmatch.group("day")), MONTHS[dmatch.group("month").lower()]
            year = int(dmatch.group("year")) if dmatch.group("year") else None
        else:
            day, month = int(dmatch.group("nday")), int(dmatch.group("nmonth"))
            year = int(dmatch.group("nyear"))
        if not 1 <= month <= 12:
            continue
        date = resolve_date(day, month, year, near)
        if date is None:
            continue
        formal = "møde" in match.group(0).lower()
        start, end = match.start(), dmatch.end()
        found.append(MeetingMention(forum, date, text[start:end], start, end, formal))
    return found


_PREPARE_PREFIX = re.compile(
    r"^\s*(?:forberedelse\s+(?:af|til)\s+|dagsorden\s+til\s+|program\s+til\s+|møde\s+i\s+)?",
    re.IGNORECASE,
)


def prepared_meeting(
    title: str, near: str, forums: Iterable[str] | ForumWords = ()
) -> tuple[str, str] | None:
    """The (forum, date) of the meeting an item prepares, when its title names one.

    >>> prepared_meeting("Forberedelse af Lederforum den 2. juni", "2020-05-27")
    ('Lederforum', '2020-06-02')
    >>> prepared_meeting("Budget 2021 - status", "2020-05-27") is None
    True
    """
    rest = title[_PREPARE_PREFIX.match(title).end() :]  # type: ignore[union-attr]
    mentions = find_meeting_mentions(rest, near, forums)
    if not mentions or mentions[0].start != 0:
        return None
    # The title must be (almost) only the reference: "Strategisk Chefforum 13. jan. 2021".
    if len(rest[mentions[0].end :].strip(" .:-")) > 3:
        return None
    return mentions[0].forum, mentions[0].date


__all__ = [
    "GENERIC_FORUMS",
    "ForumWords",
    "MeetingMention",
    "canonical_forum",
    "find_meeting_mentions",
    "prepared_meeting",
    "resolve_date",
]
