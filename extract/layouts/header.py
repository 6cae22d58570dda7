"""Find a meeting's header with scores: forum, date, time, place, kind and attendance.

The header is the part of a document before its first agenda item (and its table of contents).
Every line there is scored as a date line and as a forum line; the best of each wins, whatever
the order of the lines and whatever labels they carry (see ``docs/layouts.md``). A web page's
``<title>`` is one more candidate line.

>>> lines = [(1, "Byrådet"), (2, "Referat"), (3, "Mandag den 23. marts 2015 kl. 17:30"),
...          (4, "Byrådssalen, Rådhuset"), (5, ""), (6, "Fraværende: Lis Damgaard")]
>>> h = find_header(lines, [""] * 6, "", len(lines))
>>> h.forum, h.date, h.start, h.place, h.kind, h.absent
('Byrådet', '2015-03-23', '17:30', 'Byrådssalen, Rådhuset', 'minutes', ('Lis Damgaard',))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from extract import patterns as P
from extract.attendance import ATTENDANCE_LABELS, read_absent_list
from extract.layouts.dates import WEEKDAYS, find_dates, time_after
from extract.meeting import normalise_forum, split_names, unique

#: Words that make a line a forum name.
FORUM_WORD_RE = re.compile(
    r"udvalg|byråd|kommunalbestyrelse|direktion|råd(?:et)?\b|forum\b|magistrat|bestyrelse"
    r"|nævn|borgerrepræsentation|repræsentantskab|chefforum|krisestab",
    re.IGNORECASE,
)
#: Document kind words and what they mean (``Dagsorden og referat`` is minutes).
_KIND_RE = re.compile(
    r"\b(referat|beslutningsprotokol|beslutninger fra mødet|protokol|dagsorden)\b", re.I
)
_MINUTES_WORDS = frozenset({"referat", "beslutningsprotokol", "beslutninger fra mødet", "protokol"})

#: Header labels (lower case, without the colon) and the field each one fills.
LABELS = {
    "udvalg": "forum", "forum": "forum", "mødeforum": "forum",
    "mødedato": "date", "dato": "date", "tid": "date", "tidspunkt": "time",
    "mødetidspunkt": "time", "mødetid": "time", "starttidspunkt for møde": "time", "kl": "time",
    "mødested": "place", "sted": "place", "lokale": "place", "mødelokale": "place",
    "mødedeltagere": "attendees", "deltagere": "attendees", "tilstede": "attendees",
    "til stede": "attendees", "medlemmer": "members", "deltagere fra udvalget": "attendees",
    "fraværende": "absent", "afbud": "absent", "afbud fra": "absent",
    "afbud/fraværende": "absent", "fraværende med afbud": "absent", "ikke til stede": "absent",
    "dokument": "kind",
}  # fmt: skip
# Substitutes and people present who are not members (``Stedfortræder:``, ``Referent:``).
LABELS.update(ATTENDANCE_LABELS)
_LABEL_RE = re.compile(
    r"^(" + "|".join(sorted((re.escape(k) for k in LABELS), key=len, reverse=True)) + r")"
    r"\s*(?::\s*(?:\|\s*)?|$)(.*)$",
    re.IGNORECASE,
)
#: Labels printed without a colon (``Mødested Byrådssalen``, as FirstAgenda exports do).
_BARE_LABEL_RE = re.compile(
    r"^(mødedato|mødetidspunkt|mødested|mødedeltagere|deltagere|tilstede|medlemmer|fraværende"
    r"|afbud)\s+(\S.*)$",
    re.IGNORECASE,
)
#: Any ``Word:`` label: ends a list of names.
_ANY_LABEL_RE = re.compile(r"^[\wæøåÆØÅ./ -]{2,40}:(?:\s|$)")
#: Labels that only carry noise for the header (``Udsendelsesdato``, ``Møde slut``).
_NOT_MEETING_DATE_RE = re.compile(
    r"^(udsendelsesdato|sluttidspunkt|møde slut|mødet hævet|dato for|udskrevet)", re.I
)
#: ``Medlemmerne var mødt, bortset fra A og B, der havde meldt afbud.``
_PROSE_ABSENT_RE = re.compile(
    r"bortset fra\s+(.+?),?\s+der\s+(?:havde\s+meldt|meldte)\s+afbud", re.IGNORECASE
)
#: ``Erik Lund, (A)`` / ``Lolan Ottesen (A) - formand``.
_PERSON_RE = re.compile(
    r"^(?P<name>[^()|]+?)\s*,?\s*\((?P<party>[^)]{1,12})\)(?:\s*[-–]\s*(?P<role>.+))?$"
)
#: Joining words between the kind word and the forum: ``Referat af mødet i``.
_CONNECT_RE = re.compile(
    r"^(?:\s*(?:af|fra|for|til|fra møde|af møde|af mødet|til mødet|mødet|møde|i|ordinært|"
    r"ekstraordinært)\b\.?)+\s*",
    re.IGNORECASE,
)
_SPLIT_RE = re.compile(r"\s+[|–—-]\s+|\s+\|\s*|\s*\|\s+")
#: ``Sydvig Kommune`` / ``NØRREDAL KOMMUNE``: a municipality line.
_KOMMUNE_LINE_RE = re.compile(r"^([A-ZÆØÅ][\w-]+(?:\s[A-ZÆØÅ][\w-]+)?)\s+kommune$", re.I)
_SECTION_LINE_RE = re.compile(r"^(?:åbne|åbent|lukkede|lukket)\s+\w+$", re.IGNORECASE)
_PLACE_AFTER_RE = re.compile(r"\b(?:kl\.?\s*\d{1,2}[:.]\d{2}|\d{4})\s*,?\s+i\s+(\S.*)$", re.I)
_MAX_FORUM = 80
_HEADER_LINES = 80


_PEOPLE = frozenset({"attendees", "members", "absent", "substitutes", "staff"})


@dataclass
class _Fields:
    """Labelled header values; a list of people keeps each label's lines together."""

    values: dict[str, list[str]] = field(default_factory=dict)
    groups: dict[str, list[list[str]]] = field(default_factory=dict)

    def add(self, label: str, value: str) -> None:
        if label in _PEOPLE:
            self.groups.setdefault(label, []).append([value] if value else [])
        elif value:
            self.values.setdefault(label, []).append(value)

    def more(self, label: str, text: str) -> None:
        self.groups[label][-1].append(text)

    def people(self, label: str) -> list[str]:
        """Each group's lines unwrapped (see :func:`_unwrapped`), groups in order."""
        return [value for group in self.groups.get(label, []) for value in _unwrapped(group)]


