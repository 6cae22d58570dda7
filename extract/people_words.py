"""Danish words the people pipeline needs: first names, role nouns, verbs, stop words.

Kept in one module, apart from the spaCy code, so that the word lists can be read
and extended without touching the matching logic.

>>> role_base("Kommunaldirektøren")
'kommunaldirektør'
>>> role_base("IT-arkitekt")
'it-arkitekt'
>>> role_base("direktørerne") is None  # plural: a group, not one person
True
>>> role_title("leder", "af HR")
'Leder af HR'
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from extract.orgs import ORG_FORMS

# First names shipped as data (extract/data/first_names.txt; its header says what counts).


def _first_names() -> frozenset[str]:
    text = (files("extract") / "data" / "first_names.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


FIRST_NAMES: frozenset[str] = _first_names()

# First names that are also common Danish words ("Hans" = his, "Per" = per): never a
# first-name-only mention on their own, only as the start of a longer name.
AMBIGUOUS_FIRST_NAMES: frozenset[str] = frozenset(
    "Hans Per Bo Else Tage Mark Dan Kim Max Tim Tom Lykke Vera Rie Lis Sten Ulf Lea".split()
)

# Head nouns of roles. A token is a role when its lower-cased form, minus a definite or
# genitive ending, ends with one of these (so compounds such as "kommunaldirektør",
# "borgerrådgiver", "IT-arkitekt" and "stabschef" are roles too).
ROLE_HEADS: tuple[str, ...] = (
    "direktør",
    "chef",
    "leder",
    "rådgiver",
    "konsulent",
    "arkitekt",
    "koordinator",
    "sekretær",
    "formand",
    "borgmester",
    "rådmand",
    "medlem",
    "ordfører",
    "jurist",
    "økonom",
    "specialist",
    "controller",
    "analytiker",
    "planlægger",
    "ingeniør",
    "revisor",
    "advokat",
    "inspektør",
    "forstander",
    "fuldmægtig",
    "projektleder",
    "læge",  # overlæge, "Ledende Overlæge" (Greve: "Nicolas Hansen, Ledende Overlæge")
    "sygeplejerske",
)

# Roles that name one office, so that "Kommunaldirektøren" on its own is a mention of
# that office (a Role node). "Direktøren" or "lederen" alone could be anyone.
OFFICE_ROLES: frozenset[str] = frozenset(
    {
        "kommunaldirektør",
        "borgmester",
        "viceborgmester",
        "borgerrådgiver",
        "stabschef",
        "rådmand",
        "formand",
        "næstformand",
    }
)

# Roles printed after a name ("Polly Bak Dutschke, byrådsmedlem (M)", "X Y (ordfører)"):
# the pre-pass looks at these lower-case words too, to find names nobody listed.
ROLES_AFTER_NAMES: frozenset[str] = frozenset(
    {
        "byrådsmedlem",
        "kommunalbestyrelsesmedlem",
        "ordfører",
        "gruppeformand",
        "formand",
        "næstformand",
        "udvalgsformand",
        "rådmand",
        "borgmester",
        "viceborgmester",
    }
)

# Verbs that make the person before them (or right after them, in inverted word order)
# the one who presented or reported on the item.
PRESENT_VERBS: frozenset[str] = frozenset(
    """
 rammesatte rammesætter orienterede orienterer præsenterede præsenterer redegjorde
 redegør gennemgik gennemgår indledte indleder fremlagde fremlægger introducerede
 introducerer uddybede uddyber forelagde motiverede motiverer
 """.split()
)

# Verbs of taking part: "X deltager under punktet", "X deltog i punktets behandling".
GUEST_VERBS: frozenset[str] = frozenset({"deltager", "deltog", "deltage", "deltaget"})

# Words allowed between a name and its verb: lists of names and roles, and adverbs.
LINK_WORDS: frozenset[str] = frozenset({",", "og", "samt", "&", "kort", "også", "endvidere"})

# Prepositions that attach a unit to a role: "Leder af HR", "leder for Digitalisering".
ROLE_PREPOSITIONS: frozenset[str] = frozenset({"af", "for", "i", "ved"})

# Capitalised words that are never part of a person's name: heads of place, institution
# and forum names, months and week days. A name shape holding one is dropped.
NOT_NAME_WORDS: frozenset[str] = frozenset(
    """
 Kommune Kommunes Kommunen Region Regionen Universitet Universitets Skole Skolen Skoles
 Gymnasium Vej Vejen Gade Gaden Allé Alle Plads Pladsen Torv Torvet Park Parken Hus Huset
 Hal Hallen Center Centret Centeret Centrets Kirke Kirken Museum Museet Fond Fonden
 Fondene Fonds Institut Instituttet Hospital Hospitalet Sygehus Sygehuset Lufthavn Havn
 Havnen Stadion Station Bibliotek Biblioteket Consulting Gruppen Gruppe Forum Chefforum
 Lederforum Udvalg Udvalget Udvalgets Byråd Byrådet Byrådets Kommunalbestyrelse
 Kommunalbestyrelsen Direktion Direktionen Direktionens Afdeling Afdelingen Staben Stab
 Sekretariat Sekretariatet Team Teamet Forvaltning Forvaltningen Magistrat Magistraten
 Ministerium Ministeriet Styrelse Styrelsen Rådhus Rådhuset Januar Februar Marts April Maj
 Juni Juli August September Oktober November December Mandag Tirsdag Onsdag Torsdag
 Fredag Lørdag Søndag Budget Punkt Bilag Sagens Beslutning Indstilling Orientering Status
 Covid Corona Office Teams Intranet Plan Planen Strategi Politik Løn Økonomi Sundhed
 Digitalisering Teknologi Jobcenter Jobcentret Partnerskab A/S ApS Aps APS I/S P/S
 Kro Kroen Broen Administrationen Undlod Tryg Trygt
 """.split()
)


#: Endings of capitalised words that name a street, place, building or body, never a person
#: (a genitive ``s`` is taken off first): ``Niels Pedersensvej``, ``Greve Idrætscenter``,
#: ``Sydkystens Karate Klub``, ``Danmarks Naturfredningsforening``, ``Greve Seniorråds``.
NOT_NAME_ENDINGS: tuple[str, ...] = tuple(
    """
 vej vejen gade gaden allé stræde strædet vænge vænget parken kvarter kvarteret havn
 havnen marina plads pladsen torv torvet center centret centeret centrum skole skolen råd
 rådet forening foreningen klub klubben hallen huset bibliotek biblioteket museum museet
 kirke kirken station stationen fjernvarme forsyning selskab selskabet fond fonden fondet
 styrelse styrelsen ministerium ministeriet tilsyn tilsynet politi sekretariat sekretariatet
 teamet enheden afdeling afdelingen udvalg udvalget plejecenter plejehjem plejehjemmet
 børnehus børnehave hospital hospitalet sygehus sygehuset salen kommune kommunen region
 regionen universitet gymnasium partiet bylaug lokalråd landsby bymidte midtby alliance
 alliancen festival awards lejr rådgivning rådgivningen firma firmaet borgerhus kulturhus
 ejendomme service nationalpark samling samlingen base
 """.split()
)

#: Words that make a capitalised phrase a place or area, never a person: ``Greve Nord``,
#: ``Distrikt Syd``, ``Greve Midt Vest``, ``Karlslunde Landsby``.
AREA_WORDS: frozenset[str] = frozenset(
    "Nord Syd Øst Vest Midt Nordvest Nordøst Sydvest Sydøst Centrum Landsby Bymidte Midtby "
    "Distrikt Bydel Område Området".split()
)

#: Capitalised words that start a sentence, never a name (``Det``, ``Den``, ``Hvis``).
_SENTENCE_WORDS = frozenset(
    "Det Den De Der Dette Disse En Et Vi Hvis Når Da Og Til For Med Fra Ved Om På Efter "
    "Under Som Men Samt Hos Her Nu Alle Ingen Intet".split()
)

_NAME_TOKEN = re.compile(r"[A-ZÆØÅÉÜÖ][\w'’-]*\.?|[A-ZÆØÅ]")
_PARTICLES = frozenset({"von", "van", "de", "la"})


@lru_cache(maxsize=65536)
def is_not_name_word(word: str) -> bool:
    """Whether a capitalised word names a place, street, building, body or area.

    >>> [is_not_name_word(w) for w in ("Pedersensvej", "Seniorråds", "Nord", "Pedersen")]
    [True, True, True, False]
    """
    word = word.strip(".,:;'’")
    if word in NOT_NAME_WORDS or word in AREA_WORDS:
        return True
    if word in FIRST_NAMES:
        return False  # "Marina", "Palle": a first name, whatever its ending
    low = word.lower()
    forms = (low, low[:-1]) if low.endswith("s") else (low,)
    return any(form.endswith(NOT_NAME_ENDINGS) for form in forms)


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a first name of the shipped list (each part of a hyphenated one).

    >>> is_first_name("Hans-Jørgen"), is_first_name("Greve")
    (True, False)
    """
    return word in FIRST_NAMES or (
        "-" in word and all(p in FIRST_NAMES or p in AMBIGUOUS_FIRST_NAMES for p in word.split("-"))
    )


