"""The reload by derived bundle (outputs/neo4j_bundles.py) against the real server.

Run with the dev server up::

    scripts/neo4j-dev start
    NEO4J_TESTS=1 .venv/bin/pytest -q tests/test_neo4j_reload.py
"""

from __future__ import annotations

from typing import Any

import networkx as nx
from test_neo4j_load import SEEDS

from casegraph.neo4j_loading import load_neo4j
from casegraph.pipeline import Store, ingest
from core.records import AgendaItem, Document, Meeting, Source
from graph.build import build_graph
from graph.partition import Part, merge_parts, part_of_graph
from outputs.neo4j_bundles import load_parts
from outputs.neo4j_load import Counts, load_graph

from conftest_neo4j import neo4j_settings

PEOPLE = ["Gitte Clemmensen", "Jens Hansen", "Anne Bech", "Ole Holm"]


def doc(n: int, decision: str = "Godkendt.") -> Document:
    """Meeting ``n`` of Direktionen: two items, case numbers recurring every other one."""
    src = Source(f"{n:03d}.txt", f"{n:064x}", 1, 40)
    items = tuple(
        AgendaItem(
            number=i,
            title=f"Punkt {i} om sag {(n + i) // 2}",
            source=src,
            public=True,
            case_numbers=(f"S2021-{(n + i) // 2:05d}",),
            decision=decision if i == 1 else "Drøftet.",
            outcome="approved" if i == 1 else "discussed",
        )
        for i in (1, 2)
    )
    meeting = Meeting(
        forum="Direktionen",
        date=f"2021-01-{n:02d}",
        source=src,
        attendees=tuple(PEOPLE[n % 4 : n % 4 + 2]),
        attendance_recorded=True,
        items=items,
    )
    return Document(path=src.path, sha256=src.sha256, meeting=meeting, title="Referat")


def parts(a: list[Document], b: list[Document]) -> dict[str, Part]:
    """Two partitions (people, forums and cases shared between them by key)."""
    return {"A": part_of_graph(build_graph(a)), "B": part_of_graph(build_graph(b))}


def content(driver: Any) -> tuple[list[Any], list[Any]]:
    """Every casegraph node and relationship with its properties, sorted."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:CasegraphManifest AND NOT n:CasegraphBundle "
        "RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.key"
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.key AS a, type(r) AS t, b.key AS b, properties(r) AS props "
        "ORDER BY a, t, b"
    )
    return [(r["labels"], r["props"]) for r in nodes], [
        (r["a"], r["t"], r["b"], r["props"]) for r in rels
    ]


def test_reload_after_one_meeting_equals_a_full_load(neo4j_db: Any) -> None:
    before = parts([doc(1), doc(2), doc(3)], [doc(10), doc(11)])
    first = load_parts(neo4j_db, before)
    assert first.node_totals.created > 0
    assert load_parts(neo4j_db, before).sent == 0  # nothing changed: nothing read or sent

    # One more meeting in A, meeting 1's decision corrected (only its bundle changes
    # besides the new one and the shared ones), and meeting 11 of B gone.
    after = parts([doc(1, "Godkendt med ændringer."), doc(2), doc(3), doc(4)], [doc(10)])
    reload = load_parts(neo4j_db, after)
    assert reload.changed
    reloaded = content(neo4j_db)

    neo4j_db.execute_query("MATCH (n) DETACH DELETE n")
    G: nx.MultiDiGraph = merge_parts([after["A"], after["B"]])
    load_graph(neo4j_db, G)
    fresh = content(neo4j_db)
    assert reloaded == fresh
    texts = {p.get("text") for labels, p in fresh[0] if labels == ["Decision"]}
    assert "Godkendt med ændringer." in texts
    assert not any(p.get("key", "").endswith("2021-01-11") for _, p in fresh[0])


def test_reload_counts_the_whole_graph(neo4j_db: Any) -> None:
    before = parts([doc(1), doc(2)], [doc(10)])
    first = load_parts(neo4j_db, before)
    again = load_parts(neo4j_db, before)
    assert again.sent == again.compared == 0
    assert again.node_totals == Counts(unchanged=first.node_totals.created)
    assert again.relationship_totals == Counts(unchanged=first.relationship_totals.created)
    after = parts([doc(1), doc(2), doc(3)], [doc(10)])
    G = merge_parts([after["A"], after["B"]])
    reload = load_parts(neo4j_db, after)
    assert reload.node_totals.total == G.number_of_nodes()
    assert reload.relationship_totals.total == G.number_of_edges()
    assert reload.node_totals.deleted == 0 and reload.node_totals.created > 0


def test_cli_load_after_one_more_minutes_equals_a_full_load(neo4j_db: Any, tmp_path: Any) -> None:
    """`casegraph neo4j load` through the store's saved bundles: four of the Nordfyns
    minutes loaded, the fifth ingested, loaded again by bundle."""
    uri, user, password = neo4j_settings()
    files = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "store"
    ingest(files[:4], store=store)
    load_neo4j(store, uri=uri, user=user, password=password, bulk=False)
    ingest(files[4:], store=store)
    reload = load_neo4j(store, uri=uri, user=user, password=password, bulk=False)
    assert reload.changed and 0 < reload.compared < reload.node_totals.total
    reloaded = content(neo4j_db)
    neo4j_db.execute_query("MATCH (n) DETACH DELETE n")
    with Store(store, readonly=True) as opened:
        load_graph(neo4j_db, opened.graph())
    assert reloaded == content(neo4j_db)
