"""The bulk first load (outputs/neo4j_bulk.py): CSV for ``neo4j-admin database import
full``, imported by the dev server (``scripts/neo4j-dev import``).

The CSV tests run without a server. The import tests need this checkout's dev server
(``make test`` starts it): they import a graph of awkward values and compare every node
and relationship with what the incremental loader writes for the same graph, then load the
seeds with ``casegraph neo4j load --bulk`` and ask a question of both backends.
"""

from __future__ import annotations

import bisect
import csv
import math
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner
from test_neo4j_load import SEEDS, small_graph, snapshot

from casegraph.cli import cli
from casegraph.pipeline import Store, load_document
from core.errors import Neo4jError
from graph.partition import part_of_graph
from outputs import neo4j_bulk
from outputs.neo4j_bulk import (
    ARRAY_DELIMITER,
    bulk_load_graph,
    choose_bulk,
    forget_bookmarks,
    is_dev_server,
    write_import_files,
)
from outputs.neo4j_bundles import has_manifest, reload_parts
from outputs.neo4j_devserver import run_import
from outputs.neo4j_load import load_graph
from queries import neo4j_backend
from queries.timeline import case_timeline

#: Values CSV quoting must carry unchanged (and a key that needs quoting itself).
AWKWARD = {
    "quotes": 'Budget "2021" og ""x""',
    "tab": "a\tb",
    "newline": "første linje\nanden linje",
    "crlf": "windows\r\nlinje",
    "backslash": 'C:\\sager\\ og \\"',
    "empty": "",
    "unicode": "Åse Ørsted – ≥ 2 € 🙂",
    "spaces": "  kant  ",
}


def awkward_graph() -> nx.MultiDiGraph:
    """The hand-built graph of test_neo4j_load plus nodes whose values are hard for CSV."""
    G = small_graph()
    G.add_node('case:S"1\t2', type="Case", number='S"1\t2', **AWKWARD)
    G.add_node("case:int-number", type="Case", number=5)  # Case.number is a string elsewhere
    G.add_node(
        "org:lists",
        type="Organisation",
        name="Lister",
        words=["", "a", "b c"],
        numbers=[1, -2, 2**62],
        scores=[0.5, -1.25, math.inf],
        flags=[True, False],
        big=2**70,  # beyond 64 bits: stored as text
        nested={"a": [1, None]},
        empty=[],
    )
    # Values CSV cannot hold exactly go through Bolt after the import.
    G.add_node("org:unit-separator", type="Organisation", name="x", words=[f"a{ARRAY_DELIMITER}b"])
    G.add_node("org:one-empty", type="Organisation", name="y", words=[""])
    G.add_node("org:odd-name", type="Organisation", **{"name": "z", "odd name": 1})
    G.add_edge("org:lists", "case:int-number", key="MENTIONED_IN", type="MENTIONED_IN", text='"')
    G.add_edge("org:unit-separator", 'case:S"1\t2', key="MENTIONED_IN", type="MENTIONED_IN")
    return G


# -- the files, without a server ----------------------------------------------------------


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quotechar='"'))


def test_files_and_arguments(tmp_path: Path) -> None:
    G = awkward_graph()
    files = write_import_files(G, tmp_path, workers=1)
    assert files.skipped == []
    # Nodes and relationships: all of them, either in CSV or left to the loader.
    written = sum(files.nodes.values()) + sum(len(v) for v in files.left_nodes.values())
    assert written == G.number_of_nodes()
    left = sum(len(v) for v in files.left_relationships.values())
    assert sum(files.relationships.values()) + left == G.number_of_edges()
    assert sorted(files.left_nodes["Organisation"]) == [
        "org:odd-name",
        "org:one-empty",
        "org:unit-separator",
    ]
    assert [(u, v) for u, v, _ in files.left_relationships["MENTIONED_IN", "Organisation", "Case"]]
    args = (tmp_path / "import.args").read_text(encoding="utf-8").splitlines()
    # Nodes left to the loader leave gaps in the integer IDs: not the record numbers.
    assert args[:3] == ["--delimiter=TAB", "--array-delimiter=U+001F", "--id-type=INTEGER"]
    # Case.number is a string and an integer: two parts with their own headers.
    case_args = [a for a in args if a.startswith("--nodes=Case=")]
    assert len(case_args) == 2
    headers = [read_tsv(Path(a.split("=", 2)[2].split(",")[0]))[0] for a in case_args]
    assert ["number:string" in h for h in headers] == [True, False]
    assert ["number:long" in h for h in headers] == [False, True]
    assert {tuple(h[:2]) for h in headers} == {(":ID", "key:string")}
    # A value holds a line break: the files are read by the CSV parser in order (v1), not
    # split into chunks by guessing where a row ends (v2).
    assert args[4:6] == ["--multiline-fields-format=v1", "--multiline-fields=true"]
    assert not any("v2" in a for a in args)


