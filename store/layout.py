"""The tables of a store's database, and the upgrade of a store written by an earlier casegraph.

``documents`` keeps each file's records (compressed JSON, :func:`encode_records`) with its
partition (:mod:`graph.partition`);
``partitions`` the store generation of each partition's last change; ``case_items`` each
agenda item's case numbers in canonical form (what a ``case`` question by number looks up);
``paths`` the files; ``items`` each agenda item's title and text (compressed) and
``items_fts`` the full-text index of them, which reads the text back from ``items``
(external content) rather than keeping a copy.
"""

from __future__ import annotations

import json
import sqlite3
import zlib

from core.records import Document, document_from_dict, to_dict
from core.schema import normalise_case_number
from core.text import WORD_RE, canonical_case_number

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
    id INTEGER PRIMARY KEY, item_key TEXT NOT NULL, sha256 TEXT NOT NULL, forum TEXT,
    date TEXT, number INTEGER, title TEXT, body BLOB
);
CREATE INDEX IF NOT EXISTS items_sha ON items(sha256);
CREATE TABLE IF NOT EXISTS title_vocab (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS title_postings (
    word_id INTEGER NOT NULL, item_id INTEGER NOT NULL, PRIMARY KEY (word_id, item_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS title_postings_item ON title_postings(item_id);
CREATE VIEW IF NOT EXISTS items_text AS SELECT id, item_key, sha256, forum, date, number,
    title, casegraph_unzip(body) AS body FROM items;
CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
    item_key UNINDEXED, sha256 UNINDEXED, forum UNINDEXED, date UNINDEXED,
    number UNINDEXED, title, body, content = 'items_text', content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2"
);
"""


def unzip(value: bytes | None) -> str | None:
    """``casegraph_unzip`` of SQL: the text of an item's compressed body.

    >>> unzip(zlib.compress("Beslutning".encode()))
    'Beslutning'
    """
    return None if value is None else zlib.decompress(value).decode()


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the full-text index reads its text through."""
    conn.create_function("casegraph_unzip", 1, unzip, deterministic=True)


def item_rows(doc: Document) -> list[tuple[str, str, str, str, int, str, str]]:
    """``(item key, sha256, forum, date, number, title, body)`` of each item of ``doc``, as the
    full-text index holds them."""
    m = doc.meeting
    return [
        (
            item.key(m.key),
            doc.sha256,
            m.forum,
            m.date,
            item.number,
            item.title,
            "\n".join(filter(None, [item.text, item.decision])),
        )
        for item in m.items
    ]


def insert_items(conn: sqlite3.Connection, doc: Document) -> None:
    """Index ``doc``'s items: a row of ``items`` each (the body compressed), and its terms in
    ``items_fts`` (whose text is read back from ``items``: each text is kept once)."""
    for row in item_rows(doc):
        cursor = conn.execute(
            "INSERT INTO items(item_key, sha256, forum, date, number, title, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (*row[:-1], zlib.compress(row[-1].encode(), 6)),
        )
        conn.execute(
            "INSERT INTO items_fts(rowid, item_key, sha256, forum, date, number, title, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (cursor.lastrowid, *row),
        )
        insert_title_words(conn, int(cursor.lastrowid or 0), row[5])


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
    """Remove the items of document ``sha256`` from the index (the terms first: an external
    content index is told the text it indexed)."""
    rows = conn.execute(
        "SELECT id, item_key, sha256, forum, date, number, title, casegraph_unzip(body)"
        " FROM items WHERE sha256 = ?",
        (sha256,),
    ).fetchall()
    conn.executemany(
        "INSERT INTO items_fts(items_fts, rowid, item_key, sha256, forum, date, number, title,"
        " body) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
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


def needs_upgrade(conn: sqlite3.Connection) -> bool:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not has_partitions(conn) or not {"case_items", "items", "title_vocab"} <= tables:
        return True
    return any(row[1] == "sha256" for row in conn.execute("PRAGMA table_info(case_items)"))


def upgrade(conn: sqlite3.Connection) -> None:
    """Give a store written before partitions and the case-number table what it lacks (in
    place; every partition counts as changed, so its graph is derived again)."""
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
    conn.execute("DROP TABLE IF EXISTS case_items")  # (re)made from the records below
    for statement in filter(str.strip, SCHEMA.split(";")):
        conn.execute(statement)  # the tables and indexes that are missing
    if before_partitions:
        conn.execute(
            "INSERT OR REPLACE INTO partitions(name, changed) SELECT DISTINCT partition,"
            " (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation') FROM documents"
        )
    if "items" not in tables:
        rows = conn.execute(
            "SELECT id, item_key, sha256, forum, date, number, title, body FROM items_old"
        ).fetchall()
        conn.executemany(
            "INSERT INTO items(id, item_key, sha256, forum, date, number, title, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(*r[:-1], zlib.compress((r[-1] or "").encode(), 6)) for r in rows],
        )
        conn.execute("DROP TABLE items_old")
        conn.execute("INSERT INTO items_fts(items_fts) VALUES ('rebuild')")
    if conn.execute("SELECT 1 FROM title_postings LIMIT 1").fetchone() is None:
        for item_id, title in conn.execute("SELECT id, title FROM items").fetchall():
            insert_title_words(conn, item_id, title)
    for partition, records in conn.execute("SELECT partition, records FROM documents").fetchall():
        insert_cases(conn, decode_records(records), partition)


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
