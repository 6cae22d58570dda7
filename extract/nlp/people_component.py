"""The ``casegraph_people`` component: person names and office roles, into
``doc.spans["cg_people"]`` (label: the mention kind, ``kb_id_``: the canonical or printed name
without a genitive ``s``) and ``doc.spans["cg_roles"]`` (offices named without a person).

Names come from a PhraseMatcher gazetteer of the people known from attendee, absence and
guest lists, and from Danish name shapes grown from anchor words: a known first name with
the capitalised words after it (``Charlotte Jakobsen``, ``Morten V``); capitalised words
after a role word (``Borgerrådgiver Ann Berit Jensen``), before a verb of presenting or
taking part (``Ole Vett deltager``) or after ``v/``. The rules are in
:mod:`extract.nlp.people_rules`."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from extract.nlp.people_rules import (
    OFFICE_FORMS,
    Candidate,
    checked,
    choose,
    complement_after,
    extend_lists,
    mention_kind,
    name_after_role,
    name_before_role,
    role_after,
    role_before,
    role_forms,
    strip_genitive,
)
from extract.nlp.tokens import name_run, name_run_back
from extract.people_words import (
    AMBIGUOUS_FIRST_NAMES,
    FIRST_NAMES,
    GUEST_VERBS,
    PRESENT_VERBS,
    is_person_name,
    role_base,
    role_title,
)


def span_role(span: Span) -> str | None:
    """The role the text ties to a ``cg_people`` or ``cg_roles`` span.

    >>> from extract.nlp import get_nlp
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


@Language.factory("casegraph_people")
def make_people(nlp: Language, name: str) -> PeopleComponent:
    """Factory of the ``casegraph_people`` component."""
    return PeopleComponent(nlp)


