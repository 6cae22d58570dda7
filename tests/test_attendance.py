"""The attendance vocabulary of Danish minutes, on short invented minutes
(``tests/fixtures/attendance``, names and content made up) and invented JSON.

``labels_header.txt``: ``Medlemmer:`` with party letters, ``Fraværende med afbud: Niels Bak
(V)``, ``Stedfortræder: Jens Dal (V)``, ``Ikke til stede: Ole Friis, sag 212-214`` (items
numbered on through the year), ``Referent: Mette Kjær``, ``Desuden deltog: Lars Ege,
direktør``, and ``Ida Sand deltog ikke i sagens behandling.`` in item 213.

``afbud_fra_ranges.txt``: ``Deltagere:``, ``Afbud fra: Ebbe Lyng``, and ``Carl Moos deltog
ikke under punkterne 5-7.`` in item 1's decision.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casegraph.pipeline import derive_graph, load_document
from extract.attendance import read_absent_list
from extract.items import decision_text
from extract.layouts.firstagenda_json import parse_json
from queries.attended import attended, format_attended

FIXTURES = Path(__file__).parent / "fixtures" / "attendance"


def test_labels_substitute_range_and_staff() -> None:
    meeting = load_document(FIXTURES / "labels_header.txt").meeting
    assert (meeting.forum, meeting.date, meeting.start) == ("Teknisk Udvalg", "2021-02-03", "16:00")
    # The members who came, and the substitute in place of the one away.
    assert meeting.attendees == ("Karen Holt", "Ida Sand", "Ole Friis", "Pia Lund", "Jens Dal")
    assert meeting.attendee_roles[-1] == "stedfortræder"
    assert meeting.absent == ("Niels Bak",)
    # The secretary and the guest are in the room, not members.
    assert meeting.staff == ("Mette Kjær", "Lars Ege")
    away = {i.number: i.absent_for_item for i in meeting.items}
    assert away == {
        212: ("Ole Friis",),
        213: ("Ida Sand", "Ole Friis"),
        214: ("Ole Friis",),
        215: (),
    }
    assert [i.outcome for i in meeting.items] == ["approved", "approved", "noted", "recommended"]


def test_afbud_fra_and_a_range_of_items_in_a_decision() -> None:
    meeting = load_document(FIXTURES / "afbud_fra_ranges.txt").meeting
    assert meeting.attendees == ("Anne Brix", "Bo Thygesen", "Carl Moos", "Dorte Vind")
    assert meeting.absent == ("Ebbe Lyng",)
    away = {i.number for i in meeting.items if "Carl Moos" in i.absent_for_item}
    assert away == {5, 6, 7}


def test_staff_and_substitutes_in_the_attendance_answer() -> None:
    G = derive_graph([load_document(FIXTURES / "labels_header.txt")])
    row = attended(G, "trafiksikkerhed").decisions[0]
    assert "Jens Dal" in row.attendees and "Mette Kjær" not in row.attendees
    assert row.staff == ("Mette Kjær", "Lars Ege")
    text = format_attended(attended(G, "trafiksikkerhed"))
    assert "also present (not members): Mette Kjær, Lars Ege" in text


@pytest.mark.parametrize(
    ("lines", "absent"),
    [
        (["Afbud fra Tina Holm (A)"], ("Tina Holm",)),
        (["Fraværende med afbud: Ole Bo"], ("Ole Bo",)),
        (["Afbud fra: Ole Bo, Ane Kro"], ("Ole Bo", "Ane Kro")),
        (["Ikke til stede: Ole Bo"], ("Ole Bo",)),
        (["Afbud: Ronni Vang (Stedfortræder: Jes Kure)"], ("Ronni Vang",)),
        (["Fraværende: Ingen"], ()),
    ],
)
def test_absence_lines_in_a_decision(lines: list[str], absent: tuple[str, ...]) -> None:
    text, found = decision_text([(1, "Godkendt."), *((n + 2, t) for n, t in enumerate(lines))], "X")
    assert (text, found) == ("Godkendt.", absent)


def test_an_absence_list_with_notes_and_ranges() -> None:
    found = read_absent_list(
        ["Niels Bak (V), Ole Friis, sag 212-214", "og Ronni Vang (Stedfortræder: Jes Kure)"]
    )
    assert found.absent == ("Niels Bak", "Ronni Vang")
    assert found.items == (("Ole Friis", 212, 214),)
    assert found.substitutes == (("Jes Kure", "Ronni Vang"),)


def test_a_substitute_named_in_a_participant_note() -> None:
    data = {
        "Udvalg": {"Navn": "Klimaudvalget"},
        "Moede": {
            "Dato": "2025-05-05T08:00:00+02:00",
            "Afsluttet": True,
            "Moededeltagere": [
                {"Name": "Sif Ravn"},
                {"Name": "Jes Kure (Stedfortræder for Ronni Vang)"},
                {"Name": "Ronni Vang", "ParticipationCancelled": True},
            ],
        },
        "Dagsordenpunkter": [
            {
                "Punktnummer": "1",
                "Navn": "Godkendelse af dagsorden",
                "Felter": [
                    {
                        "Html": "<h3>Beslutning</h3><p>Godkendt.</p>"
                        "<p>Afbud: Ronni Vang (Stedfortræder: Jes Kure)</p>"
                    }
                ],
            }
        ],
    }
    meeting = parse_json(data, path="k.json", sha256="3" * 64).meeting
    assert meeting.attendees == ("Sif Ravn", "Jes Kure")
    assert meeting.attendee_roles == (None, "stedfortræder for Ronni Vang")
    assert meeting.absent == ("Ronni Vang",)
    assert meeting.items[0].absent_for_item == ("Ronni Vang",)
