"""Progress on a terminal: a bar on standard error for long work, nothing when piped."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click


def partition_progress(
    update: Callable[[int, int], None] | None,
) -> Callable[[int, int, str], None] | None:
    """``update(done, total)`` of :func:`progress_bar` as a callback
    ``progress(done, total, partition)`` of the derivation."""
    if update is None:
        return None
    return lambda done, total, _name: update(done, total)


@contextmanager
def progress_bar(label: str, quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback ``update(done, total)`` drawing a bar on a terminal's standard
    error, or None when quiet or not on a terminal."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=label, file=sys.stderr)
            bar.render_progress()  # at once: the first step may take seconds
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.render_finish()
