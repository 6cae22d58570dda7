"""How the graph page draws each kind of node and edge: shapes, sizes, colours, legend words.

One table per choice, so the view builder, the legend and the page's script agree.
"""

from __future__ import annotations

from core import schema

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
RANK = {t: i for i, t in enumerate(TYPE_ORDER)}

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

# Forum colours. The first six are Tableau 10's blue, red, teal, green, yellow and purple;
# the rest were added one at a time, each the candidate (from Tableau 20, Kelly's colours
# of maximum contrast and ColorBrewer; no greys, nothing near the path's gold) farthest
# by CIEDE2000 from all chosen so far. No two of the first 12 are closer than 18 delta-E
# 2000, none of the 20 closer than 14 (tests/test_viz.py checks it).
PALETTE = (
    "#4e79a7",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#654522",
    "#ff7f0e",
    "#0b6e4f",
    "#a1caf1",
    "#9c755f",
    "#6d597a",
    "#f7b6d2",
    "#b3446c",
    "#f99379",
    "#882d17",
    "#ffbb78",
    "#355070",
    "#8db600",
    "#c2b280",
)
# The matter's path: the CONTINUES chain, the matter star and the deciding step's ring.
PATH_GOLD = "#c98a00"
DECIDING_RING = "#1d1d1d"
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

# How each relation is drawn (the page's script and the legend read the same table).
# ``label``: whether the line carries its relation's name when details are shown; the
# people's edges never do (hundreds of "ATTENDED" labels hide everything else).
_FAINT = "#c3cad1"
EDGE_STYLES: dict[str, dict[str, object]] = {
    schema.CONTINUES: {"color": PATH_GOLD, "width": 3.0, "label": True},
    schema.PART_OF: {"color": "#d9a400", "width": 1.2, "label": True},
    "ON_AGENDA": {"color": "#d9a400", "width": 1.2, "label": True},
    schema.REFERS_TO: {"color": "#6f7c88", "width": 1.2, "label": True},
    schema.PREPARES: {"color": "#6f7c88", "width": 1.2, "label": True},
    schema.HAS_ITEM: {"color": "#9aa4ae", "width": 1.2, "label": False},
    schema.HAS_DECISION: {"color": "#9aa4ae", "width": 1.2, "label": True},
    schema.DECIDED_AT: {"color": "#9aa4ae", "width": 1.0, "label": True},
    schema.ABOUT_CASE: {"color": "#9aa4ae", "width": 1.0, "label": True},
    schema.HAS_ATTACHMENT: {"color": "#9aa4ae", "width": 1.0, "label": True},
    schema.FROM_DOCUMENT: {"color": "#9aa4ae", "width": 1.0, "label": True},
    schema.OF_FORUM: {"color": _FAINT, "width": 0.8, "label": False},
    schema.ATTENDED: {"color": _FAINT, "width": 0.8, "label": False},
    schema.ABSENT_FROM: {"color": "#e3a5a5", "width": 0.8, "label": False, "dashes": True},
    schema.GUEST_AT: {"color": "#8d99a6", "width": 1.0, "label": False},
    schema.PRESENTED: {"color": "#5f6b77", "width": 1.4, "label": False},
    schema.MENTIONED_IN: {"color": _FAINT, "width": 0.8, "label": False},
}
DEFAULT_EDGE_STYLE: dict[str, object] = {"color": "#9aa4ae", "width": 1.0, "label": True}

# What the page shows at first and what it folds behind a switch.
PATH, PEOPLE, DETAILS = "path", "people", "details"
LAYER_WORDS = {
    PEOPLE: "people and attendance",
    DETAILS: "decisions, cases, attachments, forums and relation names",
}
# Edges of the path: how a matter moves. What its steps refer to is a detail (the path
# panel says why each step is linked).
PATH_EDGES = frozenset({schema.CONTINUES, schema.HAS_ITEM, "ON_AGENDA"})
# Outcomes that decide a matter (used when the steps carry no role of their own).
DECIDING_OUTCOMES = frozenset({"approved", "rejected"})

# The legend's small pictures of the vis-network shapes, in a 16 x 16 box.
SHAPE_SVG = {
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

TYPE_WORDS = {
    schema.AGENDA_ITEM: "agenda item (a step; thick dark ring: the deciding step)",
    schema.MATTER: "matter (a case across meetings)",
    schema.MEETING: "meeting (dashed: known from a reference)",
}
