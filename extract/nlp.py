"""The rule-based Danish spaCy pipeline that finds people, roles and organisations.

No trained Danish model can be installed, so the pipeline is ``spacy.blank("da")``
plus two registered components:

``casegraph_orgs``
    a PhraseMatcher gazetteer of organisations (:mod:`extract.orgs`) and name shapes
    grown from anchor words: ``Kerteminde Kommune``, ``Region Syddanmark``,
    ``Roskilde Universitet``, ``Marselisbog Consulting``. Spans go to
    ``doc.spans["cg_orgs"]`` with the canonical name as ``kb_id_``.
``casegraph_people``
    a PhraseMatcher gazetteer of the people known from attendee, absence and guest
    lists, and Danish name shapes grown from anchor words: a known first name with the
    capitalised words after it (``Charlotte Jakobsen``, ``Morten V``); capitalised
    words after a role word (``Borgerrådgiver Ann Berit Jensen``, ``Leder af HR
    Sharajé Thomassen``), before a verb of presenting or taking part (``Ole Vett
    deltager``) or after ``v/``. Spans go to ``doc.spans["cg_people"]`` (label: the
    mention kind, ``kb_id_``: the canonical or printed name without a genitive ``s``,
    :func:`span_role`: the role the text ties to the person, :func:`span_evidence`: why
    it is a name); office roles without a name (``Kommunaldirektøren``) go to
    ``doc.spans["cg_roles"]``.

Why anchors and not ``Matcher`` patterns: spaCy's Matcher starts every pattern at
every token, so even ORTH/LOWER/IS_TITLE patterns cost about 1.4M words/s here,
while a PhraseMatcher (hashed ORTH or LOWER look-ups) runs at more than 50M words/s.
So every rule is anchored on a PhraseMatcher hit (a first name, a verb, a role word,
``Kommune``) and grows over the neighbouring capitalised tokens in a few lines of
Python. No rule uses a REGEX token pattern.

Even tokenising is too slow for every word of a large ingest, so :func:`analyse_texts`
first finds the few places that can hold a name or an organisation (:func:`windows`:
a C-speed split at white space, a set intersection with the trigger words, a string
search for their offsets) and runs spaCy only on short windows around them, with a
one-expression tokenizer (:class:`FastTokenizer`).

The pipeline is built once per set of known people and cached (:func:`get_nlp`).

>>> [a] = analyse_texts(["Gitte Clemmensen rammesatte punktet."], ["Gitte Clemmensen"])
>>> a.people[0].name, a.people[0].kind, a.people[0].evidence
('Gitte Clemmensen', 'presenter', 'gazetteer')
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.lang.da.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.orgs import (
    ORG_FORMS,
    ORG_HEAD_WORDS,
    ORG_TAIL_WORDS,
    canonical_org,
    is_place_before_kommune,
)
from extract.people_words import (
    AMBIGUOUS_FIRST_NAMES,
    FIRST_NAMES,
    GUEST_VERBS,
    LINK_WORDS,
    NOT_NAME_WORDS,
    OFFICE_ROLES,
    PRESENT_VERBS,
    ROLE_HEADS,
    ROLE_PREPOSITIONS,
    ROLES_AFTER_NAMES,
    role_base,
    role_title,
)

# -- results ------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonHit:
    """A name found in a text: character span, printed text, name, kind and role.

    ``evidence`` says why it is a name: ``gazetteer`` (a known person), ``first-name``
    (a known first name and capitalised words), ``context`` (a role word or verb next
    to capitalised words) or ``first-name-only`` (a known person's first name alone).
    """

    start: int
    end: int
    text: str
    name: str
    kind: str  # guest | presenter | mention | absent
    role: str | None = None
    evidence: str = "gazetteer"


@dataclass(frozen=True)
class RoleHit:
    """An office named without a person (``Kommunaldirektøren orienterede ...``)."""

    start: int
    end: int
    text: str
    role: str
    kind: str


@dataclass(frozen=True)
class OrgHit:
    """An organisation found in a text, with its canonical name."""

    start: int
    end: int
    text: str
    name: str


@dataclass(frozen=True)
class TextAnalysis:
    """Everything the pipeline found in one text."""

    people: tuple[PersonHit, ...] = ()
    roles: tuple[RoleHit, ...] = ()
    organisations: tuple[OrgHit, ...] = ()


# -- token shapes ----------------------------------------------------------------------


def _breaks(doc: Doc) -> frozenset[int]:
    """Tokens followed by a line break (see :class:`FastTokenizer`)."""
    breaks: frozenset[int] = doc.user_data.get("cg_breaks", frozenset())
    return breaks


def _name_run(doc: Doc, i: int, limit: int) -> int:
    """End of the run of name-like tokens from ``i``: capitalised words and initials.

    An initial may carry its full stop (``Morten V. Pedersen``). A line break ends
    the run.
    """
    n = len(doc)
    breaks = _breaks(doc)
    count = 0
    first = i
    while i < n and count < limit and doc[i].is_title and (i == first or i - 1 not in breaks):
        text = doc[i].text
        if len(text) == 1 and i + 2 < n and doc[i + 1].text == "." and doc[i + 2].is_title:
            i += 2
        else:
            i += 1
        count += 1
    return i


def _name_run_back(doc: Doc, end: int, limit: int) -> int:
    """Start of the run of capitalised tokens that ends right before ``end``."""
    breaks = _breaks(doc)
    i = end
    while i > 0 and end - i < limit and doc[i - 1].is_title and (i == end or i - 1 not in breaks):
        i -= 1
    return i


def _has_not_name_word(doc: Doc, start: int, end: int) -> bool:
    """Whether the words are (or are followed by) a place, institution or date word."""
    if any(doc[i].text in NOT_NAME_WORDS for i in range(start, end)):
        return True
    return end < len(doc) and doc[end].text in NOT_NAME_WORDS


# -- the organisations component ------------------------------------------------------

_KOMMUNE = ("Kommune", "Kommunes", "kommune", "kommunes")
# Words that make a shape no organisation (months, forums, ...), its own head words aside.
_NOT_IN_ORG = NOT_NAME_WORDS - ORG_TAIL_WORDS - ORG_HEAD_WORDS - set(_KOMMUNE)


@Language.factory("casegraph_orgs")
def make_orgs(nlp: Language, name: str) -> OrgComponent:
    """Factory of the ``casegraph_orgs`` component."""
    return OrgComponent(nlp)


class OrgComponent:
    """Organisations: gazetteer plus name shapes, into ``doc.spans["cg_orgs"]``."""

    def __init__(self, nlp: Language) -> None:
        self.gazetteer = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_canonical: dict[str, list[str]] = {}
        for form, canonical in ORG_FORMS.items():
            by_canonical.setdefault(canonical, []).append(form)
        for canonical, forms in by_canonical.items():
            self.gazetteer.add(canonical, [nlp.make_doc(f) for f in forms])
        # Anchor words share the matcher (one pass over the doc); "@" keeps their keys
        # apart from organisation names.
        self.gazetteer.add("@KOMMUNE", [nlp.make_doc(w) for w in _KOMMUNE])
        self.gazetteer.add("@HEAD", [nlp.make_doc(w) for w in sorted(ORG_HEAD_WORDS)])
        tails = sorted(ORG_TAIL_WORDS - set(_KOMMUNE))
        self.gazetteer.add("@TAIL", [nlp.make_doc(w) for w in tails])
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for match_id, start, end in self.gazetteer(doc):
            rule = self.strings[match_id]
            if rule[0] != "@":
                spans.append(Span(doc, start, end, label="ORG", kb_id=match_id))
                continue
            if rule == "@KOMMUNE":
                # "Kerteminde Kommune", "Nordfyns kommunes": one place word before.
                if start == 0 or not is_place_before_kommune(doc[start - 1].text):
                    continue
                start -= 1
            elif rule == "@HEAD":  # "Region Syddanmark"
                if end >= len(doc) or not doc[end].is_title:
                    continue
                end += 1
            else:  # "Roskilde Universitet", "Marselisbog Consulting", "Kredsløb A/S"
                first = _name_run_back(doc, start, 2)
                # A leading function word is no part of a name ("Med Marselisbog ...").
                while first < start and doc[first].lower_ in STOP_WORDS:
                    first += 1
                if first == start:
                    continue
                start = first
            if any(doc[i].text in _NOT_IN_ORG for i in range(start, end)):
                continue
            text = doc[start:end].text
            spans.append(Span(doc, start, end, label="ORG", kb_id=canonical_org(text)))
        doc.spans["cg_orgs"] = filter_spans(spans) if len(spans) > 1 else spans
        return doc


# -- the people component ----------------------------------------------------------


def span_role(span: Span) -> str | None:
    """The role the text ties to a ``cg_people`` or ``cg_roles`` span.

    >>> doc = get_nlp()("Borgerrådgiver Ann Berit Jensen deltog.")
    >>> [(s.text, s.label_, span_role(s)) for s in doc.spans["cg_people"]]
    [('Ann Berit Jensen', 'guest', 'Borgerrådgiver')]
    """
    info: dict[tuple[int, int], tuple[str | None, str]] = span.doc.user_data.get("cg_info", {})
    return info.get((span.start, span.end), (None, ""))[0]


def span_evidence(span: Span) -> str:
    """Why a ``cg_people`` span is a name (``gazetteer``, ``first-name`` ...)."""
    info: dict[tuple[int, int], tuple[str | None, str]] = span.doc.user_data.get("cg_info", {})
    return info.get((span.start, span.end), (None, "gazetteer"))[1]


_ADJECTIVE_ENDINGS = ("ig", "lig", "isk")
# Prefixes of compound role words that may stand before a name ("Borgerrådgiver").
_ROLE_PREFIXES = (
    " kommunal borger stabs fag afdelings center projekt team it- hr- økonomi sekretariats"
    " sundheds social skole områdes special chef senior udvalgs gruppe byråds vice næst kontor"
).split(" ")
# Office roles in the definite form: "Kommunaldirektøren", "borgerrådgiveren".
_OFFICE_FORMS = sorted({role + ("n" if role.endswith("e") else "en") for role in OFFICE_ROLES})
# 0 gazetteer, 1 first name + capitalised words, 2 context, 3 first name alone.
_PRIORITY = {"gazetteer": 0, "first-name": 1, "context": 2, "first-name-only": 3}


def _role_forms() -> set[str]:
    """Common role words in the forms that can stand before a name."""
    return {prefix + head for prefix in _ROLE_PREFIXES for head in ROLE_HEADS}


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    evidence: str
    name: str | None = None  # the canonical name, for gazetteer matches

    @property
    def priority(self) -> int:
        return _PRIORITY[self.evidence]


@Language.factory("casegraph_people")
def make_people(nlp: Language, name: str) -> PeopleComponent:
    """Factory of the ``casegraph_people`` component."""
    return PeopleComponent(nlp)


class PeopleComponent:
    """Person names and office roles, into ``doc.spans["cg_people"]`` / ``["cg_roles"]``.

    :meth:`add_known` adds the gazetteer of people known from the documents,
    :meth:`add_role_words` role nouns met in the texts.
    """

    def __init__(self, nlp: Language) -> None:
        self.strings = nlp.vocab.strings
        self.make_doc = nlp.make_doc
        self.gazetteer = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.known_first: set[str] = set()
        self.first_names: set[str] = set(FIRST_NAMES)
        self.role_words: set[str] = _role_forms()
        # Anchors: case matters for first names (matched on the printed form, in the
        # gazetteer's matcher, "@" keeping their keys apart from names), not for verbs
        # and role words (matched on the lower-case form).
        self.gazetteer.add("@FIRST", [nlp.make_doc(w) for w in sorted(self.first_names)])
        self.gazetteer.add("@VSLASH", [nlp.make_doc("v/")])
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lower.add("VERB", [nlp.make_doc(w) for w in sorted(PRESENT_VERBS | GUEST_VERBS)])
        self.lower.add("ROLE", [nlp.make_doc(w) for w in sorted(self.role_words)])
        self.lower.add("OFFICE", [nlp.make_doc(w) for w in _OFFICE_FORMS])

    def add_known(self, names: Iterable[str]) -> None:
        """Add known full names (and their genitive forms) to the gazetteer."""
        new_first: list[str] = []
        for name in names:
            name = " ".join(name.split())
            if not name:
                continue
            forms = [name] if name.endswith("s") else [name, name + "s"]
            self.gazetteer.add(name, [self.make_doc(f) for f in forms])
            first = name.split(" ")[0]
            self.known_first.add(first)
            if first not in self.first_names and first[:1].isupper():
                self.first_names.add(first)
                new_first.append(first)
        if new_first:
            self.gazetteer.add("@FIRST", [self.make_doc(w) for w in new_first])

    def add_role_words(self, words: Iterable[str]) -> None:
        """Add role nouns seen in the texts (``Borgerrådgiver``) to the role anchors."""
        new = {w.lower() for w in words if role_base(w) is not None} - self.role_words
        if new:
            self.role_words |= new
            self.lower.add("ROLE", [self.make_doc(w) for w in sorted(new)])

    # -- the component ------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        in_org = {i for span in doc.spans.get("cg_orgs", []) for i in range(span.start, span.end)}
        candidates: list[_Candidate] = []
        anchors: list[tuple[str, int, int]] = []
        for match_id, start, end in self.gazetteer(doc):
            key = self.strings[match_id]
            if key[0] == "@":
                anchors.append((key[1:], start, end))
            else:
                candidates.append(_Candidate(start, end, "gazetteer", key))
        anchors += [(self.strings[m], start, end) for m, start, end in self.lower(doc)]
        # A known name wins over any shape grown from inside it: do not grow those.
        known = {i for c in candidates for i in range(c.start, c.end)}
        office_starts: list[int] = []
        for rule, start, end in anchors:
            if rule == "OFFICE":
                office_starts.append(start)
                continue
            if start in known or (rule == "VERB" and start - 1 in known):
                continue
            for found in self._grow(doc, rule, start, end):
                if not any(i in in_org for i in range(found.start, found.end)):
                    candidates.append(found)
        chosen = _choose(candidates)
        if chosen:
            chosen = sorted(chosen + _extend_lists(doc, chosen, in_org), key=lambda c: c.start)
        # Where each phrase (a name with its role words, or an office) starts and ends,
        # so that lists such as "A og leder for B C D deltog" can be walked over.
        phrases: dict[int, int] = {}
        people: list[tuple[_Candidate, int, str | None]] = []
        for cand in chosen:
            role, phrase_start = _role_before(doc, cand.start)
            if role is None:
                role = _role_after(doc, cand.end)
            phrases[phrase_start] = cand.end
            phrases.setdefault(cand.start, cand.end)
            people.append((cand, phrase_start, role))
        taken = {i for start, end in phrases.items() for i in range(start, end)}
        offices: list[tuple[int, int, str]] = []
        for start in sorted(office_starts):
            if start in taken or start in in_org:
                continue
            end, complement = _complement_after(doc, start + 1)
            offices.append((start, end, role_title(doc[start].text, complement)))
            phrases[start] = end
        # Role and evidence of each span, by its token offsets (see span_role()).
        info: dict[tuple[int, int], tuple[str | None, str]] = {}
        people_spans: list[Span] = []
        for cand, phrase_start, role in people:
            kind = _kind(doc, phrase_start, cand.end, phrases)
            name = cand.name or _strip_genitive(doc, cand.start, cand.end)
            people_spans.append(Span(doc, cand.start, cand.end, label=kind, kb_id=name))
            info[(cand.start, cand.end)] = (role, cand.evidence)
        role_spans: list[Span] = []
        for start, end, role in offices:
            role_spans.append(Span(doc, start, end, label=_kind(doc, start, end, phrases)))
            info[(start, end)] = (role, "office")
        doc.user_data["cg_info"] = info
        doc.spans["cg_people"] = people_spans
        doc.spans["cg_roles"] = role_spans
        return doc

    def _grow(self, doc: Doc, rule: str, start: int, end: int) -> list[_Candidate]:
        """The names an anchor points at (none, or one; a role word may point both ways)."""
        if rule == "FIRST":
            stop = _name_run(doc, end, 3)
            if stop == end:
                found = self._first_only(doc, start)
                return [found] if found is not None else []
            return _checked(doc, start, stop, "first-name")
        if rule == "VERB":  # "Ole Vett deltager", "X Y orienterede"
            return _checked(doc, _name_run_back(doc, start, 4), start, "context")
        if rule == "VSLASH":  # "v/ Morten V"
            return _checked(doc, end, _name_run(doc, end, 4), "context")
        # A role word: "Borgerrådgiver Ann Berit Jensen", "Leder af HR Sharajé Thomassen",
        # and after a name: "Polly Bak Dutschke, byrådsmedlem (M)", "X Y (ordfører)".
        return _name_after_role(doc, start, end) + _name_before_role(doc, start)

    def _first_only(self, doc: Doc, i: int) -> _Candidate | None:
        """A known person's first name on its own: ``Vicki, Gitte, Ole og Ditte``."""
        text = doc[i].text
        if text not in self.known_first or text in AMBIGUOUS_FIRST_NAMES:
            return None
        # Part of a longer capitalised phrase ("Sankt Hans"): not a name on its own.
        if i > 0 and doc[i - 1].is_title:
            return None
        return _Candidate(i, i + 1, "first-name-only")


def _checked(doc: Doc, start: int, end: int, evidence: str) -> list[_Candidate]:
    """The candidate ``doc[start:end]`` if it can be a name, as a list of zero or one."""
    if end - start < 2 or _has_not_name_word(doc, start, end):
        return []
    if evidence == "context" and any(
        doc[i].lower_ in STOP_WORDS or role_base(doc[i].text) for i in range(start, end)
    ):
        # Only the context vouches for these words: none may be a common word.
        return []
    return [_Candidate(start, end, evidence)]


def _name_after_role(doc: Doc, start: int, end: int) -> list[_Candidate]:
    if end - 1 in _breaks(doc):
        return []
    if end < len(doc) and doc[end].lower_ in ROLE_PREPOSITIONS:
        units = end + 1
        while units < len(doc) and doc[units].is_upper and not doc[units].is_title:
            units += 1
        if units == end + 1:
            return []
        end = units
    return _checked(doc, end, _name_run(doc, end, 4), "context")


def _name_before_role(doc: Doc, start: int) -> list[_Candidate]:
    j = start - 1
    if j < 1 or doc[j].text not in (",", "("):
        return []
    if doc[j].text == "," and j >= 4 and doc[j - 1].text == ")" and doc[j - 3].text == "(":
        j -= 3  # a party letter between: "Gert Bjerregaard (V), byrådsmedlem"
    if j - 1 in _breaks(doc):
        return []
    return _checked(doc, _name_run_back(doc, j, 4), j, "context")


_LIST_WORDS = frozenset({",", "og", "&", "samt"})


def _extend_lists(doc: Doc, chosen: list[_Candidate], in_org: set[int]) -> list[_Candidate]:
    """Name-shaped neighbours in a list of names are names: ``Mette Skautrup og
    Bünyamin Simsek``, ``A, B og C`` -- even when their first name is unknown."""
    taken = {i for c in chosen for i in range(c.start, c.end)} | in_org
    breaks = _breaks(doc)
    work = list(chosen)
    found: list[_Candidate] = []
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
            new = _checked(doc, j + 1, stop, "context")
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
            new += _checked(doc, first, i, "context")
        for n in new:
            if not any(k in taken for k in range(n.start, n.end)):
                taken.update(range(n.start, n.end))
                found.append(n)
                work.append(n)
    return found


def _choose(candidates: list[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates: gazetteer first, then by rule priority, then longer."""
    ordered = sorted(candidates, key=lambda c: (c.priority, c.start - c.end, c.start))
    taken: set[int] = set()
    chosen: list[_Candidate] = []
    for cand in ordered:
        if any(i in taken for i in range(cand.start, cand.end)):
            continue
        taken.update(range(cand.start, cand.end))
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _role_before(doc: Doc, start: int) -> tuple[str | None, int]:
    """The role the words before a name give it, and where that role phrase starts."""
    i = start - 1
    breaks = _breaks(doc)
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


def _role_after(doc: Doc, end: int) -> str | None:
    """A role printed after a name: ``Gert Bjerregaard (V), byrådsmedlem``."""
    i = end
    n = len(doc)
    if end - 1 in _breaks(doc):
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


def _complement_after(doc: Doc, i: int) -> tuple[int, str]:
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


def _kind(doc: Doc, start: int, end: int, phrases: dict[int, int]) -> str:
    """The mention kind, from a verb after the phrase (over lists) or just before it."""
    n = len(doc)
    breaks = _breaks(doc)
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


def _strip_genitive(doc: Doc, start: int, end: int) -> str:
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


# -- building ---------------------------------------------------------------------------


@lru_cache(maxsize=4)
def get_nlp(known_people: frozenset[str] = frozenset(), *, fast: bool = True) -> Language:
    """The pipeline for a set of known people, built once and cached.

    ``fast`` swaps the Danish rule tokenizer for :class:`FastTokenizer`.

    >>> nlp = get_nlp(frozenset({"Åse Nielsen"}))
    >>> nlp.pipe_names
    ['casegraph_orgs', 'casegraph_people']
    >>> get_nlp(frozenset({"Åse Nielsen"})) is nlp
    True
    """
    config = {"nlp": {"tokenizer": {"@tokenizers": "casegraph.fast_tokenizer.v1"}}} if fast else {}
    nlp = spacy.blank("da", config=config)
    nlp.add_pipe("casegraph_orgs")
    people = nlp.add_pipe("casegraph_people")
    assert isinstance(people, PeopleComponent)
    people.add_known(sorted(known_people))
    return nlp


# -- the pre-pass -------------------------------------------------------------------
#
# Where a name, role or organisation may be: the text split at white space (C speed),
# a set intersection with the trigger words and their punctuated forms ("Gitte,"),
# and a Python loop over the few distinct words not judged before. spaCy then runs
# only on short windows around the hits.

# Office roles in the definite form, also as the tail of a compound ("Kommunaldirektøren").
_OFFICE_SUFFIXES = ("direktøren", "rådgiveren", "borgmesteren", "formanden", "rådmanden", "chefen")
_WINDOW = 60  # characters of context kept on each side of a trigger
_PUNCT = ",.:;!?()[]\"'«»“”‘’-–/*"
# Punctuation str.split() leaves on a word: "Gitte,", "KL.", "(ordfører)", "(V),".
_AFFIXES = [("", e) for e in ("", ",", ".", ":", ";", ")", "),")] + [("(", ""), ("(", ")")]


class Triggers:
    """The trigger words of one gazetteer and what the pre-pass learnt about words.

    ``context`` maps a trigger word to the characters (before, after) spaCy needs
    around it: a name needs its role words before and its verb after; an organisation
    only its own words.
    """

    _MAX_SEEN = 2_000_000  # bound on the memory of words judged to be no trigger

    def __init__(self, known_people: frozenset[str]) -> None:
        context: dict[str, tuple[int, int]] = {}

        def add(word: str, before: int, after: int) -> None:
            old = context.get(word, (0, 0))
            context[word] = (max(old[0], before), max(old[1], after))

        for form in ORG_FORMS:
            parts = form.split(" ")
            # The longest word of a long name is the rarest ("Det Radikale Venstre").
            key = max(parts, key=lambda p: (p.lower() not in STOP_WORDS, len(p)))
            offset = form.index(key)
            add(key, offset + 2, len(form) - offset + 2)
        for word in ORG_TAIL_WORDS | ORG_HEAD_WORDS | {"kommunes"}:
            add(word, 30, 30)
        names = FIRST_NAMES | {n.split(" ")[0] for n in known_people}
        for word in names | PRESENT_VERBS | GUEST_VERBS:
            add(word, _WINDOW, _WINDOW)
        for word in ROLES_AFTER_NAMES:
            add(word, _WINDOW, 16)
        self.context = context
        # Printed forms as str.split() leaves them: "Gitte,", "(ordfører)", "KL."
        self.forms: dict[str, str] = {}
        for word in context:
            for before, after in _AFFIXES:
                self.forms.setdefault(before + word + after, word)
        self.form_keys = frozenset(self.forms)
        self.not_triggers: set[str] = set()  # split words judged to be no trigger

    def hits(self, text: str, roles_seen: set[str] | None = None) -> dict[str, tuple[int, int]]:
        """The trigger words in ``text`` and the context each needs."""
        distinct = set(text.split())
        found = {self.forms[w]: self.context[self.forms[w]] for w in distinct & self.form_keys}
        # Words not judged before: punctuation inside ("v/Morten", "KL's,"), capitalised
        # role words that may stand before a name nobody listed ("Borgerrådgiver"),
        # office roles that stand alone ("kommunaldirektøren"). A role in the genitive
        # ("Borgmesterens Afdeling") does neither.
        for raw in distinct.difference(self.form_keys, self.not_triggers):
            word = raw.strip(_PUNCT)
            if "’" in word or "'" in word:  # "KL’s"
                word = word.replace("’", "'").partition("'")[0]
            if word in self.context:
                found[word] = self.context[word]
            elif word.endswith(_OFFICE_SUFFIXES):
                found[word] = (_WINDOW, _WINDOW)
            elif word[:1].isupper() and not word.endswith("s") and role_base(word) is not None:
                found[word] = (_WINDOW, _WINDOW)
                if roles_seen is not None:
                    roles_seen.add(word)
            elif "/" in word:
                for part in word.split("/"):
                    if part in self.context:
                        found[part] = self.context[part]
                if len(self.not_triggers) < self._MAX_SEEN and not any(
                    p in self.context for p in word.split("/")
                ):
                    self.not_triggers.add(raw)
            elif len(self.not_triggers) < self._MAX_SEEN:
                self.not_triggers.add(raw)
        return found


@lru_cache(maxsize=4)
def triggers_for(known_people: frozenset[str]) -> Triggers:
    """The (cached) :class:`Triggers` of a gazetteer."""
    return Triggers(known_people)


def _occurrences(text: str, word: str) -> Iterable[int]:
    """Start offsets of ``word`` as a whole word (or a compound's tail) in ``text``."""
    start = text.find(word)
    size = len(word)
    tail = word.endswith(_OFFICE_SUFFIXES)
    while start >= 0:
        before = text[start - 1] if start else " "
        after = text[start + size] if start + size < len(text) else " "
        if not after.isalnum() and (tail or not (before.isalnum() or before == "-")):
            yield start
        start = text.find(word, start + size)


def windows(
    text: str, triggers: Triggers, roles_seen: set[str] | None = None
) -> list[tuple[int, int]]:
    """Character ranges of ``text`` worth running spaCy on, merged and in order.

    Capitalised role words met on the way are added to ``roles_seen``.

    >>> t = triggers_for(frozenset({"Gitte Clemmensen"}))
    >>> windows("Intet nyt her. Gitte Clemmensen rammesatte punktet.", t)
    [(0, 51)]
    >>> windows("intet at se her", t)
    []
    """
    return _ranges(text, _positions(text, triggers.hits(text, roles_seen)))


def _positions(text: str, hit_words: dict[str, tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Every occurrence of the hit words: (offset, context before, context after)."""
    hits: list[tuple[int, int, int]] = []
    for word, (before, after) in hit_words.items():
        hits.extend((pos, before, after) for pos in _occurrences(text, word))
    if "v/" in text:
        hits.extend((m.start(), 0, _WINDOW) for m in re.finditer(r"\bv/", text))
    hits.sort()
    return hits


def _ranges(text: str, hits: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Merged windows around sorted hits, cut at blank lines and word boundaries."""
    ranges: list[tuple[int, int]] = []
    n = len(text)
    for pos, before, after in hits:
        start = max(0, pos - before)
        para = text.rfind("\n\n", start, pos)
        if para >= 0:
            start = para + 2
        elif start > 0:
            space = text.find(" ", start, pos)
            start = space + 1 if space >= 0 else pos
        end = min(n, pos + after)
        para = text.find("\n\n", pos, end)
        if para >= 0:
            end = para
        elif end < n:
            space = text.rfind(" ", pos + 1, end)
            end = space if space > pos else end
        if ranges and start <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], end))
        else:
            ranges.append((start, end))
    return ranges


def _grouped_windows(
    texts: Sequence[str], triggers: Triggers, roles_seen: set[str]
) -> Iterable[tuple[int, int, int]]:
    """``(text index, start, end)`` of the windows of every text.

    Texts are taken in groups of about a document's size: the trigger words and
    their offsets are found once in the group's concatenation (C-speed splitting and
    searching) and handed to the texts they fall in.
    """
    index = 0
    while index < len(texts):
        stop, length = index, 0
        while stop < len(texts) and length < _GROUP:
            length += len(texts[stop]) + 1
            stop += 1
        group = "\n".join(texts[index:stop])
        hits = _positions(group, triggers.hits(group, roles_seen))
        if hits:
            starts = list(itertools.accumulate((len(t) + 1 for t in texts[index:stop]), initial=0))
            per_text: dict[int, list[tuple[int, int, int]]] = {}
            for pos, before, after in hits:
                k = bisect.bisect_right(starts, pos) - 1
                per_text.setdefault(k, []).append((pos - starts[k], before, after))
            for k, text_hits in per_text.items():
                for start, end in _ranges(texts[index + k], text_hits):
                    yield index + k, start, end
        index = stop


# -- a fast tokenizer ----------------------------------------------------------------
#
# The Danish rule tokenizer (prefix, suffix and infix expressions, exceptions) costs
# more than everything else in this pipeline. Names, roles and organisations need only
# word boundaries, so the pipeline may swap in this one-expression tokenizer: words
# with inner hyphens, apostrophes and dots stay whole ("IT-arkitekt", "A/S",
# "KL's", "Møberg-Torp"), every other non-space character is a token, and the text
# round-trips exactly (extra white space becomes a token, as in spaCy's own).

_TOKEN = re.compile(r"([A-ZÆØÅ]/[A-ZÆØÅ]\b|[^\W_]+(?:[-'.][^\W_]+)*(?:-(?=\s))?|\S)(\s*)")


class FastTokenizer:
    """A regex tokenizer that keeps ``doc.text`` identical to the input."""

    def __init__(self, vocab: Any) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        breaks: list[int] = []
        lead = len(text) - len(text.lstrip())
        if lead:
            words.append(text[:lead])
            spaces.append(False)
        for word, space in _TOKEN.findall(text, lead):
            words.append(word)
            if "\n" in space:
                # A line break ends a phrase: the rules do not walk over it.
                breaks.append(len(words) - 1)
            if space.startswith(" "):
                spaces.append(True)
                space = space[1:]
            else:
                spaces.append(False)
            if space:
                words.append(space)
                spaces.append(False)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if breaks:
            doc.user_data["cg_breaks"] = frozenset(breaks)
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> FastTokenizer:
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> FastTokenizer:
        return self


@spacy.registry.tokenizers("casegraph.fast_tokenizer.v1")
def create_fast_tokenizer() -> Any:
    def make(nlp: Language) -> FastTokenizer:
        return FastTokenizer(nlp.vocab)

    return make


_WRAP_MIN = 50  # a line at least this long, not ending a sentence, was wrapped


def _join_wrapped(text: str, start: int, end: int) -> str:
    """``text[start:end]`` with the line breaks of wrapped lines turned into spaces.

    A PDF wraps long lines anywhere, also inside a name (``koordinator Birgit\nElleby
    Jørgensen``); a short line or one that ends a sentence ends a phrase. The length
    stays the same, so offsets still point into ``text``.
    """
    window = text[start:end]
    if "\n" not in window:
        return window
    chars = list(window)
    pos = window.find("\n")
    while pos >= 0:
        absolute = start + pos
        line_start = text.rfind("\n", 0, absolute) + 1
        line = text[line_start:absolute].rstrip()
        if len(line) >= _WRAP_MIN and line[-1] not in ".!?:;":
            chars[pos] = " "
        pos = window.find("\n", pos + 1)
    return "".join(chars)


def analyse_texts(
    texts: Sequence[str], known_people: Iterable[str] = (), *, batch_size: int = 256
) -> list[TextAnalysis]:
    """Find people, roles and organisations in each of ``texts``.

    Parameters
    ----------
    texts:
        Item texts (sections, decisions); line breaks may wrap names.
    known_people:
        Full names known from attendee, absence and guest lists: the gazetteer.

    Returns
    -------
    One :class:`TextAnalysis` per text, with character offsets into that text.

    >>> [a] = analyse_texts(["Borgerrådgiver Ann Berit Jensen deltog i punktets behandling."])
    >>> a.people[0].name, a.people[0].kind, a.people[0].role
    ('Ann Berit Jensen', 'guest', 'Borgerrådgiver')
    """
    known = frozenset(" ".join(n.split()) for n in known_people if n.strip())
    nlp = get_nlp(known)
    triggers = triggers_for(known)
    roles_seen: set[str] = set()
    # Windows go into chunks of a few thousand characters, one spaCy doc each, joined by
    # a blank line (a hard break no rule walks over): the per-doc cost of spaCy and the
    # components is paid once per chunk, not once per window.
    chunks: list[str] = []
    maps: list[tuple[list[int], list[tuple[int, int]]]] = []  # chunk offsets -> (text, offset)
    parts: list[str] = []
    starts: list[int] = []
    targets: list[tuple[int, int]] = []
    size = 0
    for index, start, end in _grouped_windows(texts, triggers, roles_seen):
        text = texts[index]
        if size and size + end - start > _CHUNK:
            chunks.append("".join(parts))
            maps.append((starts, targets))
            parts, starts, targets, size = [], [], [], 0
        starts.append(size)
        targets.append((index, start))
        parts.append(_join_wrapped(text, start, end))
        parts.append(_SEPARATOR)
        size += end - start + len(_SEPARATOR)
    if parts:
        chunks.append("".join(parts))
        maps.append((starts, targets))
    people_pipe = nlp.get_pipe("casegraph_people")
    assert isinstance(people_pipe, PeopleComponent)
    people_pipe.add_role_words(roles_seen)
    people: list[list[PersonHit]] = [[] for _ in texts]
    roles: list[list[RoleHit]] = [[] for _ in texts]
    orgs: list[list[OrgHit]] = [[] for _ in texts]

    def place(span: Span, chunk_map: tuple[list[int], list[tuple[int, int]]]) -> tuple[int, int]:
        """The text a span is in, and how far that text is from the chunk's offsets."""
        chunk_starts, chunk_targets = chunk_map
        k = bisect.bisect_right(chunk_starts, span.start_char) - 1
        index, start = chunk_targets[k]
        return index, start - chunk_starts[k]

    for doc, chunk_map in zip(nlp.pipe(chunks, batch_size=batch_size), maps, strict=True):
        for span in doc.spans["cg_people"]:
            index, shift = place(span, chunk_map)
            people[index].append(_person_hit(span, shift))
        for span in doc.spans["cg_roles"]:
            index, shift = place(span, chunk_map)
            roles[index].append(
                RoleHit(
                    shift + span.start_char,
                    shift + span.end_char,
                    span.text,
                    span_role(span) or "",
                    span.label_,
                )
            )
        for span in doc.spans["cg_orgs"]:
            index, shift = place(span, chunk_map)
            orgs[index].append(
                OrgHit(shift + span.start_char, shift + span.end_char, span.text, span.kb_id_)
            )
    return [
        TextAnalysis(tuple(p), tuple(r), tuple(o))
        for p, r, o in zip(people, roles, orgs, strict=True)
    ]


def find_organisations(text: str) -> list[str]:
    """Canonical names of the organisations in ``text``, in order of first mention.

    A convenience over :func:`analyse_texts` for one text.

    >>> find_organisations("Roskilde Universitet og RUC, Kerteminde Kommune og Nordfyns Kommune")
    ['Roskilde Universitet', 'Kerteminde Kommune', 'Nordfyns Kommune']
    >>> find_organisations("Strategisk Chefforum og Økonomi og Løn")
    []
    >>> find_organisations("Der er aftalt møde med Marselisbog Consulting og KL.")
    ['Marselisbog Consulting', 'KL']
    """
    seen: dict[str, None] = {}
    for result in analyse_texts([text], known_people=()):
        for org in result.organisations:
            seen.setdefault(org.name, None)
    return list(seen)


_CHUNK = 4000  # characters of windows per spaCy doc
_GROUP = 2000  # characters of texts whose trigger words are found together (measured best)
_SEPARATOR = "\n\n"


def _person_hit(span: Span, offset: int) -> PersonHit:
    return PersonHit(
        start=offset + span.start_char,
        end=offset + span.end_char,
        text=span.text,
        name=" ".join(span.kb_id_.split()),
        kind=span.label_,
        role=span_role(span),
        evidence=span_evidence(span),
    )
