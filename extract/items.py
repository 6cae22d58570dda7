"""Agenda item fields: title, public, numbers, sections, decision, earlier decisions,
attachments, guests and absentees.

:func:`parse_item` turns the :class:`extract.segment.ItemParts` of one item into a
:class:`core.records.AgendaItem`; the helpers below are usable on their own.

>>> people_in("IT-arkitekt Tina Wrøbel og leder for Digitalisering og Teknologi Mette Tokehøj")
['Tina Wrøbel', 'Mette Tokehøj']
>>> participation("Ole Vett deltager i punktets behandling. "
...               "Jesper Kjeldsen deltog ikke i sagens behandling.")
(['Ole Vett'], ['Jesper Kjeldsen'])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from core.records import AgendaItem, Attachment, EarlierDecision, Section, Source
from extract import patterns as P
from extract.meeting import clock, normalise_forum, numeric_date, split_names, unique
from extract.outcome import decide
from extract.segment import Block, ItemParts, Line, squash, unwrap

#: Prepositions that join a role to its organisation: ``leder for Digitalisering og Teknologi``.
_ROLE_LINKS = frozenset({"for", "af", "i", "hos", "ved"})
#: How far back from ``deltager``/``deltog`` the guest's sentence may start.
_WHO_WINDOW = 300
#: Only an unnumbered attachment line after a line this long can be its wrapped tail.
_ATTACHMENT_WRAP_MIN = 60


@dataclass(frozen=True)
class ItemContext:
    """What an item needs from its document: provenance, kind and forum."""

    path: str
    sha256: str
    kind: str = "minutes"
    forum: str = ""

    def source(self, first_line: int, last_line: int) -> Source:
        return Source(self.path, self.sha256, first_line, max(first_line, last_line))


@dataclass(frozen=True)
class ParsedItem:
    """An item and the ``Fraværende`` list printed inside it (None when there is none)."""

    item: AgendaItem
    absence: tuple[str, ...] | None


# -- people -------------------------------------------------------------------------------


def _is_capitalised(token: str) -> bool:
    return bool(P.NAME_TOKEN_RE.match(token)) and not P.ROLE_TOKEN_RE.match(token)


def people_in(who: str) -> list[str]:
    """Names in a phrase such as ``Leder af HR Sharajé Thomassen og Ole Vett``.

    Role words (``IT-arkitekt``, ``Borgerrådgiver``, ``leder for <unit>``) are dropped;
    a unit after ``for``/``af`` is one word plus ``og <word>`` pairs, as long as a
    two-word name still follows. A name has at least two capitalised words.

    >>> people_in("Leder af HR Sharajé Thomassen")
    ['Sharajé Thomassen']
    >>> people_in("Borgerrådgiver Ann Berit Jensen")
    ['Ann Berit Jensen']
    >>> people_in("Tina Wrøbel og Mette Tokehøj")
    ['Tina Wrøbel', 'Mette Tokehøj']
    >>> people_in("Kommunaldirektøren")
    []
    """
    tokens = who.replace(",", " , ").split()
    names: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if len(current) >= 2:
            names.append(" ".join(current))
        current.clear()

    index, count = 0, len(tokens)
    while index < count:
        token = tokens[index].strip("\"'()")
        lower = token.lower()
        index += 1
        if not token or token == "," or lower in ("og", "&", "samt"):
            flush()
            continue
        if P.ROLE_TOKEN_RE.match(token):
            flush()
            if index < count and tokens[index].lower() in _ROLE_LINKS:
                index += 2  # the link word and the first word of the unit
                # ``og Teknologi`` still belongs to the unit if a two-word name follows.
                while (
                    index + 3 < count
                    and tokens[index].lower() == "og"
                    and all(_is_capitalised(t) for t in tokens[index + 1 : index + 4])
                ):
                    index += 2
            continue
        if P.NAME_TOKEN_RE.match(token):
            current.append(token)
        else:
            flush()
    flush()
    return names


def participation(text: str) -> tuple[list[str], list[str]]:
    """Guests (``X deltager i punktets behandling``) and absentees (``X deltog ikke i
    sagens behandling``) named in ``text``; each name is taken from its own sentence.

    >>> participation("Borgerrådgiver Ann Berit Jensen deltager under punktets behandling.")
    (['Ann Berit Jensen'], [])
    >>> participation("Intet om deltagelse.")
    ([], [])
    """
    guests: list[str] = []
    absent: list[str] = []
    if "delt" not in text:
        return guests, absent
    for match in P.PARTICIPATION_RE.finditer(text):
        window_start = max(0, match.start() - _WHO_WINDOW)
        prefix = text[window_start : match.start()]
        sentence_start = 0
        for boundary in P.SENTENCE_END_RE.finditer(prefix):
            sentence_start = boundary.end()
        names = people_in(prefix[sentence_start:])
        (absent if match.group("neg") else guests).extend(names)
    return guests, absent


def guests_and_absent(
    texts: Sequence[str], *, after_verb: bool = False
) -> tuple[list[str], list[str]]:
    """Guests and absentees of an item's texts, text by text (:func:`participation`).

    With ``after_verb`` a guest named after the verb counts too (``deltager faglig koordinator
    X under behandlingen``), as eDoc minutes write it.

    >>> guests_and_absent(["Ole Vett deltager i punktets behandling.",
    ...                    "Per Hansen deltog ikke i sagens behandling."])
    (['Ole Vett'], ['Per Hansen'])
    """
    guests: list[str] = []
    absent: list[str] = []
    for text in texts:
        found_guests, found_absent = participation(text)
        guests.extend(found_guests)
        absent.extend(found_absent)
        if after_verb:
            for match in P.GUEST_AFTER_VERB_RE.finditer(text):
                guests.extend(people_in(match.group("who")))
    return guests, absent


# -- attachments --------------------------------------------------------------------------


def parse_attachments(lines: Sequence[Line], ctx: ItemContext) -> list[Attachment]:
    """Attachments listed under a ``Bilag`` heading.

    A leading document number is split off (``480-2020-152004 Opsamling ...``); a number the
    PDF broke over three lines (``480- title`` / ``2020-`` / ``151343``) is joined again,
    and a line starting in lower case after a long line continues the previous title.

    >>> ctx = ItemContext("a.txt", "0" * 64)
    >>> [(a.number, a.title) for a in parse_attachments(
    ...     [(1, "480- Skema til brug - effektmål og"), (2, "2020- indikatorer"), (3, "148684"),
    ...      (4, "Indstilling")], ctx)]
    [('480-2020-148684', 'Skema til brug - effektmål og indikatorer'), (None, 'Indstilling')]
    """
    found: list[Attachment] = []
    index, count = 0, len(lines)
    previous_text = ""
    while index < count:
        number, text = lines[index]
        match = P.ATTACHMENT_NUMBER_RE.match(text)
        if match is not None:
            found.append(Attachment(match.group(2), match.group(1), ctx.source(number, number)))
            index += 1
            previous_text = ""
            continue
        piece1 = P.ATTACHMENT_PIECE1_RE.match(text)
        if piece1 is not None and index + 2 < count:
            piece2 = P.ATTACHMENT_PIECE2_RE.match(lines[index + 1][1])
            piece3 = P.ATTACHMENT_PIECE3_RE.match(lines[index + 2][1])
            if piece2 is not None and piece3 is not None:
                doc_number = piece1.group(1) + piece2.group(1) + piece3.group(1)
                title = " ".join(
                    part for part in (piece1.group(2), piece2.group(2), piece3.group(2)) if part
                )
                last = lines[index + 2][0]
                found.append(Attachment(title, doc_number, ctx.source(number, last)))
                index += 3
                previous_text = ""
                continue
        if (
            found
            and text[0].islower()
            and len(previous_text) >= _ATTACHMENT_WRAP_MIN
            and found[-1].number is None
        ):
            head = found[-1]
            first_line = head.source.first_line if head.source else number
            found[-1] = Attachment(head.title + " " + text, None, ctx.source(first_line, number))
        else:
            found.append(Attachment(text, None, ctx.source(number, number)))
        previous_text = text
        index += 1
    return found


def merge_attachments(attachments: Sequence[Attachment]) -> tuple[Attachment, ...]:
    """One attachment per title; the one that carries a document number wins.

    >>> merged = merge_attachments([Attachment("Plan", None), Attachment("Plan", "480-2020-1"),
    ...                             Attachment("Notat", None)])
    >>> [(a.title, a.number) for a in merged]
    [('Plan', '480-2020-1'), ('Notat', None)]
    """
    by_key: dict[str, int] = {}
    out: list[Attachment] = []
    for attachment in attachments:
        key = squash(attachment.title)
        position = by_key.get(key)
        if position is None:
            by_key[key] = len(out)
            out.append(attachment)
            continue
        kept = out[position]
        if kept.number is None and attachment.number is not None:
            out[position] = attachment
        elif kept.number is not None and attachment.number not in (None, kept.number):
            out.append(attachment)  # two documents with one title
    return tuple(out)


# -- decisions ----------------------------------------------------------------------------


def decision_text(lines: Sequence[Line], forum: str) -> tuple[str | None, tuple[str, ...] | None]:
    """The decision proper and the ``Fraværende`` list printed in the decision block.

    The meeting line that opens a decision in the ``Sagsnr./Dok.nr.`` layout
    (``Strategisk chefforum den 3. juni 2020``), ``Fraværende:``/``Afbud:`` lines and
    lines of punctuation only are left out of the text.

    >>> decision_text([(1, "Strategisk chefforum den 3. juni 2020"),
    ...                (2, "Fraværende: Jesper Due Pedersen"), (3, "Godkendt.")],
    ...               "Strategisk Chefforum")
    ('Godkendt.', ('Jesper Due Pedersen',))
    >>> decision_text([(1, "Fraværende: Ingen"), (2, "Godkendt.")], "Direktionen")
    ('Godkendt.', ())
    """
    kept: list[str] = []
    absence: list[str] | None = None
    for position, (_, text) in enumerate(lines):
        if position < 2:
            dateline = P.DECISION_DATELINE_RE.match(text)
            if dateline is not None and normalise_forum(dateline.group("forum"))[0] == forum:
                continue
        if text.startswith(("Fraværende", "Afbud", "Ikke til stede")):
            match = P.ABSENCE_LINE_RE.match(text)
            if match is not None:
                absence = (absence or []) + split_names(match.group(1))
                continue
        if P.PUNCT_ONLY_RE.match(text):
            continue
        kept.append(text)
    return (unwrap(kept) or None), (unique(absence) if absence is not None else None)


def earlier_from_heading(block: Block, ctx: ItemContext) -> EarlierDecision | None:
    """An earlier decision from ``Beslutning på møde <forum> <dd-mm-yyyy> - HH:MM``."""
    match = P.EARLIER_DECISION_RE.match(block.heading)
    if match is None:
        return None
    date = numeric_date(match.group(2))
    forum, term = normalise_forum(match.group(1))
    if date is None or not forum:
        return None
    text = unwrap([t for _, t in block.lines])
    return EarlierDecision(
        forum=forum,
        date=date,
        text=text,
        term=term,
        start=clock(match.group(3)) if match.group(3) else None,
        absent=unique(participation(text.replace("\n", " "))[1]),
        source=ctx.source(block.line, block.last_line),
    )


def earlier_from_history(block: Block, ctx: ItemContext) -> list[EarlierDecision]:
    """Earlier decisions from a ``Sagsforløb`` block of ``Udvalg:``/``Dato:``/``Punktnummer:``
    entries; ``X deltog ikke i sagens behandling`` inside an entry is that entry's absence.

    >>> block = Block("history", "Sagsforløb", 1, ((2, "Udvalg: Magistraten"),
    ...     (3, "Dato: 19-08-2025"), (4, "Punktnummer: 2"), (5, "Fremsendes til Aarhus Byråd."),
    ...     (6, "Jesper Kjeldsen deltog ikke i sagens behandling.")))
    >>> [(e.forum, e.date, e.item_number, e.absent) for e in earlier_from_history(
    ...     block, ItemContext("a", "0" * 64))]
    [('Magistraten', '2025-08-19', 2, ('Jesper Kjeldsen',))]
    """
    entries: list[dict[str, object]] = []
    current: dict[str, object] | None = None
    for number, text in block.lines:
        match = P.HISTORY_FIELD_RE.match(text) if ":" in text[:14] else None
        if match is not None:
            field, value = match.group(1), match.group(2).strip()
            if field == "Udvalg" or current is None:
                current = {"forum": None, "date": None, "item": None, "text": [],
                           "first": number, "last": number}  # fmt: skip
                entries.append(current)
            if field == "Udvalg":
                current["forum"] = value
            elif field in ("Dato", "Mødedato"):
                current["date"] = numeric_date(value)
            elif value.isascii() and value.isdigit() and len(value) <= 4:
                current["item"] = int(value)
            current["last"] = number
            continue
        if current is None:
            continue
        text_lines = current["text"]
        assert isinstance(text_lines, list)
        text_lines.append(text)
        current["last"] = number
    decisions: list[EarlierDecision] = []
    for entry in entries:
        forum_raw, date = entry["forum"], entry["date"]
        if not isinstance(forum_raw, str) or not isinstance(date, str):
            continue
        forum, term = normalise_forum(forum_raw)
        if not forum:
            continue
        lines = entry["text"]
        assert isinstance(lines, list)
        text = unwrap(lines)
        item_number = entry["item"]
        first, last = entry["first"], entry["last"]
        assert isinstance(first, int) and isinstance(last, int)
        decisions.append(
            EarlierDecision(
                forum=forum,
                date=date,
                text=text,
                term=term,
                item_number=item_number if isinstance(item_number, int) else None,
                absent=unique(participation(" ".join(lines))[1]),
                source=ctx.source(first, last),
            )
        )
    return decisions


# -- the item -----------------------------------------------------------------------------


def _read_head_line(text: str, cases: list[str], documents: list[str]) -> tuple[bool, bool | None]:
    """Take case/document numbers and Åbent/Lukket from a head line.

    Returns (consumed, public) where ``consumed`` says the line held nothing else.
    """
    if P.CASE_LINE_RE.match(text):
        cases.append(text.upper())
        return True, None
    public = P.PUBLIC_WORDS.get(text.lower())
    if public is not None:
        return True, public
    if "nr" in text:
        found_case = P.SAGSNR_RE.findall(text)
        found_doc = P.DOKNR_RE.findall(text)
        if found_case or found_doc:
            cases.extend(n.upper() for n in found_case)
            documents.extend(n.upper() for n in found_doc)
            rest = P.DOKNR_RE.sub("", P.SAGSNR_RE.sub("", text)).strip(" ,;")
            return not rest, None
    return False, None


@dataclass
class _Facts:
    """What the head and blocks of one item say, gathered as they are read."""

    public: bool | None
    cases: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    decision: str | None = None
    decided: bool = False
    absence: tuple[str, ...] | None = None
    earlier: list[EarlierDecision] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    people_text: list[str] = field(default_factory=list)
    recommendation: list[str] = field(default_factory=list)

    def add_absence(self, names: Sequence[str]) -> None:
        self.absence = unique(list(self.absence or ()) + list(names))


def _split_title(title: str) -> tuple[str, bool | None]:
    """The title without ``Lukket:`` before it or ``(Åbent)``/``Lukket`` after, and what
    they said about the item being public."""
    public: bool | None = None
    if P.LUKKET_PREFIX_RE.match(title):
        title, public = P.LUKKET_PREFIX_RE.sub("", title), False
    suffix = P.PUBLIC_SUFFIX_RE.search(title)
    if suffix is not None:
        title, public = title[: suffix.start()], P.PUBLIC_WORDS[suffix.group(1).lower()]
    return title.strip(), public


def _read_head(head: Sequence[Line], facts: _Facts, ctx: ItemContext) -> list[Line]:
    """Numbers and Åbent/Lukket from the head lines; the rest (the preamble) is a section
    of its own and is returned."""
    preamble: list[Line] = []
    for line in head:
        consumed, said = _read_head_line(line[1], facts.cases, facts.documents)
        if said is not None:
            facts.public = said
        if not consumed:
            preamble.append(line)
    if preamble:
        text = "\n".join(t for _, t in preamble)
        facts.sections.append(Section("", text, ctx.source(preamble[0][0], preamble[-1][0])))
    facts.people_text.append(" ".join(t for _, t in preamble))
    return preamble


def _read_block(block: Block, number: int, facts: _Facts, ctx: ItemContext) -> None:
    """One block under its heading: a section, and by its kind an earlier decision, the
    case history, attachments, this meeting's decision, or text that may name people."""
    lines = block.lines
    if block.kind == P.CONTAINER:
        lines = tuple(_container_rest(block.lines, number, facts.cases, facts.documents))
        facts.public = _container_public(block.lines, number, facts.public)
        if not lines:
            return
    last = lines[-1][0] if lines else block.line
    section_text = "\n".join(t for _, t in lines)
    facts.sections.append(Section(block.heading, section_text, ctx.source(block.line, last)))
    if block.heading.lower() in P.RECOMMENDATION_HEADINGS:
        facts.recommendation.append(section_text)
    if block.kind == P.EARLIER:
        found = earlier_from_heading(block, ctx)
        if found is not None:
            facts.earlier.append(found)
        return
    if block.kind == P.HISTORY:
        facts.earlier.extend(earlier_from_history(block, ctx))
        return
    if block.kind == P.ATTACHMENTS:
        facts.attachments.extend(parse_attachments(lines, ctx))
        return
    if block.kind == P.DECISION:
        text, printed_absence = decision_text(lines, ctx.forum)
        if printed_absence is not None:
            facts.add_absence(printed_absence)
        if not facts.decided:
            facts.decision, facts.decided = text, True
    elif "Fravær" in section_text or "Afbud" in section_text:
        for _, text in lines:
            match = P.ABSENCE_LINE_RE.match(text)
            if match is not None:
                facts.add_absence(split_names(match.group(1)))
    facts.people_text.append(section_text.replace("\n", " "))


