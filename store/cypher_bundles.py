"""The Cypher of the bundle manifest (:mod:`outputs.neo4j_bundles`) and of Neo4j's counts:
pure functions that return query strings, values always parameters (as :mod:`store.cypher`).

A reload by bundle asks the server few questions, each answered in one record: what the
manifest's head says and what Neo4j holds now (:func:`manifest_head`), the digests of the
partitions that may have changed (:func:`bundle_digests`), the stored rows of the changed
bundles (:func:`bundle_rows`), which other partitions hold a changed row (:func:`holders`);
it writes the entries (:func:`replace_bundles`) and
the head with the counts the server takes in the writing transaction (:func:`write_head`).

>>> count_all().startswith("RETURN [COUNT { MATCH (n:`Forum`) }, ")
True
"""

from __future__ import annotations

from store.cypher import BUNDLES, HASH, KEY, MANIFEST, NODE_LABELS, REL_TYPES, label, rel_type


def _counts_lists() -> str:
    """Two lists, ``nodes`` and ``rels``: how many nodes each casegraph label has and how
    many relationships each type has, in the order of :data:`store.cypher.NODE_LABELS`
    and :data:`store.cypher.REL_TYPES` (each ``COUNT`` read from the count store)."""
    nodes = ", ".join(f"COUNT {{ MATCH (n:{label(name)}) }}" for name in NODE_LABELS)
    rels = ", ".join(f"COUNT {{ MATCH ()-[r:{rel_type(name)}]->() }}" for name in REL_TYPES)
    return f"[{nodes}] AS nodes, [{rels}] AS rels"


def count_all() -> str:
    """Nodes per label and relationships per type in one query: one record of two lists,
    ``nodes`` and ``rels`` (no scan: Neo4j's count store answers each)."""
    return f"RETURN {_counts_lists()}"


def manifest_head() -> str:
    """What a reload by bundle needs first, in one record: the head ``$head``'s ``types``
    and ``counts`` (null without a head), its partitions (``parts``) with the stamp each
    was loaded from (``stamps``) and its shared bundle's number of chunks (``chunks``),
    whether a key-range manifest exists (``ranges``), and Neo4j's counts now (``nodes``,
    ``rels``, as :func:`count_all`).

    >>> print(manifest_head()[:90])
    OPTIONAL MATCH (h:`CasegraphBundle` {id: $head}) RETURN h.types AS types, h.counts AS coun
    """
    return (
        f"OPTIONAL MATCH (h:`{BUNDLES}` {{id: $head}}) "
        "RETURN h.types AS types, h.counts AS counts, h.parts AS parts, h.stamps AS stamps, "
        f"h.chunks AS chunks, COUNT {{ MATCH (m:`{MANIFEST}`) }} > 0 AS ranges, {_counts_lists()}"
    )


def bundle_index() -> str:
    """An index on the bundle manifest's ids, created with the manifest: a reload looks
    entries up by id and by a partition's prefix.

    >>> bundle_index()
    'CREATE INDEX casegraph_bundle_id IF NOT EXISTS FOR (b:`CasegraphBundle`) ON (b.id)'
    """
    return f"CREATE INDEX casegraph_bundle_id IF NOT EXISTS FOR (b:`{BUNDLES}`) ON (b.id)"


def bundle_digests() -> str:
    """The ``id`` and ``digest`` of every bundle entry whose id starts with one of
    ``$prefixes`` (a partition's entries: ``""`` for all), as two parallel lists in one
    record (a seek in :func:`bundle_index` per prefix).

    >>> print(bundle_digests())
    UNWIND $prefixes AS prefix MATCH (b:`CasegraphBundle`) WHERE b.id STARTS WITH prefix AND b.id <> $head RETURN collect(b.id) AS ids, collect(coalesce(b.digest, '')) AS digests
    """  # noqa: E501
    return (
        f"UNWIND $prefixes AS prefix MATCH (b:`{BUNDLES}`) "
        "WHERE b.id STARTS WITH prefix AND b.id <> $head "
        "RETURN collect(b.id) AS ids, collect(coalesce(b.digest, '')) AS digests"
    )


def holders() -> str:
    """The partitions (``parts``) of those of ``$probes`` (``{id, part, nodes, rels}``
    maps: a stored chunk and rows it may hold) whose chunk holds one of their rows.

    >>> print(holders())
    UNWIND $probes AS p MATCH (b:`CasegraphBundle` {id: p.id}) WHERE any(x IN p.nodes WHERE x IN b.nodes) OR any(x IN p.rels WHERE x IN b.rels) RETURN collect(DISTINCT p.part) AS parts
    """  # noqa: E501
    return (
        f"UNWIND $probes AS p MATCH (b:`{BUNDLES}` {{id: p.id}}) "
        "WHERE any(x IN p.nodes WHERE x IN b.nodes) OR any(x IN p.rels WHERE x IN b.rels) "
        "RETURN collect(DISTINCT p.part) AS parts"
    )


def bundle_rows() -> str:
    """The stored rows (and their digests) of the bundles whose ids are ``$ids``.

    >>> print(bundle_rows())
    MATCH (b:`CasegraphBundle`) WHERE b.id IN $ids RETURN b.id AS id, b.nodes AS nodes, b.node_digests AS nd, b.rels AS rels, b.rel_digests AS rd
    """  # noqa: E501
    return (
        f"MATCH (b:`{BUNDLES}`) WHERE b.id IN $ids RETURN b.id AS id, b.nodes AS nodes, "
        "b.node_digests AS nd, b.rels AS rels, b.rel_digests AS rd"
    )


