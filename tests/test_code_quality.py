"""The generator's own code is typed and clean: mypy --strict and ruff, as configured in
pyproject.toml; the runtime copied into every client too."""

from __future__ import annotations

import ast
import graphlib
import re
import subprocess
import sys

from tests.conftest import ROOT


def test_generator_passes_mypy_strict() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_generator_and_tests_pass_ruff() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "generator", "tests"],
                            cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_runtime_passes_mypy_strict_and_ruff_on_its_own() -> None:
    """Every module of the runtime package (mypy reads the folder as the package)."""
    runtime = ROOT / "templates" / "static" / "_runtime"
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(runtime)], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    ruff = subprocess.run([sys.executable, "-m", "ruff", "check", "--isolated", str(runtime)],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert ruff.returncode == 0, ruff.stdout[-3000:]


def test_runtime_modules_import_each_other_without_a_cycle() -> None:
    """Each module of the runtime imports only the siblings it needs, for type checkers
    too: a cycle would make the import order matter."""
    runtime = ROOT / "templates" / "static" / "_runtime"
    graph: dict[str, set[str]] = {}
    for path in sorted(runtime.glob("*.py")):
        if path.name != "__init__.py":
            graph[path.stem] = {node.module or "" for node in ast.walk(ast.parse(
                path.read_text("utf-8"))) if isinstance(node, ast.ImportFrom) and node.level}
    assert all(deps <= set(graph) for deps in graph.values()), graph
    list(graphlib.TopologicalSorter(graph).static_order())  # CycleError on a cycle


def test_runtime_reexports_every_name_generated_code_uses() -> None:
    """Generated code reaches the runtime only through `rt.NAME` (and UNSET/Unset): every
    such name in the templates, the generator's codec expressions and the golden files
    is re-exported by the package."""
    init = ast.parse((ROOT / "templates" / "static" / "_runtime" / "__init__.py").read_text())
    [exported] = [node.value for node in init.body if isinstance(node, ast.Assign)
                  and [target.id for target in node.targets if isinstance(target, ast.Name)]
                  == ["__all__"]]
    assert isinstance(exported, ast.List)
    names = {element.value for element in exported.elts if isinstance(element, ast.Constant)}
    sources = [*(ROOT / "templates").glob("*.jinja"), *(ROOT / "generator").rglob("*.py"),
               *(ROOT / "generated").rglob("*.py")]
    used = {match for path in sources
            for match in re.findall(r"\brt\.([A-Za-z_]\w*)", path.read_text("utf-8"))}
    assert used and used <= names, sorted(used - names)
    assert {"UNSET", "Unset", "RUNTIME_VERSION"} <= names
