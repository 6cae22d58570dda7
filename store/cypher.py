"""The Cypher casegraph sends to Neo4j: pure functions that return query strings.

Values never appear in a query: every value travels as a parameter (``$rows``,
``$keys``). Labels and relationship types cannot be parameters in Cypher, so they
come only from the fixed whitelists below (the node and edge types of
``docs/schema.md``), never from data; anything else raises :class:`ValueError`.

>>> print(node_constraint("Meeting"))
CREATE CONSTRAINT casegraph_meeting_key IF NOT EXISTS FOR (n:`Meeting`) REQUIRE n.key IS UNIQUE
>>> node_constraint("Meeting`) DETACH DELETE n //")
Traceback (most recent call last):
...
ValueError: unknown node label 'Meeting`) DETACH DELETE n //'
"""

from __future__ import annotations

import re

from core import schema

#: Node labels (``type`` of a networkx node), from docs/schema.md.
NODE_LABELS: tuple[str, ...] = schema.NODE_TYPES

#: Relationship types (``type`` and key of a networkx edge), from docs/schema.md.
REL_TYPES: tuple[str, ...] = schema.EDGE_TYPES

#: The property holding a node's natural key (the networkx node id).
KEY = "key"
#: The property holding a hash of all other properties, to tell changed from unchanged.
HASH = "_hash"
#: The property naming the properties that hold JSON (nested values Neo4j cannot store).
JSON = "_json"
#: The property naming the properties that are empty lists, left out (Neo4j cannot tell an
#: empty list's type, and a CSV import cannot write one).
EMPTY = "_empty"
#: The loader's bookkeeping properties: not attributes of the graph.
BOOKKEEPING = (HASH, JSON, EMPTY)


def label(name: str) -> str:
    """A whitelisted node label, quoted for Cypher.

    >>> label("AgendaItem")
    '`AgendaItem`'
    """
    if name not in NODE_LABELS:
        raise ValueError(f"unknown node label {name!r}")
    return f"`{name}`"


def rel_type(name: str) -> str:
    """A whitelisted relationship type, quoted for Cypher.

    >>> rel_type("HAS_ITEM")
    '`HAS_ITEM`'
    """
    if name not in REL_TYPES:
        raise ValueError(f"unknown relationship type {name!r}")
    return f"`{name}`"


def constraint_name(name: str) -> str:
    """The name casegraph gives the uniqueness constraint of a label.

    >>> constraint_name("AgendaItem")
    'casegraph_agendaitem_key'
    """
    label(name)
    return f"casegraph_{name.lower()}_key"


def node_constraint(name: str) -> str:
    """Create the uniqueness constraint on ``key`` for one label (a no-op if it exists).

    The constraint also creates the index that every ``MERGE`` and ``MATCH`` on
    ``key`` uses.
    """
    return (
        f"CREATE CONSTRAINT {constraint_name(name)} IF NOT EXISTS "
        f"FOR (n:{label(name)}) REQUIRE n.{KEY} IS UNIQUE"
    )


def case_number_index() -> str:
    """A text index on ``Case.number``: the ``case`` question looks numbers up with
    ``CONTAINS``, which a text index answers without scanning every case.

    >>> case_number_index()
    'CREATE TEXT INDEX casegraph_case_number IF NOT EXISTS FOR (n:`Case`) ON (n.number)'
    """
    return (
        "CREATE TEXT INDEX casegraph_case_number IF NOT EXISTS "
        f"FOR (n:{label(schema.CASE)}) ON (n.number)"
    )


#: The full-text index on agenda items' titles and texts, for word questions.
ITEM_WORDS_INDEX = "casegraph_item_words"
#: Its analyzer: Unicode word tokens, lower-cased, no stop words and no stemming, so that a
#: ``*root*`` wildcard finds exactly the items whose lower-cased title or text contains the
#: root (what the embedded ``case`` question looks for).
ITEM_WORDS_ANALYZER = "standard-no-stop-words"


