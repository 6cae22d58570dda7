"""The cache of each partition's derived graph: one file per partition in ``STORE/derived/``.

A file holds a partition's derived graph (:class:`graph.partition.Part`) as ``marshal`` data
(plain lists, dicts and strings: read back without running any code, unlike pickle): a
compressed head (the graph version, a digest of the deriving code, the Python version, the
partition and the change of the store it was derived at,
:meth:`store.sqlite.RecordStore.partitions`; the part's index and where each bundle is), then
each bundle compressed on its own, so that a question reads the head and the few bundles it
needs. A file whose head does not match is stale and ignored.

>>> import tempfile
>>> part = Part({"": Bundle([("forum:x", {"type": "Forum"})], [])}, {}, {}, {})
>>> with tempfile.TemporaryDirectory() as d:
...     _ = write_part(Path(d, "p.graph"), "Greve", 3, part)
...     read_part(Path(d, "p.graph"), "Greve", 3) == part, read_part(Path(d, "p.graph"), "Greve", 4)
(True, None)
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import marshal
import os
import struct
import sys
import tempfile
import zlib
from collections.abc import Callable, ItemsView, Iterable, Iterator, Mapping, ValuesView
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import core
import extract
import graph
from extract.people_cache import PeopleCache, from_plain, to_plain
from graph import build_state
from graph.build_state import BuildState
from graph.partition import Bundle, Part

if TYPE_CHECKING:
    from graph.link.incremental import LinkCache

# Bump when the layout of a cache file changes. A change to the code that derives the graph
# needs no bump: :func:`code_digest` is in every file's head.
GRAPH_VERSION = 13

_MAGIC = b"casegraph-part\n"


def part_file(partition: str) -> str:
    """The cache file of a partition: a digest of its name (any text is a safe name).

    >>> part_file("")
    'e3b0c44298fc1c149afb.graph'
    """
    return hashlib.sha256(partition.encode()).hexdigest()[:20] + ".graph"


def people_file(partition: str) -> str:
    """The file of what the people pipeline found in a partition's documents
    (:mod:`extract.people_cache`), beside its graph's.

    >>> people_file("")
    'e3b0c44298fc1c149afb.people'
    """
    return part_file(partition).removesuffix(".graph") + ".people"


def read_people(path: Path) -> PeopleCache:
    """The people cache saved at ``path`` (empty when there is none, or it was made by
    other code).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_people(Path(d, "p.people"), PeopleCache(code_digest(), known=("Åse Nielsen",)))
    ...     read_people(Path(d, "p.people")).known, read_people(Path(d, "none")).known
    (('Åse Nielsen',), ())
    """
    try:
        data = marshal.loads(zlib.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError, zlib.error):
        return PeopleCache(code_digest())
    return from_plain(data, code_digest())


def write_atomic(path: Path, chunks: Iterable[bytes], prefix: str, suffix: str = ".tmp") -> None:
    """Write ``chunks`` to ``path`` atomically (a temporary file beside it, then a rename);
    a folder that cannot be written is left as it is (what is saved there is a cache)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_people(path: Path, cache: PeopleCache) -> None:
    """Write ``cache`` atomically (:func:`write_atomic`)."""
    write_atomic(path, [zlib.compress(marshal.dumps(to_plain(cache)), 1)], ".people-")


def link_file(partition: str) -> str:
    """The file of what a partition's last link left (:mod:`graph.link.incremental`), beside
    its graph's.

    >>> link_file("")
    'e3b0c44298fc1c149afb.link'
    """
    return part_file(partition).removesuffix(".graph") + ".link"


def read_link(path: Path) -> LinkCache:
    """The link cache saved at ``path`` (:mod:`graph.link.incremental`); empty when there is
    none, it is damaged, or it was made by other code."""
    from graph.link import incremental  # networkx: not for the questions that read bundles

    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    return incremental.from_bytes(data, code_digest())


def write_link(path: Path, cache: LinkCache) -> None:
    """Write ``cache`` atomically (:func:`write_atomic`)."""
    from graph.link import incremental  # networkx: not for the questions that read bundles

    write_atomic(path, [incremental.to_bytes(cache)], ".link-")


def build_file(partition: str) -> str:
    """The file of what a partition's derivation leaves for the next one
    (:mod:`graph.build_state`), beside its graph's.

    >>> build_file("")
    'e3b0c44298fc1c149afb.build'
    """
    return part_file(partition).removesuffix(".graph") + ".build"


