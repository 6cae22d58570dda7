"""The FirstAgenda Publication JSON layout under its first name (kept for existing imports);
it lives in :mod:`extract.layouts.firstagenda_json` with the other layouts."""

from __future__ import annotations

from extract.layouts.firstagenda_json import (
    HtmlLine,
    html_lines,
    is_firstagenda_meeting,
    parse_json,
)

__all__ = ["HtmlLine", "html_lines", "is_firstagenda_meeting", "parse_json"]
