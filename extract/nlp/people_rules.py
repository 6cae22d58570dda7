"""The rules of the people component: which capitalised words next to an anchor (a first
name, a role word, a verb) are a name, which role and mention kind the text gives it."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.lang.da.stop_words import STOP_WORDS
from spacy.tokens import Doc

from extract.nlp.tokens import has_not_name_word, line_breaks, name_run, name_run_back
from extract.people_words import (
    GUEST_VERBS,
    LINK_WORDS,
    OFFICE_ROLES,
    PRESENT_VERBS,
    ROLE_HEADS,
    ROLE_PREPOSITIONS,
    is_first_name,
    role_base,
    role_title,
)

_ADJECTIVE_ENDINGS = ("ig", "lig", "isk")
# Prefixes of compound role words that may stand before a name ("Borgerrådgiver").
_ROLE_PREFIXES = (
    " kommunal borger stabs fag afdelings center projekt team it- hr- økonomi sekretariats"
    " sundheds social skole områdes special chef senior udvalgs gruppe byråds vice næst kontor"
).split(" ")
# Office roles in the definite form: "Kommunaldirektøren", "borgerrådgiveren".
OFFICE_FORMS = sorted({role + ("n" if role.endswith("e") else "en") for role in OFFICE_ROLES})
# 0 gazetteer, 1 first name + capitalised words, 2 context, 3 first name alone.
PRIORITY = {"gazetteer": 0, "first-name": 1, "context": 2, "first-name-only": 3}


def role_forms() -> set[str]:
    """Common role words in the forms that can stand before a name."""
    return {prefix + head for prefix in _ROLE_PREFIXES for head in ROLE_HEADS}


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    evidence: str
    name: str | None = None  # the canonical name, for gazetteer matches

    @property
    def priority(self) -> int:
        return PRIORITY[self.evidence]


#: A name right after one of these is the name of a firm or body (``advokatfirmaet Poul
#: Schmith``, ``advokatfirmaerne Poul Schmith og Horten``, ``Snedkerfirmaet Jeppe Jepsen``).
_FIRM_WORDS = (
    "firma",
    "firmaet",
    "firmaerne",
    "virksomheden",
    "selskabet",
    "fonden",
    "foreningen",
)


def checked(doc: Doc, start: int, end: int, evidence: str) -> list[Candidate]:
    """The candidate ``doc[start:end]`` if it can be a name, as a list of zero or one.

    Only the context vouches for a ``context`` candidate, so it starts at its first name when
    a department or place is printed before it (``Socialservice Gitte Lind``)."""
    if evidence == "context" and not is_first_name(doc[start].text):
        for k in range(start + 1, end - 1):
            if is_first_name(doc[k].text):
                start = k
                break
    if end - start < 2 or has_not_name_word(doc, start, end):
        return []
    if start > 0 and doc[start - 1].lower_.endswith(_FIRM_WORDS):
        return []  # "advokatfirmaet Poul Schmith": a firm named after a person
    if end + 1 < len(doc) and doc[end].text == "/" and doc[end + 1].is_title:
        return []  # "Poul Schmith/Kammeradvokaten I/S": a firm under its two names
    if evidence == "context" and any(
        doc[i].lower_ in STOP_WORDS or role_base(doc[i].text) for i in range(start, end)
    ):
        # Only the context vouches for these words: none may be a common word.
        return []
    return [Candidate(start, end, evidence)]


def name_after_role(doc: Doc, start: int, end: int) -> list[Candidate]:
    if end - 1 in line_breaks(doc):
        return []
    if end < len(doc) and doc[end].lower_ in ROLE_PREPOSITIONS:
        units = end + 1
        while units < len(doc) and doc[units].is_upper and not doc[units].is_title:
            units += 1
        if units == end + 1:
            return []
        end = units
    return checked(doc, end, name_run(doc, end, 4), "context")


def name_before_role(doc: Doc, start: int) -> list[Candidate]:
    j = start - 1
    if j >= 2 and doc[j].is_alpha and doc[j].lower_.endswith((*_ADJECTIVE_ENDINGS, "ende")):
        j -= 1  # "Nicolas Hansen, Ledende Overlæge", "X, fungerende direktør"
    if j < 1 or doc[j].text not in (",", "("):
        return []
    if doc[j].text == "," and j >= 4 and doc[j - 1].text == ")" and doc[j - 3].text == "(":
        j -= 3  # a party letter between: "Gert Bjerregaard (V), byrådsmedlem"
    if j - 1 in line_breaks(doc):
        return []
    return checked(doc, name_run_back(doc, j, 4), j, "context")


_LIST_WORDS = frozenset({",", "og", "&", "samt"})


def extend_lists(doc: Doc, chosen: list[Candidate], in_org: set[int]) -> list[Candidate]:
    """Name-shaped neighbours in a list of names are names: ``Mette Skautrup og
    Bünyamin Simsek``, ``A, B og C`` -- even when their first name is unknown."""
    taken = {i for c in chosen for i in range(c.start, c.end)} | in_org
    breaks = line_breaks(doc)
    work = list(chosen)
    found: list[Candidate] = []
    while work:
        cand = work.pop()
        j = cand.end
        if (
            j < len(doc)
            and doc[j].lower_ in _LIST_WORDS
            and j - 1 not in breaks
            and j not in breaks
        ):
            stop = j + 1
            while stop < len(doc) and stop - j <= 4 and doc[stop].is_title and stop not in taken:
                stop += 1
                if stop - 1 in breaks:
                    break
            new = checked(doc, j + 1, stop, "context")
        else:
            new = []
        i = cand.start - 1
        if i >= 1 and doc[i].lower_ in _LIST_WORDS and i not in breaks and i - 1 not in breaks:
            first = i
            while (
                first > 0 and i - first < 4 and doc[first - 1].is_title and first - 1 not in taken
            ):
                first -= 1
                if first - 1 in breaks:
                    break
            new += checked(doc, first, i, "context")
        for n in new:
            if not any(k in taken for k in range(n.start, n.end)):
                taken.update(range(n.start, n.end))
                found.append(n)
                work.append(n)
    return found


def choose(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: gazetteer first, then by rule priority, then longer."""
    ordered = sorted(candidates, key=lambda c: (c.priority, c.start - c.end, c.start))
    taken: set[int] = set()
    chosen: list[Candidate] = []
    for cand in ordered:
        if any(i in taken for i in range(cand.start, cand.end)):
            continue
        taken.update(range(cand.start, cand.end))
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def role_before(doc: Doc, start: int) -> tuple[str | None, int]:
    """The role the words before a name give it, and where that role phrase starts."""
    i = start - 1
    breaks = line_breaks(doc)
    if i < 0 or i in breaks:
        return None, start
    if not doc[i].is_punct and role_base(doc[i].text):
        return role_title(_with_adjective(doc, i)), _adjective_start(doc, i)
    # A role with its unit: "Leder af HR", "leder for Digitalisering og Teknologi".
    j = i
    while (
        j >= 0
        and start - j <= 6
        and j not in breaks
        and (
            doc[j].is_title or doc[j].is_upper or doc[j].lower_ == "og" or doc[j].text.endswith("-")
        )
    ):
        j -= 1
    if j < i and j >= 1 and doc[j].lower_ in ROLE_PREPOSITIONS and role_base(doc[j - 1].text):
        complement = doc[j:start].text
        return role_title(_with_adjective(doc, j - 1), complement), _adjective_start(doc, j - 1)
    return None, start


