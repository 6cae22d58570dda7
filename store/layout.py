"""The tables of a store's database, and the upgrade of a store written by an earlier casegraph.

``documents`` keeps each file's records (compressed JSON, :func:`encode_records`) with its
partition (:mod:`graph.partition`);
``partitions`` the store generation of each partition's last change; ``case_items`` each
agenda item's case numbers in canonical form (what a ``case`` question by number looks up);
``paths`` the files; ``items`` each agenda item's title and where it is in its document's
records, and ``items_fts`` the full-text index of them, which reads the text back from the
records (external content through the ``items_text`` view, :func:`store.texts.item_body`)
rather than keeping a copy; ``text_terms`` the terms of the texts as that index makes them
(what a word question held by no title looks a word part up in, instead of reading every
term's postings of the index).

:data:`STORE_VERSION` is the database's ``user_version``: a casegraph that reads an older
one says so, and a store of an earlier layout is upgraded in place by the next write.
"""

from __future__ import annotations

import json
import sqlite3
import zlib

from core.records import Document, document_from_dict, to_dict
from core.schema import normalise_case_number
from core.text import WORD_RE, canonical_case_number
from store.texts import item_body

#: The layout of the database (its ``user_version``): 3 since ``text_terms`` holds the terms
#: of the texts; 2 since the item texts are read from the records (1: the ``items`` table
#: kept them again, compressed).
STORE_VERSION = 3

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY,
    format TEXT NOT NULL,
    meeting_key TEXT NOT NULL,
    records TEXT NOT NULL,
    words INTEGER NOT NULL DEFAULT 0,
    ingested_at REAL NOT NULL,
    partition TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS documents_partition ON documents(partition, meeting_key);
