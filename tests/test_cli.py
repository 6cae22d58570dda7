"""The CLI: exit codes, the exact ``Error:`` lines, help on every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from casegraph.cli import cli
from queries.questions import QUESTIONS

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


def test_missing_store_says_how_to_ingest(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["meetings", "--store", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no casegraph store at {tmp_path / 'missing'}; ")
    assert "`casegraph ingest --store" in result.output
    assert list(tmp_path.iterdir()) == []


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


# -- usage errors: one line, exit code 2 --------------------------------------------------


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


@pytest.mark.parametrize(
    "args,line",
    [
        (["nope"], "Error: No such command 'nope'."),
        (["meetings", "--nope"], "Error: No such option '--nope'. Did you mean '--store'?"),
        (["--nope"], "Error: No such option '--nope'."),
        (["case"], "Error: Missing argument 'QUERY'."),
        (["neo4j", "unload"], "Error: No such command 'unload'. Did you mean 'load'?"),
        (
            ["case", "x", "--limit", "0"],
            "Error: Invalid value for '--limit': 0 is not in the range 1<=x<=10000.",
        ),
        (
            ["search", "x", "--limit", "-3"],
            "Error: Invalid value for '--limit': -3 is not in the range 1<=x<=10000.",
        ),
        (
            ["search", "x", "--limit", "99999999999999999999"],
            "Error: Invalid value for '--limit': 99999999999999999999 is not in the range "
            "1<=x<=10000.",
        ),
        (
            ["case", "x", "--limit", "many"],
            "Error: Invalid value for '--limit': 'many' is not a valid integer range.",
        ),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    runner: CliRunner, args: list[str], line: str
) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert _error_lines(result.output) == [line]


def test_a_bad_setting_is_an_error_line(runner: CliRunner, store: Path) -> None:
    result = runner.invoke(
        cli, ["meetings", "--store", str(store)], env={"CASEGRAPH_LOCK_TIMEOUT": "abc"}
    )
    assert result.exit_code == 2
    assert _error_lines(result.output) == [
        "Error: CASEGRAPH_LOCK_TIMEOUT='abc' is not a number of seconds; set it to one, such as 30"
    ]


def test_usage_errors_in_a_real_process() -> None:
    """The console script itself: the line goes to standard error, nothing to standard out."""
    casegraph = Path(sys.executable).with_name("casegraph")
    done = subprocess.run(
        [str(casegraph), "case", "--nope"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == "Error: No such option '--nope'. Did you mean '--store'?\n"


# -- every command: help text and --json -----------------------------------------------


@pytest.mark.parametrize("name,command", _commands(cli))
def test_every_command_takes_json(name: str, command: click.Command) -> None:
    if isinstance(command, click.Group):
        return  # a group only holds commands
    flags = {flag for param in command.params for flag in getattr(param, "opts", [])}
    assert "--json" in flags, f"`casegraph {name}` has no --json"


def test_question_commands_come_from_the_registry() -> None:
    for name, question in QUESTIONS.items():
        command = cli.commands[name]
        assert command.help == question.help
        names = {param.name for param in command.params}
        assert {o.name for o in question.options} <= names
        assert ("backend" in names) == bool(question.neo4j)


def test_ingest_json_reports_counts(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["ingest", "--store", str(tmp_path / "s"), str(SEEDS), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {k: data[k] for k in ("documents", "created", "meetings", "items", "failed")} == {
        "documents": 5,
        "created": 5,
        "meetings": 5,
        "items": 31,
        "failed": 0,
    }
    assert data["failures"] == []


def test_export_and_viz_json_say_what_they_wrote(
    runner: CliRunner, store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "all.json"
    result = runner.invoke(cli, ["export", "--store", str(store), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["path"] == str(out)
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == 1
    page = tmp_path / "m.html"
    result = runner.invoke(
        cli, ["viz", "--store", str(store), "regningsbetaling", "-o", str(page), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["path"] == str(page)
    assert data["matter"] == "matter:direktionen:2021-01-07:4"
    assert data["bytes"] == page.stat().st_size


# -- what reaches the terminal ---------------------------------------------------------

HOSTILE = "\x1b]0;pwned\x07 af \x1b[2Jregnings\x1b]8;;http://evil.example\x1b\\betaling\x1b]8;;\x1b\\\x9b31m"


@pytest.fixture()
def hostile_store(tmp_path: Path, runner: CliRunner) -> Path:
    """The 07-01-2021 minutes with escape sequences in item 4's title: a window-title change,
    a clear-screen, an OSC-8 link and an 8-bit CSI."""
    text = (SEEDS / "002_a5db68b1e2c219a1.txt").read_text(encoding="utf-8")
    assert "Centralisering af regningsbetaling" in text
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "002.txt").write_text(
        text.replace("Centralisering af regningsbetaling", "Centralisering" + HOSTILE),
        encoding="utf-8",
    )
    store = tmp_path / "hostile"
    assert runner.invoke(cli, ["ingest", "--store", str(store), str(folder)]).exit_code == 0
    return store


@pytest.mark.parametrize(
    "args", [["case", "regningsbetaling"], ["search", "regningsbetaling"], ["attended", "regn"]]
)
def test_escape_sequences_do_not_reach_the_terminal(
    runner: CliRunner, hostile_store: Path, args: list[str]
) -> None:
    text = runner.invoke(cli, [*args, "--store", str(hostile_store)])
    assert text.exit_code == 0, text.output
    assert "Centralisering af regningsbetaling\n" in text.output
    assert not any(ch in text.output for ch in "\x1b\x07\x9b")
    assert "pwned" not in text.output and "evil" not in text.output
    # The data keeps them; JSON escapes them.
    data = runner.invoke(cli, [*args, "--store", str(hostile_store), "--json"])
    assert not any(ch in data.output for ch in "\x1b\x07\x9b")
    assert "\\u001b]0;pwned\\u0007" in data.output
    assert any("Centralisering" + HOSTILE in text for text in _strings(json.loads(data.output)))


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    return [s for value in data for s in _strings(value)] if isinstance(data, list) else []


def test_error_lines_are_cleaned_too(runner: CliRunner, hostile_store: Path) -> None:
    result = runner.invoke(cli, ["case", "--store", str(hostile_store), "Centraliseringpwned"])
    assert result.exit_code == 1
    [line] = _error_lines(result.output)
    assert line.startswith(
        "Error: no matter matches 'Centraliseringpwned'; closest titles: Udmøntning af Budget "
        "2021 - Centralisering af regningsbetaling"
    )
    assert not any(ch in line for ch in "\x1b\x07\x9b")


# -- startup: a command loads only what it needs ----------------------------------------

_LOADED = """
import sys
from casegraph.cli import cli
try:
    cli({args!r}, standalone_mode=False)
