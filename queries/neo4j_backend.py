"""The questions of ``case``, ``attended`` and ``person``, answered from Neo4j.

Each function reads from the database only the part of the graph its question needs
-- candidate matters found by Cypher, their items with every relationship, the
meetings and people around them -- into a small networkx graph, and hands that to the
embedded function of the same name. So both backends give the same answer and the
same JSON by construction (``tests/test_neo4j_parity.py`` checks it on real data),
while the database does the searching and the traversal over a graph of any size.
The Cypher lives in :mod:`store.cypher`; word questions find their matters with
:mod:`queries.neo4j_words` (the embedded ranking's bounds, in round trips).

``search`` stays on the store: its ranking is SQLite FTS5's bm25, which Neo4j's
full-text index (Lucene) would not reproduce.

>>> driver = connect("bolt://127.0.0.1:7687", "neo4j", password)  # doctest: +SKIP
>>> case_timeline(driver, "S2020-57031").matters[0].label  # doctest: +SKIP
'Udmøntning af Budget 2021 - Centralisering af regningsbetaling'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import neo4j
import networkx as nx
from neo4j.graph import Node

from core import schema
from core.errors import Neo4jError, NoMatchError, QueryError
from core.text import content_words, stem
from queries import attended as embedded_attended
from queries import neo4j_words
from queries import person as embedded_person
from queries import timeline as embedded_timeline
from queries.meetings import require_data as require_embedded
from queries.questions import QUESTIONS
from store import cypher
from store.neo4j_db import Neo4jSettings, connect, driver_errors, networkx_attributes


class _Reader:
    """Reads nodes and relationships from Neo4j into one networkx graph."""

    def __init__(self, tx: neo4j.ManagedTransaction) -> None:
        self.tx = tx
        self.G = nx.MultiDiGraph()

    def run(self, query: str, **params: Any) -> list[neo4j.Record]:
        return list(self.tx.run(query, params))

    def add_node(self, node: Node) -> str:
        props = dict(node)
        key = str(props.pop(cypher.KEY))
        if key not in self.G:
            types = [name for name in node.labels if name in cypher.NODE_LABELS]
            self.G.add_node(key, type=types[0] if types else None, **networkx_attributes(props))
        return key

    def nodes(self, query: str, **params: Any) -> list[str]:
        return [self.add_node(r["n"]) for r in self.run(query, **params)]

    def nodes_by_key(self, name: str, keys: Iterable[str]) -> list[str]:
        keys = sorted(set(keys) - set(self.G))
        return self.nodes(cypher.nodes_by_key(name), keys=keys) if keys else []

    def relationships(
        self, name: str, keys: Iterable[str], direction: str, types: list[str] | None = None
    ) -> list[str]:
        """Add the relationships of the ``name`` nodes ``keys``; return the other ends."""
        keys = sorted(set(keys))
        if not keys:
            return []
        others = []
        query = cypher.relationships_of(name, direction)
        for r in self.run(query, keys=keys, types=types):
            others.append(self.add_node(r["other"]))
            if not self.G.has_edge(r["start"], r["end"], key=r["type"]):
                attrs = networkx_attributes(r["props"])
                self.G.add_edge(r["start"], r["end"], key=r["type"], type=r["type"], **attrs)
        return others

    def of_type(self, name: str) -> list[str]:
        return [n for n, d in self.G.nodes(data=True) if d.get("type") == name]


def _read(
    driver: neo4j.Driver, database: str | None, work: Callable[[_Reader], Any]
) -> nx.MultiDiGraph:
    """Run ``work`` in one read transaction (one snapshot, no round trip per query for
    sessions and transactions) and return the graph it read."""

    def attempt(tx: neo4j.ManagedTransaction) -> nx.MultiDiGraph:
        reader = _Reader(tx)  # a retried attempt starts from an empty graph
        work(reader)
        return reader.G

    where = str(getattr(driver, "address", "the configured address"))
    with driver_errors(where, database), driver.session(database=database) as session:
        G: nx.MultiDiGraph = session.execute_read(attempt)
    return G


def _require_data(reader: _Reader) -> None:
    """One documented meeting, so that the embedded ``require_data`` passes exactly when
    the database holds minutes (and raises the same EmptyStoreError when it does not)."""
    reader.nodes(cypher.a_documented_meeting())


def require_data(driver: neo4j.Driver, *, database: str | None = None) -> None:
    """:func:`queries.meetings.require_data` for Neo4j: EmptyStoreError when it holds no
    minutes (the CLI checks this before every question, as it does for the store)."""
    require_embedded(_read(driver, database, _require_data))


def _index_query(reader: _Reader, query: str, **params: Any) -> list[neo4j.Record]:
    """Run a query of the full-text index; a database without the index is told how to
    get it."""
    try:
        return reader.run(query, **params)
    except neo4j.exceptions.ClientError as exc:
        if cypher.ITEM_WORDS_INDEX not in str(exc.message):
            raise
        raise Neo4jError(
            f"the Neo4j database has no full-text index {cypher.ITEM_WORDS_INDEX} (loaded by "
            "an older casegraph?): run `casegraph neo4j load` again to create it"
        ) from None


def _matters_by_words(reader: _Reader, query: str, limit: int) -> tuple[list[str], list[str]]:
    """The matters the embedded ``fitting_matters`` would answer ``query`` (words) with,
    and those it would list as also fitting (:mod:`queries.neo4j_words`: the embedded
    ranking's bounds in round trips, so only what can change the answer is read)."""
    return neo4j_words.matters_by_words(
        lambda q, **params: _index_query(reader, q, **params), query, limit
    )


def _suggestion_titles(reader: _Reader, query: str) -> list[tuple[str, str]]:
    """The titles the embedded code suggests from when nothing fits ``query``, each with
    one item's key: the distinct titles holding a query word (outside every matter too),
    when there are such, else every distinct title."""

    def pairs(record: neo4j.Record) -> list[tuple[str, str]]:
        return list(zip(record["titles"], record["keys"], strict=True))

    roots = sorted({stem(word) for word in content_words(query)})
    if roots:
        in_titles = cypher.words_query(cypher.TITLE_FIELD, roots)
        found = pairs(_index_query(reader, cypher.distinct_titles_by_words(), words=in_titles)[0])
        holding = [(t, k) for t, k in found if any(root in t.lower() for root in roots)]
        if holding:
            return holding
    return pairs(reader.run(cypher.distinct_titles(schema.AGENDA_ITEM))[0])


def _matter_graph(reader: _Reader, query: str, limit: int) -> None:
    """Everything ``find_matters(query, limit=limit)`` and ``matter_steps`` read."""
    _require_data(reader)
    number = embedded_timeline.case_number_of(query)
    if number is not None:
        # The parts of the number, digits without leading zeros: every number the embedded
        # code counts as equal (it ignores punctuation and those zeros) contains them all.
        # The index is asked for the serial number (the last part), which is the rarest,
        # unless it is too short to narrow anything down.
        parts = [
            p.lstrip("0") or "0" if p.isdigit() else p for p in re.findall(r"[A-Z]+|\d+", number)
        ]
        needle = parts[-1] if len(parts[-1]) >= 3 else max(parts, key=len)
        lookup = cypher.matters_by_case_number()
        pairs = reader.run(lookup, needle=needle, needles=parts)[0]["pairs"]
        wanted = embedded_timeline.loose_case_number(number)
        keys = sorted({m for n, m in pairs if embedded_timeline.loose_case_number(n) == wanted})
        others: list[str] = []
    else:
        keys, others = _matters_by_words(reader, query, limit)
    if not keys and number is None:
        # The embedded code then suggests the closest titles.
        for title, key in _suggestion_titles(reader, query):
            if key not in reader.G:
                reader.G.add_node(key, type=schema.AGENDA_ITEM, title=title)
    # The matters also fitting are listed with their label, size and dates: no more.
    listed = reader.nodes_by_key(schema.MATTER, others)
    reader.nodes_by_key(
        schema.AGENDA_ITEM, {i for m in listed for i in reader.G.nodes[m].get("items") or ()}
    )
    matters = reader.nodes_by_key(schema.MATTER, keys)
    items = {i for m in matters for i in reader.G.nodes[m].get("items") or ()}
    reader.nodes_by_key(schema.AGENDA_ITEM, items)
    # Every relationship of the items: meetings, decisions, cases, links, people.
    reader.relationships(schema.AGENDA_ITEM, items, "both")
    decisions = reader.of_type(schema.DECISION)
    meetings = reader.relationships(schema.DECISION, decisions, "out", [schema.DECIDED_AT])
    meetings += [reader.G.nodes[i]["meeting"] for i in items if "meeting" in reader.G.nodes[i]]
    reader.nodes_by_key(schema.MEETING, meetings)
    reader.relationships(
        schema.MEETING, meetings, "in", [schema.ATTENDED, schema.INVITED_TO, schema.ABSENT_FROM]
    )


def case_timeline(
    driver: neo4j.Driver, query: str, *, limit: int = 3, database: str | None = None
) -> embedded_timeline.Timeline:
    """:func:`queries.timeline.case_timeline`, answered from Neo4j."""
    G = _read(driver, database, lambda reader: _matter_graph(reader, query, limit))
    return embedded_timeline.case_timeline(G, query, limit=limit)


def attended(
    driver: neo4j.Driver, query: str, *, infer: bool = False, database: str | None = None
) -> embedded_attended.Attendance:
    """:func:`queries.attended.attended`, answered from Neo4j."""

    def work(reader: _Reader) -> None:
        _matter_graph(reader, query, 1)  # attended answers the best matter
        if infer:
            meetings = reader.of_type(schema.MEETING)
            forums = sorted({str(reader.G.nodes[m].get("forum")) for m in meetings})
            reader.nodes(cypher.meetings_of_forums(), forums=forums)

    G = _read(driver, database, work)
    return embedded_attended.attended(G, query, infer=infer)


def person(
    driver: neo4j.Driver, name: str, *, database: str | None = None
) -> embedded_person.Participation:
    """:func:`queries.person.person`, answered from Neo4j."""

    def work(reader: _Reader) -> None:
        reader.nodes(cypher.all_nodes(schema.PERSON))
        try:
            key = embedded_person.find_person(reader.G, name)
        except NoMatchError:
            return  # person() below raises the same error
        reader.relationships(schema.PERSON, [key], "out")

    return embedded_person.person(_read(driver, database, work), name)


def answer(question: str, *, settings: Neo4jSettings | None = None, **params: Any) -> Any:
    """Connect with ``settings`` (default: ``NEO4J_*``), check that the database holds
    minutes, and ask ``question``: a name in :data:`queries.questions.QUESTIONS` with a
    Neo4j function (``case``, ``attended``, ``person``), with the embedded function's
    parameters by name. This is what ``--backend neo4j`` calls.
    """
    ask = QUESTIONS[question].neo4j_function()
    if ask is None:
        raise QueryError(f"`{question}` is answered from the embedded store only")
    settings = settings or Neo4jSettings.from_env()
    if settings.password is None:
        raise Neo4jError("no Neo4j password: set NEO4J_PASSWORD")
    driver = connect(settings.uri, settings.user, settings.password, settings.database)
    try:
        require_data(driver, database=settings.database)
        return ask(driver, database=settings.database, **params)
    finally:
        driver.close()


__all__ = ["answer", "attended", "case_timeline", "person", "require_data"]
