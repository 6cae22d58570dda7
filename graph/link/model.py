"""The linker's settings and records: what goes in (:class:`LinkItem`), what comes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROUTINE_HEADS = (
    "tidsplan",
    "orientering",
    "orienteringspunkter",
    "orienteringssager",
    "meddelelser",
    "eventuelt",
    "evt",
    "godkendelse af dagsorden",
    "godkendelse af dagsordenen",
    "dagsorden",
    "siden sidst",
    "gensidig orientering",
)
# Words that may follow a routine head without making the item a real matter:
# "Tidsplan for direktionsmødet", "Meddelelser fra formanden", "Orientering fra direktøren".
ROUTINE_FILLER = frozenset(
    "for fra til af og om i på mødet møde dagens formanden direktøren direktionen "
    "kommunaldirektøren borgmesteren udvalget forvaltningen punkter sager diverse "
    "gensidig kort".split()
)


@dataclass(frozen=True)
class LinkSettings:
    """Settings of the matter linker.

    Parameters
    ----------
    threshold:
        A candidate pair whose score reaches this joins the two matters.
    window_days:
        Blocking looks this many days ahead for the next step of a matter (case numbers,
        explicit references and earlier decisions are followed whatever the gap).
    neighbours:
        Per blocking key, each item is paired with this many successors in date order.
    keys_per_item:
        How many of an item's title blocking keys (its rarest) are used.
    text_keys:
        How many values of the text sketch are used as blocking keys.
    sketch_size:
        Size of the bottom-k sketch of the text's word stems.
    max_text_chars:
        Only this much of an item's text is compared.
    common_stem_share:
        Word stems in more than this share of items are ignored in text similarity.
    standing_meetings:
        A case number seen in more meetings of one forum in one year than this is standing.
    w_case, p_case_conflict:
        A shared case number adds ``w_case``; two different numbers of one numbering scheme
        subtract ``p_case_conflict``, unless an explicit reference ties the two items (an
        earlier decision of that very item carried along, or the item of a named meeting
        clearly most like it, under much the same title (``override_title``) within
        ``round_days``). Both are large: a number decides unless a reference overrides.
    series_rounds:
        A title topic in this many rounds (``round_days`` apart) over more than a year is a
        recurring series: each round its own matter unless a number or reference ties them.
    case_items, case_days:
        A number on at most this many items within this many days, in more than one forum, is
        a case even on routine items: they link through it (:func:`case_sized_numbers`).
    routine_share, routine_min_meetings:
        A title topic on more than this share of a forum's meetings (a forum of at least
        this many meetings) is routine: never part of a matter (:func:`learn_routine`).
    w_best_in_meeting, best_in_meeting_floor:
        When an item names another meeting (a reference or an earlier decision), the item of
        that meeting most similar to it (title and text at least the floor, clearly ahead of
        the runner-up) gets this bonus instead of the plain reference bonus.
    p_number_conflict:
        Subtracted when a word is numbered differently in the two titles (*Budgetopfølgning
        1* and *2*, *Lokalplan nr. 12.50* and *12.51*; :mod:`graph.link.evidence`).
    w_path, path_days, path_title:
        Added when the later item is in the next forum of the matter's path (a committee,
        then the finance committee, then the council), at most ``path_days`` later, under the
        same topic (title similarity at least ``path_title``).
    p_unsupported_gap, reference_title:
        Subtracted when two items are more than ``path_days`` apart and neither a shared case
        number nor an earlier decision carried along (either way) ties them, nor the later
        item's text names the earlier item's forum and meeting date (*Byrådet godkendte den
        20. juni 2022 ...*) under the same title (title similarity at least
        ``reference_title``; :func:`graph.link.evidence.dated_forums`).
    w_parts:
        Added for two items of one meeting whose titles are one topic, one perhaps with a
        qualifier after it (*Budgetopfølgning 1 (2024)* and *... - bevillingssag*): one
        matter treated in parts (:func:`graph.link.evidence.parts_of_one_topic`).
    parts_days:
        Two items of different forums whose titles each name their own forum under one topic
        (*Budgetopfølgning 1 (2025) - Økonomiudvalget*, *... - Kultur- og Fritidsudvalget*) at
        most this many days apart are parts of one matter (``w_parts`` added, no gap
        penalty): every forum takes its part in turn, the committees months after the
        council (:func:`graph.link.evidence.own_part`).
    p_parallel:
        Subtracted for two different standing committees when no shared number, carried
        decision or reference to the other's meeting ties the two items: each committee's
        own *Drøftelse af politiske målsætninger* is its own case, however alike the titles
        and texts (:func:`graph.link.evidence.parallel_committees`).
    """

    threshold: float = 0.5
    window_days: int = 180
    neighbours: int = 4
    keys_per_item: int = 4
    text_keys: int = 2
    sketch_size: int = 48
    max_text_chars: int = 4000
    common_stem_share: float = 0.05
    standing_meetings: int = 12
    w_title: float = 0.5
    w_text: float = 1.0
    w_case: float = 1.0
    w_reference: float = 0.15
    w_earlier: float = 0.2
    w_earlier_item: float = 0.6
    w_best_in_meeting: float = 0.3
    best_in_meeting_floor: float = 0.2
    p_case_conflict: float = 1.0
    round_days: int = 60
    override_title: float = 0.8
    p_year_conflict: float = 0.5
    p_gap: float = 0.1
    p_number_conflict: float = 0.5
    w_path: float = 0.25
    path_days: int = 35
    path_title: float = 0.95
    p_unsupported_gap: float = 0.5
    reference_title: float = 0.99
    w_parts: float = 0.5
    parts_days: int = 150
    p_parallel: float = 2.0
    routine_heads: tuple[str, ...] = ROUTINE_HEADS
    routine_share: float = 0.5
    routine_min_meetings: int = 4
    case_items: int = 12
    series_rounds: int = 3
    case_days: int = 366


@dataclass(frozen=True, slots=True)
class LinkItem:
    """What the linker needs of one agenda item.

    ``mentions`` are keys of meetings named in the item's text; ``earlier`` holds
    ``(meeting key, item number or None)`` of the earlier decisions the item carries;
    ``prepares`` is the key of the meeting whose agenda the item prepares, if any.
    """

    key: str
    meeting: str
    forum: str
    date: str
    number: int
    title: str
    text: str = ""
    case_numbers: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    earlier: tuple[tuple[str, int | None], ...] = ()
    prepares: str | None = None
    municipality: str | None = None


@dataclass(frozen=True)
class Link:
    """A scored link between two items (indices into the input, earlier first)."""

    score: float
    evidence: tuple[str, ...]
    #: True when an explicit reference overrides different case numbers.
    override: bool = False


@dataclass
class LinkResult:
    """What :func:`link_items` found: matters as sorted index lists, and the links between
    their steps (``(i, j)``: the pair as scored, earlier first, or both ways for one day)."""

    matters: list[list[int]]
    links: dict[tuple[int, int], Link]
    routine: list[int]
    standing: frozenset[str]
    candidates: int
    timings: dict[str, float] = field(default_factory=dict)
    #: The features of the items (``None`` when several municipalities were linked).
    features: Any = None
    #: How many candidate pairs reached the threshold (``links`` keeps only those between
    #: the steps of a matter).
    scored: int = 0


@dataclass(frozen=True)
class LinkReport:
    """Counts of one :func:`link_matters` run."""

    items: int
    routine_items: int
    matters: int
    multi_item_matters: int
    candidates: int
    links: int
    continues: int
    prepares: int
    refers_to: int
    stub_meetings: int
    standing_numbers: tuple[str, ...]
    seconds: float