def is_person_name(name: str) -> bool:
    """Whether a printed phrase can be a person's full name: two to six capitalised words or
    initials, none a place, street, body or area word, not starting with a sentence word,
    not an organisation.

    >>> is_person_name("John T. Olsen"), is_person_name("Liselott Blixt")
    (True, True)
    >>> [is_person_name(n) for n in ("Greve Kommune", "Det Frivillige Mentorkorps",
    ...                              "Høje Taastrup", "Greve Nord", "Niels Pedersensvej")]
    [False, False, True, False, False]
    """
    words = name.split()
    if not 2 <= len(words) <= 6 or words[0] in _SENTENCE_WORDS:
        return False
    for word in words:
        if word in _PARTICLES:
            continue
        if not _NAME_TOKEN.fullmatch(word) or any(c.isdigit() for c in word):
            return False
        if is_not_name_word(word):
            return False
    return name not in ORG_FORMS


def trim_to_name(name: str) -> str:
    """A name printed right after a department or place, without it: the name starts at its
    first name (``Socialservice Gitte Lind`` -> ``Gitte Lind``).

    >>> trim_to_name("Socialservice Gitte Lind"), trim_to_name("Trafik Maja Bagge Lillelund")
    ('Gitte Lind', 'Maja Bagge Lillelund')
    >>> trim_to_name("Ole Vett")
    'Ole Vett'
    """
    words = name.split()
    if not words or is_first_name(words[0]):
        return name
    for k in range(1, len(words) - 1):
        if is_first_name(words[k]):
            return " ".join(words[k:])
    return name


