"""Tables of each partition's derived graph, saved beside it: what ``casegraph meetings``,
``casegraph person`` and ``casegraph viz QUERY`` look up before (or instead of) reading any
bundle (:mod:`store.derived`).

A partition's tables (:class:`PartTables`) are written with its graph (``derived/*.tables``,
the same name as the ``.graph`` file) and carry the same head (graph version, deriving
code, partition and change), so they are stale exactly when the graph is. They hold:

* ``meetings``: every documented meeting (its bundle's key): its attributes without the
  lists, how many items and attendees it has;
* ``people``: every person: their attributes as the partition knows them, the bundles
  holding an edge between them and a meeting or an agenda item, and how many meetings
  they attended;
* ``forums``: every forum: its attributes and how many meetings (documented or known from a
  reference) it has;
* ``cases``: how many agenda items carry each case;
* ``matters``: each agenda item's matter (what a word question ranks the titles' items by,
  :mod:`queries.store_titles`, without reading the graph's head);
* ``kept``: the agenda items whose text the saved graph may not take from their own row's
  records (:func:`store.texts.kept_texts`): a word question reads the text of any other
  item from its records, without reading its meeting's bundle (None: not known);
* ``matter_rows`` (made with the tables, saved in the lookup of :mod:`store.lookup`, not
  in their file): each matter's label, number of items and their first and last dates, what
  an answer lists of a matter that also fits (:func:`queries.timeline.other_matters`).

Version 5: the tables are written again with the lookup (they hold what version 4 held).

Each table is compressed on its own (marshal + zlib, as the graph), so that ``meetings``
does not read the people.

>>> from graph.partition import Bundle
>>> x = ("person:x", {"type": "Person", "name": "X"})
>>> part = Part({"meeting:a:2021-01-07": Bundle(
...     [("meeting:a:2021-01-07", {"type": "Meeting", "documented": True, "attendees": ["X"]}),
...      x], [("person:x", "meeting:a:2021-01-07", "ATTENDED", {})]), "": Bundle([x], [])},
...     {}, {}, {"item:a:2021-01-07:1": "matter:a:2021-01-07:1"})
>>> tables = part_tables(part)
>>> tables.meetings
[('meeting:a:2021-01-07', {'type': 'Meeting', 'documented': True}, 0, 1)]
>>> tables.people["person:x"]
({'type': 'Person', 'name': 'X'}, ['meeting:a:2021-01-07'], 1)
>>> tables.matters
{'item:a:2021-01-07:1': 'matter:a:2021-01-07:1'}
>>> part_tables(Part({"m": Bundle([("matter:a", {"type": "Matter", "label": "A",
...     "items": ["item:m:1", "item:x:2"]}),
...     ("item:m:1", {"type": "AgendaItem", "date": "2021-01-07"})], [])},
...     {}, {}, {})).matter_rows
{'matter:a': ('A', 2, '2021-01-07', '2021-01-07')}
"""

from __future__ import annotations

import json
import marshal
import os
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core import schema
from graph.partition import SHARED, Bundle, Part
from store.derived import GRAPH_VERSION, code_digest, part_file, write_atomic

# Bump when what the tables hold changes.
TABLES_VERSION = 5

_MAGIC = b"casegraph-tables\n"
_LENGTH = struct.Struct(">Q")
_NAMES = ("meetings", "people", "forums", "cases", "matters", "kept")

#: ``(key, attributes without lists, items, attendees)`` of a documented meeting.
MeetingRow = tuple[str, dict[str, Any], int, int]
#: person key -> ``(attributes, bundles with their meetings and items, meetings attended)``.
PersonRow = tuple[dict[str, Any], list[str], int]
#: forum key -> ``(attributes, meetings)``.
ForumRow = tuple[dict[str, Any], int]
#: matter key -> ``(label, items, first date, last date)`` (the dates of its items in the
#: partition's graph that have one; None: none has).
MatterRow = tuple[Any, int, Any, Any]


