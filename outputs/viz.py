"""Interactive HTML views of the case graph: one self-contained file that works offline.

A view is a set of node keys drawn with vis-network (the copy pyvis ships, inlined, so
the file makes no request to any host). The node and edge lists are built in one pass
over the view's nodes and their edges (pyvis's ``from_nx`` is quadratic), positions are
computed here, and the browser draws them with physics off:

* one horizontal lane per forum, meetings ordered by date along x, so the ``CONTINUES``
  chain of a matter reads left to right;
* agenda items stacked under their meeting, with their decision, case numbers and
  attachments beside them; an earlier decision sits under the (stub) meeting that took it;
* people in a band below the lanes, each under the meetings they are linked to.

Colour is the forum, shape the node type, edge labels the relation; a legend says so
and says what a capped view left out. Tooltips are built in the browser as text nodes,
and every other piece of document text is HTML-escaped, so a title such as
``<img src=x onerror=alert(1)>`` shows as text.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("forum:direktionen", type="Forum", name="Direktionen")
>>> G.add_node("meeting:direktionen:2021-01-07", type="Meeting", forum="Direktionen",
...            date="2021-01-07", documented=True)
>>> G.add_edge("meeting:direktionen:2021-01-07", "forum:direktionen", key="OF_FORUM",
...            type="OF_FORUM")
'OF_FORUM'
>>> page = render_html(G, G.nodes, title="<Direktionen>")
>>> "&lt;Direktionen&gt;" in page and "https://" not in page.split("<script")[0]
True
"""

from __future__ import annotations

import gc
import html
import json
import math
import os
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as _date
from datetime import timedelta as _timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from core import schema
from core.errors import NoMatchError, OutputError, QueryError
from core.text import slug
from graph.neighbours import sources, targets
from queries.timeline import case_timeline

__all__ = [
    "VizReport",
    "overview",
    "render_html",
    "resolve_matter",
    "select_matter",
    "show",
    "write_html",
]

# -- how things look ---------------------------------------------------------------

# Node types in the order a capped view keeps them (earlier = more important).
TYPE_ORDER = (
    schema.MATTER,
    schema.FORUM,
    schema.MEETING,
    schema.AGENDA_ITEM,
    schema.DECISION,
    schema.CASE,
    schema.ATTACHMENT,
    schema.PERSON,
    schema.ORGANISATION,
    schema.ROLE,
    schema.DOCUMENT,
)
_RANK = {t: i for i, t in enumerate(TYPE_ORDER)}

# vis-network shape per type; label-below shapes keep sizes predictable for the layout.
SHAPES = {
    schema.FORUM: "box",
    schema.MEETING: "square",
    schema.AGENDA_ITEM: "dot",
    schema.MATTER: "star",
    schema.DECISION: "triangle",
    schema.CASE: "hexagon",
    schema.ATTACHMENT: "diamond",
    schema.PERSON: "triangleDown",
    schema.DOCUMENT: "database",
    schema.ORGANISATION: "ellipse",
    schema.ROLE: "ellipse",
}
SIZES = {
    schema.MEETING: 14,
    schema.AGENDA_ITEM: 11,
    schema.MATTER: 18,
    schema.PERSON: 9,
    schema.ATTACHMENT: 8,
}

# Colour-blind-friendly categorical palette (Tableau 10) for forums, in lane order.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#86bcb6",
)
# Types that are not bound to one forum get a neutral colour of their own.
NEUTRAL = {
    schema.MATTER: "#f5b700",
    schema.CASE: "#6b7b8c",
    schema.ATTACHMENT: "#bcc3cc",
    schema.PERSON: "#8d99a6",
    schema.DOCUMENT: "#d9d9d9",
    schema.ORGANISATION: "#c9b38f",
    schema.ROLE: "#c9b38f",
}
OTHER_COLOUR = "#cccccc"
FORUM_TYPES = frozenset({schema.FORUM, schema.MEETING, schema.AGENDA_ITEM, schema.DECISION})

# Edges drawn in a view that stand for a path through a node the view left out.
DERIVED = {
    "ON_AGENDA": "a meeting had an item of this matter (the item is folded in)",
    schema.CONTINUES: "an item continues at a later meeting (the items are folded in)",
}

# Layout grid, in vis-network canvas pixels.
_COL_W = 210  # one date column without satellites
_SAT_DX = 150  # satellites (decision, case, attachment) to the right of their item
_ROW_H = 84  # room for a node and a label of three lines
_LANE_GAP = 70
_BAND_DX = 150  # minimum distance between two people in a band
_LABEL_CHARS = 66
_MATTER_BAND_MAX = 3  # up to this many matters head the view from a band above the lanes

# -- the result of write_html --------------------------------------------------------


@dataclass(frozen=True)
class VizReport:
    """What :func:`write_html` wrote.

    ``left_out`` counts, per node type, what the view did not draw, and ``note`` says
    it in words (empty when nothing was left out).
    """

    path: str
    title: str
    matter: str | None
    nodes: int
    edges: int
    left_out: tuple[tuple[str, int], ...]
    note: str
    bytes: int
    seconds: float = 0.0


@dataclass(frozen=True)
class _View:
    nodes: list[dict[str, Any]]
    edges: list[list[Any]]
    columns: list[tuple[float, str]]
    lanes: list[tuple[float, float, str, str]]
    forums: list[tuple[str, str]]
    types: list[str]
    edge_types: list[tuple[str, bool]]
    left_out: tuple[tuple[str, int], ...]
    note: str


# -- choosing what to draw -------------------------------------------------------------


def _type(G: nx.MultiDiGraph, n: str) -> str:
    return str(G.nodes[n].get("type", ""))


# Edge keys are edge types (docs/schema.md), so the adjacency dicts answer "which
# neighbours by this relation" without building networkx edge views, which dominate the
# cost on large graphs.


@lru_cache(maxsize=4096)
def _slug(name: str) -> str:
    """:func:`slug`, cached: a view asks for the same few forum names again and again."""
    return slug(name)


def _matter_items(G: nx.MultiDiGraph, matter: str) -> list[str]:
    items = [i for i in G.nodes[matter].get("items") or () if i in G]
    seen = set(items)
    items += sorted(i for i in sources(G, matter, schema.PART_OF) if i not in seen)
    return items


