"""Greve's minutes with every case number hidden: what the titles, forums and meetings say.

The minutes (``../shared/corpus/greve``, skipped when absent) are read with the case-number
fields emptied and every ``NN-NNNNNN`` cut from the text, as ``bench/link_greve.py --only
hidden`` does, and the meetings named here linked on their own. The expectations come from
reading the minutes (the numbers Greve prints agree with them).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from casegraph.pipeline import load_document
from graph.link import link_items
from graph.link.graph_io import items_from_documents

pytestmark = pytest.mark.corpus

#: Budget follow-up 1 of 2024: the finance committee takes it in three items of one meeting
#: (the whole municipality, the appropriations, its own area: "fremlægges parallelt med den
#: overordnede budgetopfølgning ... og den tilhørende bevillingssag"), the council in two.
BUDGET = {
    "Oekonomiudvalget_2024-05-08_0800_e297e7d6.json": (7, 8, 9),
    "Byraad-2022-2025_2024-05-22_1900_2ff967c9.json": (11, 12),
}
#: Budget follow-up 1 of 2025 in the seven committees in August, each title naming its own
#: committee: "I denne sag orienteres fagudvalget om indholdet i budgetopfølgning 1 2025 inden
#: for eget udvalgsområde", each its part of one follow-up.
ROUND = {
    "Beskaeftigelses-og-Erhvervsudvalget_2025-08-11_0800_765b2dcb.json": 3,
    "Social-og-Handicapudvalget_2025-08-11_1630_81002a5a.json": 6,
    "Sundheds-og-Omsorgsudvalget_2025-08-11_1530_1ae3448f.json": 15,
    "Plan-og-Tryghedsudvalget_2025-08-12_1600_4ce6be86.json": 11,
    "Skole-Boerne-og-Ungeudvalget_2025-08-12_0815_1227fede.json": 11,
    "Kultur-og-Fritidsudvalget_2025-08-13_1630_cf1acbc8.json": 8,
    "Klima-Teknik-og-Miljoeudvalget_2025-08-14_0800_a01b9568.json": 21,
}
#: The same follow-up in May, three months before: Økonomiudvalget takes the whole, the
#: appropriations and its own area ("I denne sag orienteres økonomiudvalget om indholdet i
#: budgetopfølgning 1 2025 inden for eget udvalgsområde"), Byrådet the whole and the
#: appropriations: with the committees' parts in August, one follow-up (one number on all).
ROUND_START = {
    "Oekonomiudvalget_2025-05-14_0800_8801ebb4.json": (3, 4, 5),
    "Byraad-2022-2025_2025-05-28_1730_6cde8ac1.json": (13, 14),
}
#: Planstrategi 2023: the committee's theme session on the draft ("Der holdes temamøde om
#: indholdet i forslag til Planstrategi 2023") and the draft itself at one meeting, then
#: Økonomiudvalget and Byrådet.
THEME = {
    "Plan-og-Tryghedsudvalget_2023-08-15_1600_030dfd63.json": (2, 3),
    "Oekonomiudvalget_2023-08-28_0800_74c84fe5.json": (18,),
    "Byraad-2022-2025_2023-09-04_1900_0fb02bb4.json": (27,),
}
#: February 2022: each committee discusses the political goals of its own area, under one
#: title; each is its own case.
GOALS = {
    "Beskaeftigelses-og-Erhvervsudvalget_2022-02-07_0800_9caa4ffc.json": 4,
    "Social-og-Handicapudvalget_2022-02-07_1700_db087237.json": 3,
    "Sundheds-og-Omsorgsudvalget_2022-02-07_1440_f0a99ad0.json": 3,
    "Skole-Boerne-og-Ungeudvalget_2022-02-08_0815_d5448e17.json": 4,
    "Kultur-og-Fritidsudvalget_2022-02-09_1630_2e3ade0e.json": 3,
    "Klima-Teknik-og-Miljoeudvalget_2022-02-14_0800_962cf1ab.json": 4,
}


#: The meeting calendars for 2026: Økonomiudvalget and Byrådet fix theirs in June 2025
#: ("Mødekalender for Byrådet og Økonomiudvalget 2026"), each committee its own in August,
#: "på baggrund af den godkendte mødekalender for Byrådet og Økonomiudvalget 2026" (the
#: committees' items say "Den 25. juni 2025 godkendte Byrådet mødedatoerne"): one case.
CALENDARS_2026 = {
    "Oekonomiudvalget_2025-06-18_0800_4092c4db.json": 10,
    "Byraad-2022-2025_2025-06-25_1630_c49ed3af.json": 19,
    "Beskaeftigelses-og-Erhvervsudvalget_2025-08-11_0800_765b2dcb.json": 5,
    "Social-og-Handicapudvalget_2025-08-11_1630_81002a5a.json": 2,
    "Sundheds-og-Omsorgsudvalget_2025-08-11_1530_1ae3448f.json": 12,
    "Plan-og-Tryghedsudvalget_2025-08-12_1600_4ce6be86.json": 10,
    "Skole-Boerne-og-Ungeudvalget_2025-08-12_0815_1227fede.json": 4,
    "Kultur-og-Fritidsudvalget_2025-08-13_1630_cf1acbc8.json": 6,
    "Klima-Teknik-og-Miljoeudvalget_2025-08-14_0800_a01b9568.json": 18,
}
#: Social- og Handicapudvalget's own calendar of the year under way, on each agenda of 2024
#: (January to June): routine, in no matter; with it, a committee's calendar is routine.
STANDING_CALENDAR = {
    "Social-og-Handicapudvalget_2024-01-08_1700_1b87cbd6.json": 7,
    "Social-og-Handicapudvalget_2024-02-05_1700_19e88bf5.json": 9,
    "Social-og-Handicapudvalget_2024-03-18_1700_804030ef.json": 7,
    "Social-og-Handicapudvalget_2024-04-22_1700_8104a4a0.json": 7,
    "Social-og-Handicapudvalget_2024-06-03_1700_d5d6f260.json": 13,
}

#: The framework agreement for the Køge Bugt beach park: committee, Økonomiudvalget and
#: Byrådet in May-June 2022, and again in August-September under the same title, the
#: committee's item saying "På Byrådets møde den 20. juni 2022 blev principaftalen om Køge
#: Bugt Strandpark forelagt" (how the citizens are to be involved): one matter.
BEACH_PARK = {
    "Plan-og-Tryghedsudvalget_2022-05-31_1645_4072b8bd.json": 5,
    "Oekonomiudvalget_2022-06-13_1600_3e57a83f.json": 25,
    "Byraad-2022-2025_2022-06-20_1700_8a1b6ab3.json": 33,
    "Plan-og-Tryghedsudvalget_2022-08-16_1645_5b9d0d3d.json": 5,
    "Oekonomiudvalget_2022-08-29_0800_c1f80cf3.json": 20,
    "Byraad-2022-2025_2022-09-05_1900_d027dca2.json": 22,
}

#: Leadership: Økonomiudvalget decided on 10 April 2024 "at der skal fremlægges sager for alle
#: fagudvalg"; each committee's theme session names that meeting ("som opfølgning på
#: Økonomiudvalgets protokol den 10. april 2024 (pkt. 2)"), and Økonomiudvalget takes the
#: committees' input on 12 June: one matter.
LEADERSHIP = {
    "Kultur-og-Fritidsudvalget_2024-05-29_1630_83201ce4.json": 3,
    "Klima-Teknik-og-Miljoeudvalget_2024-05-30_0800_274b8839.json": 2,
    "Beskaeftigelses-og-Erhvervsudvalget_2024-06-03_0800_41a010ac.json": 2,
    "Social-og-Handicapudvalget_2024-06-03_1700_d5d6f260.json": 2,
    "Sundheds-og-Omsorgsudvalget_2024-06-03_1530_146b4a8e.json": 2,
    "Skole-Boerne-og-Ungeudvalget_2024-06-04_0815_e5f0eeaa.json": 2,
    "Plan-og-Tryghedsudvalget_2024-06-10_1630_489ff352.json": 2,
    "Oekonomiudvalget_2024-06-12_0730_ccaaefcb.json": 8,
}

#: The LED pool, released once a year (2022-2025) in Klima-, Teknik- og Miljøudvalget,
#: Økonomiudvalget and Byrådet: every round names the pool set aside over the years ("Byrådet
#: har afsat en pulje i 2021-25 til 'Besparelser på udgifter til el - ved udskift til LED'";
#: 2022: "afsat puljer i 2021, 2022 og 2023 til ..."): one case, whatever the year in each title.
LED_POOL = {
    "Klima-Teknik-og-Miljoeudvalget_2022-04-28_0730_3a49ac52.json": 4,
    "Oekonomiudvalget_2022-05-09_0800_9c3cc537.json": 15,
    "Byraad-2022-2025_2022-05-23_1900_940a8318.json": 23,
    "Klima-Teknik-og-Miljoeudvalget_2023-03-20_0800_1574a65b.json": 7,
    "Oekonomiudvalget_2023-03-27_0800_680dc3fb.json": 23,
    "Byraad-2022-2025_2023-04-17_1900_9f685191.json": 29,
    "Klima-Teknik-og-Miljoeudvalget_2024-03-14_0800_9b1b5cd9.json": 4,
    "Oekonomiudvalget_2024-04-10_0800_eb5cb1f3.json": 13,
    "Byraad-2022-2025_2024-04-17_1900_3204f037.json": 18,
    "Klima-Teknik-og-Miljoeudvalget_2025-03-27_0800_48a2ab5c.json": 13,
    "Oekonomiudvalget_2025-04-09_0800_3861f80f.json": 25,
    "Byraad-2022-2025_2025-04-23_1900_f9b59949.json": 33,
}
#: The heat-recovery pool's round of 2024 at the same three meetings ("afsat en pulje i
#: 2022-2024 til 'Besparelser på udgifter til el, ventilation, varmegenvinding ...'"), and
#: the Genopretningspulje's SFO appropriation beside the 2022 round: other cases.
OTHER_POOLS = {
    ("Klima-Teknik-og-Miljoeudvalget_2024-03-14_0800_9b1b5cd9.json", 5),
    ("Oekonomiudvalget_2024-04-10_0800_eb5cb1f3.json", 14),
    ("Byraad-2022-2025_2024-04-17_1900_3204f037.json", 19),
    ("Byraad-2022-2025_2022-05-23_1900_940a8318.json", 25),
}

#: Genopretningspuljen, "en årlig pulje af anlægsmidler til akutte renoveringsprojekter på
#: kommunens bygninger", released in parts over its year, each part through Klima-, Teknik-
#: og Miljøudvalget, Økonomiudvalget and Byrådet. 2023: "Frigivelse af midler fra
#: Genopretningspuljen" in January ("Der er i Genopretningspuljen afsat 15,675 mio. kr. i 2023")
#: and again in August ("hvordan de resterende midler i 2023 som udgør 4,595 mio. kr. skal
#: anvendes"). 2024: "Genopretningspuljen, anlægsbevilling" in January ("afsat 10,7 mio. kr.
#: i 2024"), "Genopretningspuljen - Arenaskolen, Hundige Bygade og Idræts- og Fritidsklubben"
#: in May-June and "Genopretningspuljen - midler til daginstitutionskapacitet og Greve
#: Svømmehal" in August-September. Each year's pool is one case (one number a year).
POOL_2023 = {
    "Klima-Teknik-og-Miljoeudvalget_2023-01-16_0800_3ef77738.json": 9,
    "Oekonomiudvalget_2023-01-23_0800_00393471.json": 14,
    "Byraad-2022-2025_2023-01-30_1900_8e3ce052.json": 23,
    "Klima-Teknik-og-Miljoeudvalget_2023-08-17_0800_42deea96.json": 6,
    "Oekonomiudvalget_2023-08-28_0800_74c84fe5.json": 13,
    "Byraad-2022-2025_2023-09-04_1900_0fb02bb4.json": 22,
}
POOL_2024 = {
    "Klima-Teknik-og-Miljoeudvalget_2024-01-15_0800_b57b78a4.json": 6,
    "Oekonomiudvalget_2024-01-24_0800_c5a91c52.json": 12,
    "Byraad-2022-2025_2024-01-29_1900_c4a8ac14.json": 18,
    "Klima-Teknik-og-Miljoeudvalget_2024-05-30_0800_274b8839.json": 5,
    "Oekonomiudvalget_2024-06-12_0730_ccaaefcb.json": 18,
    "Byraad-2022-2025_2024-06-26_1430_575a380d.json": 21,
    "Klima-Teknik-og-Miljoeudvalget_2024-08-15_0800_40d18540.json": 5,
    "Oekonomiudvalget_2024-08-28_0800_e8a8730f.json": 21,
    "Byraad-2022-2025_2024-09-04_1900_62055c96.json": 23,
}


#: Budget analysis 9 (April-May 2023): "Byrådet besluttede på møde den 30. januar 2023, at der
#: som en del af budgetprocessen 2024-27 udarbejdes en budgetanalyse med beskrivelse af
#: kommunale kan- og skal-opgaver"; each committee, then Økonomiudvalget, takes the catalogue
#: for its area under one title, each procedure naming its own forum alone, each text naming
#: that council meeting: one analysis, one matter (Økonomiudvalget's item after the seven).
ANALYSIS = {
    "Beskaeftigelses-og-Erhvervsudvalget_2023-04-24_0800_d600ff3e.json": 2,
    "Social-og-Handicapudvalget_2023-04-24_1700_1b12a969.json": 3,
    "Sundheds-og-Omsorgsudvalget_2023-04-24_1530_082575d8.json": 4,
    "Plan-og-Tryghedsudvalget_2023-04-25_1600_42b01d5a.json": 2,
    "Skole-Boerne-og-Ungeudvalget_2023-04-25_0815_1cb24351.json": 2,
    "Kultur-og-Fritidsudvalget_2023-04-26_1700_d3933a77.json": 3,
    "Klima-Teknik-og-Miljoeudvalget_2023-04-27_0800_eda32afa.json": 2,
    "Oekonomiudvalget_2023-05-08_0800_220cd32a.json": 7,
}
#: The council's meeting of 30-01-2023 that ordered the analysis (named by date, not linked).
ORDERED = "Byraad-2022-2025_2023-01-30_1900_8e3ce052.json"

#: Budget follow-up 0 of 2024 in two items at each meeting: "Sagen indeholder de
#: bevillingsmæssige konsekvenser af budgetopfølgning 0 i 2024 (BO0), som er behandlet på samme
#: møde umiddelbart forud for denne sag" (the appropriations' title has no year): one matter.
BUDGET_ZERO = {
    "Oekonomiudvalget_2024-01-24_0800_c5a91c52.json": (2, 3),
    "Byraad-2022-2025_2024-01-29_1900_c4a8ac14.json": (8, 10),
}
#: The construction accounts of 2024, September 2025: Klima-, Teknik- og Miljøudvalget's
#: "Anlægsregnskaber 2024" (its four projects), Skole-, Børne- og Ungeudvalget's "Anlægsregnskab
#: 2024 - IT-hardware på skolerne", and Økonomiudvalget taking both and its own "Anlægsregnskab
#: 2024 - Udskiftning af netværksudstyr" at one meeting: each committee's part of the year's
#: accounts (one number on all five).
ACCOUNTS = {
    "Klima-Teknik-og-Miljoeudvalget_2025-09-04_0800_1e9bb6e3.json": (10,),
    "Skole-Boerne-og-Ungeudvalget_2025-09-09_0815_69cae9a0.json": (5,),
    "Oekonomiudvalget_2025-09-24_0800_7b945dc3.json": (4, 9, 12),
}
#: Økonomiudvalget's own "Drøftelse af politiske målsætninger" (28-02-2022, item 9, its own case).
FINANCE_GOALS = ("Oekonomiudvalget_2022-02-28_0800_89d56abc.json", 9)

Found = dict[tuple[str, int], int]


def _link(folder: Path, out: Path, names: tuple[str, ...]) -> Found:
    """``(file name, item number)`` -> the index of its matter, the meetings ``names``
    linked on their own with their numbers hidden."""
    sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))  # after the packages
    from link_greve import hide_numbers

    docs = {}
    for name in names:
        data = json.loads((folder / name).read_text(encoding="utf-8-sig"))
        (out / name).write_text(json.dumps(hide_numbers(data)), encoding="utf-8")
        docs[name] = load_document(out / name)
    items = items_from_documents(docs.values())
    where = {
        item.key(d.meeting.key): (name, item.number)
        for name, d in docs.items()
        for item in d.meeting.items
    }
    assert not any(it.case_numbers for it in items)
    found: Found = {}
    for n, matter in enumerate(link_items(items).matters):
        for i in matter:
            found[where[items[i].key]] = n
    return found


@pytest.fixture(scope="module")
def matter_of(greve_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Found:
    return _link(
        greve_dir, tmp_path_factory.mktemp("greve-hidden"), (*BUDGET, *ROUND, *GOALS, *THEME)
    )


@pytest.mark.parametrize("parts", [BUDGET, THEME], ids=["budget-follow-up", "theme-session"])
def test_one_topic_in_parts_of_one_meeting_is_one_matter(
    matter_of: dict[tuple[str, int], int], parts: dict[str, tuple[int, ...]]
) -> None:
    matters = {matter_of.get((name, n)) for name, numbers in parts.items() for n in numbers}
    assert len(matters) == 1 and None not in matters


def test_committees_side_by_side_keep_their_own_cases(
    matter_of: dict[tuple[str, int], int],
) -> None:
    matters = [matter_of.get((name, n)) for name, n in GOALS.items()]
    assert None not in matters and len(set(matters)) == len(GOALS)


def test_committees_side_by_side_stay_apart_beside_the_finance_committee(
    greve_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Økonomiudvalget's own item of 28-02-2022 is the next forum of the path under the same
    title for every committee, but each procedure names its own forum alone ("Sagsprocedure:
    Økonomiudvalget.", "Kultur og Fritidsudvalget.") and no two name one meeting: each its
    own case."""
    names = (*GOALS, FINANCE_GOALS[0])
    found = _link(greve_dir, tmp_path_factory.mktemp("greve-hidden-fc"), names)
    matters = [found.get(key) for key in (*GOALS.items(), FINANCE_GOALS)]
    assert None not in matters and len(set(matters)) == len(matters)


