"""Linking a partition again after an add, from what the last link of it left.

A partition's link is a pure function of its items, but most of its cost is reading every
item's title and text and scoring the candidate pairs, and an added meeting changes the
inputs of few of them. :class:`LinkCache` keeps, per item (by key, with an id that stays
the item's from link to link), a digest of all its fields, its facts (what the linker reads
of it alone: :class:`graph.link.facts.ItemFacts`, taken as they are while the digest holds)
and what its pairs' scores read of the other items (whether it is routine, its case numbers
less the standing ones, its part of next year's business, the meetings its text names);
beside them the weight of every title 3-gram, the common stems the text sketches leave out,
the result of every candidate pair scored, and a digest of what every pair's score reads of
the whole partition (the settings, the forums' path, the item count's bucket of the 3-gram
weights). The next link scores a candidate pair again only when it is new, when an item's
digest, state, common stems or gram weights changed, or when it is (or was) the best item of
a meeting the other names; when the partition's digest changed, it scores every pair (the
full link). Blocking and clustering are done in full from the scores: the result is the same
graph as a link without the cache.

The mentions of meetings in each item's text are kept too (keyed by a digest of the text,
the date and the forum names searched for): finding them is a regular-expression pass over
every text.
"""

from __future__ import annotations

import hashlib
import itertools
import marshal
import math
import zlib
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.link.evidence import dated_forums
from graph.link.facts import ItemFacts, Packed, pack, unpack_kept
from graph.link.features import _Features
from graph.link.model import LinkItem, LinkSettings

#: Bump when the layout of the cache file changes.
LINK_CACHE_VERSION = 5

_MAGIC = b"casegraph-link\n"

#: A pair's result when it did not reach the threshold (or was skipped before scoring).
_BELOW = math.nan

#: One mention: (forum, date, text, start, end, formal).
Mention = tuple[str, str, str, int, int, bool]

#: What the links with a cache in this process did: ``links``, of which ``read`` found the
#: cache of an earlier link and ``incremental`` reused it (the partition's digest unchanged);
#: ``reused`` and ``scored`` pairs (for tests and benchmarks).
STATS: Counter[str] = Counter()


#: A pair of items is coded ``id_i * ID_SPAN + id_j`` by the items' ids in the cache (an
#: item keeps its id from link to link, so a pair's code does too).
ID_SPAN = 1 << 31


