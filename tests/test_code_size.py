"""The extraction engine stays in small pieces: no class over 300 lines and no function over
60 lines in kg/actors, kg/relations and kg/lexicon."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
KG_DIR = REPO / "kg"
PACKAGES = ("actors", "relations", "lexicon")
LIMITS = {ast.ClassDef: 300, ast.FunctionDef: 60, ast.AsyncFunctionDef: 60}


def oversized(path: Path, base: Path = REPO) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        limit = LIMITS.get(type(node))
        if limit is not None:
            size = node.end_lineno - node.lineno + 1
            if size > limit:
                found.append(f"{path.relative_to(base)}:{node.lineno} {node.name} "
                             f"({size} lines > {limit})")
    return found


@pytest.mark.parametrize("package", PACKAGES)
def test_no_oversized_class_or_function(package: str) -> None:
    files = sorted((KG_DIR / package).rglob("*.py"))
    assert files
    assert [line for path in files for line in oversized(path)] == []


def test_the_check_catches_a_long_function(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(61))
    sample = tmp_path / "probe.py"
    sample.write_text(f"def long():\n{body}\n\n\ndef short():\n    pass\n", encoding="utf-8")
    assert oversized(sample, tmp_path) == ["probe.py:1 long (62 lines > 60)"]


def test_actors_and_relations_do_not_import_each_other() -> None:
    for package, other in (("actors", "kg.relations"), ("relations", "kg.actors")):
        for path in (KG_DIR / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                         [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                assert not any(n.startswith(other) for n in names), f"{path} imports {other}"
