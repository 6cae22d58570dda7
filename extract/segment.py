"""Split the text of a minutes document into header, table of contents, items and sections.

The text is first turned into *logical lines*: ``(line number, cleaned text)`` pairs.
A form feed (page break) splits a physical line into several logical lines that keep
the physical line's number, so every span the parser reports points at real lines of
``text.split("\\n")``. Cleaning removes markdown (``#`` headings, ``**bold**``,
backslash escapes), a few HTML tags, PDF hyphenation marks, and collapses white
space, so the pdftotext and the pdfium text of one PDF give the same lines.

>>> lines = logical_lines("# **REFERAT Direktionen 2021 d. 07-01-2021**\\n\\fPunkt 1: Tidsplan")
>>> lines
[(1, 'REFERAT Direktionen 2021 d. 07-01-2021'), (2, 'Punkt 1: Tidsplan')]
>>> find_title(lines)
0
>>> find_items(lines, 1)
[(1, 1, 'Tidsplan')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract import patterns as P

Line = tuple[int, str]  # (1-based physical line number, cleaned text; "" for a blank line)

_NON_ALNUM_RE = re.compile(r"[\W_]+")

#: The longest line that can be a whole-line heading such as ``Administrationens indstilling``.
_MAX_HEADING = 40
#: A wrapped title line is nearly a full line; shorter ones are complete titles.
_WRAP_MIN = 50
#: How many lines an item title may wrap onto.
_MAX_TITLE_LINES = 4
#: How many lines at the top may precede the title line.
_TITLE_SEARCH = 60
#: Words after a line-end hyphen that show a compound list (``Sundheds- og Omsorg``).
_KEEP_SPACE = frozenset({"og", "eller", "til", "samt"})


def clean_line(raw: str) -> str:
    """One line without markdown, HTML tags, PDF hyphenation marks or extra white space.

    >>> clean_line("#### **Sagens kerne**  ")
    'Sagens kerne'
    >>> clean_line("I alt\\t<u>2.130.000 kr.</u>")
    'I alt 2.130.000 kr.'
    >>> clean_line("p\\x02huse")
    'phuse'
    """
    if not raw:
        return ""
    text = raw
    for mark in P.INVISIBLE:  # ``in`` tests: far cheaper than str.translate on every line
        if mark in text:
            text = text.replace(mark, "")
    if "<" in text:
        text = P.HTML_TAG_RE.sub("", text)
    text = " ".join(text.split())
    if not text:
        return ""
    if text[0] == "#":
        text = P.MD_HEADING_RE.sub("", text)
    if "**" in text:
        text = " ".join(text.replace("**", "").split())
    if "\\" in text:
        text = P.MD_ESCAPE_RE.sub(r"\1", text)
    return text


def logical_lines(text: str) -> list[Line]:
    """Numbered, cleaned lines; page breaks split lines but keep the physical number.

    A ``Punkt N:`` that pdfium glued onto the previous page's last line (``....28Punkt 1:``)
    is split off as its own logical line.

    >>> logical_lines("a\\fb\\n\\n...28Punkt 1: X")
    [(1, 'a'), (1, 'b'), (2, ''), (3, '...28'), (3, 'Punkt 1: X')]
    """
    out: list[Line] = []
    append = out.append
    for number, raw in enumerate(text.split("\n"), 1):
        # A page break is a line break; empty pieces around it add no blank lines.
        parts = [p for p in raw.split("\f") if p.strip()] or [""] if "\f" in raw else [raw]
        for part in parts:
            line = clean_line(part)
            if "Punkt" in line and not line.startswith("Punkt"):
                glued = P.GLUED_ITEM_RE.search(line)
                if glued is not None:
                    append((number, line[: glued.start()]))
                    line = line[glued.start() :]
            append((number, line))
    return out


def squash(text: str) -> str:
    """Lower-case letters and digits only: compares titles across wrapping and hyphens.

    >>> squash("ny 2030-") == squash("ny 2030")
    True
    """
    return _NON_ALNUM_RE.sub("", text.lower())


def find_title(lines: Sequence[Line]) -> int | None:
    """Index of the ``REFERAT <forum> d. <date>`` line near the top, or None.

    >>> find_title([(1, ""), (2, "REFERAT Aarhus Byråd d. 27-08-2025")])
    1
    >>> find_title([(1, "Sundheds- og Forebyggelsesudvalget"), (2, "Referat")]) is None
    True
    """
    seen = 0
    for index, (_, text) in enumerate(lines):
        if not text:
            continue
        if text[:1] in "RDrd" and P.TITLE_RE.match(text):
            return index
        seen += 1
        if seen >= _TITLE_SEARCH:
            break
    return None


def find_items(lines: Sequence[Line], start: int) -> list[tuple[int, int, str]]:
    """``(index, number, rest of line)`` of every ``Punkt N:`` line after ``start``.

    Numbers must increase: a ``Punkt N:`` with a number already seen (quoted in a later
    item's text, say) is body text, not a new item.

    >>> find_items([(1, "Punkt 1: A"), (2, "Punkt 1: quoted"), (3, "Punkt 2: B")], 0)
    [(0, 1, 'A'), (2, 2, 'B')]
    """
    found: list[tuple[int, int, str]] = []
    last = 0
    for index in range(start, len(lines)):
        text = lines[index][1]
        if not text.startswith("Punkt"):
            continue
        match = P.ITEM_RE.match(text)
        if match is None:
            continue
        number = int(match.group("number"))
        if number <= last:
            continue
        found.append((index, number, match.group("rest")))
        last = number
    return found


def toc_entries(lines: Sequence[Line], start: int, end: int) -> list[str]:
    """Titles listed in the table of contents between ``start`` and ``end``.

    Page numbers (alone on a line, or after the dot leader) are dropped.

    >>> toc_entries([(1, "Tidsplan..... 3"), (2, "3"), (3, "Orientering.....")], 0, 3)
    ['Tidsplan', 'Orientering']
    """
    entries: list[str] = []
    for index in range(start, end):
        text = lines[index][1]
        if not text or text.isdigit():
            continue
        if "..." in text:
            text = P.TOC_LEADER_RE.sub("", text)
        if text:
            entries.append(text)
    return entries


def match_toc(first_title_line: str, entries: Sequence[str], guess: int) -> str | None:
    """The table-of-contents entry for an item whose title line starts ``first_title_line``.

    Entries are tried in order from ``guess`` (the item's position) and then all; one
    matches when one squashed text is a prefix of the other (entries may be truncated).

    >>> match_toc("Svar på forslag fra DD om", ["Godkendelse", "Svar på forslag fra DD om X"], 0)
    'Svar på forslag fra DD om X'
    """
    key = squash(first_title_line)
    if not key:
        return None
    order = list(range(guess, len(entries))) + list(range(min(guess, len(entries))))
    for index in order:
        other = squash(entries[index])
        if other and (other.startswith(key) or key.startswith(other)):
            return entries[index]
    return None


def heading_kind(
    text: str, after_decision: bool = False, in_attachments: bool = False
) -> str | None:
    """The kind of heading ``text`` is (see ``extract.patterns``), or None for body text.

    ``after_decision`` and ``in_attachments`` carry the position inside the item: common
    words (``Baggrund``, ``Indstilling``) are headings only before the decision, and in a
    ``Bilag`` list only a decision or another list ends it (``Indstilling`` is an attachment
    title there).

    >>> heading_kind("Sagens kerne")
    'section'
    >>> heading_kind("Indstilling", in_attachments=True) is None
    True
    >>> heading_kind("Baggrund", after_decision=True) is None
    True
    >>> heading_kind("Aktuel beslutning på Strategisk chefforum 20-12-2023")
    'decision'
    >>> heading_kind("Beslutning på møde Direktionen 2019/2020 09-12-2020 - 08:30")
    'earlier'
    >>> heading_kind("Borgmesterens Afdelings påtegning")
    'section'
    """
    if len(text) <= _MAX_HEADING:
        kind = P.HEADINGS.get(text.lower())
        if kind is not None:
            if in_attachments and kind not in P.AFTER_ATTACHMENTS:
                return None
            if kind == P.WEAK and (after_decision or in_attachments):
                return None
            return kind
    first = text[0]
    if first in "Aa" and P.CURRENT_DECISION_RE.match(text):
        return P.DECISION
    if first in "Bb" and text[:18].lower() == "beslutning på møde":
        return P.EARLIER if P.EARLIER_DECISION_RE.match(text) else None
    if in_attachments:
        return None
    if text.endswith(P.PAATEGNING_SUFFIX) and text.count(" ") <= 5 and first.isupper():
        return P.SECTION
    if first in "BIFÆ" and text.isupper() and P.PROPOSAL_RE.match(text):
        return P.PROPOSAL
    return None


def _is_head_line(text: str) -> bool:
    """A line that belongs to an item's head (numbers, Åbent/Lukket), not to its title."""
    return bool(
        P.CASE_LINE_RE.match(text)
        or text.startswith(("Sagsnr", "Sagnr", "Dok.", "Dok "))
        or text.lower() in P.PUBLIC_WORDS
        or P.REPEATED_TITLE_RE.match(text)
        or text.startswith("Punkt")
    )


@dataclass(frozen=True)
class Block:
    """A heading and the non-blank lines under it, up to the next heading."""

    kind: str
    heading: str
    line: int  # line number of the heading
    lines: tuple[Line, ...]

    @property
    def last_line(self) -> int:
        return self.lines[-1][0] if self.lines else self.line

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines)


@dataclass(frozen=True)
class ItemParts:
    """An item split into its title, its head lines (before any heading) and its blocks."""

    number: int
    title: str
    first_line: int
    last_line: int
    head: tuple[Line, ...]
    blocks: tuple[Block, ...]


def _glue(previous: str, text: str) -> str:
    """What joins a wrapped line to the next: nothing after a word broken at a hyphen
    (``2030-`` / ``fremskrivning``), else a space (also in ``Sundheds-`` / ``og Omsorg``)."""
    broken_word = previous.endswith("-") and previous[-2:-1].isalnum()
    return "" if broken_word and text.split(" ", 1)[0] not in _KEEP_SPACE else " "


def _join_title(parts: list[str]) -> str:
    """Unwrap title lines.

    >>> _join_title(["Status på Sundheds-", "og Omsorgsområdet, ny 2030-", "plan"])
    'Status på Sundheds- og Omsorgsområdet, ny 2030-plan'
    """
    title = parts[0]
    for part in parts[1:]:
        title += _glue(title, part) + part
    return title


def split_item(
    lines: Sequence[Line], start: int, end: int, number: int, rest: str, toc: str | None
) -> ItemParts:
    """Split the lines ``[start, end)`` of item ``number`` (``rest`` follows ``Punkt N:``).

    The title continues onto the next lines while they are not blank, not a heading and
    not a case number, and (with a table-of-contents entry) while the title so far is
    still a proper prefix of the entry, or (without one) while the lines are long enough
    to have been wrapped. A title that differs from the entry only in hyphens and spaces
    (pdftotext drops the hyphen of ``2030-fremskrivning`` when it unwraps) takes the
    entry's spelling.

    >>> lines = [(1, "Punkt 7: Afrapportering på klimaregnskab samt orientering om ny 2030-"),
    ...          (2, "fremskrivning"), (3, "EMN-2025-008528"), (4, "Beslutninger"),
    ...          (5, "Godkendt.")]
    >>> parts = split_item(lines, 0, 5, 7, lines[0][1][9:], None)
    >>> parts.title, parts.head, [(b.heading, b.text) for b in parts.blocks]
    ('Afrapportering på klimaregnskab samt orientering om ny 2030-fremskrivning', \
((3, 'EMN-2025-008528'),), [('Beslutninger', 'Godkendt.')])
    """
    first_no = lines[start][0]
    index = start + 1
    parts = [rest] if rest else []
    if not parts:
        # ``Punkt 3:`` alone: the title is on the next non-blank line.
        while index < end and not lines[index][1]:
            index += 1
        if (
            index < end
            and heading_kind(lines[index][1]) is None
            and not _is_head_line(lines[index][1])
        ):
            parts.append(lines[index][1])
            index += 1
    toc_key = squash(toc) if toc else ""
    previous = lines[index - 1][1]
    while parts and index < end and len(parts) < _MAX_TITLE_LINES:
        text = lines[index][1]
        if not text or _is_head_line(text) or heading_kind(text) is not None:
            break
        if toc_key:
            so_far = squash(" ".join(parts))
            if not (toc_key.startswith(so_far) and len(toc_key) > len(so_far)):
                break
        elif len(previous) < _WRAP_MIN:
            break
        parts.append(text)
        previous = text
        index += 1
    title = _join_title(parts) if parts else ""
    if toc and title != toc and _loose(title) == _loose(toc):
        title = toc

    head: list[Line] = []
    blocks: list[Block] = []
    heading: tuple[str, str, int] | None = None
    body: list[Line] = []
    after_decision = in_attachments = False
    last_no = lines[index - 1][0]
    for position in range(index, end):
        line = lines[position]
        text = line[1]
        if not text:
            continue
        last_no = line[0]
        kind = heading_kind(text, after_decision, in_attachments)
        if kind is None:
            (body if heading is not None else head).append(line)
            continue
        if heading is not None:
            blocks.append(Block(heading[0], heading[1], heading[2], tuple(body)))
        heading, body = (kind, text, line[0]), []
        if kind in (P.DECISION, P.EARLIER):
            after_decision = True
        in_attachments = kind == P.ATTACHMENTS
    if heading is not None:
        blocks.append(Block(heading[0], heading[1], heading[2], tuple(body)))
    return ItemParts(number, title, first_no, max(first_no, last_no), tuple(head), tuple(blocks))


def unwrap(texts: Sequence[str]) -> str:
    """Join lines a PDF wrapped inside a sentence; keep real line breaks.

    A line joins the previous one when the previous line is long (wrapped at the page
    width), does not end a sentence, and this line starts in lower case or with a digit.
    Paragraph-per-line text (the Nordfyns ``.txt`` files) and lists are left alone.

    >>> text = unwrap(["Tilbagesendes Borgmesterens Afdeling med bemærkning, at byrådet har",
    ...                "vedtaget indstillingen af 19. august", "2025.", "- punkt"])
    >>> text.split("\\n")
    ['Tilbagesendes Borgmesterens Afdeling med bemærkning, at byrådet har vedtaget \
indstillingen af 19. august 2025.', '- punkt']
    """
    out: list[str] = []
    for text in texts:
        if out and text:
            previous = out[-1]
            first = text[0]
            if (
                len(previous) >= _WRAP_MIN
                and previous[-1] not in ".!?:;"
                and (first.islower() or first.isdigit())
            ):
                out[-1] = previous + _glue(previous, text) + text
                continue
        out.append(text)
    return "\n".join(out)


def _loose(text: str) -> str:
    return text.replace("-", "").replace(" ", "").lower()


__all__ = [
    "Block",
    "ItemParts",
    "Line",
    "clean_line",
    "find_items",
    "find_title",
    "heading_kind",
    "logical_lines",
    "match_toc",
    "split_item",
    "squash",
    "toc_entries",
    "unwrap",
]
