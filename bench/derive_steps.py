"""Processor time of each step of deriving a partition again after one meeting more.

    nice .venv/bin/python bench/derive_steps.py --work DIR

``DIR`` is a work folder of ``bench/incremental.py`` (its store and its kept meeting, which
must be stored). The first partition is derived and saved without the kept meeting (as the
store held it before the meeting came), then each step of deriving it again with the meeting
is timed as :func:`casegraph.pipeline._derive_part` runs it: the collector paused, the people
analyses of the derivation before reused, the texts the cache leaves out taken from the
documents read. Run it with ``PYTHONPATH`` set to another checkout to time that code (an
older one without these steps is timed the way it derived).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import inspect
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

c0 = time.process_time()
import casegraph.pipeline as P  # noqa: E402

IMPORTS = time.process_time() - c0

from graph.partition import part_of_graph  # noqa: E402

NEW = len(inspect.signature(P.derive_graph).parameters) > 1  # derive_graph(docs, people_cache)
LINKS = len(inspect.signature(P.derive_graph).parameters) > 2  # ... and link_cache
MEETINGS = hasattr(P, "_derive_added")  # only the new meeting's bundles and those it changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args(argv)
    kept = json.loads((args.work / "kept.json").read_text())["sha256"]
    cache: Any = None
    links: Any = None
    pause: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
    if NEW:
        from core.memory import gc_paused
        from extract.people_cache import PeopleCache
        from store.derived import code_digest

        cache, pause = PeopleCache(code_digest()), gc_paused()
    frozen = False
    if LINKS:
        import core.memory
        from graph.link.incremental import LinkCache

        if hasattr(core.memory, "gc_paused_then_frozen"):  # the views dropped, survivors frozen
            frozen, pause = True, core.memory.gc_paused_then_frozen()

        links = LinkCache(code_digest())
    times: dict[str, float] = {}

    def step(name: str, function: Callable[..., Any], *args: Any) -> Any:
        start = time.process_time()
        result = function(*args)
        times[name] = time.process_time() - start
        return result

    if MEETINGS:
        return per_meeting(args.work, kept)
    with P.Store(args.work / "store") as db:
        name = sorted(db.partitions())[0]
        changed = db.partitions()[name]
        before = [d for d in db.documents(name) if d.sha256 != kept]
        assert len(before) < len(db.documents(name)), "the kept meeting is not stored"
        old = (cache, links) if LINKS else (cache,) if NEW else ()
        G = P.derive_graph(before, *old)
        db.save_part(name, changed, part_of_graph(G))
        del G
        with pause:
            docs = step("documents", db.documents, name)
            people = (cache,) if NEW else ()
            annotated = step("annotate", P.annotate_people, docs, *people)
            G = step("build", P.build_graph, annotated)
            step("add_people", P.add_people, G, annotated)
            if LINKS:  # the link from what the link before left, as _derive_part does
                step("link", lambda: P.link_matters(G, cache=links))
            else:
                step("link", P.link_matters, G)
            part = step("part_of_graph", part_of_graph, G)
            if LINKS:  # the caches beside the graph, written as _derive_part writes them
                from store.derived import link_file, people_file, write_link, write_people

                folder = db.path / "derived"
                step("write people", write_people, folder / people_file(name), cache)
                step("write link", write_link, folder / link_file(name), links)
            texts = (docs,) if NEW else ()
            step("save_part", db.save_part, name, changed, part, *texts)
            if frozen:
                from graph.build import release_views

                step("release_views + del G", lambda: (release_views(G), G.clear()))
        if frozen:
            step("later collector runs (gc.collect)", gc.collect)  # ~0: frozen, no cycles
        elif NEW:
            step("gc.collect", gc.collect)
    items = sum(len(d.meeting.items) for d in docs)
    reuse = f" (people: {cache.analysed} analysed, {cache.reused} reused)" if NEW else ""
    print(
        f"{name}: {items} items; import casegraph.pipeline {IMPORTS:.2f} s; "
        + ", ".join(f"{k} {v:.2f}" for k, v in times.items())
        + f"; steps {sum(times.values()):.2f} s cpu{reuse}"
    )
    return 0


def per_meeting(work: Path, kept: str) -> int:
    """The steps of :func:`casegraph.pipeline._derive_part` with the per-meeting build: the
    partition derived whole and saved without the kept meeting (with the state the next
    derivation reads), then derived again with it."""
    from core.memory import gc_paused_then_frozen
    from extract.people_cache import PeopleCache
    from graph.link import link_documents
    from graph.link.incremental import LinkCache
    from store.derived import code_digest, link_file, people_file, write_link, write_people

    cache, links = PeopleCache(code_digest()), LinkCache(code_digest())
    times: dict[str, float] = {}

    def step(name: str, function: Callable[..., Any], *args: Any) -> Any:
        start = time.process_time()
        result = function(*args)
        times[name] = time.process_time() - start
        return result

    with P.Store(work / "store") as db:
        name = sorted(db.partitions())[0]
        changed = db.partitions()[name]
        before = [d for d in db.documents(name) if d.sha256 != kept]
        assert len(before) < len(db.documents(name)), "the kept meeting is not stored"
        annotated = P.annotate_people(before, cache)
        found = (annotated, link_documents(annotated, None, links))
        P._derive_whole(db, name, changed, before, found)
        with gc_paused_then_frozen():
            docs = step("documents", db.documents, name)
            annotated = step("annotate", P.annotate_people, docs, cache)
            output = step("link (link_documents)", link_documents, annotated, None, links)
            folder = db.path / "derived"
            step("write people", write_people, folder / people_file(name), cache)
            step("write link", write_link, folder / link_file(name), links)
            part = step(
                "per-meeting build + save",
                P._derive_added,
                db,
                name,
                changed,
                docs,
                (annotated, output),
            )
        step("later collector runs (gc.collect)", gc.collect)
    items = sum(len(d.meeting.items) for d in docs)
    way = "per meeting" if part is not None else f"declined: {dict(P.BUILD_STATS)}"
    print(
        f"{name}: {items} items ({way}); import casegraph.pipeline {IMPORTS:.2f} s; "
        + ", ".join(f"{k} {v:.2f}" for k, v in times.items())
        + f"; steps {sum(times.values()):.2f} s cpu (people: {cache.analysed} analysed, "
        f"{cache.reused} reused)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
