"""Ingest of every layout from the command line: web pages and XML in, no silent empty
meetings (a header without items fails the file, exit 1, the batch goes on), low-confidence
readings reported, and ``casegraph meetings --readers`` showing who read what."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from casegraph.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "layouts"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_every_convention_ingests(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "minutes"
    shutil.copytree(FIXTURES, folder, ignore=shutil.ignore_patterns("*.expected.json"))
    store = tmp_path / "s"
    result = runner.invoke(cli, ["ingest", "--store", str(store), str(folder)])
    # The two files in errors/ fail; the 16 conventions are stored.
    assert result.exit_code == 1
    assert result.stdout.strip().endswith("16 meetings, 48 items, 2 failed")
    errors = sorted(line for line in result.stderr.splitlines() if line.startswith("Error:"))
    assert len(errors) == 2
    assert (
        "header_without_items.txt: found the forum and date (Plan- og Boligudvalget, "
        in (errors[0])
    )
    assert (
        "items_without_header.txt: no meeting header (forum and date) found, though 3"
        in (errors[1])
    )
    rows = json.loads(runner.invoke(cli, ["meetings", "--store", str(store), "--json"]).stdout)
    readers = {r["forum"]: r["reader"] for r in rows}
    assert readers["Social- og Sundhedsudvalget"] == "edoc-xml"
    assert readers["Kultur- og Idrætsudvalget"] == "general-web"
    assert readers["Teknik- og Miljøudvalget"] in ("firstagenda", "general-web")
    assert all(0.5 <= r["confidence"] <= 1.0 for r in rows)


def test_meetings_readers_column(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "s"
    runner.invoke(cli, ["ingest", "--store", str(store), str(FIXTURES / "nr_year_running.txt")])
    table = runner.invoke(cli, ["meetings", "--store", str(store), "--readers"]).stdout
    assert table.splitlines()[0].split() == [
        "date", "start", "forum", "items", "attendees", "reader", "conf", "place",
    ]  # fmt: skip
    assert "2015-03-23  17:30  Byrådet" in table
    assert " general " in table.splitlines()[2]


def test_a_low_confidence_reading_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    vague = tmp_path / "vague.txt"
    vague.write_text(
        "Notat\nLederforum\n3. februar 2021\n\n1 Budget\nok\n\n9 Personale\nok\n", encoding="utf-8"
    )
    result = runner.invoke(cli, ["ingest", "--store", str(tmp_path / "s"), str(vague)])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"Warning: {vague}: read by the general reader with confidence")
    assert "`casegraph meetings --readers`" in result.stderr


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not in {CORPUS}")
def test_the_aarhus_web_pages_ingest(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("Aarhus_Teknisk-Udvalg_2025-10-01.html", "Aarhus_Byraadet_2025-10-08.html"):
        shutil.copy(CORPUS / name, folder / name)
    result = runner.invoke(cli, ["ingest", "--store", str(tmp_path / "s"), str(folder)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith("2 meetings, 39 items, 0 failed")
