"""Decided where, and by whom: step roles, the deciding meeting's attendees, meetings not yet
held, absences of earlier meetings, votes as data.

Expectations come from reading the documents: the Greve JSON meetings of matter 22-013352
("Stenrev Klintekongen": Klima-, Teknik- og Miljøudvalget 17-11-2022 item 16 "1.-2.
Anbefales."; Økonomiudvalget 28-11-2022 item 30 "Økonomiudvalget anbefaler overfor Byrådet
..."; Byrådet 12-12-2022 item 37 "Byrådet godkendte Økonomiudvalgets indstilling."), whose
``Moededeltagere`` list who came; the Aarhus Byråd minutes of 27-08-2025 (item 2's
Sagsforløb, L117-135); the Aarhus agenda page of 08-10-2025; and short invented texts.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from casegraph.pipeline import derive_graph, load_document
from core import schema
from core.records import Document
from extract.layouts.firstagenda_json import parse_json
from extract.outcome import read_decision
from queries.attended import attended, format_attended
from queries.person import format_person, person
from queries.timeline import case_timeline, format_timeline

GREVE = ("Klima-Teknik-og-Miljoeudvalget_2022-11-17_0800_5d93842e.json",
         "Oekonomiudvalget_2022-11-28_0800_72a71a3d.json",
         "Byraad-2022-2025_2022-12-12_1700_c3d666d4.json")  # fmt: skip


def _listed(path: Path) -> tuple[list[str], list[str]]:
    """Who the JSON meeting lists as present, and as absent (``Absent``,
    ``ParticipationCancelled``)."""
    moede = json.loads(path.read_text(encoding="utf-8-sig"))["Moede"]
    present, away = [], []
    for p in moede["Moededeltagere"]:
        (away if p.get("Absent") or p.get("ParticipationCancelled") else present).append(p["Name"])
    return present, away


@pytest.fixture(scope="module")
def greve(corpus_dir: Path) -> tuple[nx.MultiDiGraph, Path]:
    folder = corpus_dir / "greve"
    if not folder.is_dir():
        pytest.skip(f"the Greve minutes are not in the shared corpus ({folder})")
    return derive_graph([load_document(folder / name) for name in GREVE]), folder


@pytest.mark.corpus
def test_a_matter_decided_by_the_council_after_two_recommendations(
    greve: tuple[nx.MultiDiGraph, Path],
) -> None:
    G, folder = greve
    answer = attended(G, "22-013352")
    steps = [(r.forum, r.date, r.outcome, r.role) for r in answer.decisions]
    assert steps == [
        ("Klima-, Teknik- og Miljøudvalget", "2022-11-17", "recommended", "recommends"),
        ("Økonomiudvalget", "2022-11-28", "recommended", "recommends"),
        ("Byråd", "2022-12-12", "approved", "decides"),
    ]
    decided = answer.decided
    assert decided is not None and (decided.forum, decided.date) == ("Byråd", "2022-12-12")
    present, away = _listed(folder / GREVE[2])
    assert set(decided.attendees) == set(present) and len(present) == 19
    assert set(decided.absent) == set(away) == {"John T. Olsen", "Marc Genning"}
    # The committee's own attendees are those of its meeting, labelled as recommending.
    committee = answer.decisions[0]
    assert set(committee.attendees) == set(_listed(folder / GREVE[0])[0])
    data = answer.to_dict()
    assert data["decided"]["meeting_id"] == decided.meeting_id
    assert [d["role"] for d in data["decisions"]] == ["recommends", "recommends", "decides"]
    text = format_attended(answer)
    assert text.splitlines()[1] == "Decided:"
    assert "2022-12-12  Byråd  punkt 37: Stenrev Klintekongen  [approved; decided here]" in text
    assert "[recommended; recommending step]" in text
    # case marks the deciding step too, and its JSON carries each step's role.
    timeline = case_timeline(G, "22-013352")
    assert [s.role for s in timeline.matters[0].items] == ["recommends", "recommends", "decides"]
    assert "outcome: approved   <- decided here" in format_timeline(timeline)


@pytest.mark.corpus
def test_forwarded_to_and_votes_reach_the_graph(greve: tuple[nx.MultiDiGraph, Path]) -> None:
    G, _ = greve
    # Økonomiudvalget 28-11-2022 item 30: "Økonomiudvalget anbefaler overfor Byrådet, ...".
    item = G.nodes["item:oekonomiudvalget:2022-11-28:30"]
    assert (item["outcome"], item["forwarded_to"]) == ("recommended", "Byrådet")
    decision = G.nodes["decision:oekonomiudvalget:2022-11-28:30"]
    assert decision["forwarded_to"] == "Byrådet"
    assert G.nodes["item:klima-teknik-og-miljoeudvalget:2022-11-17:16"]["votes"] == []
    # Byrådet 12-12-2022 item 34: "Med stemmerne 18 for og 1 imod godkendte byrådet
    # Økonomiudvalgets indstilling. / For stemte: (V), (A), (C), (D), (Ø) og Liselott Blixt
    # (UP). / Imod stemte (F) med bemærkning om, ...".
    votes = G.nodes["decision:byraad:2022-12-12:34"]["votes"]
    assert [(v["position"], v["voters"], v["count"]) for v in votes] == [
        ("for", [], 18),
        ("against", [], 1),
        ("for", ["(V)", "(A)", "(C)", "(D)", "(Ø)", "Liselott Blixt (UP)"], None),
        ("against", ["(F)"], None),
    ]


# -- a meeting not yet held ------------------------------------------------------------------

AGENDA = {
    "Udvalg": {"Navn": "Byråd 2026-2029"},
    "Moede": {
        "Dato": "2026-02-04T17:00:00+01:00",
        "Sted": "Byrådssalen",
        "Navn": "Dagsorden",
        "Afsluttet": False,
        "Moededeltagere": [
            {"Name": "Ida Vestergaard", "Absent": False, "ParticipationCancelled": False},
            {"Name": "Bo Lindqvist", "Absent": False, "ParticipationCancelled": False},
            {"Name": "Rune Falk", "Absent": False, "ParticipationCancelled": True},
        ],
    },
    "Dagsordenpunkter": [
        {"Punktnummer": "1", "Navn": "Godkendelse af dagsorden", "SagsNummer": "26-000101",
         "Felter": [{"Html": "<h3>Beslutning</h3><p>Beslutning ikke frigivet</p>"
                             "<h3>Fremstilling</h3><h4>Indstilling</h4>"
                             "<p>Administrationen indstiller, at dagsordenen godkendes.</p>"}]},
        {"Punktnummer": "2", "Navn": "Ny skolestruktur", "SagsNummer": "26-000102",
         "Felter": [{"Html": "<h3>Fremstilling</h3><h4>Indstilling</h4>"
                             "<p>Det indstilles, at skolestrukturen godkendes.</p>"}]},
    ],
}  # fmt: skip


def _agenda() -> Document:
    return parse_json(AGENDA, path="agenda.json", sha256="1" * 64)


def test_an_unheld_meeting_has_invited_people_never_attendees() -> None:
    meeting = _agenda().meeting
    assert (meeting.kind, meeting.status) == ("agenda", "not-held")
    assert meeting.invited == ("Ida Vestergaard", "Bo Lindqvist")
    assert meeting.attendees == () and not meeting.attendance_recorded
    assert meeting.absent == ("Rune Falk",)  # sent apologies in advance
    assert [i.outcome for i in meeting.items] == [None, None]


def test_an_unheld_meeting_read_from_a_file_keeps_its_invited(tmp_path: Path) -> None:
    # As ingest reads it: through the layout registry and the shared assemble().
    path = tmp_path / "agenda.json"
    path.write_text(json.dumps(AGENDA, ensure_ascii=False), encoding="utf-8")
    meeting = load_document(path).meeting
    assert (meeting.kind, meeting.reader) == ("agenda", "firstagenda-json")
    assert meeting.invited == ("Ida Vestergaard", "Bo Lindqvist") and meeting.attendees == ()
    assert meeting.absent == ("Rune Falk",)


def test_invited_is_neither_attended_in_the_graph_nor_in_the_answers() -> None:
    G = derive_graph([_agenda()])
    key = "meeting:byraad:2026-02-04"
    assert G.nodes[key]["status"] == "not-held"
    assert G.nodes[key]["invited"] == ["Ida Vestergaard", "Bo Lindqvist"]
    edges = {(u, k) for u, _, k in G.in_edges(key, keys=True)}
    assert ("person:ida-vestergaard", schema.INVITED_TO) in edges
    assert not any(k == schema.ATTENDED for _, k in edges)
    who = person(G, "ida vestergaard")
    assert who.attended == () and [m.date for m in who.invited] == ["2026-02-04"]
    assert "Invited to 1 meeting not yet held (invited, not attended):" in format_person(who)
    assert "Attended" not in format_person(who)
    answer = attended(G, "skolestruktur")
    [row] = answer.decisions
    assert (row.status, row.attendees, row.invited) == (
        "not-held",
        (),
        ("Ida Vestergaard", "Bo Lindqvist"),
    )
    assert answer.decided is None
    assert "not yet held (an agenda); invited: Ida Vestergaard, Bo Lindqvist" in format_attended(
        answer
    )


def test_a_held_meeting_the_publication_still_titles_dagsorden_is_held() -> None:
    held: dict[str, Any] = json.loads(json.dumps(AGENDA))
    held["Moede"]["Afsluttet"] = True
    held["Dagsordenpunkter"][1]["Felter"][0]["Html"] = "<h3>Beslutning</h3><p>Godkendt.</p>"
    meeting = parse_json(held, path="held.json", sha256="2" * 64).meeting
    assert (meeting.kind, meeting.status) == ("minutes", "held")
    assert meeting.attendees == ("Ida Vestergaard", "Bo Lindqvist") and meeting.invited == ()


@pytest.mark.corpus
def test_the_aarhus_agenda_page_is_a_meeting_not_yet_held(corpus_dir: Path) -> None:
    # Aarhus_Byraadet_2025-10-08.html: "Dagsorden", 33 items, no decision, an empty
    # participant row (filled by JavaScript).
    meeting = load_document(corpus_dir / "Aarhus_Byraadet_2025-10-08.html").meeting
    assert (meeting.kind, meeting.status, len(meeting.items)) == ("agenda", "not-held", 33)
    assert meeting.attendees == () and meeting.invited == ()
    assert all(i.outcome is None for i in meeting.items)


# -- absences of an earlier meeting --------------------------------------------------------


@pytest.mark.corpus
def test_an_absence_in_a_sagsforloeb_entry_is_that_meetings(corpus_dir: Path) -> None:
    # Item 2, L129-135: "Udvalg: Magistraten / Dato: 19-08-2025 / Punktnummer: 4 /
    # Fremsendes til Aarhus Byråd med bemærkning, at Magistraten ... anbefaler ... /
    # Jesper Kjeldsen deltog ikke i sagens behandling."
    G = derive_graph([load_document(corpus_dir / "Aarhus_Byraadet_2025-08-27.txt")])
    rows = {(r.forum, r.date): r for r in attended(G, "EMN-2025-003383").decisions}
    magistraten = rows[("Magistraten", "2025-08-19")]
    assert magistraten.absent == ("Jesper Kjeldsen",)
    assert (magistraten.outcome, magistraten.role) == ("recommended", "recommends")
    council = rows[("Aarhus Byråd", "2025-08-27")]
    assert "Jesper Kjeldsen" not in council.absent + council.absent_for_item


# -- votes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "votes"),
    [
        ("Godkendt.\nImod: Ø", [("against", ("Ø",), None)]),
        ("Godkendt med 31 stemmer mod 12.", [("for", (), 31), ("against", (), 12)]),
        ("Anbefales.\nUndlod at stemme: Ø og F", [("abstain", ("Ø", "F"), None)]),
        ("Godkendt.\nLiselott Blixt: Undlod.", [("abstain", ("Liselott Blixt",), None)]),
        (
            "Byrådet godkendte indstillingen.\n(F) og (Ø) kunne ikke tiltræde indstilling 2.",
            [("against", ("(F)", "(Ø)"), None)],
        ),
        (
            "Godkendt.\nBjarke Abel (A) stemte imod, da (A) ikke ønsker det.",
            [("against", ("Bjarke Abel (A)",), None)],
        ),
        ("Udvalget undlod at tage stilling.", []),
    ],
)
def test_votes_as_data(text: str, votes: list[tuple[str, tuple[str, ...], int | None]]) -> None:
    assert [(v.position, v.voters, v.count) for v in read_decision(text).votes] == votes


# -- outcome phrases beyond the gold -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outcome", "target"),
    [
        # The present tense, as the decision's first sentence or a point's, with the forum
        # as its subject; not a plan in a comment, not someone else's act.
        ("Udvalget godkender indstillingen.", "approved", None),
        (
            "1. Social- og Handicapudvalget godkender indstillingen\nAne Bo (F) stemte imod.",
            "approved",
            None,
        ),
        ("Udvalget vælger, at den nye vej skal hedde Birkehøj.", "approved", None),
        (
            "Udvalget havde følgende kommentarer:\n- Direktionen godkender planen inden "
            "udmøntning.",
            "discussed",
            None,
        ),
        (
            "Borgmesteren orienterede om valget, og at partierne udpeger flere valgstyrere.",
            "noted",
            None,
        ),
        # Elections and appointments.
        ("Udvalget valgte Ole Bak som næstformand.", "approved", None),
        ("Ane Bo (A) blev valgt som formand for udvalget.", "approved", None),
        ("Udvalget pegede på Ole T. Bak som formand for udvalget.", "approved", None),
        ("Udvalget udpeger Ane Bo fra grundejerforeningen.", "approved", None),
        # Rejections in the active voice.
        ("Udvalget kan ikke anbefale, at der udarbejdes et forslag.", "rejected", None),
        ("Udvalget kan ikke følge indstillingen, men ønsker et høringssvar.", "rejected", None),
        ("Økonomiudvalget kan ikke godkende administrationens indstilling.", "rejected", None),
        # Withdrawn and postponed.
        ("Sagen blev taget af.", "withdrawn", None),
        ("Administrationen trækker sagen tilbage.", "withdrawn", None),
        ("Udvalget udskyder sagen til et ekstraordinært møde.", "postponed", None),
        # Passed on.
        ("Anbefalet, med bemærkning om, at tidsplanen holdes.", "recommended", None),
        (
            "Økonomiudvalget anbefaler administrationens indstilling overfor Byrådet.",
            "recommended",
            "Byrådet",
        ),
        ("Udvalget henskyder beslutningen til Byrådet uden afstemning.", "referred", "Byrådet"),
        (
            "Økonomiudvalget oversender budgetforslaget til Byrådets 2. behandling.",
            "referred",
            None,
        ),
        (
            "Byrådet valgte at sende initiativretsforslaget til realitetsbehandling.",
            "referred",
            None,
        ),
        ("Undlader.", "referred", None),
        (
            "1-4 Økonomiudvalget undlader og sender sagen tilbage til Klima-, Teknik- og "
            "Miljøudvalget.",
            "referred",
            "Klima-, Teknik- og Miljøudvalget",
        ),
        # Informed, discussed.
        ("Borgmesteren oplyste, at et møde er aftalt.", "noted", None),
        ("Anbefalingerne blev modtaget.", "noted", None),
        ("Der var en drøftelse med bestyrelsen.", "discussed", None),
        ("Udvalget evaluerede borgermødet.", "discussed", None),
        # Nothing decided, whatever the Indstilling asked.
        ("Der var intet at orientere om.", None, None),
        ("Temamødet blev holdt.", None, None),
        ("Der var ingen henvendelser til formanden.", None, None),
    ],
)
def test_outcome_phrases(text: str, outcome: str | None, target: str | None) -> None:
    reading = read_decision(text, recommendation="Det indstilles, at udvalget drøfter emnet.")
    assert (reading.outcome, reading.forwarded_to) == (outcome, target)
