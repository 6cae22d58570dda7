"""What the benchmarks share: word queries, percentiles, answers or errors, p50/p95, the
Neo4j dev server's address and the server's own CPU seconds."""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import networkx as nx

from core.errors import CasegraphError
from core.text import content_words
from store.neo4j_db import connect

if TYPE_CHECKING:
    import neo4j


def word_queries(G: nx.MultiDiGraph, items: list[str], n: int, rng: random.Random) -> list[str]:
    """1-3 consecutive content words of random item titles, as typed into ``casegraph case``."""
    queries: list[str] = []
    while len(queries) < n:
        words = content_words(G.nodes[rng.choice(items)].get("title") or "")
        words = [w for w in words if not w.isdigit()] or words
        if not words:
            continue
        size = min(len(words), rng.choice((1, 1, 2, 3)))
        start = rng.randrange(len(words) - size + 1)
        queries.append(" ".join(words[start : start + size]))
    return queries


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile of ``values`` (nearest rank).

    >>> percentile([3.0, 1.0, 2.0, 4.0], 50), percentile([3.0, 1.0, 2.0, 4.0], 95)
    (3.0, 4.0)
    """
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def outcome(ask: Callable[[], Any]) -> Any:
    """The answer, or the error's type and message (two backends or paths must agree on either)."""
    try:
        return ask()
    except CasegraphError as exc:
        return type(exc).__name__, str(exc)


def timed(ask: Callable[[str], Any], queries: list[str], warm: int = 3) -> tuple[float, float]:
    """p50 and p95 in ms of ``ask(q)`` over ``queries``, after a warm-up on the first few."""
    for q in queries[:warm]:
        outcome(lambda q=q: ask(q))
    times = []
    for q in queries:
        t0 = time.perf_counter()
        outcome(lambda q=q: ask(q))
        times.append((time.perf_counter() - t0) * 1000)
    return percentile(times, 50), percentile(times, 95)


def server_cpu(driver: neo4j.Driver) -> float:
    """CPU seconds the server's JVM has used so far."""
    nanos = driver.execute_query(
        "CALL dbms.queryJmx('java.lang:type=OperatingSystem') YIELD attributes "
        "RETURN attributes.ProcessCpuTime.value AS t"
    ).records[0]["t"]
    return float(nanos) / 1e9


def dev_server() -> tuple[neo4j.Driver, str, str]:
    """A driver for the dev server of ``scripts/neo4j-dev`` (or ``NEO4J_URI``), its address and
    its password (the bulk import needs it), from the environment as the tests take them."""
    port = os.environ.get("NEO4J_DEV_PORT", "7687")
    uri = os.environ.get("NEO4J_URI", f"bolt://127.0.0.1:{port}")
    password = os.environ.get("NEO4J_PASSWORD", "casegraph-dev-only")
    return connect(uri, os.environ.get("NEO4J_USER", "neo4j"), password), uri, password


def refuse_unless_empty(driver: neo4j.Driver, uri: str, *, wipe: bool) -> None:
    """Stop the benchmark when the database holds nodes and ``--wipe`` was not given."""
    existing = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    if existing and not wipe:
        sys.exit(f"{uri} holds {existing} nodes; pass --wipe to let the benchmark delete them")
