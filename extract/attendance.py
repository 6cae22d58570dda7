"""The attendance vocabulary of Danish minutes: who came, who did not, who stood in, who else
was in the room.

Headers and decisions print attendance in many ways; the layouts find the lists (labels such
as ``Fraværende med afbud:``, ``Afbud fra:``, ``Ikke til stede:``, ``Stedfortræder:``,
``Referent:``) and this module reads the entries:

* a note after a name: ``Ronni Mark Nielsen (Stedfortræder: Jesper Fini Kuhre)`` -- Ronni
  Mark Nielsen is away, Jesper Fini Kuhre stood in; ``Jesper Fini Kuhre (Stedfortræder for
  Ronni Mark Nielsen)`` -- Jesper Fini Kuhre came as the substitute;
* a range of items after a name: ``Karen Holt, sag 212-214``, ``Karen Holt (pkt. 5-7)`` --
  away for those items only, not the meeting (item numbers may run on through the year);
* a secretary or guest line (``Referent:``, ``Sekretær:``, ``Desuden deltog:``) names people
  who were in the room but are not members: they are kept apart (``staff``).

Item-level phrases in a decision (``X deltog ikke under punkterne 5-7``, ``X var forhindret
i at deltage``) are read where the items are put together (:mod:`extract.layouts.draft`).

>>> read_absent(["Niels Bak (V)", "Karen Holt, sag 212-214",
...              "Ronni Mark Nielsen (Stedfortræder: Jesper Fini Kuhre)"])
Absences(absent=('Niels Bak (V)', 'Ronni Mark Nielsen'), items=(('Karen Holt', 212, 214),), \
substitutes=(('Jesper Fini Kuhre', 'Ronni Mark Nielsen'),))
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from extract.meeting import split_names

#: Header labels of substitutes and of people present who are not members (lower case,
#: without the colon), and the list each fills.
ATTENDANCE_LABELS: dict[str, str] = {
    "stedfortræder": "substitutes",
    "stedfortrædere": "substitutes",
    "suppleant": "substitutes",
    "suppleanter": "substitutes",
    "mødt som stedfortræder": "substitutes",
    "referent": "staff",
    "sekretær": "staff",
    "protokolfører": "staff",
    "desuden deltog": "staff",
    "endvidere deltog": "staff",
    "øvrige deltagere": "staff",
    "øvrige mødedeltagere": "staff",
    "fra administrationen": "staff",
    "fra administrationen deltog": "staff",
    "gæster": "staff",
}

#: ``(Stedfortræder: X)`` after an absentee; ``(Stedfortræder for Y)`` after a substitute.
_NOTE_RE = re.compile(
    r"\s*\(\s*(?:stedfortræder|suppleant)\s*(?::\s*(?P<stands_in>[^)]+)|\s+for\s+(?P<for>[^)]+))\)",
    re.IGNORECASE,
)
#: ``, sag 212-214`` / ``(pkt. 5-7)`` / ``, punkt 3`` after a name: away for those items.
_ITEMS_RE = re.compile(
    r"\s*(?:,\s*|\(\s*)(?:sag(?:erne)?|pkt\.?|punkt(?:erne)?|punkterne)\s*(?P<first>\d{1,4})"
    r"(?:\s*[-–]\s*(?P<last>\d{1,4}))?\s*\)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Absences:
    """An absence list read: away from the meeting, away for a range of items only
    (name, first item, last item), and substitutes named in notes (substitute, for whom)."""

    absent: tuple[str, ...] = ()
    items: tuple[tuple[str, int, int], ...] = ()
    substitutes: tuple[tuple[str, str | None], ...] = ()


def substitute_note(entry: str) -> tuple[str, str | None, str | None]:
    """``(name, stands_in, stands_in_for)`` of a list entry with a substitute note.

    >>> substitute_note("Ronni Mark Nielsen (Stedfortræder: Jesper Fini Kuhre)")
    ('Ronni Mark Nielsen', 'Jesper Fini Kuhre', None)
    >>> substitute_note("Jesper Fini Kuhre (Stedfortræder for Ronni Mark Nielsen)")
    ('Jesper Fini Kuhre', None, 'Ronni Mark Nielsen')
    >>> substitute_note("Ole Bo")
    ('Ole Bo', None, None)
    """
    match = _NOTE_RE.search(entry)
    if match is None:
        return entry.strip(), None, None
    name = (entry[: match.start()] + entry[match.end() :]).strip(" ,")
    stands_in = (match.group("stands_in") or "").strip() or None
    stands_for = (match.group("for") or "").strip() or None
    return name, stands_in, stands_for


def item_range(entry: str) -> tuple[str, int, int] | None:
    """``(name, first, last)`` when an entry names the items its person was away for.

    >>> item_range("Karen Holt, sag 212-214"), item_range("Pia Lund (pkt. 5)")
    (('Karen Holt', 212, 214), ('Pia Lund', 5, 5))
    >>> item_range("Ole Bo (V)") is None
    True
    """
    match = _ITEMS_RE.search(entry)
    if match is None:
        return None
    first = int(match.group("first"))
    last = int(match.group("last") or first)
    name = entry[: match.start()].strip(" ,")
    return (name, first, last) if name and first <= last else None


def read_absent(entries: Iterable[str]) -> Absences:
    """Read the entries of an absence list (see the module docstring)."""
    absent: list[str] = []
    items: list[tuple[str, int, int]] = []
    substitutes: list[tuple[str, str | None]] = []
    for entry in entries:
        name, stands_in, _ = substitute_note(entry)
        ranged = item_range(name)
        if ranged is not None:
            items.append(ranged)
        elif name:
            absent.append(name)
        if stands_in:
            substitutes.append((stands_in, ranged[0] if ranged else name))
    return Absences(tuple(absent), tuple(items), tuple(substitutes))


#: A range of items after a name inside a printed list: ``Ole Friis, sag 212-214``.
_LISTED_RANGE_RE = re.compile(
    r"(?P<name>[A-ZÆØÅ][^,;()]*?)\s*(?:,\s*|\(\s*)(?:sag(?:erne)?|pkt\.?|punkt(?:erne)?)\s*"
    r"(?P<first>\d{1,4})(?:\s*[-–]\s*(?P<last>\d{1,4}))?\s*\)?",
    re.IGNORECASE,
)


def read_absent_list(values: Iterable[str]) -> Absences:
    """An absence list as printed (its lines, names separated by commas or ``og``):
    substitute notes and item ranges are taken out before the names are split.

    >>> read_absent_list(["Niels Bak (V), Ole Friis, sag 212-214 og Ronni Mark Nielsen "
    ...                   "(Stedfortræder: Jesper Fini Kuhre)"])
    Absences(absent=('Niels Bak', 'Ronni Mark Nielsen'), items=(('Ole Friis', 212, 214),), \
substitutes=(('Jesper Fini Kuhre', 'Ronni Mark Nielsen'),))
    """
    absent: list[str] = []
    items: list[tuple[str, int, int]] = []
    substitutes: list[tuple[str, str | None]] = []
    joined = ", ".join(v for v in values if v.strip())  # lines of one list ("..., og X" wraps)
    for value in (joined,) if joined else ():
        for note in _NOTE_RE.finditer(value):
            stands_in = (note.group("stands_in") or "").strip()
            if stands_in:
                before = re.split(r"[,;]|\s+og\s+", value[: note.start()])[-1]
                substitutes.append((stands_in, " ".join(before.split()) or None))
        value = _NOTE_RE.sub("", value)
        for ranged in _LISTED_RANGE_RE.finditer(value):
            first = int(ranged.group("first"))
            last = int(ranged.group("last") or first)
            name = " ".join(ranged.group("name").split())
            name = re.split(r"\s+og\s+", name)[-1]
            if first <= last:
                items.append((name, first, last))
        value = _LISTED_RANGE_RE.sub("", value)
        absent.extend(split_names(value))
    return Absences(tuple(absent), tuple(items), tuple(substitutes))


def read_present(entries: Iterable[str]) -> tuple[list[str], list[str | None]]:
    """Names and notes of an attendee list: a substitute's note becomes its role.

    >>> read_present(["Simon Østergaard", "Jesper Fini Kuhre (Stedfortræder for Ronni Mark "
    ...               "Nielsen)"])
    (['Simon Østergaard', 'Jesper Fini Kuhre'], [None, 'stedfortræder for Ronni Mark Nielsen'])
    """
    names: list[str] = []
    roles: list[str | None] = []
    for entry in entries:
        name, _, stands_for = substitute_note(entry)
        names.append(name)
        roles.append(f"stedfortræder for {stands_for}" if stands_for else None)
    return names, roles


__all__ = [
    "ATTENDANCE_LABELS",
    "Absences",
    "item_range",
    "read_absent",
    "read_absent_list",
    "read_present",
    "substitute_note",
]
