"""``casegraph case`` and ``casegraph attended`` on the seeds.

Golden values from reading the seed minutes: the attendees of Direktionen 07-01-2021
(002_*.txt, "Mødedeltagere", six names) and of Strategisk Chefforum 13-01-2021 (000_*.txt,
thirteen names); Direktionen 09-12-2020 is known only from the decision carried along in
002 item 4 ("Beslutning på møde Direktionen 2019/2020 09-12-2020 - 08:30"), so its attendance
is not recorded.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from casegraph.cli import cli
from casegraph.pipeline import Store, load_document
from core.errors import EmptyStoreError, NoMatchError
from queries.attended import attended, format_attended
from queries.timeline import case_number_of, case_timeline, format_timeline

from seed_facts import CHEFFORUM_2021_01_13, DIREKTIONEN_2021_01_07

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "store"
    store = Store(path)
    for p in sorted(SEEDS.glob("*.txt")):
        store.put(load_document(p))
    store.close()
    return path


@pytest.fixture(scope="module")
def G(store_path: Path) -> nx.MultiDiGraph:
    return Store(store_path).graph()


def test_case_by_words(G: nx.MultiDiGraph) -> None:
    result = case_timeline(G, "centralisering af regningsbetaling").to_dict()
    assert result["query"] == "centralisering af regningsbetaling"
    best = result["matters"][0]
    assert best["id"] == "matter:direktionen:2021-01-07:4"
    steps = [(s["date"], s["forum"], s["number"]) for s in best["items"]]
    assert steps == [
        ("2020-12-09", "Direktionen", None),  # the earlier decision carried along
        ("2021-01-07", "Direktionen", 4),
        ("2021-01-13", "Strategisk Chefforum", 5),
    ]
    earlier, first, second = best["items"]
    assert earlier["earlier"] is True
    assert earlier["decision"].startswith("Direktionen drøftede udmøntning af Budget 2021")
    assert first["case_numbers"] == []
    assert first["link"] is None
    assert second["case_numbers"] == ["S2020-57031"]
    assert second["link"]["score"] >= 0.5
    assert "explicit reference to the other meeting" in second["link"]["evidence"]


@pytest.mark.parametrize("query", ["S2020-57031", "s2020-57031", " S2020-57031 "])
def test_case_by_number_in_any_format(G: nx.MultiDiGraph, query: str) -> None:
    result = case_timeline(G, query).to_dict()
    assert result["matters"][0]["id"] == "matter:direktionen:2021-01-07:4"


@pytest.mark.parametrize("query", ["S2020-057031", "S2020/57031", "s 2020-57031"])
def test_case_number_with_zeros_or_slashes(G: nx.MultiDiGraph, query: str) -> None:
    # 000_*.txt prints "S2020-57031"; the same number with a leading zero, a slash or a
    # space finds the same matter.
    result = case_timeline(G, query).to_dict()
    assert [m["id"] for m in result["matters"]] == ["matter:direktionen:2021-01-07:4"]
    assert case_timeline(G, "480/2020/7823").matters[0].items[0].meeting_id == (
        "meeting:direktionen:2020-05-27"
    )


def test_several_fits_show_the_best_and_list_the_others(G: nx.MultiDiGraph) -> None:
    # "Budget 2021 - status" is the title of Direktionen 27-05-2020 item 5 and Strategisk
    # Chefforum 03-06-2020 item 2, one matter; "Udmøntning af Budget 2021: Samskabt styring"
    # (13-01-2021 item 3) holds two of its words and is listed, not shown.
    result = case_timeline(G, "Budget 2021 - status")
    assert [(s.forum, s.number) for s in result.matters[0].items] == [
        ("Direktionen", 5),
        ("Strategisk Chefforum", 2),
    ]
    others = {o.id: o for o in result.others}
    shown = {m.id for m in result.matters}
    assert not shown & set(others)
    samskabt = others["matter:strategisk-chefforum:2021-01-13:3"]
    assert (samskabt.items, samskabt.first, samskabt.last) == (1, "2021-01-13", "2021-01-13")
    assert all(o.score <= result.matters[-1].score for o in result.others)
    data = result.to_dict()["others"][0]
    assert set(data) == {"id", "label", "score", "items", "first", "last"}
    text = format_timeline(result)
    assert "Also fits (casegraph case KEY shows one):" in text
    assert "matter:strategisk-chefforum:2021-01-13:3" in text
    who = attended(G, "Budget 2021 - status")
    assert who.matter == result.matters[0].id
    assert {o.id for o in who.others} >= set(others)
    assert "Also fits (casegraph attended KEY shows one):" in format_attended(who)


def test_case_by_prefixed_number(G: nx.MultiDiGraph) -> None:
    result = case_timeline(G, "Sagsnr. 480-2020-7823").to_dict()
    [matter] = result["matters"]
    assert [s["meeting_id"] for s in matter["items"]] == [
        "meeting:direktionen:2020-05-27",
        "meeting:strategisk-chefforum:2020-06-03",
    ]


def test_standing_number_finds_only_real_matters(G: nx.MultiDiGraph) -> None:
    result = case_timeline(G, "S2021-736", limit=10).to_dict()
    titles = sorted(m["label"] for m in result["matters"])
    assert titles == [
        "Borgerrådgiverens årsberetning",
        "Mere ledelse, mindre detailstyring, bedre velfærd",
    ]


def test_case_json_shape(G: nx.MultiDiGraph) -> None:
    result = case_timeline(G, "Budget 2021 - status").to_dict()
    assert set(result) == {"query", "matters", "others"}
    matter = result["matters"][0]
    assert {"id", "label", "items"} <= set(matter)
    for step in matter["items"]:
        assert {
            "meeting_id",
            "forum",
            "date",
            "number",
            "title",
            "case_numbers",
            "outcome",
            "decision",
            "link",
        } <= set(step)
    dates = [s["date"] for s in matter["items"]]
    assert dates == sorted(dates)
    json.dumps(result)


def test_no_match_names_the_closest_titles(G: nx.MultiDiGraph) -> None:
    with pytest.raises(NoMatchError, match="no matter matches 'xyzzy'"):
        case_timeline(G, "xyzzy")
    with pytest.raises(NoMatchError, match="closest titles: Nyt Intranet"):
        case_timeline(G, "Intranæt")
    with pytest.raises(NoMatchError, match="no agenda item has case number S1999-1"):
        case_timeline(G, "S1999-1")


def test_empty_graph_says_how_to_ingest() -> None:
    with pytest.raises(EmptyStoreError, match="casegraph ingest"):
        case_timeline(nx.MultiDiGraph(), "regningsbetaling")
    with pytest.raises(EmptyStoreError, match="casegraph ingest"):
        attended(nx.MultiDiGraph(), "regningsbetaling")


def test_case_number_of() -> None:
    assert case_number_of("EMN-2025-003383") == "EMN-2025-003383"
    assert case_number_of("2012-28504") == "2012-28504"
    assert case_number_of("regningsbetaling") is None


def test_attended_regningsbetaling(G: nx.MultiDiGraph) -> None:
    result = attended(G, "regningsbetaling").to_dict()
    assert result["matter"] == "matter:direktionen:2021-01-07:4"
    rows = {(r["forum"], r["date"]): r for r in result["decisions"]}
    assert list(rows) == [
        ("Direktionen", "2020-12-09"),
        ("Direktionen", "2021-01-07"),
        ("Strategisk Chefforum", "2021-01-13"),
    ]
    stub = rows[("Direktionen", "2020-12-09")]
    assert stub["attendance_recorded"] is False
    assert stub["attendees"] == []
    assert "inferred_attendees" not in stub
    direktionen = rows[("Direktionen", "2021-01-07")]
    assert direktionen["attendance_recorded"] is True
    assert direktionen["item_number"] == 4
    assert sorted(direktionen["attendees"]) == sorted(DIREKTIONEN_2021_01_07)
    chefforum = rows[("Strategisk Chefforum", "2021-01-13")]
    assert chefforum["item_number"] == 5
    assert sorted(chefforum["attendees"]) == sorted(CHEFFORUM_2021_01_13)
    for row in result["decisions"]:
        assert {
            "forum",
            "date",
            "item_number",
            "title",
            "outcome",
            "attendance_recorded",
            "attendees",
            "absent",
            "guests",
            "absent_for_item",
        } <= set(row)


def test_attended_guests_and_absences(G: nx.MultiDiGraph) -> None:
    # 003 has no Mødedeltagere list but every decision says "Fraværende: Ingen": absences are
    # recorded, attendees are not listed. 003 item 3: "Ditte Clément deltager under punktet".
    # 004 item 3: "Fraværende: Jesper Due Pedersen" in the decision of 03-06-2020.
    answer = attended(G, "480-2020-7823")
    rows = {r["date"]: r for r in answer.to_dict()["decisions"]}
    assert rows["2020-05-27"]["attendees"] == []
    assert rows["2020-05-27"]["attendees_listed"] is False
    assert rows["2020-05-27"]["absent"] == []
    assert "Ditte Clément" in rows["2020-05-27"]["guests"]
    assert "attendees not listed in the minutes; nobody recorded absent" in format_attended(answer)
    assert "Jesper Due Pedersen" in (
        rows["2020-06-03"]["absent"] + rows["2020-06-03"]["absent_for_item"]
    )


def test_attended_infer_is_labelled(G: nx.MultiDiGraph) -> None:
    answer = attended(G, "regningsbetaling", infer=True)
    stub = answer.to_dict()["decisions"][0]
    assert stub["attendance_recorded"] is False
    assert stub["attendees"] == []
    # The only other Direktionen meeting with recorded attendance within a year: 07-01-2021.
    assert sorted(stub["inferred_attendees"]) == sorted(DIREKTIONEN_2021_01_07)
    assert stub["inferred_from_meetings"] == 1
    assert "likely attendees (inferred from 1 other meetings" in format_attended(answer)


def test_readable_output(G: nx.MultiDiGraph) -> None:
    text = format_timeline(case_timeline(G, "regningsbetaling"))
    assert "2021-01-13  Strategisk Chefforum  punkt 5: Udmøntning af Budget 2021" in text
    assert "case: S2020-57031" in text
    assert "linked (score" in text
    out = format_attended(attended(G, "regningsbetaling"))
    assert "attendance not recorded" in out
    assert "attendees (6):" in out
    assert "attendees (13):" in out


# -- the CLI -----------------------------------------------------------------------------------


def test_cli_case_and_attended(store_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["case", "--store", str(store_path), "regningsbetaling"])
    assert result.exit_code == 0, result.output
    assert "Centralisering af regningsbetaling" in result.output
    result = runner.invoke(cli, ["case", "--store", str(store_path), "--json", "S2020-57031"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["matters"][0]["id"] == "matter:direktionen:2021-01-07:4"
    result = runner.invoke(cli, ["attended", "--store", str(store_path), "regningsbetaling"])
    assert result.exit_code == 0, result.output
    assert "attendance not recorded" in result.output
    result = runner.invoke(
        cli, ["attended", "--store", str(store_path), "--json", "regningsbetaling"]
    )
    data = json.loads(result.output)
    assert [len(r["attendees"]) for r in data["decisions"]] == [0, 6, 13]


def test_cli_no_match_exits_1_with_one_line(store_path: Path) -> None:
    result = CliRunner().invoke(cli, ["case", "--store", str(store_path), "xyzzy"])
    assert result.exit_code == 1
    assert result.output == "Error: no matter matches 'xyzzy'\n"


def test_cli_empty_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["attended", "--store", str(tmp_path / "none"), "x"])
    assert result.exit_code == 1
    assert "casegraph ingest" in result.output


# -- Greve 2022-2025, real minutes (skipped without ../shared/corpus) --------------------------

# Read in ../shared/corpus/greve: case 22-003981 is the housing of refugees from Ukraine, from
# Byrådet 21-03-2022 item 3 "Boliger til flygtninge fra Ukraine" through the committees to
# Byrådet 23-04-2025 item 35 "Flygtninge fra Ukraine - udvidelse af boliger og andre tilbud".
# 22-004797 "Beskæftigelsesindsatsen for ukrainske flygtninge" (04-04-2022) is another
# matter; "Huskeliste og orientering fra administrationen" items only mention the refugees.
UKRAINE_FIRST = "item:byraad:2022-03-21:3"
UKRAINE_LAST = "item:byraad:2025-04-23:35"
UKRAINE_JOBS = "item:byraad:2022-04-04:30"


@pytest.fixture(scope="module")
def greve(greve_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return greve_graph


@pytest.mark.corpus
def test_greve_title_before_body_text(greve: nx.MultiDiGraph) -> None:
    result = case_timeline(greve, "Flygtninge fra Ukraine")
    best = result.matters[0]
    items = [s.item_id for s in best.items if not s.earlier]
    assert UKRAINE_FIRST in items and UKRAINE_LAST in items
    numbers = [n for s in best.items for n in s.case_numbers]
    assert numbers.count("22-003981") > len(numbers) / 2
    assert not any("Huskeliste" in (s.title or "") for s in best.items)
    fits = [m.id for m in result.matters] + [o.id for o in result.others]
    jobs = greve.nodes[UKRAINE_JOBS]
    assert any(UKRAINE_JOBS in (greve.nodes[m].get("items") or ()) for m in fits), jobs["title"]
    assert attended(greve, "Flygtninge fra Ukraine").matter == best.id


@pytest.mark.corpus
@pytest.mark.parametrize("query", ["22-003981", "22/3981", "22-3981", "Sagsnr. 22-003981"])
def test_greve_case_number_in_any_printed_form(greve: nx.MultiDiGraph, query: str) -> None:
    best = case_timeline(greve, query).matters[0]
    assert UKRAINE_FIRST in [s.item_id for s in best.items]
