"""Incremental derivation, questions from a cold start, and the store's size, each next to
its baseline from the same run.

    nice .venv/bin/python bench/incremental.py --work /tmp/ibench [--items 100000]

1. A store of about ``--items`` agenda items of ``bench/gen_corpus.py`` minutes in ``--work``,
   each municipality's minutes stored as ``casegraph ingest --municipality`` stores them
   (generated on the first run and reused), without one meeting: the latest of the first
   municipality, kept aside.
2. *Full derivation* (the baseline of step 3): ``relink --full``, every municipality.
3. *Add one meeting and answer ``case``*: the kept meeting is stored, then
   ``casegraph case NUMBER`` (a case number of the new meeting) runs as a new process, which
   derives the changed municipality again and answers. Baseline: the same process after the
   full derivation of step 2 (what every ingest cost before partitions), i.e. step 2's time
   plus the cold question.
4. *Cold questions*: ``casegraph case`` and ``casegraph attended`` as new processes, on case
   numbers and on title words of random items (seed 3); p50 and p95 of the wall time.
   Baseline: a new process that reads the whole graph from ``graph.json`` (as the CLI did
   before partitions) and answers with the same function.
5. *Store size*: the store folder against the raw text of the minutes (the text files
   ``gen_corpus.py --format text`` would write); baseline: the same store with the whole graph
   cached as node-link JSON (``graph.json``, the layout before partitions).

Wall times depend on what else the machine runs; each run's processor time (user + system)
is printed beside it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))

import networkx as nx  # noqa: E402
from timing import percentile  # noqa: E402

from casegraph.pipeline import Store, relink  # noqa: E402
from core.records import Document, document_from_dict, to_dict  # noqa: E402
from core.text import canonical_case_number  # noqa: E402

import gen_corpus  # noqa: E402

CASEGRAPH = str(Path(sys.executable).parent / "casegraph")

# The old path of a question: the whole graph cache (node-link JSON), then the answer, as
# the CLI did before partitions (store.sqlite._read_graph_cache at 1b8163d).
_WHOLE_GRAPH = """
import json, sys
import networkx as nx
from core.errors import CasegraphError
from queries.questions import QUESTIONS
with open(sys.argv[1], encoding="utf-8") as fh:
    data = json.load(fh)
G = nx.node_link_graph(data["graph"], directed=True, multigraph=True, edges="edges")
try:
    QUESTIONS[sys.argv[2]].function()(G, sys.argv[3])
except CasegraphError:
    pass  # as the CLI, which says so in one line
"""


def scoped(doc: Document, index: int) -> Document:
    """``doc`` as ``ingest --municipality`` stores it."""
    name = doc.meeting.municipality or f"Kommune {index + 1}"
    meeting = dataclasses.replace(doc.meeting, municipality=name, scope=name)
    return dataclasses.replace(doc, meeting=meeting)


def build(work: Path, items: int) -> None:
    """Generate, store (all but the kept meeting) and record the raw text's size."""
    store_path = work / "store"
    t0 = time.perf_counter()
    raw = 0
    kept: Document | None = None
    with Store(store_path) as store:
        for index, (docs, _truth) in enumerate(gen_corpus.municipalities(items, seed=1)):
            docs = [scoped(d, index) for d in docs]
            if index == 0:
                kept = max(docs, key=lambda d: (d.meeting.date, d.meeting.key))
            with store.transaction():
                for doc in docs:
                    raw += len(gen_corpus.render_text(doc).encode())
                    if doc is not kept:
                        store.put(doc, path=doc.path)
    assert kept is not None
    (work / "kept.json").write_text(json.dumps(to_dict(kept), ensure_ascii=False))
    (work / "meta.json").write_text(json.dumps({"raw_text_bytes": raw, "items": items}))
    print(f"generated and stored in {time.perf_counter() - t0:.0f} s", flush=True)


CPU: list[float] = []  # the processor time of each run, beside its wall time


