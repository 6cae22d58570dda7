"""``meetings``, ``person`` and ``viz QUERY`` from the store's tables and the bundles they
name (casegraph/subgraphs.py, casegraph/viz.py) give the answers of the whole graph: every
person by key, name, alias and a few misspellings, every forum, the page of every case number
and of many title words; on the seeds (without a municipality, and again as Kerteminde's with
one person written differently, so that people are merged across partitions) and on two
months of Greve."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from test_derive import GREVE_FILES, Corpus, corpus, greve_corpus, ingest_batch  # noqa: F401

from casegraph import subgraphs
from casegraph.answers import ask
from casegraph.pipeline import Store, ingest
from casegraph.viz import query_graph, write_html
from core import schema
from core.errors import EmptyStoreError, NoMatchError
from queries.meetings import list_meetings
from queries.person import person
from store.sqlite import DERIVED_DIR, RecordStore
from store.tables import tables_file

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The seeds, and a copy as Kerteminde's where Morten V. Pedersen is also written
    "Morten Pedersen" (twice, where the seeds write "Morten V"): the whole graph knows him
    by both short forms, each partition by one."""
    other = tmp_path_factory.mktemp("kerteminde")
    for file in sorted(SEEDS.glob("*.txt")):
        text = re.sub(r"Morten V(?!\.)", "Morten Pedersen", file.read_text(encoding="utf-8"))
        (other / file.name).write_text(text, encoding="utf-8")
    files: Corpus = [(f, None) for f in sorted(SEEDS.glob("*.txt"))]
    return files + [(f, "Kerteminde") for f in sorted(other.glob("*.txt"))]


def outcome(answer: Any) -> Any:
    """The answer as data, or the error with its suggestions."""
    try:
        return answer().to_json()
    except NoMatchError as exc:
        return ("no match", str(exc), exc.suggestions)


def person_names(G: nx.MultiDiGraph) -> list[str]:
    """Every person's key, name and aliases, the names lower-cased without their last
    letter, first names alone (often several people: an error) and a name of nobody."""
    names = ["Zyxw Qvist", "", "  "]
    for key, d in sorted(G.nodes(data=True)):
        if d.get("type") == schema.PERSON:
            forms = [d["name"], *d.get("aliases", [])]
            names += [key, *forms, d["name"].lower()[:-1], d["name"].split()[0]]
    return names


def differences(store: Path) -> tuple[int, list[str]]:
    """Ask ``person`` and ``meetings`` from the tables and of the whole graph; how many
    questions, and those whose answers differ."""
    with Store(store, readonly=True) as db:
        G = db.graph()
    questions: list[tuple[str, dict[str, Any], Any]] = []
    for name in person_names(G):
        questions.append(("person", {"name": name}, lambda n=name: person(G, n)))
    forums = sorted({str(d.get("forum")) for _, d in G.nodes(data=True) if d.get("forum")})
    for forum in [None, "", "nobody's forum", *forums, *(f.upper() for f in forums)]:
        questions.append(("meetings", {"forum": forum}, lambda f=forum: list_meetings(G, f)))
    differ = [
        f"{q} {params}"
        for q, params, whole in questions
        if outcome(lambda q=q, p=params: ask(q, store=store, **p)) != outcome(whole)
    ]
    return len(questions), differ


def test_seeds_people_and_meetings_from_tables(seeds: Corpus, tmp_path: Path) -> None:
    ingest_batch(tmp_path / "s", seeds)
    aliases = ask("person", store=tmp_path / "s", name="Morten V. Pedersen").aliases
    assert aliases == ("Morten V", "Morten Pedersen")  # the seeds' first, then Kerteminde's
    asked, differ = differences(tmp_path / "s")
    assert asked > 100 and differ == []


def test_greve_people_and_meetings_from_tables(
    greve_corpus: Corpus,  # noqa: F811
    tmp_path: Path,
) -> None:
    ingest_batch(tmp_path / "s", greve_corpus)
    asked, differ = differences(tmp_path / "s")
    assert asked > 200 and differ == []


def test_a_person_reads_only_the_bundles_of_their_meetings(
    corpus: Corpus,  # noqa: F811
    tmp_path: Path,
) -> None:
    ingest_batch(tmp_path / "s", corpus)
    with Store(tmp_path / "s", readonly=True) as db:
        whole = db.graph()
        G, key = subgraphs.person_graph(db, "Åse Nielsen")
    meetings = {n for n, d in G.nodes(data=True) if d["type"] == schema.MEETING}
    documented = {n for n in meetings if G.nodes[n].get("documented")}
    # She is listed at Strategisk Chefforum of 13-01-2021 and of 20-12-2023, in the seeds
    # and in Kerteminde's copy: those four meetings are read, and no other.
    attended = {v for _, v, k in G.out_edges(key, keys=True) if k == schema.ATTENDED}
    assert sorted(m.rsplit(":", 1)[1] for m in attended) == [
        "2021-01-13",
        "2021-01-13",
        "2023-12-20",
        "2023-12-20",
    ]
    assert documented == attended
    assert len(G) < len(whole)
    assert person(G, key) == person(whole, "Åse Nielsen")


