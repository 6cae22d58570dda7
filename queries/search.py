"""Full-text search over agenda items (SQLite FTS5, ranked by BM25).

Danish compounds are long, so every query word also matches as a prefix:
``regning`` finds *regningsbetaling*.

>>> fts_query('centralisering af "regningsbetaling"')
'"centralisering"* "regningsbetaling"*'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.errors import EmptyStoreError, NoMatchError
from queries.meetings import EMPTY_STORE
from queries.results import Result
from store.sqlite import RecordStore

# Short function words would match half of every document as prefixes.
_STOP = frozenset(
    "af at de den der det du en er et for fra har i med og om på som til ved vi".split()
)
_WORD = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """Turn free text into a safe FTS5 query: each word quoted, as a prefix, all required."""
    words = [w for w in _WORD.findall(text.lower()) if w not in _STOP]
    return " ".join(f'"{w}"*' for w in words)


@dataclass(frozen=True, kw_only=True)
class SearchHit(Result):
    """One matching agenda item: where it is, its title, the snippet with the matched words
    in ``[brackets]``, and its BM25 score (higher is better)."""

    item_id: str
    forum: str
    date: str
    number: int
    title: str
    snippet: str
    score: float


@dataclass(frozen=True, kw_only=True)
class SearchResults(Result):
    """The answer of ``casegraph search``: the query and the hits, best first."""

    query: str
    results: tuple[SearchHit, ...]


def search(store: RecordStore, text: str, *, limit: int = 20) -> SearchResults:
    """Ranked agenda items matching ``text``, with a highlighted snippet.

    Raises
    ------
    NoMatchError
        When nothing matches.
    EmptyStoreError
        When nothing has been ingested.
    """
    if store.counts()["documents"] == 0:
        raise EmptyStoreError(EMPTY_STORE)
    match = fts_query(text)
    if not match:
        raise NoMatchError(f"nothing to search for in {text!r}; give one or more words")
    rows = store.search_rows(match, limit)
    if not rows:
        # Fall back to any word matching, still ranked.
        rows = store.search_rows(" OR ".join(match.split()), limit)
    if not rows:
        raise NoMatchError(f"no agenda item matches {text!r}")
    return SearchResults(
        query=text,
        results=tuple(
            SearchHit(
                item_id=key,
                forum=forum,
                date=date,
                number=int(number),
                title=title,
                snippet=" ".join(snippet.split()),
                score=round(-float(rank), 4),
            )
            for key, forum, date, number, title, snippet, rank in rows
        ),
    )


def format_search(result: SearchResults) -> str:
    """Readable lines: date, forum, item, title, then the snippet."""
    lines = []
    for r in result.results:
        lines.append(f"{r.date}  {r.forum}  punkt {r.number}: {r.title}")
        lines.append(f"    {r.snippet}")
    return "\n".join(lines)
