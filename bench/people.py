"""People pipeline throughput: the seeds replicated to N documents, ingested, then annotated.

Run: ``.venv/bin/python bench/people.py [--docs 5000] [--out bench/RESULTS_people.md]``.

Measures, on one core:

* ingest (read + parse + store), as ``bench/ingest.py`` does;
* ``annotate_people`` (gazetteer, pre-pass, spaCy windows, resolution, line look-up);
* ``add_people`` on the built graph;

and reports words/s for the people step alone and for the whole ingest with the people
step added (the target: at least 300k words/s). CPU time (``time.process_time``) is
reported beside wall time because the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ingest import replicate  # noqa: E402

from casegraph.pipeline import Store, ingest  # noqa: E402
from extract.nlp import triggers_for, windows  # noqa: E402
from extract.people import annotate_people  # noqa: E402
from graph.build import build_graph  # noqa: E402
from graph.people import add_people  # noqa: E402


class Clock:
    """Wall and CPU seconds of a block."""

    def __enter__(self) -> Clock:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=None, help="Write a markdown report here.")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="casegraph-bench-people-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        words = replicate(corpus, args.docs)
        with Clock() as t_ingest:
            report = ingest([corpus], store=work / "store")
        assert report.failed == 0, report.failures[:3]
        docs = Store(work / "store").documents()
        with Clock() as t_annotate:
            annotated = annotate_people(docs)
        G = build_graph(annotated)
        with Clock() as t_add:
            add_people(G, annotated)
        texts = [s.text for d in docs for i in d.meeting.items for s in i.sections]
        triggers = triggers_for(frozenset())
        covered = sum(e - s for t in texts for s, e in windows(t, triggers))
        coverage = covered / max(1, sum(len(t) for t in texts))
        mentions = sum(len(i.mentions) for d in annotated for i in d.meeting.items)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def rate(seconds: float) -> str:
        return f"{words / seconds:,.0f}"

    people_wall = t_annotate.wall + t_add.wall
    people_cpu = t_annotate.cpu + t_add.cpu
    lines = [
        "# People pipeline benchmark (`bench/people.py`)",
        "",
        f"- machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores "
        f"(shared), Python {platform.python_version()}",
        f"- corpus: the 5 Nordfyns seeds replicated to {report.documents:,} documents, "
        f"{words:,} words; {mentions:,} mentions found",
        f"- share of item text the pre-pass hands to spaCy: {coverage:.1%}",
        "",
        "| step | wall s | CPU s | words/s (wall) | words/s (CPU) |",
        "|---|---:|---:|---:|---:|",
        f"| ingest (read + parse + store) | {t_ingest.wall:.2f} | {t_ingest.cpu:.2f} "
        f"| {rate(t_ingest.wall)} | {rate(t_ingest.cpu)} |",
        f"| annotate_people | {t_annotate.wall:.2f} | {t_annotate.cpu:.2f} "
        f"| {rate(t_annotate.wall)} | {rate(t_annotate.cpu)} |",
        f"| add_people | {t_add.wall:.2f} | {t_add.cpu:.2f} | {rate(t_add.wall)} "
        f"| {rate(t_add.cpu)} |",
        f"| **people step** | {people_wall:.2f} | {people_cpu:.2f} | {rate(people_wall)} "
        f"| {rate(people_cpu)} |",
        f"| **ingest + people** | {t_ingest.wall + people_wall:.2f} "
        f"| {t_ingest.cpu + people_cpu:.2f} | {rate(t_ingest.wall + people_wall)} "
        f"| {rate(t_ingest.cpu + people_cpu)} |",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