ITEM = "item:direktionen:2021-01-07:4"


def test_every_relationship_line_has_its_ends(tmp_path: Path) -> None:
    """Relationships with and without properties, one or many in a group: every line of a
    relationship file starts with the integer IDs of two nodes written in the node files."""
    G = awkward_graph()
    for n in range(3):  # a group of several relationships without properties
        G.add_node(f"case:extra-{n}", type="Case", number=f"S-{n}")
        G.add_edge(ITEM, f"case:extra-{n}", key="ABOUT_CASE", type="ABOUT_CASE")
    files = write_import_files(G, tmp_path, workers=1)
    ids = {
        row[0]
        for path in tmp_path.glob("nodes-*.csv")
        if ".header" not in path.name
        for row in read_tsv(path)
    }
    assert len(ids) == sum(files.nodes.values())
    lines = 0
    for path in tmp_path.glob("rels-*.csv"):
        if ".header" in path.name:
            continue
        for row in read_tsv(path):
            assert row[0] in ids and row[1] in ids, (path.name, row)
            lines += 1
    assert lines == sum(files.relationships.values())


def test_no_multiline_reading_without_a_line_break(tmp_path: Path) -> None:
    G = small_graph()
    assert not any(
        "\n" in str(v) or "\r" in str(v) for _, d in G.nodes(data=True) for v in d.values()
    )
    write_import_files(G, tmp_path, workers=1)
    args = (tmp_path / "import.args").read_text(encoding="utf-8")
    assert "--multiline" not in args
    # Every node is in the files: their IDs are the record numbers the import gives them.
    assert "--id-type=ACTUAL" in args.splitlines()


def test_values_as_written(tmp_path: Path) -> None:
    files = write_import_files(awkward_graph(), tmp_path, workers=1)
    header_file = next(tmp_path.glob("nodes-Organisation-*.header.csv"))
    header = read_tsv(header_file)[0]
    rows = read_tsv(header_file.with_name(header_file.name.replace(".header", "")))
    row = dict(zip(header, next(r for r in rows if r[1] == "org:lists"), strict=False))
    assert row["words:string[]"] == ARRAY_DELIMITER.join(["", "a", "b c"])
    assert row["numbers:long[]"] == ARRAY_DELIMITER.join(["1", "-2", str(2**62)])
    assert row["scores:double[]"] == ARRAY_DELIMITER.join(["0.5", "-1.25", "Infinity"])
    assert row["flags:boolean[]"] == ARRAY_DELIMITER.join(["true", "false"])
    assert row["big:string"] == str(2**70)
    assert row["_json:string[]"] == ARRAY_DELIMITER.join(["big", "nested"])  # decoded again
    assert row["_empty:string[]"] == "empty"
    assert files.nodes["Organisation"] == 2  # KMD and the lists; three left over


def test_the_same_files_from_one_or_two_workers(tmp_path: Path) -> None:
    G = awkward_graph()
    one = write_import_files(G, tmp_path / "one", workers=1)
    two = write_import_files(G, tmp_path / "two", workers=2)
    assert (one.nodes, one.relationships) == (two.nodes, two.relationships)
    for path in sorted((tmp_path / "one").glob("*.csv")):
        assert (tmp_path / "two" / path.name).read_bytes() == path.read_bytes(), path.name


# -- the import, against this checkout's dev server -----------------------------------------


@pytest.fixture(scope="module")
def dev_server(neo4j_driver: Any) -> Any:
    from conftest_neo4j import neo4j_settings

    uri, user, password = neo4j_settings()
    if not is_dev_server(uri):
        pytest.skip(f"a bulk import needs this checkout's scripts/neo4j-dev server, not {uri}")
    return neo4j_driver, uri, user, password


