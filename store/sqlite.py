"""The embedded store: a folder holding a SQLite database of extracted records.

Why SQLite: every write is one transaction (a crash mid-write leaves the previous
store intact), a second writer waits on SQLite's lock instead of corrupting the
file, FTS5 gives ranked full-text search, and a folder of years of minutes stays
one file. The networkx graph derived from the records (by the pipeline, not here) is
derived and cached per *partition* (a municipality, :mod:`graph.partition`): each write
marks the partitions it touches as changed (``partitions.changed``, the store's generation
of that write), and a partition's cache is used only while it names the same change.

Layout of ``STORE/``::

    casegraph.db       documents (one row per distinct file content, with its partition),
                       paths, partitions, FTS index
    derived/*.graph    the cached graph of each partition (compressed nodes and edges;
                       the item texts are read from the records, :mod:`store.texts`)
    derived/*.tables   its meetings, people and forums (:mod:`store.tables`), for questions
                       that read a few bundles or none

A store written before partitions (a ``graph.json`` beside the database) is upgraded in
place by the next write (``casegraph relink`` or an ingest); until then questions read it
as it is.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     store = RecordStore(d)
...     store.counts()["documents"]
0
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from core.errors import StoreError
from core.records import Document
from graph.partition import Part, merge_parts, partition_of
from store.connection import DB_NAME, OLD_GRAPH_NAME, locked, open_reader, open_writer
from store.derived import PartIndex, part_file, read_index, read_part, write_part
from store.layout import (
    decode_records,
    delete_cases,
    delete_items,
    encode_records,
    insert_cases,
    insert_items,
    partition_column,
)
from store.lookup import Lookup, write_lookup
from store.tables import PartTables, part_tables, read_tables, tables_head, write_tables
from store.texts import item_keys, kept_texts, strip_part, texts_filler
from store.words import WordTables

if TYPE_CHECKING:
    import networkx as nx

DERIVED_DIR = "derived"


@dataclass(frozen=True)
class PutResult:
    """What storing one document did: ``created``, ``updated`` or ``unchanged``."""

    status: str
    path: str
    meeting_key: str


class RecordStore:
    """A casegraph store folder: the records of every document, their full-text index, and
    the cache of the graph derived from them (:class:`casegraph.Store` adds the derivation).

    Parameters
    ----------
    path:
        The folder; created on first write.
    lock_timeout:
        Seconds a writer waits while another process writes, before
        :class:`~core.errors.StoreLockedError`.
    readonly:
        Open for questions: nothing is created or written (the graph cache is saved only
        where the folder allows it), a missing store is a
        :class:`~core.errors.StoreMissingError`, and a store on a read-only medium is read.
    """

    def __init__(
        self, path: str | Path, *, lock_timeout: float = 30.0, readonly: bool = False
    ) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self.readonly = readonly
        self._graph: nx.MultiDiGraph | None = None
        self._graph_generation = -1
        self._conn: sqlite3.Connection | None = None
        self._in_transaction = False
        self._lookup: Lookup | None = None

    # -- connection --------------------------------------------------------------

    @property
    def db_path(self) -> Path:
        return self.path / DB_NAME

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        try:
            is_file = self.path.exists() and not self.path.is_dir()
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc.strerror})") from exc
        if is_file:
            raise StoreError(f"{self.path}: the store must be a folder, but a file is there")
        self._conn = self._open_reader() if self.readonly else self._open_writer()
        return self._conn

    def _open_writer(self) -> sqlite3.Connection:
        """The store for reading and writing, created when it is not there yet."""
        return open_writer(self.path, self.lock_timeout)

    def _open_reader(self) -> sqlite3.Connection:
        """The store for reading only (:func:`store.connection.open_reader`)."""
        return open_reader(self.path, self.lock_timeout)

    def close(self) -> None:
        if self._lookup is not None:
            self._lookup.conn.close()
            self._lookup = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------

    def put(self, doc: Document, *, path: str | None = None, words: int = 0) -> PutResult:
        """Store one document's records under ``path`` (default ``doc.path``).

        Same path and content: unchanged. Same path, new content: the old
        records are replaced. The write is one transaction.
        """
        path = path or doc.path
        conn = self._connect()
        with self._write(conn):
            row = conn.execute("SELECT sha256 FROM paths WHERE path = ?", (path,)).fetchone()
            stored = conn.execute(
                "SELECT meeting_key FROM documents WHERE sha256 = ?", (doc.sha256,)
            ).fetchone()
            touched: set[str] = set()
            if stored is not None and stored[0] != doc.meeting.key:
                # Same content, new key (ingested again with another --municipality).
                touched.add(_partition_of_stored(conn, doc.sha256))
                _delete_document(conn, doc.sha256)
                stored = None
            if row is not None and row[0] == doc.sha256 and stored is not None:
                return PutResult("unchanged", path, doc.meeting.key)
            status = "created" if row is None else "updated"
            if row is not None:
                conn.execute("DELETE FROM paths WHERE path = ?", (path,))
                touched |= self._drop_orphan(conn, row[0])
            if stored is None:
                partition = partition_of(doc)
                touched.add(partition)
                conn.execute(
                    "INSERT INTO documents(sha256, format, meeting_key, records, words,"
                    " ingested_at, partition) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc.sha256,
                        doc.format,
                        doc.meeting.key,
                        encode_records(doc),
                        words,
                        time.time(),
                        partition,
                    ),
                )
                insert_cases(conn, doc, partition)
                insert_items(conn, doc)
            conn.execute("INSERT INTO paths(path, sha256) VALUES (?, ?)", (path, doc.sha256))
            self._bump(conn, touched)
        return PutResult(status, path, doc.meeting.key)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several writes into one transaction: all land, or none (and it is faster).

        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d, RecordStore(d) as store:
        ...     with store.transaction():
        ...         store.counts()["documents"]
        0
        """
        conn = self._connect()
        if self._in_transaction:
            yield
            return
        with locked(conn, self.path):
            self._in_transaction = True
            try:
                yield
            finally:
                self._in_transaction = False

    def _write(self, conn: sqlite3.Connection) -> contextlib.AbstractContextManager[None]:
        """The current transaction, or a new one for a single write."""
        if self._in_transaction:
            return contextlib.nullcontext()
        return locked(conn, self.path)

    def remove(self, path: str) -> bool:
        """Forget the document stored under ``path``; True if there was one."""
        conn = self._connect()
        with self._write(conn):
            row = conn.execute("SELECT sha256 FROM paths WHERE path = ?", (path,)).fetchone()
            if row is None:
                return False
            conn.execute("DELETE FROM paths WHERE path = ?", (path,))
            self._bump(conn, self._drop_orphan(conn, row[0]))
        return True

    @staticmethod
    def _drop_orphan(conn: sqlite3.Connection, sha256: str) -> set[str]:
        """Delete the document ``sha256`` when no path names it any more; the partitions
        that changed."""
        if conn.execute("SELECT 1 FROM paths WHERE sha256 = ?", (sha256,)).fetchone() is None:
            partition = _partition_of_stored(conn, sha256)
            _delete_document(conn, sha256)
            return {partition}
        return set()

    @staticmethod
    def _bump(conn: sqlite3.Connection, touched: set[str]) -> None:
        """Count the write, and mark the partitions it ``touched`` as changed by it."""
        conn.execute(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
            " WHERE key = 'generation'"
        )
        conn.executemany(
            "INSERT INTO partitions(name, changed) SELECT ?, CAST(value AS INTEGER) FROM meta"
            " WHERE key = 'generation' ON CONFLICT(name) DO UPDATE SET changed = excluded.changed",
            [(name,) for name in sorted(touched)],
        )

    # -- reading --------------------------------------------------------------------

    def generation(self) -> int:
        """A counter that changes whenever the stored records change."""
        row = self._connect().execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def paths(self) -> dict[str, str]:
        """Stored path -> sha256."""
        return dict(self._connect().execute("SELECT path, sha256 FROM paths"))

    def documents(self, partition: str | None = None) -> list[Document]:
        """Every stored document (or those of one ``partition``), in a stable order (meeting
        key, then sha)."""
        conn = self._connect()
        if partition is None:
            rows = conn.execute(
                "SELECT sha256, records FROM documents ORDER BY meeting_key, sha256"
            )
        else:
            rows = conn.execute(
                f"SELECT sha256, records FROM documents WHERE {partition_column(conn)} = ?"
                " ORDER BY meeting_key, sha256",
                (partition,),
            )
        return [self._document(sha, records) for sha, records in rows]

    def _document(self, sha: str, records: bytes | str) -> Document:
        """The stored records of one document, or a StoreError when a hand changed them."""
        try:
            return decode_records(records)
        except (ValueError, TypeError, LookupError, AttributeError, zlib.error) as exc:
            paths = [p for p, s in self.paths().items() if s == sha] or [f"sha256 {sha}"]
            raise StoreError(
                f"{self.path}: the stored records of {paths[0]} are damaged ({exc}); "
                "ingest the minutes into a fresh store"
            ) from exc

    def partitions(self) -> dict[str, int]:
        """Each partition that holds documents -> the generation of its last change.

        >>> import tempfile
        >>> from core.records import Meeting, Source
        >>> src = Source("a.txt", "0" * 64, 1, 1)
        >>> doc = Document("a.txt", "0" * 64, Meeting("Byrådet", "2021-02-03", src,
        ...                                           municipality="Greve", scope="Greve"))
        >>> with tempfile.TemporaryDirectory() as d, RecordStore(d) as store:
        ...     _ = store.put(doc)
        ...     store.partitions()
        {'Greve': 1}
        """
        conn = self._connect()
        column = partition_column(conn)
        if column != "partition":  # not upgraded yet: every partition changed just now
            generation = self.generation()
            rows = conn.execute(f"SELECT DISTINCT {column} FROM documents").fetchall()
            return {name: generation for (name,) in sorted(rows)}
        return dict(
            conn.execute(
                "SELECT name, changed FROM partitions WHERE name IN"
                " (SELECT partition FROM documents) ORDER BY name"
            )
        )

    def counts(self) -> dict[str, int]:
        conn = self._connect()
        return {
            "documents": conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
            "paths": conn.execute("SELECT COUNT(*) FROM paths").fetchone()[0],
        }

    def search_rows(self, match: str, limit: int) -> list[tuple[Any, ...]]:
        """Raw FTS5 rows ``(item_key, forum, date, number, title, snippet, rank)``."""
        conn = self._connect()
        try:
            return conn.execute(
                # Ranked inside the index: the snippets (text from the records) are made
                # for the rows returned only.
                "SELECT item_key, forum, date, number, title,"
                " snippet(items_fts, -1, '[', ']', ' … ', 12), rank FROM items_fts"
                " WHERE items_fts MATCH ? AND rank MATCH 'bm25(0, 0, 0, 0, 0, 4.0, 1.0)'"
                " ORDER BY rank LIMIT ?",
                (match, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search {match!r} failed: {exc}") from exc

    # -- the graph -----------------------------------------------------------------

    def cached_part(self, partition: str, changed: int, *, filled: bool = True) -> Part | None:
        """The saved graph of ``partition`` as of its change ``changed`` (from
        :meth:`partitions`), or None when it is not saved or older; without ``filled``, as
        the cache keeps it (the item texts left to the records: :mod:`store.texts`).

        The store does not derive graphs; :func:`casegraph.pipeline.load_graph` does, and
        hands each partition's to :meth:`save_part`.
        """
        fill = texts_filler(self._connect()) if filled else None
        return read_part(self.path / DERIVED_DIR / part_file(partition), partition, changed, fill)

    def part_index(self, partition: str, changed: int) -> PartIndex | None:
        """The head of ``partition``'s saved graph as of ``changed`` (None: not saved, or
        older), to read a few of its bundles with :func:`store.derived.read_bundles`."""
        fill = texts_filler(self._connect())
        return read_index(self.path / DERIVED_DIR / part_file(partition), partition, changed, fill)

    def case_items(self, number: str) -> list[tuple[str, str]] | None:
        """``(item key, partition)`` of the items carrying case number ``number`` in canonical
        form (:func:`core.text.canonical_case_number`); None when the store has no such table
        (written before it, and read without upgrading it)."""
        conn = self._connect()
        try:
            rows = conn.execute(
                "SELECT item_key, partition FROM case_items WHERE number = ? ORDER BY item_key",
                (number,),
            ).fetchall()
        except sqlite3.OperationalError:
            return None
        return [(str(a), str(b)) for a, b in rows]

    def title_items(self, roots: list[str]) -> list[tuple[str, str]] | None:
        """``(item key, partition)`` of the items whose lower-cased titles hold one of
        ``roots`` (inside a word too); None when the store has no title words (written
        before them, and read without upgrading it)."""
        rows = self.words().title_rows(roots)
        return None if rows is None else sorted({(key, part) for _, _, key, _, part in rows})

    def words(self) -> WordTables:
        """The look-ups of words in titles and texts (:class:`store.words.WordTables`)."""
        return WordTables(self._connect())

    def meeting_partition(self, meeting_key: str) -> str | None:
        """The partition of the documented meeting ``meeting_key`` (None: no such meeting)."""
        conn = self._connect()
        row = conn.execute(
            f"SELECT {partition_column(conn)} FROM documents WHERE meeting_key = ? LIMIT 1",
            (meeting_key,),
        ).fetchone()
        return None if row is None else str(row[0] or "")

    def save_part(
        self,
        partition: str,
        changed: int,
        part: Part,
        documents: Sequence[Document] | None = None,
    ) -> None:
        """Save ``part`` as the graph of ``partition`` at its change ``changed`` (read
        before the records it was derived from, so that a write in between makes it stale).
        The item texts the records hold are left out (:mod:`store.texts`; read back with
        the bundles): those of ``documents`` (the partition's documents as read, when
        given) or else of the records read again. A folder that cannot be written (a
        read-only store) is left as it is.

        >>> import tempfile
        >>> from graph.partition import Bundle
        >>> with tempfile.TemporaryDirectory() as d, RecordStore(d) as store:
        ...     store.save_part("Greve", 3, Part({"": Bundle([("forum:x", {})], [])}, {}, {}, {}))
        ...     RecordStore(d).cached_part("Greve", 3).bundles[""].nodes
        ...     store.cached_part("Greve", 4) is None
        [('forum:x', {})]
        True
        """
        conn = self._connect()  # the folder exists
        folder = self.path / DERIVED_DIR
        with contextlib.suppress(OSError):
            folder.mkdir(exist_ok=True)
        records = (
            conn.execute(
                f"SELECT sha256, records FROM documents WHERE {partition_column(conn)} = ?",
                (partition,),
            )
            if documents is None
            else ()
        )
        lean = strip_part(part, records, documents)
        write_part(folder / part_file(partition), partition, changed, lean)
        self.save_tables(partition, changed, part_tables(part, self.kept_texts(lean)))

    def kept_texts(self, part: Part) -> list[str] | None:
        """The agenda items of ``part`` (as the cache keeps it) whose text a question cannot
        read from their own row's records (:func:`store.texts.kept_texts`); None (not known)
        for a store without the items table (written before it, read without upgrading).
        Only the keys of ``part``'s items are looked up: grouping every row of the items
        table took 0.68 s a save at 1M items."""
        sql = (
            "SELECT item_key FROM items WHERE item_key IN (SELECT value FROM json_each(?))"
            " GROUP BY item_key HAVING COUNT(DISTINCT sha256) > 1"
        )
        try:
            several = self._connect().execute(sql, (json.dumps(item_keys(part)),)).fetchall()
        except sqlite3.OperationalError:
            return None
        return kept_texts(part, (str(key) for (key,) in several))

    def save_tables(self, partition: str, changed: int, tables: PartTables) -> None:
        """Save the tables of ``partition``'s graph (:mod:`store.tables`) at its change
        ``changed``, and its rows of the lookup (:mod:`store.lookup`); a folder that cannot
        be written is left as it is."""
        folder = self.path / DERIVED_DIR
        write_tables(folder, partition, changed, tables)
        conn = self._connect()
        column = partition_column(conn)  # the column, or an expression of the records
        sql = (
            "SELECT i.item_key, i.id FROM items i JOIN documents d ON d.sha256 = i.sha256"
            f" WHERE {'d.partition' if column == 'partition' else column} = ?"
            " AND i.item_key IN (SELECT value FROM json_each(?))"
        )
        ids: dict[str, list[int]] = {}
        try:
            for key, i in conn.execute(sql, (partition, json.dumps(list(tables.matters)))):
                ids.setdefault(str(key), []).append(int(i))
        except sqlite3.OperationalError:
            return  # a store without the items table (read without upgrading it)
        write_lookup(folder, partition, tables_head(partition, changed), ids, tables)

    def lookup(self) -> Lookup | None:
        """The lookup of each item's matter (:mod:`store.lookup`), read-only; None when the
        store has none."""
        if self._lookup is None:
            self._lookup = Lookup.open(self.path / DERIVED_DIR)
        return self._lookup

    def tables(
        self, partition: str, changed: int, names: tuple[str, ...] = ("meetings", "people")
    ) -> PartTables | None:
        """The tables ``names`` of ``partition``'s saved graph as of ``changed`` (None: not
        saved, or older; see :mod:`store.tables`)."""
        return read_tables(self.path / DERIVED_DIR, partition, changed, names)

    def cached_graph(self) -> nx.MultiDiGraph | None:
        """The graph of the current records when every partition's is saved, else None."""
        generation = self.generation()
        if self._graph is not None and self._graph_generation == generation:
            return self._graph
        parts = []
        for name, changed in self.partitions().items():
            part = self.cached_part(name, changed)
            if part is None:
                return None
            parts.append(part)
        self.keep_graph(merge_parts(parts), generation)
        return self._graph

    def keep_graph(self, G: nx.MultiDiGraph, generation: int) -> None:
        """Hold ``G`` in memory as the graph of the records at ``generation``."""
        self._graph, self._graph_generation = G, generation


def _delete_document(conn: sqlite3.Connection, sha256: str) -> None:
    delete_items(conn, sha256)
    row = conn.execute("SELECT records FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    if row is not None:
        delete_cases(conn, decode_records(row[0]))
    conn.execute("DELETE FROM documents WHERE sha256 = ?", (sha256,))


def _partition_of_stored(conn: sqlite3.Connection, sha256: str) -> str:
    row = conn.execute("SELECT partition FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return str(row[0]) if row else ""


__all__ = ["DB_NAME", "DERIVED_DIR", "OLD_GRAPH_NAME", "PutResult", "RecordStore"]
