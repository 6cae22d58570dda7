"""Unit tests of the minutes parser (extract.parse and its helpers).

Expectations are read off the documents; the line numbers quoted in comments are those
of the seed files (``cat -n``).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import UnknownLayoutError
from core.records import AgendaItem, Document, Source, to_dict
from extract.items import people_in
from extract.outcome import classify_outcome
from extract.parse import detect_layout, parse_text
from extract.segment import logical_lines

from seed_facts import DIREKTIONEN_2021_01_07

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "examples" / "nordfyns"
CORPUS = ROOT.parent / "shared" / "corpus"
AARHUS = CORPUS / "Aarhus_Byraadet_2025-08-27"
SHA = "0" * 64


@cache
def seed(prefix: str) -> Document:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return parse_text(path.read_text(encoding="utf-8"), path=str(path), sha256=SHA)


@cache
def seed_lines(prefix: str) -> list[str]:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8").split("\n")


def item(doc: Document, number: int) -> AgendaItem:
    return next(i for i in doc.meeting.items if i.number == number)


def pdfium_text(path: Path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        pages = [page.get_textpage().get_text_bounded() for page in pdf]
    finally:
        pdf.close()
    return "\n".join(pages).replace("\r\n", "\n")


@pytest.fixture(scope="module")
def aarhus_txt() -> tuple[str, Document]:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside the checkout ({CORPUS})")
    text = AARHUS.with_suffix(".txt").read_text(encoding="utf-8")
    return text, parse_text(text, path="aarhus.txt", sha256=SHA)


@pytest.fixture(scope="module")
def aarhus_pdf() -> tuple[str, Document]:
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside the checkout ({CORPUS})")
    text = pdfium_text(AARHUS.with_suffix(".pdf"))
    return text, parse_text(text, path="aarhus.pdf", sha256="1" * 64, fmt="text")


# -- meeting header ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "forum", "term", "date", "start", "place"),
    [
        ("000", "Strategisk Chefforum", None, "2021-01-13", "08:30", "Skype"),
        (
            "001",
            "Strategisk Chefforum",
            None,
            "2023-12-20",
            "08:00",
            "Sønderø Rådhus, Tingstedet 1",
        ),
        ("002", "Direktionen", "2021", "2021-01-07", "08:30", "Skype - møde"),
        ("003", "Direktionen", "2019/2020", "2020-05-27", "08:15", "Skype"),
        ("004", "Strategisk Chefforum", None, "2020-06-03", "08:15", "Skype-møde"),
    ],
)
def test_meeting_header(
    prefix: str, forum: str, term: str | None, date: str, start: str, place: str
) -> None:
    meeting = seed(prefix).meeting
    assert (meeting.forum, meeting.term, meeting.date, meeting.start, meeting.place) == (
        forum,
        term,
        date,
        start,
        place,
    )
    assert meeting.kind == "minutes"


def test_wrapped_attendee_names_are_whole() -> None:
    # 000 lines 9-12: "... Henrik Gregers\nBoesen, ... Judith\nPoulsen, ... Gitte\nClemmensen, ..."
    attendees = seed("000").meeting.attendees
    assert len(attendees) == 13
    for name in (
        "Henrik Gregers Boesen",
        "Judith Poulsen",
        "Gitte Clemmensen",
        "Gitte Høj Nielsen",
    ):
        assert name in attendees
    assert not any(name in ("Gitte", "Clemmensen", "Boesen") for name in attendees)
    # 002 lines 9-10: "Vicki Møberg\nTorp"
    assert seed("002").meeting.attendees == tuple(DIREKTIONEN_2021_01_07)


@pytest.mark.parametrize(
    ("prefix", "absent", "recorded"),
    [
        ("000", (), True),  # attendee list, no absence printed
        ("003", (), True),  # no attendee list, "Fraværende: Ingen" in every decision
        ("004", ("Jesper Due Pedersen",), True),  # "Fraværende: Jesper Due Pedersen" in every item
    ],
)
def test_meeting_absence(prefix: str, absent: tuple[str, ...], recorded: bool) -> None:
    meeting = seed(prefix).meeting
    assert meeting.absent == absent
    assert meeting.attendance_recorded is recorded
    if prefix == "004":
        assert meeting.attendees == ()
        assert all(i.absent_for_item == absent for i in meeting.items)


@pytest.mark.parametrize(
    ("prefix", "municipality"),
    [("000", "Nordfyns"), ("001", "Nordfyns"), ("002", None), ("003", None), ("004", None)],
)
def test_municipality_only_when_clear(prefix: str, municipality: str | None) -> None:
    # 003 mentions only "Odense Kommune" (twice, a partner): not enough to say.
    assert seed(prefix).meeting.municipality == municipality


def test_markdown_does_not_leak() -> None:
    doc = seed("004")
    assert doc.title == "REFERAT Strategisk Chefforum d. 03-06-2020"
    assert [i.title for i in doc.meeting.items] == [
        "Tidsplan",
        "Budget 2021 - status",
        "Det videre arbejde med læring fra Covid-19",
        "Orientering",
    ]
    for it in doc.meeting.items:
        for text in [it.title, it.decision or ""] + [s.heading + s.text for s in it.sections]:
            assert "**" not in text and not text.startswith("#")
        assert it.public is True  # "**Åbent**" (line 185) and "Åbent"
    assert item(doc, 4).case_numbers == ("480-2020-43311",)
    assert item(doc, 4).document_numbers == ("480-2020-155308",)


# -- items ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "number", "cases", "documents"),
    [
        ("000", 5, ("S2020-57031",), ()),
        ("002", 1, (), ()),
        ("003", 1, ("480-2018-702",), ("480-2020-148329",)),  # on separate lines 28 and 30
        ("003", 3, ("480-2020-7823",), ("480-2020-150002",)),  # one line, 95
        ("004", 2, ("480-2020-9281",), ("480-2020-154789",)),
    ],
)
def test_case_and_document_numbers(
    prefix: str, number: int, cases: tuple[str, ...], documents: tuple[str, ...]
) -> None:
    it = item(seed(prefix), number)
    assert it.case_numbers == cases
    assert it.document_numbers == documents


def test_title_without_trailing_aabent_and_public_flag() -> None:
    # 003 line 93: "3. Corona-krisen - opsamling på erfaring og læring, samt input til KL Åbent"
    it = item(seed("003"), 3)
    assert it.title == "Corona-krisen - opsamling på erfaring og læring, samt input til KL"
    assert it.public is True
    assert all(i.public is None for i in seed("000").meeting.items)  # not stated


def test_sagsfremstilling_container_is_not_a_section() -> None:
    headings = [s.heading for s in item(seed("003"), 1).sections]
    assert headings == ["Sagens kerne", "Beslutning"]


def test_lukket_prefix() -> None:
    text = (
        "REFERAT Økonomiudvalget d. 01-02-2024\n\nPunkt 1: Åben sag\nS2024-1\n\n"
        "Punkt 2: Lukket: Salg af grund\nS2024-2\nBeslutning\nGodkendt.\n"
    )
    doc = parse_text(text, path="x.txt", sha256=SHA)
    assert [(i.title, i.public) for i in doc.meeting.items] == [
        ("Åben sag", None),
        ("Salg af grund", False),
    ]


def test_sections_and_decision_of_an_item() -> None:
    it = item(seed("000"), 2)
    assert [s.heading for s in it.sections] == [
        "Sagens kerne",
        "Indstilling",
        "Sagens baggrund",
        "Økonomiske oplysninger",
        "Lovgrundlag",
        "Supplerende sagsfremstilling",
        "Beslutning",
        "Beslutning på møde Direktionen 2019/2020 16-12-2020 - 08:30",
        "Bilag",
    ]
    assert it.decision is not None
    assert it.decision.startswith("Kommunaldirektøren præsenterede overvejelserne")
    assert "Direktionen drøftede" not in it.decision  # that is the earlier decision


def test_decision_leaves_out_meeting_line_and_absence() -> None:
    # 004 lines 93-105: "Strategisk chefforum den 3. juni 2020" / "Fraværende: ..." / text
    it = item(seed("004"), 2)
    assert it.decision is not None
    assert it.decision.startswith("Direktørerne gennemgik forslagene")
    assert "Fraværende" not in it.decision and "den 3. juni 2020" not in it.decision.split("\n")[0]
    assert item(seed("003"), 7).decision == "Punktet blev udskudt til næste direktionsmøde."


def test_aktuel_beslutning_is_the_items_decision() -> None:
    it = item(seed("001"), 1)
    assert it.decision == "Godkendt."
    assert it.outcome == "approved"
    assert it.sections[-1].heading == "Aktuel beslutning på Strategisk chefforum 20-12-2023"


def test_earlier_decision_block() -> None:
    # 002 line 161: "Beslutning på møde Direktionen 2019/2020 09-12-2020 - 08:30"
    (earlier,) = item(seed("002"), 4).earlier_decisions
    assert (earlier.forum, earlier.term, earlier.date, earlier.start) == (
        "Direktionen",
        "2019/2020",
        "2020-12-09",
        "08:30",
    )
    assert earlier.text.startswith("Direktionen drøftede udmøntning af Budget 2021")
    assert earlier.text.endswith(
        "Direktionen træffer endelig beslutning om udmøntningen i januar 2021."
    )
    assert earlier.source is not None
    assert (earlier.source.first_line, earlier.source.last_line) == (161, 169)


def test_bilag_numbers_broken_over_lines_are_rejoined_and_deduplicated() -> None:
    # 003 lines 209-223 (numbers split "480-" / "2020-" / "151343") and 240-246 (no numbers)
    attachments = item(seed("003"), 4).attachments
    assert [(a.number, a.title) for a in attachments] == [
        (
            "480-2020-151343",
            "Organisationens Strategi- og Udviklingsplan 2020-2021 - faseopdelt aktivitetsplan",
        ),
        (
            "480-2020-134824",
            "Næste skridt___Organisationens_Strategi__og_Udviklingsplan_2020_2021___udkast.",
        ),
        (
            "480-2020-111460",
            "Organisationens Strategi- og Udviklingsplan 2020-2021 - ENDELIGT FORMAT",
        ),
        (
            "480-2020-148684",
            "Skema til brug ved indhentning af informationer til opfølgingsværktøj"
            " - effektmål og indikatorer",
        ),
    ]
    assert attachments[0].source is not None
    assert (attachments[0].source.first_line, attachments[0].source.last_line) == (209, 211)


@pytest.mark.parametrize(
    ("prefix", "number", "attachment"),
    [
        (
            "004",
            2,
            (
                "480-2020-136954",
                "Forslag til udmøntning af råderummet fra Strategisk Chefforums møde"
                " den 24. april 2020",
            ),
        ),
        ("003", 7, ("480-2020-151491", "BILAG 2 GRØN VISION FYN 2030")),
        ("000", 2, (None, "PhD-projekt Kommunal fastholdelse af kriseskabt innovation")),
    ],
)
def test_single_attachment(prefix: str, number: int, attachment: tuple[str | None, str]) -> None:
    assert [(a.number, a.title) for a in item(seed(prefix), number).attachments] == [attachment]


@pytest.mark.parametrize(
    ("prefix", "number", "guests"),
    [
        ("000", 4, ("Ole Vett",)),
        ("001", 2, ("Tina Wrøbel", "Mette Tokehøj")),  # lines 49 and 119 (with their roles)
        ("001", 3, ("Sharajé Thomassen",)),  # "Leder af HR Sharajé Thomassen ..."
        ("001", 4, ("Ann Berit Jensen",)),  # "Borgerrådgiver Ann Berit Jensen ..."
        ("003", 3, ("Ditte Clément",)),  # "... deltager under punktet."
        ("003", 4, ("Ditte Clément",)),  # "... deltager i dette punkt med henblik på ..."
        ("001", 5, ()),
    ],
)
def test_guests(prefix: str, number: int, guests: tuple[str, ...]) -> None:
    assert item(seed(prefix), number).participants == guests


@pytest.mark.parametrize(
    ("who", "names"),
    [
        ("IT-arkitekt Tina Wrøbel og leder for Digitalisering og Teknologi Mette Tokehøj",
         ["Tina Wrøbel", "Mette Tokehøj"]),
        ("Leder af HR Sharajé Thomassen", ["Sharajé Thomassen"]),
        ("Morten V. Pedersen", ["Morten V. Pedersen"]),
        ("Stabschef Charlotte Jakobsen, Ole Vett og Ditte Clément",
         ["Charlotte Jakobsen", "Ole Vett", "Ditte Clément"]),
        ("leder for HR og Ole Vett", ["Ole Vett"]),
        ("Direktionen", []),
    ],
)  # fmt: skip
def test_people_in(who: str, names: list[str]) -> None:
    assert people_in(who) == names


# -- outcomes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("Godkendt.", "approved"),
        ("Godkendt med den tilføjelse, at der var indlagt et møde.", "approved"),
        ("Direktionen drøftede og godkendte model for implementering.", "approved"),
        ("Punktet blev udskudt til næste direktionsmøde.", "postponed"),
        ("Sagens behandling blev udsat i byrådets møde den 26. marts 2025.", "postponed"),
        ("Kommunaldirektøren orienterede om projektet.", "noted"),
        ("Orientering foretaget.", "noted"),
        ("Beretningen blev taget til efterretning.", "noted"),
        ("Fremsendes til Teknisk Udvalg til behandling.", "referred"),
        ("Økonomiudvalget anbefaler indstillingen over for byrådet.", "recommended"),
        ("Anbefales.", "recommended"),
        ("Indstilles godkendt.", "recommended"),
        ("Sagen udgik.", "withdrawn"),
        ("Punktet blev taget af dagsordenen.", "withdrawn"),
        ("Godkendt med den ændring, at sag nr. 32 udgår.", "approved"),
        ("Orienteringen blev taget til efterretning. Projektet kan risikere at blive udskudt.",
         "noted"),
        ("1. Godkendt. 2. Ikke godkendt, idet udvalget ønsker en ny sag.", "approved"),
        ("Kan ikke godkendes.", "rejected"),
        ("Godkendt. (A) og (C) stemmer imod.", "approved"),
        ("Udvalget undlod at tage stilling.", "referred"),
        ("Sagen sendes tilbage til administrationen.", "referred"),
        ("Intet til orientering.", None),
        ("Afbud fra Tina Rottbøll (A)", None),
        ("Beslutning ikke frigivet", None),
        ("Tilbagesendes Magistratsafdelingen til videre behandling.", "referred"),
        ("Tilbagesendes Magistratsafdelingen med bemærkning, at byrådet har vedtaget "
         "Magistratens indstilling.", "approved"),
        ("Direktionen kvalificerede opsamlingen.", "discussed"),
        ("Strategisk Chefforum drøftede samskabt styring.", "discussed"),
        ("Processen blev drøftet og kvalificeret. Mette orienterede om status.", "discussed"),
        ("Indstillingen blev ikke godkendt.", "rejected"),
        ("Forslaget blev forkastet.", "rejected"),
        ("Alternativet kunne ikke tiltræde indstillingen. Fremsendes til byrådet.", "referred"),
        ("Kommunaldirektøren orienterede om projektet, som har været drøftet politisk.", "noted"),
        ("Morten orienterede. Det forventes, at tidsplanen godkendes i januar.", "noted"),
        ("Direktionen forberedte krisestabens møde.", "discussed"),
        ("Materialet drøftes på kommende møde i Strategisk Chefforum.", "postponed"),
        ("Trepartsaftalen drøftes på kommende møde. Årsrapporterne blev drøftet.", "discussed"),
        ("Nytårskuren afvikles virtuelt den 19. jan. 2021.", None),
        ("", None),
        (None, None),
    ],
)  # fmt: skip
def test_outcome_table(text: str | None, outcome: str | None) -> None:
    assert classify_outcome(text) == outcome


def test_outcome_falls_back_on_the_recommendation() -> None:
    remarks = "Employerbranding skal videreudvikles ift. medarbejdergrundlaget."
    assert classify_outcome(remarks) is None
    asked = "Det indstilles, at Strategisk Chefforum drøfter forslag til indsatsområder."
    assert classify_outcome(remarks, recommendation=asked) == "discussed"
    assert classify_outcome(remarks, recommendation="Forelægges til orientering.") == "noted"
    # an approval is never inferred from what was asked
    assert classify_outcome(remarks, recommendation="Det indstilles, at planen godkendes.") is None
    assert item(seed("001"), 3).outcome == "discussed"  # L139-141 "... drøfter forslag ..."


def test_agenda_has_no_outcome() -> None:
    doc = parse_text(
        "DAGSORDEN Direktionen d. 07-01-2021\nPunkt 1: Tidsplan\nBeslutning\nGodkendt.",
        path="a.txt",
        sha256=SHA,
    )
    assert doc.meeting.kind == "agenda"
    assert doc.meeting.items[0].outcome is None


@pytest.mark.parametrize(
    ("prefix", "outcomes"),
    [
        ("003", ["approved", "discussed", "discussed", "discussed", "discussed", "approved",
                 "postponed", "approved"]),
        ("004", ["approved", "noted", "discussed", "noted"]),
        ("002", ["approved", "discussed", "approved", "approved", "noted"]),
        ("001", ["approved", "discussed", "discussed", "discussed", "noted", "postponed",
                 "discussed"]),
    ],
)  # fmt: skip
def test_seed_outcomes(prefix: str, outcomes: list[str | None]) -> None:
    assert [i.outcome for i in seed(prefix).meeting.items] == outcomes


# -- Aarhus ------------------------------------------------------------------------------


def test_aarhus_meeting(aarhus_txt: tuple[str, Document]) -> None:
    meeting = aarhus_txt[1].meeting
    assert (meeting.forum, meeting.date, meeting.start, meeting.place) == (
        "Aarhus Byråd",
        "2025-08-27",
        "16:00",
        "Byrådssalen",
    )
    assert meeting.municipality == "Aarhus"
    assert meeting.attendees == () and meeting.absent == ()
    assert meeting.attendance_recorded is False  # no attendee block, no Fraværende
    assert [i.number for i in meeting.items] == list(range(1, 22))


def test_aarhus_wrapped_titles(aarhus_txt: tuple[str, Document]) -> None:
    doc = aarhus_txt[1]
    assert item(doc, 2).title == (
        "Svar på forslag fra DD om principbeslutning om at sikre Havnens Perles fremtid på Aarhus Ø"
    )
    assert item(doc, 10).title == (
        "Lokalplan 1221 (tillæg 2 til lokalplan 411) – Erhvervsområde ved Kattrup, "
        "Hasselager-Kolt, med tillæg 1 - Endelig"
    )
    # pdftotext prints "ny 2030fremskrivning"; the table of contents keeps the hyphen.
    assert item(doc, 7).title == (
        "Afrapportering på klimaregnskab samt orientering om ny 2030-fremskrivning"
    )


def test_aarhus_sagsforloeb_absence_belongs_to_the_earlier_decision(
    aarhus_txt: tuple[str, Document],
) -> None:
    # txt lines 117-135: three Sagsforløb entries; "Jesper Kjeldsen deltog ikke i sagens
    # behandling." (135) is inside the Magistraten 19-08-2025 entry.
    it = item(aarhus_txt[1], 2)
    assert [(e.forum, e.date, e.item_number, e.absent) for e in it.earlier_decisions] == [
        ("Aarhus Byråd", "2025-03-26", 21, ()),
        ("Aarhus Byråd", "2025-04-09", 3, ()),
        ("Magistraten", "2025-08-19", 4, ("Jesper Kjeldsen",)),
    ]
    assert it.absent_for_item == ()
    assert (
        it.earlier_decisions[0].text
        == "Sagens behandling blev udsat i byrådets møde den 26. marts 2025."
    )
    assert all(i.absent_for_item == () for i in aarhus_txt[1].meeting.items)


def test_aarhus_decision_first_and_proposal_kept_apart(aarhus_txt: tuple[str, Document]) -> None:
    it = item(aarhus_txt[1], 2)
    assert it.case_numbers == ("EMN-2025-003383",)
    assert it.decision == (
        "Fremsendes til Teknisk Udvalg til behandling i henhold til beslutning i byrådets møde "
        "den 27. august 2025."
    )
    assert it.outcome == "referred"
    headings = [s.heading for s in it.sections]
    assert headings[:2] == ["Beslutninger", "BESLUTNINGSFORSLAG FRA DD"]
    assert "Baggrund" not in headings  # "Baggrund:" inside the proposal is body text
    # "Indstilling" under Bilag is an attachment, not a heading
    assert [a.title for a in it.attachments][:2] == ["Indstilling", "Bilag 1: Beslutningsforslag"]


def test_aarhus_closed_item(aarhus_txt: tuple[str, Document]) -> None:
    it = item(aarhus_txt[1], 21)
    assert (it.title, it.public, it.case_numbers) == (
        "Køb af landbrugsejendom",
        False,
        ("EMN-2025-007940",),
    )
    assert it.decision is not None and it.decision.startswith("Tilbagesendes Magistratsafdelingen")
    assert it.outcome == "approved"  # "... har vedtaget Magistratens foranstående indstilling"


def _without_provenance(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: _without_provenance(value)
            for key, value in data.items()
            if key not in ("source", "path", "sha256", "first_line", "last_line")
        }
    if isinstance(data, list):
        return [_without_provenance(value) for value in data]
    return data


def test_aarhus_pdftotext_and_pdfium_give_the_same_records(
    aarhus_txt: tuple[str, Document], aarhus_pdf: tuple[str, Document]
) -> None:
    left = _without_provenance(to_dict(aarhus_txt[1]))
    right = _without_provenance(to_dict(aarhus_pdf[1]))
    for a, b in zip(left["meeting"]["items"], right["meeting"]["items"], strict=True):
        assert a == b, a["number"]
    assert left == right


def test_aarhus_pages_glued_without_line_breaks(aarhus_pdf: tuple[str, Document]) -> None:
    """pdfium page texts joined with "" glue ``....28Punkt 1:`` and ``...2025)Punkt 3:``."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(AARHUS.with_suffix(".pdf")))
    try:
        glued = "".join(page.get_textpage().get_text_bounded() for page in pdf)
    finally:
        pdf.close()
    doc = parse_text(glued.replace("\r\n", "\n"), path="glued.pdf", sha256=SHA)
    expected = aarhus_pdf[1].meeting.items
    assert [(i.number, i.title, i.case_numbers, i.decision) for i in doc.meeting.items] == [
        (i.number, i.title, i.case_numbers, i.decision) for i in expected
    ]


