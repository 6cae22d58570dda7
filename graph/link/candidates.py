"""Blocking: the candidate pairs of items worth scoring (never all pairs)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from graph.link.evidence import part_words, parts_of_one_topic, theme_and_its_item, theme_session
from graph.link.features import _Features, _title_keys
from graph.link.model import LinkItem, LinkSettings


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
    order = date_order(items, features, linkable)
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

    order = few_sources(items, features, order, standing, settings, routine, add)
    _parts_of_meetings(items, order, add)
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


def date_order(
    items: Sequence[LinkItem], features: _Features, linkable: Sequence[int]
) -> list[int]:
    """The linkable items in date order (by key within a day): the order of every posting
    list, and which item of a pair is the earlier."""
    return sorted(linkable, key=lambda i: (features.day[i], items[i].key))


def few_sources(
    items: Sequence[LinkItem],
    features: _Features,
    order: Sequence[int],
    standing: frozenset[str],
    settings: LinkSettings,
    routine: frozenset[int] | set[int],
    add: Callable[[int, int, bool], None],
) -> list[int]:
    """The sources of few pairs, found in full at every link (the incremental link too,
    :mod:`graph.link.blocking`): shared case numbers, each forum's part of one topic and the
    rounds of one pool, the next forums under one title, and the items of the meetings an
    item names (references, earlier decisions). A new source of that kind belongs here.
    Returns ``order`` without the ``routine`` items (the order of the other sources)."""
    by_meeting = _shared_numbers(items, order, standing, add)
    _own_parts(items, features, order, settings, add)  # and the rounds of one pool or plan
    order = [i for i in order if i not in routine]
    _next_forums(items, features, order, settings, add)
    # Explicit references and earlier decisions: the items of the named meeting.
    for i in order:
        item = items[i]
        for meeting in (*item.mentions, *(m for m, _ in item.earlier)):
            for j in by_meeting.get(meeting, ()):
                add(i, j, False)
    return order


def _shared_numbers(
    items: Sequence[LinkItem],
    order: Sequence[int],
    standing: frozenset[str],
    add: Callable[[int, int, bool], None],
) -> dict[str, list[int]]:
    """Every pair of items sharing a case number (standing numbers excluded), items of one
    meeting too (one matter split into parts of one meeting); the items of each meeting."""
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
                add(i, j, True)
    return by_meeting


def _parts_of_meetings(
    items: Sequence[LinkItem], order: Sequence[int], add: Callable[[int, int, bool], None]
) -> None:
    """Pairs of items of one meeting whose titles are parts of one topic
    (:func:`meeting_parts`, per meeting)."""
    by_meeting: dict[str, list[int]] = defaultdict(list)
    for i in order:
        by_meeting[items[i].meeting].append(i)
    for group in by_meeting.values():
        if len(group) >= 2:
            meeting_parts(items, group, add)


def meeting_parts(
    items: Sequence[LinkItem], group: Sequence[int], add: Callable[[int, int, bool], None]
) -> None:
    """Pairs of the items of one meeting (``group``) whose titles are parts of one topic
    (:func:`graph.link.evidence.parts_of_one_topic`): each title's topic is looked up with
    every one of its leading words, so a meeting costs its items' words, not its pairs; and
    a theme session with the item on its topic (:func:`~graph.link.evidence.theme_and_its_item`,
    the few theme sessions against the meeting's items)."""
    topics = {i: part_words(items[i].title) for i in group}
    holders: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, words in topics.items():
        if words:
            holders[words].append(i)
    for i in group:  # a theme session and the item on its topic
        if theme_session(items[i].title) is not None:
            for j in group:
                if j != i and theme_and_its_item(items[i].title, items[j].title):
                    add(i, j, True)
    for i, words in topics.items():
        for n in range(1, len(words) + 1):
            for j in holders.get(words[:n], ()):
                longer_or_later = n < len(words) or j > i  # each pair once
                if j != i and longer_or_later and parts_of_one_topic(topics[j], words):
                    add(i, j, True)


def _groups(
    items: Sequence[LinkItem],
    keys: Sequence[tuple[str, ...] | None],
    order: Sequence[int],
) -> list[list[int]]:
    """The items of one municipality under one key, in ``order`` (date order); a key over
    200 items (a title every forum repeats) is no one topic, pool or plan."""
    by_key: dict[tuple[str | None, tuple[str, ...]], list[int]] = defaultdict(list)
    for i in order:
        key = keys[i]
        if key is not None:
            by_key[(items[i].municipality, key)].append(i)
    return [group for group in by_key.values() if len(group) <= 200]


def _own_parts(
    items: Sequence[LinkItem],
    features: _Features,
    order: Sequence[int],
    settings: LinkSettings,
    add: Callable[[int, int, bool], None],
) -> None:
    """Pairs of items of different forums whose titles each name their own forum under one
    topic (:func:`graph.link.evidence.own_part`), at most ``settings.parts_days`` apart:
    routine items too, when they are their forum's part of next year's business (a
    committee's meeting calendar is routine in its own year). Then the rounds of one pool or
    plan (:func:`_rounds_of_one`)."""
    _rounds_of_one(items, features, order, add)
    day = features.day
    for group in _groups(items, features.own_part, order):
        for x, i in enumerate(group):
            for j in group[x + 1 :]:
                if day[j] - day[i] > settings.parts_days:
                    break
                if items[i].forum != items[j].forum:
                    add(i, j, False)


def _rounds_of_one(
    items: Sequence[LinkItem],
    features: _Features,
    order: Sequence[int],
    add: Callable[[int, int, bool], None],
) -> None:
    """Pairs of items that are rounds of one pool or plan (:func:`graph.link.rounds.round_of`),
    whatever the gap: each year's release comes a year after the last."""
    for group in _groups(items, features.round_of, order):
        for x, i in enumerate(group):
            for j in group[x + 1 :]:
                add(i, j, False)


def _next_forums(
    items: Sequence[LinkItem],
    features: _Features,
    order: Sequence[int],
    settings: LinkSettings,
    add: Callable[[int, int, bool], None],
) -> None:
    """Pairs of items under one title whose later item is in a later forum of the path, at
    most ``settings.path_days`` apart: every committee that took a topic with the finance
    committee's item on it (the sorted neighbourhood pairs an item with only its next few
    successors, and seven committees under one title fill them)."""
    by_title: dict[frozenset[str], list[int]] = defaultdict(list)
    for i in order:  # in date order
        if features.grams[i]:
            by_title[features.grams[i]].append(i)
    day, path = features.day, features.path
    for group in by_title.values():
        if len(group) <= settings.neighbours + 1 or len(group) > 200:
            continue  # the sorted neighbourhood pairs them all already
        for x, i in enumerate(group):
            for j in group[x + 1 :]:
                if day[j] - day[i] > settings.path_days:
                    break
                if path.precedes(items[i].municipality, items[i].forum, items[j].forum):
                    add(i, j, False)
