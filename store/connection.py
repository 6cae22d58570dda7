"""Opening a store's database (:class:`store.sqlite.RecordStore`): for writing (created,
or upgraded in place, on first use) or for reading only, and one write transaction at a
time (:func:`locked`).

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     conn = open_writer(Path(d), 1.0)
...     with locked(conn, Path(d)):
...         _ = conn.execute("UPDATE meta SET value = '1' WHERE key = 'generation'")
...     conn.close()
...     open_reader(Path(d), 1.0).execute("SELECT value FROM meta").fetchone()
('1',)
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from core.errors import StoreError, StoreLockedError, StoreMissingError, StoreVersionError
from store.layout import SCHEMA, STORE_VERSION, needs_upgrade, register_functions, upgrade

DB_NAME = "casegraph.db"
#: The whole-graph cache of stores written before partitions; removed by the upgrade.
OLD_GRAPH_NAME = "graph.json"


def open_writer(path: Path, lock_timeout: float) -> sqlite3.Connection:
    """The store in the folder ``path`` for reading and writing, created when it is not
    there yet, upgraded in place when it is older (:func:`store.layout.upgrade`); a writer
    waits ``lock_timeout`` seconds for another."""
    db_path = path / DB_NAME
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot create the store folder ({exc.strerror}); choose another --store"
        ) from exc
    try:
        conn = sqlite3.connect(
            db_path,
            timeout=lock_timeout,
            isolation_level=None,
            check_same_thread=False,
        )
        register_functions(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        _check_version(path, conn, version)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        if version == 0:
            with locked(conn, path):
                for statement in filter(str.strip, SCHEMA.split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version={STORE_VERSION}")
                conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('generation', '0')")
        elif needs_upgrade(conn):
            with locked(conn, path):
                upgrade(conn)
            conn.execute("VACUUM")  # the space of what the upgrade dropped
            with contextlib.suppress(OSError):
                (path / OLD_GRAPH_NAME).unlink()
    except sqlite3.OperationalError as exc:
        if _busy(exc):
            raise _locked_error(path) from exc
        raise _unwritable(db_path, exc) from exc
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{db_path}: not a readable casegraph store ({exc}); move it away and ingest again"
        ) from exc
    return conn


def open_reader(path: Path, lock_timeout: float) -> sqlite3.Connection:
    """The store in the folder ``path`` for reading only; nothing is created or written. A
    store on a read-only folder or medium is opened as immutable (no other process can
    change it there)."""
    db_path = path / DB_NAME
    if not db_path.is_file():
        raise StoreMissingError(
            f"no casegraph store at {path}; create one with "
            f"`casegraph ingest --store {path} FOLDER`, or name the right --store"
        )
    uri = db_path.absolute().as_uri()
    try:
        try:
            conn = _uri_connect(path, uri + "?mode=ro", lock_timeout)
        except sqlite3.OperationalError:  # the -shm file of WAL cannot be made here
            conn = _uri_connect(path, uri + "?immutable=1", lock_timeout)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{db_path}: not a readable casegraph store ({exc}); check its "
            "permissions, or name the right --store"
        ) from exc
    return conn


def _uri_connect(path: Path, uri: str, lock_timeout: float) -> sqlite3.Connection:
    db_path = path / DB_NAME
    conn = sqlite3.connect(
        uri, uri=True, timeout=lock_timeout, isolation_level=None, check_same_thread=False
    )
    register_functions(conn)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            raise StoreError(
                f"{db_path}: not a casegraph store (no casegraph tables); name the right --store"
            )
        _check_version(path, conn, version)
        conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def _check_version(path: Path, conn: sqlite3.Connection, version: int) -> None:
    if version > STORE_VERSION:
        conn.close()
        raise StoreVersionError(
            f"{path}: the store has format version {version}, but this casegraph "
            f"reads version {STORE_VERSION}; upgrade casegraph or use another --store"
        )


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused because another connection holds the write lock."""
    return "locked" in str(exc) or "busy" in str(exc)


def _locked_error(where: Path) -> StoreLockedError:
    return StoreLockedError(
        f"{where}: another casegraph process is writing to this store; "
        "wait for it to finish, or raise CASEGRAPH_LOCK_TIMEOUT"
    )


def _unwritable(where: Path, exc: sqlite3.OperationalError) -> StoreError:
    what = "the store is read-only here" if "readonly" in str(exc) else "cannot write"
    return StoreError(
        f"{where}: {what} ({exc}); make the folder writable or choose another "
        "--store (questions can still read it as it is)"
    )


@contextlib.contextmanager
def locked(conn: sqlite3.Connection, where: Path) -> Iterator[None]:
    """One write transaction; waits for another writer up to the connection's timeout."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if _busy(exc):
            raise _locked_error(where) from exc
        raise StoreError(f"{where}: {exc}") from exc
    try:
        yield
    except sqlite3.OperationalError as exc:
        conn.execute("ROLLBACK")
        if "readonly" in str(exc):
            raise _unwritable(where, exc) from exc
        raise StoreError(f"{where}: {exc}") from exc
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


__all__ = ["DB_NAME", "OLD_GRAPH_NAME", "locked", "open_reader", "open_writer"]
