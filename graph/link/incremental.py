"""Linking a partition again after an add, from what the last link of it left.

A partition's link is a pure function of its items, but most of its cost is scoring the
candidate pairs, and an added meeting changes the inputs of few of them. :class:`LinkCache`
keeps, per item, a digest of everything the scoring of a pair reads of that item (its
:class:`~graph.link.model.LinkItem` but the text, whether it is routine, its case numbers
less the standing ones, its text sketch and the weight of each of its title 3-grams), the
result of every candidate pair scored, and a digest of what every pair's score reads of the
whole partition (the settings, the forums' path, the item count's bucket of the 3-gram
weights). The next link scores a candidate pair again only when it is new, when an item's
digest changed, or when it is (or was) the best item of a meeting the other names; when the
partition's digest changed, it scores every pair (the full link). Blocking and clustering are
done in full from the scores: the result is the same graph as a link without the cache.

The mentions of meetings in each item's text are kept too (keyed by a digest of the text,
the date and the forum names searched for): finding them is a regular-expression pass over
every text.
"""

from __future__ import annotations

import hashlib
import marshal
import math
import zlib
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.link.evidence import dated_forums
from graph.link.features import _Features
from graph.link.model import LinkItem, LinkSettings

#: Bump when the layout of the cache file changes.
LINK_CACHE_VERSION = 3

_MAGIC = b"casegraph-link\n"

#: A pair's result when it did not reach the threshold (or was skipped before scoring).
_BELOW = math.nan

#: One mention: (forum, date, text, start, end, formal).
Mention = tuple[str, str, str, int, int, bool]

#: What the links with a cache in this process did: ``links``, of which ``read`` found the
#: cache of an earlier link and ``incremental`` reused it (the partition's digest unchanged);
#: ``reused`` and ``scored`` pairs (for tests and benchmarks).
STATS: Counter[str] = Counter()


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
    keys: list[str] = field(default_factory=list)
    signatures: list[bytes] = field(default_factory=list)
    part: bytes = b""
    #: Candidate pairs as ``i * len(keys) + j`` with their score (``nan``: below the threshold).
    codes: array[int] = field(default_factory=lambda: array("q"))
    scores: array[float] = field(default_factory=lambda: array("d"))
    overrides: set[int] = field(default_factory=set)
    best: set[int] = field(default_factory=set)
    #: Mentions of meetings per item key: (digest of text, date and forum names, mentions).
    mentions: dict[str, tuple[bytes, list[Mention]]] = field(default_factory=dict)
    #: The meetings each item's text names by a date (:func:`dated_forums`), per item key:
    #: (digest of text, date and the partition's forums, the meetings).
    dated: dict[str, tuple[bytes, list[tuple[str, str]]]] = field(default_factory=dict)
    incremental: bool = False
    reused: int = 0
    scored: int = 0

    def clear_counts(self) -> None:
        self.incremental, self.reused, self.scored = False, 0, 0


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
    _, _, keys, signatures, part, codes, scores, overrides, best, mentions, dated = value
    cache = LinkCache(context, keys, signatures, part, array("q"), array("d"))
    cache.codes.frombytes(codes)
    cache.scores.frombytes(scores)
    cache.overrides, cache.best, cache.mentions = set(overrides), set(best), mentions
    cache.dated = dated
    return cache


def to_bytes(cache: LinkCache) -> bytes:
    """``cache`` as :func:`from_bytes` reads it."""
    value = (
        LINK_CACHE_VERSION,
        cache.context,
        cache.keys,
        cache.signatures,
        cache.part,
        cache.codes.tobytes(),
        cache.scores.tobytes(),
        sorted(cache.overrides),
        sorted(cache.best),
        cache.mentions,
        cache.dated,
    )
    return _MAGIC + zlib.compress(marshal.dumps(value), 1)


def _digest(value: Any) -> bytes:
    return hashlib.blake2b(marshal.dumps(value), digest_size=16).digest()


def cached_dated(
    cache: LinkCache, items: Sequence[LinkItem], forums: Sequence[str]
) -> list[frozenset[tuple[str, str]]]:
    """:func:`dated_forums` of each item's text, from ``cache`` when the text, the date and
    the forums are those of its last link (the cache then holds this link's)."""
    names = _digest(list(forums))
    known, found = cache.dated, {}
    dated = []
    for it in items:
        digest = hashlib.blake2b(it.text.encode(), digest_size=16, key=names)
        digest.update(it.date.encode())
        key = digest.digest()
        hit = known.get(it.key)
        if hit is not None and hit[0] == key:
            value = hit[1]
        else:
            value = sorted(dated_forums(it.text, it.date, forums))
        found[it.key] = (key, value)
        dated.append(frozenset(map(tuple, value)))
    cache.dated = found
    return dated  # type: ignore[return-value]


