"""What a user of the Neo4j commands sees: bad URIs, driver warnings, ``neo4j cypher``.

The URI tests run the real ``casegraph`` process; the others need the dev server
(``make test``).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from casegraph.cli import cli
from core.errors import Neo4jError
from outputs.neo4j_load import load_graph
from queries import neo4j_backend
from store import cypher
from store.neo4j_db import check_uri, connect, redact

CASEGRAPH = Path(sys.executable).with_name("casegraph")
SECRET = "pw-that-must-not-show"


@pytest.mark.parametrize(
    ("uri", "problem"),
    [
        ("bolt://[::1", 'an IPv6 address needs its closing "]"'),
        ("bolt://127.0.0.1:99999", "the port must be a number from 1 to 65535"),
        ("bolt://127.0.0.1:0", "the port must be a number from 1 to 65535"),
        ("bolt://127.0.0.1:-1", "the port must be a number from 1 to 65535"),
        ("neo4j://[::1]:7687x", "the port must be a number from 1 to 65535"),
        ("bolt://:7687", "it names no host"),
        ("bolt://host:7687/neo4j", "a Neo4j URI has no path; name the database with --database"),
    ],
)
def test_a_bad_uri_is_one_error_line(uri: str, problem: str, tmp_path: Path) -> None:
    env = {**os.environ, "NEO4J_URI": uri, "NEO4J_PASSWORD": SECRET}
    done = subprocess.run(
        [str(CASEGRAPH), "neo4j", "load", "--store", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"Error: {uri!r} is not a usable Neo4j URI ({problem}): use bolt://HOST:7687 or "
        "neo4j://HOST:7687 (neo4j+s:// for Aura); set NEO4J_URI or --uri\n"
    )


def test_credentials_in_a_malformed_uri_are_not_shown() -> None:
    assert redact(f"bolt://neo4j:{SECRET}@[::1") == "bolt://[::1"
    with pytest.raises(Neo4jError, match="leave the user and password out") as info:
        check_uri(f"neo4j+s://neo4j:{SECRET}@host:99999")
    assert SECRET not in str(info.value)


def test_cypher_needs_a_query() -> None:
    result = CliRunner().invoke(cli, ["neo4j", "cypher", "  "], env={"NEO4J_PASSWORD": SECRET})
    assert result.exit_code == 2
    assert result.output == "Error: the Cypher query is empty\n"
    result = CliRunner().invoke(cli, ["neo4j", "cypher", "-p", "no-equals", "RETURN 1"])
    assert result.exit_code == 2
    assert "a parameter is NAME=VALUE" in result.output


# -- against the dev server -------------------------------------------------------------


def env_of_server() -> dict[str, str]:
    from conftest_neo4j import neo4j_settings

    uri, user, password = neo4j_settings()
    return {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password}


@pytest.mark.neo4j
def test_no_driver_warnings(neo4j_db: Any, caplog: pytest.LogCaptureFixture) -> None:
    """The server warns about a relationship type it has never seen (as on a first load
    into an empty database); casegraph's driver asks for no such notifications."""
    env = env_of_server()
    driver = connect(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"])
    try:
        with caplog.at_level(logging.DEBUG, logger="neo4j"):
            records, summary, _ = driver.execute_query(
                "MATCH ()-[r:CASEGRAPH_TEST_NEVER_CREATED]->() RETURN count(r) AS n"
            )
    finally:
        driver.close()
    assert records[0]["n"] == 0
    assert not [s for s in summary.gql_status_objects if s.is_notification]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.neo4j
def test_a_first_load_prints_no_warnings(neo4j_db: Any, tmp_path: Path) -> None:
    """The real command, as a user runs it the first time: into an empty database without
    casegraph's constraints, and again with ``-q``, nothing on standard error (the driver
    printed 17 "relationship type does not exist" warnings here), and the counts of the
    first load are those docs/neo4j.md shows."""
    from conftest_neo4j import drop_constraints

    drop_constraints(neo4j_db)
    store = tmp_path / "store"
    seeds = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"
    env = {**os.environ, **env_of_server()}
    command = [str(CASEGRAPH), "neo4j", "load", "--store", str(store)]
    subprocess.run([str(CASEGRAPH), "ingest", "--store", str(store), str(seeds)], check=True)
    for extra in ([], ["-q"]):
        done = subprocess.run(
            [*command, *extra], capture_output=True, text=True, env=env, timeout=300
        )
        assert (done.returncode, done.stderr) == (0, "")
        if not extra:  # the first load's counts are the ones docs/neo4j.md shows
            docs = (Path(__file__).resolve().parents[1] / "docs" / "neo4j.md").read_text()
            assert done.stdout in docs


@pytest.mark.neo4j
def test_cypher_reads_with_parameters(neo4j_db: Any) -> None:
    from test_neo4j_load import small_graph

    load_graph(neo4j_db, small_graph())
    injection = "x'}) DETACH DELETE n //"
    query = "MATCH (m:Meeting {forum: $forum}) RETURN m.date AS date, $text AS text ORDER BY date"
    args = ["neo4j", "cypher", query, "-p", "forum=Direktionen", "-p", f"text={injection}"]
    result = CliRunner().invoke(cli, args, env=env_of_server())
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "date        text",
        f"2020-12-09  {injection}",
        f"2021-01-07  {injection}",
        "2 rows",
    ]
    data = CliRunner().invoke(cli, [*args, "--json"], env=env_of_server())
    assert json.loads(data.output)["rows"][1] == {"date": "2021-01-07", "text": injection}
    assert neo4j_db.execute_query(cypher.count_nodes("Meeting")).records[0]["count"] == 3