def test_each_committee_naming_itself_takes_its_part_of_one_topic(
    matter_of: dict[tuple[str, int], int],
) -> None:
    matters = {matter_of.get((name, n)) for name, n in ROUND.items()}
    assert len(matters) == 1 and None not in matters


def test_each_forum_takes_its_part_of_next_years_calendar(
    greve_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    names = (*CALENDARS_2026, *STANDING_CALENDAR)
    found = _link(greve_dir, tmp_path_factory.mktemp("greve-hidden-calendars"), names)
    assert all(found.get(key) is None for key in STANDING_CALENDAR.items())
    matters = {found.get(key) for key in CALENDARS_2026.items()}
    assert len(matters) == 1 and None not in matters


def test_each_forum_takes_its_part_of_one_follow_up_months_apart(
    greve_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    names = (*ROUND_START, *ROUND)
    found = _link(greve_dir, tmp_path_factory.mktemp("greve-hidden-round"), names)
    keys = [*ROUND.items(), *((name, n) for name, ns in ROUND_START.items() for n in ns)]
    matters = {found.get(key) for key in keys}
    assert len(matters) == 1 and None not in matters


def test_a_later_round_naming_the_earlier_meeting_under_the_same_title(
    greve_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    found = _link(greve_dir, tmp_path_factory.mktemp("greve-hidden-beach"), tuple(BEACH_PARK))
    matters = {found.get(key) for key in BEACH_PARK.items()}
    assert len(matters) == 1 and None not in matters


def test_committees_side_by_side_that_name_one_earlier_meeting_take_one_topic(
    greve_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    found = _link(greve_dir, tmp_path_factory.mktemp("greve-hidden-lead"), tuple(LEADERSHIP))
    matters = {found.get(key) for key in LEADERSHIP.items()}
    assert len(matters) == 1 and None not in matters


def test_yearly_rounds_of_one_pool_are_one_matter(
    greve_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    found = _link(greve_dir, tmp_path_factory.mktemp("greve-hidden-pool"), tuple(LED_POOL))
    led = {found.get(key) for key in LED_POOL.items()}
    assert len(led) == 1 and None not in led
    others = {found.get(key) for key in OTHER_POOLS}
    assert None not in others and led.isdisjoint(others)


def test_a_yearly_pool_released_in_parts_is_one_matter_each_year(
    greve_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    names = (*POOL_2023, *POOL_2024)
    found = _link(greve_dir, tmp_path_factory.mktemp("greve-hidden-yearly-pool"), names)
    of_2023 = {found.get(key) for key in POOL_2023.items()}
    of_2024 = {found.get(key) for key in POOL_2024.items()}
    assert len(of_2023) == 1 and None not in of_2023
    assert len(of_2024) == 1 and None not in of_2024
    assert of_2023 != of_2024


def test_each_forum_takes_its_part_months_apart_beside_last_years_rounds(
    greve_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """With the 2024 follow-up's rounds beside them, the follow-up is a recurring series
    (rounds of May 2024, May 2025, August 2025): the committees' parts in August are still the
    2025 follow-up's that Økonomiudvalget and Byrådet took in May, and 2024's stays apart."""
    names = (*BUDGET, *ROUND_START, *ROUND)
    found = _link(greve_dir, tmp_path_factory.mktemp("greve-hidden-series"), names)
    keys = [*ROUND.items(), *((name, n) for name, ns in ROUND_START.items() for n in ns)]
    matters = {found.get(key) for key in keys}
    assert len(matters) == 1 and None not in matters
    last_year = {found.get((name, n)) for name, ns in BUDGET.items() for n in ns}
    assert None not in last_year and matters.isdisjoint(last_year)


def test_one_analysis_for_every_committee_is_one_matter(
    greve_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    names = (ORDERED, *ANALYSIS)
    found = _link(greve_dir, tmp_path_factory.mktemp("greve-hidden-analysis"), names)
    matters = {found.get(key) for key in ANALYSIS.items()}
    assert len(matters) == 1 and None not in matters


@pytest.mark.parametrize("parts", [BUDGET_ZERO, ACCOUNTS], ids=["budget-zero", "accounts"])
def test_parts_of_one_meeting_without_the_year_or_in_another_inflection(
    greve_dir: Path, tmp_path_factory: pytest.TempPathFactory, parts: dict[str, tuple[int, ...]]
) -> None:
    found = _link(greve_dir, tmp_path_factory.mktemp("greve-hidden-parts"), tuple(parts))
    matters = {found.get((name, n)) for name, numbers in parts.items() for n in numbers}
    assert len(matters) == 1 and None not in matters


#: Social- og Handicapudvalget's action plan for adults with special needs: "Udvalget besluttede
#: samtidig, at der skal forelægges status på handleplanen tre gange årligt" (the report of
#: 9 October 2023: "Det er en tilbagevendende sag"), eight numbered reports 2023-2025.
ACTION_PLAN = {
    "Social-og-Handicapudvalget_2023-05-22_1700_cf06b334.json": 4,
    "Social-og-Handicapudvalget_2023-10-09_1700_1a353936.json": 8,
    "Social-og-Handicapudvalget_2024-01-08_1700_1b87cbd6.json": 3,
    "Social-og-Handicapudvalget_2024-06-03_1700_d5d6f260.json": 3,
    "Social-og-Handicapudvalget_2024-10-07_1630_dc8f4bb5.json": 3,
    "Social-og-Handicapudvalget_2025-01-06_1630_6a35056f.json": 2,
    "Social-og-Handicapudvalget_2025-08-11_1630_81002a5a.json": 4,
    "Social-og-Handicapudvalget_2025-10-20_1630_320f32f7.json": 4,
}


def test_numbered_status_reports_on_one_plan_are_one_matter(
    greve_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # The committee's meetings of 2023-2025: the reports are on a third of them, no routine.
    names = sorted(p.name for p in greve_dir.glob("Social-og-Handicapudvalget_202[345]-*.json"))
    assert set(ACTION_PLAN) <= set(names)
    found = _link(greve_dir, tmp_path_factory.mktemp("greve-hidden-status"), tuple(names))
    matters = {found.get(key) for key in ACTION_PLAN.items()}
    assert len(matters) == 1 and None not in matters
