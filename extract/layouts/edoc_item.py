"""One eDoc agenda item: its title, head numbers, heading blocks, decision and people.

An item runs from its ``N. title`` row to the next item's. The title may wrap (the table of
contents says how far); case and document numbers and references to earlier treatments
(``Kommunalbestyrelsen den 30. januar 2012 Punkt 5``) follow; then blocks under headings
(``Sagsfremstilling``, ``Bilag``, ``Indstilling``, ``<Forum>s beslutning den <date>``,
``Følgende deltog ikke ...``). A decision heading dated another day is an earlier meeting's
decision carried along with the case.

>>> from extract.items import ItemContext
>>> rows = [Row(n, n, t) for n, t in enumerate(["1. Meddelelser", "Sagsnr.: 2011-29298",
...     "Udvalgets beslutning den 04.12.2012 Punkt 1", "Taget til efterretning"], 1)]
>>> item = parse_edoc_item(rows, 1, None, ItemContext("b.pdf", "0" * 64), "2012-12-04")
>>> item.title, item.case_numbers, item.decision, item.outcome
('Meddelelser', ('2011-29298',), 'Taget til efterretning', 'noted')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from core.records import AgendaItem, Attachment, EarlierDecision, Section
from extract import patterns as P
from extract.items import ItemContext, guests_and_absent, participation
from extract.layouts.edoc_rows import (
    Row,
    TocEntry,
    heading,
    is_number_line,
    join_wrapped,
    looks_like_name,
    stops_title,
)
from extract.meeting import danish_date, normalise_forum, numeric_date, split_names, unique
from extract.outcome import decide
from extract.segment import squash

#: How many lines an item title may wrap onto.
_MAX_TITLE_LINES = 4


@dataclass
class _Block:
    kind: str  # "body" | P.SECTION | P.ATTACHMENTS | P.DECISION | P.EARLIER | "not_present"
    heading: str
    rows: list[Row]
    first: int
    earlier: EarlierDecision | None = None


@dataclass
class _Head:
    """The numbers and earlier treatments above the first heading, and the blocks after."""

    cases: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    earlier: list[EarlierDecision] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)


@dataclass
class _Body:
    """What the blocks say, gathered as they are read."""

    sections: list[Section] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    decision: str | None = None
    recommendation: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    people_text: list[str] = field(default_factory=list)
    earlier: list[EarlierDecision] = field(default_factory=list)


def _title(rows: Sequence[Row], entry: TocEntry | None) -> tuple[str, int]:
    """The item's title and the index of the first row after it.

    The title is on the ``N.`` row or the next; it continues while the table of contents'
    title goes on (or, without one, while lines start in lower case).
    """
    match = P.EDOC_ITEM_RE.match(rows[0].text)
    parts = [match.group(2)] if match is not None and match.group(2) else []
    index = 1
    if not parts and index < len(rows) and not stops_title(rows[index].text):
        parts.append(rows[index].text)
        index += 1
    key = squash(entry.title) if entry is not None else ""
    while parts and index < len(rows) and len(parts) < _MAX_TITLE_LINES:
        text = rows[index].text
        if stops_title(text):
            break
        if key:
            so_far = squash(" ".join(parts))
            if not (key.startswith(so_far) and len(key) > len(so_far)):
                break
        elif not text[:1].islower():
            break
        parts.append(text)
        index += 1
    title = join_wrapped(parts).replace("\n", " ") if parts else (entry.title if entry else "")
    return title, index


def _degenitive(who: str) -> str:
    """``Sundheds- og Forebyggelsesudvalgets`` -> ``Sundheds- og Forebyggelsesudvalget``."""
    return who[:-1] if who.endswith("s") and len(who) > 3 else who


def _open_block(kind: str, row: Row, meeting_date: str) -> _Block:
    """The block a heading row starts; a decision dated another day is an earlier one."""
    block = _Block(kind, "" if kind == "body" else row.text, [], row.first)
    if kind == "body":
        block.rows.append(row)
    elif kind == P.DECISION:
        decided = P.EDOC_DECISION_RE.match(row.text)
        assert decided is not None
        when = numeric_date(decided.group("date"))
        if when != meeting_date and when is not None:
            forum, term = normalise_forum(_degenitive(decided.group("who")))
            block.kind = P.EARLIER
            block.earlier = EarlierDecision(
                forum=forum,
                date=when,
                text="",
                term=term,
                item_number=int(decided.group("number")) if decided.group("number") else None,
            )
    elif kind == "not_present":
        rest = P.EDOC_NOT_PRESENT_RE.match(row.text)
        if rest is not None and rest.group(1):
            block.rows.append(Row(row.first, row.last, rest.group(1), row.public))
    return block


def _read_head(rows: Sequence[Row], index: int, ctx: ItemContext, meeting_date: str) -> _Head:
    """The rows after the title: numbers and earlier treatments up to the first heading,
    then the blocks under each heading."""
    head = _Head()
    current = _Block("body", "", [], rows[index - 1].last if index else rows[0].first)
    in_head = True
    for row in rows[index:]:
        text = row.text
        if in_head and is_number_line(text):
            head.cases.extend(n.upper() for n in P.SAGSNR_RE.findall(text))
            head.documents.extend(n.upper() for n in P.DOKNR_RE.findall(text))
            continue
        if in_head and (found := P.EDOC_EARLIER_RE.match(text)) is not None:
            treated = _earlier_reference(found, row, ctx)
            if treated is not None:
                head.earlier.append(treated)
                continue
        kind = heading(text)
        if kind is None and current.kind == P.ATTACHMENTS and P.EDOC_SUBPOINT_RE.match(text):
            kind = "body"  # ``c. Konference ...``: the next sub-point after its ``Bilag``
        if kind is None:
            current.rows.append(row)
            continue
        in_head = False
        head.blocks.append(current)
        current = _open_block(kind, row, meeting_date)
    head.blocks.append(current)
    return head


def _read_block(block: _Block, ctx: ItemContext, body: _Body) -> None:
    """One block into the item's sections, attachments, decisions and people."""
    texts = [row.text for row in block.rows]
    if block.kind == "not_present":
        for text in texts:
            body.absent.extend(name for name in split_names(text) if looks_like_name(name))
        return
    if block.kind == "body" and not texts:
        return
    last = block.rows[-1].last if block.rows else block.first
    source = ctx.source(block.first if block.heading else block.rows[0].first, last)
    body.sections.append(Section(block.heading, "\n".join(texts), source))
    if block.kind == P.ATTACHMENTS:
        body.attachments.extend(_attachments(block.rows, ctx))
    elif block.kind == P.DECISION:
        if body.decision is None:
            body.decision = join_wrapped(texts) or None
    elif block.kind == P.EARLIER and block.earlier is not None:
        text = join_wrapped(texts)
        carried = block.earlier
        body.earlier.append(
            EarlierDecision(
                forum=carried.forum,
                date=carried.date,
                text=text,
                term=carried.term,
                item_number=carried.item_number,
                absent=unique(participation(text.replace("\n", " "))[1]),
                source=source,
            )
        )
    else:
        if block.heading.lower() == "indstilling":
            body.recommendation.append("\n".join(texts))
        body.people_text.append(" ".join(texts))


