"""A partition derived again after new meetings without building its whole graph.

The nightly case: minutes of new meetings are added to a municipality and nothing else of it
changed. :func:`graph.partition.part_of_graph` cuts the partition's graph into one bundle per
meeting; most bundles are the same after the add. What a full derivation would make is
computed from what the last one left (:class:`BuildState`, saved beside the partition's
graph) and the new documents alone:

* the graph of the new documents alone (:func:`graph.build.build_graph`,
  :func:`graph.people.add_people`), whose nodes take their place in the partition's node
  order (each node's *rank*: a bundle's edges are grouped by their first node, in that order);
* the link's output (:class:`graph.link.LinkOutput`, from the documents: the linker needs no
  graph) compared item by item with the last one: the bundles of the items whose meeting
  edges, matter or ``CONTINUES`` changed, and of the meetings, stubs and items at their other
  ends, are cut again from their saved form (the link's edges replaced, the new edges added,
  in the graph's order); every other bundle is kept as saved, bytes and digest.

It gives the same bundles as the full derivation, or declines (:class:`Declined`, with the
reason) whenever that is not sure, and the caller derives the whole partition:

* a document of the partition was changed or removed, or a new meeting's key is a node
  already (a stub known from a reference, or two documents of one meeting);
* the annotations of an earlier document changed (a new person in a list who fits a short
  form of its text, another canonical spelling, a new role word: :func:`annotation_digests`);
* a node the new documents touch would take another place in the order (a person or a case
  first met in a document that sorts after the new one), or would get other attributes (a
  person's new role or alias, a stub's start time);
* an edge between two earlier nodes (a person absent from an earlier stub meeting);
* the link adds or drops stub meetings, or a stub changes owner; the shared bundle holds edges.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx

from core import schema
from core.records import Document
from core.schema import forum_key, meeting_key
from graph.build import build_graph
from graph.build_state import BuildState
from graph.link.output import LinkOutput
from graph.partition import SHARED, Bundle, Edge, Node, item_meeting, owners
from graph.people import add_people

#: Node types without a rank: no edge leaves them and the shared bundle orders the matters by
#: the link's output.
_UNRANKED = frozenset({schema.DOCUMENT, schema.ATTACHMENT, schema.MATTER})
_LINK_EDGES = frozenset({schema.CONTINUES, schema.PART_OF, schema.PREPARES, schema.REFERS_TO})
_PROVENANCE = ("source_path", "sha256", "first_line", "last_line")

#: How many derivations took which way (the tests assert the per-meeting way was taken).
STATS: dict[str, int] = defaultdict(int)


class Declined(Exception):
    """The per-meeting way cannot tell that it gives the full derivation's bundles."""


def annotation_digests(docs: Sequence[Document]) -> list[bytes]:
    """A digest of what the graph reads of each annotated document that the people
    registry can change (its lists as resolved, its items' guests, absences, mentions and
    organisations): an earlier document with the same digest adds the same to the graph.

    >>> from core.records import Meeting, Source
    >>> src = Source("a.txt", "0" * 64, 1, 1)
    >>> doc = Document("a.txt", "0" * 64, Meeting("Byrådet", "2021-02-03", src,
    ...                attendees=("Ole Vett",)))
    >>> other = Document("a.txt", "0" * 64, Meeting("Byrådet", "2021-02-03", src))
    >>> [one], [two] = annotation_digests([doc]), annotation_digests([other])
    >>> len(one), one == two
    (16, False)
    """
    found = []
    for doc in docs:
        m = doc.meeting
        seen: list[object] = [m.attendees, m.invited, m.staff, m.absent]
        seen += [(i.participants, i.absent_for_item, i.mentions, i.organisations) for i in m.items]
        found.append(hashlib.blake2b(repr(seen).encode(), digest_size=16).digest())
    return found


def plain_output(output: LinkOutput) -> tuple[list[Any], list[Any], list[Any]]:
    """The parts of ``output`` a graph is made of, as lists (for marshal)."""
    return (
        [list(e) for e in output.meeting_edges],
        [[m, label, list(keys)] for m, label, keys in output.matters],
        [[a, b, list(ev), score] for a, b, ev, score in output.continues],
    )


