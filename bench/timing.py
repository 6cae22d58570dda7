"""Timing helpers the question benchmarks share: percentiles, answers-or-errors, p50/p95."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from core.errors import CasegraphError


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
