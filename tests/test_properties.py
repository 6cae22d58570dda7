"""Properties of the whole pipeline: the order of ingest does not matter, and ingest is a no-op
the second time. Natural keys make both true; these tests would catch a key that depends on
insertion order or a run-time value."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from casegraph.pipeline import Store, ingest
from outputs.export_json import export_json

SEEDS = sorted((Path(__file__).resolve().parents[1] / "examples" / "nordfyns").glob("*.txt"))


def _export(paths: list[Path]) -> str:
    work = Path(tempfile.mkdtemp(prefix="casegraph-prop-"))
    try:
        for path in paths:
            ingest([path], store=work / "store")
        data = export_json(Store(work / "store").graph())
        return json.dumps(data, sort_keys=True, ensure_ascii=False)
    finally:
        shutil.rmtree(work, ignore_errors=True)


REFERENCE = None


@settings(max_examples=8, deadline=None)
@given(st.permutations(SEEDS))
def test_ingest_order_does_not_change_the_graph(order: list[Path]) -> None:
    global REFERENCE
    if REFERENCE is None:
        REFERENCE = _export(SEEDS)
    assert _export(list(order)) == REFERENCE


def test_ingesting_twice_changes_nothing(tmp_path: Path) -> None:
    first = ingest(SEEDS, store=tmp_path / "s")
    generation = Store(tmp_path / "s").generation()
    before = json.dumps(export_json(Store(tmp_path / "s").graph()), sort_keys=True)
    second = ingest(SEEDS, store=tmp_path / "s")
    assert (first.created, second.created, second.unchanged) == (5, 0, 5)
    assert Store(tmp_path / "s").generation() == generation
    after = json.dumps(export_json(Store(tmp_path / "s").graph()), sort_keys=True)
    assert after == before


def test_a_changed_file_replaces_only_its_records(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    ingest([folder], store=tmp_path / "s")
    target = folder / "002_a5db68b1e2c219a1.txt"
    text = target.read_text(encoding="utf-8")
    target.write_text(
        text.replace("Punkt 5: Orientering", "Punkt 5: Orientering om nytårskur"), encoding="utf-8"
    )
    report = ingest([folder], store=tmp_path / "s")
    assert (report.updated, report.unchanged) == (1, 4)
    G = Store(tmp_path / "s").graph()
    assert G.nodes["item:direktionen:2021-01-07:5"]["title"] == "Orientering om nytårskur"
    assert Store(tmp_path / "s").counts() == {"documents": 5, "paths": 5}