def select_matter(G: nx.MultiDiGraph, matter_key: str) -> set[str]:
    """The neighbourhood of one matter, as a set of node keys.

    The matter, its agenda items, their meetings and forums, decisions (and the
    meetings that took earlier decisions), attendees of those meetings, guests and
    presenters of the items, attachments, case numbers and referenced meetings.
    An agenda item's key is accepted too, for an item no matter links yet.

    Raises
    ------
    core.errors.NoMatchError
        When ``matter_key`` is not a matter (or item) of ``G``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("matter:a:2021-01-07:4", type="Matter", label="Budget",
    ...            items=["item:a:2021-01-07:4"])
    >>> G.add_node("item:a:2021-01-07:4", type="AgendaItem", meeting="meeting:a:2021-01-07")
    >>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
    >>> G.add_edge("meeting:a:2021-01-07", "item:a:2021-01-07:4", key="HAS_ITEM")
    'HAS_ITEM'
    >>> sorted(select_matter(G, "matter:a:2021-01-07:4"))
    ['item:a:2021-01-07:4', 'matter:a:2021-01-07:4', 'meeting:a:2021-01-07']
    """
    if matter_key not in G or _type(G, matter_key) not in (schema.MATTER, schema.AGENDA_ITEM):
        raise NoMatchError(
            f"{matter_key!r} is not a matter of the graph; give a key such as "
            "'matter:direktionen:2021-01-07:4' or use a query (case number or words)"
        )
    keep = {matter_key}
    items = [matter_key] if _type(G, matter_key) == schema.AGENDA_ITEM else []
    items += _matter_items(G, matter_key) if _type(G, matter_key) == schema.MATTER else []
    meetings: set[str] = set()
    for item in items:
        keep.add(item)
        for _, v, k in G.out_edges(item, keys=True):
            if k in (
                schema.ABOUT_CASE,
                schema.HAS_ATTACHMENT,
                schema.REFERS_TO,
                schema.PREPARES,
                schema.PART_OF,
            ):
                keep.add(v)
            elif k == schema.HAS_DECISION:
                keep.add(v)
                keep.update(targets(G, v, schema.DECIDED_AT))
        for u, _, k in G.in_edges(item, keys=True):
            if k == schema.HAS_ITEM:
                meetings.add(u)
            elif k in (schema.GUEST_AT, schema.PRESENTED):
                keep.add(u)
    keep.update(meetings)
    for m in meetings:
        keep.update(sources(G, m, schema.ATTENDED))
    # Every meeting in view (held, earlier or referenced) brings its forum, for its lane.
    for n in list(keep):
        if _type(G, n) == schema.MEETING:
            keep.update(targets(G, n, schema.OF_FORUM))
    return keep


def overview(G: nx.MultiDiGraph, max_nodes: int) -> tuple[set[str], str]:
    """The whole graph reduced to at most ``max_nodes`` nodes, and a note of what is left out.

    Whole kinds of node are added while they fit, most important first: forums and
    meetings, matters (longest first), agenda items, then decisions, cases and
    attachments, then people, then the rest. When the meetings alone do not fit, the
    newest take half the room and the rest goes to what touches them (their matters
    first). People left out are folded into the meetings' tooltips; documents are always
    left out, as every tooltip names its source file and line.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> for d in ("2021-01-07", "2021-01-13"):
    ...     G.add_node(f"meeting:a:{d}", type="Meeting", forum="A", date=d)
    >>> G.add_node("person:x", type="Person", name="X")
    >>> keep, note = overview(G, 2)
    >>> sorted(keep)
    ['meeting:a:2021-01-07', 'meeting:a:2021-01-13']
    >>> note
    'left out: 1 person (folded into meeting tooltips)'
    """
    if max_nodes < 1:
        raise QueryError(f"--max-nodes must be at least 1, not {max_nodes}")
    nodes = [n for n, d in G.nodes(data=True) if d.get("type") != schema.DOCUMENT]
    kept, dropped, since = _reduce(G, nodes, max_nodes)
    documents = len(G) - len(nodes)
    if documents:
        dropped[schema.DOCUMENT] = documents
    return set(kept), _note(dropped, since)


_TIERS: tuple[tuple[str, ...], ...] = (
    (schema.FORUM, schema.MEETING),
    (schema.MATTER,),
    (schema.AGENDA_ITEM,),
    (schema.DECISION, schema.CASE, schema.ATTACHMENT),
    (schema.PERSON,),
)


