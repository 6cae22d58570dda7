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
from timing import (  # noqa: E402
    dev_server,
    outcome,
    refuse_unless_empty,
    server_cpu,
    timed,
    word_queries,
)

from casegraph.pipeline import derive_graph  # noqa: E402
from core import schema  # noqa: E402
from core.errors import NoMatchError  # noqa: E402
from core.text import content_words, stem  # noqa: E402
from outputs.neo4j_bulk import bulk_load_graph  # noqa: E402
from outputs.neo4j_load import load_graph  # noqa: E402
from queries import neo4j_backend  # noqa: E402
from queries.attended import attended  # noqa: E402
from queries.index import query_index  # noqa: E402
from queries.person import person  # noqa: E402
from queries.timeline import case_timeline, fitting_matters  # noqa: E402
from store import cypher  # noqa: E402

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


# The look-up before the bound-based one (the previous commit's): every item the full-text
# index finds for a title word (or, when no title of a matter holds one, a text word) is read
# with its matter, and the embedded ranking prunes them in Python.
PREVIOUS_ITEMS = (
    f"CALL db.index.fulltext.queryNodes('{cypher.ITEM_WORDS_INDEX}', $words) YIELD node "
    "MATCH (node)-[:`PART_OF`]->(m:`Matter`) "
    "RETURN node.key AS key, node.title AS title, m.key AS matter, size(m.items) AS size"
)
PREVIOUS_TITLES = (
    f"CALL db.index.fulltext.queryNodes('{cypher.ITEM_WORDS_INDEX}', $words) YIELD node "
    "RETURN node.key AS key, node.title AS title"
)
PREVIOUS_KEYS = (
    "UNWIND range(0, size($queries) - 1) AS n "
    f"CALL db.index.fulltext.queryNodes('{cypher.ITEM_WORDS_INDEX}', $queries[n]) YIELD node "
    "RETURN n, collect(node.key) AS keys"
)


def previous_rows(reader: Any, roots: list[str]) -> list[dict[str, Any]]:
    """The items the previous look-up read: each with the roots its text holds and its
    title lacks (``in_text``), its matter and the matter's size."""
    in_titles = cypher.words_query(cypher.TITLE_FIELD, roots)
    found = reader.run(PREVIOUS_ITEMS, words=in_titles)
    titled = [dict(r) for r in found if any(root in (r["title"] or "").lower() for root in roots)]
    if titled:
        lacking = [r for r in roots if any(r not in (t["title"] or "").lower() for t in titled)]
        queries = [cypher.words_query(cypher.TEXT_FIELD, [r], also=in_titles) for r in lacking]
        hits: dict[str, set[str]] = {}
        if queries:
            for r in reader.run(PREVIOUS_KEYS, queries=queries):
                hits[lacking[r["n"]]] = set(r["keys"])
        for row in titled:
            title = (row["title"] or "").lower()
            row["in_text"] = [r for r in roots if r not in title and row["key"] in hits.get(r, ())]
        return titled
    rows: dict[str, dict[str, Any]] = {}
    for root in roots:
        words = cypher.words_query(cypher.TEXT_FIELD, [root])
        for r in reader.run(PREVIOUS_ITEMS, words=words):
            rows.setdefault(r["key"], {**dict(r), "in_text": []})["in_text"].append(root)
    return list(rows.values())


def previous_suggestions(reader: Any, query: str) -> list[tuple[str, str]]:
    """The previous suggestions' look-up: a record per item whose title holds a query word
    (every item when none does)."""
    roots = sorted({stem(word) for word in content_words(query)})
    if roots:
        in_titles = cypher.words_query(cypher.TITLE_FIELD, roots)
        found = reader.run(PREVIOUS_TITLES, words=in_titles)
        holding = [r for r in found if any(root in (r["title"] or "").lower() for root in roots)]
        if holding:
            return [(r["title"], r["key"]) for r in holding]
    found = reader.run("MATCH (n:`AgendaItem`) RETURN n.key AS key, n.title AS title")
    return [(r["title"], r["key"]) for r in found]


