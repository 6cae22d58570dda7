"""Benchmark matter linking against the synthetic generator's truth.

Reports pairwise precision and recall (over pairs of items in the same matter; routine
items, which belong to no matter, are left out) and the time of each stage, at the sizes
given, plus an all-pairs baseline where it is feasible, and the cost of re-linking after an
incremental ingest.

    .venv/bin/python bench/link.py --sizes 10000 100000 1000000 --baseline 10000
    .venv/bin/python bench/link.py --sizes 10000 --text   # via the parser and the graph
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.records import Document

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from memprofile import RssSampler, rss_mb, structure_sizes

from graph.link import (
    LinkItem,
    LinkSettings,
    _Features,
    _UnionFind,
    find_standing_numbers,
    is_routine,
    items_from_documents,
    link_items,
    score_pair,
)
from graph.link.facts import item_facts

from gen_corpus import Corpus, generate, municipalities, render_text


def pairwise(
    predicted: Sequence[Sequence[str]],
    truth: dict[str, str | None],
    routine_alone: bool = False,
) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of predicted matters against the truth.

    Items the truth calls routine (``None``) are ignored, or, with ``routine_alone``, each is
    a matter of its own (so a matter that joins routine items loses precision); an item
    missing from every predicted matter counts as a matter of its own.

    >>> pairwise([["a", "b"], ["c"]], {"a": "1", "b": "1", "c": "1", "d": None})
    {'precision': 1.0, 'recall': 0.3333, 'f1': 0.5, 'true_pairs': 3, 'predicted_pairs': 1}
    >>> pairwise([["a", "b"], ["c", "d", "e"]], {"a": "1", "b": "1", "c": "1", "d": None,
    ...     "e": None}, routine_alone=True)["precision"]
    0.25
    """
    if routine_alone:
        truth = {k: m if m is not None else f"routine:{k}" for k, m in truth.items()}
    cluster: dict[str, int] = {}
    for n, matter in enumerate(predicted):
        for key in matter:
            cluster[key] = n
    counted = [k for k, m in truth.items() if m is not None]
    next_id = len(predicted)
    for key in counted:
        if key not in cluster:
            cluster[key] = next_id
            next_id += 1
    both: Counter[tuple[int, str]] = Counter()
    pred: Counter[int] = Counter()
    true: Counter[str] = Counter()
    for key in counted:
        m = truth[key]
        assert m is not None
        both[(cluster[key], m)] += 1
        pred[cluster[key]] += 1
        true[m] += 1

    def pairs(counter: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    tp, pp, tpairs = pairs(both), pairs(pred), pairs(true)
    precision = tp / pp if pp else 1.0
    recall = tp / tpairs if tpairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "true_pairs": tpairs,
        "predicted_pairs": pp,
    }


def scores(predicted: Sequence[Sequence[str]], truth: dict[str, str | None]) -> dict[str, Any]:
    """Pairwise scores over all items (each routine item a matter of its own), the same with
    routine items left out (``ordinary``), and the largest matter found."""
    return {
        **pairwise(predicted, truth, routine_alone=True),
        "ordinary": pairwise(predicted, truth),
        "largest_matter": max((len(m) for m in predicted), default=0),
    }


def hide_numbers(documents: Sequence[Document]) -> list[Document]:
    """The documents with every item's case numbers removed (the generator writes them
    nowhere else), as ``bench/link_greve.py`` hides Greve's."""
    from dataclasses import replace

    return [
        replace(
            d,
            meeting=replace(
                d.meeting, items=tuple(replace(i, case_numbers=()) for i in d.meeting.items)
            ),
        )
        for d in documents
    ]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _link_measured(
    items: list[LinkItem],
    truth: dict[str, str | None],
    settings: LinkSettings,
    profile: bool,
    by_municipality: bool = True,
) -> dict[str, Any]:
    """``link_items`` with RSS sampled per stage (and the structures' sizes with ``profile``).
    ``by_municipality=False`` is the linker before issue 15: all items in one run."""
    gc.collect()
    rss_start = rss_mb()
    with RssSampler() as sampler:
        t0, c0 = time.perf_counter(), time.process_time()
        result = link_items(items, settings, by_municipality=by_municipality)
        t_link, c_link = time.perf_counter() - t0, time.process_time() - c0
    row: dict[str, Any] = {
        "items": len(items),
        "candidates": result.candidates,
        "links": result.scored,
        "seconds_link": round(t_link, 2),
        "cpu_seconds_link": round(c_link, 2),
        "stages": {k: round(v, 2) for k, v in result.timings.items()},
        "rss_before_link_mb": round(rss_start),
        "peak_rss_link_mb": round(sampler.peak()),
        "rss_by_stage": sampler.phase_peaks(t0, result.timings),
    }
    if profile:
        row["structures"] = structure_sizes(items, result)
    matters = [[items[i].key for i in m] for m in result.matters]
    del result
    return {**row, "peak_rss_mb": round(peak_rss_mb()), **scores(matters, truth)}


