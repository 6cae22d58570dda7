"""People in the seed minutes: golden mentions written by hand from reading the files.

Every expectation below was written from reading ``examples/nordfyns/*.txt`` (line
numbers as ``grep -n`` counts them), never copied from the program's output. A mention
is (line, full name, kind); an office without a name is (line, role, kind); a mention
that must stay unresolved is (line, printed text, candidates).

How kinds were read:

* ``presenter`` -- the person introduced or reported on the item: ``X rammesatte /
  orienterede / præsenterede / redegjorde / gennemgik / indledte``, ``v/ X`` in a
  programme, ``Det indstilles, at X kort orienterer``, and the inverted order
  ``orienterede IT-arkitekt Tina Wrøbel om``;
* ``guest`` -- ``X deltager under punktet``, ``X deltog i punktets behandling``;
* ``absent`` -- ``Fraværende: X``;
* ``mention`` -- any other naming of a person (``det er blevet Charlotte Jakobsen``,
  ``Tina Øllgaard Bentzens oplæg``, ``samarbejde mellem Borgerrådgiveren og ...`` in
  the item of Borgerrådgiver Ann Berit Jensen).

The precision and recall of person mentions over all five seeds are computed in
:func:`test_precision_and_recall_on_the_seeds` and printed with ``-s``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from core.records import AgendaItem, Document, Meeting, PersonMention, Section, Source
from extract.nlp import analyse_texts, get_nlp, triggers_for, windows
from extract.people import Registry, annotate_people, is_short_form
from extract.people_words import is_person_name

from seed_facts import S000, S001, S002, S003, S004, SEED_DIR, SEEDS

GITTES = ("Gitte Clemmensen", "Gitte Høj Nielsen")
KD = "Kommunaldirektør"


@dataclass(frozen=True)
class Item:
    """What one agenda item says about people."""

    people: frozenset[tuple[int, str, str]] = frozenset()  # (line, full name, kind)
    offices: frozenset[tuple[int, str, str]] = frozenset()  # (line, role, kind)
    unresolved: frozenset[tuple[int, str, tuple[str, ...]]] = frozenset()
    roles: dict[str, str] = field(default_factory=dict)  # name -> role the text ties


def item(
    people: Iterable[tuple[int, str, str]] = (),
    offices: Iterable[tuple[int, str, str]] = (),
    unresolved: Iterable[tuple[int, str, tuple[str, ...]]] = (),
    roles: dict[str, str] | None = None,
) -> Item:
    return Item(frozenset(people), frozenset(offices), frozenset(unresolved), roles or {})


GOLDEN: dict[str, dict[int, Item]] = {
    # REFERAT Strategisk Chefforum d. 13-01-2021
    S000: {
        1: item(),
        2: item(
            # L106 "Kommunaldirektøren præsenterede overvejelserne ..."
            offices={(106, KD, "presenter")},
        ),
        3: item(
            # L146 "Formål og rammesætning v/ Morten V (5 min.)"
            people={(146, "Morten V. Pedersen", "presenter")},
        ),
        4: item(
            # L182 "Ole Vett deltager i punktets behandling."
            people={(182, "Ole Vett", "guest")},
            # L216 "Kommunaldirektøren og direktørerne rammesatte ..."
            offices={(216, KD, "presenter")},
        ),
        5: item(
            # L262 "Gitte Clemmensen rammesatte punktet ..." (L228 "Økonomi og Løn" is a
            # department: no person, no organisation)
            people={(262, "Gitte Clemmensen", "presenter")},
        ),
        6: item(
            # L284 "Det indstilles, at Kommunaldirektøren kort orienterer"; L310 "... orienterede"
            offices={(284, KD, "presenter"), (310, KD, "presenter")},
        ),
        7: item(
            offices={(336, KD, "presenter")},
        ),
    },
    # REFERAT Strategisk Chefforum d. 20-12-2023
    S001: {
        1: item(),
        2: item(
            people={
                (49, "Tina Wrøbel", "guest"),  # "Tina Wrøbel og Mette Tokehøj deltager under ..."
                (49, "Mette Tokehøj", "guest"),
                (109, "Morten V. Pedersen", "presenter"),  # "... indledte med"
                (111, "Judith Poulsen", "presenter"),  # "... orienterede om"
                (113, "Mette Tokehøj", "presenter"),  # "Leder for Digitalisering og Teknologi ..."
                (115, "Tina Wrøbel", "presenter"),  # "orienterede IT-arkitekt Tina Wrøbel om"
                (119, "Tina Wrøbel", "guest"),  # "IT-arkitekt Tina Wrøbel og leder ... deltog"
                (119, "Mette Tokehøj", "guest"),
            },
            roles={
                "Tina Wrøbel": "IT-arkitekt",
                "Mette Tokehøj": "Leder for Digitalisering og Teknologi",
            },
        ),
        3: item(
            people={(135, "Sharajé Thomassen", "guest")},  # "Leder af HR Sharajé Thomassen ..."
            roles={"Sharajé Thomassen": "Leder af HR"},
        ),
        4: item(
            people={
                (191, "Ann Berit Jensen", "mention"),  # "giver borgerrådgiveren et indblik"
                (193, "Ann Berit Jensen", "guest"),
                (
                    197,
                    "Ann Berit Jensen",
                    "presenter",
                ),  # "Borgerrådgiver Ann Berit Jensen redegjorde"
                (
                    197,
                    "Ann Berit Jensen",
                    "mention",
                ),  # "mellem Borgerrådgiveren og fagafdelingerne"
                (207, "Ann Berit Jensen", "guest"),
            },
            roles={"Ann Berit Jensen": "Borgerrådgiver"},
        ),
        5: item(people={(256, "Morten V. Pedersen", "presenter")}),
        6: item(),
        7: item(
            people={
                (306, "Morten V. Pedersen", "presenter"),
                (306, "Charlotte Jakobsen", "mention"),  # "det er blevet Charlotte Jakobsen"
            },
        ),
    },
    # REFERAT Direktionen 2021 d. 07-01-2021
    S002: {
        1: item(),
        2: item(),
        3: item(
            people={
                (65, "Morten V. Pedersen", "presenter"),  # "Formål og rammesætning v/ Morten V"
                (71, "Tina Øllgaard Bentzen", "mention"),  # "Tina Øllgaard Bentzens oplæg"
                (77, "Morten V. Pedersen", "presenter"),  # "Rammesætning v/ Morten V"
            },
        ),
        4: item(
            # L163 "Gitte Clemmensen gennemgik status" sits in the decision of Direktionen's
            # meeting of 09-12-2020 carried along (L161-169): she presented at THAT meeting,
            # so at this item it is a mention (as a Sagsforløb absence belongs to its meeting).
            people={(163, "Gitte Clemmensen", "mention")},
        ),
        5: item(
            offices={(184, KD, "presenter")},  # L179 "Kombits erfaringsopsamling"
        ),
    },
    # REFERAT Direktionen 2019/2020 d. 27-05-2020 (no attendee list)
    S003: {
        1: item(),
        2: item(),
        3: item(
            people={(117, "Ditte Clément", "guest")},
            offices={(109, KD, "mention")},  # "mail fra KL til kommunaldirektøren"
        ),
        4: item(
            # L178 "Vicki, Gitte, Ole og Ditte afholdt møde": the meeting lists nobody, so
            # only Ditte (a guest of this very item) can be told; Gitte is one of two.
            people={
                (178, "Ditte Clément", "mention"),
                (197, "Ditte Clément", "guest"),
            },
            unresolved={
                (178, "Vicki", ("Vicki Møberg Torp",)),
                (178, "Gitte", GITTES),
                (178, "Ole", ("Ole Vett",)),
            },
        ),
        5: item(),
        6: item(people={(325, "René Appel Laasholdt", "mention")}),
        7: item(),
        8: item(),
    },
    # REFERAT Strategisk Chefforum d. 03-06-2020 (markdown, no attendee list)
    S004: {
        1: item(people={(38, "Jesper Due Pedersen", "absent")}),
        2: item(
            people={
                (97, "Jesper Due Pedersen", "absent"),
                (101, "Gitte Clemmensen", "presenter"),  # "Gitte Clemmensen præsenterede"
            },
            offices={(105, KD, "presenter")},
        ),
        3: item(
            people={(159, "Jesper Due Pedersen", "absent")},
            offices={(135, KD, "mention")},
        ),
        4: item(people={(213, "Jesper Due Pedersen", "absent")}),
    },
}

# Headings, forums, departments and places that must never become people.
NOT_PEOPLE = {
    "Sagens kerne",
    "Strategisk Chefforum",
    "Økonomi og Løn",
    "Nordfyns Kommune",
    "Strategi og Politik",
    "Roskilde Universitet",
    "Digitalisering og Teknologi",
    "Direktionen",
}


@cache
def annotated() -> dict[str, Document]:
    """The five seeds, parsed and annotated together (as the store does)."""
    from casegraph.pipeline import load_document

    docs = [load_document(SEED_DIR / name) for name in SEEDS]
    return {name: doc for name, doc in zip(SEEDS, annotate_people(docs), strict=True)}


def items_of(name: str) -> dict[int, AgendaItem]:
    return {i.number: i for i in annotated()[name].meeting.items}


def line(m: PersonMention) -> int:
    assert m.source is not None
    return m.source.first_line


CASES = [(seed, number) for seed in SEEDS for number in GOLDEN[seed]]


# -- per item -------------------------------------------------------------------------


def test_every_item_has_a_golden_entry() -> None:
    for seed in SEEDS:
        assert sorted(items_of(seed)) == sorted(GOLDEN[seed]), seed


@pytest.mark.parametrize(("seed", "number"), CASES)
def test_people_of_item(seed: str, number: int) -> None:
    it = items_of(seed)[number]
    want = GOLDEN[seed][number]
    got = {(line(m), m.name, m.kind) for m in it.mentions if m.name}
    assert got == set(want.people)


@pytest.mark.parametrize(("seed", "number"), CASES)
def test_offices_of_item(seed: str, number: int) -> None:
    it = items_of(seed)[number]
    got = {(line(m), m.role, m.kind) for m in it.mentions if m.name is None and not m.candidates}
    assert got == set(GOLDEN[seed][number].offices)


@pytest.mark.parametrize(("seed", "number"), CASES)
def test_unresolved_mentions_keep_their_candidates(seed: str, number: int) -> None:
    it = items_of(seed)[number]
    got = {(line(m), m.text, m.candidates) for m in it.mentions if m.candidates}
    assert got == set(GOLDEN[seed][number].unresolved)


@pytest.mark.parametrize(("seed", "number"), CASES)
def test_roles_the_text_ties_to_people(seed: str, number: int) -> None:
    it = items_of(seed)[number]
    for name, role in GOLDEN[seed][number].roles.items():
        roles = {m.role for m in it.mentions if m.name == name and m.role}
        assert roles == {role}, name


def test_no_false_person_anywhere() -> None:
    for seed in SEEDS:
        for it in items_of(seed).values():
            for m in it.mentions:
                assert m.name not in NOT_PEOPLE
                assert m.text not in NOT_PEOPLE


# -- the hard cases, one by one ----------------------------------------------------------


def test_short_form_morten_v_is_morten_v_pedersen() -> None:
    [m] = [m for m in items_of(S000)[3].mentions if m.text == "Morten V"]
    assert (m.name, m.kind) == ("Morten V. Pedersen", "presenter")


def test_ambiguous_gitte_is_never_guessed() -> None:
    [m] = [m for m in items_of(S003)[4].mentions if m.text == "Gitte"]
    assert m.name is None
    assert m.candidates == GITTES


def test_first_name_resolved_when_one_person_of_the_meeting_fits() -> None:
    # Ditte Clément is the guest of this item: "Ditte" in L178 is her.
    [m] = [m for m in items_of(S003)[4].mentions if m.text == "Ditte"]
    assert m.name == "Ditte Clément"


def test_role_prefix_is_a_role_not_part_of_the_name() -> None:
    it = items_of(S001)[3]
    assert it.participants == ("Sharajé Thomassen",)
    [m] = it.mentions
    assert (m.name, m.role, m.kind) == ("Sharajé Thomassen", "Leder af HR", "guest")


def test_wrapped_attendee_names_are_whole() -> None:
    attendees = annotated()[S000].meeting.attendees
    assert "Henrik Gregers Boesen" in attendees
    assert "Gitte Clemmensen" in attendees
    assert "Åse Nielsen" in attendees


def test_accented_names_keep_their_accents() -> None:
    assert items_of(S003)[3].participants == ("Ditte Clément",)
    assert ("Åse Nielsen") in annotated()[S001].meeting.attendees


def test_inputs_are_not_changed() -> None:
    from casegraph.pipeline import load_document

    doc = load_document(SEED_DIR / S000)
    [out] = annotate_people([doc])
    assert all(i.mentions == () for i in doc.meeting.items)
    assert any(i.mentions for i in out.meeting.items)


def test_annotating_twice_gives_the_same_records() -> None:
    docs = list(annotated().values())
    assert annotate_people(docs) == docs


# -- precision and recall ---------------------------------------------------------------


def test_precision_and_recall_on_the_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    """Person mentions (resolved or not), compared as (seed, line, who, kind)."""
    want: set[tuple[str, int, str, str]] = set()
    got: set[tuple[str, int, str, str]] = set()
    for seed in SEEDS:
        for number, it in items_of(seed).items():
            gold = GOLDEN[seed][number]
            want |= {(seed, ln, name, kind) for ln, name, kind in gold.people}
            want |= {(seed, ln, text, "?") for ln, text, _ in gold.unresolved}
            for m in it.mentions:
                if m.name is not None:
                    got.add((seed, line(m), m.name, m.kind))
                elif m.candidates:
                    got.add((seed, line(m), m.text, "?"))
    hits = len(want & got)
    precision = hits / len(got)
    recall = hits / len(want)
    with capsys.disabled():
        print(
            f"\nperson mentions on the seeds: {len(want)} golden, {len(got)} found, "
            f"precision {precision:.3f}, recall {recall:.3f}"
        )
    assert precision == 1.0, sorted(got - want)
    assert recall >= 0.95, sorted(want - got)


# -- building blocks -----------------------------------------------------------------


@pytest.fixture(scope="session")
def nlp() -> Language:
    return get_nlp(frozenset({"Gitte Clemmensen", "Gitte Høj Nielsen", "Morten V. Pedersen"}))


def test_pipeline_is_blank_danish_with_two_components(nlp: Language) -> None:
    assert nlp.lang == "da"
    assert nlp.pipe_names == ["casegraph_orgs", "casegraph_people"]


def test_pipeline_is_built_once_per_gazetteer() -> None:
    known = frozenset({"Ole Vett"})
    assert get_nlp(known) is get_nlp(known)


@pytest.mark.parametrize(
    ("text", "name", "kind", "role"),
    [
        ("Gitte Clemmensen rammesatte punktet.", "Gitte Clemmensen", "presenter", None),
        ("Ole Vett deltager i punktets behandling.", "Ole Vett", "guest", None),
        ("Jesper Kjeldsen deltog ikke i sagens behandling.", "Jesper Kjeldsen", "absent", None),
        ("Fraværende: Jesper Due Pedersen", "Jesper Due Pedersen", "absent", None),
        ("Borgerrådgiver Ann Berit Jensen deltog.", "Ann Berit Jensen", "guest", "Borgerrådgiver"),
        ("Leder af HR Sharajé Thomassen deltager.", "Sharajé Thomassen", "guest", "Leder af HR"),
        (
            "i den sammenhæng orienterede IT-arkitekt Tina Wrøbel om status",
            "Tina Wrøbel",
            "presenter",
            "IT-arkitekt",
        ),
        ("Formål og rammesætning v/ Morten V (5 min.)", "Morten V", "presenter", None),
        ("slides fra Tina Øllgaard Bentzens oplæg", "Tina Øllgaard Bentzen", "mention", None),
        # A PDF line wrapped inside the name (Ballerup L169-170).
        (
            "På Sundheds- og Forebyggelsesudvalgets møde deltager faglig koordinator Birgit\n"
            "Elleby Jørgensen fra Center for Ejendomme under behandlingen af sagen.",
            "Birgit Elleby Jørgensen",
            "guest",
            "Faglig koordinator",
        ),
        (
            "Gert Bjerregaard (V), byrådsmedlem og gruppeformand.",
            "Gert Bjerregaard",
            "mention",
            "Byrådsmedlem",
        ),
    ],
)
def test_one_name_in_context(text: str, name: str, kind: str, role: str | None) -> None:
    [a] = analyse_texts([text])
    [hit] = a.people
    assert (hit.name, hit.kind, hit.role) == (name, kind, role)


def test_names_of_a_list_share_the_verb() -> None:
    [a] = analyse_texts(["Tina Wrøbel og Mette Tokehøj deltager under punktet."])
    assert [(h.name, h.kind) for h in a.people] == [
        ("Tina Wrøbel", "guest"),
        ("Mette Tokehøj", "guest"),
    ]


def test_a_list_vouches_for_names_with_unknown_first_names() -> None:
    [a] = analyse_texts(["Mette Skautrup og Bünyamin Simsek tog forbehold."])
    assert [h.name for h in a.people] == ["Mette Skautrup", "Bünyamin Simsek"]


def test_a_line_break_ends_a_list() -> None:
    text = "Fraværende: Jesper Due Pedersen\nDirektørerne gennemgik forslagene."
    [a] = analyse_texts([text], ["Jesper Due Pedersen"])
    assert [(h.name, h.kind) for h in a.people] == [("Jesper Due Pedersen", "absent")]


@pytest.mark.parametrize(
    "text",
    [
        "Sagens kerne",
        "Strategisk Chefforum drøftede samskabt styring i Nordfyns Kommune.",
        "Økonomi og Løn overtager opgaven.",
        "Strategi og Politik indstiller, at Strategisk Chefforum drøfter.",
        "Nordfyns Kommune deltager i et projekt i Allerød Kommune.",
        "Den nuværende fælles ledelse af Hårup Skole og Elev Skole ophører.",
        "Borgmesterens Afdeling har ingen bemærkninger til indstillingen.",
        "Det indstilles, at Direktionen drøfter.",
        "Teknik og Miljø orienterede om sagen.",
        "Hans indsats blev drøftet.",
    ],
)
def test_no_false_person(text: str) -> None:
    [a] = analyse_texts([text], ["Hans Jensen"])
    assert a.people == ()


def test_office_without_a_name_is_a_role() -> None:
    [a] = analyse_texts(["Kommunaldirektøren orienterede om projektet."])
    assert a.people == ()
    [r] = a.roles
    assert (r.text, r.role, r.kind) == ("Kommunaldirektøren", KD, "presenter")


def test_office_with_its_unit() -> None:
    [a] = analyse_texts(["det delegeres til rådmanden for Børn og Unge at foretage"])
    assert [r.role for r in a.roles] == ["Rådmand for Børn og Unge"]


def test_windows_skip_text_without_triggers() -> None:
    t = triggers_for(frozenset())
    assert windows("Forelægges til orientering.", t) == []
    text = "Gitte Clemmensen rammesatte punktet."
    assert windows(text, t) == [(0, len(text))]


def test_offsets_point_into_the_text() -> None:
    text = "Intro.\n\nSenere: Gitte Clemmensen rammesatte punktet, og KL deltog."
    [a] = analyse_texts([text], ["Gitte Clemmensen"])
    spans = [(h.start, h.end, h.text) for h in a.people]
    spans += [(h.start, h.end, h.text) for h in a.organisations]
    assert len(spans) == 2
    for start, end, printed in spans:
        assert text[start:end] == printed


# -- the registry ----------------------------------------------------------------------


def test_registry_spelling_with_accents_wins_a_tie() -> None:
    r = Registry()
    r.add("Ditte Clement")
    r.add("Ditte Clément")
    assert r.canonical("Ditte Clement") == "Ditte Clément"


def test_registry_short_form_needs_exactly_one_fit() -> None:
    r = Registry()
    r.add("Morten V. Pedersen")
    r.add("Morten Vestergaard")
    assert r.fit_short_form("Morten V") == ("Morten V. Pedersen", "Morten Vestergaard")
    assert r.fit_short_form("Morten V.") == ("Morten V. Pedersen", "Morten Vestergaard")


def test_short_form_in_a_guest_list_becomes_the_full_name() -> None:
    from core.records import Meeting, Source

    src = Source("m.txt", "0" * 64, 1, 2)
    it = AgendaItem(number=1, title="T", source=src, participants=("Morten V",))
    meeting = Meeting(
        "Direktionen", "2021-01-07", src, items=(it,), attendees=("Morten V. Pedersen",)
    )
    [doc] = annotate_people([Document("m.txt", "0" * 64, meeting)])
    assert doc.meeting.items[0].participants == ("Morten V. Pedersen",)


@pytest.mark.parametrize(
    ("name", "short"),
    [("Morten V", True), ("Gitte", True), ("Morten V. Pedersen", False), ("Ole Vett", False)],
)
def test_is_short_form(name: str, short: bool) -> None:
    assert is_short_form(name) is short


# -- other municipalities (../shared/corpus) ----------------------------------------------

# Aarhus Byråd 27-08-2025: every person the minutes name, from reading the text (no
# attendee list; proposers, signatories, voting lists and absences in prose).
AARHUS_PEOPLE = {
    "Jakob Søgaard Clausen",  # L94, L912 proposer
    "Jesper Kjeldsen",  # "Jesper Kjeldsen deltog ikke i sagens behandling." and L437
    "Nicolaj Bang",  # L174 "Nicolaj Bang & Polly Dutschke."
    "Polly Bak Dutschke",  # L844 "Forslagsstiller: Polly Bak Dutschke, byrådsmedlem (M)"
    "Viggo Jonasen",  # L151, titles of items 18 and 19
    "Gert Bjerregaard",  # L252 "Gert Bjerregaard (V), byrådsmedlem og gruppeformand."
    "Mahad Yussuf",  # L386 "Radikale Venstre Mahad Yussuf, Metin Lindved Aydin og ..."
    "Metin Lindved Aydin",
    "Rabih Azad-Ahmad",  # L386 "... og Rabih Azad-Ahmad (ordfører)"
    "Eva Borchorst Mejnertz",  # L437 voting list
    "Mette Bjerre",
    "Mette Skautrup",  # L439 "Mette Skautrup og Bünyamin Simsek tog forbehold."
    "Bünyamin Simsek",
    "Lisbeth Johnsen",  # L632-633 "Meningstilkendegivelse ... Lisbeth Johnsen"
    "Henrik Arens",  # L913 "Henrik Arens, Liberal Alliance."
    "Solveig Munk",  # L933, L965 "Solveig Munk, Enhedslisten"
}
# Items where "Jesper Kjeldsen deltog ikke i sagens behandling." (L135 ... L808), every time
# inside the Sagsforløb entry of Magistraten 19-08-2025: an absence from that meeting.
AARHUS_ABSENT_ITEMS = {2, 3, 4, 5, 7, 10, 11, 12, 14}


@cache
def corpus_document(path: Path) -> Document:
    from casegraph.pipeline import load_document

    [out] = annotate_people([load_document(path)])
    return out


@pytest.mark.corpus
def test_aarhus_people(corpus_dir: Path) -> None:
    doc = corpus_document(corpus_dir / "Aarhus_Byraadet_2025-08-27.txt")
    found = {m.name for i in doc.meeting.items for m in i.mentions if m.name}
    assert found == AARHUS_PEOPLE
    # Never absent from a Byråd item: the sentence is in a Sagsforløb entry of Magistraten.
    absent_here = {
        i.number
        for i in doc.meeting.items
        for m in i.mentions
        if m.name == "Jesper Kjeldsen" and m.kind == "absent"
    }
    assert absent_here == set()
    assert not any("Jesper Kjeldsen" in i.absent_for_item for i in doc.meeting.items)
    carried = {
        i.number
        for i in doc.meeting.items
        for e in i.earlier_decisions
        if (e.forum, e.date) == ("Magistraten", "2025-08-19") and "Jesper Kjeldsen" in e.absent
    }
    assert carried == AARHUS_ABSENT_ITEMS


@pytest.mark.corpus
def test_aarhus_short_name_joins_the_full_name(corpus_dir: Path) -> None:
    # "Polly Dutschke" (L174, L437) is the "Polly Bak Dutschke" of L844.
    doc = corpus_document(corpus_dir / "Aarhus_Byraadet_2025-08-27.txt")
    printed = {
        m.text for i in doc.meeting.items for m in i.mentions if m.name == "Polly Bak Dutschke"
    }
    assert printed == {"Polly Dutschke", "Polly Bak Dutschke"}


@pytest.mark.corpus
def test_aarhus_organisations(corpus_dir: Path) -> None:
    doc = corpus_document(corpus_dir / "Aarhus_Byraadet_2025-08-27.txt")
    orgs = {o for i in doc.meeting.items for o in i.organisations}
    assert {
        "Aarhus Kommune",
        "Syddjurs Kommune",
        "Salling Fondene",
        "Mellemfolkeligt Samvirke",
        "Kredsløb",
        "Enhedslisten",
        "Liberal Alliance",
    } <= orgs
    assert not orgs & AARHUS_PEOPLE


@pytest.mark.corpus
def test_ballerup_people(corpus_dir: Path) -> None:
    doc = corpus_document(corpus_dir / "Ballerup_Sundheds-og-Forebyggelsesudvalget_2012-12-04.txt")
    items = {i.number: i for i in doc.meeting.items}
    # L169-170, wrapped inside the name: "deltager faglig koordinator Birgit / Elleby
    # Jørgensen fra Center for Ejendomme under behandlingen af sagen."
    [m] = items[2].mentions
    assert (m.name, m.kind, m.role) == ("Birgit Elleby Jørgensen", "guest", "Faglig koordinator")
    assert (m.source.first_line, m.source.last_line) == (169, 170)  # type: ignore[union-attr]
    others = [m for n, i in items.items() if n != 2 for m in i.mentions]
    assert others == []


@pytest.mark.corpus
def test_ballerup_organisations(corpus_dir: Path) -> None:
    doc = corpus_document(corpus_dir / "Ballerup_Sundheds-og-Forebyggelsesudvalget_2012-12-04.txt")
    items = {i.number: i for i in doc.meeting.items}
    assert "KL" in items[5].organisations  # "KL's opfølgningsproces", "KL har igangsat"
    assert {"Ballerup Kommune", "Kræftens Bekæmpelse", "Region Hovedstaden"} <= set(
        items[8].organisations
    )


@pytest.mark.corpus
def test_greve_absences_and_mentions(corpus_dir: Path) -> None:
    # From the item HTML: "Afbud: Charlotte Levin" in every decision, "Fraværende: Mehmet
    # Zeki Dogru" in items 1-2; item 7 is "initiativretsforslag fra Liselott Blixt (UP1)";
    # item 6 "Borgmesteren orienterer om eventuelle emner." "Afbud: Per Lund Sørensen"
    # (item 19) and "Afbud: Conni Bergendorff, Per Lund Sørensen" (item 20) stand in the
    # Sagens forløb entries of Kultur- og Fritidsudvalget 10/09/2025 and Plan- og
    # Tryghedsudvalget 09/09/2025: absences from those meetings, not from these items.
    doc = corpus_document(corpus_dir / "Greve_Byraadet_2025-10-01.json")
    absent: dict[str, set[int]] = {}
    mentioned: dict[str, set[int]] = {}
    for it in doc.meeting.items:
        for m in it.mentions:
            if m.name and m.kind == "absent":
                absent.setdefault(m.name, set()).add(it.number)
            elif m.name:
                mentioned.setdefault(m.name, set()).add(it.number)
    assert absent == {"Charlotte Levin": set(range(1, 23)), "Mehmet Zeki Dogru": {1, 2}}
    assert mentioned == {
        "Liselott Blixt": {7},
        "Per Lund Sørensen": {19, 20},
        "Conni Bergendorff": {20},
    }
    earlier = {
        (i.number, e.forum, e.date): e.absent
        for i in doc.meeting.items
        for e in i.earlier_decisions
        if e.absent
    }
    assert earlier == {
        (19, "Kultur- og Fritidsudvalget", "2025-09-10"): ("Per Lund Sørensen",),
        (20, "Plan- og Tryghedsudvalget", "2025-09-09"): ("Conni Bergendorff", "Per Lund Sørensen"),
    }
    [it6] = [i for i in doc.meeting.items if i.number == 6]
    assert {(m.role, m.kind) for m in it6.mentions if m.name is None} == {
        ("Borgmester", "presenter")
    }


# -- properties ----------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "Gitte",
        "Clemmensen",
        "Morten",
        "V.",
        "V",
        "Pedersen",
        "orienterede",
        "deltog",
        "ikke",
        "Kommunaldirektøren",
        "Leder",
        "af",
        "HR",
        "og",
        ",",
        ".",
        "\n",
        "\n\n",
        "KL",
        "Kommune",
        "Nordfyns",
        "v/",
        "(",
        ")",
        "byrådsmedlem",
        "Åse",
        "Sharajé",
        "Fraværende:",
        "ø",
        "-",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=40))
def test_analyse_never_crashes_and_offsets_hold(words: list[str]) -> None:
    text = " ".join(words)
    [a] = analyse_texts([text], ["Gitte Clemmensen", "Morten V. Pedersen"])
    for start, end, printed in [
        *((h.start, h.end, h.text) for h in a.people),
        *((h.start, h.end, h.text) for h in a.roles),
        *((h.start, h.end, h.text) for h in a.organisations),
    ]:
        assert " ".join(text[start:end].split()) == " ".join(printed.split())


def test_a_name_glued_to_a_department_is_the_person_and_a_place_is_no_guest() -> None:
    # Invented: "Centerchef for Job og Socialservice Gitte Lind deltager under punktet."
    # once printed "Socialservice Gitte Lind" as a guest next to "Gitte Lind"; and "Greve
    # Kommune deltager i ..." made a guest of the municipality.
    src = Source("g.txt", "0" * 64, 1, 4)
    text = (
        "Centerchef for Job og Socialservice Gitte Lind deltager under punktet. "
        "Greve Kommune deltager i arbejdsgruppen med Region Sjælland."
    )
    item = AgendaItem(
        number=3,
        title="Hjemløse",
        source=src,
        sections=(Section("Sagsfremstilling", text, src),),
        participants=("Socialservice Gitte Lind", "Greve Kommune"),
    )
    meeting = Meeting("Socialudvalget", "2024-03-04", src, items=(item,), attendees=("Ole Vett",))
    [doc] = annotate_people([Document("g.txt", "0" * 64, meeting)])
    done = doc.meeting.items[0]
    assert done.participants == ("Gitte Lind",)
    assert {m.name for m in done.mentions if m.name} == {"Gitte Lind"}
    assert "Greve Kommune" in done.organisations


@pytest.mark.parametrize(
    ("phrase", "person"),
    [
        # Firms, buildings, parks, assemblies: never a person, whatever their first word.
        ("Bakke Aps", False),
        ("Lind Ejendomme", False),
        ("Oves Køleservice", False),
        ("Tune Borgerhus", False),
        ("Greve Kultur-Base", False),
        ("Marina Naturnationalpark", False),
        ("Vejle Kro", False),
        ("Broen Greve", False),
        ("We Do Democracy Borgersamlingen", False),
        # A name glued to the word after it in a list or a vote.
        ("Ane Bo Administrationen", False),
        ("Marina Undlod", False),
        # Persons stay persons.
        ("Marina Holm", True),
        ("Bo Servicesen", True),
        ("Kirsten Agerholm Gyalokay", True),
    ],
)
def test_bodies_and_places_are_not_persons(phrase: str, person: bool) -> None:
    assert is_person_name(phrase) is person


@pytest.mark.parametrize(
    ("text", "persons"),
    [
        # Greve, Plan- og Tryghedsudvalget 2024-10-08 item 3 and Klima-, Teknik- og
        # Miljøudvalget 2024-10-10 item 12: a law firm under the name of its founder.
        (
            "Administrationen har bedt Poul Schmith/Kammeradvokaten I/S vurdere, om aftalerne "
            "lever op til bestemmelsen i § 59.",
            [],
        ),
        (
            "Administration har til den vurdering indhentet ekstern juridisk bistand fra "
            "advokatfirmaerne Poul Schmith og Horten.",
            [],
        ),
        # Plan- og Tryghedsudvalget 2022-05-31 item 12, 2025-02-04 item 8: a partnership.
        (
            "Som det fremgik af sag til Plan- og Tryghedsudvalget i april 2022 om afrapportering "
            "på Bo Trygt samarbejdet, gennemføres også i dette regi tryghedsvandring.",
            [],
        ),
        # Sundheds- og Omsorgsudvalget 2022-04-25 item 2: "Ledende Overlæge" is his office.
        (
            "Orientering ved Nicolas Hansen, Ledende Overlæge og Jens Jørgensen, "
            "Afdelingssygeplejerske, Psykiatrien Øst, Region Sjælland.",
            ["Nicolas Hansen", "Jens Jørgensen"],
        ),
        ("Bo Jensen og Poul Hansen deltog i punktet.", ["Bo Jensen", "Poul Hansen"]),
    ],
)
def test_firms_partnerships_and_offices_of_greve_are_not_persons(
    text: str, persons: list[str]
) -> None:
    [analysis] = analyse_texts([text], [])
    assert [p.name for p in analysis.people] == persons