def item_words_index() -> str:
    """A full-text (Lucene) index on ``AgendaItem.title`` and ``AgendaItem.text``.

    Updated in the writing transaction (not eventually consistent), so a question
    right after a load sees what it wrote.

    >>> print(item_words_index())
    CREATE FULLTEXT INDEX casegraph_item_words IF NOT EXISTS FOR (n:`AgendaItem`) ON EACH [n.title, n.text] OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false}}
    """  # noqa: E501
    return (
        f"CREATE FULLTEXT INDEX {ITEM_WORDS_INDEX} IF NOT EXISTS "
        f"FOR (n:{label(schema.AGENDA_ITEM)}) ON EACH [n.title, n.text] "
        f"OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{ITEM_WORDS_ANALYZER}', "
        "`fulltext.eventually_consistent`: false}}"
    )


def schema_statements() -> list[str]:
    """Every constraint and index casegraph needs, each a no-op if it exists: a key
    constraint per label, the text index on case numbers and the full-text index on
    items."""
    return [
        *(node_constraint(name) for name in NODE_LABELS),
        case_number_index(),
        item_words_index(),
    ]


def await_indexes() -> str:
    """Wait (up to ``$seconds``) until every index is online, so questions can use them."""
    return "CALL db.awaitIndexes($seconds)"


def drop_node_constraint(name: str) -> str:
    """Drop the key constraint of one label, if it exists (used to reset test databases).

    >>> drop_node_constraint("Case")
    'DROP CONSTRAINT casegraph_case_key IF EXISTS'
    """
    return f"DROP CONSTRAINT {constraint_name(name)} IF EXISTS"


def node_hashes(name: str) -> str:
    """The stored ``_hash`` of those of ``$keys`` that exist, as two parallel lists.

    The loader reads these first and then writes only new and changed rows, so a
    batch that is already in Neo4j costs one read and no write. One record of two
    lists decodes much faster in the client than thousands of records. A node
    without ``_hash`` (written by something else) gets ``''``: ``collect`` drops
    nulls, which would shift the two lists.

    >>> print(node_hashes("Case"))
    UNWIND $keys AS k MATCH (n:`Case` {key: k}) RETURN collect(n.key) AS keys, collect(coalesce(n._hash, '')) AS hashes
    """  # noqa: E501
    return (
        f"UNWIND $keys AS k MATCH (n:{label(name)} {{{KEY}: k}}) "
        f"RETURN collect(n.{KEY}) AS keys, collect(coalesce(n.{HASH}, '')) AS hashes"
    )


def merge_nodes(name: str) -> str:
    """Upsert a batch of nodes of one label.

    ``$rows`` is a list of maps holding every property, ``key`` and ``_hash``
    included. ``SET n = row`` replaces all properties, so an attribute that became
    ``None`` (and was left out of the row) disappears.

    >>> print(merge_nodes("Case"))
    UNWIND $rows AS row MERGE (n:`Case` {key: row.key}) SET n = row RETURN count(*) AS rows
    """
    return (
        f"UNWIND $rows AS row MERGE (n:{label(name)} {{{KEY}: row.{KEY}}}) SET n = row "
        "RETURN count(*) AS rows"
    )


def relationship_hashes(type_: str, start: str, end: str) -> str:
    """The stored ``_hash`` of those relationships of ``$rows`` that exist.

    ``$rows`` is a list of ``{start, end}`` maps of node keys; the result is one
    record of three parallel lists, ``starts``, ``ends`` and ``hashes``.
    (``collect`` drops nulls, so a missing hash is collected as ``''``.)

    >>> print(relationship_hashes("HAS_ITEM", "Meeting", "AgendaItem"))
    UNWIND $rows AS row MATCH (a:`Meeting` {key: row.start})-[r:`HAS_ITEM`]->(b:`AgendaItem` {key: row.end}) RETURN collect(row.start) AS starts, collect(row.end) AS ends, collect(coalesce(r._hash, '')) AS hashes
    """  # noqa: E501
    return (
        f"UNWIND $rows AS row MATCH (a:{label(start)} {{{KEY}: row.start}})"
        f"-[r:{rel_type(type_)}]->(b:{label(end)} {{{KEY}: row.end}}) "
        "RETURN collect(row.start) AS starts, collect(row.end) AS ends, "
        f"collect(coalesce(r.{HASH}, '')) AS hashes"
    )


