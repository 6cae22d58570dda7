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
from typing import Any

import networkx as nx

from core import schema
from core.errors import NoMatchError
from core.schema import normalise_case_number
from core.text import (
    FUNCTION_WORDS,
    WORD_RE,
    canonical_case_number,
    content_words,
    stem,
    title_grams,
)
from queries.index import query_index, text_candidates
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
class OtherMatter(Result):
    """A matter that also fits the query, less well than those answered: its key (``casegraph
    case KEY`` shows it), label, score, how many items it has and their first and last date."""

    id: str
    label: str | None
    score: float
    items: int
    first: str | None
    last: str | None


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


@dataclass(frozen=True)
class _Query:
    """The words of a query as the title scoring reads them."""

    words: list[str]
    roots: list[str]
    phrase: str
    grams: frozenset[str]

    @classmethod
    def of(cls, query: str) -> _Query:
        words = content_words(query)
        return cls(
            words=words,
            roots=[stem(w) for w in words],
            phrase=" ".join(WORD_RE.findall(query.lower())),
            grams=title_grams(query),
        )


def _title_score(q: _Query, title: str) -> tuple[float, list[bool]]:
    """How well ``title`` fits the query, and which query words it holds.

    Each word whose stem the title holds (inside a compound too) counts 1; the share of the
    query's letter 3-grams the title holds adds up to 0.5; the query as a phrase of the
    title's words 0.5; the share of the title's content words the query names 0.25 (so
    that the title the query *is* beats a longer title that only contains it).
    """
    lower = title.lower()
    held = [root in lower for root in q.roots]
    if not any(held) and not q.grams:
        return 0.0, held
    tokens = WORD_RE.findall(lower)
    content = [t for t in tokens if t not in FUNCTION_WORDS]
    padded = "#" + "##".join(content) + "#"
    fuzzy = sum(g in padded for g in q.grams) / len(q.grams) if q.grams else 0.0
    score = sum(held) + 0.5 * fuzzy * len(q.words)
    if any(held):
        if q.phrase and f" {q.phrase} " in f" {' '.join(tokens)} ":
            score += 0.5 * len(q.words)
        named = sum(any(root in t for root in q.roots) for t in content)
        score += 0.25 * len(q.words) * named / max(1, len(content))
    return score, held


def _text_words(G: nx.MultiDiGraph, q: _Query, item: str, held: list[bool]) -> int:
    """How many query words the item's text holds that its title does not."""
    text = (G.nodes[item].get("text") or "").lower()
    return sum(root in text for root, h in zip(q.roots, held, strict=True) if not h)


def _word_fits(
    G: nx.MultiDiGraph, q: _Query, store: Any, keep: int | None = None
) -> dict[str, float]:
    """Matter scores for words. Matters whose titles hold a query word are found from the
    title index and ranked first; only when no title does are the items' texts read (from
    the store's full-text index when given).

    An item scores :func:`_title_score` of its title plus a third of a word for each query
    word its text holds and its title does not, per query word; a matter its best item's
    score, and at equal fit a little more for more steps. With ``keep``, only the best
    ``keep`` matters are returned, exactly: an item's text is read only when the most it
    can add could bring its matter among them.
    """
    index = query_index(G)
    candidates: set[str] = set()
    for root in dict.fromkeys(q.roots):
        candidates |= index.title_items(root)
    candidates = {i for i in candidates if i in index.item_matter}
    if not candidates:
        found = text_candidates(G, list(dict.fromkeys(q.roots)), store)
        candidates = {i for i in found if i in index.item_matter}
    n = len(q.words)
    titles: dict[str, tuple[float, list[bool]]] = {}
    scores: dict[str, float] = {}
    pending = []
    for item in sorted(candidates):
        matter = index.item_matter.get(item)
        if matter is None:
            continue
        title = G.nodes[item].get("title") or ""
        fit = titles.get(title)
        if fit is None:
            fit = titles[title] = _title_score(q, title)
        score, held = fit
        bonus = 0.005 * min(len(index.matter_items[matter]), 10)
        if any(held):
            scores[matter] = max(scores.get(matter, 0.0), score / n + bonus)
        if not all(held):
            upper = (score + (n - sum(held)) / 3) / n + bonus
            pending.append((upper, item, matter, score, held, bonus))
    floor = 0.0
    if keep is not None and len(scores) >= keep:
        floor = sorted(scores.values(), reverse=True)[keep - 1]
    for upper, item, matter, score, held, bonus in pending:
        if upper < floor - 1e-9:
            continue  # cannot reach the best `keep`, whatever its text holds
        in_text = _text_words(G, q, item, held)
        if in_text:
            scores[matter] = max(scores.get(matter, 0.0), (score + in_text / 3) / n + bonus)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return dict(ranked[:keep] if keep is not None else ranked)


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
        q = _Query.of(query)
        if not q.words:
            raise NoMatchError(f"nothing to look for in {query!r}; give a case number or words")
        scores = _word_fits(G, q, store, keep)
        if not scores:
            raise NoMatchError(f"no matter matches {query!r}", _closest_titles(G, query))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(m, round(s, 4)) for m, s in ranked[:keep]]


