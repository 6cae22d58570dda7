"""The ``casegraph_orgs`` component: organisations from a gazetteer plus name shapes grown
from anchor words (``Kerteminde Kommune``, ``Region Syddanmark``, ``Roskilde Universitet``,
``Marselisbog Consulting``), into ``doc.spans["cg_orgs"]`` with the canonical name as
``kb_id_``."""

from __future__ import annotations

from spacy.lang.da.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extract.nlp.tokens import name_run_back
from extract.orgs import (
    ORG_FORMS,
    ORG_HEAD_WORDS,
    ORG_TAIL_WORDS,
    canonical_org,
    is_place_before_kommune,
)
from extract.people_words import NOT_NAME_WORDS

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
                first = name_run_back(doc, start, 2)
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


__all__ = ["OrgComponent", "make_orgs"]
