"""Benchmark the HTML views (outputs/html/) against pyvis ``from_nx``, and first draw in Chromium.

Graphs come from the synthetic corpus generator (bench/gen_corpus.py) through
``build_graph`` and ``link_matters``, as ``Store.graph()`` builds them, at about 1k, 10k
and 100k nodes. For each:

* ours, whole graph: ``render_html(G, G.nodes, max_nodes=len(G))``, the same nodes and
  edges pyvis gets, so the build times compare like with like;
* ours, as ``casegraph viz`` writes it: the overview capped at 1,000 nodes, and the view
  of the longest matter;
* pyvis: ``Network(cdn_resources="in_line")``, ``from_nx(G)``, ``generate_html()``, in a
  child process that is stopped after ``--from-nx-limit`` seconds.

Then, in headless Chromium: time to first draw of a 1,000-node view (ours), and time until
pyvis's default page (physics on) has a stable layout, for the same 1,000 nodes.

    .venv/bin/python bench/viz.py                       # writes bench/RESULTS_viz.md
    .venv/bin/python bench/viz.py --sizes 1000 --from-nx-limit 30
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

import networkx as nx  # noqa: E402

from graph.build import build_graph  # noqa: E402
from graph.link import link_matters  # noqa: E402
from outputs.html import overview, render_html, write_html  # noqa: E402

from gen_corpus import generate  # noqa: E402

NODES_PER_ITEM = 3.05  # measured on the generator: items, decisions, cases, matters, meetings


def make_graph(nodes: int, seed: int = 1) -> tuple[nx.MultiDiGraph, float]:
    """A linked graph of about ``nodes`` nodes, and the seconds it took to make."""
    started = time.perf_counter()
    corpus = generate(max(50, round(nodes / NODES_PER_ITEM)), seed=seed)
    G = build_graph(corpus.documents)
    link_matters(G)
    return G, time.perf_counter() - started


def best_of(runs: int, fn: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def _pyvis_html(G: nx.MultiDiGraph) -> str:
    from pyvis.network import Network

    net = Network(cdn_resources="in_line", directed=True)
    net.from_nx(G)
    html: str = net.generate_html()
    return html


def _from_nx_child(G: nx.MultiDiGraph, out: Any) -> None:
    started = time.perf_counter()
    html = _pyvis_html(G)
    out.put((time.perf_counter() - started, len(html.encode("utf-8"))))


def time_from_nx(G: nx.MultiDiGraph, limit: float) -> tuple[float, int] | None:
    """Seconds and bytes of pyvis from_nx + generate_html, or None past ``limit`` seconds."""
    ctx = mp.get_context("fork")  # the child inherits G instead of pickling it
    out = ctx.Queue()
    child = ctx.Process(target=_from_nx_child, args=(G, out))
    child.start()
    child.join(limit)
    if child.is_alive():
        child.terminate()
        child.join()
        return None
    result: tuple[float, int] = out.get(timeout=10)
    return result


def longest_matter(G: nx.MultiDiGraph) -> str:
    matters = [
        (len(d.get("items") or ()), n) for n, d in G.nodes(data=True) if d["type"] == "Matter"
    ]
    return max(matters)[1]


def first_draw(path: Path, runs: int) -> tuple[list[float], dict[str, Any]]:
    """Milliseconds from navigation start to the first drawn frame, per fresh page load."""
    from chromium import Chromium

    times, drawn = [], {}
    with Chromium(timeout=60) as browser:
        for _ in range(runs):
            page = browser.open(path.resolve().as_uri())
            page.wait_for("window.casegraph && window.casegraph.drawn", timeout=60)
            times.append(float(page.evaluate("window.casegraph.firstDrawMs")))
            drawn = page.evaluate(
                "({nodes: window.casegraph.nodes.length, edges: window.casegraph.edges.length})"
            )
            assert page.errors() == [] and page.requests() == [], (page.errors(), page.requests())
            page.close()
        version = browser.version
    return times, {**drawn, "chromium": version}


# Appended to pyvis's page: its drawGraph() has already made the global ``network``, whose
# physics stabilisation runs in later tasks, so these listeners see the first frame.
PYVIS_PROBE = """<script>
network.once("afterDrawing", function () { window.__firstDraw = performance.now(); });
network.once("stabilized", function () { window.__stable = performance.now(); });
</script></body>"""


def pyvis_first_draw(path: Path, limit: float) -> tuple[float | None, int]:
    """Milliseconds to pyvis's first drawn frame (None past ``limit``), and its requests.

    Requests are the page's Bootstrap CDN links; the browser resolves no host, so none
    leaves the machine.
    """
    from chromium import Chromium, ChromiumError

    with Chromium(timeout=limit + 30) as browser:
        page = browser.open(path.resolve().as_uri())
        try:
            drawn: float | None = float(page.wait_for("window.__firstDraw", timeout=limit))
        except ChromiumError:  # nothing drawn within the limit
            drawn = None
        requests = len(page.requests())
        page.close()
    return drawn, requests


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def fmt_b(size: int | None) -> str:
    return "—" if size is None else f"{size / 1e6:.2f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--from-nx-limit", type=float, default=120.0, help="seconds")
    parser.add_argument("--draw-runs", type=int, default=3)
    parser.add_argument("--pyvis-draw-limit", type=float, default=120.0, help="seconds")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS_viz.md")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()[0]
    rows = []
    graphs: dict[int, nx.MultiDiGraph] = {}
    tmp = Path(tempfile.mkdtemp(prefix="casegraph-bench-viz-"))
    for size in args.sizes:
        G, t_make = make_graph(size)
        graphs[size] = G
        runs = 3 if len(G) <= 20000 else 1
        t_ours, page = best_of(
            runs, lambda G=G: render_html(G, G.nodes, title="all", max_nodes=len(G))
        )
        t_over, report = best_of(runs, lambda G=G: write_html(G, tmp / "overview.html"))
        matter = longest_matter(G)
        t_matter, mreport = best_of(
            runs, lambda G=G, m=matter: write_html(G, tmp / "matter.html", query=m)
        )
        print(f"{len(G):,} nodes: ours {t_ours:.2f} s; from_nx ...", file=sys.stderr, flush=True)
        pyvis = time_from_nx(G, args.from_nx_limit)
        rows.append(
            {
                "nodes": len(G),
                "edges": G.number_of_edges(),
                "make": t_make,
                "ours": t_ours,
                "ours_bytes": len(page.encode("utf-8")),
                "overview": t_over,
                "overview_nodes": report.nodes,
                "overview_bytes": report.bytes,
                "matter": t_matter,
                "matter_nodes": mreport.nodes,
                "pyvis": pyvis[0] if pyvis else None,
                "pyvis_bytes": pyvis[1] if pyvis else None,
            }
        )
        print(rows[-1], file=sys.stderr, flush=True)

    # First draw of a 1,000-node view: the overview of the largest graph, as
    # `casegraph viz` without a query writes it.
    big = graphs[max(graphs)]
    view = tmp / "view-1000.html"
    keep, _ = overview(big, 1000)
    view.write_text(render_html(big, keep, title="1,000 nodes"), encoding="utf-8")
    draw_ms, drawn = first_draw(view, args.draw_runs)
    # The same nodes as pyvis writes them by default (physics on).
    from chromium import Chromium

    with Chromium() as browser:
        page = browser.open(view.resolve().as_uri())
        page.wait_for("window.casegraph && window.casegraph.drawn")
        keep = set(page.evaluate("window.casegraph.nodes.getIds()"))
        page.close()
    sub = big.subgraph(keep).copy()
    pyvis_page = tmp / "pyvis-1000.html"
    pyvis_page.write_text(_pyvis_html(sub).replace("</body>", PYVIS_PROBE, 1), encoding="utf-8")
    stable_ms, pyvis_requests = pyvis_first_draw(pyvis_page, args.pyvis_draw_limit)

    lines = [
        "# outputs/html/ benchmark",
        "",
        f"`bench/viz.py` on {platform.machine()}, {os.cpu_count()} cores (shared), "
        f"Python {platform.python_version()}, networkx {nx.__version__}, {drawn['chromium']} "
        "headless. Graphs from `bench/gen_corpus.py` via `build_graph` + `link_matters`. "
        f"Load average {load_before:.1f} at the start and {os.getloadavg()[0]:.1f} at the end "
        "(other work shared the 2 cores, so single timings vary; ratios are steadier).",
        "",
        "## Building the HTML",
        "",
        "| graph | ours, whole graph | pyvis `from_nx` + `generate_html`, whole graph "
        "| ours, `casegraph viz` overview (cap 1,000) | ours, longest matter |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        pyvis_cell = (
            f"{fmt_s(r['pyvis'])}, {fmt_b(r['pyvis_bytes'])}"
            if r["pyvis"] is not None
            else f"stopped after {args.from_nx_limit:.0f} s"
        )
        lines.append(
            f"| {r['nodes']:,} nodes, {r['edges']:,} edges "
            f"| {fmt_s(r['ours'])}, {fmt_b(r['ours_bytes'])} "
            f"| {pyvis_cell} "
            f"| {fmt_s(r['overview'])}, {r['overview_nodes']:,} nodes, "
            f"{fmt_b(r['overview_bytes'])} "
            f"| {fmt_s(r['matter'])}, {r['matter_nodes']} nodes |"
        )
    lines += [
        "",
        "Sizes include the inlined vis-network (about 0.69 MB). Times are the best of 3 runs "
        "(1 run above 20,000 nodes); the pyvis column is one run in a child process.",
        "",
        "## Drawing in Chromium",
        "",
        f"A {drawn['nodes']:,}-node, {drawn['edges']:,}-edge view (the overview of the "
        f"{len(big):,}-node graph, capped at 1,000 nodes), opened from a file in headless "
        "Chromium:",
        "",
        f"- ours (precomputed positions, physics off): first frame drawn "
        f"{statistics.median(draw_ms):.0f} ms after navigation start "
        f"(median of {len(draw_ms)}: {', '.join(f'{t:.0f}' for t in draw_ms)} ms); "
        "no request, no JS error.",
        (
            f"- pyvis's default page for the same nodes and edges (physics on): first frame "
            f"drawn {stable_ms / 1000:.1f} s after navigation start"
            if stable_ms is not None
            else f"- pyvis's default page for the same nodes and edges (physics on): nothing "
            f"drawn after {args.pyvis_draw_limit:.0f} s"
        )
        + f"; it tried {pyvis_requests} request(s) to CDNs (Bootstrap), which this browser "
        "could not resolve.",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
