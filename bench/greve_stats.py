"""What real minutes contain: the statistics of Greve Kommune 2022-2025 that matter linking.

Reads ``../shared/corpus/greve`` in place with the project's parser (never copies it) and
measures what the synthetic generator (``bench/gen_corpus.py``) is calibrated from:

* **forums**: meetings, meetings a year and items per meeting of each forum;
* **routine items**: titles that recur in most meetings of a forum (*Underskriftsark*,
  *Godkendelse af dagsorden*, *Huskeliste ...*), how many a meeting holds, and their
  **standing numbers** (one case number per forum and routine title, kept for years);
* **umbrella numbers**: one number on more than 12 ordinary items (several titles, forums);
* **chains**: the items of a number held by 2-12 ordinary items, one matter each: their
  sizes, the path through the forums (committee ``U``, Økonomiudvalget ``ØU``, Byrådet
  ``BR``) and the days between steps;
* **single items**: numbers on one item only (a matter of one step), by forum role;
* **yearly recurrences**: the same title (years and digits removed) in two or more years
  with a new number each year;
* **items with no number**, routine and ordinary, by year;
* **title and text drift** between consecutive steps of a chain, and how often a step
  carries an earlier decision, by kind of step (committee → committee, committee → ØU,
  ØU → BR, the same forum again ...): any earlier decision, and the previous step's own.

The same measurement runs on a generated corpus (``--synthetic N``), so that the two can be
compared side by side.

    .venv/bin/python bench/greve_stats.py
    .venv/bin/python bench/greve_stats.py --synthetic 20000 --json stats.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from core.records import AgendaItem, Document, Meeting  # noqa: E402

GREVE = ROOT.parent / "shared" / "corpus" / "greve"
#: A title in at least this share of a forum's meetings is routine there.
ROUTINE_SHARE = 0.4
#: A number on more ordinary items than this is an umbrella, not one matter.
MAX_CHAIN = 12
COUNCILS = ("Byråd", "Byrådet", "Kommunalbestyrelsen")
FINANCE = ("Økonomiudvalget",)


def role(forum: str) -> str:
    """``BR`` (the council), ``ØU`` (the finance committee) or ``U`` (a committee).

    >>> [role(f) for f in ("Byråd", "Økonomiudvalget 003", "Kultur- og Fritidsudvalget")]
    ['BR', 'ØU', 'U']
    """
    if forum.startswith(COUNCILS):
        return "BR"
    if forum.startswith(FINANCE):
        return "ØU"
    return "U"


def title_words(title: str) -> tuple[str, ...]:
    """A title's words without digits, punctuation and *og*: the form routine titles and
    yearly recurrences are recognised by.

    >>> title_words("Orientering fra formanden/gensidig orientering")
    ('orientering', 'fra', 'formanden', 'gensidig', 'orientering')
    >>> title_words("Budgetopfølgning 2 (2023) - Kultur- og Fritidsudvalget")
    ('budgetopfølgning', 'kultur', 'fritidsudvalget')
    """
    words = re.findall(r"[a-zæøåé]+", title.lower())
    return tuple(w for w in words if w != "og")


def _quantiles(values: Sequence[float]) -> dict[str, float]:
    v = sorted(values)
    if not v:
        return {"n": 0}
    return {
        "n": len(v),
        "q10": v[len(v) // 10],
        "median": statistics.median(v),
        "q90": v[9 * len(v) // 10],
        "mean": round(statistics.fmean(v), 2),
    }


def _deciles(values: Sequence[float]) -> list[float]:
    v = sorted(values)
    return [round(v[i * len(v) // 10], 2) for i in range(10)] if v else []


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


Row = tuple[Meeting, AgendaItem]


def _rows(documents: Sequence[Document]) -> list[Row]:
    return [(d.meeting, it) for d in documents for it in d.meeting.items]


def _number(item: AgendaItem) -> str | None:
    return item.case_numbers[0] if item.case_numbers else None


def forum_stats(documents: Sequence[Document], routine: set[tuple[str, tuple[str, ...]]]):
    per: dict[str, list[Meeting]] = defaultdict(list)
    for d in documents:
        per[d.meeting.forum].append(d.meeting)
    out = {}
    for forum, meetings in sorted(per.items()):
        days = sorted(dt.date.fromisoformat(m.date) for m in meetings)
        years = max(1.0, ((days[-1] - days[0]).days + 1) / 365.25)
        sizes = [len(m.items) for m in meetings]
        ordinary = [
            sum((forum, title_words(i.title)) not in routine for i in m.items) for m in meetings
        ]
        out[forum] = {
            "role": role(forum),
            "meetings": len(meetings),
            "meetings_per_year": round(len(meetings) / years, 1),
            "items_per_meeting": _quantiles(sizes),
            "ordinary_items_per_meeting": _quantiles(ordinary),
        }
    return out


def routine_titles(rows: Sequence[Row]) -> set[tuple[str, tuple[str, ...]]]:
    """(forum, title words) recurring in at least ``ROUTINE_SHARE`` of the forum's meetings."""
    meetings = Counter(f for f, _ in {(m.forum, m.date) for m, _ in rows})
    seen = Counter({(m.forum, m.date, title_words(i.title)) for m, i in rows})
    titles = Counter((f, t) for f, _, t in seen)
    return {k for k, n in titles.items() if n >= ROUTINE_SHARE * meetings[k[0]] and n >= 3}


