"""What a decision decided: its outcome, the forum it goes on to, and the votes.

The decision's own verb decides, not any verb in it. A decision text is read sentence by
sentence (numbered points are sentences too) and these do not count:

* reasons and remarks (``Godkendt, idet ...``, ``Anbefales med bemærkning om, at ...``),
  except the Aarhus remark that holds the decision (``Tilbagesendes X med bemærkning, at
  byrådet ... har vedtaget ...``);
* votes, a group's dissent, a member's abstention (``(F) stemte imod``, ``(Ø) kunne ikke
  tiltræde``, ``Imod: Ø``) -- the votes are read as data instead (:mod:`extract.votes`);
* attendance lines (``Afbud fra X``), what is expected later (``forventes godkendt``) and
  what another meeting did (``på sidste møde blev ... drøftet``, ``Byrådet godkendte den
  23. april 2025 ...``).

The outcomes found in what is left are ranked (:data:`extract.decision_words.PRECEDENCE`):

1. ``withdrawn`` -- the item itself: ``Sagen udgik``, ``Punktet blev taget af dagsordenen``
   (not ``sag nr. 32 udgår`` in an approved agenda);
2. ``postponed`` -- the item itself: ``Punktet udsat til næste møde``, ``Sagen genoptages på
   det kommende møde``, ``besluttede at genoptage sagen``;
3. ``recommended`` -- the forum recommends the matter to another forum that decides:
   ``Anbefales``, ``Økonomiudvalget anbefaler overfor Byrådet, at ... godkendes``,
   ``Økonomiudvalget indstiller overfor Byrådet``; a decision with any point recommended
   onwards (``1. taget til efterretning. 6. anbefales``);
4. ``approved`` -- ``Godkendt``, ``Byrådet godkendte ...``, ``udpegede``; a decision that
   approves some points and rejects others;
5. ``rejected`` -- ``Ikke godkendt``, ``Kan ikke anbefales``, ``afviste``, ``besluttede ikke
   at sende forslaget til realitetsbehandling``;
6. ``referred`` -- sent to another body or back to the administration without a decision
   here, or passed on without a position: ``Fremsendes til Teknisk Udvalg``, ``Sagen sendes
   tilbage til administrationen``, ``Byrådet sendte sagen til realitetsbehandling i
   Økonomiudvalget``, ``Udvalget undlod at tage stilling``;
7. ``discussed`` -- ``drøftede``, ``kvalificerede``;
8. ``noted`` -- ``taget til efterretning``, ``orienterede``.

Then, only when nothing above was found: ``besluttede``/``beslutter`` alone is an approval
(``Udvalget beslutter at følgende udgår af listen``); a decision that only says the matter
comes back later is postponed (``Materialet drøftes på kommende møde``); a decision of
remarks takes what its ``Indstilling`` asked for (a discussion or an orientation, never an
approval). ``Intet til orientering``, question time, an absence alone, an agenda, an empty
text: no outcome (None).

>>> classify_outcome("Godkendt.")
'approved'
>>> classify_outcome("Økonomiudvalget anbefaler overfor Byrådet, at indstillingen godkendes.")
'recommended'
>>> classify_outcome("Orienteringen blev taget til efterretning. Dahliahuset bliver "
...                  "forsinket og kan risikere at blive udskudt.")
'noted'
>>> classify_outcome("1.-2. Godkendt. 3. Ikke godkendt, idet udvalget ønsker en ny sag.")
'approved'
>>> classify_outcome("Sagen udgik.")
'withdrawn'
>>> classify_outcome("Punktet blev udskudt til næste direktionsmøde.")
'postponed'
>>> classify_outcome("Fremsendes til Teknisk Udvalg til behandling.")
'referred'
>>> classify_outcome("Direktionen drøftede og godkendte forslag til program.")
'approved'
>>> classify_outcome("Kommunaldirektøren orienterede om projektet.")
'noted'
>>> classify_outcome("Intet til orientering.") is None
True
>>> classify_outcome("Godkendt.", kind="agenda") is None
True
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from core.records import AgendaItem, Vote
from extract import decision_words as W
from extract.votes import read_votes


@dataclass(frozen=True)
class DecisionReading:
    """What one decision text decided.

    ``outcome``: one of :data:`core.records.OUTCOMES` or None; ``forwarded_to``: the forum
    or body a recommendation or referral names (None when it names none); ``votes``: the
    votes as printed; ``evidence``: the phrases the outcome came from.
    """

    outcome: str | None = None
    forwarded_to: str | None = None
    votes: tuple[Vote, ...] = ()
    evidence: tuple[str, ...] = ()


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in W.SENTENCE_RE.split(text) if s and s.strip()]


def _counts(sentence: str) -> bool:
    """Whether a (lower-cased) sentence can hold the decision's own verb."""
    if W.FUTURE_RE.search(sentence) or W.OTHER_MEETING_RE.search(sentence):
        return False
    if W.ATTENDANCE_RE.search(sentence):
        return False
    return not (
        W.VOTE_SENTENCE_RE.search(sentence)
        and not W.VOTES_DECIDE_RE.match(sentence)
        and not W.FORUM_ABSTAINS_RE.match(sentence)
    )


