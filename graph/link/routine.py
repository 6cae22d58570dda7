"""Routine items and standing case numbers, learned from the data of each municipality."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from core.text import FUNCTION_WORDS, WORD_RE, stem, title_grams
from graph.link.features import _day, dice
from graph.link.model import ROUTINE_FILLER, ROUTINE_HEADS, LinkItem, LinkSettings


def is_routine(title: str, heads: Sequence[str] = ROUTINE_HEADS) -> bool:
    """True for routine items (*Tidsplan*, *Orientering* ...) that are never one matter.

    >>> is_routine("Tidsplan for direktionsmødet")
    True
    >>> is_routine("Orientering")
    True
    >>> is_routine("Orientering om budgetopfølgning 2021")
    False
    """
    words = WORD_RE.findall(title.lower())
    text = " ".join(words)
    for head in heads:
        if text == head or text.startswith(head + " "):
            rest = words[len(head.split()) :]
            return all(w in ROUTINE_FILLER or w.endswith("mødet") for w in rest)
    return False


def routine_topic(title: str, forum: str) -> str:
    """A title reduced to its topic: no numbers, small words or the forum's own name, stemmed.

    >>> forum = "Kultur- og Fritidsudvalget"
    >>> routine_topic(f"{forum} - mødekalender 2024", forum)
    'mødekalend'
    """
    own = {stem(w) for w in WORD_RE.findall(forum.lower())}
    words = (
        stem(w)
        for w in WORD_RE.findall(title.lower())
        if not w.isdigit() and w not in FUNCTION_WORDS
    )
    return " ".join(w for w in words if w not in own)


def learn_routine(
    items: Sequence[LinkItem],
    settings: LinkSettings,
    topics: Sequence[str] | None = None,
    heads: Sequence[bool] | None = None,
) -> list[int]:
    """Indices of the routine items, learned from the data (and the word list of heads).

    A topic (:func:`routine_topic`) on more than ``settings.routine_share`` of the meetings
    of a forum with at least ``settings.routine_min_meetings`` meetings is routine in every
    forum of that municipality (*Underskriftsark*, *Huskeliste og orientering fra
    administrationen*, a committee's *mødekalender*); so is an item under a number most of
    whose items are routine (the forum's number for that item), whatever its title. A routine
    item never links on its title or text, only through a case number that is not standing
    (each committee's calendar of 2024 under the council's case for the year's calendars).
    ``topics``: each item's :func:`routine_topic`, when the caller has them already;
    ``heads``: each item's :func:`is_routine` (of the settings' heads), likewise.

    >>> items = [LinkItem(f"i{d}", f"m{d}", "F", f"2021-01-{d:02d}", 1, "Underskriftsark")
    ...          for d in range(1, 6)]
    >>> items.append(LinkItem("j", "m1", "F", "2021-01-01", 2, "Nyt rådhus"))
    >>> learn_routine(items, LinkSettings())
    [0, 1, 2, 3, 4]
    """
    # A forum's meetings over all the years, and in each year: an item introduced in the last
    # year (Greve's committees' "møde- og aktivitetskalender" of 2025) is routine in that year.
    meetings: dict[tuple[str | None, str, str], set[str]] = defaultdict(set)
    on_topic: dict[tuple[str | None, str, str, str], set[str]] = defaultdict(set)
    if topics is None:
        topics = [routine_topic(it.title, it.forum) for it in items]
    for it, topic in zip(items, topics, strict=True):
        for period in ("", it.date[:4]):
            meetings[(it.municipality, it.forum, period)].add(it.meeting)
            on_topic[(it.municipality, it.forum, period, topic)].add(it.meeting)
    learned = {
        (town, topic)
        for (town, forum, period, topic), found in on_topic.items()
        if topic
        and len(meetings[(town, forum, period)]) >= settings.routine_min_meetings
        and len(found) > settings.routine_share * len(meetings[(town, forum, period)])
    }
    if heads is None:
        heads = [is_routine(it.title, settings.routine_heads) for it in items]
    routine = {
        i for i, it in enumerate(items) if heads[i] or (it.municipality, topics[i]) in learned
    }
    # A number most of whose items are routine is the forum's number for that routine item.
    on_number: Counter[tuple[str | None, str]] = Counter()
    routine_on_number: Counter[tuple[str | None, str]] = Counter()
    for i, it in enumerate(items):
        for c in set(it.case_numbers):
            on_number[(it.municipality, c)] += 1
            routine_on_number[(it.municipality, c)] += i in routine
    numbers = {k for k, n in routine_on_number.items() if n > 1 and 2 * n > on_number[k]}
    routine.update(
        i
        for i, it in enumerate(items)
        if any((it.municipality, c) in numbers for c in it.case_numbers)
    )
    return sorted(routine)


def case_sized_numbers(items: Sequence[LinkItem], settings: LinkSettings) -> set[str]:
    """Numbers on a case-sized set of items: a case going round the forums in a year.

    A number on at most ``settings.case_items`` items, all within ``settings.case_days``, in
    more than one forum, is one case of the journal system even on routine items (the
    council's case for next year's meeting calendars, taken up by every committee). A number
    on one forum's routine item is that forum's standing number, however few its items (a
    committee's *Henvendelser til formanden* twice in nine months under one number).

    >>> cal = [LinkItem(f"c{n}", f"m{n}", forum, f"2023-09-{n + 10}", 2, "Mødekalender 2024",
    ...                 case_numbers=("23-5195",)) for n, forum in enumerate(["A", "B", "C"])]
    >>> own = [LinkItem(f"h{n}", f"h{n}", "A", date, 6, "Henvendelser til formanden",
    ...                 case_numbers=("21-16089",)) for n, date in enumerate(["2022-11-14",
    ...                                                                       "2023-08-14"])]
    >>> sorted(case_sized_numbers(cal + own, LinkSettings()))
    ['23-5195']
    """
    held: dict[str, list[LinkItem]] = defaultdict(list)
    for item in items:
        for number in set(item.case_numbers):
            held[number].append(item)
    cases = set()
    for number, found in held.items():
        if len(found) > settings.case_items or len({it.forum for it in found}) < 2:
            continue
        dates = [it.date for it in found]
        if _day(max(dates)) - _day(min(dates)) <= settings.case_days:
            cases.add(number)
    return cases


#: Two titles of one meeting under one number this unlike make the number an umbrella.
UMBRELLA_DICE = 0.35


def find_standing_numbers(
    items: Sequence[LinkItem],
    settings: LinkSettings,
    routine: Iterable[int] | None = None,
    heads: Sequence[bool] | None = None,
) -> frozenset[str]:
    """Case numbers that are reused for unrelated items, detected from the data.

    A number is standing when a routine item carries it, when two items of one meeting with
    unlike titles carry it (an umbrella number: their title 3-grams' Dice coefficient below
    ``UMBRELLA_DICE``), or when it appears in more than ``settings.standing_meetings``
    meetings of one forum in one year. Two items of one meeting under one number and like
    titles (*Budgetopfølgning 1 2022* and *Budgetopfølgning 1 2022, bevillingssag*) are parts
    of one matter, not a standing number. ``heads``: each item's :func:`is_routine`, when
    the caller has them already.

    >>> items = [LinkItem("i1", "m1", "F", "2021-01-13", 1, "Tidsplan", case_numbers=("S1",)),
    ...          LinkItem("i2", "m2", "F", "2021-02-13", 3, "Budget", case_numbers=("S2",)),
    ...          LinkItem("i3", "m2", "F", "2021-02-13", 4, "Intranet", case_numbers=("S2",)),
    ...          LinkItem("i4", "m2", "F", "2021-02-13", 5, "Budgetopfølgning 1",
    ...                   case_numbers=("S3",)),
    ...          LinkItem("i5", "m2", "F", "2021-02-13", 6, "Budgetopfølgning 1, bevillingssag",
    ...                   case_numbers=("S3",))]
    >>> sorted(find_standing_numbers(items, LinkSettings()))
    ['S1', 'S2']
    """
    if heads is None:
        heads = [is_routine(it.title, settings.routine_heads) for it in items]
    routine_set = set(routine if routine is not None else (i for i, h in enumerate(heads) if h))
    standing: set[str] = set()
    # A forum's standing number for a routine item: on that item in several of its meetings.
    routine_meetings: dict[tuple[str, str], set[str]] = defaultdict(set)
    meetings_per_forum_year: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    per_meeting: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n, item in enumerate(items):
        for number in set(item.case_numbers):
            per_meeting[(item.meeting, number)].append(n)
            meetings_per_forum_year[(number, item.forum, item.date[:4])].add(item.meeting)
            if n in routine_set:
                if heads[n]:
                    standing.add(number)
                routine_meetings[(number, item.forum)].add(item.meeting)
    # ... unless the number is a case going round: each committee's calendar of 2024 under the
    # council's case for the year's calendars, not one committee's letters to its chair.
    cases = case_sized_numbers(items, settings)
    standing.update(
        number
        for (number, _), found in routine_meetings.items()
        if len(found) > 1 and number not in cases
    )
    for (_, number), found in per_meeting.items():
        if len(found) < 2:
            continue
        grams = [title_grams(items[n].title) for n in found]
        if any(dice(a, b) < UMBRELLA_DICE for a, b in itertools.combinations(grams, 2)):
            standing.add(number)
    standing.update(
        number
        for (number, _, _), meetings in meetings_per_forum_year.items()
        if len(meetings) > settings.standing_meetings
    )
    return frozenset(standing)


def series_rounds(
    items: Sequence[LinkItem],
    settings: LinkSettings,
    routine: Iterable[int] = (),
    topics: Sequence[str] | None = None,
) -> list[frozenset[str]]:
    """Each item's round of a recurring series, learned from the data (empty when none).

    A title topic (:func:`routine_topic`, its words in any order) whose items fall in at least
    ``settings.series_rounds`` rounds (items of the topic no more than ``settings.round_days``
    apart), over more than one year, is a series: each request for a loan guarantee of Greve
    Fjernvarme (2022, January and June 2024, March and August 2025) is a new proposal, so a
    round is marked ``topic#n`` and two rounds never join on their titles alone.
    ``topics``: each item's :func:`routine_topic`, when the caller has them already.

    >>> dates = ["2022-08-18", "2022-08-29", "2024-01-15", "2024-05-30", "2025-03-27"]
    >>> items = [LinkItem(f"i{d}", f"m{d}", "F", d, 9, "Garantistillelse Greve Fjernvarme")
    ...          for d in dates]
    >>> [mark for m in series_rounds(items, LinkSettings()) for mark in m]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['fjernvarm garantistillels grev#0', 'fjernvarm garantistillels grev#0',
     'fjernvarm garantistillels grev#1', 'fjernvarm garantistillels grev#2',
     'fjernvarm garantistillels grev#3']
    """
    skip = set(routine)
    by_topic: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        words = topics[i] if topics is not None else routine_topic(it.title, it.forum)
        topic = " ".join(sorted(set(words.split())))
        if topic and i not in skip:
            by_topic[(it.municipality, topic)].append(i)
    marks = [frozenset[str]()] * len(items)
    for (_, topic), found in by_topic.items():
        found.sort(key=lambda i: items[i].date)
        days = [_day(items[i].date) for i in found]
        starts = [0] + [
            x for x in range(1, len(found)) if days[x] - days[x - 1] > settings.round_days
        ]
        years = {items[i].date[:4] for i in found}
        if len(starts) < settings.series_rounds or len(years) < 2:
            continue
        for n, (start, end) in enumerate(itertools.pairwise([*starts, len(found)])):
            for i in found[start:end]:
                marks[i] = frozenset({f"{topic}#{n}"})
    return marks
