"""Blocking kept from link to link: the candidate pairs of a link from those of the last.

:func:`graph.link.candidates._candidates` finds a partition's candidate pairs from scratch;
most of them (96 % at 14k items) come from the posting lists of the sorted neighbourhood:
each item's ``keys_per_item`` rarest title keys (by the number of items holding the key, then
by the key's first holder in date order) and its ``text_keys`` smallest sketch values, each
list paired with the ``neighbours`` next items in date order within ``window_days``. An
added item may take an old pair's place among the neighbours, and the keys it holds count
one more holder, so other items may choose other keys: the old pairs of unchanged items are
not simply still candidates. :func:`candidates` keeps, in the link cache, each item's title
keys and posting keys and the posting pairs with the number of lists that give each; a link
chooses keys again only for the items holding a key whose holders changed, builds again only
the lists whose members changed, and takes a pair away only when no list gives it any more.
The items of one meeting are paired from the last link's when the meeting's items are the
same; the sources of few pairs (:func:`graph.link.candidates.few_sources`) are found in full.
The candidate pairs are those of a link from scratch, coded by the items' ids in the cache
(:data:`graph.link.incremental.ID_SPAN`).
"""

from __future__ import annotations

import functools
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence

from graph.link.candidates import date_order, few_sources, meeting_parts
from graph.link.features import _Features, _title_keys
from graph.link.incremental import ID_SPAN, STATS, LinkCache, Reuse
from graph.link.model import LinkItem, LinkSettings

#: A text key's code: ``-(1 + the municipality's code * _TOWN + the sketch value)`` (the
#: municipality's code from the cache's key table; a title key's code is its index there).
_TOWN = 1 << 32


def _muni(municipality: str | None) -> str:
    return "\x00" if municipality is None else municipality


class _Old:
    """The last link's blocking, as its cache holds it (empty when not reused)."""

    def __init__(self, cache: LinkCache, reuse: Reuse) -> None:
        self.on = bool(cache.incremental)
        n = len(cache.keys) if self.on else 0
        self.ids = cache.ids if self.on else []
        self.tkeys = cache.tkeys if self.on else []
        self.pkeys = cache.pkeys if self.on else []
        self.order = cache.order if self.on else array("l")
        self.days = cache.days if self.on else array("l")
        self.meetings = cache.meetings if self.on else array("l")
        self.in_order = bytearray(n)
        for x in self.order:
            self.in_order[x] = 1
        # The old index of each current item (-1: new), and whether its fields are the same.
        self.index = reuse.old_index if self.on else [-1] * len(reuse.ids)
        self.same = reuse.same_digest if self.on else bytearray(len(reuse.ids))
        self.kept = bytearray(n)  # old items still here with the same fields
        for i, x in enumerate(self.index):
            if x >= 0 and self.same[i]:
                self.kept[x] = 1


def candidates(
    items: Sequence[LinkItem],
    features: _Features,
    linkable: Sequence[int],
    standing: frozenset[str],
    settings: LinkSettings,
    routine: frozenset[int] | set[int],
    reuse: Reuse,
) -> set[int]:
    """The candidate pairs of :func:`graph.link.candidates._candidates`, coded by the items'
    ids (``reuse.ids``), from the last link's blocking in ``reuse.cache`` where it holds
    (see the module's docstring); the cache is given this link's (:meth:`Reuse.keep`)."""
    cache, ids = reuse.cache, reuse.ids
    old = _Old(cache, reuse)
    if not old.on:  # a full link: the key table anew (it keeps no key of items gone)
        cache.table = []
    order = date_order(items, features, linkable)
    rank = [0] * len(items)
    for r, i in enumerate(order):
        rank[i] = r
    found: list[int] = []
    meeting_of = features.meeting

    def add(i: int, j: int, same_meeting: bool = False) -> None:
        if meeting_of[i] == meeting_of[j] and not same_meeting:
            return
        if rank[i] > rank[j]:
            i, j = j, i
        found.append(ids[i] * ID_SPAN + ids[j])

    order = few_sources(items, features, order, standing, settings, routine, add)
    pairs = set(found)
    pairs |= _meeting_pairs(items, order, ids, old, reuse, rank)
    tkeys = _title_key_codes(items, cache, old)
    pkeys = _posting_keys(items, features, settings, order, tkeys, old, reuse)
    posting = _posting_pairs(features, settings, order, pkeys, old, reuse)
    STATS["blocks"] += 1
    STATS["blocks kept"] += old.on
    reuse.blocks = (tkeys, pkeys, array("l", order), posting, pairs)
    return pairs | posting[0]