def _reduce(
    G: nx.MultiDiGraph, nodes: Iterable[str], max_nodes: int
) -> tuple[list[str], dict[str, int], str]:
    """At most ``max_nodes`` of ``nodes``, by tiers (see :func:`overview`).

    Returns the kept nodes (in the order given), the count left out per type, and the
    date of the oldest meeting kept when older meetings had to go ("" otherwise).
    """
    chosen = [n for n in dict.fromkeys(nodes) if n in G]
    if len(chosen) <= max_nodes:
        return chosen, {}, ""
    by_type: dict[str, list[str]] = defaultdict(list)
    for n in chosen:
        by_type[_type(G, n)].append(n)
    tiered = {t for tier in _TIERS for t in tier}
    tiers = [*_TIERS, tuple(t for t in by_type if t not in tiered)]
    keep: set[str] = set()
    window: set[str] | None = None
    since = ""
    for depth, tier in enumerate(tiers):
        members = [n for t in tier for n in by_type.get(t, ())]
        if window is not None and depth > 0:
            members = [n for n in members if _touches(G, n, window, keep)]
        room = max_nodes - len(keep)
        if len(members) <= room:
            keep.update(members)
            continue
        if depth == 0:
            forums = set(by_type.get(schema.FORUM, ()))
            kept = _newest_meetings(G, by_type.get(schema.MEETING, []), forums, max(1, room // 2))
            keep.update(kept)
            window = {m for m in kept if _type(G, m) == schema.MEETING}
            since = min((str(G.nodes[m].get("date")) for m in window), default="")
            continue
        if depth == 1:
            # Matters that travel furthest first: they are what the view is for.
            ranked = sorted(members, key=lambda m: (-len(G.nodes[m].get("items") or ()), m))
            keep.update(ranked[:room])
        break
    dropped = Counter(_type(G, n) for n in chosen if n not in keep)
    return [n for n in chosen if n in keep], dict(dropped), since


def _touches(G: nx.MultiDiGraph, n: str, window: set[str], keep: set[str]) -> bool:
    """Whether ``n`` belongs with the meetings kept (``window``) or what is kept so far."""
    if _type(G, n) == schema.MATTER:
        return any(G.nodes[i].get("meeting") in window for i in _matter_items(G, n))
    return any(v in keep for v in G.succ[n]) or any(u in keep for u in G.pred[n])


def _newest_meetings(
    G: nx.MultiDiGraph, meetings: list[str], forums: set[str], room: int
) -> set[str]:
    """The newest meetings, with their forums (when among ``forums``), within ``room`` nodes."""
    keep: set[str] = set()
    for m in sorted(meetings, key=lambda m: (str(G.nodes[m].get("date")), m), reverse=True):
        new = [f for f in targets(G, m, schema.OF_FORUM) if f in forums and f not in keep]
        if len(keep) + 1 + len(new) > room:
            break
        keep.add(m)
        keep.update(new)
    return keep


def _note(missing: dict[str, int], since: str = "") -> str:
    """What a view left out, in words.

    >>> _note({"Person": 3, "Meeting": 10}, since="2021-01-07")
    'left out: 10 meetings before 2021-01-07, 3 people (folded into meeting tooltips)'
    """
    if not missing:
        return ""
    parts = []
    for t in sorted(missing, key=lambda t: (_RANK.get(t, len(_RANK)), t)):
        count = missing[t]
        word = _PLURAL.get(t, t.lower() + "s") if count != 1 else _SINGULAR.get(t, t.lower())
        part = f"{count:,} {word}"
        if t == schema.MEETING and since:
            part += f" before {since}"
        elif t == schema.PERSON:
            part += " (folded into meeting tooltips)"
        elif t == schema.DOCUMENT:
            part += " (named in the tooltips)"
        parts.append(part)
    return "left out: " + ", ".join(parts)


_SINGULAR = {schema.AGENDA_ITEM: "agenda item", schema.ORGANISATION: "organisation"}
_PLURAL = {schema.AGENDA_ITEM: "agenda items", schema.PERSON: "people", schema.MATTER: "matters"}


# -- resolving a query --------------------------------------------------------------------


def resolve_matter(G: nx.MultiDiGraph, query: str) -> str:
    """The key of the matter that best answers ``query``.

    A matter, item or case key is taken as it is; anything else (a case number such as
    ``S2020-57031``, or words) goes to ``queries.timeline.case_timeline``, whose best
    match is the answer.

    Raises
    ------
    core.errors.NoMatchError
        When nothing matches (with the closest titles, when there are any).

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("matter:a:2021-01-07:4", type="Matter", label="Regningsbetaling")
    >>> resolve_matter(G, "matter:a:2021-01-07:4")
    'matter:a:2021-01-07:4'
    """
    q = query.strip()
    if q in G and _type(G, q) in (schema.MATTER, schema.AGENDA_ITEM, schema.CASE):
        return _matter_of_node(G, q)
    matters = case_timeline(G, q, limit=1)["matters"]
    if not matters:
        raise NoMatchError(f"no matter matches {query!r}")
    return str(matters[0]["id"])


def _matter_of_node(G: nx.MultiDiGraph, key: str) -> str:
    t = _type(G, key)
    if t == schema.MATTER:
        return key
    items = [key] if t == schema.AGENDA_ITEM else list(sources(G, key, schema.ABOUT_CASE))
    matters = [m for i in items for m in targets(G, i, schema.PART_OF)]
    if matters:
        # The matter with the most steps tells the fullest story.
        return max(matters, key=lambda m: (len(G.nodes[m].get("items") or ()), m))
    if items:
        return max(items, key=lambda i: (str(G.nodes[i].get("date") or ""), i))
    raise NoMatchError(f"{key!r} has no agenda item in the graph")


# -- layout ------------------------------------------------------------------------------


def _clip(text: Any, limit: int) -> str:
    s = " ".join(str(text or "").split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _label(G: nx.MultiDiGraph, n: str) -> str:
    d = G.nodes[n]
    t = d.get("type")
    if t == schema.MEETING:
        return str(d.get("date") or n) + ("" if d.get("documented", True) else " (ref.)")
    if t == schema.AGENDA_ITEM:
        return _clip(f"{d.get('number', '?')}. {d.get('title') or ''}", _LABEL_CHARS)
    if t == schema.DECISION:
        head = "earlier decision" if d.get("earlier") else "decision"
        return head + (f": {d['outcome']}" if d.get("outcome") else "")
    if t == schema.CASE:
        return str(d.get("number") or n.removeprefix("case:"))
    if t == schema.MATTER:
        return _clip(d.get("label") or n, _LABEL_CHARS)
    if t == schema.ATTACHMENT:
        return _clip(d.get("title") or d.get("number") or n, 40)
    if t == schema.DOCUMENT:
        return os.path.basename(str(d.get("path") or n))
    return _clip(d.get("name") or d.get("title") or n, 40)


def _first_lines(text: Any, lines: int = 3, width: int = 160) -> str:
    out = [_clip(line, width) for line in str(text or "").splitlines() if line.strip()]
    more = len(out) > lines
    return "\n".join(out[:lines]) + ("\n…" if more else "")


def _source(d: dict[str, Any]) -> str | None:
    path = d.get("source_path")
    if not path:
        return None
    first, last = d.get("first_line"), d.get("last_line")
    if first is None:
        return str(path)
    return f"{path}:{first}" + (f"-{last}" if last not in (None, first) else "")


def _names(G: nx.MultiDiGraph, keys: Iterable[str], limit: int = 12) -> str:
    names = sorted(str(G.nodes[k].get("name") or k) for k in keys)
    extra = f" … (+{len(names) - limit})" if len(names) > limit else ""
    return ", ".join(names[:limit]) + extra


def _tip(G: nx.MultiDiGraph, n: str) -> list[list[str]]:
    """Tooltip rows (label, value) for a node; the browser shows them as text."""
    d = G.nodes[n]
    t = str(d.get("type", ""))
    rows: list[list[str]] = []

    def add(label: str, value: Any) -> None:
        if value not in (None, "", [], ()):
            rows.append([label, str(value)])

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
        items = _matter_items(G, n)
        add("matter", d.get("label"))
        add("steps", len(items))
        for i in items[:8]:
            di = G.nodes[i]
            add(str(di.get("date") or ""), f"{di.get('forum')}: {_clip(di.get('title'), 80)}")
    elif t == schema.CASE:
        add("case", d.get("number"))
        add("agenda items", sum(1 for _ in sources(G, n, schema.ABOUT_CASE)))
    elif t == schema.PERSON:
        add("person", d.get("name"))
        add("roles", ", ".join(d.get("roles") or ()))
        add("also written", ", ".join(d.get("aliases") or ()))
        add("meetings attended", sum(1 for _ in targets(G, n, schema.ATTENDED)))
    elif t == schema.ATTACHMENT:
        add("attachment", d.get("title"))
        add("number", d.get("number"))
    elif t == schema.DOCUMENT:
        add("document", d.get("title") or d.get("path"))
        add("file", d.get("path"))
        add("format", d.get("format"))
    elif t == schema.FORUM:
        add("forum", d.get("name"))
        add("meetings", sum(1 for _ in sources(G, n, schema.OF_FORUM)))
    else:
        add(t.lower() or "node", d.get("name") or d.get("title") or n)
    add("source", _source(d))
    return rows  # the page adds the key


def _edge_tip(kind: str, d: dict[str, Any]) -> list[list[str]]:
    rows: list[list[str]] = []  # the page adds the relation
    if d.get("score") is not None:
        rows.append(["score", f"{float(d['score']):.2f}"])
    for ev in d.get("evidence") or ():
        rows.append(["evidence", _clip(ev, 160)])
    if d.get("text"):
        rows.append(["text", _clip(d["text"], 200)])
    src = _source(d)
    if src:
        rows.append(["source", src])
    return rows


class _Layout:
    """Positions for the nodes of one view (see the module docstring for the picture)."""

    def __init__(self, G: nx.MultiDiGraph, nodes: list[str]) -> None:
        self.G = G
        self.sel = set(nodes)
        self.nodes = nodes
        self.pos: dict[str, tuple[float, float]] = {}
        # stack (forum slug, date) -> entries, each [node, satellites]; a stack is one
        # meeting with what sits under it, or several when columns group weeks or months.
        self.stacks: dict[tuple[str, str], list[list[Any]]] = defaultdict(list)
        self.forum_names: dict[str, str] = {}
        self.bands: dict[str, list[str]] = {"matters": [], "people": [], "other": []}

    def _forum(self, name: Any) -> str:
        s = _slug(str(name or "")) or "unknown"
        self.forum_names.setdefault(s, str(name or "unknown forum"))
        return s

    def _stack_of(self, n: str) -> tuple[str, str] | None:
        d = self.G.nodes[n]
        if d.get("date") and d.get("forum"):
            return (self._forum(d["forum"]), str(d["date"]))
        return None

    def place(self) -> None:
        G, sel = self.G, self.sel
        satellites: dict[str, list[str]] = defaultdict(list)
        loose: list[str] = []
        for n in self.nodes:
            t = _type(G, n)
            d = G.nodes[n]
            stack = self._stack_of(n)
            if t == schema.FORUM:
                self._forum(d.get("name") or n.removeprefix("forum:"))
            elif t == schema.MEETING and stack:
                self.stacks[stack].append([n, []])
            elif t == schema.AGENDA_ITEM and stack:
                self.stacks[stack].append([n, satellites[n]])
            elif t == schema.DECISION:
                items = [i for i in sources(G, n, schema.HAS_DECISION) if i in sel]
                if items and not d.get("earlier"):
                    satellites[items[0]].append(n)
                elif stack:
                    # An earlier decision sits under the meeting that took it.
                    self.stacks[stack].append([n, []])
                else:
                    loose.append(n)
            elif t in (schema.CASE, schema.ATTACHMENT):
                kind = schema.ABOUT_CASE if t == schema.CASE else schema.HAS_ATTACHMENT
                items = sorted(i for i in sources(G, n, kind) if i in sel)
                if items:
                    satellites[items[0]].append(n)
                else:
                    loose.append(n)
            elif t == schema.MATTER:
                self.bands["matters"].append(n)
            elif t == schema.PERSON:
                self.bands["people"].append(n)
            else:
                loose.append(n)
        self._place_matters(loose)
        self.bands["other"] = loose
        self._grid(any(satellites.values()))

    def _place_matters(self, loose: list[str]) -> None:
        """A few matters head the view from a band above the lanes; many sit in the lanes.

        In the lanes, each matter goes under its first step that the view shows, which
        keeps its edges short when hundreds of matters are drawn.
        """
        matters = self.bands["matters"]
        if len(matters) <= _MATTER_BAND_MAX:
            return
        self.bands["matters"] = []
        for n in matters:
            home = self._matter_stack(n)
            if home:
                self.stacks[home].append([n, []])
            else:
                loose.append(n)

    def _matter_stack(self, matter: str) -> tuple[str, str] | None:
        """A matter sits under its first step that the view shows (item or meeting)."""
        for item in _matter_items(self.G, matter):
            d = self.G.nodes[item]
            stack = self._stack_of(item)
            if stack and (item in self.sel or d.get("meeting") in self.sel):
                return stack
        return None

    def _grid(self, with_satellites: bool) -> None:
        G = self.G
        col_w = _COL_W + (_SAT_DX if with_satellites else 0)
        bucket, self.bucket_name = _bucketing({date for _, date in self.stacks})
        cells: dict[tuple[str, str], list[tuple[tuple[Any, ...], str, list[str]]]] = defaultdict(
            list
        )
        for (f, date), entries in self.stacks.items():
            for node, sats in entries:
                order = (date, *_entry_order(G, node))
                cells[(f, bucket(date))].append((order, node, sats))
        columns = sorted({c for _, c in cells})
        col = {c: i for i, c in enumerate(columns)}
        first_seen: dict[str, str] = {}
        for f, date in sorted(self.stacks, key=lambda k: k[1]):
            first_seen.setdefault(f, date)
        lanes = sorted(self.forum_names, key=lambda f: (first_seen.get(f, "~"), f))
        # Without satellites a crowded cell flows into several sub-columns, as many as
        # bring the drawing closest to the shape of a screen.
        flow = 1 if with_satellites else _best_flow(cells, len(columns), lanes)
        col_w = max(col_w, flow * _SUB_W)
        rows: dict[str, int] = dict.fromkeys(lanes, 1)
        for (f, _), members in cells.items():
            if flow == 1:
                rows[f] = max(rows[f], sum(max(1, len(sats)) for _, _, sats in members))
            else:
                rows[f] = max(rows[f], -(-len(members) // flow))
        y = 0.0
        self.lane_y: dict[str, tuple[float, float]] = {}
        for f in lanes:
            self.lane_y[f] = (y, y + rows[f] * _ROW_H)
            y += rows[f] * _ROW_H + _LANE_GAP
        for (f, c), members in cells.items():
            x = col[c] * col_w
            top = row_y = self.lane_y[f][0]
            per_column = -(-len(members) // flow)
            for i, (_, node, sats) in enumerate(sorted(members)):
                if flow > 1:
                    # Column-major, so the cell still reads top to bottom, then left to right.
                    self.pos[node] = (
                        x + (i // per_column) * _SUB_W,
                        top + (i % per_column) * _ROW_H,
                    )
                    continue
                self.pos[node] = (x, row_y)
                sats.sort(key=lambda n: (_RANK.get(_type(G, n), 99), n))
                for k, sat in enumerate(sats):
                    self.pos[sat] = (x + _SAT_DX, row_y + k * _ROW_H)
                row_y += max(1, len(sats)) * _ROW_H
        for n in self.nodes:
            # Forum nodes head their lane, left of the first column.
            if _type(G, n) == schema.FORUM:
                f = _slug(str(G.nodes[n].get("name") or n.removeprefix("forum:")))
                self.pos[n] = (-col_w, self.lane_y.get(f, (y, y))[0])
        self.columns = [(float(col[c] * col_w), c) for c in columns]
        self.lanes = lanes
        self.width = max(len(columns), 1) * col_w
        self._band(self.bands["people"], y + _ROW_H)
        bottom = max((p[1] for p in self.pos.values()), default=y) + 1.5 * _ROW_H
        self._band(self.bands["other"], bottom)
        # Above the date axis, which the page paints at the top lane's y - 70.
        self._band(self.bands["matters"], -_ROW_H - 110, step=-_ROW_H)

    def _band(self, members: list[str], top: float, step: float = _ROW_H) -> None:
        """People (or other loose nodes) in rows, each near the mean x of its neighbours."""
        if not members:
            return
        G, pos = self.G, self.pos
        wanted: list[tuple[float, str]] = []
        for n in members:
            xs = [pos[v][0] for v in G.successors(n) if v in pos]
            xs += [pos[u][0] for u in G.predecessors(n) if u in pos]
            if not xs and _type(G, n) == schema.MATTER:
                # Its items may be folded out of the view: use their meetings.
                meetings = (G.nodes[i].get("meeting") for i in _matter_items(G, n))
                xs = [pos[m][0] for m in meetings if m in pos]
            wanted.append((sum(xs) / len(xs) if xs else 0.0, n))
        wanted.sort()
        # A node may move right of where it wants to be by at most half the view's width;
        # past that it starts a new row.
        slack = max(self.width, _BAND_DX * 8) / 2
        row_ends: list[float] = []
        for x, n in wanted:
            for r, end in enumerate(row_ends):
                px = max(x, end + _BAND_DX)
                if px - x <= slack:
                    row_ends[r] = px
                    break
            else:
                r, px = len(row_ends), x
                row_ends.append(px)
            pos[n] = (px, top + r * step)


_SUB_W = 175  # one sub-column of a crowded cell: a label 160 px wide and a gap
_ASPECT = 1.6  # width / height of the screen the first view should fill


def _best_flow(cells: dict[tuple[str, str], list[Any]], columns: int, lanes: list[str]) -> int:
    """How many sub-columns a cell gets, so that width / height comes closest to ``_ASPECT``.

    >>> cells = {("a", "2021-01"): [0] * 40}
    >>> _best_flow(cells, 1, ["a"])  # 6 x 175 px wide, 7 rows x 84 px (+ 70) high
    6
    """
    tallest: dict[str, int] = defaultdict(int)
    for (f, _), members in cells.items():
        tallest[f] = max(tallest[f], len(members))
    best, best_score = 1, float("inf")
    for flow in range(1, 9):
        width = max(columns, 1) * max(_COL_W, flow * _SUB_W)
        height = sum(max(1, -(-tallest[f] // flow)) * _ROW_H + _LANE_GAP for f in lanes)
        score = abs(math.log(width / max(height, 1.0) / _ASPECT))
        if score < best_score:
            best, best_score = flow, score
    return best


_STACK_ORDER = {schema.MEETING: 0, schema.AGENDA_ITEM: 1, schema.DECISION: 2, schema.MATTER: 3}


def _entry_order(G: nx.MultiDiGraph, n: str) -> tuple[int, int, str]:
    """In a stack: a meeting, its items by number, earlier decisions, then matters."""
    d = G.nodes[n]
    number = d.get("number")
    return (_STACK_ORDER.get(str(d.get("type")), 4), number if isinstance(number, int) else 0, n)


_MAX_COLUMNS = 40


def _bucketing(dates: set[str]) -> tuple[Any, str]:
    """The finest of day, week, month, year that gives at most ``_MAX_COLUMNS`` columns.

    >>> bucket, name = _bucketing({"2021-01-07", "2021-01-13"})
    >>> name, bucket("2021-01-07")
    ('day', '2021-01-07')
    >>> bucket, name = _bucketing({f"2021-{m:02d}-{d:02d}" for m in (1, 2) for d in range(1, 29)})
    >>> name, bucket("2021-01-07"), bucket("2021-02-28")
    ('week', 'week of 2021-01-04', 'week of 2021-02-22')
    """

    def day(date: str) -> str:
        return date

    def week(date: str) -> str:
        try:
            d = _date.fromisoformat(date)
        except ValueError:
            return date
        return "week of " + (d - _timedelta(days=d.weekday())).isoformat()

    def month(date: str) -> str:
        return date[:7]

    def year(date: str) -> str:
        return date[:4]

    for name, fn in (("day", day), ("week", week), ("month", month)):
        if len({fn(d) for d in dates}) <= _MAX_COLUMNS:
            return fn, name
    return year, "year"


# -- the view ----------------------------------------------------------------------------------


def _build_view(G: nx.MultiDiGraph, nodes: Iterable[str], max_nodes: int, note: str = "") -> _View:
    if max_nodes < 1:
        raise QueryError(f"--max-nodes must be at least 1, not {max_nodes}")
    chosen, dropped, since = _reduce(G, nodes, max_nodes)
    sel = set(chosen)
    layout = _Layout(G, chosen)
    layout.place()
    # A forum keeps its colour in every view of the same graph: rank it among all forums.
    ranks = {f: i for i, f in enumerate(_all_forums(G, layout.lanes))}
    lane_colour = {f: PALETTE[ranks[f] % len(PALETTE)] for f in layout.lanes}

    def colour(n: str, d: dict[str, Any]) -> str:
        t = d.get("type")
        if t in FORUM_TYPES:
            name = d.get("name") if t == schema.FORUM else d.get("forum")
            return lane_colour.get(_slug(str(name or "")), OTHER_COLOUR)
        return NEUTRAL.get(str(t), OTHER_COLOUR)

    out_nodes: list[dict[str, Any]] = []
    for n in chosen:
        d = G.nodes[n]
        x, y = layout.pos.get(n, (0.0, 0.0))
        node: dict[str, Any] = {
            "id": n,
            "label": _label(G, n),
            "group": str(d.get("type") or "Other"),
            "x": round(x, 1),
            "y": round(y, 1),
            "color": colour(n, d),
            "tip": _tip(G, n),
        }
        if d.get("type") == schema.MEETING and not d.get("documented", True):
            node["stub"] = 1
        out_nodes.append(node)

    # Each edge: [from, to, relation, derived, index among the edges of its node pair (the
    # page curves the second and later ones apart), tooltip rows].
    edges: list[list[Any]] = []
    succ = G.succ
    for u in chosen:
        for v, keyed in succ[u].items():
            if v not in sel:
                continue
            # Edges v -> u come first in their pair when v sorts first.
            offset = len(succ[v].get(u, ())) if v < u else 0
            for i, (k, d) in enumerate(keyed.items()):
                kind = str(d.get("type") or k)
                edges.append([u, v, kind, 0, offset + i, _edge_tip(kind, d)])
    derived_pairs: Counter[tuple[str, str]] = Counter()
    for u, v, kind, tip in _derived_edges(G, chosen, sel):
        derived_pairs[(u, v)] += 1
        edges.append([u, v, kind, 1, derived_pairs[(u, v)] - 1, tip])

    types = sorted({str(n["group"]) for n in out_nodes}, key=lambda t: (_RANK.get(t, 99), t))
    edge_types = sorted({(str(e[2]), bool(e[3])) for e in edges})
    notes = [s for s in (note, _note(dropped, since)) if s]
    if dropped:
        notes.append(f"the view is capped at {max_nodes:,} nodes")
    return _View(
        nodes=out_nodes,
        edges=edges,
        columns=layout.columns,
        lanes=[
            (layout.lane_y[f][0], layout.lane_y[f][1], layout.forum_names[f], lane_colour[f])
            for f in layout.lanes
        ],
        forums=[(layout.forum_names[f], lane_colour[f]) for f in layout.lanes],
        types=types,
        edge_types=edge_types,
        left_out=tuple(sorted(dropped.items())),
        note="; ".join(notes),
    )


def _all_forums(G: nx.MultiDiGraph, lanes: list[str]) -> list[str]:
    """Slugs of every forum of ``G`` (and of the view's lanes), in a stable order."""
    names = {
        _slug(str(d.get("name") or n))
        for n, d in G.nodes(data=True)
        if d.get("type") == schema.FORUM
    }
    return sorted(names | set(lanes))


def _derived_edges(
    G: nx.MultiDiGraph, chosen: list[str], sel: set[str]
) -> Iterator[tuple[str, str, str, list[list[str]]]]:
    """Edges through agenda items the view left out, so matters still show their path."""
    seen: set[tuple[str, str, str]] = set()
    for n in chosen:
        t = _type(G, n)
        if t == schema.MATTER:
            for item in sources(G, n, schema.PART_OF):
                meeting = G.nodes[item].get("meeting")
                if item not in sel and meeting in sel and (meeting, n, "ON_AGENDA") not in seen:
                    seen.add((meeting, n, "ON_AGENDA"))
                    d = G.nodes[item]
                    tip = [
                        ["meaning", DERIVED["ON_AGENDA"]],
                        ["item", f"Punkt {d.get('number')}: {d.get('title') or ''}"],
                    ]
                    yield meeting, n, "ON_AGENDA", tip
        elif t == schema.MEETING:
            for item in targets(G, n, schema.HAS_ITEM):
                if item in sel:
                    continue
                if not any(m in sel for m in targets(G, item, schema.PART_OF)):
                    continue  # another matter's step: not what this view is about
                for later in targets(G, item, schema.CONTINUES):
                    target = G.nodes[later].get("meeting")
                    if later in sel or target not in sel or target == n:
                        continue
                    if (n, target, schema.CONTINUES) not in seen:
                        seen.add((n, target, schema.CONTINUES))
                        tip = [
                            ["meaning", DERIVED[schema.CONTINUES]],
                            ["from", str(G.nodes[item].get("title") or item)],
                            ["to", str(G.nodes[later].get("title") or later)],
                        ]
                        yield n, target, schema.CONTINUES, tip


# -- HTML -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside the pyvis package (no download)."""
    import pyvis

    base = Path(pyvis.__file__).parent / "templates" / "lib"
    candidates = sorted(
        base.glob("vis-*/vis-network.min.js"), key=lambda p: _version(p.parent.name)
    )
    if not candidates:
        raise QueryError(f"{base}: pyvis ships no vis-network; reinstall pyvis (pip install pyvis)")
    folder = candidates[-1].parent
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    # A literal "</script" inside the library would end our inline <script> early.
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", name))


def _json_for_script(data: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' can end or confuse it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


_SHAPE_SVG = {
    "box": '<rect x="1" y="4" width="14" height="8" rx="2"/>',
    "square": '<rect x="2" y="2" width="12" height="12"/>',
    "dot": '<circle cx="8" cy="8" r="6"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6"/>',
    "triangle": '<polygon points="8,2 15,14 1,14"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,14"/>',
    "hexagon": '<polygon points="4,2 12,2 15,8 12,14 4,14 1,8"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8"/>',
    "database": '<ellipse cx="8" cy="4" rx="6" ry="2.5"/><rect x="2" y="4" width="12" height="9"/>',
    "ellipse": '<ellipse cx="8" cy="8" rx="7" ry="4.5"/>',
}

_TYPE_WORDS = {
    schema.AGENDA_ITEM: "agenda item",
    schema.MATTER: "matter (a case across meetings)",
    schema.MEETING: "meeting (dashed: known from a reference)",
}


def _legend(view: _View) -> str:
    esc = html.escape
    parts = ['<div class="section"><h3>Forums (colour, one lane each)</h3>']
    for name, c in view.forums:
        parts.append(
            f'<div class="row"><span class="sw" style="background:{c}"></span>{esc(name)}</div>'
        )
    parts.append('</div><div class="section"><h3>Nodes (shape)</h3>')
    for t in view.types:
        shape = SHAPES.get(t, "dot")
        fill = "#777" if t in FORUM_TYPES else NEUTRAL.get(t, OTHER_COLOUR)
        svg = (
            f'<svg viewBox="0 0 16 16" width="14" height="14" fill="{fill}">'
            f"{_SHAPE_SVG[shape]}</svg>"
        )
        parts.append(f'<div class="row">{svg}{esc(_TYPE_WORDS.get(t, t))}</div>')
    parts.append('</div><div class="section"><h3>Edges (label = relation)</h3>')
    for kind, derived in view.edge_types:
        style = "dashed" if derived else "solid"
        extra = f'<br><span class="dim">{esc(DERIVED[kind])}</span>' if derived else ""
        parts.append(
            f'<div class="row"><span class="ln {style}"></span>'
            f"<span>{esc(kind)}{extra}</span></div>"
        )
    parts.append("</div>")
    return "".join(parts)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';
               img-src data:; font-src data:">
<title>@TITLE@</title>
<style>@VIS_CSS@</style>
<style>
html, body { margin: 0; height: 100%; color: #222;
             font: 13px/1.4 system-ui, "DejaVu Sans", sans-serif; }
body { display: flex; flex-direction: column; }
header { padding: 8px 14px; border-bottom: 1px solid #ddd; }
header h1 { font-size: 17px; margin: 0; }
header .note { color: #8a4b00; margin-top: 2px; }
header .sub { color: #666; }
main { flex: 1; display: flex; min-height: 0; }
#network { flex: 1; min-width: 0; background: #fff; }
aside { width: 250px; overflow-y: auto; border-left: 1px solid #ddd; padding: 6px 12px;
        background: #fafafa; }
aside h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #555;
           margin: 12px 0 4px; }
aside .row { display: flex; align-items: center; gap: 7px; margin: 2px 0; overflow-wrap: anywhere; }
aside .sw { width: 14px; height: 14px; border-radius: 3px; flex: none; }
aside svg { flex: none; }
aside .ln { width: 22px; border-top: 2px solid #888; flex: none; }
aside .ln.dashed { border-top-style: dashed; }
aside .dim { color: #777; }
div.vis-tooltip { max-width: 460px; white-space: normal; padding: 6px 8px;
                  font: 12px/1.35 system-ui, "DejaVu Sans", sans-serif; }
.tip-row { margin: 1px 0; }
.tip-row b { color: #444; margin-right: 4px; }
.tip-row span { white-space: pre-wrap; overflow-wrap: anywhere; }
</style>
<script>@VIS_JS@</script>
</head>
<body>
<header><h1>@TITLE@</h1><div class="sub">@SUBTITLE@</div><div class="note">@NOTE@</div></header>
<main><div id="network"></div><aside>@LEGEND@</aside></main>
<script type="application/json" id="casegraph-data">@DATA@</script>
<script>
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("casegraph-data").textContent);
  // Tooltips are DOM elements filled with textContent: document text is never parsed as HTML.
  function tip(rows, head) {
    var box = document.createElement("div");
    rows.concat([head]).forEach(function (r) {
      var row = document.createElement("div"), b = document.createElement("b"),
          s = document.createElement("span");
      row.className = "tip-row"; b.textContent = r[0] + ":"; s.textContent = r[1];
      row.appendChild(b); row.appendChild(s); box.appendChild(row);
    });
    return box;
  }
  // The case's path stands out; attendance and lane membership recede.
  var FAINT = {color: "#d3d8de", highlight: "#555", hover: "#555"};
  var EDGE_STYLE = {
    CONTINUES: {width: 3, color: {color: "#c98a00", highlight: "#8a5e00", hover: "#8a5e00"}},
    PART_OF: {color: {color: "#d9a400", highlight: "#8a5e00", hover: "#8a5e00"}},
    ATTENDED: {width: 0.8, color: FAINT, font: {color: "#aab2ba", size: 8}},
    ABSENT_FROM: {width: 0.8, color: FAINT, font: {color: "#aab2ba", size: 8}},
    OF_FORUM: {width: 0.8, color: FAINT, font: {color: "#aab2ba", size: 8, align: "top"}}
  };
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var v = {id: n.id, label: n.label, group: n.group, x: n.x, y: n.y,
             title: tip(n.tip, ["key", n.id]),
             color: {background: n.color, border: n.stub ? "#888" : "#444",
                     highlight: {background: n.color, border: "#000"},
                     hover: {background: n.color, border: "#000"}}};
    if (n.stub) { v.shapeProperties = {borderDashes: [4, 3]}; v.opacity = 0.6; }
    return v;
  }));
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    var v = {id: i, from: e[0], to: e[1], label: e[2], arrows: "to",
             title: tip(e[5], ["relation", e[2] + (e[3] ? " (derived)" : "")]),
             dashes: e[3] === 1};
    var style = EDGE_STYLE[e[2]];
    if (style) { Object.keys(style).forEach(function (k) { v[k] = style[k]; }); }
    if (e[4] > 0) { v.smooth = {enabled: true, type: "curvedCW", roundness: 0.15 * e[4]}; }
    return v;
  }));
  var groups = {};
  Object.keys(data.shapes).forEach(function (t) {
    groups[t] = {shape: data.shapes[t], size: data.sizes[t] || 12};
  });
  groups.Person.widthConstraint = {maximum: 120};
  var options = {
    physics: false,
    layout: {improvedLayout: false},
    groups: groups,
    nodes: {font: {size: 12, face: "DejaVu Sans, sans-serif"}, borderWidth: 1.5,
            widthConstraint: {maximum: 160}, shape: "dot", size: 12},
    edges: {smooth: false, color: {color: "#9aa4ae", highlight: "#333"}, width: 1.2,
            font: {size: 9, color: "#666", strokeWidth: 3, align: "middle"},
            arrows: {to: {scaleFactor: 0.5}}},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: true, multiselect: true}
  };
  var container = document.getElementById("network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, options);
  var state = {network: network, nodes: nodes, edges: edges, expected: data.expected,
               drawn: false, firstDrawMs: null};
  window.casegraph = state;
  // Lanes and the date axis are painted on the canvas, in the network's own coordinates.
  network.on("beforeDrawing", function (ctx) {
    var left = data.minX - 120, right = data.maxX + 260;
    data.lanes.forEach(function (l) {
      ctx.fillStyle = l[3] + "14";
      ctx.fillRect(left, l[0] - 40, right - left, l[1] - l[0] + 20);
    });
    ctx.fillStyle = "#555"; ctx.textAlign = "center";
    ctx.font = "bold 13px DejaVu Sans, sans-serif";
    var top = (data.lanes.length ? data.lanes[0][0] : data.minY) - 70;
    data.columns.forEach(function (c) { ctx.fillText(c[1], c[0], top); });
  });
  network.once("afterDrawing", function () {
    state.firstDrawMs = performance.now();
    state.drawn = true;
    document.body.setAttribute("data-drawn", "1");
  });
})();
</script>
</body>
</html>
"""


def _html(view: _View, title: str, subtitle: str) -> str:
    js, css = _vis_assets()
    xs = [n["x"] for n in view.nodes] or [0.0]
    ys = [n["y"] for n in view.nodes] or [0.0]
    data = {
        "nodes": view.nodes,
        "edges": view.edges,
        "columns": view.columns,
        "lanes": view.lanes,
        "shapes": SHAPES,
        "sizes": SIZES,
        "minX": min(xs),
        "maxX": max(xs),
        "minY": min(ys),
        "expected": {"nodes": len(view.nodes), "edges": len(view.edges)},
    }
    values = {
        "TITLE": html.escape(title),
        "SUBTITLE": html.escape(subtitle),
        "NOTE": html.escape(view.note),
        "LEGEND": _legend(view),
        "VIS_CSS": css,
        "VIS_JS": js,
        "DATA": _json_for_script(data),
    }
    # One pass: substituted text (a title, the library) is never scanned for markers again.
    return _MARKER.sub(lambda m: values[m.group(1)], _PAGE)


_MARKER = re.compile(r"@(TITLE|SUBTITLE|NOTE|LEGEND|VIS_CSS|VIS_JS|DATA)@")


def _render(
    G: nx.MultiDiGraph, nodes: Iterable[str], max_nodes: int, note: str, title: str
) -> tuple[_View, str]:
    """The view and its page, built with the garbage collector paused.

    A view of 100,000 nodes allocates millions of small lists and dicts and frees none
    of them; the collector's full passes over them made the build grow faster than the
    graph (10k -> 100k nodes: 17 times slower instead of 10). Paused, it is linear.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        view = _build_view(G, nodes, max_nodes, note)
        return view, _html(view, title, _subtitle(view))
    finally:
        if was_enabled:
            gc.enable()


def _subtitle(view: _View) -> str:
    meetings = sorted(str(n["label"])[:10] for n in view.nodes if n["group"] == schema.MEETING)
    span = ""
    if meetings:
        forums = len(view.forums)
        span = (
            f"{len(meetings):,} meeting{'s' if len(meetings) != 1 else ''} "
            f"in {forums} forum{'s' if forums != 1 else ''}, {meetings[0]} to {meetings[-1]}; "
        )
    return f"{span}{len(view.nodes):,} nodes, {len(view.edges):,} edges. Hover a node for details."


def render_html(
    G: nx.MultiDiGraph, nodes: Iterable[str], *, title: str, max_nodes: int = 1000
) -> str:
    """A self-contained HTML page drawing ``nodes`` of ``G`` and the edges between them.

    At most ``max_nodes`` nodes are drawn, reduced as :func:`overview` reduces the whole
    graph (forums and meetings, then matters, items, ...); the page says what was left
    out. The page loads nothing from any host.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("case:S1", type="Case", number="S1")
    >>> page = render_html(G, ["case:S1"], title="One case")
    >>> page.startswith("<!DOCTYPE html>") and '"expected":{"nodes":1,"edges":0}' in page
    True
    """
    return _render(G, nodes, max_nodes, "", title)[1]


def _matter_title(G: nx.MultiDiGraph, matter: str) -> str:
    d = G.nodes[matter]
    if d.get("type") == schema.AGENDA_ITEM:
        return f"{d.get('forum')} {d.get('date')}, Punkt {d.get('number')}: {d.get('title') or ''}"
    return str(d.get("label") or matter)


def _query_page(
    G: nx.MultiDiGraph, query: str | None, max_nodes: int
) -> tuple[str | None, _View, str, str]:
    """(matter, view, title, page) for ``query``, or for the overview without one."""
    if query:
        matter = resolve_matter(G, query)
        title = _matter_title(G, matter)
        view, page = _render(G, select_matter(G, matter), max_nodes, "", title)
        return matter, view, title, page
    nodes, note = overview(G, max_nodes)
    title = "casegraph: all meetings"
    view, page = _render(G, nodes, max_nodes, note, title)
    return None, view, title, page


def write_html(
    G: nx.MultiDiGraph,
    path: str | os.PathLike[str],
    *,
    query: str | None = None,
    max_nodes: int = 1000,
) -> VizReport:
    """Write a view of ``G`` to ``path``: one matter's journey, or the whole graph.

    With ``query`` (a case number, words, or a matter key) the neighbourhood of the best
    matching matter (see :func:`select_matter`); without, :func:`overview`. The file is
    written atomically (a temporary file, then a rename).

    Raises
    ------
    core.errors.NoMatchError
        When nothing matches ``query``.

    Examples
    --------
    >>> import networkx as nx, tempfile, os
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
    >>> with tempfile.TemporaryDirectory() as d:
    ...     report = write_html(G, os.path.join(d, "all.html"))
    >>> report.nodes, report.edges, report.note
    (1, 0, '')
    """
    started = time.perf_counter()
    matter, view, title, page = _query_page(G, query, max_nodes)
    target = Path(path)
    data = page.encode("utf-8")
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write the HTML file ({exc.strerror})") from exc
    return VizReport(
        path=str(target),
        title=title,
        matter=matter,
        nodes=len(view.nodes),
        edges=len(view.edges),
        left_out=view.left_out if matter else _left_out_counts(G, view),
        note=view.note,
        bytes=len(data),
        seconds=time.perf_counter() - started,
    )


def _left_out_counts(G: nx.MultiDiGraph, view: _View) -> tuple[tuple[str, int], ...]:
    shown = Counter(str(n["group"]) for n in view.nodes)
    total = Counter(str(d.get("type", "")) for _, d in G.nodes(data=True))
    return tuple(sorted((t, total[t] - shown[t]) for t in total if total[t] > shown[t]))


def show(
    G: nx.MultiDiGraph,
    query: str | None = None,
    *,
    max_nodes: int = 1000,
    height: int = 720,
) -> Any:
    """The same view as :func:`write_html`, inline in a Jupyter notebook.

    Returns an ``IPython.display.HTML`` holding an ``<iframe srcdoc=...>``, so the page's
    scripts run in their own (sandboxed) document, as they do in the written file.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("meeting:a:2021-01-07", type="Meeting", forum="A", date="2021-01-07")
    >>> show(G).data.startswith('<div><iframe srcdoc="&lt;!DOCTYPE html&gt;')
    True
    """
    from IPython.display import HTML

    page = _query_page(G, query, max_nodes)[3]
    return HTML(
        f'<div><iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #ddd"></iframe></div>'
    )
