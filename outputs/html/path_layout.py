"""Compact positions for a matter's path, the picture a matter page opens with.

One lane per forum (its name in a strip at the lane's top), one column per date, each
step a dot with its short label below and its meeting as a small square at its left;
a meeting with no step of the matter (one an item refers to) gets a row of its own.
Rows are as tall as their labels, so nine forums fit a 1400 x 900 window at a readable
size. People, when shown, sit in a band under the lanes. Decisions, cases, attachments
and the forums' own nodes have no place here: the page shows them in the full layout
(:class:`outputs.html.layout.Layout`).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("m", type="Meeting", forum="A", date="2021-01-07")
>>> G.add_node("i", type="AgendaItem", forum="A", date="2021-01-07", meeting="m", number=4)
>>> layout = PathLayout(G, ["m", "i"], {"i": 2})
>>> layout.place()
>>> layout.pos["m"][0] < layout.pos["i"][0], layout.pos["m"][1] == layout.pos["i"][1]
(True, True)
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from core import schema
from graph.neighbours import targets
from outputs.html.layout import bucketing, place_band
from outputs.html.nodes import forum_slug, node_type

__all__ = ["PathLayout"]

COL_W = 164  # a column: a label up to 150 px wide (the page's widthConstraint) and a gap
LABEL_LINE_CHARS = 16  # characters of a 14 px label that surely fit in one line of 150 px
CHIP_DX = 30  # a meeting's square sits this far left of its first step
DOT = 32  # a step's dot or its meeting's square (14 px from the centre), and the gap below
LINE_H = 17  # one line of a 14 px label
ROW_PAD = 8
STRIP = 28  # the lane's name, written by the page at the lane's top
LANE_GAP = 8
AXIS = 34  # room above the first lane for the date axis
BAND_DX = 130
BAND_ROW = 60


class PathLayout:
    """Positions for the path nodes of one matter view (see the module docstring).

    ``lines`` gives the number of label lines of each node that has a label (a meeting's
    counts when it has a row of its own; beside its step, in :attr:`chips`, it has none).
    """

    def __init__(self, G: nx.MultiDiGraph, nodes: list[str], lines: dict[str, int]) -> None:
        self.G = G
        self.nodes = nodes
        self.selected = set(nodes)
        self.lines = lines
        self.chips: set[str] = set()  # meetings drawn as a square beside their step
        self.pos: dict[str, tuple[float, float]] = {}
        self.forum_names: dict[str, str] = {}
        self.lane_y: dict[str, tuple[float, float]] = {}
        self.lanes: list[str] = []
        self.columns: list[tuple[float, str]] = []
        self.width = 0.0

    def place(self) -> None:
        cells, people, loose = self._cells()
        bucket, _ = bucketing({date for _, date in cells})
        by_column: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for f, date in sorted(cells):
            by_column[(f, bucket(date))].append((f, date))
        columns = sorted({c for _, c in by_column})
        col = {c: i for i, c in enumerate(columns)}
        first_seen: dict[str, str] = {}
        for f, date in sorted(cells, key=lambda k: k[1]):
            first_seen.setdefault(f, date)
        self.lanes = sorted(self.forum_names, key=lambda f: (first_seen.get(f, "~"), f))
        rows: dict[tuple[str, str], list[tuple[str, str | None, float]]] = {}
        height: dict[str, float] = dict.fromkeys(self.lanes, float(DOT + ROW_PAD))
        for (f, c), stacks in by_column.items():
            rows[(f, c)] = [row for stack in stacks for row in self._rows(cells[stack])]
            height[f] = max(height[f], sum(h for _, _, h in rows[(f, c)]))
        y = 0.0
        for f in self.lanes:
            self.lane_y[f] = (y, y + STRIP + height[f])
            y += STRIP + height[f] + LANE_GAP
        for (f, c), cell_rows in rows.items():
            x = col[c] * COL_W
            row_y = self.lane_y[f][0] + STRIP + DOT / 2
            for node, meeting, h in cell_rows:
                self.pos[node] = (x, row_y)
                if meeting is not None:
                    self.pos[meeting] = (x - CHIP_DX, row_y)
                    self.chips.add(meeting)
                row_y += h
        self.columns = [(float(col[c] * COL_W), c) for c in columns]
        self.width = max(len(columns) - 1, 0) * COL_W
        span = (0.0, self.width)
        place_band(self.G, people, self.pos, y + DOT, span, step=BAND_ROW, dx=BAND_DX)
        bottom = max((p[1] for p in self.pos.values()), default=y) + BAND_ROW
        place_band(self.G, loose, self.pos, bottom, span, step=BAND_ROW, dx=BAND_DX)

    def _cells(self) -> tuple[dict[tuple[str, str], dict[str, list[str]]], list[str], list[str]]:
        """Steps grouped by (forum, date) and then by meeting; people; the rest."""
        G = self.G
        cells: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(dict)
        people: list[str] = []
        loose: list[str] = []
        for n in self.nodes:
            d = G.nodes[n]
            t = node_type(G, n)
            if t == schema.PERSON:
                people.append(n)
                continue
            if not (d.get("date") and d.get("forum")):
                loose.append(n)
                continue
            s = forum_slug(str(d["forum"]))
            self.forum_names.setdefault(s, str(d["forum"]))
            cell = cells[(s, str(d["date"]))]
            if t == schema.MEETING:
                cell.setdefault(n, [])
            elif t == schema.AGENDA_ITEM:
                cell.setdefault(str(d.get("meeting") or ""), []).append(n)
            elif t == schema.DECISION:
                meeting = next(iter(targets(G, n, schema.DECIDED_AT)), "")
                cell.setdefault(str(meeting), []).append(n)
            else:
                loose.append(n)
        return cells, people, loose

    def _rows(self, meetings: dict[str, list[str]]) -> list[tuple[str, str | None, float]]:
        """(node, its meeting's square beside it or None, row height) for one cell."""
        rows: list[tuple[str, str | None, float]] = []
        for meeting in sorted(meetings, key=self._order):
            steps = sorted(meetings[meeting], key=self._order)
            present = meeting in self.selected
            if not steps:
                rows.append((meeting, None, self._height(meeting)))
                continue
            for k, step in enumerate(steps):
                rows.append((step, meeting if k == 0 and present else None, self._height(step)))
        return rows

    def _height(self, n: str) -> float:
        return DOT + self.lines.get(n, 0) * LINE_H + ROW_PAD

    def _order(self, n: str) -> tuple[Any, ...]:
        d = self.G.nodes[n] if n in self.G else {}
        number = d.get("number")
        return (str(d.get("date") or ""), number if isinstance(number, int) else 0, n)
