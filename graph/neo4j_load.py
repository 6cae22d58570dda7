"""Load the casegraph graph into Neo4j: batched, idempotent and resumable.

The networkx graph of ``docs/schema.md`` maps one to one onto Neo4j: a node's
``type`` becomes its label and its id the ``key`` property (unique per label,
enforced by a constraint); an edge's type becomes the relationship type, and a
relationship is identified by its start node, type and end node. Properties are
stored as they are, except that ``None`` values are dropped, lists of strings (or
of numbers, or of booleans) stay lists, and anything nested is JSON-encoded.

Each node and relationship also stores ``_hash``, a digest of its properties. For
each batch the loader first reads the stored hashes of its keys and then writes
(``MERGE`` on the key, ``SET`` all properties) only the rows that are new or whose
hash differs, both in one managed transaction. So a second load of the same graph
writes nothing, a load after more ingest creates what is new and rewrites only what
changed, and a load interrupted half-way (every batch is its own transaction)
completes when re-run.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("forum:direktionen", type="Forum", name="Direktionen")
>>> rows, skipped = node_rows(G)
>>> rows["Forum"][0]["key"], rows["Forum"][0]["name"], skipped
('forum:direktionen', 'Direktionen', [])
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
import networkx as nx
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.exceptions import (
    Neo4jError as DriverNeo4jError,
)

from core.errors import (
    Neo4jAuthError,
    Neo4jDatabaseError,
    Neo4jError,
    Neo4jUnavailableError,
)
from graph import cypher

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
DEFAULT_BATCH_SIZE = 2000
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

Progress = Callable[[int, int], None]
Row = dict[str, Any]


# -- report ------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """What a load did to the nodes of one label or the relationships of one type."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: In Neo4j but no longer in the store (a changed or removed document, a re-link).
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
            self.deleted + other.deleted,
        )


@dataclass(frozen=True)
class LoadReport:
    """Counts per node label and per relationship type, and what could not be loaded.

    >>> r = LoadReport(nodes={"Forum": Counts(created=2)}, relationships={})
    >>> r.node_totals, r.changed
    (Counts(created=2, updated=0, unchanged=0, deleted=0), True)
    """

    nodes: dict[str, Counts] = field(default_factory=dict)
    relationships: dict[str, Counts] = field(default_factory=dict)
    #: One line per node or edge that was left out, saying why.
    skipped: tuple[str, ...] = ()

    @property
    def node_totals(self) -> Counts:
        return sum(self.nodes.values(), Counts())

    @property
    def relationship_totals(self) -> Counts:
        return sum(self.relationships.values(), Counts())

    @property
    def changed(self) -> bool:
        """True if the load created, updated or deleted anything."""
        totals = self.node_totals + self.relationship_totals
        return bool(totals.created or totals.updated or totals.deleted)

    def summary(self) -> str:
        """A table of the counts, for the CLI.

        >>> print(LoadReport(nodes={"Case": Counts(1, 2, 3)}).summary())
                             created   updated unchanged   deleted
        Case                       1         2         3         0
        nodes                      1         2         3         0
        relationships              0         0         0         0
        """
        lines = [f"{'':<20}{'created':>8}{'updated':>10}{'unchanged':>10}{'deleted':>10}"]

        def line(name: str, c: Counts) -> str:
            return f"{name:<20}{c.created:>8,}{c.updated:>10,}{c.unchanged:>10,}{c.deleted:>10,}"

        lines += [line(name, c) for name, c in self.nodes.items()]
        lines += [line(name, c) for name, c in self.relationships.items()]
        lines.append(line("nodes", self.node_totals))
        lines.append(line("relationships", self.relationship_totals))
        if self.skipped:
            lines.append(f"skipped {len(self.skipped)}:")
            lines += [f"  {s}" for s in self.skipped[:20]]
            if len(self.skipped) > 20:
                lines.append(f"  ... and {len(self.skipped) - 20} more")
        return "\n".join(lines)


# -- properties and rows ------------------------------------------------------------

