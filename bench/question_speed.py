"""Latency of the embedded questions through the Python API, store open, before and after
a revision (by default: before the word ranking from indexes, ``queries/ranking.py``).

    .venv/bin/python bench/question_speed.py --work /tmp/qbench [--items 100000]

Steps, in one run:

1. A store of about ``--items`` agenda items of ``bench/gen_corpus.py`` minutes in
   ``--work`` (generated, stored and derived on the first run -- minutes at 100k -- and
   reused after), opened as a user of the library opens it: ``casegraph.open_store(path)``,
   ``store.graph()``.
2. The questions as typed: 1-3 consecutive content words of random item titles, case
   numbers of random cases (half of them printed without leading zeros or with ``/``),
   names of random people, forums. Seed 3.
3. p50 and p95 in ms of ``case_timeline``, ``attended``, ``person`` and ``list_meetings``
   of this checkout (``store=`` given; word answers no longer depend on it), after the
   index of the graph is built (its build time is printed, and that of the texts' words
   and the titles' 3-grams, which the first question needing them pays); and of the same
   functions at ``--baseline`` (a git revision; ``store=`` given when they take it),
   imported from ``git show`` into a temporary package, on fewer questions.

How often the two agree on the best matter is printed too: against ``d03b3e8`` they differ
only where no title of a matter holds the words and that revision took the texts from the
store's full-text index (its best 2,000 by BM25, words starting with the query's), where
this one finds every text holding them; against ``b6eb5d4`` also where the ranking since
puts title matches before body text on purpose.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import importlib.util
import inspect
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# The project's packages first; bench/ after them, for the shared timing helpers.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "bench"))

import networkx as nx  # noqa: E402
from timing import outcome, timed, word_queries  # noqa: E402

from casegraph.pipeline import Store, open_store  # noqa: E402
from core import schema  # noqa: E402
from queries import attended as new_attended  # noqa: E402
from queries import meetings as new_meetings  # noqa: E402
from queries import person as new_person  # noqa: E402
from queries import timeline as new_timeline  # noqa: E402
from queries.index import forget, query_index  # noqa: E402


def _gen_corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_corpus", ROOT / "bench" / "gen_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_corpus"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


#: The last revision before the word ranking from indexes (queries/ranking.py) and the
#: bounded person look-up; ``b6eb5d4`` is the last one whose questions read every node.
BASELINE = "d03b3e8"
_MODULES = ("index", "meetings", "timeline", "attended", "person")


def baseline_modules(rev: str, folder: Path) -> dict[str, ModuleType]:
    """The question modules of ``rev`` as the package ``baseline_queries`` in ``folder``,
    importing each other (and today's ``queries.results``, ``core`` and ``graph``)."""
    package = folder / "baseline_queries"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    names = [name for name in _MODULES if _exists(rev, f"queries/{name}.py")]
    for name in names:
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:queries/{name}.py"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for other in names:
            source = source.replace(f"from queries.{other} ", f"from baseline_queries.{other} ")
        (package / f"{name}.py").write_text(source, encoding="utf-8")
    sys.path.insert(0, str(folder))
    return {name: importlib.import_module(f"baseline_queries.{name}") for name in names}


def with_store(function: Callable[..., Any], db: Store) -> Callable[..., Any]:
    """``function`` given ``store=db`` when it takes a store (the baseline's FTS5 path)."""
    if "store" in inspect.signature(function).parameters:
        return lambda *args: function(*args, store=db)
    return function


def _exists(rev: str, path: str) -> bool:
    found = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{rev}:{path}"], check=False)
    return found.returncode == 0


def the_store(work: Path, items: int) -> Store:
    """The benchmark's store in ``work``: generated and derived once, then reused."""
    path = work / "store"
    if not (path / "casegraph.db").exists():
        t0 = time.perf_counter()
        corpus = _gen_corpus().generate(items, seed=1)
        with Store(path) as store, store.transaction():
            for doc in corpus.documents:
                store.put(doc, path=doc.path)
        print(f"generated and stored in {time.perf_counter() - t0:.0f} s", flush=True)
    return open_store(path)


def printed_otherwise(number: str, rng: random.Random) -> str:
    """``number`` as another minutes might print it: leading zeros dropped, or ``/``."""
    form = rng.choice(("same", "zeros", "slash"))
    if form == "zeros":
        return re.sub(r"\b0+(\d)", r"\1", number)
    if form == "slash":
        return re.sub(r"(\d)-(\d)", r"\1/\2", number)
    return number


def best(answer: Any) -> str | None:
    if isinstance(answer, tuple):
        return None
    return answer.matters[0].id if hasattr(answer, "matters") else answer.matter


def agreeing(new: Callable[[str], Any], before: Callable[[str], Any], queries: list[str]) -> int:
    """For how many queries both answer with the same best matter."""
    return sum(
        str(best(outcome(lambda q=q: new(q)))) == str(best(outcome(lambda q=q: before(q))))
        for q in queries
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=100000, help="agenda items generated")
    parser.add_argument("--work", type=Path, required=True, help="folder of the store")
    parser.add_argument("--queries", type=int, default=200, help="timed questions of a kind")
    parser.add_argument("--baseline-queries", type=int, default=15)
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the baseline")
    args = parser.parse_args()

    load = os.getloadavg()[0]
    db = the_store(args.work, args.items)
    t0 = time.perf_counter()
    G = db.graph()
    loaded = time.perf_counter() - t0
    items = sorted(k for k, d in G.nodes(data=True) if d.get("type") == schema.AGENDA_ITEM)
    print(
        f"graph: {len(items):,} items, {G.number_of_nodes():,} nodes, "
        f"{G.number_of_edges():,} edges, loaded in {loaded:.1f} s; load average {load:.1f}",
        flush=True,
    )
    forget(G)
    t0 = time.perf_counter()
    index = query_index(G)
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    index.text_items_with("a")
    texts = time.perf_counter() - t0
    t0 = time.perf_counter()
    index.gram_counts(frozenset({"#a"}))
    grams = time.perf_counter() - t0
    print(
        f"index built in {built * 1000:.0f} ms; the texts' words on the first question no "
        f"title answers {texts * 1000:.0f} ms; the titles' 3-grams {grams * 1000:.0f} ms",
        flush=True,
    )

    rng = random.Random(3)
    words = word_queries(G, items, args.queries, rng)
    cases = sorted(k for k, d in G.nodes(data=True) if d.get("type") == schema.CASE)
    numbers = [
        printed_otherwise(G.nodes[c]["number"], rng) for c in rng.choices(cases, k=args.queries)
    ]
    people = sorted(k for k, d in G.nodes(data=True) if d.get("type") == schema.PERSON)
    names = [G.nodes[p]["name"] for p in rng.choices(people, k=args.queries)]
    forums = sorted({str(d.get("forum")) for _, d in G.nodes(data=True) if d.get("documented")})
    forum_queries = [rng.choice(forums) for _ in range(args.queries)]

    old = baseline_modules(args.baseline, Path(tempfile.mkdtemp(prefix="casegraph-baseline-")))
    kinds: list[tuple[str, Callable[[str], Any], Callable[[str], Any], list[str]]] = [
        (
            "`case` words",
            lambda q: new_timeline.case_timeline(G, q, store=db),
            lambda q: with_store(old["timeline"].case_timeline, db)(G, q),
            words,
        ),
        (
            "`case` case number (any printed form)",
            lambda q: new_timeline.case_timeline(G, q, store=db),
            lambda q: with_store(old["timeline"].case_timeline, db)(G, q),
            numbers,
        ),
        (
            "`attended` words",
            lambda q: new_attended.attended(G, q, store=db),
            lambda q: with_store(old["attended"].attended, db)(G, q),
            words,
        ),
        (
            "`person` name",
            lambda q: new_person.person(G, q),
            lambda q: old["person"].person(G, q),
            names,
        ),
        (
            "`meetings --forum`",
            lambda q: new_meetings.list_meetings(G, q),
            lambda q: old["meetings"].list_meetings(G, q),
            forum_queries,
        ),
    ]
    rows = []
    for label, new, before, queries in kinds:
        p50, p95 = timed(new, queries)
        sample = queries[: args.baseline_queries]
        o50, o95 = timed(before, sample, warm=1)
        same = agreeing(new, before, sample) if label.startswith(("`case`", "`attended`")) else None
        rows.append((label, len(queries), p50, p95, len(sample), o50, o95, same))
        agree = f"; same best matter {same}/{len(sample)}" if same is not None else ""
        print(
            f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({len(queries)}); baseline p50 "
            f"{o50:.0f} ms, p95 {o95:.0f} ms ({len(sample)}){agree}",
            flush=True,
        )
    end_load = os.getloadavg()[0]
    print()
    print(
        f"{dt.date.today().isoformat()}; {platform.machine()}, {os.cpu_count()} cores shared, "
        f"Python {platform.python_version()}, networkx {nx.__version__}; load average "
        f"{load:.1f} at the start, {end_load:.1f} at the end. Index built in {built:.2f} s, "
        f"texts' words {texts:.2f} s, titles' 3-grams {grams:.2f} s."
    )
    print("| question | n | p50 ms | p95 ms | baseline n | baseline p50 ms | baseline p95 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, n, p50, p95, m, o50, o95, same in rows:
        agree = f" (same best matter {same}/{m})" if same is not None else ""
        print(f"| {label}{agree} | {n} | {p50:.1f} | **{p95:.1f}** | {m} | {o50:.0f} | {o95:.0f} |")


if __name__ == "__main__":
    main()
