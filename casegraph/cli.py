"""The casegraph command line: thin click commands over the library functions."""

from __future__ import annotations

import click

from casegraph import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="casegraph")
def cli() -> None:
    """Turn municipal meeting minutes into a case-tracking knowledge graph."""


# --- foundation commands (lead) ---------------------------------------------------

# --- people commands (issue 3) ------------------------------------------------------

# --- matter commands: case, attended (issue 4) ----------------------------------------

# --- neo4j commands (issue 5) -------------------------------------------------------

# --- viz command (issue 6) ----------------------------------------------------------


def main() -> None:
    """Console-script entry point."""
    cli()
