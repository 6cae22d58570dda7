"""Matter linking: the seeds' cross-forum matters, meeting references, look-alikes kept apart.

The expectations come from reading the seed minutes (examples/nordfyns):

* 002 (Direktionen 07-01-2021) item 4 *Udmøntning af Budget 2021 - Centralisering af
  regningsbetaling* has no case number and says the model is decided "forud for Strategisk
  Chefforums møde den 13. jan. 2021"; 000 (Strategisk Chefforum 13-01-2021) item 5 is the same
  matter under S2020-57031. Item 4 carries the decision of Direktionen 09-12-2020.
* 003 (Direktionen 27-05-2020) item 3 and 004 (Strategisk Chefforum 03-06-2020) item 3 share
  480-2020-7823 (Corona learning); 004 item 3 says "siden har Direktionen på et møde d. 27. maj".
* 003 item 5 and 004 item 2 are both *Budget 2021 - status* (480-2020-11871 and 480-2020-9281);
  003 item 5 asks to discuss "Dagsordenen til Strategisk Chefforum den 3. juni 2020".
* 002 item 3 *Strategisk Chefforum 13. jan. 2021* prepares that meeting.
* 001 (Strategisk Chefforum 20-12-2023) item 2 names "Direktionens møde den 8. november 2023".
* Standing numbers: S2019-75 (000 items 1 and 7), S2021-736 (001 items 1, 4, 6, 7),
  480-2020-7979 (003 items 2 and 7), and per meeting also 480-2018-702, 480-2020-43311,
  S2020-59392.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casegraph.pipeline import Store, load_document
from graph.build import build_graph
from graph.link import (
    Link,
    LinkItem,
    LinkSettings,
    find_standing_numbers,
    is_routine,
    items_from_graph,
    learn_routine,
    link_items,
    link_matters,
    score_pair,
)

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"

INVOICE = ("item:direktionen:2021-01-07:4", "item:strategisk-chefforum:2021-01-13:5")
CORONA = ("item:direktionen:2020-05-27:3", "item:strategisk-chefforum:2020-06-03:3")
BUDGET = ("item:direktionen:2020-05-27:5", "item:strategisk-chefforum:2020-06-03:2")


@pytest.fixture(scope="module")
def documents() -> list:
    return [load_document(p) for p in sorted(SEEDS.glob("*.txt"))]


@pytest.fixture(scope="module")
def G(documents: list, tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    """The seeds' graph as the store derives it (build_graph, then link_matters)."""
    store = Store(tmp_path_factory.mktemp("store"))
    for doc in documents:
        store.put(doc)
    return store.graph()


def matter_of(G: nx.MultiDiGraph, item: str) -> str | None:
    found = [v for _, v, k in G.out_edges(item, keys=True) if k == "PART_OF"]
    assert len(found) <= 1
    return found[0] if found else None


