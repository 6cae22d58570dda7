"""Link agenda items into matters: one matter followed across forums and months.

A *matter* is one piece of business (*Centralisering af regningsbetaling*) that appears as
agenda items of several meetings, often in several forums, under case numbers that may be
missing, reused or different per forum, and under titles that drift. :func:`link_matters`
adds to the graph a ``Matter`` node per matter, ``PART_OF`` edges from its items, and
``CONTINUES`` edges from each item to the next step (with the evidence and score of that
link); it also adds ``PREPARES`` and ``REFERS_TO`` edges for meetings the items name.

How items are linked
--------------------
1. *Features* per item: character 3-grams of the title's content words, weighted by their
   rarity (Danish compounds such as *regningsbetaling* share most 3-grams with their
   inflections; *Status på* says little; counts taken in buckets on a log scale, and grams in
   more than 1/50 of the titles weighing as one, so that an added meeting moves few
   weights), a bottom-k sketch of the text's word stems (a light suffix stemmer; stems in
   more than 5 % of items ignored), the case numbers, the meetings its text names and the
   meetings of the earlier decisions it carries.
2. *Standing numbers* are found in the data: a number used by two items of one meeting, by a
   routine item (*Tidsplan*, *Orientering* ...), or in very many meetings of one forum-year.
   They never count as evidence.
3. *Blocking* (never all pairs): items sharing a case number, items of a meeting that another
   item names or carries a decision from, and, per blocking key (a rare title word's prefix
   or a compound's tail, a text-sketch value), each item with its next few successors in
   date order within the time window.
4. *Scoring* each candidate pair: weighted title and text similarity, plus a shared case
   number, an explicit reference or an earlier decision carried along (more for the item of
   the named meeting that is clearly the most similar: references are preferred); minus
   conflicting case numbers, conflicting years in the titles (*Budget 2022* vs *Budget 2024*)
   and a long gap. Without numbers (:mod:`graph.link.evidence`): titles are compared on their
   topic (the forums they name left out), a word numbered differently in two titles
   (*Budgetopfølgning 1* vs *2*) counts against, and the same topic in the next forum of the
   path (committee, finance committee, council) within weeks counts for.
5. *Clustering*: pairs at or above the threshold, best first, join their matters unless that
   would put two items of one meeting, two numbers of one scheme, or titles of only different
   years or rounds into one matter (union-find).

A partition linked again after an add takes the scores of the pairs whose inputs did not
change from its last link (:mod:`graph.link.incremental`): the same matters and links.

Routine items are never part of a matter. Everything is deterministic, and
:func:`link_matters` first removes what an earlier run added, so running it twice gives the
same graph.

>>> items = [
...     LinkItem("item:d:2021-01-07:4", "meeting:d:2021-01-07", "Direktionen", "2021-01-07", 4,
...              "Udmøntning af Budget 2021 - Centralisering af regningsbetaling",
...              mentions=("meeting:s:2021-01-13",)),
...     LinkItem("item:s:2021-01-13:5", "meeting:s:2021-01-13", "Strategisk Chefforum",
...              "2021-01-13", 5,
...              "Udmøntning af Budget 2021 - Centralisering og optimering af regningsbetaling",
...              case_numbers=("S2020-57031",)),
...     LinkItem("item:s:2021-01-13:1", "meeting:s:2021-01-13", "Strategisk Chefforum",
...              "2021-01-13", 1, "Tidsplan", case_numbers=("S2019-75",)),
... ]
>>> result = link_items(items)
>>> result.matters
[[0, 1]]
>>> result.links[(0, 1)].evidence[:2]
('title similarity 0.93', 'explicit reference to the other meeting')
"""

from graph.link.features import _Features, case_scheme, dice
from graph.link.graph_io import (
    apply_links,
    items_from_documents,
    items_from_graph,
    link_documents,
    link_input,
    link_matters,
)
from graph.link.linker import _UnionFind, link_items, link_items_of
from graph.link.model import (
    ROUTINE_FILLER,
    ROUTINE_HEADS,
    Link,
    LinkItem,
    LinkReport,
    LinkResult,
    LinkSettings,
)
from graph.link.output import LinkOutput
from graph.link.routine import (
    UMBRELLA_DICE,
    find_standing_numbers,
    is_routine,
    learn_routine,
    routine_topic,
)
from graph.link.scoring import score_pair

__all__ = [
    "ROUTINE_FILLER",
    "ROUTINE_HEADS",
    "UMBRELLA_DICE",
    "Link",
    "LinkItem",
    "LinkOutput",
    "LinkReport",
    "LinkResult",
    "LinkSettings",
    "_Features",
    "_UnionFind",
    "apply_links",
    "case_scheme",
    "dice",
    "find_standing_numbers",
    "is_routine",
    "items_from_documents",
    "items_from_graph",
    "learn_routine",
    "link_documents",
    "link_input",
    "link_items",
    "link_items_of",
    "link_matters",
    "routine_topic",
    "score_pair",
]
