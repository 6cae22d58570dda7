"""Neo4j reload after one new meeting by derived bundle: this revision next to a baseline
revision in one run, with where each reload's time goes.

Run with the dev server up (it DELETES everything in the target database)::

    scripts/neo4j-dev start
    nice .venv/bin/python bench/neo4j_reload.py --wipe [--meetings 10000] [--trials 3]

1. The synthetic graph of ``bench/neo4j_load.py`` (10,000 meetings: ~1.29M rows), loaded
   into the empty database with the bulk importer, then the bundle manifest written (one
   partition: the graph's bundles as ``graph.partition.part_of_graph`` cuts them). With
   ``--partitions N``: the meetings as N municipalities' partitions (their own people and
   case numbers, and ``--shared-people`` people every one names now and then), each saved
   as a store saves it (``store.derived``), and each reload opens the saved files as
   ``casegraph neo4j load`` does (timed), after one meeting added to a random partition
   and that partition saved again (the store's derivation: not timed).
2. Trials: the bundle manifest of the graph written by the code to time (not timed: each
   revision reads its own manifest), one meeting added and the graph reloaded by that code
   (after ``--warm`` rounds that are not counted: the server plans each new query once):
   each baseline's ``outputs/neo4j_bundles.py`` (its ``outputs/neo4j_*.py`` exported from
   git and loaded beside this revision's), then this revision's; alternating. The bundles'
   digests are made before the timed reload (the store's graph cache holds them).
3. Per reload: wall seconds, client CPU seconds, the server's CPU seconds (its JVM's, so it
   includes whatever else the server did meanwhile: nothing else uses this server), the
   transactions and queries sent, and per transaction function its calls, queries, wall and
   client CPU. At the end the database must hold exactly the graph's rows.

Wall times depend on what else the shared machine runs: the load average is printed beside.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

import neo4j  # noqa: E402
from neo4j_load import add_meeting, rows_of, synthetic_graph, wipe  # noqa: E402
from subgraph_questions import export  # noqa: E402
from timing import dev_server, refuse_unless_empty, server_cpu  # noqa: E402

import outputs  # noqa: E402
import store  # noqa: E402
from graph.partition import merge_parts, part_of_graph  # noqa: E402
from outputs import neo4j_bundles  # noqa: E402
from outputs.neo4j_bulk import bulk_load_graph  # noqa: E402
from store.derived import part_file, read_bundles, read_index, stamp, write_part  # noqa: E402

#: The last revision before this reload's round trips were cut, and the first that cut them
#: (before the shared bundles were kept in chunks).
BASELINES = "177d142,1231860"
#: The baselines' modules, in the order they import each other (those a revision has).
MODULES = ("neo4j_manifest", "neo4j_sync", "neo4j_load", "neo4j_bundle_rows", "neo4j_bundles")


def baseline_bundles(rev: str, work: Path) -> ModuleType:
    """``outputs.neo4j_bundles`` of ``rev`` with the ``outputs`` modules it uses of ``rev``
    too, and its ``store/cypher_bundles.py`` (each loaded under its own name, then this
    revision's put back)."""
    folder = export(rev, work)
    names = [n for n in MODULES if (folder / "outputs" / f"{n}.py").exists()]
    saved = {name: sys.modules[f"outputs.{name}"] for name in names}
    own_cypher = sys.modules["store.cypher_bundles"]
    loaded: dict[str, ModuleType] = {}
    try:
        if (folder / "store" / "cypher_bundles.py").exists():
            spec = importlib.util.spec_from_file_location(
                "store.cypher_bundles", folder / "store" / "cypher_bundles.py"
            )
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules["store.cypher_bundles"] = module
            store.cypher_bundles = module
            spec.loader.exec_module(module)
        for name in names:
            spec = importlib.util.spec_from_file_location(
                f"outputs.{name}", folder / "outputs" / f"{name}.py"
            )
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[f"outputs.{name}"] = module
            setattr(outputs, name, module)
            spec.loader.exec_module(module)
            loaded[name] = module
    finally:
        for name, module in saved.items():
            sys.modules[f"outputs.{name}"] = module
            setattr(outputs, name, module)
        sys.modules["store.cypher_bundles"] = own_cypher
        store.cypher_bundles = own_cypher
    return loaded["neo4j_bundles"]


class Recorder:
    """Transactions and queries sent through the driver, per transaction function."""

    def __init__(self) -> None:
        self.phases: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0])
        self.current: list[str] = []

    @contextlib.contextmanager
    def recording(self) -> Iterator[None]:
        session_cls = neo4j.Session
        tx_cls = neo4j.ManagedTransaction
        originals = (session_cls.execute_read, session_cls.execute_write, tx_cls.run)
        recorder = self

        def wrap(method: Any) -> Any:
            def run_tx(session: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
                name = getattr(fn, "__name__", str(fn))
                recorder.current.append(name)
                c0, t0 = time.process_time(), time.perf_counter()
                try:
                    return method(session, fn, *args, **kwargs)
                finally:
                    phase = recorder.phases[name]
                    phase[0] += 1
                    phase[2] += time.perf_counter() - t0
                    phase[3] += time.process_time() - c0
                    recorder.current.pop()

            return run_tx

        def run(tx: Any, *args: Any, **kwargs: Any) -> Any:
            recorder.phases[recorder.current[-1] if recorder.current else "?"][1] += 1
            return originals[2](tx, *args, **kwargs)

        session_cls.execute_read = wrap(originals[0])  # type: ignore[method-assign]
        session_cls.execute_write = wrap(originals[1])  # type: ignore[method-assign]
        tx_cls.run = run  # type: ignore[method-assign,assignment]
        try:
            yield
        finally:
            session_cls.execute_read, session_cls.execute_write, tx_cls.run = originals  # type: ignore[method-assign]

    def totals(self) -> tuple[int, int]:
        """Transactions and queries."""
        return (
            int(sum(p[0] for p in self.phases.values())),
            int(sum(p[1] for p in self.phases.values())),
        )


def reload(
    driver: neo4j.Driver, code: ModuleType, G: Any, n: int, batch_size: int
) -> dict[str, Any]:
    """``code``'s manifest of ``G`` written, meeting ``n`` added to ``G`` and ``G``
    reloaded by ``code``'s ``load_parts``."""
    code.write_manifest(driver, {"": part_of_graph(G)})
    added = add_meeting(G, n, seed=n)
    source = code.of_part(part_of_graph(G))  # the digests: the graph cache's head has them
    load0 = os.getloadavg()[0]
    server0 = server_cpu(driver)
    recorder = Recorder()
    with recorder.recording():
        c0, t0 = time.process_time(), time.perf_counter()
        r = code.load_parts(driver, {"": source}, batch_size=batch_size)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    server = server_cpu(driver) - server0
    assert r.node_totals.created + r.relationship_totals.created == added, (r, added)
    txs, queries = recorder.totals()
    return {
        "added": added,
        "secs": secs,
        "cpu": cpu,
        "server": server,
        "txs": txs,
        "queries": queries,
        "compared": r.compared,
        "sent": r.sent,
        "load": load0,
        "phases": dict(recorder.phases),
    }


class Saved:
    """Partitions saved as a store saves them (``store.derived`` files in ``folder``, each
    with its change counter), and their graphs, to which meetings are added."""

    def __init__(self, folder: Path, graphs: dict[str, Any]) -> None:
        self.folder, self.graphs = folder, graphs
        self.changed = dict.fromkeys(graphs, 1)
        self.meetings = {name: count_meetings(G) for name, G in graphs.items()}
        self.opened: list[str] = []
        for name in graphs:
            self.save(name)

    def path(self, name: str) -> Path:
        return self.folder / part_file(name)

    def save(self, name: str) -> None:
        write_part(self.path(name), name, self.changed[name], part_of_graph(self.graphs[name]))

    def add_meeting(self, name: str) -> int:
        """One more meeting in partition ``name``, derived and saved again (the store's
        work before a load: not timed). Returns the rows it adds."""
        added = add_meeting(
            self.graphs[name], self.meetings[name], seed=self.meetings[name], scope=int(name[1:])
        )
        self.meetings[name] += 1
        self.changed[name] += 1
        self.save(name)
        return added

    def open(self, code: ModuleType, name: str) -> Any:
        """The partition's saved bundles as ``casegraph neo4j load`` opens them: its head
        read (and its stamp, for a revision that keeps them)."""
        self.opened.append(name)
        index = read_index(self.path(name), name, self.changed[name])
        assert index is not None
        extra = {}
        if "stamp" in code.PartBundles.__dataclass_fields__:
            extra["stamp"] = stamp(self.path(name), name, self.changed[name])
        read = functools.partial(read_bundles, index)
        return code.PartBundles(list(index.offsets), index.digests, read, **extra)

    def sources(self, code: ModuleType) -> dict[str, Any]:
        """What ``casegraph neo4j load`` hands ``code``'s reload: every partition opened (a
        revision before stamps), or named by its stamp and opened when needed."""
        if not hasattr(code, "SavedPart"):
            return {name: self.open(code, name) for name in sorted(self.graphs)}
        return {
            name: code.SavedPart(
                stamp(self.path(name), name, self.changed[name]) or "",
                functools.partial(self.open, code, name),
            )
            for name in sorted(self.graphs)
        }


def count_meetings(G: Any) -> int:
    return sum(1 for _, d in G.nodes(data=True) if d.get("type") == "Meeting" and d["documented"])


def reload_saved(
    driver: neo4j.Driver, code: ModuleType, saved: Saved, name: str, batch_size: int
) -> dict[str, Any]:
    """``code``'s manifest of the saved partitions written, one meeting added to partition
    ``name`` (saved again), and the store reloaded by ``code`` from the saved files: the
    timed part includes opening them as the CLI does."""
    code.write_manifest(driver, saved.sources(code))
    added = saved.add_meeting(name)
    load0 = os.getloadavg()[0]
    server0 = server_cpu(driver)
    recorder = Recorder()
    saved.opened.clear()
    with recorder.recording():
        c0, t0 = time.process_time(), time.perf_counter()
        r = code.load_parts(driver, saved.sources(code), batch_size=batch_size)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    server = server_cpu(driver) - server0
    assert r.node_totals.created + r.relationship_totals.created == added, (r, added)
    txs, queries = recorder.totals()
    return {
        "added": added,
        "secs": secs,
        "cpu": cpu,
        "server": server,
        "txs": txs,
        "queries": queries,
        "compared": r.compared,
        "sent": r.sent,
        "load": load0,
        "phases": dict(recorder.phases),
        "opened": len(saved.opened),
    }


def read_costs(meetings: int, partitions: int, work: Path, rounds: int = 3) -> None:
    """CPU-seconds of what a reload reads from a store's saved partitions besides Neo4j,
    ``partitions`` partitions of ``meetings`` meetings (one synthetic partition saved under
    each name: the files' sizes are what count here): before stamps, every partition's head
    and shared bundle (what 0e02078's ``casegraph neo4j load`` read on every reload that
    changed anything); with them, every partition's stamp, and the changed partition's head
    and bundles (one meeting's and its shared bundle)."""
    folder = Path(tempfile.mkdtemp(prefix="read-costs-", dir=work))
    try:
        part = part_of_graph(synthetic_graph(meetings, seed=1, scope=0))
        names = [f"m{i:03d}" for i in range(partitions)]
        for name in names:
            write_part(folder / part_file(name), name, 1, part)
        size = (folder / part_file(names[0])).stat().st_size
        meeting = next(k for k in part.bundles if k)
        print(f"{partitions} partitions of {meetings} meetings, {size / 2**20:.1f} MiB each")
        for _ in range(rounds):
            c0 = time.process_time()
            for name in names:
                index = read_index(folder / part_file(name), name, 1)
                assert index is not None and read_bundles(index, [""]) is not None
            before = time.process_time() - c0
            c0 = time.process_time()
            stamps = [stamp(folder / part_file(name), name, 1) for name in names]
            index = read_index(folder / part_file(names[0]), names[0], 1)
            assert index is not None and all(stamps)
            assert read_bundles(index, ["", meeting]) is not None
            after = time.process_time() - c0
            print(
                f"  every head and shared bundle {before:.3f} CPU-s; every stamp, one head "
                f"and two bundles {after:.3f} CPU-s",
                flush=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def held(driver: neo4j.Driver) -> int:
    """casegraph's nodes and relationships in the database."""
    return int(
        driver.execute_query(
            "CALL () { MATCH (n) WHERE NOT n:CasegraphManifest AND NOT n:CasegraphBundle "
            "RETURN count(n) AS a } CALL () { MATCH ()-[r]->() RETURN count(r) AS b } "
            "RETURN a + b AS n"
        ).records[0]["n"]
    )


def describe(label: str, row: dict[str, Any]) -> str:
    phases = "; ".join(
        f"{name} {int(p[0])} tx {int(p[1])} q {p[2]:.2f} s {p[3]:.2f} cpu"
        for name, p in sorted(row["phases"].items(), key=lambda kv: -kv[1][2])
    )
    return (
        f"{label}: {row['secs']:.2f} s wall, client {row['cpu']:.2f} CPU-s, server "
        f"{row['server']:.2f} CPU-s, {row['txs']} transactions, {row['queries']} queries, "
        f"compared {row['compared']:,}, sent {row['sent']:,}, load {row['load']:.1f}"
        + (f", partitions opened {row['opened']}" if "opened" in row else "")
        + "\n"
        f"    {phases}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, default=10000, help="size (~130 rows each)")
    parser.add_argument("--trials", type=int, default=3, help="reloads of each revision")
    parser.add_argument(
        "--warm", type=int, default=1, help="rounds first, not counted (the server plans queries)"
    )
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--baselines", default=BASELINES, help="revisions, comma-separated")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")))
    parser.add_argument("--wipe", action="store_true", help="allow deleting the database")
    parser.add_argument(
        "--partitions",
        type=int,
        default=0,
        help="the meetings as this many municipalities' partitions, saved as a store saves "
        "them and reloaded from the files (0: one partition in memory)",
    )
    parser.add_argument(
        "--shared-people", type=int, default=20, help="people every partition's minutes name"
    )
    parser.add_argument(
        "--read-costs",
        type=int,
        default=0,
        metavar="MEETINGS",
        help="only the CPU of the saved files a reload reads, --partitions partitions of "
        "MEETINGS meetings (no server)",
    )
    args = parser.parse_args()
    if args.read_costs:
        read_costs(args.read_costs, args.partitions or 100, args.work)
        return

    driver, uri, password = dev_server()
    refuse_unless_empty(driver, uri, wipe=args.wipe)
    codes = {rev: baseline_bundles(rev, args.work) for rev in args.baselines.split(",")}
    codes["new"] = neo4j_bundles
    print(
        f"{driver.get_server_info().agent}, Python {platform.python_version()}, baselines "
        f"{args.baselines}; load {os.getloadavg()}",
        flush=True,
    )

    t0 = time.perf_counter()
    saved = None
    if args.partitions:
        per = args.meetings // args.partitions
        graphs = {
            f"m{i:03d}": synthetic_graph(per, seed=i + 1, scope=i, shared_people=args.shared_people)
            for i in range(args.partitions)
        }
        saved = Saved(Path(tempfile.mkdtemp(prefix="partitions-", dir=args.work)), graphs)
        G = merge_parts([part_of_graph(graphs[name]) for name in sorted(graphs)])
        print(f"{args.partitions} partitions of {per} meetings saved in {saved.folder}")
    else:
        G = synthetic_graph(args.meetings)
    print(f"synthetic graph: {rows_of(G):,} rows in {time.perf_counter() - t0:.1f} s", flush=True)
    wipe(driver)
    t0 = time.perf_counter()
    bulk_load_graph(driver, G, password=password, force=True)
    print(f"bulk load: {time.perf_counter() - t0:.1f} s", flush=True)

    n = args.meetings
    rng = random.Random(7)
    rows: dict[str, list[dict[str, Any]]] = {label: [] for label in codes}
    for trial in range(-args.warm, args.trials):
        for label, code in codes.items():
            if saved is None:
                row = reload(driver, code, G, n, args.batch_size)
                n += 1
            else:
                name = rng.choice(sorted(saved.graphs))
                row = reload_saved(driver, code, saved, name, args.batch_size)
            if trial >= 0:
                rows[label].append(row)
            print(describe(label if trial >= 0 else f"{label} (warm-up)", row), flush=True)
    if saved is not None:
        G = merge_parts([part_of_graph(saved.graphs[name]) for name in sorted(saved.graphs)])
        shutil.rmtree(saved.folder, ignore_errors=True)
    assert held(driver) == rows_of(G), (held(driver), rows_of(G))
    print(f"the database holds the graph's {rows_of(G):,} rows; load {os.getloadavg()}")
    for label, found in rows.items():
        for key in ("secs", "cpu", "server", "txs", "queries"):
            values = sorted(r[key] for r in found)
            print(f"{label} {key}: median {values[len(values) // 2]:.2f} of {values}")
    driver.close()


if __name__ == "__main__":
    main()
