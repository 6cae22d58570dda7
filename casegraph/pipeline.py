"""The pipeline: both stages, from files to the graph every question reads.

1. Per document (:func:`ingest`): read -> parse -> store. One bad document never stops a
   batch: its error is collected in the report and the rest are ingested. Nothing already
   stored is touched by a failed document.
2. Per partition, a municipality's documents (:func:`derive_graph`, :func:`load_graph`,
   :func:`relink`): annotate people -> build the graph -> add people -> link matters, then
   hand the partition's graph to the store's cache. A partition is derived again only when
   its records changed; the store's graph is the partitions merged.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import networkx as nx

from core.errors import CasegraphError
from core.memory import gc_paused_then_frozen
from core.records import Document
from core.settings import Settings
from extract.layouts.draft import LOW_CONFIDENCE
from extract.parse import parse_checked
from extract.paths import scan_paths
from extract.people import annotate_people
from extract.people_cache import PeopleCache
from extract.read import read_document
from graph.build import build_graph, release_views
from graph.link import LinkOutput, apply_links, link_documents, link_matters
from graph.link.incremental import LinkCache
from graph.meeting_build import Declined, derive_added, state_of_graph
from graph.partition import Bundle, Part, merge_parts, part_and_owners
from graph.people import add_people
from store.added import tables_after
from store.derived import (
    SavedBundles,
    build_file,
    code_digest,
    link_file,
    part_file,
    people_file,
    read_build_state,
    read_bundles,
    read_index,
    read_link,
    read_people,
    write_build_state,
    write_bundles,
    write_link,
    write_people,
)
from store.sqlite import DERIVED_DIR, RecordStore
from store.texts import document_texts, strip_texts


def load_document(path: str | Path) -> Document:
    """Read and parse one file of minutes into records.

    Parameters
    ----------
    path:
        A ``.txt``, ``.md``, ``.pdf``, ``.json``, ``.html`` or ``.xml`` file of minutes.

    Raises
    ------
    core.errors.InputError
        With a message naming the file and what to do; also when a meeting header is found
        and no agenda item (:class:`~core.errors.NoItemsError`).

    Examples
    --------
    >>> doc = load_document("examples/nordfyns/002_a5db68b1e2c219a1.txt")
    >>> doc.meeting.forum, doc.meeting.date, len(doc.meeting.items)
    ('Direktionen', '2021-01-07', 5)
    """
    raw = read_document(path)
    return parse_checked(raw.text, path=raw.path, sha256=raw.sha256, fmt=raw.format)


COMMIT_EVERY = 200  # documents per store transaction


def low_confidence(doc: Document) -> str:
    """What to tell about a document read with a low confidence.

    >>> from core.records import Meeting, Source
    >>> m = Meeting("Byrådet", "2021-02-03", Source("a.txt", "0" * 64, 1, 1), reader="general",
    ...             confidence=0.42)
    >>> low_confidence(Document("a.txt", "0" * 64, m))
    'read by the general reader with confidence 0.42 (Byrådet, 2021-02-03, 0 items); check \
the forum, date and items with `casegraph meetings --readers`'
    """
    m = doc.meeting
    return (
        f"read by the {m.reader} reader with confidence {m.confidence:.2f} "
        f"({m.forum}, {m.date}, {len(m.items)} items); check the forum, date and items with "
        "`casegraph meetings --readers`"
    )


@dataclass
class IngestReport:
    """What an ingest did: counts per status, the stored meetings and the failures."""

    documents: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    meetings: int = 0
    items: int = 0
    words: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: Files ingested, but read with a low confidence: (path, what to check).
    warnings: list[tuple[str, str]] = field(default_factory=list)
    #: Files of the folders that are not minutes, not read: (path, why).
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        """One readable line.

        >>> IngestReport(documents=2, created=2, meetings=2, items=9).summary()
        '2 documents (2 new, 0 changed, 0 unchanged), 2 meetings, 9 items, 0 failed'
        >>> IngestReport(documents=1, created=1, meetings=1, items=5,
        ...              skipped=[("in/README.md", "not minutes (a README)")]).summary()
        '1 documents (1 new, 0 changed, 0 unchanged), 1 meetings, 5 items, 0 failed, 1 skipped'

        ``skipped`` counts the files of the folders that are not minutes (a README, a .docx).
        """
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return (
            f"{self.documents} documents ({self.created} new, {self.updated} changed, "
            f"{self.unchanged} unchanged), {self.meetings} meetings, {self.items} items, "
            f"{self.failed} failed{skipped}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The counts, and each failure as ``{"path", "message"}``, for ``--json``.

        >>> IngestReport(documents=1, failures=[("a.txt", "empty")]).to_dict()["failures"]
        [{'path': 'a.txt', 'message': 'empty'}]
        """
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, list):  # (path, message) pairs
                value = [{"path": path, "message": message} for path, message in value]
            data[f.name] = value
        data["failed"] = self.failed
        return data