def matters(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    return {n: d["items"] for n, d in G.nodes(data=True) if d.get("type") == "Matter"}


@pytest.mark.parametrize("pair", [INVOICE, CORONA, BUDGET], ids=["invoice", "corona", "budget"])
def test_cross_forum_matter(G: nx.MultiDiGraph, pair: tuple[str, str]) -> None:
    earlier, later = pair
    matter = matter_of(G, earlier)
    assert matter == "matter:" + earlier.removeprefix("item:")
    assert matter_of(G, later) == matter
    assert G.nodes[matter]["items"] == [earlier, later]
    edge = G.get_edge_data(earlier, later, key="CONTINUES")
    assert edge is not None
    assert edge["score"] >= LinkSettings().threshold
    assert edge["evidence"]


def test_exactly_the_three_cross_forum_matters(G: nx.MultiDiGraph) -> None:
    multi = sorted(items for items in matters(G).values() if len(items) > 1)
    assert multi == sorted([list(INVOICE), list(CORONA), list(BUDGET)])


def test_evidence_names_why(G: nx.MultiDiGraph) -> None:
    corona = G.get_edge_data(*CORONA, key="CONTINUES")["evidence"]
    assert "case number 480-2020-7823" in corona
    invoice = G.get_edge_data(*INVOICE, key="CONTINUES")["evidence"]
    assert any(e.startswith("title similarity") for e in invoice)
    assert "explicit reference to the other meeting" in invoice
    budget = G.get_edge_data(*BUDGET, key="CONTINUES")["evidence"]
    assert any(e.startswith("different case numbers (480-2020-") for e in budget)
    assert any(e.endswith("overridden by the reference") for e in budget)
    assert "explicit reference to the other meeting" in budget


def test_invoice_label_is_the_latest_title(G: nx.MultiDiGraph) -> None:
    assert G.nodes["matter:direktionen:2021-01-07:4"]["label"] == (
        "Udmøntning af Budget 2021 - Centralisering og optimering af regningsbetaling"
    )


def test_prepares_edge(G: nx.MultiDiGraph) -> None:
    edge = G.get_edge_data(
        "item:direktionen:2021-01-07:3", "meeting:strategisk-chefforum:2021-01-13", key="PREPARES"
    )
    assert edge is not None
    assert edge["text"] == "Strategisk Chefforum 13. jan. 2021"
    assert edge["source_path"].endswith("002_a5db68b1e2c219a1.txt")
    assert G.nodes["meeting:strategisk-chefforum:2021-01-13"]["documented"] is True


def test_refers_to_a_stub_meeting(G: nx.MultiDiGraph) -> None:
    edge = G.get_edge_data(
        "item:strategisk-chefforum:2023-12-20:2", "meeting:direktionen:2023-11-08", key="REFERS_TO"
    )
    assert edge is not None
    assert edge["text"] == "Direktionens møde den 8. november 2023"
    stub = G.nodes["meeting:direktionen:2023-11-08"]
    assert stub["documented"] is False
    assert stub["forum"] == "Direktionen"


def test_earlier_decision_meeting_is_a_stub(G: nx.MultiDiGraph) -> None:
    decided_at = [
        v
        for _, d, k in G.out_edges(INVOICE[0], keys=True)
        if k == "HAS_DECISION" and G.nodes[d].get("earlier")
        for _, v, k2 in G.out_edges(d, keys=True)
        if k2 == "DECIDED_AT"
    ]
    assert decided_at == ["meeting:direktionen:2020-12-09"]
    assert G.nodes["meeting:direktionen:2020-12-09"]["documented"] is False


@pytest.mark.parametrize("number", ["S2019-75", "S2021-736", "480-2020-7979"])
def test_standing_numbers_are_detected_and_never_merge(G: nx.MultiDiGraph, number: str) -> None:
    items = [n for n, d in G.nodes(data=True) if number in (d.get("case_numbers") or ())]
    assert len(items) >= 2
    in_matters = [matter_of(G, i) for i in items]
    real = [m for m in in_matters if m is not None]
    assert len(real) == len(set(real)), f"{number} merged {items}"


def test_routine_items_are_in_no_matter(G: nx.MultiDiGraph) -> None:
    routine = [
        n
        for n, d in G.nodes(data=True)
        if d.get("type") == "AgendaItem" and d["title"] in ("Tidsplan", "Orientering")
    ]
    # Tidsplan and Orientering: items 1 and 7 of 000 and 001, 1 and 5 of 002, 8 of 003,
    # 1 and 4 of 004.
    assert len(routine) == 9
    assert all(matter_of(G, i) is None for i in routine)


def test_every_other_item_is_in_exactly_one_matter(G: nx.MultiDiGraph) -> None:
    items, _ = items_from_graph(G)
    routine = {items[i].key for i in learn_routine(items, LinkSettings())}
    assert {k for k in routine if not is_routine(G.nodes[k]["title"])} == set()
    for n, d in G.nodes(data=True):
        if d.get("type") == "AgendaItem" and n not in routine:
            assert matter_of(G, n) is not None, n


def test_look_alikes_stay_apart_even_without_a_time_window(documents: list) -> None:
    G = build_graph(documents)
    link_matters(G, LinkSettings(window_days=100000))
    planning = "item:strategisk-chefforum:2021-01-13:4"  # Budget 2022 - Planlægning ...
    evaluation = "item:strategisk-chefforum:2023-12-20:5"  # Evaluering ... Budget 2024
    assert matter_of(G, planning) != matter_of(G, evaluation)


def test_recurring_status_items_months_apart_stay_apart(G: nx.MultiDiGraph) -> None:
    # "Status på Corona - COVID-19" of Direktionen 27-05-2020 and 07-01-2021 (225 days):
    # two status items, kept apart by the time window.
    assert matter_of(G, "item:direktionen:2020-05-27:2") != matter_of(
        G, "item:direktionen:2021-01-07:2"
    )


def _snapshot(G: nx.MultiDiGraph) -> tuple[list, list]:
    nodes = sorted((n, sorted(d.items(), key=str)) for n, d in G.nodes(data=True))
    edges = sorted(
        (u, v, k, sorted(d.items(), key=str)) for u, v, k, d in G.edges(keys=True, data=True)
    )
    return [repr(n) for n in nodes], [repr(e) for e in edges]


def test_link_matters_is_idempotent(documents: list) -> None:
    G = build_graph(documents)
    first = link_matters(G)
    snapshot = _snapshot(G)
    second = link_matters(G)
    assert _snapshot(G) == snapshot
    assert first.matters == second.matters
    assert first.continues == second.continues == 3


def test_relinking_removes_what_the_last_run_added(documents: list) -> None:
    G = build_graph(documents)
    link_matters(G)
    report = link_matters(G, LinkSettings(threshold=10.0))
    assert report.continues == 0
    assert not any(k == "CONTINUES" for _, _, k in G.edges(keys=True))
    assert all(len(items) == 1 for items in matters(G).values())
    link_matters(G)
    assert len([m for m in matters(G).values() if len(m) > 1]) == 3


def test_report_counts(documents: list) -> None:
    report = link_matters(build_graph(documents))
    assert report.items == 31
    assert report.routine_items == 10  # the nine above + "Tidsplan for direktionsmødet"
    assert report.multi_item_matters == 3
    assert report.prepares == 1
    assert {"S2019-75", "S2021-736", "480-2020-7979"} <= set(report.standing_numbers)


# -- the algorithm on small hand-made items --------------------------------------------------


def item(key: str, date: str, number: int, title: str, **kw: object) -> LinkItem:
    forum = kw.pop("forum", "Direktionen")
    meeting = f"meeting:{key}:{date}"
    return LinkItem(f"item:{key}:{date}:{number}", meeting, str(forum), date, number, title, **kw)  # type: ignore[arg-type]


def test_two_items_of_one_meeting_are_one_matter_only_under_one_number() -> None:
    items = [
        item("d", "2021-01-07", 1, "Regningsbetaling", case_numbers=("S1",)),
        item("d", "2021-01-07", 2, "Regningsbetaling, bevillingssag", case_numbers=("S1",)),
        item("d", "2021-01-07", 3, "Regningsbetaling"),
        item("s", "2021-01-13", 5, "Regningsbetaling"),
    ]
    result = link_items(items)
    assert [0, 1] in [sorted(m)[:2] for m in result.matters]
    assert not any({2, 3} <= set(m) and {0} & set(m) for m in result.matters)
    for m in result.matters:
        unnumbered = [i for i in m if not items[i].case_numbers]
        assert len({items[i].meeting for i in unnumbered}) == len(unnumbered)


def test_different_numbers_keep_look_alikes_apart_even_through_a_third_item() -> None:
    items = [
        item("t", "2022-03-03", 4, "Garanti for Greve Fjernvarme", case_numbers=("22-000101",)),
        item("t", "2022-05-05", 4, "Garanti for Greve Fjernvarme"),
        item("t", "2022-07-07", 4, "Garanti for Greve Fjernvarme", case_numbers=("22-000555",)),
    ]
    result = link_items(items)
    assert not any({0, 2} <= set(m) for m in result.matters)
    assert score_pair(items, result.features, LinkSettings(), 0, 2).score < 0


def test_standing_number_alone_never_links() -> None:
    items = [
        item("s", "2023-12-20", 1, "Tidsplan", case_numbers=("S2021-736",)),
        item("s", "2023-12-20", 4, "Borgerrådgiverens årsberetning", case_numbers=("S2021-736",)),
        item("s", "2024-01-17", 3, "Nyt intranet", case_numbers=("S2021-736",)),
    ]
    assert find_standing_numbers(items, LinkSettings()) == frozenset({"S2021-736"})
    result = link_items(items)
    assert result.matters == [[1], [2]]


def test_a_shared_case_number_links_a_renamed_matter() -> None:
    items = [
        item("d", "2020-05-27", 3, "Corona-krisen - opsamling", case_numbers=("480-2020-7823",)),
        item("s", "2020-06-03", 3, "Det videre arbejde", case_numbers=("480-2020-7823",)),
    ]
    assert link_items(items).matters == [[0, 1]]


def test_an_earlier_decision_with_its_item_number_links() -> None:
    items = [
        item("m", "2025-03-26", 21, "Forslag om cykelstier"),
        item(
            "b",
            "2025-08-27",
            4,
            "Borgerforslag: sikre skoleveje",
            earlier=(("meeting:m:2025-03-26", 21),),
        ),
    ]
    result = link_items(items)
    assert result.matters == [[0, 1]]
    assert "earlier decision of item 21 carried along" in result.links[(0, 1)].evidence


def test_different_years_in_titles_keep_budgets_apart() -> None:
    items = [
        item("s", "2021-01-13", 4, "Budget 2022 - Planlægning af budgetstrategi"),
        item("s", "2021-02-10", 4, "Budget 2024 - Planlægning af budgetstrategi"),
    ]
    assert link_items(items).matters == [[0], [1]]


def test_routine_items_are_learned_from_their_forum() -> None:
    days = [f"2022-{m:02d}-10" for m in range(1, 9)]
    items = [item("u", d, 9, "Underskriftsark", forum="Kulturudvalget") for d in days]
    items += [item("u", d, 2, f"Huskeliste {d}", forum="Kulturudvalget") for d in days[:3]]
    items += [item("b", "2022-02-20", 9, "Underskriftsark", forum="Byrådet")]
    items += [item("v", "2022-03-20", 3, "Nyt rådhus", forum="Byrådet")]
    items += [item("w", "2022-04-20", 3, "Nyt rådhus", forum="Byrådet")]
    routine = learn_routine(items, LinkSettings())
    assert routine == [*range(8), 11]  # on every agenda of a forum; and so in every forum
    result = link_items(items)
    assert result.matters == [[8], [9], [10], [12], [13]]
    assert result.routine == routine


def test_routine_items_link_only_through_a_number_that_is_not_standing() -> None:
    days = [f"2022-{m:02d}-10" for m in range(1, 9)]
    items = [
        item("k", d, 9, "Mødekalender", forum="Kulturudvalget", case_numbers=("21-014480",))
        for d in days
    ]
    items += [
        item(
            "k",
            "2023-06-10",
            9,
            "Mødekalender 2024",
            forum="Kulturudvalget",
            case_numbers=("23-005195",),
        ),
        item(
            "b", "2023-06-20", 9, "Mødekalender 2024", forum="Byrådet", case_numbers=("23-005195",)
        ),
    ]
    result = link_items(items)
    assert "21-014480" in result.standing
    assert result.matters == [[8, 9]]
    assert result.routine == list(range(8))


def test_an_item_on_every_agenda_of_one_year_is_routine() -> None:
    # Greve's committees put a "møde- og aktivitetskalender" on every agenda from 2025 only:
    # a quarter of four years' meetings, but every meeting of that year.
    days = [f"{y}-{m:02d}-10" for y in (2022, 2023, 2024, 2025) for m in (1, 3, 5, 9)]
    topics = "bibliotek svømmehal musikskole idrætshal stadion teater museum kunstgræs".split()
    topics += "marina kulturhus spejderhytte skøjtebane festival tilskud frivillighed".split()
    topics += ["venskabsby"]
    items = [item("k", d, 1, t, forum="Kulturudvalget") for d, t in zip(days, topics, strict=True)]
    items += [
        item("k", d, 7, "Kulturudvalgets møde- og aktivitetskalender 2025", forum="Kulturudvalget")
        for d in days[-4:]
    ]
    assert learn_routine(items, LinkSettings()) == list(range(16, 20))


def test_a_number_going_round_the_forums_in_a_year_links_routine_items() -> None:
    # The council's case for next year's calendars: each forum's calendar under it, the council
    # and Økonomiudvalget twice. One committee's standing number for its letters to the chair,
    # twice in nine months, links nothing.
    cal = [
        item("b", "2023-05-15", 16, "Mødekalender 2024", forum="Byrådet"),
        item("b", "2023-09-04", 18, "Mødekalender 2024", forum="Byrådet"),
        item("k", "2023-09-11", 2, "Mødekalender 2024", forum="Kulturudvalget"),
        item("s", "2023-09-12", 2, "Mødekalender 2024", forum="Socialudvalget"),
    ]
    cal = [replace(it, case_numbers=("23-005195",)) for it in cal]
    chair = [
        item("s", d, 6, "Henvendelser til formanden", forum="Socialudvalget")
        for d in ("2022-11-14", "2023-08-14")
    ]
    chair = [replace(it, case_numbers=("21-016089",)) for it in chair]
    days = [f"2022-{m:02d}-20" for m in range(1, 9)]
    more = [item("s", d, 6, "Henvendelser til formanden", forum="Socialudvalget") for d in days]
    result = link_items(cal + chair + more)
    assert result.matters == [[0, 1, 2, 3]]
    assert "21-016089" in result.standing and "23-005195" not in result.standing


def test_an_umbrella_number_is_still_a_case_of_its_own() -> None:
    # Greve 22-005816: two proposals of June 2022 under one number (an umbrella, so no evidence
    # for one matter); the 2024 agreement under 24-011101 is another case, whatever its title.
    items = [
        item("o", "2022-06-13", 6, "Modeller til finansiering af kunstgræs på Karlslunde Stadion"),
        item("o", "2022-06-13", 10, "Mere selvforvaltning til idrætshallerne i Karlslunde"),
        item("b", "2022-06-20", 19, "Mere selvforvaltning til idrætshallerne i Karlslunde"),
        item("k", "2024-11-20", 5, "Selvforvaltning til idrætshallerne i Karlslunde 2025-2028"),
    ]
    numbers = ["22-005816"] * 3 + ["24-011101"]
    text = "Idrætsforeningen overtager driften af hallerne med tilskud og selvforvaltningsaftale"
    items = [
        replace(it, case_numbers=(n,), text=text if x else "")
        for x, (it, n) in enumerate(zip(items, numbers, strict=True))
    ]
    result = link_items(items, LinkSettings(window_days=1000))
    assert "22-005816" in result.standing
    assert result.matters == [[0], [1, 2], [3]]


def test_each_year_and_each_round_of_a_recurring_item_is_its_own_matter() -> None:
    # Greve's budget follow-ups: rounds 1, 2 and 3 a year, each through Økonomiudvalget and
    # Byrådet; with no numbers and much the same text, titles naming only other years or
    # other rounds are other cases, even through a chain of title links.
    text = "Budgetopfølgningen viser forventet regnskab for driften og anlæg i forhold til budget"
    rounds = [("2022-05-09", "2022-05-23", 1, 2022), ("2022-09-26", "2022-10-03", 2, 2022)]
    rounds += [("2022-11-28", "2022-12-12", 3, 2022), ("2023-11-27", "2023-12-11", 3, 2023)]
    items = []
    for date, council, n, year in rounds:
        items.append(item("o", date, 5, f"Budgetopfølgning {n} {year}", text=text))
        items.append(item("b", council, 12, f"Budgetopfølgning {n} {year}", text=text))
    items.append(item("o", "2022-08-15", 9, "Tids- og procesplan for budgetopfølgninger"))
    # Other meetings of the two forums (so that the follow-ups are not on most agendas).
    other = "bibliotek svømmehal musikskole idrætshal stadion teater museum kunstgræs".split()
    for n, topic in enumerate(other):
        items.append(item("o", f"2022-0{n + 1}-20", 3, f"Ny {topic}"))
        items.append(item("b", f"2022-0{n + 1}-27", 3, f"Ny {topic} i Greve"))
    result = link_items(items, LinkSettings(window_days=400, common_stem_share=0.5))
    assert result.matters[:5] == [[0, 1], [2, 3], [4, 5], [6, 7], [8]]


def test_each_round_of_a_recurring_series_is_its_own_matter() -> None:
    # Greve Fjernvarme's loan guarantees: a new request through the committee, Økonomiudvalget
    # and Byrådet in 2022, January 2024 and June 2024, under one title and much the same text.
    text = "Greve Fjernvarme anmoder om kommunal garanti for lån til udbygning af fjernvarmenettet"
    rounds = [
        ("2022-08-18", "2022-08-29", "2022-09-05"),
        ("2024-01-15", "2024-01-24", "2024-01-29"),
    ]
    rounds += [("2024-05-30", "2024-06-12", "2024-06-26")]
    items = [
        item(forum[0], date, 9, "Garantistillelse Greve Fjernvarme", text=text, forum=forum)
        for dates in rounds
        for forum, date in zip(("Klimaudvalget", "Økonomiudvalget", "Byrådet"), dates, strict=True)
    ]
    other = "bibliotek svømmehal musikskole idrætshal stadion teater museum kunstgræs".split()
    other += "marina kulturhus spejderhytte skøjtebane".split()
    for n, topic in enumerate(other):
        forum = ("Klimaudvalget", "Økonomiudvalget", "Byrådet")[n % 3]
        items.append(item(forum[0], f"2023-{n // 3 + 1:02d}-1{n % 3}", 2, topic, forum=forum))
    result = link_items(items, LinkSettings(window_days=400, common_stem_share=0.5))
    assert result.matters[:3] == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]


