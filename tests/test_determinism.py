"""The same records always give the same bytes: every export format, a matter's page and the
questions' answers.

Each export runs as its own ``casegraph`` process with its own ``PYTHONHASHSEED``, so an
output that follows the iteration order of a set (or of a dictionary filled from one) differs
between runs. The graph is derived afresh by the first export and read from the store's graph
cache by the next; a second store gets the same files in the opposite order. Every byte
must agree.
"""

from __future__ import annotations

from pathlib import Path

from casegraph.pipeline import ingest

from cliproc import run

SEEDS = sorted((Path(__file__).resolve().parents[1] / "examples" / "nordfyns").glob("*.txt"))
FORMATS = ("json", "graphml", "csv", "html")
# Questions whose answers hold lists (attendees, absences, steps, people), as JSON and text.
QUESTIONS = (
    ["meetings"],
    ["case", "centralisering af regningsbetaling"],
    ["attended", "regningsbetaling"],
    ["person", "morten v"],
    ["search", "budget", "--limit", "50"],
    ["stats"],
)


def _greve_sample(greve_dir: Path) -> list[Path]:
    """Every eighth Greve meeting: 46 meetings of every forum and year."""
    files = sorted(greve_dir.glob("*.json"))
    return files[::8]


def _exports(store: Path, out: Path, seed: str) -> dict[str, bytes]:
    """Every export format, a matter's page and the questions' answers (text and JSON) of
    ``store``, each from a process with hash seed ``seed``."""
    out.mkdir()
    found: dict[str, bytes] = {}
    for name in FORMATS:
        target = out / name
        done = run(
            ["export", "--store", str(store), "--format", name, "-o", str(target)],
            env={"PYTHONHASHSEED": seed},
        )
        assert done.returncode == 0, done.stderr
        files = sorted(target.rglob("*")) if target.is_dir() else [target]
        for f in files:
            found[f"{name}:{f.relative_to(out)}"] = f.read_bytes()
    page = out / "viz.html"
    done = run(
        ["viz", "--store", str(store), "regningsbetaling", "-o", str(page)],
        env={"PYTHONHASHSEED": seed},
    )
    assert done.returncode == 0, done.stderr
    found["viz"] = page.read_bytes()
    for question in QUESTIONS:
        for form in ([], ["--json"]):
            done = run([*question, "--store", str(store), *form], env={"PYTHONHASHSEED": seed})
            assert done.returncode == 0, done.stderr
            found[" ".join([*question, *form])] = done.stdout.encode()
    return found


def _differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    """Where ``a`` and ``b`` differ, with the first differing bytes of each file."""
    out = [f"{k}: only in one" for k in sorted(set(a) ^ set(b))]
    for k in sorted(set(a) & set(b)):
        if a[k] != b[k]:
            i = next(
                (i for i, (x, y) in enumerate(zip(a[k], b[k], strict=False)) if x != y), len(a[k])
            )
            out.append(f"{k} at byte {i}: {a[k][i - 60 : i + 60]!r} vs {b[k][i - 60 : i + 60]!r}")
    return out


def _check(files: list[Path], tmp_path: Path) -> None:
    forward = tmp_path / "forward"
    ingest(files, store=forward)
    backward = tmp_path / "backward"
    for path in reversed(files):
        ingest([path], store=backward)
    fresh = _exports(forward, tmp_path / "fresh", "1")
    assert list(forward.glob("derived/*.graph"))  # what the next exports read
    cached = _exports(forward, tmp_path / "cached", "2")
    for cache in backward.glob("derived/*.graph"):
        cache.unlink()
    reordered = _exports(backward, tmp_path / "reordered", "3")
    assert _differences(fresh, cached) == []
    assert _differences(fresh, reordered) == []


def test_the_seeds_export_the_same_bytes_every_time(tmp_path: Path) -> None:
    _check(SEEDS, tmp_path)


def test_greve_and_the_seeds_export_the_same_bytes_every_time(
    greve_dir: Path, tmp_path: Path
) -> None:
    files = [*_greve_sample(greve_dir), *SEEDS]
    assert len(files) > 40
    _check(files, tmp_path)
