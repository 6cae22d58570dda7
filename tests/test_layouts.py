"""Golden tests per convention: invented minutes in each layout convention learnt from published
minutes (``tests/fixtures/layouts``), each beside a hand-written expectation
(``<name>.expected.json``, written by reading the fixture: forum, date, time, place, kind,
attendance, and per item the number, title, public, case and document numbers, decision,
outcome, earlier decisions, attachments and absences). Keys not in an expectation are not
checked; ``decision_starts`` checks the start of a longer decision.

Also: the layout contract (every layout registered once, scored per format), the errors for a
header without items and items without a header, and the reader and confidence a meeting
records.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import NoItemsError, UnknownLayoutError
from core.records import AgendaItem, Document
from extract.layouts import general
from extract.layouts.draft import assemble
from extract.layouts.registry import LAYOUTS, Input, choose
from extract.parse import parse_checked, parse_text
from extract.segment import logical_lines

FIXTURES = Path(__file__).parent / "fixtures" / "layouts"
SHA = "0" * 64
FORMATS = {".txt": "text", ".md": "markdown", ".html": "html", ".xml": "xml"}
NAMES = sorted(p.name for p in FIXTURES.iterdir() if p.suffix in FORMATS)


def _read(name: str, *, checked: bool = True) -> Document:
    path = FIXTURES / name
    text = path.read_text(encoding="utf-8")
    parse = parse_checked if checked else parse_text
    return parse(text, path=name, sha256=SHA, fmt=FORMATS[path.suffix])


def _expected(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).with_suffix(".expected.json").read_text(encoding="utf-8"))


def _item_value(item: AgendaItem, key: str, expected: Any) -> Any:
    if key == "decision_starts":
        return (item.decision or "")[: len(expected)]
    if key == "earlier":
        return [[e.forum, e.date] for e in item.earlier_decisions]
    if key == "attachments":
        return [{"title": a.title, "number": a.number} for a in item.attachments]
    value = getattr(item, key)
    return list(value) if isinstance(value, tuple) else value


def test_there_are_at_least_twelve_conventions() -> None:
    assert len(NAMES) >= 12
    assert all((FIXTURES / n).with_suffix(".expected.json").is_file() for n in NAMES)


MEETING_KEYS = (
    "forum", "date", "start", "place", "kind", "municipality", "attendees", "absent",
    "attendee_parties",
)  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_meeting_fields(name: str) -> None:
    meeting = _read(name).meeting
    expected = _expected(name)
    for key in MEETING_KEYS:
        if key in expected:
            value = getattr(meeting, key)
            assert (list(value) if isinstance(value, tuple) else value) == expected[key], key


@pytest.mark.parametrize("name", NAMES)
def test_items(name: str) -> None:
    items = _read(name).meeting.items
    expected = _expected(name)["items"]
    assert [i.number for i in items] == [e["number"] for e in expected]
    for item, exp in zip(items, expected, strict=True):
        for key, value in exp.items():
            assert _item_value(item, key, value) == value, (item.number, key)


@pytest.mark.parametrize("name", NAMES)
def test_reader_and_confidence_are_recorded(name: str) -> None:
    meeting = _read(name).meeting
    assert meeting.reader in {layout.name for layout in LAYOUTS}
    assert meeting.confidence is not None and 0.5 <= meeting.confidence <= 1.0


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("acadre_title_line.txt", "firstagenda"),
        ("dash_title_kompetence.txt", "general"),
        ("labelled_sag_dok.html", "general-web"),
        ("edoc_agenda_publishing.xml", "edoc-xml"),
    ],
)
def test_the_best_layout_reads_each_format(name: str, reader: str) -> None:
    assert _read(name).meeting.reader == reader


def test_the_general_reader_also_reads_the_title_line_layout() -> None:
    """The FirstAgenda layout is a special case: the general reader finds the same items."""
    text = (FIXTURES / "acadre_title_line.txt").read_text(encoding="utf-8")
    special = _read("acadre_title_line.txt").meeting
    draft = general.read_lines(logical_lines(text), path="a.txt", sha256=SHA, text=text)
    found = assemble(draft).meeting
    assert (found.forum, found.date, found.start, found.place) == (
        special.forum, special.date, special.start, special.place,
    )  # fmt: skip
    assert [(i.number, i.title, i.case_numbers, i.decision) for i in found.items] == [
        (i.number, i.title, i.case_numbers, i.decision) for i in special.items
    ]


# -- the contract ---------------------------------------------------------------------------


def test_every_layout_is_registered_once_with_a_format() -> None:
    names = [layout.name for layout in LAYOUTS]
    assert len(names) == len(set(names))
    assert all(layout.formats for layout in LAYOUTS)
    formats = set().union(*(layout.formats for layout in LAYOUTS))
    assert formats == {"text", "markdown", "pdf", "json", "html", "xml"}


def test_a_format_no_layout_reads_is_refused() -> None:
    with pytest.raises(UnknownLayoutError, match="no layout reads docx files"):
        choose(Input("x", "a.docx", SHA, "docx"))


# -- no silent failure ----------------------------------------------------------------------


def test_a_header_without_items_fails_the_file() -> None:
    with pytest.raises(
        NoItemsError,
        match=r"^errors/header_without_items\.txt: found the forum and date "
        r"\(Plan- og Boligudvalget, 2021-03-09\) but no agenda items\. .*'Punkt 4:'",
    ):
        _read("errors/header_without_items.txt")


def test_items_without_a_header_fail_the_file() -> None:
    with pytest.raises(
        UnknownLayoutError,
        match=r"^errors/items_without_header\.txt: no meeting header \(forum and date\) found, "
        r"though 3 numbered agenda items were \(item 1: Godkendelse af dagsorden\)",
    ):
        _read("errors/items_without_header.txt")


def test_a_title_line_header_without_items_fails_at_ingest_only() -> None:
    """``parse_text`` stays lenient for the signature layouts; ingest's ``parse_checked``
    does not store an empty meeting."""
    text = "REFERAT Direktionen d. 07-01-2021\nMødet blev aflyst."
    assert parse_text(text, path="d.txt", sha256=SHA).meeting.items == ()
    with pytest.raises(NoItemsError, match=r"^d\.txt: found the forum and date"):
        parse_checked(text, path="d.txt", sha256=SHA)


def test_not_well_formed_xml_names_the_file() -> None:
    with pytest.raises(UnknownLayoutError, match=r"^m\.xml: the XML is not well-formed"):
        parse_text("<Meeting><Committee>", path="m.xml", sha256=SHA, fmt="xml")


def test_xml_that_is_no_meeting_is_refused() -> None:
    with pytest.raises(UnknownLayoutError, match=r"^m\.xml: the XML is not an eDoc meeting"):
        parse_text("<rss><channel/></rss>", path="m.xml", sha256=SHA, fmt="xml")


def test_a_page_without_a_meeting_is_refused() -> None:
    page = "<html><body><h1>Velkommen</h1><p>Her finder du kommunens nyheder.</p></body></html>"
    with pytest.raises(UnknownLayoutError, match=r"^p\.html: no meeting header"):
        parse_text(page, path="p.html", sha256=SHA, fmt="html")


def test_ambiguous_structure_gives_a_lower_confidence() -> None:
    """Items that skip numbers and have no body signals read with less confidence than the
    same items with decisions."""
    head = "Byrådet\nReferat\nMandag den 23. marts 2015\n\n"
    clear = head + "1. Budget\nBeslutning\nGodkendt.\n\n2. Salg\nBeslutning\nGodkendt.\n"
    vague = head + "1 Budget\nGodkendt.\n\n7 Salg\nGodkendt.\n"
    strong = parse_text(clear, path="a.txt", sha256=SHA).meeting.confidence
    weak = parse_text(vague, path="b.txt", sha256=SHA).meeting.confidence
    assert strong is not None and weak is not None and weak < strong


# -- the known text layouts as special cases of the general reader ---------------------------

SEEDS = sorted((Path(__file__).resolve().parents[1] / "examples" / "nordfyns").glob("*.txt"))
AARHUS_TXT = (
    Path(__file__).resolve().parents[1].parent / "shared/corpus/Aarhus_Byraadet_2025-08-27.txt"
)
MEETING_FIELDS = ("forum", "term", "date", "start", "place", "kind", "attendees", "absent",
                  "attendance_recorded", "municipality")  # fmt: skip
ITEM_FIELDS = (
    "number", "title", "public", "case_numbers", "document_numbers", "decision", "outcome",
    "earlier_decisions", "attachments", "participants", "absent_for_item",
)  # fmt: skip


@pytest.mark.parametrize("path", [*SEEDS, AARHUS_TXT], ids=lambda p: p.name[:12])
def test_the_general_reader_reads_the_firstagenda_documents_the_same(path: Path) -> None:
    """Without the title-line signature, the general reader finds the same meeting: the
    FirstAgenda layout is a special case (its confidence is certain) of reading by structure."""
    if not path.is_file():
        pytest.skip(f"{path} is not beside the checkout")
    text = path.read_text(encoding="utf-8")
    special = parse_text(text, path=path.name, sha256=SHA).meeting
    draft = general.read_lines(logical_lines(text), path=path.name, sha256=SHA, text=text)
    found = assemble(draft).meeting
    assert special.reader == "firstagenda" and found.reader == "general"
    for key in MEETING_FIELDS:
        assert getattr(found, key) == getattr(special, key), key
    assert len(found.items) == len(special.items)
    for mine, theirs in zip(found.items, special.items, strict=True):
        for key in ITEM_FIELDS:
            assert getattr(mine, key) == getattr(theirs, key), (mine.number, key)


# -- robustness ------------------------------------------------------------------------------

_PAGE_PARTS = st.sampled_from(
    ["<h1>Referat</h1>", "<h2>1. Budget</h2>", "<p>Dato: 3. februar 2021</p>", "<li>2. Salg",
     "<h3>Beslutning</h3>", "<p>Godkendt.</p>", "Byrådet", "<table><tr><td>Udvalg:</td><td>",
     "</td></tr></table>", "<br>", "&amp;", "<p>Fraværende: Ole Bo (V)</p>", "<!-- x -->", "<"]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PAGE_PARTS, st.text(max_size=20)), max_size=40))
def test_arbitrary_pages_never_crash(parts: list[str]) -> None:
    try:
        doc = parse_text("".join(parts), path="p.html", sha256=SHA, fmt="html")
    except UnknownLayoutError:
        return
    assert doc.meeting.items and doc.meeting.reader == "general-web"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_arbitrary_xml_never_crashes(text: str) -> None:
    xml = f"<Meeting><Committee>{text}</Committee><MeetingDate>{text}</MeetingDate></Meeting>"
    with pytest.raises(UnknownLayoutError):
        parse_text(xml, path="m.xml", sha256=SHA, fmt="xml")
