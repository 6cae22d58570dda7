"""Hand-read gold sets of Greve's minutes and how the program is scored against them.

The gold lives in ``tests/data`` (labels only; the minutes are read in place from
``../shared/corpus/greve``):

* ``greve_outcomes_gold.tsv`` -- 150 decisions and what they decided (see its header);
* ``greve_outcomes_heldout.tsv`` -- 58 more, labelled the same way and kept apart from the
  rules' development;
* ``greve_people_gold.json`` -- the person names of 250 items, and name-like phrases of
  the same items that are not persons.

Scores are precision and recall per label (outcomes) and of the person pass (people).
A prediction of ``None`` counts as the label ``none``.

>>> s = Score(tp=9, fp=1, fn=0)
>>> round(s.precision, 2), round(s.recall, 2)
(0.9, 1.0)
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
OUTCOMES_GOLD = DATA / "greve_outcomes_gold.tsv"
OUTCOMES_HELDOUT = DATA / "greve_outcomes_heldout.tsv"
PEOPLE_GOLD = DATA / "greve_people_gold.json"

#: Every label of the outcome gold; ``none``: nothing decided, noted or discussed.
OUTCOME_LABELS = (
    "approved",
    "rejected",
    "recommended",
    "referred",
    "postponed",
    "noted",
    "discussed",
    "withdrawn",
    "none",
)


@dataclass(frozen=True)
class OutcomeRow:
    """One hand-read decision."""

    file: str
    item: int
    title: str
    label: str
    target: str
    votes_for: str
    votes_against: str
    votes_abstain: str
    sample: str
    reason: str

    @property
    def key(self) -> tuple[str, int]:
        return self.file, self.item

    @property
    def has_votes(self) -> bool:
        return bool(self.votes_for or self.votes_against or self.votes_abstain)


@dataclass(frozen=True)
class PeopleItem:
    """One hand-read item: its persons and the name-like phrases that are not persons."""

    file: str
    item: int
    title: str
    sample: str
    persons: tuple[str, ...]
    not_persons: tuple[tuple[str, str], ...]

    @property
    def key(self) -> tuple[str, int]:
        return self.file, self.item


@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision:.3f} recall {self.recall:.3f} "
            f"(tp {self.tp}, fp {self.fp}, fn {self.fn})"
        )


def load_outcomes(path: Path = OUTCOMES_GOLD) -> list[OutcomeRow]:
    """The outcome gold, header comments skipped."""
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [
        OutcomeRow(**{**row, "item": int(row["item"])})  # type: ignore[arg-type]
        for row in rows
    ]


def load_people(path: Path = PEOPLE_GOLD) -> list[PeopleItem]:
    """The people gold."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        PeopleItem(
            file=entry["file"],
            item=int(entry["item"]),
            title=entry["title"],
            sample=entry["sample"],
            persons=tuple(entry["persons"]),
            not_persons=tuple((p, c) for p, c in entry["not_persons"]),
        )
        for entry in data["items"]
    ]


def score_labels(
    gold: Mapping[tuple[str, int], str], predicted: Mapping[tuple[str, int], str | None]
) -> dict[str, Score]:
    """Precision and recall per label over the keys of ``gold``.

    >>> gold = {("a", 1): "approved", ("a", 2): "recommended", ("a", 3): "none"}
    >>> pred = {("a", 1): "approved", ("a", 2): "referred", ("a", 3): None}
    >>> scores = score_labels(gold, pred)
    >>> scores["approved"].tp, scores["recommended"].fn, scores["referred"].fp
    (1, 1, 1)
    """
    counts: dict[str, Counter[str]] = {label: Counter() for label in OUTCOME_LABELS}
    for key, want in gold.items():
        got = predicted.get(key) or "none"
        counts.setdefault(got, Counter())
        if got == want:
            counts[want]["tp"] += 1
        else:
            counts[want]["fn"] += 1
            counts[got]["fp"] += 1
    return {label: Score(c["tp"], c["fp"], c["fn"]) for label, c in counts.items()}


def fold_name(name: str) -> str:
    """A name compared without case, accents, punctuation or extra space.

    >>> fold_name(" Ditte  Clément "), fold_name("Tina Rottbøll's")
    ('ditte clement', 'tina rottbøll')
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = " ".join(text.replace("’", "'").split())
    for ending in ("'s", "'"):
        if text.endswith(ending):
            text = text[: -len(ending)]
    return text.strip(" .,;:")


def score_people(
    gold: Iterable[PeopleItem], predicted: Mapping[tuple[str, int], Iterable[str]]
) -> tuple[Score, list[tuple[str, int, str]], list[tuple[str, int, str]]]:
    """Precision and recall of the person names found per item, with the misses.

    A predicted name matches a gold name of the same item when they fold alike, or when
    it is the gold name with a genitive ``s``. A predicted first name alone that is the
    first name of a gold person of the item is neither right nor wrong (the gold lists
    full names). Returns the score, the false positives and the false negatives as
    ``(file, item, name)``.

    >>> item = PeopleItem("m.json", 3, "T", "random", ("Tina Rottbøll",), ())
    >>> score, fps, fns = score_people([item], {("m.json", 3): ["Tina Rottbølls", "Greve Kommune"]})
    >>> (score.tp, score.fp, score.fn), fps
    ((1, 1, 0), [('m.json', 3, 'Greve Kommune')])
    """
    tp = fp = fn = 0
    false_pos: list[tuple[str, int, str]] = []
    false_neg: list[tuple[str, int, str]] = []
    for entry in gold:
        wanted = {fold_name(p): p for p in entry.persons}
        firsts = {w.split()[0] for w in wanted}
        found: set[str] = set()
        for name in dict.fromkeys(predicted.get(entry.key, ())):
            folded = fold_name(name)
            if folded.endswith("s") and folded[:-1] in wanted and folded not in wanted:
                folded = folded[:-1]
            if folded in wanted:
                if folded not in found:
                    found.add(folded)
                    tp += 1
            elif folded in firsts:
                continue
            else:
                fp += 1
                false_pos.append((entry.file, entry.item, name))
        for folded, name in wanted.items():
            if folded not in found:
                fn += 1
                false_neg.append((entry.file, entry.item, name))
    return Score(tp, fp, fn), false_pos, false_neg


__all__ = [
    "OUTCOMES_GOLD",
    "OUTCOMES_HELDOUT",
    "OUTCOME_LABELS",
    "PEOPLE_GOLD",
    "OutcomeRow",
    "PeopleItem",
    "Score",
    "fold_name",
    "load_outcomes",
    "load_people",
    "score_labels",
    "score_people",
]
