"""Writing an output file the safe way, for every writer that names a path.

A regular file (or a new one) is replaced atomically: the bytes go to a temporary file
beside it, which is then renamed over it, so a reader never sees half a page. Anything
else is written through, as a shell redirection would: a symbolic link keeps pointing
where it did and its target gets the bytes, a named pipe gets the bytes. A device file
is refused (renaming over ``/dev/full`` as root would replace the device node), and so
are a folder and an empty name. Every failure is an :class:`core.errors.OutputError`
that names the path and says what to do.

>>> import os, tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     path = os.path.join(d, "out.txt")
...     write_output(path, b"hello"), open(path, "rb").read()
(5, b'hello')
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from core.errors import OutputError

__all__ = ["write_output"]


def write_output(path: str | os.PathLike[str], data: bytes, *, what: str = "output") -> int:
    """Write ``data`` to ``path`` (see the module docstring); returns the bytes written.

    ``what`` names the output in error messages ("the HTML page").

    Raises
    ------
    core.errors.OutputError
        For an empty name, a folder, a device, a missing folder or a failed write.

    Examples
    --------
    >>> write_output("", b"x")
    Traceback (most recent call last):
    core.errors.OutputError: no file name given for the output; name one, such as out.html
    >>> write_output("/dev/null", b"x")
    Traceback (most recent call last):
    core.errors.OutputError: /dev/null: is a device, not a file; name a file for the output
    """
    if not os.fspath(path):
        kind = what.split()[0].lower() if what.endswith(" export") else "html"
        raise OutputError(f"no file name given for the {what}; name one, such as out.{kind}")
    target = Path(path)
    try:
        st = target.stat()  # follows a link: what would receive the bytes
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"{target}: cannot write the {what} ({exc.strerror})") from exc
    if st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)):
        raise OutputError(f"{target}: is a device, not a file; name a file for the {what}")
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{target}: is a folder, not a file; name a file for the {what}")
    try:
        if target.is_symlink() or (st is not None and not stat.S_ISREG(st.st_mode)):
            _write_through(target, data)
        else:
            _replace(target, data)
    except OSError as exc:
        raise OutputError(_message(target, what, exc)) from exc
    return len(data)


def _write_through(target: Path, data: bytes) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        # Checked again on what was opened: a device swapped in meanwhile gets nothing.
        mode = os.fstat(fd).st_mode
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            raise OSError(errno.ENODEV, "is a device, not a file")
        _write_all(fd, data)
    finally:
        os.close(fd)


def _replace(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    # O_NOFOLLOW: a link planted at the temporary name is not followed.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o666)
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _message(target: Path, what: str, exc: OSError) -> str:
    if exc.errno == errno.ENOENT and not target.parent.is_dir():
        return f"{target}: the folder {target.parent} does not exist; create it first"
    return f"{target}: cannot write the {what} ({exc.strerror or exc})"
