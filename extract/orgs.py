"""Organisations named in agenda items: a gazetteer plus name shapes, never persons.

An organisation is an outside body the minutes talk about: a national association
(``KL``), a research institute (``VIVE``), a university, a supplier (``Colibo``), a
consultancy (``Marselisbog Consulting``), another municipality (``Kerteminde Kommune``).
The municipality's own departments (``Økonomi og Løn``) and forums (``Direktionen``)
are not organisations.

The spaCy component that finds them lives in :mod:`extract.nlp` (with
:func:`~extract.nlp.find_organisations`, for one text); this module holds the words and
turns a printed form into the organisation's canonical name.

>>> canonical_org("Nordfyns kommunes")
'Nordfyns Kommune'
>>> canonical_org("RUC")
'Roskilde Universitet'
>>> canonical_org("Kombits")
'KOMBIT'
"""

from __future__ import annotations

# Canonical name -> other printed forms. Genitive forms ("KL's", "Colibos") are added
# automatically. Abbreviations of one or two letters are left out unless unambiguous.
ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "KL": ("Kommunernes Landsforening",),
    "VIVE": ("Det Nationale Forsknings- og Analysecenter for Velfærd",),
    "KOMBIT": ("Kombit",),
    "Danske Regioner": (),
    "Roskilde Universitet": ("RUC",),
    "Aarhus Universitet": (),
    "Aalborg Universitet": ("AAU",),
    "Syddansk Universitet": ("SDU",),
    "Københavns Universitet": (),
    "Danmarks Tekniske Universitet": ("DTU",),
    "Copenhagen Business School": ("CBS",),
    "Professionshøjskolen Absalon": (),
    "UCL Erhvervsakademi og Professionshøjskole": ("UCL",),
    "VIA University College": (),
    "Danmarks Statistik": (),
    "Sundhedsstyrelsen": (),
    "Styrelsen for Patientsikkerhed": (),
    "Ankestyrelsen": (),
    "Arbejdstilsynet": (),
    "Datatilsynet": (),
    "Digitaliseringsstyrelsen": (),
    "Erhvervsstyrelsen": (),
    "Social- og Boligstyrelsen": (),
    "Finansministeriet": (),
    "Indenrigs- og Sundhedsministeriet": (),
    "Folketinget": (),
    "Regeringen": (),
    "Rigsrevisionen": (),
    "Kommunernes Revision": (),
    "BDO": (),
    "Deloitte": (),
    "PwC": (),
    "EY": (),
    "KPMG": (),
    "COWI": (),
    "Rambøll": (),
    "Niras": ("NIRAS",),
    "Netcompany": (),
    "KMD": (),
    "Systematic": (),
    "Microsoft": (),
    "Google": (),
    "Colibo": (),
    "Sitecore": (),
    "Fremfærd": (),
    "Resonans": (),
    "Index100": (),
    "Marselisbog Consulting": (),
    "Væksthus for Ledelse": (),
    "Kommunaldirektørforeningen": ("KomDir",),
    "FOA": (),
    "HK": (),
    "Djøf": ("DJØF",),
    "BUPL": (),
    "Danmarks Lærerforening": ("DLF",),
    "Dansk Sygeplejeråd": ("DSR",),
    "3F": (),
    "Fagbevægelsens Hovedorganisation": (),
    "Dansk Industri": ("DI",),
    "Dansk Erhverv": (),
    "Danske Handicaporganisationer": (),
    "Ældre Sagen": (),
    "Røde Kors": (),
    "Kræftens Bekæmpelse": (),
    "Hjerteforeningen": (),
    "TrygFonden": (),
    "Realdania": (),
    "Salling Fondene": (),
    "Novo Nordisk Fonden": (),
    "Horesta": (),
    "Mellemfolkeligt Samvirke": (),
    "Kredsløb": ("Kredsløb A/S",),
    "Socialdemokratiet": (),
    "Venstre": (),
    "Det Konservative Folkeparti": ("Konservative",),
    "Socialistisk Folkeparti": ("SF",),
    "Radikale Venstre": ("Det Radikale Venstre",),
    "Enhedslisten": ("Enhedslisten de Rød-Grønne",),
    "Dansk Folkeparti": (),
    "Liberal Alliance": (),
    "Danmarksdemokraterne": (),
    "Moderaterne": (),
    "Alternativet": (),
    "Nye Borgerlige": (),
}

# Last words that make a capitalised phrase an organisation: "Kerteminde Kommune",
# "Region Syddanmark" (first word), "Marselisbog Consulting", "Kredsløb A/S".
ORG_TAIL_WORDS: frozenset[str] = frozenset(
    {"Kommune", "kommune", "Universitet", "Consulting", "A/S", "ApS", "I/S", "P/S", "Fonden"}
)
ORG_HEAD_WORDS: frozenset[str] = frozenset({"Region"})

# Words before "Kommune" that do not make a municipality ("Nordfyns Kommune" does,
# "Den Kommune" does not).
_NOT_PLACE = frozenset({"Den", "Hver", "Samme", "En", "Anden", "Egen", "Vores", "Jeres"})


def _variants() -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, others in ORGANISATIONS.items():
        for form in (canonical, *others):
            table[form] = canonical
            if form[-1].isupper() or form[-1].isdigit():
                table[form + "'s"] = canonical
                table[form + "s"] = canonical
            elif not form.endswith("s"):
                table[form + "s"] = canonical
    return table


ORG_FORMS: dict[str, str] = _variants()


def canonical_org(text: str) -> str:
    """The canonical name of an organisation printed as ``text``.

    Genitive ``s`` is dropped and ``kommune`` is capitalised; unknown shapes are
    returned with their white space normalised.

    >>> canonical_org("Kerteminde Kommunes")
    'Kerteminde Kommune'
    >>> canonical_org("KL's")
    'KL'
    """
    text = " ".join(text.split())
    if text in ORG_FORMS:
        return ORG_FORMS[text]
    words = text.split(" ")
    last = words[-1]
    if last.lower() in ("kommune", "kommunes"):
        # "Nordfyns Kommune" keeps its "s": the name is itself a genitive of Nordfyn.
        return " ".join([*words[:-1], "Kommune"])
    genitive = last in ("Universitets", "Fondens") or (
        last.endswith("s") and len(words) > 1 and words[-2] == "Region"
    )
    if genitive:
        words[-1] = last[:-1]
    return " ".join(words)


def is_place_before_kommune(word: str) -> bool:
    """Whether a capitalised word before ``Kommune`` names a municipality.

    >>> is_place_before_kommune("Kerteminde"), is_place_before_kommune("Den")
    (True, False)
    """
    return word[:1].isupper() and word not in _NOT_PLACE


__all__ = [
    "ORGANISATIONS",
    "ORG_FORMS",
    "ORG_HEAD_WORDS",
    "ORG_TAIL_WORDS",
    "canonical_org",
    "is_place_before_kommune",
]
