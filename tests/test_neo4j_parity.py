"""Both backends give the same answers: embedded networkx and Neo4j (queries/neo4j_backend.py).

The seeds are ingested into a store, loaded into the real dev server, and every
``case``, ``attended`` and ``person`` question the other tests ask (answers and errors
alike) is put to both backends. Needs ``scripts/neo4j-dev start`` and NEO4J_TESTS=1.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from casegraph.pipeline import Store, load_document
from core import schema
from core.errors import CasegraphError, EmptyStoreError
from core.text import WORD_RE, content_words, stem
from outputs.neo4j_load import load_graph
from queries import neo4j_backend, neo4j_words
from queries.attended import attended
from queries.meetings import require_data
from queries.person import person
from queries.ranking import WordQuery, word_fits
from queries.timeline import case_timeline
from store.neo4j_db import neo4j_properties, networkx_attributes

pytestmark = pytest.mark.neo4j

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"

CASE_QUERIES = [
    "centralisering af regningsbetaling",
    "regningsbetaling",
    "Budget 2021 - status",
    "Intranæt",
    "S2021-736",
    "Sagsnr. 480-2020-7823",
    "S2020-57031",
    "s2020-057031",
    "S1999-1",
    "xyzzy",
    "af og",
    # Titles that hold the word are outside every matter: texts are searched instead.
    "tidsplan",
    "orientering",
    # Words of texts only; a title word with a word of the text (the index intersects).
    "hvordan drøftelse",
    "budget hvordan",
    "intranet fraværende",
    "tidsplan xyzzyq",
]
PERSON_QUERIES = [
    "Gitte",
    "gitte clemmensen",
    "Morten V",
    "ase nielsen",
    "Jesper Due Pedersen",
    "ann berit jensen",
    "Ditte Clément",
    "Sharajé",
    "Xavier Quist",
    "  ",
]


@pytest.fixture(scope="module")
def seeds_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    store = Store(tmp_path_factory.mktemp("parity") / "store")
    for path in sorted(SEEDS.glob("*.txt")):
        store.put(load_document(path))
    G = store.graph()
    store.close()
    return G


@pytest.fixture(scope="module")
def loaded(neo4j_driver: Any, seeds_graph: nx.MultiDiGraph) -> Iterator[Any]:
    with neo4j_driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    report = load_graph(neo4j_driver, seeds_graph)
    assert report.skipped == ()
    yield neo4j_driver


def outcome(ask: Callable[[], Any]) -> Any:
    """The answer, or the error's type, message and suggestions."""
    try:
        return ask()
    except CasegraphError as exc:
        return (type(exc).__name__, str(exc), getattr(exc, "suggestions", None))


def test_every_node_and_edge_round_trips(loaded: Any, seeds_graph: nx.MultiDiGraph) -> None:
    records = loaded.execute_query(
        "MATCH (n) WHERE NOT n:CasegraphManifest "
        "RETURN n.key AS key, labels(n) AS labels, properties(n) AS props"
    ).records
    stored = {r["key"]: (r["labels"], networkx_attributes(r["props"])) for r in records}
    assert set(stored) == set(seeds_graph)
    for key, attrs in seeds_graph.nodes(data=True):
        expected = networkx_attributes(neo4j_properties(attrs, drop=("type",)))
        assert stored[key] == ([attrs["type"]], {**expected, "key": key})
    rels = loaded.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.key AS a, type(r) AS t, b.key AS b, properties(r) AS p"
    ).records
    stored_rels = {(r["a"], r["b"], r["t"]): networkx_attributes(r["p"]) for r in rels}
    assert set(stored_rels) == set(seeds_graph.edges(keys=True))
    for u, v, k, attrs in seeds_graph.edges(keys=True, data=True):
        assert stored_rels[u, v, k] == networkx_attributes(neo4j_properties(attrs, drop=("type",)))


@pytest.mark.parametrize("query", CASE_QUERIES)
def test_case(loaded: Any, seeds_graph: nx.MultiDiGraph, query: str) -> None:
    embedded = outcome(lambda: case_timeline(seeds_graph, query))
    assert outcome(lambda: neo4j_backend.case_timeline(loaded, query)) == embedded


