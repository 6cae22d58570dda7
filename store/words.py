"""The look-ups of words in the titles and texts of a store's agenda items, for word questions
ranked before any graph is read (:mod:`queries.store_titles`): the title tables
(``title_vocab``, ``title_postings``), the items' texts (read from the records through the
``items_text`` view), and the terms of the full-text index (``items_fts``): found in the
store's ``text_terms`` (their postings through an ``fts5vocab`` table of the connection's
own), or, in a store written before that table and read without upgrading it, by reading
every term of the index.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from core.text import WORD_RE
from store.texts import item_texts

#: ``(word, item id, item key, title, partition)``.
Row = tuple[str, int, str, str, str]

#: How the full-text index folds the letters a word part may hold (remove_diacritics 2).
_FOLD = str.maketrans("åéü", "aeu")


@dataclass(frozen=True)
class WordTables:
    """The word look-ups of a store's connection ``conn`` (:meth:`RecordStore.words`)."""

    conn: sqlite3.Connection

    def title_rows(self, roots: list[str]) -> list[Row] | None:
        """``(title word, item id, item key, title, partition)`` of each word holding one of
        ``roots`` (inside a word too) of each item's lower-cased title; None when the store
        has no title words (written before them, and read without upgrading it)."""
        if not roots:
            return []
        held = " OR ".join("instr(v.word, ?) > 0" for _ in roots)
        # CROSS JOIN keeps the words first: without statistics SQLite scanned every posting
        # (50 ms at 100k items even for a word no title holds; 0.4 ms so); the rows come in
        # the order that scan gave them.
        try:
            rows = self.conn.execute(
                "SELECT v.word, i.id, i.item_key, i.title, d.partition FROM title_vocab v"
                " CROSS JOIN title_postings p ON p.word_id = v.id JOIN items i ON i.id = p.item_id"
                f" JOIN documents d ON d.sha256 = i.sha256 WHERE {held}"
                " ORDER BY p.item_id, p.word_id",
                roots,
            ).fetchall()
        except sqlite3.OperationalError:
            return None
        return [(str(w), int(i), str(k), str(t or ""), str(p)) for w, i, k, t, p in rows]

    def item_body(self, item_id: int) -> str | None:
        """The text and decision of item ``item_id`` (a row's), as the full-text index has them."""
        row = self.conn.execute("SELECT body FROM items_text WHERE id = ?", (item_id,)).fetchone()
        return None if row is None else str(row[0])

    def item_text(self, sha256: str, number: int | None) -> str | None:
        """The text of item ``number`` of document ``sha256`` as its records keep it (the
        graph's, :func:`store.texts.item_texts`); None when not stored."""
        row = self.conn.execute(
            "SELECT records FROM documents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        if row is None or number is None:
            return None
        kept = item_texts(row[0]).get(number)
        return None if kept is None else kept[0]

    def row_text(self, item_id: int) -> str | None:
        """:meth:`item_text` of the item of row ``item_id`` (its document and number)."""
        row = self.conn.execute(
            "SELECT sha256, number FROM items WHERE id = ?", (item_id,)
        ).fetchone()
        return None if row is None else self.item_text(str(row[0]), row[1])

    def titles(self) -> list[str]:
        """Every distinct item title."""
        return [str(t) for (t,) in self.conn.execute("SELECT DISTINCT title FROM items") if t]

    def body_items(self, roots: list[str], most: int) -> dict[str, set[int]] | None:
        """The ``items`` ids whose body (text and decision) may hold each of ``roots`` inside a
        word: those whose body has a term of the full-text index holding the root as its
        tokenizer folds it (a word part of the letters of :data:`core.text.WORD_RE` lies inside
        one term). More than hold it (the decision counts, folded letters match); none is
        missed. None when more than ``most`` items may, or a root has letters the folding is not
        known for, or there is no full-text index.
        """
        if not all(WORD_RE.fullmatch(root) for root in roots):
            return None
        try:
            self.conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.casegraph_postings"
                " USING fts5vocab(main, items_fts, 'instance')"
            )
            folded = [root.translate(_FOLD) for root in roots]
            terms = self._terms(folded)
            found: dict[str, set[int]] = {}
            seen: set[int] = set()
            for root, part in zip(roots, folded, strict=True):
                found[root] = set()
                for term in terms[part]:
                    found[root].update(
                        doc
                        for (doc,) in self.conn.execute(
                            "SELECT doc FROM temp.casegraph_postings"
                            " WHERE term = ? AND col = 'body'",
                            (term,),
                        )
                    )
                seen |= found[root]
                if len(seen) > most:
                    return None
        except sqlite3.OperationalError:
            return None
        return found

    def _terms(self, parts: list[str]) -> dict[str, list[str]]:
        """The terms of the texts holding each of ``parts`` (folded word parts): from
        ``text_terms``, else (a store without it) from every term of the index."""
        try:
            return {
                part: [
                    str(t)
                    for (t,) in self.conn.execute(
                        "SELECT term FROM text_terms WHERE instr(term, ?) > 0", (part,)
                    )
                ]
                for part in dict.fromkeys(parts)
            }
        except sqlite3.OperationalError:  # no text_terms: the terms of the index, each read
            self.conn.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.casegraph_terms"
                " USING fts5vocab(main, items_fts, 'row')"
            )
            every = [str(t) for (t,) in self.conn.execute("SELECT term FROM temp.casegraph_terms")]
            return {part: [t for t in every if part in t] for part in dict.fromkeys(parts)}

    def text_rows(self, roots: list[str], most: int) -> list[Row] | None:
        """:meth:`title_rows` of the items whose text or decision may hold one of ``roots``
        (:meth:`body_items`), with the root as the word; None when more than ``most`` items may
        (or as there)."""
        found = self.body_items(roots, most)
        if found is None:
            return None
        ids = sorted({i for ids in found.values() for i in ids})
        rows: dict[int, tuple[str, str, str]] = {}
        for i, key, title, partition in self.conn.execute(
            "SELECT i.id, i.item_key, i.title, d.partition FROM json_each(?) j"
            " JOIN items i ON i.id = j.value JOIN documents d ON d.sha256 = i.sha256",
            (json.dumps(ids),),
        ):
            rows[i] = (str(key), str(title or ""), str(partition))
        return [
            (root, i, *rows[i]) for root, ids in found.items() for i in sorted(ids) if i in rows
        ]


__all__ = ["Row", "WordTables"]