def state_of_graph(
    G: nx.MultiDiGraph,
    owner: dict[str, str],
    docs: Sequence[Document],
    marks: tuple[list[int], list[int]],
    output: LinkOutput,
    changed: int,
) -> BuildState:
    """The state a full derivation leaves: ``G`` its graph, ``owner`` its owners
    (:func:`graph.partition.owners`), ``marks`` those of :func:`graph.build.build_graph`
    and :func:`graph.people.add_people`."""
    build_marks, people_marks = marks
    link_start = people_marks[-1] if people_marks else build_marks[-1]
    ranks: dict[str, float] = {}
    link_nodes = []
    owned: dict[str, int] = defaultdict(int)
    for i, (n, d) in enumerate(G._node.items()):
        kind = d.get("type")
        if n in owner:
            owned[owner[n]] += 1
        if kind in _UNRANKED:
            continue
        ranks[n] = i
        if i >= link_start:
            if kind == schema.MEETING:
                link_nodes.append((n, d.get("forum"), d.get("date"), d.get("scope")))
            else:
                link_nodes.append((n, d.get("name"), "", None))
    stubs = {n: owner[n] for n, d in G._node.items() if n in owner and _stub(d)}
    return BuildState(
        changed,
        [(doc.sha256, doc.meeting.key) for doc in docs],
        annotation_digests(docs),
        plain_output(output),
        ranks,
        [m - 0.5 for m in build_marks[1:]],
        [m - 0.5 for m in people_marks],
        build_marks[0] - 0.5,
        link_start - 0.5,
        stubs,
        dict(owned),
        link_nodes,
    )


def _stub(d: dict[str, Any]) -> bool:
    return d.get("type") == schema.MEETING and not d.get("documented")


@dataclass
class Added:
    """What :func:`derive_added` gives: the part's bundles (a new :class:`Bundle`, or None
    for one kept as saved) in the part's order, its head, and the state to save."""

    bundles: dict[str, Bundle | None]
    needs: dict[str, list[str]]
    matters: dict[str, list[str]]
    item_matter: dict[str, str]
    state: BuildState
    #: The bundles cut again (before: as saved), and those of the new meetings.
    old: dict[str, Bundle]
    new_meetings: list[str]


#: Reads saved bundles by key, as saved (the item texts left out).
ReadBundles = Callable[[list[str]], dict[str, Bundle]]
#: The item nodes of a bundle as the cache keeps them (:func:`store.texts.strip_texts`).
Strip = Callable[[list[Bundle]], list[Bundle]]


def derive_added(
    state: BuildState,
    docs: Sequence[Document],
    output: LinkOutput,
    saved: tuple[list[str], dict[str, list[str]]],
    read: ReadBundles,
    strip: Strip,
    changed: int,
) -> Added:
    """The part of ``docs`` (annotated, in the order derived; ``output``: their link) from
    ``state`` and the saved part
    (``saved``: its bundles' keys in order and its ``needs``; ``read`` reads bundles).
    Raises :class:`Declined` when that is not sure to be the full derivation's part."""
    work = _Work(state, docs, output)
    work.place_new()
    work.diff_links()
    work.check_link_nodes()
    old = read(sorted(work.affected | {SHARED}))
    work.check_stubs(old)
    shared = work.shared_bundle(old[SHARED])
    cut = work.cut_bundles(old, shared, strip)
    order = _order(saved[0], work)
    needs = {k: work.needs[k] if k in work.needs else saved[1].get(k, []) for k in order}
    matters: dict[str, list[str]] = {}
    item_matter: dict[str, str] = {}
    for mkey, _label, keys in output.matters:
        matters[mkey] = sorted({item_meeting(i) for i in keys})
        item_matter.update(dict.fromkeys(keys, mkey))
    bundles: dict[str, Bundle | None] = {k: cut.get(k) for k in order}
    bundles[SHARED] = shared
    old.pop(SHARED)
    return Added(
        bundles,
        {k: v for k, v in needs.items() if v},
        matters,
        item_matter,
        work.next_state(changed),
        old,
        work.new_meetings,
    )


def _order(saved: list[str], work: _Work) -> list[str]:
    """The bundles' order: the meetings' (by rank), the shared bundle last."""
    meetings = [k for k in saved if k != SHARED] + work.new_meetings
    return [*sorted(meetings, key=work.rank), SHARED]


