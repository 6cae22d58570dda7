"""The hand-read Greve matters gold and how matters found by the linker are scored against it.

``tests/data/greve_matters_gold.json`` (identifiers and English notes only; the minutes are
read in place from ``../shared/corpus/greve``) holds

* ``matters``: the exact set of items of each hand-read matter, with each step's outcome;
* ``apart``: groups of look-alike items that belong to pairwise different matters (routine
  items, which belong to no matter at all; each year's recurrence; one number on two matters).

An item is ``(file name, item number)``. The linker's answer is given as a mapping from
every item to the id of the matter it is in (``None`` for an item in no matter).

>>> found = {("a.json", 1): "m1", ("b.json", 2): "m1", ("c.json", 3): "m2", ("d.json", 4): None}
>>> matter = GoldMatter("x", None, "", (GoldItem("a.json", 1), GoldItem("b.json", 2)))
>>> check_matter(matter, found)
''
>>> check_matter(GoldMatter("y", None, "", (GoldItem("a.json", 1),)), found)
'1 extra item(s): b.json #2'
>>> group = ApartGroup("g", "routine", "", (GoldItem("a.json", 1), GoldItem("c.json", 3)))
>>> check_apart(group, found)
['a.json #1 is in a matter of 2 items']
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path

MATTERS_GOLD = Path(__file__).resolve().parent / "data" / "greve_matters_gold.json"

Key = tuple[str, int]


@dataclass(frozen=True)
class GoldItem:
    """One agenda item of the gold, and the outcome of that step when the gold gives it."""

    file: str
    item: int
    outcome: str | None = None

    @property
    def key(self) -> Key:
        return self.file, self.item

    def __str__(self) -> str:
        return f"{self.file} #{self.item}"


@dataclass(frozen=True)
class GoldMatter:
    """One hand-read matter: its exact set of items, in date order (by meeting time within
    a day)."""

    id: str
    number: str | None
    note: str
    items: tuple[GoldItem, ...]


@dataclass(frozen=True)
class ApartGroup:
    """Look-alike items that must be in pairwise different matters."""

    id: str
    kind: str
    note: str
    items: tuple[GoldItem, ...]


def _items(rows: list[dict[str, object]]) -> tuple[GoldItem, ...]:
    return tuple(
        GoldItem(str(r["file"]), int(str(r["item"])), r.get("outcome"))  # type: ignore[arg-type]
        for r in rows
    )


def load_matters(path: Path = MATTERS_GOLD) -> tuple[list[GoldMatter], list[ApartGroup]]:
    """The gold matters and the look-alike groups."""
    data = json.loads(path.read_text(encoding="utf-8"))
    matters = [
        GoldMatter(m["id"], m["number"], m["note"], _items(m["items"])) for m in data["matters"]
    ]
    apart = [ApartGroup(g["id"], g["kind"], g["note"], _items(g["items"])) for g in data["apart"]]
    return matters, apart


def _members(found: Mapping[Key, Hashable | None]) -> dict[Hashable, list[Key]]:
    members: dict[Hashable, list[Key]] = defaultdict(list)
    for key, matter in found.items():
        if matter is not None:
            members[matter].append(key)
    return members


def check_matter(matter: GoldMatter, found: Mapping[Key, Hashable | None]) -> str:
    """``''`` when the linker found exactly the gold matter, else what differs."""
    ids = Counter(found.get(it.key) for it in matter.items)
    (best, _), *_ = ids.most_common()
    problems = []
    if best is None or len(ids) > 1:
        split = [str(it) for it in matter.items if found.get(it.key) != best or best is None]
        problems.append(f"split: {', '.join(split)} apart from the others")
    if best is not None:
        wanted = {it.key for it in matter.items}
        extra = sorted(k for k in _members(found)[best] if k not in wanted)
        if extra:
            shown = ", ".join(f"{f} #{n}" for f, n in extra[:5])
            problems.append(f"{len(extra)} extra item(s): {shown}")
    return "; ".join(problems)


def check_apart(group: ApartGroup, found: Mapping[Key, Hashable | None]) -> list[str]:
    """What breaks the group: two of its items in one matter; a routine item in any matter."""
    problems = []
    seen: dict[Hashable, GoldItem] = {}
    members = _members(found)
    for it in group.items:
        matter = found.get(it.key)
        if matter is None:
            continue
        if group.kind == "routine" and len(members[matter]) > 1:
            problems.append(f"{it} is in a matter of {len(members[matter])} items")
        elif matter in seen:
            problems.append(f"{seen[matter]} and {it} are in one matter")
        seen.setdefault(matter, it)
    return problems
