"""Evidence without case numbers (graph/link/evidence.py), on short texts written for it.

Each kind of evidence is tested on its own and then through :func:`link_items`: a title's
topic without the forums it names, numbers in titles that keep items apart, and the path
committee -> finance committee -> council.
"""

from __future__ import annotations

import dataclasses

import pytest

from graph.link import LinkItem, LinkSettings, link_items, score_pair
from graph.link.evidence import (
    ForumPath,
    dated_forums,
    ends_in_own_forum,
    forum_rank,
    names_own_forum,
    next_year_part,
    part_words,
    parts_of_one_topic,
    slots_conflict,
    theme_and_its_item,
    title_slots,
    title_topic,
    topic_words,
)
from graph.link.rounds import pool_round, status_round, yearly_pool_round


@pytest.mark.parametrize(
    ("title", "topic"),
    [
        ("Budgetopfølgning 3 (2024) - Sundheds- og Omsorgsudvalget", "Budgetopfølgning 3 (2024) -"),
        ("Budgetopfølgning 3. Klima-, Teknik- og Miljøudvalget", "Budgetopfølgning 3."),
        ("Mødekalender 2026 - Teknik- og Miljøudvalget", "Mødekalender 2026 -"),
        ("Byrådets og Økonomiudvalgets mødekalender for 2023", "mødekalender for 2023"),
        ("Kommunalbestyrelsens temamøde om klima", "temamøde om klima"),
        ("Høring af Sundhedsaftale 2024-2027", "Høring af Sundhedsaftale 2024-2027"),
        ("Udvalgsstruktur 2026", "Udvalgsstruktur 2026"),  # no forum: a word beginning so
        ("Teknisk Udvalg", "Teknisk Udvalg"),  # nothing else left: the title itself
    ],
)
def test_title_topic_leaves_out_forums(title: str, topic: str) -> None:
    assert title_topic(title) == topic


@pytest.mark.parametrize(
    ("a", "b", "apart"),
    [
        ("Budgetopfølgning 1 (2023)", "Budgetopfølgning 2 (2023) Bevillingssag", True),
        ("Budgetopfølgning 0 for 2023", "Budgetopfølgning 0 - bevillingssag", False),
        (
            "Forslag til Lokalplan nr. 15.24 - Plejecenter",
            "Endelig vedtagelse af Lokalplan 15.24",
            False,
        ),
        ("Lokalplan nr. 12.51 - Daginstitution", "Lokalplan nr. 12.50 for Strandvejen", True),
        ("Kommuneplantillæg nr. 2 - temarevision", "Kommuneplantillæg nr. 3 - temarevision", True),
        ("Lokalplan 15.24 og kommuneplantillæg nr. 5", "Lokalplan 15.24", False),
        ("Budget 2023", "Budget 2024", False),  # years are compared on their own
    ],
)
def test_numbers_in_titles(a: str, b: str, apart: bool) -> None:
    assert slots_conflict(title_slots(a), title_slots(b)) is apart


@pytest.mark.parametrize(
    ("forum", "rank"),
    [
        ("Plan- og Tryghedsudvalget", 0),
        ("Teknisk Udvalg", 0),  # Aarhus
        ("Direktionen", 0),  # Nordfyns
        ("Økonomiudvalget", 1),
        ("Magistraten", 1),  # Aarhus: the finance committee's role
        ("Byråd", 2),
        ("Aarhus Byråd", 2),
        ("Kommunalbestyrelsen", 2),  # Ballerup, Nordfyns
    ],
)
def test_forum_rank(forum: str, rank: int) -> None:
    assert forum_rank(forum) == rank


def item(key: str, forum: str, date: str, title: str, **kw: object) -> LinkItem:
    return LinkItem(f"i:{key}", f"m:{forum}:{date}", forum, date, 1, title, **kw)  # type: ignore[arg-type]


def test_path_learned_from_earlier_decisions_beats_the_rank() -> None:
    """Where one committee's decisions are carried into another's items, that is the order."""
    items = [item(f"a{d}", "Kulturudvalget", f"2024-0{d}-01", "T") for d in range(1, 5)]
    items += [
        item(
            f"b{d}",
            "Teknikudvalget",
            f"2024-0{d}-03",
            "T",
            earlier=((f"m:Kulturudvalget:2024-0{d}-01", None),),
        )
        for d in range(1, 5)
    ]
    path = ForumPath(items)
    assert path.precedes(None, "Kulturudvalget", "Teknikudvalget")
    assert not path.precedes(None, "Teknikudvalget", "Kulturudvalget")
    assert path.precedes(None, "Kulturudvalget", "Byråd")  # no data: the rank


# A closed item prints only its title and its decision: the path and the title tie the steps.
RECOMMENDED = "Anbefales."
FORWARDED = "Økonomiudvalget anbefaler overfor Byrådet at indstillingen godkendes."
APPROVED = "Byrådet godkendte Økonomiudvalgets indstilling."


