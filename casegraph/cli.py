"""The casegraph command line: thin click commands over the library functions.

The question commands (``meetings``, ``case``, ``attended``, ``person``, ``search``,
``stats``) are built from the registry :data:`queries.questions.QUESTIONS`, and each calls
:func:`casegraph.answers.ask` with the question's own parameter names. Exit codes: 0 when
all went well, 1 for an error in the data or the question (one ``Error:`` line), 2 for a
usage error (an unknown command or option, a bad option value or setting; also one line).

Startup time: a command's implementation is imported only when that command runs (the
registry names its functions as strings; the other commands import inside their own
function), so ``casegraph --version`` and ``--help`` load only click, and a question never
loads spaCy or the Neo4j driver. This is for startup time, not to dodge an import cycle:
import-linter reads these imports as well and still checks the layers.
"""

from __future__ import annotations

import dataclasses
import functools
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from casegraph import __version__
from casegraph.progress import partition_progress, progress_bar
from casegraph.terminal import echo, echo_json, terminal_text
from core.errors import CasegraphError, SettingsError
from core.settings import Settings
from outputs.formats import FORMATS
from queries.questions import MAX_LIMIT, QUESTIONS, Option, Question

F = TypeVar("F", bound=Callable[..., Any])


class UsageError(click.UsageError):
    """A usage error shown as one ``Error:`` line (exit code 2), without click's usage block."""

    def show(self, file: Any = None) -> None:
        echo(f"Error: {self.format_message()}", err=True)


@contextmanager
def _one_line_usage() -> Iterator[None]:
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise  # `casegraph` alone: the help, as click shows it
    except UsageError:
        raise
    except click.UsageError as exc:
        raise UsageError(exc.format_message(), exc.ctx) from exc


class Group(click.Group):
    """A click group whose usage errors (unknown command or option, bad value) are one
    ``Error:`` line and exit code 2, here and in every subcommand."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _one_line_usage():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _one_line_usage():
            return super().invoke(ctx)


def translate_errors(func: F) -> F:
    """Turn library errors into one ``Error:`` line: exit code 2 for a bad setting, else 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except SettingsError as exc:
            raise UsageError(str(exc)) from exc
        except CasegraphError as exc:
            raise click.ClickException(terminal_text(str(exc))) from exc
        except sqlite3.DatabaseError as exc:
            # A store changed by hand or by another program (a table dropped, a row rewritten).
            where = f"{kwargs['store']}: " if kwargs.get("store") else ""
            raise click.ClickException(
                terminal_text(f"{where}the store is damaged ({exc}); ingest into a fresh store")
            ) from exc

    return wrapper  # type: ignore[return-value]


