"""Settings: where the store lives and how long to wait for it, from arguments or environment.

>>> Settings.from_env({"CASEGRAPH_STORE": "/tmp/x"}).store
PosixPath('/tmp/x')
>>> Settings.from_env({}).store
PosixPath('.casegraph')
>>> Settings.from_env({"CASEGRAPH_LOCK_TIMEOUT": "abc"})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
core.errors.SettingsError: CASEGRAPH_LOCK_TIMEOUT='abc' is not a number of seconds; set it ...
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from core.errors import SettingsError

DEFAULT_STORE = Path(".casegraph")


@dataclass(frozen=True)
class Settings:
    """Run-time settings shared by the CLI, the notebooks and the library."""

    store: Path = DEFAULT_STORE
    lock_timeout: float = 30.0  # seconds a writer waits for another writer
    backend: str = "networkx"  # "networkx" | "neo4j"
    municipality: str | None = None  # scope of the meeting keys of what is ingested

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``CASEGRAPH_*`` environment variables; explicit values win."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if env.get("CASEGRAPH_STORE"):
            values["store"] = Path(env["CASEGRAPH_STORE"])
        if env.get("CASEGRAPH_LOCK_TIMEOUT"):
            timeout = env["CASEGRAPH_LOCK_TIMEOUT"]
            values["lock_timeout"] = seconds("CASEGRAPH_LOCK_TIMEOUT", timeout)
        if env.get("CASEGRAPH_MUNICIPALITY"):
            values["municipality"] = env["CASEGRAPH_MUNICIPALITY"]
        if env.get("CASEGRAPH_BACKEND"):
            values["backend"] = env["CASEGRAPH_BACKEND"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "store" in values:
            values["store"] = Path(str(values["store"]))
        return cls(**values)  # type: ignore[arg-type]


def seconds(name: str, value: str) -> float:
    """The setting ``name``'s ``value`` as a number of seconds (0 or more, finite).

    >>> seconds("CASEGRAPH_LOCK_TIMEOUT", " 2.5 ")
    2.5
    """
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise SettingsError(
            f"{name}={value!r} is not a number of seconds; set it to one, such as 30"
        )
    return number
