"""What the benchmarks share: word queries, percentiles, answers or errors, p50/p95, and the
Neo4j server's own CPU seconds."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import networkx as nx

from core.errors import CasegraphError
from core.text import content_words

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