class StorePath(click.Path):
    """A store folder; an empty name is refused (``Path("")`` would be the current folder)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("the store folder's name is empty; name a folder", param, ctx)
        return super().convert(value, param, ctx)


# The options several commands share: (declarations, attributes) for click.Option.
STORE: tuple[list[str], dict[str, Any]] = (
    ["--store"],
    {
        "type": StorePath(file_okay=False, path_type=Path),
        "default": None,
        "help": "Store folder (default: $CASEGRAPH_STORE or ./.casegraph).",
    },
)
JSON: tuple[list[str], dict[str, Any]] = (
    ["--json", "as_json"],
    {"is_flag": True, "help": "Print JSON instead of text."},
)
BACKEND: tuple[list[str], dict[str, Any]] = (
    ["--backend"],
    {
        "type": click.Choice(["networkx", "neo4j"]),
        "default": None,
        "help": "Answer from the store's graph or from Neo4j "
        "(default: $CASEGRAPH_BACKEND or networkx).",
    },
)
store_option = click.option(*STORE[0], **STORE[1])
json_option = click.option(*JSON[0], **JSON[1])
quiet_option = click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")


def settings(store: Path | None = None, **overrides: Any) -> Settings:
    """Settings from the environment, with ``--store`` and other options winning."""
    return Settings.from_env(store=store, **overrides)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="casegraph")
def cli() -> None:
    """Turn municipal meeting minutes into a case-tracking knowledge graph."""


# -- the questions, one command per entry of the registry ------------------------------


def _click_option(option: Option) -> click.Option:
    flag = "--" + option.name.replace("_", "-")
    if option.kind == "flag":
        return click.Option([flag, option.name], is_flag=True, help=option.help)
    kind: Any = click.IntRange(1, MAX_LIMIT) if option.kind == "count" else str
    return click.Option(
        [flag, option.name],
        type=kind,
        default=option.default,
        show_default=option.default is not None,
        help=option.help,
    )


def question_command(q: Question) -> click.Command:
    """The command of one question: its argument, its options, ``--store``, ``--json``
    and, when Neo4j can answer it, ``--backend``."""
    params: list[click.Parameter] = []
    if q.argument:
        params.append(click.Argument([q.argument]))
    params += [_click_option(option) for option in q.options]
    shared = [STORE, JSON] + ([BACKEND] if q.neo4j else [])
    params += [click.Option(decls, **attrs) for decls, attrs in shared]

    @translate_errors
    def run(store: Path | None, as_json: bool, backend: str | None = None, **values: Any) -> None:
        from casegraph.answers import ask  # startup time: the store and networkx

        names = [q.argument] if q.argument else []
        names += [o.name for o in q.options if not o.text_only]
        neo4j = None
        if q.neo4j and settings(store, backend=backend).backend == "neo4j":
            neo4j = neo4j_settings()
        with progress_bar("Deriving", False) as update:
            result = ask(
                q.name,
                store=store,
                backend=backend,
                neo4j=neo4j,
                progress=partition_progress(update),
                **{n: values[n] for n in names},
            )
        if as_json:
            echo_json(result.to_json())
        else:
            text = {o.name: values[o.name] for o in q.options if o.text_only}
            echo(q.formatter()(result, **text))

    return click.Command(q.name, params=params, callback=run, help=q.help)


for _question in QUESTIONS.values():
    cli.add_command(question_command(_question))


# -- ingest ----------------------------------------------------------------------------


@cli.command()
# Not click's readable/exists checks: they abort the whole batch for one bad path, where the
# pipeline reports that path and ingests the rest. Kept as str, so "" stays an empty path
# (an error) instead of becoming Path("."), the current folder.
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))
@store_option
@click.option(
    "--municipality",
    default=None,
    help="Where these minutes come from (default: $CASEGRAPH_MUNICIPALITY). It becomes part of "
    "the meeting keys, so forums of the same name in different municipalities stay apart.",
)
@quiet_option
@json_option
@translate_errors
def ingest(
    paths: tuple[str, ...],
    store: Path | None,
    municipality: str | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Read minutes (.txt, .md, .pdf files or folders) into the store.

    Exits 1 if any file failed; the others are stored all the same. With --json, the
    counts and the failures are printed as JSON.
    """
    from casegraph.pipeline import ingest as run_ingest  # startup time: spaCy

    with progress_bar("Ingesting", quiet or as_json) as update:

        def progress(done: int, total: int, _file: Path) -> None:
            if update is not None:
                update(done, total)

        report = run_ingest(
            paths,
            settings=settings(store),
            progress=progress if update is not None else None,
            municipality=municipality,
        )
    for path, message in report.failures:
        line = message if path in message else f"{path}: {message}"
        echo(f"Error: {line}", err=True)
    for path, message in report.warnings:
        echo(f"Warning: {path}: {message}", err=True)
    if as_json:
        echo_json(report.to_dict())
    elif not quiet:
        echo(report.summary())
    if report.failures:
        sys.exit(1)


@cli.command()
@store_option
@click.option(
    "--full", is_flag=True, help="Derive every municipality's graph again, changed or not."
)
@quiet_option
@json_option
@translate_errors
def relink(store: Path | None, full: bool, quiet: bool, as_json: bool) -> None:
    """Derive the graph (people, matters) of the municipalities whose minutes changed.

    Questions do this when they need it; relink does it ahead (after a nightly ingest, say).
    With --full, every municipality is derived again; the graph is the same."""
    from casegraph.pipeline import open_store
    from casegraph.pipeline import relink as run_relink  # startup time: spaCy

    with open_store(store, readonly=True) as probe:  # a missing store is an error, not a new one
        probe.generation()
    with open_store(store) as db, progress_bar("Deriving", quiet or as_json) as update:
        report = run_relink(db, full=full, progress=partition_progress(update))
    if as_json:
        echo_json(dataclasses.asdict(report))
    elif not quiet:
        echo(report.summary())