@pytest.mark.neo4j
@pytest.mark.parametrize(
    ("make", "id_type"),
    [(awkward_graph, "INTEGER"), (small_graph, "ACTUAL")],
    ids=["nodes-left-to-bolt", "every-node-imported"],
)
def test_bulk_load_equals_the_incremental_load(
    dev_server: Any, tmp_path: Path, make: Any, id_type: str
) -> None:
    """Integer IDs with gaps (nodes left to Bolt) and the record numbers themselves (every
    node in the files): the same nodes, relationships and properties either way."""
    driver, _, _, password = dev_server
    G = make()
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    load_graph(driver, G)
    incremental = snapshot(driver)

    phases: dict[str, float] = {}
    report = bulk_load_graph(
        driver, G, password=password, force=True, phases=phases, folder=tmp_path
    )
    assert f"--id-type={id_type}" in (tmp_path / "import.args").read_text().splitlines()
    assert set(phases) == {"csv", "import", "indexes", "rest"}
    assert snapshot(driver) == incremental
    assert report.node_totals.created == G.number_of_nodes()
    assert report.relationship_totals.created == G.number_of_edges()
    # Every row carries the incremental loader's hash: loading again changes nothing.
    again = load_graph(driver, G)
    assert not again.changed
    assert again.node_totals.unchanged == G.number_of_nodes()
    indexes = driver.execute_query(
        "SHOW INDEXES YIELD name, state WHERE name STARTS WITH 'casegraph_' RETURN name, state"
    ).records
    assert {r["state"] for r in indexes} == {"ONLINE"}
    assert {"casegraph_item_words", "casegraph_case_number", "casegraph_case_key"} <= {
        r["name"] for r in indexes
    }


@pytest.mark.neo4j
def test_bulk_load_stores_the_bundle_manifest(dev_server: Any, tmp_path: Path) -> None:
    """Given the store's bundles, the import is followed by their manifest (its entries made
    while the server imports): a reload by bundle then reads and sends nothing."""
    driver, _, _, password = dev_server
    G = small_graph()
    parts = {"": part_of_graph(G)}
    bulk_load_graph(driver, G, password=password, force=True, folder=tmp_path, parts=parts)
    assert has_manifest(driver)
    again = reload_parts(driver, parts)
    assert again is not None and not again.changed
    assert (again.compared, again.sent) == (0, 0)
    assert again.node_totals.unchanged == G.number_of_nodes()


#: The import tool reads a file 4 MiB (characters) at a time.
READ_BUFFER = 4 * 1024 * 1024
#: What item texts are made of: line breaks of every kind, quotes, the delimiter, a
#: backslash before a quote and at the end.
PIECES = ["Sagen", " ", "\n", "\r\n", "\r", '"', '""', "\t", "\\", '\\"', "æøå", "\n\n"]


def multiline_graph(items: int = 7000, seed: int = 7) -> nx.MultiDiGraph:
    import random

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for n in range(items):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(300, 1100)))
        if n % 3 == 0:
            text += "\\"  # a text ending in a backslash, just before the closing quote
        title = f'Punkt {n}\n"{rng.choice(PIECES)}"'
        G.add_node(f"item:{n}", type="AgendaItem", title=title, text=text, number=n)
    return G


@pytest.mark.neo4j
def test_multiline_texts_across_the_read_buffers(dev_server: Any, tmp_path: Path) -> None:
    """Texts full of CR, LF, quotes and TABs over several of the tool's read buffers: the
    v2 reader failed here ("found CR outside a text cell" near the end of the first 4 MiB
    buffer); every text must come back exactly."""
    driver, _, _, password = dev_server
    G = multiline_graph()
    bulk_load_graph(driver, G, password=password, force=True, folder=tmp_path)
    [body] = [p for p in tmp_path.glob("nodes-AgendaItem-*.csv") if ".header" not in p.name]
    chars = body.read_text(encoding="utf-8")
    assert len(chars) > 2 * READ_BUFFER  # at least two buffer boundaries
    # Where each boundary falls: inside a row whose text holds line breaks before and after.
    row_starts = [m.start() for m in re.finditer(r'\n\d+\t"item:', chars)]
    for boundary in range(READ_BUFFER, len(chars), READ_BUFFER):
        at = bisect.bisect(row_starts, boundary)
        row_start, row_end = row_starts[at - 1], row_starts[at] if at < len(row_starts) else -1
        assert "\n" in chars[row_start + 1 : boundary] or "\r" in chars[row_start + 1 : boundary]
        assert row_end > boundary
    records = driver.execute_query(
        "MATCH (i:AgendaItem) RETURN i.key AS key, i.title AS title, i.text AS text"
    ).records
    stored = {r["key"]: (r["title"], r["text"]) for r in records}
    assert stored == {k: (d["title"], d["text"]) for k, d in G.nodes(data=True)}


