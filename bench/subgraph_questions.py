"""Cold ``person``, ``meetings`` and ``viz QUERY`` from the tables and a few bundles, next to
the whole graph (the baseline revision) in the same run: wall time, processor time and peak
memory of each ``casegraph`` process, and whether both give the same output.

    nice .venv/bin/python bench/subgraph_questions.py --work /tmp/sbench [--items 100000]

1. The store of ``bench/incremental.py`` in ``--work`` (about ``--items`` agenda items of
   ``bench/gen_corpus.py`` minutes, seven municipalities, each ingested with its
   ``--municipality``), built and derived on the first run, reused afterwards.
2. The code of ``--after`` (default ``HEAD``) and of ``--baseline`` (default 3783514, the
   revision before the tables) is exported from git into ``--work`` and compiled to bytecode
   (as an installed casegraph is); each command runs as a new process of one of them
   (``PYTHONPATH``), on the same store. Both must derive the graph
   alike (the same digest of ``core``, ``extract`` and ``graph``), or the saved graphs would be
   stale for one: the script refuses then.
3. One ``casegraph meetings`` of the new code first: it makes the tables from the saved
   graphs, once (the upgrade of a store cached before them).
4. Questions: ``person`` on names of random people (and a misspelt one), ``meetings`` without
   and with ``--forum``, ``viz`` on case numbers and title words of random items (seed 5);
   the baseline on the first few of each. Their outputs are compared (the pages byte for byte).

Each process's peak RSS comes from ``wait4``; wall times depend on what else the machine runs,
so the processor time (user + system) is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.append(str(ROOT / "bench"))

from timing import percentile  # noqa: E402

BASELINE = "3783514"
#: The packages a question imports (compiled once when exported).
PACKAGES = ("core", "extract", "graph", "store", "queries", "outputs", "casegraph")

_MAIN = "import sys; from casegraph.cli import main; sys.argv[0] = 'casegraph'; main()"

# Run in the exported code: the digest of the deriving code, and (the new code) people and
# forums to ask for.
_SAMPLE = """
import json, sys
from store.derived import code_digest
from store.sqlite import RecordStore
people, forums = [], set()
with RecordStore(sys.argv[1], readonly=True) as db:
    for name, changed in db.partitions().items() if hasattr(db, "tables") else ():
        tables = db.tables(name, changed, ("meetings", "people"))
        if tables is not None:
            people += sorted(row[0]["name"] for row in tables.people.values())
            forums |= {row[1].get("forum") for row in tables.meetings}
print(json.dumps({"digest": code_digest(), "people": people, "forums": sorted(forums)}))
"""


def export(rev: str, work: Path) -> Path:
    """The tree of ``rev`` in ``work/code-REV`` (exported once)."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", rev],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    folder = work / f"code-{commit}"
    if not folder.is_dir():
        folder.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    # Bytecode as an installed casegraph has it: without it (PYTHONDONTWRITEBYTECODE, or a
    # folder the processes cannot write) every process compiles the modules it imports.
    packages = [str(folder / p) for p in PACKAGES if (folder / p).is_dir()]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *packages], check=True)
    return folder


