"""Cold ``casegraph case`` and ``casegraph attended`` (a new process per question) of this
revision next to a baseline revision in the same run, on one store: wall time, processor
time and peak memory of each process, and whether both print the same answer.

    nice .venv/bin/python bench/cold_questions.py --work /tmp/cbench [--items 100000]

1. The store of ``bench/incremental.py`` in ``--work`` (about ``--items`` agenda items of
   ``bench/gen_corpus.py`` minutes, seven municipalities), built and derived on the first run
   (by the new code), reused afterwards.
2. The code of ``--after`` (default ``HEAD``) and of ``--baseline`` is exported from git into
   ``--work`` (:mod:`subgraph_questions`); each question runs as a new process of one of them.
   When their deriving code differs (another digest: the saved graphs would be stale for
   one) or the baseline cannot read the store's layout, the baseline answers from its own
   copy of the store (``--work``/store-REV, copied before the new code first opens the store
   for writing, and derived by the baseline's code: ``relink``).
3. Questions (seed 3): case numbers of random items; the first two words of random titles (as
   ``bench/incremental.py`` asks); 1-3 consecutive content words of random titles (as
   ``bench/question_speed.py`` asks); and routine words held by thousands of titles. The
   baseline answers the first ``--baseline-questions`` of each kind.

``--store`` asks a store of real minutes instead (ingested and derived already; the baseline's
copy, when it needs one, is made beside it in ``--work``).

Wall times depend on what else the machine runs; the processor time is printed beside them.
"""

from __future__ import annotations

import os
import platform
import random
import re
import shutil
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.append(str(ROOT / "bench"))

from subgraph_questions import export, run, sample, side_by_side  # noqa: E402
from timing import percentile  # noqa: E402

from core.text import content_words  # noqa: E402

#: The last revision before word questions were ranked from the title tables.
BASELINE = "8117421"
#: Words held by thousands of titles (the slowest questions of the baseline).
ROUTINE = ["Godkendelse af", "Orientering fra", "Huskeliste og", "Underskriftsark", "budget"]


def summary(rows: list[tuple[float, float, float, bytes]]) -> str:
    """p50 and p95 of the wall and processor times, and the largest peak RSS, of ``rows``."""
    if not rows:
        return "-"
    walls, cpus = [r[0] * 1000 for r in rows], [r[1] * 1000 for r in rows]
    return (
        f"{len(rows):>2} runs  wall p50 {percentile(walls, 50):6.0f} ms  p95 "
        f"{percentile(walls, 95):6.0f} ms  cpu p50 {percentile(cpus, 50):6.0f} ms  p95 "
        f"{percentile(cpus, 95):6.0f} ms  peak RSS max {max(r[2] for r in rows):5.0f} MB"
    )


def questions(store: Path, n: int, rng: random.Random) -> dict[str, list[str]]:
    """Case numbers, first two title words, 1-3 content words of titles, routine words."""
    with sqlite3.connect(f"file:{store / 'casegraph.db'}?mode=ro", uri=True) as conn:
        numbers = sorted({r[0] for r in conn.execute("SELECT number FROM case_items")})
        titles = [r[0] or "" for r in conn.execute("SELECT title FROM items ORDER BY item_key")]
    first = [" ".join(t.split()[:2]) for t in rng.sample(titles, n)]
    runs = []
    while len(runs) < n:
        words = content_words(rng.choice(titles))
        words = [w for w in words if not w.isdigit()] or words
        if words:
            size = min(len(words), rng.choice((1, 1, 2, 3)))
            start = rng.randrange(len(words) - size + 1)
            runs.append(" ".join(words[start : start + size]))
    return {
        "case numbers": rng.sample(numbers, n),
        "first two title words": [w for w in first if w],
        "1-3 title words": runs,
        "routine words": ROUTINE,
    }


def tables_version(code: Path) -> int:
    """The version of the tables beside the saved graphs that ``code`` writes (0: none):
    two revisions writing different ones answer from copies of the store of their own."""
    text = (code / "store" / "tables.py").read_text() if (code / "store/tables.py").exists() else ""
    found = re.search(r"^TABLES_VERSION = (\d+)", text, re.M)
    return int(found.group(1)) if found else 0


def _relink(store: Path) -> list[str]:
    return ["relink", "--store", str(store), "--quiet"]


def main(argv: list[str] | None = None) -> int:
    parser = side_by_side(__doc__, BASELINE, 20)
    parser.add_argument("--commands", default="case,attended")
    parser.add_argument("--kinds", default="", help="comma-separated kinds of question (all)")
    parser.add_argument(
        "--store", type=Path, help="ask this store (derived already: real minutes) instead"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    store = args.store or args.work / "store"
    after, baseline = export(args.after, args.work), export(args.baseline, args.work)
    old_store = args.work / f"{store.name}-{baseline.name.removeprefix('code-')}"
    if not (store / "casegraph.db").exists():
        sys.path.insert(0, str(after))
        import incremental

        incremental.build(args.work, args.items)
    differ = sample(after, store)["digest"] != sample(baseline, store)["digest"]
    if old_store.exists() or differ or tables_version(after) != tables_version(baseline):
        if not old_store.exists():
            shutil.copytree(store, old_store)
            done = run(baseline, _relink(old_store))
            print(f"baseline: relink of its copy (wall s, cpu s) {done[:2]}", flush=True)
            done = run(baseline, ["meetings", "--store", str(old_store)])  # its tables
            print(f"baseline: first meetings of its copy (wall s, cpu s) {done[:2]}", flush=True)
    else:
        old_store = store
    relinked = run(after, _relink(store))  # the upgrade, when derived by this code already
    print(f"new code: relink (wall s, cpu s): {relinked[:2]}", flush=True)
    # Tables of an older version are made again from the saved graphs, once (as the first
    # `meetings` after an upgrade does).
    made = run(after, ["meetings", "--store", str(store)])
    print(f"new code: first meetings (wall s, cpu s): {made[:2]}", flush=True)
    print(f"{platform.node()} {os.cpu_count()} cores shared, Python {platform.python_version()}")
    print(f"after {after.name}, baseline {baseline.name}, store {store}; load {os.getloadavg()}")
    asked = questions(store, args.questions, random.Random(3))
    changed = []
    for command in args.commands.split(","):
        for kind, queries in asked.items():
            if args.kinds and kind not in args.kinds.split(","):
                continue
            new, old = [], []
            for i, query in enumerate(queries):
                new.append(run(after, [command, query, "--store", str(store)]))
                if i < args.baseline_questions:
                    old.append(run(baseline, [command, query, "--store", str(old_store)]))
                    if old[-1][3] != new[-1][3]:
                        changed.append(f"{command} {query!r}")
            print(f"{command:<8} {kind:<22} new      {summary(new)}", flush=True)
            print(f"{'':<8} {'':<22} baseline {summary(old)}", flush=True)
    print(f"load {os.getloadavg()}; answers that differ from the baseline's: {changed or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