_SCALARS = (str, bool, int, float)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def neo4j_value(value: Any) -> Any:
    """A networkx attribute value as a Neo4j property value (``None``: leave it out).

    Neo4j stores scalars and homogeneous lists of scalars; anything else (a map, a
    list of maps, a list mixing types or holding ``None``) is JSON-encoded.

    >>> neo4j_value(("Gitte Clemmensen", "Jens Andersen"))
    ['Gitte Clemmensen', 'Jens Andersen']
    >>> neo4j_value({"b": 1, "a": [None]})
    '{"a": [null], "b": 1}'
    >>> neo4j_value(["x", 1])
    '["x", 1]'
    >>> neo4j_value(None) is None
    True
    """
    if value is None or isinstance(value, _SCALARS):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
            return str(value)  # Neo4j integers are 64-bit
        return value
    if isinstance(value, (list, tuple)):
        kinds = {_list_kind(v) for v in value}
        if len(kinds) <= 1 and None not in kinds:
            return list(value)
        return _json(value)
    return _json(value)


def _list_kind(value: Any) -> type | None:
    # bool is an int in Python but a different type in Neo4j; floats and ints do not mix.
    if isinstance(value, bool):
        return bool
    if isinstance(value, int) and abs(value) < 2**63:
        return int
    if isinstance(value, float):
        return float
    if isinstance(value, str):
        return str
    return None


def neo4j_properties(attrs: Mapping[str, Any], *, drop: Sequence[str] = ()) -> dict[str, Any]:
    """Properties for Neo4j from networkx attributes, with their ``_hash``.

    ``drop`` names attributes that Neo4j holds elsewhere (``type`` is the label).
    Properties that had to be JSON-encoded are named in ``_json``, so that
    :func:`networkx_attributes` can decode exactly those (a title that merely looks
    like JSON stays a string). The hash covers every stored property, so it changes
    exactly when one does.

    >>> p = neo4j_properties({"type": "Case", "number": "S2020-1", "x": None}, drop=["type"])
    >>> sorted(p), len(p["_hash"])
    (['_hash', 'number'], 32)
    >>> p == neo4j_properties({"number": "S2020-1"})
    True
    >>> neo4j_properties({"m": [{"kind": "guest"}]})["_json"]
    ['m']
    """
    props: dict[str, Any] = {}
    encoded: list[str] = []
    for name, value in attrs.items():
        if name in drop or name in (cypher.HASH, cypher.JSON):
            continue
        converted = neo4j_value(value)
        if converted is None:
            continue
        props[str(name)] = converted
        if isinstance(converted, str) and not isinstance(value, str):
            encoded.append(str(name))
    if encoded:
        props[cypher.JSON] = sorted(encoded)
    props[cypher.HASH] = property_hash(props)
    return props


