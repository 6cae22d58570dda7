"""Link agenda items into matters: one matter followed across forums and months.

A *matter* is one piece of business (*Centralisering af regningsbetaling*) that appears as
agenda items of several meetings, often in several forums, under case numbers that may be
missing, reused or different per forum, and under titles that drift. :func:`link_matters`
adds to the graph a ``Matter`` node per matter, ``PART_OF`` edges from its items, and
``CONTINUES`` edges from each item to the next step (with the evidence and score of that
link); it also adds ``PREPARES`` and ``REFERS_TO`` edges for meetings the items name.

How items are linked
--------------------
1. *Features* per item: character 3-grams of the title's content words, weighted by their
   rarity (Danish compounds such as *regningsbetaling* share most 3-grams with their
   inflections; *Status på* says little), a bottom-k sketch of the text's word stems (a light
   suffix stemmer; stems in more than 5 % of items ignored), the case numbers, the meetings
   its text names and the meetings of the earlier decisions it carries.
2. *Standing numbers* are found in the data: a number used by two items of one meeting, by a
   routine item (*Tidsplan*, *Orientering* ...), or in very many meetings of one forum-year.
   They never count as evidence.
3. *Blocking* (never all pairs): items sharing a case number, items of a meeting that another
   item names or carries a decision from, and, per blocking key (a rare title word's prefix
   or a compound's tail, a text-sketch value), each item with its next few successors in
   date order within the time window.
4. *Scoring* each candidate pair: weighted title and text similarity, plus a shared case
   number, an explicit reference or an earlier decision carried along (more for the item of
   the named meeting that is clearly the most similar: references are preferred); minus
   conflicting case numbers, conflicting years in the titles (*Budget 2022* vs *Budget 2024*)
   and a long gap.
5. *Clustering*: pairs at or above the threshold, best first, join their matters unless that
   would put two items of one meeting into one matter (union-find).

Routine items are never part of a matter. Everything is deterministic, and
:func:`link_matters` first removes what an earlier run added, so running it twice gives the
same graph.

>>> items = [
...     LinkItem("item:d:2021-01-07:4", "meeting:d:2021-01-07", "Direktionen", "2021-01-07", 4,
...              "Udmøntning af Budget 2021 - Centralisering af regningsbetaling",
...              mentions=("meeting:s:2021-01-13",)),
...     LinkItem("item:s:2021-01-13:5", "meeting:s:2021-01-13", "Strategisk Chefforum",
...              "2021-01-13", 5,
...              "Udmøntning af Budget 2021 - Centralisering og optimering af regningsbetaling",
...              case_numbers=("S2020-57031",)),
...     LinkItem("item:s:2021-01-13:1", "meeting:s:2021-01-13", "Strategisk Chefforum",
...              "2021-01-13", 1, "Tidsplan", case_numbers=("S2019-75",)),
... ]
>>> result = link_items(items)
>>> result.matters
[[0, 1]]
>>> result.links[(0, 1)].evidence[:2]
('title similarity 0.92', 'explicit reference to the other meeting')
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from core import schema
from core.records import Document
from core.schema import matter_key, meeting_key, normalise_case_number, scope_of_key
from core.text import FUNCTION_WORDS, WORD_RE, content_words, slug, stem, title_grams
from graph.build import add_stub_meeting
from graph.meeting_refs import ForumWords, find_meeting_mentions, prepared_meeting

# -- settings and records -----------------------------------------------------------------

ROUTINE_HEADS = (
    "tidsplan",
    "orientering",
    "orienteringspunkter",
    "orienteringssager",
    "meddelelser",
    "eventuelt",
    "evt",
    "godkendelse af dagsorden",
    "godkendelse af dagsordenen",
    "dagsorden",
    "siden sidst",
    "gensidig orientering",
)
# Words that may follow a routine head without making the item a real matter:
# "Tidsplan for direktionsmødet", "Meddelelser fra formanden", "Orientering fra direktøren".
ROUTINE_FILLER = frozenset(
    "for fra til af og om i på mødet møde dagens formanden direktøren direktionen "
    "kommunaldirektøren borgmesteren udvalget forvaltningen punkter sager diverse "
    "gensidig kort".split()
)

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class LinkSettings:
    """Settings of the matter linker.

    Parameters
    ----------
    threshold:
        A candidate pair whose score reaches this joins the two matters.
    window_days:
        Blocking looks this many days ahead for the next step of a matter (case numbers,
        explicit references and earlier decisions are followed whatever the gap).
    neighbours:
        Per blocking key, each item is paired with this many successors in date order.
    keys_per_item:
        How many of an item's title blocking keys (its rarest) are used.
    text_keys:
        How many values of the text sketch are used as blocking keys.
    sketch_size:
        Size of the bottom-k sketch of the text's word stems.
    max_text_chars:
        Only this much of an item's text is compared.
    common_stem_share:
        Word stems in more than this share of items are ignored in text similarity.
    standing_meetings:
        A case number seen in more meetings of one forum in one year than this is standing.
    w_case, p_case_conflict:
        A shared case number adds ``w_case``; two different numbers of one numbering scheme
        subtract ``p_case_conflict``, unless an explicit reference ties the two items (an
        earlier decision of that very item carried along, or the item of a named meeting
        clearly most like it, under much the same title (``override_title``) within
        ``round_days``). Both are large: a number decides unless a reference overrides.
    routine_share, routine_min_meetings:
        A title topic on more than this share of a forum's meetings (a forum of at least
        this many meetings) is routine: never part of a matter (:func:`learn_routine`).
    w_best_in_meeting, best_in_meeting_floor:
        When an item names another meeting (a reference or an earlier decision), the item of
        that meeting most similar to it (title and text at least the floor, clearly ahead of
        the runner-up) gets this bonus instead of the plain reference bonus.
    """

    threshold: float = 0.5
    window_days: int = 180
    neighbours: int = 4
    keys_per_item: int = 4
    text_keys: int = 2
    sketch_size: int = 48
    max_text_chars: int = 4000
    common_stem_share: float = 0.05
    standing_meetings: int = 12
    w_title: float = 0.5
    w_text: float = 1.0
    w_case: float = 1.0
    w_reference: float = 0.15
    w_earlier: float = 0.2
    w_earlier_item: float = 0.6
    w_best_in_meeting: float = 0.3
    best_in_meeting_floor: float = 0.2
    p_case_conflict: float = 1.0
    round_days: int = 60
    override_title: float = 0.8
    p_year_conflict: float = 0.5
    p_gap: float = 0.1
    routine_heads: tuple[str, ...] = ROUTINE_HEADS
    routine_share: float = 0.5
    routine_min_meetings: int = 4


@dataclass(frozen=True, slots=True)
class LinkItem:
    """What the linker needs of one agenda item.

    ``mentions`` are keys of meetings named in the item's text; ``earlier`` holds
    ``(meeting key, item number or None)`` of the earlier decisions the item carries;
    ``prepares`` is the key of the meeting whose agenda the item prepares, if any.
    """

    key: str
    meeting: str
    forum: str
    date: str
    number: int
    title: str
    text: str = ""
    case_numbers: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    earlier: tuple[tuple[str, int | None], ...] = ()
    prepares: str | None = None
    municipality: str | None = None


@dataclass(frozen=True)
class Link:
    """A scored link between two items (indices into the input, earlier first)."""

    score: float
    evidence: tuple[str, ...]
    #: True when an explicit reference overrides different case numbers.
    override: bool = False


@dataclass
class LinkResult:
    """What :func:`link_items` found: matters as sorted index lists, and the scored links."""

    matters: list[list[int]]
    links: dict[tuple[int, int], Link]
    routine: list[int]
    standing: frozenset[str]
    candidates: int
    timings: dict[str, float] = field(default_factory=dict)
    features: Any = None


@dataclass(frozen=True)
class LinkReport:
    """Counts of one :func:`link_matters` run."""

    items: int
    routine_items: int
    matters: int
    multi_item_matters: int
    candidates: int
    links: int
    continues: int
    prepares: int
    refers_to: int
    stub_meetings: int
    standing_numbers: tuple[str, ...]
    seconds: float


# -- text features ------------------------------------------------------------------------


def dice(a: frozenset[Any], b: frozenset[Any]) -> float:
    """Dice coefficient of two sets.

    >>> dice(title_grams("regningsbetaling"), title_grams("regningsbetalingen"))
    0.875
    """
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _stems(text: str) -> set[str]:
    return {
        stem(w)
        for w in set(WORD_RE.findall(text.lower()))
        if len(w) > 3 and w not in FUNCTION_WORDS
    }


@functools.lru_cache(maxsize=1 << 18)
def _word_hash(word: str) -> int:
    """A stable hash of a word's stem (0 for words too short or too common to count)."""
    if len(word) <= 3 or word in FUNCTION_WORDS:
        return 0
    return zlib.crc32(stem(word).encode()) or 1