def merge_relationships(type_: str, start: str, end: str) -> str:
    """Upsert a batch of relationships of one type between two labels.

    ``$rows`` is a list of ``{start, end, props}`` maps; ``start`` and ``end`` are
    node keys, ``props`` holds the properties with ``_hash``. The labels let both
    ``MATCH`` clauses use the key constraints' indexes. A relationship is
    identified by its start node, type and end node (the networkx edge key is the
    type). ``rows`` counts the rows whose two end nodes exist.

    >>> print(merge_relationships("HAS_ITEM", "Meeting", "AgendaItem"))
    UNWIND $rows AS row MATCH (a:`Meeting` {key: row.start}) MATCH (b:`AgendaItem` {key: row.end}) MERGE (a)-[r:`HAS_ITEM`]->(b) SET r = row.props RETURN count(*) AS rows
    """  # noqa: E501
    return (
        f"UNWIND $rows AS row MATCH (a:{label(start)} {{{KEY}: row.start}}) "
        f"MATCH (b:{label(end)} {{{KEY}: row.end}}) "
        f"MERGE (a)-[r:{rel_type(type_)}]->(b) SET r = row.props RETURN count(*) AS rows"
    )


def node_keys(name: str) -> str:
    """Every key of one label: what the database holds, to find what the store no longer has.

    >>> node_keys("Case")
    'MATCH (n:`Case`) RETURN n.key AS key'
    """
    return f"MATCH (n:{label(name)}) RETURN n.{KEY} AS key"


def delete_nodes(name: str) -> str:
    """Delete the nodes of one label whose keys are in ``$keys``, with their relationships.

    >>> print(delete_nodes("Case"))
    UNWIND $keys AS k MATCH (n:`Case` {key: k}) DETACH DELETE n RETURN count(*) AS deleted
    """
    return (
        f"UNWIND $keys AS k MATCH (n:{label(name)} {{{KEY}: k}}) DETACH DELETE n "
        "RETURN count(*) AS deleted"
    )


def relationship_ends(type_: str) -> str:
    """Start and end of every relationship of one type, with the nodes' first labels.

    >>> print(relationship_ends("HAS_ITEM"))
    MATCH (a)-[r:`HAS_ITEM`]->(b) RETURN a.key AS start, labels(a)[0] AS start_label, b.key AS end, labels(b)[0] AS end_label
    """  # noqa: E501
    return (
        f"MATCH (a)-[r:{rel_type(type_)}]->(b) RETURN a.{KEY} AS start, "
        f"labels(a)[0] AS start_label, b.{KEY} AS end, labels(b)[0] AS end_label"
    )


def delete_relationships(type_: str, start: str, end: str) -> str:
    """Delete the relationships of one group given as ``$rows`` of ``{start, end}`` keys.

    >>> print(delete_relationships("HAS_ITEM", "Meeting", "AgendaItem"))
    UNWIND $rows AS row MATCH (a:`Meeting` {key: row.start})-[r:`HAS_ITEM`]->(b:`AgendaItem` {key: row.end}) DELETE r RETURN count(*) AS deleted
    """  # noqa: E501
    return (
        f"UNWIND $rows AS row MATCH (a:{label(start)} {{{KEY}: row.start}})"
        f"-[r:{rel_type(type_)}]->(b:{label(end)} {{{KEY}: row.end}}) DELETE r "
        "RETURN count(*) AS deleted"
    )


#: The label of the load manifest's nodes (:mod:`outputs.neo4j_manifest`): not a node type
#: of docs/schema.md, so no question and no key constraint ever sees them.
MANIFEST = "CasegraphManifest"
#: The bundle manifest's label (:mod:`outputs.neo4j_bundles`).
BUNDLES = "CasegraphBundle"


def read_manifest() -> str:
    """Every entry of the load manifest, as its properties.

    >>> read_manifest()
    'MATCH (m:`CasegraphManifest`) RETURN properties(m) AS entry'
    """
    return f"MATCH (m:`{MANIFEST}`) RETURN properties(m) AS entry"


