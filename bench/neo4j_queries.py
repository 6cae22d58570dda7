"""Latency of the Neo4j backend's questions on realistic minutes (``--backend neo4j``).

Run with the dev server up (it DELETES everything in the target database)::

    scripts/neo4j-dev start
    .venv/bin/python bench/neo4j_queries.py --wipe [--items 100000] [--graph-cache FILE]

Steps, in one run against one server:

1. Generate about ``--items`` agenda items of synthetic minutes (``bench/gen_corpus.py``:
   compound Danish titles, case numbers, people, matters moving between forums) and derive
   the graph as the pipeline does (people, links). Deriving 100k items takes minutes, so
   ``--graph-cache FILE`` keeps the derived graph (a pickle) for the next run.
2. Load it into Neo4j with ``outputs.neo4j_load.load_graph`` (constraints, the text index
   on case numbers and the full-text index on items).
3. Questions as a user would ask them: 1-3 consecutive words of a random item's title,
   case numbers of random cases, names of random people. Each answer of a sample is first
   checked against the embedded backend on the whole graph.
4. p50 and p95 in ms of ``queries/neo4j_backend.py``'s ``case_timeline``, ``attended``
   and ``person``; word questions also with the earlier look-up (``toLower(text)
   CONTAINS`` over every item, then every candidate matter read), the baseline, on a
   smaller sample because each takes seconds.

Numbers are printed and written as a markdown section to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# bench/ (the script's folder, first on the path) holds a queries.py of its own: the
# project's packages come first, bench/ last (for gen_corpus).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

import neo4j  # noqa: E402
import networkx as nx  # noqa: E402
from timing import outcome, timed, word_queries  # noqa: E402

from casegraph.pipeline import derive_graph  # noqa: E402
from core import schema  # noqa: E402
from core.text import content_words, stem  # noqa: E402
from outputs.neo4j_bulk import bulk_load_graph  # noqa: E402
from outputs.neo4j_load import load_graph  # noqa: E402
from queries import neo4j_backend  # noqa: E402
from queries.attended import attended  # noqa: E402
from queries.index import query_index  # noqa: E402
from queries.person import person  # noqa: E402
from queries.timeline import case_timeline  # noqa: E402
from store import cypher  # noqa: E402
from store.neo4j_db import connect  # noqa: E402

from gen_corpus import generate  # noqa: E402

# The word look-up before the full-text index: every item's title and text lower-cased
# and searched, then every matter found read in full (the baseline).
CONTAINS_LOOKUP = (
    "MATCH (i:`AgendaItem`)-[:`PART_OF`]->(m:`Matter`) "
    "WHERE any(r IN $roots WHERE toLower(coalesce(i.title, '')) CONTAINS r "
    "OR toLower(coalesce(i.text, '')) CONTAINS r) "
    "RETURN collect(DISTINCT m.key) AS keys"
)


def contains_lookup(reader: Any, query: str, limit: int) -> tuple[list[str], list[str]]:
    """The baseline's matters for ``query`` (every matter found is read; none listed)."""
    roots = sorted({stem(word) for word in content_words(query)})
    if not roots:
        return [], []
    return list(reader.run(CONTAINS_LOOKUP, roots=roots)[0]["keys"]), []


def the_graph(items: int, cache: Path | None) -> tuple[nx.MultiDiGraph, float]:
    """The derived graph of ``items`` generated items, and the seconds deriving took."""
    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            G, seconds = pickle.load(fh)
        if G.graph.get("bench_items") == items:
            return G, seconds
    corpus = generate(items, seed=1)
    t0 = time.perf_counter()
    G = derive_graph(corpus.documents)
    seconds = time.perf_counter() - t0
    G.graph["bench_items"] = items
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump((G, seconds), fh, protocol=pickle.HIGHEST_PROTOCOL)
    return G, seconds


def by_titles(G: nx.MultiDiGraph, query: str) -> bool:
    """Whether a title of a matter's item holds a word of ``query`` (the question is then
    answered from titles; otherwise from texts: every item whose text holds a word)."""
    index = query_index(G)
    roots = {stem(word) for word in content_words(query)}
    return any(i in index.item_matter for r in roots for i in index.title_items(r))