def test_tables_follow_the_records(tmp_path: Path) -> None:
    """Tables made again when missing (a store saved before them), and stale with their
    partition's graph after an ingest."""
    store = tmp_path / "s"
    files = sorted(SEEDS.glob("*.txt"))
    ingest(files[:3], store=store)
    # 000: 13-01-2021, 001: 20-12-2023, 002: 07-01-2021
    dates = [r.date for r in ask("meetings", store=store)]
    assert dates == ["2021-01-07", "2021-01-13", "2023-12-20"]
    table = store / DERIVED_DIR / tables_file("")
    assert table.is_file()
    table.unlink()  # a cache saved before the tables: they are made from the saved graph
    assert len(ask("meetings", store=store)) == 3 and table.is_file()
    ingest(files[3:], store=store)
    part = query_graph("regningsbetaling", store=store)  # derived again
    with Store(store, readonly=True) as db:
        whole = db.graph()
    assert len(part) < len(whole)
    assert page(part, "regningsbetaling", tmp_path / "p") == page(
        whole, "regningsbetaling", tmp_path / "p"
    )
    assert ask("meetings", store=store).to_json() == list_meetings(whole).to_json()
    assert len(ask("meetings", store=store)) == 5
    assert ask("person", store=store, name="morten v").attended[-1].date == "2023-12-20"


def test_an_empty_store_says_so(tmp_path: Path) -> None:
    RecordStore(tmp_path / "s").counts()  # created, nothing ingested
    for name, params in (("meetings", {}), ("person", {"name": "Åse"})):
        with pytest.raises(EmptyStoreError, match="holds no minutes yet"):
            ask(name, store=tmp_path / "s", **params)


def viz_queries(G: nx.MultiDiGraph) -> list[str]:
    """Every case number of ``G``, the first words of every fifth title, words inside
    compounds, keys of every third matter, item and case, keys of no node (a case number
    written otherwise, an item number not on the agenda, a matter keyed by its second item),
    and words in no title."""
    items = [d for _, d in sorted(G.nodes(data=True)) if d["type"] == schema.AGENDA_ITEM]
    numbers = sorted({n for d in items for n in d["case_numbers"]})
    titles = sorted({d["title"] for d in items if d.get("title")})[::5]
    words = sorted({" ".join(t.split()[:2]) for t in titles} | {"budget", "regning", "skole"})
    keys = [n for n in sorted(G) if n.startswith(("matter:", "item:", "case:"))][::3]
    steps = [d["items"] for _, d in G.nodes(data=True) if len(d.get("items") or ()) > 1]
    nothing = [
        "case:" + numbers[0].lower() + " ",
        "item:" + min(G.nodes[k]["meeting"] for k in keys if k.startswith("item:"))[8:] + ":99",
        "matter:" + steps[0][1].removeprefix("item:"),
    ]
    return numbers + words + keys + nothing + ["qqxzv", " " + numbers[0] + " "]


def page(G: nx.MultiDiGraph, query: str, out: Path) -> Any:
    """The page of ``query`` drawn from ``G`` and what was written, or the error."""
    try:
        report = write_html(G, out, query=query, max_nodes=60)
    except NoMatchError as exc:
        return ("no match", str(exc), exc.suggestions)
    return out.read_bytes(), dataclasses.replace(report, seconds=0.0)


def viz_differences(store: Path, tmp: Path) -> tuple[int, int, list[str]]:
    """Draw the page of every query of :func:`viz_queries` from the graph ``viz QUERY``
    reads and from the whole graph; how many queries, how many were drawn from a part of
    the graph, and those whose pages differ."""
    with Store(store, readonly=True) as db:
        whole = db.graph()
    queries = viz_queries(whole)
    differ = []
    parts = 0
    for query in queries:
        part = query_graph(query, store=store)
        parts += len(part) < len(whole)
        if page(part, query, tmp / "part.html") != page(whole, query, tmp / "part.html"):
            differ.append(query)
    return len(queries), parts, differ


def test_seed_pages_from_their_meetings(seeds: Corpus, tmp_path: Path) -> None:
    ingest_batch(tmp_path / "s", seeds)
    asked, parts, differ = viz_differences(tmp_path / "s", tmp_path)
    assert asked > 50 and parts > asked / 2 and differ == []


def test_greve_pages_from_their_meetings(greve_corpus: Corpus, tmp_path: Path) -> None:  # noqa: F811
    ingest_batch(tmp_path / "s", greve_corpus)
    asked, parts, differ = viz_differences(tmp_path / "s", tmp_path)
    assert asked > 200 and parts > asked / 2 and differ == []
