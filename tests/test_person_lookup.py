"""``find_person`` compares letter by letter only the people who may fit best
(:func:`queries.person.most_similar` bounds the rest): the same person, or the same error
with the same suggestions, as comparing everyone -- on the seeds' and Greve's people, asked
by full names, short forms, first names alone (ties), misspellings and strangers.
"""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_person_query import seed_graph

from core import schema
from core.errors import NoMatchError
from core.text import fold, normalise_name
from queries.person import find_person, most_similar, similarity, the_one


def find_by_reading(G: nx.MultiDiGraph, name: str) -> str:
    """``find_person`` as it was: every person's every form compared letter by letter."""
    query = fold(normalise_name(name))
    scored = []
    for key, d in sorted(G.nodes(data=True)):
        if d.get("type") == schema.PERSON:
            best = max(similarity(query, fold(f)) for f in [d["name"], *d.get("aliases", [])])
            scored.append((best, d["name"], key))
    return the_one(scored, name)


def answer(find: object, G: nx.MultiDiGraph, name: str) -> object:
    try:
        return find(G, name)  # type: ignore[operator]
    except NoMatchError as exc:
        return str(exc), exc.suggestions


def names_to_ask(G: nx.MultiDiGraph, rng: random.Random, size: int) -> list[str]:
    names = sorted(d["name"] for _, d in G.nodes(data=True) if d.get("type") == schema.PERSON)
    names = rng.sample(names, min(size, len(names)))
    asked = []
    for name in names:
        words = name.split()
        cut = rng.randrange(1, len(name))
        asked += [name, words[0], words[-1], name.lower(), name[:cut], name[:cut] + name[cut + 1 :]]
        asked.append(" ".join(reversed(words)))
    return [*asked, "Zyx Wvutsr", "ole", "a", "Gitte", "Nielsen"]


def check_same(G: nx.MultiDiGraph, asked: list[str]) -> dict[str, int]:
    seen = {"found": 0, "ties": 0, "no match": 0}
    for name in asked:
        fast = answer(find_person, G, name)
        assert fast == answer(find_by_reading, G, name), name
        if isinstance(fast, str):
            seen["found"] += 1
        else:
            seen["ties" if "equally" in fast[0] else "no match"] += 1
    return seen


def test_seeds_find_the_same_people() -> None:
    seen = check_same(seed_graph(), names_to_ask(seed_graph(), random.Random(2), 40))
    assert seen["found"] > 50 and seen["ties"] and seen["no match"], seen


@pytest.mark.corpus
def test_greve_finds_the_same_people(greve_graph: nx.MultiDiGraph) -> None:
    seen = check_same(greve_graph, names_to_ask(greve_graph, random.Random(5), 60))
    assert seen["found"] > 150 and seen["ties"] and seen["no match"], seen


@given(st.text(min_size=1, max_size=30), st.text(max_size=30))
def test_most_similar_is_never_under_the_similarity(query: str, name: str) -> None:
    query, name = fold(normalise_name(query)), fold(name)
    if query:
        # similarity rounds to 4 decimals, as find_person compares the bound
        assert round(most_similar(query, name), 4) >= similarity(query, name)