# -- export ----------------------------------------------------------------------------


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="json",
    show_default=True,
    help="Export format: " + "; ".join(f"{f.name}: {f.help}" for f in FORMATS.values()) + ".",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="Write to this file (for csv: this folder) instead of standard output.",
)
@store_option
@json_option
@translate_errors
def export(fmt: str, output: str | None, store: Path | None, as_json: bool) -> None:
    """Export the whole graph: meetings, items, matters, people and their links.

    JSON (schema_version 1, see docs/schema.md), GraphML, CSV tables or the HTML page.
    Without -o a one-file format goes to standard output. With -o and --json, what was
    written is printed as JSON.
    """
    from casegraph.answers import load_graph  # startup time
    from outputs.exporters import export as write_export
    from outputs.exporters import render

    if output is None and FORMATS[fmt].folder:
        raise UsageError(f"--format {fmt} writes a folder of files: name it with -o FOLDER")
    G = load_graph(settings(store))
    if output is None:
        sys.stdout.buffer.write(render(G, fmt))
        return
    done = write_export(G, fmt, output)
    if as_json:
        echo_json(done.to_dict())
    else:
        echo(done.summary())


# -- viz -------------------------------------------------------------------------------


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
@json_option
@translate_errors
def viz(query: str | None, path: str, max_nodes: int, store: Path | None, as_json: bool) -> None:
    """Write an interactive graph: QUERY's matter across forums, or the whole graph.

    QUERY is a case number (S2020-57031) or words from a title; without it, the
    whole graph is drawn, reduced to meetings, matters and forums when it is large.
    With --json, what was written is printed as JSON.
    """
    from casegraph.answers import load_graph  # startup time
    from casegraph.viz import query_graph, write_html

    found = settings(store)
    with progress_bar("Deriving", False) as update:
        progress = partition_progress(update)
        if query:
            G = query_graph(query, settings=found, progress=progress)
        else:
            G = load_graph(found, progress=progress)
    report = write_html(G, path, query=query, max_nodes=max_nodes)
    if as_json:
        data = dataclasses.asdict(report)
        data.pop("seconds", None)
        data["left_out"] = dict(report.left_out)
        echo_json(data)
        return
    echo(f"Wrote {report.path}: {report.nodes:,} nodes, {report.edges:,} edges")
    if report.note:
        echo(report.note[0].upper() + report.note[1:] + ".")