def test_closed_item_follows_its_path() -> None:
    items = [
        item(
            "c",
            "Kultur- og Fritidsudvalget",
            "2025-08-13",
            "Forpagtning af cafeen i idrætscentret",
            text=RECOMMENDED,
        ),
        item(
            "o",
            "Økonomiudvalget",
            "2025-08-27",
            "Forpagtning af cafeen i idrætscentret",
            text=APPROVED,
        ),
        item("b", "Byråd", "2025-09-08", "Forpagtning af cafeen i idrætscentret", text=APPROVED),
    ]
    result = link_items(items)
    assert result.matters == [[0, 1, 2]]
    assert "next forum of the path under the same title" in result.links[(0, 1)].evidence


def test_the_same_title_against_the_path_or_months_later_is_not_a_step() -> None:
    items = [
        # The council first, a committee two weeks later: not the path's order.
        item("b", "Byråd", "2025-03-19", "Køb af ejendom", text="Godkendt."),
        item("c", "Klima- og Miljøudvalget", "2025-04-02", "Køb af ejendom", text=RECOMMENDED),
        # The finance committee four months after the committee: not the next step.
        item("o", "Økonomiudvalget", "2025-08-06", "Køb af ejendom", text="Tiltrådt."),
    ]
    assert link_items(items).matters == [[0], [1], [2]]


def test_committee_names_alone_do_not_link() -> None:
    """Two titles that share only a committee's name share no topic, even when the later
    item names the earlier meeting (Greve's seniors' council meeting of 28-04-2025 joined
    the budget follow-up of 06-01-2025 so)."""
    items = [
        item("a", "Sundheds- og Omsorgsudvalget", "2025-01-06",
             "Budgetopfølgning 3 (2024) - Sundheds- og Omsorgsudvalget", text=RECOMMENDED),
        item("b", "Sundheds- og Omsorgsudvalget", "2025-02-03",
             "Møde mellem Sundheds- og Omsorgsudvalget og Seniorrådet", text="Drøftet.",
             mentions=("m:Sundheds- og Omsorgsudvalget:2025-01-06",)),
    ]  # fmt: skip
    assert link_items(items).matters == [[0], [1]]


def test_numbered_titles_stay_apart_through_a_chain() -> None:
    """Budget follow-up 1 and 2 of one year: each links to its own committee step, and no
    chain of links joins the two, though every title is alike."""
    text = "Forventet regnskab for driften og anlæg på udvalgets område med bevillingsændringer."
    items = [
        item("o1", "Økonomiudvalget", "2023-05-08", "Budgetopfølgning 1 (2023)", text=text),
        item("b1", "Byråd", "2023-05-15", "Budgetopfølgning 1 (2023)", text=text),
        item(
            "c", "Skoleudvalget", "2023-08-14", "Budgetopfølgning (2023) Skoleudvalget", text=text
        ),
        item("o2", "Økonomiudvalget", "2023-09-25", "Budgetopfølgning 2 (2023)", text=text),
        item("b2", "Byråd", "2023-10-02", "Budgetopfølgning 2 (2023)", text=text),
    ]
    matters = link_items(items).matters
    first = next(m for m in matters if 0 in m)
    second = next(m for m in matters if 3 in m)
    assert {0, 1} <= set(first) and {3, 4} <= set(second) and first != second


GUARANTEE = (
    "Fjernvarmeselskabet ansøger om kommunal garanti for lån til udbygning af ledningsnettet "
    "i {where}. Administrationen indstiller, at garantien godkendes mod provision."
)


def test_a_later_round_months_on_needs_a_carried_decision() -> None:
    """Next year's guarantee for the same company looks like this year's: without a carried
    decision or a shared number, items months apart stay apart; with the earlier decision
    carried along they are one matter."""
    first = item("a", "Byråd", "2024-01-29", "Garantistillelse Fjernvarme",
                 text=GUARANTEE.format(where="Hundige og Greve Strand"))  # fmt: skip
    later = item("b", "Byråd", "2025-04-23", "Garantistillelse Fjernvarme",
                 text=GUARANTEE.format(where="Karlslunde og Mosede"))  # fmt: skip
    assert link_items([first, later]).matters == [[0], [1]]
    carried = dataclasses.replace(later, earlier=((first.meeting, None),))
    assert link_items([first, carried]).matters == [[0, 1]]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Byrådet godkendte den 20. juni 2022 en tiårig plan.", {("Byråd", "2022-06-20")}),
        ("På Byrådets møde den 20. juni blev aftalen forelagt.", {("Byråd", "2022-06-20")}),
        ("Økonomiudvalget behandlede sagen 13-06-2022.", {("Økonomiudvalget", "2022-06-13")}),
        ("Social- og Handicapudvalget besluttede på sit møde den 3. maj 2022 at ...",
         {("Social- og Handicapudvalget", "2022-05-03")}),
        ("Tilbuddet åbner 1. august 2022.", set()),  # a date, no forum before it
        ("Byrådet skal tage stilling. " + "x" * 120 + " 1. august 2022", set()),  # too far
    ],
)  # fmt: skip
def test_dated_forums(text: str, found: set[tuple[str, str]]) -> None:
    forums = ["Byråd", "Økonomiudvalget", "Social- og Handicapudvalget"]
    assert dated_forums(text, "2022-08-16", forums) == found


AGREEMENT = "Principaftalen om udviklingen af strandparken forelægges {what}."


