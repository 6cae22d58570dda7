"""Where a benchmark's memory goes: RSS sampled over time, and the size of each structure.

``RssSampler`` samples the process's resident memory in a thread (every 0.2 s), so that the
peak of each phase of a long run can be told apart (``phase_peaks``); ``structure_sizes``
estimates the memory of the linker's inputs and of each of its per-item structures from a
sample of items (deep ``sys.getsizeof``, each object counted once per structure).

>>> deep_size(("ab", ("ab", 1)))  > deep_size(("ab",))
True
"""

from __future__ import annotations

import os
import random
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_mb() -> float:
    """The process's resident memory now (Linux ``/proc``), in MB; 0 elsewhere."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return 0.0
    return pages * PAGE / 2**20


class RssSampler:
    """Sample RSS in a background thread while the ``with`` block runs."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.perf_counter(), rss_mb()))
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append((time.perf_counter(), rss_mb()))

    def peak(self, start: float = 0.0, end: float = float("inf")) -> float:
        inside = [mb for t, mb in self.samples if start <= t <= end]
        return max(inside, default=0.0)

    def phase_peaks(self, start: float, phases: Mapping[str, float]) -> dict[str, dict[str, int]]:
        """Peak RSS and RSS at the end of each phase; ``phases`` are consecutive durations
        (seconds, in order) from ``start``, as ``LinkResult.timings`` gives them."""
        out = {}
        t = start
        for name, seconds in phases.items():
            end = t + seconds
            last = [mb for s, mb in self.samples if s <= end]
            out[name] = {
                "peak_mb": round(self.peak(t, end)),
                "end_mb": round(last[-1]) if last else 0,
            }
            t = end
        return out


def deep_size(obj: Any, seen: set[int] | None = None) -> int:
    """Bytes of ``obj`` and everything it holds (containers, dataclass slots), once each."""
    seen = set() if seen is None else seen
    stack = [obj]
    total = 0
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        total += sys.getsizeof(o)
        if isinstance(o, (str, bytes, int, float, bool)) or o is None:
            continue
        if isinstance(o, Mapping):
            stack.extend(o.keys())
            stack.extend(o.values())
        elif isinstance(o, (list, tuple, set, frozenset)):
            stack.extend(o)
        elif hasattr(o, "__slots__"):
            stack.extend(getattr(o, s) for s in o.__slots__ if hasattr(o, s))
        elif hasattr(o, "__dict__"):
            stack.append(vars(o))
    return total


def _sampled(values: Sequence[Any], sample: int, rng: random.Random) -> float:
    """Estimated deep size of a sequence from ``sample`` of its elements."""
    if not values:
        return float(sys.getsizeof(values))
    picks = values if len(values) <= sample else rng.sample(list(values), sample)
    seen: set[int] = set()
    each = sum(deep_size(v, seen) for v in picks) / len(picks)
    return sys.getsizeof(values) + each * len(values)


def structure_sizes(
    items: Sequence[Any], result: Any, sample: int = 2000, seed: int = 0
) -> dict[str, dict[str, float]]:
    """Estimated MB and bytes per item of the linker's input items, each per-item list of its
    features, its links and its matters."""
    rng = random.Random(seed)
    n = max(1, len(items))
    sizes: dict[str, float] = {"items (LinkItem, text included)": _sampled(items, sample, rng)}
    texts = [getattr(it, "text", "") for it in items]
    sizes["  of which item texts"] = _sampled(texts, sample, rng)
    features = getattr(result, "features", None)
    for name, value in sorted(vars(features).items() if features is not None else []):
        if isinstance(value, (list, tuple)):
            sizes[f"features.{name}"] = _sampled(value, sample, rng)
        elif isinstance(value, Mapping):
            keys = list(value)
            sizes[f"features.{name}"] = _sampled(keys, sample, rng) + _sampled(
                [value[k] for k in (keys if len(keys) <= sample else rng.sample(keys, sample))],
                sample,
                rng,
            ) * (len(keys) / max(1, min(len(keys), sample)))
        elif isinstance(value, (set, frozenset)):
            sizes[f"features.{name}"] = _sampled(list(value), sample, rng)
    links = getattr(result, "links", {})
    if links:
        keys = list(links)
        pick = keys if len(keys) <= sample else rng.sample(keys, sample)
        seen: set[int] = set()
        each = sum(deep_size(k, seen) + deep_size(links[k], seen) for k in pick) / len(pick)
        sizes["links (pair -> Link)"] = sys.getsizeof(links) + each * len(keys)
    sizes["matters"] = _sampled(getattr(result, "matters", []), sample, rng)
    return {
        k: {"mb": round(v / 2**20, 1), "bytes_per_item": round(v / n)}
        for k, v in sorted(sizes.items(), key=lambda kv: -kv[1])
    }
