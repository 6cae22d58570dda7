"""Ingest throughput: the seeds replicated to N documents, parsed, extracted and stored.

Run: ``.venv/bin/python bench/ingest.py [--docs 5000]``. Prints documents/s and words/s for
read + parse + store (one process, one core), then the time to derive the graph
(people, build, matters) from the store. Each copy gets its own meeting date so the store
and the graph hold N distinct meetings, as years of minutes would.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casegraph.pipeline import (  # noqa: E402
    Store,
    derive_graph,
    ingest,
)

SEEDS = sorted((ROOT / "examples" / "nordfyns").glob("*.txt"))
DATE = re.compile(r"\b(\d{2})-(\d{2})-(\d{4})\b")


def replicate(target: Path, n: int) -> int:
    """Write ``n`` copies of the seeds with shifted header dates; return total words."""
    words = 0
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    base = dt.date(2000, 1, 1)
    for i in range(n):
        text = texts[i % len(texts)]
        day = base + dt.timedelta(days=i)
        # Shift only the header line's date: the first dd-mm-yyyy in the file.
        text = DATE.sub(day.strftime("%d-%m-%Y"), text, count=1)
        sub = target / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:06d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=5000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="casegraph-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        words = replicate(corpus, args.docs)
        start = time.perf_counter()
        report = ingest([corpus], store=work / "store")
        elapsed = time.perf_counter() - start
        assert report.failed == 0, report.failures[:3]
        print(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}"
        )
        print(
            f"ingest (read + parse + extract + store): {report.documents} documents, "
            f"{words:,} words in {elapsed:.2f} s -> {report.documents / elapsed:,.0f} docs/s, "
            f"{words / elapsed:,.0f} words/s"
        )
        store = Store(work / "store")
        start = time.perf_counter()
        docs = store.documents()
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        G = derive_graph(docs)
        derived = time.perf_counter() - start
        print(
            f"load records: {loaded:.2f} s; derive graph (people + build + matters): "
            f"{derived:.2f} s -> {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