def test_a_later_round_that_names_the_earlier_meeting_under_the_same_title() -> None:
    """The beach-park agreement: the council approved it in June, the committee takes it
    up again in August under the same title, its text naming the council's meeting of 20
    June: one matter, though no decision is carried. Without the date, or under another
    title, the long gap keeps them apart."""
    title = "Principaftale for anlægslov for strandparken"
    first = item("b", "Byråd", "2022-06-20", title,
                 text=AGREEMENT.format(what="til godkendelse af aftalens vilkår"))  # fmt: skip
    named = ("På Byrådets møde den 20. juni 2022 blev principaftalen godkendt. "
             + AGREEMENT.format(what="igen om borgerinddragelsen"))  # fmt: skip
    later = item("c", "Plan- og Tryghedsudvalget", "2022-08-16", title, text=named)
    result = link_items([first, later])
    assert result.matters == [[0, 1]]
    assert "the later item names the earlier meeting, under the same title" in (
        result.links[(0, 1)].evidence
    )
    unnamed = dataclasses.replace(later, text=AGREEMENT.format(what="igen om borgerinddragelsen"))
    assert link_items([first, unnamed]).matters == [[0], [1]]
    other = dataclasses.replace(later, title="Borgerinddragelse om strandparken")
    assert link_items([first, other]).matters == [[0], [1]]


@pytest.mark.parametrize(
    ("a", "b", "parts"),
    [
        ("Budgetopfølgning 1 (2024)", "Budgetopfølgning 1 (2024) - bevillingssag", True),
        ("Budgetopfølgning 2 2022, Økonomiudvalget", "Budgetopfølgning 2 2022", True),
        ("Budgetopfølgning 3 - 2023 Bevillingssag", "Budgetopfølgning 3 ( 2023)", True),
        # A committee's name left out leaves "Dialogmøde med": no name of a topic.
        ("Dialogmøde med Folkeoplysningsudvalget", "Dialogmøde med FrivilligCenter Greve", False),
        ("Strandparken I/S - budget 2023", "Strandparken I/S - regnskab for 2021", False),
        ("Budgetopfølgning 1 (2024)", "Budgetopfølgning 2 (2024)", False),
    ],
)
def test_parts_of_one_topic(a: str, b: str, parts: bool) -> None:
    assert parts_of_one_topic(topic_words(a), topic_words(b)) is parts


@pytest.mark.parametrize(
    ("title", "forum", "own"),
    [
        ("Budgetopfølgning 3. Kultur - og Fritidsudvalget", "Kultur- og Fritidsudvalget", True),
        (
            "Budgetopfølgning 2 2022, Beskæftigelse- og Erhvervsudvalget",
            "Beskæftigelses- og Erhvervsudvalget",
            True,
        ),
        ("Budgetopfølgning 3 (2024)", "Kultur- og Fritidsudvalget", False),
        ("Dialogmøde med Folkeoplysningsudvalget", "Kultur- og Fritidsudvalget", False),
        # The council's name with a definite or genitive ending.
        ("Mødekalender for Byrådet og Økonomiudvalget i 2024", "Byråd", True),
        ("Byrådets og Økonomiudvalgets mødekalender for 2023", "Byråd", True),
        ("Mødekalender for Byrådet og Økonomiudvalget i 2024", "Økonomiudvalget", True),
        ("Mødekalender for Byrådet og Økonomiudvalget i 2024", "Kultur- og Fritidsudvalget",
         False),
    ],
)  # fmt: skip
def test_names_own_forum(title: str, forum: str, own: bool) -> None:
    assert names_own_forum(title, forum) is own


@pytest.mark.parametrize(
    ("title", "forum", "date", "part"),
    [
        ("Mødekalender 2024 for Kultur- og Fritidsudvalget", "Kultur- og Fritidsudvalget",
         "2023-09-13", ("2024", "mødekalender")),
        ("Mødekalender 2026 - Social- og Handicapudvalget", "Social- og Handicapudvalget",
         "2025-08-11", ("2026", "mødekalender")),
        ("Byrådets og Økonomiudvalgets mødekalender for 2023", "Byråd", "2022-06-20",
         ("2023", "mødekalender")),
        # The year under way: the forum's standing item, not its part of next year's case.
        ("Social- og Handicapudvalget - mødekalender 2024", "Social- og Handicapudvalget",
         "2024-08-12", None),
        ("Plan- og Tryghedsudvalgets mødekalender 2023 og 2024", "Plan- og Tryghedsudvalget",
         "2023-11-14", None),
        # Next year, but another forum's title or none.
        ("Mødekalender 2024 for Kultur- og Fritidsudvalget", "Økonomiudvalget", "2023-09-13",
         None),
        ("Budget 2026-29, 1. behandling", "Økonomiudvalget", "2025-08-27", None),
    ],
)  # fmt: skip
def test_next_year_part(title: str, forum: str, date: str, part: tuple[str, ...] | None) -> None:
    assert next_year_part(title, forum, date) == part


