"""Golden expectations for the two FirstAgenda Publication web pages of Aarhus, as served.

Every value was written by hand from reading the pages' HTML (``../shared/corpus``): the page
title (``<h1 class="dato">``), the info table (``Udvalg:``, ``Mødedato:``, ``Mødested:``; the
``Mødedeltagere`` cell is empty until the page's JavaScript runs), and each item row: the
number label, the ``<h2>`` title, the case-number span, the ``<h3>`` blocks and the ``Bilag``
links. Teknisk Udvalg 01-10-2025 is minutes (decisions under ``Beslutninger``, earlier steps
under ``Sagsforløb``); Aarhus Byråd 08-10-2025 is the agenda of a meeting not yet held.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.records import Document
from extract.parse import parse_checked

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TU = CORPUS / "Aarhus_Teknisk-Udvalg_2025-10-01.html"
BY = CORPUS / "Aarhus_Byraadet_2025-10-08.html"

needs_corpus = pytest.mark.skipif(
    not TU.is_file() or not BY.is_file(),
    reason=f"the Aarhus web pages are not in {CORPUS} (needs ../shared/corpus beside the checkout)",
)
pytestmark = needs_corpus


def _read(path: Path) -> Document:
    return parse_checked(path.read_text(encoding="utf-8"), path=path.name, sha256="0" * 64,
                         fmt="html")  # fmt: skip


# -- Teknisk Udvalg, minutes -------------------------------------------------------------------

TU_ITEMS = [
    (1, "Referat fra sidste udvalgsmøde", ("EMN-2025-010561",), "Ingen bemærkninger."),
    (2, "Udviklingsplan Aarhus Ø - endelig vedtagelse", ("EMN-2025-009242",),
     "Et flertal i udvalget kunne tiltræde indstillingen i overensstemmelse med Magistratens "
     "anbefaling."),
    (3, "Lokalplan 1221 (tillæg 2 til lokalplan 411) – Erhvervsområde ved Kattrup, "
        "Hasselager-Kolt, med tillæg 1 - Endelig", ("EMN-2025-008468",),
     "Der var foretræde til sagen, hvorefter udvalget drøftede sagen og stillede spørgsmål til "
     "forvaltningen."),
    (4, "Forvaltningen orienterer", ("EMN-2025-010561",),
     "Udvalget blev orienteret om arkitekturugen i uge 41."),
    (5, "Eventuelt", (),
     "Udvalget drøftede og stillede spørgsmål til forvaltningen om forlængelse af forsøget med "
     "sommergade i Jægergårdsgade."),
    (6, "Måltal for busfremkommelighed, jf. budgetforlig 2023", ("EMN-2024-035156",),
     "Sagen blev udsat uden behandling."),
]  # fmt: skip


def test_teknisk_udvalg_meeting() -> None:
    m = _read(TU).meeting
    assert (m.forum, m.date, m.start, m.place, m.kind) == (
        "Teknisk Udvalg", "2025-10-01", "15:45", "Udvalgsværelse 398", "minutes",
    )  # fmt: skip
    assert (m.attendees, m.absent, m.attendance_recorded) == ((), (), False)
    assert (m.reader, m.confidence) == ("firstagenda-web", 1.0)


def test_teknisk_udvalg_items() -> None:
    items = _read(TU).meeting.items
    assert [(i.number, i.title, i.case_numbers) for i in items] == [t[:3] for t in TU_ITEMS]
    for item, (_, _, _, decision) in zip(items, TU_ITEMS, strict=True):
        assert item.decision is not None and item.decision.startswith(decision), item.number


def test_teknisk_udvalg_decision_of_item_2_keeps_its_lines() -> None:
    item = _read(TU).meeting.items[1]
    assert item.decision is not None
    assert item.decision.split("\n") == [
        "Et flertal i udvalget kunne tiltræde indstillingen i overensstemmelse med Magistratens "
        "anbefaling.",
        "Jesper Kjeldsen, Steffen Wich, Gert Bjerregaard og Metin Lindved Aydin kunne tiltræde "
        "indstillingen.",
        "Jakob Søgaard Clausen tog forbehold.",
        "Solveig Munk kunne ikke tiltræde indstillingen.",
        "Liv Gro Jensen var forhindret i at deltage i udvalgets behandling af sagen.",
    ]
    assert item.absent_for_item == ("Liv Gro Jensen",)


@pytest.mark.parametrize(
    ("number", "earlier"),
    [
        (2, [("Magistraten", "2025-09-02", 12, ("Thure Hastrup",)),
             ("Aarhus Byråd", "2025-09-10", 11, ()), ("Teknisk Udvalg", "2025-09-22", 2, ())]),
        (3, [("Magistraten", "2025-08-19", 7, ("Jesper Kjeldsen",)),
             ("Aarhus Byråd", "2025-08-27", 10, ()), ("Teknisk Udvalg", "2025-09-22", 4, ())]),
        (6, [("Magistraten", "2025-03-18", 9, ()), ("Aarhus Byråd", "2025-03-26", 14, ()),
             ("Teknisk Udvalg", "2025-05-26", 6, ()), ("Teknisk Udvalg", "2025-08-11", 3, ())]),
    ],
)  # fmt: skip
def test_teknisk_udvalg_case_history(number: int, earlier: list[tuple[object, ...]]) -> None:
    item = next(i for i in _read(TU).meeting.items if i.number == number)
    assert [(e.forum, e.date, e.item_number, e.absent) for e in item.earlier_decisions] == earlier


def test_teknisk_udvalg_sections_and_attachments() -> None:
    items = _read(TU).meeting.items
    assert [s.heading for s in items[2].sections] == [
        "Beslutninger", "", "Resume", "Beslutningspunkter", "Borgmesterens Afdelings påtegning",
        "Sagsforløb", "Bilag",
    ]  # fmt: skip
    assert [len(i.attachments) for i in items] == [1, 30, 11, 0, 0, 27]
    assert items[0].attachments[0].title == "Referat fra møde den 22. september 2025"
    assert [a.title for a in items[1].attachments[:2]] == [
        "Indstilling", "Bilag 1: Udviklingsplan for Pier 3 med omgivelser med bilag og strategier",
    ]  # fmt: skip


def test_teknisk_udvalg_outcomes_that_the_words_decide() -> None:
    outcomes = {i.number: i.outcome for i in _read(TU).meeting.items}
    assert (outcomes[4], outcomes[5], outcomes[6]) == ("noted", "discussed", "postponed")


# -- Aarhus Byråd, agenda of a meeting not yet held ---------------------------------------------

BY_ITEMS = [
    (1, "Godkendelse af dagsorden", "EMN-2023-009832"),
    (2, "Forslag til budget 2026-2029", "EMN-2025-008308"),
    (3, "Materiale til Magistratens 1. tekniske behandling af budget 2026", "EMN-2025-008308"),
    (4, "Materiale til Magistratens 2. tekniske behandling af budget 2026", "EMN-2025-008308"),
    (5, "Budgetforslag Ældre og sundhed", "EMN-2025-008294"),
    (6, "Budgetforslag Social- og beskæftigelsesområdet", "EMN-2025-008294"),
    (7, "Budgetforslag Miljø, byudvikling, infrastruktur og kollektiv trafik", "EMN-2025-008294"),
    (8, "Budgetforslag Sport, fritid og kultur", "EMN-2025-008294"),
    (9, "Budgetforslag Børn og Unge", "EMN-2025-008294"),
    (10, "Budgetforslag Økonomi og andet", "EMN-2025-008294"),
    (11, "Svar på forslag fra S, SF, RV, M og ALT om vindmøller på Aarhus Havn", "EMN-2025-000502"),
    (12, "Svar på forslag fra Børne- og ungebyrådet om flere lejrskoler og udflugter i "
         "grundskolen", "EMN-2025-006138"),
    (13, "Svar på forslag fra Børne- og ungebyrådet om to-voksentimer og bredere information om "
         "eksisterende trivselsinitiativer", "EMN-2025-006131"),
    (14, "Svar på forslag fra RV om Aarhus City Metro", "EMN-2025-006822"),
    (15, "Udpegning til sundhedsråd", "EMN-2025-009824"),
    (16, "Anbefalinger fra §17, stk. 4-udvalget Nyt Byråd", "EMN-2025-010585"),
    (17, "Dispensation fra 'Grøn handleplan for kunstgræsbaner'", "EMN-2025-009516"),
    (18, "Ændring af et godkendelseskriterie for private daginstitutioner", "EMN-2025-010190"),
    (19, "Beredskabsplaner - negativ social kontrol, æresrelaterede konflikter og ekstremisme",
     "EMN-2025-009868"),
    (20, "Økonomiteknisk justering af cykelmidler", "EMN-2025-010281"),
    (21, "Lokalplan 1246 Åbyhøj Idrætscenter – Endelig", "EMN-2025-010236"),
    (22, "Udviklingsplan Aarhus Ø - endelig vedtagelse", "EMN-2025-009242"),
    (23, "Lokalplan 1204, Trige Syd - Endelig", "EMN-2025-009097"),
    (24, "Byggemodning af område til boliger i Trige, lokalplan 1204", "EMN-2025-008076"),
    (25, "Forslag fra S, KF, SF, V og RV om mærkningsordning for genbrug af storskrald",
     "EMN-2025-010627"),
    (26, "Forslag fra ALT om at Aarhus Kommune skal udtræde af Kattegatkomitéen",
     "EMN-2025-010689"),
    (27, "Forslag fra V, LA, DD, KF, RV, M og ALT om tilskud til hjemmepasning", "EMN-2025-010711"),
    (28, "Forslag fra KF om at adoptere en rundkørsel – skab kunst i det offentlige rum",
     "EMN-2025-010748"),
    (29, "Forslag fra SF om Børnenes Plads", "EMN-2025-010715"),
    (30, "Forslag fra V om bedre rammer for erhvervslivet - giv os Aarhus tilbage",
     "EMN-2025-010825"),
    (31, "Forslag fra VL om offentlig undskyldning til kommunal ansat", "EMN-2025-010828"),
    (32, "Forslag fra VL om undersøgelse af kommunens håndtering som bygherre i asbesthåndtering "
         "på rådhuset", "EMN-2025-010830"),
    (33, "Forslag fra V, KF, LA og DD om afledte konsekvenser af lukning af Vesterbro Torv",
     "EMN-2025-010810"),
]  # fmt: skip


def test_byraad_agenda_meeting() -> None:
    m = _read(BY).meeting
    assert (m.forum, m.date, m.start, m.place, m.kind, m.municipality) == (
        "Aarhus Byråd", "2025-10-08", "16:00", "Byrådssalen", "agenda", "Aarhus",
    )  # fmt: skip
    assert (m.attendees, m.absent, m.attendance_recorded) == ((), (), False)


def test_byraad_agenda_items() -> None:
    items = _read(BY).meeting.items
    assert [(i.number, i.title, i.case_numbers) for i in items] == [
        (n, t, (c,)) for n, t, c in BY_ITEMS
    ]
    assert all(i.decision is None and i.outcome is None for i in items)


def test_byraad_agenda_history_and_attachments() -> None:
    items = {i.number: i for i in _read(BY).meeting.items}
    assert [(e.forum, e.date, e.item_number) for e in items[4].earlier_decisions] == [
        ("Magistraten", "2025-09-30", 4)
    ]
    assert [len(items[n].attachments) for n in (1, 2, 3, 25, 31)] == [0, 22, 9, 1, 2]
    assert [a.title for a in items[31].attachments] == [
        "Beslutningsforslag VL 29.09.2025", "Meningstilkendegivelse Gruppen af fyrede (påført "
        "03.10.2025)",
    ]  # fmt: skip