def run_records(
    corpus: Corpus, settings: LinkSettings, profile: bool = False, shared: bool = False
) -> dict[str, Any]:
    """Link at the record level: documents -> LinkItems -> matters (with ``shared``, also
    the baseline: all municipalities in one run, on the same items)."""
    t0, c0 = time.perf_counter(), time.process_time()
    items = items_from_documents(corpus.documents)
    t_items, c_items = time.perf_counter() - t0, time.process_time() - c0
    row = _link_measured(items, corpus.truth, settings, profile)
    if shared:
        row["shared"] = _link_measured(items, corpus.truth, settings, False, False)
    return {"seconds_items": round(t_items, 2), "cpu_seconds_items": round(c_items, 2), **row}


def run_streamed(
    size: int, seed: int, settings: LinkSettings, hidden: bool, profile: bool, shared: bool
) -> dict[str, Any]:
    """Generate one municipality at a time and keep only its LinkItems: the documents of a
    1M-item corpus are never all in memory, only what ``link_items`` is given (all of it at
    once; with ``shared``, then the baseline on the same items: one run for all)."""
    items: list[LinkItem] = []
    truth: dict[str, str | None] = {}
    t0 = time.perf_counter()
    t_items = c_items = 0.0
    for docs, t in municipalities(size, seed):
        t1, c1 = time.perf_counter(), time.process_time()
        items += items_from_documents(hide_numbers(docs) if hidden else docs)
        t_items += time.perf_counter() - t1
        c_items += time.process_time() - c1
        truth.update(t)
        del docs
    items.sort(key=lambda it: it.key)
    seconds = time.perf_counter() - t0
    row = _link_measured(items, truth, settings, profile)
    print(json.dumps(row), flush=True)
    if shared:
        row["shared"] = _link_measured(items, truth, settings, False, False)
    return {
        "seconds_generate_and_items": round(seconds, 2),
        "seconds_items": round(t_items, 2),
        "cpu_seconds_items": round(c_items, 2),
        **row,
    }


def run_partitioned(size: int, seed: int, settings: LinkSettings, hidden: bool) -> dict[str, Any]:
    """Link each municipality on its own (no matter crosses municipalities), keeping only the
    matters' item keys: memory bounded by the largest municipality, not the corpus. Standing
    numbers and word weights are then learnt per municipality."""
    truth: dict[str, str | None] = {}
    matters: list[list[str]] = []
    seconds = {"generate": 0.0, "items": 0.0, "link": 0.0}
    cpu_link = cpu_items = 0.0
    stages: Counter[str] = Counter()
    count = candidates = 0
    with RssSampler() as sampler:
        t0 = time.perf_counter()
        for docs, t in municipalities(size, seed):
            t1 = time.perf_counter()
            seconds["generate"] += t1 - t0
            c1 = time.process_time()
            items = items_from_documents(hide_numbers(docs) if hidden else docs)
            del docs
            t2, c2 = time.perf_counter(), time.process_time()
            seconds["items"] += t2 - t1
            cpu_items += c2 - c1
            result = link_items(items, settings)
            seconds["link"] += time.perf_counter() - t2
            cpu_link += time.process_time() - c2
            stages.update(result.timings)
            matters += [[items[i].key for i in m] for m in result.matters]
            truth.update(t)
            count += len(items)
            candidates += result.candidates
            del items, result
            t0 = time.perf_counter()
    return {
        "items": count,
        "candidates": candidates,
        **{f"seconds_{k}": round(v, 2) for k, v in seconds.items()},
        "cpu_seconds_items": round(cpu_items, 2),
        "cpu_seconds_link": round(cpu_link, 2),
        "stages": {k: round(v, 2) for k, v in stages.items()},
        "peak_rss_sampled_mb": round(sampler.peak()),
        "peak_rss_mb": round(peak_rss_mb()),
        **scores(matters, truth),
    }


