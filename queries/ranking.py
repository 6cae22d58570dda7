"""Which matters fit the words of a question, and how well: the ranking behind ``casegraph
case`` and ``casegraph attended`` when the query is words.

An item scores how well its title fits the words (:func:`shape_score`), plus a third of a
word for each query word its text holds and its title does not, per query word; a matter
scores its best item's score, and at equal fit a little more for more steps
(:func:`matter_bonus`). Matters whose titles hold a query word are ranked first; only when
no title of an item in a matter does are the items' texts searched.

:func:`word_fits` answers from the indexes of :mod:`queries.index` and reads only what can
change the best ``keep`` matters: the distinct titles holding a query word, grouped by how
many words they hold, best group first; a group is skipped when the most it can score is
under the ``keep``-th matter found, and an item's text is read only when the most it can
add could bring its matter among them. :func:`word_fits_by_reading` is the same ranking
reading every title and, when no title fits, every text: the reference the fast path is
tested against (the same matters, the same scores, to the last bit).

>>> q = WordQuery.of("centralisering af regningsbetaling")
>>> q.roots, q.phrase
(['centralisering', 'regningsbetaling'], 'centralisering af regningsbetaling')
>>> round(shape_score(q, TitleShape.of("Centralisering af regningsbetaling"))[0], 3)
4.5
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from core.text import WORD_RE, content_words, stem, title_grams
from queries.index import QueryIndex, TitleShape, query_index

if TYPE_CHECKING:
    import networkx as nx

#: How much a matter gains per step at equal fit, and up to how many steps.
STEP_BONUS, BONUS_STEPS = 0.005, 10
#: An item whose text may add words: (most it can reach, item, matter, title score, words
#: the title holds, step bonus).
Pending = tuple[float, str, str, float, list[bool], float]
#: A group of more titles than this counts their 3-grams from the index of 3-grams.
_MANY_TITLES = 1000
#: Scores closer than this are equal when pruning (never when ranking).
_EPSILON = 1e-9


@dataclass(frozen=True)
class WordQuery:
    """The words of a query as the title scoring reads them: its content ``words``, their
    stems (``roots``), the query as a ``phrase`` of words, and its letter 3-grams."""

    words: list[str]
    roots: list[str]
    phrase: str
    grams: frozenset[str]

    @classmethod
    def of(cls, query: str) -> WordQuery:
        words = content_words(query)
        return cls(
            words=words,
            roots=[stem(w) for w in words],
            phrase=" ".join(WORD_RE.findall(query.lower())),
            grams=title_grams(query),
        )


def shape_score(q: WordQuery, shape: TitleShape) -> tuple[float, list[bool]]:
    """How well a title fits the query, and which query words it holds.

    Each word whose stem the title holds (inside a compound too) counts 1; the share of the
    query's letter 3-grams the title holds adds up to 0.5; the query as a phrase of the
    title's words 0.5; the share of the title's content words the query names 0.25 (so
    that the title the query *is* beats a longer title that only contains it).
    """
    held = [root in shape.lower for root in q.roots]
    if not any(held) and not q.grams:
        return 0.0, held
    fuzzy = sum(g in shape.padded for g in q.grams) / len(q.grams) if q.grams else 0.0
    score = sum(held) + 0.5 * fuzzy * len(q.words)
    if any(held):
        if q.phrase and f" {q.phrase} " in shape.spaced:
            score += 0.5 * len(q.words)
        named = sum(any(root in t for root in q.roots) for t in shape.content)
        score += 0.25 * len(q.words) * named / max(1, len(shape.content))
    return score, held


def matter_bonus(steps: int) -> float:
    """What a matter of ``steps`` items gains at equal fit.

    >>> matter_bonus(1), matter_bonus(40)
    (0.005, 0.05)
    """
    return STEP_BONUS * min(steps, BONUS_STEPS)


def text_words(text: str | None, q: WordQuery, held: list[bool]) -> int:
    """How many query words ``text`` holds that the title does not (``held``)."""
    lower = (text or "").lower()
    return sum(root in lower for root, h in zip(q.roots, held, strict=True) if not h)


class _Best:
    """Matter scores as they are found (each the best of its items so far), and the
    ``keep``-th best of them (``floor``, 0 while fewer): what an item must reach to count."""

    def __init__(self, keep: int | None) -> None:
        self.keep = keep
        self.scores: dict[str, float] = {}
        self.top: dict[str, float] = {}
        self.floor = 0.0

    def offer(self, matter: str, value: float) -> None:
        old = self.scores.get(matter)
        if old is not None and old >= value:
            return
        self.scores[matter] = value
        if self.keep is None:
            return
        if matter not in self.top and len(self.top) == self.keep:
            if value <= self.floor:
                return
            del self.top[min(self.top, key=self.top.__getitem__)]
        self.top[matter] = value
        if len(self.top) == self.keep:
            self.floor = min(self.top.values())

    def reaches(self, most: float) -> bool:
        """Whether a score of ``most`` could be among the best ``keep``."""
        return most >= self.floor - _EPSILON

    def ranked(self) -> dict[str, float]:
        return _ranked(self.scores, self.keep)


def _ranked(scores: dict[str, float], keep: int | None) -> dict[str, float]:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return dict(ranked[:keep] if keep is not None else ranked)


# -- the fast path: from the indexes --------------------------------------------------


def _most(q: WordQuery, held: int, grams: int, phrase: bool = True) -> float:
    """The most an item can score whose title holds ``held`` query words, ``grams`` of its
    letter 3-grams and (``phrase``) maybe the query as a phrase, when its text holds all the
    other words (:func:`shape_score`: the phrase counts only when the title holds every
    word, the words it names 0.25 at most)."""
    n = len(q.words)
    fuzzy = grams / len(q.grams) if q.grams else 0.0
    title = held + 0.5 * fuzzy * n + (0.5 * n if held == n and phrase else 0.0) + 0.25 * n
    return (title + (n - held) / 3) / n + matter_bonus(BONUS_STEPS)


def _grams(q: WordQuery, index: TitleIndex, title: str) -> int:
    """How many of the query's letter 3-grams ``title`` holds."""
    padded = index.title_shape(title).padded
    return sum(g in padded for g in q.grams)