def item_signatures(
    items: Sequence[LinkItem], features: _Features, routine: set[int]
) -> list[bytes]:
    """Per item, a digest of everything the scoring of a pair reads of it: its fields but the
    text (the features that depend on them alone follow), and each feature that depends on
    other items too (a new one of those belongs here)."""
    weight = features.gram_weight.__getitem__
    by_title: dict[frozenset[str], list[Any]] = {}
    found = []
    for i, it in enumerate(items):
        grams = features.grams[i]
        weights = by_title.get(grams)
        if weights is None:
            weights = by_title[grams] = [(g, weight(g)) for g in sorted(grams)]
        fields = (it.key, it.meeting, it.forum, it.date, it.number, it.title, it.case_numbers)
        refs = (it.mentions, it.earlier, it.prepares, it.municipality)
        own = (
            i in routine,
            sorted(features.numbers[i]),
            sorted(features.sketch[i]),
            features.own_part[i],
            features.next_year[i],
            sorted(features.dated[i]),
        )
        found.append(_digest((fields, refs, own, weights)))
    return found


def part_signature(items: Sequence[LinkItem], features: _Features, context: str) -> bytes:
    """A digest of what every pair's score reads of the whole partition: the cache's context
    (code and settings), the forums' path, the weight of a 3-gram no title holds."""
    towns = sorted({it.municipality for it in items}, key=lambda t: (t is not None, t or ""))
    forums = sorted({it.forum for it in items})
    precedes = features.path.precedes
    path = [(town, a, b) for town in towns for a in forums for b in forums if precedes(town, a, b)]
    return _digest((context, path, features.unseen))


class Reuse:
    """The scores of a partition's last link, offered pair by pair to :func:`_score`."""

    def __init__(
        self,
        cache: LinkCache,
        items: Sequence[LinkItem],
        features: _Features,
        routine: set[int],
        settings: LinkSettings,
    ) -> None:
        self.cache = cache
        self.n = len(items)
        self.keys = [it.key for it in items]
        self.signatures = item_signatures(items, features, routine)
        self.part = part_signature(items, features, cache.context + repr(settings))
        self.best = features.best_in_meeting
        self.results: dict[int, float] = {}
        self.overrides: set[int] = set()
        self.old: dict[int, float] = {}
        cache.clear_counts()
        STATS["links"] += 1
        STATS["read"] += bool(cache.keys)
        if cache.part != self.part or not cache.keys:
            self.old_index: list[int] = []
            return
        cache.incremental = True
        STATS["incremental"] += 1
        where = {k: x for x, k in enumerate(cache.keys)}
        old_sigs = cache.signatures
        self.old_index = [
            x if x is not None and old_sigs[x] == sig else -1
            for x, sig in (
                (where.get(k), sig) for k, sig in zip(self.keys, self.signatures, strict=True)
            )
        ]
        self.old = dict(zip(cache.codes, cache.scores, strict=True))
        self.old_n = len(cache.keys)

    def get(self, i: int, j: int) -> tuple[float, bool] | None:
        """The cached ``(score, override)`` of the pair (``score`` nan: below the threshold),
        None when it must be scored."""
        if not self.old:
            return None
        oi, oj = self.old_index[i], self.old_index[j]
        if oi < 0 or oj < 0:
            return None
        n, old_n, best = self.n, self.old_n, self.cache.best
        was_best = oi * old_n + oj in best or oj * old_n + oi in best
        if was_best != ((i, j) in self.best or (j, i) in self.best):
            return None
        code = oi * old_n + oj
        score = self.old.get(code)
        if score is None:
            return None
        self.cache.reused += 1
        self.put(i * n + j, score, code in self.cache.overrides)
        return score, code in self.cache.overrides

    def put(self, code: int, score: float, override: bool) -> None:
        self.results[code] = score
        if override:
            self.overrides.add(code)

    def scored(self, i: int, j: int, score: float, override: bool) -> None:
        self.cache.scored += 1
        self.put(i * self.n + j, score, override)

    def keep(self) -> None:
        """Make this link's results the cache's."""
        cache, n = self.cache, self.n
        STATS["reused"] += cache.reused
        STATS["scored"] += cache.scored
        cache.keys, cache.signatures, cache.part = self.keys, self.signatures, self.part
        cache.codes = array("q", self.results)
        cache.scores = array("d", self.results.values())
        cache.overrides = self.overrides
        cache.best = {i * n + j for i, j in self.best}
