"""The hand-read Greve gold sets: that they fit the minutes, and how the program scores.

The gold (``tests/data/greve_outcomes_gold.tsv``, ``tests/data/greve_people_gold.json``)
was written by reading Greve's minutes in ``../shared/corpus/greve``; these tests read
the minutes in place and skip when the corpus is absent. The scores are printed (run
with ``-s``) and kept in the test report.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from core.records import AgendaItem, Document
from extract.people_words import is_person_name

from gold import (
    OUTCOME_LABELS,
    OUTCOMES_HELDOUT,
    OUTCOMES_RANDOM,
    OutcomeRow,
    fold_name,
    load_outcomes,
    load_people,
    score_labels,
    score_people,
    score_targets,
    score_votes,
)

pytestmark = pytest.mark.corpus

_TAG_RE = re.compile(r"<(/?)(\w+)[^>]*>")
#: Inline tags join the text around them ("Gr<span>eve" is "Greve"); the rest break it.
_INLINE = frozenset({"span", "b", "i", "u", "em", "strong", "a", "sup", "sub", "font"})


@cache
def _raw_items(path: Path) -> dict[int, dict[str, Any]]:
    """The items of one Greve file by number, read straight from its JSON."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    return {int(item["Punktnummer"]): item for item in data["Dagsordenpunkter"]}


def _plain_text(item: dict[str, Any]) -> str:
    """The item's title and HTML as plain text (tags dropped, entities decoded)."""
    parts = [item.get("Navn") or ""]
    for field in item.get("Felter") or []:
        parts.append(
            _TAG_RE.sub(
                lambda m: "" if m.group(2).lower() in _INLINE else " ", field.get("Html") or ""
            )
        )
    return " ".join(html.unescape(" ".join(parts)).split())


@cache
def _parsed(path: Path) -> Document:
    from casegraph.pipeline import load_document

    return load_document(path)


@cache
def _annotated(folder: Path) -> dict[str, Document]:
    from extract.people import annotate_people

    docs = [_parsed(p) for p in sorted(folder.glob("*.json"))]
    return {Path(d.path).name: d for d in annotate_people(docs)}


def _item(doc: Document, number: int) -> AgendaItem:
    [item] = [i for i in doc.meeting.items if i.number == number]
    return item


# -- the gold fits the minutes -----------------------------------------------------------


def test_outcome_gold_fits_the_minutes(greve_dir: Path) -> None:
    rows = load_outcomes()
    assert len(rows) == 150
    assert len({r.key for r in rows}) == 150
    assert {r.label for r in rows} == set(OUTCOME_LABELS)
    assert sum(r.has_votes for r in rows) >= 20
    for row in rows:
        items = _raw_items(greve_dir / row.file)
        assert row.item in items, row
        title = " ".join((items[row.item].get("Navn") or "").split())
        assert title.startswith(row.title.removesuffix("...")), row
        if row.target:
            assert row.label in ("recommended", "referred"), row


def test_heldout_outcomes_fit_the_minutes(greve_dir: Path) -> None:
    rows = load_outcomes(OUTCOMES_HELDOUT)
    assert len({r.key for r in rows}) == len(rows) == 58
    assert not {r.key for r in rows} & {r.key for r in load_outcomes()}
    for row in rows:
        assert row.label in OUTCOME_LABELS, row
        assert row.item in _raw_items(greve_dir / row.file), row


def test_random_outcomes_fit_the_minutes(greve_dir: Path) -> None:
    rows = load_outcomes(OUTCOMES_RANDOM)
    assert len({r.key for r in rows}) == len(rows) == 80
    earlier = load_outcomes() + load_outcomes(OUTCOMES_HELDOUT)
    assert not {r.key for r in rows} & {r.key for r in earlier}
    for row in rows:
        assert row.label in OUTCOME_LABELS and not row.has_votes, row
        items = _raw_items(greve_dir / row.file)
        title = " ".join((items[row.item].get("Navn") or "").split())
        assert title.startswith(row.title.removesuffix("...")), row


def test_people_gold_fits_the_minutes(greve_dir: Path) -> None:
    entries = load_people()
    assert len({e.key for e in entries}) == len(entries) == 250
    assert sum(len(e.persons) for e in entries) >= 200
    for entry in entries:
        text = _plain_text(_raw_items(greve_dir / entry.file)[entry.item])
        for name in entry.persons:
            assert name in text, (entry.file, entry.item, name)
        for phrase, _ in entry.not_persons:
            assert phrase in text, (entry.file, entry.item, phrase)
        assert not set(entry.persons) & {p for p, _ in entry.not_persons}


