"""The texts of agenda items are kept once: in the stored records, not again in the full-text
index's table or in the graph cache.

The full-text index reads an item's text from its document's records (:func:`item_body`,
through the ``items_text`` view of :mod:`store.layout`). An agenda item node of the derived
graph carries the item's ``text`` (its sections) and ``decision``: more than half of a
cached partition. The cache keeps a placeholder instead (:func:`strip_texts`, only where the
records give back the very same values), and the store fills them in from the records of
the documents it reads bundles of (:func:`fill_texts`).

>>> import zlib
>>> records = zlib.compress(b'{"sha256": "ab", "meeting": {"items": [{"number": 4,'
...     b' "sections": [{"text": "Sag."}, {"text": "Mere."}], "decision": "Godkendt."}]}}')
>>> texts = item_texts(records)
>>> texts
{4: ('Sag.\\n\\nMere.', 'Godkendt.')}
>>> node = ("item:m:4", {"type": "AgendaItem", "number": 4, "sha256": "ab",
...                      "text": "Sag.\\n\\nMere.", "decision": "Godkendt."})
>>> [bundle] = strip_texts([Bundle([node], [])], {"ab": texts})
>>> bundle.nodes[0][1]["text"]
Ellipsis
>>> fill_texts([bundle], {"ab": records}.get)
True
>>> bundle.nodes[0] == node
True
"""

from __future__ import annotations

import functools
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from core import schema
from core.errors import StoreError
from core.records import Document
from graph.partition import Bundle, Part

#: What the cache holds in place of an item's text or decision (marshal keeps it, and no
#: attribute of a derived graph is one).
PLACEHOLDER = ...
#: The attributes of an agenda item node kept in the records.
TEXT_FIELDS = ("text", "decision")

Texts = dict[int, tuple[str, str | None]]


def item_texts(records: bytes | str) -> Texts:
    """Item number -> ``(text, decision)`` of a document's stored records, as the graph's
    item nodes carry them (the text is the item's sections joined, as
    :attr:`core.records.AgendaItem.text`); the last item of a number wins, as in the graph."""
    return {number: (text, decision) for number, text, decision in _items(records)}


def item_body(records: bytes | str, position: int) -> str:
    """The text the full-text index holds for the item at ``position`` of a document's
    stored records: its text and decision (``casegraph_item_body`` of SQL).

    >>> item_body('{"meeting": {"items": [{"number": 1, "sections": [{"text": "Sag."}],'
    ...     ' "decision": "Godkendt."}]}}', 0)
    'Sag.\\nGodkendt.'
    """
    _, text, decision = _items(records)[position]
    return "\n".join(filter(None, [text, decision]))


@functools.lru_cache(maxsize=256)
def _items(records: bytes | str) -> list[tuple[int, str, str | None]]:
    """``(number, text, decision)`` of each item of stored records (the full-text index
    reads a document's items one after another: each document is decoded once)."""
    if isinstance(records, bytes):
        records = zlib.decompress(records).decode()
    data = json.loads(records)
    return [
        (
            item["number"],
            "\n\n".join(section["text"] for section in item.get("sections") or ()),
            item.get("decision"),
        )
        for item in data["meeting"]["items"]
    ]


def _restorable(d: dict[str, Any], texts: dict[str, Texts]) -> bool:
    if d.get("type") != schema.AGENDA_ITEM or not all(f in d for f in TEXT_FIELDS):
        return False
    kept = texts.get(d.get("sha256"), {}).get(d.get("number"))  # type: ignore[arg-type]
    return kept is not None and kept == (d["text"], d["decision"])


def strip_texts(bundles: Iterable[Bundle], texts: dict[str, Texts]) -> list[Bundle]:
    """``bundles`` with a :data:`PLACEHOLDER` for the text and decision of each item node
    that ``texts`` (document sha256 -> :func:`item_texts`) gives back exactly (new attribute
    dicts; ``bundles`` are left as they are)."""
    stripped: dict[int, dict[str, Any]] = {}

    def lean(d: dict[str, Any]) -> dict[str, Any]:
        if id(d) not in stripped:
            restorable = _restorable(d, texts)
            stripped[id(d)] = (
                {k: PLACEHOLDER if k in TEXT_FIELDS else v for k, v in d.items()}
                if restorable
                else d
            )
        return stripped[id(d)]

    return [Bundle([(n, lean(d)) for n, d in b.nodes], b.edges) for b in bundles]


