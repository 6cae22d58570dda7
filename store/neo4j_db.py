"""The Neo4j database as casegraph stores its graph there: connecting, errors, properties.

Connecting checks the login and the database before anything else happens, and every
driver error becomes a :class:`core.errors.Neo4jError` that names the server and says what
to do, never showing the password. A networkx attribute maps to a Neo4j property as it is,
except that ``None`` values are dropped, lists of strings (or of numbers, or of booleans)
stay lists, and anything nested is JSON-encoded (:func:`neo4j_properties`;
:func:`networkx_attributes` reads them back). The loader is :mod:`outputs.neo4j_load`, the
questions asked of Neo4j are in :mod:`queries.neo4j_backend`, and the Cypher itself in
:mod:`store.cypher`.

>>> networkx_attributes(neo4j_properties({"type": "Forum", "name": "Direktionen"}, drop=["type"]))
{'name': 'Direktionen'}
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import neo4j
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
from store import cypher

DEFAULT_URI = "bolt://127.0.0.1:7687"
DEFAULT_USER = "neo4j"
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


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
    """A URI without any user or password in it, fit for a message (also when it is malformed).

    >>> redact("neo4j+s://neo4j:secret@example.org:7687")
    'neo4j+s://example.org:7687'
    >>> redact("bolt://127.0.0.1:7687")
    'bolt://127.0.0.1:7687'
    >>> redact("bolt://neo4j:secret@[::1")
    'bolt://[::1'
    """
    try:
        parts = urlsplit(uri)
        if parts.username is None and parts.password is None:
            return uri
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    except ValueError:
        # Not parseable (an unclosed "[", a bad port): cut anything before an "@" in the
        # authority, where a user and password would be.
        return re.sub(r"^([^:/]*://)[^/]*@", r"\1", uri)


def check_uri(uri: str) -> str:
    """Check that ``uri`` can name a Neo4j server; return it as messages show it.

    Raises :class:`core.errors.Neo4jError` saying what is wrong and what to do, never
    showing a password. The server is not contacted.

    >>> check_uri("bolt://127.0.0.1:7687")
    'bolt://127.0.0.1:7687'
    >>> check_uri("bolt://[::1")
    Traceback (most recent call last):
    ...
    core.errors.Neo4jError: 'bolt://[::1' is not a usable Neo4j URI (an IPv6 address needs its closing "]"): use bolt://HOST:7687 or neo4j://HOST:7687 (neo4j+s:// for Aura); set NEO4J_URI or --uri
    >>> check_uri("bolt://127.0.0.1:99999")
    Traceback (most recent call last):
    ...
    core.errors.Neo4jError: 'bolt://127.0.0.1:99999' is not a usable Neo4j URI (the port must be a number from 1 to 65535): use bolt://HOST:7687 or neo4j://HOST:7687 (neo4j+s:// for Aura); set NEO4J_URI or --uri
    """  # noqa: E501
    shown = redact(uri)
    advice = (
        "use bolt://HOST:7687 or neo4j://HOST:7687 (neo4j+s:// for Aura); set NEO4J_URI or --uri"
    )
    if shown != uri:
        raise Neo4jError(
            f"{shown!r}: leave the user and password out of the URI; set the user with "
            "NEO4J_USER or --user and the password with NEO4J_PASSWORD"
        )
    problem = None
    try:
        parts = urlsplit(uri)
        port = parts.port
        if parts.scheme not in URI_SCHEMES:
            raise Neo4jError(f"{shown!r} is not a Neo4j URI: {advice}")
        if not parts.hostname:
            problem = "it names no host"
        elif port is not None and not 0 < port < 65536:
            problem = "the port must be a number from 1 to 65535"
        elif parts.path not in ("", "/"):
            problem = "a Neo4j URI has no path; name the database with --database"
    except ValueError as exc:
        problem = (
            'an IPv6 address needs its closing "]"'
            if "IPv6" in str(exc)
            else "the port must be a number from 1 to 65535"
        )
    if problem:
        raise Neo4jError(f"{shown!r} is not a usable Neo4j URI ({problem}): {advice}")
    return shown


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
    shown = check_uri(uri)
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(user, password),
            connection_timeout=10.0,
            max_transaction_retry_time=15.0,
            # The server's notifications ("this relationship type does not exist" for a
            # type a first load has not written yet) would be logged as multi-line warnings;
            # casegraph's queries are fixed and tested, so it asks the server for none.
            notifications_min_severity="OFF",
        )
    except (ValueError, DriverError) as exc:
        reason = str(exc).replace(uri, shown)
        if password:
            reason = reason.replace(password, "***")
        raise Neo4jError(f"{shown!r} is not a usable Neo4j URI: {reason}") from None
    try:
        with driver_errors(shown, database, user=user, password=password):
            try:
                driver.verify_connectivity()
            except ValueError as exc:  # the driver's resolver refuses the address
                raise ServiceUnavailable(str(exc)) from None
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


def driver_address(driver: neo4j.Driver) -> str:
    """Where a driver connects to, for messages."""
    # Direct and routing drivers both have .address; the base class does not declare it.
    return str(getattr(driver, "address", "the configured address"))


# -- properties ------------------------------------------------------------------------

_SCALARS = (str, bool, int, float)
_BIG = 2**63  # Neo4j integers are 64-bit


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
    like JSON stays a string); empty lists are left out and named in ``_empty``. The
    hash covers every stored property, so it changes exactly when one does.

    >>> p = neo4j_properties({"type": "Case", "number": "S2020-1", "x": None}, drop=["type"])
    >>> sorted(p), len(p["_hash"])
    (['_hash', 'number'], 32)
    >>> p == neo4j_properties({"number": "S2020-1"})
    True
    >>> neo4j_properties({"m": [{"kind": "guest"}]})["_json"]
    ['m']
    >>> {k: v for k, v in neo4j_properties({"absent": [], "x": ["Åse"]}).items() if k != "_hash"}
    {'x': ['Åse'], '_empty': ['absent']}
    """
    props: dict[str, Any] = {}
    encoded: list[str] = []
    empty: list[str] = []
    for name, value in attrs.items():
        if name in drop or name in cypher.BOOKKEEPING:
            continue
        kind = type(value)
        if kind is str or kind is bool or kind is float or (kind is int and -_BIG < value < _BIG):
            props[name] = value  # the common case, kept fast: a scalar stays as it is
            continue
        if value is None:
            continue
        if kind is list or kind is tuple:
            if not value:
                empty.append(str(name))
                continue
            if all(type(v) is str for v in value):
                props[str(name)] = list(value)  # a list of strings (names, case numbers)
                continue
        converted = neo4j_value(value)
        if converted is None:
            continue
        if converted == []:
            empty.append(str(name))
            continue
        props[str(name)] = converted
        if isinstance(converted, str) and not isinstance(value, str):
            encoded.append(str(name))
    if encoded:
        props[cypher.JSON] = sorted(encoded)
    if empty:
        props[cypher.EMPTY] = sorted(empty)
    props[cypher.HASH] = property_hash(props)
    return props


