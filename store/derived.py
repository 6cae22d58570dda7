"""The cache of each partition's derived graph: one file per partition in ``STORE/derived/``.

A file holds the partition's nodes and edges (:class:`graph.partition.Part`) as ``marshal``
data (plain lists, dicts and strings: read back without running any code, unlike pickle),
compressed, after a head naming the graph version, the Python version, the partition and
the change of the store it was derived at (:meth:`store.sqlite.RecordStore.partitions`); a
file whose head does not match is stale and ignored.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     write_part(Path(d, "p.graph"), "Greve", 3, Part([("forum:x", {"type": "Forum"})], []))
...     read_part(Path(d, "p.graph"), "Greve", 3).nodes, read_part(Path(d, "p.graph"), "Greve", 4)
([('forum:x', {'type': 'Forum'})], None)
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import marshal
import os
import sys
import tempfile
import zlib
from pathlib import Path

from graph.partition import Part

# Bump when the graph derivation changes, so stale caches are rebuilt.
GRAPH_VERSION = 7

_MAGIC = b"casegraph-part\n"


def part_file(partition: str) -> str:
    """The cache file of a partition: a digest of its name (any text is a safe name).

    >>> part_file("")
    'e3b0c44298fc1c149afb.graph'
    """
    return hashlib.sha256(partition.encode()).hexdigest()[:20] + ".graph"


def read_part(path: Path, partition: str, changed: int) -> Part | None:
    try:
        data = path.read_bytes()
        if not data.startswith(_MAGIC):
            return None
        head, nodes, edges = marshal.loads(zlib.decompress(data[len(_MAGIC) :]))
    except (OSError, ValueError, EOFError, TypeError, zlib.error):
        return None
    if head != _head(partition, changed) or not (
        isinstance(nodes, list) and isinstance(edges, list)
    ):
        return None  # stale, or edited by hand: derived again
    return Part(nodes, edges)


def _head(partition: str, changed: int) -> tuple[object, ...]:
    return (GRAPH_VERSION, sys.version_info[:2], partition, changed)


def write_part(path: Path, partition: str, changed: int, part: Part) -> None:
    """Write atomically: a temporary file in the same folder, then rename. A cache that
    cannot be written (a read-only folder, a full disk) is left unwritten: the graph is
    derived again next time. The temporary file is locked while it is written, so the
    leftovers of a writer that was killed (unlocked) are removed by the next write."""
    data = marshal.dumps((_head(partition, changed), part.nodes, part.edges))  # type: ignore[arg-type]
    _remove_stale_temps(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".part", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            _lock(fh.fileno(), blocking=True)
            fh.write(_MAGIC)
            fh.write(zlib.compress(data, 1))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


_TEMP_PREFIX = ".graph-"


def _remove_stale_temps(folder: Path) -> None:
    """Remove the graph-cache temporary files no living writer holds locked.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = Path(d, ".graph-killed.part").write_text("{")
    ...     _remove_stale_temps(Path(d))
    ...     sorted(p.name for p in Path(d).iterdir())
    []
    """
    with contextlib.suppress(OSError):
        for temp in folder.glob(_TEMP_PREFIX + "*.part"):
            with contextlib.suppress(OSError):
                fd = os.open(temp, os.O_RDONLY | os.O_NOFOLLOW)
                try:
                    if _lock(fd, blocking=False):
                        temp.unlink()
                finally:
                    os.close(fd)


def _lock(fd: int, *, blocking: bool) -> bool:
    """An exclusive advisory lock on ``fd``; False when another process holds one."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


__all__ = ["GRAPH_VERSION", "part_file", "read_part", "write_part"]
