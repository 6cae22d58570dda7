"""The outcome of a decision: approved, rejected, postponed, noted, referred or discussed.

A decision text often holds several of these words ("Direktionen drøftede og godkendte
..."), so the outcomes are tried in a fixed order of precedence and the first one whose
words occur wins:

1. ``postponed`` -- udskudt, udsat, udsættes, genoptages: nothing was decided yet.
2. ``rejected`` -- forkastet, afvist, ikke godkendt, ikke vedtaget.
3. ``approved`` -- godkendt, godkendte, vedtaget, tiltrådt, besluttede, "kunne tiltræde".
   Before ``referred``: "Tilbagesendes X med bemærkning, at byrådet ... har vedtaget
   Magistratens indstilling" adopts the recommendation and only returns the case to the
   administration to carry it out.
4. ``referred`` -- fremsendes til, oversendes, tilbagesendes, anbefaler, "sendte sagen til
   realitetsbehandling": the case moves on to another forum without a decision here.
5. ``discussed`` -- drøftede, kvalificerede, forberedte, "med følgende kommentarer".
   Before ``noted``: when an item is both presented and discussed, the discussion is the
   outcome.
6. ``noted`` -- orienterede, "Orientering foretaget", "taget til efterretning",
   præsenterede, redegjorde, gennemgik.
7. ``postponed`` again, as a fallback: the decision only says the matter comes back at a
   later meeting ("Materialet drøftes på kommende møde").
8. Last resort, for a decision of remarks only (points raised, no verb of its own): what
   the item's ``Indstilling`` asked for -- a discussion (``drøfter``) gives ``discussed``,
   "til orientering" gives ``noted``. An approval is never inferred this way.

Sentences about what is *expected* later ("forventes godkendt i april") are ignored, and
"kunne ikke tiltræde" (a group's dissent) is not an approval. An agenda, an empty text, or
a text with none of these words has no outcome (None).

>>> classify_outcome("Godkendt.")
'approved'
>>> classify_outcome("Direktionen drøftede og godkendte forslag til program.")
'approved'
>>> classify_outcome("Punktet blev udskudt til næste direktionsmøde.")
'postponed'
>>> classify_outcome("Kommunaldirektøren orienterede om projektet.")
'noted'
>>> classify_outcome("Orientering foretaget.")
'noted'
>>> classify_outcome("Fremsendes til Teknisk Udvalg til behandling.")
'referred'
>>> classify_outcome("Direktionen kvalificerede opsamlingen.")
'discussed'
>>> classify_outcome("Indstillingen blev ikke godkendt.")
'rejected'
>>> classify_outcome("Direktionen forberedte krisestabens møde.")
'discussed'
>>> classify_outcome("Byrådet sendte sagen til realitetsbehandling i Skoleudvalget.")
'referred'
>>> classify_outcome("Indstillingen godkendt"), classify_outcome("Taget til efterretning")
('approved', 'noted')
>>> classify_outcome("Nytårskuren afvikles virtuelt.") is None
True
>>> classify_outcome("Godkendt.", kind="agenda") is None
True
"""

from __future__ import annotations

from extract import patterns as P


def classify_outcome(
    text: str | None, *, kind: str = "minutes", recommendation: str | None = None
) -> str | None:
    """One of :data:`core.records.OUTCOMES` for a decision text, or None.

    Parameters
    ----------
    text
        The decision text (``None`` or empty for an item without a decision).
    kind
        ``"minutes"`` or ``"agenda"``; an agenda records no outcomes.
    recommendation
        The item's ``Indstilling`` text, used only when the decision has no outcome words.

    Examples
    --------
    >>> classify_outcome("Tilbagesendes Borgmesterens Afdeling med bemærkning, at byrådet "
    ...                  "har vedtaget Magistratens indstilling.")
    'approved'
    >>> classify_outcome("Fremsendes til Aarhus Byråd med bemærkning, at Magistraten "
    ...                  "anbefaler, at byrådet tiltræder indstillingen. "
    ...                  "Alternativet kunne ikke tiltræde indstillingen.")
    'referred'
    >>> classify_outcome("Morten orienterede om processen. Det forventes, at "
    ...                  "tidsplanen godkendes politisk i januar.")
    'noted'
    >>> classify_outcome("Processen blev drøftet og kvalificeret. Mette orienterede.")
    'discussed'
    >>> classify_outcome("Materialet drøftes på kommende møde i Strategisk Chefforum.")
    'postponed'
    >>> classify_outcome("Employerbranding skal videreudvikles.",
    ...                  recommendation="Det indstilles, at Strategisk Chefforum drøfter forslag.")
    'discussed'
    >>> classify_outcome("Employerbranding skal videreudvikles.") is None
    True
    """
    if kind != "minutes" or not text:
        return None
    text = text.lower()
    if P.FUTURE_RE.search(text):
        text = " ".join(
            sentence
            for sentence in P.SENTENCE_SPLIT_RE.split(text)
            if not P.FUTURE_RE.search(sentence)
        )
    seen: set[str] = set()
    for match in P.OUTCOME_RE.finditer(text):
        name = match.lastgroup
        if name is None or name in seen:
            continue
        start = match.start()
        if text[max(0, start - len(P.EARLIER_STEP)) : start] == P.EARLIER_STEP:
            continue  # "som har været drøftet": an earlier step, not this decision
        seen.add(name)
    for name in P.OUTCOME_ORDER:
        if name in seen:
            return name
    if P.DEFERRAL_RE.search(text):
        return "postponed"
    if recommendation:
        wanted = recommendation.lower()
        for name, pattern in P.RECOMMENDATION_RULES:
            if pattern.search(wanted):
                return name
    return None


__all__ = ["classify_outcome"]
