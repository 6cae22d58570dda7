"""Incremental derivation: the graph is derived per municipality (partition), an ingest marks
the partitions it touches as changed, only those are derived again, and the graph is the same
as one full derivation, whatever the batches the minutes came in."""

from __future__ import annotations

import contextlib
import json
import random
import shutil
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casegraph.answers import ask, question_graph
from casegraph.cli import cli
from casegraph.pipeline import BUILD_STATS, Store, ingest, load_document, relink
from core.errors import EmptyStoreError, NoMatchError
from core.records import Document, to_dict
from core.text import canonical_case_number
from graph.build import build_graph
from graph.link import (
    LinkItem,
    apply_links,
    blocking,
    items_from_graph,
    link_documents,
    link_input,
    link_items,
    link_matters,
)
from graph.link.incremental import STATS, LinkCache
from outputs.exporters import render
from queries.questions import QUESTIONS
from queries.timeline import case_number_of
from store import sqlite
from store.derived import people_file, read_link, read_people
from store.layout import decode_records, register_functions

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"
# Two months of Greve: committees, Økonomiudvalget and the council, so matters cross forums.
GREVE_FILES = (
    "Beskaeftigelses-og-Erhvervsudvalget_2022-01-10_0800_02e86ff6.json",
    "Byraad-2022-2025_2022-01-31_1900_779d518b.json",
    "Klima-Teknik-og-Miljoeudvalget_2022-01-17_0800_a8b10ae9.json",
    "Klima-Teknik-og-Miljoeudvalget_2022-02-14_0800_962cf1ab.json",
    "Oekonomiudvalget_2022-01-24_0800_442acc45.json",
    "Oekonomiudvalget_2022-02-28_0800_89d56abc.json",
    "Sundheds-og-Omsorgsudvalget_2022-01-10_1500_23fd63e3.json",
)


def copy_as_other_minutes(src: Path, dest: Path) -> None:
    """The seed minutes as another municipality would have published them (another file)."""
    dest.mkdir(parents=True, exist_ok=True)
    for file in sorted(src.glob("*.txt")):
        (dest / file.name).write_text(file.read_text(encoding="utf-8") + "\n", encoding="utf-8")


