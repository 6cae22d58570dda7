"""The votes a decision records, as data: who voted for, against or abstained, and how many.

Danish minutes print votes in a handful of shapes, all read here:

* counts: ``Med stemmerne 19 for og 1 imod godkendte Byrådet ...``, ``godkendt med 31
  stemmer mod 12``;
* a label and a list: ``For stemte: V, A og C``, ``Imod stemte (Ø).``, ``Imod: Ø``,
  ``Undlod at stemme: Ø og F``;
* a subject and a verb: ``(A) og (C) stemmer imod.``, ``Bjarke Abel (A) stemte imod, da
  ...``, ``Claus Dyremose (C) undlod at tage stilling.``, ``Liselott Blixt: Undlod.``,
  ``(F) og (Ø) kunne ikke tiltræde indstilling 2`` (against).

A forum that takes no position (``Udvalget undlod at tage stilling``) is no vote: the
decision passes the case on (:mod:`extract.outcome`). Voters are kept as printed (names,
party letters with their parentheses); reasons after them (``med bemærkning om ...``,
``da ...``) are left out. A vote printed after a numbered point (``1 a. Ikke godkendt`` /
``For stemte: Ø``) carries that point.

>>> [(v.position, v.voters, v.count, v.point) for v in read_votes(
...     "1 a. Ikke godkendt\\nFor stemte: Ø\\nImod stemte: V, A og C\\n2. Godkendt.")]
[('for', ('Ø',), None, '1a'), ('against', ('V', 'A', 'C'), None, '1a')]
>>> [(v.position, v.count) for v in read_votes("Forslaget blev godkendt med 31 stemmer mod 12.")]
[('for', 31), ('against', 12)]
>>> read_votes("Udvalget undlod at tage stilling.")
()
"""

from __future__ import annotations

import re

from core.records import Vote
from extract.decision_words import SENTENCE_RE

_SIDE = {"for": "for", "imod": "against", "mod": "against"}
_NUM = r"(\d{1,3}|ingen)"
_COUNT_RE = re.compile(
    rf"\bmed\s+(?:stemmerne\s+)?{_NUM}\s+(?:stemmer\s+)?for(?:\s+og\s+{_NUM}\s+imod)?"
    rf"(?:\s+og\s+{_NUM}\s+(?:undlod|hverken))?",
    re.IGNORECASE,
)
_FOR_AGAINST_RE = re.compile(r"\b(\d{1,3})\s+stemmer\s+(?:for\s+)?mod\s+(\d{1,3})\b", re.I)
#: A numbered point before a vote: ``1 a.``, ``2.``, ``Ad 1.``, ``Ad d,``, ``pkt. 3)``, ``b)``.
_POINT_RE = re.compile(
    r"^(?:(?i:ad)\s+(?P<ad>\d{1,2}(?:\s?[a-z])?|[a-z])\s*[.,:]"
    r"|(?:(?i:pkt)\.?\s*|(?i:punkt)\s+)?(?P<number>\d{1,2}(?:\s?[a-z])?)\s*[.)]"
    r"|(?P<letter>[a-z])\))\s*"
)
#: ``For stemte: ...``, ``Imod: Ø``, ``Undlod at stemme: Ø og F``.
_LABEL_RE = re.compile(
    r"^(?P<side>for|imod|undlod|undlader)\b(?:\s+at\s+stemme)?(?:\s+stemte|\s+stemmer)?\s*:?\s*"
    r"(?P<who>\S.*)$",
    re.IGNORECASE,
)
#: Who voted, before the verb: a name with initials (``John T. Olsen``) keeps its dots.
_WHO = r"(?P<who>(?:[^.:;]|(?<=\b[A-ZÆØÅ])\.){1,160}?)"
_SUBJECT_RES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(rf"^{_WHO}\s+(?:stemte|stemmer)\s+(?P<side>for|imod|mod)\b", re.I), None),
    (
        re.compile(
            rf"^{_WHO}(?:\s*:)?\s+undl(?:od|ader)(?:\s+at\s+(?:stemme|tage\s+stilling))?\b",
            re.I,
        ),
        "abstain",
    ),
    (re.compile(rf"^{_WHO}\s+kunne\s+ikke\s+tiltræde\b", re.I), "against"),
)
#: A forum is no voter (``Udvalget undlod at tage stilling``), nor a sentence's first word.
_NOT_VOTER_RE = re.compile(
    r"^(?:udvalget|økonomiudvalget|byrådet|kommunalbestyrelsen|magistraten|[\w-]+udvalget"
    r"|med\s+stemmerne\b.*|(?:men|når|derfor|hvis|da|og|så|at|der|det|som|fordi|hvor|vi|de"
    r"|den|dette)\b.*)$",
    re.IGNORECASE,
)
#: Where the list of voters ends: a remark or a reason follows.
_WHO_END_RE = re.compile(
    r"\s*(?:,\s*)?(?:\bmed\s+(?:bemærkning|følgende|en\s+mindretal|den\s+begrundelse)|\bfordi\b"
    r"|\bda\b|\bidet\b|\bpga\b|\bpå\s+grund\s+af\b|\bfor\s+at\b|\bpkt\b|\bpunkt\b"
    r"|\bindstilling|\bad\s+\w\b|\bi\s+behandlingen\b).*$",
    re.IGNORECASE,
)
_PARENS_RE = re.compile(r"\([^)]*\)")
_LINK_WORDS = frozenset({"og", "samt", "fra", "af", "for", "&"})
_SPLIT_RE = re.compile(r",\s*|\s+og\s+|\s+samt\s+|(?<=\))\s+(?=[A-ZÆØÅ(])")
_STRIP = " .,:;"