def run_graph(
    corpus: Corpus, settings: LinkSettings, drop: bool = False, relink: bool = True
) -> dict[str, Any]:
    """Link through the graph: build_graph then link_matters, as ``Store.graph()`` does.

    ``drop`` lets the documents go once the graph holds them (nothing later needs them), so
    the peak is the graph's and the linker's; ``relink`` links the linked graph again to
    check that the result is the same."""
    from graph.build import build_graph
    from graph.link import link_matters

    rss_start = rss_mb()
    with RssSampler() as sampler:
        t0 = time.perf_counter()
        G = build_graph(corpus.documents)
        t_build = time.perf_counter() - t0
        if drop:
            corpus.documents.clear()
            gc.collect()
        rss_graph = rss_mb()
        t1 = time.perf_counter()
        report = link_matters(G, settings)
        t_link = time.perf_counter() - t1
    matters = [d["items"] for _, d in G.nodes(data=True) if d.get("type") == "Matter"]
    row: dict[str, Any] = {
        "items": report.items,
        "seconds_build_graph": round(t_build, 2),
        "seconds_link_matters": round(t_link, 2),
        "rss_before_build_mb": round(rss_start),
        "peak_rss_build_mb": round(sampler.peak(t0, t1)),
        "rss_graph_mb": round(rss_graph),
        "peak_rss_link_matters_mb": round(sampler.peak(t1)),
    }
    if relink:
        t0 = time.perf_counter()
        link_matters(G, settings)
        row["seconds_relink_same_graph"] = round(time.perf_counter() - t0, 2)
        again = sorted(
            tuple(d["items"]) for _, d in G.nodes(data=True) if d.get("type") == "Matter"
        )
        row["idempotent"] = again == sorted(tuple(m) for m in matters)
    return {
        **row,
        "continues": report.continues,
        "prepares": report.prepares,
        "refers_to": report.refers_to,
        "peak_rss_mb": round(peak_rss_mb()),
        **scores(matters, corpus.truth),
    }


def run_text(corpus: Corpus, settings: LinkSettings) -> dict[str, Any]:
    """Write the minutes as text, parse them with the real parser, build the graph, link."""
    from casegraph.pipeline import load_document
    from graph.build import build_graph
    from graph.link import link_matters

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for doc in corpus.documents:
            path = Path(tmp) / doc.path
            path.write_text(render_text(doc), encoding="utf-8")
            paths.append(path)
        t0 = time.perf_counter()
        docs = [load_document(p) for p in paths]
        t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    G = build_graph(docs)
    t_build = time.perf_counter() - t0
    t0 = time.perf_counter()
    report = link_matters(G, settings)
    t_link = time.perf_counter() - t0
    matters = [d["items"] for _, d in G.nodes(data=True) if d.get("type") == "Matter"]
    return {
        "items": report.items,
        "seconds_parse": round(t_parse, 2),
        "seconds_build_graph": round(t_build, 2),
        "seconds_link_matters": round(t_link, 2),
        **scores(matters, corpus.truth),
    }


def run_all_pairs(corpus: Corpus, settings: LinkSettings) -> dict[str, Any]:
    """The baseline: score every pair of non-routine items (no blocking, no time window)."""
    items = items_from_documents(corpus.documents)
    t0 = time.perf_counter()
    standing = find_standing_numbers(items, settings)
    features = _Features(items, settings, standing, item_facts(items, settings))
    linkable = [
        i
        for i, it in enumerate(items)
        if not is_routine(it.title, settings.routine_heads) and it.prepares is None
    ]
    linkable.sort(key=lambda i: (features.day[i], items[i].key))
    links = []
    scored = 0
    for x, i in enumerate(linkable):
        for j in linkable[x + 1 :]:
            if features.meeting[i] == features.meeting[j]:
                continue
            if items[i].municipality != items[j].municipality:
                continue
            scored += 1
            link = score_pair(items, features, settings, i, j, explain=False)
            if link.score >= settings.threshold:
                links.append((-link.score, i, j))
    links.sort()
    uf = _UnionFind(features.meeting)
    for _, i, j in links:
        uf.union(i, j)
    groups: dict[int, list[str]] = defaultdict(list)
    for i in linkable:
        groups[uf.find(i)].append(items[i].key)
    seconds = time.perf_counter() - t0
    return {
        "items": len(items),
        "pairs_scored": scored,
        "seconds": round(seconds, 2),
        **scores(list(groups.values()), corpus.truth),
    }


