"""People in the minutes: find, resolve and attach them to the agenda items.

:func:`annotate_people` is the step between the parser and the graph. It

1. builds the gazetteer of known people from every attendee, absentee and guest list
   of the documents (names are keyed by :func:`~core.records.slug`, so
   ``Ditte Clément`` and ``Ditte Clement`` are one person, printed the most common way);
2. runs the spaCy pipeline of :mod:`extract.nlp` over every item's title and sections;
3. resolves each name: a gazetteer hit is the known person; a short form such as
   ``Morten V`` is the one known person it fits (else unresolved, with candidates); a
   first name alone (``Gitte``) is resolved only when exactly one person of that
   meeting has it, otherwise it stays unresolved and lists its candidates -- never a
   guess; a new full name (``Charlotte Jakobsen``) is a new person;
4. turns an office named without a person (``Kommunaldirektøren``) into a mention with
   ``name=None`` and a ``role``, unless the same item ties that role to one named person
   (``Borgerrådgiver Ann Berit Jensen ... Borgerrådgiveren``);
5. returns new :class:`~core.records.Document` records with ``item.mentions`` and
   ``item.organisations`` filled and short forms in attendee and guest lists replaced
   by the full name.

A mention is one of three shapes:

* resolved: ``name`` is set (``role`` when the text ties one to the person);
* unresolved: ``name is None`` and ``candidates`` lists the people it may be;
* an office without a person: ``name is None``, no candidates, ``role`` set.

>>> from core.records import AgendaItem, Document, Meeting, Section, Source
>>> src = Source("m.txt", "0" * 64, 1, 9)
>>> sec = Section("Beslutning", "Morten V orienterede. Gitte deltog. KL var med.", src)
>>> item = AgendaItem(number=1, title="Status", source=src, sections=(sec,))
>>> meeting = Meeting(forum="Direktionen", date="2021-01-07", source=src, items=(item,),
...                   attendees=("Morten V. Pedersen", "Gitte Clemmensen", "Gitte Høj Nielsen"))
>>> [doc] = annotate_people([Document("m.txt", "0" * 64, meeting)])
>>> for m in doc.meeting.items[0].mentions:
...     print(m.text, m.kind, m.name, m.candidates)
Morten V presenter Morten V. Pedersen ()
Gitte guest None ('Gitte Clemmensen', 'Gitte Høj Nielsen')
>>> doc.meeting.items[0].organisations
('KL',)
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from core.memory import gc_paused
from core.records import AgendaItem, Document, Meeting, PersonMention, Source
from core.text import fold, normalise_name
from extract.nlp import PersonHit, RoleHit, TextAnalysis
from extract.people_cache import PeopleCache, analyse_documents
from extract.people_names import (
    Registry,
    is_initial,
    is_short_form,
    listed_people,
    person_name,
)
from extract.people_words import is_person_name, role_base, trim_to_name

# -- line numbers ----------------------------------------------------------------------


class _Lines:
    """Maps an offset in a section's text to a line of the source file.

    The parser drops blank lines and joins wrapped ones, so the n-th occurrence of the
    mention's first word inside the section's line span of the file is looked up when
    the file is there (and still has the same content); otherwise the span is used.
    """

    def __init__(self, doc: Document) -> None:
        self.lines: list[str] | None = None
        if doc.format in ("text", "markdown"):
            try:
                data = Path(doc.path).read_bytes()
            except OSError:
                data = b""
            if data and hashlib.sha256(data).hexdigest() == doc.sha256:
                text = data.decode("utf-8", errors="replace")
                self.lines = text.split("\n")  # as the parser counts: "\f" is no line

    def source(self, source: Source, text: str, start: int, end: int) -> Source:
        found = self._find(source, text, start, end)
        if found is None:
            return source
        first, last = found
        return Source(source.path, source.sha256, first, last)

    def _find(self, source: Source, text: str, start: int, end: int) -> tuple[int, int] | None:
        if self.lines is None:
            return None
        words = text[start:end].split()
        if not words:
            return None
        first_word = words[0]
        nth = text.count(first_word, 0, start)
        lo, hi = source.first_line, min(source.last_line, len(self.lines))
        for number in range(lo, hi + 1):
            line = self.lines[number - 1]
            count = line.count(first_word)
            if nth < count:
                # A name wrapped over lines ends on the line holding its last word.
                last = number
                if words[-1] not in line:
                    for later in range(number + 1, min(hi, number + 3) + 1):
                        if words[-1] in self.lines[later - 1]:
                            last = later
                            break
                return number, last
            nth -= count
        return None


# -- annotate ------------------------------------------------------------------------


@dataclass
class _Texts:
    """The texts of one item handed to the pipeline, with their sources, and whether each is
    an earlier meeting's (a ``Sagsforløb`` entry, ``Beslutning på møde ...``)."""

    texts: list[str]
    sources: list[Source]
    earlier: list[bool]


