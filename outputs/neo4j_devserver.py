"""The development server (``scripts/neo4j-dev``) as the bulk load uses it: is a URI this
checkout's server, run the import tool there, and point a driver at the new database.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import neo4j

from core.errors import Neo4jError
from store import cypher
from store.neo4j_db import driver_address, driver_errors

#: The project folder of this checkout, where ``scripts/neo4j-dev`` and ``.neo4j/`` are.
PROJECT = Path(__file__).resolve().parents[1]


def dev_server_script() -> Path | None:
    """``scripts/neo4j-dev`` of this checkout, when casegraph runs from one."""
    script = PROJECT / "scripts" / "neo4j-dev"
    return script if os.access(script, os.X_OK) else None


def is_dev_server(uri: str, database: str | None = None) -> bool:
    """Whether ``uri`` and ``database`` are this checkout's running development server
    and its default database: the only Neo4j a bulk import can write to."""
    script = dev_server_script()
    if script is None or database not in (None, "neo4j"):
        return False
    try:
        parts = urlsplit(uri)
        port = parts.port or 7687
        host = parts.hostname
        running = int((PROJECT / ".neo4j" / "neo4j.port").read_text().strip())
    except (OSError, ValueError):
        return False
    if parts.scheme not in ("bolt", "neo4j") or host not in ("127.0.0.1", "localhost"):
        return False
    if port != running:
        return False
    status = subprocess.run(
        [str(script), "status"], capture_output=True, text=True, check=False, timeout=30
    )
    return status.returncode == 0


def run_import(folder: Path, *, password: str, force: bool = False) -> str:
    """Run ``scripts/neo4j-dev import folder``: stop the dev server, import, start it.

    The script refuses a database that holds nodes unless ``force``. Returns the
    tool's summary; raises :class:`core.errors.Neo4jError` with its last lines when
    the import fails (the server is started again either way).
    """
    script = dev_server_script()
    if script is None:
        raise Neo4jError("a bulk import needs scripts/neo4j-dev of a casegraph checkout")
    command = [str(script), "import", str(folder)] + (["--force"] if force else [])
    env = {**os.environ, "NEO4J_PASSWORD": password}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    output = (done.stdout + done.stderr).replace(password, "***") if password else done.stdout
    if done.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-12:])
        raise Neo4jError(f"the bulk import failed (files kept in {folder}):\n{tail}")
    return output


def forget_bookmarks(driver: neo4j.Driver, database: str | None = None) -> None:
    """Point the bookmarks of ``driver.execute_query`` at the database an import made.

    Its bookmarks name transactions of the database the import replaced, which the new one
    (its transaction numbers start again) would keep a query waiting for. Call this for
    any driver that wrote to the database before the import.
    """
    manager = driver.execute_query_bookmark_manager
    old = manager.get_bookmarks()
    with (
        driver_errors(driver_address(driver), database),
        driver.session(database=database) as session,  # no bookmarks: any database
    ):
        session.run(cypher.any_node()).consume()
        new = session.last_bookmarks()
    manager.update_bookmarks(old, new.raw_values)


__all__ = ["PROJECT", "dev_server_script", "forget_bookmarks", "is_dev_server", "run_import"]
