"""Positions for the nodes of one view, computed here so the browser draws with physics off.

* one horizontal lane per forum, meetings ordered by date along x, so the ``CONTINUES``
  chain of a matter reads left to right;
* agenda items stacked under their meeting, with their decision, case numbers and
  attachments beside them; an earlier decision sits under the (stub) meeting that took it;
* people in a band below the lanes, each under the meetings they are linked to.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for d in ("2021-01-07", "2021-01-13"):
...     G.add_node(f"meeting:a:{d}", type="Meeting", forum="A", date=d)
>>> layout = Layout(G, list(G))
>>> layout.place()
>>> [layout.pos[n] for n in G]
[(0, 0.0), (210, 0.0)]
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date as _date
from datetime import timedelta as _timedelta
from typing import Any

import networkx as nx

from core import schema
from graph.neighbours import sources
from outputs.html.nodes import forum_slug, matter_items, node_type
from outputs.html.style import RANK

__all__ = ["Layout", "bucketing", "place_band"]

# Layout grid, in vis-network canvas pixels.
_COL_W = 210  # one date column without satellites
_SAT_DX = 150  # satellites (decision, case, attachment) to the right of their item
_ROW_H = 84  # room for a node and a label of three lines
_LANE_GAP = 70
_BAND_DX = 150  # minimum distance between two people in a band
_MATTER_BAND_MAX = 3  # up to this many matters head the view from a band above the lanes


class Layout:
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
        s = forum_slug(str(name or "")) or "unknown"
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
            t = node_type(G, n)
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
        for item in matter_items(self.G, matter):
            d = self.G.nodes[item]
            stack = self._stack_of(item)
            if stack and (item in self.sel or d.get("meeting") in self.sel):
                return stack
        return None

    def _grid(self, with_satellites: bool) -> None:
        G = self.G
        col_w = _COL_W + (_SAT_DX if with_satellites else 0)
        bucket, self.bucket_name = bucketing({date for _, date in self.stacks})
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
                sats.sort(key=lambda n: (RANK.get(node_type(G, n), 99), n))
                for k, sat in enumerate(sats):
                    self.pos[sat] = (x + _SAT_DX, row_y + k * _ROW_H)
                row_y += max(1, len(sats)) * _ROW_H
        for n in self.nodes:
            # Forum nodes head their lane, left of the first column.
            if node_type(G, n) == schema.FORUM:
                f = forum_slug(str(G.nodes[n].get("name") or n.removeprefix("forum:")))
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
        place_band(self.G, members, self.pos, top, (0.0, self.width), step=step, dx=_BAND_DX)


def place_band(
    G: nx.MultiDiGraph,
    members: list[str],
    pos: dict[str, tuple[float, float]],
    top: float,
    span: tuple[float, float],
    *,
    step: float,
    dx: float,
) -> None:
    """People (or other loose nodes) in rows from ``top``, each near the mean x of its neighbours.

    Rows stay within ``span`` (the lanes' width, or at least eight places): a node that
    would be pushed past its right end starts a new row, so a long band never widens
    the drawing.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("p1", "m"), ("p2", "m"), ("p3", "m")])
    >>> pos = {"m": (0.0, 0.0)}
    >>> place_band(G, ["p1", "p2", "p3"], pos, 100.0, (0.0, 0.0), step=50.0, dx=100.0)
    >>> [pos[p] for p in ("p1", "p2", "p3")]
    [(0.0, 100.0), (100.0, 100.0), (200.0, 100.0)]
    """
    if not members:
        return
    wanted: list[tuple[float, str]] = []
    for n in members:
        xs = [pos[v][0] for v in G.successors(n) if v in pos]
        xs += [pos[u][0] for u in G.predecessors(n) if u in pos]
        if not xs and node_type(G, n) == schema.MATTER:
            # Its items may be folded out of the view: use their meetings.
            meetings = (G.nodes[i].get("meeting") for i in matter_items(G, n))
            xs = [pos[m][0] for m in meetings if m in pos]
        wanted.append((sum(xs) / len(xs) if xs else 0.0, n))
    wanted.sort()
    left = span[0]
    right = max(span[1], left + dx * 7)
    row_ends: list[float] = []
    for x, n in wanted:
        x = min(max(x, left), right)
        for r, end in enumerate(row_ends):
            px = max(x, end + dx)
            if px <= right:
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


def bucketing(dates: set[str]) -> tuple[Any, str]:
    """The finest of day, week, month, year that gives at most ``_MAX_COLUMNS`` columns.

    >>> bucket, name = bucketing({"2021-01-07", "2021-01-13"})
    >>> name, bucket("2021-01-07")
    ('day', '2021-01-07')
    >>> bucket, name = bucketing({f"2021-{m:02d}-{d:02d}" for m in (1, 2) for d in range(1, 29)})
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
