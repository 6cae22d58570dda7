"""Export formats: JSON, GraphML and CSV tables of the seeds, and how a bad -o fails.

The expectations come from the seed minutes (see tests/seed_facts.py): the invoice matter is
item 4 of Direktionen 07-01-2021 (no case number) and item 5 of Strategisk Chefforum
13-01-2021 (S2020-57031), linked.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from casegraph.cli import cli
from casegraph.pipeline import Store
from outputs.exporters import export, render
from outputs.formats import FORMATS

import cliproc
from seed_facts import DIREKTIONEN_2021_01_07

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"
ITEM_DIR = "item:direktionen:2021-01-07:4"
ITEM_SCF = "item:strategisk-chefforum:2021-01-13:5"
TITLE_DIR = "Udmøntning af Budget 2021 - Centralisering af regningsbetaling"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "store"
    result = CliRunner().invoke(cli, ["ingest", "--store", str(path), str(SEEDS)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def G(store: Path) -> nx.MultiDiGraph:
    return Store(store).graph()


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_every_registered_format_loads() -> None:
    for name, fmt in FORMATS.items():
        assert fmt.load().name == name


@pytest.mark.parametrize("fmt", ["json", "graphml", "csv"])
def test_the_same_graph_gives_the_same_bytes(G: nx.MultiDiGraph, fmt: str) -> None:
    first = FORMATS[fmt].load().render(G)
    again = FORMATS[fmt].load().render(nx.MultiDiGraph(G))
    assert first == again


def test_graphml_reads_back_with_networkx(G: nx.MultiDiGraph) -> None:
    back = nx.read_graphml(io.BytesIO(render(G, "graphml")), force_multigraph=True)
    assert back.number_of_nodes() == G.number_of_nodes()
    assert back.number_of_edges() == G.number_of_edges()
    item = back.nodes[ITEM_DIR]
    assert item["type"] == "AgendaItem"
    assert item["title"] == TITLE_DIR
    assert item["number"] == "4"  # text: an attachment's and a case's number are text
    assert json.loads(item["case_numbers"]) == []
    assert json.loads(back.nodes[ITEM_SCF]["case_numbers"]) == ["S2020-57031"]
    meeting = back.nodes["meeting:direktionen:2021-01-07"]
    assert json.loads(meeting["attendees"]) == DIREKTIONEN_2021_01_07
    link = back.edges[ITEM_DIR, ITEM_SCF, "CONTINUES"]
    assert link["score"] >= 0.5
    assert "explicit reference to the other meeting" in json.loads(link["evidence"])


def test_graphml_keeps_documents_with_control_characters_readable() -> None:
    G = nx.MultiDiGraph()
    G.add_node("item:x:2021-01-07:1", type="AgendaItem", title="Budget\x1b[2J 2021\x07")
    back = nx.read_graphml(io.BytesIO(render(G, "graphml")))
    assert back.nodes["item:x:2021-01-07:1"]["title"] == "Budget\ufffd[2J 2021\ufffd"


def test_csv_tables(G: nx.MultiDiGraph, tmp_path: Path) -> None:
    done = export(G, "csv", tmp_path / "tables")
    assert sorted(Path(f).name for f in done.files) == [
        "edges.csv",
        "items.csv",
        "meetings.csv",
        "people.csv",
    ]
    meetings = {r["id"]: r for r in _rows((tmp_path / "tables" / "meetings.csv").read_bytes())}
    direktionen = meetings["meeting:direktionen:2021-01-07"]
    assert direktionen["documented"] == "true"
    assert direktionen["attendees"].split("; ") == DIREKTIONEN_2021_01_07
    assert direktionen["source_path"].endswith("002_a5db68b1e2c219a1.txt")
    assert meetings["meeting:direktionen:2020-12-09"]["documented"] == "false"  # a stub
    assert sum(r["documented"] == "true" for r in meetings.values()) == 5
    items = {r["id"]: r for r in _rows((tmp_path / "tables" / "items.csv").read_bytes())}
    assert len(items) == 31
    assert items[ITEM_DIR]["title"] == TITLE_DIR
    assert items[ITEM_DIR]["case_numbers"] == ""
    assert items[ITEM_SCF]["case_numbers"] == "S2020-57031"
    assert items[ITEM_DIR]["meeting"] == "meeting:direktionen:2021-01-07"
    assert items[ITEM_DIR]["matter"] == items[ITEM_SCF]["matter"] != ""
    earlier = json.loads(items[ITEM_DIR]["earlier_decisions"])
    assert [(e["forum"], e["date"]) for e in earlier] == [("Direktionen", "2020-12-09")]
    people = _rows((tmp_path / "tables" / "people.csv").read_bytes())
    assert "Åse Nielsen" in {p["name"] for p in people}
    edges = _rows((tmp_path / "tables" / "edges.csv").read_bytes())
    assert len(edges) == G.number_of_edges()
    [link] = [e for e in edges if e["type"] == "CONTINUES" and e["source"] == ITEM_DIR]
    assert link["target"] == ITEM_SCF
    assert float(link["score"]) >= 0.5


# -- the CLI ---------------------------------------------------------------------------


def test_export_to_standard_output_is_the_file(store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "all.json"
    assert runner.invoke(cli, ["export", "--store", str(store), "-o", str(out)]).exit_code == 0
    printed = runner.invoke(cli, ["export", "--store", str(store)])
    assert printed.exit_code == 0
    assert printed.stdout_bytes == out.read_bytes()


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_every_format_from_the_cli(store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out-{fmt}"
    result = CliRunner().invoke(
        cli, ["export", "--store", str(store), "--format", fmt, "-o", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["format"] == fmt
    assert report["bytes"] == sum(Path(f).stat().st_size for f in report["files"])


def test_a_folder_format_needs_o(store: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--store", str(store), "--format", "csv"])
    assert result.exit_code == 2
    assert result.output == "Error: --format csv writes a folder of files: name it with -o FOLDER\n"


@pytest.mark.parametrize(
    "output,line",
    [
        (
            "{tmp}/missing/x.json",
            "Error: {tmp}/missing/x.json: the folder {tmp}/missing does not exist; create it first",
        ),
        ("/dev/full", "Error: /dev/full: is a device, not a file; name a file for the json export"),
        ("", "Error: no file name given for the json export; name one, such as out.json"),
        ("{tmp}", "Error: {tmp}: is a folder, not a file; name a file for the json export"),
        # sysfs refuses new files even to root: a real read-only folder.
        (
            "/sys/casegraph.json",
            "Error: /sys/casegraph.json: cannot write the json export (Permission denied)",
        ),
    ],
)
def test_export_output_errors(store: Path, tmp_path: Path, output: str, line: str) -> None:
    output, line = output.format(tmp=tmp_path), line.format(tmp=tmp_path)
    result = CliRunner().invoke(cli, ["export", "--store", str(store), "-o", output])
    assert result.exit_code == 1
    assert result.output == line + "\n"


def test_export_into_a_read_only_folder(store: Path, tmp_path: Path) -> None:
    # A real process; as root, without the capability that lets root write anywhere.
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        why = cliproc.permissions_bite(folder, "write")
        if why:
            pytest.skip(why)
        result = cliproc.run(
            ["export", "--store", str(store), "-o", str(folder / "x.json")],
            drop_permission_override=True,
        )
    finally:
        folder.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {folder}/x.json: cannot write the json export (Permission denied)\n"
    )
    assert not (folder / "x.json").exists()


def test_export_csv_into_a_missing_parent(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "no" / "tables"
    result = CliRunner().invoke(
        cli, ["export", "--store", str(store), "--format", "csv", "-o", str(out)]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {out}: the folder {out.parent} does not exist; create it first\n"
    )


@pytest.mark.parametrize(
    "output,line",
    [
        ("{tmp}/{long}", "Error: {tmp}/{long}: cannot use it as a folder (File name too long)"),
        ("{tmp}/a-file/t", "Error: {tmp}/a-file/t: cannot use it as a folder (Not a directory)"),
        ("{tmp}/a-file", "Error: {tmp}/a-file: is a file; the csv export needs a folder"),
    ],
)
def test_export_csv_folder_errors(store: Path, tmp_path: Path, output: str, line: str) -> None:
    (tmp_path / "a-file").write_text("x")
    output = output.format(tmp=tmp_path, long="n" * 300)
    line = line.format(tmp=tmp_path, long="n" * 300)
    result = CliRunner().invoke(
        cli, ["export", "--store", str(store), "--format", "csv", "-o", output]
    )
    assert result.exit_code == 1
    assert result.output == line + "\n"
