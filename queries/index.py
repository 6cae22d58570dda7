"""Indexes of a loaded graph, so that a question reads only what its answer is made of.

A question used to walk every node of the graph and lower-case every item's text (half a
second for ``casegraph case`` at 100k items, growing with the corpus). :func:`query_index`
builds the :class:`QueryIndex` of a graph once -- one pass over its nodes -- and keeps it
with the graph; every later question looks up:

* agenda items by case number in canonical form (:func:`core.text.canonical_case_number`:
  ``24-000963``, ``24/963`` and ``24-963`` are one number);
* agenda items by the words of their titles, and the words of every title
  (the vocabulary), so that a word found inside a compound (``regningsbetaling`` in
  *Centraliseringsregningsbetaling*) is found as before, from the vocabulary, not from the items;
* each item's matter and each matter's items;
* the documented meetings, the meetings of each forum, and the people.

Body text is not indexed here: the store's full-text index (SQLite FTS5) answers words of
the text (:func:`text_candidates`), and without a store the items are read one by one, as
before.

The index belongs to the graph object it was built from and is built again when the graph
gained or lost nodes. A graph changed in place otherwise (attributes, edges) keeps a stale
index until :func:`forget` is called; the graph a store hands out is derived anew instead.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("item:x:2024-03-01:2", type="AgendaItem", title="Boliger til flygtninge",
...            case_numbers=["24-000963"])
>>> G.add_node("matter:x:2024-03-01:2", type="Matter", items=["item:x:2024-03-01:2"])
>>> index = query_index(G)
>>> index.case_items["24-963"], sorted(index.title_items("bolig"))
(['item:x:2024-03-01:2'], ['item:x:2024-03-01:2'])
>>> index.item_matter["item:x:2024-03-01:2"]
'matter:x:2024-03-01:2'
>>> query_index(G) is index
True
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from typing import Any, Protocol

import networkx as nx

from core import schema
from core.errors import StoreError
from core.text import WORD_RE, canonical_case_number, title_grams


class _FullText(Protocol):
    """What :func:`text_candidates` needs of a store: FTS5 rows, the item key first."""

    def search_rows(self, match: str, limit: int) -> list[tuple[Any, ...]]: ...


class QueryIndex:
    """The look-ups of one graph (see the module). Build it with :func:`query_index`."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.size = len(G)
        self.items: list[str] = []
        self.matter_items: dict[str, tuple[str, ...]] = {}
        self.case_items: dict[str, list[str]] = defaultdict(list)
        self.title_words: dict[str, list[str]] = defaultdict(list)
        self.documented: list[str] = []
        self.forum_meetings: dict[str, list[str]] = defaultdict(list)
        self.persons: list[str] = []
        for node, d in G.nodes(data=True):
            kind = d.get("type")
            if kind == schema.AGENDA_ITEM:
                self._add_item(node, d)
            elif kind == schema.MATTER:
                self.matter_items[node] = tuple(d.get("items") or ())
            elif kind == schema.MEETING:
                self.forum_meetings[str(d.get("forum") or "").casefold()].append(node)
                if d.get("documented"):
                    self.documented.append(node)
            elif kind == schema.PERSON:
                self.persons.append(node)
        self.item_matter = {i: m for m, items in self.matter_items.items() for i in items}
        self.vocabulary = tuple(sorted(self.title_words))
        self.persons.sort()
        self.documented.sort()
        for meetings in self.forum_meetings.values():
            meetings.sort()
        self._roots: dict[str, frozenset[str]] = {}
        self._title_grams: dict[str, frozenset[str]] | None = None

    def _add_item(self, node: str, d: dict[str, Any]) -> None:
        self.items.append(node)
        for number in d.get("case_numbers") or ():
            self.case_items[canonical_case_number(number)].append(node)
        for word in set(WORD_RE.findall((d.get("title") or "").lower())):
            self.title_words[word].append(node)

    def title_items(self, root: str) -> frozenset[str]:
        """The items whose lower-cased title contains ``root`` (a lower-case word or its
        stem): inside a word too, as in a compound."""
        found = self._roots.get(root)
        if found is None:
            words = (w for w in self.vocabulary if root in w)
            found = frozenset(i for w in words for i in self.title_words[w])
            if len(self._roots) > 4096:
                self._roots.clear()
            self._roots[root] = found
        return found

    def title_grams(self, G: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
        """Every distinct item title and its letter 3-grams (:func:`core.text.title_grams`),
        read on first use (the suggestions of a question that found nothing)."""
        if self._title_grams is None:
            titles = {G.nodes[i].get("title") or "" for i in self.items}
            self._title_grams = {t: title_grams(t) for t in titles}
        return self._title_grams

    def number_items(self, number: str) -> list[str]:
        """The items that carry case number ``number``, printed in any form."""
        return list(self.case_items.get(canonical_case_number(number), ()))


_INDEXES: weakref.WeakKeyDictionary[nx.MultiDiGraph, QueryIndex] = weakref.WeakKeyDictionary()


def query_index(G: nx.MultiDiGraph) -> QueryIndex:
    """The index of ``G``: built on first use, kept while ``G`` keeps its number of nodes."""
    index = _INDEXES.get(G)
    if index is None or index.size != len(G):
        index = QueryIndex(G)
        _INDEXES[G] = index
    return index


def forget(G: nx.MultiDiGraph) -> None:
    """Drop the index of ``G`` (after changing ``G`` in place); the next question builds it
    again."""
    _INDEXES.pop(G, None)


#: At most this many items come from the full-text index for one body-text question; they
#: are its best by BM25, and a question's answer is a few matters.
TEXT_CANDIDATES = 2000


def text_candidates(
    G: nx.MultiDiGraph, roots: list[str], store: _FullText | None = None
) -> list[str]:
    """Items whose text may contain one of ``roots``; each must still be checked.

    With a store: the items its full-text index finds with a word starting with a root (a
    root inside a compound of the text is not found this way). Without one, or when the
    store cannot search: every item of the graph.
    """
    index = query_index(G)
    if store is None or not roots:
        return index.items
    match = " OR ".join(f'"{root}"*' for root in roots)
    try:
        rows = store.search_rows(match, TEXT_CANDIDATES)
    except StoreError:  # a store that cannot search: read the items instead
        return index.items
    return [str(row[0]) for row in rows if row[0] in G]


__all__ = ["TEXT_CANDIDATES", "QueryIndex", "forget", "query_index", "text_candidates"]