class PeopleComponent:
    """Person names and office roles, into ``doc.spans["cg_people"]`` / ``["cg_roles"]``.

    :meth:`add_known` adds the gazetteer of people known from the documents,
    :meth:`set_role_words` role nouns met in the texts.
    """

    def __init__(self, nlp: Language) -> None:
        self.strings = nlp.vocab.strings
        self.make_doc = nlp.make_doc
        self.gazetteer = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.known_first: set[str] = set()
        self.first_names: set[str] = set(FIRST_NAMES)
        self.role_words: set[str] = role_forms()
        # Anchors: case matters for first names (matched on the printed form, in the
        # gazetteer's matcher, "@" keeping their keys apart from names), not for verbs
        # and role words (matched on the lower-case form).
        self.gazetteer.add("@FIRST", [nlp.make_doc(w) for w in sorted(self.first_names)])
        self.gazetteer.add("@VSLASH", [nlp.make_doc("v/")])
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lower.add("VERB", [nlp.make_doc(w) for w in sorted(PRESENT_VERBS | GUEST_VERBS)])
        self.lower.add("ROLE", [nlp.make_doc(w) for w in sorted(self.role_words)])
        self.lower.add("OFFICE", [nlp.make_doc(w) for w in OFFICE_FORMS])

    def add_known(self, names: Iterable[str]) -> None:
        """Add known full names (and their genitive forms) to the gazetteer; a phrase that
        cannot be a person's name (``Greve Kommune`` in a guest list) is left out, so that
        its first word never becomes a first name."""
        new_first: list[str] = []
        for name in names:
            name = " ".join(name.split())
            if not name or not is_person_name(name):
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

    def set_role_words(self, words: Iterable[str]) -> None:
        """Make the role anchors the common role words and the role nouns ``words`` seen in
        the texts (``Borgerrådgiver``), and no others: what the pipeline finds in a text
        depends on the texts of this run, never on what an earlier run of the same
        (cached) pipeline saw."""
        wanted = role_forms() | {w.lower() for w in words if role_base(w) is not None}
        if wanted != self.role_words:
            self.role_words = wanted
            self.lower.remove("ROLE")
            self.lower.add("ROLE", [self.make_doc(w) for w in sorted(wanted)])

    # -- the component ------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        in_org = {i for span in doc.spans.get("cg_orgs", []) for i in range(span.start, span.end)}
        candidates: list[Candidate] = []
        anchors: list[tuple[str, int, int]] = []
        for match_id, start, end in self.gazetteer(doc):
            key = self.strings[match_id]
            if key[0] == "@":
                anchors.append((key[1:], start, end))
            else:
                candidates.append(Candidate(start, end, "gazetteer", key))
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
        chosen = choose(candidates)
        if chosen:
            chosen = sorted(chosen + extend_lists(doc, chosen, in_org), key=lambda c: c.start)
        # Where each phrase (a name with its role words, or an office) starts and ends,
        # so that lists such as "A og leder for B C D deltog" can be walked over.
        phrases: dict[int, int] = {}
        people: list[tuple[Candidate, int, str | None]] = []
        for cand in chosen:
            role, phrase_start = role_before(doc, cand.start)
            if role is None:
                role = role_after(doc, cand.end)
            phrases[phrase_start] = cand.end
            phrases.setdefault(cand.start, cand.end)
            people.append((cand, phrase_start, role))
        taken = {i for start, end in phrases.items() for i in range(start, end)}
        offices: list[tuple[int, int, str]] = []
        for start in sorted(office_starts):
            if start in taken or start in in_org:
                continue
            end, complement = complement_after(doc, start + 1)
            offices.append((start, end, role_title(doc[start].text, complement)))
            phrases[start] = end
        # Role and evidence of each span, by its token offsets (see span_role()).
        info: dict[tuple[int, int], tuple[str | None, str]] = {}
        people_spans: list[Span] = []
        for cand, phrase_start, role in people:
            kind = mention_kind(doc, phrase_start, cand.end, phrases)
            name = cand.name or strip_genitive(doc, cand.start, cand.end)
            people_spans.append(Span(doc, cand.start, cand.end, label=kind, kb_id=name))
            info[(cand.start, cand.end)] = (role, cand.evidence)
        role_spans: list[Span] = []
        for start, end, role in offices:
            role_spans.append(Span(doc, start, end, label=mention_kind(doc, start, end, phrases)))
            info[(start, end)] = (role, "office")
        doc.user_data["cg_info"] = info
        doc.spans["cg_people"] = people_spans
        doc.spans["cg_roles"] = role_spans
        return doc

    def _grow(self, doc: Doc, rule: str, start: int, end: int) -> list[Candidate]:
        """The names an anchor points at (none, or one; a role word may point both ways)."""
        if rule == "FIRST":
            stop = name_run(doc, end, 3)
            if stop == end:
                found = self._first_only(doc, start)
                return [found] if found is not None else []
            return checked(doc, start, stop, "first-name")
        if rule == "VERB":  # "Ole Vett deltager", "X Y orienterede"
            return checked(doc, name_run_back(doc, start, 4), start, "context")
        if rule == "VSLASH":  # "v/ Morten V"
            return checked(doc, end, name_run(doc, end, 4), "context")
        # A role word: "Borgerrådgiver Ann Berit Jensen", "Leder af HR Sharajé Thomassen",
        # and after a name: "Polly Bak Dutschke, byrådsmedlem (M)", "X Y (ordfører)".
        return name_after_role(doc, start, end) + name_before_role(doc, start)

    def _first_only(self, doc: Doc, i: int) -> Candidate | None:
        """A known person's first name on its own: ``Vicki, Gitte, Ole og Ditte``."""
        text = doc[i].text
        if text not in self.known_first or text in AMBIGUOUS_FIRST_NAMES:
            return None
        # Part of a longer capitalised phrase ("Sankt Hans"): not a name on its own.
        if i > 0 and doc[i - 1].is_title:
            return None
        return Candidate(i, i + 1, "first-name-only")


__all__ = ["PeopleComponent", "make_people", "span_evidence", "span_role"]
