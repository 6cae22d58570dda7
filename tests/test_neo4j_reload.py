"""The reload by derived bundle (outputs/neo4j_bundles.py) against the real server.

Run with the dev server up::

    scripts/neo4j-dev start
    NEO4J_TESTS=1 .venv/bin/pytest -q tests/test_neo4j_reload.py
"""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
from test_neo4j_load import SEEDS, snapshot

from casegraph import neo4j_loading
from casegraph.neo4j_loading import load_neo4j
from casegraph.pipeline import Store, ingest
from core.records import AgendaItem, Document, Meeting, Source
from graph.build import build_graph
from graph.partition import Part, merge_parts, part_of_graph
from outputs import neo4j_bundle_rows, neo4j_bundles
from outputs.neo4j_bundles import has_manifest, load_parts, reload_parts
from outputs.neo4j_load import Counts, load_graph

from conftest_neo4j import neo4j_settings

PEOPLE = ["Gitte Clemmensen", "Jens Hansen", "Anne Bech", "Ole Holm"]


def doc(n: int, decision: str = "Godkendt.") -> Document:
    """Meeting ``n`` of Direktionen: two items, case numbers recurring every other one."""
    src = Source(f"{n:03d}.txt", f"{n:064x}", 1, 40)
    items = tuple(
        AgendaItem(
            number=i,
            title=f"Punkt {i} om sag {(n + i) // 2}",
            source=src,
            public=True,
            case_numbers=(f"S2021-{(n + i) // 2:05d}",),
            decision=decision if i == 1 else "Drøftet.",
            outcome="approved" if i == 1 else "discussed",
        )
        for i in (1, 2)
    )
    meeting = Meeting(
        forum="Direktionen",
        date=f"2021-01-{n:02d}",
        source=src,
        attendees=tuple(PEOPLE[n % 4 : n % 4 + 2]),
        attendance_recorded=True,
        items=items,
    )
    return Document(path=src.path, sha256=src.sha256, meeting=meeting, title="Referat")


def parts(a: list[Document], b: list[Document]) -> dict[str, Part]:
    """Two partitions (people, forums and cases shared between them by key)."""
    return {"A": part_of_graph(build_graph(a)), "B": part_of_graph(build_graph(b))}


@pytest.mark.parametrize("chunk_rows", [256, 3])
def test_reload_after_one_meeting_equals_a_full_load(
    neo4j_db: Any, monkeypatch: pytest.MonkeyPatch, chunk_rows: int
) -> None:
    """Also with the shared bundles in chunks of about 3 rows (their rows move between
    chunks as they grow), so that a reload changes some chunks and leaves others."""
    monkeypatch.setattr(neo4j_bundle_rows, "CHUNK_ROWS", chunk_rows)
    before = parts([doc(1), doc(2), doc(3)], [doc(10), doc(11), doc(20)])
    first = load_parts(neo4j_db, before)
    assert first.node_totals.created > 0
    assert load_parts(neo4j_db, before).sent == 0  # nothing changed: nothing read or sent

    # One more meeting in A, meeting 1's decision corrected (only its bundle changes
    # besides the new one and the shared ones), and meetings 11 and 20 of B gone (with
    # 20 its two cases, which no other meeting names: they leave B's shared bundle).
    after = parts([doc(1, "Godkendt med ændringer."), doc(2), doc(3), doc(4)], [doc(10)])
    reload = load_parts(neo4j_db, after)
    assert reload.changed
    assert load_parts(neo4j_db, after).sent == 0  # the reload's manifest is the graph's
    reloaded = snapshot(neo4j_db)

    neo4j_db.execute_query("MATCH (n) DETACH DELETE n")
    G: nx.MultiDiGraph = merge_parts([after["A"], after["B"]])
    load_graph(neo4j_db, G)
    fresh = snapshot(neo4j_db)
    assert reloaded == fresh
    texts = {p.get("text") for labels, p in fresh[0] if labels == ["Decision"]}
    assert "Godkendt med ændringer." in texts
    assert not any(p.get("key", "").endswith("2021-01-11") for _, p in fresh[0])
    numbers = {p.get("number") for labels, p in reloaded[0] if labels == ["Case"]}
    assert "S2021-00005" in numbers and not {"S2021-00010", "S2021-00011"} & numbers


def test_reload_merges_a_shared_node_with_the_other_partitions(neo4j_db: Any) -> None:
    """A person of two partitions whose value changes in one: the other partition's part of
    the merged value (its aliases) is read too, though that partition did not change."""

    def part(docs: list[Document], aliases: list[str]) -> Part:
        G = build_graph(docs)
        G.nodes["person:anne-bech"]["aliases"] = aliases
        return part_of_graph(G)

    b = part([doc(10)], ["A. Bech"])
    load_parts(neo4j_db, {"A": part([doc(1), doc(2)], []), "B": b})
    after = {"A": part([doc(1), doc(2), doc(5)], ["Anne B."]), "B": b}
    assert load_parts(neo4j_db, after).changed
    reloaded = snapshot(neo4j_db)
    neo4j_db.execute_query("MATCH (n) DETACH DELETE n")
    load_graph(neo4j_db, merge_parts([after["A"], after["B"]]))
    assert reloaded == snapshot(neo4j_db)
    anne = [p for labels, p in reloaded[0] if p.get("key") == "person:anne-bech"]
    assert anne[0]["aliases"] == ["Anne B.", "A. Bech"]


