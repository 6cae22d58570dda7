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
  item from its records, without reading its meeting's bundle (None: not known).

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
"""

from __future__ import annotations

import marshal
import os
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core import schema
from graph.partition import SHARED, Bundle, Part
from store.derived import GRAPH_VERSION, code_digest, part_file, write_atomic

# Bump when what the tables hold changes.
TABLES_VERSION = 4

_MAGIC = b"casegraph-tables\n"
_LENGTH = struct.Struct(">Q")
_NAMES = ("meetings", "people", "forums", "cases", "matters", "kept")

#: ``(key, attributes without lists, items, attendees)`` of a documented meeting.
MeetingRow = tuple[str, dict[str, Any], int, int]
#: person key -> ``(attributes, bundles with their meetings and items, meetings attended)``.
PersonRow = tuple[dict[str, Any], list[str], int]
#: forum key -> ``(attributes, meetings)``.
ForumRow = tuple[dict[str, Any], int]


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
    return PartTables(meetings, people_rows, forum_rows, cases, dict(part.item_matter), kept_items)


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


def write_tables(folder: Path, partition: str, changed: int, tables: PartTables) -> None:
    """Save ``tables`` in ``folder`` atomically (a temporary file, then a rename); a folder
    that cannot be written is left as it is (the tables are made again next time)."""
    blobs = [zlib.compress(marshal.dumps(getattr(tables, n)), 6) for n in _NAMES]
    head = zlib.compress(marshal.dumps((_head(partition, changed), [len(b) for b in blobs])))
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
    "MeetingRow",
    "PartTables",
    "PersonRow",
    "part_tables",
    "read_tables",
    "tables_file",
    "write_tables",
]