def parse_item(parts: ItemParts, ctx: ItemContext) -> ParsedItem:
    """Build the :class:`~core.records.AgendaItem` of one item.

    Parameters
    ----------
    parts
        The item's lines split by :func:`extract.segment.split_item`.
    ctx
        Provenance, document kind and the meeting's forum.

    Examples
    --------
    >>> from extract.segment import logical_lines, split_item
    >>> lines = logical_lines('''Punkt 21: Lukket: Køb af landbrugsejendom
    ... EMN-2025-007940
    ... Tilbagesendes Magistratsafdelingen, idet byrådet har vedtaget indstillingen.''')
    >>> item = parse_item(split_item(lines, 0, 3, 21, lines[0][1][10:], None),
    ...                   ItemContext("a.txt", "0" * 64, forum="Aarhus Byråd")).item
    >>> item.title, item.public, item.case_numbers, item.outcome
    ('Køb af landbrugsejendom', False, ('EMN-2025-007940',), 'approved')
    """
    title, public = _split_title(parts.title)
    facts = _Facts(public)
    preamble = _read_head(parts.head, facts, ctx)
    for block in parts.blocks:
        _read_block(block, parts.number, facts, ctx)

    # A closed item (``Lukket:``) prints only its decision, with no heading.
    if (
        not facts.decided
        and preamble
        and ctx.kind == "minutes"
        and all(b.kind == P.ATTACHMENTS for b in parts.blocks)
    ):
        facts.decision = decision_text(preamble, ctx.forum)[0]

    guests, gone = guests_and_absent(facts.people_text)
    item = AgendaItem(
        number=parts.number,
        title=title,
        source=ctx.source(parts.first_line, parts.last_line),
        public=facts.public,
        case_numbers=unique(facts.cases),
        document_numbers=unique(facts.documents),
        sections=tuple(facts.sections),
        decision=facts.decision,
        earlier_decisions=tuple(facts.earlier),
        attachments=merge_attachments(facts.attachments),
        participants=unique(guests),
        absent_for_item=unique(list(facts.absence or ()) + gone),
    )
    item = decide(item, kind=ctx.kind, recommendation="\n".join(facts.recommendation) or None)
    return ParsedItem(item, facts.absence)


