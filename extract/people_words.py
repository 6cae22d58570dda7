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

from functools import lru_cache

# Common first names in Danish minutes (Danish, Nordic and the most frequent names of
# other origins in Danish municipal politics). A name shape needs a known first name
# unless the context (a role word before it, a presenting verb after it) vouches for it.
# Names that are also ordinary capitalised words (Dag, Maj, Ea, Sol, Storm, Ask, Vilde)
# are left out on purpose.
_FIRST_NAMES = """
Aage Abdi Adam Adrian Agnes Ahmad Ahmed Aisha Aksel Albert Alberte Alexander Alexandra Alfred
Ali Alice Allan Alma Amalie Amanda Amina Ana Anders Andrea Andreas Ane Anette Anita Anja Anker
Ann Anna Anne Annelise Annemarie Annemette Anni Annie Annette Anton Ara Arne Arthur Asger Asta
Astrid Axel Ayse Bashir Benedikte Benjamin Benny Bent Berit Berith Bernhard Bettina
Birgit Birgitte Birte Birthe Bjarke Bjarne Bjørn Bo Bodil Brian Brit Britt Britta
Camilla Carina Carl Carlo Caroline Carsten Casper Cecilie Charlotte Christa Christian
Christina Christine Christoffer Christopher Claus Clara Connie Conny Dagmar Dan Daniel David
Dennis Ditte Doris Dorte Dorthe Ebbe Edith Egon Ejner Elin Elisabeth Ella Ellen Ellie Elna
Else Elsebeth Emil Emilie Emma Erik Erling Erna Esben Ester Esther Eva Fatima Filip Finn
Flemming Frank Frederik Freja Frida Gerda Gert Gerth Gitte Grete Grethe Gudrun Gunnar Hanna
Hannah Hanne Harald Hasse Hassan Heidi Helena Helene Helge Helle Henning Henrik Henriette
Hilda Holger Hussein Iben Ida Inge Inger Ingrid Irene Isabella Jacob Jakob Jan Jane Janne
Jannie Jannik Janus Jeanette Jenny Jens Jeppe Jesper Jette Jimmy Johan Johanne Johannes John
Johnny Jon Jonas Jonatan Jonathan Jonna Josefine Judith Julia Julie Julius Jytte Jørgen Jørn
Kaj Kamilla Karen Karin Karina Karl Karla Karsten Kasper Kate Kathrine Katja Katrine Keld
Kenneth Kent Kia Kim Kira Kirsten Kjeld Klara Klaus Knud Kristian Kristina Kristine
Kristoffer Kurt Kåre Lars Lasse Laura Laurits Lauritz Lea Leif Lene Lennart Leo Lilian
Lillian Lina Linda Line Linnea Lis Lisa Lisbeth Lise Lisette Liva Lone Lotte Louise
Lucas Lukas Lykke Lærke Madeleine Mads Magnus Maiken Maja Majbritt Malene Malthe
Marcus Margit Margrethe Maria Marian Mariann Marianne Marie Marina Mark Markus Marlene
Martha Martin Mathias Mathilde Matthias Max Mehmet Merete Mette Mia Michael Michala
Michel Michelle Mie Mikael Mikkel Mille Mogens Mohamed Mohammad Mohammed Molly Mona Monica
Monika Morten Naja Nadia Nanna Nathalie Niels Nikolai Nikolaj Nicolai Nicolaj Nikoline
Nils Nina Noah Ole Oliver Olivia Oluf Omar Orla Oscar Oskar Otto Palle Patrick Patrik Paw
Pelle Per Pernille Peter Petra Philip Phillip Pia Poul Preben Ragnhild Randi
Rasmus Rebekka René Rene Rie Rikke Rita Robert Rolf Ronja Rudi Rune Ruth Sabina Sabrina
Sanne Sara Sarah Sebastian Selma Sidsel Sigrid Sigurd Silas Silje Simon Simone
Siri Sisse Signe Sofia Sofie Solveig Sonja Stefan Steffen Stephan Stephanie Stig Stina
Stine Steen Sten Sune Susan Susanne Svend Sven Søren Tanja Tania Theo Thea Thomas Thorkild
Thorvald Tilde Tim Tina Tine Tobias Tom Tommy Tonny Torben Torsten Tove Trine Troels Tue
Uffe Ulf Ulla Ulrik Ulrikke Ursula Vagn Valdemar Vera Verner Vibeke Vicki Vicky Victor
Victoria Viggo Vilhelm Villads Villy Vivi Vivian Viktor Viktoria Walter Werner Wilhelm
William Willy Winnie Yvonne Zenia Åse
"""
FIRST_NAMES: frozenset[str] = frozenset(_FIRST_NAMES.split())

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
 Digitalisering Teknologi Jobcenter Jobcentret Partnerskab A/S ApS I/S P/S
 """.split()
)


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
    "FIRST_NAMES",
    "GUEST_VERBS",
    "LINK_WORDS",
    "NOT_NAME_WORDS",
    "OFFICE_ROLES",
    "PRESENT_VERBS",
    "ROLES_AFTER_NAMES",
    "ROLE_HEADS",
    "ROLE_PREPOSITIONS",
    "is_definite_role",
    "role_base",
    "role_title",
]