def test_case_limit(loaded: Any, seeds_graph: nx.MultiDiGraph) -> None:
    query = "budget"
    embedded = outcome(lambda: case_timeline(seeds_graph, query, limit=1))
    assert outcome(lambda: neo4j_backend.case_timeline(loaded, query, limit=1)) == embedded


@pytest.mark.parametrize("infer", [False, True])
@pytest.mark.parametrize(
    "query", ["regningsbetaling", "480-2020-7823", "S2020-57031", "Intranæt", "xyzzy"]
)
def test_attended(loaded: Any, seeds_graph: nx.MultiDiGraph, query: str, infer: bool) -> None:
    embedded = outcome(lambda: attended(seeds_graph, query, infer=infer))
    assert outcome(lambda: neo4j_backend.attended(loaded, query, infer=infer)) == embedded


@pytest.mark.parametrize("name", PERSON_QUERIES)
def test_person(loaded: Any, seeds_graph: nx.MultiDiGraph, name: str) -> None:
    embedded = outcome(lambda: person(seeds_graph, name))
    assert outcome(lambda: neo4j_backend.person(loaded, name)) == embedded


def test_the_answers_are_not_trivial(loaded: Any) -> None:
    """Parity of two empty answers would prove nothing: the seeds' invoice matter is found."""
    result = neo4j_backend.case_timeline(loaded, "S2020-57031").to_dict()
    steps = [(s["date"], s["forum"]) for s in result["matters"][0]["items"]]
    assert ("2021-01-07", "Direktionen") in steps
    assert ("2021-01-13", "Strategisk Chefforum") in steps
    who = neo4j_backend.person(loaded, "gitte clemmensen").to_dict()
    assert {m["date"] for m in who["attended"]} >= {"2021-01-07", "2021-01-13"}


def test_an_empty_database_is_the_empty_store_error(
    neo4j_db: Any, seeds_graph: nx.MultiDiGraph
) -> None:
    try:
        with pytest.raises(EmptyStoreError) as embedded:
            require_data(nx.MultiDiGraph())
        with pytest.raises(EmptyStoreError) as from_neo4j:
            neo4j_backend.require_data(neo4j_db)
        assert str(from_neo4j.value) == str(embedded.value)
        with pytest.raises(EmptyStoreError):
            neo4j_backend.case_timeline(neo4j_db, "regningsbetaling")
    finally:
        load_graph(neo4j_db, seeds_graph)  # the module's other tests share the loaded seeds


# -- the other municipalities (../shared/corpus) -------------------------------------

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _questions(G: nx.MultiDiGraph) -> tuple[list[str], list[str]]:
    """Case questions (every case number, title words) and person questions (names,
    first names) taken from the graph itself: parity needs no golden answers."""
    cases: list[str] = []
    people: list[str] = []
    for _, d in sorted(G.nodes(data=True), key=lambda nd: str(nd[0])):
        if d.get("type") == "AgendaItem":
            cases += list(d.get("case_numbers") or ())[:1]
            words = [w for w in (d.get("title") or "").split() if len(w) > 4][:2]
            if words:
                cases.append(" ".join(words))
        elif d.get("type") == "Person":
            people += [d["name"], d["name"].split()[0]]
    return sorted(set(cases))[:60], sorted(set(people))[:60]


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside the checkout ({CORPUS})")
    store = Store(tmp_path_factory.mktemp("corpus") / "store")
    for path in sorted([*CORPUS.glob("*.txt"), *CORPUS.glob("*.json"), *SEEDS.glob("*.txt")]):
        store.put(load_document(path))
    G = store.graph()
    store.close()
    return G


@pytest.mark.corpus
def test_corpus_parity(
    neo4j_driver: Any, corpus_graph: nx.MultiDiGraph, seeds_graph: nx.MultiDiGraph
) -> None:
    with neo4j_driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    try:
        load_graph(neo4j_driver, corpus_graph)
        cases, people = _questions(corpus_graph)
        assert len(cases) > 20 and len(people) > 20
        for query in cases:
            embedded = outcome(partial(case_timeline, corpus_graph, query))
            answer = outcome(partial(neo4j_backend.case_timeline, neo4j_driver, query))
            assert answer == embedded, query
            embedded = outcome(partial(attended, corpus_graph, query, infer=True))
            answer = outcome(partial(neo4j_backend.attended, neo4j_driver, query, infer=True))
            assert answer == embedded, query
        for name in people:
            embedded = outcome(partial(person, corpus_graph, name))
            assert outcome(partial(neo4j_backend.person, neo4j_driver, name)) == embedded, name
    finally:
        # Back to the seeds alone: the module's other tests share them.
        with neo4j_driver.session() as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
        load_graph(neo4j_driver, seeds_graph)


