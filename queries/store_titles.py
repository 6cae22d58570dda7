"""Word questions ranked from the store's tables, before any graph is read.

``casegraph case WORDS`` and ``casegraph attended WORDS`` answer from a few meetings' bundles
(:func:`casegraph.answers.question_graph`). Which meetings: those of the matters that can be
among the best ``keep``. :class:`StoreTitles` is the :class:`queries.ranking.TitleIndex` of
the items whose titles hold a query word, read from the store's title tables
(``title_vocab``, ``title_postings``) with each item's matter from the partitions' tables
(:mod:`store.tables`; the heads of their saved graphs for tables written before the
matters were); :func:`queries.ranking.rank_titles` ranks them exactly as it ranks a loaded
graph's titles. The head of a partition's graph is read only to read its bundles. An
item's text is read only when the most it can add could bring its matter among the best:
first its text and decision as the store keeps them (the text cannot hold a word they do
not), and only when they hold a word its meeting's bundle (the text as the graph has it).

The graph made of the best matters' bundles then answers as the whole graph would: each
of them is there with all its steps, and any other matter there scores at most what it
scores in the whole graph (some of its items may be missing), which ranks it no higher.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from core.errors import NoMatchError
from core.text import content_words, title_grams
from graph.partition import Bundle, closure, item_meeting
from queries.index import TitleShape
from queries.ranking import WordQuery, rank_texts, rank_titles, title_counts
from queries.timeline import closest_titles
from store.derived import PartIndex, read_bundles
from store.sqlite import RecordStore
from store.tables import MatterRow, tables_head
from store.texts import PLACEHOLDER, texts_filler

#: The most items whose text or decision may hold a query word that a question checks one
#: by one (more: the whole graph is read, and its texts).
TEXT_ITEMS = 50_000


@dataclass
class ItemMatters:
    """Each found item's matter and each matter's number of items: looked up for the items
    found (:mod:`store.lookup`), or, for a partition the lookup does not hold as of its
    change (a store written before it), from its tables (every item of it), or the head of
    its saved graph for tables older than those."""

    db: RecordStore
    #: Partition -> item -> its matter (those looked up; every item of a table read).
    item_matter: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Matter -> its number of items.
    steps: dict[str, int] = field(default_factory=dict)
    #: Matter -> its row in the lookup.
    numbers: dict[str, int] = field(default_factory=dict)
    #: Partition -> the items whose text is not their own row's records' (None: not known;
    #: :attr:`store.tables.PartTables.kept`), read when first asked for.
    kept: dict[str, set[str] | None] = field(default_factory=dict)
    _looked: set[int] = field(default_factory=set)
    _from_lookup: set[str] = field(default_factory=set)
    _from_tables: set[str] = field(default_factory=set)

    def read(self, rows: list[tuple[str, int, str, str, str]]) -> bool:
        """Read the matters of the items of ``rows`` (:meth:`store.words.WordTables.title_rows`);
        False when a partition has no current saved graph (it is derived first, by the
        slower way)."""
        states = self.db.partitions()
        new = sorted({p for *_, p in rows} - self._from_lookup - self._from_tables)
        lookup = self.db.lookup()
        if new and lookup is not None:
            heads = lookup.heads()
            self._from_lookup.update(
                p for p in new if p in states and heads.get(p) == tables_head(p, states[p])
            )
        where = {
            item_id: (item, p)
            for _w, item_id, item, _t, p in rows
            if p in self._from_lookup and item_id not in self._looked
        }
        if where and lookup is not None:
            self._looked.update(where)
            for item_id, (number, matter, steps, partition) in lookup.item_matters(where).items():
                item, p = where[item_id]
                if partition != p:
                    return False  # rows of another store's ids: the slower way
                self.item_matter.setdefault(p, {})[item] = matter
                self.steps[matter], self.numbers[matter] = steps, number
        for partition in new:
            if partition in self._from_lookup or partition not in states:
                continue
            tables = self.db.tables(partition, states[partition], ("matters", "kept"))
            if tables is not None:
                matters = tables.matters
                self.kept[partition] = None if tables.kept is None else set(tables.kept)
            else:
                head = part_head(self.db, partition, states[partition])
                if head is None:
                    return False
                matters, self.kept[partition] = head.item_matter, None
            self.item_matter[partition] = matters
            self.steps.update(Counter(matters.values()))
            self._from_tables.add(partition)
        return True

    def kept_of(self, partition: str) -> set[str] | None:
        """:attr:`kept` of ``partition``."""
        if partition not in self.kept:
            changed = self.db.partitions().get(partition)
            tables = None if changed is None else self.db.tables(partition, changed, ("kept",))
            self.kept[partition] = (
                None if tables is None or tables.kept is None else set(tables.kept)
            )
        return self.kept[partition]

    def matter_rows(self, matters: Collection[str]) -> dict[str, MatterRow] | None:
        """:attr:`store.tables.PartTables.matter_rows` of each of ``matters`` (looked up: read
        with the items found); None when one is not in the lookup."""
        lookup = self.db.lookup()
        if lookup is None or not all(m in self.numbers for m in matters):
            return None
        found = lookup.matter_rows(self.numbers[m] for m in matters)
        return found if len(found) == len(set(matters)) else None


@dataclass
class StoreTitles:
    """The titles holding one of a query's ``roots`` of the items in a matter, from the store
    ``db`` and each item's matter (``matters``): see the module."""

    db: RecordStore
    matters: ItemMatters
    roots: list[str]
    matter_title_items: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    root_titles: dict[str, set[str]] = field(default_factory=dict)
    #: Title -> the title's words that hold a root (the words a row of the tables names).
    title_words: dict[str, set[str]] = field(default_factory=dict)
    #: Item -> (its row id in the store, its partition).
    where: dict[str, tuple[int, str]] = field(default_factory=dict)
    #: The titles holding a root of every item (in a matter or not), for the suggestions.
    all_titles: set[str] = field(default_factory=set)
    _shapes: dict[str, TitleShape] = field(default_factory=dict)
    _bundles: dict[str, Bundle] = field(default_factory=dict)
    _heads: dict[str, PartIndex] = field(default_factory=dict)
    _grams: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, db: RecordStore, roots: list[str]) -> StoreTitles | None:
        """The titles holding one of ``roots`` in ``db``; None when the store has no title
        tables (written before them) or a partition holding one has no current saved graph
        (it is derived first, by the slower way)."""
        rows = db.words().title_rows(roots)
        matters = ItemMatters(db)
        if rows is None or not matters.read(rows):
            return None
        titles = cls(db, matters, roots, root_titles={root: set() for root in roots})
        titles._add(rows)
        titles.all_titles = {title for *_, title, _p in rows}
        return titles

    def _add(self, rows: list[tuple[str, int, str, str, str]]) -> None:
        item_matter, steps = self.matters.item_matter, self.matters.steps
        seen: set[str] = set()
        for word, item_id, item, title, partition in rows:
            matter = item_matter.get(partition, {}).get(item)
            if matter is None:
                continue
            self.title_words.setdefault(title, set()).add(word)
            for root in self.roots:
                if root in word:
                    self.root_titles.setdefault(root, set()).add(title)
            if item not in seen:
                seen.add(item)
                self.where[item] = (item_id, partition)
                entry = (item, matter, steps[matter])
                self.matter_title_items.setdefault(title, []).append(entry)

    # -- queries.ranking.TitleIndex ------------------------------------------------------

    def matter_titles_with(self, root: str) -> frozenset[str]:
        return frozenset(self.root_titles.get(root, ()))

    def titles_with_words(self, words: list[str]) -> frozenset[str]:
        """The titles holding each of ``words`` that holds a root, as a word of their own
        (more than :meth:`queries.index.QueryIndex.titles_with_words`, which checks the
        other words too: the ranking reads this only for the most a title can score)."""
        known = [w for w in set(words) if any(root in w for root in self.roots)]
        return frozenset(t for t, held in self.title_words.items() if held.issuperset(known))

    def gram_counts(self, grams: frozenset[str]) -> Counter[str]:
        """How many of ``grams`` each title holds (:meth:`QueryIndex.gram_counts`): the
        grams found in its padded words (:func:`padded_words`), without making the set of
        its 3-grams (thousands of titles for a word of the texts)."""
        counts: Counter[str] = Counter()
        for title in self.matter_title_items:
            found = self._grams.get(title)
            if found is None:
                found = self._grams[title] = padded_words(title)
            held = sum(gram in found for gram in grams)
            if held:
                counts[title] = held
        return counts

    def title_shape(self, title: str) -> TitleShape:
        shape = self._shapes.get(title)
        if shape is None:
            shape = self._shapes[title] = TitleShape.of(title)
        return shape

    def text_words(self, item: str, roots: list[str]) -> int:
        """How many of ``roots`` the lower-cased text of ``item`` holds: none when its text
        and decision as the store keeps them hold none, else its text as the graph has it:
        from its row's records when the tables tell that the graph's is that (most items),
        else read from its meeting's bundle, where the cache left it to the records from its
        own document's records (the bundle's other items are not filled)."""
        item_id, partition = self.where[item]
        body = (self.db.words().item_body(item_id) or "").lower()
        if not any(root in body for root in roots):
            return 0
        kept = self.matters.kept_of(partition)
        if kept is not None and item not in kept:
            lower = (self.db.words().row_text(item_id) or "").lower()
            return sum(root in lower for root in roots)
        meeting = item_meeting(item)
        bundle = self._bundles.get(meeting)
        if bundle is None:
            unfilled = dataclasses.replace(self.head(partition), fill=None)
            found = read_bundles(unfilled, [meeting]) or {}
            bundle = self._bundles[meeting] = found.get(meeting, Bundle([], []))
        d = next((d for key, d in bundle.nodes if key == item), {})
        text = d.get("text")
        if text is PLACEHOLDER:
            number = d.get("number")
            text = self.db.words().item_text(str(d.get("sha256")), number)
        lower = (text or "").lower()
        return sum(root in lower for root in roots)

    # -- what the question reads ---------------------------------------------------------

    def best_matters(self, q: WordQuery, keep: int | None) -> dict[str, float] | None:
        """The best ``keep`` matters for ``q`` (all: None) with their scores, best first: what
        :func:`queries.ranking.word_fits` gives on the whole graph; None when no title of an
        item in a matter holds a query word (the texts are searched then)."""
        counts = title_counts(self, q)
        if not counts:
            return None
        return rank_titles(self, q, counts, keep)

    def best_bundles(self, q: WordQuery, keep: int | None) -> dict[str, list[str]] | None:
        """The bundles (partition -> their keys, in the order of its file) of the meetings of
        the best ``keep`` matters for ``q`` (all: None) and of every step of them
        (:func:`graph.partition.closure`); None when no title of an item in a matter holds a
        query word (the texts are searched then)."""
        best = self.best_matters(q, keep)
        return None if best is None else self.bundles_of(best)

    def text_bundles(
        self, query: str, q: WordQuery, keep: int | None
    ) -> dict[str, list[str]] | None:
        """:meth:`best_bundles` when no title of an item in a matter holds a query word (see
        :meth:`text_matters`)."""
        found = self.text_matters(query, q, keep)
        return None if found is None else found[0].bundles_of(found[1])

    def text_matters(
        self, query: str, q: WordQuery, keep: int | None
    ) -> tuple[StoreTitles, dict[str, float]] | None:
        """:meth:`best_matters` when no title of an item in a matter holds a query word, and
        the titles of the items they were found by (whose :meth:`bundles_of` and
        :meth:`matter_rows` are theirs): the items whose texts hold one, found through the
        full-text index's terms and checked one by one (:meth:`text_words`), ranked by
        :func:`queries.ranking.rank_texts`. None when more than :data:`TEXT_ITEMS` items may
        hold one.

        Raises
        ------
        core.errors.NoMatchError
            When no text holds one, with the suggestions the whole graph gives (of the
            titles holding a word, or of every title when none does).
        """
        rows = self.db.words().text_rows(list(dict.fromkeys(q.roots)), TEXT_ITEMS)
        if rows is None or not self.matters.read(rows):
            return None
        texts = StoreTitles(self.db, self.matters, self.roots, _heads=self._heads)
        item_matter = self.matters.item_matter
        titles: dict[str, set[str]] = {root: set() for root in dict.fromkeys(q.roots)}
        may_hold = set()
        for root, _item_id, item, title, partition in rows:
            if item in item_matter.get(partition, ()):
                titles[root].add(title)
                may_hold.add((item, root))
        texts._add([row for row in rows if (row[2], row[0]) in may_hold])

        def holds(item: str, root: str) -> bool:
            return (item, root) in may_hold and texts.text_words(item, [root]) > 0

        frozen = {root: frozenset(t) for root, t in titles.items()}
        best = rank_texts(texts, q, holds, frozen, keep)
        if best:
            return texts, best
        every = self.all_titles or self.db.words().titles()  # none holds a word: of all
        suggestions = {t: title_grams(t) for t in every}
        raise NoMatchError(f"no matter matches {query!r}", closest_titles(query, suggestions))

    def head(self, partition: str) -> PartIndex:
        """The head of ``partition``'s saved graph (read once).

        Raises
        ------
        StaleHead
            When it is not saved as of the partition's change (its tables are).
        """
        head = self._heads.get(partition)
        if head is None:
            head = part_head(self.db, partition, self.db.partitions()[partition])
            if head is None:
                raise StaleHead(f"no saved graph of partition {partition!r} beside its tables")
            self._heads[partition] = head
        return head

    def bundles_of(self, matters: Collection[str]) -> dict[str, list[str]]:
        """The bundles (partition -> their keys, in the order of its file) of the meetings of
        every step of ``matters`` (found by these titles; :func:`graph.partition.closure`).

        Raises
        ------
        StaleHead
            When a partition's graph is not saved as of its change (its tables are).
        """
        by_partition: dict[str, list[str]] = defaultdict(list)
        for title_items in self.matter_title_items.values():
            for item, matter, _steps in title_items:
                if matter in matters:
                    by_partition[self.where[item][1]].append(item)
        keys: dict[str, list[str]] = {}
        for partition, items in sorted(by_partition.items()):
            head = self.head(partition)
            keys[partition] = closure(
                head.offsets, head.needs, head.matters, head.item_matter, items
            )
        return keys

    def matter_rows(self, matters: Collection[str]) -> dict[str, MatterRow] | None:
        """What an answer lists of each of ``matters`` (found by these titles) that it does
        not show (:meth:`ItemMatters.matter_rows`); None when they are not looked up."""
        return self.matters.matter_rows(matters)


