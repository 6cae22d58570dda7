"""Entry point: the decoded text of one minutes document -> :class:`core.records.Document`.

The layouts live in :mod:`extract.layouts` (one module each, one registry): the best layout for
the file's format reads it into a draft, and :func:`extract.layouts.draft.assemble` applies the
shared rules. :func:`parse_text` is lenient (a header without items gives an empty meeting);
:func:`parse_checked`, which ingest uses, fails such a file.

>>> doc = parse_text('''REFERAT Strategisk Chefforum d. 13-01-2021
... Mødedato Onsdag d. 13. januar 2021 kl. 08:30
... Punkt 1: Tidsplan
... S2019-75
... Beslutning
... Godkendt.''', path="a.txt", sha256="0" * 64)
>>> doc.meeting.key, doc.meeting.start, doc.meeting.items[0].outcome
('meeting:strategisk-chefforum:2021-01-13', '08:30', 'approved')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.records import Document
from extract.layouts.draft import check
from extract.layouts.edoc_pdf import detect_edoc
from extract.layouts.registry import Input, read_source
from extract.segment import Line, find_title


@dataclass(frozen=True)
class TextLayout:
    """A text layout recognised by its signature, and where its header starts."""

    name: str


_SIGNATURES = (("firstagenda", find_title), ("edoc", detect_edoc))


def detect_layout(lines: Sequence[Line]) -> tuple[TextLayout, int] | None:
    """The text layout whose signature ``lines`` carry, with where its header starts; None
    when the general reader has to find the structure.

    >>> from extract.segment import logical_lines
    >>> layout, at = detect_layout(logical_lines("\\nREFERAT Aarhus Byråd d. 27-08-2025"))
    >>> layout.name, at
    ('firstagenda', 1)
    >>> detect_layout(logical_lines("Sundheds- og Forebyggelsesudvalget\\nReferat")) is None
    True
    >>> detect_layout(logical_lines("Udvalget\\nReferat\\nÅbent referat\\nDato: 04.12.2012\\n"
    ...                             "Side 1"))[0].name
    'edoc'
    """
    for name, find in _SIGNATURES:
        anchor = find(lines)
        if anchor is not None:
            return TextLayout(name), anchor
    return None


def parse_text(text: str, *, path: str, sha256: str, fmt: str = "text") -> Document:
    """Parse the decoded text of one minutes document.

    Parameters
    ----------
    text
        The whole document, decoded, with LF line ends. Form feeds (page breaks) count as
        line breaks but do not change line numbers.
    path, sha256
        Provenance copied into every :class:`~core.records.Source`.
    fmt
        ``"text"``, ``"markdown"``, ``"pdf"``, ``"json"``, ``"html"`` or ``"xml"``: which
        layouts may read it (see :data:`extract.layouts.registry.LAYOUTS`).

    Returns
    -------
    Document
        The meeting with its items; every span points at lines of ``text.split("\\n")``,
        numbered from 1. ``meeting.reader`` names the layout that read it.

    Raises
    ------
    UnknownLayoutError
        When no meeting header (forum and date) is recognisable, or the JSON/XML is not a
        meeting.
    InputError
        When ``fmt`` is ``"json"`` and the text is not valid JSON.

    Examples
    --------
    >>> parse_text("Hello", path="x.txt", sha256="0" * 64)
    Traceback (most recent call last):
    ...
    core.errors.UnknownLayoutError: x.txt: no meeting header (forum and date) found. ...
    """
    return read_source(Input(text, path, sha256, fmt))


def parse_checked(text: str, *, path: str, sha256: str, fmt: str = "text") -> Document:
    """:func:`parse_text`, and :class:`~core.errors.NoItemsError` when a header was
    found and no agenda item was.

    >>> parse_checked("REFERAT Direktionen d. 07-01-2021\\nMødet blev aflyst.",
    ...               path="x.txt", sha256="0" * 64)
    Traceback (most recent call last):
    ...
    core.errors.NoItemsError: x.txt: found the forum and date (Direktionen, 2021-01-07) but \
no agenda items. ...
    """
    return check(parse_text(text, path=path, sha256=sha256, fmt=fmt))


__all__ = ["TextLayout", "detect_layout", "parse_checked", "parse_text"]
