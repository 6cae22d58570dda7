"""``casegraph case QUERY``: a matter's timeline across forums.

QUERY is a case number in any format (``S2020-57031``, ``sagsnr. 480-2020-7823``) or words
(``centralisering af regningsbetaling``). The best matching matters are shown step by step:
date, forum, item, title, case numbers, outcome, the decision, and why each step is linked to
the one before. Earlier decisions that an item carries along (*Beslutning på møde Direktionen
09-12-2020*) are steps too, marked ``earlier``.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("meeting:direktionen:2021-01-07", type="Meeting", forum="Direktionen",
...            date="2021-01-07", documented=True)
>>> G.add_node("item:direktionen:2021-01-07:4", type="AgendaItem", number=4,
...            title="Centralisering af regningsbetaling", case_numbers=[], outcome="approved",
...            decision="Godkendt.", meeting="meeting:direktionen:2021-01-07",
...            forum="Direktionen", date="2021-01-07", text="")
>>> G.add_node("matter:direktionen:2021-01-07:4", type="Matter",
...            label="Centralisering af regningsbetaling",
...            items=["item:direktionen:2021-01-07:4"])
>>> result = case_timeline(G, "regningsbetaling")
>>> [(m.id, len(m.items)) for m in result.matters]
[('matter:direktionen:2021-01-07:4', 1)]
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace

import networkx as nx

from core import schema
from core.errors import NoMatchError
from core.schema import normalise_case_number
from core.text import content_words, stem, title_grams
from queries.meetings import require_data
from queries.results import Result, optional


@dataclass(frozen=True, kw_only=True)
class Link(Result):
    """Why a step is linked to the one before: the evidence in words, and the linker's
    score (None for an earlier decision an item carries along)."""

    evidence: tuple[str, ...]
    score: float | None


@dataclass(frozen=True, kw_only=True)
class Step(Result):
    """One step of a matter: an agenda item, or an earlier decision an item carries along
    (``earlier``; then ``carried_by`` is that item, else ``item_id`` is the item).

    ``role`` is what the step did for the matter (:func:`step_roles`): ``decides`` (the
    step where the matter was finally decided), ``recommends``, ``refers``, ``postpones``,
    ``withdraws``, ``prepares`` (before the decision) or ``follows`` (after it)."""

    meeting_id: str
    forum: str | None
    date: str | None
    number: int | None
    title: str | None
    case_numbers: tuple[str, ...]
    outcome: str | None
    decision: str | None
    earlier: bool
    documented: bool
    carried_by: str | None = optional()
    link: Link | None
    item_id: str | None = optional()
    role: str | None = None


@dataclass(frozen=True, kw_only=True)
class MatterTimeline(Result):
    """A matter that fits the query, its score, and its steps in date order."""

    id: str
    label: str | None
    score: float
    items: tuple[Step, ...]


@dataclass(frozen=True, kw_only=True)
class Timeline(Result):
    """The answer of ``casegraph case``: the matters best fitting ``query``, best first."""

    query: str
    matters: tuple[MatterTimeline, ...]


# A journal number: "S2020-57031", "480-2020-7823", "EMN-2025-003383", "2012-28504".
_CASE_NUMBER = re.compile(
    r"^(?:sagsnr\.?:?\s*)?([a-zæøå]{0,5}\s*-?\s*\d{2,4}(?:\s*-\s*\d+)+)$", re.I
)


def case_number_of(query: str) -> str | None:
    """The normalised case number ``query`` names, or None when it is words.

    >>> case_number_of("sagsnr. 480-2020-7823")
    '480-2020-7823'
    >>> case_number_of(" s2020-57031 ")
    'S2020-57031'
    >>> case_number_of("Budget 2021") is None
    True
    """
    match = _CASE_NUMBER.match(query.strip())
    if match is None:
        return None
    return normalise_case_number(match.group(1))


def loose_case_number(number: str) -> str:
    """A case number without punctuation or leading zeros in its parts, for matching.

    >>> loose_case_number("S2020-057031") == loose_case_number("s 2020 57031")
    True
    """
    parts = re.findall(r"[A-Z]+|\d+", number.upper())
    return "-".join(p.lstrip("0") or "0" if p.isdigit() else p for p in parts)


def _matter_items(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    return {
        n: list(d.get("items") or ())
        for n, d in G.nodes(data=True)
        if d.get("type") == schema.MATTER
    }


def _word_score(words: list[str], title: str, text: str) -> float:
    """How well query words match an item: in its title (compounds included) or its text."""
    title_l, text_l = title.lower(), text.lower()
    score = 0.0
    for word in words:
        root = stem(word)
        if root in title_l:
            score += 3.0
        elif root in text_l:
            score += 1.0
    return score / (3.0 * len(words))


def find_matters(G: nx.MultiDiGraph, query: str, *, limit: int = 3) -> list[tuple[str, float]]:
    """``(matter key, score)`` of the matters best matching ``query``, best first (a
    matter's own key matches that matter alone).

    Raises
    ------
    EmptyStoreError
        When nothing has been ingested.
    NoMatchError
        When no matter matches (with the closest item titles as suggestions).
    """
    require_data(G)
    if query in G and G.nodes[query].get("type") == schema.MATTER:
        return [(query, 1.0)]  # a matter's own key, as the web pages link it
    matters = _matter_items(G)
    item_matter = {item: m for m, items in matters.items() for item in items}
    scores: dict[str, float] = defaultdict(float)
    number = case_number_of(query)
    if number is not None:
        wanted = loose_case_number(number)
        for item, matter in item_matter.items():
            numbers = G.nodes[item].get("case_numbers") or ()
            if any(loose_case_number(n) == wanted for n in numbers):
                scores[matter] += 1.0
        if not scores:
            raise NoMatchError(f"no agenda item has case number {number}")
    else:
        words = content_words(query)
        if not words:
            raise NoMatchError(f"nothing to look for in {query!r}; give a case number or words")
        grams = title_grams(query)
        for item, matter in item_matter.items():
            d = G.nodes[item]
            title = d.get("title") or ""
            score = _word_score(words, title, d.get("text") or "")
            if score <= 0:
                continue
            other = title_grams(title)
            fuzzy = len(grams & other) / len(grams) if grams else 0.0
            scores[matter] = max(scores[matter], score + 0.5 * fuzzy)
        # A matter that went through more steps is, at equal fit, the likelier one.
        for matter in scores:
            scores[matter] += 0.01 * len(matters[matter])
        if not scores:
            raise NoMatchError(f"no matter matches {query!r}", _closest_titles(G, query))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    # Words that only brush a matter (in its text, not its title) should not crowd the answer.
    best = ranked[0][1]
    ranked = [(m, s) for m, s in ranked if s >= 0.5 * best]
    return [(m, round(s, 4)) for m, s in ranked[:limit]]


def _closest_titles(G: nx.MultiDiGraph, query: str, n: int = 3) -> tuple[str, ...]:
    grams = title_grams(query)
    if not grams:
        return ()
    scored = []
    for _, d in G.nodes(data=True):
        if d.get("type") != schema.AGENDA_ITEM:
            continue
        other = title_grams(d.get("title") or "")
        if other:
            scored.append((2 * len(grams & other) / (len(grams) + len(other)), d["title"]))
    scored.sort(key=lambda st: (-st[0], st[1]))
    titles: list[str] = []
    for score, title in scored:
        if score < 0.2 or len(titles) == n:
            break
        if title not in titles:
            titles.append(title)
    return tuple(titles)


def _incoming_link(G: nx.MultiDiGraph, item: str) -> Link | None:
    for _, _, key, d in G.in_edges(item, keys=True, data=True):
        if key == schema.CONTINUES:
            return Link(evidence=tuple(d.get("evidence") or ()), score=d.get("score"))
    return None


def _earlier_steps(G: nx.MultiDiGraph, item: str, known: set[str]) -> list[Step]:
    """Earlier decisions carried along by ``item`` whose meeting has no item in the matter."""
    steps = []
    d = G.nodes[item]
    for _, dkey, key in G.out_edges(item, keys=True):
        dd = G.nodes[dkey]
        if key != schema.HAS_DECISION or not dd.get("earlier"):
            continue
        meeting = next(
            (v for _, v, k in G.out_edges(dkey, keys=True) if k == schema.DECIDED_AT), None
        )
        if meeting is None or meeting in known:
            continue
        steps.append(
            Step(
                meeting_id=meeting,
                forum=dd.get("forum"),
                date=dd.get("date"),
                number=dd.get("item_number"),
                title=None,
                case_numbers=(),
                outcome=dd.get("outcome"),
                decision=dd.get("text"),
                earlier=True,
                documented=bool(G.nodes[meeting].get("documented")),
                carried_by=item,
                link=Link(
                    evidence=(
                        f"earlier decision carried along in {d['forum']} {d['date']} "
                        f"item {d['number']}",
                    ),
                    score=None,
                ),
            )
        )
    return steps


#: Outcomes that decide a matter; of the steps with one, the last decides it.
DECIDING_OUTCOMES = frozenset({"approved", "rejected"})
#: The role of a step by its own outcome, where the outcome says it.
_OUTCOME_ROLES = {
    "recommended": "recommends",
    "referred": "refers",
    "postponed": "postpones",
    "withdrawn": "withdraws",
}


def step_roles(outcomes: list[str | None]) -> list[str]:
    """The role of each step of a matter, from the steps' outcomes in date order.

    The last step that approved or rejected the matter decides it; a step that recommended
    it to another forum, referred, postponed or withdrew it says so; any other step
    prepares the decision (before it) or follows it (after). A matter no step decided has
    no ``decides``: it is still open, or decided in minutes not ingested.

    >>> step_roles(["discussed", "recommended", "recommended", "approved", "noted"])
    ['prepares', 'recommends', 'recommends', 'decides', 'follows']
    >>> step_roles(["recommended", None])
    ['recommends', 'prepares']
    """
    deciding = max((i for i, o in enumerate(outcomes) if o in DECIDING_OUTCOMES), default=None)
    roles = []
    for i, outcome in enumerate(outcomes):
        if i == deciding:
            roles.append("decides")
        elif outcome in _OUTCOME_ROLES:
            roles.append(_OUTCOME_ROLES[outcome])
        elif deciding is not None and i > deciding:
            roles.append("follows")
        else:
            roles.append("prepares")
    return roles


def matter_steps(G: nx.MultiDiGraph, matter: str) -> list[Step]:
    """The steps of one matter in date order, earlier decisions included."""
    items = list(G.nodes[matter].get("items") or ())
    known = {G.nodes[i]["meeting"] for i in items}
    steps: list[Step] = []
    for item in items:
        d = G.nodes[item]
        steps.extend(_earlier_steps(G, item, known))
        steps.append(
            Step(
                meeting_id=d["meeting"],
                forum=d["forum"],
                date=d["date"],
                number=d["number"],
                title=d["title"],
                case_numbers=tuple(d.get("case_numbers") or ()),
                outcome=d.get("outcome"),
                decision=d.get("decision"),
                earlier=False,
                documented=True,
                link=_incoming_link(G, item),
                item_id=item,
            )
        )
    # Several items may carry the same earlier decision: keep one step per meeting.
    seen: set[str] = set()
    unique = []
    for step in steps:
        if step.earlier:
            if step.meeting_id in seen:
                continue
            seen.add(step.meeting_id)
        unique.append(step)
    unique.sort(key=lambda s: (s.date or "", s.earlier is False, s.forum or ""))
    roles = step_roles([s.outcome for s in unique])
    return [replace(step, role=role) for step, role in zip(unique, roles, strict=True)]


def case_timeline(G: nx.MultiDiGraph, query: str, *, limit: int = 3) -> Timeline:
    """The timelines of the matters best matching ``query`` (a case number or words).

    Returns a :class:`Timeline`: its ``matters`` best match first (``id``, ``label``,
    ``score``, ``items``), each matter's items (:class:`Step`) in date order with
    ``meeting_id``, ``forum``, ``date``, ``number``, ``title``, ``case_numbers``,
    ``outcome``, ``decision``, ``earlier`` and ``link`` (the evidence and score of its link
    to the step before, or None). Its ``to_dict()`` is the ``--json`` shape.

    Raises
    ------
    EmptyStoreError, NoMatchError
    """
    found = find_matters(G, query, limit=limit)
    return Timeline(
        query=query,
        matters=tuple(
            MatterTimeline(
                id=matter,
                label=G.nodes[matter].get("label"),
                score=score,
                items=tuple(matter_steps(G, matter)),
            )
            for matter, score in found
        ),
    )


def _first_line(text: str | None, width: int = 96) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


#: How the text answer marks a step's role (the deciding step and the steps that pass the
#: matter on; preparing and following steps are left unmarked).
_ROLE_MARKS = {
    "decides": "   <- decided here",
    "recommends": "   (recommends)",
    "refers": "   (refers)",
    "postpones": "   (postpones)",
    "withdraws": "   (withdrawn)",
}


def format_timeline(result: Timeline) -> str:
    """Readable timelines: one block per matter, one step per date."""
    blocks = []
    for matter in result.matters:
        steps = [s for s in matter.items if not s.earlier]
        lines = [f"{matter.label}  ({len(steps)} item{'s' if len(steps) != 1 else ''})"]
        for step in matter.items:
            where = f"{step.date}  {step.forum}"
            mark = _ROLE_MARKS.get(step.role or "", "")
            if step.earlier:
                note = "" if step.documented else "; these minutes are not ingested"
                lines.append(f"  {where}  (earlier decision carried along{note})")
                if step.outcome:
                    lines.append(f"      outcome: {step.outcome}{mark}")
            else:
                lines.append(f"  {where}  punkt {step.number}: {step.title}")
                cases = ", ".join(step.case_numbers) or "-"
                lines.append(f"      case: {cases}   outcome: {step.outcome or '-'}{mark}")
            if step.decision:
                lines.append(f"      decision: {_first_line(step.decision)}")
            link = step.link
            if link:
                score = f" (score {link.score:.2f})" if link.score is not None else ""
                lines.append(f"      linked{score}: {'; '.join(link.evidence)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


__all__ = [
    "Link",
    "MatterTimeline",
    "Step",
    "Timeline",
    "case_number_of",
    "case_timeline",
    "find_matters",
    "format_timeline",
    "matter_steps",
    "step_roles",
]