def test_each_forum_takes_its_part_of_next_years_calendar() -> None:
    """Greve's committees have their own meeting calendar on most agendas (routine: never a
    matter). In June the finance committee and the council fix their calendar for next year
    and in August each committee its own, "på baggrund af den godkendte mødekalender for
    Byrådet og Økonomiudvalget": one case over every forum, as the one number Greve gives it
    says. The items on the calendar of the year under way stay routine, and so do a forum's
    standing items that name next year at several meetings."""
    social, school = "Social- og Handicapudvalget", "Skole-, Børne- og Ungeudvalget"
    text = "Udvalget skal tage stilling til udvalgets mødekalender for {year}."
    standing = [
        item(f"s{m}", forum, f"2024-0{m}-0{m}", f"{forum} - mødekalender 2024",
             text=text.format(year=2024))
        for forum in (social, school)
        for m in range(1, 6)
    ]  # fmt: skip
    parts = [
        item("o", "Økonomiudvalget", "2024-06-18",
             "Mødekalender for Byrådet og Økonomiudvalget 2025", text="Anbefales."),
        item("b", "Byråd", "2024-06-25",
             "Mødekalender for Byrådet og Økonomiudvalget 2025", text="Godkendt."),
        item("ps", social, "2024-08-12", f"Mødekalender 2025 for {social}",
             text=text.format(year=2025)),
        item("pk", school, "2024-08-13", f"Mødekalender 2025 for {school}",
             text=text.format(year=2025)),
    ]  # fmt: skip
    # A committee whose standing item names next year at each meeting of the autumn: its
    # routine, not its part of one case.
    culture = "Kultur- og Fritidsudvalget"
    standing += [
        item(f"c{m}", culture, f"2024-{m}-01", f"{culture} - mødekalender 2025",
             text=text.format(year=2025))
        for m in (10, 11, 12)
    ]  # fmt: skip
    result = link_items([*standing, *parts])
    assert set(result.routine) == set(range(len(standing)))
    first = len(standing)
    assert result.matters == [list(range(first, first + len(parts)))]
    assert "each forum's part of one topic" in result.links[(first + 2, first + 3)].evidence
    # Without the council's case for next year, the committees' calendars are no case.
    alone = link_items([*standing, *parts[2:]])
    assert set(alone.routine) == set(range(len(standing) + 2)) and alone.matters == []


def test_each_forum_takes_its_part_of_one_topic_months_apart() -> None:
    """Greve's 2025 budget follow-up 1: the finance committee takes its own area in May
    (*Budgetopfølgning 1 (2025) - Økonomiudvalget*), the committees theirs in August, each
    title naming its own forum: one follow-up, three months apart, no decision carried. The
    same titles a year on are another follow-up."""
    text = "Udvalget orienteres om budgetopfølgning 1 inden for eget udvalgsområde."
    forums = ("Økonomiudvalget", "Social- og Handicapudvalget", "Skole-, Børne- og Ungeudvalget")
    dates = ("2025-05-14", "2025-08-11", "2025-08-12")
    items = [
        item(f"p{n}", forum, date, f"Budgetopfølgning 1 - {forum}", text=text)
        for n, (forum, date) in enumerate(zip(forums, dates, strict=True))
    ]
    result = link_items(items)
    assert result.matters == [[0, 1, 2]]
    assert "each forum's part of one topic" in result.links[(0, 1)].evidence
    # Half a year on: not one follow-up (nor under one title alone).
    later = dataclasses.replace(
        items[0], key="i:late", meeting="m:late", date="2026-02-02", text="Forventet regnskab."
    )
    assert link_items([later, *items[1:]]).matters == [[0], [1, 2]]
    # Beside last year's and the year before's follow-ups (a recurring series of rounds:
    # May 2023, May 2024, May and August 2025), the parts of 2025 are still one follow-up.
    before = [
        dataclasses.replace(items[0], key=f"i:{y}", meeting=f"m:{y}", date=f"{y}-05-08")
        for y in (2023, 2024)
    ]
    assert link_items([*before, *items]).matters == [[0], [1], [2, 3, 4]]


@pytest.mark.parametrize(
    ("a", "b", "theme"),
    [
        ("Temamøde om pejlemærker til Planstrategi 2023", "Pejlemærker til Planstrategi 2023",
         True),
        ("Temamøde - konkurrenceprogram for nyt Mosede Fort", "Mosede Fort - konkurrenceprogram",
         True),
        ("Temadrøftelse om Kommuneplan 2025", "Kommuneplan 2025", True),
        ("Temamøder i 2024, godkendelse", "Godkendelse af temamøder", False),  # no theme session
        ("Temamøde om anlæg til budget 2025-28", "Budget 2025-28 - orientering og drøftelse",
         False),
    ],
)  # fmt: skip
def test_theme_session_and_its_item(a: str, b: str, theme: bool) -> None:
    assert theme_and_its_item(a, b) is theme