@pytest.mark.neo4j
def test_cypher_is_read_only_unless_asked(neo4j_db: Any) -> None:
    env = env_of_server()
    result = CliRunner().invoke(cli, ["neo4j", "cypher", "CREATE (:CypherTest)"], env=env)
    assert result.exit_code == 1
    assert result.output == (
        "Error: this statement writes, and `casegraph neo4j cypher` only reads unless given "
        "--write\n"
    )
    count = "MATCH (n:CypherTest) RETURN count(n) AS n"
    assert neo4j_db.execute_query(count).records[0]["n"] == 0
    result = CliRunner().invoke(
        cli, ["neo4j", "cypher", "--write", "CREATE (:CypherTest)"], env=env
    )
    assert result.exit_code == 0, result.output
    assert result.output == "labels added: 1, nodes created: 1\n"
    assert neo4j_db.execute_query(count).records[0]["n"] == 1


@pytest.mark.neo4j
def test_cypher_wrong_password_is_not_shown(neo4j_driver: Any) -> None:
    env = {**env_of_server(), "NEO4J_USER": "nobody", "NEO4J_PASSWORD": SECRET}
    result = CliRunner().invoke(cli, ["neo4j", "cypher", "RETURN 1"], env=env)
    assert result.exit_code == 1
    assert "refused the login of user 'nobody'" in result.output
    assert SECRET not in result.output


@pytest.mark.neo4j
def test_word_questions_use_the_full_text_index(neo4j_db: Any) -> None:
    from test_neo4j_load import small_graph

    load_graph(neo4j_db, small_graph())
    found = neo4j_backend.case_timeline(neo4j_db, "regningsbetaling")
    assert [m.id for m in found.matters] == ["matter:direktionen:2021-01-07:4"]
    neo4j_db.execute_query(f"DROP INDEX {cypher.ITEM_WORDS_INDEX}")
    try:
        with pytest.raises(Neo4jError, match="has no full-text index casegraph_item_words"):
            neo4j_backend.case_timeline(neo4j_db, "regningsbetaling")
    finally:
        load_graph(neo4j_db, small_graph())  # creates it again
    assert neo4j_backend.case_timeline(neo4j_db, "regningsbetaling") == found
