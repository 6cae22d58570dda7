"""The worked notebook (notebooks/explore_cases.ipynb) runs top to bottom on the seeds.

The notebook is executed headless with nbclient in a kernel of this very interpreter, from
``notebooks/`` as Jupyter would, with matplotlib's non-interactive Agg backend; any cell
error fails the test. A check cell appended to the in-memory copy then reports what the
notebook computed, compared here with what reading the minutes says:

- Direktionen 07-01-2021 (examples/nordfyns/002_*.txt) item 4 *Udmøntning af Budget 2021 -
  Centralisering af regningsbetaling*, no case number, carries Direktionen's decision of
  09-12-2020 (*Beslutning på møde Direktionen 2019/2020 09-12-2020*, line 161) and
  continues six days later as Strategisk Chefforum 13-01-2021 (000_*.txt) item 5, S2020-57031.
- *Mødedeltagere*: six people at Direktionen 07-01-2021, thirteen at Strategisk Chefforum
  13-01-2021, twelve at Strategisk Chefforum 20-12-2023 (001_*.txt); the 2020 minutes
  (003, 004) list no attendees. All six of Direktionen also attend Strategisk Chefforum.
- Direktionen 27-05-2020 (003) items 3 (480-2020-7823) and 5 (*Budget 2021 - status*) go on,
  seven days later, to Strategisk Chefforum 03-06-2020 (004) items 3 (480-2020-7823) and 2.
- Meetings only referred to: Direktionen 09-12-2020 and 16-12-2020 (earlier decisions in 002
  and 000), *direktionens møde den 27. jan. 2021* (000), *Direktionens møde den 8. november
  2023* (001).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from seed_facts import CHEFFORUM_2021_01_13 as CHEFFORUM
from seed_facts import DIREKTIONEN_2021_01_07 as DIREKTIONEN

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore_cases.ipynb"


MARK = "NOTEBOOK-CHECK "
CHECK_CELL = f"""
import json as _json
print({MARK!r} + _json.dumps({{
    "failures": report.failures,
    "matter": MATTER,
    "timeline": [
        [s["date"], s["forum"], s["number"], s["case_numbers"], s["earlier"]]
        for s in matter.to_dict()["items"]
    ],
    "attended": {{
        f"{{d['forum']}} {{d['date']}}": [d["attendance_recorded"], sorted(d["attendees"])]
        for d in who.to_dict()["decisions"]
    }},
    "steps": [
        [a, b, int(days)] for a, b, days in steps[["from", "to", "days"]].itertuples(index=False)
    ],
    "by_forum": {{
        p: {{f: int(n) for f, n in row.items()}} for p, row in by_forum.to_dict("index").items()
    }},
    "bridges": sorted(connectors.loc[connectors["number of forums"] > 1, "person"]),
    "stubs": sorted({{f"{{r.forum}} {{r.date}}" for r in stubs.itertuples()}}),
    "figures": len(plt.get_fignums()),
}}, ensure_ascii=False))
"""


def _own_kernel(folder: Path) -> None:
    """A ``python3`` kernel spec that runs this interpreter, whatever else is installed."""
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (casegraph tests)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(CHECK_CELL, id="test-check"))
    jupyter = tmp_path_factory.mktemp("jupyter")
    _own_kernel(jupyter)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MPLBACKEND", "Agg")
        mp.setenv("JUPYTER_PATH", str(jupyter))
        mp.delenv("CASEGRAPH_STORE", raising=False)
        client = NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        )
        client.execute()  # raises CellExecutionError on the first failing cell
    return nb


@pytest.fixture(scope="module")
def check(executed: nbformat.NotebookNode) -> dict[str, Any]:
    outputs = executed.cells[-1].outputs
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert text.startswith(MARK), outputs
    result: dict[str, Any] = json.loads(text[len(MARK) :])
    return result


def test_notebook_is_stored_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]
    sources = "\n".join(c.source for c in nb.cells)
    assert str(ROOT) not in sources
    assert "/home/" not in sources and "/work/" not in sources


def test_no_cell_wrote_an_error(executed: nbformat.NotebookNode) -> None:
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", cell.source[:60]
            if output.output_type == "stream" and output.name == "stderr":
                assert "Traceback" not in output.text, output.text


def test_ingests_all_seeds(check: dict[str, Any]) -> None:
    assert check["failures"] == []


def test_invoice_timeline(check: dict[str, Any]) -> None:
    assert check["matter"] == "matter:direktionen:2021-01-07:4"
    items = [step for step in check["timeline"] if not step[4]]
    assert items == [
        ["2021-01-07", "Direktionen", 4, [], False],
        ["2021-01-13", "Strategisk Chefforum", 5, ["S2020-57031"], False],
    ]
    earlier = [step[:2] for step in check["timeline"] if step[4]]
    assert earlier == [["2020-12-09", "Direktionen"]]


def test_who_attended_the_invoice_decisions(check: dict[str, Any]) -> None:
    assert check["attended"] == {
        "Direktionen 2020-12-09": [False, []],
        "Direktionen 2021-01-07": [True, sorted(DIREKTIONEN)],
        "Strategisk Chefforum 2021-01-13": [True, sorted(CHEFFORUM)],
    }


def test_days_between_steps(check: dict[str, Any]) -> None:
    assert sorted(check["steps"]) == [
        ["Direktionen 2020-05-27 #3", "Strategisk Chefforum 2020-06-03 #3", 7],
        ["Direktionen 2020-05-27 #5", "Strategisk Chefforum 2020-06-03 #2", 7],
        ["Direktionen 2021-01-07 #4", "Strategisk Chefforum 2021-01-13 #5", 6],
    ]


def test_person_by_forum(check: dict[str, Any]) -> None:
    table = check["by_forum"]
    assert table["Gitte Clemmensen"] == {"Direktionen": 1, "Strategisk Chefforum": 2}
    assert table["Vicki Møberg Torp"] == {"Direktionen": 1, "Strategisk Chefforum": 1}
    assert table["Søren Nielsen"] == {"Direktionen": 0, "Strategisk Chefforum": 1}
    # Every attendee of the three minutes with a Mødedeltagere list, and nobody else.
    assert sum(sum(row.values()) for row in table.values()) == 6 + 13 + 12


def test_people_connecting_the_forums(check: dict[str, Any]) -> None:
    assert check["bridges"] == sorted(DIREKTIONEN)


def test_meetings_known_from_references(check: dict[str, Any]) -> None:
    assert {
        "Direktionen 2020-12-09",
        "Direktionen 2020-12-16",
        "Direktionen 2021-01-27",
        "Direktionen 2023-11-08",
    } <= set(check["stubs"])
    assert not {"Direktionen 2021-01-07", "Strategisk Chefforum 2021-01-13"} & set(check["stubs"])


def test_plots_and_inline_graph(executed: nbformat.NotebookNode, check: dict[str, Any]) -> None:
    assert check["figures"] == 4
    html = [
        o["data"]["text/html"]
        for c in executed.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]
    assert any(h.startswith("<div><iframe srcdoc=") for h in html)