# -- provenance ------------------------------------------------------------------------------


def _sources(doc: Document) -> list[tuple[str, Source, str]]:
    """(what, source, text expected on its first line)."""
    found: list[tuple[str, Source, str]] = [("meeting", doc.meeting.source, doc.title or "")]
    for it in doc.meeting.items:
        found.append(("item", it.source, f"Punkt {it.number}"))
        for section in it.sections:
            found.append(("section", section.source, section.heading[:12]))
        for attachment in it.attachments:
            assert attachment.source is not None
            found.append(("attachment", attachment.source, ""))
        for earlier in it.earlier_decisions:
            assert earlier.source is not None
            found.append(("earlier", earlier.source, ""))
    return found


def _check_sources(doc: Document, lines: list[str]) -> None:
    for what, source, expected in _sources(doc):
        assert source.path == doc.path and source.sha256 == doc.sha256
        assert 1 <= source.first_line <= source.last_line <= len(lines), (what, source)
        first = lines[source.first_line - 1]
        assert first.strip(), (what, source)  # never a blank line
        if expected:
            assert expected.replace("**", "") in first.replace("**", ""), (what, source, first)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_sources_point_at_real_lines(prefix: str) -> None:
    _check_sources(seed(prefix), seed_lines(prefix))


def test_attachment_source_lines(aarhus_txt: tuple[str, Document]) -> None:
    text, doc = aarhus_txt
    lines = text.split("\n")
    _check_sources(doc, lines)
    for it in doc.meeting.items:
        for attachment in it.attachments:
            assert attachment.source is not None
            first = lines[attachment.source.first_line - 1].replace("\f", "")
            assert attachment.title.startswith(first.strip()[:20]), (attachment, first)


