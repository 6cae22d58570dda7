"""Bulk first load: the graph as CSV for ``neo4j-admin database import full``.

Writing a graph into an empty database through Bolt runs every row through a
transaction; the import tool writes the store files directly, many times faster. It
needs the database stopped, so it is run by the development server's script
(``scripts/neo4j-dev import DIR``: stop the database, import with the tool of the same
Neo4j distribution, start it), and only into that server's database. Afterwards the
constraints and indexes are created as the incremental loader creates them.

The files (one folder, described by ``import.args``, one tool argument a line), in the
format of :mod:`outputs.neo4j_csv`:

* per node label, ``nodes-<Label>-<n>-<m>.header.csv`` and ``.csv``: the node's integer
  ID as ``:ID`` (one ID space for all labels: the node's record number when no node is
  left out, ``--id-type=ACTUAL``, else ``INTEGER``), the key as ``key:string``, then its
  properties;
* per relationship type and pair of labels, ``rels-<TYPE>-<A>-<B>-<n>-<m>.header.csv`` and
  ``.csv`` with ``:START_ID``, ``:END_ID`` and the properties.

Properties are those of the incremental loader, ``_hash`` included
(:func:`store.neo4j_db.neo4j_properties`), so a later incremental load finds every
row unchanged. A part starts a new file when a property changes type; a row that
CSV cannot hold exactly (a string array holding U+001F, or only one empty string)
is left for the incremental loader, which writes it after the import, with the
relationships of its node.

>>> import networkx as nx, tempfile
>>> G = nx.MultiDiGraph()
>>> G.add_node("forum:d", type="Forum", name='Direktionen "D" x')
>>> G.add_node("meeting:d:2021-01-07", type="Meeting", attendees=["Åse", "Bo"], absent=[])
>>> _ = G.add_edge("meeting:d:2021-01-07", "forum:d", key="OF_FORUM", type="OF_FORUM")
>>> with tempfile.TemporaryDirectory() as d:
...     files = write_import_files(G, d)
...     header = (Path(d) / "nodes-Meeting-0-0.header.csv").read_text()
...     body = (Path(d) / "nodes-Forum-0-0.csv").read_text()
>>> files.nodes, files.relationships
({'Forum': 1, 'Meeting': 1}, {'OF_FORUM': 1})
>>> header.split("\\t")[:4]
[':ID', 'key:string', 'attendees:string[]', '_empty:string[]']
>>> body.split("\\t")[:3]
['0', '"forum:d"', '"Direktionen ""D"" x"']
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx

from core.errors import Neo4jError
from core.memory import gc_paused
from graph.partition import Part as GraphPart
from outputs import neo4j_bundles
from outputs.neo4j_bundles import PartBundles
from outputs.neo4j_csv import ARRAY_DELIMITER, DELIMITER, Part, Parts, quoted
from outputs.neo4j_devserver import (
    PROJECT,
    forget_bookmarks,
    is_dev_server,
    run_import,
)
from outputs.neo4j_load import (
    Counts,
    Group,
    LoadReport,
    _edge_buckets,
    _node_buckets,
    ensure_constraints,
    load_graph,
    manifest_of,
    write_manifest,
)
from store import cypher
from store.neo4j_db import driver_address, driver_errors, neo4j_properties


@dataclass
class ImportFiles:
    """The files written for one import and what they hold."""

    folder: Path
    #: Rows written, per node label and per relationship type.
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    #: Node keys per label, and relationships per group, left to the incremental loader.
    left_nodes: dict[str, list[Any]] = field(default_factory=dict)
    left_relationships: dict[Group, list[tuple[Any, Any, dict[str, Any]]]] = field(
        default_factory=dict
    )
    #: Nodes and edges the graph has that Neo4j cannot (unknown types), one line each.
    skipped: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.nodes.values()) + sum(self.relationships.values())


#: Rows per unit of work (one set of files), so that several workers share a large label.
UNIT_ROWS = 50_000

# The graph the forked workers read, its node keys per label and edges per group, and each
# node's integer ID as text (set before they fork, so they share them unpickled: a unit
# names only its slice).
_GRAPH: nx.MultiDiGraph | None = None
_ROWS: dict[str | Group, list[Any]] = {}
_IDS: dict[Any, str] = {}


@dataclass
class _Unit:
    """A slice of one label's nodes or one relationship group's edges, and what writing
    it gave: its parts (closed), the rows written and the rows CSV cannot hold."""

    option: str  # --nodes or --relationships
    name: str  # label or relationship type
    group: Group | None  # (type, start label, end label) for relationships
    prefix: str
    start: int  # the slice of the label's node keys, or of the group's (u, v, attrs)
    stop: int
    parts: list[Part] = field(default_factory=list)
    written: int = 0
    left: list[Any] = field(default_factory=list)

    def rows(self) -> list[Any]:
        return _ROWS[self.name if self.group is None else self.group][self.start : self.stop]


_EMPTY_HASH = neo4j_properties({})[cypher.HASH]
#: The leading columns of a node file and of a relationship file. Nodes are found by an
#: integer ID (one ID space for every label: the tool's string ID map was the largest part
#: of its node import); the key is a property of its own.
NODE_COLUMNS = (":ID", f"{cypher.KEY}:string")
RELATIONSHIP_COLUMNS = (":START_ID", ":END_ID")


def _write_unit(unit: _Unit, folder: Path, left_nodes: frozenset[Any]) -> _Unit:
    """Write one unit's files (in a worker, or in this process). ``left_nodes``: the
    nodes left to the incremental loader, whose relationships must wait for them too."""
    G = _GRAPH
    assert G is not None
    with gc_paused():  # what a unit makes is freed by reference counting
        if unit.group is None:
            parts = Parts(folder, unit.prefix, NODE_COLUMNS)
            attributes, ids = G._node, _IDS
            for key in unit.rows():
                lead = ids[key] + DELIMITER + quoted(str(key))
                if parts.write(lead, neo4j_properties(attributes[key], drop=_NODE_DROP)):
                    unit.written += 1
                else:
                    unit.left.append(key)
        else:
            parts = Parts(folder, unit.prefix, RELATIONSHIP_COLUMNS)
            _write_relationships(unit, parts, left_nodes)
        parts.close()
    unit.parts = parts.parts
    return unit


_NODE_DROP = ("type", cypher.KEY)


def _write_relationships(unit: _Unit, parts: Parts, left_nodes: frozenset[Any]) -> None:
    """Write one unit of relationships. Most hold nothing but their type: their properties
    are known (``_hash`` of nothing), so their lines are made in one go and written at the
    end, into a part whose first property column is ``_hash`` (the general path checks
    every cell of every row)."""
    ids = _IDS
    bare: list[str] = []  # the leading cells of the relationships without properties
    for u, v, attrs in unit.rows():
        if left_nodes and (u in left_nodes or v in left_nodes):
            unit.left.append((u, v, attrs))
            continue
        if len(attrs) == 1 and "type" in attrs:
            bare.append(ids[u] + DELIMITER + ids[v])
            continue
        if parts.write(ids[u] + DELIMITER + ids[v], neo4j_properties(attrs, drop=("type",))):
            unit.written += 1
        else:
            unit.left.append((u, v, attrs))
    if not bare:
        return
    props = {cypher.HASH: _EMPTY_HASH}
    plain = _plain_part(parts)
    if plain is None:
        parts.write(bare[0], props)  # a string: it always fits
        unit.written += 1
        bare = bare[1:]
        plain = _plain_part(parts)
    if plain is None:  # _hash is not the first column of any part: row by row
        for lead in bare:
            parts.write(lead, props)
    elif bare:
        tail = DELIMITER + quoted(_EMPTY_HASH)
        plain.write_lines((tail + "\n").join(bare) + tail + "\n", len(bare))
    unit.written += len(bare)


def _plain_part(parts: Parts) -> Part | None:
    """A part whose first property column is ``_hash``, a string."""
    for part in parts.parts:
        if part.position.get(cypher.HASH) == 0 and part.kinds[0] == "string":
            return part
    return None


def _units(
    nodes: dict[str, list[Any]],
    rels: dict[Group, list[tuple[Any, Any, dict[str, Any]]]],
    size: int,
) -> list[_Unit]:
    units = []
    for name, keys in nodes.items():
        for n, at in enumerate(range(0, len(keys), size)):
            stop = min(at + size, len(keys))
            units.append(_Unit("--nodes", name, None, f"nodes-{name}-{n}", at, stop))
    for group, edges in rels.items():
        type_, start, end = group
        for n, at in enumerate(range(0, len(edges), size)):
            stop = min(at + size, len(edges))
            prefix = f"rels-{type_}-{start}-{end}-{n}"
            units.append(_Unit("--relationships", type_, group, prefix, at, stop))
    return units


def _default_workers() -> int:
    """One writer on up to two cores, else one per core up to 4. A forked writer touches
    the graph it shares with the parent (reference counts: its pages are copied), so two
    writers on two cores used 11.7 CPU-s for the 1.29M rows one writer writes in 9.3,
    and took longer on a shared machine (34 s against 24 s at load average 9)."""
    cores = os.cpu_count() or 1
    return 1 if cores <= 2 else min(cores, 4)


def write_import_files(
    G: nx.MultiDiGraph,
    folder: str | Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> ImportFiles:
    """Write ``G`` into ``folder`` as CSV for ``neo4j-admin database import full``, and
    ``import.args``, the tool's arguments (one a line), for ``scripts/neo4j-dev import``.

    ``workers`` processes (default: :func:`_default_workers`) write the files, each a
    share of the labels and relationship types. ``progress(done, total)`` is called with
    row counts as units of work finish.
    """
    global _GRAPH
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    # A tuple per edge: the collections they would trigger walk the whole graph (0.45 of
    # 0.9 CPU-s for 270k edges).
    with gc_paused():
        nodes, skipped = _node_buckets(G)
        rels, rel_skipped = _edge_buckets(G)
    files = ImportFiles(folder, skipped=skipped + rel_skipped)
    workers = workers or _default_workers()
    # One writer writes a label or group into one set of files: the import tool reads
    # every file's start before its first stage (fewer files, less of that).
    whole = max(1, *map(len, nodes.values()), *map(len, rels.values()))
    units = _units(nodes, rels, UNIT_ROWS if workers > 1 else whole)
    total = sum(u.stop - u.start for u in units)
    workers = min(workers, len(units))
    done: list[_Unit] = []
    finished = 0

    def run(batch: list[_Unit], left: frozenset[Any], pool: Executor | None) -> None:
        nonlocal finished
        sizes = [unit.stop - unit.start for unit in batch]
        if pool is None:
            results: Iterable[_Unit] = (_write_unit(unit, folder, left) for unit in batch)
        else:
            futures = [pool.submit(_write_unit, unit, folder, left) for unit in batch]
            results = (future.result() for future in futures)
        for unit, size in zip(results, sizes, strict=True):
            done.append(unit)
            finished += size
            if progress is not None:
                progress(finished, total)

    _GRAPH = G
    _ROWS.update((name, list(keys)) for name, keys in nodes.items())
    every_node = list(itertools.chain.from_iterable(nodes.values()))
    _IDS.update(zip(every_node, map(str, range(len(every_node))), strict=True))
    _ROWS.update((group, list(edges)) for group, edges in rels.items())
    try:
        with contextlib.ExitStack() as stack:
            pool: Executor | None = None
            if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
                context = multiprocessing.get_context("fork")
                pool = stack.enter_context(ProcessPoolExecutor(workers, mp_context=context))
            # Nodes first: a relationship of a node left to the loader is left too.
            run([u for u in units if u.group is None], frozenset(), pool)
            left = frozenset(key for unit in done for key in unit.left)
            run([u for u in units if u.group is not None], left, pool)
    finally:
        _GRAPH = None
        _ROWS.clear()
        _IDS.clear()
    for unit in done:
        counts = files.nodes if unit.group is None else files.relationships
        counts[unit.name] = counts.get(unit.name, 0) + unit.written
        if unit.left and unit.group is None:
            files.left_nodes.setdefault(unit.name, []).extend(unit.left)
        elif unit.left and unit.group is not None:
            files.left_relationships.setdefault(unit.group, []).extend(unit.left)
    # Actual IDs (the node's record number in the store) need no ID map at all; a node left
    # to the incremental loader leaves a gap in them, which integer IDs allow.
    actual = not files.left_nodes
    _write_args(folder, done, actual=actual)
    return files


def _write_args(folder: Path, units: list[_Unit], *, actual: bool) -> None:
    args = [
        "--delimiter=TAB",
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
        f"--id-type={'ACTUAL' if actual else 'INTEGER'}",
        f"--report-file={folder / 'import.report'}",
    ]
    if any(p.multiline for unit in units for p in unit.parts):
        # A field holds a line break. The v2 reader (--multiline-fields-format=v2 and a list
        # of files) splits a file into chunks for its threads by scanning back from the end
        # of each 4 MB buffer for a line break outside a quoted field; that guess fails on
        # ordinary minutes ("Weird input data, found CR outside a text cell"). The v1 reader
        # parses every file in order with the CSV parser itself, so a line break is a line
        # break only where the parser says so; the rest of the import stays parallel.
        args += ["--multiline-fields-format=v1", "--multiline-fields=true"]
    for unit in units:
        args += [f"{unit.option}={unit.name}={p.header},{p.body}" for p in unit.parts]
    (folder / "import.args").write_text("\n".join(args) + "\n", encoding="utf-8")


def bulk_load_graph(
    driver: neo4j.Driver,
    G: nx.MultiDiGraph,
    *,
    password: str,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    folder: str | Path | None = None,
    phases: dict[str, float] | None = None,
    parts: Mapping[str, GraphPart | PartBundles] | None = None,
) -> LoadReport:
    """Load ``G`` into the development server's empty database with the import tool.

    Writes the CSV (into ``folder``, by default a temporary folder removed afterwards),
    runs :func:`run_import` (without ``force``, a database that holds nodes is refused
    before anything is written; with it, replaced), then
    creates the constraints and indexes and waits until they are online, writes the
    few rows CSV cannot hold with the incremental loader, and stores the load manifest
    (its digests made while the server imports). ``driver`` reconnects by itself after the
    database's restart. ``phases`` receives the seconds of each step (``csv``, ``import``,
    ``indexes``, ``rest``). ``parts``: the store's bundles of ``G`` (partition -> its
    bundles), whose manifest (:func:`outputs.neo4j_bundles.write_manifest`) is then stored
    too, its entries made while the server imports.
    """
    phases = {} if phases is None else phases
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases[name] = now - clock
        clock = now

    # Checked here, before the files are written, and with this driver (the script's own
    # check starts a Python process of its own): the import runs with --force.
    if not force and not database_is_empty(driver):
        raise Neo4jError(
            "the database holds nodes, and an import replaces it: empty it first, or ask "
            "for the bulk load (casegraph neo4j load --bulk), which replaces them"
        )
    own = folder is None
    folder = Path(tempfile.mkdtemp(prefix="casegraph-import-") if folder is None else folder)
    files = write_import_files(G, folder, progress=progress)
    lap("csv")
    # The manifest's digests are made while the server imports and builds the indexes (this
    # process only waits meanwhile).
    with ThreadPoolExecutor(1) as pool:
        digests = pool.submit(manifest_of, G)
        entries = None if parts is None else pool.submit(neo4j_bundles.manifest_entries, parts)
        try:
            run_import(folder, password=password, force=True)  # on failure the files stay
        finally:
            # Failed or not, the database is a new one (empty after a failure): bookmarks of
            # the old one would keep the driver's next query waiting.
            forget_bookmarks(driver)
        if own:
            shutil.rmtree(folder, ignore_errors=True)
        lap("import")
        ensure_constraints(driver)
        lap("indexes")
        labels = digests.result()
    nodes = {name: Counts(created=n) for name, n in files.nodes.items()}
    rels = {type_: Counts(created=n) for type_, n in files.relationships.items()}
    if files.left_nodes or files.left_relationships:
        rest = _leftover_graph(G, files)
        report = load_graph(driver, rest, prune_stale=False)
        for name, c in report.nodes.items():
            nodes[name] = nodes.get(name, Counts()) + Counts(created=c.created, updated=c.updated)
        for type_, c in report.relationships.items():
            rels[type_] = rels.get(type_, Counts()) + Counts(created=c.created, updated=c.updated)
    if labels is not None:
        write_manifest(driver, G, labels=labels)  # a reload then sends only what changed
    if parts is not None and entries is not None:  # a reload by bundle, likewise
        neo4j_bundles.write_manifest(driver, parts, entries=entries.result())
    lap("rest")
    return LoadReport(nodes=nodes, relationships=rels, skipped=tuple(files.skipped))


def _leftover_graph(G: nx.MultiDiGraph, files: ImportFiles) -> nx.MultiDiGraph:
    """The rows the CSV left out, with the end nodes of their relationships."""
    keys = {key for keys in files.left_nodes.values() for key in keys}
    for edges in files.left_relationships.values():
        keys.update(k for u, v, _ in edges for k in (u, v))
    rest = nx.MultiDiGraph()
    rest.add_nodes_from((key, G.nodes[key]) for key in keys)
    for edges in files.left_relationships.values():
        for u, v, attrs in edges:
            rest.add_edge(u, v, key=attrs.get("type"), **attrs)
    return rest


#: A first load of fewer rows goes through Bolt: the import restarts the database, which
#: costs more than writing a small graph row by row.
BULK_MIN_ROWS = 200_000


def database_is_empty(driver: neo4j.Driver, database: str | None = None) -> bool:
    """Whether the database holds no node at all."""
    with driver_errors(driver_address(driver), database):
        records, _, _ = driver.execute_query(cypher.any_node(), database_=database)
    return not records


def choose_bulk(
    driver: neo4j.Driver, G: nx.MultiDiGraph, uri: str, database: str | None, bulk: bool | None
) -> bool:
    """Whether to load ``G`` with the import tool: asked for (``bulk=True``; then the
    target must be the development server), or, by default, when the target is the
    development server, its database is empty and the graph has many rows."""
    if bulk is False:
        return False
    dev = is_dev_server(uri, database)
    if bulk:
        if not dev:
            raise Neo4jError(
                f"a bulk load writes the files of the development server of {PROJECT} "
                "(scripts/neo4j-dev start) and its default database; point NEO4J_URI "
                "(--uri) at it, or load without --bulk"
            )
        return True
    rows = G.number_of_nodes() + G.number_of_edges()
    return dev and rows >= BULK_MIN_ROWS and database_is_empty(driver, database)