def _meeting_pairs(
    items: Sequence[LinkItem],
    order: Sequence[int],
    ids: Sequence[int],
    old: _Old,
    reuse: Reuse,
    rank: Sequence[int],
) -> set[int]:
    """The pairs of the items of one meeting (:func:`meeting_parts`), the last link's for a
    meeting of the same items with the same fields."""
    by_meeting: dict[str, list[int]] = defaultdict(list)
    for i in order:
        by_meeting[items[i].meeting].append(i)
    known = reuse.cache.meeting_pairs if old.on else {}
    same = old.same
    kept: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}
    pairs: set[int] = set()
    for meeting, group in by_meeting.items():
        if len(group) < 2:
            continue
        members = tuple(ids[i] for i in group)
        hit = known.get(meeting)
        if hit is None or hit[0] != members or not all(same[i] for i in group):
            found: list[int] = []
            meeting_parts(items, group, functools.partial(_add_pair, rank, ids, found))
            hit = (members, tuple(sorted(set(found))))
        kept[meeting] = hit
        pairs.update(hit[1])
    reuse.meeting_pairs = kept
    return pairs


def _add_pair(
    rank: Sequence[int], ids: Sequence[int], found: list[int], i: int, j: int, _: bool = True
) -> None:
    """Add the pair of items ``i`` and ``j`` to ``found``, coded by ids, the earlier first."""
    if rank[i] > rank[j]:
        i, j = j, i
    found.append(ids[i] * ID_SPAN + ids[j])


def _title_key_codes(
    items: Sequence[LinkItem], cache: LinkCache, old: _Old
) -> list[tuple[int, ...]]:
    """Each item's title keys (:func:`graph.link.features._title_keys`, each once, in the
    title's order) as codes of the cache's key table; an item with the same fields keeps
    the last link's."""
    table = cache.key_codes()
    tkeys: list[tuple[int, ...]] = []
    for i, it in enumerate(items):
        x = old.index[i]
        if x >= 0 and old.same[i]:
            tkeys.append(old.tkeys[x])
            continue
        town = _muni(it.municipality) + "\x1f"
        keys = dict.fromkeys(_title_keys(it.title))
        tkeys.append(tuple(_code(table, cache.table, town + key) for key in keys))
    return tkeys


def _code(table: dict[str, int], names: list[str], name: str) -> int:
    """The code of ``name`` in the cache's key table (``names``, ``table`` its index),
    added when new."""
    code = table.get(name)
    if code is None:
        code = table[name] = len(names)
        names.append(name)
    return code


def _posting_keys(
    items: Sequence[LinkItem],
    features: _Features,
    settings: LinkSettings,
    order: Sequence[int],
    tkeys: Sequence[tuple[int, ...]],
    old: _Old,
    reuse: Reuse,
) -> list[tuple[int, ...]]:
    """Each item's posting keys: its ``keys_per_item`` rarest title keys by (holders, first
    holder), then its ``text_keys`` smallest sketch values (none for an item not in
    ``order``). The last link's title keys are kept for an item none of whose keys changed
    holders, its sketch values while its sketch is the same."""
    df: Counter[int] = Counter()
    first: dict[int, tuple[int, int]] = {}
    for pos, i in enumerate(order):
        keys = tkeys[i]
        df.update(keys)
        for p, k in enumerate(keys):
            if k not in first:
                first[k] = (pos, p)
    moved = _moved_keys(len(items), order, tkeys, old)
    per_item, text = settings.keys_per_item, settings.text_keys
    common = reuse.common_changed
    table = reuse.cache.key_codes()
    towns: dict[str | None, int] = {}
    pkeys: list[tuple[int, ...]] = [()] * len(items)
    for i in order:
        x = old.index[i]
        keys = tkeys[i]
        was = old.pkeys[x] if x >= 0 and old.same[i] and old.in_order[x] else None
        if was is not None and moved.isdisjoint(keys):
            chosen = was[: min(per_item, len(keys))]
        else:
            chosen = tuple(sorted(keys, key=lambda k: (df[k], first[k]))[:per_item])
        if was is not None and common.isdisjoint(reuse.facts[i].stems):
            sketch = was[min(per_item, len(keys)) :]
        else:
            town = towns.get(items[i].municipality)
            if town is None:
                town = towns[items[i].municipality] = (
                    _code(table, reuse.cache.table, _muni(items[i].municipality)) * _TOWN
                )
            sketch = tuple(-(1 + town + h) for h in sorted(features.sketch[i])[:text])
        pkeys[i] = chosen + sketch
    return pkeys


