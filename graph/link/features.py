"""Text and number features of agenda items: title 3-grams, text sketches, years, schemes."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

from core.text import FUNCTION_WORDS, WORD_RE, content_words, stem
from graph.link.evidence import (
    ForumPath,
    dated_forums,
    named_meetings,
    own_part,
)
from graph.link.model import LinkItem, LinkSettings

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NONE: frozenset[tuple[str, str]] = frozenset()


def fill_municipalities(items: Sequence[LinkItem]) -> list[LinkItem]:
    """The items, those of no known municipality given that of their forum when it is clear.

    The municipality is guessed from a document's text, and a short agenda may not name it
    (40 of Greve's 368 meetings): an item of no municipality takes the one municipality whose
    meetings of that forum do name it, or, when the forum is named nowhere, the one
    municipality of all the items. Otherwise it stays unknown (the forum is in several).

    >>> items = [LinkItem("a", "m1", "Byråd", "2023-01-01", 1, "x", municipality="Greve"),
    ...          LinkItem("b", "m2", "Byråd", "2023-02-01", 1, "x"),
    ...          LinkItem("c", "m3", "Spørgsmål", "2023-02-01", 1, "x")]
    >>> [it.municipality for it in fill_municipalities(items)]
    ['Greve', 'Greve', 'Greve']
    """
    if all(it.municipality is not None for it in items):
        return list(items)
    towns: dict[str, set[str]] = defaultdict(set)
    for it in items:
        if it.municipality is not None:
            towns[it.forum].add(it.municipality)
    every = set().union(*towns.values()) if towns else set()

    def town(it: LinkItem) -> str | None:
        known = towns.get(it.forum) or every
        return next(iter(known)) if len(known) == 1 else None

    return [
        it if it.municipality is not None else replace(it, municipality=town(it)) for it in items
    ]


def dice(a: frozenset[Any], b: frozenset[Any]) -> float:
    """Dice coefficient of two sets.

    >>> from core.text import title_grams
    >>> dice(title_grams("regningsbetaling"), title_grams("regningsbetalingen"))
    0.875
    """
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


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


def _years(title: str) -> frozenset[str]:
    return frozenset(_YEAR.findall(title))


#: A small number in a title that is not a year, a date or an ordinal before a word ("1.
#: behandling" is a step of the same budget): the round of a recurring item.
_ROUND = re.compile(r"(?<![\d.,/-])\b\d{1,2}\b(?![,/-])(?!\.\s*[a-zæøå\d])")


def title_rounds(title: str) -> frozenset[str]:
    """The round numbers a title names: *Budgetopfølgning 2 2022* is round 2 (of 2022).

    >>> sorted(title_rounds("Budgetopfølgning 2 2022, Social- og Handicapudvalget"))
    ['2']
    >>> sorted(title_rounds("Kommuneplantillæg nr. 3 - forslag"))
    ['3']
    >>> title_rounds("Budget 2024, 1. behandling"), title_rounds("Budgetopfølgning 3. Udvalg")
    (frozenset(), frozenset({'3'}))
    >>> title_rounds("Lokalplan 12.50 og 13/2"), title_rounds("72-timers behandlingsansvar")
    (frozenset(), frozenset())
    """
    return frozenset(_ROUND.findall(title))


def _day(date: str) -> int:
    return dt.date.fromisoformat(date).toordinal()


def case_scheme(number: str) -> str:
    """The numbering scheme of a case number: its shape, digit runs folded, a letter suffix cut.

    >>> case_scheme("24-000963"), case_scheme("20-010677K"), case_scheme("S2020-57031")
    ('9-9', '9-9', 'S9-9')
    """
    return _DIGITS.sub("9", number.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def two_cases(a: Iterable[str], b: Iterable[str]) -> bool:
    """True when two items' case numbers say two cases: none in common, one numbering scheme.

    >>> two_cases(["22-005816"], ["24-011101"]), two_cases(["22-005816"], ["S2020-57031"])
    (True, False)
    >>> two_cases(["22-005816", "24-011101"], ["24-011101"]), two_cases([], ["24-011101"])
    (False, False)
    """
    a, b = set(a), set(b)
    if not a or not b or not a.isdisjoint(b):
        return False
    return not {case_scheme(n) for n in a}.isdisjoint(map(case_scheme, b))


_DIGITS = re.compile(r"\d+")


def _next_year_parts(
    items: Sequence[LinkItem], found: Sequence[tuple[str, ...] | None]
) -> list[tuple[str, ...] | None]:
    """Each item's part of next year's business (``found``: :func:`next_year_part` of each),
    kept only where its forum takes that part at one meeting: a forum's standing item that
    names next year at each meeting of the autumn (*... - mødekalender 2025*, October to
    December 2024) is its routine, not its part of one case."""
    meetings: defaultdict[tuple[str | None, str, tuple[str, ...]], set[str]] = defaultdict(set)
    for it, part in zip(items, found, strict=True):
        if part is not None:
            meetings[(it.municipality, it.forum, part)].add(it.meeting)
    return [
        part if part is not None and len(meetings[(it.municipality, it.forum, part)]) == 1 else None
        for it, part in zip(items, found, strict=True)
    ]


@functools.lru_cache(maxsize=1 << 16)
def _own_part(title: str, forum: str) -> tuple[str, ...] | None:
    return own_part(title, forum)


#: Buckets per unit of log: a count is taken as the lower end of its bucket, each bucket
#: e^(1/GRAM_BUCKETS) times as wide as the one before.
GRAM_BUCKETS = 8


#: Grams in more than 1/50 of the titles (*nde*, *end*, *den*) say little, and all weigh as
#: one in that share: their weights do not move as items are added (the count of a common
#: gram crosses a bucket at nearly every added meeting, and every title holding it would
#: change its similarities).
COMMON_GRAM_LOG = math.log(50)


@functools.lru_cache(maxsize=4096)
def _log_bucket(count: int) -> float:
    """``log(count + 1)`` rounded down to a bucket: a gram's weight, 1 + the bucket of the
    items counted less that of the items holding it, moves only when one of the two crosses
    into another bucket, not with every item added (an added meeting leaves the weights of
    the grams its titles do not hold as they were, so the pairs of other items keep their
    scores, :mod:`graph.link.incremental`).

    >>> [_log_bucket(c) for c in (0, 1, 2, 3, 10, 11)]
    [0.0, 0.625, 1.0, 1.375, 2.375, 2.375]
    """
    return math.floor(math.log(count + 1) * GRAM_BUCKETS) / GRAM_BUCKETS


#: Each item's :func:`dated_forums`, given the items and the partition's forums.
DatedFinder = Callable[[Sequence[LinkItem], Sequence[str]], list[frozenset[tuple[str, str]]]]


class _Features:
    """Per-item features in parallel lists (indexed like the input). A feature that depends
    on other items than its own belongs in :func:`graph.link.incremental._state`
    (or the partition's digest there): a cached pair score is reused only while they hold."""

    def __init__(
        self,
        items: Sequence[LinkItem],
        settings: LinkSettings,
        standing: frozenset[str],
        facts: Sequence[Any],
        dated: DatedFinder | None = None,
    ) -> None:
        """``facts``: each item's :class:`graph.link.facts.ItemFacts` (what depends on the
        item alone); ``dated``: finds the meetings the texts name by a date
        (:func:`dated_forums` of each item, or taken from the last link's,
        :func:`graph.link.incremental.cached_dated`)."""
        n = len(items)
        self.day = [_day(it.date) for it in items]
        # One set per distinct title (a routine title or a step that keeps its title shares
        # it): less memory, and two items of one title are alike at once.
        self.grams = [f.title.grams for f in facts]
        # Rare 3-grams weigh more: "regningsbetaling" says more than "Status på".
        step = 1 if n <= 50000 else n // 50000
        # One count over every title's grams (no call per item).
        gram_df = Counter(itertools.chain.from_iterable(self.grams[::step]))
        rank = _log_bucket(len(self.grams[::step]))
        self.unseen = unseen = 1.0 + rank  # the weight of a gram no title holds
        self.gram_weight: defaultdict[str, float] = defaultdict(lambda: unseen)
        floor = 1.0 + COMMON_GRAM_LOG
        self.gram_weight.update(
            (g, max(1.0 + rank - _log_bucket(c), floor)) for g, c in gram_df.items()
        )
        weight = self.gram_weight.__getitem__
        self.title_weight = [sum(map(weight, grams)) for grams in self.grams]
        self.best_in_meeting: set[tuple[int, int]] = set()
        self.years = [f.title.years for f in facts]
        self.rounds = [f.title.rounds for f in facts]
        self.slots = [f.title.slots for f in facts]
        # A forum's own part of a topic (*Budgetopfølgning 1 (2025) - ...udvalget*), and of
        # next year's business (*Mødekalender 2024 for ...udvalget*, in 2023).
        self.own_part = [f.title.own_part for f in facts]
        self.next_year = _next_year_parts(items, [f.next_year for f in facts])
        # The pool or plan whose round an item is (*... frigivelse af LED-pulje, 2024*,
        # *Handleplan ..., status 2/2023*).
        self.round_of = [f.round_of for f in facts]
        # The meetings of the partition's forums that each text names by a date.
        forums = sorted({it.forum for it in items})
        self.dated = (
            [dated_forums(it.text, it.date, forums) or _NONE for it in items]
            if dated is None
            else [d or _NONE for d in dated(items, forums)]
        )
        # The meetings each item names (by a reference, a carried decision or a date).
        self.named = named_meetings(items, self.dated)
        self.path = ForumPath(items)
        self.numbers = [frozenset(it.case_numbers) - standing for it in items]
        self.schemes = [frozenset(map(case_scheme, numbers)) for numbers in self.numbers]
        meeting_ids: dict[str, int] = {}
        self.meeting = [meeting_ids.setdefault(it.meeting, len(meeting_ids)) for it in items]
        # Word stems in a large share of items ("indstilles", "kommune") say nothing.
        step = 1 if n <= 20000 else n // 20000
        df = Counter(itertools.chain.from_iterable(f.stems for f in facts[::step]))
        # The item count at the lower end of its bucket: an added meeting leaves the
        # common stems as they were unless a stem's own count crosses the line.
        counted = math.exp(_log_bucket(len(items[::step]))) - 1
        limit = max(settings.common_stem_share * counted, 5.0)
        self.common = common = frozenset(h for h, c in df.items() if c > limit)
        k = settings.sketch_size
        self.sketch: list[frozenset[int]] = []
        # A text sent on unchanged (most steps) shares its sketch.
        sketch_of: dict[int, frozenset[int]] = {}
        for f in facts:
            found = sketch_of.get(id(f.stems))
            if found is None:
                hashes = f.stems - common
                found = hashes if len(hashes) <= k else frozenset(sorted(hashes)[:k])
                sketch_of[id(f.stems)] = found
            self.sketch.append(found)

    def title_similarity(self, i: int, j: int) -> float:
        """Dice coefficient of two titles' 3-grams, each gram weighted by its rarity."""
        if self.grams[i] is self.grams[j]:
            return 1.0 if self.grams[i] else 0.0
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
    if a is b:  # one text's sketch: every stem shared
        return round(len(a) / max(len(a), _MIN_UNION), 4)
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