def run(code: Path, args: list[str]) -> tuple[float, float, float, bytes]:
    """Run ``casegraph ARGS`` of the code in ``code``: wall s, cpu s, peak RSS MB, stdout."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", _MAIN, *args], cwd=code, env=env, stdout=out, stderr=err
        )
        _pid, status, usage = os.wait4(proc.pid, 0)  # its own peak RSS, not the largest child's
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        said, errors = out.read(), err.read()
    if proc.returncode not in (0, 1) or b"Traceback" in errors:
        raise RuntimeError(f"{args}: {errors.decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, said + errors


def sample(code: Path, store: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _SAMPLE, str(store)],
        cwd=code,
        env={**os.environ, "PYTHONPATH": str(code)},
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout))


def viz_queries(store: Path, n: int, rng: random.Random) -> list[str]:
    """Case numbers and first title words of random items (from the store's tables)."""
    with sqlite3.connect(f"file:{store / 'casegraph.db'}?mode=ro", uri=True) as conn:
        numbers = sorted({r[0] for r in conn.execute("SELECT number FROM case_items")})
        keys = [r[0] for r in conn.execute("SELECT item_key FROM items ORDER BY item_key")]
    chosen = rng.sample(keys, n)
    with sqlite3.connect(f"file:{store / 'casegraph.db'}?mode=ro", uri=True) as conn:
        titles = [
            conn.execute("SELECT title FROM items WHERE item_key = ?", (k,)).fetchone()[0]
            for k in chosen
        ]
    words = [" ".join((t or "").split()[:2]) for t in titles]
    return rng.sample(numbers, n) + [w for w in words if w]


def summary(rows: list[tuple[float, float, float, bytes]]) -> str:
    walls, cpus, rss = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    return (
        f"{len(rows):>2} runs  wall p50 {percentile(walls, 50):7.2f} s  p95 "
        f"{percentile(walls, 95):7.2f} s  cpu p50 {percentile(cpus, 50):6.2f} s  "
        f"peak RSS max {max(rss):6.0f} MB"
    )


def side_by_side(description: str, baseline: str, questions: int) -> argparse.ArgumentParser:
    """The arguments of a benchmark that asks cold questions of this revision and of a
    baseline revision on one store."""
    parser = argparse.ArgumentParser(description=description.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--after", default="HEAD")
    parser.add_argument("--baseline", default=baseline)
    parser.add_argument("--questions", type=int, default=questions, help="of each kind, new code")
    parser.add_argument("--baseline-questions", type=int, default=3)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = side_by_side(__doc__, BASELINE, 10).parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    store = args.work / "store"
    after, baseline = export(args.after, args.work), export(args.baseline, args.work)
    if not (store / "casegraph.db").exists():
        sys.path.insert(0, str(after))
        sys.path.insert(1, str(ROOT / "bench"))
        import incremental

        incremental.build(args.work, args.items)
        run(after, ["relink", "--full", "--store", str(store), "--quiet"])
    print(f"{platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"after {after.name}, baseline {baseline.name}, store {store}")

    wall, cpu, rss, _ = run(after, ["meetings", "--store", str(store)])
    print(f"tables made from the saved graphs (once): {wall:.1f} s, cpu {cpu:.1f} s, {rss:.0f} MB")
    new, old = sample(after, store), sample(baseline, store)
    if new["digest"] != old["digest"]:
        print("the two revisions derive differently: the saved graphs are stale for one")
        return 1
    tables = sum(p.stat().st_size for p in (store / "derived").glob("*.tables"))
    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    print(f"tables {tables / 1e6:.2f} MB of the store's {size / 1e6:.1f} MB")

    rng = random.Random(5)
    people = list(new["people"])  # type: ignore[call-overload]
    names = [*rng.sample(people, args.questions - 1), "Hanne Jensn"]
    forums = rng.sample(list(new["forums"]), 3)  # type: ignore[call-overload]
    html = args.work / "page.html"
    kinds = {
        "person": [["person", name] for name in names],
        "meetings": [["meetings"], *(["meetings", "--forum", f] for f in forums)],
        "viz": [["viz", q, "-o", str(html)] for q in viz_queries(store, args.questions // 2, rng)],
    }
    differ = 0
    for kind, questions in kinds.items():
        results: dict[str, list[tuple[float, float, float, bytes]]] = {"after": [], "base": []}
        for i, question in enumerate(questions):
            argv_ = [*question, "--store", str(store)]
            results["after"].append(run(after, argv_))
            page = html.read_bytes() if kind == "viz" and html.exists() else b""
            if i < args.baseline_questions:
                results["base"].append(run(baseline, argv_))
                same = results["base"][-1][3] == results["after"][-1][3]
                if kind == "viz" and html.exists():
                    same = same and html.read_bytes() == page
                differ += not same
            html.unlink(missing_ok=True)
        print(f"{kind:<8} new      {summary(results['after'])}", flush=True)
        print(f"{'':<8} baseline {summary(results['base'])}", flush=True)
    print(f"outputs that differ from the baseline's: {differ}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