def test_routine_titles() -> None:
    assert is_routine("Godkendelse af dagsorden")
    assert is_routine("Meddelelser fra formanden")
    assert not is_routine("Tidsplan for renovering af Bogense Skole")


titles = st.text(alphabet="abcæøå Budget2021-", min_size=0, max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(titles, titles, st.integers(0, 60)), min_size=1, max_size=12))
def test_linking_any_items_is_deterministic_and_order_free(rows: list) -> None:
    items = [
        item(f"f{n % 3}", f"2021-{1 + day // 28:02d}-{1 + day % 28:02d}", n, title, text=text)
        for n, (title, text, day) in enumerate(rows)
    ]
    first = link_items(items)
    as_keys = sorted(sorted(items[i].key for i in m) for m in first.matters)
    shuffled = items[:]
    random.Random(0).shuffle(shuffled)
    again = link_items(shuffled)
    assert sorted(sorted(shuffled[i].key for i in m) for m in again.matters) == as_keys
    covered = sorted(i for m in first.matters for i in m)
    assert covered == sorted(set(range(len(items))) - set(first.routine))


def test_synthetic_corpus_is_linked_well() -> None:
    """A small generated corpus: the linker finds its matters (quality, not speed)."""
    import sys

    sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))  # after the packages
    from link import pairwise

    from graph.link import items_from_documents

    from gen_corpus import generate

    corpus = generate(3000, seed=7)
    items = items_from_documents(corpus.documents)
    result = link_items(items)
    scores = pairwise([[items[i].key for i in m] for m in result.matters], corpus.truth)
    assert scores["precision"] >= 0.95
    assert scores["recall"] >= 0.9


