"""The Neo4j loader (outputs/neo4j_load.py) against the real server of scripts/neo4j-dev.

Run with the dev server up::

    scripts/neo4j-dev start
    NEO4J_TESTS=1 .venv/bin/pytest -q tests/test_neo4j_load.py

Without NEO4J_TESTS the server tests skip; the error tests for a server that is down
and the pure row-building tests run anyway. The expected counts below are written
from the graph built in :func:`small_graph`, node by node, not copied from a load.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from casegraph.cli import cli
from core.errors import Neo4jError
from core.records import AgendaItem, Attachment, Document, EarlierDecision, Meeting, Source
from graph.build import build_graph
from outputs.neo4j_load import Counts, LoadReport, load_graph, node_rows, relationship_rows
from store import cypher
from store.neo4j_db import connect, neo4j_properties

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"
INJECTION = "x'}) DETACH DELETE n //"
BACKTICK = "Meeting`) DETACH DELETE n //"


def small_graph() -> nx.MultiDiGraph:
    """Two meetings of two forums, one matter across them; every node type of the schema.

    Nodes (27): 2 Forum (direktionen, strategisk-chefforum); 3 Meeting (the two
    documented ones and the stub of Direktionen 2020-12-09 from an earlier decision);
    3 AgendaItem (direktionen 1 and 4, chefforum 5); 2 Case (S2020-57031,
    S2019-75); 3 Person (Gitte Clemmensen, Jens Hansen, Anne Bech); 1 Attachment;
    4 Decision (three items' own, one earlier); 2 Document; 1 Matter; 1 Organisation;
    1 Role.
    """
    src_a = Source("002_direktionen.txt", "a" * 64, 1, 40)
    src_b = Source("000_chefforum.txt", "b" * 64, 1, 60)
    item1 = AgendaItem(
        number=1,
        title="Godkendelse af dagsorden",
        source=src_a,
        public=True,
        decision="Godkendt.",
        outcome="approved",
    )
    item4 = AgendaItem(
        number=4,
        title="Udmøntning af Budget 2021 - Centralisering af regningsbetaling",
        source=src_a,
        public=True,
        case_numbers=("S2020-57031",),
        decision="Direktionen godkendte indstillingen.",
        outcome="approved",
        earlier_decisions=(
            EarlierDecision(forum="Direktionen", date="2020-12-09", text="Drøftet.", start="08:30"),
        ),
        attachments=(Attachment(title="Notat om regningsbetaling", number="480-2020-1"),),
        participants=("Jens Hansen",),
    )
    item5 = AgendaItem(
        number=5,
        title="Centralisering af regningsbetaling",
        source=src_b,
        public=False,
        case_numbers=("S2020-57031", "s2019-75"),
        decision="Strategisk Chefforum kvalificerede oplægget.",
        outcome="discussed",
    )
    direktionen = Meeting(
        forum="Direktionen",
        date="2021-01-07",
        source=src_a,
        attendees=("Gitte Clemmensen", "Jens Hansen"),
        absent=("Anne Bech",),
        attendance_recorded=True,
        items=(item1, item4),
    )
    chefforum = Meeting(
        forum="Strategisk Chefforum",
        date="2021-01-13",
        source=src_b,
        start="09:00",
        attendees=("Gitte Clemmensen",),
        attendance_recorded=True,
        items=(item5,),
    )
    G = build_graph(
        [
            Document(path=src_a.path, sha256=src_a.sha256, meeting=direktionen, title="Referat"),
            Document(path=src_b.path, sha256=src_b.sha256, meeting=chefforum, title="REFERAT"),
        ]
    )
    # The types build_graph does not make yet (matters, organisations, roles), by hand as
    # docs/schema.md describes them.
    i4, i5 = "item:direktionen:2021-01-07:4", "item:strategisk-chefforum:2021-01-13:5"
    matter = "matter:direktionen:2021-01-07:4"
    G.add_node(matter, type="Matter", label="Centralisering af regningsbetaling", items=[i4, i5])
    G.add_node("org:kmd", type="Organisation", name="KMD")
    G.add_node("role:kommunaldirektoer", type="Role", name="Kommunaldirektør")
    for item in (i4, i5):
        G.add_edge(item, matter, key="PART_OF", type="PART_OF")
    G.add_edge(
        i4,
        i5,
        key="CONTINUES",
        type="CONTINUES",
        evidence=["case S2020-57031", "title"],
        score=0.93,
    )
    G.add_edge("org:kmd", i5, key="MENTIONED_IN", type="MENTIONED_IN", text="KMD")
    G.add_edge("role:kommunaldirektoer", i4, key="MENTIONED_IN", type="MENTIONED_IN", text="x")
    G.add_edge(
        "person:gitte-clemmensen", i5, key="PRESENTED", type="PRESENTED", text="rammesatte punktet"
    )
    return G


EXPECTED_NODES = {
    "Forum": 2,
    "Meeting": 3,
    "AgendaItem": 3,
    "Case": 2,
    "Person": 3,
    "Attachment": 1,
    "Decision": 4,
    "Document": 2,
    "Matter": 1,
    "Organisation": 1,
    "Role": 1,
}
EXPECTED_RELATIONSHIPS = {
    # 2 documented meetings + the stub
    "OF_FORUM": 3,
    "HAS_ITEM": 3,
    # item 4: S2020-57031; item 5: S2020-57031 and S2019-75
    "ABOUT_CASE": 3,
    # Direktionen: Gitte, Jens; Chefforum: Gitte
    "ATTENDED": 3,
    "ABSENT_FROM": 1,
    "GUEST_AT": 1,
    "PRESENTED": 1,
    "MENTIONED_IN": 2,
    "HAS_ATTACHMENT": 1,
    # three own decisions, one earlier
    "HAS_DECISION": 4,
    "DECIDED_AT": 4,
    # 2 meetings + 3 items
    "FROM_DOCUMENT": 5,
    "PART_OF": 2,
    "CONTINUES": 1,
}


def snapshot(driver: Any) -> tuple[list[Any], list[Any]]:
    """Every node and relationship with its labels/type and all properties, sorted (the
    load manifests left out, by key range and by bundle: they depend on the loads that led
    to them)."""
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


def db_counts(driver: Any) -> tuple[dict[str, int], dict[str, int]]:
    nodes = {
        name: driver.execute_query(cypher.count_nodes(name)).records[0]["count"]
        for name in cypher.NODE_LABELS
    }
    rels = {
        name: driver.execute_query(cypher.count_relationships(name)).records[0]["count"]
        for name in cypher.REL_TYPES
    }
    return {k: v for k, v in nodes.items() if v}, {k: v for k, v in rels.items() if v}


def created(report: LoadReport) -> tuple[dict[str, int], dict[str, int]]:
    return (
        {k: c.created for k, c in report.nodes.items()},
        {k: c.created for k, c in report.relationships.items()},
    )


# -- without a server ---------------------------------------------------------------


def test_small_graph_is_what_the_docstring_says() -> None:
    G = small_graph()
    rows, skipped = node_rows(G)
    assert {k: len(v) for k, v in rows.items()} == EXPECTED_NODES
    rels, rel_skipped = relationship_rows(G)
    by_type: dict[str, int] = {}
    for (type_, _, _), batch in rels.items():
        by_type[type_] = by_type.get(type_, 0) + len(batch)
    assert by_type == EXPECTED_RELATIONSHIPS
    assert skipped == rel_skipped == []


def test_properties_are_neo4j_values() -> None:
    props = neo4j_properties(
        {
            "type": "Meeting",
            "attendees": ("Åse Nørgaard", "Jens"),
            "absent": [],
            "place": None,
            "documented": True,
            "number": 4,
            "score": 0.5,
            "nested": {"b": [1, {"c": None}]},
            "mixed": ["a", 2],
        },
        drop=("type",),
    )
    assert props["attendees"] == ["Åse Nørgaard", "Jens"]
    # An empty list is left out (Neo4j cannot type it, CSV cannot write it) and named.
    assert "absent" not in props and props["_empty"] == ["absent"]
    assert "place" not in props and "type" not in props
    assert props["documented"] is True and props["number"] == 4 and props["score"] == 0.5
    assert props["nested"] == '{"b": [1, {"c": null}]}'
    assert props["mixed"] == '["a", 2]'


def test_unknown_types_are_skipped_not_written() -> None:
    G = nx.MultiDiGraph()
    G.add_node("meeting:x:2021-01-01", type=BACKTICK)
    G.add_node("forum:x", type="Forum", name="X")
    G.add_node("forum:y")  # an end point networkx made up: no type
    G.add_edge("forum:x", "forum:y", key="OF_FORUM", type="OF_FORUM")
    G.add_edge("forum:x", "forum:x", key="X]->() DELETE r //", type="X]->() DELETE r //")
    rows, skipped = node_rows(G)
    assert list(rows) == ["Forum"]
    assert skipped == [
        f"node 'meeting:x:2021-01-01': unknown type {BACKTICK!r}",
        "node 'forum:y': unknown type None",
    ]
    rels, rel_skipped = relationship_rows(G)
    assert rels == {}
    assert len(rel_skipped) == 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_server_down_names_the_uri_and_the_fix() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(Neo4jError, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:\d+") as info:
        connect(uri, "neo4j", "s3cret-password")
    assert "scripts/neo4j-dev start" in str(info.value)
    assert "NEO4J_URI" in str(info.value)
    assert "s3cret-password" not in str(info.value)


def test_credentials_in_the_uri_are_not_shown() -> None:
    uri = f"bolt://neo4j:s3cret-password@127.0.0.1:{free_port()}"
    with pytest.raises(Neo4jError, match="leave the user and password out of the URI") as info:
        connect(uri, "neo4j", "other")
    assert "s3cret-password" not in str(info.value)


def test_not_a_neo4j_uri() -> None:
    with pytest.raises(Neo4jError, match=r"'http://127.0.0.1:7474' is not a Neo4j URI"):
        connect("http://127.0.0.1:7474", "neo4j", "pw")


def test_cli_without_password_and_without_terminal(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    result = CliRunner(env=env).invoke(
        cli, ["neo4j", "load", "--store", str(tmp_path)], env={"NEO4J_PASSWORD": None}
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "Error: no Neo4j password: set NEO4J_PASSWORD"


# -- against the real server --------------------------------------------------------


@pytest.mark.neo4j
def test_counts(neo4j_db: Any) -> None:
    report = load_graph(neo4j_db, small_graph())
    assert created(report) == (EXPECTED_NODES, EXPECTED_RELATIONSHIPS)
    assert report.node_totals == Counts(created=sum(EXPECTED_NODES.values()))
    assert report.relationship_totals == Counts(created=sum(EXPECTED_RELATIONSHIPS.values()))
    assert report.skipped == ()
    assert db_counts(neo4j_db) == (EXPECTED_NODES, EXPECTED_RELATIONSHIPS)


@pytest.mark.neo4j
def test_values_arrive_as_they_were(neo4j_db: Any) -> None:
    load_graph(neo4j_db, small_graph())
    meeting = neo4j_db.execute_query(
        "MATCH (m:Meeting {key: $key}) RETURN properties(m) AS p",
        key="meeting:direktionen:2021-01-07",
    ).records[0]["p"]
    assert meeting["attendees"] == ["Gitte Clemmensen", "Jens Hansen"]
    assert meeting["absent"] == ["Anne Bech"]
    assert meeting["documented"] is True
    assert meeting["first_line"] == 1
    assert "start" not in meeting and "type" not in meeting  # None dropped; type is the label
    item = neo4j_db.execute_query(
        "MATCH (i:AgendaItem {key: $key}) RETURN i.title AS title, i.case_numbers AS cases",
        key="item:strategisk-chefforum:2021-01-13:5",
    ).records[0]
    assert item["cases"] == ["S2020-57031", "S2019-75"]
    cont = neo4j_db.execute_query(
        "MATCH (:AgendaItem)-[r:CONTINUES]->(:AgendaItem) RETURN properties(r) AS p"
    ).records[0]["p"]
    assert cont["evidence"] == ["case S2020-57031", "title"]
    assert cont["score"] == 0.93


@pytest.mark.neo4j
def test_loading_twice_changes_nothing(neo4j_db: Any) -> None:
    G = small_graph()
    first = load_graph(neo4j_db, G)
    before = snapshot(neo4j_db)
    second = load_graph(neo4j_db, G, batch_size=3)
    assert snapshot(neo4j_db) == before
    assert not second.changed
    assert second.node_totals == Counts(unchanged=first.node_totals.created)
    assert second.relationship_totals == Counts(unchanged=first.relationship_totals.created)
    assert {k: c.unchanged for k, c in second.nodes.items()} == EXPECTED_NODES


@pytest.mark.neo4j
def test_a_changed_title_is_one_update(neo4j_db: Any) -> None:
    G = small_graph()
    load_graph(neo4j_db, G)
    key = "item:direktionen:2021-01-07:1"
    G.nodes[key]["title"] = "Godkendelse af dagsorden (rettet)"
    G.nodes[key]["outcome"] = None  # a property that disappears
    report = load_graph(neo4j_db, G)
    assert report.nodes["AgendaItem"] == Counts(updated=1, unchanged=2)
    assert report.node_totals.updated == 1
    assert report.relationship_totals.updated == 0
    props = neo4j_db.execute_query(
        "MATCH (i:AgendaItem {key: $key}) RETURN properties(i) AS p", key=key
    ).records[0]["p"]
    assert props["title"] == "Godkendelse af dagsorden (rettet)"
    assert "outcome" not in props


@pytest.mark.neo4j
def test_a_later_load_adds_only_the_new(neo4j_db: Any) -> None:
    G = small_graph()
    load_graph(neo4j_db, G)
    src = Source("003_direktionen.txt", "c" * 64, 1, 20)
    item = AgendaItem(number=2, title="Opfølgning", source=src, case_numbers=("S2020-57031",))
    later = Meeting(
        forum="Direktionen",
        date="2021-01-21",
        source=src,
        attendees=("Gitte Clemmensen",),
        items=(item,),
    )
    G2 = nx.compose(G, build_graph([Document(path=src.path, sha256=src.sha256, meeting=later)]))
    report = load_graph(neo4j_db, G2)
    # New: the meeting, its item and its document; the forum, case and person exist.
    assert created(report)[0] == {
        "Forum": 0,
        "Meeting": 1,
        "AgendaItem": 1,
        "Case": 0,
        "Person": 0,
        "Attachment": 0,
        "Decision": 0,
        "Document": 1,
        "Matter": 0,
        "Organisation": 0,
        "Role": 0,
    }
    # OF_FORUM, HAS_ITEM, ABOUT_CASE, ATTENDED and two FROM_DOCUMENT.
    assert report.relationship_totals.created == 6
    assert report.node_totals.updated == report.relationship_totals.updated == 0


@pytest.mark.neo4j
def test_a_node_written_by_something_else_is_taken_over(neo4j_db: Any) -> None:
    neo4j_db.execute_query(
        "CREATE (:Forum {key: 'forum:direktionen', name: 'Old name', note: 'by hand'})"
    )
    report = load_graph(neo4j_db, small_graph())
    assert report.nodes["Forum"] == Counts(created=1, updated=1)
    props = neo4j_db.execute_query(
        "MATCH (f:Forum {key: 'forum:direktionen'}) RETURN properties(f) AS p"
    ).records[0]["p"]
    assert sorted(props) == ["_hash", "key", "name"]
    assert props["name"] == "Direktionen"


@pytest.mark.neo4j
def test_an_interrupted_load_completes_when_run_again(neo4j_db: Any) -> None:
    G = small_graph()

    class Stop(Exception):
        pass

    seen: list[tuple[int, int]] = []

    def stop_half_way(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= total // 2:
            raise Stop

    with pytest.raises(Stop):
        load_graph(neo4j_db, G, batch_size=4, progress=stop_half_way)
    done, total = seen[-1]
    assert 0 < done < total
    nodes, rels = db_counts(neo4j_db)
    assert sum(nodes.values()) + sum(rels.values()) == done  # every finished batch stayed

    report = load_graph(neo4j_db, G, batch_size=4)
    totals = report.node_totals + report.relationship_totals
    assert totals == Counts(created=total - done, unchanged=done)
    assert db_counts(neo4j_db) == (EXPECTED_NODES, EXPECTED_RELATIONSHIPS)
    interrupted = snapshot(neo4j_db)

    # The same database as one uninterrupted load.
    with neo4j_db.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    load_graph(neo4j_db, G)
    assert snapshot(neo4j_db) == interrupted


@pytest.mark.neo4j
def test_constraints_on_every_key(neo4j_db: Any) -> None:
    from conftest_neo4j import drop_constraints

    drop_constraints(neo4j_db)
    assert neo4j_db.execute_query(cypher.show_constraints()).records == []
    load_graph(neo4j_db, nx.MultiDiGraph())
    records = neo4j_db.execute_query(cypher.show_constraints()).records
    found = {(r["label"], r["property"], r["type"]) for r in records}
    assert found == {(name, "key", "UNIQUENESS") for name in cypher.NODE_LABELS}
    with pytest.raises(Exception, match="already exists"):
        neo4j_db.execute_query("CREATE (:Case {key: 'case:X'}), (:Case {key: 'case:X'})")


@pytest.mark.neo4j
def test_injection_attempts_are_stored_verbatim(neo4j_db: Any) -> None:
    G = small_graph()
    key = "item:direktionen:2021-01-07:4"
    G.nodes[key]["title"] = INJECTION
    G.nodes[key]["case_numbers"] = ["S2020-57031", INJECTION]
    G.add_node(f"case:{INJECTION}", type="Case", number=INJECTION)
    G.add_edge(key, f"case:{INJECTION}", key="ABOUT_CASE", type="ABOUT_CASE", text="`) //")
    G.add_node("meeting:evil:2021-01-01", type=BACKTICK, title="x")
    G.add_edge(key, "meeting:evil:2021-01-01", key="REFERS_TO", type="REFERS_TO")
    report = load_graph(neo4j_db, G)

    title = neo4j_db.execute_query(
        "MATCH (i:AgendaItem {key: $key}) RETURN i.title AS t, i.case_numbers AS c", key=key
    ).records[0]
    assert title["t"] == INJECTION
    assert title["c"] == ["S2020-57031", INJECTION]
    case = neo4j_db.execute_query(
        "MATCH (:AgendaItem)-[r:ABOUT_CASE]->(c:Case {key: $key}) "
        "RETURN c.number AS n, r.text AS t",
        key=f"case:{INJECTION}",
    ).records[0]
    assert (case["n"], case["t"]) == (INJECTION, "`) //")
    # Nothing was deleted, and the backtick label never reached Neo4j.
    expected_nodes = dict(EXPECTED_NODES, Case=3)
    expected_rels = dict(EXPECTED_RELATIONSHIPS, ABOUT_CASE=4)
    assert db_counts(neo4j_db) == (expected_nodes, expected_rels)
    labels = neo4j_db.execute_query("CALL db.labels() YIELD label RETURN collect(label) AS l")
    # The schema's labels and the load manifest's (outputs/neo4j_manifest.py), nothing else
    # (the bundle manifest's label stays known to a database that has its index).
    found = set(labels.records[0]["l"]) - {cypher.BUNDLES}
    assert sorted(found) == sorted([*EXPECTED_NODES, cypher.MANIFEST])
    assert report.skipped == (
        f"node 'meeting:evil:2021-01-01': unknown type {BACKTICK!r}",
        f"edge {key!r} -[REFERS_TO]-> 'meeting:evil:2021-01-01': an end node has an unknown type",
    )


@pytest.mark.neo4j
def test_wrong_password_is_refused_and_not_shown(neo4j_driver: Any) -> None:
    from conftest_neo4j import neo4j_settings

    uri, user, _ = neo4j_settings()
    # One failed login only: Neo4j locks a user out for a while after three.
    with pytest.raises(Neo4jError, match=rf"Neo4j at {uri} refused the login of user 'neo4j'") as e:
        connect(uri, user, "Wrong-Passw0rd-xyz")
    assert "Wrong-Passw0rd-xyz" not in str(e.value)
    assert "NEO4J_PASSWORD" in str(e.value)


@pytest.mark.neo4j
def test_unknown_database(neo4j_driver: Any) -> None:
    from conftest_neo4j import neo4j_settings

    uri, user, password = neo4j_settings()
    with pytest.raises(Neo4jError, match=r"has no database 'no-such-db' \(it has: .*neo4j"):
        connect(uri, user, password, database="no-such-db")


@pytest.mark.neo4j
def test_cli_loads_the_seeds(neo4j_db: Any, tmp_path: Path) -> None:
    from conftest_neo4j import neo4j_settings

    uri, user, password = neo4j_settings()
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", "-q", "--store", str(store), str(SEEDS)]).exit_code == 0
    env = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
    first = runner.invoke(cli, ["neo4j", "load", "--store", str(store)], env=env)
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, ["neo4j", "load", "--store", str(store)], env=env)
    assert second.exit_code == 0, second.output

    from casegraph.pipeline import Store

    G = Store(store).graph()
    types: dict[str, int] = {}
    for _, data in G.nodes(data=True):
        types[data["type"]] = types.get(data["type"], 0) + 1
    nodes, _ = db_counts(neo4j_db)
    assert nodes == types
    last = second.output.strip().splitlines()
    # columns: created, updated, unchanged, deleted
    assert last[-2].split() == ["nodes", "0", "0", str(G.number_of_nodes()), "0"]
    assert last[-1].split() == ["relationships", "0", "0", str(G.number_of_edges()), "0"]
    assert password not in first.output + second.output
    # --json: the same counts as data.
    third = runner.invoke(cli, ["neo4j", "load", "--store", str(store), "--json"], env=env)
    assert third.exit_code == 0, third.output
    data = json.loads(third.stdout)
    assert {label: c["unchanged"] for label, c in data["nodes"].items()} == types
    assert sum(c["unchanged"] for c in data["relationships"].values()) == G.number_of_edges()
    assert sum(c["created"] + c["updated"] for c in data["nodes"].values()) == 0


@pytest.mark.neo4j
def test_cli_wrong_password(neo4j_driver: Any, tmp_path: Path) -> None:
    from conftest_neo4j import neo4j_settings

    uri, _, _ = neo4j_settings()
    env = {"NEO4J_URI": uri, "NEO4J_USER": "nobody", "NEO4J_PASSWORD": "Hunter2-secret"}
    result = CliRunner().invoke(cli, ["neo4j", "load", "--store", str(tmp_path)], env=env)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        f"Error: Neo4j at {uri} refused the login of user 'nobody': "
        "check NEO4J_USER (--user) and NEO4J_PASSWORD"
    )
    assert "Hunter2-secret" not in result.output


def test_what_the_store_no_longer_has_is_deleted(neo4j_db: Any, tmp_path: Path) -> None:
    """A changed document loses an item: after re-ingest and re-load, Neo4j loses it too,
    with its edges, and nothing else changes. Non-casegraph data is never touched."""
    from casegraph.pipeline import Store, ingest

    folder = tmp_path / "in"
    folder.mkdir()
    seed = SEEDS / "002_a5db68b1e2c219a1.txt"
    target = folder / seed.name
    target.write_bytes(seed.read_bytes())
    ingest([folder], store=tmp_path / "s")
    neo4j_db.execute_query("CREATE (:Unrelated {key: 'keep me'})")
    load_graph(neo4j_db, Store(tmp_path / "s").graph())
    assert "item:direktionen:2021-01-07:5" in keys_of(neo4j_db, "AgendaItem")

    # Item 5 (Orientering, lines 196-214 of the seed) is cut from the minutes.
    text = seed.read_text(encoding="utf-8")
    target.write_text(text[: text.index("Punkt 5: Orientering")], encoding="utf-8")
    ingest([folder], store=tmp_path / "s")
    G = Store(tmp_path / "s").graph()
    report = load_graph(neo4j_db, G)

    assert "item:direktionen:2021-01-07:5" not in keys_of(neo4j_db, "AgendaItem")
    assert report.nodes["AgendaItem"].deleted == 1
    # Stale relationships go first (the meeting's HAS_ITEM edge to item 5), then the node.
    assert report.relationships["HAS_ITEM"].deleted == 1
    nodes, rels = db_counts(neo4j_db)
    in_g: dict[str, int] = {}
    for _, attrs in G.nodes(data=True):
        in_g[attrs["type"]] = in_g.get(attrs["type"], 0) + 1
    assert nodes == in_g
    assert sum(rels.values()) == G.number_of_edges()
    unrelated = neo4j_db.execute_query("MATCH (n:Unrelated) RETURN n.key AS key").records
    assert [r["key"] for r in unrelated] == ["keep me"]
    again = load_graph(neo4j_db, G)
    assert not again.changed


def keys_of(driver: Any, name: str) -> set[str]:
    return {r["key"] for r in driver.execute_query(cypher.node_keys(name)).records}


def meetings_graph(count: int, extra: int = 0) -> nx.MultiDiGraph:
    """``count`` meetings of three forums (five items each, cases recurring across
    meetings, eight attendees), and ``extra`` more after them."""
    people = [f"Person {n:03d}" for n in range(40)]
    docs = []
    for n in range(count + extra):
        src = Source(f"m{n:04d}.txt", f"{n:064x}", 1, 100)
        items = tuple(
            AgendaItem(
                number=i,
                title=f"Punkt {i} om sag {(n + i) % 97}",
                source=src,
                case_numbers=(f"S2021-{(n * 5 + i) % 300:05d}",),
                decision="Godkendt.",
                outcome="approved",
            )
            for i in range(1, 6)
        )
        meeting = Meeting(
            forum=("Direktionen", "Økonomiudvalget", "Byrådet")[n % 3],
            date=f"{2015 + n // 300}-{n // 25 % 12 + 1:02d}-{n % 25 + 1:02d}",
            source=src,
            attendees=tuple(people[(n + k * 5) % 40] for k in range(8)),
            items=items,
        )
        docs.append(Document(path=src.path, sha256=src.sha256, meeting=meeting))
    return build_graph(docs)


@pytest.mark.neo4j
def test_one_new_meeting_sends_only_its_rows(neo4j_db: Any) -> None:
    """After one meeting more, a reload compares a few key ranges around what changed and
    sends exactly the new rows; the database is then what a first load would make."""
    G = meetings_graph(300)
    first = load_graph(neo4j_db, G)
    rows = G.number_of_nodes() + G.number_of_edges()
    assert first.compared == rows
    G2 = meetings_graph(300, extra=1)
    new_nodes = G2.number_of_nodes() - G.number_of_nodes()
    new_rels = G2.number_of_edges() - G.number_of_edges()
    # The meeting, its document, five items, five decisions; its cases exist already.
    assert new_nodes == 12
    report = load_graph(neo4j_db, G2)
    assert report.node_totals == Counts(created=new_nodes, unchanged=G.number_of_nodes())
    assert report.relationship_totals == Counts(created=new_rels, unchanged=G.number_of_edges())
    assert report.sent == new_nodes + new_rels
    # Key ranges of about 32 nodes with their relationships: a few hundred rows, of ~10k.
    assert report.compared < rows / 10, (report.compared, rows)
    incremental = snapshot(neo4j_db)
    with neo4j_db.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    load_graph(neo4j_db, G2)
    assert snapshot(neo4j_db) == incremental
    again = load_graph(neo4j_db, G2)
    assert (again.changed, again.compared, again.sent) == (False, 0, 0)


@pytest.mark.neo4j
def test_a_database_changed_by_hand_is_compared_in_full(neo4j_db: Any) -> None:
    """The manifest is trusted only while Neo4j's counts are the ones it recorded: a node
    deleted by hand makes the next load compare everything, and restore it."""
    G = meetings_graph(30)
    load_graph(neo4j_db, G)
    neo4j_db.execute_query("MATCH (n:AgendaItem) WITH n LIMIT 1 DETACH DELETE n")
    report = load_graph(neo4j_db, G)
    assert report.compared == G.number_of_nodes() + G.number_of_edges()
    assert report.nodes["AgendaItem"].created == 1
    assert db_counts(neo4j_db)[0]["AgendaItem"] == 150
    assert not load_graph(neo4j_db, G).changed