def routine_stats(rows: Sequence[Row], routine: set[tuple[str, tuple[str, ...]]]):
    by: dict[tuple[str, tuple[str, ...]], list[AgendaItem]] = defaultdict(list)
    for m, i in rows:
        key = (m.forum, title_words(i.title))
        if key in routine:
            by[key].append(i)
    per_forum = Counter(f for f, _ in routine)
    standing_share = []
    numbers_per_title = []
    variants = []
    for items in by.values():
        numbers = Counter(n for i in items if (n := _number(i)))
        numbered = sum(numbers.values())
        if numbers:
            standing_share.append(numbers.most_common(1)[0][1] / numbered)
            numbers_per_title.append(len(numbers))
        variants.append(len({i.title for i in items}))
    total = sum(len(v) for v in by.values())
    return {
        "routine_titles": len(routine),
        "routine_titles_per_forum": _quantiles(list(per_forum.values())),
        "routine_items": total,
        "routine_share_of_items": round(total / len(rows), 3),
        "numbers_per_routine_title": _quantiles(numbers_per_title),
        "share_on_its_standing_number": round(statistics.fmean(standing_share), 3),
        "title_variants_per_routine_title": _quantiles(variants),
        "routine_without_number": round(
            sum(_number(i) is None for v in by.values() for i in v) / total, 3
        ),
    }


def _chains(ordinary: Sequence[Row]) -> dict[str, list[Row]]:
    by: dict[str, list[Row]] = defaultdict(list)
    for m, i in ordinary:
        if (n := _number(i)) is not None:
            by[n].append((m, i))
    for rows in by.values():
        rows.sort(key=lambda r: (r[0].date, r[0].forum))
    return by


def chain_stats(ordinary: Sequence[Row]) -> dict[str, Any]:
    by = _chains(ordinary)
    sizes = Counter(len(v) for v in by.values())
    chains = {n: v for n, v in by.items() if 2 <= len(v) <= MAX_CHAIN}
    umbrella = {n: v for n, v in by.items() if len(v) > MAX_CHAIN}
    paths: Counter[str] = Counter()
    gaps: dict[str, list[int]] = defaultdict(list)
    same_title = 0
    title_j: list[float] = []
    text_j: list[float] = []
    earlier = 0
    steps = 0
    carried: dict[str, Counter[str]] = defaultdict(Counter)
    for rows in chains.values():
        paths["→".join(role(m.forum) for m, _ in rows)] += 1
        for (ma, a), (mb, b) in itertools.pairwise(rows):
            days = (dt.date.fromisoformat(mb.date) - dt.date.fromisoformat(ma.date)).days
            kind = "same forum" if ma.forum == mb.forum else f"{role(ma.forum)}→{role(mb.forum)}"
            gaps[kind].append(days)
            steps += 1
            same_title += a.title == b.title
            title_j.append(_jaccard(set(title_words(a.title)), set(title_words(b.title))))
            text_j.append(_jaccard(_text_words(a), _text_words(b)))
            earlier += bool(b.earlier_decisions)
            carried[kind]["steps"] += 1
            carried[kind]["any"] += bool(b.earlier_decisions)
            carried[kind]["previous"] += carries_decision_of(b, ma)
    singles = Counter(role(v[0][0].forum) for v in by.values() if len(v) == 1)
    return {
        "numbers": len(by),
        "items_per_number": {str(k): sizes[k] for k in sorted(sizes)},
        "single_item_numbers_by_role": dict(singles),
        "chains": len(chains),
        "chain_items": sum(len(v) for v in chains.values()),
        "paths": dict(paths.most_common(20)),
        "gap_days": {k: _quantiles(v) for k, v in sorted(gaps.items())},
        "steps": steps,
        "same_title_share": round(same_title / steps, 3) if steps else 0,
        "title_jaccard_deciles": _deciles(title_j),
        "text_jaccard_deciles": _deciles(text_j),
        "earlier_decision_share": round(earlier / steps, 3) if steps else 0,
        "earlier_decision_by_step": {k: _carried(c) for k, c in sorted(carried.items())},
        "umbrella_numbers": len(umbrella),
        "umbrella_items": sum(len(v) for v in umbrella.values()),
        "umbrella_titles_per_number": _quantiles(
            [len({title_words(i.title) for _, i in v}) for v in umbrella.values()]
        ),
        "umbrella_forums_per_number": _quantiles(
            [len({m.forum for m, _ in v}) for v in umbrella.values()]
        ),
        "parallel_committee_rounds": sum(
            1 for v in chains.values() if len({m.forum for m, _ in v if role(m.forum) == "U"}) >= 3
        ),
    }