def read_build_state(path: Path) -> BuildState | None:
    """The state saved at ``path`` by this code (None: none, damaged, or other code's).

    >>> import tempfile
    >>> state = BuildState(3, [], [], ([], [], []), {}, [], [], -0.5, -0.5, {}, {}, [])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     write_build_state(Path(d, "p.build"), state)
    ...     read_build_state(Path(d, "p.build")) == state, read_build_state(Path(d, "no"))
    (True, None)
    """
    try:
        made_by, data = marshal.loads(zlib.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError, zlib.error):
        return None
    return build_state.from_plain(data) if made_by == _head("", 0)[:3] else None


def write_build_state(path: Path, state: BuildState) -> None:
    """Write ``state`` atomically (:func:`write_atomic`)."""
    data = marshal.dumps((_head("", 0)[:3], build_state.to_plain(state)))  # type: ignore[arg-type]
    write_atomic(path, [zlib.compress(data, 1)], ".build-")


@dataclass(frozen=True)
class PartIndex:
    """The head of a partition's file: what :class:`graph.partition.Part` holds besides its
    bundles, and where each bundle is in the file."""

    path: Path
    offsets: dict[str, tuple[int, int]]
    needs: dict[str, list[str]]
    matters: dict[str, list[str]]
    item_matter: dict[str, str]
    #: Completes the bundles read (the item texts the cache leaves to the records,
    #: :mod:`store.texts`); False when it cannot.
    fill: Callable[[list[Bundle]], bool] | None = None
    #: A digest (hex) of each bundle's value as saved (without the item texts, which the
    #: records keep with the document's sha256 that the items carry).
    digests: dict[str, str] = field(default_factory=dict)

    def part(self, bundles: dict[str, Bundle]) -> Part:
        return Part(bundles, self.needs, self.matters, self.item_matter)


_LENGTH = struct.Struct(">Q")


def read_index(
    path: Path,
    partition: str,
    changed: int,
    fill: Callable[[list[Bundle]], bool] | None = None,
) -> PartIndex | None:
    """The head of the file at ``path`` when it holds ``partition`` as of ``changed``; the
    bundles read through it are completed by ``fill`` (:attr:`PartIndex.fill`)."""
    try:
        with path.open("rb") as fh:
            if fh.read(len(_MAGIC)) != _MAGIC:
                return None
            (length,) = _LENGTH.unpack(fh.read(_LENGTH.size))
            head, offsets, needs, matters, item_matter, digests = marshal.loads(
                zlib.decompress(fh.read(length))
            )
    except (OSError, ValueError, EOFError, TypeError, struct.error, zlib.error):
        return None
    if head != _head(partition, changed) or not isinstance(offsets, dict):
        return None  # stale, or edited by hand: derived again
    start = len(_MAGIC) + _LENGTH.size + length
    offsets = {k: (start + at, n) for k, (at, n) in offsets.items()}
    hexes = {k: d.hex() for k, d in digests.items()} if isinstance(digests, dict) else {}
    return PartIndex(path, offsets, needs, matters, item_matter, fill, hexes)


def stamp(path: Path, partition: str, changed: int) -> str | None:
    """What the file at ``path`` holds, named cheaply (its head's bytes, not decompressed,
    and the head that ``partition`` as of ``changed`` needs): equal stamps, equal bundles,
    and the file current. None when it cannot be read. A reload into Neo4j skips the
    partitions whose stamp is the one it loaded last.

    >>> import tempfile
    >>> part = Part({"": Bundle([("forum:x", {"type": "Forum"})], [])}, {}, {}, {})
    >>> with tempfile.TemporaryDirectory() as d:
    ...     _ = write_part(Path(d, "p.graph"), "Greve", 3, part)
    ...     a, b = stamp(Path(d, "p.graph"), "Greve", 3), stamp(Path(d, "p.graph"), "Greve", 4)
    >>> len(a), a == b, stamp(Path("/nonexistent"), "Greve", 3)
    (32, False, None)
    """
    try:
        with path.open("rb") as fh:
            if fh.read(len(_MAGIC)) != _MAGIC:
                return None
            (length,) = _LENGTH.unpack(fh.read(_LENGTH.size))
            index = fh.read(length)
    except (OSError, struct.error):
        return None
    head = marshal.dumps(_head(partition, changed))  # type: ignore[arg-type]
    digest = hashlib.blake2b(head, digest_size=16)
    digest.update(index)
    return digest.hexdigest()