Corpus = list[tuple[Path, str | None]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """Files with the municipality they are ingested with: the seeds without one, and a copy
    of them as Kerteminde's."""
    other = tmp_path_factory.mktemp("kerteminde")
    copy_as_other_minutes(SEEDS, other)
    files: Corpus = [(f, None) for f in sorted(SEEDS.glob("*.txt"))]
    return files + [(f, "Kerteminde") for f in sorted(other.glob("*.txt"))]


@pytest.fixture(scope="module")
def greve_corpus(corpus: Corpus, greve_dir: Path) -> Corpus:
    """The corpus and two months of Greve's minutes (skipped without the shared corpus)."""
    return corpus + [(greve_dir / name, "Greve") for name in GREVE_FILES]


def ingest_batch(store: Path, batch: Corpus) -> None:
    for municipality in sorted({m or "" for _, m in batch}):
        paths = [f for f, m in batch if (m or "") == municipality]
        report = ingest(paths, store=store, municipality=municipality or None)
        assert not report.failures, report.failures


def exported(store: Path) -> bytes:
    with Store(store, readonly=True) as opened:
        return render(opened.graph(), "json")


def full_run(corpus: Corpus, store: Path) -> bytes:
    ingest_batch(store, corpus)
    with Store(store) as db:
        relink(db, full=True)
    return exported(store)


@pytest.fixture(scope="module")
def full_export(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return full_run(corpus, tmp_path_factory.mktemp("full") / "s")


@pytest.fixture(scope="module")
def greve_full_export(greve_corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return full_run(greve_corpus, tmp_path_factory.mktemp("full") / "s")


def test_partitions_are_the_municipalities_ingested_with(corpus: Corpus, tmp_path: Path) -> None:
    ingest_batch(tmp_path / "s", corpus)
    with Store(tmp_path / "s") as db:
        assert set(db.partitions()) == {"", "Kerteminde"}
        G = db.graph()
    # The invoice matter of the seeds, once per municipality: matters never cross one.
    matters = sorted(
        n
        for n, d in G.nodes(data=True)
        if d["type"] == "Matter" and any("2021-01-13:5" in k for k in d["items"])
    )
    assert matters == [
        "matter:direktionen:2021-01-07:4",
        "matter:kerteminde:direktionen:2021-01-07:4",
    ]


def test_an_ingest_marks_only_the_partitions_it_touches(tmp_path: Path) -> None:
    other = tmp_path / "other"
    copy_as_other_minutes(SEEDS, other)
    seeds = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "s"
    ingest(seeds[:3], store=store)
    ingest(sorted(other.glob("*.txt")), store=store, municipality="Kerteminde")
    with Store(store) as db:
        assert relink(db).derived == ["", "Kerteminde"]
        before = db.partitions()
        assert relink(db).derived == []  # nothing changed since
    ingest(seeds[3:], store=store)  # two more meetings without a municipality
    ingest(seeds[3:], store=store)  # the same again: unchanged, nothing marked
    with Store(store) as db:
        after = db.partitions()
        assert after["Kerteminde"] == before["Kerteminde"]
        assert after[""] > before[""]
        report = relink(db)
        assert (report.derived, report.fresh, report.items) == ([""], ["Kerteminde"], 31)
        assert relink(db, full=True).derived == ["", "Kerteminde"]


def test_removing_a_document_marks_its_partition(tmp_path: Path) -> None:
    store = tmp_path / "s"
    ingest([SEEDS], store=store, municipality="Nordfyns")
    number = canonical_case_number("S2020-57031")
    with Store(store) as db:
        relink(db)
        before = db.partitions()["Nordfyns"]
        carrying = db.case_items(number)
        assert carrying and {p for _, p in carrying} == {"Nordfyns"}
        path = next(p for p in sorted(db.paths()) if "000_" in p)  # the only one with it
        assert db.remove(path)
        assert db.partitions()["Nordfyns"] > before
        assert relink(db).derived == ["Nordfyns"]
        assert db.case_items(number) == []


def test_a_partition_whose_documents_are_all_gone_leaves_the_graph(tmp_path: Path) -> None:
    store = tmp_path / "s"
    other = tmp_path / "other"
    copy_as_other_minutes(SEEDS, other)
    ingest([SEEDS], store=store, municipality="Nordfyns")
    ingest([other / "002_a5db68b1e2c219a1.txt"], store=store)
    with Store(store) as db:
        assert "meeting:direktionen:2021-01-07" in db.graph()
        assert db.remove(str((other / "002_a5db68b1e2c219a1.txt").resolve()))
        assert list(db.partitions()) == ["Nordfyns"]
        assert "meeting:direktionen:2021-01-07" not in Store(store).graph()


def ingest_in_batches(corpus: Corpus, store: Path, data: st.DataObject) -> int:
    """Ingest ``corpus`` in an order and batches drawn from ``data``; after some batches,
    ask for the graph (which derives the changed partitions and saves them).

    Returns how many derivations will have been of a partition linked before, counting the
    one that the next question makes: each reads what the partition's last link left
    (:mod:`graph.link.incremental`)."""
    files = data.draw(st.permutations(corpus))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(files) - 1), max_size=3)))
    fresh: set[str] = set()  # partitions whose saved graph is that of their records
    linked: set[str] = set()
    reads = 0
    for start, end in zip([0, *cuts], [*cuts, len(files)], strict=True):
        ingest_batch(store, files[start:end])
        fresh -= {m or "" for _, m in files[start:end]}
        stale = {m or "" for _, m in files[:end]} - fresh
        if data.draw(st.booleans(), label="ask a question after this batch"):
            exported(store)
            reads += len(stale & linked)
            linked |= stale
            fresh |= stale
    return reads + len(({m or "" for _, m in files} - fresh) & linked)


def link_scores(store: Path) -> dict[str, dict[tuple[str, str], tuple[float | None, bool]]]:
    """Per partition, the score of every candidate pair its last link scored or reused (by
    the items' keys; None: below the threshold), from the caches the links left."""
    found = {}
    for path in sorted((store / sqlite.DERIVED_DIR).glob("*.link")):
        found[path.name] = read_link(path).pair_scores()
    return found


def same_as_full_run(store: Path, full: bytes) -> None:
    assert exported(store) == full  # read back from the saved partitions
    scores = link_scores(store)
    shutil.rmtree(store / sqlite.DERIVED_DIR)
    assert exported(store) == full  # derived anew
    # Every pair's score as a link without a cache finds it (a score taken from the cache
    # that should have been scored anew may still give the same graph).
    assert scores == link_scores(store)


def took_the_kept_blocking(before: Counter[str]) -> None:
    """Every link since ``before`` found its candidates with :mod:`graph.link.blocking`, and
    each that reused its cache reused the last link's blocking."""
    assert STATS["blocks"] - before["blocks"] == STATS["links"] - before["links"]
    assert STATS["blocks kept"] - before["blocks kept"] == (
        STATS["incremental"] - before["incremental"]
    )


SLOW = settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SLOW
@given(data=st.data())
def test_batches_in_any_order_give_the_graph_of_one_full_run(
    corpus: Corpus,
    full_export: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
) -> None:
    store = tmp_path_factory.mktemp("batches") / "s"
    before = STATS.copy()
    reads = ingest_in_batches(corpus, store, data)
    same_as_full_run(store, full_export)
    # Each partition linked before was linked again from its cache (the incremental path).
    assert STATS["read"] - before["read"] == reads
    took_the_kept_blocking(before)