def _with_adjective(doc: Doc, i: int) -> str:
    if i > 0 and doc[i - 1].is_lower and doc[i - 1].text.endswith(_ADJECTIVE_ENDINGS):
        return doc[i - 1].text + " " + doc[i].text
    return doc[i].text


def _adjective_start(doc: Doc, i: int) -> int:
    if i > 0 and doc[i - 1].is_lower and doc[i - 1].text.endswith(_ADJECTIVE_ENDINGS):
        return i - 1
    return i


def role_after(doc: Doc, end: int) -> str | None:
    """A role printed after a name: ``Gert Bjerregaard (V), byrådsmedlem``."""
    i = end
    n = len(doc)
    if end - 1 in line_breaks(doc):
        return None
    if i + 2 < n and doc[i].text == "(" and doc[i + 2].text == ")":
        inner = doc[i + 1].text
        if role_base(inner):
            return role_title(inner)
        if doc[i + 1].is_upper:
            i += 3
    if i + 1 < n and doc[i].text == "," and doc[i + 1].is_lower and role_base(doc[i + 1].text):
        return role_title(doc[i + 1].text)
    return None


def complement_after(doc: Doc, i: int) -> tuple[int, str]:
    """The unit after an office role: ``rådmanden for Børn og Unge``."""
    n = len(doc)
    if i < n and doc[i].lower_ == "for":
        j = i + 1
        while j < n and (
            doc[j].is_title or (doc[j].lower_ == "og" and j + 1 < n and doc[j + 1].is_title)
        ):
            j += 1
        if j > i + 1:
            return j, doc[i:j].text
    return i, ""