def still_held(field: str) -> str:
    """Those of ``$rows`` that the stored list ``field`` (``nodes`` or ``rels``) of a
    bundle outside ``$skip`` (and not the head ``$head``) holds, as one list ``held``.

    >>> print(still_held("rels")[:79])
    MATCH (b:`CasegraphBundle`) WHERE b.id <> $head AND NOT b.id IN $skip UNWIND [x
    """
    if field not in ("nodes", "rels"):
        raise ValueError(f"not a list of a bundle entry: {field!r}")
    return (
        f"MATCH (b:`{BUNDLES}`) WHERE b.id <> $head AND NOT b.id IN $skip "
        f"UNWIND [x IN b.{field} WHERE x IN $rows] AS x RETURN collect(DISTINCT x) AS held"
    )


def replace_bundles() -> str:
    """Delete the bundle entries whose ids are in ``$gone`` and create ``$entries`` (maps
    with an ``id``; the id of an entry that replaces one is in ``$gone`` too).

    >>> print(replace_bundles())
    MATCH (b:`CasegraphBundle`) WHERE b.id IN $gone DELETE b WITH count(*) AS gone UNWIND $entries AS e CREATE (b:`CasegraphBundle`) SET b = e RETURN count(*) AS entries
    """  # noqa: E501
    return (
        f"MATCH (b:`{BUNDLES}`) WHERE b.id IN $gone DELETE b WITH count(*) AS gone "
        f"UNWIND $entries AS e CREATE (b:`{BUNDLES}`) SET b = e RETURN count(*) AS entries"
    )


def write_head() -> str:
    """Write the head ``$head`` of the bundle manifest: the labels and types ``$types``
    and the counts Neo4j holds, counted by the server in the writing transaction (a later
    load checks them before it trusts the manifest), and per partition of ``$parts`` the
    stamp it was loaded from (``$stamps``) and its shared bundle's chunks (``$chunks``).

    >>> write_head().startswith("CALL () { RETURN [COUNT { MATCH (n:`Forum`) }, ")
    True
    """
    return (
        f"CALL () {{ RETURN {_counts_lists()} }} "
        f"MERGE (h:`{BUNDLES}` {{id: $head}}) SET h.types = $types, h.counts = nodes + rels, "
        "h.parts = $parts, h.stamps = $stamps, h.chunks = $chunks"
    )


def drop_head() -> str:
    """Delete the head ``$head`` of the bundle manifest: until it is written again no load
    trusts the manifest (a reload in several transactions starts so).

    >>> drop_head()
    'MATCH (h:`CasegraphBundle` {id: $head}) DELETE h'
    """
    return f"MATCH (h:`{BUNDLES}` {{id: $head}}) DELETE h"


def upsert_nodes(name: str) -> str:
    """Write those of the nodes ``$rows`` (maps of every property, ``key`` and ``_hash``
    included) of one label whose ``_hash`` differs from the stored one, in one query:
    the server compares. ``held``: rows whose node existed; ``unchanged``: rows whose
    hash was the stored one (so ``created`` is the rest of the rows, ``updated`` the rest
    of ``held``).

    >>> print(upsert_nodes("Case"))
    UNWIND $rows AS row OPTIONAL MATCH (old:`Case` {key: row.key}) WITH row, old, coalesce(old._hash, '') = row._hash AS same FOREACH (_ IN CASE WHEN same THEN [] ELSE [1] END | MERGE (n:`Case` {key: row.key}) SET n = row) RETURN count(old) AS held, count(CASE WHEN same THEN 1 END) AS unchanged
    """  # noqa: E501
    return (
        f"UNWIND $rows AS row OPTIONAL MATCH (old:{label(name)} {{{KEY}: row.{KEY}}}) "
        f"WITH row, old, coalesce(old.{HASH}, '') = row.{HASH} AS same "
        "FOREACH (_ IN CASE WHEN same THEN [] ELSE [1] END | "
        f"MERGE (n:{label(name)} {{{KEY}: row.{KEY}}}) SET n = row) "
        "RETURN count(old) AS held, count(CASE WHEN same THEN 1 END) AS unchanged"
    )


def upsert_relationships(type_: str, start: str, end: str) -> str:
    """Write those of the relationships ``$rows`` (``{start, end, props}`` maps, ``props``
    with ``_hash``) of one type between two labels whose ``_hash`` differs from the stored
    one, in one query. ``ends``: rows whose two end nodes exist (the others are not
    written); ``held``: rows whose relationship existed; ``unchanged``: as
    :func:`upsert_nodes`.

    >>> print(upsert_relationships("HAS_ITEM", "Meeting", "AgendaItem"))
    UNWIND $rows AS row MATCH (a:`Meeting` {key: row.start}) MATCH (b:`AgendaItem` {key: row.end}) OPTIONAL MATCH (a)-[old:`HAS_ITEM`]->(b) WITH a, b, row, old, coalesce(old._hash, '') = row.props._hash AS same FOREACH (_ IN CASE WHEN same THEN [] ELSE [1] END | MERGE (a)-[r:`HAS_ITEM`]->(b) SET r = row.props) RETURN count(*) AS ends, count(old) AS held, count(CASE WHEN same THEN 1 END) AS unchanged
    """  # noqa: E501
    return (
        f"UNWIND $rows AS row MATCH (a:{label(start)} {{{KEY}: row.start}}) "
        f"MATCH (b:{label(end)} {{{KEY}: row.end}}) "
        f"OPTIONAL MATCH (a)-[old:{rel_type(type_)}]->(b) "
        f"WITH a, b, row, old, coalesce(old.{HASH}, '') = row.props.{HASH} AS same "
        "FOREACH (_ IN CASE WHEN same THEN [] ELSE [1] END | "
        f"MERGE (a)-[r:{rel_type(type_)}]->(b) SET r = row.props) "
        "RETURN count(*) AS ends, count(old) AS held, count(CASE WHEN same THEN 1 END) AS unchanged"
    )