@dataclass
class FoundHeader:
    """The meeting fields found in a header, with the score that chose them."""

    forum: str = ""
    term: str | None = None
    date: str = ""
    start: str | None = None
    place: str | None = None
    kind: str | None = None
    attendees: list[str] = field(default_factory=list)
    parties: list[str | None] = field(default_factory=list)
    roles: list[str | None] = field(default_factory=list)
    absent: tuple[str, ...] = ()
    #: Away for a range of items only (name, first item, last item): ``Ole Friis, sag 212-214``.
    item_absences: tuple[tuple[str, int, int], ...] = ()
    #: In the room but not members: ``Referent:``, ``Desuden deltog:``.
    staff: list[str] = field(default_factory=list)
    recorded: bool = False
    members: bool = False
    municipality: str | None = None
    first_line: int = 1
    last_line: int = 1
    title: str = ""
    score: float = 0.0


def _kind_of(text: str) -> str | None:
    words = {m.lower() for m in _KIND_RE.findall(text)}
    if words & _MINUTES_WORDS:
        return "minutes"
    return "agenda" if words else None


def _label(text: str) -> tuple[str, str] | None:
    match = _LABEL_RE.match(text) or _BARE_LABEL_RE.match(text)
    if match is None:
        return None
    return LABELS[match[1].lower()], match[2].strip(" |")


