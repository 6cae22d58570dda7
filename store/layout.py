"""The tables of a store's database, and the upgrade of a store written by an earlier casegraph.

``documents`` keeps each file's records (compressed JSON, :func:`encode_records`) with its
partition (:mod:`graph.partition`);
``partitions`` the store generation of each partition's last change; ``case_items`` each
agenda item's case numbers in canonical form (what a ``case`` question by number looks up);
``paths`` the files; ``items_fts`` the full-text index.
"""

from __future__ import annotations

import json
import sqlite3
import zlib

from core.records import Document, document_from_dict, to_dict
from core.schema import normalise_case_number
from core.text import canonical_case_number

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
    number TEXT NOT NULL, item_key TEXT NOT NULL, meeting_key TEXT NOT NULL,
    partition TEXT NOT NULL, sha256 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS case_items_number ON case_items(number);
CREATE INDEX IF NOT EXISTS case_items_sha ON case_items(sha256);
CREATE TABLE IF NOT EXISTS paths (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES documents(sha256)
);
CREATE INDEX IF NOT EXISTS paths_sha ON paths(sha256);
CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
    item_key UNINDEXED, sha256 UNINDEXED, forum UNINDEXED, date UNINDEXED,
    number UNINDEXED, title, body,
    tokenize = "unicode61 remove_diacritics 2"
);
"""


def has_partitions(conn: sqlite3.Connection) -> bool:
    return any(row[1] == "partition" for row in conn.execute("PRAGMA table_info(documents)"))


def partition_column(conn: sqlite3.Connection) -> str:
    """The partition of a document row in SQL: its column, or (a store written before
    partitions, read without upgrading it) the scope in its records."""
    if has_partitions(conn):
        return "partition"
    return "coalesce(json_extract(records, '$.meeting.scope'), '')"


def case_rows(doc: Document) -> list[tuple[str, str, str]]:
    """``(number, item key, meeting key)`` of each case number of ``doc``'s items, the number
    in canonical form (``24-000963`` and ``24/963`` are one)."""
    key = doc.meeting.key
    return sorted(
        {
            (canonical_case_number(normalise_case_number(n)), item.key(key), key)
            for item in doc.meeting.items
            for n in item.case_numbers
        }
    )


def needs_upgrade(conn: sqlite3.Connection) -> bool:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return not has_partitions(conn) or "case_items" not in tables


def upgrade(conn: sqlite3.Connection) -> None:
    """Give a store written before partitions and the case-number table what it lacks (in
    place; every partition counts as changed, so its graph is derived again)."""
    before_partitions = not has_partitions(conn)
    if before_partitions:
        conn.execute("ALTER TABLE documents ADD COLUMN partition TEXT NOT NULL DEFAULT ''")
        conn.execute(
            "UPDATE documents SET partition ="
            " coalesce(json_extract(records, '$.meeting.scope'), '')"
        )
    for statement in filter(str.strip, SCHEMA.split(";")):
        conn.execute(statement)  # the tables and indexes that are missing
    if before_partitions:
        conn.execute(
            "INSERT OR REPLACE INTO partitions(name, changed) SELECT DISTINCT partition,"
            " (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation') FROM documents"
        )
    if conn.execute("SELECT 1 FROM case_items LIMIT 1").fetchone() is None:
        for sha256, partition, records in conn.execute(
            "SELECT sha256, partition, records FROM documents"
        ).fetchall():
            doc = decode_records(records)
            conn.executemany(
                "INSERT INTO case_items(number, item_key, meeting_key, partition, sha256)"
                " VALUES (?, ?, ?, ?, ?)",
                [(*row, partition, sha256) for row in case_rows(doc)],
            )


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