def write_manifest() -> str:
    """Replace the manifest by the entries ``$entries`` (maps with a ``name``).

    >>> print(write_manifest())
    MATCH (m:`CasegraphManifest`) DELETE m WITH count(*) AS gone UNWIND $entries AS e CREATE (m:`CasegraphManifest`) SET m = e RETURN count(*) AS entries
    """  # noqa: E501
    return (
        f"MATCH (m:`{MANIFEST}`) DELETE m WITH count(*) AS gone "
        f"UNWIND $entries AS e CREATE (m:`{MANIFEST}`) SET m = e RETURN count(*) AS entries"
    )


def drop_manifest() -> str:
    """Delete the manifest: the next load compares everything.

    >>> drop_manifest()
    'MATCH (m:`CasegraphManifest`) DELETE m'
    """
    return f"MATCH (m:`{MANIFEST}`) DELETE m"


def drop_bundle_manifest() -> str:
    """Delete the bundle manifest: the next load by bundle compares everything.

    >>> drop_bundle_manifest()
    'MATCH (m:`CasegraphBundle`) DELETE m'
    """
    return f"MATCH (m:`{BUNDLES}`) DELETE m"


def nodes_in_ranges(name: str, bounded: bool = True) -> str:
    """Key and ``_hash`` of the nodes of one label whose key is in one of ``$ranges``
    (``{lo, hi}`` maps: ``lo <= key < hi``), as two parallel lists; with ``bounded``
    false, the one range ``key >= $lo``. Both are seeks in the key constraint's index.

    >>> print(nodes_in_ranges("Case"))
    UNWIND $ranges AS rg MATCH (n:`Case`) WHERE n.key >= rg.lo AND n.key < rg.hi RETURN collect(n.key) AS keys, collect(coalesce(n._hash, '')) AS hashes
    >>> print(nodes_in_ranges("Case", bounded=False))
    MATCH (n:`Case`) WHERE n.key >= $lo RETURN collect(n.key) AS keys, collect(coalesce(n._hash, '')) AS hashes
    """  # noqa: E501
    where = (
        f"UNWIND $ranges AS rg MATCH (n:{label(name)}) WHERE n.{KEY} >= rg.lo AND n.{KEY} < rg.hi"
        if bounded
        else f"MATCH (n:{label(name)}) WHERE n.{KEY} >= $lo"
    )
    return f"{where} RETURN collect(n.{KEY}) AS keys, collect(coalesce(n.{HASH}, '')) AS hashes"


def relationships_in_ranges(name: str, bounded: bool = True) -> str:
    """The relationships of casegraph's types (``$types``) that start at the nodes of
    :func:`nodes_in_ranges`: start key, type, end key, the end's labels and ``_hash``, as
    parallel lists.

    >>> print(relationships_in_ranges("Case", bounded=False))
    MATCH (n:`Case`) WHERE n.key >= $lo MATCH (n)-[r]->(o) WHERE type(r) IN $types RETURN collect(n.key) AS starts, collect(type(r)) AS types, collect(o.key) AS ends, collect(labels(o)) AS labels, collect(coalesce(r._hash, '')) AS hashes
    """  # noqa: E501
    where = (
        f"UNWIND $ranges AS rg MATCH (n:{label(name)}) WHERE n.{KEY} >= rg.lo AND n.{KEY} < rg.hi"
        if bounded
        else f"MATCH (n:{label(name)}) WHERE n.{KEY} >= $lo"
    )
    return (
        f"{where} MATCH (n)-[r]->(o) WHERE type(r) IN $types "
        f"RETURN collect(n.{KEY}) AS starts, collect(type(r)) AS types, collect(o.{KEY}) AS ends, "
        f"collect(labels(o)) AS labels, collect(coalesce(r.{HASH}, '')) AS hashes"
    )


def create_node_naive(name: str) -> str:
    """One node per statement: the baseline the benchmark compares batching with.

    >>> create_node_naive("Forum")
    'MERGE (n:`Forum` {key: $row.key}) SET n = $row'
    """
    return f"MERGE (n:{label(name)} {{{KEY}: $row.{KEY}}}) SET n = $row"


