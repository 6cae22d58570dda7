"""The linker against the hand-read Greve matters (``tests/data/greve_matters_gold.json``).

Greve's minutes (``../shared/corpus/greve``, skipped when absent) are ingested as a new user
would, and the matters found are held against the gold written from reading them: each gold
matter must be one matter of exactly its items, each look-alike group must stay in pairwise
different matters (routine items in none), and a matter's steps must go in date order, each
with the outcome its decision states and its role on the path (a committee recommends,
Økonomiudvalget recommends, Byrådet decides).

What the linker still gets wrong is marked ``xfail(strict=True)`` one case at a time, with the
reason read in the minutes: such a test fails as soon as the case comes right, and the mark
must then go.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from gold_matters import ApartGroup, GoldMatter, Key, check_apart, check_matter, load_matters

from core import schema
from queries.timeline import matter_steps

pytestmark = pytest.mark.corpus

MATTERS, APART = load_matters()

#: Gold matters the linker does not yet find exactly, and why (read in the minutes).
WRONG: dict[str, str] = {}
#: Look-alike groups the linker does not yet keep apart, and why.
JOINED: dict[str, str] = {}


def _cases(cases: list[Any], wrong: Mapping[str, str]) -> list[Any]:
    return [
        pytest.param(c, id=c.id, marks=pytest.mark.xfail(strict=True, reason=wrong[c.id]))
        if c.id in wrong
        else pytest.param(c, id=c.id)
        for c in cases
    ]


@pytest.fixture(scope="module")
def keys(greve_graph: nx.MultiDiGraph) -> dict[Key, str]:
    """``(file name, item number)`` -> the item's node key."""
    return {
        (Path(d["source_path"]).name, d["number"]): n
        for n, d in greve_graph.nodes(data=True)
        if d.get("type") == schema.AGENDA_ITEM
    }


@pytest.fixture(scope="module")
def found(greve_graph: nx.MultiDiGraph, keys: dict[Key, str]) -> dict[Key, str | None]:
    """Every item -> the matter the linker put it in (``None``: in no matter)."""
    matter_of = {
        item: n
        for n, d in greve_graph.nodes(data=True)
        if d.get("type") == schema.MATTER
        for item in d["items"]
    }
    return {key: matter_of.get(node) for key, node in keys.items()}


def test_the_gold_is_in_the_graph(found: dict[Key, str | None]) -> None:
    # Guards the lookup itself: an item the graph lacks would count as "in no matter".
    gold = [it.key for m in MATTERS for it in m.items] + [it.key for g in APART for it in g.items]
    assert not [k for k in gold if k not in found]
    assert len(found) > 5000


@pytest.mark.parametrize("matter", _cases(MATTERS, WRONG))
def test_linker_finds_the_gold_matter(matter: GoldMatter, found: dict[Key, str | None]) -> None:
    assert check_matter(matter, found) == ""


@pytest.mark.parametrize("group", _cases(APART, JOINED))
def test_linker_keeps_look_alikes_apart(group: ApartGroup, found: dict[Key, str | None]) -> None:
    assert check_apart(group, found) == []


#: The role of a step by the outcome the gold gives it, before the decision.
ROLE = {"recommended": "recommends", "referred": "refers"}


@pytest.mark.parametrize("matter", _cases(MATTERS, WRONG))
def test_matter_path_in_date_order_with_roles(
    matter: GoldMatter,
    greve_graph: nx.MultiDiGraph,
    keys: dict[Key, str],
    found: dict[Key, str | None],
) -> None:
    """The steps of the matter are the gold items in date order (by meeting time within a
    day), each with its outcome; the last approval decides (at Byrådet, in every gold matter
    that was decided), a recommendation recommends, and an approval, discussion or briefing
    before the last approval prepares it."""
    mkey = found[matter.items[0].key]
    assert mkey is not None
    steps = [s for s in matter_steps(greve_graph, mkey) if not s.earlier]
    assert [s.item_id for s in steps] == [keys[it.key] for it in matter.items]
    assert [s.outcome for s in steps] == [it.outcome for it in matter.items]
    approved = [n for n, it in enumerate(matter.items) if it.outcome == "approved"]
    expected = [ROLE.get(it.outcome or "", "prepares") for it in matter.items]
    if approved:
        expected[approved[-1]] = "decides"
        assert steps[approved[-1]].forum == "Byråd"
    assert [s.role for s in steps] == expected