def fitting_matters(
    G: nx.MultiDiGraph, query: str, *, limit: int = 3, store: Any = None
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """The matters to show for ``query`` (at most ``limit``, none scoring under half the
    best) and the next :data:`OTHERS` that also fit, each ``(matter key, score)``."""
    ranked = rank_matters(G, query, store=store, keep=limit + OTHERS)
    best = ranked[0][1]
    # Words that only brush a matter should not crowd the answer: they are listed instead.
    shown = [(m, s) for m, s in ranked[:limit] if s >= 0.5 * best]
    return shown, ranked[len(shown) : len(shown) + OTHERS]


def find_matters(
    G: nx.MultiDiGraph, query: str, *, limit: int = 3, store: Any = None
) -> list[tuple[str, float]]:
    """``(matter key, score)`` of the matters best matching ``query``, best first (a
    matter's own key matches that matter alone): those :func:`fitting_matters` shows.

    ``store`` (optional) is a store whose full-text index answers words found only in the
    items' texts; without one the texts are read from the graph.

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
    grams = title_grams(query)
    if not grams:
        return ()
    index = query_index(G)
    holding = {
        i for root in {stem(w) for w in content_words(query)} for i in index.title_items(root)
    }
    if holding:
        titles = {t: title_grams(t) for t in {G.nodes[i].get("title") or "" for i in holding}}
    else:
        titles = index.title_grams(G)
    scored = []
    for title, other in titles.items():
        if other:
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


def other_matters(G: nx.MultiDiGraph, others: list[tuple[str, float]]) -> tuple[OtherMatter, ...]:
    """:class:`OtherMatter` of each ``(matter key, score)``."""
    return tuple(_other(G, matter, score) for matter, score in others)


def case_timeline(G: nx.MultiDiGraph, query: str, *, limit: int = 3, store: Any = None) -> Timeline:
    """The timelines of the matters best matching ``query`` (a case number or words).

    Returns a :class:`Timeline`: its ``matters`` best match first (``id``, ``label``,
    ``score``, ``items``), each matter's items (:class:`Step`) in date order with
    ``meeting_id``, ``forum``, ``date``, ``number``, ``title``, ``case_numbers``,
    ``outcome``, ``decision``, ``earlier`` and ``link`` (the evidence and score of its link
    to the step before, or None); ``others``, the further matters that fit less well
    (:class:`OtherMatter`). Its ``to_dict()`` is the ``--json`` shape. ``store``: see
    :func:`find_matters`.

    Raises
    ------
    EmptyStoreError, NoMatchError
    """
    found, others = fitting_matters(G, query, limit=limit, store=store)
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
        others=other_matters(G, others),
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
    "Step",
    "Timeline",
    "case_number_of",
    "case_timeline",
    "find_matters",
    "fitting_matters",
    "format_others",
    "format_timeline",
    "matter_steps",
    "other_matters",
    "rank_matters",
    "step_roles",
]