def ingest(
    paths: Iterable[str | Path],
    *,
    store: str | Path | None = None,
    settings: Settings | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
    municipality: str | None = None,
) -> IngestReport:
    """Ingest files and folders (recursively) into the store.

    Parameters
    ----------
    paths:
        Files or folders of ``.txt``, ``.md``, ``.pdf`` and ``.json`` minutes.
    store:
        The store folder; default from :class:`~core.settings.Settings`.
    progress:
        Called as ``progress(done, total, file)`` after each file.
    municipality:
        Where these minutes come from (default: ``$CASEGRAPH_MUNICIPALITY``). It becomes part
        of the meeting and forum keys, so that forums of the same name in different
        municipalities (every one has a *Byrådet*) stay apart in one store.

    Returns
    -------
    IngestReport
        Counts and the per-file failures (path, message).
    """
    settings = settings or Settings.from_env(store=store)
    municipality = municipality or settings.municipality
    report = IngestReport()
    meetings: set[str] = set()
    scan = scan_paths(paths)
    report.failures.extend((problem.path, str(problem)) for problem in scan.problems)
    report.skipped.extend(scan.skipped)
    files = scan.files
    with RecordStore(settings.store, lock_timeout=settings.lock_timeout) as db:
        # Commit in batches: one transaction per document would spend most of its time
        # syncing; a batch is still atomic, and a failed file is never part of one.
        for start in range(0, len(files), COMMIT_EVERY):
            with db.transaction():
                for done, file in enumerate(files[start : start + COMMIT_EVERY], start + 1):
                    _ingest_one(db, file, report, meetings, municipality)
                    if progress is not None:
                        progress(done, len(files), file)
    report.meetings = len(meetings)
    return report


def _ingest_one(
    db: RecordStore, file: Path, report: IngestReport, meetings: set[str], municipality: str | None
) -> None:
    """Read, parse and store one file; a failure is recorded, never raised."""
    try:
        doc = load_document(file)
    except CasegraphError as exc:
        report.failures.append((str(file), str(exc)))
        return
    confidence = doc.meeting.confidence
    if confidence is not None and confidence < LOW_CONFIDENCE:
        report.warnings.append((str(file), low_confidence(doc)))
    if municipality:
        meeting = replace(doc.meeting, municipality=municipality, scope=municipality)
        doc = replace(doc, meeting=meeting)
    words = sum(len(item.text.split()) for item in doc.meeting.items)
    result = db.put(doc, path=str(file.resolve()), words=words)
    setattr(report, result.status, getattr(report, result.status) + 1)
    report.documents += 1
    report.items += len(doc.meeting.items)
    report.words += words
    meetings.add(doc.meeting.key)


# -- the corpus: derive the graph ------------------------------------------------------


def derive_graph(
    documents: Sequence[Document],
    people_cache: PeopleCache | None = None,
    link_cache: LinkCache | None = None,
) -> nx.MultiDiGraph:
    """Records -> people annotation -> graph -> people edges -> matters (``people_cache``:
    what the people pipeline found in these documents' partition last time,
    :mod:`extract.people_cache`; ``link_cache``: what its last link found,
    :mod:`graph.link.incremental`)."""
    docs = annotate_people(list(documents), people_cache)
    G = build_graph(docs)
    add_people(G, docs)
    link_matters(G, cache=link_cache)
    return G


