"""HTML to lines with lxml: the text of a web page or an HTML fragment, one block per line.

Block elements and ``<br>`` end a line, list items get ``- `` or ``1. ``, table cells are
joined with `` | ``; white space inside a line is collapsed and entities are decoded; scripts,
styles and navigation are skipped. Each line keeps the element it is in (``h2``, ``p``, ``li``),
whether it is all bold or all underlined, and the source line it starts on, so a reader can
weigh headings and point back into the file.

lxml (libxml2) parses real-world HTML tolerantly and fast, and the same library reads the XML
layouts; the walk below is the only Python that runs per element.

>>> [(l.text, l.tag, l.bold) for l in html_lines(
...     "<h4>Resume</h4><p><strong>Indstilling</strong></p><p>Byr&aring;det "
...     "godkendte.<br>Afbud: A B</p><ol><li>at x</li><li>at y</li></ol><script>z</script>")]
[('Resume', 'h4', False), ('Indstilling', 'p', True), ('Byrådet godkendte.', 'p', False), \
('Afbud: A B', 'p', False), ('1. at x', 'li', False), ('2. at y', 'li', False)]
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html
from lxml import etree

#: Elements that start and end a line of their own.
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main",
        "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "ul",
        "button", "caption",
    }
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
#: Elements whose text is never page content (``nav``: menus; ``select``: form choices).
_SKIP = frozenset({"script", "style", "head", "title", "noscript", "template", "select", "nav"})
_BREAKS = frozenset({"br", "hr"})
_BOLD = frozenset({"strong", "b"})


@dataclass(frozen=True)
class HtmlLine:
    """A line of text from HTML, the block element it is in, whether it is all bold or all
    underlined, and the (1-based) source line it starts on."""

    text: str
    tag: str
    bold: bool = False
    underline: bool = False
    line: int = 1


_BLOCK, _CELL, _BREAK, _BOLDTAG, _UNDER, _OTHER = range(6)
#: What each tag does to the line structure (one dict lookup per element).
_KINDS: dict[str, int] = {
    **{tag: _BLOCK for tag in _BLOCKS}, **{tag: _CELL for tag in _CELLS},
    **{tag: _BREAK for tag in _BREAKS}, **{tag: _BOLDTAG for tag in _BOLD}, "u": _UNDER,
}  # fmt: skip


class _Walker:
    """Collects :class:`HtmlLine` s from an element tree (see :func:`html_lines`).

    The walk is the only Python that runs per element, so it keeps its state in a few
    attributes and does one dictionary lookup per tag.
    """

    def __init__(self, skip: frozenset[str]) -> None:
        self.lines: list[HtmlLine] = []
        self.skip = skip
        self.parts: list[tuple[str, bool, bool]] = []
        self.blocks: list[str] = []
        self.lists: list[list[int] | None] = []
        self.prefix = ""
        self.bold = 0
        self.underline = 0
        self.cells = 0
        self.line = 1
        self.first = 1

    def walk(self, element: etree._Element) -> None:
        tag = element.tag
        if isinstance(tag, str):
            line = element.sourceline
            if line is not None and line > self.line:
                self.line = line
            tag = tag.lower()
            if tag not in self.skip:
                kind = _KINDS.get(tag, _OTHER)
                if kind == _BLOCK:
                    self.open_block(tag)
                elif kind == _BOLDTAG:
                    self.bold += 1
                elif kind == _CELL:
                    if self.cells:
                        self.parts.append((" | ", False, False))
                    self.cells += 1
                elif kind == _BREAK:
                    self.flush()
                elif kind == _UNDER:
                    self.underline += 1
                text = element.text
                if text:
                    if not self.parts:
                        self.first = self.line
                    self.parts.append((text, self.bold > 0, self.underline > 0))
                for child in element:
                    self.walk(child)
                if kind == _BLOCK:
                    self.close_block(tag)
                elif kind == _BOLDTAG:
                    self.bold -= 1
                elif kind == _UNDER:
                    self.underline -= 1
        tail = element.tail
        if tail:
            if not self.parts:
                self.first = self.line
            self.parts.append((tail, self.bold > 0, self.underline > 0))

    def open_block(self, tag: str) -> None:
        if self.parts:
            self.flush()
        self.blocks.append(tag)
        if tag == "li":
            counter = self.lists[-1] if self.lists else None
            if counter is None:
                self.prefix = "- "
            else:
                counter[0] += 1
                self.prefix = f"{counter[0]}. "
        elif tag == "ol":
            self.lists.append([0])
        elif tag == "ul":
            self.lists.append(None)
        elif tag == "tr":
            self.cells = 0

    def close_block(self, tag: str) -> None:
        if self.parts:
            self.flush()
        self.blocks.pop()
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        elif tag == "tr":
            self.cells = 0

    def flush(self) -> None:
        parts = self.parts
        if not parts:
            return
        self.parts = []
        text = " ".join("".join([part for part, _, _ in parts]).split())
        if not text:
            return
        bold = underline = True
        marked = False
        for part, b, u in parts:
            if part != " | " and not part.isspace():
                marked = True
                bold = bold and b
                underline = underline and u
        tag = self.blocks[-1] if self.blocks else ""
        self.lines.append(
            HtmlLine(self.prefix + text, tag, marked and bold, marked and underline, self.first)
        )
        self.prefix = ""

    def close(self) -> list[HtmlLine]:
        self.flush()
        return self.lines


def html_lines(html: str) -> list[HtmlLine]:
    """The text of an HTML fragment as lines, keeping its line structure (see the module
    docstring). An empty or tag-only fragment gives no lines.

    >>> [l.text for l in html_lines("<table><tr><td>a</td><td>b</td></tr></table>x&amp;y")]
    ['a | b', 'x&y']
    >>> html_lines("   ")
    []
    """
    if not html or not html.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    walker = _Walker(_SKIP - {"nav"})
    walker.walk(root)
    return walker.close()


def element_lines(element: etree._Element) -> list[HtmlLine]:
    """The lines of one element of a parsed page (its tail excluded).

    >>> root = lxml.html.fragment_fromstring("<div><div><p>a</p><p>b</p></div>tail</div>")
    >>> [l.text for l in element_lines(root[0])]
    ['a', 'b']
    """
    walker = _Walker(_SKIP)
    tail, element.tail = element.tail, None
    try:
        walker.walk(element)
    finally:
        element.tail = tail
    return walker.close()


@dataclass(frozen=True)
class Page:
    """A whole web page: its ``<title>`` and the lines of its body."""

    title: str
    lines: list[HtmlLine]


def parse_page(html: str) -> etree._Element | None:
    """The element tree of a whole page, or None when it has no markup at all."""
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def page_lines(html: str, root: etree._Element | None = None) -> Page:
    """The title and the body lines of a web page.

    >>> page = page_lines("<html><head><title> Byrådet  </title></head><body><nav>Menu</nav>"
    ...                   "<h1>Referat</h1><p>Dato: 1. maj 2020</p></body></html>")
    >>> page.title, [(l.text, l.tag) for l in page.lines]
    ('Byrådet', [('Referat', 'h1'), ('Dato: 1. maj 2020', 'p')])
    """
    root = root if root is not None else parse_page(html)
    if root is None:
        return Page("", [])
    title_element = root.find(".//title")
    title = " ".join((title_element.text_content() if title_element is not None else "").split())
    body = root.find("body")
    walker = _Walker(_SKIP)
    walker.walk(body if body is not None else root)
    return Page(title, walker.close())


__all__ = ["HtmlLine", "Page", "element_lines", "html_lines", "page_lines", "parse_page"]