def networkx_attributes(props: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`neo4j_properties`: networkx attributes from Neo4j properties.

    ``_hash`` is dropped and the properties named in ``_json`` are decoded; ``None``
    values, which were never stored, stay absent.

    >>> attrs = {"title": "[1]", "m": [{"kind": "guest"}], "names": ["Åse"]}
    >>> networkx_attributes(neo4j_properties(attrs)) == attrs
    True
    """
    encoded = set(props.get(cypher.JSON) or ())
    attrs: dict[str, Any] = {}
    for name, value in props.items():
        if name in (cypher.HASH, cypher.JSON):
            continue
        attrs[name] = json.loads(value) if name in encoded else value
    return attrs


def property_hash(props: Mapping[str, Any]) -> str:
    """A stable digest of a property map (order of keys does not matter).

    >>> property_hash({"a": 1, "b": [1, 2]}) == property_hash({"b": [1, 2], "a": 1})
    True
    """
    canonical = json.dumps(props, ensure_ascii=False, sort_keys=True, allow_nan=True, default=str)
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=16).hexdigest()


Group = tuple[str, str, str]  # relationship type, start label, end label


def _node_buckets(G: nx.MultiDiGraph) -> tuple[dict[str, list[Any]], list[str]]:
    """Node ids per label (whitelisted labels only, in NODE_LABELS order), and the skipped."""
    buckets: dict[str, list[Any]] = defaultdict(list)
    skipped: list[str] = []
    for key, name in G.nodes(data="type"):
        if name in cypher.NODE_LABELS:
            buckets[name].append(key)
        else:
            skipped.append(f"node {key!r}: unknown type {name!r}")
    return {name: buckets[name] for name in cypher.NODE_LABELS if name in buckets}, skipped


def _edge_buckets(
    G: nx.MultiDiGraph,
) -> tuple[dict[Group, list[tuple[Any, Any, dict[str, Any]]]], list[str]]:
    """Edges per (type, start label, end label), sorted by group, and the skipped ones."""
    labels = dict(G.nodes(data="type"))
    buckets: dict[Group, list[tuple[Any, Any, dict[str, Any]]]] = defaultdict(list)
    skipped: list[str] = []
    seen: set[tuple[Any, Any, str]] = set()
    for u, v, edge_key, attrs in G.edges(keys=True, data=True):
        name = attrs.get("type", edge_key)
        start, end = labels.get(u), labels.get(v)
        where = f"edge {u!r} -[{name}]-> {v!r}"
        if name not in cypher.REL_TYPES:
            skipped.append(f"{where}: unknown type {name!r}")
        elif start not in cypher.NODE_LABELS or end not in cypher.NODE_LABELS:
            skipped.append(f"{where}: an end node has an unknown type")
        elif (u, v, name) in seen:
            skipped.append(f"{where}: a second edge of this type between the same nodes")
        else:
            seen.add((u, v, name))
            buckets[name, str(start), str(end)].append((u, v, attrs))
    return dict(sorted(buckets.items())), skipped


def _node_row(G: nx.MultiDiGraph, key: Any) -> Row:
    props = neo4j_properties(G.nodes[key], drop=("type", cypher.KEY))
    props[cypher.KEY] = str(key)
    return props


def _relationship_row(u: Any, v: Any, attrs: Mapping[str, Any]) -> Row:
    return {"start": str(u), "end": str(v), "props": neo4j_properties(attrs, drop=("type",))}


def node_rows(G: nx.MultiDiGraph) -> tuple[dict[str, list[Row]], list[str]]:
    """Rows per label for :func:`graph.cypher.merge_nodes`, and the skipped nodes.

    A node whose ``type`` is missing or not a known label is skipped (labels come
    only from :data:`graph.cypher.NODE_LABELS`, never from data).
    """
    buckets, skipped = _node_buckets(G)
    return {name: [_node_row(G, k) for k in keys] for name, keys in buckets.items()}, skipped


def relationship_rows(G: nx.MultiDiGraph) -> tuple[dict[Group, list[Row]], list[str]]:
    """Rows per (type, start label, end label) for :func:`graph.cypher.merge_relationships`.

    An edge is skipped when its type is unknown, when an end node was skipped, or
    when it repeats the type of another edge between the same two nodes (the edge
    key must be the type: docs/schema.md).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("meeting:d:2021-01-07", type="Meeting")
    >>> G.add_node("forum:d", type="Forum")
    >>> _ = G.add_edge("meeting:d:2021-01-07", "forum:d", key="OF_FORUM", type="OF_FORUM")
    >>> rows, skipped = relationship_rows(G)
    >>> list(rows), rows["OF_FORUM", "Meeting", "Forum"][0]["end"]
    ([('OF_FORUM', 'Meeting', 'Forum')], 'forum:d')
    """
    buckets, skipped = _edge_buckets(G)
    rows = {group: [_relationship_row(*e) for e in edges] for group, edges in buckets.items()}
    return rows, skipped


class _Prefetch:
    """Runs a generator in a background thread, a few items ahead of its consumer.

    The loader builds the rows of the next batches (hashing, converting) while the
    server works on the current one: the two would otherwise take turns, and the row
    building is about a third of a load's CPU time. Closing it stops the thread.
    """

    _DONE = object()

    def __init__(self, items: Iterator[Any], depth: int = 4) -> None:
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(items,), name="casegraph-neo4j-rows", daemon=True
        )
        self._thread.start()

    def _put(self, item: Any) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self, items: Iterator[Any]) -> None:
        try:
            for item in items:
                if not self._put((item, None)):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            self._put((self._DONE, exc))
            return
        self._put((self._DONE, None))

    def __iter__(self) -> Iterator[Any]:
        while True:
            item, error = self._queue.get()
            if error is not None:
                raise error
            if item is self._DONE:
                return
            yield item

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


# -- connecting and errors -----------------------------------------------------------


@dataclass(frozen=True)
class Neo4jSettings:
    """Where Neo4j is: ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``.

    The password is left out of the repr, so printing the settings never shows it.

    >>> s = Neo4jSettings.from_env({"NEO4J_PASSWORD": "secret", "NEO4J_DATABASE": "neo4j"})
    >>> s
    Neo4jSettings(uri='bolt://127.0.0.1:7687', user='neo4j', database='neo4j')
    >>> s.password
    'secret'
    """

    uri: str = DEFAULT_URI
    user: str = DEFAULT_USER
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, **overrides: str | None
    ) -> Neo4jSettings:
        """Settings from the environment; explicit values that are not None win."""
        env = os.environ if env is None else env
        values = {
            "uri": env.get("NEO4J_URI") or DEFAULT_URI,
            "user": env.get("NEO4J_USER") or DEFAULT_USER,
            "password": env.get("NEO4J_PASSWORD"),
            "database": env.get("NEO4J_DATABASE") or None,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def redact(uri: str) -> str:
    """A URI without any user or password in it, fit for a message.

    >>> redact("neo4j+s://neo4j:secret@example.org:7687")
    'neo4j+s://example.org:7687'
    >>> redact("bolt://127.0.0.1:7687")
    'bolt://127.0.0.1:7687'
    """
    parts = urlsplit(uri)
    if parts.username is None and parts.password is None:
        return uri
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _translate(
    exc: Exception,
    where: str,
    user: str | None,
    database: str | None,
    password: str | None,
    databases: Sequence[str] = (),
) -> Neo4jError:
    """The casegraph error for a driver error: what failed and what to do."""
    error: type[Neo4jError] = Neo4jError
    if isinstance(exc, AuthError):
        error = Neo4jAuthError
        who = f"user {user!r}" if user else "the user"
        message = (
            f"Neo4j at {where} refused the login of {who}: check NEO4J_USER (--user) "
            "and NEO4J_PASSWORD"
        )
    elif isinstance(exc, (ServiceUnavailable, SessionExpired, OSError)):
        error = Neo4jUnavailableError
        message = (
            f"cannot reach Neo4j at {where}: start the development server with "
            "`scripts/neo4j-dev start`, or point NEO4J_URI (--uri) at your Neo4j"
        )
    elif isinstance(exc, ClientError) and exc.code == "Neo.ClientError.Database.DatabaseNotFound":
        error = Neo4jDatabaseError
        known = f" (it has: {', '.join(databases)})" if databases else ""
        message = (
            f"Neo4j at {where} has no database {database!r}{known}: check --database "
            "or NEO4J_DATABASE, or leave it out to use the server's default"
        )
    elif isinstance(exc, DriverNeo4jError):
        message = f"Neo4j at {where} failed: {exc.code}: {exc.message}"
    else:
        message = f"Neo4j at {where} failed: {type(exc).__name__}: {exc}"
    if password:
        # Belt and braces: no server or driver message should echo it, but never risk it.
        message = message.replace(password, "***")
    return error(message)


@contextmanager
def driver_errors(
    where: str,
    database: str | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
) -> Iterator[None]:
    """Turn the driver's errors inside the block into :class:`core.errors.Neo4jError`.

    ``where`` names the server in the message (a URI or an address).

    >>> with driver_errors("bolt://127.0.0.1:1"):
    ...     raise neo4j.exceptions.ServiceUnavailable("refused")
    Traceback (most recent call last):
    ...
    core.errors.Neo4jUnavailableError: cannot reach Neo4j at bolt://127.0.0.1:1: start the development server with `scripts/neo4j-dev start`, or point NEO4J_URI (--uri) at your Neo4j
    """  # noqa: E501
    try:
        yield
    except (DriverNeo4jError, DriverError, OSError) as exc:
        raise _translate(exc, where, user, database, password) from None


def connect(
    uri: str = DEFAULT_URI,
    user: str = DEFAULT_USER,
    password: str = "",
    database: str | None = None,
) -> neo4j.Driver:
    """A driver for ``uri`` that has logged in and reached ``database``.

    Raises :class:`core.errors.Neo4jError` when the server is down, the
    credentials are wrong or the database does not exist; the message names the
    URI and never contains the password. Close the driver when done.

    >>> connect("http://127.0.0.1:7474", "neo4j", "x")
    Traceback (most recent call last):
    ...
    core.errors.Neo4jError: 'http://127.0.0.1:7474' is not a Neo4j URI: use bolt://HOST:7687 or neo4j://HOST:7687 (neo4j+s:// for Aura); set NEO4J_URI or --uri
    """  # noqa: E501
    shown = redact(uri)
    scheme = urlsplit(uri).scheme
    if scheme not in URI_SCHEMES:
        raise Neo4jError(
            f"{shown!r} is not a Neo4j URI: use bolt://HOST:7687 or neo4j://HOST:7687 "
            "(neo4j+s:// for Aura); set NEO4J_URI or --uri"
        )
    if shown != uri:
        raise Neo4jError(
            f"{shown!r}: leave the user and password out of the URI; set the user with "
            "NEO4J_USER or --user and the password with NEO4J_PASSWORD"
        )
    try:
        driver = neo4j.GraphDatabase.driver(
            uri, auth=(user, password), connection_timeout=10.0, max_transaction_retry_time=15.0
        )
    except (ValueError, DriverError) as exc:
        reason = str(exc).replace(uri, shown)
        if password:
            reason = reason.replace(password, "***")
        raise Neo4jError(f"{shown!r} is not a usable Neo4j URI: {reason}") from None
    try:
        with driver_errors(shown, database, user=user, password=password):
            driver.verify_connectivity()
        try:
            # verify_connectivity does not check that the database exists.
            driver.execute_query("RETURN 1", database_=database)
        except (DriverNeo4jError, DriverError, OSError) as exc:
            raise _translate(
                exc, shown, user, database, password, _database_names(driver)
            ) from None
    except Neo4jError:
        driver.close()
        raise
    return driver


def _database_names(driver: neo4j.Driver) -> list[str]:
    """The server's database names, or none when the user may not list them."""
    try:
        records, _, _ = driver.execute_query(cypher.list_databases(), database_="system")
    except (DriverNeo4jError, DriverError, OSError):
        return []
    return [r["name"] for r in records]


# -- loading ------------------------------------------------------------------------


def _where(driver: neo4j.Driver) -> str:
    # Direct and routing drivers both have .address; the base class does not declare it.
    return str(getattr(driver, "address", "the configured address"))


def _upsert_nodes(
    tx: neo4j.ManagedTransaction, name: str, rows: list[Row], fresh: bool = False
) -> Counts:
    """One batch of one label: read the stored hashes, write only new and changed rows.

    ``fresh``: the label had no node when this load reached it, so there is nothing to
    read (the first load of a database skips every read this way).
    """
    old: dict[str, str] = {}
    if not fresh:
        keys = [row[cypher.KEY] for row in rows]
        found = tx.run(cypher.node_hashes(name), keys=keys).single(strict=True)
        old = dict(zip(found["keys"], found["hashes"], strict=True))
    todo = [row for row in rows if old.get(row[cypher.KEY]) != row[cypher.HASH]]
    if todo:
        tx.run(cypher.merge_nodes(name), rows=todo).consume()
    created = sum(1 for row in todo if row[cypher.KEY] not in old)
    return Counts(created, len(todo) - created, len(rows) - len(todo))


def _upsert_relationships(
    tx: neo4j.ManagedTransaction, group: Group, rows: list[Row], fresh: bool = False
) -> tuple[Counts, int]:
    """One batch of one relationship group; also returns how many rows lacked an end node.

    ``fresh``: the type had no relationship when this load reached it (nothing to read).
    """
    old: dict[tuple[str, str], str] = {}
    if not fresh:
        ends = [{"start": row["start"], "end": row["end"]} for row in rows]
        found = tx.run(cypher.relationship_hashes(*group), rows=ends).single(strict=True)
        pairs = zip(found["starts"], found["ends"], strict=True)
        old = dict(zip(pairs, found["hashes"], strict=True))
    todo = [row for row in rows if old.get((row["start"], row["end"])) != row["props"][cypher.HASH]]
    written = 0
    if todo:
        result = tx.run(cypher.merge_relationships(*group), rows=todo).single(strict=True)
        written = result["rows"]
    # A row without both end nodes cannot have existed, so it is one of the "new" ones.
    missing = len(todo) - written
    created = sum(1 for row in todo if (row["start"], row["end"]) not in old) - missing
    return Counts(created, len(todo) - missing - created, len(rows) - len(todo)), missing


def _count(tx: neo4j.ManagedTransaction, query: str) -> int:
    return int(tx.run(query).single(strict=True)["count"])


def _create_constraint(tx: neo4j.ManagedTransaction, query: str) -> None:
    tx.run(query).consume()


def ensure_constraints(driver: neo4j.Driver, *, database: str | None = None) -> None:
    """Create the uniqueness constraint on ``key`` of every node label, and the text index
    on case numbers (each only if missing)."""
    with (
        driver_errors(_where(driver), database),
        driver.session(database=database) as session,
    ):
        for name in cypher.NODE_LABELS:
            session.execute_write(_create_constraint, cypher.node_constraint(name))
        session.execute_write(_create_constraint, cypher.case_number_index())


def _delete(tx: neo4j.ManagedTransaction, query: str, **params: Any) -> int:
    return int(tx.run(query, **params).single(strict=True)["deleted"])


def _keys(tx: neo4j.ManagedTransaction, query: str) -> list[tuple[Any, ...]]:
    return [tuple(record.values()) for record in tx.run(query)]


def prune(
    driver: neo4j.Driver,
    G: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    skip: frozenset[str] = frozenset(),
) -> tuple[dict[str, int], dict[str, int]]:
    """Delete what Neo4j holds of casegraph's labels and types but ``G`` no longer has.

    ``skip``: labels and types known to hold only what this load wrote (they were empty
    when it reached them), so there is nothing stale to look for.

    The store is the source of truth: a changed document's old items, a re-link's old
    matters and CONTINUES edges go. Only casegraph's own labels and relationship types are
    read, so other data in the database is never touched. Returns deleted counts per label
    and per relationship type.
    """
    nodes_in_g: dict[str, set[str]] = defaultdict(set)
    for key, attrs in G.nodes(data=True):
        nodes_in_g[str(attrs.get("type"))].add(str(key))
    edges_in_g: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for u, v, k, attrs in G.edges(keys=True, data=True):
        # The same rule as the loader: the type attribute, else the edge key.
        edges_in_g[str(attrs.get("type", k))].add((str(u), str(v)))
    deleted_nodes: dict[str, int] = {}
    deleted_rels: dict[str, int] = {}
    with driver_errors(_where(driver), database), driver.session(database=database) as session:
        for type_ in cypher.REL_TYPES:
            if type_ in skip:
                continue
            stale: dict[tuple[str, str], list[Row]] = defaultdict(list)
            for start, start_label, end, end_label in session.execute_read(
                _keys, cypher.relationship_ends(type_)
            ):
                if (start, end) in edges_in_g[type_]:
                    continue
                if start_label in cypher.NODE_LABELS and end_label in cypher.NODE_LABELS:
                    stale[(start_label, end_label)].append({"start": start, "end": end})
            for (start_label, end_label), rows in stale.items():
                query = cypher.delete_relationships(type_, start_label, end_label)
                for i in range(0, len(rows), batch_size):
                    n = session.execute_write(_delete, query, rows=rows[i : i + batch_size])
                    deleted_rels[type_] = deleted_rels.get(type_, 0) + n
        for name in cypher.NODE_LABELS:
            if name in skip:
                continue
            keys = [k for (k,) in session.execute_read(_keys, cypher.node_keys(name))]
            gone = [k for k in keys if k not in nodes_in_g[name]]
            for i in range(0, len(gone), batch_size):
                n = session.execute_write(
                    _delete, cypher.delete_nodes(name), keys=gone[i : i + batch_size]
                )
                deleted_nodes[name] = deleted_nodes.get(name, 0) + n
    return deleted_nodes, deleted_rels


def load_graph(
    driver: neo4j.Driver,
    G: nx.MultiDiGraph,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    prune_stale: bool = True,
) -> LoadReport:
    """Write ``G`` into Neo4j and count what was created, updated and unchanged.

    Constraints first, then the nodes label by label, then the relationships, in
    ``UNWIND`` batches of ``batch_size`` rows, each batch one managed (retried)
    transaction that reads the batch's stored hashes and writes only what differs.
    ``progress(done, total)`` is called with row counts before the first batch and
    after each one; an exception it raises stops the load, and
    the batches written so far stay (a re-run completes the load).

    Parameters
    ----------
    driver:
        A driver, for instance from :func:`connect`.
    G:
        The graph of ``docs/schema.md`` (``graph.store.Store(path).graph()``).
    database:
        The database; ``None`` is the server's default.

    Examples
    --------
    >>> driver = connect(uri, user, password)  # doctest: +SKIP
    >>> load_graph(driver, Store(".casegraph").graph()).node_totals  # doctest: +SKIP
    Counts(created=1480, updated=0, unchanged=0)
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    nodes, skipped = _node_buckets(G)
    rels, rel_skipped = _edge_buckets(G)
    skipped += rel_skipped
    total = sum(map(len, nodes.values())) + sum(map(len, rels.values()))
    node_counts: dict[str, Counts] = defaultdict(Counts)
    rel_counts: dict[str, Counts] = defaultdict(Counts)
    missing: dict[str, int] = defaultdict(int)
    done = 0

    def batches() -> Iterator[tuple[bool, Any, list[Row]]]:
        # (is a node batch, label or group, rows), nodes first: relationships need them.
        for name, keys in nodes.items():
            for start in range(0, len(keys), batch_size):
                chunk = keys[start : start + batch_size]
                yield True, name, [_node_row(G, k) for k in chunk]
        for group, edges in rels.items():
            for start in range(0, len(edges), batch_size):
                chunk = edges[start : start + batch_size]
                yield False, group, [_relationship_row(*e) for e in chunk]

    where = _where(driver)
    ensure_constraints(driver, database=database)
    if progress is not None:
        progress(0, total)
    # Whether a label or relationship type was empty when this load reached it: then its
    # batches need not read stored hashes first (counts come from Neo4j's count store).
    fresh: dict[str, bool] = {}
    prefetch = _Prefetch(batches())
    try:
        with driver.session(database=database) as session:
            for is_node, what, batch in prefetch:
                # Only driver calls are translated: an error of the progress callback is
                # the caller's own and must reach it unchanged.
                with driver_errors(where, database):
                    if is_node:
                        if what not in fresh:
                            query = cypher.count_nodes(what)
                            fresh[what] = session.execute_read(_count, query) == 0
                        node_counts[what] += session.execute_write(
                            _upsert_nodes, what, batch, fresh[what]
                        )
                    else:
                        type_ = what[0]
                        if type_ not in fresh:
                            query = cypher.count_relationships(type_)
                            fresh[type_] = session.execute_read(_count, query) == 0
                        counts, lost = session.execute_write(
                            _upsert_relationships, what, batch, fresh[type_]
                        )
                        rel_counts[type_] += counts
                        missing[type_] += lost
                done += len(batch)
                if progress is not None:
                    progress(done, total)
    finally:
        prefetch.close()
    for type_, n in missing.items():
        if n:
            skipped.append(f"{n} {type_} relationships: an end node is missing in Neo4j")
    if prune_stale:
        # A label or type that was empty when this load reached it holds only this load.
        empty = frozenset(name for name, was_empty in fresh.items() if was_empty)
        gone_nodes, gone_rels = prune(
            driver, G, database=database, batch_size=batch_size, skip=empty
        )
        for name, n in gone_nodes.items():
            node_counts[name] += Counts(deleted=n)
        for type_, n in gone_rels.items():
            rel_counts[type_] += Counts(deleted=n)
    return LoadReport(
        nodes=dict(node_counts), relationships=dict(rel_counts), skipped=tuple(skipped)
    )


def load_store(
    store: str | Path,
    *,
    uri: str | None = None,
    user: str | None = None,
    password: str = "",
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    prune_stale: bool = True,
) -> LoadReport:
    """Load the graph of the store folder ``store`` into the Neo4j at ``uri``.

    ``uri`` and ``user`` default to :data:`DEFAULT_URI` and :data:`DEFAULT_USER`.
    Connects first, so a wrong URI, password or database fails before the
    (possibly slow) graph is read; an empty store raises
    :class:`core.errors.EmptyStoreError`.
    """
    from graph.store import Store
    from queries.meetings import require_data

    driver = connect(uri or DEFAULT_URI, user or DEFAULT_USER, password, database)
    try:
        with Store(store) as opened:
            G = opened.graph()
        require_data(G)
        return load_graph(
            driver,
            G,
            database=database,
            batch_size=batch_size,
            progress=progress,
            prune_stale=prune_stale,
        )
    finally:
        driver.close()