def check(G: nx.MultiDiGraph, driver: neo4j.Driver, words: list[str], names: list[str]) -> int:
    """Compare a sample of answers with the embedded backend's on the whole graph."""
    checked = 0
    for q in words:
        assert outcome(lambda q=q: neo4j_backend.case_timeline(driver, q)) == outcome(
            lambda q=q: case_timeline(G, q)
        ), q
        assert outcome(lambda q=q: neo4j_backend.attended(driver, q)) == outcome(
            lambda q=q: attended(G, q)
        ), q
        checked += 2
    for name in names:
        assert outcome(lambda n=name: neo4j_backend.person(driver, n)) == outcome(
            lambda n=name: person(G, n)
        ), name
        checked += 1
    return checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100000, help="agenda items generated")
    parser.add_argument("--graph-cache", type=Path, default=None, help="pickle of the graph")
    parser.add_argument("--queries", type=int, default=200, help="timed questions of each kind")
    parser.add_argument("--baseline-queries", type=int, default=20, help="timed CONTAINS look-ups")
    parser.add_argument("--check", type=int, default=20, help="answers compared with embedded")
    parser.add_argument("--no-load", action="store_true", help="the database already holds it")
    parser.add_argument("--wipe", action="store_true", help="allow deleting the database")
    parser.add_argument(
        "--bulk", action="store_true", help="load with the import tool (scripts/neo4j-dev)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS_neo4j_queries.md")
    args = parser.parse_args()

    port = os.environ.get("NEO4J_DEV_PORT", "7687")
    uri = os.environ.get("NEO4J_URI", f"bolt://127.0.0.1:{port}")
    password = os.environ.get("NEO4J_PASSWORD", "casegraph-dev-only")
    driver = connect(uri, os.environ.get("NEO4J_USER", "neo4j"), password)
    G, derive_s = the_graph(args.items, args.graph_cache)
    items = sum(1 for _, t in G.nodes(data="type") if t == schema.AGENDA_ITEM)
    print(
        f"graph: {items:,} items, {G.number_of_nodes():,} nodes, {G.number_of_edges():,} "
        f"edges (derived in {derive_s:.0f} s)",
        flush=True,
    )
    if not args.no_load:
        existing = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
        if existing and not args.wipe:
            sys.exit(f"{uri} holds {existing} nodes; pass --wipe to let the benchmark delete them")
        t0 = time.perf_counter()
        if args.bulk:  # the import tool replaces the database (the dev server's only)
            bulk_load_graph(driver, G, password=password, force=True)
        else:
            with driver.session() as session:
                session.run(
                    "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
                ).consume()
            load_graph(driver, G)
        print(f"loaded in {time.perf_counter() - t0:.0f} s", flush=True)

    rng = random.Random(3)
    items = sorted(k for k, d in G.nodes(data=True) if d.get("type") == schema.AGENDA_ITEM)
    words = word_queries(G, items, args.queries, rng)
    cases = sorted(k for k, d in G.nodes(data=True) if d.get("type") == schema.CASE)
    numbers = [G.nodes[c]["number"] for c in rng.choices(cases, k=args.queries)]
    people = sorted(k for k, d in G.nodes(data=True) if d.get("type") == schema.PERSON)
    names = [G.nodes[p]["name"] for p in rng.choices(people, k=args.queries)]
    checked = check(G, driver, words[: args.check], names[: args.check])
    print(f"checked {checked} answers against the embedded backend", flush=True)

    results: list[tuple[str, int, float, float]] = []

    def run(label: str, ask: Callable[[str], Any], queries: list[str]) -> None:
        p50, p95 = timed(ask, queries, warm=5)
        results.append((label, len(queries), p50, p95))
        print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(queries)})", flush=True)

    run("`case` words, full-text index", lambda q: neo4j_backend.case_timeline(driver, q), words)
    titled = [q for q in words if by_titles(G, q)]
    texts = [q for q in words if q not in titled]
    run(
        "`case` words a title of a matter holds",
        lambda q: neo4j_backend.case_timeline(driver, q),
        titled,
    )
    if texts:
        run(
            "`case` words only texts hold (titles: only outside every matter)",
            lambda q: neo4j_backend.case_timeline(driver, q),
            texts,
        )
    run("`attended` words, full-text index", lambda q: neo4j_backend.attended(driver, q), words)
    run("`case` case number", lambda q: neo4j_backend.case_timeline(driver, q), numbers)
    run("`person` name", lambda q: neo4j_backend.person(driver, q), names)
    new_lookup = neo4j_backend._matters_by_words
    try:
        neo4j_backend._matters_by_words = contains_lookup  # type: ignore[assignment]
        baseline = words[: args.baseline_queries]
        run(
            "`case` words, baseline: CONTAINS over every item",
            lambda q: neo4j_backend.case_timeline(driver, q),
            baseline,
        )
    finally:
        neo4j_backend._matters_by_words = new_lookup  # type: ignore[assignment]
    server = driver.get_server_info().agent
    driver.close()
    loadavg = os.getloadavg()

    lines = [
        "## Neo4j backend questions on generated minutes (`bench/neo4j_queries.py`)",
        "",
        f"{dt.date.today().isoformat()}; {server} Community (scripts/neo4j-dev) and the client "
        f"on one machine, {os.cpu_count()} cores shared, Python {platform.python_version()}, "
        f"neo4j driver {neo4j.__version__}. Graph of `bench/gen_corpus.py` minutes: "
        f"{items:,} agenda items, {G.number_of_nodes():,} nodes + {G.number_of_edges():,} "
        f"relationships = {G.number_of_nodes() + G.number_of_edges():,} rows. Load average "
        f"at the end {loadavg[0]:.1f} (1 min), {loadavg[1]:.1f} (5 min). {checked} answers "
        "compared with the embedded backend first: equal.",
        "",
        "| question | queries | p50 ms | p95 ms |",
        "|---|---:|---:|---:|",
        *(f"| {label} | {n} | {p50:.1f} | **{p95:.1f}** |" for label, n, p50, p95 in results),
        "",
        f"Word questions: 1-3 consecutive words of random item titles (seed 3). Full-text "
        f"index `{cypher.ITEM_WORDS_INDEX}` ({cypher.ITEM_WORDS_ANALYZER}). Target: p95 "
        "under 100 ms.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
