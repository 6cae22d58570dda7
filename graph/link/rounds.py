"""Later rounds of one matter, months or years apart: what ties them when no case number does.

A matter that comes back after the gap of a round (``LinkSettings.path_days``) looks much like
a new matter of the same kind (next year's guarantee, a new phase under a new number), so the
linker asks for a tie beyond likeness: a case number, an earlier decision carried along, the
earlier meeting named by its date. This module holds the ties of a later round that say *this
very matter* again.

* **A pool released round by round**: the council sets aside a pool for several years and the
  administration asks each year to release that year's share (*Energibesparelsesprojekter,
  frigivelse af LED-pulje, 2023*, *..., 2024*). Each round's text names the pool by its name
  in quotes, as the budget does (*Byrådet har afsat en pulje i 2021-25 til 'Besparelser på
  udgifter til el - ved udskift til LED'*): the same pool named in two items whose titles
  both are a pool's (*...pulje*) is one matter, whatever the years in the titles. A pool
  named only in passing (an item on one building paid from it) has no pool in its title.
* **Numbered status reports on one plan** to one forum (*Handleplan på det specialiserede
  voksenområde, status 1/2023*, *... - status 2 2024*): each report is the plan's, not a case
  of its own (unlike *Budgetopfølgning 1 / 2*, each round its own business).
* **A yearly pool released in parts over its year**: a pool the budget sets aside each year
  is released at several meetings of that year (*Frigivelse af midler fra Genopretningspuljen*
  in January, the rest in August: "Der skal tages stilling til, hvordan de resterende midler i
  2023 ... skal anvendes"), each year's pool one case. Titles that name no year and are about
  the pool's money (the pool is the title's head, or the money comes from it) in one calendar
  year are one matter; a title about the pool's rules (*Retningslinjer for Handicappuljen*)
  is not a release, and a title that names a year is left to the years.
"""

from __future__ import annotations

import re

_LETTERS = re.compile(r"[^\W\d_]+")
_QUOTE = "\"'‘’“”«»`´"
#: The budget's words for a pool over years and its name in quotes: *afsat en pulje i 2021-25
#: til 'X'*, *afsat puljer i 2021, 2022 og 2023 til "X"*, *afsat midler i 2024-27 til "X"*.
_POOL_IN_TEXT = re.compile(
    r"\bafsat\s+(?:en\s+pulje|puljer|midler)\s+i\s+"
    r"(?:19|20)\d\d(?:\s*(?:[-–,]|og)\s*(?:(?:19|20)?\d\d))*\s+til\s+"
    rf"[{_QUOTE}]([^{_QUOTE}\n]{{3,160}})[{_QUOTE}]",
    re.IGNORECASE,
)
#: A title that is a pool's: *LED-pulje*, *varmegenvindings pulje*, *Klimapuljen 2024*.
_POOL_TITLE = re.compile(r"pulje", re.IGNORECASE)


def pool_round(title: str, text: str) -> tuple[str, ...] | None:
    """The name of the pool whose round an item is (its words, lower case), or ``None``: the
    title is a pool's and the text names the pool set aside over years, in quotes.

    >>> pool_round("Energibesparelsesprojekter, frigivelse af LED-pulje, 2023",
    ...            "Byrådet har afsat en pulje i 2021-25 til ’Besparelser på udgifter til el - "
    ...            "ved udskift til LED’. Midlerne i 2021-22 er anvendt.")
    ('besparelser', 'på', 'udgifter', 'til', 'el', 'ved', 'udskift', 'til', 'led')
    >>> pool_round("Frigivelse af LED pulje, 2022", 'Byrådet har afsat puljer i 2021, 2022 og '
    ...            '2023 til "Besparelser på udgifter til el - ved udskift til LED".')[-1]
    'led'
    >>> pool_round("Rådhuset, ny belysning", "Byrådet har afsat en pulje i 2021-25 til 'LED'.")
    >>> pool_round("Klimapuljen 2024", "Der er afsat en pulje til klimatiltag.")
    """
    if not _POOL_TITLE.search(title):
        return None
    match = _POOL_IN_TEXT.search(text)
    if match is None:
        return None
    name = tuple(_LETTERS.findall(match.group(1).lower()))
    return name or None


