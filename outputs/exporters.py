"""Export formats: one interface, one registry by format name.

An exporter turns the graph into the bytes of its format: one file (``{"": data}``), or the
files of a folder (``{"meetings.csv": ..., ...}``). :func:`export` writes them through
:func:`outputs.files.write_output` (a regular file atomically, a link or pipe through, a
device, a folder or an empty name refused with an :class:`~core.errors.OutputError`), so
every format fails the same clear way. A new format is one module with an exporter class
and one entry in :data:`outputs.formats.FORMATS`; ``casegraph export --format`` offers what
is there. The Neo4j loader is not one of them: it writes a database incrementally and reports
counts per label (:mod:`outputs.neo4j_load`).

>>> sorted(FORMATS)
['csv', 'graphml', 'html', 'json']
>>> import networkx as nx
>>> render(nx.MultiDiGraph(), "json")[:24]
b'{\\n  "schema_version": 1,'
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from core.errors import OutputError
from outputs.files import write_output
from outputs.formats import FORMATS, Exporter, Format


@dataclass(frozen=True)
class Export:
    """What :func:`export` wrote: the format, the path, the files and how many bytes."""

    format: str
    path: str
    files: tuple[str, ...]
    bytes: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "path": self.path,
            "files": list(self.files),
            "bytes": self.bytes,
        }

    def summary(self) -> str:
        """One readable line.

        >>> Export("csv", "out", ("out/meetings.csv", "out/items.csv"), 2048).summary()
        'Wrote out (csv): 2 files, 2,048 bytes'
        """
        files = f"{len(self.files)} files, " if len(self.files) > 1 else ""
        return f"Wrote {self.path} ({self.format}): {files}{self.bytes:,} bytes"


def get_format(name: str) -> Format:
    """The registered format ``name``.

    Raises
    ------
    core.errors.OutputError
        When there is no such format.
    """
    try:
        return FORMATS[name]
    except KeyError:
        known = ", ".join(FORMATS)
        raise OutputError(f"no export format {name!r}; the formats are {known}") from None


def render(G: nx.MultiDiGraph, name: str) -> bytes:
    """The export of ``G`` in the one-file format ``name``, as bytes (for standard output).

    Raises
    ------
    core.errors.OutputError
        For a format that writes a folder.
    """
    fmt = get_format(name)
    if fmt.folder:
        raise OutputError(f"the {name} export is a folder of files; name the folder with -o")
    return fmt.load().render(G)[""]


def export(G: nx.MultiDiGraph, name: str, path: str | os.PathLike[str]) -> Export:
    """Write the export of ``G`` in format ``name`` to ``path`` (a file, or for a folder
    format the folder, created when its parent exists).

    Raises
    ------
    core.errors.OutputError
        When the path cannot be written (naming it and saying what to do).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     done = export(nx.MultiDiGraph(), "csv", Path(d) / "tables")
    >>> [Path(f).name for f in done.files]
    ['meetings.csv', 'items.csv', 'people.csv', 'edges.csv']
    """
    fmt = get_format(name)
    files = fmt.load().render(G)
    target = Path(path)
    if not fmt.folder:
        written = write_output(path, files[""], what=f"{name} export")
        return Export(name, str(target), (str(target),), written)
    if not os.fspath(path):
        raise OutputError(f"no folder given for the {name} export; name one, such as out/")
    _make_folder(target, name)
    total = 0
    for file, data in files.items():
        total += write_output(target / file, data, what=f"{name} export")
    return Export(name, str(target), tuple(str(target / f) for f in files), total)


def _make_folder(target: Path, name: str) -> None:
    try:
        # os.stat, not Path.is_dir: that raises for a name too long or a path under /proc.
        mode: int | None = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise OutputError(f"{target}: cannot use it as a folder ({exc.strerror or exc})") from exc
    if mode is not None and stat.S_ISDIR(mode):
        return
    if mode is not None:
        raise OutputError(f"{target}: is a file; the {name} export needs a folder")
    try:
        target.mkdir()
    except FileNotFoundError:
        raise OutputError(
            f"{target}: the folder {target.parent} does not exist; create it first"
        ) from None
    except OSError as exc:
        raise OutputError(f"{target}: cannot create the folder ({exc.strerror})") from exc


__all__ = ["FORMATS", "Export", "Exporter", "Format", "export", "get_format", "render"]
