"""A lean store: each text kept once. The item texts are in the records only; the graph cache
holds placeholders for them and gets them back from the records when it is read."""

from __future__ import annotations

import zlib
from pathlib import Path

from casegraph.pipeline import Store, ingest, relink
from core import schema
from store import derived
from store.sqlite import DERIVED_DIR
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
