"""Indexes of a loaded graph, so that a question reads only what its answer is made of.

A question used to walk every node of the graph and lower-case every item's text (half a
second for ``casegraph case`` at 100k items, growing with the corpus). :func:`query_index`
builds the :class:`QueryIndex` of a graph once -- one pass over its nodes -- and keeps it
with the graph; every later question looks up:

* agenda items by case number in canonical form (:func:`core.text.canonical_case_number`:
  ``24-000963``, ``24/963`` and ``24-963`` are one number);
* the distinct item titles by the words they hold, and the words of every title (the
  vocabulary), so that a word found inside a compound (``regningsbetaling`` in
  *Centraliseringsregningsbetaling*) is found as before, from the vocabulary, not from the
  items; each title's items, and of those the items in a matter;
* each title's shape as the word ranking reads it (:class:`TitleShape`), made on first use;
* each item's matter and each matter's items;
* the documented meetings, the meetings of each forum, and the people.

The words of the texts are gathered on the second question that needs them (a query no
title of a matter's item holds; the first reads the texts, as a command line's one question
should): each word of the texts of the items in a matter with the items holding it, the
words searched for a word part with ``bytes.find`` (:meth:`QueryIndex.text_items_with`).
It answers exactly what reading each text answers -- a word part inside a compound too --
where the store's full-text index (SQLite FTS5) finds only words that start with it, folds
accents, and ranks every match by BM25 first (45-240 ms for a common word at 100k items).

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

import bisect
import weakref
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core import schema
from core.text import FUNCTION_WORDS, WORD_RE, canonical_case_number, title_grams

if TYPE_CHECKING:
    import networkx as nx


class QueryIndex:
    """The look-ups of one graph (see the module). Build it with :func:`query_index`."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.size = len(G)
        self.items: list[str] = []
        self.item_data: dict[str, dict[str, Any]] = {}
        self.matter_items: dict[str, tuple[str, ...]] = {}
        self.case_items: dict[str, list[str]] = defaultdict(list)
        self.title_words: dict[str, set[str]] = defaultdict(set)
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
        self.title_members: dict[str, list[str]] = defaultdict(list)
        # Title -> (item, matter, the matter's number of items) of the items in a matter.
        self.matter_title_items: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for item in self.items:
            title = self.item_data[item].get("title") or ""
            self.title_members[title].append(item)
            matter = self.item_matter.get(item)
            if matter is not None:
                steps = len(self.matter_items[matter])
                self.matter_title_items[title].append((item, matter, steps))
        self.vocabulary = tuple(sorted(self.title_words))
        self.persons.sort()
        self.documented.sort()
        for meetings in self.forum_meetings.values():
            meetings.sort()
        self._roots: dict[str, frozenset[str]] = {}
        self._matter_roots: dict[str, frozenset[str]] = {}
        self._shapes: dict[str, TitleShape] = {}
        self._title_grams: dict[str, frozenset[str]] | None = None
        self._gram_titles: dict[str, list[str]] | None = None
        self._texts: _Texts | None = None
        self._texts_read = False

    def _add_item(self, node: str, d: dict[str, Any]) -> None:
        self.items.append(node)
        self.item_data[node] = d
        for number in d.get("case_numbers") or ():
            self.case_items[canonical_case_number(number)].append(node)
        title = d.get("title") or ""
        for word in WORD_RE.findall(title.lower()):
            self.title_words[word].add(title)

    def titles_with(self, root: str) -> frozenset[str]:
        """The distinct item titles whose lower-cased text contains ``root`` (a lower-case
        word or its stem): inside a word too, as in a compound."""
        found = self._roots.get(root)
        if found is None:
            words = (w for w in self.vocabulary if root in w)
            found = frozenset(t for w in words for t in self.title_words[w])
            if len(self._roots) > 4096:
                self._roots.clear()
            self._roots[root] = found
        return found

    def titles_with_words(self, words: list[str]) -> frozenset[str]:
        """The distinct titles that hold every one of ``words`` as a word of their own."""
        if not words:
            return frozenset()
        sets = sorted((self.title_words.get(w, set()) for w in set(words)), key=len)
        return frozenset(sets[0].intersection(*sets[1:]))

    def matter_titles_with(self, root: str) -> frozenset[str]:
        """:meth:`titles_with` ``root``, of the items in a matter only."""
        found = self._matter_roots.get(root)
        if found is None:
            found = frozenset(t for t in self.titles_with(root) if t in self.matter_title_items)
            if len(self._matter_roots) > 4096:
                self._matter_roots.clear()
            self._matter_roots[root] = found
        return found

    def title_items(self, root: str) -> frozenset[str]:
        """The items whose lower-cased title contains ``root`` (see :meth:`titles_with`)."""
        return frozenset(i for t in self.titles_with(root) for i in self.title_members[t])

    def title_shape(self, title: str) -> TitleShape:
        """The :class:`TitleShape` of ``title``, made once."""
        shape = self._shapes.get(title)
        if shape is None:
            shape = self._shapes[title] = TitleShape.of(title)
        return shape

    def text_items_with(self, root: str) -> frozenset[str]:
        """The items in a matter whose lower-cased text contains ``root`` (inside a word
        too); the texts' words are gathered on first use (:class:`_Texts`)."""
        return self._text_words().holding(root)[0]

    def text_titles_with(self, root: str) -> frozenset[str]:
        """The titles of :meth:`text_items_with` ``root``."""
        return self._text_words().holding(root)[1]

    def texts_holding(self, roots: list[str]) -> dict[str, frozenset[str]]:
        """:meth:`text_items_with` each of ``roots``. The first question asking reads the
        texts instead (as fast as gathering their words once, a few times faster than
        gathering them: a command line asks one question); the next gathers them."""
        if self._texts is None and not self._texts_read:
            self._texts_read = True
            found: dict[str, set[str]] = {root: set() for root in roots}
            for item in self.items:
                if item in self.item_matter:
                    text = (self.item_data[item].get("text") or "").lower()
                    for root, holders in found.items():
                        if root in text:
                            holders.add(item)
            return {root: frozenset(holders) for root, holders in found.items()}
        return {root: self.text_items_with(root) for root in roots}

    def text_words(self, item: str, roots: list[str]) -> int:
        """How many of ``roots`` the lower-cased text of ``item`` holds (inside a word too):
        from the texts' words once gathered, else read from the text."""
        if self._texts is not None:
            return sum(item in self._texts.holding(root)[0] for root in roots)
        lower = (self.item_data[item].get("text") or "").lower()
        return sum(root in lower for root in roots)

    def has_text_words(self) -> bool:
        """Whether the texts' words are gathered (:meth:`text_items_with` is then cheap)."""
        return self._texts is not None

    def _text_words(self) -> _Texts:
        if self._texts is None:
            items = [i for i in self.items if i in self.item_matter]
            self._texts = _Texts(items, self.item_data)
        return self._texts

    def title_grams(self, G: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
        """Every distinct item title and its letter 3-grams (:func:`core.text.title_grams`),
        read on first use (the suggestions of a question that found nothing)."""
        if self._title_grams is None:
            self._title_grams = {t: title_grams(t) for t in self.title_members}
        return self._title_grams

    def gram_counts(self, grams: frozenset[str]) -> Counter[str]:
        """How many of ``grams`` (letter 3-grams, :func:`core.text.title_grams`) each title
        of an item in a matter holds; titles holding none are left out. The titles' grams
        are gathered on first use."""
        if self._gram_titles is None:
            self._gram_titles = defaultdict(list)
            for title in self.matter_title_items:
                for gram in title_grams(title):
                    self._gram_titles[gram].append(title)
        counts: Counter[str] = Counter()
        for gram in grams:
            counts.update(self._gram_titles.get(gram, ()))
        return counts

    def number_items(self, number: str) -> list[str]:
        """The items that carry case number ``number``, printed in any form."""
        return list(self.case_items.get(canonical_case_number(number), ()))


#: The bytes of the letters a word (``WORD_RE``) is made of, in Latin-1; every other byte
#: becomes a space.
_WORD_BYTES = bytes(
    c if chr(c) in "0123456789abcdefghijklmnopqrstuvwxyzæøåéü" else 32 for c in range(256)
)


class _Texts:
    """The words of some items' texts (lower-cased, :data:`core.text.WORD_RE`), each with
    the items whose text holds it, to find the items whose text contains a word part.

    Each text is encoded as Latin-1, which holds every letter a word is made of; any other
    character becomes ``?``, and then a space, like every character no word holds. A word
    part is found in a word of a text exactly where ``root in text.lower()`` finds it
    (inside a compound too). The words are joined by newlines in one byte string, searched
    with ``bytes.find``.

    >>> texts = _Texts(["a", "b"], {"a": {"text": "Om Regningsbetaling."}, "b": {"text": "–"}})
    >>> texts.holding("betaling"), texts.holding("x"), texts.words
    ((frozenset({'a'}), frozenset({''})), (frozenset(), frozenset()), 2)
    """

    def __init__(self, items: list[str], data: dict[str, dict[str, Any]]) -> None:
        self.items = items
        postings: dict[bytes, list[int]] = defaultdict(list)
        for number, item in enumerate(items):
            text = (data[item].get("text") or "").lower().encode("latin-1", "replace")
            for word in set(text.translate(_WORD_BYTES).split()):
                postings[word].append(number)
        vocabulary = sorted(postings)
        self.words = len(vocabulary)
        self.postings = [postings[word] for word in vocabulary]
        self.starts: list[int] = []
        offset = 0
        for word in vocabulary:
            self.starts.append(offset)
            offset += len(word) + 1
        self.starts.append(offset)
        self.blob = b"\n".join(vocabulary)
        self.titles = [data[item].get("title") or "" for item in items]
        self._found: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def holding(self, root: str) -> tuple[frozenset[str], frozenset[str]]:
        """The items whose text contains ``root``, and their titles."""
        found = self._found.get(root)
        if found is None:
            try:
                needle = root.encode("latin-1")
            except UnicodeEncodeError:  # a letter no text keeps (see the class)
                return frozenset(), frozenset()
            hits: set[int] = set()
            position = self.blob.find(needle) if needle else -1
            while position != -1:
                word = bisect.bisect_right(self.starts, position) - 1
                hits.update(self.postings[word])
                position = self.blob.find(needle, self.starts[word + 1])
            found = (
                frozenset(self.items[number] for number in hits),
                frozenset(self.titles[number] for number in hits),
            )
            if len(self._found) > 1024:
                self._found.clear()
            self._found[root] = found
        return found


@dataclass(frozen=True, slots=True)
class TitleShape:
    """What the word ranking (:func:`queries.ranking.shape_score`) reads of a title:
    lower-cased, its words between spaces, its content words, and those joined with ``#``
    padding (for the letter 3-grams).

    >>> TitleShape.of("Boliger til flygtninge").padded
    '#boliger##flygtninge#'
    """

    lower: str
    spaced: str
    content: tuple[str, ...]
    padded: str

    @classmethod
    def of(cls, title: str) -> TitleShape:
        lower = title.lower()
        tokens = WORD_RE.findall(lower)
        content = tuple(t for t in tokens if t not in FUNCTION_WORDS)
        return cls(
            lower=lower,
            spaced=f" {' '.join(tokens)} ",
            content=content,
            padded="#" + "##".join(content) + "#",
        )


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


__all__ = ["QueryIndex", "TitleShape", "forget", "query_index"]
