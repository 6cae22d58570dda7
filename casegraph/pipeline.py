"""The pipeline entry points: read -> parse -> store, one document at a time.

One bad document never stops a batch: its error is collected in the report and
the rest are ingested. Nothing already stored is touched by a failed document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from core.errors import CasegraphError, InputError
from core.records import Document
from core.settings import Settings
from graph.store import Store


def load_document(path: str | Path) -> Document:
    """Read and parse one file of minutes into records.

    Parameters
    ----------
    path:
        A ``.txt``, ``.md``, ``.pdf`` or FirstAgenda ``.json`` file.

    Raises
    ------
    core.errors.InputError
        With a message naming the file and what to do.

    Examples
    --------
    >>> doc = load_document("examples/nordfyns/002_a5db68b1e2c219a1.txt")
    >>> doc.meeting.forum, doc.meeting.date, len(doc.meeting.items)
    ('Direktionen', '2021-01-07', 5)
    """
    from extract.parse import parse_text
    from extract.read import read_document

    raw = read_document(path)
    return parse_text(raw.text, path=raw.path, sha256=raw.sha256, fmt=raw.format)


COMMIT_EVERY = 200  # documents per store transaction


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

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        """One readable line.

        >>> IngestReport(documents=2, created=2, meetings=2, items=9).summary()
        '2 documents (2 new, 0 changed, 0 unchanged), 2 meetings, 9 items, 0 failed'
        """
        return (
            f"{self.documents} documents ({self.created} new, {self.updated} changed, "
            f"{self.unchanged} unchanged), {self.meetings} meetings, {self.items} items, "
            f"{self.failed} failed"
        )


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
    from extract.read import iter_paths

    settings = settings or Settings.from_env(store=store)
    municipality = municipality or settings.municipality
    report = IngestReport()
    meetings: set[str] = set()
    files: list[Path] = []
    for path in paths:
        try:
            files.extend(iter_paths([path]))
        except InputError as exc:
            report.failures.append((str(path), str(exc)))
    with Store(settings.store, lock_timeout=settings.lock_timeout) as db:
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
    db: Store, file: Path, report: IngestReport, meetings: set[str], municipality: str | None
) -> None:
    """Read, parse and store one file; a failure is recorded, never raised."""
    try:
        doc = load_document(file)
    except CasegraphError as exc:
        report.failures.append((str(file), str(exc)))
        return
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