@dataclass
class LinkCache:
    """What one link of a partition leaves for the next (see the module's docstring).

    ``context`` names the code and settings the cache is valid for (the caller's digest of
    the deriving code); a cache of another context is not used. The counts say what the last
    link did with it: ``incremental`` is True when it reused the cache (the partition's
    digest unchanged), ``reused`` and ``scored`` count the pairs taken from the cache and
    scored anew.
    """

    context: str = ""
    #: The linker's settings (``repr``) the facts and scores were found with.
    settings: str = ""
    keys: list[str] = field(default_factory=list)
    #: Per item (parallel to ``keys``): its id (pairs are coded by ids, :data:`ID_SPAN`),
    #: the digest of its fields (:func:`graph.link.facts.item_digest`), its facts
    #: (:class:`graph.link.facts.ItemFacts`), what the scores of its pairs read of the other
    #: items (:func:`_state`).
    ids: list[int] = field(default_factory=list)
    next_id: int = 0
    digests: list[bytes] = field(default_factory=list)
    facts: list[Any] = field(default_factory=list)
    states: list[Any] = field(default_factory=list)
    #: The stems too common to count (the text sketches leave them out).
    common: frozenset[int] = frozenset()
    #: The weight of each title 3-gram.
    weights: dict[str, float] = field(default_factory=dict)
    part: bytes = b""
    #: Candidate pairs as ``id_i * ID_SPAN + id_j`` with their score (``nan``: below the
    #: threshold).
    codes: array[int] = field(default_factory=lambda: array("q"))
    scores: array[float] = field(default_factory=lambda: array("d"))
    overrides: set[int] = field(default_factory=set)
    best: set[int] = field(default_factory=set)
    #: The ids of each meeting's items that may be the best of a meeting named (linkable,
    #: not routine), sorted.
    members: dict[str, tuple[int, ...]] = field(default_factory=dict)
    #: Mentions of meetings per item key: (digest of text, date and forum names, mentions).
    mentions: dict[str, tuple[bytes, list[Mention]]] = field(default_factory=dict)
    #: The meetings each item's text names by a date (:func:`dated_forums`), per item key:
    #: (digest of text, date and the partition's forums, the meetings).
    dated: dict[str, tuple[bytes, list[tuple[str, str]]]] = field(default_factory=dict)
    #: The blocking of the last link (:mod:`graph.link.blocking`): the key table (title keys
    #: and municipalities by code); per item (parallel to ``keys``) its title keys' codes,
    #: its posting keys' codes (none when it was not in the posting lists), its day and its
    #: meeting (a number per meeting of that link); the items of the posting lists in date
    #: order (indices); the pairs the posting lists gave, with the number of lists giving
    #: each (``posting``); per meeting, its items' ids and the pairs of its parts.
    table: list[str] = field(default_factory=list)
    tkeys: list[tuple[int, ...]] = field(default_factory=list)
    pkeys: list[tuple[int, ...]] = field(default_factory=list)
    days: array[int] = field(default_factory=lambda: array("l"))
    meetings: array[int] = field(default_factory=lambda: array("l"))
    order: array[int] = field(default_factory=lambda: array("l"))
    #: Per candidate pair (parallel to ``codes``): the number of posting lists giving it.
    posting: bytes = b""
    meeting_pairs: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=dict)
    #: The links between the steps of matters (:func:`graph.link.linker._step_links`) by
    #: pair code, as scored: (score, evidence, override).
    step_links: dict[int, tuple[float, tuple[str, ...], bool]] = field(default_factory=dict)
    #: The titles and texts of the facts as written or read last (:class:`Packed`): the
    #: next write packs only the new ones.
    packed: Packed | None = None
    incremental: bool = False
    reused: int = 0
    scored: int = 0

    def clear_counts(self) -> None:
        self.incremental, self.reused, self.scored = False, 0, 0

    def key_codes(self) -> dict[str, int]:
        """The code of each name in :attr:`table` (made once)."""
        codes = self.__dict__.get("_codes")
        if codes is None or len(codes) != len(self.table):
            codes = self.__dict__["_codes"] = {k: x for x, k in enumerate(self.table)}
        return codes

    def posting_codes(self) -> tuple[set[int], dict[int, int]]:
        """The pairs the posting lists gave, and the number of lists giving each of those
        given by more than one."""
        codes, counts = self.codes, self.posting
        if len(counts) != len(codes):
            return set(), {}
        several = counts.translate(_SEVERAL)
        several_codes = itertools.compress(codes, several)
        extra = dict(zip(several_codes, itertools.compress(counts, several), strict=True))
        return set(itertools.compress(codes, counts)), extra

    def forget_items(self) -> None:
        """Drop what the cache holds of items and pairs (a link of several municipalities
        keeps none: the next link of the partition is a full one)."""
        self.keys, self.ids, self.digests, self.facts = [], [], [], []
        self.states, self.common, self.weights = [], frozenset(), {}
        self.codes, self.scores = array("q"), array("d")
        self.overrides, self.best, self.members = set(), set(), {}
        self.table, self.tkeys, self.pkeys = [], [], []
        self.days, self.meetings, self.order = array("l"), array("l"), array("l")
        self.posting = b""
        self.meeting_pairs, self.step_links = {}, {}

    def known_facts(self, settings: LinkSettings) -> dict[bytes, ItemFacts]:
        """The facts of the cached items by digest (none when found with other settings)."""
        if self.settings != repr(settings):
            return {}
        return dict(zip(self.digests, self.facts, strict=True))

    def pair_scores(self) -> dict[tuple[str, str], tuple[float | None, bool]]:
        """The score of every candidate pair of the last link by the items' keys (None:
        below the threshold) and whether it overrides different case numbers."""
        key_of = dict(zip(self.ids, self.keys, strict=True))
        return {
            (key_of[code // ID_SPAN], key_of[code % ID_SPAN]): (
                None if math.isnan(score) else score,
                code in self.overrides,
            )
            for code, score in zip(self.codes, self.scores, strict=True)
        }


_FIELDS = (
    "keys",
    "ids",
    "next_id",
    "digests",
    "facts",
    "states",
    "common",
    "weights",
    "part",
    "members",
    "mentions",
    "dated",
    "table",
    "tkeys",
    "pkeys",
    "posting",
    "meeting_pairs",
    "step_links",
)

#: The fields kept as arrays (written as their bytes).
_ARRAYS = ("days", "meetings", "order")

#: Maps a count of posting lists to 1 when it is more than one (``bytes.translate``).
_SEVERAL = bytes(min(1, max(0, c - 1)) for c in range(256))


def from_bytes(data: bytes, context: str) -> LinkCache:
    """The cache :func:`to_bytes` made, for ``context``; an empty one when ``data`` is empty,
    damaged or of another context (the file is read and written by :mod:`store.derived`)."""
    empty = LinkCache(context)
    if not data.startswith(_MAGIC):
        return empty
    try:
        value = marshal.loads(zlib.decompress(data[len(_MAGIC) :]))
    except (EOFError, ValueError, TypeError, zlib.error):
        return empty
    if not isinstance(value, tuple) or value[:2] != (LINK_CACHE_VERSION, context):
        return empty
    _, _, settings, fields, arrays, codes, scores, overrides, best = value
    found = dict(zip(_FIELDS, fields, strict=True))
    found["facts"], packed = unpack_kept(found["facts"])
    found["common"] = frozenset(found["common"])
    cache = LinkCache(context, settings, **found)
    cache.packed = packed
    for name, data in zip(_ARRAYS, arrays, strict=True):
        getattr(cache, name).frombytes(data)
    cache.codes.frombytes(codes)
    cache.scores.frombytes(scores)
    cache.overrides, cache.best = set(overrides), set(best)
    return cache


def to_bytes(cache: LinkCache) -> bytes:
    """``cache`` as :func:`from_bytes` reads it."""
    fields = [getattr(cache, name) for name in _FIELDS]
    if cache.packed is None:
        cache.packed = Packed()
    fields[_FIELDS.index("facts")] = pack(cache.facts, cache.packed)
    fields[_FIELDS.index("common")] = sorted(cache.common)
    value = (
        LINK_CACHE_VERSION,
        cache.context,
        cache.settings,
        tuple(fields),
        tuple(getattr(cache, name).tobytes() for name in _ARRAYS),
        cache.codes.tobytes(),
        cache.scores.tobytes(),
        sorted(cache.overrides),
        sorted(cache.best),
    )
    return _MAGIC + zlib.compress(marshal.dumps(value), 1)


def _digest(value: Any) -> bytes:
    return hashlib.blake2b(marshal.dumps(value), digest_size=16).digest()


def cached_dated(
    cache: LinkCache,
    digests: Sequence[bytes],
    items: Sequence[LinkItem],
    forums: Sequence[str],
) -> list[frozenset[tuple[str, str]]]:
    """:func:`dated_forums` of each item's text, from ``cache`` when the item (``digests``:
    :func:`graph.link.facts.item_digest` of each, its text and date among its fields) and
    the forums are those of its last link (the cache then holds this link's)."""
    names = _digest(list(forums))
    known, found = cache.dated, {}
    dated: list[frozenset[tuple[str, str]]] = []
    none: frozenset[tuple[str, str]] = frozenset()
    for it, digest in zip(items, digests, strict=True):
        key = hashlib.blake2b(digest, digest_size=16, key=names).digest()
        hit = known.get(it.key)
        if hit is not None and hit[0] == key:
            value = hit[1]
        else:
            value = sorted(dated_forums(it.text, it.date, forums))
        found[it.key] = (key, value)
        dated.append(frozenset(map(tuple, value)) if value else none)  # type: ignore[arg-type]
    cache.dated = found
    return dated


def _state(features: _Features, routine: set[int], i: int) -> tuple[Any, ...]:
    """What the scores of item ``i``'s pairs read of it besides its fields, its text sketch
    and its title's weights (:class:`Reuse`), that depends on other items too (a new feature
    of that kind belongs here): whether it is routine, its numbers less the standing ones,
    its part of next year's business, the meetings its text names by a date, and those of
    them that are held (:func:`graph.link.evidence.named_meetings`)."""
    return (
        i in routine,
        features.numbers[i],
        features.next_year[i],
        features.dated[i],
        features.named[i],
    )


def _named(item: LinkItem) -> set[str]:
    """The meetings an item names whose item it may be the next step of."""
    return set(item.mentions) | {m for m, number in item.earlier if number is None}


def part_signature(items: Sequence[LinkItem], features: _Features, context: str) -> bytes:
    """A digest of what every pair's score reads of the whole partition: the cache's context
    (code and settings), the forums' path, the weight of a 3-gram no title holds."""
    towns = sorted({it.municipality for it in items}, key=lambda t: (t is not None, t or ""))
    forums = sorted({it.forum for it in items})
    precedes = features.path.precedes
    path = [(town, a, b) for town in towns for a in forums for b in forums if precedes(town, a, b)]
    return _digest((context, path, features.unseen))


class Reuse:
    """The scores of a partition's last link, offered to :func:`graph.link.linker._score`.

    An item is *clean* when its fields (:func:`graph.link.facts.item_digest`), its
    :func:`_state`, its text sketch and the weights of its title's 3-grams are those of the
    last link; a candidate pair of two clean items takes its score from the cache unless it
    is new, or it is (or was) the best item of a meeting the other names. With another
    partition digest (:func:`part_signature`) no item is clean.
    """

    def __init__(
        self,
        cache: LinkCache,
        items: Sequence[LinkItem],
        features: _Features,
        routine: set[int],
        settings: LinkSettings,
        digests: Sequence[bytes],
        facts: Sequence[ItemFacts],
    ) -> None:
        self.cache = cache
        self.n = n = len(items)
        self.settings = repr(settings)
        self.keys = [it.key for it in items]
        self.digests, self.facts = digests, facts
        self.states = [_state(features, routine, i) for i in range(n)]
        self.common = features.common
        self.weights = dict(features.gram_weight)
        self.part = part_signature(items, features, cache.context + self.settings)
        old = {k: x for x, k in enumerate(cache.keys)}
        next_id = cache.next_id
        self.ids: list[int] = []
        #: Each item's index in the cache (-1: new) and whether its fields are the same.
        self.old_index: list[int] = []
        ids, old_index = self.ids, self.old_index
        for key in self.keys:
            x = old.get(key)
            if x is None:
                old_index.append(-1)
                x, next_id = next_id, next_id + 1
            else:
                old_index.append(x)
                x = cache.ids[x]
            ids.append(x)
        self.next_id = next_id
        self.best: set[int] = set()
        self.members: dict[str, tuple[int, ...]] = {}
        self.results: dict[int, float] = {}
        self.overrides: set[int] = set()
        self.clean = bytearray(n)
        self.same_digest = bytearray(n)
        self.old: dict[int, float] = {}
        self.changed_best: set[int] = set()
        self.common_changed: frozenset[int] = frozenset()
        #: This link's blocking (:mod:`graph.link.blocking`): title keys, posting keys,
        #: posting order, posting pairs with their counts; the pairs of each meeting's parts;
        #: the links between steps.
        self.blocks: tuple[Any, ...] = ()
        self.meeting_pairs: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self.step_links: dict[int, tuple[float, tuple[str, ...], bool]] = {}
        self.days, self.meetings = features.day, features.meeting
        cache.clear_counts()
        STATS["links"] += 1
        STATS["read"] += bool(cache.keys)
        if cache.part != self.part or cache.settings != self.settings or not cache.keys:
            return
        cache.incremental = True
        STATS["incremental"] += 1
        self.common_changed = self.common ^ cache.common
        self._find_clean(old, features)
        self.old = dict(zip(cache.codes, cache.scores, strict=True))

    def known_best(
        self, items: Sequence[LinkItem], linkable: Sequence[int]
    ) -> tuple[set[tuple[int, int]], list[int]]:
        """The best items of the meetings they name (:func:`graph.link.scoring.
        _best_in_named_meetings` over ``linkable``) of the items whose last link's still
        hold, and the items to find them for: a clean item, each meeting it names holding
        the same clean items (ids) that may be the best."""
        ids, clean = self.ids, self.clean
        members: dict[str, list[int]] = {}
        unchanged: dict[str, bool] = {}
        for i in linkable:
            meeting = items[i].meeting
            members.setdefault(meeting, []).append(ids[i])
            unchanged[meeting] = unchanged.get(meeting, True) and bool(clean[i])
        self.members = {m: tuple(sorted(found)) for m, found in members.items()}
        old = self.cache.members if self.cache.incremental else None
        named = [(i, _named(items[i])) for i in linkable]
        if old is None:
            return set(), [i for i, meetings in named if meetings]
        index = {x: i for i, x in enumerate(ids)}
        was: dict[int, list[int]] = {}
        for code in self.cache.best:
            was.setdefault(code // ID_SPAN, []).append(code % ID_SPAN)
        known: set[tuple[int, int]] = set()
        todo = []
        for i, meetings in named:
            if not meetings:
                continue
            if clean[i] and all(
                unchanged.get(m, True) and old.get(m, ()) == self.members.get(m, ())
                for m in meetings
            ):
                known.update((i, index[j]) for j in was.get(ids[i], ()))
            else:
                todo.append(i)
        return known, todo

    def set_best(self, best: set[tuple[int, int]]) -> None:
        """This link's best items of named meetings (scores of pairs that are, or were, the
        best are not reused)."""
        ids = self.ids
        self.best = {ids[i] * ID_SPAN + ids[j] for i, j in best}
        # A pair that is (or was) the best item of a meeting the other names, either way.
        changed = {
            min(c // ID_SPAN, c % ID_SPAN) * ID_SPAN + max(c // ID_SPAN, c % ID_SPAN)
            for c in self.best ^ self.cache.best
        }
        self.changed_best = changed | {(c % ID_SPAN) * ID_SPAN + c // ID_SPAN for c in changed}

    def _find_clean(self, old: dict[str, int], features: _Features) -> None:
        cache = self.cache
        weights = cache.weights
        moved = {g for g, w in self.weights.items() if weights.get(g) != w}
        moved.update(g for g in weights if g not in self.weights)
        # A sketch is the text's stems but the common ones, of the first few.
        common = self.common ^ cache.common
        grams = features.grams
        digests, same = cache.digests, self.same_digest
        for i, x in enumerate(self.old_index):
            same[i] = x >= 0 and digests[x] == self.digests[i]
            self.clean[i] = (
                same[i]
                and cache.states[x] == self.states[i]
                and common.isdisjoint(self.facts[i].stems)
                and moved.isdisjoint(grams[i])
            )

    def keep(self) -> None:
        """Make this link's results the cache's."""
        cache = self.cache
        STATS["reused"] += cache.reused
        STATS["scored"] += cache.scored
        cache.settings, cache.part = self.settings, self.part
        cache.keys, cache.ids, cache.next_id = self.keys, self.ids, self.next_id
        cache.digests, cache.facts, cache.states = list(self.digests), list(self.facts), self.states
        cache.common, cache.weights = self.common, self.weights
        cache.codes = array("q", self.results)
        cache.scores = array("d", self.results.values())
        cache.overrides = self.overrides
        cache.best, cache.members = self.best, self.members
        tkeys, pkeys, order, posting, others = self.blocks
        cache.tkeys, cache.pkeys, cache.order = tkeys, pkeys, order
        # Per pair the number of lists giving it: the pairs of the other sources alone 0,
        # those of more than one list their count, the others 1.
        counts = dict.fromkeys(others - posting[0], 0)
        counts.update(posting[1])
        cache.posting = bytes(map(counts.get, cache.codes, itertools.repeat(1)))
        cache.days, cache.meetings = array("l", self.days), array("l", self.meetings)
        cache.meeting_pairs, cache.step_links = self.meeting_pairs, self.step_links