CREATE TABLE IF NOT EXISTS partitions (name TEXT PRIMARY KEY, changed INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS case_items (
    number TEXT NOT NULL, item_key TEXT NOT NULL, partition TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS case_items_number ON case_items(number);
CREATE TABLE IF NOT EXISTS paths (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES documents(sha256)
);
CREATE INDEX IF NOT EXISTS paths_sha ON paths(sha256);
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY, item_key TEXT NOT NULL, sha256 TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0, forum TEXT, date TEXT, number INTEGER, title TEXT
);
CREATE INDEX IF NOT EXISTS items_sha ON items(sha256);
CREATE TABLE IF NOT EXISTS title_vocab (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS title_postings (
    word_id INTEGER NOT NULL, item_id INTEGER NOT NULL, PRIMARY KEY (word_id, item_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS title_postings_item ON title_postings(item_id);
CREATE VIEW IF NOT EXISTS items_text AS SELECT i.id, i.item_key, i.sha256, i.forum, i.date,
    i.number, i.title, casegraph_item_body(d.records, i.position) AS body
    FROM items i JOIN documents d ON d.sha256 = i.sha256;
CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
    item_key UNINDEXED, sha256 UNINDEXED, forum UNINDEXED, date UNINDEXED,
    number UNINDEXED, title, body, content = 'items_text', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2"
);
CREATE TABLE IF NOT EXISTS text_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
"""

#: The tokenizer of ``items_fts`` (the terms of ``text_terms`` are made by it too).
TOKENIZE = "unicode61 remove_diacritics 2"


def unzip(value: bytes | None) -> str | None:
    """``casegraph_unzip`` of SQL: the text of an item's compressed body.

    >>> unzip(zlib.compress("Beslutning".encode()))
    'Beslutning'
    """
    return None if value is None else zlib.decompress(value).decode()


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the full-text index reads its text through (``casegraph_unzip``:
    the view of a store of layout 1, read without upgrading it)."""
    conn.create_function("casegraph_unzip", 1, unzip, deterministic=True)
    conn.create_function("casegraph_item_body", 2, item_body, deterministic=True)


def item_rows(doc: Document) -> list[tuple[str, str, str, str, int, str]]:
    """``(item key, sha256, forum, date, number, title)`` of each item of ``doc``, as the
    ``items`` table holds them."""
    m = doc.meeting
    return [
        (
            item.key(m.key),
            doc.sha256,
            m.forum,
            m.date,
            item.number,
            item.title,
        )
        for item in m.items
    ]


def insert_items(conn: sqlite3.Connection, doc: Document) -> None:
    """Index ``doc``'s items (its records stored already): a row of ``items`` each, and
    their terms in ``items_fts``, whose text is read from the records (each text kept once)."""
    for position, row in enumerate(item_rows(doc)):
        cursor = conn.execute(
            "INSERT INTO items(item_key, sha256, position, forum, date, number, title)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*row[:2], position, *row[2:]),
        )
        insert_title_words(conn, int(cursor.lastrowid or 0), row[5])
    conn.execute(
        "INSERT INTO items_fts(rowid, item_key, sha256, forum, date, number, title, body)"
        " SELECT * FROM items_text WHERE sha256 = ?",
        (doc.sha256,),
    )
    insert_text_terms(conn, doc.sha256)


def insert_text_terms(conn: sqlite3.Connection, sha256: str) -> None:
    """Add to ``text_terms`` the terms of the texts of document ``sha256``'s items, as the
    full-text index's tokenizer makes them: the texts go through a temporary index of the
    same tokenizer, whose terms are read back (so no term differs from the index's). A
    term stays when the last text holding it is removed: it finds no item then.

    >>> conn = sqlite3.connect(":memory:")
    >>> register_functions(conn)
    >>> for statement in filter(str.strip, SCHEMA.split(";")):
    ...     _ = conn.execute(statement)
    >>> _ = conn.execute("INSERT INTO items(item_key, sha256, position) VALUES ('i', 'a', 0)")
    >>> _ = conn.execute("INSERT INTO documents VALUES ('a', 'txt', 'm', ?, 0, 0, '')",
    ...     ('{"meeting": {"items": [{"number": 1, "sections": [{"text": "Skolernes ÅR"}]}]}}',))
    >>> insert_text_terms(conn, "a")
    >>> [t for (t,) in conn.execute("SELECT term FROM text_terms")]
    ['ar', 'skolernes']
    """
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.casegraph_new_texts USING fts5(body,"
        f" content = '', detail = none, tokenize = '{TOKENIZE}')"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.casegraph_new_terms"
        " USING fts5vocab(temp, casegraph_new_texts, 'row')"
    )
    conn.execute(
        "INSERT INTO temp.casegraph_new_texts(body) SELECT body FROM items_text WHERE sha256 = ?",
        (sha256,),
    )
    conn.execute("INSERT OR IGNORE INTO text_terms(term) SELECT term FROM temp.casegraph_new_terms")
    conn.execute("INSERT INTO temp.casegraph_new_texts(casegraph_new_texts) VALUES ('delete-all')")


def insert_title_words(conn: sqlite3.Connection, item_id: int, title: str | None) -> None:
    """The words of an item's lower-cased title (as :mod:`queries.index` reads them), so that
    a word question finds the items whose titles hold a word (inside a word too) by SQL."""
    for word in sorted(set(WORD_RE.findall((title or "").lower()))):
        conn.execute("INSERT OR IGNORE INTO title_vocab(word) VALUES (?)", (word,))
        conn.execute(
            "INSERT OR IGNORE INTO title_postings(word_id, item_id)"
            " SELECT id, ? FROM title_vocab WHERE word = ?",
            (item_id, word),
        )


def delete_items(conn: sqlite3.Connection, sha256: str) -> None:
    """Remove the items of document ``sha256`` (its records still stored) from the index
    (the terms first: an external content index is told the text it indexed)."""
    conn.execute(
        "INSERT INTO items_fts(items_fts, rowid, item_key, sha256, forum, date, number, title,"
        " body) SELECT 'delete', * FROM items_text WHERE sha256 = ?",
        (sha256,),
    )
    conn.execute(
        "DELETE FROM title_postings WHERE item_id IN (SELECT id FROM items WHERE sha256 = ?)",
        (sha256,),
    )
    conn.execute("DELETE FROM items WHERE sha256 = ?", (sha256,))


def has_partitions(conn: sqlite3.Connection) -> bool:
    return any(row[1] == "partition" for row in conn.execute("PRAGMA table_info(documents)"))


def partition_column(conn: sqlite3.Connection) -> str:
    """The partition of a document row in SQL: its column, or (a store written before
    partitions, read without upgrading it) the scope in its records."""
    if has_partitions(conn):
        return "partition"
    return "coalesce(json_extract(records, '$.meeting.scope'), '')"


def case_rows(doc: Document) -> list[tuple[str, str]]:
    """``(number, item key)`` of each case number of ``doc``'s items, the number in canonical
    form (``24-000963`` and ``24/963`` are one)."""
    key = doc.meeting.key
    return sorted(
        {
            (canonical_case_number(normalise_case_number(n)), item.key(key))
            for item in doc.meeting.items
            for n in item.case_numbers
        }
    )


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def needs_upgrade(conn: sqlite3.Connection) -> bool:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if (
        not has_partitions(conn)
        or not {"case_items", "items", "title_vocab", "text_terms"} <= tables
    ):
        return True
    return "sha256" in _columns(conn, "case_items") or "body" in _columns(conn, "items")


def _items_without_bodies(conn: sqlite3.Connection) -> None:
    """Layout 1 -> 2: the ``items`` table loses its copy of the texts (compressed bodies) and
    learns where each item is in its document's records, which the index reads them from
    (the same texts: the index stays as it is)."""
    conn.execute("DROP VIEW IF EXISTS items_text")
    conn.execute("ALTER TABLE items ADD COLUMN position INTEGER NOT NULL DEFAULT 0")
    conn.execute(
        "UPDATE items SET position = p.n FROM (SELECT id, row_number() OVER"
        " (PARTITION BY sha256 ORDER BY id) - 1 AS n FROM items) AS p WHERE items.id = p.id"
    )
    conn.execute("ALTER TABLE items DROP COLUMN body")


def upgrade(conn: sqlite3.Connection) -> None:
    """Give a store of an earlier layout what it lacks (in place; a store written before
    partitions counts every partition as changed, so its graph is derived again); its
    ``user_version`` becomes :data:`STORE_VERSION`."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "items" not in tables:  # a full-text index that kept its own copy of the text
        conn.execute(
            "CREATE TABLE items_old AS SELECT rowid AS id, item_key, sha256, forum, date,"
            " number, title, body FROM items_fts"
        )
        conn.execute("DROP TABLE items_fts")
    before_partitions = not has_partitions(conn)
    if before_partitions:
        conn.execute("ALTER TABLE documents ADD COLUMN partition TEXT NOT NULL DEFAULT ''")
        conn.execute(
            "UPDATE documents SET partition ="
            " coalesce(json_extract(records, '$.meeting.scope'), '')"
        )
    if "items" in tables and "body" in _columns(conn, "items"):
        _items_without_bodies(conn)
    conn.execute("DROP TABLE IF EXISTS case_items")  # (re)made from the records below
    for statement in filter(str.strip, SCHEMA.split(";")):
        conn.execute(statement)  # the tables and indexes that are missing
    if before_partitions:
        conn.execute(
            "INSERT OR REPLACE INTO partitions(name, changed) SELECT DISTINCT partition,"
            " (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation') FROM documents"
        )
    if "items" not in tables:
        conn.execute(
            "INSERT INTO items(id, item_key, sha256, position, forum, date, number, title)"
            " SELECT id, item_key, sha256, row_number() OVER (PARTITION BY sha256 ORDER BY id)"
            " - 1, forum, date, number, title FROM items_old"
        )
        conn.execute("DROP TABLE items_old")
        conn.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
    if conn.execute("SELECT 1 FROM title_postings LIMIT 1").fetchone() is None:
        for item_id, title in conn.execute("SELECT id, title FROM items").fetchall():
            insert_title_words(conn, item_id, title)
    if conn.execute("SELECT 1 FROM text_terms LIMIT 1").fetchone() is None:
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.casegraph_text_columns"
            " USING fts5vocab(main, items_fts, 'col')"
        )
        conn.execute(
            "INSERT OR IGNORE INTO text_terms(term)"
            " SELECT term FROM temp.casegraph_text_columns WHERE col = 'body'"
        )
    for partition, records in conn.execute("SELECT partition, records FROM documents").fetchall():
        insert_cases(conn, decode_records(records), partition)
    conn.execute(f"PRAGMA user_version = {STORE_VERSION}")


def encode_records(doc: Document) -> bytes:
    """``doc``'s records as stored: JSON, compressed (a fifth of the text or less).

    >>> from core.records import Meeting, Source
    >>> src = Source("a.txt", "0" * 64, 1, 1)
    >>> doc = Document("a.txt", "0" * 64, Meeting("Byrådet", "2021-02-03", src))
    >>> decode_records(encode_records(doc)) == doc
    True
    """
    return zlib.compress(json.dumps(to_dict(doc), ensure_ascii=False).encode(), 6)


def decode_records(value: bytes | str) -> Document:
    """The document of a stored ``records`` value (JSON text in stores written before
    compression)."""
    if isinstance(value, bytes):
        value = zlib.decompress(value).decode()
    return document_from_dict(json.loads(value))


def insert_cases(conn: sqlite3.Connection, doc: Document, partition: str) -> None:
    conn.executemany(
        "INSERT INTO case_items(number, item_key, partition) VALUES (?, ?, ?)",
        [(*row, partition) for row in case_rows(doc)],
    )


def delete_cases(conn: sqlite3.Connection, doc: Document) -> None:
    # One row each: another document of the same meeting keeps its own.
    conn.executemany(
        "DELETE FROM case_items WHERE rowid = (SELECT rowid FROM case_items"
        " WHERE number = ? AND item_key = ? LIMIT 1)",
        case_rows(doc),
    )
