"""Hand-read gold sets of Greve's minutes and how the program is scored against them.

The gold lives in ``tests/data`` (labels only; the minutes are read in place from
``../shared/corpus/greve``):

* ``greve_outcomes_gold.tsv`` -- 150 decisions and what they decided (see its header);
* ``greve_outcomes_heldout.tsv`` -- 58 more, labelled the same way and kept apart from the
  rules' development;
* ``greve_outcomes_random.tsv`` -- 80 more drawn at random (no over-sampling), labelled the
  same way (label and target, no votes) before a later round of rule changes;
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
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

DATA = Path(__file__).resolve().parent / "data"
OUTCOMES_GOLD = DATA / "greve_outcomes_gold.tsv"
OUTCOMES_HELDOUT = DATA / "greve_outcomes_heldout.tsv"
OUTCOMES_RANDOM = DATA / "greve_outcomes_random.tsv"
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


_VOTE_POINT_RE = re.compile(r"^\s*[\w ]{1,4}:\s*")
_VOTE_SPLIT_RE = re.compile(r",\s*|\s+og\s+|\s+samt\s+|(?<=\))\s+(?=[A-ZÆØÅ(])")


def fold_voter(voter: str) -> str:
    """A voter (a name or a party letter) compared without parentheses or case.

    >>> fold_voter("(UP-1)"), fold_voter("Liselott Blixt (UP1)")
    ('up-1', 'liselott blixt up1')
    """
    return " ".join(voter.replace("(", " ").replace(")", " ").lower().split()).strip(" .,")


def vote_facts(position: str, column: str) -> set[tuple[str, str]]:
    """The (position, voter or ``#count``) facts of one votes column of the gold.

    >>> sorted(vote_facts("for", "19; (V), (A) og Liselott Blixt (UP-1)"))
    [('for', '#19'), ('for', 'a'), ('for', 'liselott blixt up-1'), ('for', 'v')]
    >>> sorted(vote_facts("against", "1a: Ø; 1b: ingen"))
    [('against', '#0'), ('against', 'ø')]
    """
    facts: set[tuple[str, str]] = set()
    for entry in column.split(";"):
        entry = _VOTE_POINT_RE.sub("", entry).strip()
        if not entry:
            continue
        if entry.isdigit() or entry == "ingen":
            facts.add((position, f"#{0 if entry == 'ingen' else int(entry)}"))
            continue
        facts.update((position, fold_voter(v)) for v in _VOTE_SPLIT_RE.split(entry) if v.strip())
    return facts


class VoteLike(Protocol):
    position: str
    voters: tuple[str, ...]
    count: int | None


def predicted_vote_facts(votes: Iterable[VoteLike]) -> set[tuple[str, str]]:
    """The same facts from the program's votes."""
    facts: set[tuple[str, str]] = set()
    for vote in votes:
        if vote.count is not None:
            facts.add((vote.position, f"#{vote.count}"))
        facts.update((vote.position, fold_voter(v)) for v in vote.voters)
    return facts


def score_votes(
    rows: Iterable[OutcomeRow], predicted: Mapping[tuple[str, int], Iterable[VoteLike]]
) -> tuple[Score, Score]:
    """Whether an item records votes, and the votes themselves (who and how many, per side).

    >>> row = OutcomeRow("m.json", 1, "T", "approved", "", "", "(Ø)", "", "random", "")
    >>> class V:
    ...     position, voters, count = "against", ("Ø",), None
    >>> present, facts = score_votes([row], {("m.json", 1): [V()]})
    >>> (present.tp, facts.tp, facts.fp)
    (1, 1, 0)
    """
    present = Counter[str]()
    facts = Counter[str]()
    for row in rows:
        want = (
            vote_facts("for", row.votes_for)
            | vote_facts("against", row.votes_against)
            | vote_facts("abstain", row.votes_abstain)
        )
        got = predicted_vote_facts(predicted.get(row.key, ()))
        if want and got:
            present["tp"] += 1
        elif want:
            present["fn"] += 1
        elif got:
            present["fp"] += 1
        facts["tp"] += len(want & got)
        facts["fn"] += len(want - got)
        facts["fp"] += len(got - want)
    return (
        Score(present["tp"], present["fp"], present["fn"]),
        Score(facts["tp"], facts["fp"], facts["fn"]),
    )


def fold_target(name: str) -> str:
    """A forum named as a target, compared on its letters only.

    >>> fold_target("Skole-, Børne-, og Ungeudvalget")
    'skolebørneogungeudvalget'
    """
    return "".join(c for c in name.lower() if c.isalnum())


def score_targets(
    rows: Iterable[OutcomeRow], predicted: Mapping[tuple[str, int], str | None]
) -> Score:
    """The forum a recommendation or referral names, where the gold names one.

    >>> row = OutcomeRow("m.json", 1, "T", "recommended", "Byrådet", "", "", "", "random", "")
    >>> score_targets([row], {("m.json", 1): "byrådet"}).tp
    1
    """
    tp = fp = fn = 0
    for row in rows:
        got = predicted.get(row.key)
        if row.target and got and fold_target(got) == fold_target(row.target):
            tp += 1
            continue
        fp += bool(got)
        fn += bool(row.target)
    return Score(tp, fp, fn)


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
    "OUTCOMES_RANDOM",
    "OUTCOME_LABELS",
    "PEOPLE_GOLD",
    "OutcomeRow",
    "PeopleItem",
    "Score",
    "fold_name",
    "fold_target",
    "fold_voter",
    "load_outcomes",
    "load_people",
    "predicted_vote_facts",
    "score_labels",
    "score_people",
    "score_targets",
    "score_votes",
    "vote_facts",
]
