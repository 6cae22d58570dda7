"""Organisations in the seed minutes: golden lists written by hand from reading the files.

An organisation is an outside body the text names: a national association (``KL``), a
research institute (``VIVE``), a university (``RUC`` = Roskilde Universitet), a
supplier, a consultancy, another municipality. The municipality's own departments
(``Økonomi og Løn``, ``Strategi og Politik``) and forums (``Direktionen``) are not.
``may_also`` holds names a careful reader could count either way (a product name, the
government); they are allowed, not required.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import networkx as nx
import pytest

from core.records import Document
from extract.nlp import find_organisations
from extract.orgs import canonical_org
from extract.people import annotate_people
from graph.build import build_graph
from graph.people import add_people

from seed_facts import S000, S001, S002, S003, S004, SEED_DIR, SEEDS


@dataclass(frozen=True)
class Orgs:
    required: frozenset[str] = frozenset()
    may_also: frozenset[str] = frozenset()


def orgs(*required: str, may_also: tuple[str, ...] = ()) -> Orgs:
    return Orgs(frozenset(required), frozenset(may_also))


GOLDEN: dict[str, dict[int, Orgs]] = {
    S000: {
        1: orgs(),
        # L52 "Roskilde Universitet ... Nordfyns Kommunes interesse"; L60 "indsendt til KL";
        # L64 "faciliteres af Resonans"; L67 "VIVE projektet"; L106 "og RUC"
        2: orgs("Roskilde Universitet", "Nordfyns Kommune", "KL", "VIVE", "Resonans"),
        # L134 "oplæg fra Fremfærd"; L138 "i Nordfyns Kommune"
        3: orgs("Fremfærd", "Nordfyns Kommune"),
        4: orgs("Nordfyns Kommune"),  # L216
        # L246 "KL vurderer"; "Økonomi og Løn" (L228 ...) is a department
        5: orgs("KL"),
        # L280 "projekt i Allerød Kommune"; L288 "møde med Marselisbog Consulting"
        6: orgs("Nordfyns Kommune", "Allerød Kommune", "Marselisbog Consulting"),
        # L336 "ny publikation fra Væksthus for Ledelse ... Ledelseskommisionens anbefalinger"
        7: orgs("Nordfyns Kommune", "Væksthus for Ledelse", may_also=("Ledelseskommissionen",)),
    },
    S001: {
        1: orgs(),
        # L47 "Colibo som leverandør"; L57 "Nordfyns kommunes nuværende intranet ... Sitecore";
        # L65 "en Microsoft cloudbaseret løsning"
        2: orgs("Colibo", "Nordfyns Kommune", "Microsoft", may_also=("Sitecore",)),
        3: orgs(),
        4: orgs(),
        5: orgs(),
        6: orgs("KL", "Nordfyns Kommune"),  # L266 "de 5 chefforeninger og KL"; L280
        7: orgs(),
    },
    S002: {
        1: orgs(),
        2: orgs(),
        # L66 "v/Fremfærd"; L71 "projektbeskrivelse fra Roskilde Kommune ... oplæg til KomDir";
        # L90 "samarbejde med RUC"
        3: orgs(
            "Fremfærd",
            "Roskilde Kommune",
            "Roskilde Universitet",
            may_also=("Kommunaldirektørforeningen",),
        ),
        4: orgs("Kerteminde Kommune"),  # L130
        5: orgs("KOMBIT"),  # L179 "Kombits erfaringsopsamling"
    },
    S003: {
        1: orgs(),
        2: orgs(),
        3: orgs("KL"),  # title "input til KL"; L109-113
        4: orgs("Odense Kommune"),  # L178
        # L266 "dialog med Index100"; L285 "Aftale mellem KL og Regeringen"
        5: orgs("KL", "Index100", may_also=("Regeringen",)),
        6: orgs(),
        7: orgs(),
        8: orgs(),
    },
    S004: {
        1: orgs(),
        2: orgs("KL", may_also=("Regeringen",)),  # L73 "Aftale mellem KL og Regeringen"
        3: orgs("KL"),  # L135-139
        4: orgs(),
    },
}


@cache
def annotated() -> dict[str, Document]:
    from casegraph.pipeline import load_document

    docs = [load_document(SEED_DIR / name) for name in SEEDS]
    return dict(zip(SEEDS, annotate_people(docs), strict=True))


CASES = [(seed, number) for seed in SEEDS for number in GOLDEN[seed]]


@pytest.mark.parametrize(("seed", "number"), CASES)
def test_organisations_of_item(seed: str, number: int) -> None:
    [it] = [i for i in annotated()[seed].meeting.items if i.number == number]
    want = GOLDEN[seed][number]
    got = set(it.organisations)
    assert want.required <= got
    assert got <= want.required | want.may_also


def test_precision_and_recall_of_organisations(capsys: pytest.CaptureFixture[str]) -> None:
    required = allowed = found = hits = 0
    for seed, number in CASES:
        [it] = [i for i in annotated()[seed].meeting.items if i.number == number]
        want = GOLDEN[seed][number]
        got = set(it.organisations)
        required += len(want.required)
        allowed += len(want.required | want.may_also)
        found += len(got)
        hits += len(got & want.required)
        assert got <= want.required | want.may_also
    with capsys.disabled():
        print(
            f"\norganisations on the seeds: {required} required, {found} found, "
            f"recall {hits / required:.3f}"
        )
    assert hits == required


# -- the graph ----------------------------------------------------------------------


def test_organisation_nodes_and_edges() -> None:
    docs = list(annotated().values())
    G = build_graph(docs)
    add_people(G, docs)
    assert G.nodes["org:kl"] == {"type": "Organisation", "name": "KL"}
    items = sorted(v for _, v, k in G.out_edges("org:kl", keys=True) if k == "MENTIONED_IN")
    assert "item:strategisk-chefforum:2021-01-13:5" in items
    edge = G.edges["org:roskilde-universitet", "item:direktionen:2021-01-07:3", "MENTIONED_IN"]
    # L90 "- Evt. samarbejde med RUC" in the Baggrund section (L59-92)
    assert edge["text"] == "RUC"
    assert edge["first_line"] <= 90 <= edge["last_line"]
    assert edge["sha256"] == docs[2].sha256


def test_no_organisation_is_a_person() -> None:
    docs = list(annotated().values())
    G = build_graph(docs)
    add_people(G, docs)
    names = {d["name"] for _, d in G.nodes(data=True) if d.get("type") == "Person"}
    orgs_ = {d["name"] for _, d in G.nodes(data=True) if d.get("type") == "Organisation"}
    assert not names & orgs_


def test_adding_twice_changes_nothing() -> None:
    docs = list(annotated().values())
    G = build_graph(docs)
    add_people(G, docs)
    before = nx.node_link_data(G, edges="edges")
    add_people(G, docs)
    assert nx.node_link_data(G, edges="edges") == before


# -- building blocks -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("Nordfyns kommunes", "Nordfyns Kommune"),
        ("Kerteminde Kommunes", "Kerteminde Kommune"),
        ("RUC", "Roskilde Universitet"),
        ("Kombits", "KOMBIT"),
        ("KL's", "KL"),
        ("KomDir", "Kommunaldirektørforeningen"),
        ("Region Syddanmarks", "Region Syddanmark"),
        ("Roskilde  Universitet", "Roskilde Universitet"),
    ],
)
def test_canonical_org(printed: str, canonical: str) -> None:
    assert canonical_org(printed) == canonical


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Der er aftalt møde med Marselisbog Consulting.", ["Marselisbog Consulting"]),
        ("Region Hovedstaden og Kredsløb A/S", ["Region Hovedstaden", "Kredsløb"]),
        ("Bidrag fra VIVE og Roskilde Universitet", ["VIVE", "Roskilde Universitet"]),
        ("erfaringsudveksling med Kerteminde Kommune", ["Kerteminde Kommune"]),
        ("KL’s særlige fokusområder", ["KL"]),
        # Departments, forums and function words before "kommune" are no organisation.
        ("Økonomi og Løn og Strategi og Politik", []),
        ("Strategisk Chefforum og Direktionen", []),
        ("Den kommune, der ... I hver kommune", []),
        ("Gitte Clemmensen rammesatte punktet.", []),
    ],
)
def test_find_organisations(text: str, found: list[str]) -> None:
    assert find_organisations(text) == found