def _is_earlier_heading(heading: str) -> bool:
    """Whether a section heading introduces earlier meetings' decisions.

    >>> _is_earlier_heading("Sagens forløb"), _is_earlier_heading("Beslutning")
    (True, False)
    """
    low = heading.lower()
    return low in ("sagsforløb", "sagens forløb") or low.startswith("beslutning på møde")


def _item_texts(item: AgendaItem) -> _Texts:
    texts = [item.title]
    title = item.source.first_line  # the title is the item's first line
    sources = [Source(item.source.path, item.source.sha256, title, title)]
    earlier = [False]
    for section in item.sections:
        texts.append(section.text)
        sources.append(section.source)
        earlier.append(_is_earlier_heading(section.heading))
    return _Texts(texts, sources, earlier)


def annotate_people(
    documents: Sequence[Document], cache: PeopleCache | None = None
) -> list[Document]:
    """Documents with ``item.mentions`` and ``item.organisations`` filled.

    Parameters
    ----------
    documents:
        Parsed documents; all of them form the gazetteer of known people, so
        resolving works across documents.
    cache:
        What the pipeline found in these documents' partition last time
        (:mod:`extract.people_cache`): the documents it holds are not analysed again when
        that gives the same result; it then holds this run's analyses.

    Returns
    -------
    New records (the inputs are frozen and left as they are), in the same order.
    Short forms in ``attendees``, ``absent``, ``participants`` and
    ``absent_for_item`` are replaced by the full name when exactly one fits.

    Examples
    --------
    >>> from core.records import AgendaItem, Document, Meeting, Section, Source
    >>> src = Source("m.txt", "0" * 64, 1, 3)
    >>> sec = Section("Beslutning", "Ole Vett deltager i punktets behandling.", src)
    >>> item = AgendaItem(number=1, title="Budget", source=src, sections=(sec,))
    >>> doc = Document("m.txt", "0" * 64, Meeting("Direktionen", "2021-01-07", src, items=(item,)))
    >>> [m.name for m in annotate_people([doc])[0].meeting.items[0].mentions]
    ['Ole Vett']
    """
    with gc_paused():  # records are made by the thousand
        return _annotate(list(documents), cache)