@SLOW
@given(data=st.data())
def test_greve_in_batches_gives_the_graph_of_one_full_run(
    greve_corpus: Corpus,
    greve_full_export: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
) -> None:
    store = tmp_path_factory.mktemp("batches") / "s"
    before = STATS.copy()
    reads = ingest_in_batches(greve_corpus, store, data)
    same_as_full_run(store, greve_full_export)
    assert STATS["read"] - before["read"] == reads
    took_the_kept_blocking(before)


def test_greve_one_meeting_more_rescores_only_the_pairs_it_changes(
    greve_dir: Path, tmp_path: Path
) -> None:
    """A month of Greve's meetings more than the two above, then one meeting more: the link
    reuses the scores of the pairs whose inputs did not change, and the graph is that of a
    full derivation."""
    files = sorted(greve_dir.glob("*_2022-0[1-3]-*.json"))
    last = greve_dir / "Social-og-Handicapudvalget_2022-03-14_1700_627c09ef.json"
    assert last in files and len(files) > 20
    store = tmp_path / "s"
    ingest_batch(store, [(f, "Greve") for f in files if f != last])
    exported(store)
    before = STATS.copy()
    ingest_batch(store, [(last, "Greve")])
    again = exported(store)
    reused, scored = (STATS[k] - before[k] for k in ("reused", "scored"))
    assert STATS["incremental"] - before["incremental"] == 1
    assert STATS["blocks kept"] - before["blocks kept"] == 1  # the posting lists kept
    assert 0 < STATS["lists changed"] - before["lists changed"] < 200
    assert reused > scored > 0, (reused, scored)  # 2,130 and 1,281 when written
    assert again == full_run([(f, "Greve") for f in files], tmp_path / "full")
    assert link_scores(store) == link_scores(tmp_path / "full")


#: Small meetings of Greve's first quarter of 2022, held out alone or in pairs of at most 8
#: items: the other 355 or more of its 363 items keep the item count in the bucket of the
#: whole quarter's, so the partition's digest holds when they come (the link reuses its cache).
GREVE_SMALL = (
    ("Kultur-og-Fritidsudvalget_2022-03-21_0800_1d3fb686.json",),
    ("Byraad-2022-2025_2022-01-14_0800_8b2f1d8b.json",),
    ("Oekonomiudvalget_2022-01-10_0745_e049b9bf.json",),
    ("Social-og-Handicapudvalget_2022-03-14_1700_627c09ef.json",),
    (
        "Kultur-og-Fritidsudvalget_2022-03-21_0800_1d3fb686.json",
        "Byraad-2022-2025_2022-03-21_1700_a2dfd7b8.json",
    ),
)


@pytest.fixture(scope="module")
def greve_quarter(greve_dir: Path) -> list[Path]:
    return sorted(greve_dir.glob("*_2022-0[1-3]-*.json"))