# -- the program against the gold --------------------------------------------------------


_OUTCOME_SETS = {"gold": None, "heldout": OUTCOMES_HELDOUT, "random": OUTCOMES_RANDOM}


def _outcome_rows(which: str) -> list[OutcomeRow]:
    path = _OUTCOME_SETS[which]
    return load_outcomes() if path is None else load_outcomes(path)


@pytest.mark.parametrize("which", ["gold", "heldout", "random"])
def test_outcome_scores(greve_dir: Path, record_property: Any, which: str) -> None:
    rows = _outcome_rows(which)
    predicted = {r.key: _item(_parsed(greve_dir / r.file), r.item).outcome for r in rows}
    scores = score_labels({r.key: r.label for r in rows}, predicted)
    for label, score in scores.items():
        print(f"outcome {which} {label:12} {score}")
        record_property(f"outcome_{which}_{label}", str(score))
    assert sum(s.tp + s.fn for s in scores.values()) == len(rows)
    if which == "gold":
        # The target of the issue: precision and recall >= 0.95 for every label.
        low = {k: str(s) for k, s in scores.items() if min(s.precision, s.recall) < 0.95}
        assert not low
    else:
        # Decisions the rules were not written from (held out; drawn at random): reported,
        # with a floor on accuracy.
        right = sum(s.tp for s in scores.values())
        assert right / len(rows) >= 0.9


@pytest.mark.parametrize("which", ["gold", "heldout", "random"])
def test_votes_and_targets(greve_dir: Path, record_property: Any, which: str) -> None:
    rows = _outcome_rows(which)
    items = {r.key: _item(_parsed(greve_dir / r.file), r.item) for r in rows}
    targets = score_targets(rows, {k: i.forwarded_to for k, i in items.items()})
    scores = [("forwarded to", targets)]
    if which != "random":  # the random set labels no votes
        present, facts = score_votes(rows, {k: i.votes for k, i in items.items()})
        scores += [("votes recorded", present), ("votes", facts)]
        assert present.precision >= 0.95 and present.recall >= 0.95
        assert facts.precision >= 0.95 and facts.recall >= 0.9
    for name, score in scores:
        print(f"{which} {name:15} {score}")
        record_property(f"{which}_{name}", str(score))
    assert targets.precision >= 0.95 and targets.recall >= 0.9


def _person_strings(item: AgendaItem) -> list[str]:
    """The people the person pass found in an item, as printed; an office it tied to a named
    person (``formanden for ...`` in an item that names her) counts as that person."""
    out = []
    for m in item.mentions:
        if m.name is None and not m.candidates:
            continue  # an office without a person
        out.append(m.text if is_person_name(m.text) or m.name is None else m.name)
    return out


def test_person_scores(greve_dir: Path, record_property: Any) -> None:
    documents = _annotated(greve_dir)
    entries = load_people()
    predicted = {e.key: _person_strings(_item(documents[e.file], e.item)) for e in entries}
    for sample in ("random", "cue", "all"):
        chosen = [e for e in entries if sample in ("all", e.sample)]
        score, _, _ = score_people(chosen, predicted)
        print(f"persons {sample:6} {score}")
        record_property(f"persons_{sample}", str(score))
    score, false_pos, false_neg = score_people(entries, predicted)
    assert score.tp + score.fn == sum(len(e.persons) for e in entries)
    # The target of the issue: precision >= 0.97, recall >= 0.90.
    assert score.precision >= 0.97, false_pos
    assert score.recall >= 0.90, false_neg


def test_no_place_or_body_is_a_person(greve_dir: Path) -> None:
    """The hand-read non-persons of the sample (places, streets, institutions, clubs,
    municipalities, departments) are never a person mention of their item."""
    documents = _annotated(greve_dir)
    wrong = []
    for entry in load_people():
        found = {fold_name(s) for s in _person_strings(_item(documents[entry.file], entry.item))}
        wrong += [(entry.item, p) for p, _ in entry.not_persons if fold_name(p) in found]
    assert len(wrong) <= 3, wrong
