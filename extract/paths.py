"""Expand the files and folders given to ``ingest`` into the documents to read.

A bad path never stops the others: a missing path, a folder that cannot be listed, a symbolic
link loop or a broken link is collected as an :class:`core.errors.InputError` naming that path,
and every other file is still found. Folders are walked without recursion, so a tree of any
depth is fine, and symbolic links to folders are followed once (a link back to a folder above
it is a loop, reported, not followed).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import InputError
from extract.read import nothing_to_read, path_error, skip_reason

_FileId = tuple[int, int]  # (st_dev, st_ino): the same file however it is reached


@dataclass
class PathScan:
    """The documents found under some paths, sorted, and the paths that could not be used.

    Attributes
    ----------
    files : list of Path
        Files to read, as given or as reached through the folders given (not resolved),
        sorted, each file once however often it was reached.
    problems : list of InputError
        One per path that could not be used, in the order they were met; a folder given
        with no minutes in it (and no other problem) is one too, naming what it skipped.
    skipped : list of (str, str)
        ``(path, why)`` for each visible file of the folders that is not minutes
        (:func:`extract.read.skip_reason`: a README, a ``.docx``).
    """

    files: list[Path] = field(default_factory=list)
    problems: list[InputError] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def scan_paths(paths: Iterable[str | Path] | str | Path) -> PathScan:
    """Expand files and folders into the documents to read, collecting what went wrong.

    Folders are searched recursively for files with a suffix in
    :data:`extract.read.SUFFIXES`; hidden folders and files (``.git``, ``.casegraph``,
    ``.venv``, macOS ``._*`` files) are passed over without a word, and files that are not
    minutes (a ``README.md``, a ``.docx``) are listed in ``skipped``. A file named explicitly
    is kept whatever its name, so that reading it reports the problem instead of silently
    ignoring what the user asked for. Reading the files is left to
    :func:`extract.read.read_document`.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders (a single str or Path is accepted as well).

    Returns
    -------
    PathScan

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for rel in ("b.pdf", "a.txt", "notes.docx", ".git/x.txt", "sub/c.md"):
    ...     (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    ...     _ = (folder / rel).write_text("x")
    >>> (folder / "sub" / "up").symlink_to("..")
    >>> scan = scan_paths([folder, folder / "nowhere.txt"])
    >>> [p.relative_to(folder).as_posix() for p in scan.files]
    ['a.txt', 'b.pdf', 'sub/c.md']
    >>> [problem.reason.split(" (")[0] for problem in scan.problems]
    ['is a symbolic link loop', 'no such file or folder']
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    scan = PathScan()
    found: dict[_FileId, Path] = {}
    for given in paths:
        if str(given) == "":
            scan.problems.append(InputError("''", "an empty path", "Name a file or a folder"))
            continue
        start = Path(given)
        try:
            info = start.stat()
        except OSError as exc:
            scan.problems.append(path_error(start, exc, kind="file or folder"))
            continue
        if stat.S_ISDIR(info.st_mode):
            problems, skipped = len(scan.problems), len(scan.skipped)
            walked = 0
            for file, file_id in _walk(start, _file_id(info), scan):
                found.setdefault(file_id, file)
                walked += 1
            if not walked and len(scan.problems) == problems:
                scan.problems.append(nothing_to_read(str(given), scan.skipped[skipped:]))
        else:
            found.setdefault(_file_id(info), start)
    scan.files = sorted(found.values())
    return scan


def iter_paths(paths: Iterable[str | Path] | str | Path) -> Iterator[Path]:
    """The files of :func:`scan_paths`, raising its first problem instead of collecting it.

    Raises
    ------
    InputError
        A path does not exist, a folder in the tree cannot be listed, or a link is broken or
        a loop. Raised at the call, before any path is yielded.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("x")
    >>> [p.name for p in iter_paths(folder)]
    ['a.txt']
    """
    scan = scan_paths(paths)
    if scan.problems:
        raise scan.problems[0]
    return iter(scan.files)


def _file_id(info: os.stat_result) -> _FileId:
    return (info.st_dev, info.st_ino)


def _walk(top: Path, top_id: _FileId, scan: PathScan) -> Iterator[tuple[Path, _FileId]]:
    """The minutes under ``top`` with their ids, depth first, without recursion; problems and
    skipped files go to ``scan``."""
    problems = scan.problems
    visited = {top_id}
    # Each folder still to list, with the folders above it by id (to name a loop's target).
    stack: list[tuple[Path, dict[_FileId, Path]]] = [(top, {top_id: top})]
    while stack:
        folder, above = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(
                InputError(
                    str(folder),
                    f"cannot list the folder ({exc.strerror or exc})",
                    "Check its permissions; the rest was read",
                )
            )
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # .git, .venv, the store, macOS ._ files
            path = folder / entry.name
            try:
                info = entry.stat()  # follows a link
            except OSError as exc:
                if exc.errno == errno.ELOOP or skip_reason(entry.name) is None:
                    problems.append(path_error(path, exc, kind="file or folder"))
                continue  # a broken link to something casegraph would not read anyway
            file_id = _file_id(info)
            if stat.S_ISDIR(info.st_mode):
                if file_id in above:
                    problems.append(_folder_loop(path, above[file_id]))
                elif file_id not in visited:
                    visited.add(file_id)
                    subfolders.append((path, {**above, file_id: path}))
            elif stat.S_ISREG(info.st_mode):
                reason = skip_reason(entry.name)
                if reason is None:
                    yield path, file_id
                else:
                    scan.skipped.append((str(path), reason))
        stack.extend(reversed(subfolders))


def _folder_loop(path: Path, target: Path) -> InputError:
    return InputError(
        str(path),
        f"is a symbolic link loop (it points back to {target}, a folder above it)",
        "Remove the link; the folders above it were read",
    )
