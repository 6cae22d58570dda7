"""The embedded store: idempotent, replaces changed files, atomic, safe with two writers."""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casegraph.pipeline import Store
from core.errors import StoreError, StoreLockedError, StoreVersionError
from core.records import AgendaItem, Document, Meeting, Source


def make_doc(
    sha: str, title: str = "Tidsplan", date: str = "2021-01-07", items: int = 1
) -> Document:
    src = Source(path=f"{sha}.txt", sha256=sha * 64, first_line=1, last_line=10)
    meeting = Meeting(
        forum="Direktionen",
        date=date,
        source=src,
        attendees=("Gitte Clemmensen",),
        attendance_recorded=True,
        items=tuple(
            AgendaItem(
                number=n, title=f"{title} {n}", source=src, decision="Godkendt.", outcome="approved"
            )
            for n in range(1, items + 1)
        ),
    )
    return Document(path=f"{sha}.txt", sha256=sha * 64, meeting=meeting)


def test_put_twice_is_unchanged(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    assert store.put(make_doc("a"), path="/x/a.txt").status == "created"
    generation = store.generation()
    assert store.put(make_doc("a"), path="/x/a.txt").status == "unchanged"
    assert store.generation() == generation
    assert store.counts() == {"documents": 1, "paths": 1}


def test_changed_file_replaces_its_records(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.put(make_doc("a", title="Old"), path="/x/a.txt")
    result = store.put(make_doc("b", title="New"), path="/x/a.txt")
    assert result.status == "updated"
    [doc] = store.documents()
    assert doc.meeting.items[0].title == "New 1"
    assert store.search_rows('"old"*', 5) == []
    assert store.search_rows('"new"*', 5)[0][4] == "New 1"


def test_same_content_under_two_paths_is_one_document(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.put(make_doc("a"), path="/x/a.txt")
    store.put(make_doc("a"), path="/y/a-copy.txt")
    assert store.counts() == {"documents": 1, "paths": 2}
    assert store.remove("/x/a.txt")
    assert store.counts() == {"documents": 1, "paths": 1}
    assert store.remove("/y/a-copy.txt")
    assert store.counts() == {"documents": 0, "paths": 0}


def test_records_round_trip(tmp_path: Path) -> None:
    doc = make_doc("c", items=3)
    store = Store(tmp_path / "s")
    store.put(doc)
    assert store.documents() == [doc]


def test_graph_cache_follows_generation(tmp_path: Path) -> None:
    store = Store(tmp_path / "s")
    store.put(make_doc("a"), path="/a")
    assert "item:direktionen:2021-01-07:1" in store.graph()
    assert list((tmp_path / "s" / "derived").glob("*.graph"))
    store.put(make_doc("b", date="2021-02-01"), path="/b")
    fresh = Store(tmp_path / "s").graph()  # a new process reads the cache or rebuilds
    assert "item:direktionen:2021-02-01:1" in fresh


def test_a_file_in_place_of_the_store_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "s").write_text("not a folder")
    with pytest.raises(StoreError, match="must be a folder"):
        Store(tmp_path / "s").counts()


def test_a_newer_store_format_is_refused(tmp_path: Path) -> None:
    Store(tmp_path / "s").counts()
    conn = sqlite3.connect(tmp_path / "s" / "casegraph.db")
    conn.execute("PRAGMA user_version=99")
    conn.close()
    with pytest.raises(StoreVersionError, match="format version 99"):
        Store(tmp_path / "s").counts()


def test_a_second_writer_fails_clearly_after_its_timeout(tmp_path: Path) -> None:
    Store(tmp_path / "s").counts()
    holder = sqlite3.connect(tmp_path / "s" / "casegraph.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreLockedError, match="another casegraph process is writing"):
            Store(tmp_path / "s", lock_timeout=0.2).put(make_doc("a"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def _writer(store_dir: str, letter: str, n: int) -> None:
    store = Store(store_dir, lock_timeout=60)
    for i in range(n):
        store.put(make_doc(letter, date=f"2021-01-{i + 1:02d}"), path=f"/{letter}/{i}")


def test_concurrent_writers_both_land(tmp_path: Path) -> None:
    store_dir = str(tmp_path / "s")
    Store(store_dir).counts()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(store_dir, letter, 20)) for letter in "de"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    store = Store(store_dir)
    assert store.counts() == {"documents": 2, "paths": 40}
    assert sqlite3.connect(tmp_path / "s" / "casegraph.db").execute(
        "PRAGMA integrity_check"
    ).fetchone() == ("ok",)


def test_a_crash_during_a_write_keeps_the_previous_store(tmp_path: Path) -> None:
    store_dir = tmp_path / "s"
    Store(store_dir).put(make_doc("a"), path="/a")
    # A real process dies (os._exit) in the middle of writing the second document.
    script = textwrap.dedent(
        f"""
        import os, sqlite3, sys
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import make_doc
        from casegraph.pipeline import Store

        class Dying(sqlite3.Connection):
            def executemany(self, *args, **kwargs):
                os._exit(17)

        real_connect = sqlite3.connect
        sqlite3.connect = lambda *a, **k: real_connect(*a, factory=Dying, **k)
        Store({str(store_dir)!r}).put(make_doc("b", items=50), path="/b")
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 17, result.stderr
    store = Store(store_dir)
    assert store.paths() == {"/a": "a" * 64}
    assert [d.sha256 for d in store.documents()] == ["a" * 64]
