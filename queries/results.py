"""What every question returns: a frozen dataclass whose ``to_dict()`` is its ``--json`` form.

Each question's module defines its result types on :class:`Result` (``Timeline`` in
:mod:`queries.timeline`, ``Attendance`` in :mod:`queries.attended`, ...), so that the
notebook and the library read answers by attribute (``timeline.matters[0].items``) and the
CLI prints ``to_dict()`` as JSON. Fields are written in the order they are declared;
sequences are tuples (the answer cannot be changed by whoever reads it) and become lists;
a field made with :func:`optional` is left out of the dictionary while it is None, for keys
that only some answers have.

>>> from dataclasses import dataclass
>>> @dataclass(frozen=True, kw_only=True)
... class Hit(Result):
...     title: str
...     lines: tuple[int, int]
...     note: str | None = optional()
>>> Hit(title="Budget", lines=(3, 9)).to_dict()
{'title': 'Budget', 'lines': [3, 9]}
>>> Hit(title="Budget", lines=(3, 9), note="moved").to_dict()["note"]
'moved'
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

_OMIT_NONE = "omit_none"


def optional() -> Any:
    """A field that defaults to None and is left out of ``to_dict()`` while it is None."""
    return field(default=None, metadata={_OMIT_NONE: True})


@dataclass(frozen=True)
class Result:
    """Base of every question's answer and of the parts of an answer."""

    def to_dict(self) -> dict[str, Any]:
        """The answer as plain data (dicts, lists, str, int, float, bool, None), in the
        shape of ``--json``."""
        data: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None and f.metadata.get(_OMIT_NONE):
                continue
            data[f.name] = plain(value)
        return data

    def to_json(self) -> Any:
        """What ``--json`` prints: :meth:`to_dict`, unless the answer is a list (meetings)."""
        return self.to_dict()


def plain(value: Any) -> Any:
    """``value`` as plain data: results as dicts, tuples as lists, the rest as it is.

    >>> plain(({"a": (1, 2)}, None))
    [{'a': [1, 2]}, None]
    """
    if isinstance(value, Result):
        return value.to_dict()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


__all__ = ["Result", "optional", "plain"]
