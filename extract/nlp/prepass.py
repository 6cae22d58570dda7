"""The pre-pass: where a name, role or organisation may be.

The text split at white space (C speed), a set intersection with the trigger words and their
punctuated forms ("Gitte,"), and a Python loop over the few distinct words not judged
before. spaCy then runs only on short windows around the hits."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from spacy.lang.da.stop_words import STOP_WORDS

from extract.orgs import ORG_FORMS, ORG_HEAD_WORDS, ORG_TAIL_WORDS
from extract.people_words import (
    FIRST_NAMES,
    GUEST_VERBS,
    PRESENT_VERBS,
    ROLES_AFTER_NAMES,
    role_base,
)

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


def grouped_windows(
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


_GROUP = 2000  # characters of texts whose trigger words are found together (measured best)

__all__ = ["Triggers", "grouped_windows", "triggers_for", "windows"]