def _stem_hashes(text: str) -> set[int]:
    hashes = set(map(_word_hash, set(WORD_RE.findall(text.lower()))))
    hashes.discard(0)
    return hashes


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


def learn_routine(items: Sequence[LinkItem], settings: LinkSettings) -> list[int]:
    """Indices of the routine items, learned from the data (and the word list of heads).

    A topic (:func:`routine_topic`) on more than ``settings.routine_share`` of the meetings
    of a forum with at least ``settings.routine_min_meetings`` meetings is routine in every
    forum of that municipality (*Underskriftsark*, *Huskeliste og orientering fra
    administrationen*, a committee's *mødekalender*); so is an item under a number most of
    whose items are routine (the forum's number for that item), whatever its title. A routine
    item never links on its title or text, only through a case number that is not standing
    (each committee's calendar of 2024 under the council's case for the year's calendars).

    >>> items = [LinkItem(f"i{d}", f"m{d}", "F", f"2021-01-{d:02d}", 1, "Underskriftsark")
    ...          for d in range(1, 6)]
    >>> items.append(LinkItem("j", "m1", "F", "2021-01-01", 2, "Nyt rådhus"))
    >>> learn_routine(items, LinkSettings())
    [0, 1, 2, 3, 4]
    """
    meetings: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    on_topic: dict[tuple[str | None, str, str], set[str]] = defaultdict(set)
    topics = [routine_topic(it.title, it.forum) for it in items]
    for it, topic in zip(items, topics, strict=True):
        meetings[(it.municipality, it.forum)].add(it.meeting)
        on_topic[(it.municipality, it.forum, topic)].add(it.meeting)
    learned = {
        (town, topic)
        for (town, forum, topic), found in on_topic.items()
        if topic
        and len(meetings[(town, forum)]) >= settings.routine_min_meetings
        and len(found) > settings.routine_share * len(meetings[(town, forum)])
    }
    routine = {
        i
        for i, it in enumerate(items)
        if (it.municipality, topics[i]) in learned or is_routine(it.title, settings.routine_heads)
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


def _years(title: str) -> frozenset[str]:
    return frozenset(_YEAR.findall(title))


def _day(date: str) -> int:
    return dt.date.fromisoformat(date).toordinal()


# -- the linker -----------------------------------------------------------------------------


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


def case_scheme(number: str) -> str:
    """The numbering scheme of a case number: its shape, digit runs folded, a letter suffix cut.

    >>> case_scheme("24-000963"), case_scheme("20-010677K"), case_scheme("S2020-57031")
    ('9-9', '9-9', 'S9-9')
    """
    return _DIGITS.sub("9", number.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


_DIGITS = re.compile(r"\d+")
#: Two titles of one meeting under one number this unlike make the number an umbrella.
UMBRELLA_DICE = 0.35


def find_standing_numbers(
    items: Sequence[LinkItem], settings: LinkSettings, routine: Iterable[int] | None = None
) -> frozenset[str]:
    """Case numbers that are reused for unrelated items, detected from the data.

    A number is standing when a routine item carries it, when two items of one meeting with
    unlike titles carry it (an umbrella number: their title 3-grams' Dice coefficient below
    ``UMBRELLA_DICE``), or when it appears in more than ``settings.standing_meetings``
    meetings of one forum in one year. Two items of one meeting under one number and like
    titles (*Budgetopfølgning 1 2022* and *Budgetopfølgning 1 2022, bevillingssag*) are parts
    of one matter, not a standing number.

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
    routine_set = set(
        routine
        if routine is not None
        else (i for i, it in enumerate(items) if is_routine(it.title, settings.routine_heads))
    )
    standing: set[str] = set()
    # A forum's standing number for a routine item: on that item in several of its meetings.
    routine_meetings: dict[tuple[str, str], set[str]] = defaultdict(set)
    meetings_per_forum_year: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    per_meeting: dict[tuple[str, str], list[str]] = defaultdict(list)
    for n, item in enumerate(items):
        for number in set(item.case_numbers):
            per_meeting[(item.meeting, number)].append(item.title)
            meetings_per_forum_year[(number, item.forum, item.date[:4])].add(item.meeting)
            if n in routine_set:
                if is_routine(item.title, settings.routine_heads):
                    standing.add(number)
                routine_meetings[(number, item.forum)].add(item.meeting)
    standing.update(number for (number, _), found in routine_meetings.items() if len(found) > 1)
    for (_, number), titles in per_meeting.items():
        grams = [title_grams(t) for t in titles]
        if any(dice(a, b) < UMBRELLA_DICE for a, b in itertools.combinations(grams, 2)):
            standing.add(number)
    standing.update(
        number
        for (number, _, _), meetings in meetings_per_forum_year.items()
        if len(meetings) > settings.standing_meetings
    )
    return frozenset(standing)


class _Features:
    """Per-item features in parallel lists (indexed like the input)."""

    def __init__(
        self, items: Sequence[LinkItem], settings: LinkSettings, standing: frozenset[str]
    ) -> None:
        n = len(items)
        self.day = [_day(it.date) for it in items]
        self.grams = [title_grams(it.title) for it in items]
        # Rare 3-grams weigh more: "regningsbetaling" says more than "Status på".
        step = 1 if n <= 50000 else n // 50000
        gram_df: Counter[str] = Counter()
        for grams in self.grams[::step]:
            gram_df.update(grams)
        sampled = len(self.grams[::step])
        unseen = 1.0 + math.log(sampled + 1)
        self.gram_weight: defaultdict[str, float] = defaultdict(lambda: unseen)
        self.gram_weight.update(
            (g, 1.0 + math.log((sampled + 1) / (c + 1))) for g, c in gram_df.items()
        )
        weight = self.gram_weight.__getitem__
        self.title_weight = [sum(map(weight, grams)) for grams in self.grams]
        self.best_in_meeting: set[tuple[int, int]] = set()
        self.years = [_years(it.title) for it in items]
        self.numbers = [frozenset(it.case_numbers) - standing for it in items]
        self.schemes = [frozenset(map(case_scheme, numbers)) for numbers in self.numbers]
        meeting_ids: dict[str, int] = {}
        self.meeting = [meeting_ids.setdefault(it.meeting, len(meeting_ids)) for it in items]
        # Word stems in a large share of items ("indstilles", "kommune") say nothing.
        chars = settings.max_text_chars
        step = 1 if n <= 20000 else n // 20000
        df: Counter[int] = Counter()
        for it in items[::step]:
            df.update(_stem_hashes(it.text[:chars]))
        limit = max(settings.common_stem_share * len(items[::step]), 5.0)
        common = {h for h, c in df.items() if c > limit}
        k = settings.sketch_size
        self.sketch: list[frozenset[int]] = []
        for it in items:
            hashes = _stem_hashes(it.text[:chars]) - common
            self.sketch.append(frozenset(hashes if len(hashes) <= k else sorted(hashes)[:k]))

    def title_similarity(self, i: int, j: int) -> float:
        """Dice coefficient of two titles' 3-grams, each gram weighted by its rarity."""
        both = self.grams[i] & self.grams[j]
        if not both:
            return 0.0
        shared = sum(map(self.gram_weight.__getitem__, both))
        return round(2 * shared / (self.title_weight[i] + self.title_weight[j]), 4)


def _sketch_similarity(a: frozenset[int], b: frozenset[int], k: int) -> float:
    """Jaccard estimate from two bottom-k sketches, shrunk for very short texts.

    >>> _sketch_similarity(frozenset(range(20)), frozenset(range(10, 30)), 48)
    0.3333
    """
    if not a or not b:
        return 0.0
    both = a & b
    if not both:
        return 0.0
    if len(a) < k and len(b) < k:
        # Neither sketch is full: they are the whole stem sets, and Jaccard is exact.
        union = len(a) + len(b) - len(both)
        shared = len(both)
    else:
        kth = sorted(a | b)[k - 1] if len(a | b) >= k else max(a | b)
        union = min(k, len(a | b))
        shared = sum(1 for h in both if h <= kth)
    # Two texts that share their only two distinctive words are not thereby the same matter.
    return round(shared / max(union, _MIN_UNION), 4)


_MIN_UNION = 10


def _title_keys(title: str) -> list[str]:
    keys = []
    for word in content_words(title):
        if word.isdigit() or len(word) < 3:
            continue
        keys.append("p:" + word[:5])
        if len(word) >= 10:
            keys.append("s:" + word[-7:])
    return keys


def score_pair(
    items: Sequence[LinkItem],
    features: _Features,
    settings: LinkSettings,
    i: int,
    j: int,
    *,
    explain: bool = True,
) -> Link:
    """Score the link between items ``i`` and ``j`` (``i`` the earlier) with its evidence.

    With ``explain=False`` the evidence is left empty (the linker's fast path).
    """
    a, b = items[i], items[j]
    evidence: list[str] = []
    title = features.title_similarity(i, j)
    text = _sketch_similarity(features.sketch[i], features.sketch[j], settings.sketch_size)
    score = settings.w_title * title + settings.w_text * text
    numbers_a, numbers_b = features.numbers[i], features.numbers[j]
    shared = numbers_a & numbers_b
    if shared:
        score += settings.w_case
    # Evidence that names only the other *meeting* is counted once: it says the matter was
    # there, not which of that meeting's items it was.
    referred = b.meeting in a.mentions or a.meeting in b.mentions
    meeting_bonus = settings.w_reference if referred else 0.0
    best = (i, j) in features.best_in_meeting or (j, i) in features.best_in_meeting
    carried: int | bool | None = False
    for meeting, number in b.earlier:
        if meeting == a.meeting:
            carried = number
            if number is not None and number == a.number:
                score += settings.w_earlier_item
            else:
                meeting_bonus = max(meeting_bonus, settings.w_earlier)
            break
    if best:
        meeting_bonus = settings.w_best_in_meeting
    score += meeting_bonus
    # Two numbers of one scheme: two cases, unless a reference names this very item.
    conflict = not shared and not features.schemes[i].isdisjoint(features.schemes[j])
    # The override: the earlier decision of this very item carried along, or, in the same
    # round (a short gap), the item of the named meeting closest to it under the same title.
    same_round = abs(features.day[j] - features.day[i]) <= settings.round_days
    overridden = (carried is not None and carried is not False and carried == a.number) or (
        best and same_round and title >= settings.override_title
    )
    if conflict and not overridden:
        score -= settings.p_case_conflict
    ya, yb = features.years[i], features.years[j]
    years_differ = bool(ya and yb and ya.isdisjoint(yb))
    if years_differ:
        score -= settings.p_year_conflict
    gap = abs(features.day[j] - features.day[i])
    score -= settings.p_gap * min(1.0, gap / max(1, settings.window_days))
    override = conflict and overridden
    if not explain:
        return Link(round(score, 4), (), override)
    if shared:
        evidence.append("case number " + ", ".join(sorted(shared)))
    if title >= 0.3:
        evidence.append(f"title similarity {title:.2f}")
    if text >= 0.1:
        evidence.append(f"text similarity {text:.2f}")
    if referred:
        evidence.append("explicit reference to the other meeting")
    if carried is not False:
        if carried is not None and carried == a.number:
            evidence.append(f"earlier decision of item {carried} carried along")
        else:
            evidence.append("earlier decision of that meeting carried along")
    if best:
        evidence.append("the closest item of the meeting named")
    if conflict:
        why = ", overridden by the reference" if overridden else ""
        evidence.append(f"different case numbers ({', '.join(sorted(numbers_a | numbers_b))}){why}")
    if years_differ:
        evidence.append("different years in the titles")
    return Link(round(score, 4), tuple(evidence), override)


def _candidates(
    items: Sequence[LinkItem],
    features: _Features,
    linkable: Sequence[int],
    standing: frozenset[str],
    settings: LinkSettings,
    routine: frozenset[int] | set[int] = frozenset(),
) -> set[int]:
    """Candidate pairs from the blocking indexes, each as ``i * len(items) + j`` (``i`` the
    earlier item). ``routine`` items are paired only through their case numbers."""
    order = sorted(linkable, key=lambda i: (features.day[i], items[i].key))
    rank = [0] * len(items)
    for r, i in enumerate(order):
        rank[i] = r
    n = len(items)
    # A pair is one int, i * n + j (earlier item first): a set of ints is far smaller than a
    # set of tuples at a million items.
    pairs: set[int] = set()
    meeting_of = features.meeting

    def add(i: int, j: int, same_meeting: bool = False) -> None:
        if meeting_of[i] == meeting_of[j] and not same_meeting:
            return
        if rank[i] > rank[j]:
            i, j = j, i
        pairs.add(i * n + j)

    # Case numbers: every pair of items sharing a number (standing numbers excluded).
    by_number: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    by_meeting: dict[str, list[int]] = defaultdict(list)
    for i in order:
        item = items[i]
        by_meeting[item.meeting].append(i)
        for number in set(item.case_numbers) - standing:
            by_number[(item.municipality, number)].append(i)
    for group in by_number.values():
        if len(group) > 200:  # a number this common is standing in all but name
            continue
        for x, i in enumerate(group):
            for j in group[x + 1 :]:
                add(i, j, same_meeting=True)  # one matter split into parts of one meeting
    order = [i for i in order if i not in routine]
    # Explicit references and earlier decisions: the items of the named meeting.
    for i in order:
        item = items[i]
        for meeting in (*item.mentions, *(m for m, _ in item.earlier)):
            for j in by_meeting.get(meeting, ()):
                add(i, j)
    # Title words and text sketch values: sorted neighbourhood within the time window.
    key_ids: dict[tuple[str | None, str], int] = {}
    item_keys: list[list[int]] = [[] for _ in items]
    df: Counter[int] = Counter()
    for i in order:
        item = items[i]
        ids = {
            key_ids.setdefault((item.municipality, k), len(key_ids))
            for k in _title_keys(item.title)
        }
        item_keys[i] = sorted(ids)
        df.update(ids)
    postings: dict[int, list[int]] = defaultdict(list)
    for i in order:
        keys = sorted(item_keys[i], key=lambda k: (df[k], k))[: settings.keys_per_item]
        for k in keys:
            postings[k].append(i)
        for h in sorted(features.sketch[i])[: settings.text_keys]:
            postings[key_ids.setdefault((items[i].municipality, f"t:{h}"), len(key_ids))].append(i)
    window = settings.window_days
    reach = settings.neighbours
    day = features.day
    for group in postings.values():
        for x, i in enumerate(group):
            for j in group[x + 1 : x + 1 + reach]:
                if day[j] - day[i] > window:
                    break
                if meeting_of[i] != meeting_of[j]:
                    pairs.add(i * n + j)  # postings are in date order: i is the earlier
    return pairs


def _best_in_named_meetings(
    items: Sequence[LinkItem],
    features: _Features,
    linkable: Sequence[int],
    settings: LinkSettings,
) -> None:
    """For each meeting an item names, remember that meeting's item most like it.

    A reference says the matter was in that meeting, so exactly one of its items is the
    other step: prefer the clearly most similar one (explicit references are preferred).
    """
    by_meeting: dict[str, list[int]] = defaultdict(list)
    for i in linkable:
        by_meeting[items[i].meeting].append(i)
    k = settings.sketch_size
    best_pairs = features.best_in_meeting
    for i in linkable:
        item = items[i]
        named = set(item.mentions) | {m for m, number in item.earlier if number is None}
        for meeting in named:
            scored = []
            for j in by_meeting.get(meeting, ()):
                title = features.title_similarity(i, j)
                text = _sketch_similarity(features.sketch[i], features.sketch[j], k)
                scored.append((settings.w_title * title + settings.w_text * text, j))
            if not scored:
                continue
            scored.sort(reverse=True)
            top, j = scored[0]
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
            if top >= settings.best_in_meeting_floor and top - runner_up >= 0.05:
                best_pairs.add((i, j))


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


# -- the graph --------------------------------------------------------------------------------

_OWN_EDGES = (schema.CONTINUES, schema.PART_OF, schema.PREPARES, schema.REFERS_TO)


def _clear(G: nx.MultiDiGraph) -> None:
    """Remove what an earlier run added: matters, own edges, and stubs left unused."""
    G.remove_nodes_from([n for n, d in G.nodes(data=True) if d.get("type") == schema.MATTER])
    own = [(u, v, k) for u, v, k in G.edges(keys=True) if k in _OWN_EDGES]
    G.remove_edges_from(own)
    stubs = [
        n
        for n, d in G.nodes(data=True)
        if d.get("type") == schema.MEETING and d.get("stub_by") == "link" and G.in_degree(n) == 0
    ]
    forums = {v for n in stubs for v in G.successors(n)}
    G.remove_nodes_from(stubs)
    G.remove_nodes_from([f for f in forums if G.degree(f) == 0])


def _provenance(d: dict[str, Any]) -> dict[str, Any]:
    return {k: d[k] for k in ("source_path", "sha256", "first_line", "last_line") if k in d}


class _Mentions:
    """Finds the meetings an item names, resolving forum names against the known forums."""

    def __init__(self, forums: Iterable[str], documented: Iterable[str]) -> None:
        self.words = ForumWords.of(forums)
        self.forums = list(self.words.names)
        self.documented = set(documented)
        self.by_slug: dict[str, str] = {}
        for name in self.forums:
            s = slug(name)
            self.by_slug.setdefault(s, name)
            # "Byrådet" names "Aarhus Byråd"; "Økonomiudvalget" names "Økonomiudvalg".
            for suffix in ("et", "en"):
                self.by_slug.setdefault(s + suffix, name)
            last = s.rsplit("-", 1)[-1]
            for variant in (last, last + "et", last + "en"):
                self.by_slug.setdefault(variant, name)

    def forum(self, name: str) -> str:
        return self.by_slug.get(slug(name), name)

    def item(
        self,
        key: str,
        meeting: str,
        date: str,
        title: str,
        text: str,
        decision: str | None,
    ) -> tuple[str | None, tuple[str, ...], list[tuple[str, str, str, str]]]:
        """``(prepared meeting key, mentioned meeting keys, edges to add)`` of one item."""
        found: list[tuple[str, str, str, str]] = []
        prepares = None
        # Only a title with a number can name a meeting ("Strategisk Chefforum 13. jan. 2021").
        prepared = (
            prepared_meeting(title, date, self.words) if any(c.isdigit() for c in title) else None
        )
        if prepared is not None:
            forum = self.forum(prepared[0])
            target = meeting_key(forum, prepared[1], scope_of_key(meeting))
            if target != meeting:
                prepares = target
                found.append((schema.PREPARES, forum, prepared[1], title))
        mentioned: list[str] = []
        body = f"{text}\n{decision}" if decision else text
        for m in find_meeting_mentions(body, date, self.words):
            forum = self.forum(m.forum)
            target = meeting_key(forum, m.date, scope_of_key(meeting))
            if target in (meeting, prepares) or target in mentioned:
                continue
            if not m.formal and target not in self.documented:
                continue  # "sendes til direktionen d. 8. juni" is a deadline, not a meeting
            mentioned.append(target)
            found.append((schema.REFERS_TO, forum, m.date, " ".join(m.text.split())))
        return prepares, tuple(mentioned), found


def items_from_graph(
    G: nx.MultiDiGraph,
) -> tuple[list[LinkItem], dict[str, list[tuple[str, str, str, str]]]]:
    """:class:`LinkItem` of every agenda item in ``G``, and the meeting edges to add.

    The second value maps an item key to ``(edge type, forum, date, text)`` for the
    ``PREPARES`` and ``REFERS_TO`` edges of the meetings it names.
    """
    meetings = {n: d for n, d in G.nodes(data=True) if d.get("type") == schema.MEETING}
    finder = _Mentions(
        (d["forum"] for d in meetings.values() if d.get("forum")),
        (n for n, d in meetings.items() if d.get("documented")),
    )
    items: list[LinkItem] = []
    edges: dict[str, list[tuple[str, str, str, str]]] = {}
    for key, d in G.nodes(data=True):
        if d.get("type") != schema.AGENDA_ITEM:
            continue
        own, date, title, text = d["meeting"], d["date"], d.get("title") or "", d.get("text") or ""
        prepares, mentioned, found = finder.item(key, own, date, title, text, d.get("decision"))
        earlier: list[tuple[str, int | None]] = []
        for _, dkey, k in G.out_edges(key, keys=True):
            if k != schema.HAS_DECISION or not G.nodes[dkey].get("earlier"):
                continue
            for _, mkey, k2 in G.out_edges(dkey, keys=True):
                if k2 == schema.DECIDED_AT:
                    earlier.append((mkey, G.nodes[dkey].get("item_number")))
        items.append(
            LinkItem(
                key=key,
                meeting=own,
                forum=d.get("forum") or "",
                date=date,
                number=int(d.get("number") or 0),
                title=title,
                text=text,
                case_numbers=tuple(d.get("case_numbers") or ()),
                mentions=mentioned,
                earlier=tuple(sorted(earlier, key=lambda e: (e[0], e[1] or 0))),
                prepares=prepares,
                municipality=(meetings.get(own) or {}).get("municipality"),
            )
        )
        if found:
            edges[key] = found
    items.sort(key=lambda it: it.key)
    return items, edges


def items_from_documents(documents: Iterable[Document]) -> list[LinkItem]:
    """:class:`LinkItem` of every agenda item of ``documents``, without building a graph.

    The same items as :func:`items_from_graph` gives for the graph of these documents; the
    benchmark uses it to link a million items without holding a million-node graph.
    """
    docs = list(documents)
    finder = _Mentions((d.meeting.forum for d in docs), (d.meeting.key for d in docs))
    items: dict[str, LinkItem] = {}
    for doc in docs:
        meeting = doc.meeting
        for item in meeting.items:
            key = item.key(meeting.key)
            text = item.text
            prepares, mentioned, _ = finder.item(
                key, meeting.key, meeting.date, item.title, text, item.decision
            )
            earlier = sorted(
                {
                    (meeting_key(e.forum, e.date, meeting.scope), e.item_number)
                    for e in item.earlier_decisions
                },
                key=lambda e: (e[0], e[1] or 0),
            )
            items[key] = LinkItem(
                key=key,
                meeting=meeting.key,
                forum=meeting.forum,
                date=meeting.date,
                number=item.number,
                title=item.title,
                text=text,
                case_numbers=tuple(normalise_case_number(c) for c in item.case_numbers),
                mentions=mentioned,
                earlier=tuple(earlier),
                prepares=prepares,
                municipality=meeting.municipality,
            )
    return [items[k] for k in sorted(items)]


def link_matters(G: nx.MultiDiGraph, settings: LinkSettings | None = None) -> LinkReport:
    """Add matters, ``CONTINUES``, ``PREPARES`` and ``REFERS_TO`` to ``G`` (in place).

    Anything an earlier run added is removed first, so running twice gives the same graph.
    A meeting that an item names but that no document records becomes a stub meeting
    (``documented: False``).

    >>> from core.records import AgendaItem, Document, Meeting, Source
    >>> from graph.build import build_graph
    >>> src = Source("a.txt", "a" * 64, 1, 9)
    >>> prep = AgendaItem(number=3, title="Strategisk Chefforum 13. jan. 2021", source=src)
    >>> doc = Document("a.txt", "a" * 64, Meeting("Direktionen", "2021-01-07", src, items=(prep,)))
    >>> G = build_graph([doc])
    >>> report = link_matters(G)
    >>> [v for _, v, k in G.out_edges("item:direktionen:2021-01-07:3", keys=True)
    ...  if k == "PREPARES"]
    ['meeting:strategisk-chefforum:2021-01-13']
    >>> G.nodes["meeting:strategisk-chefforum:2021-01-13"]["documented"]
    False
    """
    settings = settings or LinkSettings()
    started = time.perf_counter()
    _clear(G)
    items, meeting_edges = items_from_graph(G)
    result = link_items(items, settings)

    stubs = prepares = refers = 0
    for key, found in sorted(meeting_edges.items()):
        for edge, forum, date, text in found:
            scope = scope_of_key(G.nodes[key]["meeting"])
            target, created = add_stub_meeting(G, forum, date, scope=scope, stub_by="link")
            stubs += created
            G.add_edge(key, target, key=edge, type=edge, text=text, **_provenance(G.nodes[key]))
            prepares += edge == schema.PREPARES
            refers += edge == schema.REFERS_TO

    continues = multi = 0
    for matter in result.matters:
        keys = [items[i].key for i in matter]
        mkey = matter_key(keys[0])
        G.add_node(mkey, type=schema.MATTER, label=items[matter[-1]].title, items=keys)
        for k in keys:
            G.add_edge(k, mkey, key=schema.PART_OF, type=schema.PART_OF)
        if len(matter) > 1:
            multi += 1
        for i, j in itertools.pairwise(matter):
            link = result.links.get((i, j)) or result.links.get((j, i))
            if link is None:
                link = score_pair(items, result.features, settings, i, j)
                link = Link(link.score, (*link.evidence, "same matter through its other steps"))
            G.add_edge(
                items[i].key,
                items[j].key,
                key=schema.CONTINUES,
                type=schema.CONTINUES,
                evidence=list(link.evidence),
                score=link.score,
            )
            continues += 1
    return LinkReport(
        items=len(items),
        routine_items=len(result.routine),
        matters=len(result.matters),
        multi_item_matters=multi,
        candidates=result.candidates,
        links=len(result.links),
        continues=continues,
        prepares=prepares,
        refers_to=refers,
        stub_meetings=stubs,
        standing_numbers=tuple(sorted(result.standing)),
        seconds=round(time.perf_counter() - started, 4),
    )


def link_items_of(
    items: Iterable[LinkItem], settings: LinkSettings | None = None
) -> list[list[str]]:
    """Matters as lists of item keys (a convenience for benchmarks and notebooks)."""
    items = list(items)
    return [[items[i].key for i in m] for m in link_items(items, settings).matters]


__all__ = [
    "Link",
    "LinkItem",
    "LinkReport",
    "LinkResult",
    "LinkSettings",
    "dice",
    "find_standing_numbers",
    "is_routine",
    "items_from_documents",
    "items_from_graph",
    "link_items",
    "link_items_of",
    "link_matters",
    "score_pair",
]
