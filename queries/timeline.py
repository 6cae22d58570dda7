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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from core import schema
from core.errors import NoMatchError
from core.schema import normalise_case_number
from core.text import canonical_case_number, content_words, stem, title_grams
from queries.index import query_index
from queries.meetings import require_data
from queries.ranking import WordQuery, word_fits
from queries.results import Result, optional

if TYPE_CHECKING:
    import networkx as nx


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
class OtherMatter(Result):
    """A matter that also fits the query, less well than those answered: its key (``casegraph
    case KEY`` shows it), label, score, how many items it has and their first and last date."""

    id: str
    label: str | None
    score: float
    items: int
    first: str | None
    last: str | None


@dataclass(frozen=True)
class Ranked:
    """The matters that fit a query, ranked already (from the store's tables:
    :mod:`queries.store_titles`): ``matters`` as :func:`rank_matters` gives them for
    ``keep=limit + OTHERS``, and ``listed``, what an answer lists of each matter it does
    not show (:class:`OtherMatter`, its score aside: that of ``matters``)."""

    matters: Sequence[tuple[str, float]]
    listed: Mapping[str, OtherMatter]


@dataclass(frozen=True, kw_only=True)
class Timeline(Result):
    """The answer of ``casegraph case``: the matters best fitting ``query``, best first, and
    the ``others`` that fit less well."""

    query: str
    matters: tuple[MatterTimeline, ...]
    others: tuple[OtherMatter, ...] = ()


# A journal number: "S2020-57031", "480-2020-7823", "EMN-2025-003383", "2012-28504", "24/963".
_CASE_NUMBER = re.compile(
    r"^(?:sagsnr\.?:?\s*)?([a-zæøå]{0,5}\s*-?\s*\d{2,4}(?:\s*[-/]\s*\d+)+)$", re.I
)


def case_number_of(query: str) -> str | None:
    """The normalised case number ``query`` names, or None when it is words.

    >>> case_number_of("sagsnr. 480-2020-7823")
    '480-2020-7823'
    >>> case_number_of(" s2020-57031 "), case_number_of("24/963")
    ('S2020-57031', '24/963')
    >>> case_number_of("Budget 2021") is None
    True
    """
    match = _CASE_NUMBER.match(query.strip())
    if match is None:
        return None
    return normalise_case_number(match.group(1))


def loose_case_number(number: str) -> str:
    """A case number without punctuation or leading zeros in its parts, for matching
    (:func:`core.text.canonical_case_number`).

    >>> loose_case_number("S2020-057031") == loose_case_number("s 2020 57031")
    True
    """
    return canonical_case_number(number)


#: How many further matters that fit an answer lists after those it shows.
OTHERS = 10