def _strip_forum(text: str) -> str:
    """A candidate forum from a title-like line: kind words, dates, weekdays, times and
    joining words removed; what follows the date (``kl. 14:00 i <place>``) dropped."""
    dates = find_dates(text)
    if dates:
        text = text[: dates[0].start]
    text = _KIND_RE.sub(" ", text)
    words = [w for w in text.split() if w.lower().strip(",.") not in WEEKDAYS]
    text = " ".join(words)
    text = re.sub(r"(?:^|\s)(?:den|d\.?|kl\.?)\s*$", "", text.strip(" ,:–-|"))
    text = text.strip(" ,.:–-|")
    return _CONNECT_RE.sub("", text).strip(" ,.:–-|")


def _forum_score(candidate: str, tag: str, kind_near: bool, labelled: bool) -> float:
    if not candidate or len(candidate) > _MAX_FORUM or _KOMMUNE_LINE_RE.match(candidate):
        return 0.0
    name = normalise_forum(candidate)[0]  # ``Direktionen 2019/2020``: the term is no digit noise
    if any(ch.isdigit() for ch in name):
        return 0.0
    if candidate.lower() in P.HEADINGS or candidate.lower() == P.TOC_WORD:
        return 0.0
    score = 1.0
    if FORUM_WORD_RE.search(candidate):
        score += 2.0
    if labelled:
        score += 3.0
    if kind_near:
        score += 1.0
    if tag in ("h1", "h2", "title"):
        score += 0.5
    if candidate.endswith((".", "?", "!")) or candidate.count(" ") > 8:
        score -= 1.5
    return score


def _date_score(text: str, index: int, tag: str, label: str | None) -> float:
    score = 1.0 + max(0.0, 1.0 - index / 20)
    lower = text.lower()
    if label in ("date",):
        score += 3.0
    if _NOT_MEETING_DATE_RE.match(text):
        return 0.0
    if any(day in lower for day in WEEKDAYS):
        score += 1.0
    if " den " in f" {lower}" or lower.startswith("d. "):
        score += 0.5
    if _KIND_RE.search(text):
        score += 1.0
    if "kl" in lower:
        score += 0.5
    if tag in ("h1", "title"):
        score += 0.5
    if len(text) > 140:
        score -= 2.0
    return score


def _unwrapped(values: list[str]) -> list[str]:
    """Lines of one comma-separated list joined (``Vicki Møberg`` / ``Torp, Gitte``), unless
    the lines are one person each (``Erik Lund, (A)``)."""
    if len(values) < 2 or any(_PERSON_RE.match(v.strip()) for v in values):
        return values
    text = ""
    for value in values:
        if text.endswith("-") and value[:1].isupper():
            text += value
        else:
            text = f"{text} {value}" if text else value
    return [text]


def _people(values: list[str]) -> tuple[list[str], list[str | None], list[str | None]]:
    names: list[str] = []
    parties: list[str | None] = []
    roles: list[str | None] = []
    for value in values:
        match = _PERSON_RE.match(value.strip())
        if match is not None and "," not in match["name"].strip(" ,"):
            names.append(" ".join(match["name"].split()).strip(" ,"))
            parties.append(match["party"])
            roles.append(match["role"])
            continue
        for name in split_names(value):
            names.append(name)
            parties.append(None)
            roles.append(None)
    return names, parties, roles


