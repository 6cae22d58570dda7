"""Export the store as JSON in the documented, stable shape (``schema_version`` 1).

>>> import networkx as nx
>>> export_json(nx.MultiDiGraph())["schema_version"]
1
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import networkx as nx

from core import schema
from core.records import SCHEMA_VERSION
from core.schema import matter_key, meeting_status
from graph.neighbours import sources, targets
from queries.meetings import meeting_fields, meeting_items, nodes_of_type
from queries.person import export_people, item_people, unresolved_mentions


def _names(G: nx.MultiDiGraph, people: Iterable[str]) -> list[str]:
    return [G.nodes[p]["name"] for p in people]


def export_item(G: nx.MultiDiGraph, key: str) -> dict[str, Any]:
    """One agenda item in the export shape."""
    d = G.nodes[key]
    earlier = []
    attachments = []
    for target in targets(G, key, schema.HAS_DECISION):
        dd = G.nodes[target]
        if dd.get("earlier"):
            earlier.append({"forum": dd["forum"], "date": dd["date"], "text": dd["text"]})
    for target in targets(G, key, schema.HAS_ATTACHMENT):
        ad = G.nodes[target]
        attachments.append({"title": ad["title"], "number": ad.get("number")})
    item: dict[str, Any] = {
        "id": key,
        "number": d["number"],
        "title": d["title"],
        "public": d.get("public"),
        "case_numbers": list(d.get("case_numbers", [])),
        "document_numbers": list(d.get("document_numbers", [])),
        "outcome": d.get("outcome"),
        "forwarded_to": d.get("forwarded_to"),
        "votes": list(d.get("votes") or []),
        "decision": d.get("decision"),
        "earlier_decisions": sorted(earlier, key=lambda e: (e["date"], e["forum"])),
        "attachments": attachments,
        "participants": _names(G, sources(G, key, schema.GUEST_AT)),
        "absent_for_item": _names(G, sources(G, key, schema.ABSENT_FROM)),
        "lines": [d.get("first_line"), d.get("last_line")],
    }
    item.update(item_people(G, key))
    return item


def export_json(G: nx.MultiDiGraph) -> dict[str, Any]:
    """The whole graph as the documented export dictionary."""
    meetings = []
    for key in nodes_of_type(G, schema.MEETING):
        d = G.nodes[key]
        meetings.append(
            {
                **meeting_fields(G, key),
                "documented": bool(d.get("documented")),
                "attendance_recorded": bool(d.get("attendance_recorded")),
                "status": d.get("status")
                or meeting_status(d.get("kind"), bool(d.get("attendance_recorded"))),
                "attendees": list(d.get("attendees", [])),
                "invited": list(d.get("invited", [])),
                "staff": list(d.get("staff", [])),
                "absent": list(d.get("absent", [])),
                "source": {"path": d.get("source_path"), "sha256": d.get("sha256")}
                if d.get("documented")
                else None,
                "items": [export_item(G, i) for i in meeting_items(G, key)],
            }
        )
    meetings.sort(key=lambda m: (m["date"], m["forum"]))
    matters = []
    matter_keys = nodes_of_type(G, schema.MATTER)
    if matter_keys:
        for key in matter_keys:
            d = G.nodes[key]
            matters.append({"id": key, "label": d.get("label"), "items": list(d["items"])})
    else:  # not linked: each item is its own matter
        for key in nodes_of_type(G, schema.AGENDA_ITEM):
            matters.append(
                {
                    "id": matter_key(key),
                    "label": G.nodes[key]["title"],
                    "items": [key],
                }
            )
    result: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "meetings": meetings,
        "matters": matters,
    }
    result["people"] = export_people(G)
    result["unresolved_mentions"] = unresolved_mentions(G)
    return result


class JsonExporter:
    """``casegraph export --format json``: :func:`export_json` as indented UTF-8 JSON."""

    name = "json"

    def render(self, G: nx.MultiDiGraph) -> dict[str, bytes]:
        text = json.dumps(export_json(G), ensure_ascii=False, indent=2) + "\n"
        return {"": text.encode("utf-8")}
