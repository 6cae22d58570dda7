"""Matter linking on real minutes: Greve Kommune 2022-2025, with and without case numbers.

Reads the FirstAgenda Publication JSON of ``../shared/corpus/greve`` in place (never copies
it into the project) and links its agenda items twice:

* **published**: the minutes as Greve publishes them, every item with its ``SagsNummer``;
* **hidden**: the same minutes with every ``SagsNummer``/``CaseNumber`` field emptied and every
  case-number pattern (``NN-NNNNNN``) removed from all text, written to a temporary folder
  outside the project and parsed from there.

The truth is the chains Greve's own case numbers give: two items of different meetings belong
to one matter when they share a number that 2-12 items carry (a number on more items is a
standing or umbrella number, not one matter). Items whose number is on more than 12 items, and
items without a number, are left out of the score; an item whose number no other item carries
is a matter of its own. The score is pairwise precision, recall and F1 over pairs of scored
items in different meetings. It also prints the size of the largest matter found and the ten
largest matters' titles (routine items such as *Underskriftsark* must not form one).

    .venv/bin/python bench/link_greve.py                      # both runs
    .venv/bin/python bench/link_greve.py --only hidden --json out.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from gold_matters import check_apart, check_matter, load_matters  # noqa: E402

from casegraph.pipeline import load_document  # noqa: E402
from core.records import Document  # noqa: E402
from graph.build import build_graph  # noqa: E402
from graph.link import link_matters  # noqa: E402

GREVE = ROOT.parent / "shared" / "corpus" / "greve"
#: A Greve case number as printed in the text (``24-000963``, ``20-010677K``).
CASE_NUMBER = re.compile(r"\b\d{2}-\d{6}[A-Z]?\b")
#: The JSON fields that carry an item's case number.
NUMBER_FIELDS = ("SagsNummer", "CaseNumber")
#: A number on more items than this is standing or umbrella, not one matter.
MAX_CHAIN = 12


def hide_numbers(value: Any) -> Any:
    """The JSON value with case-number fields emptied and case numbers cut from all text.

    >>> hide_numbers({"SagsNummer": "24-000963", "Navn": "Sag 24-000963 om veje", "N": [1]})
    {'SagsNummer': '', 'Navn': 'Sag  om veje', 'N': [1]}
    """
    if isinstance(value, dict):
        return {k: ("" if k in NUMBER_FIELDS and v else hide_numbers(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [hide_numbers(v) for v in value]
    if isinstance(value, str):
        return CASE_NUMBER.sub("", value)
    return value


def read_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8-sig"))
    return data


def truth_of(folder: Path, docs: Mapping[str, Document]) -> dict[str, str | None]:
    """Item key -> its chain (the case number) or ``None`` when the item is not scored."""
    numbers: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        meeting = docs[path.name].meeting
        keys = {item.number: item.key(meeting.key) for item in meeting.items}
        for raw in read_json(path)["Dagsordenpunkter"]:
            number = (raw.get("SagsNummer") or "").strip()
            key = keys.get(int(raw["Punktnummer"]))
            if number and key is not None:
                numbers[key] = number
    held = Counter(numbers.values())
    truth: dict[str, str | None] = {}
    for path in sorted(folder.glob("*.json")):
        meeting = docs[path.name].meeting
        for item in meeting.items:
            key = item.key(meeting.key)
            number = numbers.get(key)
            truth[key] = number if number and held[number] <= MAX_CHAIN else None
    return truth


def pairwise(
    predicted: Iterable[Sequence[str]],
    truth: Mapping[str, str | None],
    meeting_of: Mapping[str, str],
) -> dict[str, Any]:
    """Pairwise precision, recall and F1 over pairs of scored items in different meetings.

    >>> truth = {"a": "1", "b": "1", "c": "2", "d": None}
    >>> meetings = {"a": "m1", "b": "m2", "c": "m3", "d": "m4"}
    >>> pairwise([["a", "b", "c", "d"]], truth, meetings)["precision"]
    0.3333
    """
    cluster: dict[str, int] = {}
    for n, matter in enumerate(predicted):
        for key in matter:
            cluster[key] = n
    scored = [k for k, chain in truth.items() if chain is not None]
    for key in scored:
        cluster.setdefault(key, -1 - len(cluster))

    def pairs(label: Mapping[str, Any]) -> int:
        """Pairs of scored items with the same label in different meetings."""
        groups: Counter[Any] = Counter(label[k] for k in scored)
        same_meeting: Counter[Any] = Counter((label[k], meeting_of[k]) for k in scored)
        total = sum(n * (n - 1) // 2 for n in groups.values())
        return total - sum(n * (n - 1) // 2 for n in same_meeting.values())

    both = {k: (cluster[k], truth[k]) for k in scored}
    tp, pp, tt = pairs(both), pairs(cluster), pairs(truth)
    precision = tp / pp if pp else 1.0
    recall = tp / tt if tt else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "true_pairs": tt,
        "predicted_pairs": pp,
        "correct_pairs": tp,
    }


def load(folder: Path, *, hidden: bool) -> dict[str, Document]:
    """The folder's documents by file name; ``hidden`` parses a number-free copy in /tmp."""
    paths = sorted(folder.glob("*.json"))
    if not hidden:
        return {p.name: load_document(p) for p in paths}
    with tempfile.TemporaryDirectory(prefix="casegraph-greve-hidden-") as tmp:
        docs = {}
        for path in paths:
            copy = Path(tmp) / path.name
            copy.write_text(json.dumps(hide_numbers(read_json(path))), encoding="utf-8")
            docs[path.name] = load_document(copy)
        return docs