class TitleIndex(Protocol):
    """What :func:`rank_titles` reads: :class:`queries.index.QueryIndex` of a loaded graph,
    or :class:`queries.store_titles.StoreTitles` of a store's title tables."""

    @property
    def matter_title_items(self) -> Mapping[str, list[tuple[str, str, int]]]:
        """Title -> (item, matter, the matter's number of items) of its items in a matter."""
        ...

    def matter_titles_with(self, root: str) -> frozenset[str]: ...

    def titles_with_words(self, words: list[str]) -> frozenset[str]: ...

    def gram_counts(self, grams: frozenset[str]) -> Counter[str]: ...

    def title_shape(self, title: str) -> TitleShape: ...

    def text_words(self, item: str, roots: list[str]) -> int:
        """How many of ``roots`` the text of ``item`` holds (inside a word too)."""
        ...


def title_counts(index: TitleIndex, q: WordQuery) -> dict[str, int]:
    """How many query words each title of an item in a matter holds (those holding one)."""
    held_by = {root: index.matter_titles_with(root) for root in dict.fromkeys(q.roots)}
    counts: dict[str, int] = defaultdict(int)
    for root in q.roots:
        for title in held_by[root]:
            counts[title] += 1
    return counts


def word_fits(G: nx.MultiDiGraph, q: WordQuery, keep: int | None = None) -> dict[str, float]:
    """The matters that fit ``q`` and their scores, best first (the best ``keep``, or all):
    what :func:`word_fits_by_reading` gives, from the indexes of ``G``
    (:func:`rank_titles`; the texts when no title of an item in a matter holds a word)."""
    index = query_index(G)
    counts = title_counts(index, q)
    if not counts:
        return _text_fits(index, q, keep)
    return rank_titles(index, q, counts, keep)


def offer_title(
    best: _Best,
    pending: list[Pending],
    n: int,
    fit: tuple[float, list[bool]],
    items: Iterable[tuple[str, str, int]],
) -> None:
    """Offer the matter of each of a title's ``items`` (item, matter, steps) what the title
    scores (``fit``: :func:`shape_score`, for a query of ``n`` words), and keep in ``pending``
    the items whose texts may add the words the title lacks, with the most they can reach.
    Both backends rank through this one step."""
    score, held = fit
    for item, matter, steps in items:
        bonus = matter_bonus(steps)
        if any(held):
            best.offer(matter, score / n + bonus)
        if not all(held):
            upper = (score + (n - sum(held)) / 3) / n + bonus
            pending.append((upper, item, matter, score, held, bonus))


def rank_titles(
    index: TitleIndex, q: WordQuery, counts: dict[str, int], keep: int | None = None
) -> dict[str, float]:
    """:func:`word_fits` when some titles hold a query word (``counts``, :func:`title_counts`).

    The titles holding a query word are scored best group first (by how many words they
    hold, then by the most each can score), until the most the next can score is under the
    ``keep``-th matter found; then the texts of the items that may still reach it are read,
    most promising first.
    """
    groups: dict[int, list[str]] = defaultdict(list)
    for title, count in counts.items():
        groups[count].append(title)
    n = len(q.words)
    best = _Best(keep)
    pending: list[Pending] = []
    phrased = index.titles_with_words(WORD_RE.findall(q.phrase))
    for count in sorted(groups, reverse=True):
        if not best.reaches(_most(q, count, len(q.grams))):
            break  # this group and those holding fewer words cannot reach the best `keep`
        # The titles' 3-grams and words tell them apart: the most promising first (the
        # 3-grams counted title by title, or from the index for a large group).
        if len(groups[count]) > _MANY_TITLES:
            counted = index.gram_counts(q.grams)
            order = [(_most(q, count, counted[t], t in phrased), t) for t in groups[count]]
        else:
            order = [(_most(q, count, _grams(q, index, t), t in phrased), t) for t in groups[count]]
        order.sort(reverse=True)
        for most, title in order:
            if not best.reaches(most):
                break
            score, held = shape_score(q, index.title_shape(title))
            offer_title(best, pending, n, (score, held), index.matter_title_items[title])
    pending.sort(key=lambda p: -p[0])
    for upper, item, matter, score, held, bonus in pending:
        if not best.reaches(upper):
            break  # neither this item nor any after it can reach the best `keep`
        in_text = index.text_words(item, [r for r, h in zip(q.roots, held, strict=True) if not h])
        if in_text:
            best.offer(matter, (score + in_text / 3) / n + bonus)
    return best.ranked()


