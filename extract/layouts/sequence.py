"""Find the agenda items: numbered headings whose numbers run in order.

Every line that has the form of a numbered heading is a candidate (``Punkt 4:``, ``Pkt. 42``,
``Nr.212 - …``, ``Sag nr. 57 …``, ``4. …``, ``4.`` alone, ``4 …``). Inside items the same forms
occur (``1. at dagsordenen godkendes``), and a table of contents lists the numbers once before the
bodies, so the items are a *sequence*: for each form, the chain of strictly increasing numbers
with the best score (features of each line, plus a bonus for numbers that follow on), after the
table of contents has been set apart.

>>> lines = [(1, "Indholdsfortegnelse"), (2, "1. Godkendelse 2"), (3, "2. Budget 3"), (4, ""),
...          (5, "1. Godkendelse"), (6, "Beslutning"), (7, "1. at den godkendes"), (8, "Godkendt."),
...          (9, ""), (10, "2. Budget"), (11, "Beslutning"), (12, "Drøftet.")]
>>> found = find_sequence(lines, [""] * len(lines))
>>> [(c.index, c.number, c.rest) for c in found.items], found.toc_start, found.toc_end
([(4, 1, 'Godkendelse'), (9, 2, 'Budget')], 0, 4)
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.text import MONTH_NAMES
from extract import patterns as P
from extract.segment import heading_kind

#: The heading forms, tried in order on each line (the first that matches names the form).
FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("punkt", re.compile(r"^Punkt\s+(\d{1,4})\s*[:.]?(?:\s+(.*)|\s*)$")),
    ("pkt", re.compile(r"^Pkt\.?\s*(\d{1,4})\.?(?:\s*[:–-]?\s+(.*)|\s*)$")),
    ("nr", re.compile(r"^(?:Sag\s+nr|Nr)\.?\s*(\d{1,4})\.?(?:\s*[:–-]?\s+(.*)|\s*)$")),
    ("dot", re.compile(r"^(\d{1,4})\.(?:\s+(.*)|\s*)$")),
    ("bare", re.compile(r"^(\d{1,4})\s+([A-ZÆØÅ].*)$")),
)
#: A table-of-contents entry ends in a page number or a dot leader.
_PAGE_TAIL_RE = re.compile(r"(?:\.{3,}\s*[\divxlc]*|\s\d{1,3})$", re.IGNORECASE)
_TOC_LABELS = frozenset({"indholdsfortegnelse", "indhold", "dagsordenspunkter"})
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5"})
#: Candidates this close together (in lines) are a list, not items with bodies.
_DENSE = 2


@dataclass(frozen=True)
class Candidate:
    """A line that has the form of a numbered heading."""

    index: int
    number: int
    rest: str
    form: str
    score: float


@dataclass(frozen=True)
class FoundSequence:
    """The items found, the table of contents set apart, and how sure the reader is."""

    items: tuple[Candidate, ...]
    toc_start: int | None
    toc_end: int | None
    toc: tuple[Candidate, ...]
    confidence: float


def _match(text: str) -> tuple[str, int, str] | None:
    first = text[:1]
    if not (first.isdigit() or first in "PpNnS"):
        return None
    for form, pattern in FORMS:
        match = pattern.match(text)
        if match is not None:
            return form, int(match[1]), (match[2] or "").strip()
    return None


def _next_texts(lines: Sequence[tuple[int, str]], index: int, count: int) -> list[str]:
    out: list[str] = []
    for following in range(index + 1, min(len(lines), index + 12)):
        if lines[following][1]:
            out.append(lines[following][1])
            if len(out) == count:
                break
    return out


def _features(
    lines: Sequence[tuple[int, str]], tags: Sequence[str], index: int, rest: str, form: str
) -> float | None:
    """The score of one candidate line, or None when it cannot be a heading."""
    if rest and P.NUMERIC_DATE_RE.match(rest) is None and rest[:1].islower():
        if rest.split(" ", 1)[0].lower() in MONTH_NAMES:  # ``3. februar 2021``: a date
            return None
        score = -1.5  # ``1. at dagsordenen godkendes``
    else:
        score = 1.0
    if len(rest) > 200:
        return None
    tag = tags[index] if index < len(tags) else ""
    if tag in _HEADING_TAGS:
        score += 2.0
    elif tag == "li":
        score -= 0.5
    if form in ("punkt", "pkt", "nr"):
        score += 1.0
    if form == "bare":
        score -= 1.0
    if index == 0 or not lines[index - 1][1] or (index < len(tags) and tags[index - 1]):
        score += 0.5
    if rest and _PAGE_TAIL_RE.search(rest):
        score -= 1.0
    after = _next_texts(lines, index, 3)
    if any(_is_signal(text) for text in after):
        score += 1.5
    return score


def _is_signal(text: str) -> bool:
    """A line that shows an item body has begun: a heading or a numbers line."""
    if heading_kind(text) is not None or text.rstrip(":").lower() in P.HEADINGS:
        return True
    lower = text.lower()
    return (
        lower.startswith(("sagsnr", "sag ", "sagsid", "j.nr", "dok.", "beslutning", "resum"))
        or P.CASE_LINE_RE.match(text) is not None
    )


def candidates(lines: Sequence[tuple[int, str]], tags: Sequence[str]) -> list[Candidate]:
    """Every numbered-heading line, scored; a line that repeats the one just before it (the
    title printed twice) is dropped."""
    found: list[Candidate] = []
    for index, (_, text) in enumerate(lines):
        if not text:
            continue
        matched = _match(text)
        if matched is None:
            continue
        form, number, rest = matched
        score = _features(lines, tags, index, rest, form)
        if score is None:
            continue
        if (
            found
            and found[-1].number == number
            and found[-1].rest == rest
            and all(not lines[k][1] for k in range(found[-1].index + 1, index))
        ):
            continue
        found.append(Candidate(index, number, rest, form, score))
    return found


def _chain(found: Sequence[Candidate]) -> tuple[float, list[Candidate]]:
    """The best chain of strictly increasing numbers (dynamic programming)."""
    if not found:
        return 0.0, []
    best: list[float] = []
    back: list[int] = []
    for i, cand in enumerate(found):
        score, prev = cand.score, -1
        for j in range(max(0, i - 60), i):
            other = found[j]
            if other.number >= cand.number:
                continue
            step = cand.number - other.number
            gain = 1.5 if step == 1 else max(0.0, 0.6 - 0.05 * step)
            if cand.index - other.index <= _DENSE:
                gain -= 1.0
            total = best[j] + cand.score + gain
            if total > score:
                score, prev = total, j
        best.append(score)
        back.append(prev)
    end = max(range(len(found)), key=lambda k: best[k])
    top = best[end]
    chain: list[Candidate] = []
    while end != -1:
        chain.append(found[end])
        end = back[end]
    chain.reverse()
    return top, chain


def _toc_split(
    lines: Sequence[tuple[int, str]], found: list[Candidate]
) -> tuple[int | None, int | None, list[Candidate]]:
    """Where the table of contents is, and the candidates after it.

    With an ``Indholdsfortegnelse`` label, the table runs from it to the first candidate whose
    number was already listed. Without one, a dense run of candidates at the start whose first
    number recurs later is the table.
    """
    label = next(
        (i for i, (_, t) in enumerate(lines[:200]) if t.rstrip(":").lower() in _TOC_LABELS), None
    )
    seen: set[int] = set()
    for k, cand in enumerate(found):
        if label is not None and cand.index < label:
            continue
        if cand.number in seen and (label is not None or k >= 2):
            start = label if label is not None else found[0].index
            return start, cand.index, found[k:]
        seen.add(cand.number)
        dense = k == 0 or cand.index - found[k - 1].index <= _DENSE + 1
        if label is None and not dense:
            break
    return None, None, found


def find_sequence(lines: Sequence[tuple[int, str]], tags: Sequence[str]) -> FoundSequence:
    """The item headings of a document (see the module docstring)."""
    every = candidates(lines, tags)
    best: tuple[float, list[Candidate], int | None, int | None, list[Candidate]] | None = None
    for form, _ in FORMS:
        of_form = [c for c in every if c.form == form]
        if not of_form:
            continue
        toc_start, toc_end, body = _toc_split(lines, of_form)
        score, chain = _chain(body)
        if chain and (best is None or score > best[0]):
            toc = [c for c in of_form if toc_start is not None and toc_end is not None
                   and toc_start <= c.index < toc_end]  # fmt: skip
            best = (score, chain, toc_start, toc_end, toc)
    if best is None:
        return FoundSequence((), None, None, (), 0.0)
    score, chain, toc_start, toc_end, toc = best
    steps = sum(1 for a, b in itertools.pairwise(chain) if b.number == a.number + 1)
    following = steps / (len(chain) - 1) if len(chain) > 1 else 0.5
    strong = sum(1 for c in chain if c.score >= 2.0) / len(chain)
    confidence = round(min(1.0, 0.4 + 0.3 * following + 0.3 * strong), 2)
    return FoundSequence(tuple(chain), toc_start, toc_end, tuple(toc), confidence)


__all__ = ["FORMS", "Candidate", "FoundSequence", "candidates", "find_sequence"]
