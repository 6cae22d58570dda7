"""Danish text helpers shared by the reader, the linker and the questions.

One home for what every layer needs to compare Danish words and names: the ASCII slug inside
natural keys, name folding, white-space normalising, the Danish month names, and the light
stemmer and content words behind title similarity and word search.

>>> slug("Økonomi og Løn"), fold("Åse Nielsen")
('oekonomi-og-loen', 'ase nielsen')
>>> MONTHS["marts"], MONTHS["sept"]
(3, 9)
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Danish month names and their printed abbreviations (``13. jan. 2021``).
MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
#: The twelve month names written out (``3. februar``), without the abbreviations.
MONTH_NAMES = frozenset(list(MONTHS)[:12])  # the first twelve keys

#: Danish function words left out of content words and word stems.
FUNCTION_WORDS = frozenset(
    "af at de den der det dette disse du en er et for fra har i med og om på samt som til ved vi "
    "være vil kan skal blev bliver efter over under mellem også ikke eller".split()
)

#: A word of lower-cased text (Danish letters and digits).
WORD_RE = re.compile(r"[0-9a-zæøåéü]+")


@functools.lru_cache(maxsize=65536)  # forum, municipality and person names repeat
def slug(text: str) -> str:
    """Lower-case ASCII-folded slug used inside natural keys.

    Danish letters are transliterated, so keys stay readable and stable.

    >>> slug("Strategisk Chefforum")
    'strategisk-chefforum'
    >>> slug("Sundheds- og Forebyggelsesudvalget")
    'sundheds-og-forebyggelsesudvalget'
    >>> slug("Økonomi og Løn")
    'oekonomi-og-loen'
    """
    text = text.lower()
    for src, dst in (("æ", "ae"), ("ø", "oe"), ("å", "aa")):
        text = text.replace(src, dst)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents, for comparing names (``Åse`` ~ ``ase``).

    >>> fold("Åse Nielsen"), fold("Ditte Clément"), fold("Sharajé")
    ('ase nielsen', 'ditte clement', 'sharaje')
    """
    text = text.lower().replace("ø", "o").replace("æ", "ae").replace("å", "a")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def normalise_name(name: str) -> str:
    """A name with its white space collapsed (wrapped names join with one space).

    >>> normalise_name(" Gitte\\nClemmensen ")
    'Gitte Clemmensen'
    """
    return " ".join(name.split())


def content_words(text: str) -> list[str]:
    """Lower-case words of ``text`` without Danish function words.

    >>> content_words("Udmøntning af Budget 2021 - Centralisering af regningsbetaling")
    ['udmøntning', 'budget', '2021', 'centralisering', 'regningsbetaling']
    """
    return [w for w in WORD_RE.findall(text.lower()) if w not in FUNCTION_WORDS]


def title_grams(title: str) -> frozenset[str]:
    """Character 3-grams of a title's content words, each word padded with ``#``.

    >>> sorted(title_grams("Budget"))[:3]
    ['#bu', 'bud', 'dge']
    """
    grams: set[str] = set()
    for word in content_words(title):
        padded = f"#{word}#"
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


_SUFFIXES = ("erne", "ende", "ene", "ens", "ets", "en", "et", "er", "es", "e", "s")


@functools.lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """A light Danish stem: the word without its inflection ending; compounds stay whole.

    >>> [stem(w) for w in ("regningsbetalingen", "regningsbetaling", "kommunerne")]
    ['regningsbetaling', 'regningsbetaling', 'kommun']
    """
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


_CASE_PARTS = re.compile(r"[A-Z]+|\d+")


def canonical_case_number(number: str) -> str:
    """A case (journal) number in one form for matching, whichever way it was printed:
    upper case, its letter and digit groups joined by ``-``, digits without leading zeros.

    ``24-000963``, ``24/963`` and ``24 - 963`` are one number, as are ``S2020-057031`` and
    ``s2020-57031``; the form is for comparing numbers, not for showing them.

    >>> canonical_case_number("24-000963"), canonical_case_number("24/963")
    ('24-963', '24-963')
    >>> canonical_case_number("S2020-057031") == canonical_case_number("s 2020 57031")
    True
    """
    parts = _CASE_PARTS.findall(number.upper())
    return "-".join((p.lstrip("0") or "0") if p.isdigit() else p for p in parts)


__all__ = [
    "FUNCTION_WORDS",
    "MONTHS",
    "MONTH_NAMES",
    "WORD_RE",
    "canonical_case_number",
    "content_words",
    "fold",
    "normalise_name",
    "slug",
    "stem",
    "title_grams",
]