def link(docs: Mapping[str, Document]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Build the graph and link it as the store does; the matters and the link report."""
    G = build_graph(list(docs.values()))
    report = link_matters(G)
    matters = []
    for _, d in G.nodes(data=True):
        if d.get("type") != "Matter":
            continue
        keys = list(d["items"])
        matters.append(
            {
                "items": keys,
                "title": d.get("label") or "",
                "forums": sorted({G.nodes[k].get("forum") or "" for k in keys}),
            }
        )
    return matters, {"candidates": report.candidates, "links": report.links}


def gold_score(
    docs: Mapping[str, Document], matters: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """How the matters found fare on the hand-read gold (``tests/data/greve_matters_gold.json``)."""
    file_of = {
        item.key(d.meeting.key): (name, item.number)
        for name, d in docs.items()
        for item in d.meeting.items
    }
    found: dict[tuple[str, int], int | None] = {key: None for key in file_of.values()}
    for n, matter in enumerate(matters):
        for key in matter["items"]:
            if key in file_of:
                found[file_of[key]] = n
    gold, apart = load_matters()
    wrong = {m.id: why for m in gold if (why := check_matter(m, found))}
    broken = {g.id: why for g in apart if (why := check_apart(g, found))}
    return {
        "gold_matters_exact": len(gold) - len(wrong),
        "gold_matters": len(gold),
        "gold_groups_kept_apart": len(apart) - len(broken),
        "gold_groups": len(apart),
        "gold_wrong": wrong,
        "gold_broken": broken,
    }


def without_routine_chains(
    matters: Sequence[Mapping[str, Any]],
    truth: Mapping[str, str | None],
    meeting_of: Mapping[str, str],
) -> dict[str, Any]:
    """The pairwise score with the chains of routine items left out: chains none of whose
    items the run put in a matter (the linker took them all for routine). An extra figure
    beside the score against every chain, not instead of it: each Greve committee files its
    *Henvendelser til formanden* under one standing number of 12 or fewer items, and the
    chains count that as one case, though each meeting's item is that meeting's letters to the
    chair ("Orienteringen blev taget til efterretning", "Formanden orienterede om
    borgerhenvendelse i daginstitutionen Skattekisten"): no business followed from meeting
    to meeting.

    >>> truth = {"a": "1", "b": "1", "c": "2", "d": "2"}
    >>> meetings = {"a": "m1", "b": "m2", "c": "m1", "d": "m2"}
    >>> without_routine_chains([{"items": ["a", "b"]}], truth, meetings)["routine_chains"]
    1
    """
    in_matter = {key for m in matters for key in m["items"]}
    keys: dict[str, list[str]] = {}
    for key, chain in truth.items():
        if chain is not None:
            keys.setdefault(chain, []).append(key)
    routine = {c for c, ks in keys.items() if not any(k in in_matter for k in ks)}
    kept = {k: (None if c in routine else c) for k, c in truth.items()}
    score = pairwise([m["items"] for m in matters], kept, meeting_of)
    return {"routine_chains": len(routine), **score}


def error_pairs(
    docs: Mapping[str, Document],
    matters: Sequence[Mapping[str, Any]],
    truth: Mapping[str, str | None],
) -> dict[str, list[dict[str, Any]]]:
    """The pairs the chains count against the run, as item ids (file, item number) and dates.

    ``missed``: two scored items of different meetings in one chain but not in one matter;
    ``chain_wrong``: two scored items of different meetings in one matter but not in one chain.
    Written for reading by hand (``--pairs``); the score itself is :func:`pairwise`.
    """
    where = {
        item.key(d.meeting.key): (name, item.number, d.meeting.date, d.meeting.key)
        for name, d in docs.items()
        for item in d.meeting.items
    }
    cluster = {key: n for n, m in enumerate(matters) for key in m["items"]}

    def row(a: str, b: str) -> dict[str, Any]:
        (fa, na, da, _), (fb, nb, db, _) = sorted((where[a], where[b]))
        return {"a": [fa, na], "b": [fb, nb], "dates": [da, db], "chain": [truth[a], truth[b]]}

    def cross(keys: Sequence[str]) -> Iterable[tuple[str, str]]:
        keys = sorted(k for k in keys if k in where and truth.get(k) is not None)
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if where[a][3] != where[b][3]:
                    yield a, b

    chains: dict[str, list[str]] = {}
    for key, chain in truth.items():
        if chain is not None:
            chains.setdefault(chain, []).append(key)
    missed = [
        row(a, b)
        for ks in chains.values()
        for a, b in cross(ks)
        if cluster.get(a, -1) < 0 or cluster.get(a) != cluster.get(b)
    ]
    wrong = [row(a, b) for m in matters for a, b in cross(m["items"]) if truth[a] != truth[b]]
    missed.sort(key=lambda r: (r["a"], r["b"]))
    wrong.sort(key=lambda r: (r["a"], r["b"]))
    return {"missed": missed, "chain_wrong": wrong}


def run(folder: Path, *, hidden: bool, top: int = 10, pairs: Path | None = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    docs = load(folder, hidden=hidden)
    seconds_parse = time.perf_counter() - t0
    truth = truth_of(folder, docs if not hidden else load(folder, hidden=False))
    meeting_of = {
        item.key(d.meeting.key): d.meeting.key for d in docs.values() for item in d.meeting.items
    }
    t0 = time.perf_counter()
    matters, report = link(docs)
    seconds_link = time.perf_counter() - t0
    matters.sort(key=lambda m: (-len(m["items"]), m["title"]))
    multi = [m for m in matters if len(m["items"]) > 1]
    if pairs is not None:
        out = {
            "corpus_mode": "hidden" if hidden else "published",
            **error_pairs(docs, matters, truth),
        }
        pairs.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    return {
        "corpus": f"Greve {'numbers hidden' if hidden else 'as published'}",
        "meetings": len(docs),
        "items": len(meeting_of),
        "scored_items": sum(1 for c in truth.values() if c is not None),
        "matters": len(matters),
        "multi_item_matters": len(multi),
        "largest_matter": len(matters[0]["items"]) if matters else 0,
        **pairwise([m["items"] for m in matters], truth, meeting_of),
        "without_routine_chains": without_routine_chains(matters, truth, meeting_of),
        **report,
        **gold_score(docs, matters),
        "seconds_parse": round(seconds_parse, 2),
        "seconds_link": round(seconds_link, 2),
        "largest": [
            {"items": len(m["items"]), "forums": len(m["forums"]), "title": m["title"]}
            for m in matters[:top]
        ],
    }


def show(row: Mapping[str, Any]) -> str:
    extra = row["without_routine_chains"]
    lines = [
        f"{row['corpus']}: {row['meetings']} meetings, {row['items']} items "
        f"({row['scored_items']} scored), {row['multi_item_matters']} matters of 2+ items",
        f"  precision {row['precision']:.4f}  recall {row['recall']:.4f}  F1 {row['f1']:.4f}  "
        f"(pairs: {row['true_pairs']} true, {row['predicted_pairs']} predicted, "
        f"{row['correct_pairs']} correct)",
        f"  without the {extra['routine_chains']} chains of routine items (extra figure): "
        f"precision {extra['precision']:.4f}  recall {extra['recall']:.4f}  F1 {extra['f1']:.4f}"
        f"  ({extra['true_pairs']} true pairs)",
        f"  largest matter: {row['largest_matter']} items; parse {row['seconds_parse']} s, "
        f"link {row['seconds_link']} s",
        f"  hand-read gold: {row['gold_matters_exact']}/{row['gold_matters']} matters exact, "
        f"{row['gold_groups_kept_apart']}/{row['gold_groups']} look-alike groups kept apart",
        *(f"    wrong {k}: {v}"[:160] for k, v in row["gold_wrong"].items()),
        *(f"    broken {k}: {'; '.join(v)}"[:160] for k, v in row["gold_broken"].items()),
        "  ten largest matters:",
    ]
    lines += [
        f"    {m['items']:4d} items, {m['forums']} forums  {m['title']}" for m in row["largest"]
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=GREVE)
    parser.add_argument("--only", choices=("published", "hidden"), default=None)
    parser.add_argument("--json", type=Path, default=None, help="append the results here")
    parser.add_argument(
        "--pairs",
        type=Path,
        default=None,
        help="write the missed and the chain-wrong predicted pairs here (with --only)",
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"Error: {args.folder}: no such folder; the Greve minutes are read in place")
        return 1
    env = {"python": platform.python_version(), "cpus": os.cpu_count()}
    rows = []
    for hidden in (False, True):
        if args.only and args.only != ("hidden" if hidden else "published"):
            continue
        row = {**run(args.folder, hidden=hidden, pairs=args.pairs), **env}
        row["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(show(row), flush=True)
        rows.append(row)
    if args.json:
        with args.json.open("a", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
