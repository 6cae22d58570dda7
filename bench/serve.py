"""Benchmark ``casegraph serve``: page times on a real store, through the real server.

Starts ``casegraph serve`` on a free port over ``--store`` (ingest Greve's minutes into it
first), then asks for pages one at a time, as one reader would: searches for words taken
from item titles, and meetings, matters and people picked at random (seeded), matters of
every size included. Prints p50, p95 and the slowest time per kind of page, HTML and JSON.

    casegraph ingest --municipality Greve --store /tmp/greve ../shared/corpus/greve
    .venv/bin/python bench/serve.py --store /tmp/greve
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from casegraph.pipeline import Store  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as answer:
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"{url}: {answer.status}")
    return (time.perf_counter() - started) * 1000


def pages(store: Path, n: int, seed: int) -> dict[str, list[str]]:
    """Paths to ask for, per kind of page."""
    G = Store(store).graph()
    rnd = random.Random(seed)
    by_type: dict[str, list[str]] = {}
    for key, d in G.nodes(data=True):
        by_type.setdefault(str(d.get("type")), []).append(key)
    meetings = sorted(k for k in by_type["Meeting"] if G.nodes[k].get("documented"))
    matters = sorted(by_type["Matter"])
    people = sorted(by_type["Person"])
    titles = sorted(str(G.nodes[k].get("title") or "") for k in by_type["AgendaItem"])
    words = [w for t in titles for w in t.split() if len(w) > 5 and w.isalpha()]
    q = urllib.parse.quote
    return {
        "search": [f"/?q={q(w)}" for w in rnd.sample(words, min(n, len(words)))],
        "meeting": [f"/meeting/{q(k, safe=':')}" for k in rnd.sample(meetings, n)],
        "matter": [f"/matter/{q(k, safe=':')}" for k in rnd.sample(matters, n)],
        "person": [f"/person/{q(k, safe=':')}" for k in rnd.sample(people, n)],
        "graph (the matter's embedded page)": [
            f"/graph/{q(k, safe=':')}" for k in rnd.sample(matters, n)
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("-n", type=int, default=60, help="pages of each kind")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    todo = pages(args.store, args.n, args.seed)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [str(Path(sys.executable).parent / "casegraph"), "serve", "--store", str(args.store)]
    server = subprocess.Popen([*cmd, "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        started = time.perf_counter()
        while True:
            try:
                fetch(base + "/")
                break
            except OSError:
                if time.perf_counter() - started > 600:
                    raise
                time.sleep(0.5)
        print(f"server up in {time.perf_counter() - started:.1f} s")
        for path in todo["matter"][:5]:  # warm up
            fetch(base + path)
        print(
            f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()},"
            f" load {os.getloadavg()[0]:.1f}; {args.n} pages of each kind, one at a time"
        )
        print("| page | p50 ms | p95 ms | max ms | JSON p95 ms |")
        print("|---|---:|---:|---:|---:|")
        for kind, paths in todo.items():
            times = [fetch(base + p) for p in paths]
            sep = "&" if "?" in paths[0] else "?"
            json_times = [fetch(base + p + sep + "format=json") for p in paths]
            p95 = statistics.quantiles(times, n=20)[-1]
            j95 = statistics.quantiles(json_times, n=20)[-1] if kind[0] != "g" else float("nan")
            print(
                f"| {kind} | {statistics.median(times):.0f} | {p95:.0f} | {max(times):.0f} |"
                f" {j95:.0f} |"
            )
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
