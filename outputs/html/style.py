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
    schema.AGENDA_ITEM: "agenda item",
    schema.MATTER: "matter (a case across meetings)",
    schema.MEETING: "meeting (dashed: known from a reference)",
}
