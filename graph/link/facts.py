"""What the linker reads of one agenda item alone: computed once per item and kept.

Most of the linker's per-item work (word stems of the text, title 3-grams, the numbers and
years of a title, its topic) depends on the item's own title, forum, date and text, not on the
other items. :class:`ItemFacts` holds it; :func:`item_facts` computes it for the items whose
facts are not known yet, taking the others from ``known`` (the link cache keeps them by a
digest of the whole item, :mod:`graph.link.incremental`), so a link after an add reads the
titles and texts of the new items only. The features that depend on other items too (gram
weights, common stems, routine topics, standing numbers) are computed from these by the
linker.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import re
from array import array
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from core.text import title_grams
from graph.link.evidence import next_year_part, title_slots, title_topic
from graph.link.features import _own_part, _stem_hashes, _years, title_rounds
from graph.link.model import LinkItem, LinkSettings
from graph.link.rounds import round_of
from graph.link.routine import is_routine, routine_topic


class TitleFacts(NamedTuple):
    """What the linker reads of a title (and the item's forum)."""

    #: :func:`graph.link.routine.routine_topic` of title and forum.
    topic: str
    #: :func:`graph.link.routine.is_routine` of the title (the settings' heads).
    routine_head: bool
    #: 3-grams of the title's topic (:func:`graph.link.evidence.title_topic`).
    grams: frozenset[str]
    years: frozenset[str]
    rounds: frozenset[str]
    slots: dict[str, frozenset[str]]
    own_part: tuple[str, ...] | None


class ItemFacts(NamedTuple):
    """The features of one item that depend on it alone (see the module's docstring)."""

    title: TitleFacts
    #: :func:`graph.link.evidence.next_year_part`, before the forum's other meetings are seen.
    next_year: tuple[str, ...] | None
    #: Hashes of the word stems of the first ``settings.max_text_chars`` of the text.
    stems: frozenset[int]
    #: :func:`graph.link.rounds.round_of`: the pool or plan whose round the item is.
    round_of: tuple[str, ...] | None = None


def item_digest(item: LinkItem) -> bytes:
    """A digest of every field of ``item`` (text included).

    >>> a = LinkItem("i", "m", "F", "2024-01-01", 1, "Budget", text="x")
    >>> item_digest(a) == item_digest(LinkItem("i", "m", "F", "2024-01-01", 1, "Budget", text="x"))
    True
    >>> item_digest(a) == item_digest(LinkItem("i", "m", "F", "2024-01-01", 1, "Budget", text="y"))
    False
    """
    fields = (
        item.key,
        item.meeting,
        item.forum,
        item.date,
        item.number,
        item.title,
        item.text,
        item.case_numbers,
        item.mentions,
        item.earlier,
        item.prepares,
        item.municipality,
    )
    return hashlib.blake2b(marshal.dumps(fields), digest_size=16).digest()


def item_facts(
    items: Sequence[LinkItem],
    settings: LinkSettings,
    digests: Sequence[bytes] | None = None,
    known: Mapping[bytes, ItemFacts] | None = None,
) -> list[ItemFacts]:
    """The :class:`ItemFacts` of each item; those ``known`` holds under the item's digest
    (``digests``, parallel to ``items``) are taken from it.

    Items of one title (and forum) share the title's facts, items of one text its stems
    (less memory, and the linker takes two items of one title as alike at once).

    >>> items = [LinkItem("a", "m1", "F", "2024-01-01", 1, "Budgetopfølgning 2 2024"),
    ...          LinkItem("b", "m2", "F", "2024-02-01", 1, "Budgetopfølgning 2 2024")]
    >>> a, b = item_facts(items, LinkSettings())
    >>> a.title is b.title, sorted(a.title.years), sorted(a.title.rounds)
    (True, ['2024'], ['2'])
    """
    chars, heads = settings.max_text_chars, settings.routine_heads
    titles: dict[tuple[str, str], TitleFacts] = {}
    grams_of: dict[str, frozenset[str]] = {}
    texts: dict[str, frozenset[int]] = {}
    found: list[ItemFacts] = []
    for x, it in enumerate(items):
        if known is not None and digests is not None:
            hit = known.get(digests[x])
            if hit is not None:
                found.append(hit)
                continue
        title = titles.get((it.title, it.forum))
        if title is None:
            grams = grams_of.get(it.title)
            if grams is None:
                # A title's topic: the forums it is addressed to say nothing of the business.
                grams = grams_of[it.title] = title_grams(title_topic(it.title))
            title = titles[(it.title, it.forum)] = TitleFacts(
                routine_topic(it.title, it.forum),
                is_routine(it.title, heads),
                grams,
                _years(it.title),
                title_rounds(it.title),
                title_slots(it.title),
                _own_part(it.title, it.forum),
            )
        text = it.text[:chars]
        stems = texts.get(text)
        if stems is None:
            stems = texts[text] = frozenset(_stem_hashes(text))
        own = title.own_part
        next_year = next_year_part(it.title, it.forum, it.date) if own is not None else None
        rounds = round_of(it.title, it.forum, it.text, it.date)
        found.append(ItemFacts(title, next_year, stems, rounds))
    return found


class Packed:
    """The titles and texts packed so far: :func:`pack` adds those of facts it has not
    packed and writes the others by their rows (a link after an add packs its new items'
    only). The title and stems objects are kept, so that their ids stay theirs."""

    def __init__(
        self,
        rows: list[tuple[Any, ...]] | None = None,
        stems: array[int] | None = None,
        ends: array[int] | None = None,
        titles: Sequence[TitleFacts] = (),
        texts: Sequence[frozenset[int]] = (),
    ) -> None:
        self.rows = rows if rows is not None else []
        self.stems = stems if stems is not None else array("I")
        self.ends = ends if ends is not None else array("I")
        self.titles, self.texts = list(titles), list(texts)
        self.title_index = {id(t): x for x, t in enumerate(self.titles)}
        self.stem_index = {id(s): y for y, s in enumerate(self.texts)}

    def clear(self) -> None:
        """Forget every title and text packed."""
        self.rows, self.stems, self.ends = [], array("I"), array("I")
        self.titles, self.texts, self.title_index, self.stem_index = [], [], {}, {}

    def title(self, title: TitleFacts) -> int:
        x = self.title_index.get(id(title))
        if x is None:
            x = self.title_index[id(title)] = len(self.rows)
            # A title's 3-grams as one string (each gram is 3 characters): far quicker to
            # write and read than a set of strings.
            self.rows.append((*title[:2], "".join(title.grams), *title[3:]))
            self.titles.append(title)
        return x

    def text(self, stems: frozenset[int]) -> int:
        y = self.stem_index.get(id(stems))
        if y is None:
            y = self.stem_index[id(stems)] = len(self.ends)
            self.stems.extend(stems)
            self.ends.append(len(self.stems))
            self.texts.append(stems)
        return y


def pack(facts: Sequence[ItemFacts], kept: Packed | None = None) -> tuple[Any, ...]:
    """``facts`` as plain data for :mod:`marshal`, each title's and each text's once (the
    stems as one array of 32-bit hashes): :func:`unpack` reads it. ``kept``: the titles and
    texts packed before (:func:`unpack_kept`), added to; packed anew when more than half of
    them are no item's any more.

    >>> items = [LinkItem("a", "m1", "F", "2024-01-01", 1, "Budget 2024", text="Nyt budget"),
    ...          LinkItem("b", "m2", "F", "2024-02-01", 2, "Budget 2024", text="Nyt budget")]
    >>> facts = item_facts(items, LinkSettings())
    >>> again = unpack(marshal.loads(marshal.dumps(pack(facts))))
    >>> again == facts, again[0].title is again[1].title, again[0].stems is again[1].stems
    (True, True, True)
    >>> later, kept = unpack_kept(marshal.loads(marshal.dumps(pack(facts))))
    >>> more = item_facts([LinkItem("c", "m3", "F", "2024-03-01", 1, "Vej", text="Ny vej")],
    ...                   LinkSettings())
    >>> unpack(marshal.loads(marshal.dumps(pack([*later, *more], kept)))) == [*facts, *more]
    True
    """
    tables = kept if kept is not None else Packed()
    of_title = array("I", map(tables.title, (f.title for f in facts)))
    of_stems = array("I", map(tables.text, (f.stems for f in facts)))
    if kept is not None and (
        len(tables.rows) > 2 * len(set(of_title)) or len(tables.ends) > 2 * len(set(of_stems))
    ):
        tables.clear()
        return pack(facts, tables)
    next_years = {x: f.next_year for x, f in enumerate(facts) if f.next_year is not None}
    rounds = {x: f.round_of for x, f in enumerate(facts) if f.round_of is not None}
    return (
        tables.rows,
        of_title.tobytes(),
        tables.stems.tobytes(),
        tables.ends.tobytes(),
        of_stems.tobytes(),
        next_years,
        rounds,
    )


def unpack(packed: tuple[Any, ...]) -> list[ItemFacts]:
    """The facts :func:`pack` wrote (those of one title or text share it again)."""
    return unpack_kept(packed)[0]


def unpack_kept(packed: tuple[Any, ...]) -> tuple[list[ItemFacts], Packed]:
    """:func:`unpack`, and the titles and texts read, for :func:`pack` to add to."""
    if not packed:
        return [], Packed()
    rows, of_title_bytes, stems_bytes, ends_bytes, of_stems_bytes, next_years, rounds = packed
    grams_of: dict[str, frozenset[str]] = {}
    # NamedTuples made as tuples (no Python-level constructor per row: 14k items a link).
    make_title = functools.partial(tuple.__new__, TitleFacts)
    make_item = functools.partial(tuple.__new__, ItemFacts)
    titles = []
    for row in rows:
        joined = row[2]
        grams = grams_of.get(joined)
        if grams is None:
            grams = grams_of[joined] = frozenset(_GRAM.findall(joined))
        titles.append(make_title((row[0], row[1], grams, *row[3:])))
    values, ends, of_title, of_stems = array("I"), array("I"), array("I"), array("I")
    values.frombytes(stems_bytes)
    ends.frombytes(ends_bytes)
    of_title.frombytes(of_title_bytes)
    of_stems.frombytes(of_stems_bytes)
    flat = values.tolist()
    sets = [frozenset(flat[a:b]) for a, b in zip([0, *ends[:-1]], ends, strict=True)]
    index = range(len(of_title))
    rows_of = zip(
        map(titles.__getitem__, of_title),
        map(next_years.get, index),
        map(sets.__getitem__, of_stems),
        map(rounds.get, index),
        strict=True,
    )
    return list(map(make_item, rows_of)), Packed(rows, values, ends, titles, sets)


#: A title's 3-grams as :func:`pack` joins them (each gram is 3 characters).
_GRAM = re.compile(".{3}", re.DOTALL)