def rank_matters(
    G: nx.MultiDiGraph, query: str, *, store: Any = None, keep: int | None = None
) -> list[tuple[str, float]]:
    """The matters that fit ``query`` (the best ``keep``, or all), best first, with their
    scores: by case number, or by how well the words fit the matters' titles (text matches
    only when no title fits).

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
    index = query_index(G)
    number = case_number_of(query)
    scores: dict[str, float] = defaultdict(float)
    if number is not None:
        for item in index.number_items(number):
            matter = index.item_matter.get(item)
            if matter is not None:
                scores[matter] += 1.0
        if not scores:
            raise NoMatchError(f"no agenda item has case number {number}")
    else:
        q = WordQuery.of(query)
        if not q.words:
            raise NoMatchError(f"nothing to look for in {query!r}; give a case number or words")
        scores = word_fits(G, q, keep)
        if not scores:
            raise NoMatchError(f"no matter matches {query!r}", _closest_titles(G, query))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(m, round(s, 4)) for m, s in ranked[:keep]]


def fitting_matters(
    G: nx.MultiDiGraph,
    query: str,
    *,
    limit: int = 3,
    store: Any = None,
    ranking: Ranked | None = None,
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """The matters to show for ``query`` (at most ``limit``, none scoring under half the
    best) and the next :data:`OTHERS` that also fit, each ``(matter key, score)``.

    ``ranking``: the matters ranked already (:class:`Ranked`); ``G`` need then hold only
    the matters shown."""
    if ranking is None:
        ranked = rank_matters(G, query, store=store, keep=limit + OTHERS)
    else:
        ranked = list(ranking.matters[: limit + OTHERS])
    best = ranked[0][1]
    # Words that only brush a matter should not crowd the answer: they are listed instead.
    shown = [(m, s) for m, s in ranked[:limit] if s >= 0.5 * best]
    return shown, ranked[len(shown) : len(shown) + OTHERS]


def find_matters(
    G: nx.MultiDiGraph, query: str, *, limit: int = 3, store: Any = None
) -> list[tuple[str, float]]:
    """``(matter key, score)`` of the matters best matching ``query``, best first (a
    matter's own key matches that matter alone): those :func:`fitting_matters` shows.

    ``store`` is accepted for the callers that pass one; the answer does not depend on it:
    words are looked up in the indexes of the graph (:mod:`queries.ranking`), texts included.

    Raises
    ------
    EmptyStoreError
        When nothing has been ingested.
    NoMatchError
        When no matter matches (with the closest item titles as suggestions).
    """
    return fitting_matters(G, query, limit=limit, store=store)[0]


def _closest_titles(G: nx.MultiDiGraph, query: str, n: int = 3) -> tuple[str, ...]:
    """The titles closest to ``query`` by letter 3-grams: of the items whose titles hold a
    query word (outside every matter) when there are such, else of every item."""
    if not title_grams(query):
        return ()
    index = query_index(G)
    roots = {stem(w) for w in content_words(query)}
    holding = {t for root in roots for t in index.titles_with(root)}
    titles = {t: title_grams(t) for t in holding} if holding else index.title_grams(G)
    return closest_titles(query, titles, n)


def closest_titles(query: str, titles: Mapping[str, frozenset[str]], n: int = 3) -> tuple[str, ...]:
    """The ``n`` of ``titles`` (each with its letter 3-grams) closest to ``query`` by the
    3-grams (the suggestions of a question no matter fits), none under 0.2.

    >>> closest_titles("regningsbetaling", {t: title_grams(t) for t in ["Regningsbetaling"]})
    ('Regningsbetaling',)
    """
    grams = title_grams(query)
    scored = []
    for title, other in titles.items():
        if grams and other:
            scored.append((2 * len(grams & other) / (len(grams) + len(other)), title))
    scored.sort(key=lambda st: (-st[0], st[1]))
    return tuple(title for score, title in scored[:n] if score >= 0.2)


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
    # By meeting time within a day: a committee, ØU and Byrådet may meet on one day, in order.
    start = {m: (G.nodes[m].get("start") if m in G else None) or "" for m in seen | known}
    unique.sort(key=lambda s: (s.date or "", not s.earlier, start[s.meeting_id], s.forum or ""))
    roles = step_roles([s.outcome for s in unique])
    return [replace(step, role=role) for step, role in zip(unique, roles, strict=True)]


def _other(G: nx.MultiDiGraph, matter: str, score: float) -> OtherMatter:
    items = [i for i in G.nodes[matter].get("items") or () if i in G]
    dates = sorted(str(G.nodes[i].get("date")) for i in items if G.nodes[i].get("date"))
    return OtherMatter(
        id=matter,
        label=G.nodes[matter].get("label"),
        score=score,
        items=len(G.nodes[matter].get("items") or ()),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
    )


def other_matters(
    G: nx.MultiDiGraph, others: list[tuple[str, float]], ranking: Ranked | None = None
) -> tuple[OtherMatter, ...]:
    """:class:`OtherMatter` of each ``(matter key, score)``: from ``G``, or as ``ranking``
    lists it."""
    listed = {} if ranking is None else ranking.listed
    return tuple(
        replace(listed[matter], score=score) if matter in listed else _other(G, matter, score)
        for matter, score in others
    )


def case_timeline(
    G: nx.MultiDiGraph,
    query: str,
    *,
    limit: int = 3,
    store: Any = None,
    ranking: Ranked | None = None,
) -> Timeline:
    """The timelines of the matters best matching ``query`` (a case number or words).

    Returns a :class:`Timeline`: its ``matters`` best match first (``id``, ``label``,
    ``score``, ``items``), each matter's items (:class:`Step`) in date order with
    ``meeting_id``, ``forum``, ``date``, ``number``, ``title``, ``case_numbers``,
    ``outcome``, ``decision``, ``earlier`` and ``link`` (the evidence and score of its link
    to the step before, or None); ``others``, the further matters that fit less well
    (:class:`OtherMatter`). Its ``to_dict()`` is the ``--json`` shape. ``store``: see
    :func:`find_matters`; ``ranking``: see :func:`fitting_matters`.

    Raises
    ------
    EmptyStoreError, NoMatchError
    """
    found, others = fitting_matters(G, query, limit=limit, store=store, ranking=ranking)
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
        others=other_matters(G, others, ranking),
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
    if result.others:
        blocks.append(format_others(result.others))
    return "\n\n".join(blocks)


def format_others(others: tuple[OtherMatter, ...], *, command: str = "case") -> str:
    """The further matters that fit, one line each, with the key that shows each (to
    ``casegraph COMMAND``).

    >>> print(format_others((OtherMatter(id="matter:x:2022-03-21:3", label="Boliger",
    ...     score=0.8, items=2, first="2022-03-21", last="2022-04-04"),)))
    Also fits (casegraph case KEY shows one):
      Boliger  (2 items, 2022-03-21 to 2022-04-04)  matter:x:2022-03-21:3
    """
    lines = [f"Also fits (casegraph {command} KEY shows one):"]
    for other in others:
        n = f"{other.items} item{'s' if other.items != 1 else ''}"
        span = other.first if other.first == other.last else f"{other.first} to {other.last}"
        lines.append(f"  {other.label}  ({n}, {span})  {other.id}")
    return "\n".join(lines)


__all__ = [
    "OTHERS",
    "Link",
    "MatterTimeline",
    "OtherMatter",
    "Ranked",
    "Step",
    "Timeline",
    "case_number_of",
    "case_timeline",
    "closest_titles",
    "find_matters",
    "fitting_matters",
    "format_others",
    "format_timeline",
    "matter_steps",
    "other_matters",
    "rank_matters",
    "step_roles",
]
