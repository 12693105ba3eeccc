"""Tests and benchmarks use only what the repository holds.

Walks the Python code under tests/ and bench/ (and the notebook the suite runs) and fails
on any path that leads out of the repository: a string going up ("../x", ".."), an
absolute path into the machine's work folders, a `ROOT.parent` (or `.parents[...]`) step,
a chain of `.parent` on `__file__` that climbs above the root, or "shared" joined onto a
path. A user's clone has nothing beside it, so such a path either fails there or quietly
shrinks what the test checks.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

WALKED = ("tests", "bench")
_UP = re.compile(r"(^|[/\\])\.\.([/\\]|$)")
_MACHINE = re.compile(r"^/(work|home|root|Users)/")
# Calls whose string arguments are file-system paths ("../../etc/passwd" sent to the API
# as an attack is not a path the test reads).
_PATH_CALLS = {"Path", "PurePath", "open", "join", "chdir", "listdir", "scandir", "glob",
               "rglob", "copytree", "rmtree", "exists", "isdir", "isfile"}


def _parent_chain(node: ast.AST) -> tuple[int, ast.AST]:
    """How many `.parent` steps end at `node`, and what they start from."""
    steps = 0
    while isinstance(node, ast.Attribute) and node.attr == "parent":
        steps += 1
        node = node.value
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr in ("resolve", "absolute"):
        node = node.func.value
    return steps, node


def _is_file_path(node: ast.AST) -> bool:
    """`Path(__file__)` (or `pathlib.Path(__file__)`)."""
    return (isinstance(node, ast.Call) and len(node.args) == 1
            and isinstance(node.args[0], ast.Name) and node.args[0].id == "__file__")


def _path_strings(tree: ast.AST) -> list[ast.Constant]:
    """String constants used as paths: arguments of path calls, operands of `/`."""
    strings: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in _PATH_CALLS:
                strings += [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            strings += [node.left, node.right]
    return [s for s in strings if isinstance(s, ast.Constant) and isinstance(s.value, str)]


def outside_paths(source: str, depth: int) -> list[str]:
    """What in `source` (a module `depth` folders below the root) leads out of the root."""
    tree = ast.parse(source)
    found = [f"line {s.lineno}: path {s.value!r}" for s in _path_strings(tree)
             if _UP.search(s.value)]
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _MACHINE.match(node.value):
                found.append(f"line {line}: machine path {node.value!r}")
        elif isinstance(node, ast.Attribute) and node.attr in ("parent", "parents"):
            steps, start = _parent_chain(node.value if node.attr == "parents" else node)
            if isinstance(start, ast.Name) and start.id == "ROOT":
                found.append(f"line {line}: ROOT.{node.attr} leaves the repository")
            elif _is_file_path(start) and steps > depth + 1:
                found.append(f"line {line}: {steps} x .parent from {depth + 1} folders deep")
        elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
              and isinstance(node.right, ast.Constant) and node.right.value == "shared"):
            found.append(f"line {line}: / 'shared'")
    return found


def _modules() -> list[Path]:
    return sorted(p for folder in WALKED for p in (ROOT / folder).rglob("*.py")
                  if ".venv" not in p.parts)


@pytest.mark.parametrize("module", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_path_leads_outside_the_repository(module: Path) -> None:
    if module == Path(__file__).resolve():
        return  # its examples below are the paths it looks for
    depth = len(module.relative_to(ROOT).parts) - 1
    assert outside_paths(module.read_text(encoding="utf-8"), depth) == []


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_notebook_paths_stay_inside(notebook: Path) -> None:
    """The walkthrough notebook runs in the test suite: its code cells are walked too."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert code and outside_paths(code, depth=1) == []


def test_walk_covers_tests_and_bench() -> None:
    names = {str(p.relative_to(ROOT)) for p in _modules()}
    assert {"tests/conftest.py", "tests/test_api.py", "bench/common.py"} <= names


@pytest.mark.parametrize("code", [
    'DEV = ROOT.parent / "' 'shared" / "eval" / "dev"',
    'DEV = Path(__file__).resolve().parent.parent.parent / "eval"',
    'DEV = Path("../' 'shared/eval/dev")',  # split: a repository grep for it finds no reader
    'DEV = os.path.join(HERE, "..", "..", "data")',
    'DEV = Path("/work/shared/eval")',
    'DEV = ROOT.parents[1]',
    'DEV = BASE / "shared"',
])
def test_the_walk_finds_paths_outside(code: str) -> None:
    assert outside_paths(code, depth=1), code


@pytest.mark.parametrize("code", [
    'ROOT = Path(__file__).resolve().parent.parent',
    'SEED = ROOT / "seeds" / "putin-beijing-nato.txt"',
    'URL = "http://127.0.0.1:8000/docs"',
    'shared = tmp_path / "api-store"',
    'client.get("/export", params={"doc": "../../../etc/passwd"})',
])
def test_the_walk_accepts_paths_inside(code: str) -> None:
    assert outside_paths(code, depth=1) == [], code
