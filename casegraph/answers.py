"""Answer any question of the registry (:mod:`queries.questions`) by name, from the store
or from Neo4j: what every question command of the CLI calls, with the same parameters.

>>> ask("stats", store="/no/such/store")  # doctest: +ELLIPSIS
Traceback (most recent call last):
core.errors.StoreMissingError: no casegraph store at /no/such/store; create one ...

A question only reads: it opens the store read-only (a store on a read-only medium
answers too) and never creates one.

Startup time: this module imports only the registry and the store. The pipeline (which
loads spaCy, a second) is imported when the store's cached graph is stale and has to be
derived again, and the Neo4j backend (the driver) when a question goes to Neo4j. Neither is
an import dodging a cycle: import-linter reads these imports too and checks the layers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casegraph import subgraphs
from core.errors import EmptyStoreError, NoMatchError, QueryError
from core.settings import Settings
from core.text import canonical_case_number, content_words, stem
from graph.bundle_graph import BundleGraph
from graph.partition import closure, item_meeting
from queries.meetings import require_data
from queries.questions import QUESTIONS, Question
from queries.ranking import WordQuery
from queries.store_titles import StaleHead, StoreTitles, part_head
from queries.timeline import OTHERS, OtherMatter, Ranked, case_number_of
from store.sqlite import RecordStore

if TYPE_CHECKING:
    import networkx as nx

    from store.neo4j_db import Neo4jSettings

BACKENDS = ("networkx", "neo4j")


def question(name: str) -> Question:
    """The registered question called ``name`` (``case``, ``attended``, ...).

    >>> question("case").argument
    'query'
    """
    try:
        return QUESTIONS[name]
    except KeyError:
        known = ", ".join(QUESTIONS)
        raise QueryError(f"no question {name!r}; the questions are {known}") from None


#: Called as ``progress(done, total, partition)`` when partitions are derived again.
Progress = Callable[[int, int, str], None]


def store_graph(db: RecordStore, *, progress: Progress | None = None) -> nx.MultiDiGraph:
    """The graph of ``db``'s records: its cache, or derived again by the pipeline for the
    partitions whose records changed since their cache was written."""
    G = db.cached_graph()
    if G is None:
        from casegraph.pipeline import load_graph  # startup time: spaCy, only when stale

        G = load_graph(db, progress=progress)
    return G


def load_graph(
    settings: Settings, *, require: bool = True, progress: Progress | None = None
) -> nx.MultiDiGraph:
    """The graph of the store ``settings`` name (see :func:`store_graph`).

    Raises
    ------
    core.errors.EmptyStoreError
        When the store holds no minutes and ``require`` is set.
    """
    with open_readonly(settings) as db:
        G = store_graph(db, progress=progress)
    if require:
        try:
            require_data(G)
        except EmptyStoreError as exc:
            raise EmptyStoreError(f"{settings.store}: {exc}") from exc
    return G


def open_readonly(settings: Settings) -> RecordStore:
    """The store ``settings`` name, opened for reading only."""
    return RecordStore(settings.store, lock_timeout=settings.lock_timeout, readonly=True)


def ask(
    name: str,
    /,
    *,
    store: str | Path | None = None,
    backend: str | None = None,
    neo4j: Neo4jSettings | None = None,
    settings: Settings | None = None,
    progress: Progress | None = None,
    **params: Any,
) -> Any:
    """Answer the question ``name`` with ``params`` (its argument and options by name).

    Parameters
    ----------
    name:
        A key of :data:`queries.questions.QUESTIONS`: ``meetings``, ``case``, ``attended``,
        ``person``, ``search`` or ``stats``.
    store:
        The store folder (default ``$CASEGRAPH_STORE`` or ``./.casegraph``).
    backend:
        ``networkx`` (the store's graph) or ``neo4j``; default ``$CASEGRAPH_BACKEND`` or
        ``networkx``. Questions without a Neo4j function always answer from the store.
    neo4j:
        Where Neo4j is (default: ``NEO4J_*`` variables).
    progress:
        Called as ``progress(done, total, partition)`` while the graph of municipalities
        whose minutes changed is derived again (the first question after an ingest).

    Returns
    -------
    The question's result, a frozen dataclass with ``to_dict()``.

    Raises
    ------
    core.errors.EmptyStoreError, core.errors.NoMatchError, core.errors.QueryError
    """
    q = question(name)
    settings = settings or Settings.from_env(store=store, backend=backend)
    if settings.backend not in BACKENDS:
        raise QueryError(
            f"unknown backend {settings.backend!r} (CASEGRAPH_BACKEND): use networkx or neo4j"
        )
    if settings.backend == "neo4j" and q.neo4j:
        from queries import neo4j_backend  # startup time: the Neo4j driver, only when asked

        return neo4j_backend.answer(q.name, settings=neo4j, **params)
    if q.reads == "store":
        with open_readonly(settings) as db:
            return q.function()(db, **params)
    if q.name in _FROM_TABLES:
        with open_readonly(settings) as db:
            try:
                return _FROM_TABLES[q.name](db, progress=progress, **params)
            except EmptyStoreError as exc:
                raise EmptyStoreError(f"{settings.store}: {exc}") from exc
    G = None
    if q.name in _FROM_BUNDLES and not params.get("infer"):
        keep = int(params.get("limit") or 3) + OTHERS  # attended: 1 + OTHERS
        shown = 1 if q.name == "attended" else params.get("limit", 3)
        with open_readonly(settings) as db:
            query = str(params.get(q.argument or "", ""))
            ranked = None
            if isinstance(shown, int) and shown > 0:
                ranked = ranked_graph(db, query, limit=shown)
            if ranked is not None:
                G, ranking = ranked
                return q.function()(G, ranking=ranking, **params)
            G = question_graph(db, query, keep=keep, progress=progress)
    if G is None:
        G = load_graph(settings, require=q.requires_data, progress=progress)
    return q.function()(G, **params)


#: Questions answered from the store's tables and the bundles they name
#: (:mod:`casegraph.subgraphs`), with the parameters of their whole-graph functions.
_FROM_TABLES: dict[str, Callable[..., Any]] = {
    "meetings": subgraphs.list_meetings,
    "person": subgraphs.person_answer,
}

#: Questions about a matter: answered from the bundles of the meetings they need.
_FROM_BUNDLES = ("case", "attended")


def question_graph(
    db: RecordStore, query: str, *, keep: int | None = None, progress: Progress | None = None
) -> nx.MultiDiGraph | None:
    """The part of ``db``'s graph that answers ``case`` or ``attended`` for ``query``: the
    bundles of :func:`question_bundles`, merged into a :class:`graph.bundle_graph.BundleGraph`
    (no networkx import). None when no title holds a word (the texts
    are read then, in the whole graph), and for a store without the tables (read as it is,
    before an upgrade).
    """
    keys = question_bundles(db, query, keep=keep, progress=progress, errors=True)
    return None if keys is None else subgraphs.bundles_graph(db, keys, BundleGraph(), texts="owned")


def ranked_graph(db: RecordStore, query: str, *, limit: int) -> tuple[BundleGraph, Ranked] | None:
    """For ``case`` or ``attended`` by words (``limit`` matters shown): the matters ranked
    from the store's tables as :func:`queries.timeline.rank_matters` ranks them in the whole
    graph (:mod:`queries.store_titles`), with what the answer lists of those it does not
    show (:mod:`store.lookup`), and the graph of the bundles of every step of the matters
    shown. None for a case number or a matter's key, and when the tables cannot tell (a
    store written before the lookup, a partition to derive again): :func:`question_graph`
    answers then.

    Raises
    ------
    core.errors.NoMatchError
        When the tables tell that no title or text holds a word.
    """
    q = WordQuery.of(query)
    if query.startswith("matter:") or case_number_of(query) is not None or not q.words:
        return None
    titles = StoreTitles.of(db, list(dict.fromkeys(q.roots)))
    if titles is None:
        return None
    keep = limit + OTHERS
    source, best = titles, titles.best_matters(q, keep)
    if best is None:
        found = titles.text_matters(query, q, keep)
        if found is None:
            return None
        source, best = found
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
    matters = [(m, round(s, 4)) for m, s in ranked]
    if not matters:
        return None
    # queries.timeline.fitting_matters: the matters shown, and the others it lists
    shown = [m for m, s in matters[:limit] if s >= 0.5 * matters[0][1]]
    rows = source.matter_rows([m for m, _ in matters[len(shown) : len(shown) + OTHERS]])
    if rows is None:
        return None
    listed = {
        m: OtherMatter(id=m, label=label, score=0.0, items=items, first=first, last=last)
        for m, (label, items, first, last) in rows.items()
    }
    try:
        keys = source.bundles_of(shown)
    except StaleHead:
        return None
    G = subgraphs.bundles_graph(db, keys, BundleGraph(), texts="owned")
    return G, Ranked(matters, listed)


def question_bundles(
    db: RecordStore,
    query: str,
    *,
    keep: int | None = None,
    progress: Progress | None = None,
    errors: bool = False,
) -> dict[str, list[str]] | None:
    """The bundles (partition -> their keys, in the order of its file) that answer ``case``
    or ``attended`` for ``query``: the meetings of a matter's steps for its key; of the items
    carrying its case number; or of the best ``keep`` matters (all: None) whose titles hold
    its words, ranked from the store's title tables (:mod:`queries.store_titles`); and of
    every step of their matters (:func:`graph.partition.closure`). None when no title of an
    item in a matter holds a word, and for a store without the tables (see
    :func:`question_graph`).

    Raises
    ------
    core.errors.NoMatchError
        With ``errors``, when the tables tell that nothing matches (no item carries the case
        number, no title or text holds a word): the whole graph's error. Without, None then.
    """
    try:
        return _question_bundles(db, query, keep, progress)
    except NoMatchError:
        if errors:
            raise
        return None  # the whole graph says it
    except StaleHead:
        return None  # a graph saved without its tables' change: derived again, whole


def _question_bundles(
    db: RecordStore, query: str, keep: int | None, progress: Progress | None
) -> dict[str, list[str]] | None:
    if query.startswith("matter:"):  # a matter's own key, as the web pages link it
        return _matter_bundles(db, query)
    number = case_number_of(query)
    if number is not None:
        rows = db.case_items(canonical_case_number(number))
        if rows == [] and db.counts()["documents"]:
            raise NoMatchError(f"no agenda item has case number {number}")
    else:
        q = WordQuery.of(query)
        if not q.words and db.counts()["documents"]:
            raise NoMatchError(f"nothing to look for in {query!r}; give a case number or words")
        titles = StoreTitles.of(db, list(dict.fromkeys(q.roots)))
        if titles is not None:
            keys = titles.best_bundles(q, keep)
            return titles.text_bundles(query, q, keep) if keys is None else keys
        # the items whose titles hold a word; none: the texts, read in the whole graph
        rows = db.title_items(sorted({stem(w) for w in content_words(query)}))
    if not rows:
        return None
    keys, in_matter = item_bundles(db, rows, progress=progress)
    if number is None and not in_matter:
        return None  # no title of a matter's item holds a word: the texts of all are read
    return keys or None


def _matter_bundles(db: RecordStore, matter: str) -> dict[str, list[str]] | None:
    """The bundles of the steps of ``matter`` (keyed by its first item); None when no saved
    partition has it (the whole graph reads the key as words then)."""
    item = "item:" + matter.split(":", 1)[1]
    partition = db.meeting_partition(item_meeting(item))
    states = db.partitions()
    if partition not in states:
        return None
    head = part_head(db, partition, states[partition])
    if head is None or head.item_matter.get(item) != matter:
        return None
    return {partition: closure(head.offsets, head.needs, head.matters, head.item_matter, [item])}


def item_bundles(
    db: RecordStore, rows: list[tuple[str, str]], *, progress: Progress | None = None
) -> tuple[dict[str, list[str]], bool]:
    """The bundles (partition -> keys, in the order of its file) of the meetings of the items
    ``rows`` (``(item key, partition)``) and of every step of their matters, and whether any
    of the items is in a matter."""
    states = db.partitions()
    by_partition: dict[str, list[str]] = defaultdict(list)
    for item, partition in rows:
        if partition in states:
            by_partition[partition].append(item)
    keys: dict[str, list[str]] = {}
    in_matter = False
    for done, (partition, items) in enumerate(sorted(by_partition.items()), 1):
        changed = states[partition]
        index = part_head(db, partition, changed)
        if index is not None:
            keys[partition] = closure(
                index.offsets, index.needs, index.matters, index.item_matter, items
            )
            in_matter = in_matter or any(i in index.item_matter for i in items)
        else:
            if progress is not None:  # at once: deriving takes seconds
                progress(done - 1, len(by_partition), partition)
            part = subgraphs.derived_part(db, partition, changed)
            keys[partition] = part.closure(items)
            in_matter = in_matter or any(i in part.item_matter for i in items)
            if progress is not None:
                progress(done, len(by_partition), partition)
    return keys, in_matter


__all__ = [
    "BACKENDS",
    "ask",
    "item_bundles",
    "load_graph",
    "open_readonly",
    "question",
    "question_bundles",
    "question_graph",
    "ranked_graph",
    "store_graph",
]