# -- generated minutes: routine titles, ties, words of two kinds ----------------------


def _generated_queries(G: nx.MultiDiGraph, rng: random.Random) -> list[str]:
    """Routine words (titles held by many items outside every matter), runs of two title
    words, a title word with a text-only word, title words, text-only words and word parts."""
    items = sorted((k, d) for k, d in G.nodes(data=True) if d.get("type") == schema.AGENDA_ITEM)
    in_matter = {
        i
        for _, d in G.nodes(data=True)
        if d.get("type") == schema.MATTER
        for i in d.get("items") or ()
    }
    titles = [d.get("title") or "" for _, d in items]
    outside = [d.get("title") or "" for k, d in items if k not in in_matter]
    counts: dict[str, int] = {}
    for title in outside:
        for w in set(content_words(title)):
            counts[w] = counts.get(w, 0) + 1
    routine = sorted(counts, key=lambda w: (-counts[w], w))[:8]
    title_words = sorted({w for t in titles for w in content_words(t)})
    pairs = sorted(
        {
            " ".join(content_words(t)[i : i + 2])
            for t in titles
            for i in range(len(content_words(t)) - 1)
        }
    )
    in_titles = " ".join(t.lower() for t in titles)
    text_only = sorted(
        {
            w
            for _, d in items
            for w in WORD_RE.findall((d.get("text") or "").lower())
            if len(w) > 3 and stem(w) not in in_titles
        }
    )
    mixed = [
        f"{a} {b}"
        for a, b in zip(rng.sample(title_words, 10), rng.sample(text_only, 10), strict=True)
    ]
    parts = [w[len(w) // 3 :] for w in rng.sample(title_words, 10) if len(w) > 8]
    return [
        *routine,
        *(f"{a} {b}" for a, b in pairwise(routine)),
        *rng.sample(pairs, 25),
        *mixed,
        *rng.sample(title_words, 15),
        *rng.sample(text_only, 10),
        *parts,
    ]


@pytest.fixture(scope="module")
def generated_graph() -> nx.MultiDiGraph:
    sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))  # after the packages
    from casegraph.pipeline import derive_graph

    from gen_corpus import generate

    return derive_graph(generate(3000, seed=5).documents)


def test_generated_minutes_rank_the_same(
    neo4j_driver: Any, generated_graph: nx.MultiDiGraph, seeds_graph: nx.MultiDiGraph
) -> None:
    """The database's ranking (:mod:`queries.neo4j_words`) gives the embedded scores to the
    last bit, for every ``keep``; and ``case`` and ``attended`` the same answers. Thousands
    of items sharing routine titles outside every matter, and matters tied on title score,
    are where its bounds decide what it reads."""
    G = generated_graph
    with neo4j_driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    try:
        load_graph(neo4j_driver, G)
        queries = _generated_queries(G, random.Random(11))
        seen = {"found": 0, "texts": 0, "routine outside matters": 0}
        for query in queries:
            q = WordQuery.of(query)
            for keep in (1, 4, 13, None):
                with neo4j_driver.session() as session:
                    fits = session.execute_read(
                        lambda tx, q=q, keep=keep: neo4j_words.word_fits(
                            lambda cq, **p: list(tx.run(cq, p)), q, keep
                        )
                    )
                assert list(fits.items()) == list(word_fits(G, q, keep).items()), (query, keep)
            seen["found"] += bool(fits)
            embedded = outcome(partial(case_timeline, G, query))
            assert outcome(partial(neo4j_backend.case_timeline, neo4j_driver, query)) == embedded
            embedded = outcome(partial(attended, G, query))
            assert outcome(partial(neo4j_backend.attended, neo4j_driver, query)) == embedded
        assert seen["found"] > 60, seen
    finally:
        with neo4j_driver.session() as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
        load_graph(neo4j_driver, seeds_graph)
