"""What the people pipeline found in each document, kept between derivations of a partition.

:func:`extract.people.annotate_people` runs the spaCy pipeline (:mod:`extract.nlp`) over
every text of a partition's documents: half of its time, and the import of spaCy. What it
finds in a document depends on the document's texts, the people known from the lists of
every document (the gazetteer) and the role words seen in any text of the partition, and
on nothing else (:func:`extract.nlp.pipeline.analyse_segments`). When a meeting is added,
a document is analysed again only when one of these can change its analysis: a new
document, one whose texts hold the first word of a name that entered or left the gazetteer
(a name reaches a text only through that word, :func:`name_anchors`), or, when the run's
role words changed, one whose texts hold a role word that came or went. The others'
analyses are the ones a run over all documents would make (:func:`analyse_documents`).
What is done with the analyses (the registry of people, resolving each mention) is done
anew for every document either way.

A document's analyses are keyed by a digest of its texts.

>>> cache = PeopleCache("code")
>>> texts = ["Borgerrådgiver Ann Berit Jensen deltog.", "Intet nyt."]
>>> first = analyse_documents(texts, [1, 2], [], cache)
>>> (cache.analysed, cache.reused), first[0].people[0].name
((2, 0), 'Ann Berit Jensen')
>>> again = analyse_documents([*texts, "Nyt punkt."], [1, 2, 3], [], cache)
>>> (cache.analysed, cache.reused), again[:2] == first
((1, 2), True)
>>> from_plain(to_plain(cache), "code") == cache, from_plain(to_plain(cache), "other").docs
(True, {})
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from extract import nlp
from extract.nlp.results import OrgHit, PersonHit, RoleHit, TextAnalysis

#: Bump when what :func:`to_plain` writes changes.
PEOPLE_CACHE_VERSION = 1


@dataclass
class PeopleCache:
    """The analyses of the last annotation of a partition (see the module's docstring).

    ``context`` names the code the analyses were made by (the caller's digest of it); a
    cache of another context is empty. ``known`` and ``roles`` are the gazetteer and the
    role words they were made with; ``docs`` maps a digest of a document's texts to the
    role words seen in them and the analysis of each. ``analysed`` and ``reused`` count the
    documents the last annotation analysed and took from the cache (saved with it: the
    tests read them to know which way a derivation went).
    """

    context: str = ""
    known: tuple[str, ...] = ()
    roles: frozenset[str] = frozenset()
    docs: dict[bytes, tuple[frozenset[str], list[TextAnalysis]]] = field(default_factory=dict)
    analysed: int = field(default=0, compare=False)
    reused: int = field(default=0, compare=False)


def _spans(ends: list[int]) -> list[tuple[int, int]]:
    return list(zip([0, *ends], ends, strict=False))


def _key(texts: Sequence[str]) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\x00")
    return digest.digest()


def analyse_documents(
    texts: Sequence[str], ends: Sequence[int], known: Sequence[str], cache: PeopleCache | None
) -> list[TextAnalysis]:
    """The analysis of each of ``texts`` (documents one after another, ``ends``: where each
    ends) with the gazetteer ``known``: from ``cache`` for the documents it holds whose
    analysis this gazetteer and this run's role words cannot change (:func:`_reuse`), the
    others made anew. ``cache`` then holds this run's documents."""
    if not ends:
        return []
    bounds = _spans(list(ends))
    keys = [_key(texts[a:b]) for a, b in bounds]
    if cache is not None and cache.docs:
        found = _reuse(texts, bounds, keys, known, cache)
        if found is not None:
            return found
    results, seen = nlp.analyse_segments(texts, known, ends=ends)
    if cache is not None:
        cache.known, cache.roles = tuple(known), frozenset().union(*seen)
        cache.docs = {
            key: (roles, results[a:b])
            for key, roles, (a, b) in zip(keys, seen, bounds, strict=True)
        }
        cache.analysed, cache.reused = len(keys), 0
    return results


_WORD = re.compile(r"[^\W_]+")


def name_anchors(names: Iterable[str]) -> set[str] | None:
    """What a text must hold for a gazetteer entry of ``names`` to change its analysis: the
    first run of letters and digits of each name (None when a name starts otherwise).

    A known name reaches a text's analysis through its first word only: as a trigger of
    the pre-pass (:class:`extract.nlp.prepass.Triggers`: the first word, as printed), as a
    phrase of the gazetteer (:class:`extract.nlp.people_component.PeopleComponent`: its
    tokens, the first of which starts with that run, :mod:`extract.nlp.tokenizer`) and as a
    known first name (the first token). A text without the run meets none of them.

    >>> sorted(name_anchors(["Anne-Marie Holm", "Åse Nielsen", " "]))
    ['Anne', 'Åse']
    >>> name_anchors(["(Ole) Hansen"]) is None
    True
    """
    anchors: set[str] = set()
    for name in names:
        if not name.strip():
            continue  # the pipeline leaves it out
        found = _WORD.match(name.split()[0])
        if found is None:
            return None
        anchors.add(found.group())
    return anchors


def _holding(
    texts: Sequence[str], bounds: list[tuple[int, int]], words: set[str], *, lower: bool = False
) -> set[int]:
    """The documents (by index) with a text holding one of ``words`` (as a substring; with
    ``lower``, of the lower-cased text)."""
    if not words:
        return set()
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words)))
    return {
        i
        for i, (a, b) in enumerate(bounds)
        if any(pattern.search(t.lower() if lower else t) for t in texts[a:b])
    }


