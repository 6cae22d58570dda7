"""Fixtures for tests against the real Neo4j server started by ``scripts/neo4j-dev``.

Import them from ``tests/conftest.py``::

    from conftest_neo4j import neo4j_db, neo4j_driver  # noqa: F401

Without ``NEO4J_TESTS`` the tests that use them skip and say how to run them; with
``NEO4J_TESTS=1`` (``make test``, CI) an unreachable server fails them instead, so a
broken server never passes as a skip. Connection settings: ``NEO4J_URI`` (default
``bolt://127.0.0.1:$NEO4J_DEV_PORT``, port 7687), ``NEO4J_USER`` (``neo4j``) and
``NEO4J_PASSWORD`` (the dev server's dev-only default). Every test gets an empty
database: the tests delete everything in it, so never point them at real data.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import neo4j
import pytest

from core.errors import Neo4jError
from store import cypher
from store.neo4j_db import connect

#: The dev server's password when NEO4J_PASSWORD is unset (scripts/neo4j-dev); dev only.
DEV_PASSWORD = "casegraph-dev-only"


def neo4j_settings() -> tuple[str, str, str]:
    """URI, user and password of the test server, from the environment."""
    port = os.environ.get("NEO4J_DEV_PORT", "7687")
    uri = os.environ.get("NEO4J_URI", f"bolt://127.0.0.1:{port}")
    return (
        uri,
        os.environ.get("NEO4J_USER", "neo4j"),
        os.environ.get("NEO4J_PASSWORD", DEV_PASSWORD),
    )


@pytest.fixture(scope="session")
def neo4j_driver() -> Iterator[neo4j.Driver]:
    """A driver for the dev server; skips without NEO4J_TESTS, fails if it is unreachable."""
    if not os.environ.get("NEO4J_TESTS"):
        pytest.skip("Neo4j tests need the dev server: scripts/neo4j-dev start; NEO4J_TESTS=1")
    uri, user, password = neo4j_settings()
    try:
        driver = connect(uri, user, password)
    except Neo4jError as exc:
        pytest.fail(f"NEO4J_TESTS is set but Neo4j is not usable: {exc}", pytrace=False)
    yield driver
    driver.close()


@pytest.fixture()
def neo4j_db(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    """The driver, on a database emptied of all nodes (constraints stay: see below)."""
    # An implicit transaction, so a large leftover graph (the benchmark's) is deleted in pieces.
    with neo4j_driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    return neo4j_driver


def drop_constraints(driver: neo4j.Driver) -> None:
    """Drop casegraph's key constraints (a schema change makes Neo4j re-plan every query,
    about 2 s here, so only the test that checks their creation does this)."""
    for name in cypher.NODE_LABELS:
        driver.execute_query(cypher.drop_node_constraint(name))