@dataclass
class RelinkReport:
    """What :func:`relink` did: partitions derived again, and those whose saved graph was
    still that of their records."""

    derived: list[str] = field(default_factory=list)
    fresh: list[str] = field(default_factory=list)
    items: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        """One readable line.

        >>> RelinkReport(derived=["Greve"], fresh=["", "Roskilde"], items=812).summary()
        '1 partition derived again (812 items), 2 unchanged'
        """
        n = len(self.derived)
        return (
            f"{n} partition{'s' if n != 1 else ''} derived again ({self.items} items), "
            f"{len(self.fresh)} unchanged"
        )


#: Called as ``progress(done, total, partition)`` before and after each partition derived
#: (before, so that a terminal shows the bar while the first one, maybe the only one, takes
#: its seconds).
DeriveProgress = Callable[[int, int, str], None]


def relink(
    db: RecordStore, *, full: bool = False, progress: DeriveProgress | None = None
) -> RelinkReport:
    """Derive again the graph of each partition (municipality) whose records changed since
    its graph was saved, or, with ``full``, of every partition; save them in the store.

    Both give the same graph: a partition's graph depends on its own records only.
    """
    started = time.perf_counter()
    report = RelinkReport()
    states = db.partitions()
    stale = [
        (name, changed)
        for name, changed in states.items()
        if full or db.cached_part(name, changed) is None
    ]
    report.fresh = [name for name in states if name not in dict(stale)]
    for done, (name, changed) in enumerate(stale, 1):
        if progress is not None:
            progress(done - 1, len(stale), name)
        _, items = _derive_part(db, name, changed, full=full)
        report.derived.append(name)
        report.items += items
        if progress is not None:
            progress(done, len(stale), name)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _derive_part(
    db: RecordStore, partition: str, changed: int, *, full: bool = False
) -> tuple[Part, int]:
    """The graph of ``partition`` derived from its records (as of its change ``changed``,
    read before them) and saved, with what its last derivation left (people, links and
    the state of its graph, saved beside it; not read when ``full``), which then holds this
    one's; and its item count. When only new meetings were added since, only their bundles
    and those they change are made (:mod:`graph.meeting_build`); else the whole graph."""
    # A partition's records, graph and bundles: the collector paused (a fifth of the time),
    # and the part, which lives on, not walked by it again (:mod:`core.memory`).
    with gc_paused_then_frozen():
        docs = db.documents(partition)
        folder = db.path / DERIVED_DIR
        people = (
            PeopleCache(code_digest()) if full else read_people(folder / people_file(partition))
        )
        links = LinkCache(code_digest()) if full else read_link(folder / link_file(partition))
        annotated = annotate_people(docs, people)
        output = link_documents(annotated, cache=links)
        write_people(folder / people_file(partition), people)
        write_link(folder / link_file(partition), links)
        found = (annotated, output)
        part = None if full else _derive_added(db, partition, changed, docs, found)
        if part is None:
            part = _derive_whole(db, partition, changed, docs, found)
    return part, sum(len(d.meeting.items) for d in docs)


_TABLES = ("meetings", "people", "forums", "cases", "matters", "kept")

#: What a partition's documents give before its graph: the annotated documents, their link.
_Derived = tuple[list[Document], LinkOutput]


def _derive_whole(
    db: RecordStore, partition: str, changed: int, docs: list[Document], found: _Derived
) -> Part:
    """The whole graph of the partition built, cut into bundles and saved, with the state
    the next derivation reads (:class:`graph.build_state.BuildState`)."""
    annotated, output = found
    marks: tuple[list[int], list[int]] = ([], [])
    G = build_graph(annotated, marks[0])
    add_people(G, annotated, marks[1])
    apply_links(G, output)
    part, owner = part_and_owners(G)
    db.save_part(partition, changed, part, docs)  # the texts left out come from docs
    state = state_of_graph(G, owner, annotated, marks, output, changed)
    write_build_state(db.path / DERIVED_DIR / build_file(partition), state)
    # Its only cycles (117 MB at 14k items: relink --full grew by that per partition
    # when they were left to a paused collector): freed by reference counting now.
    release_views(G)
    del G
    BUILD_STATS["whole"] += 1
    return part