def document_texts(doc: Document) -> Texts:
    """:func:`item_texts` of a document read already (its records decoded): the same
    values, without decoding the records again.

    >>> from core.records import AgendaItem, Meeting, Section, Source
    >>> src = Source("a.txt", "ab", 1, 1)
    >>> item = AgendaItem(number=4, title="T", source=src, decision="Godkendt.",
    ...     sections=(Section("Sagen", "Sag.", src), Section("Mere", "Mere.", src)))
    >>> document_texts(Document("a.txt", "ab", Meeting("Byrådet", "2021-02-03", src,
    ...     items=(item,))))
    {4: ('Sag.\\n\\nMere.', 'Godkendt.')}
    """
    return {item.number: (item.text, item.decision) for item in doc.meeting.items}


def strip_part(
    part: Part,
    records: Iterable[tuple[str, bytes | str]] = (),
    documents: Iterable[Document] | None = None,
) -> Part:
    """``part`` as the cache keeps it: :func:`strip_texts` with the texts of ``records``
    (``(sha256, stored records)`` of the partition's documents), or of ``documents`` when
    they are given (the partition's documents as read from those records)."""
    if documents is not None:
        texts = {doc.sha256: document_texts(doc) for doc in documents}
    else:
        texts = {sha: item_texts(value) for sha, value in records}
    bundles = strip_texts(part.bundles.values(), texts)
    return Part(
        dict(zip(part.bundles, bundles, strict=True)), part.needs, part.matters, part.item_matter
    )


def kept_texts(part: Part, several: Iterable[str] = ()) -> list[str]:
    """The agenda items of ``part`` as the cache keeps it (:func:`strip_part`) whose text is
    not their records' (the cache keeps it), and those of ``several`` (item keys that more
    than one stored document has: the graph's item is one of them), sorted.

    >>> item = {"type": "AgendaItem", "text": PLACEHOLDER, "decision": PLACEHOLDER}
    >>> part = Part({"m": Bundle([("item:m:1", item), ("item:m:2", {**item, "text": "T."}),
    ...     ("item:m:3", item)], [])}, {}, {}, {})
    >>> kept_texts(part, ["item:m:3", "item:x:9"])
    ['item:m:2', 'item:m:3']
    """
    shared = set(several)
    return sorted(
        {key for key, d in _item_nodes(part) if d.get("text") is not PLACEHOLDER or key in shared}
    )


def item_keys(part: Part) -> list[str]:
    """The keys of the agenda items of ``part``, sorted: the only keys of ``several`` that
    :func:`kept_texts` reads.

    >>> item_keys(Part({"m": Bundle([("item:m:2", {"type": "AgendaItem"}),
    ...     ("person:x", {"type": "Person"}), ("item:m:1", {"type": "AgendaItem"})], [])},
    ...     {}, {}, {}))
    ['item:m:1', 'item:m:2']
    """
    return sorted({key for key, _ in _item_nodes(part)})


def _item_nodes(part: Part) -> Iterator[tuple[str, dict[str, Any]]]:
    """The agenda item nodes of ``part``'s bundles (an item in several bundles once each)."""
    for bundle in part.bundles.values():
        for key, d in bundle.nodes:
            if d.get("type") == schema.AGENDA_ITEM:
                yield key, d


def fill_texts(bundles: Iterable[Bundle], records: Callable[[str], bytes | str | None]) -> bool:
    """Put the texts back into the item nodes of ``bundles`` (in place), from ``records``
    (document sha256 -> its stored records, None when not stored); False when one cannot
    be (the records changed since: the cache is stale)."""
    texts: dict[str, Texts | None] = {}
    for bundle in bundles:
        for _, d in bundle.nodes:
            if d.get("text") is not PLACEHOLDER:
                continue
            sha = str(d.get("sha256"))
            if sha not in texts:
                found = records(sha)
                texts[sha] = None if found is None else item_texts(found)
            kept = (texts[sha] or {}).get(d.get("number"))  # type: ignore[arg-type]
            if kept is None:
                return False
            d["text"], d["decision"] = kept
    return True