def networkx_attributes(props: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of :func:`neo4j_properties`: networkx attributes from Neo4j properties.

    ``_hash`` is dropped, the properties named in ``_json`` are decoded and those named in
    ``_empty`` are empty lists again; ``None`` values, which were never stored, stay absent.

    >>> attrs = {"title": "[1]", "m": [{"kind": "guest"}], "names": ["Åse"], "absent": []}
    >>> networkx_attributes(neo4j_properties(attrs)) == attrs
    True
    """
    encoded = set(props.get(cypher.JSON) or ())
    attrs: dict[str, Any] = {}
    for name, value in props.items():
        if name in cypher.BOOKKEEPING:
            continue
        attrs[name] = json.loads(value) if name in encoded else value
    for name in props.get(cypher.EMPTY) or ():
        attrs[name] = []
    return attrs


def property_hash(props: Mapping[str, Any]) -> str:
    """A stable digest of a property map (order of keys does not matter).

    >>> property_hash({"a": 1, "b": [1, 2]}) == property_hash({"b": [1, 2], "a": 1})
    True
    """
    canonical = "".join(_CANONICAL(props, 0))
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=16).hexdigest()


# One JSON encoder for every hash, called in C (JSONEncoder.encode makes one per call), with
# json.dumps(sort_keys=True, ensure_ascii=False, default=str)'s output; values hold no cycle.
_CANONICAL = c_make_encoder(None, str, encode_basestring, None, ": ", ", ", True, False, True)


# -- any Cypher (``casegraph neo4j cypher``) --------------------------------------------


def plain_value(value: Any) -> Any:
    """A value from the driver as plain JSON-able Python: a node as its labels and
    properties, a relationship as its type, end keys and properties, a path as its nodes
    and relationships, temporal and spatial values as text. ``_hash`` and ``_json`` (the
    loader's bookkeeping) are left out and JSON-encoded properties decoded.

    >>> plain_value([1, "a", {"b": None}])
    [1, 'a', {'b': None}]
    """
    if isinstance(value, neo4j.graph.Node):
        props = networkx_attributes(dict(value))
        return {"labels": sorted(value.labels), "properties": dict(sorted(props.items()))}
    if isinstance(value, neo4j.graph.Relationship):
        start, end = value.start_node, value.end_node
        return {
            "type": value.type,
            "start": start.get(cypher.KEY) if start is not None else None,
            "end": end.get(cypher.KEY) if end is not None else None,
            "properties": dict(sorted(networkx_attributes(dict(value)).items())),
        }
    if isinstance(value, neo4j.graph.Path):
        return {
            "nodes": [plain_value(n) for n in value.nodes],
            "relationships": [plain_value(r) for r in value.relationships],
        }
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    if isinstance(value, bytes | bytearray):
        return value.hex()
    if value is None or isinstance(value, _SCALARS):
        return value
    return str(value)  # dates, times, durations, points


@dataclass(frozen=True)
class CypherResult:
    """The columns and rows of one Cypher statement, as plain values."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    #: What a writing statement changed (``nodes_created`` ...), only the non-zero counts.
    counters: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """``{"columns", "rows": [{column: value}], "counters"}`` for ``--json``.

        >>> CypherResult(("n",), ((1,),)).to_dict()
        {'columns': ['n'], 'rows': [{'n': 1}], 'counters': {}}
        """
        return {
            "columns": list(self.columns),
            "rows": [dict(zip(self.columns, row, strict=True)) for row in self.rows],
            "counters": dict(self.counters),
        }


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _cell(value: Any, width: int) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    # One line per row, and nothing that a terminal would act on (escape sequences).
    text = _CONTROL.sub("", " ".join(text.split()))
    return text if len(text) <= width else text[: width - 1] + "…"


def result_table(result: CypherResult, width: int = 60) -> str:
    """The result as an aligned text table (cells cut at ``width``), its row count, and
    what a write changed.

    >>> print(result_table(CypherResult(("name", "n"), (("Åse", 1), ("Bo\x1b[2J", None)))))
    name   n
    Åse    1
    Bo[2J  null
    2 rows
    """
    lines = []
    if result.columns:
        cells = [[_cell(v, width) for v in row] for row in result.rows]
        widths = [
            max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(result.columns)
        ]
        for row in [list(result.columns), *cells]:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        lines.append(f"{len(result.rows)} row{'' if len(result.rows) == 1 else 's'}")
    if result.counters:
        lines.append(", ".join(f"{n.replace('_', ' ')}: {c}" for n, c in result.counters.items()))
    return "\n".join(lines) if lines else "done, nothing changed"


def run_cypher(
    driver: neo4j.Driver,
    query: str,
    parameters: Mapping[str, Any] | None = None,
    *,
    write: bool = False,
    database: str | None = None,
) -> CypherResult:
    """Run one Cypher statement with ``parameters`` (values travel only as parameters).

    Read-only unless ``write``: the session's access mode is READ, and the server refuses
    any write in it. Errors become :class:`core.errors.Neo4jError` (a syntax error names
    the problem as the server does).
    """
    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    with (
        driver_errors(driver_address(driver), database),
        driver.session(database=database, default_access_mode=mode) as session,
    ):
        try:
            result = session.run(query, dict(parameters or {}))
            columns = tuple(result.keys())
            rows = tuple(tuple(plain_value(v) for v in record.values()) for record in result)
            summary = result.consume()
        except ClientError as exc:
            if exc.code == "Neo.ClientError.Statement.AccessMode":
                raise Neo4jError(
                    "this statement writes, and `casegraph neo4j cypher` only reads unless "
                    "given --write"
                ) from None
            raise
    counters = {
        name: count
        for name, count in vars(summary.counters).items()
        if not name.startswith("_")
        and isinstance(count, int)
        and not isinstance(count, bool)
        and count
    }
    return CypherResult(columns, rows, counters)


def parse_parameter(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` from the command line: VALUE is JSON when it reads as JSON (a
    number, ``true``, ``null``, a list, a quoted string), otherwise the text as it is.

    >>> parse_parameter("key=case:S2020-57031")
    ('key', 'case:S2020-57031')
    >>> parse_parameter("n=5"), parse_parameter('s="5"'), parse_parameter("xs=[1, 2]")
    (('n', 5), ('s', '5'), ('xs', [1, 2]))
    >>> parse_parameter("5=x")
    Traceback (most recent call last):
    ...
    ValueError: '5=x': a parameter is NAME=VALUE, NAME a Cypher name (letters, digits, _)
    """
    name, sep, raw = text.partition("=")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(
            f"{text!r}: a parameter is NAME=VALUE, NAME a Cypher name (letters, digits, _)"
        )
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return name, value