def read_bundles(index: PartIndex, keys: Iterable[str]) -> dict[str, Bundle] | None:
    """The bundles ``keys`` of the file of ``index`` (None when it cannot be read)."""
    found: dict[str, Bundle] = {}
    try:
        with index.path.open("rb") as fh:
            for key in keys:
                at, n = index.offsets[key]
                fh.seek(at)
                nodes, edges = marshal.loads(zlib.decompress(fh.read(n)))
                if not (isinstance(nodes, list) and isinstance(edges, list)):
                    return None
                found[key] = Bundle(nodes, edges)
    except (OSError, ValueError, EOFError, TypeError, KeyError, zlib.error):
        return None
    if index.fill is not None and not index.fill(list(found.values())):
        return None
    return found


class SavedBundles(Mapping[str, Bundle]):
    """The bundles of a saved part, read when asked for (all at once for its values)."""

    def __init__(self, index: PartIndex) -> None:
        self.index = index
        self.read: dict[str, Bundle] | None = None

    def __getitem__(self, key: str) -> Bundle:
        if self.read is not None:
            return self.read[key]
        found = read_bundles(self.index, [key])
        if found is None:
            raise KeyError(key)
        return found[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.index.offsets)

    def __len__(self) -> int:
        return len(self.index.offsets)

    def values(self) -> ValuesView[Bundle]:
        if self.read is None:
            self.read = read_bundles(self.index, self.index.offsets)
            if self.read is None:
                raise KeyError(str(self.index.path))
        return self.read.values()

    def items(self) -> ItemsView[str, Bundle]:
        self.values()
        assert self.read is not None
        return self.read.items()


def read_part(
    path: Path,
    partition: str,
    changed: int,
    fill: Callable[[list[Bundle]], bool] | None = None,
) -> Part | None:
    """The whole part saved at ``path``, or None when it is missing or stale."""
    index = read_index(path, partition, changed, fill)
    if index is None:
        return None
    bundles = read_bundles(index, index.offsets)
    return None if bundles is None else index.part(bundles)


