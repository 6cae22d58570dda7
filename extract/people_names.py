"""People's names: their shapes, the registry of the people known from the minutes, and
the person an attendance list entry names (:func:`person_name`).

>>> registry = Registry()
>>> registry.add("Morten V. Pedersen")
>>> registry.fit_short_form("Morten V")
('Morten V. Pedersen',)
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from core.records import Document
from core.text import fold, normalise_name, slug
from extract.people_words import is_first_name, is_person_name, trim_to_name

# -- name shapes ---------------------------------------------------------------------


def is_initial(word: str) -> bool:
    """Whether ``word`` is an initial: ``V`` or ``V.``.

    >>> is_initial("V."), is_initial("V"), is_initial("Vett")
    (True, True, False)
    """
    return (len(word) == 1 and word.isupper()) or (
        len(word) == 2 and word[0].isupper() and word[1] == "."
    )


@lru_cache(maxsize=65536)
def is_short_form(name: str) -> bool:
    """Whether ``name`` is a first name alone or ends in an initial (``Morten V``).

    >>> is_short_form("Morten V"), is_short_form("Gitte"), is_short_form("Morten V. Pedersen")
    (True, True, False)
    """
    words = name.split()
    return len(words) < 2 or is_initial(words[-1])


# -- the people registry -------------------------------------------------------------

_slug = lru_cache(maxsize=65536)(slug)  # names repeat: key them once


class Registry:
    """Every full name known in a batch of documents, one entry per person.

    A person is keyed by the slug of the full name; the canonical spelling is the most
    frequent one (then the one with more letters outside ASCII, so accents survive).

    >>> r = Registry()
    >>> r.add("Ditte Clement"); r.add("Ditte Clément"); r.add("Ditte Clément")
    >>> r.canonical("ditte clement")
    'Ditte Clément'
    >>> r.add("Morten V. Pedersen")
    >>> r.fit_short_form("Morten V")
    ('Morten V. Pedersen',)
    """

    def __init__(self) -> None:
        self._spellings: dict[str, Counter[str]] = defaultdict(Counter)
        self._listed: set[str] = set()  # slugs of names printed in attendee/guest lists
        self._canonical: dict[str, str] = {}  # name -> canonical spelling (a cache)
        self._names: list[str] | None = None

    def add(self, name: str, count: int = 1, *, listed: bool = True) -> None:
        """Add a full name; ``listed`` when it comes from an attendee or guest list."""
        name = normalise_name(name)
        if name and not is_short_form(name):
            key = _slug(name)
            self._spellings[key][name] += count
            if listed:
                self._listed.add(key)
            self._canonical.clear()
            self._names = None

    def is_listed(self, name: str) -> bool:
        return _slug(name) in self._listed

    def __contains__(self, name: str) -> bool:
        return _slug(name) in self._spellings

    def canonical(self, name: str) -> str:
        """The canonical spelling of a known name, else the name as printed."""
        found = self._canonical.get(name)
        if found is None:
            spellings = self._spellings.get(_slug(name))
            if not spellings:
                found = normalise_name(name)
            else:
                found = max(
                    spellings, key=lambda s: (spellings[s], sum(ord(c) > 127 for c in s), s)
                )
            self._canonical[name] = found
        return found

    def names(self) -> list[str]:
        if self._names is None:
            self._names = sorted(self.canonical(k) for k in self._spellings)
        return self._names

    def with_first_name(self, first: str, among: Iterable[str] | None = None) -> tuple[str, ...]:
        """Known names (or names of ``among``) whose first word is ``first``."""
        pool = self.names() if among is None else among
        key = fold(first)
        return tuple(sorted({n for n in pool if fold(n.split()[0]) == key}))

    def fit_short_form(self, text: str, among: Iterable[str] | None = None) -> tuple[str, ...]:
        """Known names a short form ``First I`` (or ``First I.``) fits."""
        words = normalise_name(text).split()
        if len(words) < 2:
            return self.with_first_name(words[0], among) if words else ()
        initial = words[-1].rstrip(".")
        fits = []
        for name in self.with_first_name(words[0], among):
            rest = name.split()[1:]
            if (
                rest
                and all(
                    i < len(rest) and rest[i].startswith(w.rstrip("."))
                    for i, w in enumerate(words[1:-1])
                )
                and any(r.startswith(initial) for r in rest[len(words) - 2 :])
            ):
                fits.append(name)
        return tuple(fits)

    def fit_without_middle(self, name: str) -> tuple[str, ...]:
        """Known names that add middle names to ``name`` (``Gitte Nielsen``)."""
        words = normalise_name(name).split()
        if len(words) < 2:
            return ()
        first, last = fold(words[0]), fold(words[-1])
        return tuple(
            n
            for n in self.names()
            if len(n.split()) > len(words)
            and fold(n.split()[0]) == first
            and fold(n.split()[-1]) == last
        )


_NOTE_RE = re.compile(r"\s*\([^)]*\)")


def person_name(name: str, *, listed: bool = True) -> str | None:
    """The person's name in a list entry, or None when the entry is no person.

    A note in parentheses (a party letter, ``Stedfortræder for ...``) is left out and a
    department printed before the name is taken off (``Pleje Pia Mols``). A name from an
    attendance list (``listed``) needs only a person's shape; one a sentence of the text
    put in a list (``X deltager under punktet``) needs a known first name as well, so that
    ``Greve Kommune deltager ...`` or ``Fælles Hjælpemiddeldepot deltager ...`` is no guest.

    >>> person_name("Conni Bergendorff (Stedfortræder for Torben Hoffmann)")
    'Conni Bergendorff'
    >>> person_name("Greve Kommune") is None, person_name("Pleje Pia Mols", listed=False)
    (True, 'Pia Mols')
    >>> person_name("Fælles Hjælpemiddeldepot", listed=False) is None
    True
    """
    name = trim_to_name(normalise_name(_NOTE_RE.sub(" ", name)))
    if not is_person_name(name):
        return None
    if not listed and not is_first_name(name.split()[0]):
        return None
    return name


def listed_people(doc: Document) -> list[str]:
    """Every person in the attendee, absence and guest lists of a document."""
    meeting = doc.meeting
    names = [*meeting.attendees, *meeting.invited, *meeting.staff, *meeting.absent]
    guests: list[str] = []
    for item in meeting.items:
        names += item.absent_for_item
        guests += item.participants
        for earlier in item.earlier_decisions:
            names += list(earlier.absent)
    found = [person_name(n) for n in names] + [person_name(n, listed=False) for n in guests]
    return [n for n in found if n]


__all__ = [
    "Registry",
    "is_initial",
    "is_short_form",
    "listed_people",
    "person_name",
]
