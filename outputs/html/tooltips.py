"""What a node says: its label on the canvas and the rows of its tooltip.

Rows are ``[label, value]`` pairs of plain text; the page turns them into DOM text
nodes, so document text is never parsed as HTML.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("case:S1", type="Case", number="S1", source_path="a.txt", first_line=3)
>>> label(G, "case:S1"), tip(G, "case:S1")
('S1', [['case', 'S1'], ['agenda items', '0'], ['source', 'a.txt:3']])
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import networkx as nx

from core import schema
from graph.neighbours import sources
from outputs.html.nodes import attended_count, case_item_count, forum_meeting_count, matter_items

__all__ = ["clip", "edge_tip", "label", "path_label", "source", "tip"]

LABEL_CHARS = 66


def clip(text: Any, limit: int) -> str:
    s = " ".join(str(text or "").split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def label(G: nx.MultiDiGraph, n: str) -> str:
    d = G.nodes[n]
    t = d.get("type")
    if t == schema.MEETING:
        return str(d.get("date") or n) + ("" if d.get("documented", True) else " (ref.)")
    if t == schema.AGENDA_ITEM:
        return clip(f"{d.get('number', '?')}. {d.get('title') or ''}", LABEL_CHARS)
    if t == schema.DECISION:
        head = "earlier decision" if d.get("earlier") else "decision"
        return head + (f": {d['outcome']}" if d.get("outcome") else "")
    if t == schema.CASE:
        return str(d.get("number") or n.removeprefix("case:"))
    if t == schema.MATTER:
        return clip(d.get("label") or n, LABEL_CHARS)
    if t == schema.ATTACHMENT:
        return clip(d.get("title") or d.get("number") or n, 40)
    if t == schema.DOCUMENT:
        return os.path.basename(str(d.get("path") or n))
    return clip(d.get("name") or d.get("title") or n, 40)


def path_label(
    G: nx.MultiDiGraph, n: str, *, matter_title: str = "", deciding: bool = False
) -> str:
    r"""The short label of a node in a matter's path, where a column is about 110 px wide.

    A step says its item number and outcome, and its own title only when it differs from
    the matter's (the page's title); a meeting beside its step says nothing (the date is
    on the axis above); the deciding step says so. A line holds about 18 characters.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("i", type="AgendaItem", number=4, title="Budget", outcome="approved")
    >>> path_label(G, "i", matter_title="Budget", deciding=True)
    'punkt 4 · approved\ndeciding step'
    """
    d = G.nodes[n]
    t = d.get("type")
    if t == schema.AGENDA_ITEM:
        outcome = f" · {d['outcome']}" if d.get("outcome") else ""
        lines = [f"punkt {d.get('number', '?')}{outcome}"]
        title = " ".join(str(d.get("title") or "").split())
        if title and title.casefold() != " ".join(matter_title.split()).casefold():
            lines.append(clip(title, 34))
    elif t == schema.DECISION and d.get("earlier"):
        lines = ["earlier decision", str(d.get("outcome") or "")]
    elif t == schema.MEETING:
        return ""
    else:
        return label(G, n)
    if deciding:
        lines.append("deciding step")
    return "\n".join(line for line in lines if line)


def _first_lines(text: Any, lines: int = 3, width: int = 160) -> str:
    out = [clip(line, width) for line in str(text or "").splitlines() if line.strip()]
    more = len(out) > lines
    return "\n".join(out[:lines]) + ("\n…" if more else "")


def source(d: dict[str, Any]) -> str | None:
    path = d.get("source_path")
    if not path:
        return None
    first, last = d.get("first_line"), d.get("last_line")
    if first is None:
        return str(path)
    return f"{path}:{first}" + (f"-{last}" if last not in (None, first) else "")


def _names(G: nx.MultiDiGraph, keys: Iterable[str], limit: int = 30) -> str:
    names = sorted(str(G.nodes[k].get("name") or k) for k in keys)
    extra = f" … (+{len(names) - limit})" if len(names) > limit else ""
    return ", ".join(names[:limit]) + extra


def tip(G: nx.MultiDiGraph, n: str) -> list[list[str]]:
    """Tooltip rows (label, value) for a node; the browser shows them as text."""
    d = G.nodes[n]
    t = str(d.get("type", ""))
    rows: list[list[str]] = []

    def add(name: str, value: Any) -> None:
        if value not in (None, "", [], ()):
            rows.append([name, str(value)])

    if t == schema.MEETING:
        add("meeting", d.get("title") or f"{d.get('forum')} {d.get('date')}")
        add("date", " ".join(str(x) for x in (d.get("date"), d.get("start")) if x))
        add("forum", d.get("forum"))
        add("place", d.get("place"))
        if not d.get("documented", True):
            add("known from", "a reference only (no minutes ingested)")
        attendees = list(sources(G, n, schema.ATTENDED))
        if attendees:
            add(f"attendees ({len(attendees)})", _names(G, attendees))
        elif d.get("attendees"):
            add(f"attendees ({len(d['attendees'])})", ", ".join(d["attendees"][:12]))
        absent = list(sources(G, n, schema.ABSENT_FROM))
        if absent:
            add("absent", _names(G, absent))
    elif t == schema.AGENDA_ITEM:
        add("item", f"Punkt {d.get('number')}: {d.get('title') or ''}")
        add("date", d.get("date"))
        add("forum", d.get("forum"))
        add("outcome", d.get("outcome"))
        add("case", ", ".join(d.get("case_numbers") or ()))
        add("decision", _first_lines(d.get("decision")))
        guests = list(sources(G, n, schema.GUEST_AT))
        if guests:
            add("guests", _names(G, guests))
        presenters = list(sources(G, n, schema.PRESENTED))
        if presenters:
            add("presented by", _names(G, presenters))
    elif t == schema.DECISION:
        add("earlier decision" if d.get("earlier") else "decision", _first_lines(d.get("text")))
        add("date", d.get("date"))
        add("forum", d.get("forum"))
        add("outcome", d.get("outcome"))
    elif t == schema.MATTER:
        items = matter_items(G, n)
        add("matter", d.get("label"))
        add("steps", len(items))
        for i in items[:8]:
            di = G.nodes[i]
            add(str(di.get("date") or ""), f"{di.get('forum')}: {clip(di.get('title'), 80)}")
    elif t == schema.CASE:
        add("case", d.get("number"))
        add("agenda items", case_item_count(G, n))
    elif t == schema.PERSON:
        add("person", d.get("name"))
        add("roles", ", ".join(d.get("roles") or ()))
        add("also written", ", ".join(d.get("aliases") or ()))
        add("meetings attended", attended_count(G, n))
    elif t == schema.ATTACHMENT:
        add("attachment", d.get("title"))
        add("number", d.get("number"))
    elif t == schema.DOCUMENT:
        add("document", d.get("title") or d.get("path"))
        add("file", d.get("path"))
        add("format", d.get("format"))
    elif t == schema.FORUM:
        add("forum", d.get("name"))
        add("meetings", forum_meeting_count(G, n))
    else:
        add(t.lower() or "node", d.get("name") or d.get("title") or n)
    add("source", source(d))
    return rows  # the page adds the key


def edge_tip(kind: str, d: dict[str, Any]) -> list[list[str]]:
    rows: list[list[str]] = []  # the page adds the relation
    if d.get("score") is not None:
        rows.append(["score", f"{float(d['score']):.2f}"])
    for ev in d.get("evidence") or ():
        rows.append(["evidence", clip(ev, 160)])
    if d.get("text"):
        rows.append(["text", clip(d["text"], 200)])
    src = source(d)
    if src:
        rows.append(["source", src])
    return rows