def _container_rest(
    lines: Sequence[Line], number: int, cases: list[str], documents: list[str]
) -> list[Line]:
    """Lines of ``Sagsfremstilling`` that are more than the repeated title and numbers."""
    rest: list[Line] = []
    for position, line in enumerate(lines):
        text = line[1]
        if position == 0:
            repeated = P.REPEATED_TITLE_RE.match(text)
            if repeated is not None and int(repeated.group(1)) == number:
                continue
        consumed, _ = _read_head_line(text, cases, documents)
        if not consumed:
            rest.append(line)
    return rest


def _container_public(lines: Sequence[Line], number: int, public: bool | None) -> bool | None:
    """``Åbent``/``Lukket`` printed after the repeated title or on its own line."""
    for position, (_, text) in enumerate(lines):
        if position == 0 and P.REPEATED_TITLE_RE.match(text):
            suffix = P.PUBLIC_SUFFIX_RE.search(text)
            if suffix is not None:
                return P.PUBLIC_WORDS[suffix.group(1).lower()]
        said = P.PUBLIC_WORDS.get(text.lower())
        if said is not None:
            return said
    return public


__all__ = [
    "ItemContext",
    "ParsedItem",
    "decision_text",
    "earlier_from_heading",
    "earlier_from_history",
    "guests_and_absent",
    "merge_attachments",
    "parse_attachments",
    "parse_item",
    "participation",
    "people_in",
]
