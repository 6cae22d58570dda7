"""What a partition's derivation leaves for deriving it again after new meetings
(:mod:`graph.meeting_build`), as plain data: saved beside the partition's graph
(:mod:`store.derived`).

>>> m = "meeting:x:2021-01-07"
>>> m = "meeting:x:2021-01-07"
>>> state = BuildState(3, [("ab", m)], [b"r"], ([], [], []), {m: 0}, [1.5], [1.5], 0.5, 1.5, {},
...     {m: 2}, [])
>>> from_plain(to_plain(state)) == state
True
>>> from_plain(("other", 1)) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

#: Bump when what :func:`to_plain` writes changes.
BUILD_STATE_VERSION = 1


@dataclass
class BuildState:
    """What a partition's derivation leaves for the next one (see the module)."""

    #: The change of the store the partition's saved graph is of.
    changed: int
    #: ``(sha256, meeting key)`` of each document, in the order derived.
    docs: list[tuple[str, str]]
    #: What the graph reads of each document that the people registry can change
    #: (:func:`graph.meeting_build.annotation_digests`).
    annotations: list[bytes]
    #: The link's output: meeting edges, matters, ``CONTINUES`` (:class:`LinkOutput`).
    output: tuple[list[Any], list[Any], list[Any]]
    #: Each node's place in the graph's order (but those of :data:`_UNRANKED`).
    ranks: dict[str, float]
    #: Per document: the rank after its nodes of the build, and after those of the people.
    build_ends: list[float]
    people_ends: list[float]
    #: The rank after the meetings (built first), and after the people (the link's start).
    meetings_end: float
    link_start: float
    #: The bundle owning each stub meeting.
    stub_owner: dict[str, str]
    #: How many nodes each bundle owns (the first of its nodes).
    owned: dict[str, int]
    #: The nodes the link adds (stubs and forums): ``(key, forum, date, scope)``.
    link_nodes: list[tuple[str, str, str, str | None]]


def to_plain(state: BuildState) -> tuple[Any, ...]:
    """``state`` as marshal writes it."""
    return (BUILD_STATE_VERSION, *(getattr(state, f.name) for f in fields(state)))


def from_plain(data: Any) -> BuildState | None:
    """The state of :func:`to_plain`'s ``data``; None when it is of another version or
    damaged."""
    if not isinstance(data, tuple) or not data or data[0] != BUILD_STATE_VERSION:
        return None
    try:
        return BuildState(*data[1:])
    except TypeError:
        return None


__all__ = ["BUILD_STATE_VERSION", "BuildState", "from_plain", "to_plain"]