def _signatures(
    output: tuple[list[Any], list[Any], list[Any]],
) -> tuple[dict[str, tuple[Any, ...]], dict[str, list[str]]]:
    """Per item: what the link gives it (meeting edges, matter, next step), and the nodes at
    the other ends of its link edges."""
    meeting_edges, matters, continues = output
    edges: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for item, edge, scope, forum, date, text in meeting_edges:
        edges[item].append((meeting_key(forum, date, scope), edge, text))
    nexts = {a: (b, tuple(evidence), score) for a, b, evidence, score in continues}
    signature: dict[str, tuple[Any, ...]] = {}
    ends: dict[str, list[str]] = defaultdict(list)
    for mkey, label, keys in matters:
        for key in keys:
            signature[key] = (mkey, label, tuple(keys), nexts.get(key))
            if key in nexts:
                ends[key].append(nexts[key][0])
                ends[nexts[key][0]].append(key)
    for item, found in edges.items():
        signature[item] = (*signature.get(item, ()), tuple(found))
        ends[item].extend(t for t, _, _ in found)
    return signature, ends


class _Work:
    """The steps of :func:`derive_added` (see the module)."""

    def __init__(self, state: BuildState, docs: Sequence[Document], output: LinkOutput) -> None:
        self.state, self.output, self.ranks = state, output, state.ranks
        self.docs = list(docs)
        listed = [(doc.sha256, doc.meeting.key) for doc in docs]
        saved = set(state.docs)
        self.annotations = annotation_digests(docs)
        if [x for x in listed if x in saved] != state.docs:
            raise Declined("a document was changed or removed")
        earlier = [a for a, x in zip(self.annotations, listed, strict=True) if x in saved]
        if earlier != state.annotations:
            raise Declined("the people of an earlier document are annotated otherwise")
        old_meetings = {m for _, m in state.docs}
        self.new_docs: list[tuple[int, Document]] = []  # (the saved document before, doc)
        before = -1
        new_keys: set[str] = set()
        for doc, x in zip(docs, listed, strict=True):
            if x in saved:
                before += 1
                continue
            if x[1] in self.ranks or x[1] in old_meetings or x[1] in new_keys:
                raise Declined(f"{x[1]} is a node already (a stub, or two documents)")
            new_keys.add(x[1])
            self.new_docs.append((before, doc))
        if not self.new_docs:
            raise Declined("no new document")
        self.new_meetings = [doc.meeting.key for _, doc in self.new_docs]
        self.documented = old_meetings | set(self.new_meetings)
        self.new_ranks: dict[str, float] = {}
        self.ends: dict[tuple[int, int], float] = {}  # (phase, new document) -> its last rank
        self.affected: set[str] = set()
        self.stub_owner = dict(state.stub_owner)
        self.needs: dict[str, list[str]] = {}
        self.people: dict[str, dict[str, Any]] = {}  # earlier people the new documents touch
        self.stubs: dict[str, Any] = {}  # earlier stubs they touch: the start they give
        self.touched: set[str] = set()  # stubs whose edges in change
        self.unranked: set[str] = set()  # new nodes ranked for this derivation only

    def rank(self, node: str) -> float:
        found = self.new_ranks.get(node)
        return self.ranks[node] if found is None else found

    def owner(self, node: str) -> str:
        """The bundle owning ``node`` in the new graph (:data:`SHARED`: none)."""
        found = self.stub_owner.get(node)
        if found is not None:
            return found
        if node in self.documented:
            return node
        if node.startswith("item:"):
            return item_meeting(node)
        if node.startswith("decision:"):
            return item_meeting("item:" + node.removeprefix("decision:").split(":earlier:")[0])
        if node not in self.ranks:
            return self.H_owner.get(node, SHARED)
        return SHARED

    def _base(self, phase: int, before: int) -> tuple[float, float]:
        """Where the new nodes of a phase (0 meetings, 1 build, 2 people) go after the saved
        document ``before``: (after this rank, within this width)."""
        state = self.state
        if phase == 0:
            return (self.ranks[state.docs[before][1]] if before >= 0 else -1.0), 0.4
        if phase == 1:
            return (state.build_ends[before] if before >= 0 else state.meetings_end), 0.4
        if before >= 0:
            return state.people_ends[before], 0.4
        return (state.build_ends[-1] if state.build_ends else state.meetings_end) + 0.4, 0.09

    def place_new(self) -> None:
        """Build the new documents' graph; rank its new nodes, check the earlier ones."""
        docs = [doc for _, doc in self.new_docs]
        build_marks: list[int] = []
        people_marks: list[int] = []
        H = build_graph(docs, build_marks)
        add_people(H, docs, people_marks)
        self.H, self.H_owner = H, owners(H)
        groups: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
        for index, (node, d) in enumerate(H._node.items()):
            if index < build_marks[0]:
                phase, j = 0, index
            elif index < build_marks[-1]:
                phase, j = 1, bisect.bisect_right(build_marks, index) - 1
            else:
                phase, j = 2, bisect.bisect_right(people_marks, index)
            before = self.new_docs[j][0]
            if node in self.ranks and not self._earlier(node, d, self._base(phase, before)[0]):
                pass
            elif node in self.ranks:  # a case first met in a later document: moves up
                groups[(phase, before)].append((node, j))
            else:  # documents and attachments too: the new meetings' own nodes are ordered
                groups[(phase, before)].append((node, j))
                if d.get("type") in _UNRANKED:
                    self.unranked.add(node)
        for (phase, before), nodes in groups.items():
            low, width = self._base(phase, before)
            for i, (node, j) in enumerate(nodes, 1):
                self.new_ranks[node] = low + width * i / (len(nodes) + 1)
                self.ends[(phase, j)] = self.new_ranks[node]
        self._new_edges()

    def _earlier(self, node: str, d: dict[str, Any], limit: float) -> bool:
        """Check an earlier node the new documents touch: it keeps its place (it was made
        before them) and its attributes. True: a case made by a later document, which takes
        its place among the new nodes (no edge leaves a case: only the shared bundle's order
        changes)."""
        kind = d.get("type")
        if self.ranks[node] > limit:
            if kind == schema.CASE:
                return True
            raise Declined(f"{node} would take another place in the order")
        if kind == schema.PERSON:
            self.people[node] = d
        elif kind == schema.MEETING:
            if node not in self.documented:
                self.stubs[node] = d.get("start")
        elif kind not in (schema.FORUM, schema.CASE, schema.ORGANISATION, schema.ROLE):
            raise Declined(f"{node} is an earlier node of its kind")
        return False

    def _new_edges(self) -> None:
        """The new documents' edges (an edge between two earlier nodes declines, but a stub's
        edge to its forum, which it has)."""
        self.h_edges: list[Edge] = []
        for u, nbrs in self.H._succ.items():
            earlier = u in self.ranks
            for v, keys in nbrs.items():
                for k, d in keys.items():
                    if earlier and v in self.ranks:
                        if k == schema.OF_FORUM:
                            continue
                        raise Declined(f"a new {k} edge between earlier nodes {u}, {v}")
                    self.h_edges.append((u, v, k, d))
                    for end in (u, v):
                        if end in self.ranks and self.owner(end) != SHARED:
                            self.affected.add(self.owner(end))
                            self.touched.add(end)

    def diff_links(self) -> None:
        """The items whose link edges changed, and the bundles at their ends; the link's
        edges by their first node (``out``) and by their second (``into``)."""
        new = plain_output(self.output)
        before, old_ends = _signatures(self.state.output)
        after, new_ends = _signatures(new)
        for item in before.keys() | after.keys():
            if before.get(item) != after.get(item):
                for node in (item, *old_ends.get(item, ()), *new_ends.get(item, ())):
                    owner = self.owner(node)
                    if owner != SHARED:
                        self.affected.add(owner)
                    if node in self.stub_owner or _stub(self.H._node.get(node, {})):
                        self.touched.add(node)
        self.out: dict[str, list[tuple[str, str, str, Any]]] = defaultdict(list)
        self.into: dict[str, list[str]] = defaultdict(list)
        meeting_edges, matters, continues = new
        for item, edge, scope, forum, date, text in meeting_edges:
            target = meeting_key(forum, date, scope)
            self.out[item].append((item, target, edge, text))
            self.into[target].append(item)
        steps = iter(continues)
        for mkey, _label, keys in matters:
            for key in keys:
                self.out[key].append((key, mkey, schema.PART_OF, None))
            for _ in range(len(keys) - 1):
                a, b, evidence, score = next(steps)
                self.out[a].append((a, b, schema.CONTINUES, (evidence, score)))
                self.into[b].append(a)
        self._new_stubs()
        self.affected -= set(self.new_meetings)

    def _new_stubs(self) -> None:
        """The owners of the stubs the new documents make: their first meeting (an earlier
        one declines: its bundle would gain the stub)."""
        for node, d in self.H._node.items():
            if node in self.ranks or not _stub(d):
                continue
            sources = [u for u, v, _, _ in self.h_edges if v == node and self.owner(u) != SHARED]
            sources += self.into.get(node, [])
            owner = self.owner(min(sources, key=self.rank))
            if owner not in self.new_meetings:
                raise Declined(f"the new stub {node} is owned by {owner}")
            self.stub_owner[node] = owner

    def check_link_nodes(self) -> None:
        """The link makes the stubs and forums it made before, in that order."""
        start, made = self.state.link_start, set()
        created = []
        for _item, _edge, scope, forum, date, _text in self.output.meeting_edges:
            for node, entry in (
                (meeting_key(forum, date, scope), (forum, date, scope)),
                (forum_key(forum, scope), (forum, "", None)),
            ):
                before = node in self.new_ranks or self.ranks.get(node, start + 1) < start
                if not before and node not in made:
                    made.add(node)
                    created.append((node, *entry))
        if created != [tuple(x) for x in self.state.link_nodes]:
            raise Declined("the link adds or drops stub meetings")

    def check_stubs(self, old: dict[str, Bundle]) -> None:
        """The earlier stubs whose edges change keep their owner and their start; the
        earlier people the new documents touch keep their roles and aliases."""
        for stub in self.touched:
            owner = self.stub_owner.get(stub)
            if owner is None or owner in self.new_meetings:
                continue
            bundle = old[owner]
            sources = [
                u
                for u, v, k, _ in bundle.edges
                if v == stub and k not in _LINK_EDGES and self.owner(u) != SHARED
            ]
            sources += [u for u, v, _, _ in self.h_edges if v == stub]
            sources += self.into.get(stub, [])
            if self.owner(min(sources, key=self.rank)) != owner:
                raise Declined(f"the stub {stub} changes owner")
            if self.stubs.get(stub) is not None:
                attrs = dict(bundle.nodes).get(stub, {})
                if attrs.get("start") is None:
                    raise Declined(f"the stub {stub} gets a start time")
        shared = dict(old[SHARED].nodes)
        for person, d in self.people.items():
            known = shared.get(person, {})
            for name in ("roles", "aliases"):
                if not set(d.get(name) or ()) <= set(known.get(name) or ()):
                    raise Declined(f"{person} gets {name}")

    def shared_bundle(self, saved: Bundle) -> Bundle:
        """The shared bundle: its nodes but the matters in the graph's order, the new ones
        in their place, then the link's matters."""
        if saved.edges:
            raise Declined("the shared bundle holds edges")
        nodes = [(n, d) for n, d in saved.nodes if d.get("type") != schema.MATTER]
        nodes += [
            (n, d)
            for n, d in self.H._node.items()
            if n not in self.ranks and self.owner(n) == SHARED
        ]
        nodes.sort(key=lambda nd: self.rank(nd[0]))
        for mkey, label, keys in self.output.matters:
            nodes.append((mkey, {"type": schema.MATTER, "label": label, "items": keys}))
        return Bundle(nodes, [])

    def cut_bundles(
        self, old: dict[str, Bundle], shared: Bundle, strip: Strip
    ) -> dict[str, Bundle]:
        """The bundles of the new meetings, and the affected ones cut again."""
        look: dict[str, dict[str, Any]] = {}
        for bundle in old.values():
            for n, d in bundle.nodes:
                look.setdefault(n, d)
        look.update(shared.nodes)
        new = [(n, d) for n, d in self.H._node.items() if n not in self.ranks]
        [lean] = strip([Bundle(new, [])])
        look.update(lean.nodes)
        cut: dict[str, Bundle] = {}
        for name in sorted(self.affected):
            bundle = old[name]
            owned = bundle.nodes[: self.state.owned[name]]
            edges = [e for e in bundle.edges if e[2] not in _LINK_EDGES]
            cut[name] = self._cut(name, owned, edges, look)
        for name in self.new_meetings:
            mine = [n for n, _ in new if self.owner(n) == name]
            mine.sort(key=lambda n: self.new_ranks.get(n, -1.0) if n != name else -2.0)
            cut[name] = self._cut(name, [(n, look[n]) for n in mine], [], look)
        return cut

    def _cut(
        self, name: str, owned: list[Node], edges: list[Edge], look: dict[str, dict[str, Any]]
    ) -> Bundle:
        """A bundle: ``owned`` and the edges touching them (``edges``, the new documents'
        and the link's), grouped by first node in the graph's order, and a copy of each node
        at their other ends."""
        mine = {n for n, _ in owned}
        groups: dict[str, list[Edge]] = defaultdict(list)
        for e in edges:
            groups[e[0]].append(e)
        for e in self.h_edges:
            if e[0] in mine or e[1] in mine:
                groups[e[0]].append(e)
        sources = {u for n in mine for u in self.into.get(n, ())} | (mine & self.out.keys())
        for u in sources:
            for _, v, k, extra in self.out[u]:
                if u in mine or v in mine:
                    groups[u].append((u, v, k, _link_attrs(k, extra, look[u])))
        ordered = [e for u in sorted(groups, key=self.rank) for e in groups[u]]
        nodes = list(owned)
        seen: set[str] = set()
        needs: set[str] = set()
        for u, v, _, _ in ordered:
            for end in (u, v):
                if end in mine or end in seen:
                    continue
                seen.add(end)
                d = look[end]
                nodes.append((end, d))
                owner = self.owner(end)
                if owner != SHARED and _stub(d):
                    needs.add(owner)
        self.needs[name] = sorted(needs)
        return Bundle(nodes, ordered)

    def next_state(self, changed: int) -> BuildState:
        """The state after this derivation (the ranks renumbered)."""
        state = self.state
        ranks = dict(state.ranks)
        ranks.update((n, r) for n, r in self.new_ranks.items() if n not in self.unranked)
        values = sorted(ranks.values())
        build_ends: list[float] = []
        people_ends: list[float] = []
        saved = iter(zip(state.build_ends, state.people_ends, strict=True))
        new = {id(doc): j for j, (_, doc) in enumerate(self.new_docs)}
        for doc in self.docs:
            j = new.get(id(doc))
            if j is None:
                build, people = next(saved)
            else:  # after its last node, else where the document before ends
                build = self.ends.get((1, j), build_ends[-1] if build_ends else state.meetings_end)
                people = self.ends.get(
                    (2, j), people_ends[-1] if people_ends else self._base(2, -1)[0]
                )
            build_ends.append(build)
            people_ends.append(people)

        def at(boundary: float) -> float:
            return bisect.bisect_right(values, boundary) - 0.5

        docs = [(doc.sha256, doc.meeting.key) for doc in self.docs]
        order: dict[str, float] = {n: i for i, n in enumerate(sorted(ranks, key=ranks.__getitem__))}
        owned = dict(state.owned)
        for name in self.new_meetings:
            owned[name] = sum(self.owner(n) == name for n in self.H._node if n not in self.ranks)
        return BuildState(
            changed,
            docs,
            self.annotations,
            plain_output(self.output),
            order,
            [at(b) for b in build_ends],
            [at(p) for p in people_ends],
            at(state.meetings_end),
            at(state.link_start),
            self.stub_owner,
            owned,
            state.link_nodes,
        )


def _link_attrs(kind: str, extra: Any, item: dict[str, Any]) -> dict[str, Any]:
    """The attributes :func:`graph.link.apply_links` gives a link edge from ``item``."""
    if kind == schema.PART_OF:
        return {"type": kind}
    if kind == schema.CONTINUES:
        evidence, score = extra
        return {"type": kind, "evidence": evidence, "score": score}
    return {"type": kind, "text": extra, **{k: item[k] for k in _PROVENANCE if k in item}}
