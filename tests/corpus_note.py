"""The end of a test run says how many tests skipped for want of the shared corpus, and where
to get it (a pytest hook, imported by ``tests/conftest.py``).

Tests that read real minutes skip with a reason naming :data:`CORPUS` when it is absent; a
reader of ``make test`` output should not have to add those up to learn what did not run.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: The real minutes of other municipalities, read in place beside the checkout.
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

WHERE = (
    "It is not part of the repository: put it beside the checkout as ../shared/corpus "
    '(CI does); README.md, "Real minutes for the tests", says where to get it.'
)


def corpus_skips(reports: Iterable[Any], corpus: Path) -> int:
    """How many skipped test reports give the missing ``corpus`` as their reason."""
    count = 0
    for report in reports:
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        count += str(corpus) in reason
    return count


def pytest_unconfigure(config: Any) -> None:
    # After the "N passed, M skipped" line, where it is seen, rather than above the skip list.
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    skipped = corpus_skips(reporter.stats.get("skipped", []), CORPUS)
    if skipped:
        tests = "test" if skipped == 1 else "tests"
        reporter.write_line(
            f"{skipped} {tests} skipped for want of the shared corpus of real minutes "
            f"({CORPUS}). {WHERE}",
            yellow=True,
        )
