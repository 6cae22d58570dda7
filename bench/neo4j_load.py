"""Neo4j load throughput and query latency on a synthetic graph of docs/schema.md.

Run with the dev server up (it DELETES everything in the target database)::

    scripts/neo4j-dev start
    .venv/bin/python bench/neo4j_load.py --wipe [--meetings 10000] [--out bench/RESULTS_neo4j.md]

Steps, in one run against one server:

1. Build a synthetic graph with ``graph.build.build_graph`` from generated records
   (forums, meetings with attendees, items with cases, attachments, decisions and
   earlier decisions, documents), plus matters (``PART_OF``, ``CONTINUES``) by hand;
   about 130 nodes + relationships per meeting, so 10,000 meetings give ~1.3M rows.
2. A warm-up on ten other meetings (query plans, JIT). Then the naive loader, one
   auto-commit statement per row, on a slice of that graph, into an empty database;
   then the batched loader on the same slice, into an empty database.
3. The batched loader (``outputs.neo4j_load.load_graph``) on the whole graph, into an
   empty database, then once more (everything unchanged).
4. Latency (p50, p95, over many random keys, after a warm-up) of a ``case``-style
   timeline query and an ``attended``-style query, as parameterised Cypher; then of
   the CLI's own ``case`` and ``attended`` questions with ``--backend neo4j``
   (``queries/neo4j_backend.py``), after checking a few against the embedded backend.
5. The bulk first load (``outputs.neo4j_bulk.bulk_load_graph``: CSV, the import tool,
   indexes) of the same graph into a database emptied first (not timed), with its phases,
   the import tool's stages from the server's log, and the CPU-seconds of both sides.
   ``--loads-only``: steps 1, 2, the first batched load of step 3, and step 5, printed.

Numbers are printed and written as a markdown section to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import platform
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

import neo4j  # noqa: E402
import networkx as nx  # noqa: E402
from timing import dev_server, refuse_unless_empty, server_cpu  # noqa: E402

from core.records import (  # noqa: E402
    AgendaItem,
    Attachment,
    Document,
    EarlierDecision,
    Meeting,
    Source,
)
from graph.build import build_graph  # noqa: E402
from graph.partition import part_of_graph  # noqa: E402
from outputs import neo4j_bundles  # noqa: E402
from outputs.neo4j_bulk import bulk_load_graph, write_import_files  # noqa: E402
from outputs.neo4j_devserver import forget_bookmarks, run_import  # noqa: E402
from outputs.neo4j_load import load_graph, node_rows, relationship_rows  # noqa: E402
from queries import neo4j_backend  # noqa: E402
from queries.timeline import case_timeline  # noqa: E402
from store import cypher  # noqa: E402

FORUMS = [
    "Direktionen",
    "Strategisk Chefforum",
    "Lederforum",
    "Kommunalbestyrelsen",
    "Økonomiudvalget",
    "Børne- og Skoleudvalget",
    "Teknik- og Miljøudvalget",
    "Social- og Sundhedsudvalget",
    "Beskæftigelsesudvalget",
    "Kultur- og Fritidsudvalget",
]
OUTCOMES = ("approved", "noted", "discussed", "postponed", "referred")
WORDS = (
    "budget udmøntning centralisering regningsbetaling plan strategi opfølgning "
    "godkendelse dagsorden orientering tidsplan anlæg drift skole ældre klima vej "
    "byggeri personale digitalisering indkøb kontrakt høring politik"
).split()

# The embedded backend's questions, in Cypher (queries/*.py will replace these).
CASE_TIMELINE = """
MATCH (c:Case {key: $key})<-[:ABOUT_CASE]-(i:AgendaItem)<-[:HAS_ITEM]-(m:Meeting)
MATCH (m)-[:OF_FORUM]->(f:Forum)
OPTIONAL MATCH (i)-[:HAS_DECISION]->(d:Decision)
WHERE d.earlier = false
RETURN m.date AS date, f.name AS forum, i.number AS number, i.title AS title,
       d.outcome AS outcome