def _phrases(sentences: list[str]) -> tuple[list[tuple[str, str]], bool]:
    """The outcome phrases of the sentences that count, and whether one says ``besluttede``."""
    found: list[tuple[str, str]] = []
    decided = False
    opens = True  # the decision's first sentence, or the first of a numbered point
    for sentence in sentences:
        present = W.PRESENT_DECISION_RE.match(sentence) if opens else None
        if present is not None:
            found.append(("approved", present.group()))
        opens = W.POINT_RE.fullmatch(sentence) is not None
        remark = W.REMARK_DECISION_RE.search(sentence)
        if remark is not None:
            verb = remark.group("verb")
            found.append(("recommended" if verb == "anbefaler" else "approved", remark.group()))
        kept = W.ASIDE_RE.sub(" ", sentence)
        for match in W.OUTCOME_RE.finditer(kept):
            start = match.start()
            if match.lastgroup is None or kept[max(0, start - 6) : start] == W.EARLIER_STEP:
                continue
            found.append((match.lastgroup, match.group()))
        decided = decided or W.DECIDED_RE.search(kept) is not None
    return found, decided


def _fallback(text: str, recommendation: str | None) -> str | None:
    if W.DEFERRAL_RE.search(text):
        return "postponed"
    if recommendation:
        wanted = recommendation.lower()
        for name, pattern in W.RECOMMENDATION_RULES:
            if pattern.search(wanted):
                return name
    return None


def _outcome(text: str, recommendation: str | None) -> tuple[str | None, tuple[str, ...]]:
    sentences = [s.lower() for s in _sentences(text)]
    body = [s for s in sentences if _counts(s)]
    every = [s for s in sentences if not W.ATTENDANCE_RE.search(s)]
    if not every or all(W.NOTHING_RE.match(s) for s in every):
        return None, ()
    found, decided = _phrases(body)
    names = {name for name, _ in found}
    for name in W.PRECEDENCE:
        if name in names:
            return name, tuple(p for n, p in found if n == name)
    if decided:
        return "approved", ("besluttede",)
    fallback = _fallback(" ".join(body), recommendation)
    return fallback, (("indstilling",) if fallback else ())


def forwarded_to(outcome: str | None, text: str | None) -> str | None:
    """The forum or body a recommendation or referral names, as printed (``Byråd`` and
    ``byrådet`` as ``Byrådet``).

    >>> forwarded_to("recommended", "Økonomiudvalget anbefaler overfor byrådet, at ...")
    'Byrådet'
    >>> forwarded_to("referred", "Byrådet sendte sagen til realitetsbehandling i Skole-, "
    ...              "Børne- og Ungeudvalget.")
    'Skole-, Børne- og Ungeudvalget'
    >>> forwarded_to("referred", "Sagen sendes tilbage til administrationen.")
    'administrationen'
    >>> forwarded_to("recommended", "Anbefales.") is None
    True
    """
    pattern = W.TARGET_RES.get(outcome or "")
    if pattern is None or not text:
        return None
    for match in pattern.finditer(text):
        target = next((g for g in match.groups() if g), None)
        if target:
            target = " ".join(target.split()).rstrip(" ,")
            return "Byrådet" if target.lower() in ("byrådet", "byråd") else target
    return None