def test_aarhus_pdfium_sources(aarhus_pdf: tuple[str, Document]) -> None:
    text, doc = aarhus_pdf
    _check_sources(doc, text.split("\n"))


def test_form_feeds_split_lines_but_keep_numbers() -> None:
    text = (
        "REFERAT Direktionen d. 07-01-2021\n"  # 1
        "Mødedato Torsdag d. 07. januar 2021 kl. 08:30\n"  # 2
        "\fPunkt 1: Tidsplan\n"  # 3
        "Beslutning\n"  # 4
        "Godkendt.\fPunkt 2: Orientering\n"  # 5: a page break in the middle of a line
        "Beslutning\n"  # 6
        "Orientering foretaget."  # 7
    )
    items = parse_text(text, path="ff.txt", sha256=SHA).meeting.items
    assert [(i.number, i.source.first_line, i.source.last_line) for i in items] == [
        (1, 3, 5),
        (2, 5, 7),
    ]
    assert [i.decision for i in items] == ["Godkendt.", "Orientering foretaget."]


# -- errors and robustness ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hello world",
        "Sundheds- og Forebyggelsesudvalget\nReferat\nÅbent referat\nDato: 04.12.2012",
        "REFERAT Direktionen d. 31-02-2021",  # no such date
        "Punkt 1: Tidsplan\nBeslutning\nGodkendt.",  # items but no header
    ],
)
def test_unknown_layout(text: str) -> None:
    with pytest.raises(UnknownLayoutError, match=r"^x\.txt: .*forum and date"):
        parse_text(text, path="x.txt", sha256=SHA)