def _voters(who: str) -> tuple[str, ...]:
    """``(V), (A) og Liselott Blixt (UP-1) med bemærkning ...`` -> the voters."""
    who = _WHO_END_RE.sub("", who).strip(_STRIP)
    return tuple(p.strip(_STRIP) for p in _SPLIT_RE.split(who) if p.strip(_STRIP))


def _plausible(who: str) -> bool:
    """Whether a subject is a list of members or parties: capitalised words and link words
    (``(C) og Kenneth Jerkel fra (A)``), no figures outside parentheses.

    >>> _plausible("Liselott Blixt (UP1) og (Ø)"), _plausible("Forslaget blev godkendt med 31")
    (True, False)
    """
    words = _PARENS_RE.sub(" ( ) ", who).replace(",", " ").split()
    return bool(words) and all(
        w in ("(", ")") or w in _LINK_WORDS or (w[0].isupper() and not any(c.isdigit() for c in w))
        for w in words
    )


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    return 0 if text.lower() == "ingen" else int(text)


def _counts(sentence: str, point: str | None) -> list[Vote]:
    votes: list[Vote] = []
    for match in _COUNT_RE.finditer(sentence):
        for position, group in (("for", 1), ("against", 2), ("abstain", 3)):
            n = _number(match.group(group))
            if n is not None:
                votes.append(Vote(position, (), n, point))
    for match in _FOR_AGAINST_RE.finditer(sentence):
        votes.append(Vote("for", (), int(match.group(1)), point))
        votes.append(Vote("against", (), int(match.group(2)), point))
    return votes


def _listed(sentence: str, point: str | None) -> Vote | None:
    """The vote of one sentence that names voters, or None."""
    label = _LABEL_RE.match(sentence)
    if label is not None and not sentence.lower().startswith("for at"):
        word = label.group("side").lower()
        position = "abstain" if word.startswith("undl") else _SIDE[word]
        voters = _voters(label.group("who"))
        return Vote(position, voters, None, point) if voters else None
    for pattern, fixed in _SUBJECT_RES:
        match = pattern.match(sentence)
        if match is None:
            continue
        who = match.group("who").strip()
        if _NOT_VOTER_RE.match(who) or not _plausible(_WHO_END_RE.sub("", who)):
            return None
        position = fixed or _SIDE[match.group("side").lower()]
        voters = _voters(match.group("who"))
        return Vote(position, voters, None, point) if voters else None
    return None


def read_votes(text: str | None) -> tuple[Vote, ...]:
    """The votes of a decision text, in the order printed (see the module docstring)."""
    if not text:
        return ()
    low = text.lower()
    if not any(word in low for word in ("stem", "imod", "undl", "tiltræde")):
        return ()
    votes: list[Vote] = []
    point: str | None = None
    for raw in SENTENCE_RE.split(text):
        sentence = (raw or "").strip()
        if not sentence:
            continue
        numbered = _POINT_RE.match(sentence)
        if numbered is not None:
            found = numbered.group("ad") or numbered.group("number") or numbered.group("letter")
            point = found.replace(" ", "").lower()
            sentence = sentence[numbered.end() :]
        votes.extend(_counts(sentence, point))
        vote = _listed(sentence, point)
        if vote is not None:
            votes.append(vote)
    return tuple(dict.fromkeys(votes))  # a vote printed twice ("(F) ... SF stemmer imod") once


__all__ = ["read_votes"]