def find_header(
    lines: Sequence[tuple[int, str]], tags: Sequence[str], title: str, end: int
) -> FoundHeader:
    """Read the header from ``lines[:end]`` (and the page ``title``); see the module docstring.

    ``score`` is 0 when no date or no forum was found; the caller decides what that means.
    """
    found = FoundHeader()
    end = min(end, len(lines))
    texts = [(i, lines[i][1]) for i in range(end) if lines[i][1]][:_HEADER_LINES]
    kinds = [i for i, text in texts if len(text) <= 60 and _kind_of(text)]
    best_date: tuple[float, int, str, int, str] | None = None  # score, index, iso, end, text
    forums: list[tuple[float, int, str]] = []
    fields = _Fields()
    current: str | None = None
    waiting: str | None = None  # a label printed alone, its value on the next line
    last_index = 0
    for position, (i, text) in enumerate(texts):
        tag = tags[i] if i < len(tags) else ""
        labelled = _label(text)
        label = labelled[0] if labelled else None
        value = labelled[1] if labelled else text
        if labelled is not None:
            current = label if label in _PEOPLE else None
            waiting = label if not value and label in ("place", "time", "forum") else None
            fields.add(label or "", value)
            last_index = i
        elif waiting is not None:
            fields.add(waiting, text)
            label, waiting, last_index = waiting, None, i
        elif (
            current is not None
            and (i == 0 or lines[i - 1][1] or tag)
            and not tag.startswith("h")
            and _ANY_LABEL_RE.match(text) is None
            and not _SECTION_LINE_RE.match(text)
        ):
            fields.more(current, text)
            last_index = i
        else:
            current = None
        for date in find_dates(value)[:1]:
            score = _date_score(text, position, tag, label)
            if best_date is None or score > best_date[0]:
                best_date = (score, i, date.iso, date.end, value)
        if label == "forum" and value:
            forums.append((_forum_score(value, tag, True, True), i, value))
        elif label is None and current is None:
            kind_near = any(abs(k - i) <= 2 for k in kinds) or bool(_kind_of(text))
            for part in _SPLIT_RE.split(text) if len(text) <= 200 else ():
                candidate = _strip_forum(part)
                forums.append((_forum_score(candidate, tag, kind_near, False), i, candidate))
        if label == "kind" and value:
            found.kind = found.kind or _kind_of(value)
        commune = _KOMMUNE_LINE_RE.match(text)
        if commune is not None and position < 5:
            found.municipality = commune[1].capitalize()
    if title:
        parts = _SPLIT_RE.split(title)
        for part in parts:
            commune = _KOMMUNE_LINE_RE.match(part.strip())
            if commune is not None:
                found.municipality = found.municipality or commune[1]
                continue
            candidate = _strip_forum(part)
            forums.append((_forum_score(candidate, "title", False, False) - 0.5, -1, candidate))
            for date in find_dates(part)[:1]:
                score = _date_score(part, 30, "title", None) - 1.0
                if best_date is None or score > best_date[0]:
                    best_date = (score, -1, date.iso, date.end, part)
    _finish(found, lines, texts, kinds, best_date, forums, fields, title)
    found.last_line = lines[max(last_index, best_date[1] if best_date else 0)][0] if lines else 1
    return found


def _finish(
    found: FoundHeader,
    lines: Sequence[tuple[int, str]],
    texts: list[tuple[int, str]],
    kinds: list[int],
    best_date: tuple[float, int, str, int, str] | None,
    forums: list[tuple[float, int, str]],
    fields: _Fields,
    title: str,
) -> None:
    """Fill ``found`` from the scored candidates."""
    forum = max(forums, key=lambda f: (f[0], -abs(f[1]))) if forums else None
    if best_date is None or forum is None or forum[0] < 1.5:
        return
    found.forum, found.term = normalise_forum(forum[2])
    found.date = best_date[2]
    found.score = min(1.0, (best_date[0] / 4.0) * 0.5 + (forum[0] / 4.0) * 0.5)
    found.kind = found.kind or next((_kind_of(t) for i, t in texts if i in kinds), None)
    date_index = best_date[1]
    date_line = best_date[4]
    date_end = best_date[3]
    found.start = _first(fields, "time", time_after) or time_after(date_line, date_end)
    found.place = _first(fields, "place", lambda v: v) or _place_after(date_line, date_end)
    if found.start is None and date_index >= 0:
        following = _next_text(lines, date_index)
        if following is not None and following[1].lower().startswith("kl"):
            found.start = time_after(following[1])
            found.place = found.place or _place_after(following[1], 0)
    if found.start is None:
        found.start = _time_beside(texts, found.date)
    if found.place is None:
        found.place = _place_beside(lines, texts, found.date, date_index, forum[2])
    absent_values = fields.people("absent")
    for _, text in texts:
        prose = _PROSE_ABSENT_RE.search(text)
        if prose is not None:
            absent_values.append(prose[1])
    absences = read_absent_list(absent_values)
    found.absent = unique(absences.absent)
    found.item_absences = absences.items
    members = "members" in fields.groups and "attendees" not in fields.groups
    names, parties, roles = _people(fields.people("attendees" if not members else "members"))
    keep = [k for k, name in enumerate(names) if name not in found.absent]
    found.attendees = [names[k] for k in keep]
    found.parties = [parties[k] for k in keep]
    found.roles = [roles[k] for k in keep]
    # Substitutes came in place of members: they attended.
    substitutes, sub_parties, _ = _people(fields.people("substitutes"))
    substitutes += [name for name, _ in absences.substitutes]
    sub_parties += [None] * len(absences.substitutes)
    for name, party in zip(substitutes, sub_parties, strict=True):
        if name not in found.attendees:
            found.attendees.append(name)
            found.parties.append(party)
            found.roles.append("stedfortræder")
    staff, _, _ = _people(fields.people("staff"))
    found.staff = [name for name in staff if name[:1].isupper()]  # "Lars Ege, direktør"
    found.members = members
    found.recorded = bool(found.attendees) or "absent" in fields.groups or bool(absent_values)
    first = min((i for i in (date_index, forum[1]) if i >= 0), default=0)
    found.first_line = lines[first][0] if lines else 1
    found.title = lines[first][1] if lines and first < len(lines) else title


