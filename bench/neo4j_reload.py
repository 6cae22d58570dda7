"""Neo4j reload after one new meeting by derived bundle: this revision next to a baseline
revision in one run, with where each reload's time goes.

Run with the dev server up (it DELETES everything in the target database)::

    scripts/neo4j-dev start
    nice .venv/bin/python bench/neo4j_reload.py --wipe [--meetings 10000] [--trials 3]

1. The synthetic graph of ``bench/neo4j_load.py`` (10,000 meetings: ~1.29M rows), loaded
   into the empty database with the bulk importer, then the bundle manifest written (one
   partition: the graph's bundles as ``graph.partition.part_of_graph`` cuts them).
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
import importlib.util
import os
import platform
import sys
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
from graph.partition import part_of_graph  # noqa: E402
from outputs import neo4j_bundles  # noqa: E402
from outputs.neo4j_bulk import bulk_load_graph  # noqa: E402

#: The last revision before this reload's round trips were cut, and the first that cut them
#: (before the shared bundles were kept in chunks).
BASELINES = "177d142,1231860"
#: The baselines' modules, in the order they import each other (those a revision has).
MODULES = ("neo4j_manifest", "neo4j_sync", "neo4j_load", "neo4j_bundle_rows", "neo4j_bundles")


def baseline_bundles(rev: str, work: Path) -> ModuleType:
    """``outputs.neo4j_bundles`` of ``rev`` with the ``outputs`` modules it uses of ``rev``
    too (each loaded under its own name, then this revision's put back)."""
    folder = export(rev, work)
    names = [n for n in MODULES if (folder / "outputs" / f"{n}.py").exists()]
    saved = {name: sys.modules[f"outputs.{name}"] for name in names}
    loaded: dict[str, ModuleType] = {}
    try:
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
        f"compared {row['compared']:,}, sent {row['sent']:,}, load {row['load']:.1f}\n"
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
    args = parser.parse_args()

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
    G = synthetic_graph(args.meetings)
    print(f"synthetic graph: {rows_of(G):,} rows in {time.perf_counter() - t0:.1f} s", flush=True)
    wipe(driver)
    t0 = time.perf_counter()
    bulk_load_graph(driver, G, password=password, force=True)
    print(f"bulk load: {time.perf_counter() - t0:.1f} s", flush=True)

    n = args.meetings
    rows: dict[str, list[dict[str, Any]]] = {label: [] for label in codes}
    for trial in range(-args.warm, args.trials):
        for label, code in codes.items():
            row = reload(driver, code, G, n, args.batch_size)
            n += 1
            if trial >= 0:
                rows[label].append(row)
            print(describe(label if trial >= 0 else f"{label} (warm-up)", row), flush=True)
    assert held(driver) == rows_of(G), (held(driver), rows_of(G))
    print(f"the database holds the graph's {rows_of(G):,} rows; load {os.getloadavg()}")
    for label, found in rows.items():
        for key in ("secs", "cpu", "server", "txs", "queries"):
            values = sorted(r[key] for r in found)
            print(f"{label} {key}: median {values[len(values) // 2]:.2f} of {values}")
    driver.close()


if __name__ == "__main__":
    main()