ORDER BY date, forum, number
"""
ATTENDED = """
MATCH (i:AgendaItem)-[:PART_OF]->(:Matter {key: $key})
MATCH (m:Meeting)-[:HAS_ITEM]->(i)
MATCH (p:Person)-[:ATTENDED]->(m)
WITH p, m ORDER BY m.date
RETURN p.name AS name, collect(DISTINCT m.date) AS dates, count(DISTINCT m) AS meetings
ORDER BY meetings DESC, name
"""


def synthetic_graph(
    meetings: int, seed: int = 1, scope: int | None = None, shared_people: int = 0
) -> nx.MultiDiGraph:
    """A graph of ``meetings`` meetings following docs/schema.md (deterministic per seed).

    ``scope``: the graph of municipality number ``scope`` (its meetings ingested with it,
    their keys carrying it; its own people and case numbers, but for ``shared_people``
    people every municipality's minutes name now and then: guests of a few items)."""
    rng = random.Random(seed)
    own = "" if scope is None else f"M{scope:03d} "
    people = [f"Person {own}{i:05d} Hansen" for i in range(max(400, meetings // 3))]
    guests = people + [f"Person {i:05d} Shared" for i in range(shared_people)]
    # Each case recurs in about 2.5 items, in nearby meetings, as cases move between forums.
    open_cases: list[str] = []
    next_case = 0 if scope is None else scope * 1_000_000
    docs: list[Document] = []
    start = dt.date(2010, 1, 4)
    per_forum: dict[str, list[str]] = {f: people[i::10][:40] for i, f in enumerate(FORUMS)}
    for n in range(meetings):
        forum = FORUMS[n % len(FORUMS)]
        date = (start + dt.timedelta(days=n // len(FORUMS))).isoformat()
        sha = f"{n:064x}" if scope is None else f"{scope:03d}{n:061x}"
        src = Source(f"minutes/{own}{n:06d}.txt".replace(" ", "/"), sha, 1, 400)
        items = []
        for number in range(1, 11):
            if open_cases and rng.random() < 0.6:
                case = open_cases.pop(rng.randrange(len(open_cases)))
            else:
                case = f"S{2010 + n // 1500}-{next_case:06d}"
                next_case += 1
            if rng.random() < 0.6:
                open_cases.append(case)
            isrc = Source(src.path, sha, number * 30, number * 30 + 25)
            outcome = rng.choice(OUTCOMES)
            earlier: tuple[EarlierDecision, ...] = ()
            if rng.random() < 0.1:
                before = (start + dt.timedelta(days=n // len(FORUMS) - 14)).isoformat()
                earlier = (
                    EarlierDecision(
                        forum=rng.choice(FORUMS), date=before, text="Drøftet.", source=isrc
                    ),
                )
            title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
            items.append(
                AgendaItem(
                    number=number,
                    title=title,
                    source=isrc,
                    public=rng.random() < 0.9,
                    case_numbers=(case,),
                    decision=f"{forum} {outcome}.",
                    outcome=outcome,
                    earlier_decisions=earlier,
                    attachments=(Attachment(title=f"Bilag {title}", number=f"{n}-{number}"),),
                    participants=(rng.choice(guests),) if rng.random() < 0.1 else (),
                )
            )
        members = per_forum[forum]
        meeting = Meeting(
            forum=forum,
            date=date,
            source=src,
            start="08:30",
            place="Mødelokale 1",
            attendees=tuple(rng.sample(members, 10)),
            attendance_recorded=True,
            items=tuple(items),
            municipality="Synthetic" if scope is None else f"Municipality {scope:03d}",
            scope=None if scope is None else f"m{scope:03d}",
        )
        docs.append(Document(path=src.path, sha256=sha, meeting=meeting, title=f"Referat {n}"))
    G = build_graph(docs)
    add_matters(G)
    return G


def add_matters(G: nx.MultiDiGraph) -> None:
    """One matter per case handled more than once: PART_OF and CONTINUES, in date order."""
    for case, data in list(G.nodes(data=True)):
        if data.get("type") != "Case":
            continue
        items = sorted(
            (u for u, _, k in G.in_edges(case, keys=True) if k == "ABOUT_CASE"),
            key=lambda i: (G.nodes[i]["date"], i),
        )
        if len(items) < 2:
            continue
        key = f"matter:{items[0].removeprefix('item:')}"
        G.add_node(key, type="Matter", label=G.nodes[items[0]]["title"], items=items)
        for item in items:
            G.add_edge(item, key, key="PART_OF", type="PART_OF")
        for a, b in itertools.pairwise(items):
            G.add_edge(a, b, key="CONTINUES", type="CONTINUES", evidence=[case], score=0.9)


def add_meeting(G: nx.MultiDiGraph, n: int, seed: int, scope: int | None = None) -> int:
    """Add meeting number ``n`` (after the others) to ``G`` in place, as an ingest of one
    more document and a re-link would: its nodes, a new case and one that recurs, and its
    first item joining the matter of an earlier item. Returns the rows it adds."""
    rng = random.Random(seed)
    before = rows_of(G)
    own = "" if scope is None else f"M{scope:03d}/"
    tail = "" if scope is None else f"{scope:03d}"
    forum = FORUMS[n % len(FORUMS)]
    date = (dt.date(2010, 1, 4) + dt.timedelta(days=n // len(FORUMS))).isoformat()
    sha = f"{n:064x}" if scope is None else f"{scope:03d}{n:061x}"
    src = Source(f"minutes/{own}{n:06d}.txt", sha, 1, 400)
    matters = sorted(k for k, d in G.nodes(data=True) if d.get("type") == "Matter")
    matter = rng.choice(matters)
    earlier = G.nodes[matter]["items"][-1]
    old_case = next(v for _, v, k in G.out_edges(earlier, keys=True) if k == "ABOUT_CASE")
    items = tuple(
        AgendaItem(
            number=i,
            title=" ".join(rng.choice(WORDS) for _ in range(6)).capitalize(),
            source=Source(src.path, sha, i * 30, i * 30 + 25),
            public=True,
            case_numbers=(G.nodes[old_case]["number"] if i == 1 else f"S2099-{n:05d}{i}{tail}",),
            decision=f"{forum} approved.",
            outcome="approved",
        )
        for i in range(1, 11)
    )
    people = sorted(k for k, d in G.nodes(data=True) if d.get("type") == "Person")
    meeting = Meeting(
        forum=forum,
        date=date,
        source=src,
        attendees=tuple(G.nodes[p]["name"] for p in rng.sample(people, 10)),
        attendance_recorded=True,
        items=items,
        municipality="Synthetic" if scope is None else f"Municipality {scope:03d}",
        scope=None if scope is None else f"m{scope:03d}",
    )
    one = build_graph([Document(path=src.path, sha256=sha, meeting=meeting, title=f"Referat {n}")])
    for key, attrs in one.nodes(data=True):
        if key not in G:
            G.add_node(key, **attrs)
    G.add_edges_from(one.edges(keys=True, data=True))
    first = next(
        k for k, d in one.nodes(data=True) if d.get("type") == "AgendaItem" and d.get("number") == 1
    )
    G.nodes[matter]["items"] = [*G.nodes[matter]["items"], first]
    G.add_edge(first, matter, key="PART_OF", type="PART_OF")
    G.add_edge(earlier, first, key="CONTINUES", type="CONTINUES", evidence=[old_case], score=0.9)
    return rows_of(G) - before


RELOADS = {
    False: "**through the load manifest (changed key ranges only)**",
    True: "baseline: every row compared, every key read (`full=True`)",
}


def reload_by_bundle(
    driver: neo4j.Driver, G: nx.MultiDiGraph, n: int, batch_size: int
) -> tuple[bool, int, float, float, int, int, float, float]:
    """The bundle manifest of ``G`` (which Neo4j holds) written, meeting ``n`` added, and
    ``G`` (one partition) reloaded by bundle: the reload's row of the results, and the
    CPU-seconds of making the digests (the graph cache's head has them: not timed)."""
    neo4j_bundles.write_manifest(driver, {"": part_of_graph(G)})
    added = add_meeting(G, n, seed=n)
    part = part_of_graph(G)  # the store's derivation keeps these bundles
    c0 = time.process_time()
    source = neo4j_bundles.of_part(part)  # the digests (the graph cache's head has them)
    digest_s = time.process_time() - c0
    load0 = os.getloadavg()[0]
    c0, t0 = time.process_time(), time.perf_counter()
    r = neo4j_bundles.load_parts(driver, {"": source}, batch_size=batch_size)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert r.node_totals.created + r.relationship_totals.created == added, (r, added)
    held = driver.execute_query(
        "CALL () { MATCH (n) WHERE NOT n:CasegraphManifest AND NOT n:CasegraphBundle "
        "RETURN count(n) AS a } CALL () { MATCH ()-[r]->() RETURN count(r) AS b } "
        "RETURN a + b AS n"
    ).records[0]["n"]
    assert held == rows_of(G), (held, rows_of(G))
    print(
        f"reload after one new meeting ({added} rows) by bundle: {secs:.1f} s (client CPU "
        f"{cpu:.1f} s; digests {digest_s:.1f} CPU-s before), compared {r.compared:,} rows, "
        f"sent {r.sent:,}; load average {load0:.1f}",
        flush=True,
    )
    return False, added, secs, cpu, r.compared, r.sent, load0, digest_s


def wipe(driver: neo4j.Driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 1000 ROWS").consume()


def naive_load(driver: neo4j.Driver, G: nx.MultiDiGraph) -> int:
    """One auto-commit statement per node and per relationship; returns rows written."""
    nodes, _ = node_rows(G)
    rels, _ = relationship_rows(G)
    rows = 0
    with driver.session() as session:
        for name, batch in nodes.items():
            query = cypher.create_node_naive(name)
            for row in batch:
                session.run(query, row=row).consume()
                rows += 1
        for (type_, start, end), batch in rels.items():
            query = cypher.create_relationship_naive(type_, start, end)
            for row in batch:
                session.run(query, start=row["start"], end=row["end"], props=row["props"]).consume()
                rows += 1
    return rows


def slice_of(G: nx.MultiDiGraph, meetings: int, *, last: bool = False) -> nx.MultiDiGraph:
    """The first (or last) ``meetings`` documented meetings with everything within two hops."""
    keep: set[str] = set()
    seeds = [n for n, d in G.nodes(data=True) if d.get("type") == "Meeting" and d["documented"]]
    chosen = sorted(seeds)[-meetings:] if last else sorted(seeds)[:meetings]
    for m in chosen:
        keep.add(m)
        for v in G.successors(m):
            keep.add(v)
            keep.update(G.successors(v))
        keep.update(G.predecessors(m))
    return G.subgraph(keep).copy()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def latency(
    driver: neo4j.Driver, query: str, keys: list[str], check: Callable[[list[Any]], bool]
) -> tuple[float, float, int]:
    """p50 and p95 in ms of ``query`` over ``keys`` (after one warm-up pass over 50)."""
    for key in keys[:50]:
        driver.execute_query(query, key=key)
    times = []
    empty = 0
    for key in keys:
        t0 = time.perf_counter()
        records, _, _ = driver.execute_query(query, key=key)
        times.append((time.perf_counter() - t0) * 1000)
        empty += not check(records)
    return percentile(times, 50), percentile(times, 95), empty


def server_memory(driver: neo4j.Driver) -> str:
    """The server's JVM heap and page cache, as it reports them."""
    heap = driver.execute_query(
        "CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes "
        "RETURN attributes.HeapMemoryUsage.value.properties.max AS max"
    ).records[0]["max"]
    cache = driver.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name = 'server.memory.pagecache.size' RETURN value"
    ).records[0]["value"]
    return f"heap {heap / 2**30:.1f} GiB, page cache {cache}"


def timed(ask: Callable[[str], Any], keys: list[str]) -> tuple[float, float]:
    """p50 and p95 in ms of ``ask(key)`` over ``keys``, after a warm-up on the first 20."""
    for key in keys[:20]:
        ask(key)
    times = []
    for key in keys:
        t0 = time.perf_counter()
        ask(key)
        times.append((time.perf_counter() - t0) * 1000)
    return percentile(times, 50), percentile(times, 95)


def own_cpu() -> float:
    """CPU seconds of this process and of its finished children (the CSV writers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


IMPORT_STAGES = re.compile(
    r"^(Node import|Relationship import|Relationship linking|Post processing) COMPLETED in "
    r"(?:(\d+)m )?(?:(\d+)s )?(\d+)ms|^IMPORT DONE in (?:(\d+)m )?(?:(\d+)s )?(\d+)ms"
)
#: scripts/neo4j/DevServer.java's lines around the tool: stopping and starting the database.
DATABASE_STOP_START = re.compile(r"^casegraph-neo4j-dev: database (stopped|started) in (\d+) ms")


def import_stages(log: Path, since: int) -> dict[str, float]:
    """Seconds of the import tool's stages (and ``tool``: all of it), from the lines the
    server wrote to its log after line ``since``."""
    stages: dict[str, float] = {}
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()[since:]
    for line in lines:
        around = DATABASE_STOP_START.match(line)
        if around is not None:
            stages[f"database {around.group(1)}"] = int(around.group(2)) / 1000
            continue
        m = IMPORT_STAGES.match(line)
        if m is None:
            continue
        if m.group(1):
            name, parts = m.group(1), m.group(2, 3, 4)
        else:
            name, parts = "tool", m.group(5, 6, 7)
        minutes, seconds, millis = (int(x) if x else 0 for x in parts)
        stages[name] = 60 * minutes + seconds + millis / 1000
    return stages


def log_lines(log: Path) -> int:
    if not log.exists():
        return 0
    return len(log.read_text(encoding="utf-8", errors="replace").splitlines())


def rows_of(G: nx.MultiDiGraph) -> int:
    return int(G.number_of_nodes() + G.number_of_edges())


def empty_database(driver: neo4j.Driver, password: str) -> None:
    """Empty the database for a first load, not timed: import one node over what the batched
    loads left (stopping a database of 1.29M rows written through Bolt took 7.5 s, and the
    tool deletes its files), then delete that node."""
    one = nx.MultiDiGraph()
    one.add_node("forum:empty", type="Forum", name="empty")
    with tempfile.TemporaryDirectory() as folder:
        write_import_files(one, folder)
        run_import(Path(folder), password=password, force=True)
    forget_bookmarks(driver)
    wipe(driver)


def bulk_first_load(
    driver: neo4j.Driver, G: nx.MultiDiGraph, password: str
) -> tuple[float, int, dict[str, float], dict[str, float], float, float]:
    """The bulk first load of ``G`` (replacing the database), printed: seconds, rows, the
    phases, the import tool's stages from the server's log, server and client CPU-s."""
    empty_database(driver, password)
    phases: dict[str, float] = {}
    server_log = ROOT / ".neo4j" / "neo4j.log"
    log_at = log_lines(server_log)
    bulk_load0 = os.getloadavg()[0]
    bulk_cpu0, bulk_client0 = server_cpu(driver), own_cpu()
    t0 = time.perf_counter()
    # A first load: into an empty database, refused otherwise (the script checks).
    bulk = bulk_load_graph(driver, G, password=password, phases=phases)
    bulk_s = time.perf_counter() - t0
    # The import tool runs in the server's JVM: its CPU is the server's.
    bulk_server_s, bulk_client_s = server_cpu(driver) - bulk_cpu0, own_cpu() - bulk_client0
    stages = import_stages(server_log, log_at)
    bulk_rows = rows_of(G)
    assert bulk.node_totals.created + bulk.relationship_totals.created == bulk_rows
    print(
        f"bulk first load: {bulk_rows:,} rows in {bulk_s:.1f} s = {bulk_rows / bulk_s:,.0f} rows/s "
        f"({', '.join(f'{k} {v:.1f} s' for k, v in phases.items())}); load average "
        f"{bulk_load0:.1f} before, {os.getloadavg()[0]:.1f} after; CPU: server "
        f"{bulk_server_s:.1f} s, client {bulk_client_s:.1f} s; the import tool: {stages}",
        flush=True,
    )
    return bulk_s, bulk_rows, phases, stages, bulk_server_s, bulk_client_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, default=10000, help="size (~130 rows each)")
    parser.add_argument("--slice", type=int, default=50, help="meetings in the naive slice")
    parser.add_argument("--batch-size", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=500, help="timed queries per question")
    parser.add_argument(
        "--backend-queries", type=int, default=200, help="timed CLI-backend questions of each kind"
    )
    parser.add_argument("--wipe", action="store_true", help="allow deleting the database")
    parser.add_argument(
        "--loads-only",
        action="store_true",
        help="only the batched and the bulk first load of the whole graph, printed",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS_neo4j.md")
    args = parser.parse_args()

    driver, uri, password = dev_server()
    refuse_unless_empty(driver, uri, wipe=args.wipe)
    server = driver.get_server_info().agent
    memory = server_memory(driver)

    t0 = time.perf_counter()
    G = synthetic_graph(args.meetings)
    build_s = time.perf_counter() - t0
    total = rows_of(G)
    print(
        f"synthetic graph: {G.number_of_nodes():,} nodes + {G.number_of_edges():,} "
        f"relationships = {total:,} rows, built in {build_s:.1f} s"
    )
    part = slice_of(G, args.slice)
    part_rows = rows_of(part)

    # Warm up on other meetings: constraints exist, queries are planned, the JIT has run.
    wipe(driver)
    warm = slice_of(G, 10, last=True)
    naive_load(driver, warm)
    wipe(driver)
    load_graph(driver, warm)
    wipe(driver)
    t0 = time.perf_counter()
    naive_rows = naive_load(driver, part)
    naive_s = time.perf_counter() - t0
    print(
        f"naive, one statement per row: {naive_rows:,} rows in {naive_s:.1f} s "
        f"= {naive_rows / naive_s:,.0f} rows/s"
    )

    wipe(driver)
    t0 = time.perf_counter()
    load_graph(driver, part, batch_size=args.batch_size)
    slice_s = time.perf_counter() - t0
    print(
        f"batched, same slice: {part_rows:,} rows in {slice_s:.2f} s "
        f"= {part_rows / slice_s:,.0f} rows/s"
    )

    wipe(driver)
    load_before = os.getloadavg()[0]
    cpu0, client0, t0 = server_cpu(driver), time.process_time(), time.perf_counter()
    report = load_graph(driver, G, batch_size=args.batch_size)
    full_s = time.perf_counter() - t0
    server_s, client_s = server_cpu(driver) - cpu0, time.process_time() - client0
    load_after = os.getloadavg()[0]
    print(
        f"CPU: server {server_s:.1f} s, client {client_s:.1f} s; load average "
        f"{load_before:.1f} before, {load_after:.1f} after"
    )
    print(f"batched, full graph: {total:,} rows in {full_s:.1f} s = {total / full_s:,.0f} rows/s")
    total_full = total
    assert report.node_totals.created + report.relationship_totals.created == total
    if args.loads_only:
        bulk_s, bulk_rows, *_, bulk_server_s, bulk_client_s = bulk_first_load(driver, G, password)
        per_cpu = bulk_rows / (bulk_server_s + bulk_client_s) / (total / (server_s + client_s))
        print(
            f"bulk / batched: {(bulk_rows / bulk_s) / (total / full_s):.2f}x wall, "
            f"{per_cpu:.2f}x per CPU-second"
        )
        return
    t0 = time.perf_counter()
    again = load_graph(driver, G, batch_size=args.batch_size)
    again_s = time.perf_counter() - t0
    assert not again.changed
    print(f"batched, reload (all unchanged): {total / again_s:,.0f} rows/s ({again_s:.1f} s)")

    # One more meeting, then a reload: through the manifest (only the changed key ranges),
    # then, after another meeting, the baseline that compares every row and reads every
    # key to find stale data (load_graph(full=True), which also writes a new manifest).
    reloads = []
    for n, full in ((args.meetings, False), (args.meetings + 2, True)):
        if full:
            bundle_reload = reload_by_bundle(driver, G, args.meetings + 1, args.batch_size)
        added = add_meeting(G, n, seed=n)
        load0 = os.getloadavg()[0]
        c0, t0 = time.process_time(), time.perf_counter()
        r = load_graph(driver, G, batch_size=args.batch_size, full=full)
        secs, cpu = time.perf_counter() - t0, time.process_time() - c0
        assert r.node_totals.created + r.relationship_totals.created == added, (r, added)
        reloads.append((full, added, secs, cpu, r.compared, r.sent, load0))
        print(
            f"reload after one new meeting ({added} rows), full={full}: {secs:.1f} s "
            f"(client CPU {cpu:.1f} s), compared {r.compared:,} rows, sent {r.sent:,}; "
            f"load average {load0:.1f}",
            flush=True,
        )
    total = rows_of(G)

    rng = random.Random(2)
    cases = [n for n, d in G.nodes(data=True) if d["type"] == "Case" and G.in_degree(n) >= 2]
    matters = [n for n, d in G.nodes(data=True) if d["type"] == "Matter"]
    case_keys = rng.choices(cases, k=args.queries)
    matter_keys = rng.choices(matters, k=args.queries)
    case_p50, case_p95, case_empty = latency(driver, CASE_TIMELINE, case_keys, bool)
    att_p50, att_p95, att_empty = latency(driver, ATTENDED, matter_keys, bool)
    assert case_empty == att_empty == 0, "a timed query found nothing"
    print(f"case timeline: p50 {case_p50:.1f} ms, p95 {case_p95:.1f} ms")
    print(f"attended: p50 {att_p50:.1f} ms, p95 {att_p95:.1f} ms")

    # The CLI's questions themselves (queries/neo4j_backend.py), by case number: the
    # Cypher look-up and read-back plus the embedded code's ranking and formatting.
    numbers = [G.nodes[c]["number"] for c in rng.choices(cases, k=args.backend_queries)]
    for number in numbers[:3]:  # same answer as the embedded backend on the full graph
        assert neo4j_backend.case_timeline(driver, number) == case_timeline(G, number)
    cli_case = timed(lambda n: neo4j_backend.case_timeline(driver, n), numbers)
    cli_att = timed(lambda n: neo4j_backend.attended(driver, n), numbers)
    print(f"casegraph case --backend neo4j: p50 {cli_case[0]:.1f} ms, p95 {cli_case[1]:.1f} ms")
    print(f"casegraph attended --backend neo4j: p50 {cli_att[0]:.1f} ms, p95 {cli_att[1]:.1f} ms")

    # The bulk first load of the same graph: CSV, the import tool (the server's database
    # stops meanwhile), constraints and indexes; it replaces the database.
    bulk_s, bulk_rows, phases, stages, bulk_server_s, bulk_client_s = bulk_first_load(
        driver, G, password
    )
    full_cpu_rate = total_full / (server_s + client_s)
    bulk_cpu_rate = bulk_rows / (bulk_server_s + bulk_client_s)
    driver.close()

    lines = [
        "## Neo4j load and query latency (`bench/neo4j_load.py`)",
        "",
        f"{dt.date.today().isoformat()}; {server} Community (scripts/neo4j-dev, {memory}) "
        "and the loader on one machine, "
        f"{os.cpu_count()} cores shared, Python {platform.python_version()}, "
        f"neo4j driver {neo4j.__version__} with neo4j-rust-ext.",
        "",
        f"Synthetic graph (docs/schema.md, {args.meetings:,} meetings × 10 items): "
        f"{G.number_of_nodes():,} nodes + {G.number_of_edges():,} relationships = "
        f"**{total:,} rows**.",
        "",
        "| load | rows | seconds | rows/s |",
        "|---|---:|---:|---:|",
        f"| naive: one auto-commit statement per row (slice of {args.slice} meetings) "
        f"| {naive_rows:,} | {naive_s:.1f} | {naive_rows / naive_s:,.0f} |",
        f"| batched `load_graph`, same slice | {part_rows:,} | {slice_s:.2f} "
        f"| {part_rows / slice_s:,.0f} |",
        f"| batched `load_graph`, full graph, empty database (batch {args.batch_size}) "
        f"| {total:,} | {full_s:.1f} | **{total / full_s:,.0f}** |",
        f"| batched `load_graph`, full graph again (all unchanged) | {total:,} "
        f"| {again_s:.1f} | {total / again_s:,.0f} |",
        f"| **bulk first load** (`bulk_load_graph`: CSV, `neo4j-admin database import full`, "
        f"indexes; {', '.join(f'{k} {v:.1f} s' for k, v in phases.items())}) "
        f"| {bulk_rows:,} | {bulk_s:.1f} | **{bulk_rows / bulk_s:,.0f}** "
        f"({bulk_rows / bulk_s / (total / full_s):.1f}× batched) |",
        "",
        "The import phase's own parts, from the server's log (the rest of the phase is the "
        "script and the manifest's digests, made meanwhile): "
        + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())
        + ".",
        "",
        "CPU-seconds, which depend less on what else the shared machine runs than wall time does:",
        "",
        "| load | server CPU s | client CPU s | rows per CPU-second |",
        "|---|---:|---:|---:|",
        f"| batched `load_graph`, full graph | {server_s:.0f} | {client_s:.0f} "
        f"| {full_cpu_rate:,.0f} |",
        f"| bulk first load (the import tool runs in the server's JVM; client: the CSV "
        f"writers too) | {bulk_server_s:.0f} | {bulk_client_s:.0f} | **{bulk_cpu_rate:,.0f}** "
        f"({bulk_cpu_rate / full_cpu_rate:.1f}× batched) |",
        "",
        "Reload after one new meeting (10 items, a new case and a recurring one, its first "
        "item joining an earlier matter), the store otherwise unchanged:",
        "",
        "| reload | rows added | seconds | client CPU s | rows compared | rows sent "
        "| load average |",
        "|---|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {RELOADS[full]} "
            f"| {added} | {secs:.1f} | {cpu:.1f} | {compared:,} | {sent:,} | {load0:.1f} |"
            for full, added, secs, cpu, compared, sent, load0 in reloads[:1]
        ),
        "| **by derived bundle** (`outputs/neo4j_bundles.load_parts`: only the bundles whose "
        f"digest changed; digests given, as the graph cache's head holds them; making them "
        f"here: {bundle_reload[7]:.1f} CPU-s) | {bundle_reload[1]} | {bundle_reload[2]:.1f} "
        f"| {bundle_reload[3]:.1f} | {bundle_reload[4]:,} | {bundle_reload[5]:,} "
        f"| {bundle_reload[6]:.1f} |",
        *(
            f"| {RELOADS[full]} "
            f"| {added} | {secs:.1f} | {cpu:.1f} | {compared:,} | {sent:,} | {load0:.1f} |"
            for full, added, secs, cpu, compared, sent, load0 in reloads[1:]
        ),
        "",
        f"The full load used {server_s:.0f} CPU-seconds in the server and {client_s:.0f} in the "
        f"client ({total / (server_s + client_s):,.0f} rows per CPU-second of both together); "
        f"the machine's load average was {load_before:.1f} before and {load_after:.1f} after "
        "(other work shares its 2 cores, so wall-clock rates vary between runs).",
        "",
        f"Query latency over {args.queries} random keys each, after a warm-up, measured "
        "in the client (`driver.execute_query`, Bolt on loopback):",
        "",
        "| question | p50 ms | p95 ms |",
        "|---|---:|---:|",
        f"| case timeline (case → items → meetings, forums, decisions) "
        f"| {case_p50:.1f} | **{case_p95:.1f}** |",
        f"| attended (matter → items → meetings ← people) | {att_p50:.1f} | **{att_p95:.1f}** |",
        f"| `case_timeline` of queries/neo4j_backend.py (`casegraph case --backend neo4j`), "
        f"by case number, {args.backend_queries} queries "
        f"| {cli_case[0]:.1f} | **{cli_case[1]:.1f}** |",
        f"| `attended` of queries/neo4j_backend.py (`casegraph attended --backend neo4j`) "
        f"| {cli_att[0]:.1f} | **{cli_att[1]:.1f}** |",
        "",
        "Targets: bulk first load at least 5× the batched loader's rows/s; a reload after one "
        "new meeting within 2 s, sending only what changed; p95 under 50 ms.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