def _first(fields: _Fields, name: str, convert: Callable[[str], str | None]) -> str | None:
    for value in fields.values.get(name, []):
        result = convert(value)
        if result:
            return str(result)
    return None


def _time_beside(texts: list[tuple[int, str]], date: str) -> str | None:
    """The time on another header line that gives the same date (a page header gives the
    date alone, the front page the date and the time)."""
    for _, text in texts:
        for found in find_dates(text):
            if found.iso == date:
                start = time_after(text, found.end)
                if start is not None:
                    return start
    return None


def _place_beside(
    lines: Sequence[tuple[int, str]],
    texts: list[tuple[int, str]],
    date: str,
    date_index: int,
    forum: str,
) -> str | None:
    """The place after the date on a line that gives the date (``… kl. 13:00 i <place>``),
    or on the line after it; the chosen date line first."""
    same = [i for i, text in texts if any(d.iso == date for d in find_dates(text))]
    for i in sorted(same, key=lambda k: k != date_index):
        dated = find_dates(lines[i][1])
        place = _place_after(lines[i][1], dated[0].end if dated else 0)
        place = place or _unlabelled_place(lines, i, forum)
        if place:
            return place
    return None


def _place_after(text: str, position: int) -> str | None:
    """``… kl. 14:00 i Regionsrådssalen, Regionshuset`` -> the place after ``i``."""
    match = _PLACE_AFTER_RE.search(text[position:] if position else text)
    if match is None and position:
        match = re.match(r"^\s*,?\s*i\s+(\S.*)$", text[position:])
    return match[1].strip(" .") if match is not None else None


def _next_text(lines: Sequence[tuple[int, str]], index: int) -> tuple[int, str] | None:
    for following in range(index + 1, min(index + 3, len(lines))):
        if lines[following][1]:
            return following, lines[following][1]
    return None


def _unlabelled_place(lines: Sequence[tuple[int, str]], index: int, forum: str) -> str | None:
    """The line right after the date line when it looks like a place: short, no label, no
    date, not the forum, not a kind word."""
    following = _next_text(lines, index)
    if following is None:
        return None
    text = following[1]
    if (
        len(text) > 100
        or _label(text) is not None
        or find_dates(text)
        or _kind_of(text)
        or text == forum
        or text.lower() == P.TOC_WORD
        or text.endswith(":")
        or text[:1].isdigit()
    ):
        return None
    return text[2:] if text.startswith("i ") and text[2:3].isupper() else text


__all__ = ["FORUM_WORD_RE", "LABELS", "FoundHeader", "find_header"]