def test_one_meeting_treating_one_topic_in_parts_is_one_matter() -> None:
    """Greve's finance committee takes a budget follow-up in three items of one meeting (the
    whole, the appropriations, its own area) and the council in two: one matter, as the one
    case number on every part says; an unrelated item of the meeting stays out."""
    text = "Forventet regnskab for 2024 med bevillingsændringer på udvalgenes områder."

    def step(key: str, forum: str, date: str, number: int, title: str) -> LinkItem:
        return LinkItem(f"i:{key}", f"m:{forum}:{date}", forum, date, number, title, text=text)

    items = [
        step("o5", "Økonomiudvalget", "2024-05-08", 5, "Budgetopfølgning 1 (2024)"),
        step("o6", "Økonomiudvalget", "2024-05-08", 6, "Budgetopfølgning 1 (2024) - bevillingssag"),
        step("o7", "Økonomiudvalget", "2024-05-08", 7,
             "Budgetopfølgning 1 (2024) - Økonomiudvalget"),
        step("o8", "Økonomiudvalget", "2024-05-08", 8, "Salg af grund i Tune"),
        step("b12", "Byråd", "2024-05-22", 12, "Budgetopfølgning 1 (2024)"),
        step("b13", "Byråd", "2024-05-22", 13, "Budgetopfølgning 1 (2024) - bevillingssag"),
    ]  # fmt: skip
    result = link_items(items)
    assert sorted(map(sorted, result.matters)) == [[0, 1, 2, 4, 5], [3]]
    assert "parts of one topic at one meeting" in result.links[(0, 1)].evidence
    # A theme session on the topic at the meeting that takes it: one matter too.
    theme = step("o4", "Økonomiudvalget", "2024-05-08", 4, "Temamøde om budgetopfølgning 1 (2024)")
    assert sorted(map(sorted, link_items([theme, *items]).matters)) == [[0, 1, 2, 3, 5, 6], [4]]


@pytest.mark.parametrize(
    ("a", "b", "parts"),
    [
        ("Anlægsregnskaber 2024", "Anlægsregnskab 2024 - IT-hardware på skolerne", True),
        ("Budgetopfølgning 0 (2024)", "Budgetopfølgning 0 - bevillingssag", True),
        ("Strandparken I/S - budget 2023", "Strandparken I/S - regnskab for 2021", False),
        ("Budgetopfølgning 0 (2024)", "Budgetopfølgning 1 - bevillingssag", False),
    ],
)
def test_parts_compared_on_stems_without_years(a: str, b: str, parts: bool) -> None:
    assert parts_of_one_topic(part_words(a), part_words(b)) is parts


def test_parts_of_one_meeting_in_other_inflections_or_without_the_year() -> None:
    """Greve, January 2024: the finance committee and the council take *Budgetopfølgning 0
    (2024)* and *Budgetopfølgning 0 - bevillingssag* (one case number); September 2025: the
    finance committee takes *Anlægsregnskaber 2024* and each *Anlægsregnskab 2024 - ...*."""
    text = "Forventet regnskab med bevillingsændringer på udvalgenes områder."
    whole, appropriations = "Budgetopfølgning 0 (2024)", "Budgetopfølgning 0 - bevillingssag"
    items = [
        LinkItem("i:o2", "m:o", "Økonomiudvalget", "2024-01-24", 2, whole, text=text),
        LinkItem("i:o3", "m:o", "Økonomiudvalget", "2024-01-24", 3, appropriations, text=text),
        LinkItem("i:b8", "m:b", "Byråd", "2024-01-29", 8, whole, text=text),
        LinkItem("i:b10", "m:b", "Byråd", "2024-01-29", 10, appropriations, text=text),
    ]
    assert sorted(map(sorted, link_items(items).matters)) == [[0, 1, 2, 3]]
    accounts = "Regnskab for afsluttede anlægsprojekter."
    items = [
        LinkItem("i:k", "m:k", "Klima-, Teknik- og Miljøudvalget", "2025-09-04", 10,
                 "Anlægsregnskaber 2024", text=accounts),
        LinkItem("i:o4", "m:o", "Økonomiudvalget", "2025-09-24", 4,
                 "Anlægsregnskab 2024 - Udskiftning af netværksudstyr", text=accounts),
        LinkItem("i:o9", "m:o", "Økonomiudvalget", "2025-09-24", 9, "Anlægsregnskaber 2024",
                 text=accounts),
    ]  # fmt: skip
    assert sorted(map(sorted, link_items(items).matters)) == [[0, 1, 2]]


def test_committees_side_by_side_need_a_carried_decision() -> None:
    """At the start of a term every Greve committee discusses its own political goals under
    one title, each its own case; an item that carries another committee's decision on the
    same title is a step of that committee's matter."""
    title = "Drøftelse af politiske målsætninger"
    text = "Udvalget drøfter de politiske målsætninger for udvalgets område i valgperioden."
    social = item("s", "Social- og Handicapudvalget", "2022-02-07", title, text=text)
    school = item("k", "Skole-, Børne- og Ungeudvalget", "2022-02-08", title, text=text)
    assert link_items([social, school]).matters == [[0], [1]]
    carried = dataclasses.replace(school, earlier=((social.meeting, None),))
    assert link_items([social, carried]).matters == [[0, 1]]
    # Both naming the finance committee's meeting that sent the topic to every committee.
    sent = ("m:Økonomiudvalget:2022-01-24",)
    asked = [dataclasses.replace(it, mentions=sent) for it in (social, school)]
    result = link_items(asked)
    assert result.matters == [[0, 1]]
    assert "both name one other meeting, under the same title" in result.links[(0, 1)].evidence
    # Each title naming its own committee: each committee's part of one topic.
    parts = [
        dataclasses.replace(it, title=f"Budgetopfølgning 1 (2025) - {it.forum}")
        for it in (social, school)
    ]
    assert link_items(parts).matters == [[0, 1]]
    # Not committees: Nordfyns' Direktionen and Strategisk Chefforum are no parallel pair.
    board = item("d", "Direktionen", "2021-01-07", title, text=text)
    forum = item("f", "Strategisk Chefforum", "2021-01-13", title, text=text)
    assert link_items([board, forum]).matters == [[0, 1]]


