"""Golden expectations for Ballerup's eDoc minutes (../shared/corpus), as PDF and as text.

Sundheds- og Forebyggelsesudvalget 04.12.2012. Every value here was written by hand from
reading ``Ballerup_Sundheds-og-Forebyggelsesudvalget_2012-12-04.txt`` (``Lnnn`` = its 1-based
line number, as ``grep -n`` counts) and checked against the PDF, never copied from the
program's output.

What this layout tests that the FirstAgenda ones do not: a five-line running page header
on every page (forum / Referat / Åbent referat / Dato: 04.12.2012 / Side N); attendees with
party and role (``Lolan Ottesen (A) - formand``); items as ``1.`` on a line of its own
(pdftotext) or ``1. Meddelelser`` (pdfium); ``Sagsnr.:``/``Dok.nr.:``; an earlier treatment
line under the numbers (``Kommunalbestyrelsen den 30. januar 2012 Punkt 5``); the decision
heading as a sentence; ``Bilag`` lists inside the sub-points of a ``Meddelelser`` item.

Outcomes: ``Indstillingen godkendt`` -> approved, ``Taget til efterretning`` -> noted,
``Indstilles til godkendelse`` (the committee recommends the council to approve) -> recommended.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import UnknownLayoutError
from core.records import AgendaItem, Document, Source, to_dict
from extract.parse import parse_text
from extract.segment import squash

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
STEM = "Ballerup_Sundheds-og-Forebyggelsesudvalget_2012-12-04"
TXT = CORPUS / f"{STEM}.txt"
PDF = CORPUS / f"{STEM}.pdf"
FILES = {"txt": TXT, "pdf": PDF}
SHA = "0" * 64

needs_corpus = pytest.mark.skipif(
    not (TXT.is_file() and PDF.is_file()),
    reason=f"Ballerup minutes not found in {CORPUS} (needs ../shared/corpus beside the checkout)",
)


@cache
def load(fmt: str) -> Document:
    """Parse the PDF or the text once per test session, through the pipeline."""
    from casegraph.pipeline import load_document

    return load_document(FILES[fmt])


@cache
def file_lines(fmt: str) -> list[str]:
    from extract.read import read_document

    return read_document(FILES[fmt]).text.split("\n")


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def item(doc: Document, number: int) -> AgendaItem:
    return next(i for i in doc.meeting.items if i.number == number)


# -- expectations -----------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    number: int
    title: str
    case: str
    document: str
    outcome: str
    decision: str
    attachments: tuple[tuple[str, str], ...] = ()  # (number, title)
    earlier: tuple[tuple[str, str, int], ...] = ()  # (forum, date, item number)
    guests: tuple[str, ...] = ()


MEETING: dict[str, Any] = {
    "forum": "Sundheds- og Forebyggelsesudvalget",  # L8
    "term": None,
    "date": "2012-12-04",  # L4 "Dato: 04.12.2012", L9 "tirsdag den 4. december 2012"
    "start": "13:00",  # L9 "kl. 13:00"
    "place": "Mødecenter C, Lokale 32 på Ballerup Rådhus",  # L10, without "i "
    "kind": "minutes",  # L7 "Referat"
    "municipality": "Ballerup",  # "Ballerup Rådhus"
    # L13-19 under "Tilstede", and the secretary (L23-24), who is present as well.
    "attendees": (
        "Lolan Ottesen",
        "Grethe Larsen",
        "Birte Kramhøft",
        "Doris Børger",
        "Karl Vilhelm Nielsen",
        "Maria Lundahl Assov",
        "Per Mortensen",
        "Mie Helene Andresen",
    ),
    "attendee_parties": ("A", "A", "F", "A", "V", "A", "A", None),
    "attendee_roles": ("formand", "næstformand", None, None, None, None, None, "sekretær"),
    "absent": (),  # L21 "Afbud/Fraværende" with nobody under it
    "attendance_recorded": True,
}

ITEMS: tuple[Item, ...] = (
    Item(
        1,
        "Meddelelser",  # L61-63
        "2011-29298",
        "2012-202935",
        "noted",
        "Taget til efterretning",  # L97
        attachments=(  # L75, L82, L88-89 (the last title wraps)
            ("2012-208960", "Hvordan udvikler vi det nære sundhedsvæsen sammen?"),
            ("2012-209266", "Forebyggelse af ulighed i sundhedsvæsenet"),
            (
                "2012-204248",
                "Redegørelse fra Træning og Aktivitet vedrørende Seniorrådets høringssvar",
            ),
        ),
    ),
    Item(
        2,
        "Bygningsvedligeholdelse 2013 - anlægsbevilling",  # L103, a page header before L111
        "2012-28504",
        "2012-203438",
        "approved",
        "Indstillingen godkendt",  # L188
        attachments=(("2012-200782", "Bygningsliste og prioriteringssystem"),),  # L172
        # L169-170 "deltager faglig koordinator Birgit Elleby Jørgensen fra Center for
        # Ejendomme under behandlingen af sagen"
        guests=("Birgit Elleby Jørgensen",),
    ),
    Item(
        3,
        "Kvalitetsstandarder for stof- og alkoholbehandling 2012-2013",  # L200
        "2012-31114",
        "2012-200701",
        "recommended",
        "Indstilles til godkendelse",  # L238, on the page after the Indstilling
        attachments=(("2012-209267", "Kvalitetsstandarder for stof- og alkoholmisbrug 2013"),),
        earlier=(("Kommunalbestyrelsen", "2012-01-30", 5),),  # L203
    ),
    Item(
        4,
        "Takstreduktion på aflastningstilbuddet Torvevej i Skovlunde i 2013",  # L244
        "2012-31673",
        "2012-204033",
        "approved",
        "Indstillingen godkendt",  # L315
        attachments=(("2012-204021", "Forslag til taksreduktioner aflastningstilbuddet Torvevej"),),
        earlier=(("Sundheds- og Forebyggelsesudvalget", "2012-05-30", 7),),  # L247
    ),
    Item(
        5,
        "KL's opfølgningsproces vedrørende det nære sundhedsvæsen",  # L327, straight quote
        "2011-29939",
        "2012-205876",
        "approved",
        "Indstillingen godkendt",  # L381
        attachments=(  # L370-371, a curly apostrophe in the first
            ("2012-202381", "KL’s proces vedrørende det nære sundhedsvæsen"),
            ("2012-205991", "Det nære sundhedsvæsen - KL"),
        ),
    ),
    Item(
        6,
        # L387-388, wrapped after "og"
        "Prioritering af midler til kronisk syge borgere og hverdagsrehabilitering for ældre",
        "2012-21786",
        "2012-196779",
        "approved",
        "Indstillingen godkendt",  # L484
        # L473 prints the number with an en dash: "2012–200292"
        attachments=(("2012-200292", "Prioritering af midler til kronikerindsats"),),
    ),
    Item(
        7,
        "Etablering af aktivitetscenter på Solvej 6 i Ballerup",  # L490
        "2012-28505",
        "2012-206289",
        "approved",
        # L537-540
        "Indstillingen godkendt med denne bemærkning: Gruppen af unge i Ballerup Kommune "
        "også får adgang til at bruge lokalerne på Solvej 6.",
        attachments=(("2012-196186", "Aktivitetscenter Solvej 6 - Projektbeskrivelse"),),
    ),
    Item(
        8,
        "Evaluering af rygestopkurser",  # L551
        "2010-3082",
        "2012-206127",
        "noted",
        "Taget til efterretning",  # L620
        # L609-610 "Bilag" / "Ingen": no attachments
    ),
)

#: The headings of an ordinary item, in order (item 2, L113-187).
ITEM_2_HEADINGS = [
    "Sammendrag",
    "Baggrund",
    "Sagsfremstilling",
    "Økonomiske konsekvenser og finansiering",
    "Bilag",
    "Beslutningen træffes af",
    "Indstilling",
    "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 2",
]

FMTS = pytest.mark.parametrize("fmt", ["txt", "pdf"])


# -- golden tests ---------------------------------------------------------------------------


@needs_corpus
@FMTS
def test_meeting(fmt: str) -> None:
    doc = load(fmt)
    meeting = doc.meeting
    assert {key: getattr(meeting, key) for key in MEETING} == MEETING
    assert meeting.key == "meeting:sundheds-og-forebyggelsesudvalget:2012-12-04"
    assert doc.format == ("pdf" if fmt == "pdf" else "text")
    assert doc.title == "Referat Sundheds- og Forebyggelsesudvalget 04.12.2012"


@needs_corpus
@FMTS
def test_every_item_is_found_in_order(fmt: str) -> None:
    # The table of contents (L34-42) lists 8 items; none is closed (nothing under L44).
    items = load(fmt).meeting.items
    assert [(i.number, i.title) for i in items] == [(i.number, i.title) for i in ITEMS]
    assert all(i.public is True for i in items)


@needs_corpus
@FMTS
@pytest.mark.parametrize("expected", ITEMS, ids=[f"item{i.number}" for i in ITEMS])
def test_item(fmt: str, expected: Item) -> None:
    got = item(load(fmt), expected.number)
    assert got.case_numbers == (expected.case,)
    assert got.document_numbers == (expected.document,)
    assert norm(got.decision) == expected.decision
    assert got.outcome == expected.outcome
    assert [(a.number, a.title) for a in got.attachments] == list(expected.attachments)
    assert [(e.forum, e.date, e.item_number) for e in got.earlier_decisions] == list(
        expected.earlier
    )
    assert got.participants == expected.guests
    # Every "Følgende deltog ikke i behandlingen af punktet:" (L99, L190, ...) is empty.
    assert got.absent_for_item == ()


@needs_corpus
@FMTS
def test_sections_of_an_ordinary_item(fmt: str) -> None:
    got = item(load(fmt), 2)
    assert [s.heading for s in got.sections] == ITEM_2_HEADINGS
    by_heading = {s.heading: norm(s.text) for s in got.sections}
    # L173-174: who decides; L175-185: the recommendation, "A)" joined with its text.
    assert by_heading["Beslutningen træffes af"] == "Sundheds- og Forebyggelsesudvalget"
    assert by_heading["Indstilling"].startswith(
        "Center for Ejendomme indstiller, at A) De foreslåede arbejder"
    )
    # L141-146 "Centralisering af ejendomsdriften" is a sub-heading in the text, not a section,
    # and the page break L147-153 leaves no header behind in the middle of the sentence.
    assert "Centralisering af ejendomsdriften Den forestående" in by_heading["Sagsfremstilling"]
    assert "af servicepersonalet i de respektive" in by_heading["Sagsfremstilling"]


@needs_corpus
@FMTS
def test_meddelelser_sub_points_keep_their_text_between_the_bilag(fmt: str) -> None:
    got = item(load(fmt), 1)
    text = norm(got.text)
    for sub_point in (
        "a. Møder og konferencer",
        "b. Konference den 23. januar 2012 - Hvordan udvikler vi det nære sundhedsvæsen sammen?",
        "c. Konference den 10. december 2012 - Forebyggelse af ulighed i sundhedsvæsenet",
        "d. Redegørelse fra Træning og Aktivitet vedrørende Seniorrådets høringssvar",
        "e. Sundheds- og Forebyggelsesudvalgets aktiviteter 2013 herunder konferencer",
    ):
        assert sub_point in text


@needs_corpus
@FMTS
def test_page_headers_do_not_leak(fmt: str) -> None:
    doc = load(fmt)
    for got in doc.meeting.items:
        for section in got.sections:
            for line in section.text.split("\n"):
                assert not line.startswith(("Side ", "Dato: ", "Åbent referat")), (got.number, line)
                assert line not in ("Referat", MEETING["forum"]) or section.heading.startswith(
                    "Beslutningen"
                ), (got.number, line)


# -- PDF and text -------------------------------------------------------------------------------


def _without_provenance(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: _without_provenance(value)
            for key, value in data.items()
            if key not in ("source", "path", "sha256", "first_line", "last_line", "format")
        }
    if isinstance(data, list):
        return [_without_provenance(value) for value in data]
    return data


#: Where pdftotext and pdfium lay the page out differently, so only the words agree:
#: item 6 has a two-column table (L436-467) that pdftotext prints column by column and pdfium
#: row by row; in item 8 (L576) pdftotext joins "6-" / "måneders" into "6måneders".
LAYOUT_DIFFERS = {(6, "Sagsfremstilling"), (8, "Sagsfremstilling")}


@needs_corpus
def test_pdftotext_and_pdfium_give_the_same_records() -> None:
    left = _without_provenance(to_dict(load("txt")))
    right = _without_provenance(to_dict(load("pdf")))
    for a, b in zip(left["meeting"]["items"], right["meeting"]["items"], strict=True):
        for s, t in zip(a["sections"], b["sections"], strict=True):
            assert s["heading"] == t["heading"], a["number"]
            if (a["number"], s["heading"]) in LAYOUT_DIFFERS:
                assert sorted(squash(s["text"])) == sorted(squash(t["text"])), a["number"]
                s["text"] = t["text"] = ""
        assert a == b, a["number"]
    assert left == right


# -- provenance -------------------------------------------------------------------------------


def _sources(doc: Document) -> list[tuple[str, Source, str]]:
    found: list[tuple[str, Source, str]] = [("meeting", doc.meeting.source, MEETING["forum"])]
    for got in doc.meeting.items:
        found.append(("item", got.source, f"{got.number}."))
        for section in got.sections:
            found.append(("section", section.source, section.heading[:12]))
        for attachment in got.attachments:
            assert attachment.source is not None and attachment.number is not None
            found.append(("attachment", attachment.source, attachment.number[:4]))
        for earlier in got.earlier_decisions:
            assert earlier.source is not None
            found.append(("earlier", earlier.source, earlier.forum[:10]))
    return found


@needs_corpus
@FMTS
def test_sources_point_at_real_lines(fmt: str) -> None:
    doc = load(fmt)
    lines = file_lines(fmt)
    for what, source, expected in _sources(doc):
        assert source.path == doc.path and source.sha256 == doc.sha256
        assert 1 <= source.first_line <= source.last_line <= len(lines), (what, source)
        first = lines[source.first_line - 1].replace("\f", "")
        assert first.strip(), (what, source)
        assert expected in first, (what, source, first)


@needs_corpus
def test_text_spans_read_off_the_file() -> None:
    doc = load("txt")
    assert (doc.meeting.source.first_line, doc.meeting.source.last_line) == (1, 24)
    first = item(doc, 1)
    assert (first.source.first_line, first.source.last_line) == (61, 99)  # "1." to L99
    attachment = first.attachments[2]
    assert attachment.source is not None
    assert (attachment.source.first_line, attachment.source.last_line) == (88, 89)
    earlier = item(doc, 3).earlier_decisions[0]
    assert earlier.source is not None and earlier.source.first_line == 203


# -- synthetic documents -------------------------------------------------------------------------

HEADER = "Udvalget\nReferat\n{public} referat\nDato: 05.03.2013\nSide {page}\n"


def page(number: int, public: str = "Åbent") -> str:
    return "\f" + HEADER.format(public=public, page=number)


FRONT = (
    HEADER.format(public="Åbent", page=1)
    + "Referat\nUdvalget\nonsdag den 5. marts 2013, kl. 16:30\ni Lokale 1 på Herlev Rådhus\n"
    "Tilstede\nAnne Hansen (C) - formand\nBo Berg\nAfbud/Fraværende\nCarl Dahl (V)\n"
)


def parse(text: str) -> Document:
    return parse_text(text, path="s.txt", sha256=SHA)


def test_synthetic_front_page_absence_and_town_hall() -> None:
    meeting = parse(FRONT + "1.\nTidsplan\nUdvalgets beslutning den 05.03.2013\nGodkendt.").meeting
    assert (meeting.forum, meeting.date, meeting.start, meeting.municipality) == (
        "Udvalget",
        "2013-03-05",
        "16:30",
        "Herlev",
    )
    assert meeting.attendees == ("Anne Hansen", "Bo Berg")
    assert meeting.attendee_parties == ("C", None)
    assert meeting.absent == ("Carl Dahl",)
    assert [(i.number, i.title, i.outcome) for i in meeting.items] == [(1, "Tidsplan", "approved")]


def test_synthetic_toc_closed_items_and_earlier_decisions() -> None:
    text = (
        FRONT
        + page(2)
        + "INDHOLDSFORTEGNELSE\nÅbent referat\n1. Budget\n2. Ældrepleje 2013\nLukket referat\n"
        "3. Køb af ejendom\n3\n3\n4\n"
        + page(3)
        + "1.\nBudget\nSagsnr.: 2013-1\nDok.nr.: 2013-2\nSammendrag\n"
        "3.\nEn nummereret liste i teksten er ikke et punkt\n"
        "Bilag\n2013-300001 - Budgetnotat\n"
        "Økonomiudvalgets beslutning den 26.02.2013 Punkt 4\nAnbefales.\n"
        "Udvalgets beslutning den 05.03.2013 Punkt 1\nIndstillingen godkendt\n"
        "Følgende deltog ikke i behandlingen af punktet:\nBo Berg (A)\n"
        + page(4)
        + "2.\nÆldrepleje 2013\nSagsnr.: 2013-5\n"
        "Udvalgets beslutning den 05.03.2013 Punkt 2\nUdsat.\n" + page(5, "Lukket")
    )
    items = parse(text).meeting.items
    assert [(i.number, i.title, i.public, i.outcome) for i in items] == [
        (1, "Budget", True, "approved"),
        (2, "Ældrepleje 2013", True, "postponed"),
        # Listed under "Lukket referat" but not printed in the public minutes: title only.
        (3, "Køb af ejendom", False, None),
    ]
    first = items[0]
    assert first.absent_for_item == ("Bo Berg",)
    assert [(a.number, a.title) for a in first.attachments] == [("2013-300001", "Budgetnotat")]
    assert [(e.forum, e.date, e.item_number, e.text) for e in first.earlier_decisions] == [
        ("Økonomiudvalget", "2013-02-26", 4, "Anbefales.")
    ]
    assert "En nummereret liste" in first.text


def test_synthetic_closed_page_without_toc() -> None:
    text = (
        FRONT
        + page(2, "Lukket")
        + "1. Salg af grund\nSagsnr.: 2013-9\nUdvalgets beslutning den 05.03.2013 Punkt 1\n"
        "Godkendt."
    )
    (only,) = parse(text).meeting.items
    assert (only.number, only.title, only.public, only.case_numbers) == (
        1,
        "Salg af grund",
        False,
        ("2013-9",),
    )


def test_front_page_without_a_date_is_an_unknown_layout() -> None:
    text = "Udvalget\nReferat\nÅbent referat\nDato: 31.02.2013\nSide 1\nReferat\nUdvalget\n"
    with pytest.raises(UnknownLayoutError, match=r"^s\.txt: no meeting date"):
        parse(text)


_WORDS = [
    "1.", "2.", "3. Punkt", "a.", "A)", "Bilag", "Ingen", "2013-1 - Notat", "2013–2 - Notat",
    "Sagsnr.: 2013-1", "Dok.nr.: 2013-2", "Sammendrag", "Indstilling", "Tilstede",
    "Afbud/Fraværende", "Sekretær", "INDHOLDSFORTEGNELSE", "Åbent referat", "Lukket referat",
    "Udvalgets beslutning den 05.03.2013 Punkt 1", "Udvalgets beslutning den 31.02.2013",
    "Udvalget den 30. januar 2012 Punkt 5", "Følgende deltog ikke i behandlingen af punktet:",
    "Anne Hansen (C) - formand", "(", ")", "-", "\f", "Side 2", "Dato: 05.03.2013", "Udvalget",
    "Referat", "deltager Bo Berg under behandlingen",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=30)), max_size=60))
def test_arbitrary_body_under_an_edoc_header_never_crashes(parts: list[str]) -> None:
    text = HEADER.format(public="Åbent", page=1) + "\n".join(parts)
    try:
        doc = parse(text)
    except UnknownLayoutError:
        return
    lines = text.split("\n")
    for got in doc.meeting.items:
        for source in [got.source, *(s.source for s in got.sections)]:
            assert 1 <= source.first_line <= source.last_line <= len(lines)
    numbers = [i.number for i in doc.meeting.items]
    assert numbers == sorted(set(numbers))
    dataclasses.replace(doc)
