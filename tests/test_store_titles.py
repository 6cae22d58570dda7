"""Word questions ranked from the store's tables (``queries.store_titles``) answer as the
whole graph does: ``case`` and ``attended`` asked of a store, which reads only the bundles of
the best matters' meetings, give the answer (or the error) the functions give on the whole
graph, for every kind of word query and several ``--limit``.

Generated minutes of three municipalities (three partitions) with routine titles, yearly
series and drifting titles: many matters share each word, so which matters are read is
decided by the ranking's bound, not by there being few.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from casegraph.answers import ask, question_bundles, question_graph, ranked_graph
from casegraph.pipeline import Store
from core.errors import NoMatchError
from queries.attended import attended
from queries.timeline import case_timeline
from store.lookup import LOOKUP_FILE
from store.texts import PLACEHOLDER, LazyTexts

sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))  # after the packages
from test_word_ranking import queries_of

from gen_corpus import generate


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, nx.MultiDiGraph]:
    path = tmp_path_factory.mktemp("titles") / "store"
    with Store(path) as db, db.transaction():
        for index, doc in enumerate(generate(3000, seed=5).documents):
            name = f"Kommune {index % 3}"  # three partitions
            meeting = dataclasses.replace(doc.meeting, municipality=name, scope=name)
            db.put(dataclasses.replace(doc, meeting=meeting), path=doc.path)
    with Store(path) as db:
        return path, db.graph()


def _answer(function: Any, *args: Any, **params: Any) -> Any:
    try:
        return function(*args, **params).to_dict()
    except NoMatchError as exc:
        return str(exc)


def test_word_questions_from_the_tables_answer_as_the_whole_graph(
    store: tuple[Path, nx.MultiDiGraph],
) -> None:
    path, G = store
    queries = queries_of(G, random.Random(11), size=25)
    queries += ["Godkendelse af", "Orientering fra", "orientering budget", "budget", "qqxzv"]
    differ, partial = [], 0
    for query in queries:
        with Store(path, readonly=True) as db:
            try:  # a part of the graph, or the error without any graph
                part = question_graph(db, query, keep=13)
                partial += part is not None and len(part) < len(G) // 2
            except NoMatchError:
                partial += 1
        for limit in (1, 3, 8):
            whole = _answer(case_timeline, G, query, limit=limit)
            if _answer(ask, "case", store=path, query=query, limit=limit) != whole:
                differ.append(f"case {query!r} --limit {limit}")
        whole = _answer(attended, G, query)
        if _answer(ask, "attended", store=path, query=query) != whole:
            differ.append(f"attended {query!r}")
    assert differ == []
    assert len(queries) > 100 and partial > len(queries) // 2, (len(queries), partial)


def test_only_the_items_of_the_meetings_read_get_their_texts(
    store: tuple[Path, nx.MultiDiGraph],
) -> None:
    """The texts the cache leaves to the records are read for the items of the meetings
    whose bundles are read, not for the copies of other meetings' items their edges reach
    (those get None: the answers read the texts of the best matters' items only, and every
    meeting of theirs is read)."""
    path, G = store
    copies = 0
    for query in ["Godkendelse af", "budget", "orientering budget"]:
        with Store(path, readonly=True) as db:
            keys = question_bundles(db, query, keep=13)
            part = question_graph(db, query, keep=13)
        assert keys is not None and part is not None
        read = {k for found in keys.values() for k in found}
        # The texts of the meetings read are read from the records when first asked for.
        waiting = [d for _, d in part.nodes(data=True) if dict.get(d, "text") is PLACEHOLDER]
        assert waiting and all(isinstance(d, LazyTexts) for d in waiting)
        for node, d in part.nodes(data=True):
            if d["type"] != "AgendaItem":
                continue
            whole = G.nodes[node]
            if d["meeting"] in read:
                assert (d["text"], d["decision"]) == (whole["text"], whole["decision"])
            else:
                assert d["text"] is None and d["decision"] is None, node
                copies += bool(whole["text"])
    assert copies > 0  # there are copies of other meetings' items with texts left unread


def test_a_case_number_no_item_carries_is_an_error_without_reading_the_graph(
    store: tuple[Path, nx.MultiDiGraph],
) -> None:
    path, G = store
    with pytest.raises(NoMatchError, match="no agenda item has case number 99-999999"):
        case_timeline(G, "99-999999")
    with Store(path, readonly=True) as db, pytest.raises(NoMatchError, match="99-999999"):
        question_graph(db, "99-999999")


def test_a_matters_own_key_reads_its_steps(store: tuple[Path, nx.MultiDiGraph]) -> None:
    path, G = store
    matter = max(
        (n for n, d in G.nodes(data=True) if d["type"] == "Matter"),
        key=lambda m: (len(G.nodes[m]["items"]), m),
    )
    with Store(path, readonly=True) as db:
        part = question_graph(db, matter)
    assert part is not None and len(part) < len(G)
    expected = case_timeline(G, matter).to_dict()
    assert ask("case", store=path, query=matter).to_dict() == expected


def _body_terms(conn: sqlite3.Connection) -> set[str]:
    """The terms of the items' texts in the full-text index, read term by term."""
    conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING fts5vocab(main, items_fts, 'col')"
    )
    return {t for (t,) in conn.execute("SELECT term FROM temp.terms WHERE col = 'body'")}