def test_each_municipality_linked_alone_gives_the_same_matters() -> None:
    """No matter crosses municipalities: a 10k corpus of three municipalities linked at once
    gives the matters and step links of linking each municipality alone, one after the other
    (the stream the 1M benchmark links). Linked in one run with statistics shared across
    municipalities (``by_municipality=False``: standing numbers, word weights), 5 of its
    matters differ, so this fails if the parts are not linked alone."""
    import sys

    sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))  # after the packages
    from graph.link import items_from_documents

    from gen_corpus import Calibration, generate

    corpus = generate(10000, seed=1, calibration=Calibration(years_per_municipality=2.0))
    items = items_from_documents(corpus.documents)
    towns = sorted({it.municipality or "" for it in items})
    assert len(towns) == 3
    whole = link_items(items)
    matters: list[list[str]] = []
    links: dict[tuple[str, str], Link] = {}
    for town in towns:
        part = [it for it in items if it.municipality == town]
        alone = link_items(part)
        matters += [[part[i].key for i in m] for m in alone.matters]
        links.update(((part[i].key, part[j].key), v) for (i, j), v in alone.links.items())
    assert sorted([items[i].key for i in m] for m in whole.matters) == sorted(matters)
    assert {(items[i].key, items[j].key): v for (i, j), v in whole.links.items()} == links