def read_decision(
    text: str | None, *, kind: str = "minutes", recommendation: str | None = None
) -> DecisionReading:
    """Outcome, forum forwarded to, and votes of a decision text.

    Parameters
    ----------
    text
        The decision as printed (line breaks kept where the document has them).
    kind
        ``"minutes"`` or ``"agenda"``; an agenda records no decisions.
    recommendation
        The item's ``Indstilling``, used only when the decision has no outcome verb.

    Examples
    --------
    >>> r = read_decision("Med stemmerne 19 for og 1 imod godkendte Byrådet Økonomiudvalgets "
    ...                   "indstilling.\\nFor stemte (V), (A) og (C).\\nImod stemte (Ø).")
    >>> r.outcome, [(v.position, v.voters, v.count) for v in r.votes]
    ('approved', [('for', (), 19), ('against', (), 1), ('for', ('(V)', '(A)', '(C)'), None), \
('against', ('(Ø)',), None)])
    >>> read_decision("1.-2. Anbefales.\\nClaus Dyremose (C) undlod at tage stilling.").outcome
    'recommended'
    >>> read_decision("Udvalget undlod at tage stilling.").outcome
    'referred'
    >>> read_decision("Employerbranding skal videreudvikles.",
    ...               recommendation="Det indstilles, at Strategisk Chefforum drøfter.").outcome
    'discussed'
    """
    if kind != "minutes" or not text or not text.strip():
        return DecisionReading()
    outcome, evidence = _outcome(text, recommendation)
    return DecisionReading(
        outcome=outcome,
        forwarded_to=forwarded_to(outcome, text),
        votes=read_votes(text),
        evidence=evidence,
    )


def classify_outcome(
    text: str | None, *, kind: str = "minutes", recommendation: str | None = None
) -> str | None:
    """The outcome alone (see :func:`read_decision`).

    >>> classify_outcome("Tilbagesendes Borgmesterens Afdeling med bemærkning, at byrådet i "
    ...                  "sit møde den 27. august 2025 har vedtaget Magistratens indstilling.")
    'approved'
    >>> classify_outcome("Fremsendes til Aarhus Byråd med bemærkning, at Magistraten i mødet "
    ...                  "den 19. august 2025 anbefaler, at byrådet tiltræder indstillingen.")
    'recommended'
    >>> classify_outcome("Materialet drøftes på kommende møde i Strategisk Chefforum.")
    'postponed'
    """
    if kind != "minutes" or not text or not text.strip():
        return None
    return _outcome(text, recommendation)[0]


def decide(
    item: AgendaItem, *, kind: str = "minutes", recommendation: str | None = None
) -> AgendaItem:
    """The item with what its decision decided: ``outcome``, ``forwarded_to``, ``votes``.

    ``recommendation`` is the item's ``Indstilling``; without one, the sentence of the item's
    text that says what the forum is asked to do stands in (:func:`recommendation_in`).

    >>> from core.records import Source
    >>> item = AgendaItem(7, "Fortov", Source("a", "0" * 64, 1, 1),
    ...     decision="1.-2. Anbefales.\\nBjarke Abel (A) stemte imod, da (A) ikke ønsker det.")
    >>> done = decide(item)
    >>> done.outcome, [(v.position, v.voters) for v in done.votes]
    ('recommended', [('against', ('Bjarke Abel (A)',))])
    """
    if kind != "minutes" or not item.decision:
        return dataclasses.replace(item, outcome=None, forwarded_to=None, votes=())
    if recommendation is None:
        recommendation = recommendation_in(item.text)
    reading = read_decision(item.decision, kind=kind, recommendation=recommendation)
    return dataclasses.replace(
        item, outcome=reading.outcome, forwarded_to=reading.forwarded_to, votes=reading.votes
    )


def recommendation_in(text: str) -> str | None:
    """The sentence of an item's text that says what the forum is asked to do, for items
    whose ``Indstilling`` is no section of its own.

    >>> recommendation_in("Resume\\nAdministrationen indstiller, at orienteringen tages til "
    ...                   "efterretning.\\nSagsbeskrivelse")
    'Administrationen indstiller, at orienteringen tages til efterretning'
    """
    match = W.RECOMMENDATION_SENTENCE_RE.search(text)
    return match.group().strip() if match else None


__all__ = [
    "DecisionReading",
    "classify_outcome",
    "decide",
    "forwarded_to",
    "read_decision",
    "recommendation_in",
]