def _annotate(docs: list[Document], cache: PeopleCache | None) -> list[Document]:
    registry = Registry()
    for doc in docs:
        for name in listed_people(doc):
            registry.add(name)
    known = registry.names()

    # One pipeline run over every text of every item (but those analysed before).
    jobs: list[_Texts] = []
    flat: list[str] = []
    ends: list[int] = []
    for doc in docs:
        for item in doc.meeting.items:
            texts = _item_texts(item)
            jobs.append(texts)
            flat.extend(texts.texts)
        ends.append(len(flat))
    results = analyse_documents(flat, ends, known, cache)

    # Full names met in the text are people too (for resolving short forms anywhere).
    for result in results:
        for hit in result.people:
            if (
                hit.evidence in ("first-name", "context")
                and not is_short_form(hit.name)
                and is_person_name(hit.name)
            ):
                registry.add(hit.name, listed=False)

    per_job: list[list[TextAnalysis]] = []
    cursor = 0
    for texts in jobs:
        per_job.append(results[cursor : cursor + len(texts.texts)])
        cursor += len(texts.texts)

    out: list[Document] = []
    job = 0
    for doc in docs:
        meeting = doc.meeting
        count = len(meeting.items)
        per_item, item_texts = per_job[job : job + count], jobs[job : job + count]
        job += count
        lines = _Lines(doc)
        people_here = _meeting_people(meeting, per_item, registry)
        items = [
            _annotate_item(item, texts, analyses, registry, people_here, lines)
            for item, texts, analyses in zip(meeting.items, item_texts, per_item, strict=True)
        ]
        new_meeting = dataclasses.replace(
            meeting,
            items=tuple(items),
            attendees=_canonical_list(meeting.attendees, registry, people_here),
            invited=_canonical_list(meeting.invited, registry, people_here),
            staff=_canonical_list(meeting.staff, registry, people_here),
            absent=_canonical_list(meeting.absent, registry, people_here),
        )
        out.append(dataclasses.replace(doc, meeting=new_meeting))
    return out


def _meeting_people(
    meeting: Meeting, per_item: list[list[TextAnalysis]], registry: Registry
) -> tuple[str, ...]:
    """The people of one meeting: its lists and the full names its items print."""
    names = {registry.canonical(n) for n in meeting.attendees if not is_short_form(n)}
    names |= {registry.canonical(n) for n in meeting.absent if not is_short_form(n)}
    names |= {registry.canonical(n) for n in meeting.invited if not is_short_form(n)}
    for item, analyses in zip(meeting.items, per_item, strict=True):
        for n in (*item.participants, *item.absent_for_item):
            if not is_short_form(n):
                names.add(registry.canonical(n))
        for analysis in analyses:
            for hit in analysis.people:
                if hit.evidence != "first-name-only" and not is_short_form(hit.name):
                    names.add(registry.canonical(hit.name))
    return tuple(sorted(names))


def _resolve(
    name: str, registry: Registry, people_here: Sequence[str]
) -> tuple[str | None, tuple[str, ...]]:
    """The full name a printed name stands for, or None and the candidates."""
    name = normalise_name(name)
    if not is_short_form(name):
        if registry.is_listed(name):
            return registry.canonical(name), ()
        # "Polly Dutschke" in the text is "Polly Bak Dutschke" when exactly one fits.
        fits = registry.fit_without_middle(name)
        return (fits[0], ()) if len(fits) == 1 else (registry.canonical(name), ())
    words = name.split()
    if len(words) > 1:  # "Morten V": one known person must fit
        fits = registry.fit_short_form(name)
        if len(fits) == 1:
            return fits[0], ()
        if fits:
            present = [f for f in fits if f in people_here]
            return (present[0], ()) if len(present) == 1 else (None, fits)
    # A first name alone: only the people of this meeting count.
    here = registry.with_first_name(words[0], people_here)
    if len(here) == 1:
        return here[0], ()
    if here:
        return None, here
    return None, registry.with_first_name(words[0])


def _canonical_list(
    names: Iterable[str], registry: Registry, people_here: Sequence[str], *, listed: bool = True
) -> tuple[str, ...]:
    """The names of a list as the people they are; entries that are no person are left out
    (see :func:`person_name`)."""
    out: list[str] = []
    for printed in names:
        name = person_name(printed, listed=listed)
        if name is None:
            continue
        resolved, _ = _resolve(name, registry, people_here)
        full = resolved or normalise_name(name)
        if full not in out:
            out.append(full)
    return tuple(out)


