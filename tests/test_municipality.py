"""Several municipalities in one store: forums of the same name stay apart when the user says
where the minutes come from (`--municipality`); without it, keys are forum + date as before."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from casegraph.cli import cli
from casegraph.pipeline import Store, ingest
from queries.timeline import case_timeline

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"
DIREKTIONEN_2021 = SEEDS / "002_a5db68b1e2c219a1.txt"


def test_same_forum_and_date_in_two_municipalities_are_two_meetings(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    # The same minutes as if another municipality had published them (a different file).
    (other / "direktionen.txt").write_text(
        DIREKTIONEN_2021.read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    ingest([DIREKTIONEN_2021], store=tmp_path / "s", municipality="Nordfyns")
    ingest([other], store=tmp_path / "s", municipality="Kerteminde")
    G = Store(tmp_path / "s").graph()
    meetings = sorted(
        n for n, d in G.nodes(data=True) if d["type"] == "Meeting" and d["documented"]
    )
    assert meetings == [
        "meeting:kerteminde:direktionen:2021-01-07",
        "meeting:nordfyns:direktionen:2021-01-07",
    ]
    forums = sorted(n for n, d in G.nodes(data=True) if d["type"] == "Forum")
    # Strategisk Chefforum comes from item 3, which prepares its meeting of 13-01-2021.
    assert forums == [
        "forum:kerteminde:direktionen",
        "forum:kerteminde:strategisk-chefforum",
        "forum:nordfyns:direktionen",
        "forum:nordfyns:strategisk-chefforum",
    ]
    # The earlier decision's stub meeting (Direktionen 09-12-2020) is scoped too.
    assert "meeting:nordfyns:direktionen:2020-12-09" in G
    assert "meeting:kerteminde:direktionen:2020-12-09" in G
    assert G.nodes["meeting:nordfyns:direktionen:2021-01-07"]["municipality"] == "Nordfyns"


def test_the_invoice_matter_links_within_a_municipality(tmp_path: Path) -> None:
    ingest([SEEDS], store=tmp_path / "s", municipality="Nordfyns")
    result = case_timeline(
        Store(tmp_path / "s").graph(), "centralisering af regningsbetaling"
    ).to_dict()
    items = result["matters"][0]["items"]
    assert [(i["forum"], i["date"], i["number"]) for i in items if i["number"]] == [
        ("Direktionen", "2021-01-07", 4),
        ("Strategisk Chefforum", "2021-01-13", 5),
    ]


def test_ingesting_again_with_a_municipality_rekeys_the_document(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DIREKTIONEN_2021, folder / DIREKTIONEN_2021.name)
    runner = CliRunner()
    store = str(tmp_path / "s")
    assert runner.invoke(cli, ["ingest", "--store", store, str(folder)]).exit_code == 0
    result = runner.invoke(
        cli, ["ingest", "--store", store, "--municipality", "Nordfyns", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert "(0 new, 1 changed, 0 unchanged)" in result.output
    rows = json.loads(runner.invoke(cli, ["meetings", "--store", store, "--json"]).output)
    assert [r["id"] for r in rows] == ["meeting:nordfyns:direktionen:2021-01-07"]
