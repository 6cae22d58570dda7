"""Golden expectations for Greve Byråd 01-10-2025, a FirstAgenda Publication JSON file.

Every value here was written by hand from reading ``Greve_Byraadet_2025-10-01.json`` (``Lnnn``
= its 1-based line number; the item HTML was read decoded), never copied from the program's
output.

What this layout tests that the text layouts do not: structured fields (``Punktnummer``,
``Navn`` with a ``Lukket: `` prefix, ``SagsNummer``, ``Bilag``), the decision and the case
presentation as HTML (``<h3>Beslutning</h3>`` first, ``<h4>`` or bold-paragraph section
headings, ``<h4>`` used for whole paragraphs in item 10), ``Afbud:``/``Fraværende:`` inside
each decision, a per-item absence in ``ExternalAgendaItemAttendees`` (items 1 and 2),
``Sagens forløb`` entries ``dd/mm/yyyy Forum`` with their own ``Afbud:``, and a document
titled ``Dagsorden`` although it records the decisions.

Outcomes: ``Byrådet godkendte ... indstilling`` / ``Godkendt.`` -> approved; ``Orienteringen
blev taget til efterretning.`` -> noted; ``Byrådet sendte sagen til realitetsbehandling i
<udvalg>`` -> referred; item 5 (questions answered) and item 22 (no decision text) -> None.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import InputError, UnknownLayoutError
from core.records import AgendaItem, Document
from extract.layout_firstagenda_json import html_lines, parse_json
from extract.parse import parse_text
from extract.paths import iter_paths
from extract.read import SUFFIXES, read_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
GREVE = CORPUS / "Greve_Byraadet_2025-10-01.json"
SHA = "0" * 64

#: JSON texts that are (nearly) meetings, for the file-level property test.
JSON_TEXT = st.sampled_from(
    [
        b'{"Moede": {"Dato": "2025-10-01"}, "Udvalg": {"Navn": "U"}, "Dagsordenpunkter": []}',
        b'{"Moede": {"Dato": "2025-10-01"}, "Dagsordenpunkter": [{"Navn": 1}]}',
        b'{"Moede": [], "Dagsordenpunkter": {}}',
        b"\xef\xbb\xbf{}",
    ]
)

needs_corpus = pytest.mark.skipif(
    not GREVE.is_file(),
    reason=f"Greve minutes not found in {CORPUS} (needs ../shared/corpus beside the checkout)",
)


@cache
def load() -> Document:
    from casegraph.pipeline import load_document

    return load_document(GREVE)


@cache
def file_lines() -> list[str]:
    return GREVE.read_text(encoding="utf-8").split("\n")


@cache
def raw_items() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(GREVE.read_text(encoding="utf-8"))["Dagsordenpunkter"]
    return items


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def item(number: int) -> AgendaItem:
    return next(i for i in load().meeting.items if i.number == number)


# -- expectations -----------------------------------------------------------------------

CL = "Charlotte Levin"  # "Afbud: Charlotte Levin" in every decision; ParticipationCancelled

MEETING: dict[str, Any] = {
    "forum": "Byråd",  # Udvalg.Navn "Byråd 2022-2025"
    "term": "2022-2025",
    "date": "2025-10-01",  # Moede.Dato "2025-10-01T17:30:00+02:00"
    "start": "17:30",
    "place": "Byrådssalen",  # Moede.Sted
    "kind": "minutes",  # Moede.Navn says "Dagsorden", but the items carry decisions
    "municipality": "Greve",  # "Greve Kommune" throughout the item text
    # Moede.Moededeltagere: 21 names, Charlotte Levin with ParticipationCancelled true.
    "attendees": (
        "Maria Witthøft",
        "John T. Olsen",
        "Claus Dyremose",
        "Bjarke Abel",
        "Tina Rottbøll",
        "Linda Heegaard",
        "Per Lund Sørensen",
        "Claus Jensen",
        "Liselott Blixt",
        "Kenneth Jerkel",
        "Marc Genning",
        "Pernille Beckmann",
        "Hans-Jørgen Kirstein",
        "Conni Bergendorff",
        "Brigitte Klintskov Jerkel",
        "Simon Østergaard",
        "Lone Mortensen",
        "Ronni Mark Nielsen",
        "Mehmet Zeki Dogru",
        "Anne Marie Lyduch",
    ),
    "absent": (CL,),
    "attendance_recorded": True,
}


@dataclass(frozen=True)
class Item:
    number: int
    title: str
    case: str | None
    outcome: str | None
    decision_start: str | None
    public: bool = True
    attachments: int = 0
    earlier: tuple[tuple[str, str], ...] = ()  # (forum, date) of the Sagens forløb entries
    absent: tuple[str, ...] = (CL,)


KTM = "Klima-, Teknik- og Miljøudvalget"
OEU = ("Økonomiudvalget", "2025-09-24")
APPROVED = "Byrådet godkendte Økonomiudvalgets indstilling"
NOTED = "Orienteringen blev taget til efterretning."

ITEMS: tuple[Item, ...] = (
    # "Afbud: Charlotte Levin<br>Fraværende: Mehmet Zeki Dogru" and an
    # ExternalAgendaItemAttendee "Mehmet Zeki Dogru", AttendanceType 2, Reason "Fraværende".
    Item(
        1,
        "Godkendelse af dagsorden",
        None,
        "approved",
        "Godkendt.",
        absent=(CL, "Mehmet Zeki Dogru"),
    ),
    # "Lukket: Orientering": no headings, the whole HTML is the decision.
    Item(2, "Orientering", None, "noted", NOTED, public=False, absent=(CL, "Mehmet Zeki Dogru")),
    Item(3, "Orientering fra administrationen", None, "noted", NOTED, attachments=1),
    Item(
        4,
        "Karlslunde Center, lejeaftale for pendlerparkering",  # "Lukket: " prefix
        "25-009112",
        "approved",
        "Byrådet godkendte Økonomiudvalgets indstilling.",  # written with &aring; &Oslash;
        public=False,
    ),
    Item(5, "Spørgetid - start klokken 19.00", None, None, "Spørgsmål blev besvaret på mødet"),
    Item(6, "Borgmesteren orienterer", None, "noted", NOTED),
    Item(
        7,
        "Initiativretsforslag fra (UP1) vedr. skiltning og ordensreglement ved Mosede Fort",
        "25-011378",
        "referred",
        "Byrådet sendte sagen til realitetsbehandling i Klima-, Teknik- og Miljøudvalget",
        attachments=1,
    ),
    Item(
        8,
        "Initiativretsforslag fra (A) vedr. to voksne i indskolingen i dansk og matematik",
        "25-011442",
        "referred",
        "Byrådet sendte sagen til realitetsbehandling i Skole-, Børne- og Ungeudvalget",
        attachments=1,
    ),
    Item(
        9,
        "Budget 2026-29 - 2. behandling",
        "25-007456",
        "approved",
        "Byrådet godkendte Økonomiudvalgets indstilling med bemærkning om, at Byrådet "
        "godkendte Statsgaranti.",
        attachments=8,
        earlier=(OEU,),
    ),
    Item(
        10,
        "Reform - ændring styrelsesvedtægt - 2. behandling",
        "25-007028",
        "approved",
        "Byrådet godkendte administrationens indstilling.",
        attachments=3,
    ),
    Item(
        11,
        "Strandparken I/S årsregnskab 2024",
        "25-008334",
        "approved",
        APPROVED,
        attachments=1,
        earlier=(OEU,),
    ),
    Item(
        12,
        "Strandparken I/S budget 2026",
        "25-008335",
        "approved",
        APPROVED,
        attachments=1,
        earlier=(OEU,),
    ),
    # Items 13-15 share one case number.
    Item(
        13,
        "Anlægsregnskab 2024 - Udskiftning af netværksudstyr",
        "25-008906",
        "approved",
        APPROVED,
        attachments=1,
        earlier=(OEU,),
    ),
    Item(
        14,
        "Anlægsregnskab 2024 - IT-hardware på skolerne",
        "25-008906",
        "approved",
        APPROVED,
        attachments=1,
        earlier=(("Skole-, Børne- og Ungeudvalget", "2025-09-09"), OEU),
    ),
    Item(
        15,
        "Anlægsregnskaber 2024",
        "25-008906",
        "approved",
        APPROVED,
        attachments=6,
        earlier=((KTM, "2025-09-04"), OEU),
    ),
    Item(
        16,
        "Bustrafikbestilling 2026 til Movia",
        "25-008517",
        "approved",
        APPROVED,
        earlier=((KTM, "2025-09-04"), OEU),
    ),
    Item(
        17,
        "Puljemidler til IPS og Flere unge skal med 2025",
        "25-007892",
        "approved",
        APPROVED,  # no full stop in the source
        earlier=(("Beskæftigelses- og Erhvervsudvalget", "2025-09-08"), OEU),
    ),
    Item(
        18,
        "Skoleudvikling 2025/2026",
        "24-007653",
        "approved",
        APPROVED,
        earlier=(("Skole-, Børne- og Ungeudvalget", "2025-09-09"), OEU),
    ),
    Item(
        19,
        "Samarbejds- og driftsaftale FrivilligCenter Greve 2026-28",
        "25-009170",
        "approved",
        "Byrådet godkendte Økonomiudvalgets indstilling, med bemærkning om",
        attachments=3,
        earlier=(("Kultur- og Fritidsudvalget", "2025-09-10"), OEU),
    ),
    Item(
        20,
        "Samarbejdsplan 2025/2026",
        "24-013678",
        "approved",
        APPROVED,
        attachments=1,
        earlier=(("Plan- og Tryghedsudvalget", "2025-09-09"), OEU),
    ),
    Item(
        21,
        "Anlægsprojekter 2025 - status",
        "24-003392",
        "approved",
        APPROVED,
        attachments=2,
        earlier=((KTM, "2025-09-04"), OEU),
    ),
    # "<span> <br><br>Afbud: Charlotte Levin</span>": a decision heading with no decision.
    Item(22, "Underskriftsark", None, None, None),
)


# -- golden tests ---------------------------------------------------------------------------


@needs_corpus
def test_meeting() -> None:
    doc = load()
    meeting = doc.meeting
    assert {key: getattr(meeting, key) for key in MEETING} == MEETING
    assert meeting.key == "meeting:byraad:2025-10-01"
    assert doc.format == "json"
    assert doc.title == "Dagsorden Byråd 2022-2025 01-10-2025"


@needs_corpus
def test_every_item_in_order() -> None:
    items = load().meeting.items
    assert [(i.number, i.title, i.public) for i in items] == [
        (i.number, i.title, i.public) for i in ITEMS
    ]


@needs_corpus
@pytest.mark.parametrize("expected", ITEMS, ids=[f"item{i.number}" for i in ITEMS])
def test_item(expected: Item) -> None:
    got = item(expected.number)
    assert got.case_numbers == ((expected.case,) if expected.case else ())
    assert got.outcome == expected.outcome
    if expected.decision_start is None:
        assert got.decision is None
    else:
        assert norm(got.decision).startswith(expected.decision_start)
        # The absence lines are taken out of the decision.
        assert "Afbud" not in (got.decision or "") and "Fraværende" not in (got.decision or "")
    assert len(got.attachments) == expected.attachments
    assert [(e.forum, e.date) for e in got.earlier_decisions] == list(expected.earlier)
    assert got.absent_for_item == expected.absent


@needs_corpus
def test_decision_keeps_its_votes_and_list() -> None:
    # Item 9: votes after the decision sentence; item 16: "Undlod: F" outside any <p>.
    assert "Imod stemte: Ø, da Ø har eget budget" in norm(item(9).decision)
    assert norm(item(16).decision).endswith("tidligere plan. Undlod: F")
    # Item 3: a <ul> inside the decision.
    assert item(3).decision == (
        "Orienteringen blev taget til efterretning.\n"
        "- Status på ukrainske flygtningeboliger.\n"
        "- Filtre på kommunens netværk. Bilag vedlagt."
    )


@needs_corpus
def test_sections() -> None:
    # Item 7 sets its headings as bold paragraphs, item 9 as <h4>; both give the same kind of
    # sections. Item 9's bold "Proces/afstemning om budgettet" is a sub-heading of the text.
    assert [s.heading for s in item(7).sections] == [
        "Beslutning",
        "Sagsprocedure",
        "Resume",
        "Indstilling",
        "Sagsbeskrivelse",
        "Lovgrundlag",
        "Økonomiske konsekvenser",
        "Høring",
    ]
    nine = {s.heading: s.text for s in item(9).sections}
    assert list(nine) == [
        "Beslutning",
        "Sagsprocedure",
        "Resume",
        "Indstilling",
        "Sagsbeskrivelse",
        "Lovgrundlag",
        "Økonomiske konsekvenser",  # "<h4>Økonomiske\nkonsekvenser</h4>"
        "Øvrige konsekvenser",
        "Kommunikation",
        "Tidsplan",
        "Høring",
        "Sagens forløb",
    ]
    assert "Proces/afstemning om budgettet" in nine["Sagsbeskrivelse"].split("\n")
    assert nine["Indstilling"].split("\n")[1].startswith("1. at teknisk budgetforslag 2026-29")
    # Item 10 puts whole paragraphs in <h4>: they are text of "Sagsbeskrivelse", not headings.
    ten = {s.heading: s.text for s in item(10).sections}
    assert "Byrådet har på et møde den 8. september 2025 (pkt. 31)" in ten["Sagsbeskrivelse"]
    assert "Sagen har ikke økonomiske konsekvenser" in ten["Økonomiske konsekvenser"]


@needs_corpus
def test_sagens_forloeb() -> None:
    (kfu, oeu) = item(19).earlier_decisions
    assert (kfu.forum, kfu.date, kfu.text, kfu.absent) == (
        "Kultur- og Fritidsudvalget",
        "2025-09-10",
        "Anbefales.",
        ("Per Lund Sørensen",),  # "<br>Afbud: Per Lund Sørensen"
    )
    assert oeu.text == (
        "Økonomiudvalget anbefaler overfor Byrådet, at Kultur- og Fritidsudvalgets "
        "indstilling godkendes."
    )
    assert item(20).earlier_decisions[0].absent == ("Conni Bergendorff", "Per Lund Sørensen")
    assert item(21).earlier_decisions[0].text == NOTED


@needs_corpus
def test_attachments_as_printed() -> None:
    assert [a.title for a in item(15).attachments] == [
        "Bilag 1a. Projekt 408 Besparelse på udgifter til el - ved udskift til LED",
        "Bilag 1b. Projekt 409 Besparelse på udgifter til el, ventilation, varmegenvinding",
        "Bilag 1c) Projekt 492 Fortov Karlslunde Parkvej",
        "Bilag 1d) Projekt 568 Asfalt 2024",
        "Bilag 2. Ny udgave af bilag 1c - Projekt 492 Fortov Karlslunde Parkvej",
        "Bilag 3. Ny udgave af bilag 1d - Projekt 568 Asfalt 2024",
    ]
    assert all(a.number is None for i in load().meeting.items for a in i.attachments)


# -- provenance -------------------------------------------------------------------------------


@needs_corpus
def test_item_spans_are_the_item_objects() -> None:
    lines = file_lines()
    for got, raw in zip(load().meeting.items, raw_items(), strict=True):
        span = lines[got.source.first_line - 1 : got.source.last_line]
        assert span[0].strip() == "{" and span[-1].strip() in ("}", "},"), got.number
        assert f'"Id": "{raw["Id"]}"' in "\n".join(span), got.number
        for section in got.sections:
            assert section.source.first_line == section.source.last_line
            assert '"Html": ' in lines[section.source.first_line - 1], got.number
        for attachment, bilag in zip(got.attachments, raw["Bilag"], strict=True):
            assert attachment.source is not None
            text = "\n".join(lines[attachment.source.first_line - 1 : attachment.source.last_line])
            assert f'"Navn": "{bilag["Navn"]}"' in text
    # Item 1 is L3-43; the meeting is the "Moede" object, L944-1084.
    assert (item(1).source.first_line, item(1).source.last_line) == (3, 43)
    meeting = load().meeting.source
    assert (meeting.first_line, meeting.last_line) == (944, 1084)


def test_without_the_text_every_span_is_line_one() -> None:
    data = {
        "Udvalg": {"Navn": "Økonomiudvalget"},
        "Moede": {"Dato": "2025-09-24T16:00:00+02:00"},
        "Dagsordenpunkter": [{"Punktnummer": 1, "Navn": "A", "Bilag": [{"Navn": "Bilag 1"}]}],
    }
    doc = parse_json(data, path="g.json", sha256=SHA)
    (only,) = doc.meeting.items
    assert (only.source.first_line, only.source.last_line) == (1, 1)
    assert only.attachments[0].source is not None
    assert only.attachments[0].source.last_line == 1
    # No decision anywhere: the document is an agenda.
    assert doc.meeting.kind == "agenda" and only.outcome is None


def test_spans_fall_back_to_the_whole_file_when_not_found() -> None:
    data: dict[str, Any] = {
        "Moede": {"Dato": "2025-09-24"},
        "Udvalg": {"Navn": "U"},
        "Dagsordenpunkter": [],
    }
    text = json.dumps(data, indent=2)
    # The text given does not hold the items that are parsed: nothing can be located.
    data["Dagsordenpunkter"] = [{"Punktnummer": "1", "Navn": "A"}]
    doc = parse_json(data, path="g.json", sha256=SHA, text=text)
    whole = (1, len(text.split("\n")))
    assert (doc.meeting.items[0].source.first_line, doc.meeting.items[0].source.last_line) == whole


# -- reading .json files -----------------------------------------------------------------------


def test_json_is_a_supported_suffix(tmp_path: Path) -> None:
    assert ".json" in SUFFIXES
    (tmp_path / "m.json").write_text("{}", encoding="utf-8")
    (tmp_path / "m.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in iter_paths([tmp_path])] == ["m.json", "m.txt"]


def test_invalid_json_names_the_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    # The second comma on line 3 is in column 26.
    path.write_text('{\n  "Moede": {\n    "Dato": "2025-10-01",,\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.json: is not valid JSON: .* line 3, column 26"):
        read_document(path)


def test_truncated_json_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    if GREVE.is_file():
        path.write_bytes(GREVE.read_bytes()[:50_000])
    else:
        path.write_text('{"Moede": {"Dato": "2025-', encoding="utf-8")
    with pytest.raises(InputError, match=r"cut\.json: is not valid JSON: .*download is complete"):
        read_document(path)


@pytest.mark.parametrize(
    "content",
    ['{"name": "casegraph", "version": "1.0"}', "[1, 2, 3]", '"Dagsorden"', "null"],
)
def test_json_that_is_not_a_meeting_is_an_unknown_layout(tmp_path: Path, content: str) -> None:
    from casegraph.pipeline import load_document

    path = tmp_path / "package.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnknownLayoutError, match=r"package\.json: the JSON is not a FirstAgenda"):
        load_document(path)


@pytest.mark.parametrize(
    ("moede", "udvalg", "match"),
    [
        ({"Dato": "2025-02-31T10:00:00"}, {"Navn": "Byråd"}, "no valid date"),
        ({}, {"Navn": "Byråd"}, "no valid date"),
        ({"Dato": "2025-10-01"}, {}, "no forum"),
    ],
)
def test_meeting_without_date_or_forum(moede: Any, udvalg: Any, match: str) -> None:
    data = {"Moede": moede, "Udvalg": udvalg, "Dagsordenpunkter": []}
    with pytest.raises(UnknownLayoutError, match=match):
        parse_json(data, path="x.json", sha256=SHA)


def test_json_with_a_byte_order_mark(tmp_path: Path) -> None:
    data = {
        "Moede": {"Dato": "2025-10-01T17:30:00"},
        "Udvalg": {"Navn": "Byråd 2022-2025"},
        "Dagsordenpunkter": [],
    }
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode())
    raw = read_document(path)
    doc = parse_text(raw.text, path=raw.path, sha256=raw.sha256, fmt=raw.format)
    assert (doc.meeting.forum, doc.meeting.date, doc.meeting.start) == (
        "Byråd",
        "2025-10-01",
        "17:30",
    )


@pytest.mark.parametrize("content", ["[" * 100_000 + "]" * 100_000, "1" * 5000])
def test_json_python_cannot_read_is_an_input_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "deep.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"deep\.json: cannot be read as JSON"):
        read_document(path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000) | JSON_TEXT)
def test_arbitrary_json_files_raise_only_input_errors(data: bytes) -> None:
    from casegraph.pipeline import load_document

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "m.json"
        path.write_bytes(data)
        try:
            doc = load_document(path)
        except InputError:
            return
        assert doc.format == "json"


# -- HTML -------------------------------------------------------------------------------------


def test_html_lines_keep_structure_and_drop_markup() -> None:
    html = (
        "<div>Byr&aring;det <b>godkendte</b><p>Afbud: A B<br/>Fraværende: C D</p>"
        "<table><tr><th>Nr.</th><th>Projekt</th></tr><tr><td>541</td><td>Net</td></tr></table>"
        "<ul><li>et<li>to</ul><style>p {}</style><script>alert(1)</script>"
        "<p>ufærdig <i>kursiv"
    )
    assert [line.text for line in html_lines(html)] == [
        "Byrådet godkendte",
        "Afbud: A B",
        "Fraværende: C D",
        "Nr. | Projekt",
        "541 | Net",
        "- et",
        "- to",
        "ufærdig kursiv",
    ]


def test_html_bold_and_underline_lines() -> None:
    lines = html_lines("<p><strong><span>Resume</span></strong></p><u>24/09/2025 ØU</u><br>x")
    assert [(line.text, line.bold, line.underline) for line in lines] == [
        ("Resume", True, False),
        ("24/09/2025 ØU", False, True),
        ("x", False, False),
    ]


# -- robustness ---------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["Navn", "Html", "Punktnummer", "Bilag", "Felter", "Name", "Reason", "x"]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)
HTML_BITS = st.lists(
    st.sampled_from(
        ["<h3>Beslutning</h3>", "<h3>Sagens forløb</h3>", "<h4>Resume</h4>", "<u>01/02/2025 ØU</u>",
         "<p>", "</p>", "<br>", "Afbud: A B", "Godkendt.", "<ol><li>", "</ol>", "&aring;", "<b>",
         "Lukket: ", "<table><tr><td>", "</span>", "x"]
    ),
    max_size=20,
).map("".join)  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.lists(JSON_VALUES | st.fixed_dictionaries({}, optional={
    "Punktnummer": st.text(max_size=3) | st.integers(),
    "Navn": st.text(max_size=10) | HTML_BITS,
    "Felter": st.lists(st.fixed_dictionaries({"Html": HTML_BITS}) | JSON_VALUES, max_size=2),
    "Bilag": st.lists(JSON_VALUES, max_size=2),
    "ExternalAgendaItemAttendees": st.lists(JSON_VALUES, max_size=2),
}), max_size=4), people=JSON_VALUES)  # fmt: skip
def test_arbitrary_items_never_crash(items: list[Any], people: Any) -> None:
    data = {
        "Udvalg": {"Navn": "Byråd 2022-2025"},
        "Moede": {"Dato": "2025-10-01T17:30:00+02:00", "Moededeltagere": people},
        "Dagsordenpunkter": items,
    }
    text = json.dumps(data, indent=2)
    doc = parse_text(text, path="h.json", sha256=SHA, fmt="json")
    numbers = [i.number for i in doc.meeting.items]
    assert numbers == sorted(set(numbers))
    lines = len(text.split("\n"))
    for got in doc.meeting.items:
        assert 1 <= got.source.first_line <= got.source.last_line <= lines
    dataclasses.replace(doc)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=JSON_VALUES)
def test_arbitrary_json_is_a_document_or_an_unknown_layout(data: Any) -> None:
    with contextlib.suppress(UnknownLayoutError):
        parse_text(json.dumps(data), path="h.json", sha256=SHA, fmt="json")


def test_sagens_forloeb_with_dashed_dates() -> None:
    """Greve's minutes before 2024 print the entries ``dd-mm-yyyy Forum`` (Byråd 07-11-2022
    item 13); they are earlier decisions as much as the later ``dd/mm/yyyy`` ones."""
    html = (
        "<h3>Beslutning</h3><p>Byrådet godkendte Økonomiudvalgets indstilling.</p>"
        "<h3>Sagens forløb</h3><span class='sagsforloeb'>"
        "<u>11-10-2022 Plan- og Tryghedsudvalget</u><br> <div>Godkendt.</div><br>"
        "<u>24-10-2022 Økonomiudvalget</u><br> <div>Økonomiudvalget anbefaler overfor "
        "Byrådet at Plan- og Tryghedsudvalgets indstilling godkendes. </div><br></span>"
    )
    data = {
        "Udvalg": {"Navn": "Byråd 2022-2025"},
        "Moede": {"Dato": "2022-11-07T19:00:00+01:00"},
        "Dagsordenpunkter": [
            {"Punktnummer": "13", "Navn": "Lokalplan", "Felter": [{"Html": html}]}
        ],
    }
    (got,) = parse_json(data, path="g.json", sha256=SHA).meeting.items
    assert [(e.forum, e.date, e.text) for e in got.earlier_decisions] == [
        ("Plan- og Tryghedsudvalget", "2022-10-11", "Godkendt."),
        (
            "Økonomiudvalget",
            "2022-10-24",
            "Økonomiudvalget anbefaler overfor Byrådet at Plan- og Tryghedsudvalgets "
            "indstilling godkendes.",
        ),
    ]
