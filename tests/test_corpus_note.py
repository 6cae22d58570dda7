"""The end of a real pytest run counts the tests skipped for want of the corpus."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

CONFTEST = """
from pathlib import Path
import corpus_note
corpus_note.CORPUS = Path({corpus!r})
from corpus_note import pytest_unconfigure
"""

TESTS_FILE = """
import pytest
from pathlib import Path

CORPUS = Path({corpus!r})

@pytest.mark.parametrize("n", range(3))
def test_reads_the_corpus(n):
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not beside the checkout ({{CORPUS}})")

def test_needs_something_else():
    pytest.skip("Neo4j tests need the dev server")

@pytest.mark.skipif(not (CORPUS / "a.pdf").is_file(), reason=f"a.pdf not found in {{CORPUS}}")
def test_one_file():
    pass

def test_runs():
    pass
"""


def run_pytest(folder: Path, corpus: Path) -> subprocess.CompletedProcess[str]:
    (folder / "conftest.py").write_text(CONFTEST.format(corpus=str(corpus)))
    (folder / "test_x.py").write_text(TESTS_FILE.format(corpus=str(corpus)))
    env = {**os.environ, "PYTHONPATH": str(TESTS)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(folder)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )


def test_the_count_and_where_to_get_it(tmp_path: Path) -> None:
    corpus = tmp_path / "shared" / "corpus"  # absent
    result = run_pytest(tmp_path, corpus)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 5 skipped" in result.stdout
    # The last line, after the summary, where it is seen.
    assert result.stdout.splitlines()[-1] == (
        f"4 tests skipped for want of the shared corpus of real minutes ({corpus}). "
        "It is not part of the repository: put it beside the checkout as ../shared/corpus "
        '(CI does); README.md, "Real minutes for the tests", says where to get it.'
    )


def test_nothing_said_when_the_corpus_is_there(tmp_path: Path) -> None:
    corpus = tmp_path / "shared" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "a.pdf").write_bytes(b"%PDF-")
    result = run_pytest(tmp_path, corpus)
    assert "5 passed, 1 skipped" in result.stdout
    assert "for want of the shared corpus" not in result.stdout
