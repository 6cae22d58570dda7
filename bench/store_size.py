"""The store's size against the raw text, table by table, and cold ``case`` by case number.

    nice .venv/bin/python bench/store_size.py --work /tmp/sbench [--items 100000] [--questions 12]

1. A store of about ``--items`` agenda items of ``bench/gen_corpus.py`` minutes in ``--work``,
   each municipality's minutes stored as ``casegraph ingest --municipality`` stores them
   (:func:`incremental.build`; generated on the first run and reused), every partition derived
   (``relink``).
2. *Size*: the store folder against the raw text of the minutes (the text files
   ``gen_corpus.py --format text`` would write), and each table and index of the database
   (SQLite's ``dbstat``: pages, so with their unused space) and the derived files.
3. *Cold questions*: ``casegraph case`` as new processes on case numbers of random items in
   matters and on 1-3 words of random titles (seed 3), and ``casegraph search`` on the same
   words; p50 and p95 of the wall and processor time.

Run it with another checkout's code (``PYTHONPATH=OTHER`` and ``OTHER``'s copy of this file)
for a baseline on the same machine; a different checkout derives into its own ``--work``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(ROOT / "bench"))

from incremental import CASEGRAPH, build, folder_size, run, timed  # noqa: E402
from timing import word_queries  # noqa: E402

from casegraph.pipeline import Store, relink  # noqa: E402
from core import schema  # noqa: E402


def tables(db: Path) -> list[tuple[str, int]]:
    """``(table or index, bytes of its pages)``, largest first."""
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
        ).fetchall()
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=12)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    store_path = args.work / "store"
    if not (store_path / "casegraph.db").exists():
        build(args.work, args.items)
    print(f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}")
    with Store(store_path) as store:
        t0 = time.perf_counter()
        report = relink(store)
        print(f"relink: {report.summary()} in {time.perf_counter() - t0:.0f} s", flush=True)
        G = store.graph()
        rng = random.Random(3)
        items = sorted(n for n, d in G.nodes(data=True) if d["type"] == schema.AGENDA_ITEM)
        in_matter = {u for u, _, k in G.edges(keys=True) if k == schema.PART_OF}
        numbered = [i for i in items if G.nodes[i]["case_numbers"] and i in in_matter]
        numbers = [G.nodes[i]["case_numbers"][0] for i in rng.sample(numbered, args.questions)]
        words = word_queries(G, items, args.questions, rng)
        del G

    raw = json.loads((args.work / "meta.json").read_text())["raw_text_bytes"]
    size = folder_size(store_path)
    db = (store_path / "casegraph.db").stat().st_size
    derived = folder_size(store_path / "derived")
    print(
        f"raw text {raw / 1e6:.2f} MB; store {size / 1e6:.2f} MB = {size / raw:.3f}x "
        f"(database {db / 1e6:.2f} MB, derived {derived / 1e6:.2f} MB, other "
        f"{(size - db - derived) / 1e6:.2f} MB)"
    )
    for name, pages in tables(store_path / "casegraph.db"):
        if pages >= 0.005 * db:
            print(f"  {name:28s} {pages / 1e6:8.2f} MB")
    for suffix in ("graph", "tables"):
        files = list((store_path / "derived").glob(f"*.{suffix}"))
        print(f"  derived/*.{suffix:22s} {sum(f.stat().st_size for f in files) / 1e6:8.2f} MB")

    run([CASEGRAPH, "case", "--store", str(store_path), numbers[0]])  # into the page cache
    for name, kind, queries in (
        ("case", "case number", numbers),
        ("case", "words", words),
        ("search", "words", words),
    ):
        argvs = [[CASEGRAPH, name, "--store", str(store_path), q] for q in queries]
        print(f"cold {name} by {kind}, {len(queries)}: {timed(argvs)}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