def test_ballerup_is_the_edoc_layout() -> None:
    """Ballerup's eDoc minutes have their own layout (golden tests: test_layout_edoc.py)."""
    path = CORPUS / "Ballerup_Sundheds-og-Forebyggelsesudvalget_2012-12-04.txt"
    if not path.is_file():
        pytest.skip(f"the shared corpus is not beside the checkout ({CORPUS})")
    found = detect_layout(logical_lines(path.read_text(encoding="utf-8")))
    assert found is not None and found[0].name == "edoc"


_WORDS = [
    "Punkt 1:", "Punkt 2: X", "Punkt 99999999999: Y", "Beslutning", "Beslutninger", "Bilag",
    "Sagsforløb", "Udvalg: Magistraten", "Dato: 99-99-2025", "Dato: 01-02-2025",
    "Punktnummer: 123456789012", "Fraværende: Ingen", "Fraværende:", "Indholdsfortegnelse",
    "Mødedeltagere", "Mødedato kl. 99:99", "Lukket:", "Åbent", "Sagsnr.", "Dok.nr. 1",
    "480-", "2020-", "151343", "S2020-1", "Godkendt.", "Aktuel beslutning på X 99-99-9999",
    "Beslutning på møde Direktionen 2019/2020 31-02-2020 - 25:61",
    "deltog ikke i sagens behandling",
    "Ole Vett deltager i punktets behandling.", "#", "**", "\f", "\t", "-", ".", ":", "og", "\\",
    "BESLUTNINGSFORSLAG FRA X", "Direktionen den 3. juni 2020",
]  # fmt: skip
_HEADER = "REFERAT Direktionen 2019/2020 d. 27-05-2020\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_crashes(text: str) -> None:
    try:
        doc = parse_text(text, path="h.txt", sha256=SHA)
    except UnknownLayoutError:
        return
    assert isinstance(doc, Document)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=30)), max_size=60))
def test_arbitrary_body_under_a_valid_header_never_crashes(parts: list[str]) -> None:
    text = _HEADER + "\n".join(parts)
    doc = parse_text(text, path="h.txt", sha256=SHA)
    lines = text.split("\n")
    for what, source, _ in _sources(doc):
        assert 1 <= source.first_line <= source.last_line <= len(lines), (what, source)
    numbers = [i.number for i in doc.meeting.items]
    assert numbers == sorted(set(numbers))
    dataclasses.replace(doc)  # records stay constructible (validation in __post_init__)