def carries_decision_of(item: AgendaItem, meeting: Meeting) -> bool:
    """True when ``item`` carries a decision of ``meeting`` (its date, and its forum's
    first word: Greve prints *Klima-, Teknik- og Miljøudvalget* as the meeting's forum and
    sometimes shorter in the carried decision's heading)."""
    first = _forum_word(meeting.forum)
    return any(
        e.date == meeting.date and _forum_word(e.forum) == first for e in item.earlier_decisions
    )


def _forum_word(forum: str) -> str:
    words = re.findall(r"[a-zæøå]+", forum.lower())
    return words[0] if words else ""


def _carried(counts: Counter[str]) -> dict[str, float]:
    """Steps of one kind, the share carrying any earlier decision and the share carrying
    the previous step's own decision."""
    n = counts["steps"]
    return {
        "steps": n,
        "any": round(counts["any"] / n, 3),
        "previous": round(counts["previous"] / n, 3),
    }


def _text_words(item: AgendaItem) -> set[str]:
    return set(re.findall(r"\w+", " ".join(s.text for s in item.sections).lower()))


def yearly_stats(ordinary: Sequence[Row]) -> dict[str, Any]:
    """Titles (digits removed) in two or more years with two or more numbers."""
    by: dict[tuple[str, ...], list[Row]] = defaultdict(list)
    for m, i in ordinary:
        by[title_words(i.title)].append((m, i))
    groups = []
    for words, rows in by.items():
        years = {m.date[:4] for m, _ in rows}
        numbers = {n for _, i in rows if (n := _number(i))}
        if len(years) >= 2 and len(numbers) >= 2:
            groups.append((len(rows), len(years), len(numbers), " ".join(words)))
    groups.sort(reverse=True)
    return {
        "groups": len(groups),
        "items": sum(g[0] for g in groups),
        "numbers_per_group": _quantiles([g[2] for g in groups]),
        "examples": [f"{g[3]} ({g[0]} items, {g[1]} years, {g[2]} numbers)" for g in groups[:8]],
    }


def measure(documents: Sequence[Document]) -> dict[str, Any]:
    rows = _rows(documents)
    routine = routine_titles(rows)
    ordinary = [(m, i) for m, i in rows if (m.forum, title_words(i.title)) not in routine]
    no_number_by_year = Counter(m.date[:4] for m, i in rows if _number(i) is None)
    items_by_year = Counter(m.date[:4] for m, _ in rows)
    return {
        "meetings": len(documents),
        "items": len(rows),
        "forums": forum_stats(documents, routine),
        "routine": routine_stats(rows, routine),
        "chains": chain_stats(ordinary),
        "yearly": yearly_stats(ordinary),
        "no_number": {
            "all_items": round(sum(_number(i) is None for _, i in rows) / len(rows), 3),
            "ordinary_items": round(
                sum(_number(i) is None for _, i in ordinary) / len(ordinary), 3
            ),
            "by_year": {
                y: round(no_number_by_year[y] / items_by_year[y], 3) for y in sorted(items_by_year)
            },
        },
    }


def show(stats: dict[str, Any], name: str) -> str:
    lines = [f"{name}: {stats['meetings']} meetings, {stats['items']} items", "forums:"]
    for forum, f in stats["forums"].items():
        ipm, opm = f["items_per_meeting"], f["ordinary_items_per_meeting"]
        lines.append(
            f"  {f['role']:2} {forum[:40]:40} {f['meetings']:4} meetings "
            f"({f['meetings_per_year']}/year), items/meeting mean {ipm['mean']} "
            f"(q10 {ipm['q10']}, q90 {ipm['q90']}), ordinary {opm['mean']}"
        )
    for section in ("routine", "chains", "yearly", "no_number"):
        lines.append(f"{section}:")
        for key, value in stats[section].items():
            lines.append(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines)


def load(folder: Path) -> list[Document]:
    from casegraph.pipeline import load_document

    return [load_document(p) for p in sorted(folder.glob("*.json"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=GREVE)
    parser.add_argument("--synthetic", type=int, default=0, help="also measure N generated items")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None, help="append the statistics here")
    args = parser.parse_args(argv)
    results = []
    if args.folder.is_dir():
        stats = measure(load(args.folder))
        print(show(stats, f"Greve ({args.folder.name})"), flush=True)
        results.append({"corpus": str(args.folder.name), **stats})
    else:
        print(f"Error: {args.folder}: no such folder; the Greve minutes are read in place")
        if not args.synthetic:
            return 1
    if args.synthetic:
        from gen_corpus import generate

        stats = measure(generate(args.synthetic, args.seed).documents)
        print(show(stats, f"gen_corpus.py ({args.synthetic} items, seed {args.seed})"))
        results.append({"corpus": f"synthetic {args.synthetic}", **stats})
    if args.json:
        with args.json.open("a", encoding="utf-8") as fh:
            for row in results:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
