"""The questions read bundles merged into graph/bundle_graph.py's small graph instead of a
networkx graph: the same bundles give the same nodes, attributes, edges and neighbours in
the same order either way, and a cold ``case``, ``attended``, ``person`` or ``meetings``
process imports neither networkx nor spaCy (nor the Neo4j driver, nor pyvis)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from casegraph.pipeline import Store, ingest
from graph.bundle_graph import BundleGraph
from graph.partition import Bundle, merge_bundles

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "nordfyns"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundles") / "s"
    ingest([SEEDS], store=path)
    with Store(path) as db:
        db.graph()  # derived and saved, so that the questions below read the saved bundles
    return path


def _bundles(store: Path) -> list[Bundle]:
    with Store(store, readonly=True) as db:
        bundles = []
        for name, changed in db.partitions().items():
            part = db.cached_part(name, changed)
            assert part is not None
            bundles += list(part.bundles.values())
    return bundles


def _reading(g: Any) -> tuple[object, ...]:
    """Everything the questions read of a graph, in its order."""
    nodes = list(g.nodes(data=True))
    keys = [n for n, _ in nodes]
    return (
        nodes,
        [g.nodes[k] for k in keys],
        [list(g.out_edges(k, keys=True, data=True)) for k in keys],
        [list(g.in_edges(k, keys=True)) for k in keys],
        [list(g.in_edges(k)) for k in keys],
        [{v: list(ks) for v, ks in g.succ[k].items()} for k in keys],
        [{u: list(ks) for u, ks in g.pred[k].items()} for k in keys],
        list(g.edges(keys=True, data=True)),
        len(g),
        g.number_of_edges(),
    )


def test_the_small_graph_reads_as_networkx_does(store: Path) -> None:
    bundles = _bundles(store)
    # In the order of the file, backwards (stubs before the meetings that document them,
    # edges before their nodes' own bundles) and every other bundle twice.
    for order in (bundles, bundles[::-1], [b for b in bundles for _ in (0, 1)][::3]):
        small = merge_bundles(order, BundleGraph())
        assert _reading(small) == _reading(merge_bundles(order))
    assert "item:nordfyns:direktionen:2021-01-07:4" not in small or small.has_edge(
        "meeting:nordfyns:direktionen:2021-01-07",
        "item:nordfyns:direktionen:2021-01-07:4",
        "HAS_ITEM",
    )


def test_merging_copies_the_bundles_attributes() -> None:
    attrs = {"type": "Person", "aliases": ["X"]}
    first = Bundle([("person:x", attrs)], [("person:x", "meeting:a", "ATTENDED", {"n": 1})])
    second = Bundle([("person:x", {"type": "Person", "aliases": ["Xx"]})], [])
    G = merge_bundles([first, second], BundleGraph())
    assert G.nodes["person:x"]["aliases"] == ["X", "Xx"]
    assert attrs == {"type": "Person", "aliases": ["X"]}  # the bundle read stays as read
    G.add_edge("person:x", "meeting:a", "ATTENDED", n=2)
    assert first.edges[0][3] == {"n": 1}
    assert list(G.out_edges("nobody")) == [] and list(G.in_edges("nobody")) == []


_PROBE = """
import json, sys
from casegraph.cli import main
sys.argv = ["casegraph", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = ("networkx", "spacy", "neo4j", "pyvis")
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["case", "S2020-57031"],
        ["case", "centralisering af regningsbetaling"],
        ["case", "--json", "qqxzv"],
        ["attended", "regningsbetaling"],
        ["person", "morten v"],
        ["meetings"],
    ],
)
def test_a_cold_question_imports_no_networkx(store: Path, args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args, "--store", str(store)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    *said, imported = done.stderr.strip().splitlines()
    assert done.stdout.strip() or said  # an answer, or the error
    assert json.loads(imported) == []