def _derive_added(
    db: RecordStore, partition: str, changed: int, docs: list[Document], found: _Derived
) -> Part | None:
    """The part of the partition from its saved one, when only new meetings were added
    (:func:`graph.meeting_build.derive_added`), saved; None when that way declines (the
    reason in :data:`BUILD_STATS`) or the store cannot be written."""
    folder = db.path / DERIVED_DIR
    state = read_build_state(folder / build_file(partition))
    index = (
        None
        if state is None
        else read_index(folder / part_file(partition), partition, state.changed)
    )
    tables = None if state is None else db.tables(partition, state.changed, _TABLES)
    if state is None or index is None or tables is None or tables.kept is None:
        BUILD_STATS["declined: no saved state"] += 1
        return None
    saved = {sha for sha, _ in state.docs}
    texts = {d.sha256: document_texts(d) for d in docs if d.sha256 not in saved}

    def read(keys: list[str]) -> dict[str, Bundle]:
        bundles = read_bundles(index, keys)
        if bundles is None:
            raise Declined("the saved bundles cannot be read")
        return bundles

    def strip(bundles: list[Bundle]) -> list[Bundle]:
        return strip_texts(bundles, texts)

    annotated, output = found
    head = (list(index.offsets), index.needs)
    try:
        added = derive_added(state, annotated, output, head, read, strip, changed)
    except Declined as exc:
        BUILD_STATS[f"declined: {exc}"] += 1
        return None
    made = {k: b for k, b in added.bundles.items() if b is not None}
    kept = db.kept_texts(Part(made, {}, {}, {}))
    new_tables = tables_after(tables, list(added.bundles), added.old, made, added.item_matter, kept)
    heads = (added.needs, added.matters, added.item_matter)
    if not write_bundles(index.path, partition, changed, added.bundles, heads, index):
        return None
    db.save_tables(partition, changed, new_tables)
    write_build_state(folder / build_file(partition), added.state)
    written = db.part_index(partition, changed)
    if written is None:
        return None
    BUILD_STATS["meetings"] += 1
    return Part(SavedBundles(written), added.needs, added.matters, added.item_matter)


#: How partitions were derived: whole, or from the saved part after new meetings (and why
#: that way declined).
BUILD_STATS: dict[str, int] = defaultdict(int)


def derive_part(db: RecordStore, partition: str, changed: int) -> Part:
    """Derive the graph of ``partition`` (as of its change ``changed``, read before) and save
    it in the store (where the store can be written)."""
    part, _ = _derive_part(db, partition, changed)
    return part


def load_graph(db: RecordStore, *, progress: DeriveProgress | None = None) -> nx.MultiDiGraph:
    """The graph of the store's records: each partition's saved graph, or derived (and
    saved) when its records changed since; merged (:func:`graph.partition.merge_parts`)."""
    G = db.cached_graph()
    if G is not None:
        return G
    generation = db.generation()  # before the records: a write in between makes it stale
    states = db.partitions()
    stale = [name for name, changed in states.items() if db.cached_part(name, changed) is None]
    parts: list[Part] = []
    for name, changed in states.items():
        part = db.cached_part(name, changed)
        if part is None:
            if progress is not None:
                progress(stale.index(name), len(stale), name)
            part, _ = _derive_part(db, name, changed)
            if progress is not None:
                progress(stale.index(name) + 1, len(stale), name)
        parts.append(part)
    G = merge_parts(parts)
    db.keep_graph(G, generation)
    return G


class Store(RecordStore):
    """A store folder with its graph: the records of :class:`store.sqlite.RecordStore`, and
    :meth:`graph`, derived by this pipeline and cached by the store.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d, Store(d) as store:
    ...     store.graph().number_of_nodes()
    0
    """

    def graph(self) -> nx.MultiDiGraph:
        """The derived graph (:func:`load_graph`)."""
        return load_graph(self)


def open_store(
    path: str | Path | None = None, *, settings: Settings | None = None, readonly: bool = False
) -> Store:
    """The store at ``path`` (default: ``$CASEGRAPH_STORE`` or ``./.casegraph``); with
    ``readonly``, opened for reading only (it must exist; nothing is written)."""
    settings = settings or Settings.from_env(store=path)
    return Store(settings.store, lock_timeout=settings.lock_timeout, readonly=readonly)
