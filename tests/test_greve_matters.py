"""The hand-read Greve matters (``tests/data/greve_matters_gold.json``) against the minutes.

The gold was written by reading Greve's minutes in ``../shared/corpus/greve``; these tests
read the minutes in place (skipping when the corpus is absent) and check that the gold says
what the minutes say: every item exists, a matter's items carry the case number the gold
gives, an item's case history ("Sagens forløb") names the matter's latest earlier step in
each other forum, routine items recur on most agendas of their forum, and each year's
recurrence is a case of its own.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import defaultdict
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from gold_matters import MATTERS_GOLD, GoldItem, load_matters

pytestmark = pytest.mark.corpus

MATTERS, APART = load_matters()
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[a-zæøå]+")


@cache
def _meeting(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8-sig"))
    return data


def _raw(folder: Path, item: GoldItem) -> dict[str, Any]:
    path = folder / item.file
    assert path.is_file(), f"{item.file} is not in the Greve folder"
    found = [i for i in _meeting(path)["Dagsordenpunkter"] if int(i["Punktnummer"]) == item.item]
    assert len(found) == 1, f"{item}: {len(found)} items with that number"
    return found[0]


def _forum(folder: Path, item: GoldItem) -> str:
    return str(_meeting(folder / item.file)["Udvalg"]["Navn"])


def _date(item: GoldItem) -> str:
    return item.file.split("_")[1]


def _history(raw: dict[str, Any]) -> str:
    """The item's case history section as plain text ('' when it has none)."""
    text = " ".join(_TAG.sub(" ", f.get("Html") or "") for f in raw.get("Felter") or [])
    text = " ".join(html.unescape(text).split())
    start = text.find("Sagens forløb")
    return text[start:] if start >= 0 else ""


def _days(a: str, b: str) -> int:
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def _printed(date: str) -> tuple[str, str]:
    """A date as the case histories print it: 25-05-2023 or 25/05/2023."""
    y, m, d = date.split("-")
    return f"{d}-{m}-{y}", f"{d}/{m}/{y}"


def _topic(title: str, forum: str) -> str:
    """A title without the forum's own name, numbers, small words and -s/-en/-et endings."""

    def stem(word: str) -> str:
        for end in ("ets", "ens", "et", "en", "s"):
            if word.endswith(end) and len(word) - len(end) >= 4:
                return word[: -len(end)]
        return word

    own = {stem(w) for w in _WORD.findall(forum.lower())}
    small = {"og", "af", "for", "fra", "til", "i", "på", "om", "med"}
    words = (stem(w) for w in _WORD.findall(title.lower()) if w not in small)
    return " ".join(w for w in words if w not in own)


def test_gold_has_enough_matters_and_look_alikes() -> None:
    cross_forum = [m for m in MATTERS if len({i.file.split("_")[0] for i in m.items}) > 1]
    assert len(cross_forum) >= 10
    assert len(APART) >= 10
    keys = [i.key for m in MATTERS for i in m.items]
    assert len(keys) == len(set(keys)), "an item is in two gold matters"


@pytest.mark.parametrize("matter", MATTERS, ids=lambda m: m.id)
def test_matter_items_exist_in_date_order_one_per_meeting(greve_dir: Path, matter: Any) -> None:
    for item in matter.items:
        _raw(greve_dir, item)
    assert len({i.file for i in matter.items}) == len(matter.items)
    # Date and meeting time, as the file names give them (Byraad-2022-2025_2023-06-19_1700_...).
    times = [tuple(i.file.split("_")[-3:-1]) for i in matter.items]
    assert times == sorted(times)


@pytest.mark.parametrize("matter", MATTERS, ids=lambda m: m.id)
def test_matter_case_numbers(greve_dir: Path, matter: Any) -> None:
    numbers = {(_raw(greve_dir, i).get("SagsNummer") or "").strip() for i in matter.items}
    if matter.number is not None:
        assert numbers == {matter.number}
    else:
        assert numbers == {""} or len(numbers - {""}) > 1, numbers


@pytest.mark.parametrize("matter", MATTERS, ids=lambda m: m.id)
def test_case_history_names_the_latest_earlier_step_of_each_forum(
    greve_dir: Path, matter: Any
) -> None:
    checked = 0
    for n, item in enumerate(matter.items):
        history = _history(_raw(greve_dir, item))
        if not history:
            continue
        latest: dict[str, GoldItem] = {}
        for earlier in matter.items[:n]:
            recent = _days(_date(earlier), _date(item)) <= 60  # this round, not the hearing's
            if recent and _forum(greve_dir, earlier) != _forum(greve_dir, item):
                latest[_forum(greve_dir, earlier)] = earlier
        for forum, earlier in latest.items():
            assert any(d in history for d in _printed(_date(earlier))), (item, forum)
            checked += 1
    closed = all(_raw(greve_dir, i)["Navn"].startswith("Lukket") for i in matter.items)
    assert checked > 0 or closed  # closed items are published without their case history


@pytest.mark.parametrize("group", APART, ids=lambda g: g.id)
def test_look_alikes_exist_in_different_meetings(greve_dir: Path, group: Any) -> None:
    for item in group.items:
        _raw(greve_dir, item)
    assert len({i.file for i in group.items}) == len(group.items)


@pytest.mark.parametrize("group", [g for g in APART if g.kind == "routine"], ids=lambda g: g.id)
def test_routine_items_recur_on_most_agendas_of_their_forum(greve_dir: Path, group: Any) -> None:
    topics: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    meetings: dict[str, set[str]] = defaultdict(set)
    for path in sorted(greve_dir.glob("*.json")):
        forum = _meeting(path)["Udvalg"]["Navn"]
        meetings[forum].add(path.name)
        for raw in _meeting(path)["Dagsordenpunkter"]:
            topics[forum][_topic(raw["Navn"], forum)].add(path.name)
    for item in group.items:
        forum = _forum(greve_dir, item)
        topic = _topic(_raw(greve_dir, item)["Navn"], forum)
        share = len(topics[forum][topic]) / len(meetings[forum])
        assert share > 0.5, (str(item), topic, round(share, 2))


@pytest.mark.parametrize("group", [g for g in APART if g.kind != "routine"], ids=lambda g: g.id)
def test_recurrences_are_cases_of_their_own(greve_dir: Path, group: Any) -> None:
    numbers = [(_raw(greve_dir, i).get("SagsNummer") or "").strip() for i in group.items]
    if group.kind == "same-number":
        assert len(set(numbers)) == 1 and numbers[0]
        return
    for a, b in combinations(numbers, 2):
        assert a and b and a != b, numbers


def test_read_chain_pairs_fit_the_minutes(greve_dir: Path) -> None:
    """The pairs read to check the benchmark's truth are pairs it scores: two items of different
    meetings that carry the stated number, a number on 2-12 items of the folder."""
    data = json.loads(MATTERS_GOLD.read_text(encoding="utf-8"))
    held: dict[str, int] = defaultdict(int)
    for path in greve_dir.glob("*.json"):
        for raw in _meeting(path)["Dagsordenpunkter"]:
            held[(raw.get("SagsNummer") or "").strip()] += 1
    pairs = data["chain_pairs_read"]
    assert len(pairs) == 30
    for pair in pairs:
        a, b = (GoldItem(i["file"], i["item"]) for i in pair["items"])
        assert a.file != b.file, pair
        for item in (a, b):
            assert (_raw(greve_dir, item).get("SagsNummer") or "").strip() == pair["number"], pair
        assert 2 <= held[pair["number"]] <= 12, pair
        assert pair["one_matter"] == (pair["kind"] == "one"), pair
