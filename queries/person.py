"""What did a person take part in? Fuzzy look-up of people and their meetings and items.

:func:`person` finds one person by name or alias, forgiving case, accents and short
forms (``gitte clemmensen``, ``Morten V``, ``ase nielsen`` for ``Åse Nielsen``), and
lists the meetings they attended or missed and the items they were a guest at,
presented, were absent from or were mentioned in -- with dates and forums.
:func:`export_people`, :func:`item_people` and :func:`unresolved_mentions` give the
same facts in the shape of ``casegraph export``.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("person:aase-nielsen", type="Person", name="Åse Nielsen", aliases=[], roles=[])
>>> G.add_node("meeting:direktionen:2021-01-07", type="Meeting", forum="Direktionen",
...            date="2021-01-07", documented=True)
>>> _ = G.add_edge("person:aase-nielsen", "meeting:direktionen:2021-01-07", key="ATTENDED",
...                type="ATTENDED")
>>> result = person(G, "ase nielsen")
>>> result.name, [m.date for m in result.attended]
('Åse Nielsen', ['2021-01-07'])
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core import schema
from core.errors import NoMatchError
from core.text import fold, normalise_name
from queries.index import query_index
from queries.results import Result

if TYPE_CHECKING:
    import networkx as nx

MATCH_THRESHOLD = 0.8  # below this similarity a name is no match, only a suggestion

# Meeting-level edges from a person, and the result key each goes to.
_MEETING_EDGES = {
    schema.ATTENDED: "attended",
    schema.ABSENT_FROM: "absent",
    schema.INVITED_TO: "invited",
}
# Item-level edges from a person, and the result key each goes to.
_ITEM_EDGES = {
    schema.GUEST_AT: "guest_at",
    schema.PRESENTED: "presented",
    schema.MENTIONED_IN: "mentioned_in",
    schema.ABSENT_FROM: "absent_from_items",
}


def _persons(G: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, d in G.nodes(data=True) if d.get("type") == schema.PERSON)


def similarity(query: str, name: str) -> float:
    """How well a folded query fits a folded name or alias (1.0 = the same).

    Every query word being the start of a name word, in order and from the first
    name, counts almost as exact: ``morten v`` fits ``morten v. pedersen``; whole words
    of the name (a surname) come next; otherwise the closeness of the letters.

    >>> similarity("morten v", "morten v. pedersen")
    0.97
    >>> similarity("hoj nielsen", "gitte hoj nielsen")
    0.9
    >>> similarity("gitte clemensen", "gitte clemmensen") > 0.9
    True
    >>> similarity("ole", "gitte clemmensen") < 0.5
    True
    """
    if query == name:
        return 1.0
    words = query.split()
    name_words = name.split()
    ruled = _word_rule(words, name_words)
    if ruled is not None:
        return ruled
    ratio = difflib.SequenceMatcher(None, query, name).ratio()
    sorted_ratio = difflib.SequenceMatcher(
        None, " ".join(sorted(words)), " ".join(sorted(name_words))
    ).ratio()
    return round(max(ratio, sorted_ratio), 4)


def find_person(G: nx.MultiDiGraph, name: str) -> str:
    """The key of the one person ``name`` fits (a person's own key fits that person).

    Raises
    ------
    NoMatchError
        When nobody fits, or several people fit equally well (``Gitte``); the error
        lists the closest names.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("person:morten-v-pedersen", type="Person", name="Morten V. Pedersen")
    >>> find_person(G, "morten v")
    'person:morten-v-pedersen'
    """
    if name in G and G.nodes[name].get("type") == schema.PERSON:
        return name  # a person's key, as the web pages link it
    query = fold(normalise_name(name))
    if not query:
        raise NoMatchError('give a person\'s name, for example `casegraph person "Åse Nielsen"`')
    return the_one(_best_fits(G, query), name)


def the_one(scored: list[tuple[float, str, str]], name: str) -> str:
    """The key of the best of ``scored`` (``(similarity, name, key)`` rows), or the error:
    nobody fits well enough (with the closest names), or several fit equally well."""
    scored = sorted(scored, key=lambda s: (-s[0], s[1]))
    if not scored or scored[0][0] < MATCH_THRESHOLD:
        suggestions = tuple(s[1] for s in scored[:3] if s[0] >= 0.4)
        raise NoMatchError(f"no person matches {name!r}", suggestions=suggestions, kind="names")
    top = [s for s in scored if s[0] == scored[0][0]]
    if len(top) > 1:
        raise NoMatchError(
            f"{name!r} fits {len(top)} people equally well; give more of the name",
            suggestions=tuple(s[1] for s in top[:5]),
            kind="names",
        )
    return scored[0][2]


def most_similar(query: str, name: str) -> float:
    """At least :func:`similarity` of ``query`` and ``name`` (once rounded as it is), without
    comparing them letter by letter: the similarity itself where a word rule decides it,
    else the most the letter closeness can be (``difflib``'s ``quick_ratio`` bound: the
    letters the two share).

    >>> most_similar("morten v", "morten v. pedersen")
    0.97
    >>> most_similar("ole", "gitte clemmensen") >= similarity("ole", "gitte clemmensen")
    True
    """
    if query == name:
        return 1.0
    words, name_words = query.split(), name.split()
    ruled = _word_rule(words, name_words)
    if ruled is not None:
        return ruled
    shared = sum((Counter(query) & Counter(name)).values())
    # The words sorted and joined by one space: the same letters, one space fewer than words.
    letters = sum((Counter("".join(words)) & Counter("".join(name_words))).values())
    sorted_shared = letters + max(0, min(len(words), len(name_words)) - 1)
    sorted_length = sum(map(len, words)) + sum(map(len, name_words))
    sorted_length += max(0, len(words) - 1) + max(0, len(name_words) - 1)
    return max(
        2 * shared / (len(query) + len(name)),
        2 * sorted_shared / sorted_length if sorted_length else 1.0,
    )


def _word_rule(words: list[str], name_words: list[str]) -> float | None:
    """The similarity a word rule gives, or None when no word rule decides: the query's
    words start the name's words in order from the first (0.97), or are whole words of it
    in order (0.9, a surname such as "Høj Nielsen")."""
    position = 0
    for word in words:
        while position < len(name_words) and not name_words[position].startswith(word):
            position += 1
        if position == len(name_words):
            break
        position += 1
    else:
        if words and name_words and name_words[0].startswith(words[0]):
            return 0.97
    remaining = iter(name_words)
    if words and all(word in remaining for word in words):
        return 0.9
    return None


def _best_fits(G: nx.MultiDiGraph, query: str) -> list[tuple[float, str, str]]:
    """``(similarity, name, key)`` of the people who may be among the three that ``query``
    fits best, or tie with the best; the others cannot (:func:`most_similar`) and are left
    out. The people are compared letter by letter most promising first, until the most the
    next can reach is under the third best found."""
    hopes = []
    for key in query_index(G).persons:
        d = G.nodes[key]
        forms = [d["name"], *d.get("aliases", [])]
        hopes.append((max(most_similar(query, fold(f)) for f in forms), d["name"], key, forms))
    hopes.sort(key=lambda h: -h[0])
    scored: list[tuple[float, str, str]] = []
    third = -1.0
    for most, person_name, key, forms in hopes:
        if round(most, 4) < third:
            break  # rounding as similarity does: it cannot reach the third best
        best = max(similarity(query, fold(f)) for f in forms)
        scored.append((best, person_name, key))
        if len(scored) >= 3:
            third = sorted((s[0] for s in scored), reverse=True)[2]
    return scored


@dataclass(frozen=True, kw_only=True)
class MeetingEntry(Result):
    """A meeting the person attended or missed, and where the minutes say so."""

    meeting: str
    forum: str | None
    date: str | None
    source: str | None
    lines: tuple[int | None, int | None]


@dataclass(frozen=True, kw_only=True)
class ItemEntry(Result):
    """An agenda item the person took part in: the item, the words that name the person
    there (``text``), their role, and where."""

    item: str
    meeting: str | None
    forum: str | None
    date: str | None
    number: int | None
    title: str | None
    text: str | None
    role: str | None
    source: str | None
    lines: tuple[int | None, int | None]


@dataclass(frozen=True, kw_only=True)
class Participation(Result):
    """The answer of ``casegraph person``: who the name fits, and everything they took part
    in, each list sorted by date."""

    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    attended: tuple[MeetingEntry, ...]
    absent: tuple[MeetingEntry, ...]
    # Meetings not yet held (agendas) that list the person: invited, not attended.
    invited: tuple[MeetingEntry, ...] = ()
    guest_at: tuple[ItemEntry, ...]
    presented: tuple[ItemEntry, ...]
    mentioned_in: tuple[ItemEntry, ...]
    absent_from_items: tuple[ItemEntry, ...]


def _item_entry(G: nx.MultiDiGraph, item: str, edge: dict[str, Any]) -> ItemEntry:
    d = G.nodes[item]
    return ItemEntry(
        item=item,
        meeting=d.get("meeting"),
        forum=d.get("forum"),
        date=d.get("date"),
        number=d.get("number"),
        title=d.get("title"),
        text=edge.get("text"),
        role=edge.get("role"),
        source=edge.get("source_path"),
        lines=(edge.get("first_line"), edge.get("last_line")),
    )


def _meeting_entry(G: nx.MultiDiGraph, meeting: str, edge: dict[str, Any]) -> MeetingEntry:
    d = G.nodes[meeting]
    return MeetingEntry(
        meeting=meeting,
        forum=d.get("forum"),
        date=d.get("date"),
        source=edge.get("source_path"),
        lines=(edge.get("first_line"), edge.get("last_line")),
    )


def _by_date(entry: MeetingEntry | ItemEntry) -> tuple[str, str, int]:
    return entry.date or "", entry.forum or "", getattr(entry, "number", None) or 0


def person(G: nx.MultiDiGraph, name: str) -> Participation:
    """Everything the graph knows about the person ``name`` fits.

    Parameters
    ----------
    G:
        The embedded graph.
    name:
        A full name, a short form or an alias; case and accents do not matter.

    Returns
    -------
    Participation
        ``id``, ``name``, ``aliases``, ``roles``; meetings ``attended`` and ``absent``;
        ``invited`` (meetings not yet held that list them: never attended); items
        ``guest_at``, ``presented``, ``mentioned_in`` and ``absent_from_items`` --
        each sorted by date, with forum, title, the matched text and its lines.

    Raises
    ------
    NoMatchError
        No one (or more than one person) fits; the message suggests names.
    """
    key = find_person(G, name)
    d = G.nodes[key]
    meetings: dict[str, list[MeetingEntry]] = {"attended": [], "absent": [], "invited": []}
    items: dict[str, list[ItemEntry]] = {field: [] for field in _ITEM_EDGES.values()}
    for _, target, type_, edge in G.out_edges(key, keys=True, data=True):
        kind = G.nodes[target].get("type")
        if kind == schema.MEETING and type_ in _MEETING_EDGES:
            meetings[_MEETING_EDGES[type_]].append(_meeting_entry(G, target, edge))
        elif kind == schema.AGENDA_ITEM and type_ in _ITEM_EDGES:
            items[_ITEM_EDGES[type_]].append(_item_entry(G, target, edge))
    return Participation(
        id=key,
        name=d["name"],
        aliases=tuple(d.get("aliases", ())),
        roles=tuple(d.get("roles", ())),
        attended=tuple(sorted(meetings["attended"], key=_by_date)),
        absent=tuple(sorted(meetings["absent"], key=_by_date)),
        invited=tuple(sorted(meetings["invited"], key=_by_date)),
        guest_at=tuple(sorted(items["guest_at"], key=_by_date)),
        presented=tuple(sorted(items["presented"], key=_by_date)),
        mentioned_in=tuple(sorted(items["mentioned_in"], key=_by_date)),
        absent_from_items=tuple(sorted(items["absent_from_items"], key=_by_date)),
    )


def format_person(result: Participation) -> str:
    """A readable report of :func:`person`.

    >>> met = MeetingEntry(meeting="meeting:strategisk-chefforum:2021-01-13", date="2021-01-13",
    ...                    forum="Strategisk Chefforum", source=None, lines=(None, None))
    >>> print(format_person(Participation(id="person:aase-nielsen", name="Åse Nielsen",
    ...     aliases=(), roles=(), attended=(met,), absent=(), guest_at=(), presented=(),
    ...     mentioned_in=(), absent_from_items=())))
    Åse Nielsen
    Attended 1 meeting:
      2021-01-13  Strategisk Chefforum
    """
    lines = [result.name]
    if result.aliases:
        lines.append("  also written: " + ", ".join(result.aliases))
    if result.roles:
        lines.append("  roles: " + ", ".join(result.roles))
    sections = (
        ("attended", "Attended", "meeting", ""),
        ("invited", "Invited to", "meeting", " not yet held (invited, not attended)"),
        ("absent", "Absent from", "meeting", ""),
        ("presented", "Presented", "item", ""),
        ("guest_at", "Guest at", "item", ""),
        ("absent_from_items", "Did not take part in", "item", ""),
        ("mentioned_in", "Mentioned in", "item", ""),
    )
    for field, label, noun, note in sections:
        entries: tuple[MeetingEntry | ItemEntry, ...] = getattr(result, field)
        if not entries:
            continue
        plural = noun if len(entries) == 1 else noun + "s"
        lines.append(f"{label} {len(entries)} {plural}{note}:")
        for e in entries:
            line = f"  {e.date}  {e.forum}"
            if isinstance(e, ItemEntry):
                line += f"  #{e.number} {e.title}"
                if e.text:
                    line += f'  ("{e.text}", line {e.lines[0]})'
            lines.append(line)
    if len(lines) == 1:
        lines.append("Nothing recorded for this person.")
    return "\n".join(lines)


# -- the export --------------------------------------------------------------------


def export_people(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Every person for ``casegraph export``: ``id``, ``name``, ``aliases``, ``roles``.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("person:ole-vett", type="Person", name="Ole Vett", aliases=["Ole"], roles=[])
    >>> export_people(G)
    [{'id': 'person:ole-vett', 'name': 'Ole Vett', 'aliases': ['Ole'], 'roles': []}]
    """
    return [
        {
            "id": key,
            "name": G.nodes[key]["name"],
            "aliases": list(G.nodes[key].get("aliases", [])),
            "roles": list(G.nodes[key].get("roles", [])),
        }
        for key in sorted(_persons(G), key=lambda k: (G.nodes[k]["name"], k))
    ]


def item_people(G: nx.MultiDiGraph, item_key: str) -> dict[str, list[str]]:
    """People and organisations of one item, for the export.

    ``participants`` (guests), ``presenters``, ``mentioned_people`` and
    ``organisations``, each a sorted list of names.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("org:kl", type="Organisation", name="KL")
    >>> _ = G.add_edge("org:kl", "item:x:2021-01-07:1", key="MENTIONED_IN")
    >>> item_people(G, "item:x:2021-01-07:1")["organisations"]
    ['KL']
    """
    found: dict[str, set[str]] = {
        "participants": set(),
        "presenters": set(),
        "mentioned_people": set(),
        "organisations": set(),
    }
    for source, _, type_ in G.in_edges(item_key, keys=True):
        kind = G.nodes[source].get("type")
        name = G.nodes[source].get("name")
        if name is None:
            continue
        if kind == schema.PERSON:
            field = {
                schema.GUEST_AT: "participants",
                schema.PRESENTED: "presenters",
                schema.MENTIONED_IN: "mentioned_people",
            }.get(type_)
            if field:
                found[field].add(name)
        elif kind == schema.ORGANISATION and type_ == schema.MENTIONED_IN:
            found["organisations"].add(name)
    return {field: sorted(names) for field, names in found.items()}


def unresolved_mentions(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Mentions no one person could be chosen for, with their candidates.

    A first name alone (``Gitte``) when two people of the meeting have it, or a
    short form that fits several people. Sorted by item and line.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("item:x:2020-05-27:4", type="AgendaItem", unresolved_mentions=[
    ...     {"text": "Gitte", "kind": "mention", "candidates": ["A", "B"], "first_line": 178,
    ...      "last_line": 178, "source_path": "m.txt"}])
    >>> [(r["text"], r["candidates"], r["lines"]) for r in unresolved_mentions(G)]
    [('Gitte', ['A', 'B'], [178, 178])]
    """
    rows = []
    for key, d in G.nodes(data=True):
        if d.get("type") != schema.AGENDA_ITEM:
            continue
        for m in d.get("unresolved_mentions", []):
            rows.append(
                {
                    "item": key,
                    "text": m["text"],
                    "kind": m["kind"],
                    "candidates": list(m["candidates"]),
                    "source": m.get("source_path"),
                    "lines": [m.get("first_line"), m.get("last_line")],
                }
            )
    rows.sort(key=lambda r: (r["item"], r["lines"][0] or 0, r["text"]))
    return rows


__all__ = [
    "MATCH_THRESHOLD",
    "ItemEntry",
    "MeetingEntry",
    "Participation",
    "export_people",
    "find_person",
    "format_person",
    "item_people",
    "person",
    "similarity",
    "unresolved_mentions",
]
