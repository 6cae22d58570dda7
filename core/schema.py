"""The graph schema in code: node types, edge types and natural keys (``docs/schema.md``).

Every node of the graph has a ``type`` (one of :data:`NODE_TYPES`) and a natural key as its
id; every edge has a ``type`` (one of :data:`EDGE_TYPES`) that is also its MultiDiGraph key.
Code names the types through these constants, never as string literals, and builds keys
only with the functions below, so that a key is spelled one way everywhere.

>>> meeting_key("Strategisk Chefforum", "2021-01-13")
'meeting:strategisk-chefforum:2021-01-13'
>>> item_key(meeting_key("Direktionen", "2021-01-07"), 4)
'item:direktionen:2021-01-07:4'
>>> MEETING in NODE_TYPES, ATTENDED in EDGE_TYPES
(True, True)
"""

from __future__ import annotations

from functools import lru_cache

from core.text import slug

# -- node types ------------------------------------------------------------------------

FORUM = "Forum"
MEETING = "Meeting"
AGENDA_ITEM = "AgendaItem"
CASE = "Case"
PERSON = "Person"
ATTACHMENT = "Attachment"
DECISION = "Decision"
DOCUMENT = "Document"
MATTER = "Matter"
ORGANISATION = "Organisation"
ROLE = "Role"

#: Every node type (a node's ``type``, its Neo4j label).
NODE_TYPES: tuple[str, ...] = (
    FORUM,
    MEETING,
    AGENDA_ITEM,
    CASE,
    PERSON,
    ATTACHMENT,
    DECISION,
    DOCUMENT,
    MATTER,
    ORGANISATION,
    ROLE,
)

#: What every answer about a meeting names, in this order (after its key): the fields a
#: meeting node always has, None when the minutes do not say (or only a reference is known).
MEETING_FIELDS: tuple[str, ...] = ("forum", "term", "date", "start", "place", "kind")

#: A meeting's status: held with minutes (attendance recorded), held without recorded
#: attendance, or not yet held (an agenda: its participants are invited, never attendees).
MEETING_STATUSES: tuple[str, ...] = ("held", "held-no-attendance", "not-held")


def meeting_status(kind: str | None, attendance_recorded: bool) -> str:
    """The status of a meeting from its kind (``minutes``/``agenda``) and whether its minutes
    record attendance.

    >>> meeting_status("minutes", True), meeting_status("minutes", False)
    ('held', 'held-no-attendance')
    >>> meeting_status("agenda", False)
    'not-held'
    """
    if kind == "agenda":
        return "not-held"
    return "held" if attendance_recorded else "held-no-attendance"


# -- edge types ------------------------------------------------------------------------

OF_FORUM = "OF_FORUM"  # Meeting -> Forum
HAS_ITEM = "HAS_ITEM"  # Meeting -> AgendaItem
ABOUT_CASE = "ABOUT_CASE"  # AgendaItem -> Case
ATTENDED = "ATTENDED"  # Person -> Meeting
INVITED_TO = "INVITED_TO"  # Person -> Meeting not yet held (an agenda's participants)
ABSENT_FROM = "ABSENT_FROM"  # Person -> Meeting, or Person -> AgendaItem (scope "item")
GUEST_AT = "GUEST_AT"  # Person -> AgendaItem
PRESENTED = "PRESENTED"  # Person -> AgendaItem
MENTIONED_IN = "MENTIONED_IN"  # Person, Role or Organisation -> AgendaItem
HAS_ATTACHMENT = "HAS_ATTACHMENT"  # AgendaItem -> Attachment
HAS_DECISION = "HAS_DECISION"  # AgendaItem -> Decision
DECIDED_AT = "DECIDED_AT"  # Decision -> Meeting
FROM_DOCUMENT = "FROM_DOCUMENT"  # Meeting or AgendaItem -> Document
PART_OF = "PART_OF"  # AgendaItem -> Matter
CONTINUES = "CONTINUES"  # AgendaItem -> the matter's next AgendaItem
PREPARES = "PREPARES"  # AgendaItem -> the Meeting it prepares
REFERS_TO = "REFERS_TO"  # AgendaItem -> a Meeting its text names

#: Every edge type (an edge's ``type`` and key, its Neo4j relationship type).
EDGE_TYPES: tuple[str, ...] = (
    OF_FORUM,
    HAS_ITEM,
    ABOUT_CASE,
    ATTENDED,
    INVITED_TO,
    ABSENT_FROM,
    GUEST_AT,
    PRESENTED,
    MENTIONED_IN,
    HAS_ATTACHMENT,
    HAS_DECISION,
    DECIDED_AT,
    FROM_DOCUMENT,
    PART_OF,
    CONTINUES,
    PREPARES,
    REFERS_TO,
)