except SystemExit:
    pass
print("loaded:" + ",".join(m for m in ("spacy", "neo4j", "networkx") if m in sys.modules))
"""


def _modules_loaded(args: list[str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _LOADED.format(args=args)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.splitlines()[-1].removeprefix("loaded:").split(",")


def test_version_and_help_load_no_library() -> None:
    assert _modules_loaded(["--version"]) == [""]
    assert _modules_loaded(["case", "--help"]) == [""]


def test_a_question_loads_neither_spacy_nor_the_neo4j_driver_nor_networkx(
    runner: CliRunner, store: Path
) -> None:
    # The first question derives the graph (spaCy) and caches it; later ones read the cache
    # and the tables (the bundles they need merge into graph.bundle_graph's own class).
    assert runner.invoke(cli, ["stats", "--store", str(store)]).exit_code == 0
    questions = (
        ["case", "regningsbetaling"],
        ["attended", "regningsbetaling"],
        ["person", "morten v"],
        ["meetings"],
        ["search", "budget"],
    )
    for args in questions:
        assert _modules_loaded([*args, "--store", str(store)]) == [""], args


def test_every_public_name_resolves() -> None:
    import casegraph

    for name in casegraph.__all__:
        assert getattr(casegraph, name) is not None, name
    assert sorted(casegraph.__all__) == sorted({"__version__", *casegraph._API})


# -- ingest: what is not minutes -------------------------------------------------------


def test_a_folder_without_minutes_says_what_it_skipped(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "dagsorden.docx").write_bytes(b"PK\x03\x04")
    (folder / "README.md").write_text("# Referater\nHentet fra kommunens hjemmeside.\n")
    result = runner.invoke(cli, ["ingest", "--store", str(tmp_path / "s"), str(folder)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder}: no minutes to read; skipped README.md (not minutes), dagsorden.docx. "
        "casegraph reads .txt, .md, .markdown, .pdf, .json, .html, .htm and .xml files\n"
    )
    assert result.stdout == (
        "0 documents (0 new, 0 changed, 0 unchanged), 0 meetings, 0 items, 1 failed, 2 skipped\n"
    )


def test_a_readme_beside_minutes_is_skipped_not_failed(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "002.txt").write_bytes((SEEDS / "002_a5db68b1e2c219a1.txt").read_bytes())
    (folder / "README.md").write_text("# Direktionen\nReferater fra 2021.\n")
    result = runner.invoke(cli, ["ingest", "--store", str(tmp_path / "s"), str(folder), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["documents"], data["failed"]) == (1, 0)
    assert data["skipped"] == [
        {"path": str(folder / "README.md"), "message": "not minutes (a README)"}
    ]