def create_relationship_naive(type_: str, start: str, end: str) -> str:
    """One relationship per statement: the benchmark's baseline.

    >>> print(create_relationship_naive("OF_FORUM", "Meeting", "Forum"))
    MATCH (a:`Meeting` {key: $start}) MATCH (b:`Forum` {key: $end}) MERGE (a)-[r:`OF_FORUM`]->(b) SET r = $props
    """  # noqa: E501
    return (
        f"MATCH (a:{label(start)} {{{KEY}: $start}}) MATCH (b:{label(end)} {{{KEY}: $end}}) "
        f"MERGE (a)-[r:{rel_type(type_)}]->(b) SET r = $props"
    )


def show_constraints() -> str:
    """The key constraints casegraph created, as ``name, label, property`` rows."""
    return (
        "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type "
        "WHERE name STARTS WITH 'casegraph_' "
        "RETURN name, labelsOrTypes[0] AS label, properties[0] AS property, type"
    )


def count_nodes(name: str) -> str:
    """How many nodes one label has (answered from Neo4j's count store).

    >>> count_nodes("Person")
    'MATCH (n:`Person`) RETURN count(n) AS count'
    """
    return f"MATCH (n:{label(name)}) RETURN count(n) AS count"


def count_relationships(type_: str) -> str:
    """How many relationships one type has (answered from Neo4j's count store).

    >>> count_relationships("ATTENDED")
    'MATCH ()-[r:`ATTENDED`]->() RETURN count(r) AS count'
    """
    return f"MATCH ()-[r:{rel_type(type_)}]->() RETURN count(r) AS count"


def any_node() -> str:
    """One node of any label, if the database holds one (is it empty?).

    >>> any_node()
    'MATCH (n) RETURN 1 AS one LIMIT 1'
    """
    return "MATCH (n) RETURN 1 AS one LIMIT 1"


def list_databases() -> str:
    """Names of the databases a server has (run against ``system``)."""
    return "SHOW DATABASES YIELD name RETURN DISTINCT name ORDER BY name"


# -- reading back: the subgraph a question needs (queries/neo4j_backend.py) -----------

#: Which way relationships are followed from a node: the patterns are fixed strings.
_DIRECTIONS = {"out": "(n)-[r]->(o)", "in": "(n)<-[r]-(o)", "both": "(n)-[r]-(o)"}


def nodes_by_key(name: str) -> str:
    """The nodes of one label whose keys are in ``$keys``.

    >>> nodes_by_key("Matter")
    'UNWIND $keys AS k MATCH (n:`Matter` {key: k}) RETURN n'
    """
    return f"UNWIND $keys AS k MATCH (n:{label(name)} {{{KEY}: k}}) RETURN n"


def all_nodes(name: str) -> str:
    """Every node of one label.

    >>> all_nodes("Person")
    'MATCH (n:`Person`) RETURN n'
    """
    return f"MATCH (n:{label(name)}) RETURN n"


def relationships_of(name: str, direction: str = "both") -> str:
    """The relationships of the nodes of one label with keys ``$keys``, whose type is in
    ``$types`` (every type when ``$types`` is null), with the node at the other end.

    >>> print(relationships_of("Meeting", "in"))
    UNWIND $keys AS k MATCH (n:`Meeting` {key: k}) MATCH (n)<-[r]-(o) WHERE $types IS NULL OR type(r) IN $types RETURN startNode(r).key AS start, type(r) AS type, endNode(r).key AS end, properties(r) AS props, o AS other
    """  # noqa: E501
    if direction not in _DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}")
    return (
        f"UNWIND $keys AS k MATCH (n:{label(name)} {{{KEY}: k}}) MATCH {_DIRECTIONS[direction]} "
        "WHERE $types IS NULL OR type(r) IN $types "
        f"RETURN startNode(r).{KEY} AS start, type(r) AS type, endNode(r).{KEY} AS end, "
        "properties(r) AS props, o AS other"
    )


#: The item properties the full-text index holds, as fields of a Lucene query.
TITLE_FIELD = "title"
TEXT_FIELD = "text"
_ROOT = re.compile(r"[0-9a-zæøåéü]+\Z")


