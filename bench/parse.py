"""Throughput of ``extract.parse.parse_text`` alone (no reading, no store).

Run: ``.venv/bin/python bench/parse.py [--rounds 200] [--profile]``. Parses the five
Nordfyns seeds (and the Aarhus pdftotext file when ../shared/corpus is present) over and
over in one process and prints documents/s and words/s (words = ``len(text.split())``).

``--greve`` parses the 368 Greve FirstAgenda JSON meetings of ../shared/corpus/greve instead
(once per round; words = the words of the JSON text), where reading the items' HTML is most of
the work.
"""

from __future__ import annotations

import argparse
import cProfile
import platform
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.parse import parse_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def load(seeds_only: bool = False) -> list[tuple[str, str]]:
    paths = sorted((ROOT / "examples" / "nordfyns").glob("*.txt"))
    aarhus = CORPUS / "Aarhus_Byraadet_2025-08-27.txt"
    if aarhus.is_file() and not seeds_only:
        paths.append(aarhus)
    return [(str(p), p.read_text(encoding="utf-8")) for p in paths]


def load_greve() -> list[tuple[str, str]]:
    paths = sorted((CORPUS / "greve").glob("*.json"))
    if not paths:
        sys.exit(f"no Greve JSON in {CORPUS / 'greve'}")
    return [(str(p), p.read_text(encoding="utf-8-sig")) for p in paths]


def run(texts: list[tuple[str, str]], rounds: int) -> tuple[int, int, float]:
    docs = words = 0
    start = time.perf_counter()
    for _ in range(rounds):
        for path, text in texts:
            fmt = "json" if path.endswith(".json") else "text"
            parse_text(text, path=path, sha256="0" * 64, fmt=fmt)
            docs += 1
            words += len(text.split())
    return docs, words, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--profile", action="store_true", help="print the top functions")
    parser.add_argument("--seeds-only", action="store_true", help="leave out the Aarhus text")
    parser.add_argument("--greve", action="store_true", help="the Greve JSON meetings instead")
    args = parser.parse_args()
    texts = load_greve() if args.greve else load(args.seeds_only)
    run(texts[:20] if args.greve else texts, 1 if args.greve else 3)  # warm up
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        run(texts, max(1, args.rounds // 4))
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    docs, words, seconds = run(texts, args.rounds)
    print(f"python {platform.python_version()} on {platform.machine()}")
    print(f"{len(texts)} distinct documents x {args.rounds} rounds = {docs} parses")
    print(f"{docs / seconds:,.0f} documents/s, {words / seconds:,.0f} words/s ({seconds:.2f} s)")


if __name__ == "__main__":
    main()