POOL = (
    "Byrådet har afsat en pulje i 2021-25 til ’Besparelser på udgifter til el - ved udskift "
    "til LED’. Der søges om frigivelse af midlerne til udskiftning til LED belysning i {year}."
    " Projekterne udføres på {where}."
)


@pytest.mark.parametrize(
    ("title", "text", "pool"),
    [
        ("Frigivelse af LED-pulje, 2023", POOL,
         ("besparelser", "på", "udgifter", "til", "el", "ved", "udskift", "til", "led")),
        ("Frigivelse af LED pulje, 2022",
         'Byrådet har afsat puljer i 2021, 2022 og 2023 til "LED-belysning".',
         ("led", "belysning")),
        ("Klimapuljen 2024 - udmøntning",
         "Byrådet har afsat en pulje i 2023-26 til “Klimapulje”.", ("klimapulje",)),
        ("Rådhuset, ny belysning", POOL, None),  # paid from the pool: no pool's title
        ("Frigivelse af LED-pulje, 2023", "Der er afsat 4 mio. kr. til LED i 2023.", None),
        ("Vej- og Landskabspuljer i 2024", "Puljerne har med budget 2024-2027 fået 3 mio. kr.",
         None),  # no pool named in quotes
    ],
)  # fmt: skip
def test_pool_round(title: str, text: str, pool: tuple[str, ...] | None) -> None:
    assert pool_round(title, text.format(year=2023, where="skolerne")) == pool


def test_yearly_rounds_of_one_pool_are_one_matter() -> None:
    """Greve releases the LED pool set aside for 2021-25 once a year, each round a committee,
    the finance committee and the council (*Energibesparelsesprojekter, frigivelse af
    LED-pulje, 2023*, *..., 2024*): one case over the years, though the titles name
    different years and a year lies between the rounds. Another pool's rounds, and an item
    paid from the pool whose title is no pool's, stay apart."""

    def release(forum: str, date: str, title: str, where: str) -> LinkItem:
        year = date[:4]
        return item(f"{forum}{date}", forum, date, title.format(year=year),
                    text=POOL.format(year=year, where=where))  # fmt: skip

    led = "Energibesparelsesprojekter, frigivelse af LED-pulje, {year}"
    items = [
        release("Klima-, Teknik- og Miljøudvalget", "2023-03-20", led, "Rådhuset og hallerne"),
        release("Økonomiudvalget", "2023-03-27", led, "Rådhuset og hallerne"),
        release("Byråd", "2023-04-17", led, "Rådhuset og hallerne"),
        release("Klima-, Teknik- og Miljøudvalget", "2024-03-14", led, "plejecentrene"),
        release("Økonomiudvalget", "2024-04-10", led, "plejecentrene"),
        release("Byråd", "2024-04-17", led, "plejecentrene"),
    ]
    result = link_items(items)
    assert result.matters == [[0, 1, 2, 3, 4, 5]]
    assert any("rounds of one pool or plan" in link.evidence for link in result.links.values())
    # Without the pool named, each year's release is its own round: the years keep them apart.
    plain = [dataclasses.replace(it, text=it.text.split(". ", 1)[1]) for it in items]
    assert link_items(plain).matters == [[0, 1, 2], [3, 4, 5]]
    # Another pool's release, and a building paid from this pool, are not its rounds.
    other = dataclasses.replace(
        items[3],
        key="i:heat",
        title="Frigivelse af varmegenvindingspulje, 2024",
        text=items[3].text.replace("udskift til LED", "varmegenvinding"),
    )
    paid = dataclasses.replace(items[4], key="i:paid", title="Rådhuset, ny belysning")
    result = link_items([*items[:3], other, paid])
    assert all(len(m) < 4 for m in result.matters)


@pytest.mark.parametrize(
    ("title", "date", "pool"),
    [
        ("Frigivelse af midler fra Genopretningspuljen", "2023-01-16",
         ("pool", "genopretningspulje", "2023")),
        ("Genopretningspuljen, anlægsbevilling", "2024-01-15",
         ("pool", "genopretningspulje", "2024")),
        ("Genopretningspulje - anlægsbevilling", "2025-05-05",
         ("pool", "genopretningspulje", "2025")),
        ("Udmøntning af midler fra læringsmiljøpuljen", "2024-10-08",
         ("pool", "læringsmiljøpulje", "2024")),
        ("Udmøntning af Naturpuljen - prioriteret liste", "2022-04-28",
         ("pool", "naturpulje", "2022")),
        ("Genopretningspulje 2025, udmøntning", "2025-02-06", None),  # the title's year rules
        ("Retningslinjer for Handicappuljen", "2024-08-14", None),  # the pool's rules
        ("Evaluering af indstillingsprocessen for Idræts- og Fritidspuljer", "2025-01-08", None),
        ("Pulje til særlig indsats for forsikrede ledige over 50 år", "2023-11-13", None),
        ("Villa Sitka, anlægsbevilling", "2024-04-25", None),  # paid from a pool not named
    ],
)  # fmt: skip
def test_yearly_pool_round(title: str, date: str, pool: tuple[str, ...] | None) -> None:
    year = date[:4]
    text = f"Anbefales.\nDer er i puljen afsat 10,7 mio. kr. i {year}. Projekterne udføres i år."
    assert yearly_pool_round(title, date, text) == pool
    # Without a sentence naming a pool and the meeting's year, no year's pool is named.
    assert yearly_pool_round(title, date, text.replace(year, "2019")) is None
    assert yearly_pool_round(title, date, text.replace("puljen", "budgettet")) is None


