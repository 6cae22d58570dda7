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

One module per part, the spaCy way: :mod:`~extract.nlp.orgs_component` and
:mod:`~extract.nlp.people_component` (with its rules in :mod:`~extract.nlp.people_rules`) are
the registered components, :mod:`~extract.nlp.tokenizer` the registered tokenizer,
:mod:`~extract.nlp.prepass` finds the windows, :mod:`~extract.nlp.pipeline` builds and runs it,
:mod:`~extract.nlp.results` holds what it returns.

>>> from extract.nlp import analyse_texts
>>> [a] = analyse_texts(["Gitte Clemmensen rammesatte punktet."], ["Gitte Clemmensen"])
>>> a.people[0].name, a.people[0].kind, a.people[0].evidence
('Gitte Clemmensen', 'presenter', 'gazetteer')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from extract.nlp.results import OrgHit, PersonHit, RoleHit, TextAnalysis

if TYPE_CHECKING:
    from extract.nlp.pipeline import analyse_segments, analyse_texts, find_organisations, get_nlp
    from extract.nlp.prepass import Triggers, triggers_for, windows

#: What is read from the modules that import spaCy, on first use: importing spaCy costs
#: about a second of processor time, and a derivation whose documents were all analysed
#: before (:func:`extract.people.annotate_people` with a cache) needs none of it.
_LAZY = {
    "analyse_segments": "extract.nlp.pipeline",
    "analyse_texts": "extract.nlp.pipeline",
    "find_organisations": "extract.nlp.pipeline",
    "get_nlp": "extract.nlp.pipeline",
    "Triggers": "extract.nlp.prepass",
    "triggers_for": "extract.nlp.prepass",
    "windows": "extract.nlp.prepass",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "OrgHit",
    "PersonHit",
    "RoleHit",
    "TextAnalysis",
    "Triggers",
    "analyse_segments",
    "analyse_texts",
    "find_organisations",
    "get_nlp",
    "triggers_for",
    "windows",
]
