"""Shared fixtures: paths to the bundled seeds and the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "nordfyns"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside the checkout ({CORPUS})")
    return CORPUS


# The real Neo4j server's fixtures (skip without NEO4J_TESTS, fail when it is set and the
# server is down), shared by the Neo4j test modules.
from conftest_neo4j import neo4j_db, neo4j_driver  # noqa: E402, F401
