"""The linker proper: candidates scored, then joined best first (union-find) into matters."""

from __future__ import annotations

import functools
import itertools
import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence

from graph.link import blocking
from graph.link.candidates import _candidates
from graph.link.facts import item_digest, item_facts
from graph.link.features import _Features, _sketch_similarity, case_scheme, fill_municipalities
from graph.link.incremental import ID_SPAN, LinkCache, Reuse, cached_dated
from graph.link.model import Link, LinkItem, LinkResult, LinkSettings
from graph.link.rounds import same_rounds
from graph.link.routine import (
    find_standing_numbers,
    learn_routine,
    series_rounds,
)
from graph.link.scoring import _best_in_named_meetings, score_pair


class _UnionFind:
    """Union-find whose sets remember their meetings and case numbers.

    It refuses to join two items of one meeting, and two sets whose case numbers differ
    within one numbering scheme (``numbers``, optional, gives each item's numbers): a chain
    of title links must not carry one case into another. So too two sets whose titles name
    only different years, or only different rounds (``marks``, optional: per kind, each
    item's years or rounds): *Budgetopfølgning 3 2022* and *2023*, *Budgetopfølgning 1* and
    *2* are each year's or round's own case, numbers or not. ``force`` joins all the same
    (two items of one meeting sharing a number; a reference that names the very item).
    """

    def __init__(
        self,
        meetings: Sequence[int],
        numbers: Sequence[frozenset[str]] | None = None,
        marks: Sequence[Sequence[frozenset[str]]] = (),
    ) -> None:
        self.parent = list(range(len(meetings)))
        self.members: dict[int, set[int]] = {}
        self.meetings = meetings
        self.numbers = numbers
        self.cases: dict[int, frozenset[str]] = {}
        self.marks = marks
        self.marked: list[dict[int, frozenset[str]]] = [{} for _ in marks]

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def _meetings_of(self, root: int) -> set[int]:
        found = self.members.get(root)
        return found if found is not None else {self.meetings[root]}

    def _cases_of(self, root: int) -> frozenset[str]:
        if self.numbers is None:
            return frozenset()
        found = self.cases.get(root)
        return found if found is not None else self.numbers[root]

    def _marks_of(self, kind: int, root: int) -> frozenset[str]:
        found = self.marked[kind].get(root)
        return found if found is not None else self.marks[kind][root]

    def conflict(self, a: int, b: int, *, marks: bool = True) -> bool:
        """True when the sets of ``a`` and ``b`` hold different numbers of one scheme and
        no number in common, or only different marks of one kind (``marks=False``: the
        numbers alone)."""
        ra, rb = self.find(a), self.find(b)
        for kind in range(len(self.marks) if marks else 0):
            ma, mb = self._marks_of(kind, ra), self._marks_of(kind, rb)
            if ma and mb and ma.isdisjoint(mb) and _one_series(ma, mb):
                return True
        ca, cb = self._cases_of(ra), self._cases_of(rb)
        if not ca or not cb or not ca.isdisjoint(cb):
            return False
        return not {case_scheme(n) for n in ca}.isdisjoint(map(case_scheme, cb))

    def union(
        self,
        a: int,
        b: int,
        *,
        force: bool = False,
        override: bool = False,
        parts: bool = False,
        rounds: bool = False,
    ) -> bool:
        """Join the sets of ``a`` and ``b`` unless they hold items of one meeting or
        conflicting case numbers (``force`` joins them all the same, ``override`` despite
        conflicting numbers only, ``parts`` despite items of one meeting only, ``rounds``
        despite different years or rounds only: the yearly rounds of one pool)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ma, mb = self._meetings_of(ra), self._meetings_of(rb)
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        if not ma.isdisjoint(mb) and not (force or parts):
            return False
        if self.conflict(ra, rb, marks=not rounds) and not (force or override):
            return False
        cases = self._cases_of(ra) | self._cases_of(rb)
        for kind, marked in enumerate(self.marked):
            marked[ra] = self._marks_of(kind, ra) | self._marks_of(kind, rb)
            marked.pop(rb, None)
        self.parent[rb] = ra
        merged = self.members.pop(ra, None) or {self.meetings[ra]}
        merged |= mb
        self.members[ra] = merged
        self.members.pop(rb, None)
        if cases:
            self.cases[ra] = cases
        self.cases.pop(rb, None)
        return True


def _one_series(a: frozenset[str], b: frozenset[str]) -> bool:
    """True when two disjoint sets of marks name rounds of one series: marks ``topic#round``
    of a common topic, or plain marks (years, rounds: one series)."""
    topics_a = {m.rpartition("#")[0] for m in a}
    return not topics_a.isdisjoint(m.rpartition("#")[0] for m in b)


def _drop_lone_routine(groups: dict[int, list[int]], routine: set[int]) -> list[int]:
    """Remove routine items left alone (they are in no matter); the routine items left."""
    for root, group in list(groups.items()):
        if len(group) == 1 and group[0] in routine:
            del groups[root]
    return sorted(routine - {i for g in groups.values() for i in g})


def _municipalities(items: Sequence[LinkItem]) -> list[list[int]]:
    """Indices of the items of each municipality (in input order), municipalities sorted.

    Blocking keys and case numbers are per municipality, so only a reference can link two
    items of different municipalities: an item that names a meeting or carries its decision
    puts the two municipalities in one part (minutes that do not say their municipality name
    the meetings of one that does: Nordfyns' Direktionen and Strategisk Chefforum).
    """
    label = {it.meeting: it.municipality or "" for it in items}
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for it in items:
        for meeting in (*it.mentions, *(m for m, _ in it.earlier)):
            if meeting in label:
                a, b = sorted((find(it.municipality or ""), find(label[meeting])))
                if a != b:
                    parent[b] = a
    parts: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        parts[find(it.municipality or "")].append(i)
    return [parts[m] for m in sorted(parts)]


def link_items(
    items: Sequence[LinkItem],
    settings: LinkSettings | None = None,
    *,
    by_municipality: bool = True,
    cache: LinkCache | None = None,
) -> LinkResult:
    """Group agenda items into matters.

    Returns a :class:`LinkResult` whose ``matters`` are lists of indices into ``items``
    (each sorted by date, the list sorted by first index), routine items left out; every
    other item is in exactly one matter, alone if nothing links it.

    No matter crosses municipalities, so each municipality is linked on its own, its routine
    items, standing numbers and word weights learnt from its own items: memory is bounded by
    the largest municipality, and linking them one at a time (as a stream) gives the same
    matters. ``by_municipality=False`` links all items in one run (statistics shared).

    ``cache`` (:mod:`graph.link.incremental`): the scores of the last link of these items'
    partition, reused where their inputs did not change, and replaced by this link's (the
    same matters and links as without it; used when the items are one municipality).
    """
    settings = settings or LinkSettings()
    items = fill_municipalities(items)
    parts = _municipalities(items) if by_municipality else []
    if len(parts) <= 1:
        return _link_part(items, settings, cache)
    if cache is not None:
        cache.clear_counts()
        cache.forget_items()
    result = LinkResult([], {}, [], frozenset(), 0, {}, None)
    standing: set[str] = set()
    for part in parts:
        found = _link_part([items[i] for i in part], settings)
        result.matters += [[part[i] for i in m] for m in found.matters]
        result.links.update(((part[i], part[j]), link) for (i, j), link in found.links.items())
        result.routine += [part[i] for i in found.routine]
        standing |= found.standing
        result.candidates += found.candidates
        result.scored += found.scored
        for stage, seconds in found.timings.items():
            result.timings[stage] = result.timings.get(stage, 0.0) + seconds
    result.matters.sort(key=min)
    result.routine.sort()
    result.standing = frozenset(standing)
    return result


def _link_part(
    items: Sequence[LinkItem], settings: LinkSettings, cache: LinkCache | None = None
) -> LinkResult:
    """:func:`link_items` over items that all may link (one municipality); the scores of
    pairs whose inputs did not change since the link that left ``cache`` are taken from it
    (and ``cache`` then holds this link's)."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    # What depends on each item alone: from the cache for the items it knows unchanged.
    digests = None if cache is None else [item_digest(it) for it in items]
    known = None if cache is None else cache.known_facts(settings)
    facts = item_facts(items, settings, digests, known)
    topics = [f.title.topic for f in facts]
    heads = [f.title.routine_head for f in facts]
    routine = learn_routine(items, settings, topics, heads)
    routine_set = set(routine)
    # An item preparing another meeting names every topic of that meeting; it is its own matter.
    standing = find_standing_numbers(items, settings, routine, heads)
    dated = (
        None
        if cache is None or digests is None
        else functools.partial(cached_dated, cache, digests)
    )
    features = _Features(items, settings, standing, facts, dated)
    # A routine item links only through a number that is not standing, or as its forum's
    # part of next year's business (each forum's meeting calendar for next year).
    linkable = [
        i
        for i, it in enumerate(items)
        if it.prepares is None
        and (
            i not in routine_set
            or any(c not in standing for c in it.case_numbers)
            or features.next_year[i] is not None
        )
    ]
    reuse = (
        None
        if cache is None or digests is None
        else Reuse(cache, items, features, routine_set, settings, digests, facts)
    )
    timings["features"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    if reuse is None:
        pairs = _candidates(items, features, linkable, standing, settings, routine_set)
    else:  # coded by the items' ids, from the last link's blocking
        pairs = blocking.candidates(
            items, features, linkable, standing, settings, routine_set, reuse
        )
    _find_best(items, features, [i for i in linkable if i not in routine_set], settings, reuse)
    timings["blocking"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    if reuse is None:
        scored = _score(items, features, settings, pairs, routine_set)
    else:
        scored = _score_kept(items, features, settings, pairs, routine_set, reuse)
    timings["scoring"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    series = series_rounds(items, settings, routine_set, topics)
    matters, routine = _cluster(
        items, features, linkable, routine_set, scored, series, settings.parts_days
    )
    direct = {(i, j) for _, i, j, _ in scored}
    links = _step_links(items, features, settings, matters, direct, reuse)
    if reuse is not None:
        reuse.keep()
    timings["clustering"] = time.perf_counter() - t0
    return LinkResult(
        matters, links, routine, standing, len(pairs), timings, features, scored=len(scored)
    )


def _find_best(
    items: Sequence[LinkItem],
    features: _Features,
    linkable: Sequence[int],
    settings: LinkSettings,
    reuse: Reuse | None,
) -> None:
    """:func:`_best_in_named_meetings`, taken from the last link for the items whose
    inputs and named meetings did not change (``reuse``)."""
    if reuse is None:
        _best_in_named_meetings(items, features, linkable, settings)
        return
    known, todo = reuse.known_best(items, linkable)
    _best_in_named_meetings(items, features, linkable, settings, only=todo)
    features.best_in_meeting |= known
    reuse.set_best(features.best_in_meeting)


def _score(
    items: Sequence[LinkItem],
    features: _Features,
    settings: LinkSettings,
    pairs: Iterable[int],
    routine_set: set[int],
) -> list[tuple[float, int, int, bool]]:
    """``(score, i, j, override)`` of the candidate pairs (``i * len(items) + j``) that
    reach the threshold."""
    scored: list[tuple[float, int, int, bool]] = []
    threshold = settings.threshold
    n = len(items)
    for code in pairs:
        i, j = divmod(code, n)
        score, override = _score_pair(items, features, settings, i, j, routine_set)
        if score >= threshold:  # nan (skipped, or below the threshold) is not
            scored.append((score, i, j, override))
    return scored


def _score_kept(
    items: Sequence[LinkItem],
    features: _Features,
    settings: LinkSettings,
    pairs: set[int],
    routine_set: set[int],
    reuse: Reuse,
) -> list[tuple[float, int, int, bool]]:
    """:func:`_score` of the candidate pairs coded by the items' ids (``reuse.ids``): only
    the pairs that are new, or of an item that is not clean, or that are (or were) the best
    item of a meeting the other names, are scored; the others keep the last link's result
    (``reuse.old``), and ``reuse`` is told every pair's."""
    ids, clean, results = reuse.ids, reuse.clean, reuse.old
    dirty = {ids[i] for i in range(len(items)) if not clean[i]}
    mask = ID_SPAN - 1
    if results:
        todo = [c for c in pairs if c not in results or c >> 31 in dirty or c & mask in dirty]
        todo_set = set(todo)
        todo += [c for c in reuse.changed_best if c in pairs and c not in todo_set]
    else:
        todo = list(pairs)
    gone = results.keys() - pairs
    for code in gone:
        del results[code]
    overrides = reuse.cache.overrides - gone
    overrides.difference_update(todo)
    index = {x: i for i, x in enumerate(ids)}
    for code in todo:
        i, j = index[code >> 31], index[code & mask]
        score, override = _score_pair(items, features, settings, i, j, routine_set)
        results[code] = score
        if override:
            overrides.add(code)
    reuse.results, reuse.overrides = results, overrides
    reuse.cache.reused += len(pairs) - len(todo)
    reuse.cache.scored += len(todo)
    threshold = settings.threshold
    return [
        (score, index[code >> 31], index[code & mask], code in overrides)
        for code, score in results.items()
        if score >= threshold  # nan (skipped, or below the threshold) is not
    ]


def _score_pair(
    items: Sequence[LinkItem],
    features: _Features,
    settings: LinkSettings,
    i: int,
    j: int,
    routine_set: set[int],
) -> tuple[float, bool]:
    """``(score, override)`` of one candidate pair; the score nan when the pair cannot reach
    the threshold (a routine item without a number in common, or too unlike to)."""
    numbers, next_year, own_part = features.numbers, features.next_year, features.own_part
    a, b = items[i], items[j]
    one_topic = (own_part[i] is not None and own_part[i] == own_part[j]) or same_rounds(
        features.round_of[i], features.round_of[j]
    )
    if (i in routine_set or j in routine_set) and numbers[i].isdisjoint(numbers[j]):
        # A routine item links as its forum's part of next year's business, and only
        # to an item that is no routine (the council's case for the year): routine
        # items alone, next year named or not, are no case.
        anchor = j if i in routine_set else i
        if not one_topic or anchor in routine_set or next_year[i + j - anchor] is None:
            return math.nan, False
    # Most candidates share no number and name no meeting: then similarity alone decides,
    # and everything else could only lower the score (but the path's bonus).
    similarity = None
    if (
        not (numbers[i] & numbers[j])
        and not (a.mentions or b.mentions or b.earlier)
        and features.meeting[i] != features.meeting[j]  # parts of one meeting
        and not one_topic  # each forum's part of one topic
    ):
        similarity = title, text = (
            features.title_similarity(i, j),
            _sketch_similarity(features.sketch[i], features.sketch[j], settings.sketch_size),
        )
        base = settings.w_title * title + (settings.w_path if title >= settings.path_title else 0.0)
        if base + settings.w_text * text < settings.threshold:
            return math.nan, False
    link = score_pair(items, features, settings, i, j, explain=False, similarity=similarity)
    return link.score, link.override


def _cluster(
    items: Sequence[LinkItem],
    features: _Features,
    linkable: Sequence[int],
    routine_set: set[int],
    scored: Sequence[tuple[float, int, int, bool]],
    series: Sequence[frozenset[str]],
    parts_days: int = LinkSettings.parts_days,
) -> tuple[list[list[int]], list[int]]:
    """Matters (each in date order, the list by first index) and the routine items left;
    titles of different years, rounds or rounds of a ``series`` do not join (but each
    forum's part of one topic, ``parts_days`` apart at most, and the rounds of one pool or
    plan)."""
    marks = (features.years, features.rounds, series)
    uf = _UnionFind(features.meeting, features.numbers, marks)
    # Best links first; ties broken by the items' keys, so the input order does not matter.
    ranked = sorted(scored, key=lambda s: (-s[0], items[s[1]].key, items[s[2]].key))
    numbers, own = features.numbers, features.own_part
    # Each year's rounds of one pool, the status reports on one plan, and each forum's part
    # of one topic (the committees' parts of a budget follow-up months after the council's)
    # join whatever their years or rounds of a series say: those are the matter's own.
    for _, i, j, override in ranked:
        shared = not numbers[i].isdisjoint(numbers[j])
        parts = features.meeting[i] == features.meeting[j]
        rounds = same_rounds(features.round_of[i], features.round_of[j]) or (
            own[i] is not None
            and own[i] == own[j]
            and items[i].forum != items[j].forum
            and abs(features.day[i] - features.day[j]) <= parts_days
        )
        uf.union(i, j, force=shared, override=override, parts=parts, rounds=rounds)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in linkable:
        groups[uf.find(i)].append(i)
    routine = _drop_lone_routine(groups, routine_set)
    for i, it in enumerate(items):
        if it.prepares is not None and i not in routine_set:
            groups[-1 - i].append(i)
    order_key = [(features.day[i], items[i].forum, items[i].number) for i in range(len(items))]
    matters = sorted(
        (sorted(g, key=lambda i: order_key[i]) for g in groups.values()),
        key=lambda g: min(g),
    )
    return matters, routine


def _step_links(
    items: Sequence[LinkItem],
    features: _Features,
    settings: LinkSettings,
    matters: Iterable[list[int]],
    direct: set[tuple[int, int]],
    reuse: Reuse | None = None,
) -> dict[tuple[int, int], Link]:
    """The links between the steps of each matter, with their evidence: every pair of its
    items of one day or of two consecutive days (whatever the order of one day's meetings).

    A pair the linker scored keeps that orientation; any other is explained both ways for
    items of one day (the earlier meeting of the two is not known here) and ends with "same
    matter through its other steps". The links that joined no step are not kept. With
    ``reuse``, a pair of clean items keeps the last link's (as for a candidate pair's score).
    """
    links: dict[tuple[int, int], Link] = {}
    day = features.day
    steps = [
        (i, j) if (j, i) not in direct else (j, i)
        for matter in matters
        if len(matter) > 1
        for i, j in _steps(matter, day)
    ]
    scored = _scored_steps(items, features, settings, steps, reuse)
    for i, j in steps:
        if (i, j) in links:
            continue
        link = scored[(i, j)]
        if (i, j) not in direct:
            link = Link(link.score, (*link.evidence, "same matter through its other steps"))
        links[(i, j)] = link
    return links


def _steps(matter: Sequence[int], day: Sequence[int]) -> list[tuple[int, int]]:
    """The pairs of a matter's items of one day (both ways) or of consecutive days."""
    on: dict[int, list[int]] = defaultdict(list)
    for i in matter:
        on[day[i]].append(i)
    days = sorted(on)
    steps = [(a, b) for d in days for a, b in itertools.permutations(on[d], 2)]
    steps += [(a, b) for d, e in itertools.pairwise(days) for a in on[d] for b in on[e]]
    return steps


def _scored_steps(
    items: Sequence[LinkItem],
    features: _Features,
    settings: LinkSettings,
    steps: Iterable[tuple[int, int]],
    reuse: Reuse | None,
) -> dict[tuple[int, int], Link]:
    """:func:`graph.link.scoring.score_pair` of each step, with ``reuse`` the last link's for
    a pair of clean items that is not (and was not) the best item of a meeting named."""
    found: dict[tuple[int, int], Link] = {}
    if reuse is None:
        for i, j in steps:
            if (i, j) not in found:
                found[(i, j)] = score_pair(items, features, settings, i, j)
        return found
    ids, clean, changed = reuse.ids, reuse.clean, reuse.changed_best
    known = reuse.cache.step_links if reuse.cache.incremental else {}
    kept = reuse.step_links
    for i, j in steps:
        if (i, j) in found:
            continue
        code = ids[i] * ID_SPAN + ids[j]
        hit = known.get(code) if clean[i] and clean[j] and code not in changed else None
        if hit is None:
            link = score_pair(items, features, settings, i, j)
            hit = (link.score, link.evidence, link.override)
        found[(i, j)] = Link(*hit)
        kept[code] = hit
    return found


def link_items_of(
    items: Iterable[LinkItem], settings: LinkSettings | None = None
) -> list[list[str]]:
    """Matters as lists of item keys (a convenience for benchmarks and notebooks)."""
    items = list(items)
    return [[items[i].key for i in m] for m in link_items(items, settings).matters]