@pytest.mark.neo4j
def test_a_failed_import_leaves_the_driver_usable(
    dev_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed import leaves an empty database, a new one: the driver's next query must not
    wait for a transaction of the database it replaced (it did, then timed out)."""
    driver, _, _, password = dev_server
    load_graph(driver, small_graph())  # the driver's bookmarks name this database
    write = neo4j_bulk.write_import_files

    def with_a_bad_header(G: nx.MultiDiGraph, folder: Path, **kwargs: Any) -> Any:
        files = write(G, folder, **kwargs)
        header = next(Path(folder).glob("nodes-Forum-*.header.csv"))
        header.write_text("key:ID(Forum)\tname:nosuchtype\n", encoding="utf-8")
        return files

    monkeypatch.setattr(neo4j_bulk, "write_import_files", with_a_bad_header)
    with pytest.raises(Neo4jError, match=r"the bulk import failed \(files kept in") as failed:
        bulk_load_graph(driver, small_graph(), password=password, force=True, folder=tmp_path)
    assert password not in str(failed.value)
    records = driver.execute_query("MATCH (n) RETURN count(n) AS n").records
    assert records[0]["n"] == 0


@pytest.mark.neo4j
def test_cli_bulk_load_of_the_seeds(dev_server: Any, tmp_path: Path) -> None:
    driver, uri, user, password = dev_server
    store = Store(tmp_path / "store")
    for path in sorted(SEEDS.glob("*.txt")):
        store.put(load_document(path))
    G = store.graph()
    store.close()
    env = {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}
    result = CliRunner().invoke(
        cli, ["neo4j", "load", "--bulk", "-q", "--store", str(tmp_path / "store")], env=env
    )
    assert result.exit_code == 0, result.output
    forget_bookmarks(driver)  # the test's own driver wrote to the database replaced
    lines = result.output.strip().splitlines()
    assert lines[-2].split() == ["nodes", str(G.number_of_nodes()), "0", "0", "0"]
    assert lines[-1].split() == ["relationships", str(G.number_of_edges()), "0", "0", "0"]
    assert password not in result.output
    query = "centralisering af regningsbetaling"
    assert neo4j_backend.case_timeline(driver, query) == case_timeline(G, query)
    # The bundle manifest is written after an import too: the next load goes by bundle.
    assert has_manifest(driver)
    again = CliRunner().invoke(
        cli, ["neo4j", "load", "-q", "--store", str(tmp_path / "store")], env=env
    )
    assert again.exit_code == 0, again.output
    assert again.output.strip().splitlines()[-2].split() == [
        "nodes",
        "0",
        "0",
        str(G.number_of_nodes()),
        "0",
    ]


def test_bulk_needs_the_dev_server() -> None:
    G = small_graph()
    elsewhere = "bolt://192.0.2.1:7687"
    assert not is_dev_server(elsewhere)
    with pytest.raises(Neo4jError, match=r"a bulk load writes the files of the development"):
        choose_bulk(None, G, elsewhere, None, True)  # type: ignore[arg-type]
    assert choose_bulk(None, G, elsewhere, None, False) is False  # type: ignore[arg-type]
    # By default a graph this small goes through Bolt even into the dev server.
    assert choose_bulk(None, G, elsewhere, None, None) is False  # type: ignore[arg-type]
    assert not is_dev_server("bolt://127.0.0.1:7687", "other")


@pytest.mark.neo4j
def test_a_bulk_load_refuses_a_database_that_holds_nodes(dev_server: Any, tmp_path: Path) -> None:
    """Without ``force`` the import never replaces data: the error says what to do, and the
    database still holds what it held."""
    driver, _, _, password = dev_server
    G = small_graph()
    load_graph(driver, G)
    before = snapshot(driver)
    with pytest.raises(Neo4jError, match=r"the database holds nodes, and an import replaces it"):
        bulk_load_graph(driver, awkward_graph(), password=password, folder=tmp_path)
    assert snapshot(driver) == before
    assert not list(tmp_path.iterdir())  # refused before the files were written
    # The script refuses too, for anyone who calls it by hand.
    write_import_files(awkward_graph(), tmp_path)
    with pytest.raises(Neo4jError, match=r"the database holds nodes, and an import replaces it"):
        run_import(tmp_path, password=password)
    assert snapshot(driver) == before
