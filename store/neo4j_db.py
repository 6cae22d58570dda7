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
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
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


def driver_address(driver: neo4j.Driver) -> str:
    """Where a driver connects to, for messages."""
    # Direct and routing drivers both have .address; the base class does not declare it.
    return str(getattr(driver, "address", "the configured address"))


# -- properties ------------------------------------------------------------------------

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