@dataclass(frozen=True)
class PartTables:
    """The tables of one partition's graph (see the module)."""

    meetings: list[MeetingRow]
    people: dict[str, PersonRow]
    forums: dict[str, ForumRow]
    cases: dict[str, int]
    #: Agenda item -> its matter (:attr:`graph.partition.Part.item_matter`).
    matters: dict[str, str]
    #: The agenda items whose text is not their own row's records' (sorted); None: not known.
    kept: list[str] | None = None
    #: Matter -> its label, number of items and their first and last date (made with the
    #: tables, saved in :mod:`store.lookup`: empty as read from the tables' file).
    matter_rows: dict[str, MatterRow] = field(default_factory=dict)


def tables_file(partition: str) -> str:
    """The tables' file of a partition, beside its graph's.

    >>> tables_file("")
    'e3b0c44298fc1c149afb.tables'
    """
    return part_file(partition).removesuffix(".graph") + ".tables"


def part_tables(part: Part, kept: Iterable[str] | None = None) -> PartTables:
    """The tables of ``part`` (see the module), in the order of its bundles; ``kept``: see
    :attr:`PartTables.kept`."""
    # Every node a meeting does not own (people, forums, cases) is in the shared bundle; a
    # meeting's bundle starts with what it owns, the meeting first among them.
    attrs = {key: d for key, d in part.bundles.get(SHARED, Bundle([], [])).nodes}
    people = {k: d for k, d in attrs.items() if d.get("type") == schema.PERSON}
    held: dict[str, list[str]] = {k: [] for k in people}
    attended = dict.fromkeys(people, 0)
    forum_meetings = {k: 0 for k, d in attrs.items() if d.get("type") == schema.FORUM}
    cases = {k: 0 for k, d in attrs.items() if d.get("type") == schema.CASE}
    meetings: list[MeetingRow] = []
    counted = {schema.HAS_ITEM, schema.OF_FORUM, schema.ABOUT_CASE}
    seen: set[tuple[str, str, str]] = set()
    for name, bundle in part.bundles.items():
        items = 0
        for u, v, k, _d in bundle.edges:
            if k in counted:
                if (u, v, k) in seen:
                    continue  # an edge between two meetings' nodes is in both their bundles
                seen.add((u, v, k))
                if k == schema.HAS_ITEM:
                    items += u == name
                elif v in forum_meetings:
                    forum_meetings[v] += 1
                elif v in cases:
                    cases[v] += 1
                continue
            # A person's edge to a meeting or an item is in the bundle of its owner alone
            # (people are shared): each is seen once.
            if u in held:
                person, other = u, v
            elif v in held:
                person, other = v, u
            else:
                continue
            if other.startswith(_AT_MEETING):
                if not held[person] or held[person][-1] != name:
                    held[person].append(name)
                if k == schema.ATTENDED and person == u:
                    attended[person] += 1
        d = _own_node(bundle, name)
        if d.get("type") == schema.MEETING and d.get("documented"):
            plain = {f: x for f, x in d.items() if not isinstance(x, list)}
            meetings.append((name, plain, items, len(d.get("attendees") or ())))
    people_rows = {k: (d, held[k], attended[k]) for k, d in people.items()}
    forum_rows = {k: (attrs[k], n) for k, n in forum_meetings.items()}
    kept_items = None if kept is None else sorted(kept)
    matters = dict(part.item_matter)
    return PartTables(
        meetings, people_rows, forum_rows, cases, matters, kept_items, matter_rows(part)
    )