class LazyTexts(dict[str, Any]):
    """The attributes of an agenda item node whose text and decision are read from the
    records when first asked for (``load`` puts them in): a question that reads a few items'
    texts decodes only their documents.

    Every way of reading a value goes through :meth:`__getitem__` (``get``, ``items``,
    ``values``, ``copy``, comparing, and ``dict(d)``, since :meth:`__iter__` is its own).

    >>> d = LazyTexts({"title": "T", "text": PLACEHOLDER},
    ...               lambda d: d.update(text="Sag.", decision="Godkendt."))
    >>> d["title"], dict.get(d, "text")
    ('T', Ellipsis)
    >>> d.get("text"), dict(d) == {"title": "T", "text": "Sag.", "decision": "Godkendt."}
    ('Sag.', True)
    """

    __slots__ = ("_load",)

    def __init__(self, attrs: dict[str, Any], load: Callable[[dict[str, Any]], None]) -> None:
        super().__init__(attrs)
        self._load: Callable[[dict[str, Any]], None] | None = load

    def _fill(self) -> None:
        load, self._load = self._load, None
        if load is not None:
            load(self)

    def __getitem__(self, key: str) -> Any:
        if key in TEXT_FIELDS:
            self._fill()
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        if key in TEXT_FIELDS:
            self._fill()
        return super().get(key, default)

    def __iter__(self) -> Iterator[str]:  # dict(d) and {**d} read the values one by one then
        return super().__iter__()

    def items(self) -> Any:
        self._fill()
        return super().items()

    def values(self) -> Any:
        self._fill()
        return super().values()

    def copy(self) -> dict[str, Any]:
        self._fill()
        return dict(super().items())

    def __eq__(self, other: object) -> bool:
        self._fill()
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __repr__(self) -> str:
        self._fill()
        return super().__repr__()


def texts_loader(connect: Callable[[], sqlite3.Connection]) -> Callable[[dict[str, Any]], None]:
    """What puts the text and decision of an item node (:class:`LazyTexts`) in, from the
    records of the store ``connect()`` opens (called when a text is first asked for: the
    answer may be made after the question closed the store; each document decoded once).

    Raises
    ------
    core.errors.StoreError
        When the records do not give them back (changed by hand since the graph was saved).
    """
    sql = "SELECT records FROM documents WHERE sha256 = ?"
    texts: dict[str, Texts | None] = {}

    def load(d: dict[str, Any]) -> None:
        sha = str(dict.get(d, "sha256"))
        if sha not in texts:
            row = connect().execute(sql, (sha,)).fetchone()
            try:
                texts[sha] = None if row is None else item_texts(row[0])
            except (ValueError, TypeError, LookupError, zlib.error):
                texts[sha] = None
        kept = (texts[sha] or {}).get(dict.get(d, "number"))  # type: ignore[arg-type]
        if kept is None:
            raise StoreError(
                f"the stored records of document {sha} changed since its graph was saved; "
                "run `casegraph relink --full`"
            )
        dict.__setitem__(d, "text", kept[0])
        dict.__setitem__(d, "decision", kept[1])

    return load


def texts_filler(conn: sqlite3.Connection) -> Callable[[list[Bundle]], bool]:
    """:func:`fill_texts` from the records of the store ``conn`` opens; False also for
    records a hand changed (the partition is derived again, which says so)."""
    sql = "SELECT records FROM documents WHERE sha256 = ?"

    def fill(bundles: list[Bundle]) -> bool:
        try:
            return fill_texts(
                bundles, lambda sha: (conn.execute(sql, (sha,)).fetchone() or [None])[0]
            )
        except (ValueError, TypeError, LookupError, zlib.error):
            return False

    return fill


__all__ = [
    "PLACEHOLDER",
    "TEXT_FIELDS",
    "LazyTexts",
    "document_texts",
    "fill_texts",
    "item_body",
    "item_keys",
    "item_texts",
    "kept_texts",
    "strip_part",
    "strip_texts",
    "texts_filler",
    "texts_loader",
]
