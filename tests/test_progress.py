"""A slow first question after an ingest (the graph is derived again) shows progress on a
terminal, on standard error, and nothing when standard error is not a terminal.

Real processes; the terminal is a pseudo-terminal, as a user's shell gives.
"""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

from cliproc import CASEGRAPH, run

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"


def _on_a_terminal(args: list[str]) -> tuple[int, str, str]:
    """``casegraph ARGS`` with standard error on a pseudo-terminal: (exit code, what the
    terminal showed, standard output)."""
    leader, follower = pty.openpty()
    try:
        done = subprocess.Popen(
            [str(CASEGRAPH), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=follower,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            shown += chunk
        out = done.stdout.read() if done.stdout else b""
        code = done.wait(timeout=300)
    finally:
        os.close(leader)
    return code, shown.decode("utf-8", "replace"), out.decode()


def test_a_first_question_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run(["ingest", "-q", "--store", str(store), str(SEEDS)]).returncode == 0

    code, shown, out = _on_a_terminal(["meetings", "--store", str(store)])
    assert code == 0
    # Drawn at 0 % before the work, so the seconds of the first (maybe only) partition are
    # not silent, and at 100 % after it.
    assert "Deriving" in shown and "100%" in shown
    assert 0 <= shown.find(" 0%") < shown.find("100%")
    assert "Deriving" not in out and "Direktionen" in out  # the answer is not mixed in

    # Derived now and cached: nothing to wait for, nothing shown.
    code, shown, _ = _on_a_terminal(["meetings", "--store", str(store)])
    assert (code, shown) == (0, "")

    # Not on a terminal (a pipe, a log file): no bar, whatever has to be derived.
    assert run(["ingest", "-q", "--store", str(tmp_path / "other"), str(SEEDS)]).returncode == 0
    piped = run(["meetings", "--store", str(tmp_path / "other")])
    assert (piped.returncode, piped.stderr) == (0, "")


def test_a_page_shows_progress_while_its_municipality_is_derived(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run(["ingest", "-q", "--store", str(store), str(SEEDS)]).returncode == 0
    page = tmp_path / "p.html"
    args = ["viz", "regningsbetaling", "--store", str(store), "-o", str(page)]
    code, shown, out = _on_a_terminal(args)
    assert code == 0 and out.startswith(f"Wrote {page}")
    assert 0 <= shown.find(" 0%") < shown.find("100%")
    assert _on_a_terminal(args)[:2] == (0, "")  # derived now: nothing shown
