"""The linker proper: candidates scored, then joined best first (union-find) into matters."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence

from graph.link.candidates import _candidates
from graph.link.features import _Features, _sketch_similarity, case_scheme
from graph.link.model import Link, LinkItem, LinkResult, LinkSettings
from graph.link.routine import find_standing_numbers, learn_routine
from graph.link.scoring import _best_in_named_meetings, score_pair


class _UnionFind:
    """Union-find whose sets remember their meetings and case numbers.

    It refuses to join two items of one meeting, and two sets whose case numbers differ
    within one numbering scheme (``numbers``, optional, gives each item's numbers): a chain
    of title links must not carry one case into another. ``force`` joins all the same (two
    items of one meeting sharing a number; a reference that names the very item).
    """

    def __init__(
        self, meetings: Sequence[int], numbers: Sequence[frozenset[str]] | None = None
    ) -> None:
        self.parent = list(range(len(meetings)))
        self.members: dict[int, set[int]] = {}
        self.meetings = meetings
        self.numbers = numbers
        self.cases: dict[int, frozenset[str]] = {}

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

    def conflict(self, a: int, b: int) -> bool:
        """True when the sets of ``a`` and ``b`` hold different numbers of one scheme and
        no number in common."""
        ca, cb = self._cases_of(self.find(a)), self._cases_of(self.find(b))
        if not ca or not cb or not ca.isdisjoint(cb):
            return False
        return not {case_scheme(n) for n in ca}.isdisjoint(map(case_scheme, cb))

    def union(self, a: int, b: int, *, force: bool = False, override: bool = False) -> bool:
        """Join the sets of ``a`` and ``b`` unless they hold items of one meeting or
        conflicting case numbers (``force`` joins them all the same, ``override`` despite
        conflicting numbers only)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ma, mb = self._meetings_of(ra), self._meetings_of(rb)
        if len(ma) < len(mb):
            ra, rb, ma, mb = rb, ra, mb, ma
        if not ma.isdisjoint(mb) and not force:
            return False
        if self.conflict(ra, rb) and not (force or override):
            return False
        cases = self._cases_of(ra) | self._cases_of(rb)
        self.parent[rb] = ra
        merged = self.members.pop(ra, None) or {self.meetings[ra]}
        merged |= mb
        self.members[ra] = merged
        self.members.pop(rb, None)
        if cases:
            self.cases[ra] = cases
        self.cases.pop(rb, None)
        return True


def _drop_lone_routine(groups: dict[int, list[int]], routine: set[int]) -> list[int]:
    """Remove routine items left alone (they are in no matter); the routine items left."""
    for root, group in list(groups.items()):
        if len(group) == 1 and group[0] in routine:
            del groups[root]
    return sorted(routine - {i for g in groups.values() for i in g})


def link_items(items: Sequence[LinkItem], settings: LinkSettings | None = None) -> LinkResult:
    """Group agenda items into matters.

    Returns a :class:`LinkResult` whose ``matters`` are lists of indices into ``items``
    (each sorted by date, the list sorted by first index), routine items left out; every
    other item is in exactly one matter, alone if nothing links it.
    """
    settings = settings or LinkSettings()
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    routine = learn_routine(items, settings)
    routine_set = set(routine)
    # An item preparing another meeting names every topic of that meeting; it is its own matter.
    standing = find_standing_numbers(items, settings, routine)
    # A routine item links only through a number that is not standing.
    linkable = [
        i
        for i, it in enumerate(items)
        if it.prepares is None
        and (i not in routine_set or any(c not in standing for c in it.case_numbers))
    ]
    features = _Features(items, settings, standing)
    timings["features"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    pairs = _candidates(items, features, linkable, standing, settings, routine_set)
    _best_in_named_meetings(
        items, features, [i for i in linkable if i not in routine_set], settings
    )
    timings["blocking"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    links: dict[tuple[int, int], Link] = {}
    threshold = settings.threshold
    n = len(items)
    numbers, sketch, k = features.numbers, features.sketch, settings.sketch_size
    title_similarity = features.title_similarity
    w_title, w_text = settings.w_title, settings.w_text
    for code in pairs:
        i, j = divmod(code, n)
        a, b = items[i], items[j]
        if (i in routine_set or j in routine_set) and numbers[i].isdisjoint(numbers[j]):
            continue
        # Most candidates share no number and name no meeting: then similarity alone decides,
        # and everything else could only lower the score.
        if not (numbers[i] & numbers[j]) and not (a.mentions or b.mentions or b.earlier):
            base = w_title * title_similarity(i, j)
            if base + w_text * _sketch_similarity(sketch[i], sketch[j], k) < threshold:
                continue
        if score_pair(items, features, settings, i, j, explain=False).score >= threshold:
            links[(i, j)] = score_pair(items, features, settings, i, j)
    timings["scoring"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    uf = _UnionFind(features.meeting, features.numbers)
    # Best links first; ties broken by the items' keys, so the input order does not matter.
    ranked = sorted(
        links.items(), key=lambda kv: (-kv[1].score, items[kv[0][0]].key, items[kv[0][1]].key)
    )
    numbers = features.numbers
    for (i, j), link in ranked:
        shared = not numbers[i].isdisjoint(numbers[j])
        uf.union(i, j, force=shared, override=link.override)
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
    timings["clustering"] = time.perf_counter() - t0
    return LinkResult(matters, links, routine, standing, len(pairs), timings, features)


def link_items_of(
    items: Iterable[LinkItem], settings: LinkSettings | None = None
) -> list[list[str]]:
    """Matters as lists of item keys (a convenience for benchmarks and notebooks)."""
    items = list(items)
    return [[items[i].key for i in m] for m in link_items(items, settings).matters]