def mention_kind(doc: Doc, start: int, end: int, phrases: dict[int, int]) -> str:
    """The mention kind, from a verb after the phrase (over lists) or just before it."""
    n = len(doc)
    breaks = line_breaks(doc)
    j, steps = end, 0
    while j < n and steps < 16 and j - 1 not in breaks:
        steps += 1
        if j in phrases:
            j = phrases[j]
            continue
        low = doc[j].lower_
        if low in PRESENT_VERBS:
            return "presenter"
        if low in GUEST_VERBS:
            return "absent" if j + 1 < n and doc[j + 1].lower_ == "ikke" else "guest"
        if low in LINK_WORDS or _plural_role(low):
            j += 1
            continue
        break
    # Inverted order ("orienterede IT-arkitekt Tina Wrøbel om"), "v/ Morten V", and
    # "Fraværende: A, B" -- also for later names of a list.
    ends = {e: s for s, e in phrases.items()}
    i = start - 1
    while i >= 0 and i not in breaks:
        low = doc[i].lower_
        if (
            low in PRESENT_VERBS
            or low == "v/"
            or (low == "/" and i > 0 and doc[i - 1].lower_ == "v")
        ):
            return "presenter"
        if low in GUEST_VERBS:
            return "guest"
        if low == ":" and i > 0 and doc[i - 1].lower_ in ("fraværende", "afbud"):
            return "absent"
        if i + 1 in ends:  # a name (with its role words) of the same list
            i = ends[i + 1] - 1
            continue
        if low in (",", "og", "samt"):
            i -= 1
            continue
        break
    return "mention"


def _plural_role(low: str) -> bool:
    """``direktørerne``: a group in a list of presenters (``X og direktørerne ...``)."""
    for ending in ("erne", "ene"):
        if low.endswith(ending) and low[: -len(ending)].endswith(ROLE_HEADS):
            return True
    return False


def strip_genitive(doc: Doc, start: int, end: int) -> str:
    """The name without a genitive ``s``: ``Tina Øllgaard Bentzens oplæg``."""
    text = doc[start:end].text
    last = doc[end - 1].text
    following = doc[end] if end < len(doc) else None
    if (
        end - start > 1
        and last.endswith("s")
        and len(last) > 3
        and following is not None
        and following.is_lower
        and following.is_alpha
        and following.lower_ not in STOP_WORDS
        and following.lower_ not in PRESENT_VERBS | GUEST_VERBS
    ):
        return text[:-1]
    return text


__all__ = [
    "OFFICE_FORMS",
    "PRIORITY",
    "Candidate",
    "checked",
    "choose",
    "complement_after",
    "extend_lists",
    "mention_kind",
    "name_after_role",
    "name_before_role",
    "role_after",
    "role_before",
    "role_forms",
    "strip_genitive",
]
