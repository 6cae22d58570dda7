"""A matter's path as the page tells it: its steps in date order and the step that decided it.

The steps are the timeline's (:func:`queries.timeline.matter_steps`, what ``casegraph
case`` prints), each tied to the node that stands for it on the page: the agenda item,
or for an earlier decision carried along, the decision node under its meeting.

Which step decided the matter: the step whose role says so, when the timeline gives
steps a role (``"decides"``); before that, the last step whose outcome decides
(``approved`` or ``rejected``; ``recommended``, ``referred`` and ``discussed`` pass the
matter on or leave it open). A matter no step decided has no deciding step.

>>> from types import SimpleNamespace as Step
>>> deciding_index([Step(outcome="recommended"), Step(outcome="approved"), Step(outcome="noted")])
1
>>> deciding_index([Step(outcome="approved", role="prepares"), Step(outcome=None, role="decides")])
1
>>> deciding_index([Step(outcome="discussed")]) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from core import schema
from graph.neighbours import targets
from outputs.html.style import DECIDING_OUTCOMES
from queries.timeline import Link, Step, matter_steps

__all__ = ["PathStep", "deciding_index", "matter_path"]

DECIDING_ROLE = "decides"


@dataclass(frozen=True)
class PathStep:
    """One step of a matter, as the page's path panel lists it."""

    node: str
    date: str
    forum: str
    number: int | None
    title: str
    outcome: str
    earlier: bool
    deciding: bool
    why: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "date": self.date,
            "forum": self.forum,
            "number": self.number,
            "title": self.title,
            "outcome": self.outcome,
            "earlier": self.earlier,
            "deciding": self.deciding,
            "why": self.why,
        }


def deciding_index(steps: Sequence[Any]) -> int | None:
    """The index of the step that decided the matter, or None (see the module docstring).

    ``steps`` are the timeline's steps (anything with ``outcome``, and ``role`` once the
    timeline gives one).
    """
    if any(getattr(s, "role", None) for s in steps):
        roles = [i for i, s in enumerate(steps) if getattr(s, "role", None) == DECIDING_ROLE]
        return roles[-1] if roles else None
    decided = [i for i, s in enumerate(steps) if s.outcome in DECIDING_OUTCOMES]
    return decided[-1] if decided else None


def matter_path(G: nx.MultiDiGraph, matter: str) -> list[PathStep]:
    """The steps of ``matter`` (a Matter node) with the node each one is drawn as."""
    steps = matter_steps(G, matter)
    decides = deciding_index(steps)
    out = []
    for i, step in enumerate(steps):
        node = step.item_id or _earlier_decision(G, step)
        if node is None:
            continue
        out.append(
            PathStep(
                node=node,
                date=step.date or "",
                forum=step.forum or "",
                number=step.number,
                title=step.title or "",
                outcome=step.outcome or "",
                earlier=step.earlier,
                deciding=i == decides,
                why=_why(step.link),
            )
        )
    return out


def _earlier_decision(G: nx.MultiDiGraph, step: Step) -> str | None:
    """The decision node of an earlier step: carried by its item, taken at its meeting."""
    item, meeting = step.carried_by or "", step.meeting_id
    if item not in G:
        return None
    for decision in targets(G, item, schema.HAS_DECISION):
        taken_at = set(targets(G, decision, schema.DECIDED_AT))
        if G.nodes[decision].get("earlier") and meeting in taken_at:
            return str(decision)
    return None


def _why(link: Link | None) -> str:
    """Why a step is linked to the one before, in words (empty for the first step)."""
    if link is None:
        return ""
    evidence = "; ".join(link.evidence)
    return f"score {link.score:.2f}: {evidence}" if link.score is not None else evidence