def _annotate_item(
    item: AgendaItem,
    texts: _Texts,
    analyses: list[TextAnalysis],
    registry: Registry,
    people_here: Sequence[str],
    lines: _Lines,
) -> AgendaItem:
    mentions: list[PersonMention] = []
    organisations: dict[str, None] = {}
    roles_of_people: dict[str, set[str]] = defaultdict(set)  # role base -> names
    pending_roles: list[tuple[RoleHit, Source, str, bool]] = []
    for text, source, earlier, analysis in zip(
        texts.texts, texts.sources, texts.earlier, analyses, strict=True
    ):
        for hit in analysis.people:
            mention = _person_mention(hit, registry, people_here, lines, source, text)
            if mention is None:
                continue
            if mention.kind in _AT_ITEM_KINDS and (
                earlier or _in_earlier_decision(mention, item, source)
            ):
                mention = dataclasses.replace(mention, kind="mention")
            mentions.append(mention)
            if mention.name and mention.role:
                base = role_base(mention.role.split()[0])
                if base:
                    roles_of_people[base].add(mention.name)
        for role_hit in analysis.roles:
            pending_roles.append((role_hit, source, text, earlier))
        for org in analysis.organisations:
            organisations.setdefault(org.name, None)
    for role_hit, source, text, earlier in pending_roles:
        # "Borgerrådgiveren" in an item that names Borgerrådgiver Ann Berit Jensen is her.
        base = role_base(role_hit.role.split()[0]) or ""
        holders = roles_of_people.get(base, set())
        name = next(iter(holders)) if len(holders) == 1 else None
        kind = "mention" if earlier and role_hit.kind in _AT_ITEM_KINDS else role_hit.kind
        mentions.append(
            PersonMention(
                text=role_hit.text,
                kind=kind,
                name=name,
                role=role_hit.role,
                source=lines.source(source, text, role_hit.start, role_hit.end),
            )
        )
    mentions.sort(key=lambda m: m.source.first_line if m.source else 0)
    # A guest named by a sentence ("X deltager under punktet") needs a known first name, or
    # the pipeline's own evidence for the name in this item (a role word before it).
    found = {fold(m.text) for m in mentions}
    guests = [
        g
        for g in item.participants
        if person_name(g, listed=False) or fold(trim_to_name(normalise_name(g))) in found
    ]
    participants = _canonical_list(guests, registry, people_here)
    absent = _canonical_list(item.absent_for_item, registry, people_here)
    return dataclasses.replace(
        item,
        mentions=tuple(mentions),
        organisations=tuple(organisations),
        participants=participants,
        absent_for_item=absent,
    )


#: Mention kinds that say what a person did at *this* item.
_AT_ITEM_KINDS = frozenset({"presenter", "guest", "absent"})


def _in_earlier_decision(mention: PersonMention, item: AgendaItem, section: Source) -> bool:
    """Whether a mention stands inside an earlier decision carried along in a section of
    its own lines (an earlier decision whose lines are the whole section's, as in the JSON
    layout where one field is one line, says nothing)."""
    if mention.source is None:
        return False
    line = mention.source.first_line
    whole = (section.first_line, section.last_line)
    for earlier in item.earlier_decisions:
        span = earlier.source
        if span is None or (span.first_line, span.last_line) == whole:
            continue
        if span.first_line <= line <= span.last_line:
            return True
    return False


def _person_mention(
    hit: PersonHit,
    registry: Registry,
    people_here: Sequence[str],
    lines: _Lines,
    source: Source,
    text: str,
) -> PersonMention | None:
    if hit.evidence != "first-name-only" and not is_person_name(hit.name):
        return None  # a place, street or body in a person's shape
    name, candidates = _resolve(hit.name, registry, people_here)
    if name is None and not candidates:
        return None  # a first name nobody in the batch has: not a mention we can use
    return PersonMention(
        text=normalise_name(hit.text),
        kind=hit.kind,
        name=name,
        role=hit.role,
        candidates=candidates,
        source=lines.source(source, text, hit.start, hit.end),
    )


__all__ = [
    "Registry",
    "annotate_people",
    "is_initial",
    "is_short_form",
    "person_name",
]
