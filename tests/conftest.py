"""Shared fixtures: paths to the bundled seeds and the shared corpus."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

# How many tests skipped for want of the corpus, said at the end of the run.
from corpus_note import CORPUS, pytest_unconfigure  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "nordfyns"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside the checkout ({CORPUS})")
    return CORPUS


@pytest.fixture(scope="session")
def greve_dir(corpus_dir: Path) -> Path:
    """The Greve JSON minutes in the shared corpus (skipped when absent)."""
    folder = corpus_dir / "greve"
    if not folder.is_dir():
        pytest.skip(f"the Greve minutes are not in the shared corpus ({folder})")
    return folder


@pytest.fixture(scope="session")
def greve_graph(greve_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    """The graph of the Greve minutes as a new user gets it: ingested into a store, derived
    (people, matters) and read back. Built once per session: it takes about a minute."""
    from casegraph.pipeline import Store, ingest

    path = tmp_path_factory.mktemp("greve") / "store"
    report = ingest([greve_dir], store=path)
    assert report.failed == 0
    with Store(path) as store:
        return store.graph()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (tests/chromium.py): skipped when missing, failed with CHROMIUM_TESTS=1."""
    from chromium import Chromium, chromium_path

    if chromium_path() is None:
        if os.environ.get("CHROMIUM_TESTS") == "1":
            pytest.fail(
                "CHROMIUM_TESTS=1 but /usr/bin/chromium is missing: run scripts/install-chromium"
            )
        pytest.skip("/usr/bin/chromium is missing (scripts/install-chromium installs it)")
    with Chromium() as b:
        yield b


# The real Neo4j server's fixtures (skip without NEO4J_TESTS, fail when it is set and the
# server is down), shared by the Neo4j test modules.
from conftest_neo4j import neo4j_db, neo4j_driver  # noqa: E402, F401
