"""Typed records extracted from minutes.

Every record is a frozen dataclass with a deterministic natural key and the
provenance of the lines it came from. Records are plain data: the extractors in
``extract/`` create them, ``graph/build.py`` turns them into graph nodes, and the
store serialises them with :func:`to_dict` / :func:`document_from_dict`.

>>> src = Source(path="a.txt", sha256="0" * 64, first_line=3, last_line=9)
>>> m = Meeting(forum="Direktionen", date="2021-01-07", source=src)
>>> m.key
'meeting:direktionen:2021-01-07'
>>> AgendaItem(number=4, title="Budget", source=src).key(m.key)
'item:direktionen:2021-01-07:4'
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from core.schema import attachment_key, document_key, item_key, meeting_key, meeting_status
from core.text import slug

SCHEMA_VERSION = 1

#: What a decision decided (``extract/outcome.py`` and docs/schema.md have the rule).
OUTCOMES = (
    "approved",
    "rejected",
    "recommended",
    "referred",
    "postponed",
    "noted",
    "discussed",
    "withdrawn",
)
#: How a member or a party voted.
VOTE_POSITIONS = ("for", "against", "abstain")


@dataclass(frozen=True)
class Source:
    """Where a fact came from: file, its sha256 and a 1-based inclusive line span."""

    path: str
    sha256: str
    first_line: int
    last_line: int

    def __post_init__(self) -> None:
        if self.first_line > self.last_line:
            raise ValueError(f"line span {self.first_line}-{self.last_line} is reversed")


@dataclass(frozen=True)
class Section:
    """A titled part of an agenda item (``Sagens kerne``, ``Indstilling`` ...)."""

    heading: str
    text: str
    source: Source


@dataclass(frozen=True)
class Attachment:
    """An attachment (``Bilag``) listed under an item."""

    title: str
    number: str | None = None
    source: Source | None = None

    def key(self, item_key: str) -> str:
        ident = self.number or slug(self.title)[:80]
        return attachment_key(item_key, ident)


@dataclass(frozen=True)
class EarlierDecision:
    """A decision of an earlier meeting carried along inside an item."""

    forum: str
    date: str  # YYYY-MM-DD
    text: str
    term: str | None = None
    start: str | None = None  # HH:MM
    item_number: int | None = None
    absent: tuple[str, ...] = ()
    source: Source | None = None

    @property
    def meeting_key(self) -> str:
        return meeting_key(self.forum, self.date)


@dataclass(frozen=True)
class Vote:
    """How members or parties voted on a decision (or one point of it), as printed.

    ``voters`` are names or party letters as the minutes print them (``(Ø)``, ``Liselott
    Blixt (UP1)``); ``count`` is a number of votes where the minutes give one (``Med stemmerne
    19 for og 1 imod``); ``point`` the point of the decision the vote is on (``1c``).

    >>> Vote("against", ("(Ø)",)).position
    'against'
    """

    position: str  # "for" | "against" | "abstain"
    voters: tuple[str, ...] = ()
    count: int | None = None
    point: str | None = None

    def __post_init__(self) -> None:
        if self.position not in VOTE_POSITIONS:
            raise ValueError(f"unknown vote position {self.position!r}")


@dataclass(frozen=True)
class PersonMention:
    """A person named in an item's text (filled by the people pipeline)."""

    text: str
    kind: str  # "guest" | "presenter" | "mention" | "absent"
    name: str | None = None  # resolved full name, None when unresolved
    role: str | None = None
    candidates: tuple[str, ...] = ()
    source: Source | None = None