def _text_fits(index: QueryIndex, q: WordQuery, keep: int | None) -> dict[str, float]:
    """:func:`word_fits` when no title of an item in a matter holds a query word: the items
    whose texts hold one (:meth:`QueryIndex.text_items_with`), by :func:`rank_texts`."""
    holders = index.texts_holding(list(dict.fromkeys(q.roots)))
    titles = {}
    for root, items in holders.items():
        if index.has_text_words():
            titles[root] = index.text_titles_with(root)
        else:
            titles[root] = frozenset(index.item_data[i].get("title") or "" for i in items)
    return rank_texts(index, q, lambda item, root: item in holders[root], titles, keep)


def rank_texts(
    index: TitleIndex,
    q: WordQuery,
    holds: Callable[[str, str], bool],
    titles: Mapping[str, frozenset[str]],
    keep: int | None,
) -> dict[str, float]:
    """:func:`word_fits` when no title of an item in a matter holds a query word: the items
    in a matter whose texts hold a root (``holds(item, root)``), the titles of items that
    may hold each root (``titles``: more is allowed, it only loosens the bounds) with the
    most of the query's letter 3-grams first; only the items of the titles that can still
    reach the best ``keep`` are asked."""
    n = len(q.words)
    # How many query words the texts of a title's items may hold: the words some text holds.
    most_words: dict[str, int] = defaultdict(int)
    for root in q.roots:
        for title in titles[root]:
            most_words[title] += 1
    grams = index.gram_counts(q.grams)
    share = 0.5 / len(q.grams) if q.grams else 0.0
    # No title holds a query word: a title adds at most its share of the query's 3-grams.
    most = matter_bonus(BONUS_STEPS)
    order = [(-(share * grams[t] + words / (3 * n) + most), t) for t, words in most_words.items()]
    heapq.heapify(order)
    best = _Best(keep)
    while order:
        most, title = heapq.heappop(order)
        if not best.reaches(-most):
            break
        score = shape_score(q, index.title_shape(title))[0]
        for item, matter, steps in index.matter_title_items[title]:
            in_text = sum(holds(item, root) for root in q.roots)
            if in_text:
                best.offer(matter, (score + in_text / 3) / n + matter_bonus(steps))
    return best.ranked()


# -- the reference: reading every title, and every text when no title fits ------------


def word_fits_by_reading(
    G: nx.MultiDiGraph, q: WordQuery, keep: int | None = None
) -> dict[str, float]:
    """:func:`word_fits` the slow way, as the questions answered before the indexes held
    the words: each title holding a query word is scored, and when none is in a matter,
    every item's text is read. For tests and benchmarks."""
    index = query_index(G)
    candidates: set[str] = set()
    for root in dict.fromkeys(q.roots):
        candidates |= index.title_items(root)
    candidates = {i for i in candidates if i in index.item_matter}
    if not candidates:
        candidates = {i for i in index.items if i in index.item_matter}
    n = len(q.words)
    titles: dict[str, tuple[float, list[bool]]] = {}
    scores: dict[str, float] = {}
    pending = []
    for item in sorted(candidates):
        matter = index.item_matter[item]
        title = G.nodes[item].get("title") or ""
        fit = titles.get(title)
        if fit is None:
            fit = titles[title] = shape_score(q, TitleShape.of(title))
        score, held = fit
        bonus = matter_bonus(len(index.matter_items[matter]))
        if any(held):
            scores[matter] = max(scores.get(matter, 0.0), score / n + bonus)
        if not all(held):
            upper = (score + (n - sum(held)) / 3) / n + bonus
            pending.append((upper, item, matter, score, held, bonus))
    floor = 0.0
    if keep is not None and len(scores) >= keep:
        floor = sorted(scores.values(), reverse=True)[keep - 1]
    for upper, item, matter, score, held, bonus in pending:
        if upper < floor - _EPSILON:
            continue  # cannot reach the best `keep`, whatever its text holds
        in_text = text_words(G.nodes[item].get("text"), q, held)
        if in_text:
            scores[matter] = max(scores.get(matter, 0.0), (score + in_text / 3) / n + bonus)
    return _ranked(scores, keep)


__all__ = [
    "TitleIndex",
    "WordQuery",
    "matter_bonus",
    "rank_texts",
    "rank_titles",
    "shape_score",
    "text_words",
    "title_counts",
    "word_fits",
    "word_fits_by_reading",
]