def words_query(field: str, roots: list[str], *, also: str | None = None) -> str:
    """A Lucene query for the full-text index: ``field`` holds a token containing one of
    ``roots`` (``*root*``), and, with ``also``, that query as well.

    The analyzer's tokens are the runs of letters and digits, lower-cased, so ``*root*``
    finds exactly the items whose lower-cased ``field`` contains ``root`` (a root is
    letters and digits, :data:`core.text.WORD_RE`: it never spans two tokens). Roots are
    checked to hold nothing Lucene would read as syntax.

    >>> words_query("title", ["budget", "plan"])
    '(title:*budget* OR title:*plan*)'
    >>> words_query("text", ["plan"], also=words_query("title", ["budget"]))
    '(text:*plan*) AND (title:*budget*)'
    """
    if field not in (TITLE_FIELD, TEXT_FIELD):
        raise ValueError(f"the full-text index holds no field {field!r}")
    bad = [r for r in roots if not _ROOT.match(r)]
    if bad or not roots:
        raise ValueError(f"not a root of letters and digits: {bad or roots!r}")
    query = "(" + " OR ".join(f"{field}:*{root}*" for root in roots) + ")"
    return f"{query} AND {also}" if also else query


def matter_titles_by_words() -> str:
    """The distinct titles of the agenda items of a matter that the Lucene query ``$words``
    finds in the full-text index, each with those items' keys, as one record of two
    parallel lists, ``titles`` and ``keys`` (one record decodes much faster in the client
    than a record per title). An item outside every matter (a routine item) costs a look
    at its own relationships, no more: no matter is read.

    >>> print(matter_titles_by_words())
    CALL db.index.fulltext.queryNodes('casegraph_item_words', $words) YIELD node WHERE EXISTS { (node)-[:`PART_OF`]->(:`Matter`) } WITH coalesce(node.title, '') AS title, collect(node.key) AS keys RETURN collect(title) AS titles, collect(keys) AS keys
    """  # noqa: E501
    return (
        f"CALL db.index.fulltext.queryNodes('{ITEM_WORDS_INDEX}', $words) YIELD node "
        f"WHERE EXISTS {{ (node)-[:{rel_type(schema.PART_OF)}]->(:{label(schema.MATTER)}) }} "
        f"WITH coalesce(node.title, '') AS title, collect(node.{KEY}) AS keys "
        "RETURN collect(title) AS titles, collect(keys) AS keys"
    )


def matter_titles_by_each() -> str:
    """:func:`matter_titles_by_words` for each Lucene query of ``$queries``: one record of
    three parallel lists, ``ns`` (the query's position), ``titles`` and ``keys``.

    >>> print(matter_titles_by_each())
    UNWIND range(0, size($queries) - 1) AS n CALL db.index.fulltext.queryNodes('casegraph_item_words', $queries[n]) YIELD node WHERE EXISTS { (node)-[:`PART_OF`]->(:`Matter`) } WITH n, coalesce(node.title, '') AS title, collect(node.key) AS keys RETURN collect(n) AS ns, collect(title) AS titles, collect(keys) AS keys
    """  # noqa: E501
    return (
        "UNWIND range(0, size($queries) - 1) AS n "
        f"CALL db.index.fulltext.queryNodes('{ITEM_WORDS_INDEX}', $queries[n]) YIELD node "
        f"WHERE EXISTS {{ (node)-[:{rel_type(schema.PART_OF)}]->(:{label(schema.MATTER)}) }} "
        f"WITH n, coalesce(node.title, '') AS title, collect(node.{KEY}) AS keys "
        "RETURN collect(n) AS ns, collect(title) AS titles, collect(keys) AS keys"
    )


