"""The one registry of questions: what each is called, which function answers it from the
embedded store and which from Neo4j, how its answer reads as text, and its options.

The command line builds one command per entry (``casegraph case``, ``casegraph attended``,
...), the Neo4j backend looks its functions up here, and :func:`casegraph.ask` answers any
of them by name, so a new question is one module (the function, its result type and its
formatter) and one entry below.

The functions are named by ``"module:attribute"`` strings rather than imported, so that
reading the registry costs nothing: ``casegraph --help`` and ``casegraph case --help`` list
the questions without loading networkx, and no question loads spaCy or the Neo4j driver.

>>> QUESTIONS["case"].function().__name__
'case_timeline'
>>> [q.name for q in QUESTIONS.values() if q.neo4j]
['case', 'attended', 'person']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from core.registry import resolve

#: The largest ``--limit`` a question accepts; more is surely a typing error.
MAX_LIMIT = 10_000


@dataclass(frozen=True)
class Option:
    """A keyword parameter of a question's function, as the command line offers it.

    ``name`` is the function's keyword (and ``--name`` the option); ``kind`` is ``"text"``,
    ``"count"`` (a whole number from 1 to :data:`MAX_LIMIT`) or ``"flag"``. A ``text_only``
    option is handed to the text formatter instead of the function (it changes how the
    answer reads, not the answer).
    """

    name: str
    help: str
    kind: Literal["text", "count", "flag"] = "text"
    default: Any = None
    text_only: bool = False


@dataclass(frozen=True)
class Question:
    """One question: its command name, help text, functions and parameters.

    ``answer``, ``format`` and ``neo4j`` are ``"module:attribute"`` names. The answering
    function takes the store's graph (``reads="graph"``) or the store itself
    (``reads="store"``) first, then ``argument`` (if any) and the options by keyword.
    """

    name: str
    help: str
    answer: str
    format: str
    argument: str | None = None
    options: tuple[Option, ...] = ()
    neo4j: str | None = None
    reads: Literal["graph", "store"] = "graph"
    #: Refuse to answer from a store that holds no minutes (``stats`` counts even nothing).
    requires_data: bool = True

    def function(self) -> Callable[..., Any]:
        """The function that answers from the embedded store."""
        return resolve(self.answer)

    def formatter(self) -> Callable[..., str]:
        """The function that turns the answer into readable text."""
        return resolve(self.format)

    def neo4j_function(self) -> Callable[..., Any] | None:
        """The function that answers from Neo4j, or None when only the store can."""
        return resolve(self.neo4j) if self.neo4j else None


_LIMIT_HELP = f"How many {{}} at most (1 to {MAX_LIMIT:,})."

QUESTIONS: dict[str, Question] = {
    q.name: q
    for q in (
        Question(
            "meetings",
            "List the documented meetings, oldest first.",
            answer="queries.meetings:list_meetings",
            format="queries.meetings:format_meetings",
            options=(
                Option("forum", "Only meetings of this forum."),
                Option(
                    "readers",
                    "Also show which layout read each meeting, and how surely.",
                    "flag",
                    False,
                    text_only=True,
                ),
            ),
        ),
        Question(
            "case",
            "Timeline of a matter: QUERY is a case number (any format) or words.",
            answer="queries.timeline:case_timeline",
            format="queries.timeline:format_timeline",
            argument="query",
            options=(Option("limit", _LIMIT_HELP.format("matters"), "count", 3),),
            neo4j="queries.neo4j_backend:case_timeline",
        ),
        Question(
            "attended",
            "Who attended each meeting where the matter QUERY was decided or discussed.",
            answer="queries.attended:attended",
            format="queries.attended:format_attended",
            argument="query",
            options=(
                Option(
                    "infer",
                    "Where attendance is not recorded, add likely attendees (labelled inferred).",
                    "flag",
                    False,
                ),
            ),
            neo4j="queries.neo4j_backend:attended",
        ),
        Question(
            "person",
            "What NAME took part in: meetings attended and missed, items presented, ...\n\n"
            'NAME may be a short form or miss accents and capitals ("morten v", "ase nielsen").',
            answer="queries.person:person",
            format="queries.person:format_person",
            argument="name",
            neo4j="queries.neo4j_backend:person",
        ),
        Question(
            "search",
            "Full-text search over agenda items, best match first.",
            answer="queries.search:search",
            format="queries.search:format_search",
            argument="text",
            options=(Option("limit", _LIMIT_HELP.format("results"), "count", 20),),
            reads="store",
        ),
        Question(
            "stats",
            "Count nodes and edges by type.",
            answer="queries.stats:stats",
            format="queries.stats:format_stats",
            requires_data=False,
        ),
    )
}


__all__ = ["MAX_LIMIT", "QUESTIONS", "Option", "Question"]