def _ask_all(path: Path, queries: list[str]) -> list[Any]:
    answers = []
    for query in queries:
        answers.append(_answer(ask, "case", store=path, query=query, limit=3))
        answers.append(_answer(ask, "attended", store=path, query=query))
    return answers


def test_text_terms_are_the_terms_of_the_index_and_upgrade_in_place(
    store: tuple[Path, nx.MultiDiGraph], tmp_path: Path
) -> None:
    path, G = store
    with sqlite3.connect(path / "casegraph.db") as conn:
        terms = {t for (t,) in conn.execute("SELECT term FROM text_terms")}
        assert terms == _body_terms(conn) and len(terms) > 1000
    # Text-only words (and words also in titles): the same answers from a store written
    # before the table (read as it is: every term of the index), and after its upgrade.
    queries = queries_of(G, random.Random(12), size=8)
    expected = _ask_all(path, queries)
    old = tmp_path / "old"
    shutil.copytree(path, old)
    with sqlite3.connect(old / "casegraph.db") as conn:
        conn.execute("DROP TABLE text_terms")
        conn.execute("PRAGMA user_version = 2")
    assert _ask_all(old, queries) == expected
    with Store(old) as db:  # a write upgrades it
        db.remove(next(iter(db.paths())))
    with sqlite3.connect(old / "casegraph.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        upgraded = {t for (t,) in conn.execute("SELECT term FROM text_terms")}
        # A term stays when the last text holding it goes: more terms than the index's.
        assert upgraded == terms and upgraded >= _body_terms(conn)


def test_tables_without_the_matters_read_the_heads(
    store: tuple[Path, nx.MultiDiGraph], tmp_path: Path
) -> None:
    path, G = store
    queries = [*queries_of(G, random.Random(13), size=6), "Godkendelse af", "budget"]
    expected = [_answer(case_timeline, G, q) for q in queries]
    copy = tmp_path / "copy"
    shutil.copytree(path, copy)
    for tables in (copy / "derived").glob("*.tables"):
        tables.unlink()  # as a store saved before the tables (word questions do not make them)
    (copy / "derived" / LOOKUP_FILE).unlink()  # nor the lookup, made with them
    assert [_answer(ask, "case", store=copy, query=q) for q in queries] == expected
    assert not list((copy / "derived").glob("*.tables"))
    assert not (copy / "derived" / LOOKUP_FILE).exists()


def _whole_all(G: nx.MultiDiGraph, queries: list[str]) -> list[Any]:
    answers = []
    for query in queries:
        answers.append(_answer(case_timeline, G, query, limit=3))
        answers.append(_answer(attended, G, query))
    return answers


def test_the_lookup_gives_the_items_matters_and_the_matters_listed(
    store: tuple[Path, nx.MultiDiGraph], tmp_path: Path
) -> None:
    """Word questions look each found item's matter up (:mod:`store.lookup`), rank from the
    tables, read the bundles of the matters shown only and list the others as the lookup
    has them; without the lookup (a store written before it) or with a stale one, the
    same answers come from the partitions' tables and the best matters' bundles."""
    path, G = store
    queries = [*queries_of(G, random.Random(14), size=8), "Godkendelse af", "orientering budget"]
    expected = _whole_all(G, queries)
    with Store(path, readonly=True) as db:
        lookup = db.lookup()
        assert lookup is not None and len(lookup.heads()) == 3
        for query in ["Godkendelse af", "budget"]:
            found = ranked_graph(db, query, limit=1)
            assert found is not None
            part, ranking = found
            shown = case_timeline(G, query, limit=1).matters[0].id
            assert shown in part and len(ranking.listed) == 10
            assert [m for m in ranking.listed if m in part] == []  # not read, looked up
            bigger = question_graph(db, query, keep=11)
            assert bigger is not None and len(part) < len(bigger) // 2
    assert _ask_all(path, queries) == expected
    for kind in ("none", "stale"):
        copy = tmp_path / kind
        shutil.copytree(path, copy)
        if kind == "none":
            (copy / "derived" / LOOKUP_FILE).unlink()
        else:
            with sqlite3.connect(copy / "derived" / LOOKUP_FILE) as conn:
                conn.execute("UPDATE parts SET head = head || ' '")
        with Store(copy, readonly=True) as db:
            assert ranked_graph(db, "Godkendelse af", limit=1) is None  # the slower way
        assert _ask_all(copy, queries) == expected, kind


@pytest.mark.parametrize("sha", ["0" * 64, "f" * 64])  # before and after the other one
def test_a_word_of_another_copy_of_a_meeting_is_looked_up_in_the_graphs_text(
    sha: str, tmp_path: Path
) -> None:
    """A word question reads an item's text from its own row's records unless the tables
    list the item as kept (:attr:`store.tables.PartTables.kept`): a meeting stored from two
    documents is one meeting of the graph, whose items have the texts of one of them."""
    from core.records import Section
    from store.tables import TABLES_VERSION

    docs = generate(600, seed=7).documents
    path = tmp_path / "store"
    with Store(path) as db, db.transaction():
        for doc in docs:
            db.put(doc, path=doc.path)
    with Store(path) as db:
        G = db.graph()
    # A second document of a meeting with an item in a matter of several steps, its texts
    # holding a word no other text holds.
    item = next(
        n
        for n, d in G.nodes(data=True)
        if d["type"] == "Matter" and len(d["items"]) > 2
        for n in d["items"][:1]
    )
    doc = next(d for d in docs if any(i.key(d.meeting.key) == item for i in d.meeting.items))
    items = tuple(
        dataclasses.replace(
            i, sections=(Section("Sagen", f"Sagen om zyxqvord nummer {i.number}.", i.source),)
        )
        for i in doc.meeting.items
    )
    twin = dataclasses.replace(
        doc, path="twin.txt", sha256=sha, meeting=dataclasses.replace(doc.meeting, items=items)
    )
    with Store(path) as db:
        db.put(twin, path="twin.txt")
        G = db.graph()
        [(partition, changed)] = db.partitions().items()
        tables = db.tables(partition, changed, ("kept",))
    assert TABLES_VERSION >= 4 and tables is not None and tables.kept is not None
    assert item in tables.kept  # two documents give its meeting
    for query in ("zyxqvord", "zyxqvord sagen"):
        whole = _answer(case_timeline, G, query, limit=3)
        assert _answer(ask, "case", store=path, query=query, limit=3) == whole
        assert _answer(ask, "attended", store=path, query=query) == _answer(attended, G, query)