@functools.cache
def code_digest() -> str:
    """A digest of the source of the packages the derived graph comes from (core, extract, graph).

    A cache derived by other code (a new linker rule, a fixed reader) is stale, whether or not
    anyone remembered to bump :data:`GRAPH_VERSION`.

    >>> len(code_digest()), code_digest() == code_digest()
    (16, True)
    """
    digest = hashlib.sha256()
    for package in (core, extract, graph):
        root = Path(*package.__path__).resolve()
        for path in sorted(root.rglob("*.py")):
            digest.update(f"{package.__name__}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _head(partition: str, changed: int) -> tuple[object, ...]:
    return (GRAPH_VERSION, code_digest(), sys.version_info[:2], partition, changed)


def _digest(bundle: Bundle) -> bytes:
    """A digest of a bundle's value (:func:`_plain`)."""
    return hashlib.blake2b(_plain(bundle), digest_size=16).digest()


def _plain(bundle: Bundle) -> bytes:
    """A bundle's value as saved: marshal version 0 writes neither references nor interning,
    so equal lists of equal dicts (in the same order) give equal bytes, however the objects
    were made or shared (a bundle derived whole, or cut again from the saved one:
    :mod:`graph.meeting_build`)."""
    return marshal.dumps((bundle.nodes, bundle.edges), 0)


def _blob_and_digest(bundle: Bundle, old: dict[bytes, bytes] | None) -> tuple[bytes, bytes]:
    """A bundle compressed as saved, and its digest; the blob of ``old`` (digest -> blob)
    when it has that digest."""
    plain = _plain(bundle)
    digest = hashlib.blake2b(plain, digest_size=16).digest()
    blob = (old or {}).get(digest)
    return (zlib.compress(plain, 6) if blob is None else blob), digest


def _encode(
    part: Part, partition: str, changed: int, old: dict[bytes, bytes] | None = None
) -> list[bytes]:
    """The file's chunks; a bundle whose digest is in ``old`` (digest -> compressed bundle
    of the file written before) is not compressed again."""
    blobs = []
    offsets: dict[str, tuple[int, int]] = {}
    digests: dict[str, bytes] = {}
    at = 0
    for key, bundle in part.bundles.items():
        blob, digests[key] = _blob_and_digest(bundle, old)
        offsets[key] = (at, len(blob))
        at += len(blob)
        blobs.append(blob)
    head = (_head(partition, changed), offsets, part.needs, part.matters, part.item_matter)
    index = zlib.compress(marshal.dumps((*head, digests), 0), 1)  # type: ignore[arg-type]
    return [_MAGIC, _LENGTH.pack(len(index)), index, *blobs]


def _written_bundles(path: Path) -> dict[bytes, bytes]:
    """Digest -> compressed bundle of the file at ``path`` as written by this version (a
    partition derived again after one more meeting keeps most of its bundles: adding one of
    14,274 items changed 136 of 963), empty when there is none."""
    try:
        data = path.read_bytes()
        if not data.startswith(_MAGIC):
            return {}
        start = len(_MAGIC) + _LENGTH.size
        (length,) = _LENGTH.unpack_from(data, len(_MAGIC))
        head, offsets, *_, digests = marshal.loads(zlib.decompress(data[start : start + length]))
        if head[:3] != _head("", 0)[:3]:
            return {}
        start += length
        return {digests[k]: data[start + at : start + at + n] for k, (at, n) in offsets.items()}
    except (OSError, ValueError, EOFError, TypeError, KeyError, struct.error, zlib.error):
        return {}


def write_bundles(
    path: Path,
    partition: str,
    changed: int,
    bundles: dict[str, Bundle | None],
    head: tuple[dict[str, list[str]], dict[str, list[str]], dict[str, str]],
    saved: PartIndex,
) -> bool:
    """Write the part of ``bundles`` and ``head`` (its needs, matters and items' matters) as
    :func:`write_part` would, where the bundles that are None are
    those of the file ``saved`` is the head of, copied with their digests (neither read nor
    digested again). False when it could not be written (nothing was)."""
    try:
        data = saved.path.read_bytes()
    except OSError:
        return False
    blobs = []
    offsets: dict[str, tuple[int, int]] = {}
    digests: dict[str, bytes] = {}
    at = 0
    for key, bundle in bundles.items():
        if bundle is None:
            start, n = saved.offsets[key]
            blob, digests[key] = data[start : start + n], bytes.fromhex(saved.digests[key])
        else:
            blob, digests[key] = _blob_and_digest(bundle, None)
        offsets[key] = (at, len(blob))
        at += len(blob)
        blobs.append(blob)
    plain: tuple[object, ...] = (_head(partition, changed), offsets, *head, digests)
    index = zlib.compress(marshal.dumps(plain, 0), 1)  # type: ignore[arg-type]
    chunks = [_MAGIC, _LENGTH.pack(len(index)), index, *blobs]
    _remove_stale_temps(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".part", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            _lock(fh.fileno(), blocking=True)
            for chunk in chunks:
                fh.write(chunk)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return False
    return True


def write_part(path: Path, partition: str, changed: int, part: Part) -> int:
    """Write atomically: a temporary file in the same folder, then rename. A cache that
    cannot be written (a read-only folder, a full disk) is left unwritten: the graph is
    derived again next time. The temporary file is locked while it is written, so the
    leftovers of a writer that was killed (unlocked) are removed by the next write. The
    bundles the file held before and still holds are copied, not compressed again: how many
    is returned.

    >>> import tempfile
    >>> one = Bundle([("meeting:m", {"type": "Meeting"})], [])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     first = write_part(Path(d, "p"), "", 1, Part({"meeting:m": one, "": one}, {}, {}, {}))
    ...     two = Bundle([("forum:x", {"type": "Forum"})], [])
    ...     again = write_part(Path(d, "p"), "", 2, Part({"meeting:m": one, "": two}, {}, {}, {}))
    ...     first, again, read_part(Path(d, "p"), "", 2).bundles[""] == two
    (0, 1, True)
    """
    _remove_stale_temps(path.parent)
    old = _written_bundles(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_TEMP_PREFIX, suffix=".part", dir=path.parent)
    except OSError:
        return 0
    try:
        with os.fdopen(fd, "wb") as fh:
            _lock(fh.fileno(), blocking=True)
            chunks = _encode(part, partition, changed, old)
            for chunk in chunks:
                fh.write(chunk)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return 0
    copied = {id(blob) for blob in old.values()}  # the copies are the very objects of ``old``
    return sum(id(chunk) in copied for chunk in chunks)


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


__all__ = [
    "GRAPH_VERSION",
    "PartIndex",
    "SavedBundles",
    "build_file",
    "link_file",
    "part_file",
    "people_file",
    "read_build_state",
    "read_bundles",
    "read_index",
    "read_part",
    "read_people",
    "stamp",
    "write_build_state",
    "write_bundles",
    "write_part",
    "write_people",
]