_STATUS = re.compile(
    r"^(?P<topic>.*?)[\s,.:;–-]+status\s+\d{1,2}(?:\s*/\s*|\s+)?(?:(?:19|20)\d\d)?\s*$",
    re.IGNORECASE,
)


def status_round(title: str, forum: str) -> tuple[str, ...] | None:
    """The plan whose numbered status report to ``forum`` a title is: ``status``, the forum
    and the topic's words (lower case), or ``None``.

    >>> status_round("Handleplan på det specialiserede voksenområde - status 1 2024", "SHU")
    ('status', 'SHU', 'handleplan', 'på', 'det', 'specialiserede', 'voksenområde')
    >>> status_round("Handleplan på det specialiserede voksenområde, status 2/2023", "SHU")[-1]
    'voksenområde'
    >>> status_round("Klimahandlingsplanen, status 2025", "KTU"), status_round("Status 1", "F")
    (None, None)
    """
    match = _STATUS.match(title)
    if match is None:
        return None
    words = tuple(_LETTERS.findall(match.group("topic").lower()))
    return ("status", forum, *words) if words else None


#: A title about a pool's money: the pool (a compound word, *...pulje*, inflected) is the
#: title's head, or the money comes from it (*... fra Genopretningspuljen*, *Udmøntning af
#: Naturpuljen*, one word between at most).
_POOL_MONEY = re.compile(
    r"^\s*(\w{3,}pulje)(?:n|r|rne|ns)?\b|\b(?:fra|af)\s+(?:\w+\s+)?(\w{3,}pulje)(?:n|r|rne|ns)?\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def yearly_pool_round(title: str, date: str, text: str) -> tuple[str, ...] | None:
    """The year's pool whose money an item releases: ``("pool", the pool's word, the year of
    the meeting)``, or ``None``. The title names no year and is about a pool's money, and a
    sentence of the text names a pool and the meeting's year (*Der er i Genopretningspuljen
    afsat 15,675 mio. kr. i 2023*, *Dette er tredje sag for udmøntning af Genopretningspuljen
    til projekter i 2022*): the money of that year's pool.

    >>> text = "Der er i Genopretningspuljen afsat 15,675 mio. kr. i 2023. Resten i august."
    >>> yearly_pool_round("Frigivelse af midler fra Genopretningspuljen", "2023-08-17", text)
    ('pool', 'genopretningspulje', '2023')
    >>> yearly_pool_round("Genopretningspuljen - Arenaskolen", "2024-05-30", text) is None
    True
    >>> yearly_pool_round("Retningslinjer for Handicappuljen", "2023-08-14", text) is None
    True
    >>> yearly_pool_round("Vej- og Landskabspuljer i 2023", "2023-01-16", text) is None
    True
    """
    if _YEAR.search(title):
        return None
    match = _POOL_MONEY.search(title)
    if match is None:
        return None
    year = date[:4]
    if not any(year in s and "pulje" in s.lower() for s in _SENTENCE.split(text)):
        return None
    return ("pool", (match.group(1) or match.group(2)).lower(), year)


#: Where a sentence ends: a full stop, question or exclamation mark before a capital, or a
#: line break (*15,675 mio. kr. i 2023* stays one sentence).
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])|\n")


def round_of(title: str, forum: str, text: str, date: str = "") -> tuple[str, ...] | None:
    """What an item is a round of: a pool set aside over years (:func:`pool_round`), a plan
    reported on (:func:`status_round`), or a year's pool released in parts
    (:func:`yearly_pool_round`, given the meeting's ``date``), or ``None``."""
    return (
        pool_round(title, text)
        or status_round(title, forum)
        or (yearly_pool_round(title, date, text) if date else None)
    )


def same_rounds(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> bool:
    """True when two items are rounds of one matter (:func:`round_of` of each, the same).

    >>> same_rounds(("klimapulje",), ("klimapulje",)), same_rounds(None, None)
    (True, False)
    """
    return a is not None and a == b
