"""The layout registry: every layout, the formats it reads, how sure it is, how it reads.

A layout is one module in this folder that turns a file into a :class:`~extract.layouts.draft.
Draft`, and one entry in :data:`LAYOUTS`. For a file, the layouts that read its format are asked
for a score (``detect``, cheap); the best one above zero reads it. The general reader
(:mod:`extract.layouts.general`) scores a little above zero for every text or page, so a
layout recognised by its signature wins, and anything else is still read by structure.

>>> [layout.name for layout in LAYOUTS]
['firstagenda', 'edoc', 'general', 'firstagenda-json', 'firstagenda-web', \
'general-web', 'edoc-xml']
>>> doc = read_source(Input("REFERAT Direktionen d. 07-01-2021\\nPunkt 1: Tidsplan\\n"
...                          "Beslutning\\nGodkendt.", "a.txt", "0" * 64, "text"))
>>> doc.meeting.reader, doc.meeting.confidence, doc.meeting.items[0].outcome
('firstagenda', 1.0, 'approved')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lxml import etree

from core.errors import UnknownLayoutError
from core.records import Document
from extract.layouts import edoc_xml, firstagenda_text, firstagenda_web, general
from extract.layouts.draft import Draft, assemble
from extract.layouts.edoc_pdf import detect_edoc, parse_edoc
from extract.layouts.firstagenda_json import is_firstagenda_meeting, read_json
from extract.layouts.html import Page, page_lines, parse_page
from extract.read import load_json
from extract.segment import Line, logical_lines

#: Which layouts read which file formats.
TEXT_FORMATS = frozenset({"text", "markdown", "pdf"})


@dataclass
class Input:
    """One file's decoded text and its format, with its parsed forms made on demand."""

    text: str
    path: str
    sha256: str
    format: str

    @cached_property
    def lines(self) -> list[Line]:
        return logical_lines(self.text)

    @cached_property
    def data(self) -> Any:
        return load_json(self.text, self.path)

    @cached_property
    def root(self) -> etree._Element | None:
        if self.format == "xml":
            return edoc_xml.parse_xml(self.text, self.path)
        return parse_page(self.text)

    @cached_property
    def page(self) -> Page:
        return page_lines(self.text, self.root)


@dataclass(frozen=True)
class Layout:
    """A layout: its name, the formats it reads, a score in [0, 1] and a reader."""

    name: str
    formats: frozenset[str]
    detect: Callable[[Input], float]
    read: Callable[[Input], Draft]


# -- the layouts ----------------------------------------------------------------------------


def _firstagenda_text(source: Input) -> Draft:
    return firstagenda_text.read(
        source.lines, firstagenda_text.detect(source.lines), text=source.text, path=source.path,
        sha256=source.sha256, fmt=source.format,
    )  # fmt: skip


def _edoc_pdf(source: Input) -> Draft:
    anchor = detect_edoc(source.lines)
    assert anchor is not None
    return parse_edoc(
        source.lines, anchor, text=source.text, path=source.path, sha256=source.sha256,
        fmt=source.format,
    )  # fmt: skip


def _general_text(source: Input) -> Draft:
    return general.read_lines(
        source.lines, path=source.path, sha256=source.sha256, fmt=source.format, text=source.text
    )


def _general_web(source: Input) -> Draft:
    page = source.page
    lines = [(line.line, line.text) for line in page.lines]
    tags = [line.tag for line in page.lines]
    return general.read_lines(
        lines, tags, path=source.path, sha256=source.sha256, title=page.title, fmt="html",
        text=source.text, reader="general-web",
    )  # fmt: skip


def _json(source: Input) -> Draft:
    return read_json(source.data, path=source.path, sha256=source.sha256, text=source.text)


def _web(source: Input) -> Draft:
    assert source.root is not None
    return firstagenda_web.read_page(
        source.root, path=source.path, sha256=source.sha256, title=source.page.title,
        text=source.text,
    )  # fmt: skip


def _xml(source: Input) -> Draft:
    return edoc_xml.read_xml(source.text, path=source.path, sha256=source.sha256)


def _root_score(detect: Callable[[etree._Element], float]) -> Callable[[Input], float]:
    return lambda source: detect(source.root) if source.root is not None else 0.0


#: Every layout, in the order ties are broken.
LAYOUTS: tuple[Layout, ...] = (
    Layout("firstagenda", TEXT_FORMATS,
           lambda s: 1.0 if firstagenda_text.detect(s.lines) is not None else 0.0,
           _firstagenda_text),
    Layout("edoc", TEXT_FORMATS,
           lambda s: 1.0 if detect_edoc(s.lines) is not None else 0.0, _edoc_pdf),
    Layout("general", TEXT_FORMATS, lambda s: 0.1, _general_text),
    Layout("firstagenda-json", frozenset({"json"}),
           lambda s: 1.0 if is_firstagenda_meeting(s.data) else 0.1, _json),
    Layout("firstagenda-web", frozenset({"html"}), _root_score(firstagenda_web.detect), _web),
    Layout("general-web", frozenset({"html"}), lambda s: 0.1, _general_web),
    Layout("edoc-xml", frozenset({"xml"}), lambda s: 0.1 + 0.9 * edoc_xml.detect(s.root), _xml),
)  # fmt: skip


def choose(source: Input) -> Layout:
    """The layout with the best score for ``source`` (the first on a tie).

    Raises
    ------
    UnknownLayoutError
        No layout reads the file's format.
    """
    best: tuple[float, Layout] | None = None
    for layout in LAYOUTS:
        if source.format not in layout.formats:
            continue
        score = layout.detect(source)
        if score > 0 and (best is None or score > best[0]):
            best = (score, layout)
    if best is None:
        raise UnknownLayoutError(source.path, f"no layout reads {source.format} files", "")
    return best[1]


def read_draft(source: Input) -> Draft:
    """The draft of ``source`` by its best layout."""
    return choose(source).read(source)


def read_source(source: Input) -> Document:
    """The document of ``source``: its best layout's draft, assembled."""
    return assemble(read_draft(source))


__all__ = ["LAYOUTS", "Input", "Layout", "choose", "read_draft", "read_source"]
