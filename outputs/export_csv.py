"""``casegraph export --format csv -o FOLDER``: four tables for a spreadsheet or a database.

* ``meetings.csv``: one row per meeting (documented or known only from a reference);
* ``items.csv``: one row per agenda item, with its meeting and the matter it belongs to;
* ``people.csv``: one row per person;
* ``edges.csv``: every edge of the graph: ``source``, ``type``, ``target`` and its properties.

The rows are the records of the JSON export (:mod:`outputs.export_json`), flattened: a list of
names or numbers is one cell joined by ``"; "``, a list of records (earlier decisions,
attachments, votes) one cell of JSON text, and None an empty cell. Rows are in key order, so the
same graph gives the same bytes. Files are UTF-8 with a byte-order mark, which Excel needs to
read the Danish letters.

>>> G = nx.MultiDiGraph()
>>> G.add_node("person:ole-vett", type="Person", name="Ole Vett", aliases=["Ole", "O. Vett"],
...            roles=[])
>>> print(CsvExporter().render(G)["people.csv"].decode("utf-8-sig"), end="")
id,name,aliases,roles
person:ole-vett,Ole Vett,Ole; O. Vett,
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

import networkx as nx

from core.schema import MEETING_FIELDS
from outputs.export_json import export_json

#: The columns of each table, in order.
MEETING_COLUMNS = (
    "id",
    *MEETING_FIELDS,
    "documented",
    "attendance_recorded",
    "attendees",
    "absent",
    "source_path",
    "sha256",
)
EDGE_COLUMNS = ("source", "type", "target")


def cell(value: Any) -> str | int | float:
    """One value as a CSV cell.

    >>> cell(["S2020-57031", "480-2020-7823"]), cell(None), cell(True), cell([{"a": 1}])
    ('S2020-57031; 480-2020-7823', '', 'true', '[{"a": 1}]')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        if all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value):
            return "; ".join(str(v) for v in value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, int | float):
        return value
    return str(value)


def _table(columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    columns = list(columns)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    return out.getvalue().encode("utf-8-sig")


def _meetings(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for m in data["meetings"]:
        source = m.get("source") or {}
        rows.append({**m, "source_path": source.get("path"), "sha256": source.get("sha256")})
    return sorted(rows, key=lambda r: r["id"])


def _items(data: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    matter_of = {i: m["id"] for m in data["matters"] for i in m["items"]}
    rows = []
    columns: list[str] = ["id", "meeting", "matter"]
    for m in data["meetings"]:
        for item in m["items"]:
            first, last = item.get("lines") or (None, None)
            row = {k: v for k, v in item.items() if k != "lines"}
            row.update(meeting=m["id"], matter=matter_of.get(item["id"]))
            row.update(first_line=first, last_line=last)
            columns += [k for k in row if k not in columns]
            rows.append(row)
    return columns, sorted(rows, key=lambda r: r["id"])


def _edges(G: nx.MultiDiGraph) -> tuple[list[str], list[dict[str, Any]]]:
    names = sorted({k for *_, d in G.edges(data=True) for k in d} - {"type"})
    rows = [
        {"source": u, "type": k, "target": v, **{n: d.get(n) for n in names}}
        for u, v, k, d in G.edges(keys=True, data=True)
    ]
    rows.sort(key=lambda r: (r["source"], r["type"], r["target"]))
    return [*EDGE_COLUMNS, *names], rows


class CsvExporter:
    """The graph as four CSV tables in a folder."""

    name = "csv"

    def render(self, G: nx.MultiDiGraph) -> dict[str, bytes]:
        data = export_json(G)
        item_columns, items = _items(data)
        edge_columns, edges = _edges(G)
        return {
            "meetings.csv": _table(MEETING_COLUMNS, _meetings(data)),
            "items.csv": _table(item_columns, items),
            "people.csv": _table(("id", "name", "aliases", "roles"), data["people"]),
            "edges.csv": _table(edge_columns, edges),
        }


__all__ = ["CsvExporter", "cell"]
