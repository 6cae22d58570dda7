"""The casegraph command line: thin click commands over the library functions."""

from __future__ import annotations

import dataclasses
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from casegraph import __version__, pipeline
from casegraph.pipeline import Store, load_neo4j
from casegraph.pipeline import ingest as run_ingest
from core.errors import CasegraphError
from core.settings import Settings
from outputs.export_json import export_json
from outputs.html import write_html
from queries import neo4j_backend
from queries.attended import attended as attended_
from queries.attended import format_attended
from queries.meetings import format_meetings, list_meetings, require_data
from queries.person import format_person
from queries.person import person as person_
from queries.search import format_search
from queries.search import search as run_search
from queries.stats import format_stats
from queries.stats import stats as graph_stats
from queries.timeline import case_timeline, format_timeline
from store.neo4j_db import Neo4jSettings

F = TypeVar("F", bound=Callable[..., Any])


def translate_errors(func: F) -> F:
    """Turn library errors into one ``Error:`` line and exit code 1 (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CasegraphError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


store_option = click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Store folder (default: $CASEGRAPH_STORE or ./.casegraph).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
backend_option = click.option(
    "--backend",
    type=click.Choice(["networkx", "neo4j"]),
    default=None,
    help="Answer from the store's graph or from Neo4j (default: $CASEGRAPH_BACKEND or networkx).",
)


def get_settings(store: Path | None) -> Settings:
    """Settings from the environment, with ``--store`` winning."""
    return Settings.from_env(store=store)


def open_store(store: Path | None) -> Store:
    """The store named by ``--store`` / ``$CASEGRAPH_STORE``."""
    return pipeline.open_store(settings=get_settings(store))


def load_graph(store: Path | None) -> Any:
    """The embedded graph of the store, failing clearly when it is empty."""
    G = open_store(store).graph()
    require_data(G)
    return G


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="casegraph")
def cli() -> None:
    """Turn municipal meeting minutes into a case-tracking knowledge graph."""


# --- foundation commands (lead) ---------------------------------------------------


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option(
    "--municipality",
    default=None,
    help="Where these minutes come from (default: $CASEGRAPH_MUNICIPALITY). It becomes part of "
    "the meeting keys, so forums of the same name in different municipalities stay apart.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@translate_errors
def ingest(
    paths: tuple[Path, ...], store: Path | None, municipality: str | None, quiet: bool
) -> None:
    """Read minutes (.txt, .md, .pdf files or folders) into the store.

    Exits 1 if any file failed; the others are stored all the same.
    """
    bar: Any = None

    def progress(done: int, total: int, _file: Path) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Ingesting", file=sys.stderr)
        bar.update(1)

    show_bar = not quiet and sys.stderr.isatty()
    try:
        report = run_ingest(
            paths,
            settings=get_settings(store),
            progress=progress if show_bar else None,
            municipality=municipality,
        )
    finally:
        if bar is not None:
            bar.render_finish()
    for path, message in report.failures:
        click.echo(
            f"Error: {message}" if path in message else f"Error: {path}: {message}", err=True
        )
    for path, message in report.warnings:
        click.echo(f"Warning: {path}: {message}", err=True)
    if not quiet:
        click.echo(report.summary())
    if report.failures:
        sys.exit(1)


@cli.command()
@click.option("--forum", default=None, help="Only meetings of this forum.")
@click.option(
    "--readers", is_flag=True, help="Also show which layout read each meeting, and how surely."
)
@store_option
@json_option
@translate_errors
def meetings(forum: str | None, readers: bool, store: Path | None, as_json: bool) -> None:
    """List the documented meetings, oldest first."""
    rows = list_meetings(load_graph(store), forum=forum)
    if as_json:
        echo_json(rows)
    else:
        click.echo(format_meetings(rows, readers=readers))


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json"]),
    default="json",
    show_default=True,
    help="Export format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@store_option
@translate_errors
def export(fmt: str, output: Path | None, store: Path | None) -> None:
    """Export meetings, items, matters and people as JSON (schema_version 1)."""
    data = json.dumps(export_json(load_graph(store)), ensure_ascii=False, indent=2)
    if output is None:
        click.echo(data)
    else:
        output.write_text(data + "\n", encoding="utf-8")
        click.echo(f"Wrote {output}")


@cli.command()
@store_option
@json_option
@translate_errors
def stats(store: Path | None, as_json: bool) -> None:
    """Count nodes and edges by type."""
    result = graph_stats(open_store(store).graph())
    if as_json:
        echo_json(result)
    else:
        click.echo(format_stats(result))


@cli.command()
@click.argument("text")
@click.option("--limit", default=20, show_default=True, help="How many results at most.")
@store_option
@json_option
@translate_errors
def search(text: str, limit: int, store: Path | None, as_json: bool) -> None:
    """Full-text search over agenda items, best match first."""
    result = run_search(open_store(store), text, limit=limit)
    if as_json:
        echo_json(result)
    else:
        click.echo(format_search(result))


# --- people commands (issue 3) ------------------------------------------------------


@cli.command()
@click.argument("name")
@store_option
@json_option
@backend_option
@translate_errors
def person(name: str, store: Path | None, as_json: bool, backend: str | None) -> None:
    """What NAME took part in: meetings attended and missed, items presented, ...

    NAME may be a short form or miss accents and capitals ("morten v", "ase nielsen").
    """
    result = ask("person", store, backend, name)
    if as_json:
        echo_json(result)
    else:
        click.echo(format_person(result))


# --- matter commands: case, attended (issue 4) ----------------------------------------


@cli.command()
@click.argument("query")
@click.option("--limit", default=3, show_default=True, help="How many matters at most.")
@store_option
@json_option
@backend_option
@translate_errors
def case(query: str, limit: int, store: Path | None, as_json: bool, backend: str | None) -> None:
    """Timeline of a matter: QUERY is a case number (any format) or words."""
    result = ask("case_timeline", store, backend, query, limit=limit)
    if as_json:
        echo_json(result)
    else:
        click.echo(format_timeline(result))


@cli.command()
@click.argument("query")
@click.option(
    "--infer",
    is_flag=True,
    help="Where attendance is not recorded, add likely attendees (labelled inferred).",
)
@store_option
@json_option
@backend_option
@translate_errors
def attended(
    query: str, infer: bool, store: Path | None, as_json: bool, backend: str | None
) -> None:
    """Who attended each meeting where the matter QUERY was decided or discussed."""
    result = ask("attended", store, backend, query, infer=infer)
    if as_json:
        echo_json(result)
    else:
        click.echo(format_attended(result))


# --- neo4j commands (issue 5) -------------------------------------------------------


def neo4j_settings(
    uri: str | None = None, user: str | None = None, database: str | None = None
) -> Any:
    """Neo4j settings from options and NEO4J_* variables; the password from NEO4J_PASSWORD or,
    on a terminal, a hidden prompt (never an option: it would land in the shell history)."""
    settings = Neo4jSettings.from_env(uri=uri, user=user, database=database)
    if settings.password is None:
        if not sys.stdin.isatty():
            raise click.ClickException("no Neo4j password: set NEO4J_PASSWORD")
        password = click.prompt("Neo4j password", hide_input=True, err=True)
        settings = dataclasses.replace(settings, password=password)
    return settings


def ask(question: str, store: Path | None, backend: str | None, *args: Any, **kwargs: Any) -> Any:
    """Answer ``question`` (``case_timeline``, ``attended``, ``person``) from the store's graph,
    or from Neo4j when the backend (``--backend`` / $CASEGRAPH_BACKEND) is ``neo4j``: the
    same result either way (tests/test_neo4j_parity.py)."""
    backend = Settings.from_env(store=store, backend=backend).backend
    if backend == "neo4j":
        return neo4j_backend.answer(question, *args, settings=neo4j_settings(), **kwargs)
    if backend != "networkx":
        raise click.ClickException(
            f"unknown backend {backend!r} (CASEGRAPH_BACKEND): use networkx or neo4j"
        )
    embedded: dict[str, Callable[..., Any]] = {
        "case_timeline": case_timeline,
        "attended": attended_,
        "person": person_,
    }
    return embedded[question](load_graph(store), *args, **kwargs)


@cli.group(name="neo4j")
def neo4j_group() -> None:
    """Load the graph into Neo4j (a local one: scripts/neo4j-dev start)."""


@neo4j_group.command(name="load")
@click.option(
    "--uri", default=None, help="Bolt URI (default: $NEO4J_URI or bolt://127.0.0.1:7687)."
)
@click.option("--user", default=None, help="User (default: $NEO4J_USER or neo4j).")
@click.option(
    "--database", default=None, help="Database (default: $NEO4J_DATABASE or the server's default)."
)
@store_option
@click.option(
    "--keep-stale",
    is_flag=True,
    help="Keep nodes and relationships the store no longer has (default: delete them).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@translate_errors
def neo4j_load(
    uri: str | None,
    user: str | None,
    database: str | None,
    store: Path | None,
    keep_stale: bool,
    quiet: bool,
) -> None:
    """Write the store's graph into Neo4j; loading again changes only what changed.

    What the store no longer has (a changed document's old items, a re-link's old
    matters) is deleted, unless --keep-stale; only casegraph's own labels are touched.
    The password comes from $NEO4J_PASSWORD or a hidden prompt, never an option.
    """
    settings = neo4j_settings(uri, user, database)
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Loading", file=sys.stderr)
        bar.update(done - bar.pos)

    show_bar = not quiet and sys.stderr.isatty()
    try:
        report = load_neo4j(
            get_settings(store).store,
            uri=settings.uri,
            user=settings.user,
            password=settings.password or "",
            database=settings.database,
            progress=progress if show_bar else None,
            prune_stale=not keep_stale,
        )
    finally:
        if bar is not None:
            bar.render_finish()
    click.echo(report.summary())


# --- viz command (issue 6) ----------------------------------------------------------


@cli.command()
@click.argument("query", required=False)
@click.option(
    "-o",
    "--output",
    "path",
    type=click.Path(dir_okay=False),
    default="casegraph.html",
    show_default=True,
    help="The HTML file to write (one file, works offline).",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Draw at most this many nodes; the page says what was left out.",
)
@store_option
@translate_errors
def viz(query: str | None, path: str, max_nodes: int, store: Path | None) -> None:
    """Write an interactive graph: QUERY's matter across forums, or the whole graph.

    QUERY is a case number (S2020-57031) or words from a title; without it, the
    whole graph is drawn, reduced to meetings, matters and forums when it is large.
    """
    report = write_html(load_graph(store), path, query=query, max_nodes=max_nodes)
    click.echo(f"Wrote {report.path}: {report.nodes:,} nodes, {report.edges:,} edges")
    if report.note:
        click.echo(report.note[0].upper() + report.note[1:] + ".")


def main() -> None:
    """Console-script entry point."""
    cli()