def matter_rows(part: Part) -> dict[str, MatterRow]:
    """Each matter of ``part`` with what :func:`queries.timeline.other_matters` reads of it
    in a graph: its label, how many items it has, and the first and last date of those of
    its items in the graph that have one."""
    dates: dict[str, Any] = {}
    found: dict[str, dict[str, Any]] = {}
    for bundle in part.bundles.values():
        for key, d in bundle.nodes:
            kind = d.get("type")
            if kind == schema.MATTER:
                found.setdefault(key, d)
            elif kind == schema.AGENDA_ITEM and key not in dates:
                dates[key] = d.get("date")
    rows: dict[str, MatterRow] = {}
    for key, d in found.items():
        items = d.get("items") or ()
        held = sorted(str(dates[i]) for i in items if dates.get(i))
        first, last = (held[0], held[-1]) if held else (None, None)
        rows[key] = (d.get("label"), len(items), first, last)
    return rows


#: The key prefixes of meetings and agenda items (:mod:`core.schema`).
_AT_MEETING = ("meeting:", "item:")


def _own_node(bundle: Bundle, key: str) -> dict[str, Any]:
    """The attributes of ``key`` in ``bundle`` (empty when it is not there)."""
    for node, d in bundle.nodes:
        if node == key:
            return d
    return {}


def _head(partition: str, changed: int) -> tuple[Any, ...]:
    return (TABLES_VERSION, GRAPH_VERSION, code_digest(), partition, changed)


def tables_head(partition: str, changed: int) -> str:
    """The head of the tables of ``partition`` as of ``changed`` as text: what else is saved
    with them is stale exactly when they are (:mod:`store.lookup`).

    >>> tables_head("Greve", 3) == tables_head("Greve", 3) != tables_head("Greve", 4)
    True
    """
    return json.dumps(_head(partition, changed), ensure_ascii=False)


def write_tables(folder: Path, partition: str, changed: int, tables: PartTables) -> None:
    """Save ``tables`` in ``folder`` atomically (a temporary file, then a rename); a folder
    that cannot be written is left as it is (the tables are made again next time)."""
    # Version 0: the same tables give the same bytes, however their objects are shared.
    blobs = [zlib.compress(marshal.dumps(getattr(tables, n), 0), 6) for n in _NAMES]
    head = zlib.compress(marshal.dumps((_head(partition, changed), [len(b) for b in blobs]), 0))
    chunks = (_MAGIC, _LENGTH.pack(len(head)), head, *blobs)
    write_atomic(folder / tables_file(partition), chunks, ".tables-", ".part")


def read_tables(
    folder: Path, partition: str, changed: int, names: tuple[str, ...] = _NAMES
) -> PartTables | None:
    """The tables ``names`` of ``partition`` as of ``changed`` (the others empty), or None
    when they are missing or stale.

    >>> import tempfile
    >>> t = PartTables([("meeting:a:2021-01-07", {}, 2, 0)], {}, {}, {"case:S1": 2}, {})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_tables(Path(d), "Greve", 3, t)
    ...     read_tables(Path(d), "Greve", 3) == t, read_tables(Path(d), "Greve", 4)
    (True, None)
    """
    found: dict[str, Any] = {
        "meetings": [],
        "people": {},
        "forums": {},
        "cases": {},
        "matters": {},
        "kept": None,
    }
    try:
        with (folder / tables_file(partition)).open("rb") as fh:
            if fh.read(len(_MAGIC)) != _MAGIC:
                return None
            (length,) = _LENGTH.unpack(fh.read(_LENGTH.size))
            head, lengths = marshal.loads(zlib.decompress(fh.read(length)))
            if head != _head(partition, changed):
                return None
            for name, n in zip(_NAMES, lengths, strict=True):
                if name in names:
                    found[name] = marshal.loads(zlib.decompress(fh.read(n)))
                else:
                    fh.seek(n, os.SEEK_CUR)
    except (OSError, ValueError, EOFError, TypeError, struct.error, zlib.error):
        return None
    return PartTables(*(found[name] for name in _NAMES))


__all__ = [
    "TABLES_VERSION",
    "ForumRow",
    "MatterRow",
    "MeetingRow",
    "PartTables",
    "PersonRow",
    "matter_rows",
    "part_tables",
    "read_tables",
    "tables_file",
    "tables_head",
    "write_tables",
]