def test_reload_after_a_partition_is_gone(neo4j_db: Any) -> None:
    """A municipality no longer in the store: what only it held is deleted (its entries
    with it), what another still holds stays."""
    load_parts(neo4j_db, parts([doc(1), doc(2)], [doc(10), doc(11)]))
    only_a = {"A": part_of_graph(build_graph([doc(1), doc(2)]))}
    assert load_parts(neo4j_db, only_a).node_totals.deleted > 0
    assert load_parts(neo4j_db, only_a).sent == 0
    assert snapshot(neo4j_db) == fresh_content(neo4j_db, only_a)


def test_reload_through_a_manifest_without_stamps(neo4j_db: Any) -> None:
    """A manifest written before the stamps (its head without them) is still trusted: the
    reload reads every partition's shared bundle, as it did, and writes the stamps."""
    load_parts(neo4j_db, parts([doc(1), doc(2)], [doc(10)]))
    neo4j_db.execute_query(
        "MATCH (h:CasegraphBundle {id: $head}) REMOVE h.parts, h.stamps, h.chunks",
        head=neo4j_bundles.HEAD,
    )
    after = parts([doc(1), doc(2), doc(3)], [doc(10)])
    assert load_parts(neo4j_db, after).changed
    head = neo4j_db.execute_query(
        "MATCH (h:CasegraphBundle {id: $head}) RETURN h.parts AS parts", head=neo4j_bundles.HEAD
    ).records[0]
    assert head["parts"] == ["A", "B"]
    assert load_parts(neo4j_db, after).sent == 0
    assert snapshot(neo4j_db) == fresh_content(neo4j_db, after)


def test_reload_counts_the_whole_graph(neo4j_db: Any) -> None:
    before = parts([doc(1), doc(2)], [doc(10)])
    first = load_parts(neo4j_db, before)
    again = load_parts(neo4j_db, before)
    assert again.sent == again.compared == 0
    assert again.node_totals == Counts(unchanged=first.node_totals.created)
    assert again.relationship_totals == Counts(unchanged=first.relationship_totals.created)
    after = parts([doc(1), doc(2), doc(3)], [doc(10)])
    G = merge_parts([after["A"], after["B"]])
    reload = load_parts(neo4j_db, after)
    assert reload.node_totals.total == G.number_of_nodes()
    assert reload.relationship_totals.total == G.number_of_edges()
    assert reload.node_totals.deleted == 0 and reload.node_totals.created > 0


def four_loaded_fifth_ingested(tmp_path: Any) -> Any:
    """A store of four of the Nordfyns minutes, loaded into Neo4j, then the fifth ingested."""
    uri, user, password = neo4j_settings()
    files = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "store"
    ingest(files[:4], store=store)
    load_neo4j(store, uri=uri, user=user, password=password, bulk=False)
    ingest(files[4:], store=store)
    return store


def test_cli_load_after_one_more_minutes_equals_a_full_load(neo4j_db: Any, tmp_path: Any) -> None:
    """`casegraph neo4j load` through the store's saved bundles: four of the Nordfyns
    minutes loaded, the fifth ingested, loaded again by bundle."""
    uri, user, password = neo4j_settings()
    store = four_loaded_fifth_ingested(tmp_path)
    reload = load_neo4j(store, uri=uri, user=user, password=password, bulk=False)
    assert reload.changed and 0 < reload.compared < reload.node_totals.total
    reloaded = snapshot(neo4j_db)
    neo4j_db.execute_query("MATCH (n) DETACH DELETE n")
    with Store(store, readonly=True) as opened:
        load_graph(neo4j_db, opened.graph())
    assert reloaded == snapshot(neo4j_db)