def test_a_yearly_pool_released_in_parts_is_one_matter_each_year() -> None:
    """A pool the budget sets aside each year is released at several meetings of that year,
    each through a committee, the finance committee and the council (Greve's
    *Genopretningspuljen, anlægsbevilling* in January, *Genopretningspuljen - <buildings>* in
    May, *... - midler til <more>* in August: one case a year, "de resterende midler i 2023"
    released in August). Next year's pool is another case, and an item on the pool's rules
    is no release. A title like a pool's whose text names no pool of the year (a random
    subject of the synthetic corpus, *Klimapulje - anlægsbevilling*) is no release either."""
    pool = "Vedligeholdelsespuljen"
    path = ("Klima-, Teknik- og Miljøudvalget", "Økonomiudvalget", "Byråd")
    rounds = [
        ("2024-01-{:02d}", f"{pool}, anlægsbevilling", "tag på Skovskolen og kloak ved hallen"),
        ("2024-05-{:02d}", f"{pool} - Rådhuset og Strandhallen", "brandalarm og facader"),
        ("2024-08-{:02d}", f"Frigivelse af midler fra {pool}", "ventilation i børnehuset"),
        ("2025-01-{:02d}", f"Frigivelse af midler fra {pool}", "vinduer på biblioteket"),
    ]
    items = [
        item(f"r{r}{n}", forum, date.format(8 + 8 * n), title,
             text=f"Anbefales. Der er i {pool} afsat 9 mio. kr. i {date[:4]}. Der gives "
                  f"anlægsbevilling til {what}.")
        for r, (date, title, what) in enumerate(rounds)
        for n, forum in enumerate(path)
    ]  # fmt: skip
    rules = item(
        "rules",
        "Kultur- og Fritidsudvalget",
        "2024-03-12",
        f"Retningslinjer for {pool}",
        text="Godkendt. Udvalget fastsætter retningslinjer for ansøgning om midler i 2024.",
    )
    result = link_items([*items, rules])
    matters = sorted(sorted(items[i].key[2:] if i < len(items) else "rules" for i in m)
                     for m in result.matters)  # fmt: skip
    assert matters == [
        ["r00", "r01", "r02", "r10", "r11", "r12", "r20", "r21", "r22"],
        ["r30", "r31", "r32"],
        ["rules"],
    ]
    assert any("rounds of one pool or plan" in link.evidence for link in result.links.values())
    unnamed = [dataclasses.replace(it, text=it.text.replace(pool, "budgettet")) for it in items]
    assert all(len(m) <= 3 for m in link_items(unnamed).matters)


@pytest.mark.parametrize(
    ("text", "forum", "own"),
    [
        ("Drøftet.\n\nSagsprocedure\nØkonomiudvalget.\nResume\n...", "Økonomiudvalget", True),
        ("Drøftet.\n\nKultur og Fritidsudvalget.\n\n...", "Kultur- og Fritidsudvalget", True),
        ("Anbefales.\n\nKultur- og Fritidsudvalget, Økonomiudvalget og Byrådet.\n\n...",
         "Kultur- og Fritidsudvalget", False),
        ("1. Taget til efterretning\n2. Udvalget ønsker:\n- hjælpemidler\n- dagtilbud\n\n"
         "Social- og Handicapudvalget\n\nAdministrationen har ...", "Social- og Handicapudvalget",
         True),
        ("Godkendt.\n\nByrådet har den 3. maj 2023 besluttet at ...", "Byråd", False),
        ("Godkendt.", "Byråd", False),
    ],
)  # fmt: skip
def test_ends_in_own_forum(text: str, forum: str, own: bool) -> None:
    assert ends_in_own_forum(text, forum) is own


COMMITTEES = (
    "Beskæftigelses- og Erhvervsudvalget",
    "Social- og Handicapudvalget",
    "Sundheds- og Omsorgsudvalget",
    "Plan- og Tryghedsudvalget",
    "Skole-, Børne- og Ungeudvalget",
    "Kultur- og Fritidsudvalget",
    "Klima-, Teknik- og Miljøudvalget",
)