def previous_lookup(reader: Any, query: str, limit: int) -> tuple[list[str], list[str]]:
    """The previous look-up's matters for ``query``: the embedded ranking of a graph made of
    every item found (each matter padded with stand-ins to its size)."""
    roots = sorted({stem(word) for word in content_words(query)})
    rows = previous_rows(reader, roots) if roots else []
    if not rows:
        return [], []
    skeleton = nx.MultiDiGraph()
    skeleton.add_node("meeting", type=schema.MEETING, documented=True)
    members: dict[str, list[str]] = {}
    for row in rows:
        members.setdefault(row["matter"], []).append(row["key"])
        title, text = row["title"] or "", " ".join(row["in_text"])
        skeleton.add_node(row["key"], type=schema.AGENDA_ITEM, title=title, text=text)
    sizes = {row["matter"]: row["size"] or 0 for row in rows}
    for matter, items in members.items():
        stand_ins = [f"{matter}\x00{n}" for n in range(sizes[matter] - len(items))]
        skeleton.add_node(matter, type=schema.MATTER, items=items + stand_ins)
    try:
        found, others = fitting_matters(skeleton, query, limit=limit)
    except NoMatchError:
        return [], []
    return sorted(m for m, _ in found), sorted(m for m, _ in others)


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

    driver, uri, password = dev_server()
    G, derive_s = the_graph(args.items, args.graph_cache)
    item_count = sum(1 for _, t in G.nodes(data="type") if t == schema.AGENDA_ITEM)
    print(
        f"graph: {item_count:,} items, {G.number_of_nodes():,} nodes, {G.number_of_edges():,} "
        f"edges (derived in {derive_s:.0f} s)",
        flush=True,
    )
    if not args.no_load:
        refuse_unless_empty(driver, uri, wipe=args.wipe)
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

    results: list[tuple[str, int, float, float, float, float]] = []

    def run(label: str, ask: Callable[[str], Any], queries: list[str]) -> None:
        server0, client0 = server_cpu(driver), time.process_time()
        p50, p95 = timed(ask, queries, warm=5)
        asked = len(queries) + min(5, len(queries))
        server = (server_cpu(driver) - server0) * 1000 / asked
        client = (time.process_time() - client0) * 1000 / asked
        results.append((label, len(queries), p50, p95, client, server))
        print(
            f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(queries)}); CPU per question: "
            f"client {client:.1f} ms, server {server:.1f} ms",
            flush=True,
        )

    titled = [q for q in words if by_titles(G, q)]
    texts = [q for q in words if q not in titled]
    kinds = [
        ("words", words),
        ("words a title of a matter holds", titled),
        ("words no title of a matter holds (texts, then suggestions)", texts),
    ]
    new_lookup = neo4j_backend._matters_by_words
    new_suggestions = neo4j_backend._suggestion_titles
    paths = (
        ("bound-based", new_lookup, new_suggestions),
        ("baseline: every item found", previous_lookup, previous_suggestions),
    )
    for name, lookup, suggestions in paths:
        neo4j_backend._matters_by_words = lookup  # type: ignore[assignment]
        neo4j_backend._suggestion_titles = suggestions  # type: ignore[assignment]
        try:
            for kind, queries in kinds:
                if queries:
                    run(
                        f"`case` {kind}, {name}",
                        lambda q: neo4j_backend.case_timeline(driver, q),
                        queries,
                    )
            run(f"`attended` words, {name}", lambda q: neo4j_backend.attended(driver, q), words)
        finally:
            neo4j_backend._matters_by_words = new_lookup  # type: ignore[assignment]
            neo4j_backend._suggestion_titles = new_suggestions  # type: ignore[assignment]
    run("`case` case number", lambda q: neo4j_backend.case_timeline(driver, q), numbers)
    run("`person` name", lambda q: neo4j_backend.person(driver, q), names)
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
        f"{item_count:,} agenda items, {G.number_of_nodes():,} nodes + {G.number_of_edges():,} "
        f"relationships = {G.number_of_nodes() + G.number_of_edges():,} rows. Load average "
        f"at the end {loadavg[0]:.1f} (1 min), {loadavg[1]:.1f} (5 min). {checked} answers "
        "compared with the embedded backend first: equal.",
        "",
        "| question | queries | p50 ms | p95 ms | client CPU ms | server CPU ms |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {label} | {n} | {p50:.1f} | **{p95:.1f}** | {client:.1f} | {server:.1f} |"
            for label, n, p50, p95, client, server in results
        ),
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
