"""Word questions answered from Neo4j's full-text index, reading only what can change the
answer: the embedded ranking of :mod:`queries.ranking`, bound for bound, in round trips.

:func:`queries.ranking.word_fits` scores the distinct titles holding a query word, best
group first, stops where the most the next title can score is under the ``keep``-th matter
found, and reads an item's text only when the most it can add could bring its matter among
them. The same here, with the database answering each look-up:

1. the distinct titles of the items in a matter that hold a query word, with those items'
   keys (one full-text query; a routine item outside every matter costs a look at its own
   relationships, and none of its matters is read);
2. the matter of each item (and its number of items), only for the titles that can still
   reach the best ``keep``, in growing chunks while they can;
3. which query words an item's text holds, by key, only for the items whose text can still
   bring their matter among the best.

When no title of an item in a matter holds a word, the texts are asked instead (one
full-text query per word, the holders grouped by title) and the titles are scored as
:func:`queries.ranking._text_fits` scores them.

The matters found are those the embedded ranking finds on the whole graph: the same
bounds, the same scores (the scoring functions are the embedded ones), only the order in
which equal candidates are looked at may differ, which the ranking does not depend on.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from queries.index import TitleShape
from queries.ranking import (
    BONUS_STEPS,
    Pending,
    WordQuery,
    _Best,
    matter_bonus,
    offer_title,
    shape_score,
)
from queries.timeline import OTHERS
from store import cypher

#: Runs one read query with parameters and returns its records.
Run = Callable[..., list[Any]]

#: Titles (or pending items) looked at per round trip at first; each next chunk is larger.
_FIRST_CHUNK = 32


class _Items:
    """The matters of items, asked of the database for a few items at a time."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.matter: dict[str, tuple[str, int]] = {}

    def fetch(self, keys: Iterable[str]) -> None:
        wanted = sorted({k for k in keys if k not in self.matter})
        if wanted:
            r = self.run(cypher.matters_of_items(), keys=wanted)[0]
            for key, matter, size in zip(r["keys"], r["matters"], r["sizes"], strict=True):
                self.matter[key] = (matter, int(size))

    def of(self, keys: Iterable[str]) -> list[tuple[str, str, int]]:
        """``(item, matter, steps)`` of those of ``keys`` in a matter (fetched before)."""
        found = []
        for key in keys:
            if key in self.matter:
                matter, steps = self.matter[key]
                found.append((key, matter, steps))
        return found


class _Shapes:
    """Title shapes, made once per question."""

    def __init__(self) -> None:
        self.shapes: dict[str, TitleShape] = {}

    def __call__(self, title: str) -> TitleShape:
        shape = self.shapes.get(title)
        if shape is None:
            shape = self.shapes[title] = TitleShape.of(title)
        return shape


def _chunks(order: list[Any], reaches: Callable[[Any], bool]) -> Iterable[list[Any]]:
    """Growing chunks of ``order`` while its next element ``reaches``."""
    at, size = 0, _FIRST_CHUNK
    while at < len(order) and reaches(order[at]):
        yield order[at : at + size]
        at += size
        size *= 4


def word_fits(run: Run, q: WordQuery, keep: int | None) -> dict[str, float]:
    """:func:`queries.ranking.word_fits` of the graph the database holds."""
    unique = list(dict.fromkeys(q.roots))
    query = cypher.words_query(cypher.TITLE_FIELD, unique)
    found = run(cypher.matter_titles_by_words(), words=query)[0]
    keys: dict[str, list[str]] = dict(zip(found["titles"], found["keys"], strict=True))
    counts: dict[str, int] = {}
    for title in keys:
        lower = title.lower()
        count = sum(root in lower for root in q.roots)
        if count:
            counts[title] = count
    if not counts:
        return _text_fits(run, q, keep)
    return _title_fits(run, q, keep, counts, keys)


def _title_fits(
    run: Run, q: WordQuery, keep: int | None, counts: dict[str, int], keys: dict[str, list[str]]
) -> dict[str, float]:
    """The titles holding a query word (``counts``: how many; ``keys``: their items in a
    matter) scored; then the texts of the items that may still reach the best ``keep``.

    Where :func:`queries.ranking.word_fits` orders the titles by a bound made of their
    3-grams, here each title's own score is computed first (in the client, from the title
    alone) and bounds it: the most an item of it can score is that score, what its text
    can add and the largest step bonus. Only the titles whose bound reaches the best
    ``keep`` found so far have their items' matters read, best bound first, in growing
    chunks; the matters found and their scores are those of the embedded ranking (the
    same scoring, a tighter bound)."""
    n = len(q.words)
    shape = _Shapes()
    order = []
    fits: dict[str, tuple[float, list[bool]]] = {}
    for title in counts:
        score, held = fits[title] = shape_score(q, shape(title))
        order.append(((score + (n - sum(held)) / 3) / n + matter_bonus(BONUS_STEPS), title))
    order.sort(key=lambda o: (-o[0], o[1]))
    best = _Best(keep)
    items = _Items(run)
    pending: list[Pending] = []
    for chunk in _chunks(order, lambda o: best.reaches(o[0])):
        items.fetch(k for _, title in chunk for k in keys[title])
        for most, title in chunk:
            if not best.reaches(most):
                break
            offer_title(best, pending, n, fits[title], items.of(keys[title]))
    pending.sort(key=lambda p: -p[0])
    _offer_texts(run, q, best, pending)
    return best.ranked()


