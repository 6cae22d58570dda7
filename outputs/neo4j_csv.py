"""Rows as lines of the CSV that ``neo4j-admin database import full`` reads.

Fields are separated by TAB; strings are always quoted (so ``""`` is an empty string,
and an empty field is a property left out); array elements are separated by U+001F. A
file (:class:`Part`) has the leading columns it was made with (the node's integer ID and
key, or the relationship's start and end IDs), then one column per property as
``name:type`` (``string``, ``long``, ``double``, ``boolean``, or an array of one of
them), in the order they were first seen. A row whose property has another type than its
column goes to another part (:class:`Parts`); a row CSV cannot hold exactly (a string
array holding U+001F, or only one empty string, or a property name the header cannot
hold) is refused and left to the incremental loader.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as d:
...     parts = Parts(Path(d), "nodes-Forum-0", (":ID", "key:string"))
...     parts.write('0\\t"forum:d"', {"name": 'Direktionen "D" x', "n": 2})
...     parts.write('1\\t"forum:s"', {"n": 3})
...     parts.close()
...     header = (Path(d) / "nodes-Forum-0-0.header.csv").read_text()
...     body = (Path(d) / "nodes-Forum-0-0.csv").read_text()
True
True
>>> header.split()
[':ID', 'key:string', 'name:string', 'n:long']
>>> body.splitlines()
['0\\t"forum:d"\\t"Direktionen ""D"" x"\\t2', '1\\t"forum:s"\\t\\t3']
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import IO, Any

#: Separates fields; quoted strings may hold it.
DELIMITER = "\t"
#: Separates the elements of an array field (the unit separator: not in minutes).
ARRAY_DELIMITER = "\x1f"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TYPES = {str: "string", bool: "boolean", int: "long", float: "double"}


def kind_of(value: Any) -> str | None:
    """The CSV header type of a Neo4j property value, or None if CSV cannot hold it.

    >>> kind_of("x"), kind_of(True), kind_of([1, 2]), kind_of(["a"]), kind_of([""]), kind_of({})
    ('string', 'boolean', 'long[]', 'string[]', None, None)
    """
    kind = _TYPES.get(type(value))
    if kind is not None or type(value) is not list or not value:
        return kind
    # Lists from neo4j_properties hold one type; a string list must not hold the array
    # delimiter, nor be one empty string (CSV reads both back as something else).
    inner = _TYPES.get(type(value[0]))
    if inner is None:
        return None
    if inner == "string" and (value == [""] or any(ARRAY_DELIMITER in v for v in value)):
        return None
    return inner + "[]"


def _scalar(value: Any) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is float:
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    return str(value)


def quoted(text: str) -> str:
    """A string field: quoted, its quotes doubled.

    >>> print(quoted('a "b" c'))
    "a ""b"" c"
    """
    return '"' + text.replace('"', '""') + '"'


def cell(value: Any, kind: str) -> str:
    """The field of ``value`` in a column of type ``kind``.

    >>> cell(["a", 'b"c'], "string[]") == '"a' + ARRAY_DELIMITER + 'b""c"'
    True
    >>> cell(float("inf"), "double"), cell(False, "boolean")
    ('Infinity', 'false')
    """
    if kind == "string":
        return '"' + value.replace('"', '""') + '"'
    if kind == "string[]":
        return '"' + ARRAY_DELIMITER.join(value).replace('"', '""') + '"'
    if kind.endswith("[]"):
        return ARRAY_DELIMITER.join(map(_scalar, value))
    return _scalar(value)


#: Lines a part keeps before writing them.
_PENDING = 2000

#: What :meth:`Part.line` returns for a row CSV cannot hold.
CANNOT = "\0cannot"


class Part:
    """One header and body file: the columns seen so far, their types and positions."""

    def __init__(self, stem: Path, fixed: tuple[str, ...]) -> None:
        self.stem, self.fixed = stem, fixed
        self.position: dict[str, int] = {}  # property -> index among the property cells
        self.kinds: list[str] = []
        self.multiline = False
        self.rows = 0
        # Where the cells of a row with these property names (in this order) go, and
        # their types: rows of one label mostly repeat one order (the fast path of line).
        self._layouts: dict[tuple[str, ...], list[tuple[int, str]]] = {}
        self._fh: IO[str] | None = self.body.open("w", encoding="utf-8", newline="")
        self._pending: list[str] = []

    @property
    def body(self) -> Path:
        return self.stem.with_suffix(".csv")

    @property
    def header(self) -> Path:
        return self.stem.with_suffix(".header.csv")

    def line(self, lead: str, props: dict[str, Any]) -> str | None:
        """The row as one line: ``lead`` (its fixed cells, already written) and its
        properties; None when a property has another type here (the row belongs in
        another part); :data:`CANNOT` when CSV cannot hold it. New properties become new
        columns (rows before them are shorter: the property is left out)."""
        layout = self._layouts.get(tuple(props))
        if layout is not None:
            cells = [""] * len(self.kinds)
            for (at, want), value in zip(layout, props.values(), strict=True):
                kind = type(value)
                if kind is str and want == "string":
                    cells[at] = '"' + value.replace('"', '""') + '"'
                    continue
                if kind is int and want == "long":  # not a bool: type() is exact
                    cells[at] = str(value)
                    continue
                if kind is bool and want == "boolean":
                    cells[at] = "true" if value else "false"
                    continue
                if kind is list and want == "string[]" and value and type(value[0]) is str:
                    # Lists from neo4j_properties hold one type. The array delimiter in an
                    # element, or only one empty string: the general path refuses the row.
                    joined = ARRAY_DELIMITER.join(value)
                    if joined.count(ARRAY_DELIMITER) == len(value) - 1 and joined:
                        cells[at] = '"' + joined.replace('"', '""') + '"'
                        continue
                found = kind_of(value)
                if found != want:
                    break  # another type here: the general path says where the row goes
                cells[at] = cell(value, want)
            else:
                return self._joined(lead, cells)
        return self._line(lead, props)

    def _line(self, lead: str, props: dict[str, Any]) -> str | None:
        cells = [""] * len(self.kinds)
        added: list[tuple[str, str]] = []
        layout: list[tuple[int, str]] = []
        for name, value in props.items():
            kind = kind_of(value)
            if kind is None:
                return CANNOT
            at = self.position.get(name)
            if at is None:
                if not _NAME.match(name):
                    return CANNOT
                at = len(self.kinds) + len(added)
                added.append((name, kind))
                cells.append(cell(value, kind))
            elif self.kinds[at] != kind:
                return None
            else:
                cells[at] = cell(value, kind)
            layout.append((at, kind))
        # Only now (a row that does not fit adds nothing): new columns go last, in the
        # order their cells were appended.
        for name, kind in added:
            self.position[name] = len(self.kinds)
            self.kinds.append(kind)
        self._layouts[tuple(props)] = layout
        return self._joined(lead, cells)

    @staticmethod
    def _joined(lead: str, cells: list[str]) -> str:
        # The import tool misreads a line that ends in empty fields (it runs on into the
        # next line): a shorter line leaves the same properties out.
        while cells and not cells[-1]:
            cells.pop()
        return lead + DELIMITER + DELIMITER.join(cells) if cells else lead

    def write(self, line: str) -> None:
        # Lines are written a few thousand at a time (one call, one look for line breaks).
        self._pending.append(line)
        self.rows += 1
        if len(self._pending) >= _PENDING:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        text = "\n".join(self._pending) + "\n"
        if not self.multiline and (text.count("\n") != len(self._pending) or "\r" in text):
            self.multiline = True  # a field holds a line break
        self._pending.clear()
        assert self._fh is not None
        self._fh.write(text)

    def write_lines(self, lines: str, rows: int) -> None:
        """Write ``rows`` lines at once, each ending in a line break; they hold no other."""
        self._flush()
        assert self._fh is not None
        self._fh.write(lines)
        self.rows += rows

    def close(self) -> None:
        if self._fh is not None:
            self._flush()
            self._fh.close()
            self._fh = None  # a closed part can be sent back from a worker
        names = list(self.fixed)
        columns = sorted(self.position.items(), key=lambda item: item[1])
        names += [f"{name}:{self.kinds[at]}" for name, at in columns]
        self.header.write_text(DELIMITER.join(names) + "\n", encoding="utf-8")


class Parts:
    """The parts of one label or relationship group: a row goes to the first that fits."""

    def __init__(self, folder: Path, prefix: str, fixed: tuple[str, ...]) -> None:
        self.folder, self.prefix, self.fixed = folder, prefix, fixed
        self.parts: list[Part] = []

    def write(self, lead: str, props: dict[str, Any]) -> bool:
        """Write one row; False when CSV cannot hold it exactly."""
        for part in self.parts:
            line = part.line(lead, props)
            if line is CANNOT:
                return False
            if line is not None:
                part.write(line)
                return True
        part = Part(self.folder / f"{self.prefix}-{len(self.parts)}", self.fixed)
        self.parts.append(part)
        line = part.line(lead, props)
        if line is None or line is CANNOT:
            return False
        part.write(line)
        return True

    def close(self) -> None:
        for part in self.parts:
            part.close()
        for part in [p for p in self.parts if not p.rows]:  # its only row could not be held
            part.body.unlink()
            part.header.unlink()
            self.parts.remove(part)


__all__ = ["ARRAY_DELIMITER", "CANNOT", "DELIMITER", "Part", "Parts", "cell", "kind_of", "quoted"]
