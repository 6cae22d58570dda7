"""A fuzz run of the real ``casegraph`` command over bad paths, stores, settings and options.

Each case is a fresh process on a real file system: symbolic link loops, unreadable files
and folders (with root's permission override dropped), a 1,100-level tree, device files, a
named pipe, garbage in every input format, stores that are files or hand-edited, settings
that are not numbers or URIs, limits out of range. Whatever happens, the command answers
with exit code 0, 1 or 2, every line it writes to standard error is an ``Error:`` line (or
its continuation), and no traceback reaches the user.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cliproc import run

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "nordfyns"
SEED = SEEDS / "002_a5db68b1e2c219a1.txt"


@dataclass(frozen=True)
class Case:
    """``casegraph ARGS`` with ``ENV`` in a folder prepared by ``setup`` (``{w}`` in an
    argument is that folder)."""

    name: str
    args: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None
    unprivileged: bool = False  # run without root's permission override


def _store(w: Path) -> None:
    """A store of the seeds, with its graph cache, at ``w/st``."""
    shutil.copytree(_seed_store(), w / "st")


_CACHE: dict[str, Path] = {}


def _seed_store() -> Path:
    if "store" not in _CACHE:
        raise RuntimeError("the seed store is made by the module fixture")
    return _CACHE["store"]


def _tree(w: Path) -> None:
    """``w/in``: minutes beside every kind of bad entry a folder can hold."""
    folder = w / "in"
    (folder / "ok").mkdir(parents=True)
    shutil.copy(SEED, folder / "ok" / "minutes.txt")
    (folder / "ok" / "up").symlink_to("..")
    (folder / "self").symlink_to("self")
    (folder / "a").symlink_to("b")
    (folder / "b").symlink_to("a")
    (folder / "gone.txt").symlink_to("nowhere.txt")
    (folder / "null.txt").symlink_to("/dev/null")
    (folder / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.txt")
    (folder / "locked").mkdir()
    shutil.copy(SEED, folder / "locked" / "minutes.txt")
    (folder / "locked").chmod(0)
    shutil.copy(SEED, folder / "unreadable.txt")
    (folder / "unreadable.txt").chmod(0)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "bad.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2048))
    (folder / "list.json").write_text("[1, 2, 3]")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "cut.json").write_text('{"Moede": {"Dato": ')
    (folder / "wrong.json").write_text(json.dumps({"Moede": "x", "Dagsordenpunkter": 7}))
    (folder / "laughs.xml").write_text(
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        "]><Agenda>&c;&c;&c;</Agenda>"
    )
    (folder / "tags.html").write_text("<html>" + "<div>" * 50_000 + "</html>")
    (folder / "name\nwith newline.txt").write_bytes(SEED.read_bytes())
    (folder / b"latin1-\xe6\xf8.txt".decode("utf-8", "surrogateescape")).write_bytes(b"Punkt 1")
    (folder / "nul.txt").write_bytes(b"Referat\x00\x00 Punkt 1: \x1b]0;x\x07")


def _deep(w: Path) -> None:
    """``w/deep``: 1,100 nested folders with minutes at the bottom (made and removed one
    level at a time: os.makedirs and shutil.rmtree recurse and fail on a tree this deep)."""
    folder = w / "deep"
    folder.mkdir()
    for _ in range(1100):
        folder = folder / "d"
        folder.mkdir()
    shutil.copy(SEED, folder / "m.txt")


def _remove_deep(w: Path) -> None:
    folder = w / "deep"
    if not folder.is_dir():
        return
    levels = [folder]
    while (levels[-1] / "d").is_dir():
        levels.append(levels[-1] / "d")
    for level in reversed(levels):
        for child in level.iterdir():
            if not child.is_dir():
                child.unlink()
        level.rmdir()


def _file(w: Path) -> None:
    (w / "file").write_text("not a folder")


BAD_STORES = ("junk", "dir", "newer", "empty", "rows", "cache", "cut", "tables")


def _bad_store(name: str) -> Callable[[Path], None]:
    """A setup making ``w/NAME``: a store broken in one of the ways a hand or a crash can."""

    def setup(w: Path) -> None:
        _store(w)
        store = w / name
        (w / "st").rename(store)
        db = store / "casegraph.db"
        caches = sorted((store / "derived").glob("*.graph"))
        tables = sorted((store / "derived").glob("*.tables"))
        if name == "junk":
            db.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
        elif name == "dir":
            db.unlink()
            db.mkdir()
        elif name == "empty":
            db.write_bytes(b"")
        elif name == "cache":
            for cache in caches:
                cache.write_bytes(cache.read_bytes()[:40] + os.urandom(200))
        elif name == "cut":
            for cache in caches:
                cache.write_bytes(cache.read_bytes()[:-100])
        elif name in ("newer", "rows", "tables"):
            _edit_database(db, name)
            for cache in caches + tables:
                cache.unlink()  # so that a question reads the records

    return setup


def _edit_database(db: Path, name: str) -> None:
    with sqlite3.connect(db) as conn:
        if name == "newer":
            conn.execute("PRAGMA user_version = 999")
        elif name == "tables":
            conn.execute("DROP TABLE paths")
        else:
            # One row cut short, one JSON of the wrong shape, one with an unknown format.
            keys = [r[0] for r in conn.execute("SELECT sha256 FROM documents ORDER BY sha256")]
            conn.execute(
                "UPDATE documents SET records = '{\"meeting\": ' WHERE sha256 = ?", keys[:1]
            )
            conn.execute("UPDATE documents SET records = '[1, 2]' WHERE sha256 = ?", keys[1:2])
            conn.execute("UPDATE documents SET format = 'bogus' WHERE sha256 = ?", keys[2:3])


def _read_only(w: Path) -> None:
    (w / "ro").mkdir()
    (w / "ro").chmod(0o555)


def _everything(w: Path) -> None:
    _store(w)
    _tree(w)
    _file(w)
    _read_only(w)


# -- the cases -----------------------------------------------------------------------------

QUESTION_ARGS = (
    ("meetings",),
    ("case", "regningsbetaling"),
    ("attended", "regningsbetaling"),
    ("person", "morten"),
    ("search", "budget"),
    ("stats",),
)


def _cases() -> list[Case]:
    cases = [
        Case("ingest a folder of bad entries", ("ingest", "--store", "{w}/new", "{w}/in")),
        Case(
            "ingest a folder of bad entries, unprivileged",
            ("ingest", "--store", "{w}/new", "{w}/in"),
            unprivileged=True,
        ),
        Case(
            "ingest bad files named one by one",
            (
                "ingest",
                "--store",
                "{w}/new",
                *(f"{{w}}/in/{n}" for n in ("self", "a", "gone.txt", "pipe.txt", "null.txt")),
                *(f"{{w}}/in/{n}" for n in ("zero.txt", "deep.json", "laughs.xml", "tags.html")),
                "{w}/in/unreadable.txt",
                "{w}/in/locked",
            ),
            unprivileged=True,
        ),
        Case("ingest a 1,100-level tree", ("ingest", "--store", "{w}/new", "{w}/deep")),
        Case("ingest a device", ("ingest", "--store", "{w}/new", "/dev/zero")),
        Case("ingest /proc/self", ("ingest", "--store", "{w}/new", "/proc/self/fd")),
        Case("ingest an empty path", ("ingest", "--store", "{w}/new", "")),
        Case("ingest nothing", ("ingest", "--store", "{w}/new")),
        Case("ingest a long name", ("ingest", "--store", "{w}/new", "{w}/" + "x" * 5000)),
        Case("ingest --json", ("ingest", "--store", "{w}/new", "{w}/in", "--json")),
    ]
    for store in ("{w}/file/st", "{w}/file", "/proc/st", "/sys/st", "/dev/null", "{w}/ro/st"):
        cases.append(
            Case(f"ingest into {store}", ("ingest", "--store", store, str(SEED)), unprivileged=True)
        )
    for store in ("{w}/missing", "/", "/dev/null", "{w}/file", "{w}/in/ok", "/proc/self"):
        for args in QUESTION_ARGS[:1]:
            cases.append(Case(f"{args[0]} on {store}", (*args, "--store", store)))
    for store in BAD_STORES:
        for args in (("meetings",), ("search", "budget"), ("export",), ("ingest", str(SEED))):
            cases.append(
                Case(
                    f"{args[0]} on a {store} store",
                    (*args, "--store", "{w}/" + store),
                    setup=_bad_store(store),
                )
            )
    cases += _setting_cases() + _option_cases() + _output_cases()
    return cases


def _setting_cases() -> list[Case]:
    cases = []
    for value in ("abc", "-1", "nan", "1e309", "9" * 400, " "):
        cases.append(
            Case(
                f"CASEGRAPH_LOCK_TIMEOUT={value[:12]!r}",
                ("ingest", "--store", "{w}/st", str(SEED)),
                env={"CASEGRAPH_LOCK_TIMEOUT": value},
            )
        )
    for name, value in (
        ("CASEGRAPH_STORE", ""),
        ("CASEGRAPH_STORE", "/proc/x"),
        ("CASEGRAPH_STORE", "\x1b[2J"),
        ("CASEGRAPH_BACKEND", "bogus"),
        ("CASEGRAPH_BACKEND", ""),
        ("CASEGRAPH_BACKEND", "neo4j"),
        ("CASEGRAPH_MUNICIPALITY", "\x1b]0;x\x07"),
        ("CASEGRAPH_MUNICIPALITY", "x" * 10_000),
        ("CASEGRAPH_MUNICIPALITY", "///"),
    ):
        args = ("ingest", str(SEED)) if "MUNICIPALITY" in name else ("case", "regningsbetaling")
        store = () if name == "CASEGRAPH_STORE" else ("--store", "{w}/st")
        cases.append(Case(f"{name}={value[:12]!r}", (*args, *store), env={name: value}))
    for uri in (
        "bolt://[::1",
        "bolt://[::1]:99999",
        "bolt://127.0.0.1:0",
        "bolt://127.0.0.1:-5",
        "bolt://127.0.0.1:port",
        "bolt://",
        "://",
        "neo4j+s://",
        "bolt://user:secret@[::1",
        "bolt://h\x1b[2J",
        "bolt://" + "h" * 300,
        "file:///etc/passwd",
        "bolt://127.0.0.1:1",
    ):
        # A URI of the right form is tried (and refused) once, which takes seconds.
        malformed = not uri.startswith("bolt://127.0.0.1:1")
        commands = (("neo4j", "load"), ("neo4j", "cypher", "RETURN 1"), ("case", "x"))
        for args in commands if malformed else commands[:1]:
            env = {"NEO4J_URI": uri, "NEO4J_PASSWORD": "secret"}
            extra = ("--backend", "neo4j") if args[0] == "case" else ()
            cases.append(
                Case(f"NEO4J_URI={uri[:20]!r} {args[0]}", (*args, "--store", "{w}/st", *extra), env)
            )
    return cases


def _option_cases() -> list[Case]:
    cases = []
    for limit in ("0", "-1", "99999999999999999999", "abc", ""):
        cases.append(
            Case(f"--limit {limit!r}", ("search", "x", "--store", "{w}/st", "--limit", limit))
        )
    for query in ('"', "NEAR(", "a OR", "x" * 100_000, "\x1b[2J", "   "):
        for command in ("search", "case", "person", "attended", "viz"):
            out = ("-o", "{w}/q.html") if command == "viz" else ()
            cases.append(
                Case(f"{command} {query[:10]!r}", (command, query, "--store", "{w}/st", *out))
            )
    for args in (
        ("viz", "--max-nodes", "0", "-o", "{w}/v.html"),
        ("viz", "--max-nodes", "99999999999999999999", "-o", "{w}/v.html"),
        ("export", "--format", "bogus"),
        ("export", "--format", "csv"),
        ("serve", "--port", "99999"),
        ("serve", "--port", "-1"),
        ("serve", "--port", "abc"),
        ("meetings", "--forum", "%"),
        ("neo4j", "cypher", "", "-p", "x"),
        ("neo4j", "cypher", "RETURN $x", "-p", "=1"),
        ("bogus",),
        ("meetings", "--bogus"),
        ("--store",),
    ):
        cases.append(Case(" ".join(args)[:40], (*args, "--store", "{w}/st")))
    return cases


def _output_cases() -> list[Case]:
    cases = []
    for target in ("", "/dev/full", "/dev/null", "{w}/missing/x", "{w}/ro/x", "{w}/in", "/proc/x"):
        for args in (("viz", "regningsbetaling"), ("export",), ("export", "--format", "csv")):
            cases.append(
                Case(
                    f"{' '.join(args)} -o {target!r}",
                    (*args, "--store", "{w}/st", "-o", target),
                    unprivileged=True,
                )
            )
    return cases


CASES = _cases()


def _setup_for(case: Case) -> Callable[[Path], None]:
    if case.setup is not None:
        return case.setup
    return _deep if "{w}/deep" in " ".join(case.args) else _everything


# -- running them --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("fuzz-seed") / "st"
    done = run(["ingest", "--store", str(store), str(SEEDS)])
    assert done.returncode == 0, done.stderr
    done = run(["stats", "--store", str(store)])  # writes the graph cache
    assert done.returncode == 0, done.stderr
    _CACHE["store"] = store
    return store


def _run(case: Case, root: Path) -> str:
    """Run ``case`` in a fresh folder under ``root``; what went wrong, or ``""``."""
    w = root / f"case-{CASES.index(case)}"
    w.mkdir()
    try:
        _setup_for(case)(w)
        args = [a.replace("{w}", str(w)) for a in case.args]
        done = run(args, env=case.env, drop_permission_override=case.unprivileged, timeout=120)
    finally:
        _unlock(w)
    out = done.stdout + done.stderr
    if "Traceback" in out or done.returncode not in (0, 1, 2):
        return f"{case.name}: exit {done.returncode}\n{out[-2000:]}"
    stray = [
        line
        for line in done.stderr.splitlines()
        if line.strip() and not line.startswith(("Error: ", "  ", "Warning: ", "Usage: ", "Try "))
    ]
    if stray:
        return f"{case.name}: stderr lines that are not Error: lines: {stray[:3]}"
    return ""


def _unlock(w: Path) -> None:
    for path in (w / "in" / "locked", w / "ro"):
        if path.exists():
            path.chmod(0o755)
    _remove_deep(w)
    shutil.rmtree(w, ignore_errors=True)


@pytest.mark.fuzz
def test_the_cli_never_shows_a_traceback(seed_store: Path, tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=3) as pool:
        problems = [p for p in pool.map(lambda c: _run(c, tmp_path), CASES) if p]
    if problems:
        pytest.fail(f"{len(problems)} of {len(CASES)} cases:\n\n" + "\n\n".join(problems))


@pytest.mark.parametrize(
    ("damage", "line"),
    [
        ("rows", "the stored records of {path} are damaged ("),
        ("tables", "the store is damaged (no such table: paths); ingest into a fresh store"),
    ],
)
def test_a_damaged_store_is_one_error_line(
    seed_store: Path, tmp_path: Path, damage: str, line: str
) -> None:
    _bad_store(damage)(tmp_path)
    store = tmp_path / damage
    question = ["search", "budget"] if damage == "tables" else ["meetings"]
    done = run([*question, "--store", str(store)])
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    first = sorted(SEEDS.glob("*.txt"), key=lambda p: _sha(p))[0]
    assert done.stderr.startswith(f"Error: {store}: " + line.format(path=first))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
