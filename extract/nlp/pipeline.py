"""Building the pipeline and running it over many texts."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Span

from extract.nlp import orgs_component as _orgs  # noqa: F401  (registers casegraph_orgs)
from extract.nlp import tokenizer as _tokenizer  # noqa: F401  (registers the tokenizer)
from extract.nlp.people_component import PeopleComponent, span_evidence, span_role
from extract.nlp.prepass import Triggers, grouped_windows, triggers_for
from extract.nlp.results import OrgHit, PersonHit, RoleHit, TextAnalysis


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


#: Where each window of a chunk starts in the chunk, and (text index, offset in that text).
_ChunkMap = tuple[list[int], list[tuple[int, int]]]


def _chunks(
    texts: Sequence[str], triggers: Triggers, ends: Sequence[int], roles_seen: list[set[str]]
) -> tuple[list[str], list[_ChunkMap]]:
    """The windows of every text in chunks of a few thousand characters, one spaCy doc each,
    joined by a blank line (a hard break no rule walks over): the per-doc cost of spaCy and
    the components is paid once per chunk, not once per window. The windows are found per
    segment of ``texts`` (``ends``: where each segment ends), whose role words seen are
    appended to ``roles_seen``."""
    chunks: list[str] = []
    maps: list[_ChunkMap] = []
    parts: list[str] = []
    starts: list[int] = []
    targets: list[tuple[int, int]] = []
    size = 0
    for first, end in zip([0, *ends], ends, strict=False):
        seen: set[str] = set()
        roles_seen.append(seen)
        for index, start, stop in grouped_windows(texts[first:end], triggers, seen):
            if size and size + stop - start > _CHUNK:
                chunks.append("".join(parts))
                maps.append((starts, targets))
                parts, starts, targets, size = [], [], [], 0
            starts.append(size)
            targets.append((first + index, start))
            parts.append(_join_wrapped(texts[first + index], start, stop))
            parts.append(_SEPARATOR)
            size += stop - start + len(_SEPARATOR)
    if parts:
        chunks.append("".join(parts))
        maps.append((starts, targets))
    return chunks, maps


def _place(span: Span, chunk_map: _ChunkMap) -> tuple[int, int]:
    """The text a span is in, and how far that text is from the chunk's offsets."""
    chunk_starts, chunk_targets = chunk_map
    k = bisect.bisect_right(chunk_starts, span.start_char) - 1
    index, start = chunk_targets[k]
    return index, start - chunk_starts[k]


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
    return analyse_segments(texts, known_people, batch_size=batch_size)[0]


def analyse_segments(
    texts: Sequence[str],
    known_people: Iterable[str] = (),
    *,
    ends: Sequence[int] = (),
    role_words: Iterable[str] = (),
    batch_size: int = 256,
) -> tuple[list[TextAnalysis], list[frozenset[str]]]:
    """:func:`analyse_texts` of ``texts`` in segments (``ends``: the index where each ends,
    the last one ``len(texts)``; default: one segment), and the role words seen in each.

    The analysis of a segment's texts depends on them, the known people and the role
    words of the run (those seen in any segment, and ``role_words``) alone: a segment's
    windows are found apart from the others'. So a document's analysis made in one run
    is the one another run makes with the same known people and role words (what
    :func:`extract.people.annotate_people` reuses between derivations).

    >>> found, roles = analyse_segments(["Borgerrådgiver Ann Berit Jensen deltog.",
    ...     "Intet nyt."], ends=[1, 2])
    >>> [len(a.people) for a in found], roles
    ([1, 0], [frozenset({'Borgerrådgiver'}), frozenset()])
    """
    known = frozenset(" ".join(n.split()) for n in known_people if n.strip())
    nlp = get_nlp(known)
    seen: list[set[str]] = []
    chunks, maps = _chunks(texts, triggers_for(known), list(ends) or [len(texts)], seen)
    people_pipe = nlp.get_pipe("casegraph_people")
    assert isinstance(people_pipe, PeopleComponent)
    people_pipe.set_role_words(set(role_words).union(*seen))
    people: list[list[PersonHit]] = [[] for _ in texts]
    roles: list[list[RoleHit]] = [[] for _ in texts]
    orgs: list[list[OrgHit]] = [[] for _ in texts]
    for doc, chunk_map in zip(nlp.pipe(chunks, batch_size=batch_size), maps, strict=True):
        for span in doc.spans["cg_people"]:
            index, shift = _place(span, chunk_map)
            people[index].append(_person_hit(span, shift))
        for span in doc.spans["cg_roles"]:
            index, shift = _place(span, chunk_map)
            start, end = shift + span.start_char, shift + span.end_char
            roles[index].append(RoleHit(start, end, span.text, span_role(span) or "", span.label_))
        for span in doc.spans["cg_orgs"]:
            index, shift = _place(span, chunk_map)
            start, end = shift + span.start_char, shift + span.end_char
            orgs[index].append(OrgHit(start, end, span.text, span.kb_id_))
    found = [
        TextAnalysis(tuple(p), tuple(r), tuple(o))
        for p, r, o in zip(people, roles, orgs, strict=True)
    ]
    return found, [frozenset(s) for s in seen]


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


__all__ = ["analyse_segments", "analyse_texts", "find_organisations", "get_nlp"]