@dataclass(frozen=True)
class AgendaItem:
    """One agenda item (``Punkt N``) of a meeting."""

    number: int
    title: str
    source: Source
    public: bool | None = None
    case_numbers: tuple[str, ...] = ()
    document_numbers: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    decision: str | None = None
    outcome: str | None = None
    earlier_decisions: tuple[EarlierDecision, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    participants: tuple[str, ...] = ()  # guests of this item
    absent_for_item: tuple[str, ...] = ()
    mentions: tuple[PersonMention, ...] = ()
    organisations: tuple[str, ...] = ()
    # The forum or body a recommendation or referral names ("Byrådet"), and the votes the
    # decision records; see extract/outcome.py.
    forwarded_to: str | None = None
    votes: tuple[Vote, ...] = ()

    def __post_init__(self) -> None:
        if self.outcome is not None and self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")

    def key(self, meeting_key_: str) -> str:
        return item_key(meeting_key_, self.number)

    @property
    def text(self) -> str:
        """All section text of the item, for search and similarity."""
        return "\n\n".join(s.text for s in self.sections)


@dataclass(frozen=True)
class Meeting:
    """A meeting of a forum, as recorded by one document."""

    forum: str
    date: str  # YYYY-MM-DD
    source: Source
    term: str | None = None
    start: str | None = None  # HH:MM
    place: str | None = None
    kind: str = "minutes"  # "minutes" | "agenda"
    attendees: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    attendance_recorded: bool = False
    items: tuple[AgendaItem, ...] = ()
    municipality: str | None = None
    # Party letter and role of each attendee as printed, position by position with
    # ``attendees`` as parsed (empty when the document prints neither):
    # ``Lolan Ottesen (A) - formand`` -> ``"A"``, ``"formand"``. A step that renames or merges
    # attendees should carry these along (they are not checked here, so that it cannot fail).
    attendee_parties: tuple[str | None, ...] = ()
    attendee_roles: tuple[str | None, ...] = ()
    # The municipality the user said these minutes come from (never guessed): part of the keys.
    scope: str | None = None
    # Which layout reader read the document, and how sure it was (0-1; 1.0 for a layout
    # recognised by its signature). None for records made by hand.
    reader: str | None = None
    confidence: float | None = None
    # The people an agenda (a meeting not yet held) lists as taking part: invited, never
    # attendees -- nobody has attended a meeting that has not been held.
    invited: tuple[str, ...] = ()
    # People in the room who are not members: the secretary (``Referent:``), guests of the
    # meeting (``Desuden deltog:``). Kept apart from ``attendees``.
    staff: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", self.date):
            raise ValueError(f"meeting date {self.date!r} is not YYYY-MM-DD")
        if self.kind not in ("minutes", "agenda"):
            raise ValueError(f"unknown meeting kind {self.kind!r}")

    @property
    def key(self) -> str:
        return meeting_key(self.forum, self.date, self.scope)

    @property
    def status(self) -> str:
        """``held`` (minutes with attendance), ``held-no-attendance`` (minutes that record no
        attendance) or ``not-held`` (an agenda of a meeting not yet held).

        >>> src = Source("a.txt", "0" * 64, 1, 1)
        >>> Meeting("Byrådet", "2025-10-08", src, kind="agenda").status
        'not-held'
        """
        return meeting_status(self.kind, self.attendance_recorded)


@dataclass(frozen=True)
class Document:
    """One ingested file and the meeting it records."""

    path: str
    sha256: str
    meeting: Meeting
    format: str = "text"  # "text" | "markdown" | "pdf" | "json"
    title: str | None = None

    @property
    def key(self) -> str:
        return document_key(self.sha256)


# -- serialisation ---------------------------------------------------------------


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_dict(record: Any) -> Any:
    """Serialise a record (recursively) to JSON-compatible data.

    >>> to_dict(Source("a.txt", "0" * 64, 1, 2))["last_line"]
    2
    """
    if record is None or isinstance(record, (str, int, float)):
        return record  # the common case first: this runs for every field of every record
    if isinstance(record, (list, tuple)):
        return [to_dict(r) for r in record]
    cls = type(record)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not dataclasses.is_dataclass(record):
            return record
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(record))
    return {name: to_dict(getattr(record, name)) for name in names}


def _build(cls: type, data: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    for name, sub in _plan(cls):
        if name not in data:
            continue
        value = data[name]
        if sub is not None and value is not None:
            if isinstance(value, list):
                value = tuple([_build(sub, v) for v in value])
            else:
                value = _build(sub, value)
        elif isinstance(value, list):
            value = tuple(value)
        kwargs[name] = value
    return cls(**kwargs)


_PLANS: dict[type, tuple[tuple[str, type | None], ...]] = {}


def _plan(cls: type) -> tuple[tuple[str, type | None], ...]:
    """The fields of record type ``cls``, each with the record type of its value (None: a
    plain value): ``dataclasses.fields`` for every record read took a quarter of the time."""
    plan = _PLANS.get(cls)
    if plan is None:
        fields = dataclasses.fields(cls)
        plan = _PLANS[cls] = tuple((f.name, _NESTED.get((cls.__name__, f.name))) for f in fields)
    return plan


_NESTED: dict[tuple[str, str], type] = {
    ("Document", "meeting"): Meeting,
    ("Meeting", "source"): Source,
    ("Meeting", "items"): AgendaItem,
    ("AgendaItem", "source"): Source,
    ("AgendaItem", "sections"): Section,
    ("AgendaItem", "earlier_decisions"): EarlierDecision,
    ("AgendaItem", "attachments"): Attachment,
    ("AgendaItem", "mentions"): PersonMention,
    ("AgendaItem", "votes"): Vote,
    ("Section", "source"): Source,
    ("Attachment", "source"): Source,
    ("EarlierDecision", "source"): Source,
    ("PersonMention", "source"): Source,
}


def document_from_dict(data: dict[str, Any]) -> Document:
    """Inverse of :func:`to_dict` for a :class:`Document`."""
    doc: Document = _build(Document, data)
    return doc


__all__ = [
    "OUTCOMES",
    "SCHEMA_VERSION",
    "VOTE_POSITIONS",
    "AgendaItem",
    "Attachment",
    "Document",
    "EarlierDecision",
    "Meeting",
    "PersonMention",
    "Section",
    "Source",
    "Vote",
    "document_from_dict",
    "to_dict",
]
