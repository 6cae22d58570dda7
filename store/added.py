"""The tables of a partition derived again after new meetings (:mod:`graph.meeting_build`),
from the tables saved with its last graph: what :func:`store.tables.part_tables` gives for the
whole part, from the bundles that changed alone.

Each bundle adds to the tables on its own (its meeting's row, the people with an edge to one
of its meetings or items and their attendances, its meetings per forum, its items per case:
an edge of these kinds is in one bundle only), so the tables of the new part are the saved
ones with the changed bundles' old shares taken out and their new ones put in.

>>> from graph.partition import Bundle, Part
>>> x = ("person:x", {"type": "Person", "name": "X"})
>>> m = ("meeting:a", {"type": "Meeting", "documented": True, "attendees": ["X"]})
>>> a = Bundle([m, x], [("person:x", "meeting:a", "ATTENDED", {})])
>>> m2 = ("meeting:b", {"type": "Meeting", "documented": True, "attendees": ["X"]})
>>> b = Bundle([m2, x], [("person:x", "meeting:b", "ATTENDED", {})])
>>> shared = Bundle([x], [])
>>> from store.tables import part_tables
>>> before = part_tables(Part({"meeting:a": a, "": shared}, {}, {}, {}), [])
>>> whole = part_tables(Part({"meeting:a": a, "meeting:b": b, "": shared}, {}, {}, {}), [])
>>> changed = {"meeting:b": b, "": shared}
>>> tables_after(before, ["meeting:a", "meeting:b", ""], {}, changed, {}, []) == whole
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from core import schema
from graph.partition import SHARED, Bundle
from store.tables import MeetingRow, PartTables

_COUNTED = frozenset({schema.HAS_ITEM, schema.OF_FORUM, schema.ABOUT_CASE})
_AT_MEETING = ("meeting:", "item:")


class _Share:
    """What one bundle adds to the tables."""

    def __init__(self, name: str, bundle: Bundle, kinds: Mapping[str, str]) -> None:
        self.items = 0
        self.held: set[str] = set()
        self.attended: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()  # forums' meetings and cases' items
        for u, v, k, _ in bundle.edges:
            if k in _COUNTED:
                if k == schema.HAS_ITEM:
                    self.items += u == name
                elif kinds.get(v) in (schema.FORUM, schema.CASE):
                    self.counts[v] += 1
                continue
            if kinds.get(u) == schema.PERSON:
                person, other = u, v
            elif kinds.get(v) == schema.PERSON:
                person, other = v, u
            else:
                continue
            if other.startswith(_AT_MEETING):
                self.held.add(person)
                if k == schema.ATTENDED and person == u:
                    self.attended[person] += 1
        self.row: MeetingRow | None = None
        for node, d in bundle.nodes:
            if node == name:
                if d.get("type") == schema.MEETING and d.get("documented"):
                    plain = {f: x for f, x in d.items() if not isinstance(x, list)}
                    self.row = (name, plain, self.items, len(d.get("attendees") or ()))
                break


def tables_after(
    saved: PartTables,
    order: Sequence[str],
    old: Mapping[str, Bundle],
    new: Mapping[str, Bundle],
    item_matter: dict[str, str],
    kept: Iterable[str] | None,
) -> PartTables:
    """The tables of the part whose bundles are ``order``, from ``saved`` (the tables of the
    part before) and the bundles that changed: ``old`` as they were (a new meeting's is not
    there), ``new`` as they are (the shared bundle among them); ``kept``: the items whose
    texts the new bundles keep (:func:`store.texts.kept_texts`)."""
    shared = new[SHARED]
    kinds = {n: str(d.get("type")) for n, d in shared.nodes}
    attrs = dict(shared.nodes)
    before = {k: _Share(k, b, kinds) for k, b in old.items() if k != SHARED}
    after = {k: _Share(k, b, kinds) for k, b in new.items() if k != SHARED}
    place = {k: i for i, k in enumerate(order)}
    rows = {row[0]: row for row in saved.meetings}
    for name, share in after.items():
        if share.row is not None:
            rows[name] = share.row
    meetings = [rows[k] for k in order if k in rows]
    people: dict[str, Any] = {}
    for key, kind in kinds.items():
        if kind != schema.PERSON:
            continue
        _, held, attended = saved.people.get(key, ({}, [], 0))
        held = [k for k in held if k not in after]
        held += [k for k, share in after.items() if key in share.held]
        held.sort(key=place.__getitem__)
        attended += sum(s.attended[key] for s in after.values())
        attended -= sum(s.attended[key] for s in before.values())
        people[key] = (attrs[key], held, attended)
    counts: Counter[str] = Counter()
    for share in after.values():
        counts.update(share.counts)
    for share in before.values():
        counts.subtract(share.counts)
    forums = {
        k: (attrs[k], saved.forums.get(k, ({}, 0))[1] + counts[k])
        for k, kind in kinds.items()
        if kind == schema.FORUM
    }
    cases = {
        k: saved.cases.get(k, 0) + counts[k] for k, kind in kinds.items() if kind == schema.CASE
    }
    kept_items = None if kept is None or saved.kept is None else sorted({*saved.kept, *kept})
    return PartTables(meetings, people, forums, cases, dict(item_matter), kept_items)


__all__ = ["tables_after"]