@pytest.fixture(scope="module")
def greve_quarter_export(
    greve_quarter: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> bytes:
    return full_run([(f, "Greve") for f in greve_quarter], tmp_path_factory.mktemp("q") / "s")


@SLOW
@given(data=st.data())
def test_greve_small_meetings_added_in_batches_reuse_the_blocking(
    greve_quarter: list[Path],
    greve_quarter_export: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
) -> None:
    """Greve's first quarter of 2022 but one or two small meetings, derived; then those
    meetings one by one in a drawn order, a question after each: every link reuses its
    cache and the last link's blocking, and the graph and every candidate pair's score are
    those of a full run."""
    held = data.draw(st.permutations(data.draw(st.sampled_from(GREVE_SMALL))))
    store = tmp_path_factory.mktemp("quarter") / "s"
    ingest_batch(store, [(f, "Greve") for f in greve_quarter if f.name not in held])
    exported(store)
    before = STATS.copy()
    for name in held:
        ingest_batch(store, [(greve_quarter[0].parent / name, "Greve")])
        exported(store)
    assert STATS["incremental"] - before["incremental"] == len(held)
    took_the_kept_blocking(before)
    same_as_full_run(store, greve_quarter_export)


def test_a_named_meeting_added_after_the_item_naming_it_gets_its_best_item() -> None:
    """An item carries a decision of a meeting that comes later (its minutes ingested after
    the item was linked): the item is unchanged, but the best item of the meeting it names
    is found anew, and every pair's score is that of a link from scratch."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = [f"{a}{b}" for a in ("bolig", "skole", "havne", "trafik") for b in letters]
    forums = ("Kulturudvalget", "Økonomiudvalget", "Byråd")  # the forums' path as after
    fillers = [
        LinkItem(f"f{k:03d}", f"m{k:03d}", forums[k % 3], f"2023-{1 + k % 12:02d}-01", 1, w)
        for k, w in enumerate(words[:108])
    ]
    # The same title years before: the 3-grams of the title are common already, and their
    # weights stay as they are when the named meeting comes (the naming item is unchanged).
    fillers.append(LinkItem("f999", "m999", "Byråd", "2021-05-05", 1, "Ny daginstitution i Tune"))
    naming = LinkItem(
        "a1",
        "ma",
        "Byråd",
        "2024-03-20",
        4,
        "Ny daginstitution i Tune",
        earlier=(("mm", None),),
    )
    named = [
        LinkItem("m1", "mm", "Økonomiudvalget", "2024-03-13", 2, "Ny daginstitution i Tune"),
        LinkItem("m2", "mm", "Økonomiudvalget", "2024-03-13", 3, "Vejbelysning langs stier"),
    ]
    cache = LinkCache("test")
    link_items([*fillers, naming], cache=cache)
    after = [*fillers, naming, *named]
    result = link_items(after, cache=cache)
    assert cache.incremental and cache.reused > 0
    fresh = LinkCache("test")
    link_items(after, cache=fresh)
    assert cache.pair_scores() == fresh.pair_scores()
    keys = {(after[i].key, after[j].key) for i, j in result.features.best_in_meeting}
    assert ("a1", "m1") in keys


def titled_items(count: int, seed: int) -> list[LinkItem]:
    """``count`` items of three forums over four years whose titles and texts draw on a few
    words (so that title keys, posting lists and sketches overlap), two items a meeting."""
    rng = random.Random(seed)
    words = [
        "vejbelysning",
        "daginstitution",
        "budgetopfølgning",
        "lokalplan",
        "skolestruktur",
        "klimaplan",
        "affaldsordning",
        "trafiksikkerhed",
    ]
    forums = ("Byråd", "Økonomiudvalget", "Teknikudvalget")
    items = []
    for k in range(count):
        title = " ".join(rng.sample(words, 3)) + " " + rng.choice(("Tune", "Karlslunde", "Greve"))
        date = f"{2020 + k // 100}-{1 + k % 12:02d}-{1 + k // 12 % 28:02d}"
        text = title + " " + " ".join(rng.sample(words, 3))
        items.append(
            LinkItem(
                f"i{k:03d}", f"m{k // 2:03d}", forums[k // 2 % 3], date, 1 + k % 2, title, text=text
            )
        )
    return items


def relinked(before: list[LinkItem], after: list[LinkItem]) -> tuple[LinkCache, LinkCache]:
    """The cache of linking ``after`` from the cache of linking ``before``, and that of
    linking ``after`` from scratch."""
    cache, fresh = LinkCache("test"), LinkCache("test")
    link_items(before, cache=cache)
    link_items(after, cache=cache)
    link_items(after, cache=fresh)
    return cache, fresh


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_links_from_the_cache_give_every_pair_the_score_of_a_link_from_scratch(
    data: st.DataObject,
) -> None:
    """Items added, dropped and changed between two links (few enough that the partition's
    digest holds: the cache is reused, blocking included): every candidate pair and its
    score, and the matters, are those of a link from scratch."""
    items = titled_items(310, data.draw(st.integers(0, 3), label="seed"))
    later = data.draw(st.sets(st.integers(0, 309), max_size=12), label="added later")
    dropped = data.draw(st.sets(st.integers(0, 309), max_size=4), label="dropped")
    changed = data.draw(st.sets(st.integers(0, 309), max_size=4), label="changed")
    before = [it for k, it in enumerate(items) if k not in later]
    after = [
        replace(it, title=it.title + " 2", text=it.text + " ændret") if k in changed else it
        for k, it in enumerate(items)
        if k not in dropped
    ]
    start = STATS.copy()
    cache, fresh = relinked(before, after)
    assert cache.incremental and STATS["blocks kept"] - start["blocks kept"] == 1
    assert cache.pair_scores() == fresh.pair_scores()
    again = LinkCache("test")
    link_items(before, cache=again)
    assert link_items(after, cache=again).matters == link_items(after).matters


@pytest.mark.parametrize("wrong", ["stale posting lists", "one list per pair", "keys kept"])
def test_a_wrong_reuse_of_the_blocking_gives_other_pairs(
    wrong: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison above fails when the blocking reuses what it must not: the last
    link's posting pairs whatever changed, a pair taken away when one of its lists changed
    (other lists may give it still), the last link's choice of title keys whatever the
    holders of the keys."""
    items = titled_items(308, 0)
    before = [it for k, it in enumerate(items) if k % 37 != 4]
    cache, fresh = relinked(before, items)
    assert cache.incremental and cache.pair_scores() == fresh.pair_scores()
    posting_pairs = blocking._posting_pairs
    if wrong == "stale posting lists":
        monkeypatch.setattr(
            blocking,
            "_posting_pairs",
            lambda *a: a[-1].cache.posting_codes() if a[-2].on else posting_pairs(*a),
        )
    elif wrong == "one list per pair":
        codes = LinkCache.posting_codes
        monkeypatch.setattr(LinkCache, "posting_codes", lambda self: (codes(self)[0], {}))
    else:
        monkeypatch.setattr(blocking, "_moved_keys", lambda *a: set())
    cache, fresh = relinked(before, items)
    assert cache.incremental and cache.pair_scores() != fresh.pair_scores()


def people_reused(store: Path, partition: str) -> tuple[int, int]:
    """(documents analysed, documents taken from the cache) by the last derivation of
    ``partition``'s people (:mod:`extract.people_cache`)."""
    cache = read_people(store / sqlite.DERIVED_DIR / people_file(partition))
    return cache.analysed, cache.reused


def one_meeting_more(
    corpus: Corpus, held_out: Path, store: Path, data: st.DataObject, *, new_people: bool = False
) -> None:
    """Ingest ``corpus`` but ``held_out`` in batches (as :func:`ingest_in_batches`), derive,
    then ingest ``held_out``: its partition is derived again with the people analyses of
    the other documents reused (the incremental path), only the new one analysed; with
    ``new_people`` (its lists name people no other meeting does), also those of the others
    whose texts hold a new name's first word (never all of them here)."""
    rest = [(f, m) for f, m in corpus if f != held_out]
    ingest_in_batches(rest, store, data)
    exported(store)
    [(_, municipality)] = [(f, m) for f, m in corpus if f == held_out]
    ingest_batch(store, [(held_out, municipality)])
    exported(store)
    in_partition = sum((m or "") == (municipality or "") for _, m in corpus)
    analysed, reused = people_reused(store, municipality or "")
    if new_people:
        assert analysed < in_partition and analysed + reused == in_partition
    else:
        assert (analysed, reused) == (1, in_partition - 1)


@SLOW
@given(data=st.data())
def test_one_meeting_more_reuses_the_people_analyses_and_gives_the_full_run(
    corpus: Corpus,
    full_export: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
) -> None:
    # The meetings whose lists name no one the others do not (Direktionen 2021-01-07,
    # Strategisk Chefforum 2023-12-20), of the seeds or of their Kerteminde copy.
    held_out = data.draw(
        st.sampled_from([f for f, _ in corpus if f.name.startswith(("002_", "004_"))])
    )
    store = tmp_path_factory.mktemp("more") / "s"
    one_meeting_more(corpus, held_out, store, data)
    same_as_full_run(store, full_export)


@SLOW
@given(data=st.data())
def test_greve_one_meeting_more_reuses_the_people_analyses_and_gives_the_full_run(
    greve_corpus: Corpus,
    greve_full_export: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
) -> None:
    # Meetings whose members all sit in another meeting of the two months too.
    names = (GREVE_FILES[0], GREVE_FILES[4])
    held_out = data.draw(st.sampled_from([f for f, _ in greve_corpus if f.name in names]))
    store = tmp_path_factory.mktemp("more") / "s"
    one_meeting_more(greve_corpus, held_out, store, data)
    same_as_full_run(store, greve_full_export)


@SLOW
@given(data=st.data())
def test_one_meeting_with_new_people_more_reanalyses_only_what_they_can_change(
    corpus: Corpus,
    full_export: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
) -> None:
    # Meetings whose lists name people the others do not, not all of whose first names are
    # in every other meeting's texts (Direktionen 2020-05-27, Strategisk Chefforum 2021-01-13).
    held_out = data.draw(
        st.sampled_from([f for f, _ in corpus if f.name.startswith(("000_", "003_"))])
    )
    store = tmp_path_factory.mktemp("more") / "s"
    one_meeting_more(corpus, held_out, store, data, new_people=True)
    same_as_full_run(store, full_export)


@SLOW
@given(data=st.data())
def test_greve_one_meeting_with_new_people_more_reanalyses_only_what_they_can_change(
    greve_corpus: Corpus,
    greve_full_export: bytes,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
) -> None:
    # The council and two committees, whose members sit in no other meeting of the two months.
    names = (GREVE_FILES[1], GREVE_FILES[3], GREVE_FILES[6])
    held_out = data.draw(st.sampled_from([f for f, _ in greve_corpus if f.name in names]))
    store = tmp_path_factory.mktemp("more") / "s"
    one_meeting_more(greve_corpus, held_out, store, data, new_people=True)
    same_as_full_run(store, greve_full_export)


def test_relink_on_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    store = str(tmp_path / "s")
    assert runner.invoke(cli, ["ingest", "-q", "--store", store, str(SEEDS)]).exit_code == 0
    first = runner.invoke(cli, ["relink", "--store", store])
    assert first.exit_code == 0, first.output
    assert first.output == "1 partition derived again (31 items), 0 unchanged\n"
    again = runner.invoke(cli, ["relink", "--store", store, "--json"])
    assert json.loads(again.output)["fresh"] == [""]
    full = runner.invoke(cli, ["relink", "--store", store, "--full", "--json"])
    assert json.loads(full.output)["derived"] == [""]
    missing = runner.invoke(cli, ["relink", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 1
    assert missing.output.startswith("Error: no casegraph store at ")
    assert not (tmp_path / "none").exists()


def test_a_store_written_before_partitions_is_upgraded_in_place(tmp_path: Path) -> None:
    store = tmp_path / "s"
    ingest([SEEDS], store=store, municipality="Nordfyns")
    expected = exported(store)
    found = ask("search", store=store, text="regningsbetaling").to_dict()
    assert found["results"]
    # Make it a store of the earlier layout: no partition column, no partitions table, no
    # case-number table, JSON records, a full-text index with its own copy of the text, a
    # whole-graph cache beside the database.
    conn = sqlite.sqlite3.connect(store / sqlite.DB_NAME)
    register_functions(conn)
    items = conn.execute(
        "SELECT item_key, sha256, forum, date, number, title, body FROM items_text ORDER BY id"
    ).fetchall()
    conn.execute("DROP TABLE items_fts")
    conn.execute("DROP VIEW items_text")
    conn.execute("DROP TABLE items")
    conn.execute(
        "CREATE VIRTUAL TABLE items_fts USING fts5(item_key UNINDEXED, sha256 UNINDEXED,"
        " forum UNINDEXED, date UNINDEXED, number UNINDEXED, title, body,"
        ' tokenize = "unicode61 remove_diacritics 2")'
    )
    conn.executemany("INSERT INTO items_fts VALUES (?, ?, ?, ?, ?, ?, ?)", items)
    conn.execute("DROP INDEX documents_partition")
    conn.execute("ALTER TABLE documents DROP COLUMN partition")
    conn.execute("DROP TABLE partitions")
    conn.execute("DROP TABLE case_items")
    for sha, records in conn.execute("SELECT sha256, records FROM documents").fetchall():
        text = json.dumps(to_dict(decode_records(records)), ensure_ascii=False)
        conn.execute("UPDATE documents SET records = ? WHERE sha256 = ?", (text, sha))
    conn.commit()
    conn.close()
    shutil.rmtree(store / sqlite.DERIVED_DIR)
    (store / sqlite.OLD_GRAPH_NAME).write_text("{}")
    # Questions read it as it is (a case number from the whole graph); the next write
    # upgrades it.
    assert exported(store) == expected
    assert ask("search", store=store, text="regningsbetaling").to_dict() == found
    with Store(store, readonly=True) as db:
        assert question_graph(db, "S2020-57031") is None
    with Store(store) as db:
        assert db.partitions() == {"Nordfyns": db.generation()}
        assert relink(db).derived == []  # the question above saved it
    assert not (store / sqlite.OLD_GRAPH_NAME).exists()
    assert exported(store) == expected
    with Store(store, readonly=True) as db:
        part = question_graph(db, "S2020-57031")
        assert part is not None and "item:nordfyns:strategisk-chefforum:2021-01-13:5" in part
    assert ask("search", store=store, text="regningsbetaling").to_dict() == found
    with Store(store) as db:  # and the upgraded index forgets a document as a new one does
        for path in list(db.paths()):
            db.remove(path)
    with pytest.raises(EmptyStoreError):
        ask("search", store=store, text="regningsbetaling")
    with Store(store) as db:
        assert db.search_rows('"regningsbetaling"', 10) == []


def answers_from_bundles_and_whole(store: Path) -> tuple[int, list[str]]:
    """Ask ``case`` and ``attended`` for every case number of the store, from the bundles its
    meetings need and from the whole graph; the questions whose answers differ."""
    with Store(store) as db:
        G = db.graph()
        with pytest.raises(NoMatchError) as raised:  # in no title or text: from the tables
            question_graph(db, "qqxzv")
    with pytest.raises(NoMatchError, match=str(raised.value)):
        QUESTIONS["case"].function()(G, "qqxzv")
    items = [d for _, d in G.nodes(data=True) if d["type"] == "AgendaItem"]
    numbers = sorted({n for d in items for n in d["case_numbers"]})
    differ = []
    numbers = [n for n in numbers if case_number_of(n) is not None]  # others read as words
    # Words: the first one or two words of every tenth title, and one word inside compounds.
    titles = sorted({d["title"] for d in items if d.get("title")})[::10]
    words = sorted({" ".join(t.split()[:2]) for t in titles} | {"budget", "regning", "skole"})
    for number in numbers + words:
        for name in ("case", "attended"):
            try:
                whole = QUESTIONS[name].function()(G, number).to_dict()
            except NoMatchError as exc:  # items outside every matter
                whole = str(exc)
            with Store(store, readonly=True) as db, contextlib.suppress(NoMatchError):
                part = question_graph(db, number)
                assert part is None or len(part) <= len(G)
            try:
                from_bundles = ask(name, store=store, query=number).to_dict()
            except NoMatchError as exc:
                from_bundles = str(exc)
            if from_bundles != whole:
                differ.append(f"{name} {number}")
    return len(numbers), differ  # (the words' answers are checked as well)


def test_a_case_number_is_answered_from_its_meetings_alone(corpus: Corpus, tmp_path: Path) -> None:
    ingest_batch(tmp_path / "s", corpus)
    count, differ = answers_from_bundles_and_whole(tmp_path / "s")
    assert count >= 5 and differ == []


def test_greve_case_numbers_are_answered_from_their_meetings_alone(
    greve_corpus: Corpus, tmp_path: Path
) -> None:
    ingest_batch(tmp_path / "s", greve_corpus)
    count, differ = answers_from_bundles_and_whole(tmp_path / "s")
    assert count >= 50 and differ == []


def test_a_cache_derived_by_other_code_is_stale(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A linker rule changed without a GRAPH_VERSION bump still rebuilds the cached graph."""
    from graph.partition import Bundle, Part
    from store import derived

    part = Part({"": Bundle([("forum:x", {"type": "Forum"})], [])}, {}, {}, {})
    derived.write_part(tmp_path / "p.graph", "Greve", 3, part)
    assert derived.read_part(tmp_path / "p.graph", "Greve", 3) == part
    monkeypatch.setattr(derived, "code_digest", lambda: "0" * 16)
    assert derived.read_part(tmp_path / "p.graph", "Greve", 3) is None


def test_people_analyses_are_made_again_where_a_new_role_word_can_change_them() -> None:
    """A role word seen in any text anchors names in every text of the run (in any case),
    so a meeting with a new one (``Borgerrådgiver``) makes the documents that hold it be
    analysed again; the others are reused, and the result is a full run's."""
    from extract.nlp import analyse_segments
    from extract.people_cache import PeopleCache, analyse_documents

    first = ["Sagen blev drøftet. Kim Olsen deltog.", "Intet nyt.", "Morten og borgerrådgiver Ib."]
    more = [*first, "Borgerrådgiver Ann Berit Jensen deltog i punktets behandling."]
    cache = PeopleCache("test")
    analyse_documents(first, [1, 2, 3], [], cache)
    assert "Borgerrådgiver" not in cache.roles
    found = analyse_documents(more, [1, 2, 3, 4], [], cache)
    assert (cache.analysed, cache.reused) == (2, 2)  # the new one and the third
    assert found == analyse_segments(more, [], ends=[1, 2, 3, 4])[0]
    assert "Borgerrådgiver" in cache.roles
    again = analyse_documents(more, [1, 2, 3, 4], [], cache)  # nothing new: all reused
    assert (cache.analysed, cache.reused, again) == (0, 4, found)


def test_people_analyses_are_made_again_where_a_new_known_name_can_change_them() -> None:
    """A name that enters the gazetteer (a new meeting lists Gerd Holm) changes only the
    analyses of texts holding its first word; the others are reused, the result is a full
    run's."""
    from extract.nlp import analyse_segments
    from extract.people_cache import PeopleCache, analyse_documents

    texts = ["Gerd orienterede om sagen.", "Kim Olsen deltog.", "Intet nyt om Gerd."]
    more = [*texts, "Gerd Holm fremlagde."]
    known = ["Kim Olsen"]
    cache = PeopleCache("test")
    before = analyse_documents(texts, [1, 2, 3], known, cache)
    found = analyse_documents(more, [1, 2, 3, 4], [*known, "Gerd Holm"], cache)
    assert (cache.analysed, cache.reused) == (3, 1)  # the new one, the first and the third
    assert found == analyse_segments(more, [*known, "Gerd Holm"], ends=[1, 2, 3, 4])[0]
    assert found[0] != before[0]  # a known first name alone is a mention now
    gone = analyse_documents(texts, [1, 2, 3], known, cache)  # and it leaves again
    assert (cache.analysed, cache.reused, gone) == (2, 1, before)


def linked_both_ways(docs: list[Document]) -> tuple[bytes, bytes]:
    """The graph of ``docs`` linked by :func:`link_matters` and by :func:`link_documents`
    (no graph read: the output written into the built graph), as JSON; the second once
    more from the cache the first link of the documents left."""
    G = build_graph(docs)
    assert link_input(docs) == items_from_graph(G)  # the items and the meeting edges
    link_matters(G)
    cache = LinkCache("test")
    H = build_graph(docs)
    apply_links(H, link_documents(docs, cache=cache))
    assert render(H, "json") == render(G, "json")
    again = build_graph(docs)
    apply_links(again, link_documents(docs, cache=cache))
    assert cache.incremental and cache.scored == 0
    return render(G, "json"), render(again, "json")


def test_linking_from_documents_gives_the_graph_of_linking_the_graph(corpus: Corpus) -> None:
    """The seeds and their Kerteminde copy: the matters, steps and meeting edges found from
    the documents alone (what an add needs without building the partition's graph) are
    those found from their graph."""
    docs = [load_document(f) for f, m in corpus if m is None]
    full, again = linked_both_ways(docs)
    assert full == again


def test_greve_linked_from_documents_gives_the_graph_of_linking_the_graph(
    greve_dir: Path,
) -> None:
    """Greve, August and September 2025: the council's minutes of 2025-09-08 in two files
    (one meeting, its items' earlier decisions from both), and forums known only from an
    earlier decision (their names are searched for in the texts too)."""
    files = sorted(greve_dir.glob("*_2025-0[89]-*.json"))
    assert len([f for f in files if "Byraad" in f.name and "2025-09-08" in f.name]) == 2
    docs = []
    for file in files:
        doc = load_document(file)
        meeting = replace(doc.meeting, municipality="Greve", scope="Greve")
        docs.append(replace(doc, meeting=meeting))
    full, again = linked_both_ways(docs)
    assert full == again


# -- new meetings: only their bundles and those they change are made ----------------------


def synthetic_meetings(items: int, seed: int) -> list[Document]:
    """Generated minutes of one municipality (``bench/gen_corpus.py``), in date order."""
    sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))  # after the packages
    from gen_corpus import generate

    docs = [
        replace(d, meeting=replace(d.meeting, municipality="Kommune", scope="Kommune"))
        for d in generate(items, seed=seed).documents
    ]
    return sorted(docs, key=lambda d: (d.meeting.date, d.meeting.key))


def derived_files(store: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted((store / sqlite.DERIVED_DIR).iterdir())
        if p.suffix in (".graph", ".tables")
    }


def same_files_as_a_full_relink(store: Path, tmp: Path) -> None:
    """The derived graph and tables of ``store`` are, byte for byte, those a full derivation
    of the same records writes."""
    copy = tmp / "full"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(store, copy)
    with Store(copy) as db:
        relink(db, full=True)
    assert derived_files(store) == derived_files(copy)


def put_and_derive(store: Path, docs: list[Document]) -> dict[str, int]:
    """Store ``docs``, derive; how the partition was derived (:data:`BUILD_STATS`)."""
    before = dict(BUILD_STATS)
    with Store(store) as db:
        with db.transaction():
            for doc in docs:
                db.put(doc, path=doc.path)
        relink(db)
    return {k: v - before.get(k, 0) for k, v in BUILD_STATS.items() if v != before.get(k, 0)}


def test_new_meetings_take_the_per_meeting_way_and_give_the_full_derivation_s_bytes(
    tmp_path: Path,
) -> None:
    docs = synthetic_meetings(1500, seed=2)
    store = tmp_path / "s"
    put_and_derive(store, docs[:-8])
    ways = []
    for doc in docs[-8:]:  # the nightly case: the latest meetings, one at a time
        ways.append(put_and_derive(store, [doc]))
        same_files_as_a_full_relink(store, tmp_path)
    # Declined once (a committee meeting that an earlier item named: a stub that becomes a
    # documented meeting), else only the new meeting's bundle and those it changes made.
    assert sum(w.get("meetings", 0) for w in ways) >= 6, ways


@SLOW
@given(data=st.data())
def test_new_meetings_in_batches_give_the_bytes_of_one_full_derivation(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    docs = synthetic_meetings(1500, seed=3)
    new = data.draw(st.permutations(docs[-10:-1]))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(new) - 1), max_size=3)))
    store = tmp_path_factory.mktemp("meetings") / "s"
    put_and_derive(store, docs[:-10])
    for start, end in zip([0, *cuts], [*cuts, len(new)], strict=True):
        put_and_derive(store, new[start:end])
    # Then the latest meeting (the nightly case): the per-meeting way is taken.
    assert put_and_derive(store, docs[-1:]) == {"meetings": 1}
    same_files_as_a_full_relink(store, store.parent)