def test_cli_reload_opens_only_the_partitions_that_changed(
    neo4j_db: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two municipalities loaded, one more minutes of one ingested: the reload opens that
    partition's saved graph first (the other's stamp is the one loaded), the other's only
    for the people both name (their merged values), and gives what a full load gives; a
    second reload opens none."""
    uri, user, password = neo4j_settings()
    files = sorted(SEEDS.glob("*.txt"))
    store = tmp_path / "store"
    ingest(files[:2], store=store, municipality="Nordfyns")
    ingest(files[2:4], store=store, municipality="Odense")
    load_neo4j(store, uri=uri, user=user, password=password, bulk=False)
    ingest(files[4:], store=store, municipality="Nordfyns")
    opened: list[str] = []
    real = neo4j_loading._opened

    def recording(db: Any, name: str, changed: int) -> Any:
        opened.append(name)
        return real(db, name, changed)

    monkeypatch.setattr(neo4j_loading, "_opened", recording)
    reload = load_neo4j(store, uri=uri, user=user, password=password, bulk=False)
    assert reload.changed and opened == ["Nordfyns", "Odense"]
    opened.clear()
    again = load_neo4j(store, uri=uri, user=user, password=password, bulk=False)
    assert not again.changed and opened == []
    reloaded = snapshot(neo4j_db)
    neo4j_db.execute_query("MATCH (n) DETACH DELETE n")
    with Store(store, readonly=True) as db:
        load_graph(neo4j_db, db.graph())
    assert reloaded == snapshot(neo4j_db)


class Crash(Exception):
    """Raised by a progress callback: the reload dies half-way."""


def crash_after(rows: int) -> Any:
    def progress(done: int, total: int) -> None:
        if done >= rows and done < total:
            raise Crash(f"{done} of {total}")

    return progress


def fresh_content(driver: Any, parts_: dict[str, Part]) -> tuple[list[Any], list[Any]]:
    """What a full load of ``parts_`` into an empty database gives."""
    driver.execute_query("MATCH (n) DETACH DELETE n")
    load_graph(driver, merge_parts(list(parts_.values())))
    return snapshot(driver)


def test_a_reload_that_dies_in_its_one_transaction_changes_nothing(neo4j_db: Any) -> None:
    """A small reload is one transaction: dying half-way leaves the database and the
    manifest as they were, and the next reload completes it."""
    before = parts([doc(1), doc(2), doc(3)], [doc(10)])
    load_parts(neo4j_db, before)
    loaded = snapshot(neo4j_db)
    after = parts([doc(1, "Godkendt med ændringer."), doc(2), doc(3), doc(4)], [doc(10)])
    with pytest.raises(Crash):
        load_parts(neo4j_db, after, batch_size=2, progress=crash_after(4))
    assert snapshot(neo4j_db) == loaded
    assert has_manifest(neo4j_db)
    reload = reload_parts(neo4j_db, after)
    assert reload is not None and reload.changed
    assert snapshot(neo4j_db) == fresh_content(neo4j_db, after)


def test_a_reload_that_dies_between_transactions_leaves_no_manifest(
    neo4j_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reload larger than one transaction drops the manifest's head first: dying after
    some batches are committed (values changed, counts perhaps the same) leaves nothing a
    load trusts, and the next load compares everything."""
    monkeypatch.setattr(neo4j_bundles, "ONE_TRANSACTION_ROWS", 1)
    before = parts([doc(1), doc(2), doc(3)], [doc(10)])
    load_parts(neo4j_db, before)
    # Only values change: the counts after the crash are the ones the manifest recorded.
    after = parts([doc(1, "Godkendt med ændringer."), doc(2), doc(3)], [doc(10, "Udsat.")])
    with pytest.raises(Crash):
        load_parts(neo4j_db, after, batch_size=1, progress=crash_after(1))
    assert not has_manifest(neo4j_db)
    assert reload_parts(neo4j_db, after) is None  # nothing to trust: nothing written
    again = load_parts(neo4j_db, after)
    assert again.compared == again.node_totals.total + again.relationship_totals.total
    reloaded = snapshot(neo4j_db)
    assert reloaded == fresh_content(neo4j_db, after)
    texts = {p.get("text") for labels, p in reloaded[0] if labels == ["Decision"]}
    assert {"Godkendt med ændringer.", "Udsat."} <= texts


def test_a_reload_in_several_transactions_equals_a_full_load(
    neo4j_db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(neo4j_bundles, "ONE_TRANSACTION_ROWS", 1)
    load_parts(neo4j_db, parts([doc(1), doc(2), doc(3)], [doc(10), doc(11)]))
    after = parts([doc(1, "Godkendt med ændringer."), doc(2), doc(3), doc(4)], [doc(10)])
    seen: list[tuple[int, int]] = []
    reload = load_parts(neo4j_db, after, batch_size=3, progress=lambda d, t: seen.append((d, t)))
    assert reload.changed and has_manifest(neo4j_db)
    total = seen[0][1]
    assert seen[0] == (0, total) and seen[-1] == (total, total) and total > 3
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert snapshot(neo4j_db) == fresh_content(neo4j_db, after)


def test_a_manifest_the_data_does_not_match_is_not_trusted(neo4j_db: Any) -> None:
    before = parts([doc(1), doc(2)], [doc(10)])
    load_parts(neo4j_db, before)
    assert has_manifest(neo4j_db)
    neo4j_db.execute_query("MATCH (n:Decision) WITH n LIMIT 1 DETACH DELETE n")
    assert not has_manifest(neo4j_db)
    assert reload_parts(neo4j_db, before) is None
    repaired = load_parts(neo4j_db, before)
    assert repaired.node_totals.created == 1
    assert snapshot(neo4j_db) == fresh_content(neo4j_db, before)


def test_cli_load_by_bundle_reports_progress(neo4j_db: Any, tmp_path: Any) -> None:
    uri, user, password = neo4j_settings()
    store = four_loaded_fifth_ingested(tmp_path)
    seen: list[tuple[int, int]] = []
    reload = load_neo4j(
        store,
        uri=uri,
        user=user,
        password=password,
        bulk=False,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert 0 < reload.compared < reload.node_totals.total  # by bundle, not the whole graph
    assert seen[0] == (0, reload.compared) and seen[-1] == (reload.compared, reload.compared)
