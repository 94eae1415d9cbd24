"""Every package the code imports is declared in pyproject.toml, where its users get it.

The generator may import only the main dependencies (a user's `pip install` brings those
and nothing else); the tests and the benchmarks, the main dependencies and the test extra.
A package that comes along only as another's dependency (jsonschema with
openapi-spec-validator, werkzeug with openapi-core) is declared all the same: the other
package may drop it in any release.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

LOCAL = {"generator", "tests", "bench"}


def declared(*groups: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    lines = list(project["dependencies"])
    for group in groups:
        lines += project["optional-dependencies"][group]
    return {canonicalize_name(Requirement(line).name) for line in lines}


def imported(folder: Path) -> Iterator[tuple[str, Path, int]]:
    """(top-level module, file, line) of every absolute import under `folder`, outside
    hidden folders (the virtual environments the validator test and the benchmark build
    there hold other projects' code)."""
    for path in sorted(folder.rglob("*.py")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                yield name.partition(".")[0], path, node.lineno


def undeclared(folder: str, allowed: set[str]) -> list[str]:
    """Imports under `folder` of installed packages none of whose distributions is
    `allowed`. A module no distribution holds is the standard library, this project, or
    a client a test generated (an uninstalled package fails the test that imports it)."""
    owners = packages_distributions()
    found = []
    for module, path, line in imported(ROOT / folder):
        if module in sys.stdlib_module_names or module in LOCAL or module not in owners:
            continue
        if not {canonicalize_name(owner) for owner in owners[module]} & allowed:
            found.append(f"{path.relative_to(ROOT)}:{line}: {module} ({', '.join(owners[module])})")
    return found


def test_the_generator_imports_only_main_dependencies() -> None:
    assert undeclared("generator", declared()) == []


@pytest.mark.parametrize("folder", ["tests", "bench"])
def test_tests_and_benchmarks_import_only_declared_packages(folder: str) -> None:
    assert undeclared(folder, declared("test")) == []
