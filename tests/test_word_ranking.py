"""The word ranking from the indexes (``queries.ranking.word_fits``) gives exactly what
reading every title and text gives (``word_fits_by_reading``): the same matters, in the
same order, with the same scores to the last bit, whatever ``keep``.

The queries are the words of the minutes themselves: every content word of every title of
the seeds, pairs and triples of them, words found only in the texts (which no title of an
item in a matter holds, so that the texts are searched), word parts inside compounds, and
words no minutes hold; on Greve a seeded sample of the same kinds.
"""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest

from casegraph.pipeline import Store, load_document
from core import schema
from core.text import WORD_RE, content_words, stem
from queries.index import forget, query_index
from queries.ranking import WordQuery, word_fits, word_fits_by_reading

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"
KEEPS = (None, 1, 4, 13)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    path = tmp_path_factory.mktemp("seeds") / "store"
    with Store(path) as store:
        for p in sorted(SEEDS.glob("*.txt")):
            store.put(load_document(p))
        return store.graph()


def _items(G: nx.MultiDiGraph) -> list[tuple[str, dict]]:
    return sorted((k, d) for k, d in G.nodes(data=True) if d.get("type") == schema.AGENDA_ITEM)


def queries_of(G: nx.MultiDiGraph, rng: random.Random, size: int | None = None) -> list[str]:
    """Title words, runs of 2-3 title words, text-only words, word parts and absent words."""
    titles = [d.get("title") or "" for _, d in _items(G)]
    title_words = sorted({w for t in titles for w in content_words(t)})
    in_titles = " ".join(t.lower() for t in titles)
    text_words = sorted(
        {w for _, d in _items(G) for w in WORD_RE.findall((d.get("text") or "").lower())}
    )
    text_only = [w for w in text_words if len(w) > 3 and stem(w) not in in_titles]
    runs = []
    for title in titles:
        words = content_words(title)
        runs += [" ".join(words[i : i + k]) for k in (2, 3) for i in range(len(words) - k + 1)]
    parts = [w[len(w) // 3 :] for w in title_words if len(w) > 9]
    mixed = [f"{a} {b}" for a, b in zip(title_words, reversed(text_only), strict=False)]
    kinds = [title_words, sorted(set(runs)), text_only, parts, mixed]
    if size is not None:
        kinds = [rng.sample(kind, min(size, len(kind))) for kind in kinds]
    return [q for kind in kinds for q in kind] + ["zyxwvut", "budget zyxwvut", "af og i"]


def check_same(G: nx.MultiDiGraph, queries: list[str]) -> dict[str, int]:
    """Assert the two rankings agree on every query; count what the queries exercised.

    A query no title of a matter holds is asked of a new index first: its first such
    question reads the texts, the next ones (the other ``keep``) gather the texts' words."""
    forget(G)
    seen = {"matters found": 0, "texts searched": 0}
    for query in queries:
        q = WordQuery.of(query)
        if not q.words:
            continue
        if not any(query_index(G).matter_titles_with(r) for r in q.roots):
            seen["texts searched"] += 1
            forget(G)
        for keep in KEEPS:
            fast = word_fits(G, q, keep)
            assert list(fast.items()) == list(word_fits_by_reading(G, q, keep).items()), (
                query,
                keep,
            )
        seen["matters found"] += bool(fast)
    return seen


def test_seeds_rank_the_same_from_the_indexes(seeds: nx.MultiDiGraph) -> None:
    queries = queries_of(seeds, random.Random(1))
    seen = check_same(seeds, queries)
    assert len(queries) > 300
    assert seen["matters found"] > 200 and seen["texts searched"] > 50, seen


@pytest.mark.corpus
def test_greve_ranks_the_same_from_the_indexes(greve_graph: nx.MultiDiGraph) -> None:
    queries = queries_of(greve_graph, random.Random(7), size=60)
    seen = check_same(greve_graph, queries)
    assert seen["matters found"] > 150 and seen["texts searched"] > 40, seen


def test_generated_minutes_rank_the_same_from_the_indexes() -> None:
    """Many matters sharing words (routine titles, yearly series, drifting titles): the
    pruning by the most a title can score decides here, not on the five seeds."""
    import sys

    sys.path.append(str(Path(__file__).resolve().parents[1] / "bench"))  # after the packages
    from casegraph.pipeline import derive_graph

    from gen_corpus import generate

    G = derive_graph(generate(3000, seed=5).documents)
    seen = check_same(G, queries_of(G, random.Random(3), size=80))
    assert seen["matters found"] > 250 and seen["texts searched"] > 40, seen
