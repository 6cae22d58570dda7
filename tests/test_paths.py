"""Tests for extract.paths: the files and folders given to ``ingest`` into documents, and the
paths that cannot be used reported one by one while the rest is ingested (real symlink loops,
a real unreadable folder and file, a real 1,100-level tree, the real command)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from core.errors import InputError
from extract.paths import iter_paths, scan_paths

import cliproc

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"
SEED = SEEDS / "002_a5db68b1e2c219a1.txt"  # Direktionen 2021-01-07
OTHER_SEED = SEEDS / "003_aa9dec555a515a74.txt"  # Strategisk Chefforum 2021-01-13
DEEP_SEED = SEEDS / "000_684b67a3f1ecf733.txt"  # Direktionen 2020-05-27
LOCKED_SEED = SEEDS / "001_684bb67d542aeeb8.txt"  # Strategisk Chefforum 2020-06-03


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def relative(paths: list[Path], root: Path) -> list[str]:
    return [path.relative_to(root).as_posix() for path in paths]


def reasons(problems: list[InputError], root: Path) -> list[tuple[str, str]]:
    return [(Path(p.path).relative_to(root).as_posix(), p.reason.split(" (")[0]) for p in problems]


@pytest.fixture
def deep_tree() -> Iterator[Callable[[Path, int], Path]]:
    """Make ``root/d/d/.../d`` with ``levels`` folders; removed again bottom-up afterwards,
    because os.makedirs and shutil.rmtree (and so pytest's clean-up of old temporary folders)
    recurse and fail on a tree this deep."""
    made: list[Path] = []

    def make(root: Path, levels: int) -> Path:
        folder = root
        for _ in range(levels):
            folder = folder / "d"
            folder.mkdir()
            made.append(folder)
        return folder

    yield make
    for folder in reversed(made):
        for child in folder.iterdir():
            if not child.is_dir() or child.is_symlink():
                child.unlink()
        folder.rmdir()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in [
        "b.txt",
        "a.PDF",
        "notes.docx",
        "image.png",
        "sub/c.md",
        "sub/deeper/d.markdown",
        "sub/.hidden.txt",
        "sub/._c.pdf",
        ".git/objects/x.txt",
        ".casegraph/store.md",
        ".venv/lib/README.md",
        "sub/.cache/e.txt",
    ]:
        write(tmp_path, name, b"x")
    return tmp_path


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A real folder with a file in it, mode 000; its mode is restored for the clean-up."""
    folder = tmp_path / "locked"
    write(folder, "inside.txt", LOCKED_SEED.read_bytes())
    folder.chmod(0)
    try:
        yield folder
    finally:
        folder.chmod(0o755)


# -- what is found ---------------------------------------------------------------------------


def test_iter_paths_walks_folders_skipping_hidden_and_unsupported(tree: Path) -> None:
    assert relative(list(iter_paths([tree])), tree) == [
        "a.PDF",
        "b.txt",
        "sub/c.md",
        "sub/deeper/d.markdown",
    ]


def test_iter_paths_mixes_files_and_folders_sorted_without_duplicates(tree: Path) -> None:
    paths = iter_paths([tree / "sub", tree / "b.txt", tree / "sub" / "c.md", str(tree / "a.PDF")])
    assert relative(list(paths), tree) == ["a.PDF", "b.txt", "sub/c.md", "sub/deeper/d.markdown"]


def test_iter_paths_yields_a_named_file_whatever_its_suffix(tree: Path) -> None:
    # So that the batch reports it as unsupported instead of silently doing nothing.
    assert list(iter_paths([tree / "notes.docx"])) == [tree / "notes.docx"]


def test_iter_paths_accepts_a_single_path(tree: Path) -> None:
    assert relative(list(iter_paths(str(tree / "sub"))), tree) == [
        "sub/c.md",
        "sub/deeper/d.markdown",
    ]


def test_iter_paths_keeps_paths_as_given(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    assert list(iter_paths(["sub"])) == [Path("sub/c.md"), Path("sub/deeper/d.markdown")]


def test_iter_paths_missing_path_raises_at_once(tree: Path) -> None:
    # Raised by the call itself, before anything is read, even when listed last.
    with pytest.raises(InputError, match=r"nowhere\.txt: no such file or folder"):
        iter_paths([tree, tree / "nowhere.txt"])


def test_a_folder_without_minutes_is_a_problem_naming_what_it_skipped(tree: Path) -> None:
    (tree / "empty").mkdir()
    scan = scan_paths([tree / "empty", tree / "b.txt"])
    assert scan.files == [tree / "b.txt"]
    assert [str(p) for p in scan.problems] == [
        f"{tree}/empty: no minutes to read. casegraph reads .txt, .md, .markdown, .pdf, "
        ".json, .html, .htm and .xml files"
    ]
    write(tree, "only/README.md", b"x")
    write(tree, "only/notes.docx", b"x")
    assert [p.reason for p in scan_paths(tree / "only").problems] == [
        "no minutes to read; skipped README.md (not minutes), notes.docx"
    ]


def test_what_is_not_minutes_is_listed_as_skipped(tree: Path) -> None:
    write(tree, "sub/README.md", b"x")
    assert [(relative([Path(p)], tree)[0], why) for p, why in scan_paths(tree).skipped] == [
        ("image.png", "not a kind of file casegraph reads (.png)"),
        ("notes.docx", "not a kind of file casegraph reads (.docx)"),
        ("sub/README.md", "not minutes (a README)"),
    ]


def test_a_folder_that_cannot_be_listed_is_not_also_said_to_hold_no_minutes(
    tmp_path: Path,
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "up").symlink_to("..")  # the only entry: a loop, nothing read
    scan = scan_paths(tmp_path / "in")
    assert [p.reason.split(" (")[0] for p in scan.problems] == ["is a symbolic link loop"]


def test_a_linked_folder_is_followed_and_its_files_found_once(tmp_path: Path) -> None:
    write(tmp_path, "elsewhere/m.txt", b"x")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "in" / "again").symlink_to(tmp_path / "elsewhere")
    scan = scan_paths([tmp_path / "in", tmp_path / "elsewhere"])
    # Reached three ways, read once, under the first name met (sorted: in/again).
    assert relative(scan.files, tmp_path) == ["in/again/m.txt"]
    assert scan.problems == []


def test_a_hard_to_name_folder_is_just_a_folder(tmp_path: Path) -> None:
    write(tmp_path, "in/møde 2021 (kopi)/m.txt", b"x")
    assert relative(scan_paths(tmp_path / "in").files, tmp_path) == ["in/møde 2021 (kopi)/m.txt"]


def test_an_empty_path_is_a_problem_not_the_current_folder(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    scan = scan_paths(["", "b.txt"])
    assert scan.files == [Path("b.txt")]
    assert [str(p) for p in scan.problems] == ["'': an empty path. Name a file or a folder"]


# -- what cannot be used is reported, the rest still found -----------------------------------


def test_a_symlink_loop_of_files_is_one_problem_each(tree: Path) -> None:
    (tree / "sub" / "loop1.txt").symlink_to("loop2.txt")
    (tree / "sub" / "loop2.txt").symlink_to("loop1.txt")
    scan = scan_paths([tree])
    assert relative(scan.files, tree) == ["a.PDF", "b.txt", "sub/c.md", "sub/deeper/d.markdown"]
    assert reasons(scan.problems, tree) == [
        ("sub/loop1.txt", "is a symbolic link loop"),
        ("sub/loop2.txt", "is a symbolic link loop"),
    ]


def test_a_link_to_a_folder_above_is_a_loop_named_with_its_target(tree: Path) -> None:
    (tree / "sub" / "deeper" / "up").symlink_to("../..")
    scan = scan_paths([tree])
    assert relative(scan.files, tree) == ["a.PDF", "b.txt", "sub/c.md", "sub/deeper/d.markdown"]
    assert [str(p) for p in scan.problems] == [
        f"{tree}/sub/deeper/up: is a symbolic link loop (it points back to {tree}, a folder "
        "above it). Remove the link; the folders above it were read"
    ]


def test_a_broken_link_is_reported_only_where_casegraph_would_read_it(tree: Path) -> None:
    (tree / "sub" / "gone.txt").symlink_to("nowhere.txt")
    (tree / "sub" / "gone.docx").symlink_to("nowhere.docx")
    scan = scan_paths([tree])
    assert len(scan.files) == 4
    assert reasons(scan.problems, tree) == [("sub/gone.txt", "is a broken symbolic link")]


def test_a_1100_level_tree_is_walked(
    tmp_path: Path, deep_tree: Callable[[Path, int], Path]
) -> None:
    # Deeper than Python's recursion limit: the walk must not recurse.
    bottom = deep_tree(tmp_path, 1100)
    write(bottom, "m.txt", b"x")
    write(tmp_path, "top.txt", b"x")
    scan = scan_paths([tmp_path])
    assert [p.name for p in scan.files] == ["m.txt", "top.txt"]
    assert len(scan.files[0].parts) - len(tmp_path.parts) == 1101
    assert scan.problems == []


def test_an_unreadable_folder_is_one_problem_and_its_siblings_are_found(
    tree: Path, locked: Path
) -> None:
    if os.access(locked, os.R_OK):
        pytest.skip(
            "running as root, which lists a mode-000 folder; "
            "test_ingest_reports_each_bad_path_and_ingests_the_rest covers it in a real process"
        )
    scan = scan_paths([tree, tree / "sub" / "c.md"])
    assert relative(scan.files, tree) == ["a.PDF", "b.txt", "sub/c.md", "sub/deeper/d.markdown"]
    assert [str(p) for p in scan.problems] == [
        f"{locked}: cannot list the folder (Permission denied). "
        "Check its permissions; the rest was read"
    ]


# -- the real command ------------------------------------------------------------------------


def test_ingest_reports_each_bad_path_and_ingests_the_rest(
    tmp_path: Path, locked: Path, deep_tree: Callable[[Path, int], Path]
) -> None:
    """A symlink loop, a link to a folder above, an unreadable folder, an unreadable file named
    on the command line and a 1,100-level tree, in one batch with good minutes: one ``Error:``
    line per bad path, every good document stored, exit 1."""
    why = cliproc.permissions_bite(locked)
    if why:
        pytest.skip(why)
    folder = tmp_path / "in"
    write(folder, "good.txt", SEED.read_bytes())
    (folder / "loop1.txt").symlink_to("loop2.txt")
    (folder / "loop2.txt").symlink_to("loop1.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..")
    write(deep_tree(folder, 1100), "deep.txt", DEEP_SEED.read_bytes())
    write(tmp_path, "named.txt", OTHER_SEED.read_bytes())
    unreadable = write(tmp_path, "unreadable.txt", OTHER_SEED.read_bytes())
    unreadable.chmod(0)
    store = tmp_path / "store"

    result = cliproc.run(
        ["ingest", "--store", str(store), "in", "locked", "unreadable.txt", "named.txt"],
        cwd=tmp_path,
        drop_permission_override=True,
    )

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "Error: in/loop1.txt: is a symbolic link loop (the link points, in the end, back to "
        "itself). Remove the link or point it at the minutes",
        "Error: in/loop2.txt: is a symbolic link loop (the link points, in the end, back to "
        "itself). Remove the link or point it at the minutes",
        "Error: in/sub/up: is a symbolic link loop (it points back to in, a folder above it). "
        "Remove the link; the folders above it were read",
        "Error: locked: cannot list the folder (Permission denied). "
        "Check its permissions; the rest was read",
        "Error: unreadable.txt: cannot be read (Permission denied). "
        "Check that you may read the file",
    ]
    assert result.stdout.strip() == (
        "3 documents (3 new, 0 changed, 0 unchanged), 3 meetings, 20 items, 5 failed"
    )
    listing = cliproc.run(["meetings", "--store", str(store), "--json"])
    assert listing.returncode == 0, listing.stderr
    assert [(m["date"], m["forum"]) for m in json.loads(listing.stdout)] == [
        ("2020-05-27", "Direktionen"),
        ("2021-01-07", "Direktionen"),
        ("2021-01-13", "Strategisk Chefforum"),
    ]


def test_ingest_of_an_unreadable_file_alone_is_an_error_line_not_a_usage_error(
    tmp_path: Path, locked: Path
) -> None:
    why = cliproc.permissions_bite(locked)
    if why:
        pytest.skip(why)
    unreadable = write(tmp_path, "unreadable.txt", OTHER_SEED.read_bytes())
    unreadable.chmod(0)
    result = cliproc.run(
        ["ingest", "--store", str(tmp_path / "store"), str(unreadable)],
        drop_permission_override=True,
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {unreadable}: cannot be read (Permission denied). "
        "Check that you may read the file\n"
    )


def test_ingest_of_an_empty_path_is_an_error_not_the_current_folder(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", SEED.read_bytes())  # would be ingested if "" meant "."
    result = cliproc.run(["ingest", "--store", "store", ""], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "Error: '': an empty path. Name a file or a folder\n"
    assert result.stdout.startswith("0 documents")
