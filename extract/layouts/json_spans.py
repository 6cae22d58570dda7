"""Where the values of a JSON file are, as line spans: provenance for layouts that read JSON.

Decoded JSON forgets where each value was. :class:`JsonSpans` finds a key's value in the
file's text by decoding the text at the key's position (so the caller can check it against
the parsed data), and the elements of an array the same way; a span is the first and last
line of the value.

>>> spans = JsonSpans('{\\n "a": [\\n  {"b": 1},\\n  {"b": 2}\\n ]\\n}')
>>> start, stop, value = spans.value("a", 0, len(spans.text))
>>> value, spans.span(start, stop)
([{'b': 1}, {'b': 2}], (2, 5))
>>> [spans.span(s, e) for s, e, _ in spans.elements(start, stop)]
[(3, 3), (4, 4)]
"""

from __future__ import annotations

import bisect
import json
import re
from typing import Any

_DECODER = json.JSONDecoder()
_COLON_RE = re.compile(r"\s*:\s*")
_SPACE_RE = re.compile(r"\s*")


class JsonSpans:
    """Line spans of values inside a JSON text (empty when there is no text)."""

    def __init__(self, text: str | None) -> None:
        self.text = text or ""
        self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        self.last_line = len(self.newlines) + 1

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.newlines, offset) + 1

    def span(self, start: int, stop: int) -> tuple[int, int]:
        return self.line(start), self.line(max(start, stop - 1))

    def value(self, key: str, start: int, stop: int) -> tuple[int, int, Any] | None:
        """``(start, stop, value)`` of the first ``"key": value`` in ``text[start:stop]``."""
        needle = f'"{key}"'
        position = self.text.find(needle, start, stop)
        while position != -1:
            after = position + len(needle)
            colon = _COLON_RE.match(self.text, after)
            if colon is not None and self.text[position - 1] != "\\":
                try:
                    value, end = _DECODER.raw_decode(self.text, colon.end())
                except ValueError:
                    return None
                return colon.end(), end, value
            position = self.text.find(needle, after, stop)
        return None

    def elements(self, start: int, stop: int) -> list[tuple[int, int, Any]]:
        """``(start, stop, value)`` of each element of the array at ``text[start]``."""
        found: list[tuple[int, int, Any]] = []
        if self.text[start : start + 1] != "[":
            return found
        position = start + 1
        while position < stop:
            position = _skip_space(self.text, position)
            if self.text[position : position + 1] in ("]", ""):
                break
            try:
                value, end = _DECODER.raw_decode(self.text, position)
            except ValueError:
                return []
            found.append((position, end, value))
            position = _skip_space(self.text, end)
            if self.text[position : position + 1] == ",":
                position += 1
        return found


def _skip_space(text: str, position: int) -> int:
    match = _SPACE_RE.match(text, position)
    return match.end() if match is not None else position


__all__ = ["JsonSpans"]