@lru_cache(maxsize=65536)
def role_base(word: str) -> str | None:
    """The lower-case base form of a role noun, or None when ``word`` is no role.

    Singular forms only: ``direktøren`` and ``direktørens`` are a role,
    ``direktørerne`` (a group) is not.

    >>> role_base("Borgerrådgiver"), role_base("stabschefen"), role_base("Formandens")
    ('borgerrådgiver', 'stabschef', 'formand')
    >>> role_base("Ledelse") is None
    True
    """
    low = word.lower()
    for ending in ("", "en", "ens", "s", "n", "ns"):
        if ending and not low.endswith(ending):
            continue
        base = low[: len(low) - len(ending)] if ending else low
        if base.endswith(ROLE_HEADS):
            return base
    return None


def is_definite_role(word: str) -> bool:
    """Whether ``word`` is a role in the definite singular (``Kommunaldirektøren``).

    >>> is_definite_role("Kommunaldirektøren"), is_definite_role("Borgerrådgiver")
    (True, False)
    >>> is_definite_role("Borgmesterens")  # genitive: "Borgmesterens Afdeling"
    False
    """
    base = role_base(word)
    if base is None:
        return False
    rest = word.lower()[len(base) :]
    return rest in ("en", "n")


def role_title(word: str, complement: str = "") -> str:
    """A role as a Role node names it: the base form, capitalised, with its unit.

    >>> role_title("Kommunaldirektøren")
    'Kommunaldirektør'
    >>> role_title("IT-arkitekt")
    'IT-arkitekt'
    """
    base = role_base(word) or word.lower()
    # Keep the printed capitals of the first part ("IT-arkitekt", "HR-chef").
    printed = word[: len(base)]
    text = printed if printed.lower() == base else base
    text = text[0].upper() + text[1:]
    return f"{text} {complement}".strip() if complement else text


__all__ = [
    "AMBIGUOUS_FIRST_NAMES",
    "AREA_WORDS",
    "FIRST_NAMES",
    "GUEST_VERBS",
    "LINK_WORDS",
    "NOT_NAME_ENDINGS",
    "NOT_NAME_WORDS",
    "OFFICE_ROLES",
    "PRESENT_VERBS",
    "ROLES_AFTER_NAMES",
    "ROLE_HEADS",
    "ROLE_PREPOSITIONS",
    "is_definite_role",
    "is_first_name",
    "is_not_name_word",
    "is_person_name",
    "role_base",
    "role_title",
    "trim_to_name",
]