def run(argv: list[str]) -> float:
    """Run ``argv``; its wall time (its user + system time is appended to :data:`CPU`)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise RuntimeError(f"{argv}: {done.stderr[-2000:]}")
    return wall


def percentiles(values: list[float]) -> str:
    p95 = percentile(values, 95)
    return f"p50 {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"


def timed(argvs: list[list[str]]) -> str:
    """Wall and processor time percentiles of running each of ``argvs``."""
    start = len(CPU)
    wall = [run(argv) for argv in argvs]
    return f"wall {percentiles(wall)} (cpu {percentiles(CPU[start:])})"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def sample_questions(store: Store, graph_json: Path, n: int) -> tuple[list[str], list[str]]:
    """``n`` case numbers of items in matters and ``n`` title words of random items (seed 3);
    the whole graph written to ``graph_json`` (the baseline's cache)."""
    G = store.graph()
    print(f"graph {len(G)} nodes {G.number_of_edges()} edges")
    rng = random.Random(3)
    items = sorted(n for n, d in G.nodes(data=True) if d["type"] == "AgendaItem")
    in_matter = {u for u, _, k in G.edges(keys=True) if k == "PART_OF"}
    numbered = [i for i in items if G.nodes[i]["case_numbers"] and i in in_matter]
    numbers = [G.nodes[i]["case_numbers"][0] for i in rng.sample(numbered, n)]
    words = [" ".join(G.nodes[i]["title"].split()[:2]) for i in rng.sample(items, n)]
    with graph_json.open("w", encoding="utf-8") as fh:
        json.dump({"graph": nx.node_link_data(G, edges="edges")}, fh, ensure_ascii=False)
    return numbers, words


def matter_number(store: Store, kept: Document) -> str:
    """A case number of the kept meeting that earlier items in a matter carry (the first
    number of a meeting is often a committee's standing number: its routine items are in
    no matter, and ``case`` answers that no item has it)."""
    numbers = [n for item in kept.meeting.items for n in item.case_numbers]
    states = store.partitions()
    for number in numbers:
        for item, partition in store.case_items(canonical_case_number(number)) or ():
            index = store.part_index(partition, states[partition])
            if index is not None and item in index.item_matter:
                return number
    return numbers[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument(
        "--questions", type=int, default=20, help="0: steps 1-3 only (no questions, no size)"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    store_path = args.work / "store"
    if not (store_path / "casegraph.db").exists():
        build(args.work, args.items)
    kept = document_from_dict(json.loads((args.work / "kept.json").read_text()))
    meta = json.loads((args.work / "meta.json").read_text())
    print(f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}")

    with Store(store_path) as store:
        store.remove(kept.path)  # a rerun starts without the kept meeting again
        t0, c0 = time.perf_counter(), time.process_time()
        report = relink(store, full=True)
        full, full_cpu = time.perf_counter() - t0, time.process_time() - c0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"full derivation (relink --full): {full:.1f} s (cpu {full_cpu:.1f} s), "
            f"{report.items} items in {len(report.derived)} partitions, peak RSS {peak:.0f} MB"
        )
        if args.questions:
            numbers, words = sample_questions(store, args.work / "graph.json", args.questions)
        number = matter_number(store, kept)
        store.put(kept, path=kept.path)

    # 3. one meeting more, then a question as a new process
    added = run([CASEGRAPH, "case", "--store", str(store_path), number])
    cold_one = run([CASEGRAPH, "case", "--store", str(store_path), number])
    print(
        f"add one meeting + case {number} (new process): {added:.2f} s (cpu {CPU[0]:.2f} s); "
        f"baseline (full derivation + the cold question): {full + cold_one:.1f} s",
        flush=True,
    )

    if not args.questions:
        return 0
    graph_json = args.work / "graph.json"
    # 4. cold questions
    for name in ("case", "attended"):
        for kind, queries in (("case numbers", numbers), ("words", words)):
            new = timed([[CASEGRAPH, name, "--store", str(store_path), q] for q in queries])
            print(f"cold {name} on {kind}: {new}", flush=True)
            old = timed(
                [
                    [sys.executable, "-c", _WHOLE_GRAPH, str(graph_json), name, q]
                    for q in queries[: max(3, len(queries) // 4)]
                ]
            )
            print(f"    baseline (whole graph.json): {old}", flush=True)

    # 5. size
    size = folder_size(store_path)
    raw = meta["raw_text_bytes"]
    derived = folder_size(store_path / "derived")
    old_size = size - derived + graph_json.stat().st_size
    print(
        f"store {size / 1e6:.0f} MB = {size / raw:.2f}x the raw text ({raw / 1e6:.0f} MB; "
        f"derived graphs {derived / 1e6:.0f} MB); baseline with graph.json "
        f"{old_size / 1e6:.0f} MB = {old_size / raw:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
