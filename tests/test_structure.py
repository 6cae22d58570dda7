"""Size limits of the code: no module over 600 lines, no function over 80.

A module with several jobs, or a function doing several steps, is hard to find one's way in;
these limits are where the style guide says to split. What must stay over for now is listed
in ``ALLOWED`` with the reason; an entry that is no longer over its limit fails too, so the
list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The packages of the project (the Makefile's PACKAGES).
PACKAGES = ("core", "extract", "graph", "store", "queries", "outputs", "casegraph")
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80

#: ``path`` (a module) or ``path:qualified.name`` (a function) -> why it is over its limit.
ALLOWED: dict[str, str] = {}


def _modules() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def _functions(tree: ast.AST, prefix: str = "") -> list[tuple[str, int, int]]:
    """``(qualified name, first line, line count)`` of every function, methods and nested
    functions included; a function's lines run from ``def`` to its last statement."""
    found: list[tuple[str, int, int]] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                assert node.end_lineno is not None
                found.append((name, node.lineno, node.end_lineno - node.lineno + 1))
            found.extend(_functions(node, f"{name}."))
        else:
            found.extend(_functions(node, prefix))
    return found


def _oversized() -> dict[str, str]:
    """Every module and function over its limit, keyed as in ``ALLOWED``, with its size."""
    over: dict[str, str] = {}
    for path in _modules():
        relative = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            over[relative] = f"{lines} lines (limit {MAX_MODULE_LINES})"
        for name, first, count in _functions(ast.parse(text, relative)):
            if count > MAX_FUNCTION_LINES:
                over[f"{relative}:{name}"] = (
                    f"line {first}: {count} lines (limit {MAX_FUNCTION_LINES})"
                )
    return over


def test_the_packages_are_found() -> None:
    # Guards the scan itself: a wrong root would find nothing and pass everything.
    modules = [path.relative_to(ROOT).as_posix() for path in _modules()]
    assert "extract/items.py" in modules and "casegraph/cli.py" in modules
    assert len(modules) > 50


def test_functions_are_measured_by_their_span() -> None:
    source = "class A:\n    def f(self):\n        def g():\n            pass\n        x = 1\n"
    tree = ast.parse(source)
    assert _functions(tree) == [("A.f", 2, 4), ("A.f.g", 3, 2)]


def test_no_module_or_function_over_its_limit() -> None:
    over = {key: size for key, size in _oversized().items() if key not in ALLOWED}
    assert not over, "split these by job (or list them in ALLOWED with the reason):\n" + "\n".join(
        f"  {key}: {size}" for key, size in sorted(over.items())
    )


def test_allowed_entries_are_still_needed() -> None:
    over = _oversized()
    stale = sorted(key for key in ALLOWED if key not in over)
    assert not stale, f"within their limits now, remove them from ALLOWED: {stale}"