_HEADS: weakref.WeakKeyDictionary[RecordStore, dict[tuple[str, int], PartIndex]] = (
    weakref.WeakKeyDictionary()
)


def part_head(db: RecordStore, partition: str, changed: int) -> PartIndex | None:
    """:meth:`store.sqlite.RecordStore.part_index`, read once for each open store (a question
    reads a partition's head to find the bundles it needs, and again to read them), its
    bundles filled through the store's connection of now."""
    heads = _HEADS.setdefault(db, {})
    head = heads.get((partition, changed))
    if head is None:
        head = db.part_index(partition, changed)
        if head is not None:
            heads[(partition, changed)] = head
        return head
    return dataclasses.replace(head, fill=texts_filler(db.words().conn))


def padded_words(title: str) -> str:
    """The content words of ``title`` padded with ``#``, apart: a 3-gram of
    :func:`core.text.title_grams` (no space in it) is one of the title's exactly when it is
    in this text.

    >>> padded_words("Budget 2021 og skoler")
    '#budget# #2021# #skoler#'
    >>> all(g in padded_words("Budget og skoler") for g in title_grams("Budget og skoler"))
    True
    """
    return " ".join(f"#{word}#" for word in content_words(title))


class StaleHead(LookupError):
    """A partition's tables are saved, but not its graph as of the same change."""


__all__ = ["TEXT_ITEMS", "ItemMatters", "StaleHead", "StoreTitles", "padded_words", "part_head"]