def matters_of_items() -> str:
    """The matter of each agenda item of ``$keys`` and its number of items: one record of
    three parallel lists, ``keys``, ``matters`` and ``sizes``.

    >>> print(matters_of_items())
    UNWIND $keys AS k MATCH (:`AgendaItem` {key: k})-[:`PART_OF`]->(m:`Matter`) RETURN collect(k) AS keys, collect(m.key) AS matters, collect(coalesce(size(m.items), 0)) AS sizes
    """  # noqa: E501
    return (
        f"UNWIND $keys AS k MATCH (:{label(schema.AGENDA_ITEM)} {{{KEY}: k}})"
        f"-[:{rel_type(schema.PART_OF)}]->(m:{label(schema.MATTER)}) "
        f"RETURN collect(k) AS keys, collect(m.{KEY}) AS matters, "
        "collect(coalesce(size(m.items), 0)) AS sizes"
    )


def text_roots_of_items() -> str:
    """Which of ``$roots`` the lower-cased text of each agenda item of ``$keys`` contains:
    one record of two parallel lists, ``keys`` and ``roots``. Items looked up by key (the
    few whose text can still change a word question's answer), never a scan.

    >>> print(text_roots_of_items())
    UNWIND $keys AS k MATCH (i:`AgendaItem` {key: k}) WITH k, toLower(coalesce(i.text, '')) AS text RETURN collect(k) AS keys, collect([r IN $roots WHERE text CONTAINS r]) AS roots
    """  # noqa: E501
    return (
        f"UNWIND $keys AS k MATCH (i:{label(schema.AGENDA_ITEM)} {{{KEY}: k}}) "
        "WITH k, toLower(coalesce(i.text, '')) AS text "
        "RETURN collect(k) AS keys, collect([r IN $roots WHERE text CONTAINS r]) AS roots"
    )


def distinct_titles_by_words() -> str:
    """The distinct titles of the agenda items the Lucene query ``$words`` finds, each with
    the least key of its items: one record of two parallel lists, ``titles`` and ``keys``.

    >>> print(distinct_titles_by_words())
    CALL db.index.fulltext.queryNodes('casegraph_item_words', $words) YIELD node WITH coalesce(node.title, '') AS title, min(node.key) AS key RETURN collect(title) AS titles, collect(key) AS keys
    """  # noqa: E501
    return (
        f"CALL db.index.fulltext.queryNodes('{ITEM_WORDS_INDEX}', $words) YIELD node "
        f"WITH coalesce(node.title, '') AS title, min(node.{KEY}) AS key "
        "RETURN collect(title) AS titles, collect(key) AS keys"
    )


def distinct_titles(name: str) -> str:
    """:func:`distinct_titles_by_words` of every node of one label.

    >>> print(distinct_titles("AgendaItem"))
    MATCH (n:`AgendaItem`) WITH coalesce(n.title, '') AS title, min(n.key) AS key RETURN collect(title) AS titles, collect(key) AS keys
    """  # noqa: E501
    return (
        f"MATCH (n:{label(name)}) WITH coalesce(n.title, '') AS title, min(n.{KEY}) AS key "
        "RETURN collect(title) AS titles, collect(key) AS keys"
    )


def matters_by_case_number() -> str:
    """``[case number, matter key]`` pairs for the cases whose number contains ``$needle``
    and every one of ``$needles`` (the parts of the number).

    A superset that the caller narrows with the embedded code's exact comparison.
    ``$needle`` (one part) is looked up in the text index on ``Case.number``.
    """
    return (
        f"MATCH (c:{label(schema.CASE)}) WHERE c.number CONTAINS $needle "
        "AND all(x IN $needles WHERE c.number CONTAINS x) "
        f"MATCH (c)<-[:{rel_type(schema.ABOUT_CASE)}]-(:{label(schema.AGENDA_ITEM)})"
        f"-[:{rel_type(schema.PART_OF)}]->(m:{label(schema.MATTER)}) "
        "RETURN collect(DISTINCT [c.number, m.key]) AS pairs"
    )


def meetings_of_forums() -> str:
    """Every meeting of the forums named in ``$forums`` (for inferred attendance)."""
    return f"MATCH (n:{label(schema.MEETING)}) WHERE n.forum IN $forums RETURN n"


def a_documented_meeting() -> str:
    """One documented meeting, if the database has any (an empty database is an error)."""
    return f"MATCH (n:{label(schema.MEETING)}) WHERE n.documented RETURN n LIMIT 1"
