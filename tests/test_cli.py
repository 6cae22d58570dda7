"""The CLI: exit codes, the exact ``Error:`` lines, help on every command."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from casegraph.cli import cli

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def store(tmp_path: Path, runner: CliRunner) -> Path:
    store = tmp_path / "store"
    result = runner.invoke(cli, ["ingest", "--store", str(store), str(SEEDS)])
    assert result.exit_code == 0, result.output
    return store


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((prefix + name, command))
        if isinstance(command, click.Group):
            found += _commands(command, prefix + name + " ")
    return found


@pytest.mark.parametrize("name,command", _commands(cli))
def test_every_command_has_help(name: str, command: click.Command) -> None:
    assert command.help and command.help.strip(), f"`casegraph {name}` has no help text"
    result = CliRunner().invoke(cli, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_ingest_summary(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["ingest", "--store", str(tmp_path / "s"), str(SEEDS)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "5 documents (5 new, 0 changed, 0 unchanged), 5 meetings, 31 items, 0 failed"
    )
    again = runner.invoke(cli, ["ingest", "--store", str(tmp_path / "s"), str(SEEDS)])
    assert again.output.strip() == (
        "5 documents (0 new, 0 changed, 5 unchanged), 5 meetings, 31 items, 0 failed"
    )


def test_ingest_bad_file_exits_1_and_keeps_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes((SEEDS / "002_a5db68b1e2c219a1.txt").read_bytes())
    (folder / "empty.txt").write_text("")
    result = runner.invoke(cli, ["ingest", "--store", str(tmp_path / "s"), str(folder)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert "empty.txt" in errors[0]
    assert "1 documents (1 new, 0 changed, 0 unchanged)" in result.output
    listing = runner.invoke(cli, ["meetings", "--store", str(tmp_path / "s"), "--json"])
    assert [m["date"] for m in json.loads(listing.output)] == ["2021-01-07"]


def test_missing_path_is_an_error_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["ingest", "--store", str(tmp_path / "s"), "nope/none.txt"])
    assert result.exit_code == 1
    assert "Error:" in result.output and "nope/none.txt" in result.output
    assert "Traceback" not in result.output


def test_empty_store_says_how_to_ingest(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["meetings", "--store", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: the store holds no minutes yet; run `casegraph ingest")


def test_meetings_table_and_json(runner: CliRunner, store: Path) -> None:
    rows = json.loads(runner.invoke(cli, ["meetings", "--store", str(store), "--json"]).output)
    assert [(r["date"], r["forum"]) for r in rows] == [
        ("2020-05-27", "Direktionen"),
        ("2020-06-03", "Strategisk Chefforum"),
        ("2021-01-07", "Direktionen"),
        ("2021-01-13", "Strategisk Chefforum"),
        ("2023-12-20", "Strategisk Chefforum"),
    ]
    only = json.loads(
        runner.invoke(
            cli, ["meetings", "--store", str(store), "--forum", "direktionen", "--json"]
        ).output
    )
    assert len(only) == 2
    table = runner.invoke(cli, ["meetings", "--store", str(store)]).output
    assert "2021-01-13  08:30  Strategisk Chefforum" in table


def test_export_shape(runner: CliRunner, store: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.json"
    result = runner.invoke(
        cli, ["export", "--store", str(store), "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert {"meetings", "matters", "people"} <= data.keys()
    meeting = next(m for m in data["meetings"] if m["id"] == "meeting:direktionen:2021-01-07")
    assert set(meeting) >= {
        "id",
        "forum",
        "term",
        "date",
        "start",
        "place",
        "kind",
        "documented",
        "attendance_recorded",
        "attendees",
        "absent",
        "source",
        "items",
    }
    assert (
        meeting["source"]["sha256"]
        == __import__("hashlib")
        .sha256((SEEDS / "002_a5db68b1e2c219a1.txt").read_bytes())
        .hexdigest()
    )
    item = meeting["items"][3]
    assert set(item) >= {
        "id",
        "number",
        "title",
        "public",
        "case_numbers",
        "document_numbers",
        "outcome",
        "decision",
        "earlier_decisions",
        "attachments",
        "participants",
        "absent_for_item",
        "lines",
    }
    assert item["title"] == "Udmøntning af Budget 2021 - Centralisering af regningsbetaling"
    assert item["earlier_decisions"][0]["date"] == "2020-12-09"
    stub = next(m for m in data["meetings"] if m["id"] == "meeting:direktionen:2020-12-09")
    assert stub["documented"] is False
    assert stub["attendance_recorded"] is False


def test_stats_counts(runner: CliRunner, store: Path) -> None:
    data = json.loads(runner.invoke(cli, ["stats", "--store", str(store), "--json"]).output)
    assert data["nodes"]["AgendaItem"] == 31
    assert data["nodes"]["Document"] == 5
    assert data["edges"]["HAS_ITEM"] == 31


def test_search_ranks_and_highlights(runner: CliRunner, store: Path) -> None:
    data = json.loads(
        runner.invoke(cli, ["search", "--store", str(store), "regningsbetaling", "--json"]).output
    )
    titles = [r["title"] for r in data["results"][:2]]
    assert all("regningsbetaling" in t for t in titles)
    assert "[" in data["results"][0]["snippet"]


def test_search_without_match_exits_1(runner: CliRunner, store: Path) -> None:
    result = runner.invoke(cli, ["search", "--store", str(store), "zzyzx"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: no agenda item matches 'zzyzx'"