def _reuse(
    texts: Sequence[str],
    bounds: list[tuple[int, int]],
    keys: list[bytes],
    known: Sequence[str],
    cache: PeopleCache,
) -> list[TextAnalysis] | None:
    """The analyses with those of ``cache`` reused where they are the ones a full run makes;
    None when that cannot be told (a changed gazetteer entry that does not start with a
    letter or digit).

    Analysed again: the documents the cache does not hold; those with a text holding the
    first word of a name that entered or left the gazetteer (:func:`name_anchors`); and,
    when the role words of the run changed (a role noun such as ``Borgerrådgiver`` seen in
    a new text, or no longer in any), those with a text holding one of them in any case
    (the pipeline's role anchors match the lower-cased form). A document's own role words
    depend on its texts and its trigger words alone, so the run's role words are known
    before the second group is chosen."""
    anchors = name_anchors(set(cache.known).symmetric_difference(known))
    if anchors is None:
        return None
    stale = {i for i, key in enumerate(keys) if key not in cache.docs}
    stale |= _holding(texts, bounds, anchors)
    kept: frozenset[str] = frozenset().union(
        *(cache.docs[k][0] for i, k in enumerate(keys) if i not in stale)
    )
    fresh = _analyse(texts, bounds, sorted(stale), known, kept)
    roles = kept.union(*(seen for seen, _ in fresh.values()))
    moved = {w.lower() for w in roles.symmetric_difference(cache.roles)}
    if moved:
        again = _holding(texts, bounds, moved, lower=True) - stale
        more = _analyse(texts, bounds, sorted(again), known, roles)
        if any(more[i][0] != cache.docs[keys[i]][0] for i in more):
            return None  # not expected (its role words depend on its texts alone): to be sure
        fresh.update(more)
    docs = {key: fresh[i] if i in fresh else cache.docs[key] for i, key in enumerate(keys)}
    cache.known, cache.roles, cache.docs = tuple(known), roles, docs
    cache.analysed, cache.reused = len(fresh), len(keys) - len(fresh)
    return [analysis for key in keys for analysis in docs[key][1]]


def _analyse(
    texts: Sequence[str],
    bounds: list[tuple[int, int]],
    which: list[int],
    known: Sequence[str],
    role_words: frozenset[str],
) -> dict[int, tuple[frozenset[str], list[TextAnalysis]]]:
    """The role words seen and the analyses of the documents ``which``, made with the run's
    ``role_words`` besides their own."""
    if not which:
        return {}
    some: list[str] = []
    some_ends: list[int] = []
    for i in which:
        a, b = bounds[i]
        some.extend(texts[a:b])
        some_ends.append(len(some))
    found, seen = nlp.analyse_segments(some, known, ends=some_ends, role_words=role_words)
    return {
        i: (roles, found[a:b])
        for i, roles, (a, b) in zip(which, seen, _spans(some_ends), strict=True)
    }


# -- as plain data (marshal) -----------------------------------------------------------


def to_plain(cache: PeopleCache) -> tuple[Any, ...]:
    """``cache`` as lists, tuples and strings (what ``marshal`` writes)."""
    docs = {
        key: (
            sorted(roles),
            [
                (
                    [
                        (h.start, h.end, h.text, h.name, h.kind, h.role, h.evidence)
                        for h in a.people
                    ],
                    [(h.start, h.end, h.text, h.role, h.kind) for h in a.roles],
                    [(h.start, h.end, h.text, h.name) for h in a.organisations],
                )
                for a in analyses
            ],
        )
        for key, (roles, analyses) in cache.docs.items()
    }
    counts = (cache.analysed, cache.reused)
    return (
        PEOPLE_CACHE_VERSION,
        cache.context,
        list(cache.known),
        sorted(cache.roles),
        docs,
        counts,
    )


def from_plain(data: Any, context: str) -> PeopleCache:
    """The cache of :func:`to_plain`'s ``data``; empty when it was made by other code
    (``context``) or is not such data."""
    try:
        version, made_by, known, roles, docs, (analysed, reused) = data
        if version != PEOPLE_CACHE_VERSION or made_by != context:
            return PeopleCache(context)
        cache = PeopleCache(
            context,
            tuple(known),
            frozenset(roles),
            {
                key: (
                    frozenset(seen),
                    [
                        TextAnalysis(
                            tuple(PersonHit(*h) for h in people),
                            tuple(RoleHit(*h) for h in role_hits),
                            tuple(OrgHit(*h) for h in orgs),
                        )
                        for people, role_hits, orgs in analyses
                    ],
                )
                for key, (seen, analyses) in docs.items()
            },
        )
        cache.analysed, cache.reused = analysed, reused
        return cache
    except (TypeError, ValueError):
        return PeopleCache(context)


__all__ = ["PEOPLE_CACHE_VERSION", "PeopleCache", "analyse_documents", "from_plain", "to_plain"]