# -- serve -----------------------------------------------------------------------------

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@cli.command()
@store_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but this machine exposes the store: there is no login.",
)
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Port."
)
@json_option
@translate_errors
def serve(store: Path | None, host: str, port: int, as_json: bool) -> None:
    """Browse the store in a web browser: search, meetings, matters, people and forums.

    Read-only; every fact links to its source file and line, and every page has a JSON
    twin (?format=json). Ctrl-C stops it. With --json, the address is printed as JSON
    once the store is loaded.
    """
    import uvicorn  # startup time

    from casegraph.answers import load_graph, open_readonly
    from outputs.serve import create_app

    if host not in LOCAL_HOSTS:
        echo(
            f"Warning: serving on {host}: anyone who can reach this address can read the whole "
            "store; the app has no login.",
            err=True,
        )
    found = settings(store)
    G = load_graph(found)
    app = create_app(G, open_readonly(found))
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    if as_json:
        echo_json({"url": url, "host": host, "port": port, "store": str(found.store)})
    else:
        echo(f"casegraph serve: {url} (Ctrl-C stops it)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


# -- neo4j -----------------------------------------------------------------------------


def neo4j_settings(
    uri: str | None = None, user: str | None = None, database: str | None = None
) -> Any:
    """Neo4j settings from options and NEO4J_* variables; the password from NEO4J_PASSWORD or,
    on a terminal, a hidden prompt (never an option: it would land in the shell history)."""
    from store.neo4j_db import Neo4jSettings, check_uri  # startup time: the Neo4j driver

    found = Neo4jSettings.from_env(uri=uri, user=user, database=database)
    check_uri(found.uri)  # before asking for a password
    if found.password is None:
        if not sys.stdin.isatty():
            raise click.ClickException("no Neo4j password: set NEO4J_PASSWORD")
        password = click.prompt("Neo4j password", hide_input=True, err=True)
        found = dataclasses.replace(found, password=password)
    return found


@cli.group(name="neo4j", cls=Group)
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
@click.option(
    "--bulk/--no-bulk",
    default=None,
    help="Import with neo4j-admin into the dev server (--bulk replaces its database), or "
    "never (default: a large graph into the dev server's empty database).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@json_option
@translate_errors
def neo4j_load(
    uri: str | None,
    user: str | None,
    database: str | None,
    store: Path | None,
    keep_stale: bool,
    bulk: bool | None,
    quiet: bool,
    as_json: bool,
) -> None:
    """Write the store's graph into Neo4j; loading again changes only what changed.

    What the store no longer has (a changed document's old items, a re-link's old
    matters) is deleted, unless --keep-stale; only casegraph's own labels are touched.
    A first load of a large graph into the empty database of scripts/neo4j-dev uses the
    bulk importer (the server's database stops meanwhile). The password comes from
    $NEO4J_PASSWORD or a hidden prompt, never an option. With --json, the counts are
    printed as JSON.
    """
    from casegraph.neo4j_loading import load_neo4j  # startup time: the Neo4j driver

    found = neo4j_settings(uri, user, database)
    with progress_bar("Loading", quiet or as_json) as update:
        report = load_neo4j(
            settings(store).store,
            uri=found.uri,
            user=found.user,
            password=found.password or "",
            database=found.database,
            progress=update,
            prune_stale=not keep_stale,
            bulk=bulk,
        )
    if as_json:
        echo_json(dataclasses.asdict(report))
    else:
        echo(report.summary())


@neo4j_group.command(name="cypher")
@click.argument("query", required=False)
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter ($NAME); VALUE is read as JSON when it can be (5, true, "
    '["a"], "5"), else as text. Repeat for more.',
)
@click.option("--write", is_flag=True, help="Allow the query to write (default: read only).")
@click.option(
    "--uri", default=None, help="Bolt URI (default: $NEO4J_URI or bolt://127.0.0.1:7687)."
)
@click.option("--user", default=None, help="User (default: $NEO4J_USER or neo4j).")
@click.option(
    "--database", default=None, help="Database (default: $NEO4J_DATABASE or the server's default)."
)
@json_option
@translate_errors
def neo4j_cypher(
    query: str | None,
    params: tuple[str, ...],
    write: bool,
    uri: str | None,
    user: str | None,
    database: str | None,
    as_json: bool,
) -> None:
    """Run one Cypher QUERY (or `-`, or none: read from stdin) and print its rows.

    Values go in as parameters (-p key=case:S2020-57031, then $key in the query), never
    pasted into the query. Read only unless --write. The password comes from
    $NEO4J_PASSWORD or a hidden prompt, never an option.
    """
    from store.neo4j_db import connect, parse_parameter, result_table, run_cypher

    if query is None or query == "-":
        if sys.stdin.isatty():
            raise UsageError("give a Cypher query, or pipe one in")
        query = sys.stdin.read()
    if not query.strip():
        raise UsageError("the Cypher query is empty")
    try:
        parameters = dict(parse_parameter(p) for p in params)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    found = neo4j_settings(uri, user, database)
    driver = connect(found.uri, found.user, found.password or "", found.database)
    try:
        result = run_cypher(driver, query, parameters, write=write, database=found.database)
    finally:
        driver.close()
    if as_json:
        echo_json(result.to_dict())
    else:
        echo(result_table(result))


def main() -> None:
    """Console-script entry point."""
    cli()
