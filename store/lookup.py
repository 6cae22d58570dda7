"""Each agenda item's matter and each matter's listing, looked up by key for the items a
word question finds: ``derived/lookup.db``, a small SQLite database beside the saved graphs.

A word question (:mod:`queries.store_titles`) ranks the items whose titles hold a query
word by their matters, and lists the matters it does not show with their label, size and
dates. The tables of each partition (:mod:`store.tables`) hold both, but for the whole
partition: a question read the ``matters`` table of every partition holding a title word
(7 at 100k items, ~69 at 1M), each a dictionary of all its items. Here they are rows,
read for the found items and the listed matters only:

* ``parts``: each partition with the head of the tables it was written with (graph and
  tables version, deriving code, change: :func:`store.tables.tables_head`), so that its
  rows are stale exactly when its tables are;
* ``items``: the store's ``items`` row id of each agenda item in a matter -> its matter;
* ``matters``: each matter's key, partition, number of items (in the partition's items'
  matters, :attr:`store.tables.PartTables.matters`), and its
  :attr:`store.tables.PartTables.matter_rows` row: label, items, first and last date.

It is written with a partition's tables (:meth:`store.sqlite.RecordStore.save_tables`),
where the folder can be written; a partition missing from it (a store written before it, a
read-only folder) is read from its tables, as before.

>>> import tempfile
>>> from store.tables import PartTables
>>> t = PartTables([], {}, {}, {}, {"item:m:1": "matter:m:1", "item:m:2": "matter:m:1"},
...                matter_rows={"matter:m:1": ("A", 2, "2021-01-07", "2021-02-04")})
>>> with tempfile.TemporaryDirectory() as d:
...     write_lookup(Path(d), "Greve", "head", {"item:m:1": [7], "item:m:2": [9]}, t)
...     with Lookup.open(Path(d)) as found:
...         found.heads(), found.item_matters([7, 8])
...         found.matter_rows([found.item_matters([9])[9][0]])
({'Greve': 'head'}, {7: (1, 'matter:m:1', 2, 'Greve')})
{'matter:m:1': ('A', 2, '2021-01-07', '2021-02-04')}
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from store.tables import MatterRow, PartTables

#: The file's name in the derived folder.
LOOKUP_FILE = "lookup.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS parts (id INTEGER PRIMARY KEY, partition TEXT UNIQUE NOT NULL,
    head TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, part INTEGER NOT NULL,
    matter INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS matters (id INTEGER PRIMARY KEY, part INTEGER NOT NULL,
    key TEXT NOT NULL, steps INTEGER NOT NULL, label TEXT, items INTEGER, first TEXT, last TEXT);
"""

#: How long a writer waits for another process's write to the file.
_BUSY_SECONDS = 10.0


def write_lookup(
    folder: Path, partition: str, head: str, ids: Mapping[str, list[int]], tables: PartTables
) -> None:
    """Put the rows of ``partition`` (its tables ``tables``, written with ``head``) in the
    lookup of ``folder``, in place of any it had; ``ids``: the store's ``items`` row ids of
    each item key. A folder that cannot be written, or a file another process holds for
    longer than a few seconds, is left as it is (the partition is read from its tables)."""
    steps = Counter(tables.matters.values())
    with contextlib.suppress(sqlite3.Error, OSError):
        conn = sqlite3.connect(folder / LOOKUP_FILE, timeout=_BUSY_SECONDS)
        try:
            with conn:
                conn.executescript(_SCHEMA)
                found = conn.execute("SELECT id FROM parts WHERE partition = ?", (partition,))
                row = found.fetchone()
                if row is not None:
                    conn.execute("DELETE FROM items WHERE part = ?", (row[0],))
                    conn.execute("DELETE FROM matters WHERE part = ?", (row[0],))
                    conn.execute("DELETE FROM parts WHERE id = ?", (row[0],))
                part = conn.execute(
                    "INSERT INTO parts (partition, head) VALUES (?, ?)", (partition, head)
                ).lastrowid
                numbers: dict[str, int] = {}
                sql = (
                    "INSERT INTO matters (part, key, steps, label, items, first, last)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)"
                )
                for matter, n in steps.items():
                    label, items, first, last = tables.matter_rows.get(matter) or (None,) * 4
                    values = (part, matter, n, label, items, first, last)
                    numbers[matter] = int(conn.execute(sql, values).lastrowid or 0)
                conn.executemany(
                    "INSERT OR REPLACE INTO items (id, part, matter) VALUES (?, ?, ?)",
                    (
                        (i, part, numbers[matter])
                        for item, matter in tables.matters.items()
                        for i in ids.get(item, ())
                    ),
                )
        finally:
            conn.close()


@dataclass
class Lookup:
    """The lookup of a store's derived folder, opened for reading (see the module)."""

    conn: sqlite3.Connection

    @classmethod
    def open(cls, folder: Path) -> Lookup | None:
        """The lookup of ``folder``; None when there is none (or it cannot be read)."""
        path = folder / LOOKUP_FILE
        if not path.is_file():
            return None
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
            conn.execute("SELECT 1 FROM parts LIMIT 1").fetchall()
        except sqlite3.Error:
            return None
        return cls(conn)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()

    def heads(self) -> dict[str, str]:
        """Each partition in the lookup -> the head its rows were written with."""
        return {str(p): str(h) for p, h in self.conn.execute("SELECT partition, head FROM parts")}

    def item_matters(self, ids: Iterable[int]) -> dict[int, tuple[int, str, int, str]]:
        """``items`` row id -> ``(matter id, matter key, its number of items, partition)`` of
        each of ``ids`` in a matter (an id in no matter, or of a partition not in the lookup,
        is left out)."""
        return {
            int(i): (int(m), str(key), int(steps), str(partition))
            for i, m, key, steps, partition in self.conn.execute(
                "SELECT i.id, m.id, m.key, m.steps, p.partition FROM json_each(?) j"
                " JOIN items i ON i.id = j.value JOIN matters m ON m.id = i.matter"
                " JOIN parts p ON p.id = i.part",
                (json.dumps(sorted(set(ids))),),
            )
        }

    def matter_rows(self, numbers: Iterable[int]) -> dict[str, MatterRow]:
        """Matter key -> its :attr:`store.tables.PartTables.matter_rows` row, of each matter
        id of ``numbers`` (from :meth:`item_matters`)."""
        return {
            str(key): (label, int(items), first, last)
            for key, label, items, first, last in self.conn.execute(
                "SELECT m.key, m.label, m.items, m.first, m.last FROM json_each(?) j"
                " JOIN matters m ON m.id = j.value WHERE m.items IS NOT NULL",
                (json.dumps(sorted(set(numbers))),),
            )
        }


__all__ = ["LOOKUP_FILE", "Lookup", "write_lookup"]
