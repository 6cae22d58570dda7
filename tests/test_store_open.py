"""Opening a store, through the real ``casegraph`` process: a question never creates a store
(only ``ingest`` does), a store in a read-only folder answers questions, a store that
cannot be written is one ``Error:`` line that keeps the data, and the temporary file of a
graph-cache write killed half way is removed by the next write."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import cliproc

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"


def one_error(result: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """The one ``Error:`` line of a failed run (no traceback), checked."""
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("seeded") / "store"
    result = cliproc.run(["ingest", "-q", "--store", str(store), str(SEEDS)])
    assert result.returncode == 0, result.stderr
    return store


@pytest.fixture
def read_only_copy(seeded: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the seeded store (records only, no graph cache) in a folder nobody may
    write to, as on a read-only medium."""
    store = tmp_path / "ro"
    store.mkdir()
    shutil.copy2(seeded / "casegraph.db", store / "casegraph.db")
    (store / "casegraph.db").chmod(0o444)
    store.chmod(0o555)
    why = cliproc.permissions_bite(store, "write")
    if why:
        store.chmod(0o755)
        pytest.skip(why)
    yield store
    store.chmod(0o755)


@pytest.mark.parametrize("command", [["meetings"], ["case", "budget"], ["stats"], ["export"]])
def test_a_question_on_a_missing_store_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "wrong" / "path"
    line = one_error(cliproc.run([*command, "--store", str(missing)], cwd=tmp_path))
    assert f"no casegraph store at {missing}" in line
    assert "ingest" in line
    assert sorted(tmp_path.iterdir()) == []


def test_a_question_on_a_folder_without_a_store_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    line = one_error(cliproc.run(["meetings", "--store", str(folder)]))
    assert f"no casegraph store at {folder}" in line
    assert list(folder.iterdir()) == []
    # The default store (./.casegraph) is not created in the current folder either.
    line = one_error(cliproc.run(["search", "budget"], cwd=folder, env={"CASEGRAPH_STORE": ""}))
    assert "no casegraph store at .casegraph" in line
    assert list(folder.iterdir()) == []


def test_a_question_on_the_root_folder_creates_nothing() -> None:
    before = set(os.listdir("/"))
    line = one_error(cliproc.run(["meetings", "--store", "/"]))
    assert "no casegraph store at /;" in line
    assert set(os.listdir("/")) == before


@pytest.mark.parametrize("where", ["/proc/casegraph", "/sys/casegraph", "/etc/hostname/s"])
def test_a_question_under_proc_sys_or_a_file(where: str) -> None:
    assert f"no casegraph store at {where}" in one_error(cliproc.run(["stats", "--store", where]))


def test_an_empty_store_name_is_a_usage_error(tmp_path: Path) -> None:
    for command in (["meetings"], ["ingest", str(SEEDS)]):
        line = one_error(cliproc.run([*command, "--store", ""], cwd=tmp_path), code=2)
        assert "--store" in line and "empty" in line
    assert list(tmp_path.iterdir()) == []


def test_a_store_without_minutes_names_its_path(tmp_path: Path) -> None:
    store = tmp_path / "s"
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    ingest = cliproc.run(["ingest", "--store", str(store), str(empty)])
    assert ingest.returncode == 1
    assert (store / "casegraph.db").is_file()
    line = one_error(cliproc.run(["meetings", "--store", str(store)]))
    assert str(store) in line and "no minutes yet" in line


def test_a_read_only_store_answers_questions(seeded: Path, read_only_copy: Path) -> None:
    before = sorted(p.name for p in read_only_copy.iterdir())
    for command in (["meetings", "--json"], ["stats", "--json"], ["search", "budget", "--json"]):
        wanted = cliproc.run([*command, "--store", str(seeded)])
        assert wanted.returncode == 0, wanted.stderr
        got = cliproc.run([*command, "--store", str(read_only_copy)], drop_permission_override=True)
        assert got.returncode == 0, got.stderr
        assert got.stderr == ""
        assert json.loads(got.stdout) == json.loads(wanted.stdout)
    assert sorted(p.name for p in read_only_copy.iterdir()) == before


def test_ingest_into_a_read_only_store_keeps_the_data(read_only_copy: Path) -> None:
    db = read_only_copy / "casegraph.db"
    before = db.read_bytes()
    result = cliproc.run(
        ["ingest", "--store", str(read_only_copy), str(SEEDS.parents[1] / "tests" / "fixtures")],
        drop_permission_override=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "read-only" in result.stderr
    assert "move it away" not in result.stderr
    assert db.read_bytes() == before


@pytest.mark.parametrize(
    "where", ["/proc/casegraph-store", "/sys/casegraph-store", "/etc/hostname/store"]
)
def test_ingest_into_a_store_that_cannot_be_made(where: str) -> None:
    line = one_error(cliproc.run(["ingest", "--store", where, str(SEEDS)]))
    assert where in line and "cannot create the store folder" in line


def test_ingest_under_a_folder_nobody_may_write(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir(mode=0o555)
    why = cliproc.permissions_bite(parent, "write")
    try:
        if why:
            pytest.skip(why)
        result = cliproc.run(
            ["ingest", "--store", str(parent / "s"), str(SEEDS)], drop_permission_override=True
        )
        line = one_error(result)
        assert "cannot create the store folder" in line and "Permission denied" in line
    finally:
        parent.chmod(0o755)


# A writer of the graph cache that stops half way through its temporary file, as a kill
# during a 76 MB write would leave it.
_STALLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from store import derived

    def stall(*args):
        yield b"casegraph-part"
        print("writing", flush=True)  # the temporary file is there, locked
        time.sleep(600)

    derived._encode = stall
    folder = Path(sys.argv[1]) / "derived"
    folder.mkdir(exist_ok=True)
    derived.write_part(folder / "stalled.graph", "", 0, derived.Part({}, {}, {}, {}))
    """
)


def start_stalled_writer(store: Path) -> subprocess.Popen[str]:
    writer = subprocess.Popen(
        [sys.executable, "-c", _STALLED_WRITER, str(store)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
    return writer


def temps(store: Path) -> list[str]:
    return sorted(p.name for p in store.glob("derived/.graph-*"))


def caches(store: Path) -> list[Path]:
    return sorted(store.glob("derived/*.graph"))


def test_a_killed_cache_write_is_cleaned_by_the_next(seeded: Path, tmp_path: Path) -> None:
    store = tmp_path / "s"
    shutil.copytree(seeded, store)
    for cache in caches(store):
        cache.unlink()
    writer = start_stalled_writer(store)
    try:
        assert len(temps(store)) == 1
        # A living writer's temporary file is left alone by another process's write.
        alive = cliproc.run(["stats", "--store", str(store)])
        assert alive.returncode == 0, alive.stderr
        assert len(temps(store)) == 1
        for cache in caches(store):  # stale again: the next question writes the cache
            cache.unlink()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert len(temps(store)) == 1  # what the kill left behind
    time.sleep(0.05)
    after = cliproc.run(["stats", "--store", str(store)])
    assert after.returncode == 0, after.stderr
    assert temps(store) == []
    assert [p.name for p in caches(store)] == ["e3b0c44298fc1c149afb.graph"]