def parse_edoc_item(
    rows: Sequence[Row],
    number: int,
    entry: TocEntry | None,
    ctx: ItemContext,
    meeting_date: str,
) -> AgendaItem:
    """One item from its rows (the first is ``N. title`` or ``N.`` with the title after)."""
    title, index = _title(rows, entry)
    head = _read_head(rows, index, ctx, meeting_date)
    body = _Body()
    for block in head.blocks:
        _read_block(block, ctx, body)
    guests, absent = guests_and_absent(body.people_text, after_verb=True)

    public = entry.public if entry is not None and entry.public is not None else rows[0].public
    item = AgendaItem(
        number=number,
        title=title,
        source=ctx.source(rows[0].first, rows[-1].last),
        public=public,
        case_numbers=unique(head.cases),
        document_numbers=unique(head.documents),
        sections=tuple(body.sections),
        decision=body.decision,
        earlier_decisions=tuple(head.earlier + body.earlier),
        attachments=tuple(body.attachments),
        participants=unique(guests),
        absent_for_item=unique(body.absent + absent),
    )
    return decide(item, kind=ctx.kind, recommendation="\n".join(body.recommendation) or None)


def _earlier_reference(match: re.Match[str], row: Row, ctx: ItemContext) -> EarlierDecision | None:
    """``Kommunalbestyrelsen den 30. januar 2012 Punkt 5``: the case's earlier treatment.

    The layout prints only where and when, so the decision's text is empty.
    """
    date = danish_date(match.group("date"))
    forum, term = normalise_forum(match.group("forum"))
    if date is None or not forum:
        return None
    return EarlierDecision(
        forum=forum,
        date=date,
        text="",
        term=term,
        item_number=int(match.group("number")),
        source=ctx.source(row.first, row.last),
    )


def _attachments(rows: Sequence[Row], ctx: ItemContext) -> list[Attachment]:
    """``2012-208960 - title`` lines, a wrapped title continuing on the next lines;
    ``Ingen`` (none) gives nothing."""
    found: list[Attachment] = []
    for row in rows:
        match = P.EDOC_ATTACHMENT_RE.match(row.text)
        if match is not None:
            number = "".join(match.group(1).replace("–", "-").split())
            found.append(Attachment(match.group(2), number, ctx.source(row.first, row.last)))
        elif found:
            head = found[-1]
            first = head.source.first_line if head.source else row.first
            found[-1] = Attachment(
                f"{head.title} {row.text}", head.number, ctx.source(first, row.last)
            )
        elif row.text.lower() not in P.NOBODY:
            found.append(Attachment(row.text, None, ctx.source(row.first, row.last)))
    return found


__all__ = ["parse_edoc_item"]
