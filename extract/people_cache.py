"""What the people pipeline found in each document, kept between derivations of a partition.

:func:`extract.people.annotate_people` runs the spaCy pipeline (:mod:`extract.nlp`) over
every text of a partition's documents: half of its time, and the import of spaCy. What it
finds in a document depends on the document's texts, the people known from the lists of
every document (the gazetteer) and the role words seen in any text of the partition, and
on nothing else (:func:`extract.nlp.pipeline.analyse_segments`). So when a meeting is added
and these two stay the same (its lists name no one new, its texts no new role word), the
analyses of the other documents are the ones a run over all of them would make: only the
new document is analysed (:func:`analyse_documents`). Otherwise every document is analysed
again. What is done with the analyses (the registry of people, resolving each mention) is
done anew for every document either way.

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
from collections.abc import Sequence
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
    ends) with the gazetteer ``known``: from ``cache`` for the documents it holds when the
    gazetteer and the role words are those of its analyses, else made anew. ``cache`` then
    holds this run's documents."""
    if not ends:
        return []
    bounds = _spans(list(ends))
    keys = [_key(texts[a:b]) for a, b in bounds]
    if cache is not None and cache.known == tuple(known) and cache.docs:
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


def _reuse(
    texts: Sequence[str],
    bounds: list[tuple[int, int]],
    keys: list[bytes],
    known: Sequence[str],
    cache: PeopleCache,
) -> list[TextAnalysis] | None:
    """The analyses with the cached documents' taken from ``cache``, or None when the role
    words of this run are not those of the cached analyses."""
    missing = [i for i, key in enumerate(keys) if key not in cache.docs]
    kept: frozenset[str] = frozenset().union(*(cache.docs[k][0] for k in keys if k in cache.docs))
    new_texts: list[str] = []
    new_ends: list[int] = []
    for i in missing:
        a, b = bounds[i]
        new_texts.extend(texts[a:b])
        new_ends.append(len(new_texts))
    found: list[TextAnalysis] = []
    seen: list[frozenset[str]] = []
    if missing:  # the role words of the kept documents are in the pipeline, as in a full run
        found, seen = nlp.analyse_segments(new_texts, known, ends=new_ends, role_words=kept)
    if kept.union(*seen) != cache.roles:
        return None
    fresh = {
        i: (roles, found[a:b])
        for i, roles, (a, b) in zip(missing, seen, _spans(new_ends), strict=True)
    }
    docs = {key: fresh[i] if i in fresh else cache.docs[key] for i, key in enumerate(keys)}
    cache.docs = docs
    cache.analysed, cache.reused = len(missing), len(keys) - len(missing)
    return [analysis for key in keys for analysis in docs[key][1]]


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
