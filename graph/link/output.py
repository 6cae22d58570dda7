"""What a link adds to a partition's graph, as data: matters, their steps and the meetings
the items name (:class:`LinkOutput`), to be written into a graph
(:func:`graph.link.graph_io.apply_links`) or compared bundle by bundle."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.schema import matter_key, scope_of_key
from graph.link.model import LinkItem, LinkResult


@dataclass(frozen=True)
class LinkOutput:
    """What one link found (see the module's docstring), every list in a stable order."""

    #: ``(item key, edge type, scope, forum, date, text)``: a ``PREPARES`` or ``REFERS_TO``
    #: edge from the item to the meeting of that forum and date (a stub meeting of that
    #: scope, ``stub_by="link"``, when no such meeting is in the graph).
    meeting_edges: list[tuple[str, str, str | None, str, str, str]]
    #: ``(matter key, label, item keys)``: each matter, its items in the order of its path.
    matters: list[tuple[str, str, list[str]]]
    #: ``(item key, next item key, evidence, score)``: the ``CONTINUES`` edges, matter by
    #: matter (one fewer than the matter's items).
    continues: list[tuple[str, str, list[str], float]]
    items: int
    routine_items: int
    candidates: int
    #: Candidate pairs that reached the threshold.
    links: int
    standing_numbers: tuple[str, ...]


def link_output(
    items: Sequence[LinkItem],
    edges: Mapping[str, list[tuple[str, str, str, str]]],
    result: LinkResult,
    start: Mapping[str, str],
) -> LinkOutput:
    """The :class:`LinkOutput` of ``result`` (:func:`graph.link.linker.link_items` of
    ``items``); ``edges``: the meeting edges of each item (``(edge type, forum, date,
    text)``); ``start``: each meeting's start time (``""`` when unknown)."""
    meeting_of = {it.key: it.meeting for it in items if it.key in edges}
    meeting_edges = [
        (key, edge, scope_of_key(meeting_of[key]), forum, date, text)
        for key, found in sorted(edges.items())
        for edge, forum, date, text in found
    ]
    matters: list[tuple[str, str, list[str]]] = []
    continues: list[tuple[str, str, list[str], float]] = []
    # Steps of one day in the order of their meetings: a committee at 14:00, Økonomiudvalget at
    # 14:30 and Byrådet at 17:00 are one path, not three forums in alphabetical order.
    for matter in result.matters:
        matter = sorted(
            matter, key=lambda i: (items[i].date, start[items[i].meeting], items[i].forum)
        )
        keys = [items[i].key for i in matter]
        matters.append((matter_key(keys[0]), items[matter[-1]].title, keys))
        for i, j in itertools.pairwise(matter):
            link = result.links.get((i, j)) or result.links[(j, i)]
            continues.append((items[i].key, items[j].key, list(link.evidence), link.score))
    return LinkOutput(
        meeting_edges=meeting_edges,
        matters=matters,
        continues=continues,
        items=len(items),
        routine_items=len(result.routine),
        candidates=result.candidates,
        links=result.scored,
        standing_numbers=tuple(sorted(result.standing)),
    )
