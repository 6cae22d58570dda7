"""Loading a store's graph into Neo4j (:func:`load_neo4j`), apart from the pipeline so that
deriving a graph never imports the Neo4j driver (half a second of processor time, with the
optional dependencies it pulls in)."""

from __future__ import annotations

import functools
from pathlib import Path

from casegraph.pipeline import Store, derive_part
from core.errors import CasegraphError
from graph.partition import Bundle
from outputs import neo4j_bulk, neo4j_bundles, neo4j_load
from queries.meetings import require_data
from store.derived import PartIndex, part_file, read_bundles, stamp
from store.neo4j_db import DEFAULT_URI, DEFAULT_USER, connect
from store.sqlite import DERIVED_DIR, RecordStore


def load_neo4j(
    store: str | Path,
    *,
    uri: str | None = None,
    user: str | None = None,
    password: str = "",
    database: str | None = None,
    batch_size: int = neo4j_load.DEFAULT_BATCH_SIZE,
    progress: neo4j_load.Progress | None = None,
    prune_stale: bool = True,
    bulk: bool | None = None,
) -> neo4j_load.LoadReport:
    """Load the graph of the store folder ``store`` into the Neo4j at ``uri``.

    ``uri`` and ``user`` default to :data:`store.neo4j_db.DEFAULT_URI` and
    :data:`store.neo4j_db.DEFAULT_USER`. Connects first, so a wrong URI, password or
    database fails before the (possibly slow) graph is read; an empty store raises
    :class:`core.errors.EmptyStoreError`.

    ``bulk``: ``None`` (the default) loads a large graph into the empty database of the
    development server with the import tool (:mod:`outputs.neo4j_bulk`) and anything
    else through Bolt (:func:`outputs.neo4j_load.load_graph`); ``True`` always imports
    (replacing what the development server's database holds); ``False`` never does.
    """
    uri = uri or DEFAULT_URI
    driver = connect(uri, user or DEFAULT_USER, password, database)
    try:
        if prune_stale and not bulk:  # by bundle when Neo4j holds a manifest it confirms
            with Store(store, readonly=True) as opened:
                reload = None
                saved = _saved_parts(opened)
                if saved:
                    reload = neo4j_bundles.reload_parts(
                        driver, saved, database=database, batch_size=batch_size, progress=progress
                    )
            if reload is not None:
                return reload
        with Store(store, readonly=True) as opened:
            G = opened.graph()
            require_data(G)
            if neo4j_bulk.choose_bulk(driver, G, uri, database, bulk):
                # The bundle manifest too (its entries made while the server imports): the
                # import replaced the database, which holds the store's graph and nothing else.
                return neo4j_bulk.bulk_load_graph(
                    driver,
                    G,
                    password=password,
                    force=bool(bulk),
                    progress=progress,
                    parts=_bundle_sources(opened),
                )
        report = neo4j_load.load_graph(
            driver,
            G,
            database=database,
            batch_size=batch_size,
            progress=progress,
            prune_stale=prune_stale,
        )
        del G
        if prune_stale:  # the next load reads and sends only the bundles that change
            with Store(store, readonly=True) as opened:
                sources = _bundle_sources(opened)
                if sources:
                    neo4j_bundles.write_manifest(driver, sources, database=database)
        return report
    finally:
        driver.close()


def _saved_parts(db: RecordStore) -> dict[str, neo4j_bundles.SavedPart]:
    """Each partition's saved graph, named by its stamp and opened only when a reload needs
    it (a partition whose stamp is the one Neo4j loaded last is not read at all)."""
    folder = db.path / DERIVED_DIR
    return {
        name: neo4j_bundles.SavedPart(
            stamp(folder / part_file(name), name, changed) or "",
            functools.partial(_opened, db, name, changed),
        )
        for name, changed in db.partitions().items()
    }


def _opened(db: RecordStore, name: str, changed: int) -> neo4j_bundles.PartBundles | None:
    """A partition's saved bundles with their digests (derived and saved first when stale),
    or None when its saved graph cannot be read (a read-only store with a stale one)."""
    index = db.part_index(name, changed)
    if index is None:
        derive_part(db, name, changed)
        index = db.part_index(name, changed)
    if index is None:
        return None
    return neo4j_bundles.PartBundles(
        list(index.offsets),
        index.digests,
        functools.partial(_read_saved, index),
        stamp(index.path, name, changed),
    )


def _bundle_sources(db: RecordStore) -> dict[str, neo4j_bundles.PartBundles] | None:
    """Each partition's saved bundles with their digests, read while ``db`` is open
    (stale partitions derived and saved first), or None when a partition's saved graph
    cannot be read (a read-only store with a stale one)."""
    sources: dict[str, neo4j_bundles.PartBundles] = {}
    for name, changed in db.partitions().items():
        found = _opened(db, name, changed)
        if found is None:
            return None
        sources[name] = found
    return sources


def _read_saved(index: PartIndex, keys: list[str]) -> dict[str, Bundle]:
    found = read_bundles(index, keys)
    if found is None:
        raise CasegraphError(f"the saved graph {index.path} could not be read; load again")
    return found