def _moved_keys(
    n: int, order: Sequence[int], tkeys: Sequence[tuple[int, ...]], old: _Old
) -> set[int]:
    """The title keys whose holders changed: those of the items that joined or left the
    posting order or whose fields changed (the last link's keys of the items that left)."""
    in_order = bytearray(n)
    for i in order:
        in_order[i] = 1
    moved: set[int] = set()
    for i in order:
        x = old.index[i]
        if x < 0 or not old.same[i] or not old.in_order[x]:
            moved.update(tkeys[i])
    for x in old.order:
        if not old.kept[x]:
            moved.update(old.tkeys[x])
    for i, x in enumerate(old.index):
        if x >= 0 and old.same[i] and old.in_order[x] and not in_order[i]:
            moved.update(tkeys[i])
    return moved


def _list_pairs(
    members: Sequence[int],
    day: Sequence[int],
    meeting: Sequence[int],
    ids: Sequence[int],
    settings: LinkSettings,
    out: list[int],
) -> None:
    """The pairs of one posting list (items in date order): each item with its
    ``neighbours`` next ones within ``window_days``, not of one meeting."""
    reach, window = settings.neighbours, settings.window_days
    for x, a in enumerate(members):
        da, ma, code = day[a], meeting[a], ids[a] * ID_SPAN
        for b in members[x + 1 : x + 1 + reach]:
            if day[b] - da > window:
                break
            if meeting[b] != ma:
                out.append(code + ids[b])


def _posting_pairs(
    features: _Features,
    settings: LinkSettings,
    order: Sequence[int],
    pkeys: Sequence[tuple[int, ...]],
    old: _Old,
    reuse: Reuse,
) -> tuple[set[int], dict[int, int]]:
    """The pairs of the posting lists and the number of lists giving each (those given by
    one are left out): the last link's, with the pairs of the lists whose members changed
    taken out as they were and put in as they are."""
    ids = reuse.ids
    if not old.on:
        found: list[int] = []
        for members in _lists(order, pkeys, None).values():
            _list_pairs(members, features.day, features.meeting, ids, settings, found)
        counts = Counter(found)
        return set(counts), {c: m for c, m in counts.items() if m > 1}
    changed: set[int] = set()
    for i in order:
        x = old.index[i]
        if x < 0 or not old.same[i] or old.pkeys[x] != pkeys[i]:
            changed.update(pkeys[i])
            if x >= 0:
                changed.update(old.pkeys[x])
    for x in old.order:
        if not old.kept[x]:
            changed.update(old.pkeys[x])
    for i, x in enumerate(old.index):  # left the order, fields the same
        if x >= 0 and old.in_order[x] and old.same[i] and not pkeys[i]:
            changed.update(old.pkeys[x])
    STATS["lists changed"] += len(changed)
    new_pairs: list[int] = []
    for members in _lists(order, pkeys, changed).values():
        _list_pairs(members, features.day, features.meeting, ids, settings, new_pairs)
    old_pairs: list[int] = []
    for members in _lists(old.order, old.pkeys, changed).values():
        _list_pairs(members, old.days, old.meetings, old.ids, settings, old_pairs)
    delta = Counter(new_pairs)
    delta.subtract(old_pairs)
    pairs, extra = reuse.cache.posting_codes()
    for code, d in delta.items():
        if not d:
            continue
        count = (extra.get(code, 1) if code in pairs else 0) + d
        if count <= 0:
            pairs.discard(code)
            extra.pop(code, None)
        else:
            pairs.add(code)
            if count > 1:
                extra[code] = count
            else:
                extra.pop(code, None)
    return pairs, extra


def _lists(
    order: Sequence[int], pkeys: Sequence[tuple[int, ...]], only: set[int] | None
) -> dict[int, list[int]]:
    """The posting lists (items in ``order``) of the keys ``only`` (all: None)."""
    lists: dict[int, list[int]] = defaultdict(list)
    for i in order:
        for k in pkeys[i]:
            if only is None or k in only:
                lists[k].append(i)
    return lists