def test_each_forums_own_case_under_one_title_and_one_case_for_every_committee() -> None:
    """Greve, February 2022: every committee, then the finance committee, discusses the
    political goals of its own area under one title, each procedure naming its own forum
    alone: each its own case, though the finance committee is the next forum of the path.
    April 2023: every committee and then the finance committee take the catalogue of one
    budget analysis under one title, each procedure naming its own forum too, each text
    naming the council's meeting that ordered the analysis: one case, the finance
    committee's item after all seven committees."""
    body = "På mødet fortsætter udvalget drøftelsen af mål og politikker på udvalgets område."
    title = "Drøftelse af politiske målsætninger"
    goals = [
        item(f"g{n}", forum, f"2022-02-{7 + n:02d}", title, text=f"Drøftet.\n\n{forum}.\n\n{body}")
        for n, forum in enumerate(COMMITTEES)
    ]
    own = item("g-o", "Økonomiudvalget", "2022-02-28", title,
               text=f"Drøftet.\n\nSagsprocedure\nØkonomiudvalget.\nResume\n{body}")  # fmt: skip
    result = link_items([*goals, own])
    assert result.matters == [[n] for n in range(8)]
    said = "one title in two forums, each case in its own forum"
    assert said in score_pair([goals[0], own], result.features, LinkSettings(), 0, 1).evidence
    body = (
        "Administrationen har udarbejdet et katalog over kan- og skal-opgaver på udvalgets "
        "område. Byrådet besluttede på møde den 30. januar 2023, at der udarbejdes en "
        "budgetanalyse af kommunale kan- og skal-opgaver."
    )
    title = "Budgetanalyse 9 - Fremlæggelse af katalog over kan- og skal-opgaver"
    plan = "Godkendt.\n\nØkonomiudvalget og Byrådet.\n\nTidsplan for budgettet."
    ordered = item("b", "Byråd", "2023-01-30", "Budgetprocedure for budget 2024-27", text=plan)
    analysis = [
        item(f"a{n}", forum, f"2023-04-{24 + n // 2:02d}", title,
             text=f"Taget til efterretning.\n\n{forum}\n\n{body}")
        for n, forum in enumerate(COMMITTEES)
    ]  # fmt: skip
    finance = item("a-o", "Økonomiudvalget", "2023-05-08", title,
                   text=f"Taget til efterretning.\n\nØkonomiudvalget.\n\n{body}")  # fmt: skip
    matters = link_items([ordered, *analysis, finance]).matters
    assert sorted(map(sorted, matters)) == [[0], list(range(1, 9))]


@pytest.mark.parametrize(
    ("title", "forum", "series"),
    [
        ("Handleplan på det specialiserede voksenområde, status 2/2023", "SHU",
         ("status", "SHU", "handleplan", "på", "det", "specialiserede", "voksenområde")),
        ("Handleplan på det specialiserede voksenområde - status 1 2024", "SHU",
         ("status", "SHU", "handleplan", "på", "det", "specialiserede", "voksenområde")),
        ("Klimahandlingsplanen, status 2025", "KTU", None),  # a year, no report number
        ("Budgetopfølgning 2 (2024)", "ØU", None),
        ("Status på Handleplan 2", "SHU", None),
    ],
)  # fmt: skip
def test_status_round(title: str, forum: str, series: tuple[str, ...] | None) -> None:
    assert status_round(title, forum) == series


def test_numbered_status_reports_on_one_plan_are_one_matter() -> None:
    """Greve's social committee takes a status report on its action plan three times a year
    (*Handleplan på det specialiserede voksenområde, status 1/2023*, *status 2/2023*, ...,
    *- status 1 2024*): one plan's reports, one matter over the years, though each title
    numbers its report and names its year. Another committee's reports under the same title
    are its own; numbered budget follow-ups stay each round's own."""
    text = (
        "Sagen giver en status på implementeringen af handleplanen. Det er en tilbagevendende sag."
    )
    shu = "Social- og Handicapudvalget"
    plan = "Handleplan på det specialiserede voksenområde, "
    reports = [
        item(f"r{n}", shu, date, plan + status, text=text)
        for n, (date, status) in enumerate(
            [("2023-05-22", "status 1/2023"), ("2023-10-09", "status 2/2023"),
             ("2024-01-08", "status 3/2023"), ("2024-06-03", "status 1 2024")]
        )
    ]  # fmt: skip
    # The committee's other meetings: the reports are on a third of them, no routine.
    others = [
        item(f"o{n}", shu, date, title, text=f"{title}: sagen forelægges udvalget.")
        for n, (date, title) in enumerate(
            [("2023-08-14", "Tilsyn med botilbud"), ("2023-09-11", "Sagsbehandlingstider"),
             ("2023-11-13", "Klagesager på det sociale område"), ("2024-02-05", "Botilbudsanalyse"),
             ("2024-03-18", "Frivillighedspolitik"), ("2024-04-22", "Handicappolitik"),
             ("2024-08-12", "Værdighedspolitik"), ("2024-09-09", "Ungeindsats")]
        )
    ]  # fmt: skip
    result = link_items([*reports, *others])
    assert [0, 1, 2, 3] in result.matters
    assert any("rounds of one pool or plan" in link.evidence for link in result.links.values())
    other = dataclasses.replace(reports[1], key="i:sou", forum="Sundheds- og Omsorgsudvalget",
                                meeting="m:sou")  # fmt: skip
    assert [0, 1, 2, 3, 4] not in link_items([*reports, other, *others]).matters
    budget = [
        dataclasses.replace(it, title=f"Budgetopfølgning {n + 1} (2023)")
        for n, it in enumerate(reports[:3])
    ]
    assert link_items([*budget, *others]).matters[:3] == [[0], [1], [2]]