def run_incremental(corpus: Corpus, settings: LinkSettings) -> dict[str, Any]:
    """Link the older 95 % of meetings, then all; how much did the old matters change?"""
    docs = sorted(corpus.documents, key=lambda d: d.meeting.date)
    cut = int(len(docs) * 0.95)
    old_items = items_from_documents(docs[:cut])
    t0 = time.perf_counter()
    before = link_items(old_items, settings)
    t_before = time.perf_counter() - t0
    all_items = items_from_documents(docs)
    t0 = time.perf_counter()
    after = link_items(all_items, settings)
    t_after = time.perf_counter() - t0
    old_keys = {it.key for it in old_items}
    matters_before = {tuple(old_items[i].key for i in m) for m in before.matters}
    matters_after = {
        tuple(k for k in (all_items[i].key for i in m) if k in old_keys) for m in after.matters
    }
    matters_after.discard(())
    changed = len(matters_before - matters_after)
    return {
        "old_items": len(old_items),
        "new_items": len(all_items) - len(old_items),
        "seconds_link_old": round(t_before, 2),
        "seconds_relink_all": round(t_after, 2),
        "old_matters": len(matters_before),
        "old_matters_changed": changed,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--baseline", type=int, nargs="*", default=[])
    parser.add_argument("--graph", type=int, nargs="*", default=[], help="sizes to run via graph")
    parser.add_argument("--text", action="store_true", help="also parse text at the first size")
    parser.add_argument("--incremental", type=int, nargs="*", default=[])
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hide-numbers", action="store_true", help="remove every case number")
    parser.add_argument("--no-records", action="store_true", help="skip the link_items run")
    parser.add_argument(
        "--stream",
        action="store_true",
        help="link_items only, generating one municipality at a time (bounded memory)",
    )
    parser.add_argument(
        "--partition",
        action="store_true",
        help="link each municipality on its own, one at a time (memory bounded by one)",
    )
    parser.add_argument("--profile", action="store_true", help="sizes of the linker's structures")
    parser.add_argument(
        "--shared",
        action="store_true",
        help="also the baseline on the same items: all municipalities linked in one run",
    )
    parser.add_argument("--no-relink", action="store_true", help="skip linking the graph twice")
    parser.add_argument("--json", type=Path, default=None, help="append results here")
    args = parser.parse_args(argv)
    settings = LinkSettings() if args.threshold is None else LinkSettings(threshold=args.threshold)
    results: list[dict[str, Any]] = []
    env = {"python": platform.python_version(), "cpus": os.cpu_count(), "seed": args.seed}
    for size in args.sizes:
        row: dict[str, Any] = {
            "size": size,
            "numbers": "hidden" if args.hide_numbers else "published",
            "load_average": os.getloadavg(),
            **env,
        }
        if args.partition:
            row["partitioned"] = run_partitioned(size, args.seed, settings, args.hide_numbers)
            row["load_average_end"] = os.getloadavg()
            print(json.dumps(row), flush=True)
            results.append(row)
            continue
        if args.stream:
            row["streamed"] = run_streamed(
                size, args.seed, settings, args.hide_numbers, args.profile, args.shared
            )
            row["peak_rss_mb"] = round(peak_rss_mb())
            row["load_average_end"] = os.getloadavg()
            print(json.dumps(row), flush=True)
            results.append(row)
            continue
        t0 = time.perf_counter()
        corpus = generate(size, args.seed)
        if args.hide_numbers:
            corpus = Corpus(hide_numbers(corpus.documents), corpus.truth)
        row["seconds_generate"] = round(time.perf_counter() - t0, 2)
        row["rss_corpus_mb"] = round(rss_mb())
        if not args.no_records:
            row["records"] = run_records(corpus, settings, args.profile, args.shared)
        print(json.dumps(row), flush=True)
        later = (args.text and size == args.sizes[0]) or size in args.baseline + args.incremental
        if size in args.graph:
            gc.collect()
            row["graph"] = run_graph(corpus, settings, drop=not later, relink=not args.no_relink)
            print(json.dumps(row["graph"]), flush=True)
        if args.text and size == args.sizes[0]:
            row["text"] = run_text(corpus, settings)
            print(json.dumps(row["text"]), flush=True)
        if size in args.baseline:
            row["all_pairs"] = run_all_pairs(corpus, settings)
            print(json.dumps(row["all_pairs"]), flush=True)
        if size in args.incremental:
            row["incremental"] = run_incremental(corpus, settings)
            print(json.dumps(row["incremental"]), flush=True)
        row["peak_rss_mb"] = round(peak_rss_mb())
        row["load_average_end"] = os.getloadavg()
        results.append(row)
        del corpus
        gc.collect()
    if args.json:
        with args.json.open("a", encoding="utf-8") as fh:
            for row in results:
                fh.write(json.dumps(row) + "\n")
    return 0


_ = itertools  # kept for interactive use

if __name__ == "__main__":
    raise SystemExit(main())