# -- natural keys ------------------------------------------------------------------------


def meeting_key(forum: str, date: str, scope: str | None = None) -> str:
    """Natural key of a meeting: forum and date, within a municipality when one is given.

    The scope keeps forums of the same name apart (every municipality has a *Byrådet*).

    >>> meeting_key("Strategisk Chefforum", "2021-01-13")
    'meeting:strategisk-chefforum:2021-01-13'
    >>> meeting_key("Byrådet", "2025-10-01", scope="Greve")
    'meeting:greve:byraadet:2025-10-01'
    """
    if scope:
        return f"meeting:{slug(scope)}:{slug(forum)}:{date}"
    return f"meeting:{slug(forum)}:{date}"


def scope_of_key(key: str) -> str | None:
    """The municipality scope inside a meeting key, or None.

    >>> scope_of_key("meeting:greve:byraadet:2025-10-01"), scope_of_key("meeting:x:2025-10-01")
    ('greve', None)
    """
    parts = key.split(":")
    return parts[1] if len(parts) == 4 else None


def forum_key(name: str, scope: str | None = None) -> str:
    """Natural key of a forum, within a municipality when one is given.

    >>> forum_key("Strategisk Chefforum")
    'forum:strategisk-chefforum'
    >>> forum_key("Byrådet", "Greve")
    'forum:greve:byraadet'
    """
    if scope:
        return f"forum:{slug(scope)}:{slug(name)}"
    return f"forum:{slug(name)}"


def item_key(meeting_key_: str, number: int) -> str:
    """Natural key of agenda item ``number`` of a meeting.

    >>> item_key("meeting:direktionen:2021-01-07", 4)
    'item:direktionen:2021-01-07:4'
    """
    return f"item:{meeting_key_.removeprefix('meeting:')}:{number}"


def attachment_key(item_key_: str, ident: str) -> str:
    """Natural key of an attachment of an item (``ident``: its number or title slug).

    >>> attachment_key("item:direktionen:2021-01-07:4", "480-2020-152004")
    'attachment:direktionen:2021-01-07:4:480-2020-152004'
    """
    return f"attachment:{item_key_.removeprefix('item:')}:{ident}"


def document_key(sha256: str) -> str:
    """Natural key of a document (by content).

    >>> document_key("ab" * 32)[:14]
    'document:ababa'
    """
    return f"document:{sha256}"


def decision_key(item_key_: str) -> str:
    """Natural key of the decision an item records.

    >>> decision_key("item:direktionen:2021-01-07:4")
    'decision:direktionen:2021-01-07:4'
    """
    return f"decision:{item_key_.removeprefix('item:')}"


def earlier_decision_key(item_key_: str, forum: str, date: str) -> str:
    """Natural key of an earlier forum's decision carried along inside an item.

    >>> earlier_decision_key("item:byraadet:2021-02-01:7", "Økonomiudvalget", "2021-01-20")
    'decision:byraadet:2021-02-01:7:earlier:oekonomiudvalget:2021-01-20'
    """
    return f"{decision_key(item_key_)}:earlier:{slug(forum)}:{date}"


def matter_key(first_item_key: str) -> str:
    """Natural key of a matter: named after its first agenda item.

    >>> matter_key("item:direktionen:2021-01-07:4")
    'matter:direktionen:2021-01-07:4'
    """
    return "matter:" + first_item_key.removeprefix("item:")


@lru_cache(maxsize=65536)
def person_key(name: str) -> str:
    """Natural key of a person (by full name).

    >>> person_key("Åse Nielsen")
    'person:aase-nielsen'
    """
    return f"person:{slug(name)}"


def normalise_case_number(number: str) -> str:
    """Upper-case a case number and drop white space.

    >>> normalise_case_number(" emn-2025-003383 ")
    'EMN-2025-003383'
    """
    return "".join(number.split()).upper()


def case_key(number: str) -> str:
    """Natural key of a case (journal) number.

    >>> case_key("s2020-57031")
    'case:S2020-57031'
    """
    return f"case:{normalise_case_number(number)}"


@lru_cache(maxsize=4096)
def org_key(name: str) -> str:
    """Natural key of an organisation.

    >>> org_key("Roskilde Universitet")
    'org:roskilde-universitet'
    """
    return f"org:{slug(name)}"


def role_key(name: str) -> str:
    """Natural key of a role.

    >>> role_key("Kommunaldirektør")
    'role:kommunaldirektoer'
    """
    return f"role:{slug(name)}"
