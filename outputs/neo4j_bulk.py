"""Bulk first load: the graph as CSV for ``neo4j-admin database import full``.

Writing a graph into an empty database through Bolt runs every row through a
transaction; the import tool writes the store files directly, many times faster. It
needs the server stopped, so it is run by the development server's script
(``scripts/neo4j-dev import DIR``: stop, import with the tool of the same Neo4j
distribution, start), and only into that server's database. Afterwards the
constraints and indexes are created as the incremental loader creates them.

The files (one folder, described by ``import.args``, one tool argument a line):

* per node label, ``nodes-<Label>-<n>-<m>.header.csv`` and ``.csv``: the key as
  ``key:ID(<Label>)`` (one ID space per label, as keys are unique per label), then
  each property as ``name:type`` (``string``, ``long``, ``double``, ``boolean``, or
  an array of one of them);
* per relationship type and pair of labels, ``rels-<TYPE>-<A>-<B>-<n>-<m>.header.csv`` and
  ``.csv`` with ``:START_ID(<Label>)``, ``:END_ID(<Label>)`` and the properties.

Fields are separated by TAB; strings are always quoted (so ``""`` is an empty
string, and an empty field is a property left out); array elements are separated
by U+001F. Properties are those of the incremental loader, ``_hash`` included
(:func:`store.neo4j_db.neo4j_properties`), so a later incremental load finds every
row unchanged. A part starts a new file when a property changes type; a row that
CSV cannot hold exactly (a string array holding U+001F, or only one empty string)
is left for the incremental loader, which writes it after the import.

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
>>> header.split("\\t")[:3]
['key:ID(Meeting)', 'attendees:string[]', '_empty:string[]']
>>> body.split("\\t")[:2]
['"forum:d"', '"Direktionen ""D"" x"']
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import neo4j
import networkx as nx

from core.errors import Neo4jError
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
from outputs.neo4j_manifest import no_gc
from store import cypher
from store.neo4j_db import driver_address, driver_errors, neo4j_properties

#: Separates fields; quoted strings may hold it.
DELIMITER = "\t"
#: Separates the elements of an array field (the unit separator: not in minutes).
ARRAY_DELIMITER = "\x1f"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TYPES = {str: "string", bool: "boolean", int: "long", float: "double"}


def _kind(value: Any) -> str | None:
    """The CSV header type of a Neo4j property value, or None if CSV cannot hold it.

    >>> _kind("x"), _kind(True), _kind([1, 2]), _kind(["a"]), _kind([""]), _kind({})
    ('string', 'boolean', 'long[]', 'string[]', None, None)
    """
    kind = _TYPES.get(type(value))
    if kind is not None or type(value) is not list or not value:
        return kind
    # Lists from neo4j_properties hold one type; a string list must not hold the array
    # delimiter, nor be one empty string (CSV reads both back as something else).
    inner = _TYPES.get(type(value[0]))
    if inner is None:
        return None
    if inner == "string" and (value == [""] or any(ARRAY_DELIMITER in v for v in value)):
        return None
    return inner + "[]"


def _scalar(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is float:
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    return str(value)


def _cell(value: Any, kind: str) -> str:
    if kind == "string":
        return '"' + value.replace('"', '""') + '"'
    if kind == "string[]":
        return '"' + ARRAY_DELIMITER.join(value).replace('"', '""') + '"'
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(map(_scalar, value))
    return _scalar(value)


_CANNOT = object()  # a row CSV cannot hold


class _Part:
    """One header and body file: the columns seen so far, their types and positions."""

    def __init__(self, stem: Path, fixed: tuple[str, ...]) -> None:
        self.stem, self.fixed = stem, fixed
        self.position: dict[str, int] = {}  # property -> cell index
        self.kinds: list[str] = []
        self.multiline = False
        self.rows = 0
        self._fh: IO[str] | None = self.body.open("w", encoding="utf-8", newline="")

    @property
    def body(self) -> Path:
        return self.stem.with_suffix(".csv")

    @property
    def header(self) -> Path:
        return self.stem.with_suffix(".header.csv")

    def line(self, ids: list[str], props: dict[str, Any]) -> Any:
        """The row as one line; None when a property has another type here (the row
        belongs in another part); _CANNOT when CSV cannot hold it. New properties become
        new columns (rows before them are shorter: the property is left out)."""
        offset = len(ids)
        cells = ['"' + i.replace('"', '""') + '"' for i in ids]
        cells += [""] * len(self.kinds)
        added: list[tuple[str, str]] = []
        for name, value in props.items():
            kind = _kind(value)
            if kind is None:
                return _CANNOT
            at = self.position.get(name)
            if at is None:
                if not _NAME.match(name):
                    return _CANNOT
                added.append((name, kind))
                cells.append(_cell(value, kind))
            elif self.kinds[at - offset] != kind:
                return None
            else:
                cells[at] = _cell(value, kind)
        # Only now (a row that does not fit adds nothing): new columns go last, in the
        # order their cells were appended.
        for name, kind in added:
            self.position[name] = offset + len(self.kinds)
            self.kinds.append(kind)
        # The import tool misreads a line that ends in empty fields (it runs on into the next
        # line): a shorter line leaves the same properties out.
        while not cells[-1]:
            cells.pop()
        return DELIMITER.join(cells)

    def write(self, line: str) -> None:
        if not self.multiline and ("\n" in line or "\r" in line):
            self.multiline = True
        assert self._fh is not None
        self._fh.write(line)
        self._fh.write("\n")
        self.rows += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None  # a closed part can be sent back from a worker
        names = list(self.fixed)
        columns = sorted(self.position.items(), key=lambda item: item[1])
        names += [f"{name}:{self.kinds[at - len(self.fixed)]}" for name, at in columns]
        self.header.write_text(DELIMITER.join(names) + "\n", encoding="utf-8")


class _Parts:
    """The parts of one label or relationship group: a row goes to the first that fits."""

    def __init__(self, folder: Path, prefix: str, fixed: tuple[str, ...]) -> None:
        self.folder, self.prefix, self.fixed = folder, prefix, fixed
        self.parts: list[_Part] = []

    def write(self, ids: list[str], props: dict[str, Any]) -> bool:
        """Write one row; False when CSV cannot hold it exactly."""
        for part in self.parts:
            line = part.line(ids, props)
            if line is _CANNOT:
                return False
            if line is not None:
                part.write(line)
                return True
        part = _Part(self.folder / f"{self.prefix}-{len(self.parts)}", self.fixed)
        self.parts.append(part)
        line = part.line(ids, props)
        if line is _CANNOT:
            return False
        part.write(line)
        return True

    def close(self) -> None:
        for part in self.parts:
            part.close()
        for part in [p for p in self.parts if not p.rows]:  # its only row could not be held
            part.body.unlink()
            part.header.unlink()
            self.parts.remove(part)


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


#: Rows per unit of work (one set of files), so that workers share a large label.
UNIT_ROWS = 50_000

# The graph the forked workers read, and its node keys per label and edges per group (set
# before they fork, so they share them unpickled: a unit names only its slice).
_GRAPH: nx.MultiDiGraph | None = None
_ROWS: dict[str | Group, list[Any]] = {}


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
    parts: list[_Part] = field(default_factory=list)
    written: int = 0
    left: list[Any] = field(default_factory=list)

    def rows(self) -> list[Any]:
        return _ROWS[self.name if self.group is None else self.group][self.start : self.stop]


_EMPTY_HASH = neo4j_properties({})[cypher.HASH]


def _write_unit(unit: _Unit, folder: Path, left_nodes: frozenset[Any]) -> _Unit:
    """Write one unit's files (in a worker, or in this process). ``left_nodes``: the
    nodes left to the incremental loader, whose relationships must wait for them too."""
    G = _GRAPH
    assert G is not None
    with no_gc():  # what a unit makes is freed by reference counting
        if unit.group is None:
            parts = _Parts(folder, unit.prefix, (f"{cypher.KEY}:ID({unit.name})",))
            for key in unit.rows():
                if parts.write([str(key)], neo4j_properties(G.nodes[key], drop=_NODE_DROP)):
                    unit.written += 1
                else:
                    unit.left.append(key)
        else:
            _, start, end = unit.group
            parts = _Parts(folder, unit.prefix, (f":START_ID({start})", f":END_ID({end})"))
            _write_relationships(unit, parts, left_nodes)
        parts.close()
    unit.parts = parts.parts
    return unit


_NODE_DROP = ("type", cypher.KEY)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _write_relationships(unit: _Unit, parts: _Parts, left_nodes: frozenset[Any]) -> None:
    """Write one unit of relationships. Most hold nothing but their type: their properties
    are known (``_hash`` of nothing), and once a file has that column third, their lines
    are written straight (the general path checks every cell of every row)."""
    plain: _Part | None = None  # a part whose third column is _hash, a string
    tail = DELIMITER + _quoted(_EMPTY_HASH)
    for u, v, attrs in unit.rows():
        if u in left_nodes or v in left_nodes:
            unit.left.append((u, v, attrs))
            continue
        bare = len(attrs) == 1 and "type" in attrs
        if bare and plain is not None:
            plain.write(_quoted(str(u)) + DELIMITER + _quoted(str(v)) + tail)
            unit.written += 1
            continue
        props = {cypher.HASH: _EMPTY_HASH} if bare else neo4j_properties(attrs, drop=("type",))
        if not parts.write([str(u), str(v)], props):
            unit.left.append((u, v, attrs))
            continue
        unit.written += 1
        if bare and plain is None:
            plain = next((p for p in parts.parts if p.position.get(cypher.HASH) == 2), None)
            if plain is not None and plain.kinds[0] != "string":
                plain = None


def _units(
    nodes: dict[str, list[Any]], rels: dict[Group, list[tuple[Any, Any, dict[str, Any]]]]
) -> list[_Unit]:
    units = []
    for name, keys in nodes.items():
        for n, at in enumerate(range(0, len(keys), UNIT_ROWS)):
            stop = min(at + UNIT_ROWS, len(keys))
            units.append(_Unit("--nodes", name, None, f"nodes-{name}-{n}", at, stop))
    for group, edges in rels.items():
        type_, start, end = group
        for n, at in enumerate(range(0, len(edges), UNIT_ROWS)):
            stop = min(at + UNIT_ROWS, len(edges))
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
    nodes, skipped = _node_buckets(G)
    rels, rel_skipped = _edge_buckets(G)
    files = ImportFiles(folder, skipped=skipped + rel_skipped)
    units = _units(nodes, rels)
    total = sum(u.stop - u.start for u in units)
    workers = min(workers or _default_workers(), len(units))
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
    for unit in done:
        counts = files.nodes if unit.group is None else files.relationships
        counts[unit.name] = counts.get(unit.name, 0) + unit.written
        if unit.left and unit.group is None:
            files.left_nodes.setdefault(unit.name, []).extend(unit.left)
        elif unit.left and unit.group is not None:
            files.left_relationships.setdefault(unit.group, []).extend(unit.left)
    _write_args(folder, done)
    return files


def _write_args(folder: Path, units: list[_Unit]) -> None:
    args = [
        "--delimiter=TAB",
        f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}",
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
) -> LoadReport:
    """Load ``G`` into the development server's empty database with the import tool.

    Writes the CSV (into ``folder``, by default a temporary folder removed afterwards),
    runs :func:`run_import` (``force``: replace a database that holds nodes), then
    creates the constraints and indexes and waits until they are online, writes the
    few rows CSV cannot hold with the incremental loader, and stores the load manifest
    (its digests made while the server imports). ``driver`` reconnects by itself after the
    server's restart. ``phases`` receives the seconds of each step (``csv``, ``import``,
    ``indexes``, ``rest``).
    """
    phases = {} if phases is None else phases
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases[name] = now - clock
        clock = now

    own = folder is None
    folder = Path(tempfile.mkdtemp(prefix="casegraph-import-") if folder is None else folder)
    files = write_import_files(G, folder, progress=progress)
    lap("csv")
    # The manifest's digests are made while the server imports (this process only waits).
    with ThreadPoolExecutor(1) as pool:
        digests = pool.submit(manifest_of, G)
        try:
            run_import(folder, password=password, force=force)  # on failure the files stay
        finally:
            # Failed or not, the database is a new one (empty after a failure): bookmarks of
            # the old one would keep the driver's next query waiting.
            forget_bookmarks(driver)
        labels = digests.result()
    if own:
        shutil.rmtree(folder, ignore_errors=True)
    lap("import")
    ensure_constraints(driver)
    lap("indexes")
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


#: A first load of fewer rows goes through Bolt: the import restarts the server, which
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