def _offer_texts(
    run: Run,
    q: WordQuery,
    best: _Best,
    pending: list[Pending],
) -> None:
    """Offer the matters of ``pending`` items (most promising first) what their texts add,
    asking the database which words a text holds only while an item can reach the best."""
    n = len(q.words)
    roots = list(dict.fromkeys(q.roots))
    for chunk in _chunks(pending, lambda p: best.reaches(p[0])):
        wanted = [p[1] for p in chunk if best.reaches(p[0])]
        found = run(cypher.text_roots_of_items(), keys=wanted, roots=roots)[0]
        held_by = {k: set(r) for k, r in zip(found["keys"], found["roots"], strict=True)}
        for upper, item, matter, score, held, bonus in chunk:
            if not best.reaches(upper):
                return
            in_text = held_by.get(item, set())
            count = sum(r in in_text for r, h in zip(q.roots, held, strict=True) if not h)
            if count:
                best.offer(matter, (score + count / 3) / n + bonus)


def _text_fits(run: Run, q: WordQuery, keep: int | None) -> dict[str, float]:
    """:func:`queries.ranking._text_fits`: no title of an item in a matter holds a query
    word; the items whose texts hold one, by title, the titles with the most of the query's
    letter 3-grams first."""
    n = len(q.words)
    unique = list(dict.fromkeys(q.roots))
    queries = [cypher.words_query(cypher.TEXT_FIELD, [root]) for root in unique]
    holders: dict[str, set[str]] = {root: set() for root in unique}
    titled: dict[str, set[str]] = defaultdict(set)  # title -> its items holding a word
    titles_of: dict[str, set[str]] = defaultdict(set)
    found = run(cypher.matter_titles_by_each(), queries=queries)[0]
    for n_root, title, keys in zip(found["ns"], found["titles"], found["keys"], strict=True):
        root = unique[n_root]
        holders[root].update(keys)
        titled[title].update(keys)
        titles_of[root].add(title)
    most_words: dict[str, int] = defaultdict(int)
    for root in q.roots:
        for title in titles_of[root]:
            most_words[title] += 1
    shape = _Shapes()
    share = 0.5 / len(q.grams) if q.grams else 0.0
    most = matter_bonus(BONUS_STEPS)
    order = []
    for title, words in most_words.items():
        grams = sum(g in shape(title).padded for g in q.grams)
        order.append((-(share * grams + words / (3 * n) + most), title))
    heapq.heapify(order)
    best = _Best(keep)
    items = _Items(run)
    while order:
        bound, title = heapq.heappop(order)
        if not best.reaches(-bound):
            break
        if any(k not in items.matter for k in titled[title]):
            # This title's items and those of the next titles that may reach, together.
            ahead = heapq.nsmallest(_FIRST_CHUNK, order)
            items.fetch(
                [*titled[title], *(k for b, t in ahead if best.reaches(-b) for k in titled[t])]
            )
        score = shape_score(q, shape(title))[0]
        for item, matter, steps in items.of(sorted(titled[title])):
            in_text = sum(item in holders[root] for root in q.roots)
            if in_text:
                best.offer(matter, (score + in_text / 3) / n + matter_bonus(steps))
    return best.ranked()


def matters_by_words(run: Run, query: str, limit: int) -> tuple[list[str], list[str]]:
    """The matters the embedded ``fitting_matters`` answers ``query`` (words) with, and
    those it lists as also fitting: keys, each list sorted."""
    q = WordQuery.of(query)
    if not q.words:
        return [], []
    keep = limit + OTHERS
    scores = word_fits(run, q, keep)
    if not scores:
        return [], []
    # queries.timeline.rank_matters and fitting_matters, from the scores.
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    rounded = [(m, round(s, 4)) for m, s in ranked]
    best = rounded[0][1]
    shown = [m for m, s in rounded[:limit] if s >= 0.5 * best]
    others = [m for m, _ in rounded[len(shown) : len(shown) + OTHERS]]
    return sorted(shown), sorted(others)


__all__ = ["matters_by_words", "word_fits"]
