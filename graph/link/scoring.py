"""Scoring a candidate pair of items, with its evidence, and the references that override."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from graph.link.evidence import (
    ends_in_own_forum,
    names_own_forum,
    parallel_committees,
    part_words,
    parts_of_one_topic,
    slots_conflict,
    theme_and_its_item,
)
from graph.link.features import _Features, _sketch_similarity, two_cases
from graph.link.model import Link, LinkItem, LinkSettings
from graph.link.rounds import same_rounds


def score_pair(
    items: Sequence[LinkItem],
    features: _Features,
    settings: LinkSettings,
    i: int,
    j: int,
    *,
    explain: bool = True,
    similarity: tuple[float, float] | None = None,
) -> Link:
    """Score the link between items ``i`` and ``j`` (``i`` the earlier) with its evidence.

    With ``explain=False``, no evidence (the fast path); ``similarity``: title and text, if known.
    """
    a, b = items[i], items[j]
    evidence: list[str] = []
    title, text = similarity or similarities(features, settings, i, j)
    score = settings.w_title * title + settings.w_text * text
    shared = features.numbers[i] & features.numbers[j]
    if shared:
        score += settings.w_case
    # Evidence that names only the other *meeting* is counted once: it says the matter was
    # there, not which of that meeting's items it was.
    referred = b.meeting in a.mentions or a.meeting in b.mentions
    meeting_bonus = settings.w_reference if referred else 0.0
    best = (i, j) in features.best_in_meeting or (j, i) in features.best_in_meeting
    carried: int | bool | None = False
    for meeting, number in b.earlier:
        if meeting == a.meeting:
            carried = number
            if number is not None and number == a.number:
                score += settings.w_earlier_item
            else:
                meeting_bonus = max(meeting_bonus, settings.w_earlier)
            break
    if best:
        meeting_bonus = settings.w_best_in_meeting
    score += meeting_bonus
    # Two numbers of one scheme: two cases, unless a reference names this very item (a
    # standing number is no evidence for one matter, but an umbrella is still a case).
    conflict = not shared and two_cases(a.case_numbers, b.case_numbers)
    # The override: the earlier decision of this very item carried along, or, in the same
    # round (a short gap), the item of the named meeting closest to it under the same title.
    same_round = abs(features.day[j] - features.day[i]) <= settings.round_days
    overridden = (carried is not None and carried is not False and carried == a.number) or (
        best and same_round and title >= settings.override_title
    )
    if conflict and not overridden:
        score -= settings.p_case_conflict
    years_differ = _years_differ(features, i, j)
    if years_differ:
        score -= settings.p_year_conflict
    delta, said = _gap_titles_and_path(items, features, settings, i, j, title)
    score += delta
    override = conflict and overridden
    if not explain:
        return Link(round(score, 4), (), override)
    if shared:
        evidence.append("case number " + ", ".join(sorted(shared)))
    if title >= 0.3:
        evidence.append(f"title similarity {title:.2f}")
    if text >= 0.1:
        evidence.append(f"text similarity {text:.2f}")
    if referred:
        evidence.append("explicit reference to the other meeting")
    if carried is not False:
        if carried is not None and carried == a.number:
            evidence.append(f"earlier decision of item {carried} carried along")
        else:
            evidence.append("earlier decision of that meeting carried along")
    if best:
        evidence.append("the closest item of the meeting named")
    if conflict:
        why = ", overridden by the reference" if overridden else ""
        numbers = sorted({*a.case_numbers, *b.case_numbers})
        evidence.append(f"different case numbers ({', '.join(numbers)}){why}")
    if years_differ:
        evidence.append("different years in the titles")
    return Link(round(score, 4), (*evidence, *said), override)


def _years_differ(features: _Features, i: int, j: int) -> bool:
    """True when the two titles name only different years, and the items are not the
    rounds of one pool or plan (each round names its year: rounds, not two matters)."""
    ya, yb = features.years[i], features.years[j]
    return bool(ya and yb and ya.isdisjoint(yb)) and not same_rounds(
        features.round_of[i], features.round_of[j]
    )


def similarities(
    features: _Features, settings: LinkSettings, i: int, j: int
) -> tuple[float, float]:
    """The title and text similarity of items ``i`` and ``j``."""
    text = _sketch_similarity(features.sketch[i], features.sketch[j], settings.sketch_size)
    return features.title_similarity(i, j), text


def _parts_and_sides(
    items: Sequence[LinkItem],
    features: _Features,
    settings: LinkSettings,
    i: int,
    j: int,
    *,
    tied: bool,
) -> tuple[float, list[str]]:
    """What one meeting and two committees side by side add to a pair's score, and the
    evidence said of it (``tied``: a shared number, a reference to the other's meeting or a
    decision carried either way).

    One meeting treating one topic in parts (the whole, its appropriations, the finance
    committee's own share; a theme session on it) is one matter, as one case number on each
    part would say. Two
    committees side by side: the same title is each committee's own case unless a decision
    is carried from one to the other or one names the other's meeting, or each title names
    its own committee as its part of one topic (*Budgetopfølgning 1 (2025) - Kultur- og
    Fritidsudvalget*).
    """
    a, b = items[i], items[j]
    if (
        features.meeting[i] == features.meeting[j]
        and features.numbers[i].isdisjoint(features.numbers[j])
        and (
            parts_of_one_topic(part_words(a.title), part_words(b.title))
            or theme_and_its_item(a.title, b.title)
        )
    ):
        return settings.w_parts, ["parts of one topic at one meeting"]
    if tied or (names_own_forum(a.title, a.forum) and names_own_forum(b.title, b.forum)):
        return 0.0, []
    if parallel_committees(a.forum, b.forum):
        return -settings.p_parallel, [
            "two committees side by side, no decision carried between them"
        ]
    if a.forum != b.forum and _each_its_own(items, features, settings, i, j):
        return -settings.p_parallel, ["one title in two forums, each case in its own forum"]
    return 0.0, []


def _each_its_own(
    items: Sequence[LinkItem], features: _Features, settings: LinkSettings, i: int, j: int
) -> bool:
    """True when two items of different forums under one title each state that their case
    goes through their own forum alone (Greve's *Sagsprocedure*: *Økonomiudvalget.*, *Kultur-
    og Fritidsudvalget.*) and name no meeting in common, not even by its date: each
    forum's own business under one title (each committee's and the finance committee's own
    *Drøftelse af politiske målsætninger*), however alike the texts. A meeting both name (the
    council's decision that ordered one analysis of every committee's area, *Byrådet besluttede
    på møde den 30. januar 2023*) makes them one."""
    a, b = items[i], items[j]
    return (
        features.title_similarity(i, j) >= settings.reference_title
        and features.named[i].isdisjoint(features.named[j])
        and ends_in_own_forum(a.text, a.forum)
        and ends_in_own_forum(b.text, b.forum)
    )


def _gap_titles_and_path(
    items: Sequence[LinkItem],
    features: _Features,
    settings: LinkSettings,
    i: int,
    j: int,
    title: float,
) -> tuple[float, list[str]]:
    """What the gap, the numbers in the titles and the path add to a pair's score, and the
    evidence said of it (:mod:`graph.link.evidence`): a long gap lowers it a little, a word
    numbered differently in the two titles a lot; the later item in the next forum of the
    path, within ``settings.path_days``, under the same topic, raises it. Items further apart
    than that need an earlier decision carried along or a shared case number, or they lose
    ``settings.p_unsupported_gap``: a later round of one subject (next year's guarantee, the
    next phase of a building project) looks much like the matter it follows. Then what one
    meeting and two committees side by side say (:func:`_parts_and_sides`)."""
    gap = abs(features.day[j] - features.day[i])
    delta = -settings.p_gap * min(1.0, gap / max(1, settings.window_days))
    said = []
    if slots_conflict(features.slots[i], features.slots[j]) and not same_rounds(
        features.round_of[i], features.round_of[j]
    ):
        delta -= settings.p_number_conflict
        said.append("different numbers in the titles")
    if title >= settings.path_title and gap <= settings.path_days:
        a, b = (items[i], items[j]) if features.day[i] <= features.day[j] else (items[j], items[i])
        if features.path.precedes(a.municipality, a.forum, b.forum):
            delta += settings.w_path
            said.append("next forum of the path under the same title")
    a, b = items[i], items[j]
    carried = any(m == a.meeting for m, _ in b.earlier) or any(m == b.meeting for m, _ in a.earlier)
    unshared = features.numbers[i].isdisjoint(features.numbers[j])
    topic = features.own_part[i]
    if (
        topic is not None
        and topic == features.own_part[j]
        and a.forum != b.forum
        and gap <= settings.parts_days
    ):
        # Each forum's part of one topic (a budget follow-up, next year's meeting calendars),
        # as one number on all of them would say, though months apart.
        return delta + settings.w_parts, [*said, "each forum's part of one topic"]
    if same_rounds(features.round_of[i], features.round_of[j]):
        # Each year's release of one pool the council set aside over years, each status report
        # on one plan, however far apart.
        return delta + settings.w_parts, [*said, "rounds of one pool or plan"]
    later = j if features.day[i] <= features.day[j] else i
    earlier = items[i + j - later]
    if gap > settings.path_days and not carried and unshared:
        if (
            title >= settings.reference_title
            and (earlier.forum, earlier.date) in features.dated[later]
        ):
            said.append("the later item names the earlier meeting, under the same title")
        else:
            delta -= settings.p_unsupported_gap
            said.append(f"{gap} days apart without a carried decision or case number")
    referred = b.meeting in a.mentions or a.meeting in b.mentions
    # Committees side by side under one title that both name one other meeting (the
    # finance committee's decision that sent the topic to every committee) take it together.
    common = title >= settings.reference_title and _one_meeting_named(a, b)
    if common:
        said.append("both name one other meeting, under the same title")
    sides, said_sides = _parts_and_sides(
        items, features, settings, i, j, tied=carried or referred or not unshared or common
    )
    return delta + sides, [*said_sides, *said]


def _one_meeting_named(a: LinkItem, b: LinkItem) -> bool:
    """True when two items name one meeting, by a reference or a decision carried along."""
    if not (a.mentions or a.earlier) or not (b.mentions or b.earlier):
        return False
    named = {*a.mentions, *(m for m, _ in a.earlier)}
    return any(m in named for m in (*b.mentions, *(m for m, _ in b.earlier)))


def _best_in_named_meetings(
    items: Sequence[LinkItem],
    features: _Features,
    linkable: Sequence[int],
    settings: LinkSettings,
    only: Sequence[int] | None = None,
) -> None:
    """For each meeting an item names, remember that meeting's item most like it.

    A reference says the matter was in that meeting, so exactly one of its items is the
    other step: prefer the clearly most similar one (explicit references are preferred).
    ``only``: the items (of ``linkable``) to do it for, when the others' are known.
    """
    by_meeting: dict[str, list[int]] = defaultdict(list)
    for i in linkable:
        by_meeting[items[i].meeting].append(i)
    k = settings.sketch_size
    best_pairs = features.best_in_meeting
    for i in linkable if only is None else only:
        item = items[i]
        named = set(item.mentions) | {m for m, number in item.earlier if number is None}
        for meeting in named:
            scored = []
            for j in by_meeting.get(meeting, ()):
                title = features.title_similarity(i, j)
                text = _sketch_similarity(features.sketch[i], features.sketch[j], k)
                scored.append((settings.w_title * title + settings.w_text * text, j))
            if not scored:
                continue
            scored.sort(reverse=True)
            top, j = scored[0]
            runner_up = scored[1][0] if len(scored) > 1 else 0.0
            if top >= settings.best_in_meeting_floor and top - runner_up >= 0.05:
                best_pairs.add((i, j))
