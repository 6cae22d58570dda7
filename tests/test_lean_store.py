"""A lean store: each text kept once. The item texts are in the records only: the full-text
index reads them from there, and the graph cache holds placeholders for them and gets them
back from the records when it is read."""

from __future__ import annotations

import sqlite3
import zlib
from pathlib import Path

from casegraph.answers import ask
from casegraph.pipeline import Store, ingest, relink
from core import schema
from store import derived
from store.layout import STORE_VERSION, register_functions
from store.sqlite import DB_NAME, DERIVED_DIR
from store.texts import PLACEHOLDER

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"


def test_the_graph_cache_holds_no_item_text(tmp_path: Path) -> None:
    store = tmp_path / "s"
    assert ingest([SEEDS], store=store).failed == 0
    with Store(store) as db:
        relink(db, full=True)
        texts = {
            (doc.sha256, item.number): (item.text, item.decision)
            for doc in db.documents()
            for item in doc.meeting.items
        }
        [(partition, changed)] = db.partitions().items()
    assert sum(len(text) > 40 for text, _ in texts.values()) >= 20  # the seeds have texts

    [path] = (store / DERIVED_DIR).glob("*.graph")
    index = derived.read_index(path, partition, changed)  # read as it is, not filled in
    assert index is not None
    saved = derived.read_bundles(index, index.offsets)
    assert saved is not None
    items = [d for b in saved.values() for _, d in b.nodes if d["type"] == schema.AGENDA_ITEM]
    assert len({(d["sha256"], d["number"]) for d in items}) == len(texts)
    assert all(d["text"] is PLACEHOLDER and d["decision"] is PLACEHOLDER for d in items)
    with path.open("rb") as fh:
        raw = fh.read()
    blobs = [zlib.decompress(raw[at : at + n]) for at, n in index.offsets.values()]
    for text, _ in texts.values():
        if len(text) > 40:  # no stretch of an item's text is in the file
            assert not any(text.encode()[:40] in blob for blob in blobs)

    with Store(store, readonly=True) as db:  # a question gets them back from the records
        G = db.graph()
    got = {
        (d["sha256"], d["number"]): (d["text"], d["decision"])
        for _, d in G.nodes(data=True)
        if d["type"] == schema.AGENDA_ITEM
    }
    assert got == texts


def test_the_database_holds_no_copy_of_an_item_text(tmp_path: Path) -> None:
    """The full-text index reads the texts from the records: the items table has none."""
    store = tmp_path / "s"
    assert ingest([SEEDS], store=store).failed == 0
    with Store(store) as db:
        texts = [i.text for d in db.documents() for i in d.meeting.items if len(i.text) > 40]
        conn = db._connect()
        assert "body" not in {row[1] for row in conn.execute("PRAGMA table_info(items)")}
        stored = b"".join(
            str(v).encode() for row in conn.execute("SELECT * FROM items") for v in row
        )
        assert db.search_rows('"regningsbetaling"', 5)  # yet the index finds them
    assert len(texts) >= 20
    assert not any(text.encode()[:40] in stored for text in texts)


def as_layout_1(db_path: Path) -> None:
    """Make a store's database the layout before this one: each item's text kept again in
    ``items.body`` (compressed), which the index's view read."""
    conn = sqlite3.connect(db_path)
    register_functions(conn)
    bodies = conn.execute("SELECT id, body FROM items_text").fetchall()
    conn.execute("DROP VIEW items_text")
    conn.execute("ALTER TABLE items DROP COLUMN position")
    conn.execute("ALTER TABLE items ADD COLUMN body BLOB")
    conn.executemany(
        "UPDATE items SET body = ? WHERE id = ?",
        [(zlib.compress(body.encode(), 6), id_) for id_, body in bodies],
    )
    conn.execute(
        "CREATE VIEW items_text AS SELECT id, item_key, sha256, forum, date, number, title,"
        " casegraph_unzip(body) AS body FROM items"
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_a_store_keeping_item_texts_twice_is_upgraded_in_place(tmp_path: Path) -> None:
    store = tmp_path / "s"
    assert ingest([SEEDS], store=store, municipality="Nordfyns").failed == 0
    found = ask("search", store=store, text="regningsbetaling").to_dict()
    common = ask("search", store=store, text="orientering", limit=50).to_dict()
    as_layout_1(store / DB_NAME)
    before = (store / DB_NAME).stat().st_size
    # read as it is
    assert ask("search", store=store, text="regningsbetaling").to_dict() == found
    with Store(store) as db:  # a writer upgrades it
        conn = db._connect()
        assert conn.execute("PRAGMA user_version").fetchone()[0] == STORE_VERSION
        assert "body" not in {row[1] for row in conn.execute("PRAGMA table_info(items)")}
        conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)")
    assert (store / DB_NAME).stat().st_size < before
    assert ask("search", store=store, text="regningsbetaling").to_dict() == found
    assert ask("search", store=store, text="orientering", limit=50).to_dict() == common
    with Store(store) as db:  # and the index forgets a document as a new one does
        for path in list(db.paths()):
            db.remove(path)
        db._connect().execute(
            "INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 1)"
        )
        assert db.search_rows('"regningsbetaling"', 10) == []
        assert db.search_rows('"orientering"', 10) == []
