"""Token shapes the components share: line breaks, runs of name-like tokens, words that
are never part of a name."""

from __future__ import annotations

from spacy.tokens import Doc

from extract.people_words import is_not_name_word


def line_breaks(doc: Doc) -> frozenset[int]:
    """Tokens followed by a line break (see :class:`FastTokenizer`)."""
    breaks: frozenset[int] = doc.user_data.get("cg_breaks", frozenset())
    return breaks


def name_run(doc: Doc, i: int, limit: int) -> int:
    """End of the run of name-like tokens from ``i``: capitalised words and initials.

    An initial may carry its full stop (``Morten V. Pedersen``). A line break ends
    the run.
    """
    n = len(doc)
    breaks = line_breaks(doc)
    count = 0
    first = i
    while i < n and count < limit and doc[i].is_title and (i == first or i - 1 not in breaks):
        text = doc[i].text
        if len(text) == 1 and i + 2 < n and doc[i + 1].text == "." and doc[i + 2].is_title:
            i += 2
        else:
            i += 1
        count += 1
    return i


def name_run_back(doc: Doc, end: int, limit: int) -> int:
    """Start of the run of capitalised tokens that ends right before ``end``."""
    breaks = line_breaks(doc)
    i = end
    while i > 0 and end - i < limit and doc[i - 1].is_title and (i == end or i - 1 not in breaks):
        i -= 1
    return i


def has_not_name_word(doc: Doc, start: int, end: int) -> bool:
    """Whether the words are (or are followed by) a place, street, body, area or date word
    (:func:`extract.people_words.is_not_name_word`): ``Anders Plougs Allé``."""
    if any(is_not_name_word(doc[i].text) for i in range(start, end)):
        return True
    return end < len(doc) and doc[end].is_title and is_not_name_word(doc[end].text)


__all__ = ["has_not_name_word", "line_breaks", "name_run", "name_run_back"]
